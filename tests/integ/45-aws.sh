#!/bin/sh
# kind = aws against tests/integ/lib/aws_fake.py, a local IAM and STS that
# checks every SigV4 signature with botocore's signer:
# - the fake is faithful: Debian's AWS CLI pages through it, and what the
#   CLI prints is what the offline tests read (tests/data/aws/), so the two
#   cannot drift; the CLI with a wrong secret is refused as AWS refuses it;
# - live (env and profile credentials, AssumeRole) and offline give the
#   same inventory;
# - each fault (throttling, 503, the 403 codes, a cut or malformed page, a
#   server that never answers or is not there, a report that never
#   completes, a bad signature) fails with exit 3 and a message naming the
#   source, the call and AWS's code, and leaves the snapshot as it was;
# - plain http:// is refused without allow_insecure, https:// is the
#   default; the secret key never reaches the output, stderr or the DB.
set -u
export HOME="$TMPDIR/home" LC_ALL=C.UTF-8 TZ=UTC
unset XDG_DATA_HOME XDG_CONFIG_HOME PARC_DB PARC_CONFIG
unset AWS_PROFILE AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN
unset AWS_SHARED_CREDENTIALS_FILE AWS_CONFIG_FILE AWS_DEFAULT_REGION AWS_REGION
mkdir -p "$HOME"

. "$SRCDIR/tests/integ/lib/expect.subr"

PY=/usr/bin/python3
AWS=/usr/bin/aws
DATA=$PARC_TEST_DATA/aws
[ -x $PY ] && $PY -c 'import botocore' 2>/dev/null || {
	echo "skip: needs /usr/bin/python3 with botocore (python3-botocore)"
	exit 77
}
[ -x $AWS ] || {
	echo "skip: needs /usr/bin/aws (awscli)"
	exit 77
}

KEY=AKIAPARCTEST00000001
SECRET='Pq7/secretKEY+forParcTests0000000000000'
PKEY=AKIAPARCPROFILE00002
PSECRET='profileSECRET/key+9999999999999999999999'
TKEY=ASIAPARCSESSION00003
TSECRET='sessionSECRET/key+888888888888888888888'
TOKEN='IQoJb3JpZ2luX2VjEXAMPLEsessionTOKEN/for+parc=='

$PY "$SRCDIR/tests/integ/lib/aws_fake.py" --port-file port \
    --account "$DATA/fake-account.json" --report "$DATA/credential-report.csv" \
    --key "$KEY:$SECRET" --key "$PKEY:$PSECRET" --key "$TKEY:$TSECRET:$TOKEN" \
    --external-id ext-4711 \
    >fake.log 2>&1 &
fake=$!
trap 'kill $fake 2>/dev/null' EXIT
i=0
until [ -s port ] || [ $i -gt 200 ]; do
	sleep 0.05
	i=$((i + 1))
done
PORT=$(cat port) || {
	echo "FAIL: the fake did not start: $(cat fake.log)"
	exit 1
}
URL=http://127.0.0.1:$PORT

# fault QUERY: set the fake's fault (mode=...&n=...&page=...)
fault() {
	$PY -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1]).read()' \
	    "$URL/_fake/fault?$1" || fail "cannot set fault $1"
}
# requests: the fake's log of requests
requests() {
	$PY -c 'import sys, urllib.request; sys.stdout.write(urllib.request.urlopen(sys.argv[1]).read().decode())' \
	    "$URL/_fake/log"
}

# --- the kind and its keys are listed ------------------------------------------
$PARC sources --kinds >kinds.txt 2>&1 || fail "sources --kinds"
grep -q "^aws  *an AWS account's IAM" kinds.txt || fail "no aws in --kinds: $(cat kinds.txt)"
for k in endpoint region profile role_arn sts_endpoint allow_insecure ca_file \
    timeout authorization_details credential_report account_id; do
	grep -q " $k[,]*$\| $k," kinds.txt || fail "--kinds does not list $k"
