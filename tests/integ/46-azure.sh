#!/bin/sh
# kind = azure against tests/integ/lib/azure_fake.py, a local token
# endpoint, ARM and Graph serving tests/data/azure/tenant in small pages:
# - the fake is faithful: Debian's az (az rest, through
#   share/export/azure-export.sh) pages through it, and what az prints is
#   what the offline tests read (the Graph files are the same, and the
#   three inventories, offline from tests/data, offline from az's export
#   and live, are one);
# - a sync outlives its tokens: they are fetched again before they expire;
#   a token refused mid-sync is fetched again once;
# - 429 and 503 are retried after Retry-After; each fault (refused token,
#   403, 401, a cut or malformed page, a timeout, a next link to another
#   host, a dead server) fails with exit 3 naming the source, the call and
#   Azure's code, and leaves the snapshot as it was;
# - a tenant without Entra ID P1 (403 for signInActivity) syncs, with
#   sign-ins unknown: nobody dormant or never used;
# - http:// is refused without allow_insecure; the client secret never
#   reaches the output, stderr or the database.
set -u
export HOME="$TMPDIR/home" LC_ALL=C.UTF-8 TZ=UTC
unset XDG_DATA_HOME XDG_CONFIG_HOME PARC_DB PARC_CONFIG
mkdir -p "$HOME"

. "$SRCDIR/tests/integ/lib/expect.subr"

PY=/usr/bin/python3
AZ=/usr/bin/az
DATA=$PARC_TEST_DATA/azure/tenant
TENANT=3f1c2b7a-9d2e-4c51-8a0b-6e7f10293a4b
CLIENT=app-4711
SECRET='s3cret~Azure.Value_0123456789abcdefXYZ'
[ -x $PY ] || {
	echo "skip: needs /usr/bin/python3"
	exit 77
}

# start NAME ARGS...: a fake in the background; its port in NAME.port
pids=
start() {
	name=$1
	shift
	$PY "$SRCDIR/tests/integ/lib/azure_fake.py" --port-file $name.port \
	    --tenant $TENANT --client "$CLIENT:$SECRET" "$@" >$name.log 2>&1 &
	pids="$pids $!"
	i=0
	until [ -s $name.port ] || [ $i -gt 200 ]; do
		sleep 0.05
		i=$((i + 1))
	done
	[ -s $name.port ] || {
		echo "FAIL: the fake did not start: $(cat $name.log)"
		exit 1
	}
}
trap 'kill $pids 2>/dev/null' EXIT
start fake --tenant-dir "$DATA" --page-size 2
PORT=$(cat fake.port)
ARM=http://127.0.0.1:$PORT
GRAPH=http://localhost:$PORT

# get URL: the body of a GET (the fake's control endpoints)
get() {
	$PY -c 'import sys, urllib.request; sys.stdout.write(urllib.request.urlopen(sys.argv[1]).read().decode())' "$1"
}
fault() {
	get "$ARM/_fake/fault?$1" >/dev/null || fail "cannot set fault $1"
}
requests() {
	get "$ARM/_fake/log"
}

# --- the kind and its keys are listed ------------------------------------------
$PARC sources --kinds >kinds.txt 2>&1 || fail "sources --kinds"
grep -q "^azure  *an Entra tenant's roles and Azure RBAC" kinds.txt ||
	fail "no azure in --kinds: $(cat kinds.txt)"
for k in tenant_id client_id password_file password_env password_command \
    login_endpoint arm_endpoint graph_endpoint allow_insecure ca_file \
    timeout retries page_size subscriptions path; do
	sed -n '/^azure /,/^[a-z]/p' kinds.txt | grep -q "[ ,]$k\(,\|$\)" ||
		fail "--kinds does not list $k"
done

