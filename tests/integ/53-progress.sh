#!/bin/sh
# The campaign owner's view and campaigns that close themselves: parc
# campaign progress (text, --sort, --json as parc(1) documents it) after
# some decisions, and parc tick closing a campaign created with
# --auto-close at its due date, recorded and verified.
set -u
export HOME="$TMPDIR/home" LC_ALL=C.UTF-8
unset XDG_DATA_HOME XDG_CONFIG_HOME PARC_DB PARC_CONFIG
mkdir -p "$HOME"
EXPECT_EITHER=1
. "$SRCDIR/tests/integ/lib/expect.subr"
PY=/usr/bin/python3

. "$SRCDIR/tests/integ/lib/corp_hr.subr"
due=$(date -u -d '+10 days' +%F)
after=$(date -u -d '+11 days' +%F)

expect 0 "" -- $PARC init
expect 0 "" -- $PARC sync --quiet
expect 0 "" -- $PARC campaign create q1 --due "$due" --fallback ivy \
	--allow-conflicts

# ivy decides two of hers, bob nothing
ivy_items=$(sqlite3 parc.db "SELECT group_concat(id) FROM (SELECT id FROM
    review_item WHERE reviewer = 'ivy' AND person <> 'Ivy Iam' ORDER BY id
    LIMIT 2)")
expect 0 "" -- $PARC decide --items "$ivy_items" approve --as ivy \
	--comment "checked with the team"
ivy_n=$(sqlite3 parc.db "SELECT count(*) FROM review_item WHERE reviewer = 'ivy'")
bob_n=$(sqlite3 parc.db "SELECT count(*) FROM review_item WHERE reviewer = 'bob'")

expect 0 "" -- $PARC campaign progress q1
head -1 out.txt | grep -q "^campaign q1 (open, due $due): $((ivy_n + bob_n)) items, 2 decided, $((ivy_n + bob_n - 2)) pending, 0 overdue" ||
	fail "progress head: $(head -1 out.txt)"
grep -q "^Bob B (bob) .* $bob_n  *0  *$bob_n  *0 never" out.txt ||
	fail "bob's row: $(cat out.txt)"
grep -q "^Ivy Iam (ivy) .* $ivy_n  *2  *$((ivy_n - 2))  *0 20" out.txt ||
	fail "ivy's row: $(cat out.txt)"
grep -q "^$(date -u +%F)  *$((ivy_n + bob_n - 2)) #" out.txt ||
	fail "burn-down: $(cat out.txt)"
# sorted: most pending first by default, by login with --sort reviewer
first=$(sed -n 4p out.txt | cut -c1-5)
[ "$bob_n" -gt "$((ivy_n - 2))" ] && [ "$first" != "Bob B" ] &&
	fail "default sort: $first first"
expect 0 "" -- $PARC campaign progress q1 --sort reviewer
[ "$(sed -n 4p out.txt | cut -c1-5)" = "Bob B" ] || fail "--sort reviewer"
expect 0 "" -- $PARC campaign progress q1 --sort last
[ "$(sed -n 4p out.txt | cut -c1-5)" = "Bob B" ] || fail "--sort last: never first"
expect 2 "--sort wants pending" -- $PARC campaign progress q1 --sort colour
expect 6 "no campaign called 'nope'" -- $PARC campaign progress nope

expect 0 "" -- $PARC campaign progress q1 --json
$PY - out.txt "$ivy_n" "$bob_n" <<'PY' || fail "progress --json"
import json, sys
d = json.load(open(sys.argv[1]))
ivy_n, bob_n = int(sys.argv[2]), int(sys.argv[3])
assert d["campaign"] == "q1" and d["state"] == "open", d
assert d["items"] == ivy_n + bob_n and d["decided"] == 2, d
rs = {r["reviewer"]: r for r in d["reviewers"]}
for r in d["reviewers"]:
    assert {"reviewer", "items", "decided", "pending", "overdue",
            "last_activity"} <= set(r), r
assert rs["bob"]["pending"] == bob_n and rs["bob"]["last_activity"] is None
assert rs["ivy"]["decided"] == 2 and rs["ivy"]["pending"] == ivy_n - 2
assert rs["ivy"]["last_activity"].endswith("Z")
assert d["burndown"][-1]["pending"] == ivy_n + bob_n - 2, d["burndown"]
PY

