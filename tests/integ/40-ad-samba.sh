#!/bin/sh
# kind = ad against a real Active Directory: a Samba AD DC provisioned in
# this test's folder on 127.0.0.1, seeded over LDAPS (tests/integ/lib/
# ad_seed.py says with what), synced with the real parc. Asserts every
# Tier-0 group's exact transitive members with their paths, the same
# through kind = ldif on an ldapsearch export of the directory, the facts
# findings need, and the faults: wrong password, plain LDAP, untrusted
# certificate, unreachable server, a DC that stops answering (timeout)
# and one that goes away mid-pull; each exits 3 (2 for parc's own
# refusal) and leaves the previous snapshot as it was. Distribution groups
# confer nothing: the DC's own tokenGroups of every seeded account is the
# oracle for parc's tier-0 group holders; an account with adminCount=1
# outside every protected group is an orphaned-admincount finding.
set -u
if [ "$(id -u)" -ne 0 ]; then
	echo "skip: a Samba domain controller needs root (ports 389, 636)"
	exit 77
fi
export HOME="$TMPDIR/home" LC_ALL=C.UTF-8
unset XDG_DATA_HOME XDG_CONFIG_HOME PARC_DB PARC_CONFIG
mkdir -p "$HOME"
lib=$SRCDIR/tests/integ/lib
NBULK=2000

. "$SRCDIR/tests/integ/lib/expect.subr"

. "$lib/samba-dc.subr"
t0=$(date +%s)
dc_start "$TMPDIR/dc" || {
	echo "FAIL: cannot start the Samba DC"
	exit 1
}
echo "DC up in $(($(date +%s) - t0)) s"

# --- seed ---
t0=$(date +%s)
python3 "$lib/ad_seed.py" seed "$DC_BASE" $NBULK "$TMPDIR" || exit 1
dc_ldap ldapadd -x -H "$DC_URI" -D "$DC_ADMIN" -y "$DC_PASSFILE" \
    -f add.ldif >seed.log 2>&1 || {
	tail -n 20 seed.log
	echo "FAIL: seeding"
	exit 1
}
dc_ldap ldapmodify -x -H "$DC_URI" -D "$DC_ADMIN" -y "$DC_PASSFILE" \
    -f mod.ldif >>seed.log 2>&1 || {
	tail -n 20 seed.log
	echo "FAIL: seeding (modify)"
	exit 1
}
echo "seeded $((NBULK + 13)) users in $(($(date +%s) - t0)) s"
# What the test relies on: dave is in Domain Admins by primaryGroupID only.
dc_ldap ldapsearch -x -LLL -H "$DC_URI" -D "$DC_ADMIN" -y "$DC_PASSFILE" \
    -b "CN=Domain Admins,CN=Users,$DC_BASE" -s base member >da.ldif
grep -q 'CN=dave,' da.ldif && fail "Samba lists dave in Domain Admins' member"
grep -q 'CN=svc_sql,' da.ldif || fail "svc_sql is not in Domain Admins"

# --- sync over LDAPS, member lists read range by range ---
cat >parc.conf <<CONF
[parc]
database = $TMPDIR/parc.db

[source corp]
kind = ad
uri = $DC_URI
base_dn = $DC_BASE
bind_dn = $DC_ADMIN
password_file = $DC_PASSFILE
ca_file = $DC_CA
page_size = 100
member_range = 700
privileged_groups = SQL Admins
CONF
export PARC_CONFIG=$TMPDIR/parc.conf
expect 0 "" -- $PARC init
t0=$(date +%s)
expect 0 "" -- $PARC sync
echo "parc sync (ldaps, ranges of 700): $(($(date +%s) - t0)) s"
$PARC inventory --all --json >inv1.json || fail "inventory --json"
python3 "$lib/ad_seed.py" check inv1.json $NBULK || fail "Tier-0 members (ad)"

# the facts findings need, from the database
q() { sqlite3 "$TMPDIR/parc.db" "$1"; }
[ "$(q "SELECT kind || ' ' || (attrs ->> 'spn' ->> 0) FROM principal
    WHERE name = 'svc_sql'")" = "service MSSQLSvc/sql01.parc.test:1433" ] ||
	fail "svc_sql is not a service account with its SPN"
[ "$(q "SELECT enabled FROM principal WHERE name = 'erin'")" = 0 ] ||
	fail "erin is not disabled"
