#!/bin/sh
# The command line of the foundation, end to end with the real binary:
# init, configuration errors and their exit codes, a people sync, a failed
# sync that changes nothing, the empty-pull guard, sources, the demo.
set -u
export HOME="$TMPDIR/home" LC_ALL=C.UTF-8
unset XDG_DATA_HOME XDG_CONFIG_HOME PARC_DB PARC_CONFIG
mkdir -p "$HOME"

. "$SRCDIR/tests/integ/lib/expect.subr"

# --- version, help, usage ---
[ "$($PARC --version)" = "parc 0.1.0" ] || fail "--version"
$PARC --help | grep -q '^  inventory ' || fail "--help lists inventory"
expect 2 "unknown command 'frob'" -- $PARC frob
expect 2 "" -- $PARC
expect 2 "inventory: bad option --jsn" -- $PARC inventory --jsn
for c in init sources sync inventory demo; do
	$PARC $c --help | grep -q "^usage: parc .* $c" || fail "$c --help"
done

# --- init ---
expect 0 "" -- $PARC --db "$TMPDIR/a/b/p.db" init
v=$(sqlite3 "$TMPDIR/a/b/p.db" 'PRAGMA user_version')
[ "$v" -ge 1 ] || fail "user_version $v"
grep -qx "database $TMPDIR/a/b/p.db ready (schema version $v)" out.txt ||
	fail "init said $(cat out.txt)"
expect 0 "" -- $PARC --db "$TMPDIR/a/b/p.db" init
[ "$(sqlite3 "$TMPDIR/a/b/p.db" 'PRAGMA user_version')" = "$v" ] ||
	fail "a second init changed the schema version"
[ "$(sqlite3 "$TMPDIR/a/b/p.db" 'PRAGMA journal_mode')" = wal ] ||
	fail "journal_mode"
[ "$(stat -c %a "$TMPDIR/a/b")" = 700 ] || fail "database directory mode"
expect 2 "no database at $TMPDIR/none.db (run parc init)" -- \
	$PARC --db "$TMPDIR/none.db" inventory

# --- configuration errors name file, line and key; exit 2 ---
cat >bad.conf <<'CONF'
[parc]
correlation_overrides = ov.csv

[source hr]
kind = people
pth = people.csv
CONF
expect 2 "parc: bad.conf:6: [source hr] unknown key 'pth' for kind people" \
	-- $PARC --config bad.conf --db p.db sync
printf '[source x]\nkind = carrier-pigeon\n' >kind.conf
expect 2 "kind.conf:2: [source x] unknown kind 'carrier-pigeon'" -- \
	$PARC --config kind.conf --db p.db sync
printf '[parc]\ncolour = blue\n' >key.conf
expect 2 "key.conf:2: [parc] unknown key 'colour'" -- \
	$PARC --config key.conf --db p.db sync
expect 2 "nothere.conf: No such file or directory" -- \
	$PARC --config nothere.conf --db p.db sync

# --- a people sync ---
cat >people.csv <<'CSV'
employee_id,display_name,email,login,manager_id,department,status,end_date
E1,Ada Lovelace,ada@corp.example,ada,,Board,active,
E2,Zoë Ødegaard,zoe@corp.example,zoe,E1,IT Operations,active,
E3,李娜,na.li@corp.example,nli,E1,Security,terminated,2025-01-31
CSV
printf 'source,account,employee_id\n' >ov.csv
cat >parc.conf <<'CONF'
[parc]
database = data/parc.db
correlation_overrides = ov.csv

[source hr]
kind = people
path = people.csv
CONF
expect 0 "" -- $PARC --config parc.conf sync
db="$TMPDIR/data/parc.db"
[ "$(sqlite3 "$db" "SELECT group_concat(employee_id || '/' || \
	coalesce((SELECT employee_id FROM identity m WHERE m.id = \
	identity.manager_id), '-') || '/' || status, ' ') FROM \
	(SELECT * FROM identity ORDER BY employee_id) identity")" = \
	"E1/-/active E2/E1/active E3/E1/terminated" ] || fail "people synced"
$PARC --config parc.conf sources --json >src.json || fail "sources --json"
python3 - <<'PY' || fail "sources --json content"
import json
s = json.load(open("src.json"))
assert len(s) == 1, s
assert s[0]["name"] == "hr" and s[0]["kind"] == "people", s
assert s[0]["status"] == "ok" and s[0]["error"] is None, s
PY
before=$(sqlite3 "$db" 'SELECT * FROM identity ORDER BY id')

