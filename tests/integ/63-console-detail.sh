#!/bin/sh
# 63-console-detail.sh - deciding from an item's detail page, and the
# console's way between screens, through tmux on 60-console.sh's data
# (tests/data/screens/review.sql on the demo): on the detail of a flagged
# item, approve asks why as it does in the queue; back in the queue its
# counts include the decision; / on a page of text says it filters lists;
# Tab goes round queue, sources, campaigns; X outside the campaigns list
# says where it works; u takes the approval back. The database must hold
# the approval with its reason and the undo.

set -eu

command -v tmux >/dev/null || { echo "tmux is not installed"; exit 77; }
command -v sqlite3 >/dev/null || { echo "sqlite3 is not installed"; exit 77; }

me=$(id -un)
export HOME=$TMPDIR LANG=C.UTF-8 LC_ALL=C.UTF-8 TZ=UTC TERM=xterm-256color
unset NO_COLOR PARC_CONFIG XDG_DATA_HOME XDG_CONFIG_HOME LINES COLUMNS ||
	true
db=$TMPDIR/review.db
export PARC_DB=$db
"$PARC" demo --no-console --dir "$TMPDIR/demo" >/dev/null
sed "s/'root'/'$me'/g" "$SRCDIR/tests/data/screens/review.sql" |
    sqlite3 "$db"

sock=parc-detail-$$
tm() { tmux -L "$sock" "$@"; }
trap 'tmux -L "$sock" kill-server 2>/dev/null || true' EXIT
shot() { tm capture-pane -p -t detail; }

# Wait (up to 5 s) until the screen shows text $1.
wait_for() {
	i=0
	while [ $i -lt 50 ]; do
		shot | grep -qF -- "$1" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	echo "timed out waiting for: $1"
	shot
	exit 1
}

tm new-session -d -s detail -x 80 -y 24 \
    "'$PARC' review --as lwasowski --campaign '2026-Q4 privileged access'; echo \"console exited: \$?\"; sleep 600"
wait_for "8 items, 8 pending, 3 flagged"

# José Núñez's detail: / has nothing to filter on a page of text.
tm send-keys -t detail Enter
wait_for "path: jnunez"
tm send-keys -t detail /
wait_for "/ filters a list"

# Approve from the detail: his findings need a why, as in the queue.
tm send-keys -t detail a
wait_for "approve despite orphan (1), dormant (1) - why:"
tm send-keys -t detail "kept for the March audit, disabled Friday" Enter
wait_for "approve recorded for item 900001 (u undoes)"
wait_for "Decision: approve"

# Back in the queue, its counts have the decision.
tm send-keys -t detail q
wait_for "8 items, 7 pending, 3 flagged"

# Tab: sources, campaigns, and the queue again.
tm send-keys -t detail Tab
wait_for "Sources - last sync of each"
tm send-keys -t detail Tab
wait_for "Campaigns - Enter opens the queue"
tm send-keys -t detail Tab
wait_for "2026-Q4 privileged access - due 2099-12-31 - queue of lwasowski"

# X closes a campaign in the campaigns list only.
tm send-keys -t detail X
wait_for "X closes the campaign under the cursor in the campaigns list (c)"

# u takes the approval back.
tm send-keys -t detail u
wait_for "undone: item 900001 is pending again"
wait_for "8 items, 8 pending, 3 flagged"
tm send-keys -t detail q
wait_for "console exited: 0"

got=$(sqlite3 -separator '|' "$db" "SELECT item_id, decision,
    coalesce(comment, '') FROM decision WHERE item_id >= 900000 ORDER BY id")
want="900001|approve|kept for the March audit, disabled Friday
900001|undo|"
if [ "$got" != "$want" ]; then
	echo "decisions:"
	echo "$got"
	echo "expected:"
	echo "$want"
	exit 1
fi
echo "console detail: approve asks why, counts follow, Tab, X, undo as expected"
