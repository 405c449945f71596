#!/bin/sh
# The demo's campaign part-way through: parc campaign progress shows one
# manager who approved everything seconds apart (the rubber-stamp
# signals), one who decided some with care, reviewers behind; the history
# verifies; and the console's o shows the same owner's view.
set -u
export HOME="$TMPDIR" LANG=C.UTF-8 LC_ALL=C.UTF-8 TZ=UTC TERM=xterm-256color
unset NO_COLOR PARC_CONFIG XDG_DATA_HOME XDG_CONFIG_HOME LINES COLUMNS
export PARC_DB=$TMPDIR/demo.db
PY=/usr/bin/python3
fails=0
fail() {
	echo "FAIL: $*"
	fails=$((fails + 1))
}

"$PARC" demo --no-console --dir "$TMPDIR/demo" >demo.txt 2>&1 ||
	{ echo "demo failed: $(cat demo.txt)"; exit 1; }
"$PARC" campaign progress demo --json >p.json || fail "progress --json"
$PY - p.json <<'PY' || fail "the demo's progress: $(cat p.json)"
import json, sys
d = json.load(open(sys.argv[1]))
rs = [r for r in d["reviewers"] if r["reviewer"] is not None]
stamp = [r for r in rs if r["signals"] == ["fast-approvals",
         "flagged-approved", "approved-everything"]]
assert len(stamp) == 1, rs
s = stamp[0]
assert s["pending"] == 0 and s["decided"] == s["items"] >= 5, s
assert s["median_seconds"] == 3 and s["fast_runs"] == 1, s
careful = [r for r in rs if r["decided"] > 0 and not r["signals"]]
assert len(careful) == 1, rs
c = careful[0]
assert c["pending"] > 0 and c["median_seconds"] >= 300, c
behind = [r for r in rs if r["decided"] == 0 and r["pending"] > 0]
assert behind, rs
assert 0 < d["decided"] < d["items"], d
assert d["burndown"][0]["pending"] == d["items"], d["burndown"]
assert d["burndown"][-1]["pending"] == d["pending"], d["burndown"]
PY
"$PARC" verify >verify.txt || fail "verify: $(cat verify.txt)"

if command -v tmux >/dev/null; then
	sock=parc-dp-$$
	tm() { tmux -L "$sock" "$@"; }
	trap 'tmux -L "$sock" kill-server 2>/dev/null || true' EXIT
	shot() { tm capture-pane -p -t dp; }
	wait_for() {
		i=0
		while [ $i -lt 100 ]; do
			shot | grep -qF -- "$1" && return 0
			sleep 0.1
			i=$((i + 1))
		done
		fail "timed out waiting for: $1"
		shot
		return 1
	}
	tm new-session -d -s dp -x 80 -y 24 "'$PARC' review; sleep 600"
	wait_for "pending"
	tm send-keys -t dp c
	wait_for "demo"
	tm send-keys -t dp o
	wait_for "Progress of demo"
	wait_for "fast+flagged+all"
	wait_for "reviewers by most pending"
	tm send-keys -t dp s
	wait_for "reviewers by most overdue"
	tm send-keys -t dp Q
fi

[ "$fails" -eq 0 ] || exit 1
echo "ok"
