#!/bin/sh
# Findings, campaigns, decisions, roles and the audit chain, end to end with
# the real binary over real files: an HR export and the AD LDIF export of
# tests/data. What a reviewer and an auditor see, the refusals and their
# exit codes, and parc verify catching an edit made with the sqlite3 shell.
set -u
export HOME="$TMPDIR/home" LC_ALL=C.UTF-8
unset XDG_DATA_HOME XDG_CONFIG_HOME PARC_DB PARC_CONFIG
mkdir -p "$HOME"
EXPECT_EITHER=1
. "$SRCDIR/tests/integ/lib/expect.subr"

. "$SRCDIR/tests/integ/lib/corp_hr.subr"
me=$(id -un)
due=$(date -u -d '+30 days' +%F)

# --- init makes its caller the first admin; sync computes findings ---
expect 0 "" -- $PARC init
grep -qx "$me is the first admin (parc role grant LOGIN ROLE for the others)" \
	out.txt || fail "init said $(cat out.txt)"
expect 0 "" -- $PARC init
[ -s out.txt ] && grep -q "first admin" out.txt && fail "second init: admin again"
expect 0 "" -- $PARC sync --quiet

expect 0 "" -- $PARC findings --json
python3 - out.txt <<'PY' || fail "findings --json"
import json, sys
rows = json.load(open(sys.argv[1]))
keys = {"kind", "severity", "source", "host", "account", "person",
        "entitlement", "evidence", "techniques"}
assert rows, "no findings"
for r in rows:
    assert keys <= set(r), r
    assert isinstance(r["techniques"], list), r
    assert r["severity"] in ("low", "medium", "high", "critical"), r
def has(kind, account, ent=None):
    return any(r["kind"] == kind and r["account"] == account and
               (ent is None or r["entitlement"] == ent) for r in rows)
assert has("dormant", "bob", "Domain Admins"), "bob dormant"
assert has("orphan", "carol", "Domain Admins"), "carol orphan"
assert has("disabled-account", "erin", "Domain Admins"), "erin disabled"
assert has("shared-account", "Administrator"), "Administrator shared"
assert has("service-interactive", "svc_sql"), "svc_sql SPN"
assert not any(r["kind"] == "dormant" and r["account"] == "alice"
               for r in rows), "alice used it yesterday"
orphan = [r for r in rows if r["kind"] == "orphan"][0]
assert orphan["person"] == "Carol C", orphan
assert "T1078" in orphan["techniques"], orphan
PY
expect 0 "" -- $PARC findings --kind orphan --csv
head -1 out.txt | grep -q '^id,kind,severity,source,source_kind,host,account,person' ||
	fail "findings --csv header: $(head -1 out.txt)"
[ "$(grep -c ',orphan,' out.txt)" -ge 2 ] || fail "findings --csv rows"
expect 2 "unknown finding kind 'bogus'" -- $PARC findings --kind bogus
# one name per kind: the console's label names it too (issue 17, 10)
expect 0 "" -- $PARC findings --kind orphan --json
cp out.txt orphan-by-name.json
expect 0 "" -- $PARC findings --kind ORPHAN --json
cmp -s out.txt orphan-by-name.json || fail "findings --kind ORPHAN"
expect 0 "" -- $PARC findings --kinds
grep -q "^credential-overlap .*(shown as 'overlap')\$" out.txt ||
	fail "findings --kinds does not give the console's label"
expect 0 "" -- $PARC findings --kind overlap
grep -q "^[0-9]* findings*\$" out.txt || fail "findings --kind overlap"
expect 0 "" -- $PARC findings --source corp --severity critical
grep -q '^critical ' out.txt || fail "findings --severity critical"
grep -q '^high ' out.txt && fail "findings --severity critical shows high"
grep -q "out of date" err.txt && fail "findings out of date after a sync"

# --- a sync killed between its snapshot and the findings (as it commits
# them: the mark set, the recompute never run) says so, until a sync ---
sqlite3 "$TMPDIR/parc.db" "UPDATE meta SET value = '1'
    WHERE key = 'findings_stale'"
expect 0 "these findings are out of date" -- $PARC findings --kind orphan
expect 0 "" -- $PARC report dormant
grep -q "Up to date.*no: a sync committed a snapshot and stopped" out.txt ||
	fail "report dormant does not say its findings are out of date"
