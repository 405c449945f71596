#!/bin/sh
# kind = ad with sasl_mech = GSSAPI against a real Samba AD DC (LDAP and
# its KDC) on loopback: a ticket the way an unattended sync gets one (a
# keytab: KRB5_CLIENT_KTNAME, or kinit -k -t) and with a password (kinit).
# Asserts the exact Tier-0 members and paths of a nested group after a
# sync over plain ldap:// (the SASL layer seals), over ldaps:// and over
# StartTLS (no second layer; Samba needs 'ldap server require strong auth
# = allow_sasl_over_tls' for those, Windows AD does not); that Samba's
# default refusal over TLS says why; and the Kerberos faults (no ticket,
# an expired one, no KDC): one line naming source, uri and step, exit 3,
# snapshot as it was.
set -u
if [ "$(id -u)" -ne 0 ]; then
	echo "skip: a Samba domain controller needs root (ports 88, 389, 636)"
	exit 77
fi
for t in samba samba-tool ldapsearch ldapmodify kinit klist sqlite3 \
    python3; do
	command -v $t >/dev/null || {
		echo "skip: $t is missing (sh share/install-deps)"
		exit 77
	}
done
ls /usr/lib/*/sasl2/libgssapiv2.so* >/dev/null 2>&1 || {
	echo "skip: libsasl's GSSAPI module is missing (libsasl2-modules-gssapi-mit)"
	exit 77
}
export HOME="$TMPDIR/home" LC_ALL=C.UTF-8
unset XDG_DATA_HOME XDG_CONFIG_HOME PARC_DB PARC_CONFIG KRB5CCNAME \
    KRB5_CLIENT_KTNAME KRB5_KTNAME
mkdir -p "$HOME"
lib=$SRCDIR/tests/integ/lib

. "$SRCDIR/tests/integ/lib/expect.subr"
EXPECT_ONE_LINE=1

DC_SERVICES="ldap, kdc"
. "$lib/samba-dc.subr"
t0=$(date +%s)
dc_start "$TMPDIR/dc" || {
	echo "FAIL: cannot start the Samba DC"
	exit 1
}
echo "DC up in $(($(date +%s) - t0)) s"
smbconf=$DC_DIR/etc/smb.conf

# The KDC, found by address alone: no DNS, no reverse lookups.
cat >krb5.conf <<CONF
[libdefaults]
	default_realm = $DC_REALM
	dns_lookup_realm = false
	dns_lookup_kdc = false
	rdns = false
	dns_canonicalize_hostname = false
[realms]
	$DC_REALM = {
		kdc = $DC_IP
	}
CONF
sed "s/kdc = $DC_IP\$/kdc = $DC_IP:1/" krb5.conf >nokdc.conf
export KRB5_CONFIG=$TMPDIR/krb5.conf

# samba_spnupdate (the dnsupdate service, off here) would add the DC's
# ldap/ name; Kerberos asks for ldap/<host in uri>.
samba-tool spn add "ldap/$DC_HOST" 'DC1$' -s "$smbconf" >spn.log 2>&1 || {
	cat spn.log
	echo "FAIL: samba-tool spn add"
	exit 1
}
# The sync's account and its keytab.
samba-tool user create svc_parc 'Svc-Parc-Pass1!' -s "$smbconf" \
    >user.log 2>&1 &&
    samba-tool domain exportkeytab "$TMPDIR/svc_parc.keytab" \
	--principal="svc_parc@$DC_REALM" -s "$smbconf" >>user.log 2>&1 || {
	cat user.log
	echo "FAIL: svc_parc and its keytab"
	exit 1
}
# A ticket that will have expired when it is used.
KRB5CCNAME=FILE:$TMPDIR/cc.expired kinit -l 2s -k -t svc_parc.keytab \
    "svc_parc@$DC_REALM" || fail "kinit -l 2s"
expires=$(($(date +%s) + 3))

# --- seed: gina in Tier0 Ops in Domain Admins ---
cat >seed.ldif <<LDIF
dn: CN=gina,CN=Users,$DC_BASE
objectClass: user
sAMAccountName: gina

dn: CN=Tier0 Ops,CN=Users,$DC_BASE
objectClass: group
sAMAccountName: Tier0 Ops
member: CN=gina,CN=Users,$DC_BASE

dn: CN=Domain Admins,CN=Users,$DC_BASE
changetype: modify
add: member
member: CN=Tier0 Ops,CN=Users,$DC_BASE
LDIF
dc_ldap ldapmodify -a -x -H "$DC_URI" -D "$DC_ADMIN" -y "$DC_PASSFILE" \
    -f seed.ldif >seed.log 2>&1 || {
	cat seed.log
	echo "FAIL: seeding"
	exit 1
}

# Every Tier-0 grant: account, entitlement, path.
tier0() {
	$PARC --config "$1" inventory --all --json >inv.json ||
		fail "inventory --json ($1)"
	python3 -c '
import json, sys
for r in json.load(open("inv.json")):
    if r["tier"] == 0:
        print(r["account"], "|", r["entitlement"], "|", " > ".join(r["path"]))
' | LC_ALL=C sort
}
want_tier0() {
	cat <<EOF
Administrator | Administrator | Administrator > Administrator
Administrator | Administrators | Administrator > Administrators
Administrator | Domain Admins | Administrator > Domain Admins
Administrator | Enterprise Admins | Administrator > Enterprise Admins
Administrator | Schema Admins | Administrator > Schema Admins
DC1\$ | Domain Controllers | DC1\$ > Domain Controllers
gina | Administrators | gina > Tier0 Ops > Domain Admins > Administrators
gina | Domain Admins | gina > Tier0 Ops > Domain Admins
krbtgt | krbtgt | krbtgt > krbtgt
EOF
}
check_tier0() { # CONF WHAT
	tier0 "$1" >got.txt
	want_tier0 >want.txt
	cmp -s got.txt want.txt ||
		fail "Tier-0 ($2): $(diff want.txt got.txt | head -8)"
	# and by whom parc read it: the SASL identity, not a bind_dn
	[ "$(sqlite3 "$TMPDIR/parc.db" "SELECT count(*) FROM principal
	    WHERE name = 'svc_parc'")" = 1 ] || fail "svc_parc not read ($2)"
}

HOST=$DC_HOST
cat >sealed.conf <<CONF
[parc]
database = $TMPDIR/parc.db

[source corp]
kind = ad
uri = ldap://$HOST
starttls = no
base_dn = $DC_BASE
sasl_mech = GSSAPI
CONF
sed -e "s|^uri = .*|uri = ldaps://$HOST|" -e '/^starttls/d' \
    -e "\$a ca_file = $DC_CA" sealed.conf >ldaps.conf
sed "s|^uri = .*|uri = ldap://$HOST|" ldaps.conf >starttls.conf

# --- plain ldap://, sealed; the ticket from a keytab, no ccache yet ---
expect 0 "" -- $PARC --config sealed.conf init
t0=$(date +%s)
expect 0 "" -- env KRB5CCNAME=FILE:$TMPDIR/cc.kt \
    KRB5_CLIENT_KTNAME=$TMPDIR/svc_parc.keytab \
    $PARC --config sealed.conf sync
echo "parc sync (GSSAPI, ldap:// sealed, keytab): $(($(date +%s) - t0)) s"
check_tier0 sealed.conf "ldap:// sealed"

# What crosses the wire over plain ldap:// is sealed: a relay records
# both directions; the SASL bind request names GSSAPI in clear, nothing
# after it shows an attribute name or a group's name.
cat >rec.py <<'PY'
import socket, sys, threading
ip, lport, tport, out = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
ls = socket.socket()
ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
ls.bind((ip, lport))
ls.listen(4)
print("listening", flush=True)
f = open(out, "ab")
lock = threading.Lock()
def pump(a, b):
    while True:
        d = a.recv(65536)
        if not d:
            b.close()
            return
        with lock:
            f.write(d)
            f.flush()
        b.sendall(d)
while True:
    c, _ = ls.accept()
    s = socket.create_connection((ip, tport))
    threading.Thread(target=pump, args=(c, s), daemon=True).start()
    threading.Thread(target=pump, args=(s, c), daemon=True).start()
PY
python3 rec.py "$DC_IP" 3890 389 wire.bin >rec.out 2>&1 &
rec=$!
i=0
until grep -q listening rec.out || [ $i -gt 100 ]; do
	sleep 0.05
	i=$((i + 1))
done
sed "s|^uri = .*|uri = ldap://$HOST:3890|" sealed.conf >relay.conf
expect 0 "" -- env KRB5CCNAME=FILE:$TMPDIR/cc.kt $PARC --config relay.conf sync
kill $rec 2>/dev/null
wait $rec 2>/dev/null
grep -qF GSSAPI wire.bin || fail "the relay saw no SASL bind"
[ "$(wc -c <wire.bin)" -gt 20000 ] || fail "the relay saw too little"
for s in sAMAccountName objectSid 'Tier0 Ops' gina; do
	grep -qaF "$s" wire.bin && fail "'$s' crossed ldap:// in clear"
done

$PARC --config sealed.conf inventory --all --json >before.json
same() {
	$PARC --config sealed.conf inventory --all --json >after.json
	cmp -s before.json after.json || fail "$1 changed the snapshot"
}

# --- Samba's default refuses SASL over TLS either way; parc says why ---
export KRB5CCNAME=FILE:$TMPDIR/cc.kt
expect 3 "source corp: ldaps://$HOST: bind with SASL GSSAPI: Strong(er) authentication required (SASL:[GSSAPI]: Sign or Seal are required.) (the server refuses SASL over TLS without a security layer" -- \
    $PARC --config ldaps.conf sync
grep -qF "allow_sasl_over_tls" err.txt || fail "no hint: $(cat err.txt)"
same "a refused GSSAPI bind over TLS"

# --- the faults: each one line, exit 3, snapshot as it was ---
expect 3 "source corp: ldap://$HOST: bind with SASL GSSAPI (sealed): Local error (SASL(-1): generic failure: GSSAPI Error: No credentials were supplied, or the credentials were unavailable or inaccessible (No Kerberos credentials available (default cache: FILE:$TMPDIR/cc.none)))" -- \
    env KRB5CCNAME=FILE:$TMPDIR/cc.none $PARC --config sealed.conf sync
same "no ticket"
while [ "$(date +%s)" -le "$expires" ]; do
	sleep 0.2
done
expect 3 "source corp: ldap://$HOST: bind with SASL GSSAPI (sealed): Local error (SASL(-1): generic failure: GSSAPI Error: Unspecified GSS failure.  Minor code may provide more information (Ticket expired))" -- \
    env KRB5CCNAME=FILE:$TMPDIR/cc.expired $PARC --config sealed.conf sync
same "an expired ticket"
expect 3 "source corp: ldap://$HOST: bind with SASL GSSAPI (sealed): Local error (SASL(-1): generic failure: GSSAPI Error: No credentials were supplied, or the credentials were unavailable or inaccessible (Cannot contact any KDC for realm '$DC_REALM'))" -- \
    env KRB5_CONFIG=$TMPDIR/nokdc.conf KRB5CCNAME=FILE:$TMPDIR/cc.none2 \
    KRB5_CLIENT_KTNAME=$TMPDIR/svc_parc.keytab \
    $PARC --config sealed.conf sync
same "an unreachable KDC"

# --- a DC that allows SASL over TLS (as Windows AD does by default) ---
# every process of the DC gone before it starts again: a prefork worker
# still dying would hold ports 389 and 636
pids=$(dc_pids)
kill $pids 2>/dev/null
wait "$DC_PID" 2>/dev/null
alive() {
	for p in $pids; do
		kill -0 "$p" 2>/dev/null && return 0
	done
	return 1
}
i=0
while alive && [ $i -lt 300 ]; do
	sleep 0.1
	i=$((i + 1))
done
sed -i 's|^\[global\]|[global]\n\tldap server require strong auth = allow_sasl_over_tls|' \
    "$smbconf"
dc_run || {
	echo "FAIL: cannot restart the Samba DC"
	exit 1
}
# kinit -k -t, then a password: both ccaches serve
KRB5CCNAME=FILE:$TMPDIR/cc.kt kinit -k -t svc_parc.keytab \
    "svc_parc@$DC_REALM" || fail "kinit -k -t"
printf '%s' 'Svc-Parc-Pass1!' | KRB5CCNAME=FILE:$TMPDIR/cc.pw \
    kinit "svc_parc@$DC_REALM" >kinit.log 2>&1 || fail "kinit: $(cat kinit.log)"
sqlite3 "$TMPDIR/parc.db" "UPDATE principal SET name = 'stale'
    WHERE name = 'gina'" || fail "sqlite3 update"
expect 0 "" -- env KRB5CCNAME=FILE:$TMPDIR/cc.kt \
    $PARC --config ldaps.conf sync
check_tier0 ldaps.conf "ldaps://"
sqlite3 "$TMPDIR/parc.db" "UPDATE principal SET name = 'stale'
    WHERE name = 'gina'" || fail "sqlite3 update"
expect 0 "" -- env KRB5CCNAME=FILE:$TMPDIR/cc.pw \
    $PARC --config starttls.conf sync
check_tier0 starttls.conf "StartTLS"
expect 0 "" -- env KRB5CCNAME=FILE:$TMPDIR/cc.pw \
    $PARC --config sealed.conf sync
check_tier0 sealed.conf "ldap:// sealed, password ticket"
$PARC --config ldaps.conf inventory --all --json >before.json
expect 3 "source corp: ldaps://$HOST: bind with SASL GSSAPI: Local error (SASL(-1): generic failure: GSSAPI Error: No credentials were supplied" -- \
    env KRB5CCNAME=FILE:$TMPDIR/cc.none $PARC --config ldaps.conf sync
same "no ticket (ldaps://)"

dc_stop
[ $fails -eq 0 ] || exit 1
echo "ok"
