#!/bin/sh
# bench_azure.sh - kind = azure on a generated tenant of 50,000 users,
# 5,000 role assignments and 500 groups holding roles, served by
# tests/integ/lib/azure_fake.py in pages of 999 (Graph's largest $top):
# `parc sync` live from the fake (tokens, every page of ARM and Graph, the
# groups' members, getByIds, the model, the database), against curl alone
# fetching the same requests (the fake's log of parc's last run replayed
# by one curl process, connections reused). From the build directory:
#
#   sh SRCDIR/tests/bench/bench_azure.sh [NUSERS [NASSIGN [NGROUPS]]]
#
# Goal (issue 12): parc's live sync within 1.3x of curl's fetch. Each figure
# is the median of 3 runs into a fresh database.
set -u
here=$(cd "$(dirname "$0")" && pwd -P)
SRCDIR=$(cd "$here/../.." && pwd -P)
PARC=${PARC:-$PWD/parc}
case $PARC in /*) ;; *) PARC=$PWD/$PARC ;; esac
export PARC_SHARE=$SRCDIR/share
PY=/usr/bin/python3
NUSERS=${1:-50000}
NASSIGN=${2:-5000}
NGROUPS=${3:-500}
RUNS=3
TENANT=3f1c2b7a-9d2e-4c51-8a0b-6e7f10293a4b
command -v curl >/dev/null || {
	echo "bench_azure: needs curl"
	exit 77
}
work=$(mktemp -d "${TMPDIR:-/tmp}/parc-bench-azure.XXXXXX")
cd "$work" || exit 2
export HOME=$work PARC_AZ_SECRET='bench~secret.0123456789'

$PY "$SRCDIR/tests/integ/lib/azure_fake.py" --port-file port \
    --generate "$NUSERS,$NASSIGN,$NGROUPS" --page-size 999 \
    --tenant $TENANT --client "bench-app:$PARC_AZ_SECRET" >fake.log 2>&1 &
fake=$!
trap 'kill $fake 2>/dev/null; cd /; rm -rf "$work"' EXIT
i=0
until [ -s port ] || [ $i -gt 600 ]; do
	sleep 0.1
	i=$((i + 1))
done
PORT=$(cat port)
ARM=http://127.0.0.1:$PORT
GRAPH=http://localhost:$PORT
echo "fake tenant: $NUSERS users, $NASSIGN role assignments, $NGROUPS groups"

now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f\n", b - a }'; }
median() { sort -n | sed -n "$(((RUNS + 1) / 2))p"; }

printf '[parc]\ndatabase = %s/live.db\n[source bench]\nkind = azure\n' \
    "$work" >live.conf
printf 'tenant_id = %s\nclient_id = bench-app\npassword_env = PARC_AZ_SECRET\n' \
    $TENANT >>live.conf
printf 'login_endpoint = %s\narm_endpoint = %s\ngraph_endpoint = %s\n' \
    "$ARM" "$ARM" "$GRAPH" >>live.conf
printf 'allow_insecure = yes\n' >>live.conf

: >live.times
for r in $(seq $RUNS); do
	rm -f live.db
	$PARC --config live.conf init >/dev/null || exit 1
	n0=$($PY -c 'import sys, urllib.request; print(len(urllib.request.urlopen(sys.argv[1]).read().splitlines()))' "$ARM/_fake/log")
	a=$(now)
	$PARC --config live.conf sync >live.out 2>&1 || {
		cat live.out
		exit 1
	}
	b=$(now)
	secs $a $b >>live.times
done
grants=$($PARC --config live.conf inventory --all --csv | wc -l)

# the same requests with curl: one process, the same connections reused
$PY - "$ARM" "$n0" <<'PYEOF' >curl.cfg
import json, sys, urllib.request
arm, skip = sys.argv[1], int(sys.argv[2])
log = [json.loads(l) for l in urllib.request.urlopen(arm + "/_fake/log").read().decode().splitlines()][skip:]
tok = {}
def token(host):
    if host not in tok:
        tok[host] = urllib.request.urlopen(arm + "/_fake/token?scope=http://" + host).read().decode()
    return tok[host]
n = 0
for r in log:
    if r["path"].endswith("/oauth2/v2.0/token") or r["status"] != 200:
        continue
    if n:
        print("next")
    n += 1
    url = "http://%s%s%s" % (r["host"], r["path"], "?" + r["query"] if r["query"] else "")
    print('url = "%s"' % url)
    print('header = "Authorization: Bearer %s"' % token(r["host"]))
    print('output = "/dev/null"')
    if r["method"] == "POST":
        with open("body%d.json" % n, "w") as f:
            f.write(r["body"])
        print('header = "Content-Type: application/json"')
        print('data = "@body%d.json"' % n)
sys.stderr.write("%d requests\n" % n)
PYEOF
: >curl.times
for r in $(seq $RUNS); do
	a=$(now)
	curl -s -f -K curl.cfg || exit 1
	b=$(now)
	secs $a $b >>curl.times
done
nreq=$(grep -c '^url' curl.cfg)

live=$(median <live.times)
cu=$(median <curl.times)
echo "runs (s): curl:      $(tr '\n' ' ' <curl.times)"
echo "          parc live: $(tr '\n' ' ' <live.times)"
echo "parc live sync from the fake:  $live s  ($((grants - 1)) grants in the inventory, $nreq requests)"
echo "curl alone, the same requests: $cu s  (baseline)"
awk -v l="$live" -v c="$cu" 'BEGIN {
	printf "parc live / curl: %.2fx (goal: <= 1.30x)\n", l / c }'
