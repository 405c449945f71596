#!/bin/sh
# bench_aws.sh - kind = aws on a generated account of 5,000 users and
# 2,000 roles served by tests/integ/lib/aws_fake.py (pages of 1,000 items
# rendered before the first request, every request's SigV4 signature
# checked by botocore): `parc sync` live from the fake, `parc sync` of the
# same account from the CLI's files (offline), and Debian's
# `aws iam get-account-authorization-details` dumping it from the fake.
# From the build directory:
#
#   sh SRCDIR/tests/bench/bench_aws.sh [NUSERS [NROLES]]
#
# Goal (issue 11): parc's live sync (pages, credential report, policy
# analysis, database) no slower than the CLI's dump alone. Each figure is
# the median of 3 runs into a fresh database.
set -u
here=$(cd "$(dirname "$0")" && pwd -P)
SRCDIR=$(cd "$here/../.." && pwd -P)
PARC=${PARC:-$PWD/parc}
case $PARC in /*) ;; *) PARC=$PWD/$PARC ;; esac
export PARC_SHARE=$SRCDIR/share
PY=/usr/bin/python3
AWS=/usr/bin/aws
NUSERS=${1:-5000}
NROLES=${2:-2000}
RUNS=3
[ -x $AWS ] && $PY -c 'import botocore' 2>/dev/null || {
	echo "bench_aws: needs /usr/bin/aws (awscli) and python3-botocore"
	exit 77
}
work=$(mktemp -d "${TMPDIR:-/tmp}/parc-bench-aws.XXXXXX")
cd "$work" || exit 2
unset AWS_PROFILE AWS_SESSION_TOKEN AWS_SHARED_CREDENTIALS_FILE AWS_CONFIG_FILE
export HOME=$work AWS_ACCESS_KEY_ID=AKIAPARCBENCH0000001
export AWS_SECRET_ACCESS_KEY='bench/secret+key0000000000000000000000'
export AWS_DEFAULT_REGION=us-east-1 AWS_PAGER=

t0=$(date +%s)
$PY "$SRCDIR/tests/integ/lib/aws_fake.py" --port-file port \
    --generate "$NUSERS,$NROLES" --page-size 1000 --report-after 1 \
    --key "$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY" >fake.log 2>&1 &
fake=$!
trap 'kill $fake 2>/dev/null; cd /; rm -rf "$work"' EXIT
i=0
until [ -s port ] || [ $i -gt 600 ]; do
	sleep 0.1
	i=$((i + 1))
done
URL=http://127.0.0.1:$(cat port)
echo "fake account: $NUSERS users, $NROLES roles, pages rendered in $(($(date +%s) - t0)) s"

now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f\n", b - a }'; }
median() { sort -n | sed -n "$(((RUNS + 1) / 2))p"; }

# the CLI's dump (its best case: pages of 1,000, as parc asks)
: >cli.times
for r in $(seq $RUNS); do
	a=$(now)
	$AWS --endpoint-url "$URL" iam get-account-authorization-details \
	    --page-size 1000 --output json >details.json || exit 1
	b=$(now)
	secs $a $b >>cli.times
done
$AWS --endpoint-url "$URL" iam generate-credential-report >/dev/null
$AWS --endpoint-url "$URL" iam get-credential-report --query Content \
    --output text | base64 -d >report.csv

conf() {
	printf '[parc]\ndatabase = %s/%s.db\n[source bench]\nkind = aws\n' \
	    "$work" "$1" >"$1.conf"
	shift
}
conf live
printf 'endpoint = %s\nallow_insecure = yes\n' "$URL" >>live.conf
conf offline
printf 'authorization_details = %s/details.json\ncredential_report = %s/report.csv\n' \
    "$work" "$work" >>offline.conf

: >live.times
: >offline.times
for r in $(seq $RUNS); do
	for m in live offline; do
		rm -f $m.db
		$PARC --config $m.conf init >/dev/null || exit 1
		a=$(now)
		$PARC --config $m.conf sync >$m.out 2>&1 || {
			cat $m.out
			exit 1
		}
		b=$(now)
		secs $a $b >>$m.times
	done
done
grants=$($PARC --config live.conf inventory --csv | wc -l)

cli=$(median <cli.times)
live=$(median <live.times)
off=$(median <offline.times)
echo "runs (s): aws CLI dump: $(tr '\n' ' ' <cli.times)"
echo "          parc live:    $(tr '\n' ' ' <live.times)"
echo "          parc offline: $(tr '\n' ' ' <offline.times)"
echo "parc offline sync (CLI's files):      $off s"
echo "parc live sync from the fake:         $live s  ($((grants - 1)) privileged grants in the inventory)"
echo "aws iam get-account-authorization-details: $cli s  (baseline)"
awk -v l="$live" -v c="$cli" 'BEGIN {
	printf "parc live / CLI dump: %.2fx (goal: <= 1.00x)\n", l / c }'
