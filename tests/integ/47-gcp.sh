#!/bin/sh
# kind = gcp against tests/integ/lib/gcp_fake.py, a local Google token
# endpoint, Cloud Asset, Cloud Identity, IAM and Policy Analyzer:
# - the fake is faithful: Google's own Python client (google-auth signs the
#   JWT with the service-account key, googleapiclient pages
#   searchAllIamPolicies from the fake's discovery document) reads exactly
#   what the offline tests read (tests/data/gcp/), and the fake refuses a
#   JWT signed by another key as Google does;
# - live (key file or token_command, transitive or level-by-level
#   memberships) and offline give the same inventory;
# - an expiring token is renewed, a 401 asks for a new one once; 429 and
#   503 are retried;
# - each fault (429 and 503 for good, 403, 401, a cut or malformed page, a
#   server that never answers or is not there, a refused JWT) fails with
#   exit 3 and a message naming the source, the call and Google's status,
#   and leaves the snapshot as it was;
# - http:// (an endpoint or the key's token_uri) is refused without
#   allow_insecure; a key file readable by others is refused; the private
#   key and the tokens never reach the output, stderr or the DB.
# The RSA key is made by this script with openssl; none is committed.
set -u
export HOME="$TMPDIR/home" LC_ALL=C.UTF-8 TZ=UTC
unset XDG_DATA_HOME XDG_CONFIG_HOME PARC_DB PARC_CONFIG
unset GOOGLE_APPLICATION_CREDENTIALS CLOUDSDK_CONFIG
mkdir -p "$HOME"

. "$SRCDIR/tests/integ/lib/expect.subr"

PY=/usr/bin/python3
DATA=$PARC_TEST_DATA/gcp
[ -x $PY ] && $PY -c 'import googleapiclient, google.oauth2, google_auth_httplib2, cryptography' 2>/dev/null || {
	echo "skip: needs /usr/bin/python3 with googleapiclient and google-auth (python3-googleapi)"
	exit 77
}
command -v openssl >/dev/null || {
	echo "skip: needs openssl"
	exit 77
}

EMAIL=parc-reader@example-admin.iam.gserviceaccount.com
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out key.pem 2>/dev/null &&
    openssl pkey -in key.pem -pubout -out pub.pem 2>/dev/null || {
	echo "FAIL: openssl could not make a test key"
	exit 1
}
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out other.pem 2>/dev/null
# a line from the middle of the private key: it must never appear anywhere
KEYLINE=$(sed -n 10p key.pem)
STATIC=ya29.static-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')
printf '%s\n' "$STATIC" >token.txt

# start_fake NAME [options]: a fake on its own port, URL in $URL_NAME
start_fake() {
	name=$1
	shift
	$PY "$SRCDIR/tests/integ/lib/gcp_fake.py" --port-file "$name.port" \
	    --public-key pub.pem --client-email $EMAIL --static-token "$STATIC" \
	    --policies "$DATA/search-all-iam-policies.json" \
	    --groups "$DATA/group-memberships.json" \
	    --keys "$DATA/service-account-keys.json" \
	    --activities "$DATA/last-authentication.json" \
	    --roles "$DATA/custom-roles.json" "$@" \
	    >"$name.log" 2>&1 &
	echo $! >"$name.pid"
	i=0
	until [ -s "$name.port" ] || [ $i -gt 200 ]; do
		sleep 0.05
		i=$((i + 1))
	done
	[ -s "$name.port" ] || {
		echo "FAIL: the fake did not start: $(cat "$name.log")"
		exit 1
	}
}
start_fake main
start_fake short --token-life 61
trap 'kill $(cat main.pid) $(cat short.pid) 2>/dev/null' EXIT
URL=http://127.0.0.1:$(cat main.port)
SURL=http://127.0.0.1:$(cat short.port)

# keyfile FILE TOKEN_URI [PEM]: a service-account key as Google issues it
keyfile() {
	$PY - "$1" "$2" "${3:-key.pem}" $EMAIL <<'EOF'
import json, sys
path, uri, pem, email = sys.argv[1:5]
key = open(pem).read()
with open(path, "w") as f:
    json.dump({"type": "service_account", "project_id": "example-admin",
               "private_key_id": "0123456789abcdef0123456789abcdef01234567",
               "private_key": key, "client_email": email,
               "client_id": "112233445566778899001",
               "auth_uri": "https://accounts.google.com/o/oauth2/auth",
               "token_uri": uri,
               "auth_provider_x509_cert_url": "https://www.googleapis.com/oauth2/v1/certs",
               "client_x509_cert_url": "https://www.googleapis.com/robot/v1/metadata/x509/" + email,
               "universe_domain": "googleapis.com"}, f, indent=2)
EOF
	chmod 600 "$1"
}
keyfile sa.json "$URL/token"
keyfile sa-short.json "$SURL/token"
keyfile sa-other.json "$URL/token" other.pem