[ "$(q "SELECT (attrs ->> 'admin_count') || (attrs ->> 'protected')
    FROM principal WHERE name = 'grace'")" = 10 ] ||
	fail "grace: adminCount 1 and in no protected group"
[ "$(q "SELECT attrs ->> 'protected' FROM principal WHERE name = 'frank'")" = 1 ] ||
	fail "frank is protected through the cycle"
[ "$(q "SELECT last_used_at FROM principal WHERE name = 'bob'")" = \
    2025-01-02T00:00:00Z ] || fail "bob's lastLogonTimestamp"
[ "$(q "SELECT (attrs ->> 'manager') || ' ' || (attrs ->> 'manager_employee_id')
    FROM principal WHERE name = 'alice'")" = "grace E2008" ] ||
	fail "alice's manager"
[ "$(q "SELECT display_name FROM principal WHERE name = 'carol'")" = \
    "Carol Núñez" ] || fail "carol's display name"
q "SELECT created_at FROM principal WHERE name = 'alice'" |
    grep -qE '^20[0-9]{2}-[01][0-9]-[0-3][0-9]T[0-9:]{8}Z$' ||
	fail "whenCreated is not decoded"
[ "$(q "SELECT attrs ->> 'primary_group' FROM principal WHERE name = 'dave'")" = \
    "Domain Admins" ] || fail "dave's primary group"

# --- distribution groups confer nothing; the DC's tokenGroups decides ---
grep -q '"Dist ' inv1.json &&
	fail "a holder through a distribution group: $(grep -c '"Dist ' inv1.json) rows"
[ "$(q "SELECT (attrs ->> 'security') || (attrs ->> 'confers') FROM principal
    WHERE name = 'Dist Top'")" = 00 ] ||
	fail "Dist Top is not marked as a distribution group conferring nothing"
[ "$(q "SELECT count(*) FROM membership m JOIN principal p ON p.id = m.member_id
    JOIN principal g ON g.id = m.group_id WHERE p.name = 'Dist Top'
    AND g.name = 'Account Operators'")" = 1 ] ||
	fail "Dist Top is not shown as a member of Account Operators"
for u in Administrator grace alice bob carol dave erin frank svc_sql \
    dina sam mona ulla olaf; do
	dn="CN=$u,OU=parc,$DC_BASE"
	[ $u = Administrator ] && dn="CN=Administrator,CN=Users,$DC_BASE"
	dc_ldap ldapsearch -x -LLL -o ldif-wrap=no -H "$DC_URI" \
	    -D "$DC_ADMIN" -y "$DC_PASSFILE" -b "$dn" -s base \
	    sAMAccountName tokenGroups || fail "tokenGroups of $u"
done >tokens.ldif
[ "$(grep -c '^tokenGroups::' tokens.ldif)" -gt 14 ] ||
	fail "the DC gave no tokenGroups: $(head -5 tokens.ldif)"
python3 "$lib/ad_seed.py" tokengroups tokens.ldif "$TMPDIR/parc.db" ||
	fail "parc's tier-0 groups differ from the DC's tokenGroups"

# --- orphaned adminCount: grace (never in a protected group) and olaf
# (in Account Operators only through a distribution group) ---
[ "$(q "SELECT group_concat(name, ' ') FROM (SELECT p.name FROM finding f
    JOIN principal p ON p.id = f.principal_id
    WHERE f.kind = 'orphaned-admincount' ORDER BY 1)")" = "grace olaf" ] ||
	fail "orphaned adminCount: $(q "SELECT group_concat(p.name) FROM finding f
	    JOIN principal p ON p.id = f.principal_id
	    WHERE f.kind = 'orphaned-admincount'")"
$PARC findings --json >findings.json
grep -q '"kind": "orphaned-admincount".*"account": "olaf".*adminCount=1 but is no longer' \
    findings.json || fail "parc findings does not show olaf's orphaned adminCount"

# --- the same directory through StartTLS and the server's own ranges ---
sed -e "s|^uri = .*|uri = ldap://$DC_HOST|" -e '/member_range/d' \
    parc.conf >starttls.conf
expect 0 "" -- $PARC --config starttls.conf --db st.db init
expect 0 "" -- $PARC --config starttls.conf --db st.db sync
$PARC --config starttls.conf --db st.db inventory --all --json >inv2.json
python3 "$lib/ad_seed.py" check inv2.json $NBULK || fail "Tier-0 members (StartTLS)"

