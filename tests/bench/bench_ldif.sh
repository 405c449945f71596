#!/bin/sh
# bench_ldif.sh - an AD LDIF export of NUSERS users, each a member of
# NGROUPS privileged groups (NUSERS x NGROUPS grants), through `parc sync`
# (parse, stage, merge, findings), next to sqlite3's .import of the same
# (user, group) rows as CSV into a plain table: the floor for getting those
# rows into SQLite at all. No server. From the build directory:
#
#   sh SRCDIR/tests/bench/bench_ldif.sh [NUSERS [NGROUPS]]
#
# NUSERS defaults to 100000 and NGROUPS to 10 (a million grants). Prints
# the first sync, a second one of the same export with 1% of the users
# moved out of one group, each with its peak RSS, the baseline, and the
# ratios (issue 19: the first within 4x of the import); then a campaign
# over the whole inventory, and its ratio to the same import (issue 19:
# within 5x). Each step's CPU time (user + system) is printed beside its
# wall time, and the first sync's CPU ratio: on a shared machine it moves
# less with the load.
set -u
here=$(cd "$(dirname "$0")" && pwd -P)
SRCDIR=$(cd "$here/../.." && pwd -P)
PARC=${PARC:-$PWD/parc}
case $PARC in /*) ;; *) PARC=$PWD/$PARC ;; esac
export PARC_SHARE=$SRCDIR/share
NUSERS=${1:-100000}
NGROUPS=${2:-10}
work=$(mktemp -d "${TMPDIR:-/tmp}/parc-bench-ldif.XXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 2

# round 0: every user in every group; round 1: users i % 100 == 0 leave G1
gen() {
	/usr/bin/python3 - "$NUSERS" "$NGROUPS" "$1" <<'PY'
import base64, struct, sys
n, g, rnd = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
out = sys.stdout
def sid(rid):
    return base64.b64encode(struct.pack("<BB6s5I", 1, 5, b"\0\0\0\0\0\5",
                                        21, 1, 2, 3, rid)).decode()
dn = lambda c: "CN=%s,OU=People,DC=corp,DC=example" % c
for i in range(n):
    u = "u%06d" % i
    out.write("dn: %s\nobjectClass: user\ncn: %s\nsAMAccountName: %s\n"
              "userAccountControl: 512\nobjectSid:: %s\n\n"
              % (dn(u), u, u, sid(100000 + i)))
for k in range(1, g + 1):
    out.write("dn: %s\nobjectClass: group\ncn: G%d\nsAMAccountName: G%d\n"
              "groupType: -2147483646\nobjectSid:: %s\n"
              % (dn("G%d" % k), k, k, sid(10 + k)))
    for i in range(n):
        if rnd == 1 and k == 1 and i % 100 == 0:
            continue
        out.write("member: %s\n" % dn("u%06d" % i))
    out.write("\n")
PY
}

gen 0 >export.ldif || exit 1
groups=$(seq -s, 1 "$NGROUPS" | sed 's/\([0-9]*\)/G\1/g')
cat >parc.conf <<CONF
[parc]
database = $work/parc.db
[source corp]
kind = ldif
path = $work/export.ldif
privileged_groups = $groups
CONF
export PARC_CONFIG=$work/parc.conf
$PARC init >/dev/null || exit 1

now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f\n", b - a }'; }

# one timed `parc sync`: prints its seconds, leaves its user and system
# CPU seconds and peak RSS (kB) in rss.kb
sync_once() {
	t=$(now)
	/usr/bin/time -f '%U %S %M' -o rss.kb $PARC sync >sync.out 2>&1
	rc=$?
	t1=$(now)
	[ $rc -le 1 ] || {
		cat sync.out >&2
		exit 1
	}
	secs "$t" "$t1"
}
mb() { tail -1 rss.kb | awk '{ printf "%d\n", $3 / 1024 }'; }
cpu() { tail -1 rss.kb | awk '{ printf "%.2f\n", $1 + $2 }'; }
first=$(sync_once) || exit 1
rss1=$(mb)
cpu1=$(cpu)
grants=$(sqlite3 parc.db 'SELECT count(*) FROM effective_grant')
gen 1 >export.ldif || exit 1
second=$(sync_once) || exit 1
rss2=$(mb)
cpu2=$(cpu)

# the baseline: the same (user, group) rows, imported
/usr/bin/python3 - "$NUSERS" "$NGROUPS" >rows.csv <<'PY'
import sys
n, g = int(sys.argv[1]), int(sys.argv[2])
w = sys.stdout.write
for k in range(1, g + 1):
    for i in range(n):
        w("u%06d,G%d\n" % (i, k))
PY
t=$(now)
/usr/bin/time -f '%U %S %M' -o rss.kb sqlite3 plain.db \
    'PRAGMA journal_mode=WAL' 'CREATE TABLE member(account, grp)' \
    '.import --csv rows.csv member' >/dev/null || exit 1
base=$(secs "$t" "$(now)")
cpub=$(cpu)

echo "export: $NUSERS users, each in $NGROUPS privileged groups:" \
    "$grants grants"
echo "parc sync, first:   $first s  (CPU $cpu1 s; peak RSS $rss1 MB)"
echo "parc sync, 1% left: $second s  (CPU $cpu2 s; peak RSS $rss2 MB)"
echo "sqlite3 .import:    $base s  (CPU $cpub s; baseline, the same rows)"
awk -v a="$first" -v b="$second" -v c="$base" -v ca="$cpu1" \
    -v cb="$cpu2" -v cc="$cpub" 'BEGIN {
	printf "ratio parc/import: first %.2fx, second %.2fx" \
	    " (CPU: %.2fx, %.2fx)\n", a / c, b / c, ca / cc, cb / cc }'

# campaign create over that inventory (every grant an item), timed
t=$(now)
/usr/bin/time -f '%U %S %M' -o rss.kb $PARC campaign create bench \
    --due 2999-12-31 >create.out 2>&1 || {
	cat create.out >&2
	exit 1
}
create=$(secs "$t" "$(now)")
echo "parc campaign create: $create s  (CPU $(cpu) s; peak RSS $(mb) MB;" \
    "$(sed -n 's/.*: \([0-9]*\) items to review.*/\1/p' create.out) items)"
awk -v a="$create" -v c="$base" 'BEGIN {
	printf "ratio create/import: %.2fx\n", a / c }'
