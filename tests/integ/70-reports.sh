#!/bin/sh
# 70-reports.sh - parc report and parc export siem end to end, on the AD
# LDIF export of tests/data/ldif: a campaign created, decided and closed
# through the command line, then its evidence as PDF (read back with
# pdftotext), CSV (parsed back by Python's csv module), JSON (validated
# against share/schema/report-v1.json) and text; the remediation as LDIF
# and shell; the other reports; the SIEM export with its cursor; and the
# errors a user meets, each leaving no file behind.

set -eu

command -v pdftotext >/dev/null || { echo "poppler-utils is not installed"; exit 77; }
command -v python3 >/dev/null || { echo "python3 is not installed"; exit 77; }

export HOME=$TMPDIR LANG=C.UTF-8 LC_ALL=C.UTF-8 TZ=UTC
unset PARC_DB XDG_DATA_HOME XDG_CONFIG_HOME || true
check=$PARC_TEST_DATA/reports/check.py
fail() {
	echo "FAIL: $*"
	exit 1
}

# the AD export with its dates moved to today (lib/fixtures.subr)
. "$SRCDIR/tests/integ/lib/fixtures.subr"
corp_ldif "$TMPDIR/corp.ldif"
cat >parc.conf <<CONF
[parc]
database = $TMPDIR/parc.db
[source corp]
kind = ldif
path = $TMPDIR/corp.ldif
CONF
export PARC_CONFIG=$TMPDIR/parc.conf

"$PARC" init >/dev/null
"$PARC" sync -q
"$PARC" campaign create "Q4 admins" --due 2099-01-01 --reviewer "$(id -un)" >/dev/null
items=$("$PARC" campaign show "Q4 admins" --json | python3 -c \
    'import json,sys; d=json.load(sys.stdin); print(len(d["items"]))')
[ "$items" -gt 5 ] || fail "campaign has $items items"
"$PARC" decide 1 approve --comment "break-glass account, vaulted" >/dev/null
"$PARC" decide 2 revoke --comment "nobody uses it since the migration" >/dev/null
"$PARC" decide 3 exception --until 2098-01-01 --comment "DR runbook; PAM checkout only" >/dev/null
"$PARC" campaign close "Q4 admins" --force --default keep >/dev/null

# --- evidence as PDF ---
"$PARC" report evidence "Q4 admins" --format pdf -o ev.pdf 2>err
grep -q "wrote the evidence report of Q4 admins ($items items, " err ||
    fail "no summary line: $(cat err)"
pages=$(pdfinfo ev.pdf | sed -n 's/^Pages: *//p')
pdftotext -layout ev.pdf ev.txt
n=$(grep -c "page [0-9]* of $pages" ev.txt)
[ "$n" -eq "$pages" ] || fail "'page X of $pages' on $n of $pages pages"
i=1
while [ $i -le "$pages" ]; do
	grep -q "page $i of $pages" ev.txt || fail "no 'page $i of $pages'"
	i=$((i + 1))
done
for s in "break-glass account, vaulted" "nobody uses it since the migration" \
    "DR runbook; PAM checkout only" "Exceptions register" "Chain head" \
    "Sign-off" "closed" "Completion"; do
	tr -s ' \n' ' ' <ev.txt | grep -qF "$s" || fail "evidence lacks '$s'"
done
pdftotext -raw ev.pdf - | tr -d ' \n' >ev.raw
grep -q "parcverifyintact:" ev.raw || fail "no verify result"
# the flagged items name the person, the reviewer and who decided
me=$(id -un)
sed -n 's/.*Flaggeditemsandwhatwasdecided\(.*\)Itemsbyreviewer.*/\1/p' ev.raw >flagged.raw
grep -q "^ItemPersonAccountEntitlementFindingsReviewerDecisionJustificationDecidedby" flagged.raw ||
    fail "the flagged table lacks the person, reviewer or decider: $(head -c 200 flagged.raw)"
grep -qF "${me}approvebreak-glassaccount,vaulted${me}" flagged.raw ||
    fail "flagged item 1 lacks its reviewer or decider"
# a closed campaign's evidence is final
grep -q DRAFT ev.txt && fail "the closed campaign's evidence says DRAFT"

# --- CSV: every item, parsed back ---
"$PARC" report evidence "Q4 admins" --format csv -o ev.csv 2>/dev/null
python3 "$check" csv ev.csv >ev.rows
python3 - "$items" ev.rows <<'PY' || fail "CSV does not parse back"
import json, sys
rows = json.load(open(sys.argv[2]))
head, body = rows[0], rows[1:]
assert len(body) == int(sys.argv[1]), (len(body), sys.argv[1])
d = {r[head.index("item")]: r for r in body}
assert d["1"][head.index("decision")] == "approve"
assert d["2"][head.index("justification")] == "nobody uses it since the migration"
assert d["3"][head.index("until")] == "2098-01-01"
assert all(len(r) == len(head) for r in body)
PY

# --- JSON against its schema; text ---
"$PARC" report evidence "Q4 admins" --format json >ev.json
python3 "$check" schema "$PARC_SHARE/schema/report-v1.json" ev.json >/dev/null ||
    fail "JSON does not validate: $(python3 "$check" schema "$PARC_SHARE/schema/report-v1.json" ev.json)"
"$PARC" report evidence "Q4 admins" >ev.out
grep -q "Justification  DR runbook; PAM checkout only" ev.out || fail "text"