# --- parc.conf, inventories ---------------------------------------------------
# conf NAME [key = value ...]: NAME.conf with [source tenant] kind = azure
conf() {
	db=$1
	shift
	{
		printf '[parc]\ndatabase = %s/%s.db\n[source tenant]\nkind = azure\n' \
		    "$TMPDIR" "$db"
		for kv in "$@"; do
			printf '%s\n' "$kv"
		done
	} >"$db.conf"
	# sync needs a database: only init makes one
	[ -e "$TMPDIR/$db.db" ] || $PARC --config "$db.conf" init >/dev/null 2>&1 ||
		fail "init $db"
}
# liveconf NAME [PORT] [key = value ...]
liveconf() {
	n=$1
	p=$2
	shift 2
	a=http://127.0.0.1:$p
	conf "$n" "tenant_id = $TENANT" "client_id = $CLIENT" \
	    "password_env = PARC_AZ_SECRET" "login_endpoint = $a" \
	    "arm_endpoint = $a" "graph_endpoint = http://localhost:$p" \
	    "allow_insecure = yes" "$@"
}
# inv DB: the inventory as JSON without the sync times and the source name
inv() {
	$PARC --config "$1.conf" inventory --all --json |
	    $PY -c '
import json, sys
rows = json.load(sys.stdin)
for r in rows:
    r.pop("first_seen", None)
    r.pop("last_seen", None)
print(json.dumps(sorted(rows, key=lambda r: (r["account"], r["entitlement"])),
                 indent=1, sort_keys=True))'
}
secret_sync() {
	PARC_AZ_SECRET=$SECRET "$@"
}

conf offline "path = $DATA" "tenant_id = $TENANT"
$PARC --config offline.conf init >/dev/null 2>&1 || fail "init offline"
expect 0 "" -- $PARC --config offline.conf sync
inv offline >offline.inv
grep -q '"entitlement": "Owner on /subscriptions/a925f2f7-5c63-4b7b-8799-25a5f97bc3b2"' offline.inv ||
	fail "offline: no Owner of subscription 1"
# eligible and time-bound grants are told apart from standing ones
grep -q '"state": "eligible"' offline.inv || fail "offline: no eligible state"
$PARC --config offline.conf inventory >inv.txt 2>&1
grep -q "bob@contoso.onmicrosoft.com → Global Administrator (eligible until 2027-02-01T08:00:00Z)" inv.txt ||
	fail "inventory does not show bob's eligibility: $(grep bob inv.txt)"
grep -q "henry@contoso.onmicrosoft.com → Global Administrator (until 2026-11-26T20:00:00Z)" inv.txt ||
	fail "inventory does not show henry's end: $(grep henry inv.txt)"
grep -q "alice@contoso.onmicrosoft.com → Global Administrator  \[" inv.txt ||
	fail "alice's standing grant: $(grep alice inv.txt)"

liveconf live $PORT
$PARC --config live.conf init >/dev/null 2>&1 || fail "init live"
expect 0 "" -- secret_sync $PARC --config live.conf sync
inv live >live.inv
cmp -s live.inv offline.inv ||
	fail "live and offline inventories differ: $(diff live.inv offline.inv | head -20)"
n=$(requests | grep -c '"path": "/v1.0/users", "page": [2-9]')
[ "$n" -ge 3 ] || fail "parc read $n pages of users after the first, not 4"
n=$(requests | grep -c '"page": [2-9], "status": 200')
[ "$n" -ge 10 ] || fail "parc followed $n next links"
cp live.db before.db
cp live.inv before.inv

# --- the fake is faithful: az rest pages through it --------------------------
if [ -x $AZ ]; then
	# pages of 4: az starts slowly, and 2 would make 30 calls
	start exp --tenant-dir "$DATA" --page-size 4
	EARM=http://127.0.0.1:$(cat exp.port)
	EGRAPH=http://localhost:$(cat exp.port)
	export AZURE_CONFIG_DIR="$TMPDIR/azcfg" AZURE_CORE_COLLECT_TELEMETRY=no
	mkdir -p "$AZURE_CONFIG_DIR"
	# az sends no token to an http:// URL: this wrapper fetches one by
	# client credentials for the URL's origin and gives it as a header
	cat >az-with-token <<EOF