done
sed -n '/^aws /,/^[a-z]/p' kinds.txt | awk 'length > 80' | grep -q . &&
	fail "--kinds: aws is wider than 80 columns"

# --- the fake is faithful: the real CLI pages through it ---------------------
cli() {
	AWS_ACCESS_KEY_ID=$KEY AWS_SECRET_ACCESS_KEY=$SECRET \
	    AWS_DEFAULT_REGION=us-east-1 AWS_PAGER= \
	    $AWS --endpoint-url "$URL" "$@"
}
cli iam get-account-authorization-details --output json >cli.json 2>cli.err ||
	fail "aws iam get-account-authorization-details: $(cat cli.err)"
cmp -s cli.json "$DATA/authorization-details.json" ||
	fail "the CLI's output from the fake differs from tests/data/aws/authorization-details.json: $(diff cli.json "$DATA/authorization-details.json" | head -20)"
# and what it printed is what botocore's model says the operation answers
$PY "$SRCDIR/tests/integ/lib/aws_shape.py" iam GetAccountAuthorizationDetails \
    cli.json >shape.txt 2>&1 ||
	fail "the fake's answers are not GetAccountAuthorizationDetails' shape: $(cat shape.txt)"
n=$(requests | grep -c '"GetAccountAuthorizationDetails"')
[ "$n" -ge 5 ] || fail "the CLI read $n pages, not several (forced small pages)"
# small pages asked by the client (MaxItems) too
cli iam get-account-authorization-details --page-size 1 --output json \
    >cli1.json 2>cli.err || fail "aws --page-size 1: $(cat cli.err)"
cmp -s cli1.json "$DATA/authorization-details.json" ||
	fail "the CLI with --page-size 1 got another account"
# the report: ReportNotPresent, then STARTED, then COMPLETE
cli iam get-credential-report >out.txt 2>cli.err &&
	fail "get-credential-report before any generate-credential-report worked"
grep -q ReportNotPresent cli.err || fail "no ReportNotPresent: $(cat cli.err)"
cli iam generate-credential-report --query State --output text >state1 2>cli.err
cli iam get-credential-report >out.txt 2>cli.err &&
	fail "get-credential-report of a STARTED report worked"
grep -q ReportInProgress cli.err || fail "no ReportInProgress: $(cat cli.err)"
cli iam generate-credential-report --query State --output text >state2 2>cli.err
[ "$(cat state1) $(cat state2)" = "STARTED COMPLETE" ] ||
	fail "report states: $(cat state1) $(cat state2)"
cli iam get-credential-report --query Content --output text 2>cli.err |
    base64 -d >report.csv
cmp -s report.csv "$DATA/credential-report.csv" ||
	fail "the CLI's credential report differs from tests/data/aws/credential-report.csv"
# the fake checks signatures as AWS does
AWS_ACCESS_KEY_ID=$KEY AWS_SECRET_ACCESS_KEY=wrong AWS_DEFAULT_REGION=us-east-1 \
    $AWS --endpoint-url "$URL" iam get-account-authorization-details \
    >out.txt 2>cli.err && fail "the fake took a wrong secret from the CLI"
grep -q SignatureDoesNotMatch cli.err ||
	fail "the CLI with a wrong secret: $(cat cli.err)"
AWS_ACCESS_KEY_ID=AKIANOSUCHKEY0000000 AWS_SECRET_ACCESS_KEY=$SECRET \
    AWS_DEFAULT_REGION=us-east-1 $AWS --endpoint-url "$URL" \
    iam get-account-authorization-details >out.txt 2>cli.err &&
	fail "the fake took an unknown key from the CLI"
grep -q InvalidClientTokenId cli.err ||
	fail "the CLI with an unknown key: $(cat cli.err)"

