#!/bin/sh
# The demo organisation is the same bytes on every run: parc demo for 30,
# 250 and 3000 people as of 2026-12-06 (the day its dates were written
# for), every file's SHA-256 against
# tests/data/demo/people-N.sha256. Those were recorded from the generator
# before its name tables moved out of tui/demo/demo.c into share/demo/;
# a deliberate change of the demo (the generator or share/demo/*.tsv)
# records them again:
#   (cd DIR && find . -type f | LC_ALL=C sort | xargs sha256sum)
# (The AWS account's files, then the Entra tenant's and the Google Cloud
# organization's, were added, and parc.conf gained their sources, without
# changing any other file's digest.)
# The AWS account (aws-prod/): the files are what the real AWS CLI prints
# (Debian's aws, reading them back through tests/integ/lib/aws_fake.py,
# prints the same bytes; the JSON matches botocore's output shape of
# GetAccountAuthorizationDetails), they sync, and the inventory and
# findings show the planted admins, their paths, tiers and findings.
# The Entra tenant (azure-corp/, the az CLI's files as
# share/export/azure-export.sh writes them; served by azure_fake.py and
# exported through Debian's az, its Graph files come back the same and
# give the same inventory) syncs and shows its planted
# admins: standing, eligible through PIM, a guest and a service principal
# at tier 0, a dormant one and the leaver's disabled account. So does the
# Google Cloud organization (gcp-corp/, gcloud's JSON): owners through a
# group, an editor, a time-bound owner, allUsers and a deleted member.
# And a broken name table is an error naming its file and line (exit 4).
# The story is the same on any day: the checks below read a demo made as
# of today (the default), the dates they expect moved from 2026-12-06 to
# today; made as of 2026-12-06 and as of 2027-06-01, each under the clock
# shim (lib/fixed_time.c) at its day, the files differ only by dates moved
# 177 days (lib/demo_shift_cmp.py), and the findings and inventory are the
# same but for their dates, moved as much.
set -u
export HOME="$TMPDIR/home" LC_ALL=C.UTF-8
unset XDG_DATA_HOME XDG_CONFIG_HOME PARC_DB PARC_CONFIG
mkdir -p "$HOME"

. "$SRCDIR/tests/integ/lib/expect.subr"

PY=/usr/bin/python3
[ -x $PY ] || PY=python3
for n in 30 250 3000; do
	dir=$TMPDIR/epoch-$n
	expect 0 "" -- $PARC --db "$TMPDIR/epoch-$n.db" demo --no-console \
	    --people $n --as-of 2026-12-06 --dir "$dir"
	grep -q "^people: *$n " out.txt || fail "demo $n said $(cat out.txt)"
	(cd "$dir" && find . -type f | LC_ALL=C sort | xargs sha256sum) \
	    >got-$n.sha256
	diff "$SRCDIR/tests/data/demo/people-$n.sha256" got-$n.sha256 \
	    >diff-$n.txt || fail "the demo of $n people changed: $(cat diff-$n.txt)"
done
expect 2 "--as-of wants a day YYYY-MM-DD from 2000-01-01 to 2037-12-31, not '2027-02-29'" -- \
    $PARC --db "$TMPDIR/bad.db" demo --no-console --as-of 2027-02-29 \
    --dir "$TMPDIR/bad"

# The demo the story's checks read: as of today, by default. moved DATE
# prints DATE (of 2026-12-06's demo) moved to today.
today=$($PY -c 'import time; print(time.strftime("%Y-%m-%d", time.gmtime()))')
moved() {
	$PY -c 'import datetime as d, sys
a = d.date.fromisoformat(sys.argv[2]) - d.date(2026, 12, 6)
print((d.date.fromisoformat(sys.argv[1][:10]) + a).isoformat() + sys.argv[1][10:])' "$1" "$today"
}
dir=$TMPDIR/demo-250
expect 0 "" -- $PARC --db "$TMPDIR/demo-250.db" demo --no-console \
    --people 250 --dir "$dir"
# the leaver's end date (2025-03-14 in 2026-12-06's demo), moved to today
grep -q ",José Núñez,.*,terminated,$(moved 2025-03-14)" "$dir/people.csv" ||
	fail "the default as-of is not today ($today): $(grep -a 'Núñez' "$dir/people.csv")"