fault() {
	$PY -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1]).read()' \
	    "$URL/_fake/fault?$1" || fail "cannot set fault $1"
}
requests() {
	$PY -c 'import sys, urllib.request; sys.stdout.write(urllib.request.urlopen(sys.argv[1]).read().decode())' \
	    "${1:-$URL}/_fake/log"
}

# --- the kind and every key are listed --------------------------------------
$PARC sources --kinds >kinds.txt 2>&1 || fail "sources --kinds"
grep -q "^gcp  *Google Cloud IAM bindings" kinds.txt || fail "no gcp in --kinds: $(cat kinds.txt)"
for k in scope domains iam_policies group_memberships service_account_keys \
    last_authentication custom_roles credentials_file token_command \
    asset_endpoint cloudidentity_endpoint iam_endpoint \
    policyanalyzer_endpoint allow_insecure ca_file timeout retries page_size; do
	sed -n '/^gcp /,/^[a-z]/p' kinds.txt | grep -q " $k[,]*$\| $k," ||
		fail "--kinds does not list $k"
	grep -q "^\.Cm $k\( \|$\)" "$SRCDIR/share/man/parc.1" ||
		fail "parc.1 does not name $k"
done
sed -n '/^gcp /,/^[a-z]/p' kinds.txt | awk 'length > 80' | grep -q . &&
	fail "--kinds: gcp is wider than 80 columns"

# --- the fake is faithful: Google's client reads and pages it --------------
cat >client.py <<'EOF'
import json, sys, urllib.request
import google_auth_httplib2, httplib2
from google.oauth2 import service_account
from googleapiclient.discovery import build_from_document

base, keyfile, scope = sys.argv[1:4]
doc = urllib.request.urlopen(base + "/$discovery/rest?version=v1").read()
creds = service_account.Credentials.from_service_account_file(
    keyfile, scopes=["https://www.googleapis.com/auth/cloud-platform"])
http = google_auth_httplib2.AuthorizedHttp(creds, http=httplib2.Http())
svc = build_from_document(doc.decode(), http=http)
req = svc.v1().searchAllIamPolicies(scope=scope, pageSize=2)
results, pages = [], 0
while req is not None:
    resp = req.execute()
    pages += 1
    results.extend(resp.get("results", []))
    req = svc.v1().searchAllIamPolicies_next(req, resp)
json.dump(results, sys.stdout, indent=2, sort_keys=True)
sys.stdout.write("\n")
sys.stderr.write("pages %d\n" % pages)
EOF
$PY client.py "$URL" sa.json organizations/123456789012 >client.json 2>client.err ||
	fail "googleapiclient against the fake: $(tail -3 client.err)"
$PY -c '
import json, sys
a = json.load(open(sys.argv[1])); b = json.load(open(sys.argv[2]))
sys.exit(0 if a == b else 1)' client.json "$DATA/search-all-iam-policies.json" ||
	fail "what googleapiclient read from the fake differs from tests/data/gcp/search-all-iam-policies.json"
grep -q "^pages [3-9]" client.err || fail "googleapiclient read $(cat client.err), not several pages"
requests | grep -q '"jwt": "ok"' || fail "the fake did not check google-auth's JWT"
# the other three APIs, each through googleapiclient from its discovery
# document: lookup, transitive and direct memberships, keys, a custom
# role, activities, paged one item at a time where the API pages
cat >client2.py <<'EOF'
import json, sys, urllib.request
import google_auth_httplib2, httplib2
from google.oauth2 import service_account
from googleapiclient.discovery import build_from_document

base, keyfile, data = sys.argv[1:4]
creds = service_account.Credentials.from_service_account_file(
    keyfile, scopes=["https://www.googleapis.com/auth/cloud-platform"])
http = google_auth_httplib2.AuthorizedHttp(creds, http=httplib2.Http())

def api(name):
    doc = urllib.request.urlopen(
        base + "/$discovery/rest?version=v1&api=" + name).read().decode()
    return build_from_document(doc, http=http)

def every(coll, method, key, **kw):
    req, out, pages = getattr(coll, method)(pageSize=1, **kw), [], 0
    while req is not None:
        resp = req.execute()
        pages += 1
        out.extend(resp.get(key, []))
        req = getattr(coll, method + "_next")(req, resp)
    return out, pages

def check(cond, what):
    if not cond:
        sys.exit("googleapiclient: " + what)

