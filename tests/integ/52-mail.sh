#!/bin/sh
# parc tick's mail, end to end against a local SMTP server started here
# (Debian's python3-aiosmtpd, tests/integ/lib/smtp_sink.py) that requires
# STARTTLS with a certificate made by openssl, and AUTH: the start digest,
# the reminder and the owner's summary, no mail twice, a failed send
# (server down) tried again at the next tick, the escalation to the
# manager, --dry-run, every send in the audit chain, and no header made
# from a name with a line break in it.
set -u
export HOME="$TMPDIR/home" LC_ALL=C.UTF-8
unset XDG_DATA_HOME XDG_CONFIG_HOME PARC_DB PARC_CONFIG
mkdir -p "$HOME"
EXPECT_EITHER=1
. "$SRCDIR/tests/integ/lib/expect.subr"
PY=/usr/bin/python3

$PY -c 'import aiosmtpd' 2>/dev/null || {
	echo "SKIP: python3-aiosmtpd is not installed"
	exit 77
}
command -v openssl >/dev/null || {
	echo "SKIP: openssl is not installed"
	exit 77
}

openssl req -x509 -newkey rsa:2048 -nodes -keyout key.pem -out cert.pem \
	-days 2 -subj /CN=localhost \
	-addext "subjectAltName=DNS:localhost,IP:127.0.0.1" 2>/dev/null ||
	fail "openssl req"
printf 'S3cret-mail\n' >mail.secret
chmod 600 mail.secret
port=$($PY -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0));
print(s.getsockname()[1])')
port2=$($PY -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0));
print(s.getsockname()[1])')
pids=

