#!/bin/sh
# kind = ad against the limits of a real Samba AD DC (tests/integ/lib/
# samba-dc.subr): the server's size limit (Samba refuses to send more
# than 256 MB for one page: sizeLimitExceeded; without page_size parc
# searches without pages first, is cut there too and pages), its time limit
# (MaxQueryDuration of the Default Query Policy, 1 s, passed while the DC
# was stopped mid-search: timeLimitExceeded) and a
# DC that stops answering mid-pull (its processes stopped with SIGSTOP
# after the first page came). Each is one line naming the source, the
# server and the search (users or groups, which page), exit 3, and leaves
# the previous snapshot as it was. A plain search cut in a sync that
# passes is remembered: the source's later syncs page from the start.
set -u
if [ "$(id -u)" -ne 0 ]; then
	echo "skip: a Samba domain controller needs root (ports 389, 636)"
	exit 77
fi
export HOME="$TMPDIR/home" LC_ALL=C.UTF-8
unset XDG_DATA_HOME XDG_CONFIG_HOME PARC_DB PARC_CONFIG
mkdir -p "$HOME"
lib=$SRCDIR/tests/integ/lib
NBIG=270 # users of 1 MB each: a page of all of them is over 256 MB

. "$SRCDIR/tests/integ/lib/expect.subr"

. "$lib/samba-dc.subr"
t0=$(date +%s)
dc_start "$TMPDIR/dc" || {
	echo "FAIL: cannot start the Samba DC"
	exit 1
}
echo "DC up in $(($(date +%s) - t0)) s"

# --- seed: NBIG users with 1000 descriptions of 1000 bytes each (AD's
# rangeUpper for description is 1024) ---
t0=$(date +%s)
python3 -c '
import sys
base, n = sys.argv[1], int(sys.argv[2])
w = sys.stdout.write
w("dn: OU=big,%s\nobjectClass: organizationalUnit\n\n" % base)
for u in range(n):
    w("dn: CN=big%d,OU=big,%s\nobjectClass: user\nsAMAccountName: big%d\n"
      % (u, base, u))
    for v in range(1000):
        w("description: %04d%s\n" % (v, "x" * 996))
    w("\n")
' "$DC_BASE" $NBIG | dc_ldap ldapadd -x -H "$DC_URI" -D "$DC_ADMIN" \
    -y "$DC_PASSFILE" >seed.log 2>&1 || {
	tail -n 20 seed.log
	echo "FAIL: seeding"
	exit 1
}
echo "seeded $NBIG users of 1 MB in $(($(date +%s) - t0)) s"

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
CONF
export PARC_CONFIG=$TMPDIR/parc.conf
expect 0 "" -- $PARC init
t0=$(date +%s)
expect 0 "" -- $PARC sync
echo "parc sync (pages of 100 MB): $(($(date +%s) - t0)) s"
[ "$(sqlite3 "$TMPDIR/parc.db" "SELECT count(*) FROM principal
    WHERE name LIKE 'big%'")" = $NBIG ] || fail "the big users are not all in"
$PARC inventory --all --json >before.json
same() {
	$PARC inventory --all --json >after.json
	cmp -s before.json after.json || fail "$1 changed the snapshot"
}
with() { # PAGE_SIZE [LINE...]: a config from parc.conf
	sed "s/^page_size = .*/page_size = $1/" parc.conf >with.conf
	shift
	for l in "$@"; do
		echo "$l" >>with.conf
	done
}

# --- the size limit: all the users in one page is over Samba's 256 MB ---
with 1000
expect 3 "source corp: $DC_URI: search (users, page 1, after " -- \
    $PARC --config with.conf sync
grep -qF "entries): Size limit exceeded (00002023: LDAP search response size limited to 268435456 bytes) (the server's size limit cut the search short: a smaller page_size may stay under it; nothing was kept)" err.txt ||
	fail "the size limit said: $(cat err.txt)"
[ "$(wc -l <err.txt)" -eq 1 ] || fail "the size limit took more than a line"
same "the size limit"

