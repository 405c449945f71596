#!/bin/sh
# 64-console-review.sh - issue 17's reviewer's console, through tmux on the
# demo organisation, at 80x24 and 120x40:
#  (6) Enter on a finding of an account (not of a grant) opens the review
#      items that hold it;
#  (7) the title says whose queue is shown, "all items" after m, with a
#      reviewer column;
#  (8) the status line never calls a login without a role "reviewer";
#  (9) a on an item's detail asks why, also on a detail reached with j;
#  and: j/k step items from the detail, a blank justification is asked
#  for again, Ctrl-C cancels a prompt and not the console, an exception's
#  date is checked before its justification, Tab completes the delegate's
#  login, a long confirmation keeps its (y/n), help lists each key once,
#  the footer counts what a filter shows, s sorts by tier, severity and
#  last use, and the items approved unchanged in the campaign before are
#  marked '=' and decided together (A, then a).

set -eu

command -v tmux >/dev/null || { echo "tmux is not installed"; exit 77; }
command -v sqlite3 >/dev/null || { echo "sqlite3 is not installed"; exit 77; }

me=$(id -un)
export HOME=$TMPDIR LANG=C.UTF-8 LC_ALL=C.UTF-8 TZ=UTC TERM=xterm-256color
unset NO_COLOR PARC_CONFIG XDG_DATA_HOME XDG_CONFIG_HOME LINES COLUMNS ||
	true
db=$TMPDIR/demo.db
export PARC_DB=$db
"$PARC" demo --no-console --dir "$TMPDIR/demo" >/dev/null
# the demo campaign is due 30 days after the day it was made
due=$(sqlite3 "$db" "SELECT due FROM campaign WHERE name = 'demo'")
case $due in
[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]) ;;
*) echo "FAIL: the demo campaign's due date: '$due'"; exit 1 ;;
esac

sock=parc-review-$$
tm() { tmux -L "$sock" "$@"; }
trap 'tmux -L "$sock" kill-server 2>/dev/null || true' EXIT
s=r
shot() { tm capture-pane -p -t "$s"; }

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

# The screen must not show text $1 (after what was waited for).
absent() {
	if shot | grep -qF -- "$1"; then
		echo "the screen shows: $1"
		shot
		exit 1
	fi
}

# Start the console as session $1 of $2 x $3 with arguments $4.
start() {
	s=$1
	tm new-session -d -s "$1" -x "$2" -y "$3" \
	    "'$PARC' review $4; echo \"console exited: \$?\"; sleep 600"
}

# ---- as an admin, in the demo campaign, 80x24 ----
start admin 80 24 "--campaign demo"
wait_for "demo - due $due - my queue - by person"
wait_for "| $me (admin)"
absent "Reviewer"

# (7) m: every item, said in the title, with who reviews each.
tm send-keys -t admin m
wait_for "demo - due $due - all items - by person"
wait_for "Reviewer"
wait_for "lwasowski"
tm send-keys -t admin m
wait_for "demo - due $due - my queue - by person"

# (6) The shared-account finding of svc-sql is on the account, not on a
# grant: Enter lists the two items of its grants that hold it.
tm send-keys -t admin F
wait_for "Findings - most severe first"
tm send-keys -t admin / "svc-sql is not tied" Enter
wait_for "1 shown"
tm send-keys -t admin Enter
wait_for "Items holding shared on svc-sql (corp)"
wait_for "2 items, 2 pending"
absent "no review item"
tm send-keys -t admin Enter
wait_for "Item "
wait_for "Item "
wait_for "svc-sql is not tied to exactly one person"
tm send-keys -t admin q q q
wait_for "demo - due $due - my queue"

# Help lists each key once.
tm send-keys -t admin '?'
wait_for "parc review - keys"
absent "Enter, Enter"
wait_for "sort: person, tier, severity, last use, entitlement, id"
tm send-keys -t admin G
wait_for "mark the items approved unchanged last time"
tm send-keys -t admin q

# The footer counts what the filter shows, of the queue's items.
tm send-keys -t admin / svc Enter
wait_for "of 27 shown, 27 pending"
tm send-keys -t admin / Escape
wait_for " 27 items, 27 pending"

# s: by tier, by severity, by last use, then by entitlement.
tm send-keys -t admin s
wait_for "- by tier"
tm send-keys -t admin s
wait_for "- by severity"
tm send-keys -t admin s
wait_for "- by last use"
tm send-keys -t admin s
wait_for "- by entitlement"
tm send-keys -t admin Q
wait_for "console exited: 0"

# ---- as lwasowski (an admin acting for her), 80x24 ----
start lw 80 24 "--as lwasowski --campaign demo"
wait_for "demo - due $due - queue of lwasowski - by person"
wait_for "25 items, 25 pending"

