#!/bin/sh
# 60-console.sh - the review console end to end, through tmux, as a manager
# would use it on a Monday morning: open the queue, read a flagged item's
# group path, approve one (with the justification its finding requires),
# revoke one with a justification, filter, mark two and revoke them
# together then undo that, resize to 120x40, 160x40 and back,
# create and close a campaign as an admin, delegate an item, quit; then
# the terminal must be
# given back on SIGTERM and ^C, with colours drawn unless NO_COLOR is set.
# Every screen is compared with the text beside the test in
# tests/data/screens/console-*.txt, and the database must hold exactly the
# two decisions made (and every change in the decision history) and the
# closed campaign.
#
# The data: the demo organisation's people plus a campaign frozen as
# campaign_create writes it (tests/data/screens/review.sql), reviewed by
# the demo's head of IT Operations (lwasowski); the test's login is made
# admin and acts for him with --as, as the console's `parc demo` does.
#
# Set PARC_SCREENS_UPDATE=1 to write the screens anew (then read them).

set -eu

command -v tmux >/dev/null || { echo "tmux is not installed"; exit 77; }
command -v sqlite3 >/dev/null || { echo "sqlite3 is not installed"; exit 77; }

screens=$SRCDIR/tests/data/screens
me=$(id -un)
export HOME=$TMPDIR LANG=C.UTF-8 LC_ALL=C.UTF-8 TZ=UTC TERM=xterm-256color
unset NO_COLOR PARC_CONFIG XDG_DATA_HOME XDG_CONFIG_HOME || true
db=$TMPDIR/review.db
export PARC_DB=$db

"$PARC" demo --no-console --dir "$TMPDIR/demo" >/dev/null
sed "s/'root'/'$me'/g" "$screens/review.sql" | sqlite3 "$db"

sock=parc-test-$$
tm() { tmux -L "$sock" "$@"; }
trap 'tmux -L "$sock" kill-server 2>/dev/null || true' EXIT

# The screen as text, the login of whoever runs the test and the times
# of today's decisions made neutral.
shot() {
	tm capture-pane -p -t review | sed -E \
	    -e "s/\\[$me, admin\\]/[LOGIN, admin]/" \
	    -e "s/\\(acted by $me\\)/(acted by LOGIN)/" \
	    -e "s/entered by $me/entered by LOGIN/" \
	    -e 's/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}Z)?/TIME/g'
}

# Wait (up to 5 s) until the screen shows text $1.
wait_for() {
	i=0
	while [ $i -lt 50 ]; do
		if shot | grep -qF -- "$1"; then
			return 0
		fi
		sleep 0.1
		i=$((i + 1))
	done
	echo "timed out waiting for: $1"
	shot
	return 1
}

# Compare the screen with tests/data/screens/console-$1.txt, giving the
# console up to 5 s to paint it (a loaded machine is slow, not wrong).
check() {
	if [ "${PARC_SCREENS_UPDATE:-}" = 1 ]; then
		sleep 0.5
		shot >"$screens/console-$1.txt"
		return 0
	fi
	i=0
	while [ $i -lt 50 ]; do
		shot >"$TMPDIR/$1.got"
		cmp -s "$screens/console-$1.txt" "$TMPDIR/$1.got" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	diff -u "$screens/console-$1.txt" "$TMPDIR/$1.got"
	echo "screen $1 differs (above: expected, then got)"
	exit 1
}

# tmux gives the size (80x24, then 120x40); LINES and COLUMNS are unset
# so that ncurses follows the resize instead of the environment.
unset LINES COLUMNS || true
tm new-session -d -s review -x 80 -y 24 \
    "PARC_SCREEN_DUMP='$TMPDIR/dump' '$PARC' review --as lwasowski --campaign '2026-Q4 privileged access'; echo \"console exited: \$?\"; sleep 600"

# 1. The queue: flagged items first, José Núñez (orphan, dormant) on top.
wait_for "8 items, 8 pending, 3 flagged"
check 01-queue
# The console's own dump of its screen (tig's way) says the same.
i=0
until sed "s/\\[$me, admin\\]/[LOGIN, admin]/" "$TMPDIR/dump" \
    >"$TMPDIR/dump.txt" && cmp -s "$screens/console-01-queue.txt" \
    "$TMPDIR/dump.txt"; do
	sleep 0.1
	i=$((i + 1))
	if [ $i -ge 50 ]; then
		diff -u "$screens/console-01-queue.txt" "$TMPDIR/dump.txt"
		echo "PARC_SCREEN_DUMP differs from the screen"
		exit 1
	fi
