#!/bin/sh
# bench_gcp.sh - kind = gcp against tests/integ/lib/gcp_fake.py serving an
# organization of 2,000 projects and 100,000 bindings: `parc sync` next
# to curl fetching the same pages (every URL parc asked for, in the same
# order, over one kept-alive connection, with the same token). From the
# build directory:
#
#   sh SRCDIR/tests/bench/bench_gcp.sh [PROJECTS [BINDINGS]]
#
# Goal (issue 13): parc's reading within 1.3x of curl; the fake (Python)
# renders each page once, before the first run, so the runs time the
# clients. Reading is timed the same way for both, from the fake's log:
# the first request to the last. Prints each run's seconds, the medians
# and their ratio, the number of calls, the whole sync's time, and parc's
# time with the same bindings read offline (parsing, classifying,
# staging, expanding, committing: no server).
set -u
here=$(cd "$(dirname "$0")" && pwd -P)
SRCDIR=$(cd "$here/../.." && pwd -P)
PARC=${PARC:-$PWD/parc}
case $PARC in /*) ;; *) PARC=$PWD/$PARC ;; esac
export PARC_SHARE=$SRCDIR/share
PROJECTS=${1:-2000}
BINDINGS=${2:-100000}
RUNS=3
PY=/usr/bin/python3
command -v curl >/dev/null || { echo "bench_gcp: needs curl"; exit 77; }
work=$(mktemp -d "${TMPDIR:-/tmp}/parc-bench-gcp.XXXXXX")
cd "$work" || exit 2

TOKEN=ya29.bench-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')
printf '%s\n' "$TOKEN" >token.txt
$PY "$SRCDIR/tests/integ/lib/gcp_fake.py" --port-file port \
    --static-token "$TOKEN" --generate "$PROJECTS,$BINDINGS" \
    --page-size 500 >fake.log 2>&1 &
fake=$!
trap 'kill $fake 2>/dev/null; rm -rf "$work"' EXIT
i=0
until [ -s port ] || [ $i -gt 600 ]; do
	sleep 0.1
	i=$((i + 1))
done
URL=http://127.0.0.1:$(cat port)

cat >parc.conf <<CONF
[parc]
database = $work/parc.db
[source gorg]
kind = gcp
scope = organizations/900000000001
domains = example.com
token_command = cat $work/token.txt
asset_endpoint = $URL
cloudidentity_endpoint = $URL
iam_endpoint = $URL
policyanalyzer_endpoint = $URL
allow_insecure = yes
page_size = 500
CONF
export PARC_CONFIG=$work/parc.conf
$PARC init >/dev/null || exit 1

now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f\n", b - a }'; }
median() { sort -n | sed -n "$(((RUNS + 1) / 2))p"; }

# a first sync renders and caches every page in the fake, and gives the
# URLs curl fetches
$PARC sync >sync.log 2>&1 || { cat sync.log; exit 1; }
$PY -c '
import json, sys, urllib.parse, urllib.request
base = sys.argv[1]
for line in urllib.request.urlopen(base + "/_fake/log"):
    e = json.loads(line)
    if e["method"] != "GET":
        continue
    q = urllib.parse.urlencode([(k, v) for k, vs in e["query"].items() for v in vs])
    print("url = \"%s%s%s\"" % (base, urllib.parse.quote(e["path"], safe="/:@-._~$"),
          "?" + q if q else ""))
    print("output = /dev/null")
' "$URL" >urls.cfg
calls=$(grep -c '^url' urls.cfg)
searches=$(grep -c 'searchAllIamPolicies' urls.cfg)

: >parc.times
: >curl.times
: >parcread.times
: >curlread.times
clear() {
	$PY -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1]).read()' \
	    "$URL/_fake/clear"
}
# window: seconds from the first request the fake saw to the last
window() {
	$PY -c '
import json, sys, urllib.request
ts = [json.loads(l)["t"] for l in urllib.request.urlopen(sys.argv[1] + "/_fake/log")]
print("%.2f" % (max(ts) - min(ts)))' "$URL"
}
for r in $(seq $RUNS); do
	clear
	t0=$(now)
	$PARC sync >sync.log 2>&1 || { cat sync.log; exit 1; }
	t1=$(now)
	window >>parcread.times
	clear
	t2=$(now)
	curl -s -H "Authorization: Bearer $TOKEN" -H "Accept: application/json" \
	    --config urls.cfg || exit 1
	t3=$(now)
	window >>curlread.times
	secs "$t0" "$t1" >>parc.times
	secs "$t2" "$t3" >>curl.times
	echo "run $r: parc sync $(tail -1 parc.times) s (reading: first to last request $(tail -1 parcread.times) s), curl $(tail -1 curl.times) s (first to last request $(tail -1 curlread.times) s)"
done
p=$(median <parc.times)
c=$(median <curl.times)
pr=$(median <parcread.times)
cr=$(median <curlread.times)
echo "$PROJECTS projects, $BINDINGS bindings: $calls calls ($searches pages of searchAllIamPolicies)"
echo "median reading (first to last request): parc $pr s, curl $cr s, ratio $(awk -v a="$pr" -v b="$cr" 'BEGIN { printf "%.2f", a / b }') (goal <= 1.3)"
echo "median whole sync (reading, classifying, committing): parc $p s; curl only fetches: $c s"

# the same organization read offline: the pages as gcloud's export
$PY -c '
import json, sys, urllib.request
base, tok = sys.argv[1], sys.argv[2]
out, token = [], None
while True:
    u = base + "/v1/organizations/900000000001:searchAllIamPolicies?pageSize=500"
    if token:
        u += "&pageToken=" + token
    req = urllib.request.Request(u, headers={"Authorization": "Bearer " + tok})
    page = json.load(urllib.request.urlopen(req))
    out.extend(page.get("results", []))
    token = page.get("nextPageToken")
    if not token:
        break
json.dump(out, open("policies.json", "w"))
' "$URL" "$TOKEN"
cat >offline.conf <<CONF
[parc]
database = $work/offline.db
[source gorg]
kind = gcp
scope = organizations/900000000001
domains = example.com
iam_policies = $work/policies.json
CONF
$PARC --config offline.conf init >/dev/null || exit 1
t0=$(now)
$PARC --config offline.conf sync >sync.log 2>&1 || { cat sync.log; exit 1; }
echo "offline (the same bindings from a file, no keys or last use): $(secs "$t0" "$(now)") s"
