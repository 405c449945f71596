#!/bin/sh
# kind = ad against a server that takes the TCP connection and then says
# nothing: over ldaps:// (the TLS handshake never ends) and over ldap://
# (StartTLS never answered), also with a second URI for libldap to try
# after the first. libldap alone would spin there for ever; parc
# must give up after timeout seconds with one line naming the source, the
# server and the step, exit 3, and keep the previous snapshot. Needs no
# domain controller: the silent server is a few lines of Python.
set -u
export HOME="$TMPDIR/home" LC_ALL=C.UTF-8
unset XDG_DATA_HOME XDG_CONFIG_HOME PARC_DB PARC_CONFIG
mkdir -p "$HOME"

. "$SRCDIR/tests/integ/lib/expect.subr"

command -v python3 >/dev/null || {
	echo "skip: needs python3"
	exit 77
}

# silent PORT: accept connections on 127.0.0.1:PORT, never read or write.
silent() {
	rm -f silent.out
	python3 -c '
import socket, sys, time
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1])))
s.listen(8)
print("listening", flush=True)
held = []
while True:
    held.append(s.accept()[0])
' "$1" >silent.out 2>&1 &
	server=$!
	i=0
	until grep -q listening silent.out 2>/dev/null || [ $i -gt 100 ]; do
		sleep 0.05
		i=$((i + 1))
	done
}

printf 'secret\n' >pw
chmod 600 pw
# run URI STEP: a sync against URI fails at STEP within the timeout.
run() {
	cat >parc.conf <<CONF
[parc]
database = $TMPDIR/parc.db
[source corp]
kind = ad
uri = $1
base_dn = DC=parc,DC=test
bind_dn = CN=Administrator,CN=Users,DC=parc,DC=test
password_file = $TMPDIR/pw
timeout = 2
CONF
	t0=$(date +%s)
	timeout 60 $PARC --config parc.conf sync >out.txt 2>err.txt
	got=$?
	t=$(($(date +%s) - t0))
	[ $got -eq 3 ] || fail "$1: exit $got, not 3: $(cat err.txt)"
	grep -qF "parc: source corp: $1: $2: Timed out (no answer within timeout seconds)" err.txt ||
		fail "$1 said: $(cat err.txt)"
	[ $t -le 10 ] || fail "$1: gave up after $t s with timeout = 2"
	[ "$(wc -l <err.txt)" -eq 1 ] || fail "$1: more than one line: $(cat err.txt)"
}

$PARC --config /dev/null --db "$TMPDIR/parc.db" init >/dev/null ||
	fail "init"
silent 16370
run ldaps://127.0.0.1:16370 "connect (TLS handshake)"
run ldap://127.0.0.1:16370 "StartTLS"
# two URIs: libldap tries the second after the deadline cut the first
run "ldaps://127.0.0.1:16370 ldaps://127.0.0.1:16370" "connect (TLS handshake)"
kill $server 2>/dev/null
wait $server 2>/dev/null

# nothing was written: no snapshot, three failed runs
n=$(sqlite3 "$TMPDIR/parc.db" "SELECT count(*) FROM principal") ||
	fail "read the database"
[ "$n" = 0 ] || fail "$n principals after three failed syncs"
runs=$(sqlite3 "$TMPDIR/parc.db" "SELECT group_concat(status) FROM sync_run")
[ "$runs" = "failed,failed,failed" ] || fail "sync runs: $runs"

[ $fails -eq 0 ]