done

# 2. His detail: the group path that makes him an Administrator.
tm send-keys -t review Enter
wait_for "path: jnunez"
check 02-detail

# 3. Back, down to Phạm Minh (no MFA), approve: a finding needs a why.
tm send-keys -t review q j a
wait_for "approve despite no MFA (1) - why:"
tm send-keys -t review "on call for the DCs, MFA enrolment booked"
tm send-keys -t review Enter
wait_for "approve recorded for item 900002"
check 03-approved

# 4. Up to José Núñez and revoke him, with a justification.
tm send-keys -t review k k r
wait_for "revoke - justification:"
tm send-keys -t review "left the company in March 2025"
tm send-keys -t review Enter
wait_for "revoke recorded for item 900001"
check 04-revoked

# 5. Filter as you type: "fern" leaves Javier Fernández.
tm send-keys -t review /
wait_for "filter:"
tm send-keys -t review f e r n
wait_for "filter: fern"
wait_for "Javier Fern"
check 05-filter
tm send-keys -t review Escape
wait_for "8 items, 6 pending"

# 5b. Mark two items (Space), revoke them together: the confirmation says
# how many and which flags are among them; then undo takes both back.
tm send-keys -t review g j j Space Space r
wait_for "revoke - justification:"
tm send-keys -t review "bulk test" Enter
wait_for "revoke 2 marked items; flagged among them: shared (1)? (y/n)"
tm send-keys -t review y
wait_for "revoke: 2 items recorded"
wait_for "8 items, 4 pending"
tm send-keys -t review u
wait_for "undone: 2 items are pending again"
wait_for "8 items, 6 pending"
tm send-keys -t review g
wait_for "? help  a approve"

# 6. Resize to 120x40, to 160x40 (a detail pane), and back to 80x24.
tm resize-window -t review -x 120 -y 40
wait_for "Entitlement          "
check 06-wide
# 150 columns and more: the current item's detail beside the queue.
tm resize-window -t review -x 160 -y 40
wait_for "Why this is privileged"
check 06-split
tm resize-window -t review -x 80 -y 24
check 07-narrow

# 7. As an admin: create a campaign from the campaigns list (C), then
# close it (X). A scope that matches nothing opens nothing (issue 17).
tm send-keys -t review c
wait_for "Campaigns - Enter opens the queue"
tm send-keys -t review C
wait_for "new campaign - name:"
tm send-keys -t review "Console test" Enter
wait_for "due (YYYY-MM-DD):"
tm send-keys -t review "2099-06-30" Enter
wait_for "scope (empty"
tm send-keys -t review "source=nosuch" Enter
wait_for "reviewer (manager"
tm send-keys -t review Enter
wait_for "scope term source=nosuch: no source matches (there are: aws-prod"
tm send-keys -t review C
wait_for "new campaign - name:"
tm send-keys -t review "Console test" Enter
wait_for "due (YYYY-MM-DD):"
tm send-keys -t review "2099-06-30" Enter
wait_for "scope (empty"
tm send-keys -t review "source=aws-prod tier=0" Enter
wait_for "reviewer (manager"
tm send-keys -t review Enter
wait_for "campaign Console test opened: "
# The newest comes first in the list: the cursor goes to it, X closes it,
# keeping its pending items.
tm send-keys -t review g X
wait_for "still to decide: close and (k)eep them"
tm send-keys -t review k
wait_for "pending items recorded as keep"

# 8. Back in the queue, delegate Robert Williams' item to a colleague:
# the console names the person before handing it over; it leaves the queue.
tm send-keys -t review q
wait_for "8 items, 6 pending"
tm send-keys -t review g j j j j j d
wait_for "delegate to (login or name, Tab completes):"
tm send-keys -t review nosuchlogin Enter
wait_for "not delegated: no active person has the login 'nosuchlogin'"
tm send-keys -t review d
wait_for "delegate to (login or name, Tab completes):"
tm send-keys -t review mpham Enter
wait_for "delegate 1 item to Phạm Minh (mpham)? (y/n)"
tm send-keys -t review y
wait_for "delegate - note (Enter: none):"
tm send-keys -t review "on leave until January" Enter
wait_for "delegate recorded for item 900006"
wait_for "7 items, 5 pending"

