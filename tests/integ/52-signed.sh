#!/bin/sh
# Forgeries against a signed audit chain, each made with the sqlite3 shell
# (and Python's sqlite3 for the rehash) as someone who can write the
# database would, each caught three ways and named by table and row:
# parc verify (the signing key), parc verify --pubkey on a copy of the
# database (an auditor with the public key alone), and parc verify
# --against a SIEM export and an evidence report taken before the forgery.
# Last, root rewriting the past and signing it again with the key: only
# --against catches it.
set -u
. "$SRCDIR/tests/integ/lib/expect.subr"
export HOME="$TMPDIR/home" LC_ALL=C.UTF-8
unset XDG_DATA_HOME XDG_CONFIG_HOME PARC_DB PARC_CONFIG
mkdir -p "$HOME" audit
PY=/usr/bin/python3

cat >hr.csv <<'CSV'
employee_id,display_name,email,login,manager_id,department,status,end_date
E9000,Ivy Iam,ivy@corp.example,ivy,,IAM,active,
E1001,Alice A,alice@corp.example,alice,E9000,IT,active,
E1002,Bob B,bob@corp.example,bob,E9000,IT,active,
E1003,Carol C,carol@corp.example,carol,E1002,IT,terminated,2026-01-31
E1004,Dave D,dave@corp.example,dave,E1002,IT,active,
CSV
# the AD export with its dates moved to today (lib/fixtures.subr)
. "$SRCDIR/tests/integ/lib/fixtures.subr"
corp_ldif "$TMPDIR/corp.ldif"
cat >parc.conf <<CONF
[parc]
database = $TMPDIR/parc.db
signing_key = $TMPDIR/signing.key
tier0_max_holders = 20

[source hr]
kind = people
path = hr.csv

[source corp]
kind = ldif
path = $TMPDIR/corp.ldif
CONF
export PARC_CONFIG=$TMPDIR/parc.conf
due=$(date -u -d '+30 days' +%F)
db=$TMPDIR/parc.db

expect 0 "" -- $PARC init --new-key
grep -q "^fingerprint SHA256:[0-9a-f]\{64\}$" out.txt ||
	fail "init --new-key said $(cat out.txt)"
fpr=$(sed -n 's/^fingerprint //p' out.txt)
[ "$(stat -c %a signing.key)" = 600 ] || fail "key mode $(stat -c %a signing.key)"
expect 2 "exists already" -- $PARC init --new-key
expect 0 "" -- $PARC sync --quiet
expect 0 "" -- $PARC role grant ada auditor
expect 0 "" -- $PARC campaign create q1 --due "$due" \
	--scope "source=corp entitlement=domain*admins" --fallback ivy
ids=$(sqlite3 "$db" "SELECT id, reviewer FROM review_item ORDER BY id")
set -- $(echo "$ids" | tr '|' ' ')
i1=$1 r1=$2 i2=$3 r2=$4 i3=$5 r3=$6
expect 0 "" -- $PARC decide "$i1" approve --as "$r1" --comment "runbook owner"
expect 0 "" -- $PARC decide "$i2" exception --as "$r2" --comment vendor \
	--until "$due"
expect 0 "" -- $PARC tick --at "$(date -u -d '+40 days' +%F)" --quiet
expect 0 "" -- $PARC sync --quiet hr # its events change no evidence row
expect 0 "" -- $PARC verify
grep -q "^signatures: [0-9]* checkpoints by key $fpr hold; the head (event [0-9]*) is signed" \
	out.txt || fail "verify said $(cat out.txt)"

# what an auditor took away before anything was forged
expect 0 "" -- $PARC export siem -o "$TMPDIR/audit/siem.jsonl"
expect 0 "" -- $PARC export siem --format cef -o "$TMPDIR/audit/siem.cef"
expect 0 "" -- $PARC report evidence q1 --format json -o "$TMPDIR/audit/ev.json"
grep -q "\"value\": \"$fpr (signs the head)\"" audit/ev.json ||
	fail "the evidence does not print the key beside the head"
grep -q '"type": "checkpoint"' audit/siem.jsonl || fail "no checkpoint in siem"
grep -q 'externalId=checkpoint-' audit/siem.cef || fail "no checkpoint in cef"
cp signing.key.pub audit/pub.pem
for a in siem.jsonl siem.cef ev.json; do
	expect 0 "" -- $PARC verify --against "audit/$a"