# STS as the CLI reads it: AssumeRole, then IAM with the role's keys
cli sts assume-role --role-arn arn:aws:iam::123456789012:role/lambda-exec \
    --role-session-name cli --external-id ext-4711 --output json \
    >assumed.json 2>cli.err || fail "aws sts assume-role: $(cat cli.err)"
$PY -c '
import json, sys
c = json.load(open("assumed.json"))["Credentials"]
assert c["AccessKeyId"].startswith("ASIA"), c
print(c["AccessKeyId"], c["SecretAccessKey"], c["SessionToken"])' >assumed.txt ||
	fail "assume-role printed: $(cat assumed.json)"
read -r akid asecret atoken <assumed.txt
AWS_ACCESS_KEY_ID=$akid AWS_SECRET_ACCESS_KEY=$asecret \
    AWS_SESSION_TOKEN=$atoken AWS_DEFAULT_REGION=us-east-1 \
    $AWS --endpoint-url "$URL" iam generate-credential-report >out.txt \
    2>cli.err || fail "the CLI with the role's keys: $(cat cli.err)"
AWS_ACCESS_KEY_ID=$akid AWS_SECRET_ACCESS_KEY=$asecret \
    AWS_DEFAULT_REGION=us-east-1 $AWS --endpoint-url "$URL" \
    iam generate-credential-report >out.txt 2>cli.err &&
	fail "the fake took a role's keys without their session token"
grep -q InvalidClientTokenId cli.err || fail "no token: $(cat cli.err)"

# --- offline and live give the same inventory -------------------------------
# conf NAME [key = value ...]: parc.conf for a live source at the fake,
# and its database (sync needs one: only init makes it)
conf() {
	db=$1
	shift
	{
		printf '[parc]\ndatabase = %s/%s.db\n[source acme]\nkind = aws\n' \
		    "$TMPDIR" "$db"
		for kv in "$@"; do
			printf '%s\n' "$kv"
		done
	} >"$db.conf"
	[ -e "$TMPDIR/$db.db" ] || $PARC --config "$db.conf" init >/dev/null 2>&1 ||
		fail "init $db"
}
# inv DB: the inventory as JSON without the sync times
inv() {
	$PARC --config "$1.conf" inventory --json |
	    $PY -c '
import json, sys
rows = json.load(sys.stdin)
for r in rows:
    r.pop("first_seen", None)
    r.pop("last_seen", None)
print(json.dumps(rows, indent=1, sort_keys=True))'
}
env_sync() {
	AWS_ACCESS_KEY_ID=$KEY AWS_SECRET_ACCESS_KEY=$SECRET "$@"
}

conf offline "authorization_details = $DATA/authorization-details.json" \
    "credential_report = $DATA/credential-report.csv" \
    "account_id = 123456789012"
$PARC --config offline.conf init >/dev/null 2>&1 || fail "init offline"
expect 0 "" -- $PARC --config offline.conf sync
inv offline >offline.inv
grep -q '"account": "alice"' offline.inv || fail "offline: no alice"
grep -q '"entitlement": "AdministratorAccess"' offline.inv ||
	fail "offline: no AdministratorAccess"

conf live "endpoint = $URL" "allow_insecure = yes" "page_size = 2" \
    "account_id = 123456789012"
$PARC --config live.conf init >/dev/null 2>&1 || fail "init live"
expect 0 "" -- env_sync $PARC --config live.conf sync
inv live >live.inv
cmp -s live.inv offline.inv ||
	fail "live and offline inventories differ: $(diff live.inv offline.inv | head -20)"
n=$(requests | grep -c "\"GetAccountAuthorizationDetails\", \"key\": \"$KEY\"")
[ "$n" -ge 10 ] || fail "parc read $n pages with page_size = 2"
cp live.inv before.inv

# --- secrets stay out --------------------------------------------------------
for f in live.db live.db-wal err.txt out.txt; do
	[ -f "$f" ] || continue
	grep -qaF "$SECRET" "$f" && fail "the secret key is in $f"