ci = api("cloudidentity")
name = ci.groups().lookup(groupKey_id="admins@example.com").execute()["name"]
ms, pages = every(ci.groups().memberships(), "searchTransitiveMemberships",
                  "memberships", parent=name)
got = sorted((m["preferredMemberKey"][0]["id"], m["relationType"]) for m in ms)
check(got == [("ci@web-prod.iam.gserviceaccount.com", "INDIRECT"),
              ("mike@example.com", "DIRECT"), ("nina@example.com", "INDIRECT"),
              ("platform@example.com", "DIRECT")], "transitive: %s" % got)
check(pages == 4, "transitive pages %d" % pages)
name = ci.groups().lookup(groupKey_id="platform@example.com").execute()["name"]
ms, pages = every(ci.groups().memberships(), "list", "memberships",
                  parent=name, view="FULL")
want = json.load(open(data + "/group-memberships.json"))["platform@example.com"]
check([(m["preferredMemberKey"], m["type"]) for m in ms] ==
      [(m["preferredMemberKey"], m["type"]) for m in want], "memberships.list")
iam = api("iam")
sa = "projects/-/serviceAccounts/deployer@web-prod.iam.gserviceaccount.com"
keys = iam.projects().serviceAccounts().keys().list(name=sa).execute()["keys"]
check(keys == json.load(open(data + "/service-account-keys.json")), "keys")
role = iam.projects().roles().get(name="projects/web-prod/roles/deployer").execute()
check([role] == json.load(open(data + "/custom-roles.json")), "roles.get")
pa = api("policyanalyzer")
acts = pa.projects().locations().activityTypes().activities()
allacts = json.load(open(data + "/last-authentication.json"))
for t in ("serviceAccountLastAuthentication",
          "serviceAccountKeyLastAuthentication"):
    got, pages = every(acts, "query", "activities",
                       parent="projects/222222222222/locations/global/activityTypes/" + t)
    check(got == [a for a in allacts if a["activityType"] == t], "activities " + t)
print("ok")
EOF
$PY client2.py "$URL" sa.json "$DATA" >client2.out 2>client2.err ||
	fail "googleapiclient on the other APIs: $(tail -3 client2.err)"
# a JWT signed with another key is refused, as Google refuses it
$PY client.py "$URL" sa-other.json organizations/123456789012 >/dev/null 2>client.err &&
	fail "the fake took a JWT signed with another key"
grep -q "invalid_grant: Invalid JWT Signature" client.err ||
	fail "google-auth with another key: $(tail -1 client.err)"

# --- offline and live give the same inventory -------------------------------
# conf NAME [key = value ...]: parc.conf with one gcp source
conf() {
	db=$1
	shift
	{
		printf '[parc]\ndatabase = %s/%s.db\n[source gorg]\nkind = gcp\n' \
		    "$TMPDIR" "$db"
		printf 'scope = organizations/123456789012\ndomains = example.com\n'
		for kv in "$@"; do
			printf '%s\n' "$kv"
		done
	} >"$db.conf"
	# sync needs a database: only init makes one
	[ -e "$TMPDIR/$db.db" ] || $PARC --config "$db.conf" init >/dev/null 2>&1 ||
		fail "init $db"
}
live_keys() {
	for k in asset cloudidentity iam policyanalyzer; do
		printf '%s_endpoint = %s\n' $k "$1"
	done
}
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

conf offline "iam_policies = $DATA/search-all-iam-policies.json" \
    "group_memberships = $DATA/group-memberships.json" \
    "service_account_keys = $DATA/service-account-keys.json" \
    "last_authentication = $DATA/last-authentication.json" \
    "custom_roles = $DATA/custom-roles.json"
$PARC --config offline.conf init >/dev/null 2>&1 || fail "init offline"
expect 0 "" -- $PARC --config offline.conf sync
inv offline >offline.inv
grep -q '"account": "nina@example.com"' offline.inv || fail "offline: no nina"
grep -q '"path": \[' offline.inv || fail "offline: no paths"
$PARC --config offline.conf findings --json >offline.findings 2>&1
grep -q '"kind": "public-member"' offline.findings || fail "offline: no public-member finding"

# shellcheck disable=SC2046
conf live "credentials_file = sa.json" "allow_insecure = yes" "page_size = 2" \
    "$(live_keys "$URL")"
$PARC --config live.conf init >/dev/null 2>&1 || fail "init live"
expect 0 "" -- $PARC --config live.conf sync
inv live >live.inv
cmp -s live.inv offline.inv ||
	fail "live and offline inventories differ: $(diff live.inv offline.inv | head -20)"