# --- no page_size: the plain searches are cut at 256 MB too; the pull
# starts again with pages of 1,000, and the first page is cut: one line
# naming that page, nothing kept ---
sed '/^page_size/d' parc.conf >plain.conf
expect 3 "source corp: $DC_URI: search (users, page 1, after " -- \
    $PARC --config plain.conf sync
grep -qF "entries): Size limit exceeded (00002023: LDAP search response size limited to 268435456 bytes) (the server's size limit cut the search short: a smaller page_size may stay under it; nothing was kept)" err.txt ||
	fail "the plain searches' size limit said: $(cat err.txt)"
[ "$(wc -l <err.txt)" -eq 1 ] ||
	fail "the plain searches' size limit took more than a line"
same "the plain searches' size limit"
# the cut of a sync that failed is not remembered (hint, sink_hint.c)
[ "$(sqlite3 "$TMPDIR/parc.db" "SELECT count(*) FROM meta
    WHERE key LIKE 'hint:%'")" = 0 ] ||
	fail "a failed sync left a hint"

# --- the time limit: MaxQueryDuration = 1 s, and the DC stopped for
# 2.5 s in the middle of a search, as a DC busier than this one would
# take that long. The stop must come before the DC sends anything back:
# Samba holds a search's entries until the search has ended and writes
# them only then, so once entries flow the time limit can no longer cut
# it (tests/integ/lib/dc_stop_mid.py) ---
qp="CN=Default Query Policy,CN=Query-Policies,CN=Directory Service,CN=Windows NT,CN=Services,CN=Configuration,$DC_BASE"
mqd() { # FROM TO
	printf 'dn: %s\nchangetype: modify\ndelete: lDAPAdminLimits\nlDAPAdminLimits: MaxQueryDuration=%s\n-\nadd: lDAPAdminLimits\nlDAPAdminLimits: MaxQueryDuration=%s\n' \
	    "$qp" "$1" "$2" | dc_ldap ldapmodify -x -H "$DC_URI" \
	    -D "$DC_ADMIN" -y "$DC_PASSFILE" >>mqd.log 2>&1 ||
		fail "cannot set MaxQueryDuration=$2: $(tail -n 3 mqd.log)"
}
# sent BYTES PID: wait until the DC's TLS connections to PID (parc) have
# BYTES acknowledged, or PID is gone
sent() {
	i=0
	until ss -tniH state established "( sport = :636 and src $DC_IP )" |
	    grep -o 'bytes_acked:[0-9]*' |
	    awk -F: -v n="$1" '$2 > n { f = 1 } END { exit !f }' ||
	    ! kill -0 "$2" 2>/dev/null || [ $i -gt 500 ]; do
		sleep 0.02
		i=$((i + 1))
	done
}
command -v ss >/dev/null || fail "ss is missing: sh share/install-deps"
mqd 120 1
with 250
# The stop may still miss the search (it came during the bind, say):
# then the sync passes; try again, up to 8 times.
n=0
while :; do
	n=$((n + 1))
	python3 "$lib/dc_stop_mid.py" "$DC_IP" 2.5 $(dc_pids) -- \
	    $PARC --config with.conf sync >out.txt 2>err.txt
	got=$?
	[ $got -eq 0 ] || break
	# a sync that passed is the snapshot the next steps must keep
	$PARC inventory --all --json >before.json
	[ $n -lt 8 ] || break
	echo "the time limit: try $n missed the search"
done
[ $got -eq 3 ] || fail "the time limit: exit $got: $(cat err.txt)"
grep -qE "^parc: source corp: $DC_URI: search \((users|groups), page [1-9][0-9]*, after [0-9]+ entries\): Time limit exceeded \(.*\) \(the server's time limit, MaxQueryDuration on AD, cut the search short: a smaller page_size may stay under it; nothing was kept\)$" err.txt ||
	fail "the time limit said: $(cat err.txt)"
[ "$(wc -l <err.txt)" -eq 1 ] || fail "the time limit took more than a line"
same "the time limit"
mqd 1 120