expect 0 "" -- $PARC sync --quiet
expect 0 "" -- $PARC report dormant
grep -q "Up to date.*yes" out.txt ||
	fail "report dormant: $(grep -i 'up to date' out.txt)"
expect 0 "" -- $PARC findings --kind orphan
grep -q "out of date" err.txt && fail "findings still out of date"

# --- campaigns ---
expect 2 "create needs --due DATE" -- $PARC campaign create q1
expect 2 "unknown key 'colour'" -- \
	$PARC campaign create q1 --due "$due" --scope colour=red
expect 2 "the due date 2020-01-01 is in the past" -- \
	$PARC campaign create q1 --due 2020-01-01
# a scope naming nothing opens nothing, and says what exists (issue 17, 5)
expect 6 "scope term source=nope: no source matches (there are: corp, hr)" \
	-- $PARC campaign create q1 --due "$due" --scope source=nope
expect 6 "scope term entitlement=nothing*: no entitlement matches (there are: " \
	-- $PARC campaign create q1 --due "$due" --scope "entitlement=nothing*"
expect 6 "no privileged grant is in the scope 'source=hr': campaign 'q1' not opened" \
	-- $PARC campaign create q1 --due "$due" --scope source=hr
expect 0 "" -- $PARC campaign list --json
[ "$(cat out.txt)" = "[]" ] || fail "a refused scope left a campaign: $(cat out.txt)"
# bob, the manager here, is a Domain Admin himself: --allow-conflicts keeps
# him on his people's items (53-progress.sh and test_conflict test the
# conflict rules)
expect 0 "" -- $PARC campaign create q1 --due "$due" \
	--scope "source=corp entitlement=domain*admins" --fallback ivy \
	--allow-conflicts
grep -q "^campaign q1 opened: [1-9][0-9]* items to review, due $due\$" out.txt ||
	fail "create said $(cat out.txt)"
expect 2 "a campaign called 'q1' exists already" -- \
	$PARC campaign create q1 --due "$due"
expect 0 "" -- $PARC campaign show q1 --json
cp out.txt q1.json
python3 - q1.json <<'PY' || fail "campaign show --json"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["campaign"]["name"] == "q1" and d["campaign"]["state"] == "open"
items = d["items"]
keys = {"id", "reviewer", "person", "account", "entitlement", "findings",
        "decision", "comment"}
for i in items:
    assert keys <= set(i), i
    assert i["entitlement"] == "Domain Admins", i
    assert i["decision"] == "pending", i
by = {i["account"]: i for i in items}
assert by["bob"]["reviewer"] == "ivy", by["bob"]       # his manager
assert by["carol"]["reviewer"] == "bob", by["carol"]   # her manager
assert by["svc_sql"]["reviewer"] == "ivy", by["svc_sql"]  # the fallback
assert any(f["kind"] == "dormant" for f in by["bob"]["findings"])
for a in ("bob", "carol", "alice", "dave"):
    print(a, by[a]["id"])
PY
python3 -c 'import json,sys
d=json.load(open("q1.json"))
for i in d["items"]: print(i["account"], i["id"])' >ids.txt
id_of() { awk -v a="$1" '$1 == a { print $2 }' ids.txt; }
bob=$(id_of bob) carol=$(id_of carol) alice=$(id_of alice) dave=$(id_of dave)

# --- decisions: the rules and who may ---
# not allowed is exit 5 (parc(1), issue 17)
expect 5 "is assigned to ivy, not $me (act for them with --as)" -- \
	$PARC decide "$bob" approve
expect 2 "approving it needs a justification" -- \
	$PARC decide "$bob" approve --as ivy
expect 0 "" -- $PARC decide "$bob" approve --as ivy \
	--comment "DR runbook owner; logs reviewed"
grep -qx "item $bob: approve" out.txt || fail "decide said $(cat out.txt)"
expect 2 "a revocation needs a justification" -- \
	$PARC decide "$carol" revoke --as bob
expect 2 "contains a control character" -- \
	$PARC decide "$carol" revoke --as bob --comment "$(printf 'gone\033[2J')"