# (9) and j: the first item's detail, j steps to the next item (mutt's
# pager), and a there asks why its findings are approved.
tm send-keys -t lw Enter
wait_for "Why this is privileged"
first=$(shot | head -1)
tm send-keys -t lw j
i=0
while [ "$(shot | head -1)" = "$first" ]; do
	sleep 0.1
	i=$((i + 1))
	[ $i -lt 50 ] || { echo "j on a detail did not step"; shot; exit 1; }
done
wait_for "Why this is privileged"
tm send-keys -t lw k
wait_for "$first"
tm send-keys -t lw j a
wait_for "approve despite"
wait_for "- why:"

# (2) Only blanks: asked again. Ctrl-C: the prompt goes, the console stays.
tm send-keys -t lw "   " Enter
wait_for "blanks are no justification - approve despite"
tm send-keys -t lw C-c
wait_for "cancelled: nothing recorded"
absent "console exited"
tm send-keys -t lw q
wait_for "queue of lwasowski"

# An exception's date is checked before its justification is asked.
tm send-keys -t lw e 2020-01-01 Enter
wait_for "not a day after today: 2020-01-01 - exception until (YYYY-MM-DD):"
tm send-keys -t lw 2099-02-30 Enter
wait_for "not a day after today: 2099-02-30"
tm send-keys -t lw 2099-01-31 Enter
wait_for "exception - justification:"
tm send-keys -t lw Escape
wait_for "cancelled: nothing recorded"

# Tab completes the delegate's login.
tm send-keys -t lw d kschr Tab
wait_for "delegate to (login or name, Tab completes): kschroder"
tm send-keys -t lw Escape
wait_for "cancelled: nothing recorded"

# Four flagged items marked: the confirmation names their flags and,
# longer than the line, still shows its (y/n).
tm send-keys -t lw g Space Space Space Space r
wait_for "4 marked"
wait_for "revoke - justification:"
tm send-keys -t lw "bulk check" Enter
wait_for "flagged among them:"
wait_for "(y/n)"
tm send-keys -t lw n
wait_for "cancelled: nothing recorded"
tm send-keys -t lw Q
wait_for "console exited: 0"
# (the demo's campaign comes with others' planted decisions, none hers)
n=$(sqlite3 "$db" "SELECT count(*) FROM decision WHERE decided_by =
    'lwasowski'")
[ "$n" = 0 ] || { echo "decisions recorded by cancelled prompts: $n"; exit 1; }

# ---- the campaign after: what was approved unchanged, 120x40 ----
for id in $(sqlite3 "$db" "SELECT id FROM review_item WHERE
    reviewer = 'lwasowski' AND findings = '[]' ORDER BY id"); do
	"$PARC" decide "$id" approve --as lwasowski >/dev/null
done
# (the demo's managers hold what their people hold: --allow-conflicts
# keeps lwasowski on his people's items, as the demo's own campaign does)
"$PARC" campaign create demo-next --due 2099-01-31 --allow-conflicts >/dev/null
start next 120 40 "--as lwasowski --campaign demo-next"
wait_for "demo-next - due 2099-01-31 - queue of lwasowski"
wait_for "Account"
wait_for "Source"
n=$(shot | grep -c "^ =" || true)
[ "$n" = 3 ] || { echo "items marked '=': $n, expected 3"; shot; exit 1; }
tm send-keys -t next A
wait_for "3 marked: approved unchanged last time"
tm send-keys -t next a
wait_for "approve 3 marked items? (y/n)"
tm send-keys -t next y
wait_for "approve: 3 items recorded"
tm send-keys -t next Q
wait_for "console exited: 0"
n=$(sqlite3 "$db" "SELECT count(*) FROM review_item r JOIN campaign c
    ON c.id = r.campaign_id WHERE c.name = 'demo-next'
    AND r.decision = 'approve'")
[ "$n" = 3 ] || { echo "demo-next approvals: $n"; exit 1; }

# ---- (8) a login without a role: never called "reviewer" ----
sqlite3 "$db" "DELETE FROM role WHERE login = '$me'"
start norole 80 24 "--campaign demo"
wait_for "| $me (no role)"
absent "(reviewer)"
# ... and reads neither the inventory, the findings nor the sources, as
# on the command line (issue 17, 8)
tm send-keys -t norole I
wait_for "reading the inventory is for admins"
tm send-keys -t norole F
wait_for "reading the findings is for admins"
tm send-keys -t norole S
wait_for "reading the list of sources is for admins"
tm send-keys -t norole Q
wait_for "console exited: 0"

echo "console review: findings to items, whose queue, roles, detail steps, prompts, sorts, '=' marks as expected"
