#!/bin/sh
# bench_hostile.sh - what a hostile source costs parc (issue 16): a sudoers
# alias "diamond" 40 levels deep (User_Alias and Cmnd_Alias), alias chains
# 10,000 deep, and LDIF groups nested 10,000 deep with a cycle, each
# synced by the real parc. From the build directory:
#
#   sh SRCDIR/tests/bench/bench_hostile.sh
#
# Baseline before issue 16: the diamond took 121 s and 18.8 GB; a chain
# or nesting deeper than 64 gave no grant at all. Goal: each under 1 s and
# 100 MB, with the grant found.
set -u
here=$(cd "$(dirname "$0")" && pwd -P)
export PARC_SHARE="${PARC_SHARE:-$(cd "$here/../.." && pwd -P)/share}"
PARC=${PARC:-$PWD/parc}
case $PARC in /*) ;; *) PARC=$PWD/$PARC ;; esac
work=$(mktemp -d "${TMPDIR:-/tmp}/parc-bench-hostile.XXXXXX")
cd "$work" || exit 2

run() { # NAME CONF: sync, print seconds and peak memory beside the baseline
	rm -f "$2.db"
	/usr/bin/time -f "%e %M" -o time.txt "$PARC" --config "$2" \
	    --db "$2.db" sync >sync.out 2>&1 || { echo "$1: sync failed: $(tail -1 sync.out)"; return; }
	read -r secs kb <time.txt
	grants=$(sqlite3 "$2.db" "SELECT count(*) FROM effective_grant")
	printf '%-22s %6s s %8s KB  %s grants   (baseline: %s)\n' "$1" \
	    "$secs" "$kb" "$grants" "$3"
}

mkdir -p fleet/h1/etc
/usr/bin/python3 - >fleet/h1/etc/sudoers <<'PY'
for i in range(40):
    for k in "UC":
        t = "User_Alias" if k == "U" else "Cmnd_Alias"
        for a in "AB":
            print(f"{t} {k}{a}{i} = {k}A{i+1}, {k}B{i+1}")
print("User_Alias UA40 = alice\nUser_Alias UB40 = alice")
print("Cmnd_Alias CA40 = /bin/sh\nCmnd_Alias CB40 = /bin/sh")
print("UA0, UB0 ALL = (root) CA0, CB0")
PY
printf '[source fleet]\nkind = sudoers\nroot = fleet\n' >diamond.conf
run "sudoers diamond 40" diamond.conf "121 s, 18.8 GB"

/usr/bin/python3 - >fleet/h1/etc/sudoers <<'PY'
for i in range(9999):
    print(f"User_Alias U{i} = U{i+1}\nCmnd_Alias C{i} = C{i+1}")
print("User_Alias U9999 = alice\nCmnd_Alias C9999 = /bin/sh")
print("U0 ALL = (root) C0")
PY
run "sudoers chain 10,000" diamond.conf "0 grants (cap 64)"

/usr/bin/python3 - >deep.ldif <<'PY'
import base64, struct
n = 10000
def sid(rid):
    return base64.b64encode(struct.pack("<BB6s5I", 1, 5, b"\0\0\0\0\0\5",
                                        21, 1, 2, 3, rid)).decode()
dn = lambda c: "CN=%s,CN=Users,DC=corp,DC=example" % c
print("dn: %s\nobjectClass: user\ncn: eve\nsAMAccountName: eve\n"
      "objectSid:: %s\n" % (dn("eve"), sid(1000)))
for i in range(1, n + 1):
    print("dn: %s\nobjectClass: group\ncn: G%d\nsAMAccountName: G%d\n"
          "groupType: -2147483646\nobjectSid:: %s\nmember: %s" % (dn("G%d" % i),
          i, i, sid(2000 + i), dn("eve" if i == 1 else "G%d" % (i - 1))))
    if i == 1:
        print("member: " + dn("G%d" % n))
    print()
PY
printf '[source deep]\nkind = ldif\npath = deep.ldif\nprivileged_groups = G10000\n' >deep.conf
run "LDIF nesting 10,000" deep.conf "0 grants (cap 64)"
cd / && rm -rf "$work"