#!/bin/sh
prev=
for a; do [ "\$prev" = --url ] && url=\$a; prev=\$a; done
origin=\$(printf %s "\$url" | sed 's#^\(https*://[^/]*\).*#\1#')
tok=\$($PY -c '
import json, sys, urllib.parse, urllib.request
form = urllib.parse.urlencode({"grant_type": "client_credentials",
    "client_id": "$CLIENT", "client_secret": sys.stdin.readline().strip(),
    "scope": sys.argv[1] + "/.default"}).encode()
print(json.load(urllib.request.urlopen("$EARM/$TENANT/oauth2/v2.0/token", form))["access_token"])' "\$origin" <secret.txt) || exit 1
exec $AZ "\$@" --headers "Authorization=Bearer \$tok"
EOF
	chmod +x az-with-token
	printf '%s\n' "$SECRET" >secret.txt
	chmod 600 secret.txt
	# one page as az prints it
	./az-with-token rest --method get --url "$EGRAPH/v1.0/users?\$select=id,userPrincipalName&\$top=2" \
	    --output json >page1.json 2>az.err || fail "az rest: $(cat az.err)"
	grep -q '"@odata.nextLink": "'"$EGRAPH"'/v1.0/users?' page1.json ||
		fail "az rest printed no @odata.nextLink: $(head -c 300 page1.json)"
	# the export, every file, through az rest
	t0=$(date +%s)
	AZ=$TMPDIR/az-with-token AZURE_EXPORT_REST_ONLY=1 AZURE_EXPORT_ARM=$EARM \
	    AZURE_EXPORT_GRAPH=$EGRAPH PYTHON=$PY \
	    sh "$SRCDIR/share/export/azure-export.sh" "$TMPDIR/export" \
	    >export.out 2>export.err || fail "azure-export.sh: $(tail -5 export.err)"
	echo "note: azure-export.sh through az rest took $(($(date +%s) - t0)) s"
	n=$(get "$EARM/_fake/log" | grep -c '"page": [2-9], "status": 200')
	[ "$n" -ge 4 ] || fail "az followed $n next links, not 4 or more"
	# what az printed is what the offline tests read (Graph's files)
	for f in directory-role-assignments directory-role-definitions \
	    directory-role-eligibility-schedules \
	    directory-role-assignment-schedules users \
	    group-transitive-members.6a7b8c9d-cccc-4e1f-8a2b-3c4d5e6f7a01 \
	    group-transitive-members.6a7b8c9d-dddd-4e1f-8a2b-3c4d5e6f7a02 \
	    role-eligibility-schedule-instances.dfa2a084-766f-4003-8ae1-c4aeb893a99f; do
		$PY -c '
import json, sys
def load(p):
    with open(p) as f:
        b = json.load(f)
    return b["value"] if isinstance(b, dict) else b
sys.exit(load(sys.argv[1]) != load(sys.argv[2]))' "export/$f.json" "$DATA/$f.json" ||
			fail "az's $f.json differs from tests/data/azure/tenant/$f.json"
	done
	conf exported "path = $TMPDIR/export" "tenant_id = $TENANT"
	$PARC --config exported.conf init >/dev/null 2>&1
	expect 0 "" -- $PARC --config exported.conf sync
	inv exported >exported.inv
	cmp -s exported.inv offline.inv ||
		fail "az's export and tests/data give other inventories: $(diff exported.inv offline.inv | head -20)"
	ls -a export | grep -q '^\.azure-export' && fail "the export left its temporary folder"
	# a refusal as az shows it
	get "$EARM/_fake/fault?mode=deny&n=1&path=/users" >/dev/null
	./az-with-token rest --method get --url "$EGRAPH/v1.0/users" --output json \
	    >/dev/null 2>az.err && fail "az rest took a 403"
	grep -q 'Forbidden.*Authorization_RequestDenied' az.err ||
		fail "az rest on a 403: $(cat az.err)"
else
	echo "note: no /usr/bin/az: the faithfulness checks are left out"
fi

# --- secrets stay out --------------------------------------------------------
for f in live.db live.db-wal err.txt out.txt; do
	[ -f "$f" ] || continue
	grep -qaF "$SECRET" "$f" && fail "the client secret is in $f"
done
$PARC --config live.conf sources >sources.txt 2>&1
grep -qF "$SECRET" sources.txt && fail "the client secret is in parc sources"

# --- a sync outlives its tokens ------------------------------------------------
# (parc refreshes a token 1 s before its end; the fake takes it 1 s
# past its end, so a request slowed on its way by a busy machine is not
# counted late, while a token not refreshed at all still is)
start slow --tenant-dir "$DATA" --page-size 2 --token-life 2 --token-skew 1 \
    --delay 0.1
SLOW=$(cat slow.port)
liveconf slow $SLOW
cp before.db slow.db
expect 0 "" -- secret_sync $PARC --config slow.conf sync
get "http://127.0.0.1:$SLOW/_fake/log" >slow.log
n=$(grep -c '"audience": "token:http://127.0.0.1:'"$SLOW"'"' slow.log)
m=$(grep -c '"audience": "token:http://localhost:'"$SLOW"'"' slow.log)
[ "$n" -ge 2 ] && [ "$m" -ge 2 ] ||
	fail "tokens fetched: $n for ARM, $m for Graph (the sync outlives them)"
grep -q '"status": 401' slow.log && fail "parc used an expired token"
inv slow >slow.inv
cmp -s slow.inv before.inv || fail "with short tokens: another inventory"
# a token refused once mid-sync: fetched again, and the sync goes on
fault "mode=unauthorized&n=1&path=roleDefinitions"
expect 0 "" -- secret_sync $PARC --config live.conf sync
requests | grep -q '"path": "/subscriptions/[^"]*/roleDefinitions", "page": 1, "status": 401' ||
	fail "the fake refused no token"

# --- faults: exit 3, a message naming the call and Azure's code, no change ---
liveconf fault $PORT "timeout = 2" "retries = 2"
cp before.db fault.db
inv fault >fault-before.inv
# fails FAULT MESSAGE: with the fault, sync fails with exit 3 and MESSAGE
fails() {
	fault "$1"
	t0=$(date +%s)
	EXPECT_ONE_LINE=1 expect 3 "$2" -- secret_sync $PARC --config fault.conf sync
	t=$(($(date +%s) - t0))
	[ $t -le 15 ] || fail "$1: took $t s"
	grep -q "^parc: source tenant: " err.txt ||
		fail "$1: not naming the source: $(cat err.txt)"
	grep -qF "$SECRET" err.txt && fail "$1: the secret is in the message"
	inv fault >fault-after.inv
	cmp -s fault-before.inv fault-after.inv || fail "$1: the snapshot changed"
	fault "mode=none"
}
SUB2=dfa2a084-766f-4003-8ae1-c4aeb893a99f
fails "mode=throttle&path=roleAssignments" \
    "source tenant: ARM roleAssignments of subscription a925f2f7-5c63-4b7b-8799-25a5f97bc3b2: 127.0.0.1:$PORT: HTTP 429 TooManyRequests: Too many requests, retry after some time (after 3 tries)"
fails "mode=unavailable&path=/users" \
    "Graph users: localhost:$PORT: HTTP 503 serviceNotAvailable: "
fails "mode=deny&path=roleEligibilityScheduleInstances" \
    "ARM roleEligibilityScheduleInstances of subscription a925f2f7-5c63-4b7b-8799-25a5f97bc3b2: 127.0.0.1:$PORT: HTTP 403 AuthorizationFailed: The client '$CLIENT'"
fails "mode=deny&path=/users" \
    "Graph users: localhost:$PORT: HTTP 403 Authorization_RequestDenied: Insufficient privileges to complete the operation."
fails "mode=unauthorized&path=transitiveMembers" \
    "Graph transitiveMembers of group 6a7b8c9d-cccc-4e1f-8a2b-3c4d5e6f7a01: localhost:$PORT: HTTP 401 InvalidAuthenticationToken: "
fails "mode=token-deny" \
    "token for ARM: 127.0.0.1:$PORT: HTTP 401 invalid_client: AADSTS7000215: Invalid client secret provided."
fails "mode=cut&page=2&path=roleDefinitions" \
    "ARM roleDefinitions of subscription a925f2f7-5c63-4b7b-8799-25a5f97bc3b2 (page 2): 127.0.0.1:$PORT: the answer was cut short"
fails "mode=malformed&page=3&path=/users" \
    "Graph users (page 3): localhost:$PORT: HTTP 200 the answer is not a JSON object ("
fails "mode=hang&path=roleAssignmentSchedules" \
    "Graph roleAssignmentSchedules: localhost:$PORT: Timed out (no answer within 2 s)"
fails "mode=foreign-link&path=$SUB2/providers/Microsoft.Authorization/roleAssignments" \
    "ARM roleAssignments of subscription $SUB2: the next page's link 'http://elsewhere.example/subscriptions/$SUB2/"
# a wrong secret
EXPECT_ONE_LINE=1 expect 3 "token for ARM: 127.0.0.1:$PORT: HTTP 401 invalid_client: AADSTS7000215" -- \
    env PARC_AZ_SECRET=not-the-secret $PARC --config fault.conf sync
grep -q not-the-secret err.txt && fail "the wrong secret is in the message"
# no secret at all: a configuration error
expect 2 "PARC_AZ_SECRET" -- env -u PARC_AZ_SECRET $PARC --config fault.conf sync

# throttled twice, then answered: Retry-After (1 s) is honoured
fault "mode=throttle&n=2&path=roleDefinitions"
expect 0 "" -- secret_sync $PARC --config fault.conf sync
requests | $PY -c '
import json, sys
rows = [json.loads(l) for l in sys.stdin]
t = [r for r in rows if "roleDefinitions" in r["path"]]
i = max(k for k, r in enumerate(t) if r["status"] == 429) - 1
t = t[i:i + 3]
codes = [r["status"] for r in t]
if codes != [429, 429, 200] or len({r["path"] for r in t}) != 1:
    sys.exit("statuses %s" % codes)
gaps = [round(t[k + 1]["t"] - t[k]["t"], 2) for k in range(2)]
if min(gaps) < 0.9:
    sys.exit("waited %s s, not the 1 s of Retry-After" % gaps)
' || fail "the retries after 429 did not honour Retry-After"
fault "mode=unavailable&n=1&path=transitiveMembers"
expect 0 "" -- secret_sync $PARC --config fault.conf sync
inv fault >fault-after.inv
cmp -s fault-after.inv before.inv || fail "after retries: another inventory"

# a dead server: connection refused, then exit 3
$PY -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' >deadport
liveconf dead "$(cat deadport)" "retries = 1"
cp before.db dead.db
EXPECT_ONE_LINE=1 expect 3 "source tenant: token for ARM: 127.0.0.1:$(cat deadport): " -- \
    secret_sync $PARC --config dead.conf sync
inv dead >dead.inv
cmp -s dead.inv before.inv || fail "dead server: the snapshot changed"

# --- a tenant without Entra ID P1 ---------------------------------------------
start nop1 --tenant-dir "$DATA" --page-size 3 --no-premium
NOP1=$(cat nop1.port)
liveconf nop1 $NOP1
$PARC --config nop1.conf init >/dev/null 2>&1
expect 0 "no signInActivity (a tenant without Entra ID P1" -- \
    secret_sync $PARC --config nop1.conf sync
get "http://127.0.0.1:$NOP1/_fake/log" | grep -q '"path": "/v1.0/users", "page": null, "status": 403' ||
	fail "the fake did not refuse signInActivity"
$PARC --config nop1.conf findings >nop1.findings 2>&1
grep -q "dormant\|never-used" nop1.findings &&
	fail "dormancy built on missing sign-ins: $(grep 'dormant\|never-used' nop1.findings)"
$PARC --config live.conf findings >live.findings 2>&1
grep -q "never-used" live.findings || fail "with sign-ins, frank is not never-used"
$PARC --config nop1.conf inventory >nop1.txt 2>&1
grep -q "frank.*unknown" nop1.txt || fail "no unknown last use: $(grep frank nop1.txt)"

# --- TLS and configuration ------------------------------------------------------
conf plain "tenant_id = $TENANT" "client_id = $CLIENT" \
    "password_env = PARC_AZ_SECRET" "arm_endpoint = $ARM"
expect 2 "arm_endpoint 127.0.0.1:$PORT is plain http://" -- \
    secret_sync $PARC --config plain.conf sync
conf tls "tenant_id = $TENANT" "client_id = $CLIENT" \
    "password_env = PARC_AZ_SECRET" "login_endpoint = https://127.0.0.1:$PORT"
$PARC --config tls.conf init >/dev/null 2>&1
EXPECT_ONE_LINE=1 expect 3 "source tenant: token for ARM: 127.0.0.1:$PORT: " -- \
    secret_sync $PARC --config tls.conf sync
grep -qi "ssl\|tls" err.txt || fail "https:// to a plain server: $(cat err.txt)"
# a fake over HTTPS with a certificate of a private CA (for 127.0.0.1 and
# localhost): refused without ca_file, read with it
if command -v openssl >/dev/null; then
	openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=azure-fake" \
	    -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" \
	    -keyout tls.key -out tls.pem >/dev/null 2>&1 || fail "openssl req"
	start tls --tenant-dir "$DATA" --page-size 3 --tls-cert tls.pem \
	    --tls-key tls.key
	TP=$(cat tls.port)
	conf https "tenant_id = $TENANT" "client_id = $CLIENT" \
	    "password_env = PARC_AZ_SECRET" \
	    "login_endpoint = https://127.0.0.1:$TP" \
	    "arm_endpoint = https://127.0.0.1:$TP" \
	    "graph_endpoint = https://localhost:$TP"
	cp before.db https.db
	EXPECT_ONE_LINE=1 expect 3 "source tenant: token for ARM: 127.0.0.1:$TP: " -- \
	    secret_sync $PARC --config https.conf sync
	grep -qi "certificate" err.txt || fail "untrusted certificate: $(cat err.txt)"
	echo "ca_file = tls.pem" >>https.conf
	expect 0 "" -- secret_sync $PARC --config https.conf sync
	inv https >https.inv
	cmp -s https.inv before.inv || fail "https with ca_file: another inventory"
	get "http://127.0.0.1:$TP/_fake/log" >/dev/null 2>&1 &&
		fail "the TLS fake answered plain http"
else
	echo "note: no openssl: the ca_file tests are left out"
fi
# a certificate instead of a secret: a client assertion signed with its key
if command -v openssl >/dev/null && $PY -c 'import cryptography' 2>/dev/null; then
	for n in app other; do
		openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=$n" \
		    -keyout $n.key -out $n.crt >/dev/null 2>&1 || fail "openssl $n"
		cat $n.key $n.crt >$n.pem
		chmod 600 $n.pem
	done
	start cert --tenant-dir "$DATA" --page-size 3 --client-cert app.crt
	CP=$(cat cert.port)
	certconf() {
		conf "$1" "tenant_id = $TENANT" "client_id = $CLIENT" \
		    "certificate_file = $2" \
		    "login_endpoint = http://127.0.0.1:$CP" \
		    "arm_endpoint = http://127.0.0.1:$CP" \
		    "graph_endpoint = http://localhost:$CP" "allow_insecure = yes"
	}
	certconf certok app.pem
	cp before.db certok.db
	expect 0 "" -- $PARC --config certok.conf sync
	inv certok >certok.inv
	cmp -s certok.inv before.inv || fail "certificate: another inventory"
	get "http://127.0.0.1:$CP/_fake/log" | grep -q '"audience": "token:' ||
		fail "no token given for the client assertion"
	certconf certbad other.pem
	cp before.db certbad.db
	EXPECT_ONE_LINE=1 expect 3 "token for ARM: 127.0.0.1:$CP: HTTP 401 invalid_client: AADSTS700027: Client assertion failed signature validation." -- \
	    $PARC --config certbad.conf sync
	inv certbad >certbad.inv
	cmp -s certbad.inv before.inv || fail "a refused certificate: the snapshot changed"
	chmod 644 other.pem
	expect 2 "certificate_file other.pem has mode 0644; it holds a private key" -- \
	    $PARC --config certbad.conf sync
	certconf certboth app.pem
	echo "password_env = PARC_AZ_SECRET" >>certboth.conf
	expect 2 "or certificate_file, not both" -- $PARC --config certboth.conf sync
	grep -qa "PRIVATE KEY" certok.db && fail "the private key is in the database"
else
	echo "note: no openssl or python3-cryptography: the certificate tests are left out"
fi
conf bad1 "path = $DATA" "client_id = $CLIENT"
expect 2 "bad1.conf:6: [source tenant] client_id is for reading Azure live" -- \
    $PARC --config bad1.conf sync
conf bad2 "tenant_id = contoso.onmicrosoft.com" "path = $DATA"
expect 2 "bad2.conf:5: [source tenant] tenant_id must be the tenant's id" -- \
    $PARC --config bad2.conf sync
conf bad3 "path = $DATA" "subscriptions = 0c4f1c31-7a52-4e9b-8f0e-2b9d6f3a1e77"
$PARC --config bad3.conf init >/dev/null 2>&1
expect 4 "subscription 0c4f1c31-7a52-4e9b-8f0e-2b9d6f3a1e77 (in subscriptions) is not there, or not Enabled" -- \
    $PARC --config bad3.conf sync

[ $fails -eq 0 ] || exit 1
echo "ok: azure live and offline, az rest against the fake, faults"