# blanks are no justification (issue 17, 2)
expect 2 "a revocation needs a justification" -- \
	$PARC decide "$carol" revoke --as bob --comment "   "
expect 0 "" -- $PARC decide "$carol" revoke --as bob --comment "left in January"
# a decided item is not delegated: its decision would vanish (issue 17, 3)
expect 2 "is decided already (revoke): undo that decision before delegating" \
	-- $PARC decide "$carol" delegate --to grace --as bob
expect 2 "is decided already (revoke)" -- $PARC decide "$carol" delegate --to grace
expect 2 "needs --until YYYY-MM-DD" -- \
	$PARC decide "$alice" exception --as ivy --comment "vendor"
expect 0 "" -- $PARC decide "$alice" exception --as ivy \
	--comment "vendor migration; PAM session recording" --until "$due"
expect 5 "nothing decided: item $dave" -- \
	$PARC decide --items "$alice,$dave" approve --as ivy --comment x
expect 0 "" -- $PARC decide "$dave" delegate --to grace
expect 5 "is assigned to grace" -- $PARC decide "$dave" approve --as bob
expect 0 "" -- $PARC campaign show q1 --json
# an admin's decision for a reviewer names both, everywhere (issue 17, 1)
python3 - out.txt "$bob" "$carol" "$alice" "$me" <<'PY' || fail "decisions stored"
import json, sys
d = json.load(open(sys.argv[1]))
by = {str(i["id"]): i for i in d["items"]}
b, c, a = by[sys.argv[2]], by[sys.argv[3]], by[sys.argv[4]]
assert b["decision"] == "approve", b
assert b["decided_by"] == "ivy, entered by " + sys.argv[5], b
assert c["decision"] == "revoke" and c["comment"] == "left in January", c
assert a["decision"] == "exception" and a["until"], a
PY
expect 0 "" -- $PARC campaign item "$bob"
grep -q "^  high dormant: bob has not used Domain Admins for" out.txt ||
	fail "campaign item findings: $(cat out.txt)"
grep -q "^decision    approve by ivy, entered by $me at " out.txt ||
	fail "campaign item decider: $(cat out.txt)"
grep -q "approve by ivy, entered by $me: DR runbook owner" out.txt ||
	fail "campaign item history: $(cat out.txt)"
expect 0 "" -- $PARC campaign item "$bob" --json
python3 -c 'import json,sys; d=json.load(open(sys.argv[1]))
assert d["item"]["account"] == "bob" and len(d["history"]) == 1
assert d["history"][0]["acted_by"] == sys.argv[2], d' out.txt "$me" ||
	fail "campaign item --json"
expect 0 "" -- $PARC exceptions --json
python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))
assert len(r)==1 and r[0]["account"]=="alice" and r[0]["owner"]=="ivy, entered by "+sys.argv[2] and r[0]["justification"].startswith("vendor"), r' out.txt "$me" ||
	fail "exceptions register"

# --- roles ---
expect 0 "" -- $PARC role grant ada auditor
expect 2 "unknown role 'boss'" -- $PARC role grant ada boss
expect 2 "$me is the last admin" -- $PARC role revoke "$me" admin
expect 0 "" -- $PARC role list
grep -q "^ada  *auditor  *granted by $me" out.txt || fail "role list: $(cat out.txt)"

# --- one read policy (issue 17, 8): a login with no role reads only its
# own items; inventory, findings, reports and sources need admin or
# auditor. On a copy, where $me gives admin away. ---
cp "$TMPDIR/parc.db" norole.db
rm -f norole.db-wal norole.db-shm
expect 0 "" -- $PARC --db norole.db role grant ada admin
expect 0 "" -- $PARC --db norole.db role revoke "$me" admin
for c in inventory findings sources exceptions "report dormant" \
	"report evidence q1" "export siem"; do
	# shellcheck disable=SC2086
	expect 5 "is for admins and auditors, and $me holds no role" -- \
		$PARC --db norole.db $c
	[ -s out.txt ] && fail "$c printed to a login with no role"
done
expect 5 "reading another reviewer's items is for admins and auditors" -- \
	$PARC --db norole.db campaign show q1 --reviewer ivy
