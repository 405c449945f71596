#!/bin/sh
# The demo organisation is the same bytes on every run: parc demo for 30,
# 250 and 3000 people, every file's SHA-256 against
# tests/data/demo/people-N.sha256. Those were recorded from the generator
# before its name tables moved out of tui/demo/demo.c into share/demo/;
# a deliberate change of the demo (the generator or share/demo/*.tsv)
# records them again:
#   (cd DIR && find . -type f | LC_ALL=C sort | xargs sha256sum)
# And a broken name table is an error naming its file and line (exit 4).
set -u
export HOME="$TMPDIR/home" LC_ALL=C.UTF-8
unset XDG_DATA_HOME XDG_CONFIG_HOME PARC_DB PARC_CONFIG
mkdir -p "$HOME"

. "$SRCDIR/tests/integ/lib/expect.subr"

for n in 30 250 3000; do
	dir=$TMPDIR/demo-$n
	expect 0 "" -- $PARC --db "$TMPDIR/demo-$n.db" demo --no-console \
	    --people $n --dir "$dir"
	grep -q "^people: *$n " out.txt || fail "demo $n said $(cat out.txt)"
	(cd "$dir" && find . -type f | LC_ALL=C sort | xargs sha256sum) \
	    >got-$n.sha256
	diff "$SRCDIR/tests/data/demo/people-$n.sha256" got-$n.sha256 \
	    >diff-$n.txt || fail "the demo of $n people changed: $(cat diff-$n.txt)"
done

# --- what a reviewer must see in the demo (issue 14) ---
# A mailing list nested in Domain Admins: a member still, conferring
# nothing, so no holder's path goes through it.
db=$TMPDIR/demo-250.db
$PARC --db "$db" inventory --all --json >inv.json || fail "inventory --json"
grep -q '"Admin Announcements"' inv.json &&
	fail "a holder through the distribution group: $(grep -c 'Admin Announcements' inv.json)"
grep -q '"Domain Admins"' inv.json || fail "the demo has no Domain Admins holders"
q() { sqlite3 "$db" "$1"; }
[ "$(q "SELECT p.attrs ->> 'confers' FROM membership m JOIN principal p
    ON p.id = m.member_id JOIN principal g ON g.id = m.group_id
    WHERE p.name = 'Admin Announcements' AND g.name = 'Domain Admins'")" = 0 ] ||
	fail "Admin Announcements is not a member of Domain Admins conferring nothing"
[ "$(q "SELECT count(*) FROM membership m JOIN principal g ON g.id = m.group_id
    WHERE g.name = 'Admin Announcements'")" -ge 2 ] ||
	fail "Admin Announcements has no members"
# the former admin whose adminCount stayed behind
$PARC --db "$db" findings --json >findings.json
grep -q '"kind": "orphaned-admincount".*adminCount=1 but is no longer' \
    findings.json || fail "the demo has no orphaned-admincount finding"
# sudo rules that are root in one step: tier 0, saying how
grep -q '"entitlement": "root /usr/bin/less /var/log/nginx/\* on web01".*"tier": 0, "reason": "/usr/bin/less: less has a shell escape: !sh' \
    inv.json || fail "less on web01 is not tier 0, saying how"

# --- the name tables are data: errors name the file and line ---
share=$TMPDIR/share
cp -R "$PARC_SHARE" "$share"
printf 'xx\t3\n' >>"$share/demo/cultures.tsv"
PARC_SHARE=$share expect 4 \
    "$share/demo/cultures.tsv:29: expected 3 tab-separated fields" -- \
    $PARC --db "$TMPDIR/bad.db" demo --no-console --dir "$TMPDIR/bad"
cp "$PARC_SHARE/demo/cultures.tsv" "$share/demo/cultures.tsv"
printf 'kl\tAputsiaq\taputsiaq\tm\n' >>"$share/demo/first-names.tsv"
PARC_SHARE=$share expect 4 \
    "first-names.tsv:112: culture \"kl\" is not in cultures.tsv" -- \
    $PARC --db "$TMPDIR/bad.db" demo --no-console --dir "$TMPDIR/bad"
cp "$PARC_SHARE/demo/first-names.tsv" "$share/demo/first-names.tsv"
grep -v '^Security	' "$PARC_SHARE/demo/departments.tsv" \
    >"$share/demo/departments.tsv"
grep -v '^Security	' "$PARC_SHARE/demo/titles.tsv" >"$share/demo/titles.tsv"
PARC_SHARE=$share expect 4 \
    "departments.tsv: no department \"Security\" (the demo's story needs it)" -- \
    $PARC --db "$TMPDIR/bad.db" demo --no-console --dir "$TMPDIR/bad"
rm "$share/demo/titles.tsv"
PARC_SHARE=$share expect 4 "open $share/demo/titles.tsv: No such file" -- \
    $PARC --db "$TMPDIR/bad.db" demo --no-console --dir "$TMPDIR/bad"

[ $fails -eq 0 ] || exit 1
