#!/bin/sh
# 71-outputs.sh - every machine-readable output of parc, byte for byte, on
# the demo organisation with the wall clock stopped (lib/fixed_time.c):
# inventory, findings, sources, campaign list/show/item/create, exceptions
# and verify as JSON (and CSV where they have it), the reports in JSON, CSV
# and text, and the SIEM export as JSON lines and CEF. The expected files
# are in tests/data/outputs/. The shim also names the user running parc
# "auditor", so the actors and the audit chain's hashes are the same for
# everyone; only the sync durations are replaced by N.
#
# PARC_OUTPUTS_SAVE=DIR writes the outputs to DIR instead of comparing
# (to record them after a deliberate change; review the diff).

set -eu

export HOME=$TMPDIR LANG=C.UTF-8 LC_ALL=C.UTF-8 TZ=UTC
unset PARC_DB PARC_CONFIG XDG_DATA_HOME XDG_CONFIG_HOME || true
fail() {
	echo "FAIL: $*"
	exit 1
}

cc=${CC:-cc}
command -v "$cc" >/dev/null || { echo "no C compiler for the clock shim"; exit 77; }
py=/usr/bin/python3
[ -x $py ] || py=python3
command -v $py >/dev/null || { echo "python3 is not installed"; exit 77; }
"$cc" -shared -fPIC -o fixed_time.so "$SRCDIR/tests/integ/lib/fixed_time.c" -ldl ||
    fail "cannot build the clock shim"

# 2026-12-01T12:00:00Z; each step one minute later
t=1796126400
P() {
	LD_PRELOAD=$TMPDIR/fixed_time.so PARC_FIXED_TIME=$t \
	    PARC_FIXED_LOGIN=auditor "$PARC" "$@"
}
tick() { t=$((t + 60)); }

out=$TMPDIR/out
mkdir -p "$out"
# the demo as of the day its dates were written for, as the outputs were
# recorded (its dates otherwise follow the clock: parc demo --as-of)
P demo --no-console --people 120 --as-of 2026-12-06 --dir "$TMPDIR/demo" \
    >/dev/null ||
    fail "parc demo"
export PARC_DB=$TMPDIR/demo/demo.db
me=auditor

# The demo campaign: one of each decision, then closed, and a second one
# over the same grants so that an item has earlier decisions.
reviewer() {
	P campaign item "$1" --json | $py -c \
	    'import json,sys; print(json.load(sys.stdin)["item"]["reviewer"])'
}
tick
P decide 1 approve --as "$(reviewer 1)" --comment "vaulted, checked" >/dev/null
tick
P decide 2 revoke --as "$(reviewer 2)" --comment "left the team" >/dev/null
tick
P decide 3 exception --as "$(reviewer 3)" --until 2027-06-01 \
    --comment "DR runbook; PAM checkout only" >/dev/null
tick
P decide 4 delegate --as "$(reviewer 4)" --to "$me" >/dev/null
tick
P decide 4 approve --comment "still on call" >/dev/null
tick
P campaign close demo --force --default keep >/dev/null
tick
P campaign create next --due 2027-03-01 --json >"$out/campaign-create.json"
tick
# the second item of the new campaign (ids follow the demo's: its size)
n=$(P campaign show next --json | $py -c 'import json,sys
print(sorted(i["id"] for i in json.load(sys.stdin)["items"])[1])')
P decide "$n" revoke --as "$(reviewer "$n")" --comment "not needed" >/dev/null

tick
P inventory --json >"$out/inventory.json"
P inventory --csv >"$out/inventory.csv"
P inventory --all --source corp --json >"$out/inventory-all-corp.json"
P inventory --uncorrelated --csv >"$out/inventory-uncorrelated.csv"
P inventory >"$out/inventory.txt"
P findings --json >"$out/findings.json"
P findings --csv >"$out/findings.csv"
P findings --severity high --kind dormant --json >"$out/findings-dormant.json"
P findings >"$out/findings.txt"
P sources --json >"$out/sources.json"
P campaign list --json >"$out/campaign-list.json"
P campaign show demo --json >"$out/campaign-show.json"
P campaign show next --pending --json >"$out/campaign-show-pending.json"
P campaign show demo --reviewer nobody-here --json >"$out/campaign-show-none.json"
P campaign show demo >"$out/campaign-show.txt"
P campaign item 3 --json >"$out/campaign-item-3.json"
P campaign item 4 --json >"$out/campaign-item-4.json"
n=$(P campaign show next --json | $py -c 'import json,sys
d=json.load(sys.stdin)
print([i["id"] for i in d["items"] if i["account"] == "'"$(P campaign item 3 --json | $py -c 'import json,sys; print(json.load(sys.stdin)["item"]["account"])')"'"][0])')
P campaign item "$n" --json >"$out/campaign-item-earlier.json"
P campaign item "$n" >"$out/campaign-item-earlier.txt"
P exceptions --json >"$out/exceptions.json"
P exceptions >"$out/exceptions.txt"
P verify --json >"$out/verify.json"
for r in inventory dormant shared exceptions; do
	for f in json csv txt; do
		P report $r -f $f >"$out/report-$r.$f"
	done
done
for f in json csv txt; do
	P report evidence demo -f $f >"$out/report-evidence.$f"
done
P report remediation demo -f csv >"$out/report-remediation.csv"
P export siem >"$out/siem.jsonl"
P export siem -f cef >"$out/siem.cef"
P export siem --since 2026-12-01T12:05:00Z >"$out/siem-since.jsonl"
# an empty database: the empty forms
PARC_DB=$TMPDIR/empty.db P init >/dev/null
for c in inventory findings exceptions; do
	PARC_DB=$TMPDIR/empty.db P $c --json >"$out/empty-$c.json"
done
PARC_DB=$TMPDIR/empty.db P inventory --csv >"$out/empty-inventory.csv"
PARC_DB=$TMPDIR/empty.db P campaign list --json >"$out/empty-campaign-list.json"

# how long a sync took is the one figure the clock does not fix
sed -i 's/"duration_ms": [0-9]*/"duration_ms": N/' "$out/sources.json"

if [ -n "${PARC_OUTPUTS_SAVE:-}" ]; then
	mkdir -p "$PARC_OUTPUTS_SAVE"
	cp "$out"/* "$PARC_OUTPUTS_SAVE"/
	echo "saved $(ls "$out" | wc -l) outputs in $PARC_OUTPUTS_SAVE"
	exit 0
fi
want=$PARC_TEST_DATA/outputs
bad=0
for f in "$want"/*; do
	n=${f##*/}
	[ -e "$out/$n" ] || { echo "missing output $n"; bad=1; continue; }
	cmp -s "$f" "$out/$n" || { echo "differs: $n"; diff -u "$f" "$out/$n" | head -20; bad=1; }
done
for f in "$out"/*; do
	[ -e "$want/${f##*/}" ] || { echo "no expected file for ${f##*/}"; bad=1; }
done
[ $bad -eq 0 ] || fail "outputs differ from tests/data/outputs"
echo "$(ls "$out" | wc -l) outputs as expected"