expect 0 "" -- $PARC --db norole.db campaign show q1
grep -qx "no items match" out.txt || fail "campaign show to no role: $(cat out.txt)"
expect 5 "reading an item of another reviewer is for admins and auditors" -- \
	$PARC --db norole.db campaign item "$bob"
expect 5 "--as is for admins" -- $PARC --db norole.db decide "$dave" approve --as grace

# --- closing and tick ---
expect 2 "pending items; close it with --force --default keep|revoke" -- \
	$PARC campaign close q1
expect 0 "" -- $PARC campaign close q1 --force --default keep
grep -q "^campaign q1 closed; [0-9]* pending items* default to keep" out.txt ||
	fail "close said $(cat out.txt)"
expect 2 "campaign 'q1' is closed" -- $PARC decide "$dave" approve --as grace \
	--comment x
expect 0 "" -- $PARC campaign create monthly --due "$due" --every month \
	--scope "kind=ldif tier=0"
# create leaves the console filter's index to later; tick fills it
indexed() {
	sqlite3 parc.db "SELECT count(*) FROM review_item_text WHERE rowid IN
	    (SELECT i.id FROM review_item i JOIN campaign c ON c.id =
	    i.campaign_id WHERE c.name = 'monthly')"
}
monthly_n=$(sqlite3 parc.db "SELECT count(*) FROM review_item i JOIN campaign
    c ON c.id = i.campaign_id WHERE c.name = 'monthly'")
[ "$monthly_n" -gt 0 ] && [ "$(indexed)" = 0 ] ||
	fail "create indexed $(indexed) of $monthly_n items"
expect 0 "" -- $PARC tick
grep -qx "tick: 0 campaigns opened, 0 items newly overdue, 0 expiring exceptions back for review" \
	out.txt || fail "tick said $(cat out.txt)"
grep -qx "tick: the console's filter index filled" out.txt ||
	fail "tick did not fill the index: $(cat out.txt)"
[ "$(indexed)" = "$monthly_n" ] ||
	fail "tick indexed $(indexed) of $monthly_n items"
[ "$(sqlite3 parc.db "SELECT count(*) FROM review_item_text_todo")" = 0 ] ||
	fail "campaigns still to index after tick"
later=$(date -u -d '+40 days' +%F)
expect 0 "" -- $PARC tick --at "$later"
grep -q "^tick: 1 campaign opened, [1-9][0-9]* items newly overdue" out.txt ||
	fail "tick --at said $(cat out.txt)"
# a batch's raised settings left behind (a crash, a busy database) go
# back at the next tick, even one with nothing to index
sqlite3 parc.db "INSERT INTO review_item_text (review_item_text, rank)
    VALUES ('hashsize', 67108864)"
expect 0 "" -- $PARC tick --at "$later"
grep -q "^tick: 0 campaigns opened, 0 items newly overdue" out.txt ||
	fail "second tick opened or marked again: $(cat out.txt)"
grep -q "filter index" out.txt && fail "nothing to index, yet: $(cat out.txt)"
[ "$(sqlite3 parc.db "SELECT v FROM review_item_text_config WHERE
    k = 'hashsize'")" = 1048576 ] || fail "tick left the index's hashsize raised"
expect 0 "" -- $PARC campaign list --json
python3 -c 'import json,sys; r={c["name"]: c for c in json.load(open(sys.argv[1]))}
assert set(r) == {"q1", "monthly", "monthly-2"}, r
assert r["monthly-2"]["series"] == "monthly" and r["monthly-2"]["every"] == "month"
assert r["q1"]["close_default"] == "keep" and r["q1"]["state"] == "closed"' out.txt ||
	fail "campaign list --json"

# --- the audit chain ---
expect 0 "" -- $PARC verify
grep -q "^audit chain intact: [0-9]* events, 4 decisions checked" out.txt ||
	fail "verify said $(cat out.txt)"
cp "$TMPDIR/parc.db" pristine.db
sqlite3 "$TMPDIR/parc.db" "DROP TRIGGER audit_event_no_update;
	UPDATE audit_event SET actor = 'mallory' WHERE id = 5"
expect 1 "audit event 5 was edited or inserted behind parc's back" -- $PARC verify
expect 1 "" -- $PARC verify --json
python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))
assert r["ok"] is False and r["first_bad_event"] == 5, r' out.txt ||
	fail "verify --json"
