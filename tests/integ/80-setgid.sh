#!/bin/sh
# The shared deployment of TRUST in parc(1), end to end: parc installed
# setgid to its own group (make install SETGID_GROUP=...), the database
# folder 2770 and the files 0660 of that group (parc init --shared), the
# signing key readable by the group only. Two OS users made by the test,
# neither in the group: a reviewer decides through parc, yet cannot open
# the database for writing, cannot read the key, cannot point parc at
# another database or configuration, and reads no report (issue 17's read
# policy); an auditor reads them, but cannot get parc to write a file
# where they could not (-o into the group's folder, a planted symbolic
# link as the SIEM cursor's .tmp), and verifies a copy with the public key
# alone. Needs root (useradd); skips otherwise.
set -u
. "$SRCDIR/tests/integ/lib/expect.subr"
export LC_ALL=C.UTF-8
unset XDG_DATA_HOME XDG_CONFIG_HOME PARC_DB PARC_CONFIG

if [ "$(id -u)" -ne 0 ]; then
	echo "skip: 80-setgid makes OS users and a group (useradd): run as root"
	exit 77
fi
for t in useradd userdel groupadd groupdel runuser sqlite3; do
	command -v $t >/dev/null 2>&1 ||
		{ echo "skip: 80-setgid needs $t"; exit 77; }
done

