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
# no command but init and demo makes a database (issue 17)
for c in sources sync findings "campaign list" "role list" verify; do
	expect 2 "no database at $TMPDIR/none.db (run parc init)" -- \
		$PARC --db "$TMPDIR/none.db" $c
	expect 2 "no database at $TMPDIR/none.db (run parc init)" -- \
		env PARC_DB="$TMPDIR/none.db" $PARC $c
done
[ -e "$TMPDIR/none.db" ] && fail "a command made none.db"
# the database, its WAL and SHM: 0600 whatever the umask, never the world's
(umask 000 && $PARC --db "$TMPDIR/m/p.db" init >/dev/null) || fail "init m/p.db"
/usr/bin/python3 -c '
import sqlite3, sys
c = sqlite3.connect(sys.argv[1]); c.execute("SELECT 1 FROM meta").fetchall()
import os
for s in ("", "-wal", "-shm"):
    p = sys.argv[1] + s
    if os.path.exists(p) and os.stat(p).st_mode & 0o777 != 0o600:
        sys.exit("%s is %o" % (p, os.stat(p).st_mode & 0o777))
' "$TMPDIR/m/p.db" || fail "init's database is not 0600"
[ "$(stat -c %a "$TMPDIR/m/p.db")" = 600 ] ||
	fail "init made p.db $(stat -c %a "$TMPDIR/m/p.db")"

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
expect 0 "" -- $PARC --config parc.conf init
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
assert s[0]["people"] == 3 and s[0]["last_ok_at"] == s[0]["finished_at"], s
PY
# what a source holds, and its status under STATUS (issue 17)
$PARC --config parc.conf sources >src.txt
head -1 src.txt | grep -q '^SOURCE  *KIND  *STATUS  *LAST RUN  *LAST GOOD SYNC  *HOLDS$' ||
	fail "sources header: $(head -1 src.txt)"
grep -q '^hr  *people  *ok  *[0-9-]* [0-9:]*  *3 people$' src.txt ||
	fail "sources shows what hr holds: $(cat src.txt)"
good=$(python3 -c 'import json; s=json.load(open("src.json")); print(s[0]["finished_at"][:16].replace("T", " "))')
before=$(sqlite3 "$db" 'SELECT * FROM identity ORDER BY id')

# --- a malformed file: exit 4, file:line named, nothing changed ---
cp people.csv good.csv
printf 'E4,Eve,eve@corp.example,eve,E1,Sales,on leave,\n' >>people.csv
expect 4 "parc: people.csv:5: status 'on leave' is neither active nor terminated" \
	-- $PARC --config parc.conf sync
[ "$(sqlite3 "$db" 'SELECT * FROM identity ORDER BY id')" = "$before" ] ||
	fail "a failed sync changed the people"
$PARC --config parc.conf sources >src.txt
grep -q "^hr  *people  *failed  *[0-9-]* [0-9:]*  *$good  *3 people\$" src.txt ||
	fail "sources shows the failure beside the last good sync: $(cat src.txt)"
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
	[ $i -lt 100 ] || {
		fail "sources never showed the sync running: $(cat src.txt)"
		break
	}
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
# not found is exit 6 (parc(1), issue 17)
expect 6 "no source named 'payroll'" -- $PARC --config parc.conf sync payroll

# --- inventory output forms on a database without grants ---
[ "$($PARC --config parc.conf inventory --json)" = "[]" ] || fail "empty json"
$PARC --config parc.conf inventory --csv | head -n 1 | grep -q \
	'^source,source_kind,host,account,account_kind,enabled,person,' ||
	fail "csv header"

# --- readers do not wait for a writer (a sync merging a large snapshot) ---
# The real sqlite3 library, in another process, holds the write lock for
# 30 s; every read-only command must answer at once (busy timeout: 10 s).
/usr/bin/python3 -c '
import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("BEGIN IMMEDIATE")
c.execute("UPDATE source SET kind = kind")
open(sys.argv[2], "w").close()
time.sleep(30)
' "$db" locked.flag &
locker=$!
n=0
while [ ! -e locked.flag ] && [ $n -lt 100 ]; do sleep 0.1; n=$((n + 1)); done
[ -e locked.flag ] || fail "the lock holder did not start"
for c in sources inventory findings verify "report dormant --format csv"; do
	t0=$(date +%s)
	# shellcheck disable=SC2086
	timeout 20 $PARC --config parc.conf $c >reader.out 2>&1 ||
		fail "parc $c while a sync writes: $(cat reader.out)"
	[ $(($(date +%s) - t0)) -lt 5 ] || fail "parc $c waited for the writer"
done
kill "$locker" 2>/dev/null
wait "$locker" 2>/dev/null