cp pristine.db "$TMPDIR/parc.db"
rm -f "$TMPDIR/parc.db-wal" "$TMPDIR/parc.db-shm"
sqlite3 "$TMPDIR/parc.db" "UPDATE decision SET comment = 'ok' WHERE item_id = $carol"
expect 1 "was edited behind parc's back: it does not match its audit event" -- \
	$PARC verify

# --- everything the evidence prints is in the chain: rows edited with the
# sqlite3 shell, each named by verify (exit 1) ---
restore() {
	cp pristine.db "$TMPDIR/parc.db"
	rm -f "$TMPDIR/parc.db-wal" "$TMPDIR/parc.db-shm"
}
forge() { sqlite3 "$TMPDIR/parc.db" "$1" || fail "sqlite3: $1"; }
# verify_json TABLE ROW: verify --json names the table and row at fault
verify_json() {
	expect 1 "" -- $PARC verify --json
	python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))
assert r["ok"] is False and r["bad_table"] == sys.argv[2], r
assert r["bad_row"] == sys.argv[3], r' out.txt "$1" "$2" ||
		fail "verify --json for $1 $2: $(cat out.txt)"
}
restore
forge "UPDATE review_item SET entitlement = 'Print Operators' WHERE id = $bob"
expect 1 "was edited behind parc's back: their evidence does not match" -- \
	$PARC verify
restore
forge "UPDATE review_item SET reviewer = 'mallory' WHERE id = $carol"
expect 1 "was edited behind parc's back: their evidence does not match" -- \
	$PARC verify
restore
forge "UPDATE review_item SET decided_by = 'mallory' WHERE id = $carol"
expect 1 "review item $carol was edited behind parc's back: its comment, end date or who decided it" -- \
	$PARC verify
verify_json review_item "$carol"
restore
forge "INSERT INTO role VALUES ('mallory', 'admin', '$me',
	'2026-01-01T00:00:00Z')"
expect 1 "role admin of mallory was granted behind parc's back" -- $PARC verify
verify_json role mallory/admin
restore
forge "DELETE FROM role WHERE login = 'ada'"
expect 1 "role auditor of ada was revoked behind parc's back" -- $PARC verify
restore
pend=$(sqlite3 "$TMPDIR/parc.db" "SELECT min(id) FROM review_item WHERE
	decision = 'pending' AND id NOT IN (SELECT item_id FROM decision)")
forge "DELETE FROM review_item WHERE id = $pend"
expect 1 "review item $pend of campaign 1 (q1) was deleted behind parc's back" \
	-- $PARC verify
verify_json review_item "$pend"
restore
forge "UPDATE campaign SET scope = 'tier=3' WHERE name = 'q1'"
expect 1 "campaign 1 (q1) was edited behind parc's back: its record" -- \
	$PARC verify
verify_json campaign 1
restore
forge "UPDATE campaign SET close_default = 'revoke' WHERE name = 'q1'"
expect 1 "how it was closed does not match" -- $PARC verify
restore
expect 0 "" -- $PARC verify
grep -q "^rows that match their events: 3 campaigns, [0-9]* review items, [0-9]* roles" \
	out.txt || fail "verify said $(cat out.txt)"

# --- parc demo: its caller is admin and a campaign is open ---
unset PARC_CONFIG
expect 0 "" -- $PARC --db "$TMPDIR/demo.db" demo --people 40 --dir "$TMPDIR/demo" \
	--no-console
grep -q "^campaign demo opened: [0-9]* items* to review, due " out.txt ||
	fail "demo said $(cat out.txt)"
expect 0 "" -- $PARC --db "$TMPDIR/demo.db" role list
grep -q "^$me  *admin " out.txt || fail "demo: $me is not admin: $(cat out.txt)"
expect 0 "" -- $PARC --db "$TMPDIR/demo.db" campaign list --json
python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))
assert [c["name"] for c in r] == ["demo"] and r[0]["state"] == "open", r' out.txt ||
	fail "demo campaign"
expect 0 "" -- $PARC --db "$TMPDIR/demo.db" verify

[ $fails -eq 0 ]