# --- no page_size: plain searches (nothing cuts them on Samba), the
# same records as the paged pull ---
sed -e '/^page_size/d' parc.conf >plain.conf
expect 0 "" -- $PARC --config plain.conf --db plain.db init
expect 0 "" -- $PARC --config plain.conf --db plain.db sync
$PARC --config plain.conf --db plain.db inventory --all --json >inv3.json
python3 "$lib/ad_seed.py" check inv3.json $NBULK || fail "Tier-0 members (plain)"
recs() { # DB: what a pull kept, ids aside
	sqlite3 "$1" "SELECT ext_id, name, kind, enabled, email, upn,
	    employee_id, created_at, last_used_at, password_last_set, attrs
	    FROM principal ORDER BY ext_id;
	    SELECT m.ext_id, g.ext_id FROM membership
	    JOIN principal m ON m.id = member_id
	    JOIN principal g ON g.id = group_id ORDER BY 1, 2;
	    SELECT p.ext_id, n.ext_id, g.depth, g.path FROM effective_grant g
	    JOIN principal p ON p.id = g.account_id
	    JOIN entitlement n ON n.id = g.entitlement_id ORDER BY 1, 2, 4"
}
recs "$TMPDIR/parc.db" >paged.recs
recs plain.db >plain.recs
[ -s paged.recs ] && cmp -s paged.recs plain.recs ||
	fail "plain searches kept other records: $(diff paged.recs plain.recs | head -5)"

# --- pages of 2 and ranges of 1 under CN=Users: a range read pulls the
# next page into libldap before poll() can see it, and here the groups
# search outlasts the users search (parc once waited for timeout then) ---
sed -e "s|^base_dn = .*|base_dn = CN=Users,$DC_BASE|" \
    -e 's|^page_size = .*|page_size = 2|' \
    -e 's|^member_range = .*|member_range = 1\ntimeout = 4|' \
    parc.conf >tiny.conf
expect 0 "" -- $PARC --config tiny.conf --db tiny.db init
expect 0 "" -- $PARC --config tiny.conf --db tiny.db sync
[ "$(sqlite3 tiny.db "SELECT count(*) FROM effective_grant g
    JOIN principal p ON p.id = g.account_id
    JOIN entitlement n ON n.id = g.entitlement_id
    WHERE p.name = 'Administrator' AND n.name = 'Domain Admins'")" = 1 ] ||
	fail "tiny pages: Administrator is not in Domain Admins"

# --- the same assertions through kind = ldif on an ldapsearch export ---
t0=$(date +%s)
dc_ldap ldapsearch -x -H "$DC_URI" -D "$DC_ADMIN" -y "$DC_PASSFILE" \
    -E pr=1000/noprompt -b "$DC_BASE" \
    '(|(objectClass=user)(objectClass=group)(objectClass=foreignSecurityPrincipal))' \
    objectClass sAMAccountName userPrincipalName objectSid \
    userAccountControl lastLogonTimestamp pwdLastSet whenCreated \
    accountExpires manager mail employeeID displayName \
    servicePrincipalName adminCount primaryGroupID description member \
    groupType managedBy >export.ldif || fail "ldapsearch export"
echo "ldapsearch (paged) export: $(($(date +%s) - t0)) s"
grep -q '^ref: ' export.ldif || fail "the export has no continuation references"
cat >ldif.conf <<CONF
[source corp]
kind = ldif
path = export.ldif
privileged_groups = SQL Admins
CONF
expect 0 "" -- $PARC --config ldif.conf --db ldif.db init
expect 0 "" -- $PARC --config ldif.conf --db ldif.db sync
$PARC --config ldif.conf --db ldif.db inventory --all --json >inv3.json
python3 "$lib/ad_seed.py" check inv3.json $NBULK || fail "Tier-0 members (ldif)"
# the two paths agree on every principal's facts, not only on grants
for db in parc.db ldif.db; do
	sqlite3 "$TMPDIR/$db" "SELECT ext_id, name, kind, enabled,
	    last_used_at, password_last_set, created_at, attrs FROM principal
	    ORDER BY ext_id" >"$db.principals"
done
cmp -s parc.db.principals ldif.db.principals ||
	fail "ad and ldif disagree: $(diff parc.db.principals ldif.db.principals | head -5)"