# smtp_up DIR PORT [ARGS...]: start a server writing to DIR, wait for it
smtp_up() {
	d=$1 p=$2
	shift 2
	rm -f "$d/ready"
	$PY "$SRCDIR/tests/integ/lib/smtp_sink.py" --port "$p" --dir "$d" \
		"$@" >>"smtp-$p.log" 2>&1 &
	pid=$!
	pids="$pids $pid"
	i=0
	while [ ! -e "$d/ready" ] && [ $i -lt 100 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	[ -e "$d/ready" ] || fail "SMTP server on $p did not start: $(cat smtp-$p.log)"
}
smtp_down() {
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
}
trap 'for p in $pids; do kill $p 2>/dev/null; done' EXIT
tls_up() {
	smtp_up box "$port" --cert cert.pem --key key.pem --user parc \
		--password-file mail.secret
}
count() { ls box/*.eml 2>/dev/null | wc -l; }

# Bob's name carries a line break and a header after it.
cat >hr.csv <<'EOF'
employee_id,display_name,email,login,manager_id,department,status,end_date
E9000,Ivy Iam,ivy@corp.example,ivy,,IAM,active,
E1001,Alice A,alice@corp.example,alice,E9000,IT,active,
E1002,"Bob B
Bcc: evil@x.example",bob@corp.example,bob,E9000,IT,active,
E1003,Carol C,carol@corp.example,carol,E1002,IT,terminated,2026-01-31
E1004,Dave D,dave@corp.example,dave,E1002,IT,active,
E1006,Erin E,erin@corp.example,erin,E1002,IT,active,
E1007,Frank F,frank@corp.example,frank,E1002,IT,active,
E1008,Grace G,grace@corp.example,grace,E1002,IT,active,
EOF
# the AD export with its dates moved to today (lib/fixtures.subr)
. "$SRCDIR/tests/integ/lib/fixtures.subr"
corp_ldif "$TMPDIR/corp.ldif"
sources="[source hr]
kind = people
path = hr.csv

[source corp]
kind = ldif
path = $TMPDIR/corp.ldif"
# mailconf URL [EXTRA]: the configuration with a [mail] section
mailconf() {
	cat >parc.conf <<EOF
[parc]
database = $TMPDIR/parc.db
tier0_max_holders = 20

[mail]
url = $1
from = ${FROM:-parc@corp.example}
username = parc
password_file = mail.secret
ca_file = cert.pem
remind_days = 3
escalate_days = 7
summary_to = iam@corp.example
${2:-}

$sources
EOF
}
export PARC_CONFIG=$TMPDIR/parc.conf
mailconf "smtp://127.0.0.1:$port"
today=$(date -u +%F)
due=$(date -u -d '+10 days' +%F)
at() { date -u -d "$due $1 days" +%F; }

expect 0 "" -- $PARC init
expect 0 "" -- $PARC sync --quiet
expect 0 "" -- $PARC campaign create q1 --due "$due" --fallback ivy \
	--allow-conflicts

# --- a bad [mail] section is a configuration error naming the line ---
cp parc.conf good.conf
mailconf "http://127.0.0.1:$port"
expect 2 "parc.conf:5: [mail] url must be smtps:// or smtp://" -- \
	$PARC tick --dry-run
mailconf "smtp://parc:pw@127.0.0.1:$port"
expect 2 "must not carry a user or password" -- $PARC tick --dry-run
mailconf "smtp://127.0.0.1:$port" "colour = red"
expect 2 "[mail] unknown key 'colour'" -- $PARC tick --dry-run
mailconf "smtp://127.0.0.1:$port" "summary = sometimes"
expect 2 "summary" -- $PARC tick --dry-run
FROM='Parc <parc@corp.example>' mailconf "smtp://127.0.0.1:$port"
expect 2 "[mail] from 'Parc <parc@corp.example>' is not a bare address" -- \
	$PARC tick --dry-run
cp good.conf parc.conf

tls_up

# --- --dry-run prints the digests and changes nothing ---
expect 0 "" -- $PARC tick --dry-run
grep -q "^--- digest start to bob@corp.example (campaign q1)" out.txt ||
	fail "dry run: no digest for bob: $(cat out.txt)"
grep -q "^--- digest start to ivy@corp.example" out.txt ||
	fail "dry run: no digest for ivy"
grep -q "^Subject: To review: 7 items in campaign q1" out.txt ||
	fail "dry run: bob's subject"
[ "$(count)" -eq 0 ] || fail "dry run sent mail"
[ "$(sqlite3 parc.db 'SELECT count(*) FROM mail_log')" -eq 0 ] ||
	fail "dry run recorded mail"
[ "$(sqlite3 parc.db "SELECT count(*) FROM audit_event WHERE action LIKE 'mail.%'")" -eq 0 ] ||
	fail "dry run audited mail"

# --- the start digests, over STARTTLS with AUTH ---
expect 0 "" -- $PARC tick
grep -q "tick: 2 mails sent, 0 failed" out.txt || fail "tick: $(cat out.txt)"
[ "$(count)" -eq 2 ] || fail "start: $(count) mails arrived, not 2"
bobmail=$(grep -l '^X-Envelope-To: bob@corp.example' box/*.eml)
ivymail=$(grep -l '^X-Envelope-To: ivy@corp.example' box/*.eml)
[ -n "$bobmail" ] && [ -n "$ivymail" ] || fail "start: not to bob and ivy"
grep -q '^Subject: To review: 7 items in campaign q1' $bobmail ||
	fail "bob's digest: $(cat $bobmail)"
grep -q "carol holds Domain Admins in corp, tier 0 \[.*orphan" $bobmail ||
	fail "bob's digest lists no item"
grep -q "parc review --campaign 'q1'" $bobmail || fail "no way to act"
# the name's line break stays escaped text in the body, never a header
grep -qF 'Bob B\nBcc: evil@x.example' $ivymail ||
	fail "ivy's digest does not show bob's name escaped"
grep -qF 'Hello Bob B\nBcc: evil@x.example,' $bobmail ||
	fail "bob's greeting: $(cat $bobmail)"
no_bcc() {
	for f in box/*.eml; do
		sed '/^\r*$/q' "$f" | grep -qi '^bcc:' &&
			fail "a name made a header in $f"
	done
}
no_bcc

# --- never the same mail twice ---
expect 0 "" -- $PARC tick
[ "$(count)" -eq 2 ] || fail "second tick sent again: $(count)"

# --- N days before the due date: reminders and the owner's summary ---
expect 0 "" -- $PARC tick --at "$(at -2)"
[ "$(count)" -eq 5 ] || fail "reminder: $(count) mails, not 5"
grep -l '^Subject: Reminder: 7 items in campaign q1' box/*.eml |
	xargs grep -l 'X-Envelope-To: bob@' >/dev/null || fail "bob's reminder"
sum=$(grep -l '^X-Envelope-To: iam@corp.example' box/*.eml)
grep -q '^Subject: Campaign q1: 20 items pending' $sum || fail "summary: $(cat $sum)"
grep -q 'Ivy Iam (ivy) .* 13 .* 13 .* 0 never' $sum ||
	fail "summary does not say ivy is behind: $(cat $sum)"
expect 0 "" -- $PARC tick --at "$(at -1)"
[ "$(count)" -eq 5 ] || fail "a reminder went twice"

# --- the server is down: the failure is recorded, exit 3, tried later ---
smtp_down
expect 3 "could not be sent" -- $PARC tick --at "$(at 1)"
grep -q "Couldn't connect" err.txt || fail "no reason: $(cat err.txt)"
grep -q "S3cret" err.txt out.txt && fail "the password was printed"
[ "$(sqlite3 parc.db "SELECT count(*) FROM mail_log WHERE state = 'failed'")" -eq 3 ] ||
	fail "failed sends not recorded"
tls_up
expect 0 "" -- $PARC tick --at "$(at 1)"
[ "$(count)" -eq 8 ] || fail "retry: $(count) mails, not 8"
grep -l '^Subject: Overdue: 7 items in campaign q1' box/*.eml |
	xargs grep -l 'X-Envelope-To: bob@' >/dev/null || fail "bob's overdue"
[ "$(sqlite3 parc.db "SELECT count(*) FROM mail_log WHERE state = 'failed'")" -eq 0 ] ||
	fail "retried sends still failed"
[ "$(sqlite3 parc.db "SELECT attempts FROM mail_log WHERE kind = 'overdue' AND recipient = 'bob'")" -eq 2 ] ||
	fail "attempts not counted"
expect 0 "" -- $PARC tick --at "$(at 2)"
[ "$(count)" -eq 8 ] || fail "overdue went twice"

# --- past the grace period: the manager is told, once ---
expect 0 "nobody to send it to" -- $PARC tick --at "$(at 8)"
[ "$(count)" -eq 9 ] || fail "escalation: $(count) mails, not 9"
esc=$(grep -l '^Subject: Escalation' box/*.eml)
grep -q '^X-Envelope-To: ivy@corp.example' $esc || fail "escalation not to ivy"
grep -q 'still has 7 pending items' $esc || fail "escalation: $(cat $esc)"
grep -qF 'Subject: Escalation: Bob B\nBcc: evil@x.example (bob) is late' $esc ||
	fail "escalation subject: $(grep Subject $esc)"
expect 0 "" -- $PARC tick --at "$(at 9)"
[ "$(count)" -eq 9 ] || fail "escalation went twice"

# --- every send and failure in the audit chain, which verifies ---
[ "$(sqlite3 parc.db "SELECT count(*) FROM audit_event WHERE action = 'mail.sent'")" -eq 9 ] ||
	fail "mail.sent events"
[ "$(sqlite3 parc.db "SELECT count(*) FROM audit_event WHERE action = 'mail.failed'")" -eq 3 ] ||
	fail "mail.failed events"
expect 0 "" -- $PARC verify
no_bcc

# --- smtp:// to a server without STARTTLS: refused, unless allowed ---
expect 0 "" -- $PARC campaign create q2 --due "$(date -u -d '+20 days' +%F)" \
	--fallback ivy --allow-conflicts
mkdir -p plain
smtp_up plain "$port2" --plain
mailconf "smtp://127.0.0.1:$port2"
sed -i '/^username/d; /^password_file/d' parc.conf
expect 3 "could not be sent" -- $PARC tick
ls plain/*.eml >/dev/null 2>&1 && fail "mail went out without TLS"
grep -qi "tls\|ssl" err.txt || fail "no TLS reason: $(cat err.txt)"
mailconf "smtp://127.0.0.1:$port2" "allow_insecure = yes"
sed -i '/^username/d; /^password_file/d' parc.conf
expect 0 "" -- $PARC tick
[ "$(ls plain/*.eml | wc -l)" -eq 2 ] || fail "allow_insecure: no mail"

# --- no [mail] section: tick sends nothing; --dry-run still shows what
# would go, with the defaults (reminder 3 days before the due date) ---
cat >parc.conf <<EOF
[parc]
database = $TMPDIR/parc.db

$sources
EOF
n_plain=$(ls plain/*.eml | wc -l)
expect 0 "" -- $PARC tick --at "$(date -u -d '+18 days' +%F)" --dry-run
grep -q '^--- digest reminder-3 to bob@corp.example (campaign q2)' out.txt ||
	fail "dry run without [mail]: $(head -3 out.txt)"
grep -q '^From: parc@localhost' out.txt || fail "dry run's default sender"
expect 0 "" -- $PARC tick --at "$(date -u -d '+18 days' +%F)"
grep -q "mail" out.txt && fail "tick without [mail] mailed: $(cat out.txt)"
[ "$(ls plain/*.eml | wc -l)" -eq "$n_plain" ] || fail "mail without [mail]"

[ "$fails" -eq 0 ] || exit 1
echo "ok"