# --- bob approves all his items at once: the signals say so, tick records
# them in the audit chain and the SIEM export carries them ---
bob_items=$(sqlite3 parc.db "SELECT group_concat(id) FROM review_item
    WHERE reviewer = 'bob' AND campaign_id = 1")
for i in $(echo "$bob_items" | tr , ' '); do
	expect 0 "" -- $PARC decide "$i" approve --as bob --comment "fine"
done
expect 0 "" -- $PARC campaign progress q1
grep -q "^Bob B (bob) .* $bob_n  *0s  *1  *$bob_n  .* fast-approvals,flagged-approved,approved-everything$" out.txt ||
	fail "bob's signals: $(cat out.txt)"
grep -q "^Ivy Iam (ivy) .* 2  *0s  *0  *2 " out.txt ||
	fail "ivy's signals: $(cat out.txt)"
expect 0 "" -- $PARC tick
grep -q "^tick: 1 change of reviewers' rubber-stamp signals recorded" out.txt ||
	fail "tick: $(cat out.txt)"
expect 0 "" -- $PARC export siem --format jsonl
grep '"action": "review.signal"' out.txt | grep -q '"reviewer": "bob", "signals": \["fast-approvals", "flagged-approved", "approved-everything"\]' ||
	fail "siem: $(grep review.signal out.txt)"
expect 0 "" -- $PARC tick
grep -q "rubber-stamp" out.txt && fail "signals recorded twice"
expect 0 "" -- $PARC report evidence q1 --format json
$PY - out.txt <<'PY' || fail "evidence signals"
import json, sys
d = json.load(open(sys.argv[1]))
sec = [s for s in d["sections"] if s["key"] == "signals"]
assert sec, [s["key"] for s in d["sections"]]
rows = [b["rows"] for b in sec[0]["blocks"] if b["type"] == "table"][0]
bob = [r for r in rows if r["reviewer"] == "bob"][0]
assert bob["signals"] == "fast-approvals,flagged-approved,approved-everything", bob
assert bob["fast_runs"] == "1" and bob["median_seconds"] == "0", bob
ivy = [r for r in rows if r["reviewer"] == "ivy"][0]
assert ivy["signals"] == "" and ivy["decisions"] == "2", ivy
PY

# --- auto-close ---
expect 2 "--auto-close wants keep or revoke" -- \
	$PARC campaign create q2 --due "$due" --auto-close maybe
expect 0 "" -- $PARC campaign create q2 --due "$due" --fallback ivy \
	--auto-close revoke
expect 0 "" -- $PARC campaign create q3 --due "$due" --fallback ivy \
	--auto-close keep
expect 0 "" -- $PARC tick --at "$due"
[ "$(sqlite3 parc.db "SELECT count(*) FROM campaign WHERE state = 'closed'")" -eq 0 ] ||
	fail "closed on the due date itself"
expect 0 "" -- $PARC tick --at "$after"
grep -q "^tick: 2 campaigns closed at the due date" out.txt ||
	fail "tick: $(cat out.txt)"
[ "$(sqlite3 parc.db "SELECT group_concat(name || ':' || state || ':' ||
    coalesce(close_default, '-'), ' ') FROM campaign ORDER BY id")" = \
	"q1:open:- q2:closed:revoke q3:closed:keep" ] ||
	fail "states: $(sqlite3 parc.db 'SELECT name, state, close_default FROM campaign')"
[ "$(sqlite3 parc.db "SELECT count(*) FROM audit_event WHERE action =
    'campaign.close' AND json_extract(detail, '$.auto') = 1")" -eq 2 ] ||
	fail "auto-close not in the audit chain"
expect 0 "" -- $PARC tick --at "$after"
grep -q "closed at the due date" out.txt && fail "closed twice"
expect 0 "" -- $PARC verify
expect 0 "" -- $PARC campaign progress q2
grep -q "^campaign q2 (closed" out.txt || fail "q2 progress: $(head -1 out.txt)"

# --- conflicted reviewers: bob is a Domain Admin himself, so without
# --allow-conflicts his people's Domain Admins go to the fallback, and the
# item says why ---
expect 0 "" -- $PARC campaign create qc --due "$due" --fallback ivy \
	--scope "entitlement=domain*admins"
expect 0 "" -- $PARC campaign show qc --json
$PY - out.txt <<'PY' || fail "conflicts: $(cat out.txt)"
import json, sys
items = json.load(open(sys.argv[1]))["items"]
moved = [i for i in items if i["reassigned_from"] == "bob holds Domain Admins too"]
assert moved and all(i["reviewer"] == "ivy" for i in moved), items
assert not any(i["reviewer"] == "bob" for i in items), items
PY
expect 0 "" -- $PARC verify

# --- two stages: bob approves a Domain Admins (tier 0), ivy decides next;
# the evidence shows both; a revoke in stage 1 stands ---
expect 2 "--stages wants two stages" -- $PARC campaign create qs \
	--due "$due" --stages manager
expect 0 "" -- $PARC campaign create qs --due "$due" --fallback ivy \
	--allow-conflicts --scope "entitlement=domain*admins" \
	--stages manager,ivy
s1=$(sqlite3 parc.db "SELECT id FROM review_item WHERE reviewer = 'bob'
    AND campaign_id = (SELECT id FROM campaign WHERE name = 'qs')
    ORDER BY id LIMIT 1")
s2=$(sqlite3 parc.db "SELECT id FROM review_item WHERE reviewer = 'bob'
    AND campaign_id = (SELECT id FROM campaign WHERE name = 'qs')
    ORDER BY id LIMIT 1 OFFSET 1")
expect 0 "" -- $PARC decide "$s1" approve --as bob --comment "on call"
expect 0 "" -- $PARC decide "$s2" revoke --as bob --comment "moved teams"
[ "$(sqlite3 parc.db "SELECT reviewer || ':' || decision FROM review_item
    WHERE id = $s1")" = "ivy:pending" ] || fail "stage 2 not ivy's"
[ "$(sqlite3 parc.db "SELECT reviewer || ':' || decision FROM review_item
    WHERE id = $s2")" = "bob:revoke" ] || fail "a stage-1 revoke moved"
expect 5 "is assigned to ivy, not bob" -- $PARC decide "$s1" revoke --as bob \
	--comment x
expect 0 "" -- $PARC decide "$s1" approve --as ivy --comment "confirmed"
expect 0 "" -- $PARC report evidence qs --format txt
grep -q "stage 1: approved by bob at .*: on call" out.txt ||
	fail "evidence lacks stage 1: $(grep -n stage out.txt)"
expect 0 "" -- $PARC verify

[ "$fails" -eq 0 ] || exit 1
echo "ok"