# --- secrets: no core dump of parc, a scrubbed password_command ---
# The command reads its parent's (parc's) limits and its own environment.
cat >ad.conf <<'CONF'
[source corp]
kind = ad
uri = ldap://127.0.0.1:9
base_dn = dc=corp,dc=example
bind_dn = cn=parc,dc=corp,dc=example
password_command = grep "Max core" /proc/$PPID/limits >core.txt; echo "${OTHER_PW:-clean}" >env.txt; echo pw
CONF
chmod 644 ad.conf
$PARC --config ad.conf --db ad.db init >/dev/null || fail "init ad.db"
expect 3 "Can't contact LDAP server" -- env OTHER_PW=hunter2 \
	$PARC --config ad.conf --db ad.db sync corp
grep -Eq '^Max core file size +0 +0 ' core.txt ||
	fail "parc may dump core: $(cat core.txt)"
[ "$(cat env.txt)" = clean ] || fail "password_command saw OTHER_PW"
chmod 666 ad.conf
expect 2 "refused: $PWD/ad.conf has mode 0666, writable by others" -- \
	$PARC --config "$PWD/ad.conf" --db ad.db sync corp
chmod 644 ad.conf

# --- nothing from outside reaches the terminal raw ---
esc=$(printf '\033')
bel=$(printf '\007')
rlo=$(printf '\342\200\256')
$PARC "fr${esc}[2Job${rlo}" 2>esc.err
grep -qF "unknown command 'fr\x1b[2Job\u202e'" esc.err ||
	fail "an argument echoed raw: $(od -c esc.err | head -3)"
mkdir -p "fleet/web${esc}]0;pwned${bel}/etc"
printf 'alice ALL = (root\n' >"fleet/web${esc}]0;pwned${bel}/etc/sudoers"
printf '[source f]\nkind = sudoers\nroot = fleet\n' >esc.conf
$PARC --config esc.conf --db esc.db init >/dev/null || fail "init esc.db"
$PARC --config esc.conf --db esc.db sync >esc.out 2>esc.err
grep -q "$esc\|$bel\|$rlo" esc.out esc.err &&
	fail "parc sync printed a control character: $(od -c esc.err | head -3)"
grep -qF 'web\x1b]0;pwned\x07/etc/sudoers:1:18: syntax error' esc.err ||
	fail "the escaped file name is missing: $(cat esc.err)"

# --- dates are parsed strictly ---
expect 2 "--since wants a date YYYY-MM-DD or a time YYYY-MM-DDTHH:MM:SSZ, not '2099-01-01garbage'" \
	-- $PARC --config parc.conf export siem --since 2099-01-01garbage
expect 2 "not '2026-02-30'" -- $PARC --config parc.conf export siem --since 2026-02-30
expect 0 "" -- $PARC --config parc.conf export siem --since 2026-02-28

# --- nesting to any depth: LDIF groups 65 and 10,000 deep, with a cycle ---
for depth in 65 10000; do
	/usr/bin/python3 - "$depth" >deep.ldif <<'PY'
import base64, struct, sys
n = int(sys.argv[1])
def sid(rid):
    b = struct.pack("<BB6s5I", 1, 5, b"\0\0\0\0\0\5", 21, 1, 2, 3, rid)
    return base64.b64encode(b).decode()
dn = lambda c: "CN=%s,CN=Users,DC=corp,DC=example" % c
print("dn: " + dn("eve") + "\nobjectClass: user\ncn: eve\n"
      "sAMAccountName: eve\nobjectSid:: " + sid(1000) + "\n")
for i in range(1, n + 1):
    print("dn: %s\nobjectClass: group\ncn: G%d\nsAMAccountName: G%d\n"
          "groupType: -2147483646\nobjectSid:: %s" % (dn("G%d" % i), i, i,
          sid(2000 + i)))
    print("member: " + dn("eve" if i == 1 else "G%d" % (i - 1)))
    if i == 1:
        print("member: " + dn("G%d" % n))  # the cycle
    print()
PY
	printf '[source deep]\nkind = ldif\npath = deep.ldif\nprivileged_groups = G%s\n' \
		"$depth" >deep.conf
	rm -f deep.db
	$PARC --config deep.conf --db deep.db init >/dev/null || fail "init deep.db"
	expect 0 "" -- $PARC --config deep.conf --db deep.db sync
	got=$(sqlite3 deep.db "SELECT g.depth FROM effective_grant g JOIN
	    principal p ON p.id = g.account_id WHERE p.name = 'eve'")
	[ "$got" = "$depth" ] ||
		fail "eve behind $depth nested groups: depth '$got', not $depth"
done

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