n=$(requests | grep -c '"call": "searchAllIamPolicies"')
[ "$n" -ge 6 ] || fail "parc read $n pages of searchAllIamPolicies with page_size = 2"
requests | grep -q '"call": "transitive"' || fail "parc did not search transitive memberships"
requests | grep -q '"path": "/v1/projects/web-prod/roles/deployer"' ||
	fail "parc did not read the custom role"
grep -q '"entitlement": "projects/web-prod/roles/deployer on projects/web-prod"' live.inv ||
	fail "the custom role is not in the inventory"

# token_command instead of a key file
conf cmd "token_command = cat $TMPDIR/token.txt" "allow_insecure = yes" \
    "$(live_keys "$URL")"
$PARC --config cmd.conf init >/dev/null 2>&1 || fail "init cmd"
expect 0 "" -- $PARC --config cmd.conf sync
inv cmd >cmd.inv
cmp -s cmd.inv offline.inv || fail "token_command: another inventory"

# no Cloud Identity Premium: 403 on the transitive search, then level by level
fault "mode=deny&call=transitive"
cp live.db direct.db
conf direct "credentials_file = sa.json" "allow_insecure = yes" \
    "$(live_keys "$URL")"
expect 0 "" -- $PARC --config direct.conf sync
fault "mode=none"
inv direct >direct.inv
cmp -s direct.inv offline.inv ||
	fail "direct memberships: another inventory: $(diff direct.inv offline.inv | head)"
requests | grep -q '"call": "memberships"' || fail "no fallback to direct memberships"

# --- tokens: renewed before they expire, and once on 401 --------------------
conf short "credentials_file = sa-short.json" "allow_insecure = yes" \
    "$(live_keys "$SURL")"
$PARC --config short.conf init >/dev/null 2>&1
$PY -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1]).read()' \
    "$SURL/_fake/fault?mode=slow&call=lookup&n=1"
expect 0 "" -- $PARC --config short.conf sync
n=$(requests "$SURL" | grep -c '"call": "token"')
[ "$n" -ge 2 ] || fail "a token about to expire was not renewed ($n token requests)"
requests "$SURL" | grep -q '"status": 401' && fail "parc used an expired token"
fault "mode=unauth&n=1&call=keys"
before=$(requests | grep -c '"call": "token"')
expect 0 "" -- $PARC --config live.conf sync
after=$(requests | grep -c '"call": "token"')
[ $((after - before)) -eq 2 ] || fail "a 401 did not ask for one new token ($before -> $after)"
# retried: 429 and 503, twice each
fault "mode=exhausted&n=2&call=searchAllIamPolicies"
expect 0 "" -- $PARC --config live.conf sync
fault "mode=unavailable&n=2&call=activities"
expect 0 "" -- $PARC --config live.conf sync
inv live >live2.inv
cmp -s live2.inv offline.inv || fail "after retries: another inventory"

# --- secrets stay out --------------------------------------------------------
grep -q . token.txt || fail "no token"
for f in live.db live.db-wal cmd.db cmd.db-wal err.txt out.txt live.inv; do
	[ -f "$f" ] || continue
	grep -qaF "$KEYLINE" "$f" && fail "the private key is in $f"
	grep -qaF "ya29." "$f" && fail "a token is in $f"
done

# --- faults: exit 3, naming the call and Google's status, no change ---------
conf fault "credentials_file = sa.json" "allow_insecure = yes" \
    "page_size = 2" "timeout = 2" "retries = 2" "$(live_keys "$URL")"
cp live.db fault.db
inv fault >fault-before.inv
# fails MODE MESSAGE: with fault MODE, sync fails with exit 3 and MESSAGE
fails() {
	fault "$1"
	t0=$(date +%s)
	EXPECT_ONE_LINE=1 expect 3 "$2" -- $PARC --config fault.conf sync
	t=$(($(date +%s) - t0))
	[ $t -le 20 ] || fail "$1: took $t s"
	grep -q "^parc: source gorg: " err.txt || fail "$1: not naming the source: $(cat err.txt)"
	grep -qF "$KEYLINE" err.txt && fail "$1: the private key is in the message"
	grep -qF "ya29." err.txt && fail "$1: a token is in the message"
	inv fault >fault-after.inv
	cmp -s fault-before.inv fault-after.inv || fail "$1: the snapshot changed"
	fault "mode=none"
}
H=127.0.0.1:$(cat main.port)
fails "mode=exhausted&call=searchAllIamPolicies" \
    "searchAllIamPolicies: $H: HTTP 429 RESOURCE_EXHAUSTED: Quota exceeded for quota metric 'Read requests' and limit 'Read requests per minute'. (after 3 tries)"