# Two as-of days, each synced on its own day: the same files and story
# but for dates moved by the days between.
cc=${CC:-cc}
if command -v "$cc" >/dev/null &&
    "$cc" -shared -fPIC -o fixed_time.so \
    "$SRCDIR/tests/integ/lib/fixed_time.c" -ldl 2>cc.err; then
	for d in 2026-12-06:1796558400 2027-06-01:1811851200; do
		day=${d%%:*}
		LD_PRELOAD=$PWD/fixed_time.so PARC_FIXED_TIME=${d##*:} \
		    $PARC --db "$TMPDIR/at-$day.db" demo --no-console \
		    --people 120 --as-of $day --dir "$TMPDIR/at-$day" \
		    >/dev/null 2>&1 || fail "parc demo --as-of $day"
		for c in findings "inventory --all"; do
			LD_PRELOAD=$PWD/fixed_time.so PARC_FIXED_TIME=${d##*:} \
			    $PARC --db "$TMPDIR/at-$day.db" $c --json \
			    >"at-$day-${c%% *}.json" || fail "parc $c at $day"
		done
	done
	$PY "$SRCDIR/tests/integ/lib/demo_shift_cmp.py" "$TMPDIR/at-2026-12-06" \
	    "$TMPDIR/at-2027-06-01" 177 >kept.txt 2>moved.txt ||
		fail "the demos as of 2026-12-06 and 2027-06-01 differ by more than 177 days: $(cat kept.txt moved.txt)"
	# what stays: AWS's and Microsoft's own policies and roles
	cat >kept-want.txt <<'KEPT'
aws-prod/authorization-details.json: 2012-10-17
aws-prod/authorization-details.json: 2015-02-06
aws-prod/authorization-details.json: 2016-11-15
aws-prod/authorization-details.json: 2023-07-06
azure-corp/role-definitions.b4f1d2e8-6a3c-4e97-8d15-3c7a9e2b0f64.json: 2015-02-02
azure-corp/role-definitions.b4f1d2e8-6a3c-4e97-8d15-3c7a9e2b0f64.json: 2021-11-11
KEPT
	diff kept-want.txt kept.txt >kept.diff ||
		fail "dates that did not move with the as-of day: $(cat kept.diff)"
	grep -q '^moved: [0-9][0-9][0-9]' moved.txt ||
		fail "hardly a date moved: $(cat moved.txt)"
	for c in findings inventory; do
		$PY - at-2026-12-06-$c.json at-2027-06-01-$c.json <<'PY' ||
import datetime, json, re, sys
D = re.compile(r"\d{4}-\d\d-\d\d")
def moved(s):
    return D.sub(lambda m: (datetime.date.fromisoformat(m.group()) +
                            datetime.timedelta(days=177)).isoformat(), s)
def rows(path, shift):
    return sorted(json.dumps({k: moved(v) if shift and isinstance(v, str)
                              else v for k, v in r.items() if k != "id"},
                             sort_keys=True, ensure_ascii=False)
                  for r in json.load(open(path, encoding="utf-8")))
a, b = rows(sys.argv[1], True), rows(sys.argv[2], False)
for x in sorted(set(a) ^ set(b))[:10]:
    print("as of 2026-12-06" if x in a else "as of 2027-06-01", x)
sys.exit(0 if a == b and len(a) > 20 else 1)
PY
			fail "the demo's $c as of 2027-06-01 is not 2026-12-06's moved 177 days"
	done
else
	echo "note: no C compiler for the clock shim: the two as-of days are not compared"
fi

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

# --- the AWS account: the CLI's own formats, synced, the story it tells ---
PY=/usr/bin/python3
AWS=/usr/bin/aws
dir=$TMPDIR/demo-250
aws=$dir/aws-prod
if ! { [ -x $PY ] && $PY -c 'import botocore' 2>/dev/null && [ -x $AWS ]; }; then
	[ $fails -eq 0 ] || exit 1
	echo "skip: the AWS checks need /usr/bin/python3 with botocore and /usr/bin/aws"
	exit 77
fi
$PY "$SRCDIR/tests/integ/lib/aws_shape.py" iam GetAccountAuthorizationDetails \
    "$aws/authorization-details.json" >shape.txt 2>&1 ||
	fail "the demo's authorization details are not the CLI's shape: $(cat shape.txt)"
head -n 1 "$aws/credential-report.csv" >hdr.csv
head -n 1 "$PARC_TEST_DATA/aws/credential-report.csv" | cmp -s - hdr.csv ||
	fail "the demo's credential report has another header: $(cat hdr.csv)"
KEY=AKIAPARCDEMO00000001
SECRET='demoSECRET/key+forParcTests00000000000'
$PY "$SRCDIR/tests/integ/lib/aws_fake.py" --port-file port \
    --account "$aws/authorization-details.json" \
    --report "$aws/credential-report.csv" --key "$KEY:$SECRET" \
    >fake.log 2>&1 &
fake=$!
trap 'kill $fake 2>/dev/null' EXIT
i=0
until [ -s port ] || [ $i -gt 200 ]; do
	sleep 0.05
	i=$((i + 1))
done
cli() {
	AWS_ACCESS_KEY_ID=$KEY AWS_SECRET_ACCESS_KEY=$SECRET \
	    AWS_DEFAULT_REGION=us-east-1 AWS_PAGER= AWS_CONFIG_FILE=/dev/null \
	    AWS_SHARED_CREDENTIALS_FILE=/dev/null \
	    $AWS --endpoint-url "http://127.0.0.1:$(cat port)" "$@"
}
cli iam get-account-authorization-details --output json >cli.json 2>cli.err ||
	fail "aws iam get-account-authorization-details: $(cat cli.err) $(cat fake.log)"
cmp -s cli.json "$aws/authorization-details.json" ||
	fail "the AWS CLI prints the demo's account otherwise: $(diff cli.json "$aws/authorization-details.json" | head -20)"
cli iam generate-credential-report >/dev/null 2>&1
cli iam generate-credential-report >/dev/null 2>&1
cli iam get-credential-report --query Content --output text 2>cli.err |
    base64 -d >report.csv
cmp -s report.csv "$aws/credential-report.csv" ||
	fail "the AWS CLI hands the demo's credential report back otherwise: $(cat cli.err)"
kill $fake 2>/dev/null

# parc sync of the demo's parc.conf: every source, the AWS account too
expect 0 "" -- $PARC --config "$dir/parc.conf" --db "$TMPDIR/demo-250.db" sync
expect 0 "" -- $PARC --config "$dir/parc.conf" --db "$TMPDIR/demo-250.db" \
    inventory --source aws-prod --json
mv out.txt inventory.json
expect 0 "" -- $PARC --config "$dir/parc.conf" --db "$TMPDIR/demo-250.db" \
    findings --source aws-prod --json
mv out.txt findings.json
expect 0 "" -- $PARC --db "$TMPDIR/demo-250.db" campaign show demo --json
mv out.txt campaign.json
$PY - inventory.json findings.json campaign.json <<'PY' || fail "the demo's AWS account tells another story"
import json, sys

inv = json.load(open(sys.argv[1], encoding="utf-8"))
fnd = json.load(open(sys.argv[2], encoding="utf-8"))
got = {(r["account"], r["person"], r["entitlement"], r["tier"],
        " > ".join(r["path"])) for r in inv}
deny = "DeployFromCI, less the Deny in user/svolkov/no-passrole (svolkov)"
root = "root user of AWS account 318406272195"
want = {
    ("lwasowski", "Łukasz Wąsowski", "AdministratorAccess", 0,
     "lwasowski > Admins > AdministratorAccess"),
    ("jibanez2", "José Ibáñez", "AdministratorAccess", 0,
     "jibanez2 > Admins > AdministratorAccess"),
    ("qliu", "刘强", "AdministratorAccess", 0,
     "qliu > Admins > AdministratorAccess"),
    ("jnunez", "José Núñez", "AdministratorAccess", 0,
     "jnunez > Admins > AdministratorAccess"),
    ("svc-terraform", None, "AdministratorAccess", 0,
     "svc-terraform > Admins > AdministratorAccess"),
    ("breakglass", "Zoë Ødegaard", "AdministratorAccess", 0,
     "breakglass > AdministratorAccess"),
    ("OrganizationAccountAccessRole", None, "AdministratorAccess", 0,
     "OrganizationAccountAccessRole > AdministratorAccess"),
    ("sbrown", "Sarah Brown", "PowerUserAccess", 1,
     "sbrown > PowerUserAccess"),
    ("joneill", "James O'Neill", "DeployFromCI", 0,
     "joneill > Deployers > DeployFromCI"),
    ("mjohnson", "Michael Johnson", "DeployFromCI", 0,
     "mjohnson > Deployers > DeployFromCI"),
    ("github-deploy", None, "DeployFromCI", 0, "github-deploy > DeployFromCI"),
    ("svolkov", "Сергей Волков", deny, 2, "svolkov > Deployers > " + deny),
    ("lzhao", "赵磊", "PolicyMaintenance", 0, "lzhao > PolicyMaintenance"),
    ("root", None, root, 0, "root > " + root),
}
ok = True
for w in sorted(want - got, key=str):
    print("missing from the inventory:", w)
    ok = False
for g in sorted(got - want, key=str):
    print("not planted, in the inventory:", g)
    ok = False
why = {r["account"]: r["reason"] for r in inv}
if "iam:PassRole" not in why["joneill"] or "ec2:RunInstances" not in why["joneill"]:
    print("DeployFromCI is not tier 0 for PassRole with RunInstances:", why["joneill"])
    ok = False
if "iam:CreatePolicyVersion" not in why["lzhao"]:
    print("PolicyMaintenance is not tier 0 for CreatePolicyVersion:", why["lzhao"])
    ok = False
# the planted findings
flags = {(f["kind"], f["account"]) for f in fnd}
for w in [("dormant", "jibanez2"), ("no-mfa", "qliu"),
          ("orphan", "jnunez"), ("dormant", "jnunez"),
          ("old-access-key", "jnunez"), ("old-access-key", "sbrown"),
          ("root-account-use", "root"), ("break-glass-used", "breakglass"),
          ("tier0-excess", None)]:
    if w not in flags:
        print("finding missing:", w)
        ok = False
for f in fnd:
    if f["kind"] == "root-account-use" and "has an active access key" not in f["evidence"]:
        print("root-account-use without the key:", f["evidence"])
        ok = False
    if f["account"] in ("lwasowski", "svolkov") and f["kind"] in ("no-mfa", "orphan"):
        print("not planted:", f)
        ok = False
# the demo's campaign reviews every AWS grant, the managers deciding
items = {(i["account"], i["entitlement"]): i
         for i in json.load(open(sys.argv[3], encoding="utf-8"))["items"]
         if i["source"] == "aws-prod"}
if set(items) != {(w[0], w[2]) for w in want}:
    print("the demo campaign's AWS items:", sorted(items))
    ok = False
for acct, reviewer in [("jnunez", "lwasowski"), ("qliu", "lwasowski"),
                       ("lwasowski", "sobriain"), ("breakglass", "sobriain")]:
    i = items.get((acct, "AdministratorAccess"))
    if i is None or i["reviewer"] != reviewer:
        print("the item of", acct, "is not", reviewer + "'s:", i)
        ok = False
sys.exit(0 if ok else 1)
PY

# --- the Entra tenant (azure-corp/): synced, the story it tells ---
expect 0 "" -- $PARC --config "$dir/parc.conf" --db "$TMPDIR/demo-250.db" \
    inventory --source azure-corp --json
mv out.txt az-inventory.json
expect 0 "" -- $PARC --config "$dir/parc.conf" --db "$TMPDIR/demo-250.db" \
    findings --source azure-corp --json
mv out.txt az-findings.json
$PY - az-inventory.json az-findings.json "$(moved 2027-01-05T09:00:00Z)" <<'PY' || fail "the demo's Entra tenant tells another story"
import json, sys

inv = json.load(open(sys.argv[1], encoding="utf-8"))
fnd = json.load(open(sys.argv[2], encoding="utf-8"))
sub = "/subscriptions/b4f1d2e8-6a3c-4e97-8d15-3c7a9e2b0f64"
guest = "kim.lee_partner-it.example#EXT#@corpexample.onmicrosoft.com"
got = {(r["account"], r["person"], r["entitlement"], r["tier"])
       for r in inv}
want = {
    # the head of IT Operations, standing; tied by the UPN, an email
    ("lukasz.wasowski@corp.example.com", "Łukasz Wąsowski",
     "Global Administrator", 0),
    ("james.walker@corp.example.com", "James Walker",
     "Global Administrator", 0),
    ("jose.ibanez2@corp.example.com", "José Ibáñez", "Owner on " + sub, 0),
    ("sarah.brown@corp.example.com", "Sarah Brown",
     "Contributor on " + sub + "/resourceGroups/rg-web", 1),
    ("qiang.liu@corp.example.com", "刘强", "Global Administrator", 0),
    (guest, None, "Privileged Role Administrator", 0),
    ("jose.nunez@corp.example.com", "José Núñez", "User Administrator", 1),
    ("terraform-deploy", None, "Owner on " + sub, 0),
}
ok = True
for w in sorted(want - got, key=str):
    print("missing from the inventory:", w)
    ok = False
for g in sorted(got - want, key=str):
    print("not planted, in the inventory:", g)
    ok = False
for r in inv:
    if r["account"] == "james.walker@corp.example.com" and \
            (r["state"], r["expires_at"]) != ("eligible", sys.argv[3]):
        print("the PIM eligibility is not shown:", r)
        ok = False
flags = {(f["kind"], f["account"]) for f in fnd}
for w in [("standing-privilege", "lukasz.wasowski@corp.example.com"),
          ("external-tier0", guest),
          ("service-principal-tier0", "terraform-deploy"),
          ("dormant", "qiang.liu@corp.example.com"),
          ("disabled-account", "jose.nunez@corp.example.com"),
          ("orphan", "jose.nunez@corp.example.com")]:
    if w not in flags:
        print("finding missing:", w)
        ok = False
if ("standing-privilege", "james.walker@corp.example.com") in flags:
    print("the eligible Global Administrator is called standing")
    ok = False
sys.exit(0 if ok else 1)
PY

# what az prints: the demo's tenant served by tests/integ/lib/azure_fake.py
# and exported through Debian's az (share/export/azure-export.sh, az rest)
# gives the same Graph files and, synced, the same inventory
AZ=/usr/bin/az
if [ -x $AZ ]; then
	TENANT=7c2e9a41-3b6d-4f8e-a1c5-2d9b0e6f4a83
	CLIENT=app-demo
	printf '%s\n' 's3cret~Demo_Value_0123456789' >secret.txt
	chmod 600 secret.txt
	$PY "$SRCDIR/tests/integ/lib/azure_fake.py" --port-file az.port \
	    --tenant $TENANT --client "$CLIENT:$(cat secret.txt)" \
	    --tenant-dir "$dir/azure-corp" --page-size 4 >azfake.log 2>&1 &
	azfake=$!
	i=0
	until [ -s az.port ] || [ $i -gt 200 ]; do
		sleep 0.05
		i=$((i + 1))
	done
	[ -s az.port ] || fail "the Azure fake did not start: $(cat azfake.log)"
	EARM=http://127.0.0.1:$(cat az.port)
	EGRAPH=http://localhost:$(cat az.port)
	export AZURE_CONFIG_DIR="$TMPDIR/azcfg" AZURE_CORE_COLLECT_TELEMETRY=no
	mkdir -p "$AZURE_CONFIG_DIR"
	# az sends no token to an http:// URL: this wrapper fetches one
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
print(json.load(urllib.request.urlopen("$EARM/$TENANT/oauth2/v2.0/token", form))["access_token"])' "\$origin" <$PWD/secret.txt) || exit 1
exec $AZ "\$@" --headers "Authorization=Bearer \$tok"
EOF
	chmod +x az-with-token
	AZ=$PWD/az-with-token AZURE_EXPORT_REST_ONLY=1 AZURE_EXPORT_ARM=$EARM \
	    AZURE_EXPORT_GRAPH=$EGRAPH PYTHON=$PY \
	    sh "$SRCDIR/share/export/azure-export.sh" "$TMPDIR/az-export" \
	    >azexport.out 2>azexport.err ||
		fail "azure-export.sh of the demo's tenant: $(tail -5 azexport.err)"
	kill $azfake 2>/dev/null
	for f in directory-role-assignments directory-role-definitions \
	    directory-role-eligibility-schedules \
	    directory-role-assignment-schedules users directory-objects; do
		$PY -c '
import json, sys
def load(p):
    with open(p, encoding="utf-8") as f:
        b = json.load(f)
    return b["value"] if isinstance(b, dict) else b
sys.exit(load(sys.argv[1]) != load(sys.argv[2]))' "$TMPDIR/az-export/$f.json" \
		    "$dir/azure-corp/$f.json" ||
			fail "az's $f.json differs from the demo's"
	done
	printf '[parc]\ndatabase = %s/az-export.db\n[source azure-corp]\nkind = azure\npath = %s\ntenant_id = %s\n' \
	    "$TMPDIR" "$TMPDIR/az-export" $TENANT >az-export.conf
	$PARC --config az-export.conf init >/dev/null 2>&1
	expect 0 "" -- $PARC --config az-export.conf sync
	acct='import json, sys; print(sorted((r["account"], r["entitlement"]) for r in json.load(sys.stdin)))'
	$PARC --config az-export.conf inventory --all --json | $PY -c "$acct" >az-export.inv
	$PY -c "$acct" <az-inventory.json >az-demo.inv
	cmp -s az-export.inv az-demo.inv ||
		fail "az's export of the demo's tenant gives another inventory: $(diff az-export.inv az-demo.inv)"
else
	echo "note: no /usr/bin/az: the demo tenant's faithfulness checks are left out"
fi

# --- the Google Cloud organization (gcp-corp/): synced, its story ---
expect 0 "" -- $PARC --config "$dir/parc.conf" --db "$TMPDIR/demo-250.db" \
    inventory --source gcp-corp --json
mv out.txt gcp-inventory.json
expect 0 "" -- $PARC --config "$dir/parc.conf" --db "$TMPDIR/demo-250.db" \
    findings --source gcp-corp --json
mv out.txt gcp-findings.json
$PY - gcp-inventory.json gcp-findings.json "$(moved 2027-01-31T00:00:00Z)" <<'PY' || fail "the demo's Google Cloud organization tells another story"
import json, sys

inv = json.load(open(sys.argv[1], encoding="utf-8"))
fnd = json.load(open(sys.argv[2], encoding="utf-8"))
org = "roles/owner on organizations/604187392531"
prj = " on projects/corp-web-prod"
gone = [r["account"] for r in inv if r["account"].startswith("deleted:")]
got = {(r["account"], r["person"], r["entitlement"], r["tier"],
        " > ".join(r["path"])) for r in inv}
want = {
    ("lukasz.wasowski@corp.example.com", "Łukasz Wąsowski", org, 0,
     "lukasz.wasowski@corp.example.com > cloud-admins@corp.example.com > "
     + org),
    ("jose.ibanez2@corp.example.com", "José Ibáñez", org, 0,
     "jose.ibanez2@corp.example.com > cloud-admins@corp.example.com > "
     + org),
    ("sarah.brown@corp.example.com", "Sarah Brown", "roles/editor" + prj, 1,
     "sarah.brown@corp.example.com > roles/editor" + prj),
    ("james.oneill@corp.example.com", "James O'Neill", "roles/owner" + prj,
     0, "james.oneill@corp.example.com > roles/owner" + prj),
    ("allUsers", None, "roles/storage.admin" + prj, 1,
     "allUsers > roles/storage.admin" + prj),
}
ok = len(gone) == 1 and gone[0].startswith(
    "deleted:user:jose.nunez@corp.example.com?uid=")
if not ok:
    print("the leaver's deleted member:", gone)
else:
    want.add((gone[0], "José Núñez", "roles/editor" + prj, 1,
              gone[0] + " > roles/editor" + prj))
for w in sorted(want - got, key=str):
    print("missing from the inventory:", w)
    ok = False
for g in sorted(got - want, key=str):
    print("not planted, in the inventory:", g)
    ok = False
for r in inv:
    if r["account"] == "james.oneill@corp.example.com" and \
            r["expires_at"] != sys.argv[3]:
        print("the time-bound owner does not expire:", r)
        ok = False
flags = {(f["kind"], f["account"]) for f in fnd}
for w in [("public-member", "allUsers"),
          ("standing-privilege", "lukasz.wasowski@corp.example.com")] + \
        [("deleted-member", a) for a in gone] + \
        [("orphan", a) for a in gone]:
    if w not in flags:
        print("finding missing:", w)
        ok = False
if ("standing-privilege", "james.oneill@corp.example.com") in flags:
    print("the time-bound owner is called standing")
    ok = False
sys.exit(0 if ok else 1)
PY

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