done
sqlite3 "$db" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
cp "$db" pristine.db

restore() {
	cp pristine.db "$db"
	rm -f "$db-wal" "$db-shm"
}
forge() { sqlite3 "$db" "$1" || fail "sqlite3: $1"; }
UNGUARD="DROP TRIGGER audit_event_no_update; DROP TRIGGER audit_event_no_delete;
DROP TRIGGER audit_checkpoint_no_update; DROP TRIGGER audit_checkpoint_no_delete;"

# caught WHAT TABLE ROW: verify, verify --pubkey on a copy, and verify
# --against each earlier export exit 1 naming TABLE and ROW (ROW: a
# grep -E pattern)
caught() {
	what=$1 table=$2 row=$3
	sqlite3 "$db" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
	cp "$db" audit/copy.db
	rm -f audit/copy.db-wal audit/copy.db-shm
	for how in "" pubkey siem.jsonl siem.cef ev.json; do
		case $how in
		"") set -- $PARC verify --json ;;
		pubkey) set -- env -u PARC_CONFIG $PARC --db audit/copy.db \
		    verify --pubkey audit/pub.pem --json ;;
		*) set -- $PARC verify --against "audit/$how" --json ;;
		esac
		"$@" >out.txt 2>err.txt
		rc=$?
		if [ $rc -ne 1 ] || ! $PY -c 'import json, re, sys
r = json.load(open("out.txt"))
assert r["ok"] is False, r
assert r["bad_table"] == sys.argv[1], r
assert re.fullmatch(sys.argv[2], r["bad_row"] or ""), r' "$table" "$row"; then
			fail "$what: verify ${how:-} exited $rc: $(cat out.txt err.txt)"
		fi
	done
}

# --- every evidence column of a review item ---
for c in source source_kind host account_ext_id account person employee_id \
    entitlement_ext_id entitlement reason path last_used reviewer \
    reassigned_from; do
	restore
	forge "UPDATE review_item SET $c = 'forged' WHERE id = $i3"
	caught "review_item.$c" review_item "$i1-[0-9]+"
done
for c in tier nfindings; do
	restore
	forge "UPDATE review_item SET $c = coalesce($c, 0) + 1 WHERE id = $i3"
	caught "review_item.$c" review_item "$i1-[0-9]+"
done
restore
forge "UPDATE review_item SET findings = '[]' WHERE id = (SELECT min(id)
	FROM review_item WHERE findings <> '[]')"
caught "review_item.findings" review_item "$i1-[0-9]+"
for c in "decision = 'revoke'" "comment = 'forged'" "until = '2099-01-01'" \
    "decided_by = 'mallory'" "decided_at = '2026-01-01T00:00:00Z'"; do
	restore
	forge "UPDATE review_item SET $c WHERE id = $i1"
	caught "review_item $c" review_item "$i1"
done
restore
forge "UPDATE review_item SET overdue_at = NULL WHERE id = $i3"
caught "review_item.overdue_at" review_item "overdue_at=.*"
# --- a decision's every column ---
for c in "decision = 'revoke'" "comment = 'forged'" "until = '2099-01-01'" \
    "delegate = 'mallory'" "decided_by = 'mallory'" \
    "decided_at = '2026-01-01T00:00:00Z'" "acted_by = NULL" \
    "acted_by = 'mallory'"; do
	restore
	forge "UPDATE decision SET $c WHERE id = 1"
	caught "decision $c" decision 1
done
# --- the campaign's record and state ---
for c in "name = 'forged'" "scope = 'tier=3'" "reviewer_rule = 'owner'" \
    "fallback = 'mallory'" "due = '2099-01-01'" "created_by = 'mallory'" \
    "created_at = '2026-01-01T00:00:00Z'" "opened_at = NULL" \
    "every = 'quarter'" "series = 'x'" "seq = 2" "state = 'closed'" \
    "close_default = 'revoke'" "closed_by = 'mallory'"; do
	restore
	forge "UPDATE campaign SET $c WHERE name = 'q1'"
	caught "campaign $c" campaign 1
done
# --- a role inserted, a frozen item deleted ---
restore
forge "INSERT INTO role VALUES ('mallory', 'admin', 'root', '2026-01-01T00:00:00Z')"
caught "role inserted" role "mallory/admin"
restore
forge "DELETE FROM review_item WHERE id = $i3"
caught "item deleted" review_item "$i3"