done
$PARC --config live.conf sources >sources.txt 2>&1
grep -qF "$SECRET" sources.txt && fail "the secret key is in parc sources"

# --- faults: exit 3, a message naming the call and AWS's code, no change -----
conf fault "endpoint = $URL" "allow_insecure = yes" "page_size = 2" \
    "timeout = 2" "retries = 2"
cp live.db fault.db
inv fault >fault-before.inv
# fails MODE MESSAGE: with fault MODE, sync fails with exit 3 and MESSAGE
fails() {
	fault "$1"
	t0=$(date +%s)
	EXPECT_ONE_LINE=1 expect 3 "$2" -- env_sync $PARC --config fault.conf sync
	t=$(($(date +%s) - t0))
	[ $t -le 15 ] || fail "$1: took $t s"
	grep -q "^parc: source acme: " err.txt || fail "$1: not naming the source: $(cat err.txt)"
	grep -qF "$SECRET" err.txt && fail "$1: the secret is in the message"
	inv fault >fault-after.inv
	cmp -s fault-before.inv fault-after.inv ||
		fail "$1: the snapshot changed"
	fault "mode=none"
}
fails "mode=throttle" "GetAccountAuthorizationDetails: 127.0.0.1:$PORT: HTTP 400 Throttling: Rate exceeded (after 3 tries)"
fails "mode=unavailable" "HTTP 503 ServiceUnavailable"
for code in AccessDenied SignatureDoesNotMatch InvalidClientTokenId ExpiredToken; do
	fails "mode=deny:$code" "GetAccountAuthorizationDetails: 127.0.0.1:$PORT: HTTP 403 $code: "
done
fails "mode=deny:AccessDenied&action=GetCredentialReport" "GetCredentialReport: 127.0.0.1:$PORT: HTTP 403 AccessDenied: User: arn:aws:iam::123456789012:user/parc-reader is not authorized"
fails "mode=cut&page=3" "GetAccountAuthorizationDetails (page 3): 127.0.0.1:$PORT: the answer was cut short"
fails "mode=malformed&page=2" "GetAccountAuthorizationDetails (page 2): malformed answer (cut, or not AWS's XML): line"
fails "mode=hang&page=2" "GetAccountAuthorizationDetails (page 2): 127.0.0.1:$PORT: Timed out (no answer within 2 s)"
fails "mode=report-never" "GenerateCredentialReport: the credential report is still INPROGRESS after 2 s"

# throttled twice, then answered: retried with backoff, and the sync works
fault "mode=throttle&n=2&page=2"
expect 0 "" -- env_sync $PARC --config fault.conf sync
n=$(requests | grep -c '"fault": "throttle"')
[ "$n" -ge 2 ] || fail "the fake throttled $n times, not 2"
fault "mode=unavailable&n=1&action=GenerateCredentialReport"
expect 0 "" -- env_sync $PARC --config fault.conf sync
inv fault >fault-after.inv
cmp -s fault-after.inv before.inv || fail "after retries: another inventory"

# parc's own signature is judged by botocore: a wrong secret, an unknown key
EXPECT_ONE_LINE=1 expect 3 "HTTP 403 SignatureDoesNotMatch: The request signature we calculated does not match" -- \
    env AWS_ACCESS_KEY_ID=$KEY AWS_SECRET_ACCESS_KEY=wrong-secret \
    $PARC --config fault.conf sync
grep -q wrong-secret err.txt && fail "the wrong secret is in the message"
EXPECT_ONE_LINE=1 expect 3 "HTTP 403 InvalidClientTokenId" -- \
    env AWS_ACCESS_KEY_ID=AKIANOSUCHKEY0000000 AWS_SECRET_ACCESS_KEY=$SECRET \
    $PARC --config fault.conf sync