# 9. Quit: the terminal is given back and the exit status is 0.
tm send-keys -t review q
wait_for "console exited: 0"
rv=$(sqlite3 "$db" "SELECT reviewer || '|' || decision FROM review_item
    WHERE id = 900006")
[ "$rv" = "mpham|pending" ] || { echo "item 900006: '$rv'"; exit 1; }
state=$(sqlite3 "$db" "SELECT state || '|' || due || '|' || coalesce(scope, '')
    FROM campaign WHERE name = 'Console test'")
[ "$state" = "closed|2099-06-30|source=aws-prod tier=0" ] ||
    { echo "campaign Console test: '$state'"; exit 1; }

# The database holds exactly the two decisions, with their reasons.
# (the demo's own campaign has its planted history: items below 900000)
got=$(sqlite3 -separator '|' "$db" "SELECT id, decision, comment, decided_by
    FROM review_item WHERE decision <> 'pending' AND id >= 900000
    ORDER BY id")
want="900001|revoke|left the company in March 2025|lwasowski
900002|approve|on call for the DCs, MFA enrolment booked|lwasowski"
if [ "$got" != "$want" ]; then
	echo "decided items:"
	echo "$got"
	echo "expected:"
	echo "$want"
	exit 1
fi
# Every change is kept: 2 decisions, the bulk revoke of 2 and its undo,
# the delegation.
n=$(sqlite3 "$db" "SELECT group_concat(decision, ',') FROM (SELECT
    decision FROM decision WHERE item_id >= 900000 ORDER BY id)")
[ "$n" = "approve,revoke,revoke,revoke,undo,undo,delegate" ] ||
    { echo "decision rows: $n"; exit 1; }

# 10. The terminal is given back on SIGTERM and on ^C (SIGINT), and in
# between the console drew colours, which NO_COLOR turns off. The shell
# around it ignores ^C, so that the pane stays to be read.
start() {
	rm -f "$TMPDIR/pid"
	tm new-session -d -s "$1" -x 80 -y 24 \
	    "env $2 sh -c 'trap \"\" INT; \"\$0\" review --as lwasowski </dev/tty & \
	     echo \$! >\"$TMPDIR/pid\"; wait \$!; echo \"exited: \$?\"; \
	     sleep 600' '$PARC'"
	i=0
	until tm capture-pane -p -t "$1" | grep -q "items,"; do
		sleep 0.1
		i=$((i + 1))
		[ $i -lt 50 ] || { echo "$1: no console"; exit 1; }
	done
}
alt() { tm display-message -p -t "$1" '#{alternate_on}'; }
sgr_colours() {
	tm capture-pane -p -e -t "$1" | grep -c "$(printf '\033')\\[[0-9;]*3[0-7][;m]" || true
}

start colour "TERM=xterm-256color"
[ "$(alt colour)" = 1 ] || { echo "colour: not on the alternate screen"; exit 1; }
[ "$(sgr_colours colour)" -gt 0 ] || { echo "colour: no colours drawn"; exit 1; }
kill -TERM "$(cat "$TMPDIR/pid")"
i=0
until tm capture-pane -p -t colour | grep -q "exited:"; do
	sleep 0.1
	i=$((i + 1))
	[ $i -lt 50 ] || { echo "SIGTERM: the console did not leave"; exit 1; }
done
[ "$(alt colour)" = 0 ] || { echo "SIGTERM: terminal not restored"; exit 1; }

start mono "NO_COLOR=1"
n=$(sgr_colours mono)
[ "$n" = 0 ] || { echo "NO_COLOR: $n lines with colours"; exit 1; }
tm send-keys -t mono C-c
i=0
until tm capture-pane -p -t mono | grep -q "exited:"; do
	sleep 0.1
	i=$((i + 1))
	[ $i -lt 50 ] || { echo "^C: the console did not leave"; exit 1; }
done
[ "$(alt mono)" = 0 ] || { echo "^C: terminal not restored"; exit 1; }

echo "console: 7 screens, 2 decisions, colours, NO_COLOR, SIGTERM and ^C as expected"
