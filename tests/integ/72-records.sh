#!/bin/sh
# 72-records.sh - issue 17's records, end to end: decisions an admin
# entered for a reviewer (--as) name both, "lwasowski, entered by ADMIN",
# in every renderer of every record that prints a decider (evidence as
# text, CSV, JSON and PDF; the exceptions report and register; campaign
# show and item; the remediation); blank justifications are refused and a
# decided item is not delegated; exit codes tell bad usage (2), not
# allowed (5) and not found (6) apart.

set -u

command -v pdftotext >/dev/null || { echo "poppler-utils is not installed"; exit 77; }
command -v python3 >/dev/null || { echo "python3 is not installed"; exit 77; }

export HOME=$TMPDIR LANG=C.UTF-8 LC_ALL=C.UTF-8 TZ=UTC
unset PARC_DB XDG_DATA_HOME XDG_CONFIG_HOME || true
. "$SRCDIR/tests/integ/lib/expect.subr"
me=$(id -un)
who="lwasowski, entered by $me"

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

expect 0 "" -- $PARC init
expect 0 "" -- $PARC sync -q
expect 0 "" -- $PARC role grant lwasowski reviewer
expect 0 "" -- $PARC campaign create rec --due 2099-01-01 --reviewer lwasowski
expect 0 "" -- $PARC campaign show rec --json
ids=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1]))
print(" ".join(str(i["id"]) for i in d["items"][:4]))' out.txt)
set -- $ids
a=$1 b=$2 c=$3 d=$4

# --- 2: blanks are no justification; 3: a decided item stays decided ---
expect 2 "a revocation needs a justification" -- \
	$PARC decide "$a" revoke --as lwasowski --comment "  "
expect 0 "" -- $PARC decide "$a" approve --as lwasowski --comment "vaulted"
expect 2 "is decided already (approve): undo that decision before delegating" \
	-- $PARC decide "$a" delegate --to "$me"
expect 0 "" -- $PARC decide "$b" exception --as lwasowski --until 2098-01-01 \
	--comment "PAM checkout only"
expect 0 "" -- $PARC decide "$c" revoke --as lwasowski --comment "left"
# the reviewer's own decision names the reviewer alone: d, undecided here

# --- 10: bad usage 2, not allowed 5, not found 6 ---
expect 2 "unknown decision 'maybe'" -- $PARC decide "$d" maybe
expect 5 "is assigned to lwasowski, not $me" -- $PARC decide "$d" approve --comment x
expect 6 "no review item 99999" -- $PARC decide 99999 approve --as lwasowski
expect 6 "no campaign called 'nope'" -- $PARC report evidence nope
expect 6 "scope term source=nope: no source matches (there are: corp)" -- \
	$PARC campaign create other --due 2099-01-01 --scope source=nope

# --- 1: every record that prints a decider ---
expect 0 "" -- $PARC report evidence rec
grep -q "Decided by  *$who\$" out.txt || fail "evidence txt: $(grep 'Decided by' out.txt | head -3)"
grep -q "Decided by  *lwasowski\$" out.txt && fail "evidence txt names the reviewer alone"
expect 0 "" -- $PARC report evidence rec --format csv -o ev.csv
python3 - ev.csv "$a" "$b" "$c" "$who" <<'PY' || fail "evidence csv"
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="")))
head, body = rows[0], rows[1:]
by = {r[head.index("item")]: r[head.index("decided_by")] for r in body}
for i in sys.argv[2:5]:
    assert by[i] == sys.argv[5], (i, by[i])
PY
expect 0 "" -- $PARC report evidence rec --format json -o ev.json
python3 - ev.json "$a" "$b" "$c" "$who" <<'PY' || fail "evidence json"
import json, sys
d = json.load(open(sys.argv[1]))
rows = [r for s in d["sections"] if s["key"] == "items"
        for b in s["blocks"] if b.get("name") == "items" for r in b["rows"]]
assert rows
by = {r["item"]: r["decided_by"] for r in rows}
for i in sys.argv[2:5]:
    assert by[i] == sys.argv[5], (i, by[i])
PY
expect 0 "" -- $PARC report evidence rec --format pdf -o ev.pdf
pdftotext -raw ev.pdf - | tr -d ' \n' >ev.raw
n=$(grep -o "lwasowski,enteredby$me" ev.raw | wc -l)
[ "$n" -ge 3 ] || fail "evidence pdf names '$who' $n times, not 3"
expect 0 "" -- $PARC report exceptions
grep -qF "$who" out.txt || fail "exceptions report: $(cat out.txt)"
expect 0 "" -- $PARC report exceptions --format csv
grep -qF "\"$who\"" out.txt || fail "exceptions csv: $(cat out.txt)"
expect 0 "" -- $PARC exceptions --json
python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))
assert [x["owner"] for x in r] == [sys.argv[2]], r' out.txt "$who" ||
	fail "exceptions register"
expect 0 "" -- $PARC campaign show rec
grep -qF "\"vaulted\" - $who" out.txt || fail "campaign show: $(cat out.txt)"
expect 0 "" -- $PARC campaign item "$a"
grep -q "^decision    approve by $who at " out.txt || fail "campaign item: $(cat out.txt)"
grep -q "approve by $who: vaulted" out.txt || fail "campaign item history"
expect 0 "" -- $PARC report remediation rec --format csv
grep -qF "\"$who\"" out.txt || fail "remediation csv: $(cat out.txt)"
expect 0 "" -- $PARC report remediation rec --format ldif
grep -qF "# decided: $who" out.txt || fail "remediation ldif: $(cat out.txt)"

[ "$fails" -eq 0 ] || exit 1