# a region the fake does not serve: the signature's scope is wrong
conf region "endpoint = $URL" "allow_insecure = yes" "region = eu-west-1"
cp live.db region.db
EXPECT_ONE_LINE=1 expect 3 "HTTP 403 SignatureDoesNotMatch: Credential should be scoped" -- \
    env_sync $PARC --config region.conf sync

# a dead server: connection refused, retried, then exit 3
$PY -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' >deadport
conf dead "endpoint = http://127.0.0.1:$(cat deadport)" "allow_insecure = yes" "retries = 1"
cp live.db dead.db
EXPECT_ONE_LINE=1 expect 3 "GetAccountAuthorizationDetails: 127.0.0.1:$(cat deadport): " -- \
    env_sync $PARC --config dead.conf sync
grep -q "connect" err.txt || fail "dead server: $(cat err.txt)"
inv dead >dead.inv
cmp -s dead.inv before.inv || fail "dead server: the snapshot changed"

# --- TLS: http:// refused without allow_insecure, https:// by default ------
conf plain "endpoint = $URL"
expect 2 "endpoint 127.0.0.1:$PORT is plain http://" -- env_sync $PARC --config plain.conf sync
conf tls "endpoint = https://127.0.0.1:$PORT"
$PARC --config tls.conf init >/dev/null 2>&1
EXPECT_ONE_LINE=1 expect 3 "source acme: GetAccountAuthorizationDetails: 127.0.0.1:$PORT: " -- \
    env_sync $PARC --config tls.conf sync
grep -qi "ssl\|tls" err.txt || fail "https:// to a plain server: $(cat err.txt)"
# a fake over HTTPS with a certificate of a private CA: refused without
# ca_file, accepted with it, refused when the name does not match
if command -v openssl >/dev/null; then
	for n in ip name; do
		san=IP:127.0.0.1
		[ $n = name ] && san=DNS:iam.example.test
		openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=fake-$n" \
		    -addext "subjectAltName=$san" -keyout $n.key -out $n.pem \
		    >/dev/null 2>&1 || fail "openssl req $n"
		$PY "$SRCDIR/tests/integ/lib/aws_fake.py" --port-file tls-$n.port \
		    --account "$DATA/fake-account.json" \
		    --report "$DATA/credential-report.csv" --key "$KEY:$SECRET" \
		    --tls-cert $n.pem --tls-key $n.key >tls-$n.log 2>&1 &
		echo $! >>tls.pids
	done
	i=0
	until [ -s tls-ip.port ] && [ -s tls-name.port ] || [ $i -gt 200 ]; do
		sleep 0.05
		i=$((i + 1))
	done
	conf tlsca "endpoint = https://127.0.0.1:$(cat tls-ip.port)"
	cp live.db tlsca.db
	EXPECT_ONE_LINE=1 expect 3 "GetAccountAuthorizationDetails: 127.0.0.1:$(cat tls-ip.port): " -- \
	    env_sync $PARC --config tlsca.conf sync
	grep -qi "certificate" err.txt || fail "untrusted certificate: $(cat err.txt)"
	conf tlsca "endpoint = https://127.0.0.1:$(cat tls-ip.port)" "ca_file = ip.pem"
	expect 0 "" -- env_sync $PARC --config tlsca.conf sync
	inv tlsca >tlsca.inv
	cmp -s tlsca.inv before.inv || fail "https with ca_file: another inventory"
	conf tlsname "endpoint = https://127.0.0.1:$(cat tls-name.port)" "ca_file = name.pem"
	cp live.db tlsname.db
	EXPECT_ONE_LINE=1 expect 3 "GetAccountAuthorizationDetails: 127.0.0.1:$(cat tls-name.port): " -- \
	    env_sync $PARC --config tlsname.conf sync
	grep -qi "subject\|name" err.txt || fail "wrong name: $(cat err.txt)"
	kill $(cat tls.pids) 2>/dev/null
else
	echo "note: no openssl: the ca_file tests are left out"