# --- faults: each leaves the snapshot as it was ---
$PARC inventory --all --json >before.json
same() {
	$PARC inventory --all --json >after.json
	cmp -s before.json after.json || fail "$1 changed the snapshot"
}

sed 's|^password_file = .*|password_env = WRONG_PW|' parc.conf >wrong.conf
WRONG_PW=not-the-password expect 3 \
    "source corp: $DC_URI: bind as $DC_ADMIN: Invalid credentials" -- \
    env WRONG_PW=not-the-password $PARC --config wrong.conf sync
grep -q not-the-password err.txt && fail "the password was printed"
same "a wrong password"

sed -e "s|^uri = .*|uri = ldap://$DC_HOST|" -e '$a starttls = no' \
    parc.conf >plain.conf
expect 2 "would send the bind password in clear" -- \
    $PARC --config plain.conf sync
sed -e '$a allow_insecure = yes' plain.conf >plain2.conf
expect 3 "source corp: ldap://$DC_HOST: bind as $DC_ADMIN: Strong(er) authentication required" -- \
    $PARC --config plain2.conf sync
same "a plain LDAP bind"

sed '/^ca_file/d' parc.conf >noca.conf
expect 3 "source corp: $DC_URI: connect (TLS): Can't contact LDAP server" -- \
    $PARC --config noca.conf sync
grep -q "certificate" err.txt || fail "untrusted certificate not named: $(cat err.txt)"
same "an untrusted certificate"

sed 's|^uri = .*|uri = ldaps://127.0.0.1:1|' parc.conf >unreach.conf
expect 3 "source corp: ldaps://127.0.0.1:1: connect (TLS): Can't contact LDAP server" -- \
    $PARC --config unreach.conf sync
same "an unreachable server"

# A relay between parc and the DC (tests/integ/lib/tcp_cut.py) holds
# the conversation after 200 kB from the server: mid-pull, every time.
cut() { # PORT FLAG [TIMEOUT]: parc's timeout, 2 s unless given
	rm -f "$2" relay.out
	python3 "$lib/tcp_cut.py" "$1" 636 200000 "$2" "$DC_IP" >relay.out 2>&1 &
	relay=$!
	i=0
	until grep -q listening relay.out || [ $i -gt 100 ]; do
		sleep 0.05
		i=$((i + 1))
	done
	sed -e "s|^uri = .*|uri = ldaps://$DC_HOST:$1|" \
	    -e 's/^page_size = .*/page_size = 50/' -e "\$a timeout = ${3:-2}" \
	    parc.conf >cut.conf
}

# A DC that stops answering mid-pull: the request times out.
cut 16360 stall.flag
expect 3 "source corp: ldaps://$DC_HOST:16360: search (" -- \
    $PARC --config cut.conf sync
grep -qF "Timed out (no answer within timeout seconds)" err.txt ||
	fail "a stalled DC said: $(cat err.txt)"
[ -e stall.flag ] || fail "the relay did not cut the conversation"
rm -f stall.flag
sleep 0.2
kill $relay 2>/dev/null
wait $relay
same "a timeout"

# The DC going away mid-pull. Killing the DC (every process of it, then
# the relay lets go) may take a busy machine seconds: parc must not time
# out first, so it waits 30 s here.
cut 16361 gone.flag 30
$PARC --config cut.conf sync >out.txt 2>err.txt &
ppid=$!
i=0
until [ -e gone.flag ] || ! kill -0 $ppid 2>/dev/null || [ $i -gt 200 ]; do
	sleep 0.05
	i=$((i + 1))
done
[ -e gone.flag ] || fail "the relay did not cut the conversation"
dc_kill
rm -f gone.flag
wait $ppid
got=$?
kill $relay 2>/dev/null
wait $relay
[ $got -eq 3 ] || fail "a DC gone mid-pull: exit $got: $(cat err.txt)"
grep -qF "source corp: ldaps://$DC_HOST:16361: search (" err.txt &&
    grep -qF "Can't contact LDAP server" err.txt ||
	fail "a DC gone mid-pull said: $(cat err.txt)"
same "a DC gone mid-pull"
[ "$($PARC sources --json | python3 -c 'import json,sys
print(json.load(sys.stdin)[0]["status"])')" = failed ] ||
	fail "sources does not show the failed run"

dc_stop
[ $fails -eq 0 ] || exit 1
echo "all AD assertions passed"