# --- the chain rewritten: triggers dropped, a decision's event edited,
# every later hash recomputed (the forgery the signatures are for): its
# time, which no row repeats ---
rehash() { # rehash FROM: recompute every hash from event FROM on
	$PY - "$db" "$1" <<'PYEOF'
import hashlib, sqlite3, sys
c = sqlite3.connect(sys.argv[1], isolation_level=None)
frm = int(sys.argv[2])
prev = c.execute("SELECT hash FROM audit_event WHERE id = ?", (frm - 1,)).fetchone()
prev = prev[0] if prev else "0" * 64
for row in c.execute("SELECT id, at, actor, action, object, detail FROM"
                     " audit_event WHERE id >= ? ORDER BY id", (frm,)).fetchall():
    parts = [prev, str(row[0])] + [v if v is not None else "" for v in row[1:]]
    h = hashlib.sha256("".join(p + "\n" for p in parts).encode()).hexdigest()
    c.execute("UPDATE audit_event SET prev_hash = ?, hash = ? WHERE id = ?",
              (prev, h, row[0]))
    prev = h
PYEOF
}
ev=$(sqlite3 "$db" "SELECT min(id) FROM audit_event WHERE action = 'decide'")
restore
forge "$UNGUARD UPDATE audit_event SET at = '2020-01-01T00:00:00Z' WHERE id = $ev"
rehash "$ev"
$PARC --config /dev/null --db "$db" verify >/dev/null 2>&1 ||
	fail "the rehashed chain should pass without a key (the point of signing)"
caught "chain rewritten and rehashed" audit_checkpoint "$ev"
restore
forge "$UNGUARD UPDATE audit_event SET at = '2020-01-01T00:00:00Z' WHERE id = $ev;
	DELETE FROM audit_checkpoint WHERE event_id >= $ev"
rehash "$ev"
caught "rewritten, its checkpoints deleted" audit_checkpoint "$ev"
# --- a reordered event (two swapped), rehashed ---
restore
forge "$UNGUARD UPDATE audit_event SET id = -1 WHERE id = $ev;
	UPDATE audit_event SET id = $ev WHERE id = $ev + 1;
	UPDATE audit_event SET id = $ev + 1 WHERE id = -1"
rehash "$ev"
caught "events reordered" audit_checkpoint "$ev"

# --- root holds the key: rewrites, rehashes and signs again; the
# signatures hold, the earlier exports do not ---
restore
forge "$UNGUARD UPDATE audit_event SET at = '2020-01-01T00:00:00Z' WHERE id = $ev;
	DELETE FROM audit_checkpoint WHERE event_id >= $ev"
rehash "$ev"
sqlite3 "$db" "SELECT id, hash FROM audit_event WHERE id >= $ev" |
while IFS='|' read -r id h; do
	printf 'parc checkpoint v1\n%s\n%s\n' "$id" "$h" >msg.bin
	sig=$(openssl pkeyutl -sign -inkey signing.key -rawin -in msg.bin |
	    od -An -v -tx1 | tr -d ' \n')
	sqlite3 "$db" "INSERT INTO audit_checkpoint VALUES ($id, '$h', '$fpr',
	    '$sig', '2026-01-01T00:00:00Z')"
done
expect 0 "" -- $PARC verify
cp "$db" audit/copy.db
expect 0 "" -- env -u PARC_CONFIG $PARC --db audit/copy.db verify \
	--pubkey audit/pub.pem
for a in siem.jsonl siem.cef; do
	expect 1 "audit event $ev is not the event audit/$a line" -- \
		$PARC verify --against "audit/$a"
	expect 1 "the database's past was rewritten behind parc's back" -- \
		$PARC verify --against "audit/$a"
done
expect 1 "is not the event audit/ev.json line 1 recorded" -- \
	$PARC verify --against audit/ev.json

# --- the chain cut: the newest event (a sync's) and its checkpoint
# deleted; no row tells, the export does ---
restore
last=$(sqlite3 "$db" "SELECT max(id) FROM audit_event")
forge "$UNGUARD DELETE FROM audit_checkpoint WHERE event_id = $last;
	DELETE FROM audit_event WHERE id = $last"
expect 0 "" -- $PARC verify
expect 1 "audit event $last (audit/siem.jsonl line" -- \
	$PARC verify --against audit/siem.jsonl
grep -q "is missing from the database, whose chain now ends at event $((last - 1))" \
	err.txt || fail "cut: $(cat err.txt)"

[ $fails -eq 0 ]