fi
# config errors: exit 2 naming file:line and key
conf bad1 "endpoint = $URL" "allow_insecure = yes" "authorization_details = x.json"
expect 2 "bad1.conf:5: [source acme] endpoint is for reading AWS live" -- $PARC --config bad1.conf sync
conf bad2 "account_id = 12345"
expect 2 "bad2.conf:5: [source acme] account_id must be the 12 digits" -- $PARC --config bad2.conf sync
conf bad3 "page_size = 5000"
expect 2 "page_size" -- $PARC --config bad3.conf sync
conf bad4 "role_arn = reader"
expect 2 "role_arn must be a role's ARN" -- $PARC --config bad4.conf sync

# --- credentials as the CLI finds them ----------------------------------------
# no credentials at all
conf nocred "endpoint = $URL" "allow_insecure = yes"
cp live.db nocred.db
expect 2 "no AWS credentials: set profile = NAME" -- $PARC --config nocred.conf sync
# a named profile in $AWS_SHARED_CREDENTIALS_FILE
cat >creds <<EOF
[default]
aws_access_key_id = AKIANOSUCHKEY0000000
aws_secret_access_key = not-this-one

[reader]
aws_access_key_id = $PKEY
aws_secret_access_key = $PSECRET
EOF
conf prof "endpoint = $URL" "allow_insecure = yes" "profile = reader"
cp live.db prof.db
expect 0 "" -- env AWS_SHARED_CREDENTIALS_FILE="$TMPDIR/creds" $PARC --config prof.conf sync
requests | tail -n 1 | grep -q "\"key\": \"$PKEY\"" || fail "profile reader's key was not used"
inv prof >prof.inv
cmp -s prof.inv before.inv || fail "profile: another inventory"
# a session token from the environment is sent and signed
conf tok "endpoint = $URL" "allow_insecure = yes"
cp live.db tok.db
expect 3 "HTTP 403 InvalidClientTokenId" -- env AWS_ACCESS_KEY_ID=$TKEY \
    AWS_SECRET_ACCESS_KEY=$TSECRET $PARC --config tok.conf sync
expect 0 "" -- env AWS_ACCESS_KEY_ID=$TKEY AWS_SECRET_ACCESS_KEY=$TSECRET \
    AWS_SESSION_TOKEN=$TOKEN $PARC --config tok.conf sync
requests | tail -n 1 | grep -q "\"key\": \"$TKEY\", \"token\": true, \"signed\": \"[^\"]*x-amz-security-token" ||
	fail "AWS_SESSION_TOKEN was not sent and signed: $(requests | tail -n 1)"
for f in tok.db tok.db-wal err.txt; do
	[ -f "$f" ] || continue
	grep -qaF "$TOKEN" "$f" && fail "the session token is in $f"
done
# the profile wins over the environment, as in the CLI
expect 0 "" -- env AWS_SHARED_CREDENTIALS_FILE="$TMPDIR/creds" AWS_ACCESS_KEY_ID=$KEY \
    AWS_SECRET_ACCESS_KEY=$SECRET $PARC --config prof.conf sync
requests | tail -n 1 | grep -q "\"key\": \"$PKEY\"" || fail "the environment beat profile = reader"
conf prof2 "endpoint = $URL" "allow_insecure = yes" "profile = nosuch"
expect 2 "no profile [nosuch]" -- env AWS_SHARED_CREDENTIALS_FILE="$TMPDIR/creds" $PARC --config prof2.conf sync
# ~/.aws/credentials [default] when nothing else is set (here: wrong key)
mkdir -p "$HOME/.aws"
cp creds "$HOME/.aws/credentials"
expect 3 "HTTP 403 InvalidClientTokenId" -- $PARC --config nocred.conf sync
for f in prof.db prof.db-wal err.txt out.txt; do
	[ -f "$f" ] || continue
	grep -qaF "$PSECRET" "$f" && fail "the profile's secret is in $f"
done