# --- a DC that stops answering once the first page has come: parc gives
# up after timeout seconds ---
with 20 "timeout = 3"
$PARC --config with.conf sync >out.txt 2>err.txt &
ppid=$!
# the first page (20 users of 1 MB) has left the DC
sent 2000000 $ppid
kill -STOP $(dc_pids)
t0=$(date +%s)
wait $ppid
got=$?
took=$(($(date +%s) - t0))
kill -CONT $(dc_pids)
[ $got -eq 3 ] || fail "a stopped DC: exit $got: $(cat err.txt)"
# (whole seconds; parc first reads what the socket already holds, a
# hang would be minutes)
[ $took -le 8 ] || fail "a stopped DC: parc took $took s with timeout = 3"
# mid-pull: some entries in, on whichever page (a slow parc, under ASan
# say, is still on page 1 when the DC stops)
grep -qE "^parc: source corp: $DC_URI: search \(users, page [1-9][0-9]*, after [1-9][0-9]* entries\): Timed out \(no answer within timeout seconds\)$" err.txt ||
	fail "a stopped DC said: $(cat err.txt)"
same "a stopped DC"

# --- no page_size, and NSMALL small users beside the big ones: the plain
# searches are cut at 256 MB, the pages of 1,000 are not (about 210 big
# users a page: Samba answers in GUID order). The sync passes, and the
# source remembers the cut: its next sync pages from the start (were it
# to search plain again, it would be cut again and the hint's time
# renewed); 7 days later it searches plain again ---
NSMALL=1000
python3 -c '
import sys
base, n = sys.argv[1], int(sys.argv[2])
for u in range(n):
    sys.stdout.write("dn: CN=small%d,OU=big,%s\nobjectClass: user\n"
        "sAMAccountName: small%d\n\n" % (u, base, u))
' "$DC_BASE" $NSMALL | dc_ldap ldapadd -x -H "$DC_URI" -D "$DC_ADMIN" \
    -y "$DC_PASSFILE" >seed2.log 2>&1 || fail "seeding small users: $(tail -n 3 seed2.log)"
hint() {
	sqlite3 "$TMPDIR/parc.db" "SELECT value FROM meta
	    WHERE key = 'hint:corp:ad.paged'"
}
# tty PROGRESS-NOTE: a sync with stderr on a terminal (its progress line)
tty() {
	script -qec "$PARC --config plain.conf sync" tty.log >/dev/null ||
		fail "sync on a terminal: exit $?: $(cat tty.log)"
	grep -qF "accounts and groups" tty.log ||
		fail "sync on a terminal: no progress line: $(cat tty.log)"
	grep -qF "; $1" tty.log ||
		fail "the progress line does not say '$1': $(cat tty.log)"
}
t0=$(date +%s)
tty "paged: a server limit cut the plain searches (paged for 7 days)"
echo "parc sync (plain searches cut, then pages of 1000): $(($(date +%s) - t0)) s"
[ "$(sqlite3 "$TMPDIR/parc.db" "SELECT count(*) FROM principal
    WHERE name LIKE 'small%'")" = $NSMALL ] || fail "the small users are not all in"
h1=$(hint)
case $h1 in
"1 "[0-9]*) ;;
*) fail "a cut plain search left no hint: '$h1'" ;;
esac
sleep 2
t0=$(date +%s)
tty "paged: a server limit cut its plain searches on $(date -u -d "@${h1#1 }" +%Y-%m-%d)"
echo "parc sync (remembered: pages of 1000 from the start): $(($(date +%s) - t0)) s"
[ "$(hint)" = "$h1" ] ||
	fail "the second sync searched without pages again: hint '$h1', now '$(hint)'"
# 8 days on, plain searches again: cut again, the hint renewed
sqlite3 "$TMPDIR/parc.db" "UPDATE meta SET value = '1 ' ||
    (strftime('%s', 'now') - 8 * 86400) WHERE key = 'hint:corp:ad.paged'"
h8=$(hint)
tty "paged: a server limit cut the plain searches (paged for 7 days)"
h9=$(hint)
[ "$h9" != "$h8" ] && [ "${h9#1 }" -gt "${h8#1 }" ] ||
	fail "an 8-day-old hint was not tried again: '$h8', now '$h9'"

dc_stop
[ $fails -eq 0 ] || exit 1
echo "all AD limit assertions passed"