# --- a malformed file: exit 4, file:line named, nothing changed ---
cp people.csv good.csv
printf 'E4,Eve,eve@corp.example,eve,E1,Sales,on leave,\n' >>people.csv
expect 4 "parc: people.csv:5: status 'on leave' is neither active nor terminated" \
	-- $PARC --config parc.conf sync
[ "$(sqlite3 "$db" 'SELECT * FROM identity ORDER BY id')" = "$before" ] ||
	fail "a failed sync changed the people"
$PARC --config parc.conf sources >src.txt
grep -q '^hr  *people  *failed' src.txt || fail "sources shows the failure"
grep -q "error: .*people.csv:5: status 'on leave'" src.txt ||
	fail "sources shows the error"

# --- a sync killed mid-run: "running" while it pulls, "interrupted" after ---
# The people file is a FIFO: the sync blocks reading it until killed.
cat >fifo.conf <<'CONF'
[parc]
database = data/parc.db

[source slow]
kind = people
path = slow.fifo
CONF
mkfifo slow.fifo
$PARC --config fifo.conf sync slow >/dev/null 2>&1 &
spid=$!
exec 7<>slow.fifo # a writer that never writes: the reader blocks
i=0
until $PARC --config fifo.conf sources >src.txt 2>&1 &&
	grep -q '^slow  *people  *running' src.txt; do
	i=$((i + 1))
	[ $i -lt 100 ] || fail "sources never showed the sync running: $(cat src.txt)"
	sleep 0.1
done
kill -9 $spid
wait $spid 2>/dev/null
exec 7>&-
$PARC --config fifo.conf sources >src.txt || fail "sources after the kill"
grep -q '^slow  *people  *interrupted' src.txt ||
	fail "a killed sync is not shown interrupted: $(cat src.txt)"
grep -q 'error: the pull stopped before it finished (process killed?)' \
	src.txt || fail "sources says why the run was interrupted"
$PARC --config fifo.conf sources --json >src.json || fail "sources --json"
python3 - <<'PY' || fail "sources --json shows the interrupted run"
import json
s = {r["name"]: r for r in json.load(open("src.json"))}
assert s["slow"]["status"] == "interrupted", s
PY
[ "$(sqlite3 "$db" "SELECT count(*) FROM identity")" = 3 ] ||
	fail "a killed sync changed the people"

# --- unreachable source: exit 3 ---
mv people.csv gone.csv
expect 3 "people.csv" -- $PARC --config parc.conf sync
[ "$(sqlite3 "$db" 'SELECT * FROM identity ORDER BY id')" = "$before" ] ||
	fail "an unreachable source changed the people"

# --- an empty pull is refused unless asked for ---
head -n 1 good.csv >people.csv
expect 4 "source hr: the pull found nothing, but the last snapshot holds 3 records" \
	-- $PARC --config parc.conf sync
[ "$(sqlite3 "$db" 'SELECT count(*) FROM identity')" = 3 ] ||
	fail "the empty pull emptied the source"
expect 0 "" -- $PARC --config parc.conf sync --allow-empty hr
[ "$(sqlite3 "$db" 'SELECT count(*) FROM identity')" = 0 ] ||
	fail "--allow-empty"
cp good.csv people.csv
expect 2 "no source named 'payroll'" -- $PARC --config parc.conf sync payroll

# --- inventory output forms on a database without grants ---
[ "$($PARC --config parc.conf inventory --json)" = "[]" ] || fail "empty json"
$PARC --config parc.conf inventory --csv | head -n 1 | grep -q \
	'^source,source_kind,host,account,account_kind,enabled,person,' ||
	fail "csv header"

# --- the demo: its own database, or the one --db names ---
expect 0 "" -- $PARC demo --no-console --people 120
demo="$HOME/.local/share/parc/demo"
grep -qx "demo database:    $demo/demo.db" out.txt || fail "demo says where"
[ "$(sqlite3 "$demo/demo.db" 'SELECT count(*) FROM identity')" = 120 ] ||
	fail "demo people"
sum1=$(md5sum <"$demo/people.csv")
expect 0 "" -- $PARC demo --no-console --people 120
[ "$(md5sum <"$demo/people.csv")" = "$sum1" ] || fail "demo not deterministic"
expect 0 "" -- env PARC_DB="$TMPDIR/mine.db" $PARC demo --no-console \
	--people 50 --dir "$TMPDIR/d2"
[ "$(sqlite3 "$TMPDIR/mine.db" 'SELECT count(*) FROM identity')" = 50 ] ||
	fail "demo into \$PARC_DB"
expect 2 "--people wants a number" -- $PARC demo --people 3

[ $fails -eq 0 ] || exit 1
echo "foundation CLI: all checks passed"