fails "mode=unavailable&call=keys" \
    "serviceAccounts.keys.list: $H: HTTP 503 UNAVAILABLE: The service is currently unavailable. (after 3 tries)"
fails "mode=deny&call=searchAllIamPolicies" \
    "searchAllIamPolicies: $H: HTTP 403 PERMISSION_DENIED: The caller does not have permission"
fails "mode=deny&call=activities" \
    "activities.query: $H: HTTP 403 PERMISSION_DENIED: The caller does not have permission"
fails "mode=unauth&call=searchAllIamPolicies" \
    "searchAllIamPolicies: $H: HTTP 401 UNAUTHENTICATED: Request had invalid authentication credentials."
fails "mode=badgrant" "token: $H: HTTP 400 invalid_grant: Invalid grant: account not found"
fails "mode=cut&call=searchAllIamPolicies&page=2" "searchAllIamPolicies: $H: "
fails "mode=malformed&call=transitive" \
    "memberships.searchTransitiveMemberships: $H: HTTP 200 not JSON ("
fails "mode=hang&call=searchAllIamPolicies&page=3" \
    "searchAllIamPolicies: $H: Timed out (no answer within 2 s)"
# a JWT signed with a key the service account does not have
conf badkey "credentials_file = sa-other.json" "allow_insecure = yes" \
    "$(live_keys "$URL")"
cp live.db badkey.db
EXPECT_ONE_LINE=1 expect 3 "token: $H: HTTP 400 invalid_grant: Invalid JWT Signature." -- \
    $PARC --config badkey.conf sync
# nobody listening
kill "$(cat short.pid)" 2>/dev/null
wait "$(cat short.pid)" 2>/dev/null
cp short.db gone.db 2>/dev/null
conf gone "credentials_file = sa-short.json" "allow_insecure = yes" \
    "timeout = 2" "retries = 1" "$(live_keys "$SURL")"
expect 3 "source gorg: token: " -- $PARC --config gone.conf sync

# --- configuration: http://, key file mode, scope ---------------------------
conf insecure "credentials_file = sa.json" "$(live_keys "$URL")"
EXPECT_ONE_LINE=1 expect 2 "asset_endpoint" -- $PARC --config insecure.conf sync
keyfile sa-http.json "$URL/token"
conf tokuri "credentials_file = sa-http.json" \
    "$(live_keys https://cloudasset.invalid)"
EXPECT_ONE_LINE=1 expect 2 "the key's token_uri" -- $PARC --config tokuri.conf sync
chmod 644 sa-http.json
conf mode "credentials_file = sa-http.json" "allow_insecure = yes" \
    "$(live_keys "$URL")"
EXPECT_ONE_LINE=1 expect 2 "has mode 0644; a private key must be 0600 or stricter" -- \
    $PARC --config mode.conf sync
conf scope "iam_policies = $DATA/search-all-iam-policies.json"
sed -i 's|^scope = .*|scope = organisation/1|' scope.conf
EXPECT_ONE_LINE=1 expect 2 "scope must be organizations/NUMBER, folders/NUMBER or projects/PROJECT_ID, not 'organisation/1'" -- \
    $PARC --config scope.conf sync
conf both "iam_policies = $DATA/search-all-iam-policies.json" "credentials_file = sa.json"
EXPECT_ONE_LINE=1 expect 2 "credentials_file is for reading GCP live" -- \
    $PARC --config both.conf sync
# an export of another organization or folder does not replace this one
conf other "iam_policies = $DATA/search-all-iam-policies.json"
sed -i 's|^scope = .*|scope = organizations/999|' other.conf
cp offline.db other.db
EXPECT_ONE_LINE=1 expect 4 "search-all-iam-policies.json: //cloudresourcemanager.googleapis.com/organizations/123456789012 belongs to organizations/123456789012, not to scope organizations/999 (wrong credentials or file?)" -- \
    $PARC --config other.conf sync
sed -i 's|^scope = .*|scope = folders/111111111111|' other.conf
EXPECT_ONE_LINE=1 expect 4 "organizations/123456789012 is not under folders/111111111111" -- \
    $PARC --config other.conf sync
inv other >other.inv
cmp -s other.inv offline.inv || fail "a refused export changed the snapshot"
conf badjson "iam_policies = $DATA/README.md"
$PARC --config badjson.conf init >/dev/null 2>&1
EXPECT_ONE_LINE=1 expect 4 "README.md:1: not the JSON of gcloud asset search-all-iam-policies" -- \
    $PARC --config badjson.conf sync

[ $fails -eq 0 ] || exit 1