n=$$
G=parcg$n R=parcr$n A=parca$n
base=$(mktemp -d /tmp/parc-setgid.XXXXXX) || exit 2
chmod 755 "$base"
cleanup() {
	userdel "$R" 2>/dev/null
	userdel "$A" 2>/dev/null
	groupdel "$G" 2>/dev/null
	rm -rf "$base"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP
groupadd "$G" || exit 2
useradd -M -d "$base/home/$R" -s /bin/sh "$R" || exit 2
useradd -M -d "$base/home/$A" -s /bin/sh "$A" || exit 2
for u in $R $A; do
	mkdir -p "$base/home/$u" && chown "$u" "$base/home/$u" &&
		chmod 700 "$base/home/$u" || exit 2
done

# --- install parc setgid into a scratch prefix, its system file there ---
build=$(dirname "$PARC")
make -s -C "$build" install INST_DIR="$base/build" prefix="$base/prefix" \
	PARC_SYSCONF="$base/etc/parc.conf" SETGID_GROUP="$G" >make.log 2>&1 ||
	{ cat make.log; exit 1; }
P=$base/prefix/bin/parc
[ "$(stat -c '%a %G' "$P")" = "2755 $G" ] ||
	fail "parc installed $(stat -c '%a %G' "$P"), not 2755 $G"

mkdir -p "$base/etc" "$base/var" "$base/work"
cat >"$base/etc/hr.csv" <<CSV
employee_id,display_name,email,login,manager_id,department,status,end_date
E9000,Ivy Iam,ivy@corp.example,ivy,,IAM,active,
E1001,Alice A,alice@corp.example,alice,E9000,IT,active,
E1002,Bob B,bob@corp.example,bob,E9000,IT,active,
E1003,Carol C,carol@corp.example,carol,E1002,IT,terminated,2026-01-31
CSV
# the AD export with its dates moved to today (lib/fixtures.subr)
. "$SRCDIR/tests/integ/lib/fixtures.subr"
corp_ldif "$base/etc/corp.ldif"
cat >"$base/etc/parc.conf" <<CONF
[parc]
database = $base/var/parc.db
signing_key = $base/var/signing.key

[source hr]
kind = people
path = hr.csv

[source corp]
kind = ldif
path = $base/etc/corp.ldif
CONF
chmod -R go-w "$base/etc"
cd "$base/work" || exit 2
due=$(date -u -d '+30 days' +%F)

# as USER: a login shell's environment, the user's own TMPDIR and HOME
as() {
	u=$1
	shift
	runuser -u "$u" -- env TMPDIR=/tmp HOME="$base/home/$u" "$@"
}

# --- root sets it up: shared database, key, a campaign for the reviewer ---
expect 0 "" -- "$P" init --shared "$G" --new-key
grep -q "^shared with group $G: folder 2770, database, WAL and SHM 0660" \
	out.txt || fail "init --shared said $(cat out.txt)"
expect 0 "" -- "$P" sync --quiet
expect 0 "" -- "$P" role grant "$R" reviewer
expect 0 "" -- "$P" role grant "$A" auditor
expect 0 "" -- "$P" campaign create q1 --due "$due" --reviewer "$R"
item=$(sqlite3 "$base/var/parc.db" "SELECT min(id) FROM review_item")
item2=$(sqlite3 "$base/var/parc.db" "SELECT max(id) FROM review_item")
[ "$item" != "$item2" ] || fail "the campaign needs two items"

modes() { stat -c '%a %U:%G' "$@"; }
[ "$(modes "$base/var")" = "2770 root:$G" ] ||
	fail "database folder is $(modes "$base/var")"
[ "$(modes "$base/var/parc.db")" = "660 root:$G" ] ||
	fail "database is $(modes "$base/var/parc.db")"
[ "$(modes "$base/var/signing.key")" = "640 root:$G" ] ||
	fail "signing key is $(modes "$base/var/signing.key")"

# --- the reviewer decides through parc, as themselves ---
expect 0 "" -- as "$R" "$P" decide "$item" approve --comment "still needed"
grep -qx "item $item: approve" out.txt || fail "decide said $(cat out.txt)"
by=$(sqlite3 "$base/var/parc.db" "SELECT decided_by FROM decision
	WHERE item_id = $item")
[ "$by" = "$R" ] || fail "the decision records '$by', not $R"
# identity is the real uid, never the environment
expect 0 "" -- as "$R" env USER=root LOGNAME=root "$P" decide "$item2" \
	revoke --comment "left the team"
by=$(sqlite3 "$base/var/parc.db" "SELECT decided_by FROM decision
	WHERE item_id = $item2")
[ "$by" = "$R" ] || fail "USER=root made the decision '$by's"
expect 5 "--as is for admins" -- as "$R" "$P" decide "$item" undo --as root
# the WAL and SHM a reviewer's parc made: the group's, never the world's
for f in "$base/var/parc.db-wal" "$base/var/parc.db-shm"; do
	[ -e "$f" ] || continue
	case $(stat -c '%a %G' "$f") in
	"660 $G" | "640 $G" | "600 $G") ;;
	*) fail "$f is $(stat -c '%a %G' "$f")" ;;
	esac
done

# --- but cannot write the database or read the key themselves ---
refused() { if "$@" >/dev/null 2>&1; then fail "$* was allowed"; fi; }
refused as "$R" sh -c ": >>'$base/var/parc.db'"
refused as "$R" cat "$base/var/signing.key"
refused as "$R" sqlite3 "$base/var/parc.db" "UPDATE decision SET comment = 'x'"
# nor point parc at another database or configuration
as "$R" sh -c "cp /dev/null '$base/home/$R/mine.conf'"
expect 5 "--db is refused: parc runs setgid and $R is not a parc admin" -- \
	as "$R" "$P" --db "$base/home/$R/mine.db" sources
expect 5 "--config is refused" -- \
	as "$R" "$P" --config "$base/home/$R/mine.conf" sources
expect 5 "\$PARC_DB is refused" -- \
	as "$R" env PARC_DB="$base/var/other.db" "$P" sources
expect 5 "\$PARC_CONFIG is refused" -- \
	as "$R" env PARC_CONFIG="$base/home/$R/mine.conf" "$P" sources
# nor sync (sources read with the group's rights), nor bring catalogs
expect 5 "sync is refused: parc runs setgid and $R is not a parc admin" -- \
	as "$R" "$P" sync
# nor set up the database or a key of their own
expect 5 "only root sets up its database and key" -- as "$R" "$P" init --new-key
# a file parc reads for the caller is read with the caller's rights
expect 4 "Permission denied" -- as "$R" "$P" verify \
	--pubkey "$base/var/signing.key"

# --- a reviewer reads their own items only (issue 17): no report ---
expect 5 "reading a report is for admins and auditors, and $R is a reviewer" \
	-- as "$R" "$P" report evidence q1 -f json -o "$base/home/$R/ev.json"
[ -e "$base/home/$R/ev.json" ] && fail "a refused report left a file"

# --- nor does parc write, for the auditor who may read the reports,
# where the auditor could not ---
mkdir -m 2770 "$base/grouponly" && chgrp "$G" "$base/grouponly"
expect 4 "Permission denied" -- as "$A" "$P" report evidence q1 -f json \
	-o "$base/grouponly/ev.json"
[ -z "$(ls -A "$base/grouponly")" ] || fail "parc wrote into the group's folder"
expect 4 "Permission denied" -- as "$A" "$P" report evidence q1 -f json \
	-o "$base/var/ev.json"
ls "$base/var" | grep -q ev.json && fail "parc wrote into the database folder"
# a symbolic link planted as the cursor's .tmp is never followed
h=$base/home/$A
sum=$(sha256sum <"$base/var/parc.db")
as "$A" ln -s "$base/var/parc.db" "$h/cursor.tmp"
expect 0 "" -- as "$A" "$P" export siem --cursor "$h/cursor" -o "$h/s.jsonl"
[ "$(sha256sum <"$base/var/parc.db")" = "$sum" ] ||
	fail "the export through a planted link changed the database"
[ -L "$h/cursor.tmp" ] && fail "the planted link is still there"
grep -q '^audit=[1-9][0-9]* finding=' "$h/cursor" ||
	fail "cursor: $(cat "$h/cursor")"
as "$A" ln -s "$base/grouponly/pwned" "$h/cursor.tmp"
expect 0 "" -- as "$A" "$P" export siem --cursor "$h/cursor" -o "$h/s2.jsonl"
[ -e "$base/grouponly/pwned" ] && fail "the cursor's .tmp followed a link"
# a report is the caller's, mode 0600
expect 0 "" -- as "$A" "$P" report evidence q1 -f json -o "$h/ev.json"
[ "$(modes "$h/ev.json")" = "600 $A:$A" ] ||
	fail "report is $(modes "$h/ev.json")"

# --- the auditor verifies; with the public key alone on a copy ---
expect 0 "" -- as "$A" "$P" verify
grep -q "^signatures: [0-9]* checkpoints by key SHA256:[0-9a-f]* hold" \
	out.txt || fail "verify said $(cat out.txt)"
expect 0 "" -- as "$A" "$P" verify --print-pubkey
cp out.txt pub.pem
cmp -s pub.pem "$base/var/signing.key.pub" || fail "--print-pubkey differs"
cp "$base/var/parc.db" copy.db
chmod 644 copy.db pub.pem
mkdir -m 755 "$base/copy" && cp copy.db pub.pem "$base/copy/" &&
	chmod 644 "$base/copy/"*
expect 0 "" -- as "$A" "$P" verify --pubkey "$base/copy/pub.pem"
expect 0 "" -- "$P" verify --against "$h/ev.json"
grep -q "evidence report" out.txt || fail "verify --against said $(cat out.txt)"

[ $fails -eq 0 ]