# --- remediation ---
"$PARC" report remediation "Q4 admins" --format ldif >r.ldif
grep -q "^changetype: modify$" r.ldif || fail "LDIF has no change record"
grep -q "^delete: member$" r.ldif || fail "LDIF deletes no member"
[ "$(grep -c '^changetype: modify$' r.ldif)" -eq 1 ] || fail "LDIF: one revoke, one record"
"$PARC" report remediation "Q4 admins" --format sh >r.sh
head -1 r.sh | grep -q '^#!/bin/sh' || fail "sh: no #! line"
sh r.sh 2>/dev/null && fail "the script ran without being read"
"$PARC" report remediation "Q4 admins" --format json >r.json
python3 "$check" schema "$PARC_SHARE/schema/report-v1.json" r.json >/dev/null || fail "remediation JSON"

# --- the other reports ---
"$PARC" report inventory --format csv >inv.csv
want=$("$PARC" inventory --csv | python3 -c 'import csv,sys; print(len(list(csv.reader(sys.stdin))) - 1)')
got=$(python3 -c 'import csv,sys; print(len(list(csv.reader(open("inv.csv")))) - 1)')
[ "$got" -eq "$want" ] || fail "inventory report has $got grants, parc inventory $want"
"$PARC" report exceptions --format csv | grep -q "DR runbook; PAM checkout only" || fail "exceptions"
"$PARC" report shared --format json >sh.json
python3 "$check" schema "$PARC_SHARE/schema/report-v1.json" sh.json >/dev/null || fail "shared JSON"
# the report lists what parc findings lists, no more, no less
want=$("$PARC" findings --kind shared-account --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
got=$(python3 -c 'import json,sys
d = json.load(open("sh.json"))
print(sum(len(b["rows"]) for s in d["sections"] for b in s["blocks"] if b["type"] == "table"))')
[ "$got" -eq "$want" ] && [ "$got" -gt 0 ] || fail "shared report has $got rows, parc findings $want"
grep -q '"account": "Administrator"' sh.json || fail "Administrator is not in the shared report"
"$PARC" report dormant >/dev/null

# --- SIEM: each event once ---
"$PARC" export siem --cursor cur -o s1.jsonl
[ -s s1.jsonl ] || fail "first export empty"
python3 -c 'import json,sys; [json.loads(l) for l in open("s1.jsonl")]' || fail "not JSON lines"
"$PARC" export siem --cursor cur >s2.jsonl
[ ! -s s2.jsonl ] || fail "second export resent $(wc -l <s2.jsonl) events"
"$PARC" campaign create "Q1 admins" --due 2099-02-01 --reviewer "$(id -un)" >/dev/null
# an open campaign's evidence is a draft, on every page
"$PARC" report evidence "Q1 admins" --format pdf -o open.pdf 2>/dev/null
opages=$(pdfinfo open.pdf | sed -n 's/^Pages: *//p')
n=$(pdftotext open.pdf - | awk -v RS='\f' '/DRAFT/ { n++ } END { print n + 0 }')
[ "$opages" -gt 1 ] && [ "$n" -eq "$opages" ] ||
    fail "DRAFT on $n of the open campaign's $opages pages"
# ... and says so in its text and JSON forms, where the closed one does not
"$PARC" report evidence "Q1 admins" -o open.txt 2>/dev/null
sed -n 3p open.txt | grep -q "^DRAFT - Draft: the campaign is still open" ||
    fail "the open campaign's text evidence is not marked DRAFT: $(sed -n 3p open.txt)"
"$PARC" report evidence "Q1 admins" --format json -o open.json 2>/dev/null
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if d["draft"] and "still open" in d["draft"] else 1)' open.json ||
    fail "the open campaign's JSON evidence has no draft"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if d["draft"] is None else 1)' ev.json ||
    fail "the closed campaign's JSON evidence has a draft"
"$PARC" export siem --cursor cur --format cef >s3.cef
[ "$(wc -l <s3.cef)" -ge 1 ] || fail "new event not sent"
grep -v '^CEF:0|parc|parc|' s3.cef && fail "not CEF"
grep -q 'campaign.create' s3.cef || fail "campaign.create not in CEF"

# --- errors: clear, exit status, nothing left behind ---
set +e
"$PARC" report evidence "no such campaign" --format pdf -o none.pdf 2>err
rc=$?
set -e
[ $rc -eq 6 ] || fail "unknown campaign: exit $rc (not found is 6)"
grep -q "no such campaign" err || fail "unknown campaign: $(cat err)"
[ ! -e none.pdf ] || fail "a file was left for an unknown campaign"
set +e
"$PARC" report evidence "Q4 admins" --format pdf -o "$TMPDIR/missing/dir/ev.pdf" 2>err
rc=$?
"$PARC" report evidence "Q4 admins" --format ldif >/dev/null 2>err2
rc2=$?
set -e
[ $rc -eq 4 ] || fail "unwritable output: exit $rc"
grep -q "missing/dir/ev.pdf" err || fail "unwritable output: $(cat err)"
[ $rc2 -eq 2 ] || fail "ldif for evidence: exit $rc2"
ls "$TMPDIR" | grep -q 'ev.pdf.' && fail "a temporary file was left"
echo "reports: $pages-page evidence of $items items, every check passed"