# --- AssumeRole ----------------------------------------------------------------
ROLE=arn:aws:iam::123456789012:role/OrganizationAccountAccessRole
conf assume "endpoint = $URL" "sts_endpoint = $URL" "allow_insecure = yes" \
    "role_arn = $ROLE" "external_id = ext-4711" "session_name = parc-review"
cp live.db assume.db
expect 0 "" -- env_sync $PARC --config assume.conf sync
requests | grep '"AssumeRole"' | tail -n 1 | grep -q "\"key\": \"$KEY\"" ||
	fail "AssumeRole was not signed with the source's key"
requests | tail -n 1 | grep -q '"key": "ASIA.*"token": true, "signed": "[^"]*x-amz-security-token' ||
	fail "the role's session token was not sent and signed: $(requests | tail -n 1)"
inv assume >assume.inv
cmp -s assume.inv before.inv || fail "AssumeRole: another inventory"
conf assume2 "endpoint = $URL" "sts_endpoint = $URL" "allow_insecure = yes" \
    "role_arn = $ROLE" "external_id = wrong"
cp live.db assume2.db
EXPECT_ONE_LINE=1 expect 3 "AssumeRole: 127.0.0.1:$PORT: HTTP 403 AccessDenied: User: arn:aws:iam::123456789012:user/parc-reader is not authorized to perform: sts:AssumeRole" -- \
    env_sync $PARC --config assume2.conf sync
inv assume2 >assume2.inv
cmp -s assume2.inv before.inv || fail "failed AssumeRole: the snapshot changed"

# STS signed for another region than the fake's: refused, naming AssumeRole
conf assume3 "endpoint = $URL" "sts_endpoint = $URL" "allow_insecure = yes" \
    "role_arn = $ROLE" "external_id = ext-4711" "sts_region = eu-west-1"
cp live.db assume3.db
EXPECT_ONE_LINE=1 expect 3 "AssumeRole: 127.0.0.1:$PORT: HTTP 403 SignatureDoesNotMatch: Credential should be scoped" -- \
    env_sync $PARC --config assume3.conf sync
conf assume4 "endpoint = $URL" "allow_insecure = yes" "sts_region = eu-west-1"
expect 2 "sts_region are for role_arn, which is not set" -- env_sync $PARC --config assume4.conf sync

# service_accounts: the site's naming rule makes deploy-bot a service account
kind_of() {
	$PARC --config "$1.conf" inventory --json |
	    grep -o "\"account\": \"$2\", \"account_kind\": \"[a-z-]*\"" |
	    head -n 1 | sed 's/.*: "//; s/"$//'
}
[ "$(kind_of offline deploy-bot)" = human ] ||
	fail "deploy-bot is $(kind_of offline deploy-bot) without service_accounts"
conf svc "authorization_details = $DATA/authorization-details.json" \
    "credential_report = $DATA/credential-report.csv" \
    "service_accounts = deploy-*, ci-*"
$PARC --config svc.conf init >/dev/null 2>&1
expect 0 "" -- $PARC --config svc.conf sync
[ "$(kind_of svc deploy-bot)" = service ] ||
	fail "deploy-bot is $(kind_of svc deploy-bot) with service_accounts = deploy-*"

# --- account_id guards against the wrong account --------------------------------
conf other "endpoint = $URL" "allow_insecure = yes" "account_id = 999999999999"
cp live.db other.db
expect 3 "belongs to account 123456789012, not to account_id 999999999999" -- \
    env_sync $PARC --config other.conf sync
conf other2 "authorization_details = $DATA/authorization-details.json" "account_id = 999999999999"
cp live.db other2.db
expect 4 "authorization-details.json: arn:aws:iam::123456789012:" -- $PARC --config other2.conf sync
inv other2 >other2.inv
cmp -s other2.inv before.inv || fail "wrong account: the snapshot changed"

[ $fails -eq 0 ] || exit 1
echo "ok"
