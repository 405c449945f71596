#!/bin/sh
# campaign create killed with SIGKILL part-way (issue 19: it freezes the
# items, fills the filter's index and the counts in bulk, all in one
# transaction): afterwards the campaign is either absent or whole, its
# counts are what its items say, the filter's index settings (FTS5's hash
# size and merging) are back to their defaults, parc verify passes, and the same create then succeeds.
# The inventory is an AD LDIF export of 4,000 users each in 5 privileged
# groups (20,000 grants), so that create runs long enough to be killed.
set -u
export HOME="$TMPDIR/home" LC_ALL=C.UTF-8
unset XDG_DATA_HOME XDG_CONFIG_HOME PARC_DB PARC_CONFIG
mkdir -p "$HOME"
fails=0
fail() {
	echo "FAIL: $*"
	fails=$((fails + 1))
}

/usr/bin/python3 - >export.ldif <<'PY'
import base64, struct, sys
w = sys.stdout.write
def sid(rid):
    return base64.b64encode(struct.pack("<BB6s5I", 1, 5, b"\0\0\0\0\0\5",
                                        21, 1, 2, 3, rid)).decode()
dn = lambda c: "CN=%s,OU=People,DC=corp,DC=example" % c
for i in range(4000):
    u = "u%05d" % i
    w("dn: %s\nobjectClass: user\ncn: %s\nsAMAccountName: %s\n"
      "userAccountControl: %d\nobjectSid:: %s\n\n"
      % (dn(u), u, u, 514 if i % 7 == 0 else 512, sid(100000 + i)))
for k in range(1, 6):
    w("dn: %s\nobjectClass: group\ncn: G%d\nsAMAccountName: G%d\n"
      "groupType: -2147483646\nobjectSid:: %s\n" % (dn("G%d" % k), k, k,
                                                   sid(10 + k)))
    for i in range(4000):
        w("member: %s\n" % dn("u%05d" % i))
    w("\n")
PY
db=$TMPDIR/parc.db
cat >parc.conf <<EOF
[parc]
database = $db
[source corp]
kind = ldif
path = export.ldif
privileged_groups = G1,G2,G3,G4,G5
EOF
export PARC_CONFIG=$TMPDIR/parc.conf
due=$(date -u -d '+30 days' +%F)
$PARC init >/dev/null || fail "init"
$PARC sync >/dev/null 2>&1
[ $? -le 1 ] || fail "sync"
grants=$(sqlite3 "$db" "SELECT count(*) FROM effective_grant")
[ "$grants" = 20000 ] || fail "the export gave $grants grants, not 20000"

# q: the sqlite3 shell's answer to one query, on the database as it is
q() { sqlite3 "$db" "$1"; }

# consistent NAME: absent, or whole with its counts
consistent() {
	n=$(q "SELECT count(*) FROM campaign WHERE name = '$1'")
	if [ "$n" = 1 ]; then
		[ "$(q "SELECT count(*) FROM review_item r JOIN campaign c ON
		    c.id = r.campaign_id WHERE c.name = '$1'")" = 20000 ] ||
			fail "$1: a part of its items"
		[ "$(q "SELECT t.items || ' ' || t.pending || ' ' || c.state
		    FROM campaign c JOIN campaign_count t ON t.campaign_id =
		    c.id WHERE c.name = '$1'")" = "20000 20000 open" ] ||
			fail "$1: counts or state $(q "SELECT * FROM
			    campaign_count")"
	elif [ "$n" != 0 ]; then
		fail "$1: $n campaigns"
	fi
	# nothing of a killed create is left behind
	[ "$(q "SELECT count(*) FROM review_item WHERE campaign_id NOT IN
	    (SELECT id FROM campaign)")" = 0 ] || fail "$1: orphan items"
	[ "$(q "SELECT count(*) FROM campaign WHERE state = 'draft'")" = 0 ] ||
		fail "$1: a draft campaign left"
	[ "$(q "SELECT coalesce((SELECT v FROM review_item_text_config
	    WHERE k = 'hashsize'), 1048576)")" = 1048576 ] ||
		fail "$1: the filter index's hash size was left raised"
	[ "$(q "SELECT coalesce((SELECT v FROM review_item_text_config
	    WHERE k = 'automerge'), 4)")" = 4 ] ||
		fail "$1: the filter index's merging was left off"
	$PARC verify >verify.txt 2>&1 || fail "$1: verify: $(cat verify.txt)"
}

killed=0
for pause in 0.05 0.1 0.2 0.3 0.5; do
	name=crash-$pause
	$PARC campaign create "$name" --due "$due" >create.txt 2>&1 &
	pid=$!
	sleep "$pause"
	if kill -9 $pid 2>/dev/null; then
		killed=$((killed + 1))
	fi
	wait $pid 2>/dev/null
	consistent "$name"
done
[ $killed -gt 0 ] || echo "note: every create ended before its kill"

# and the same create, left alone, succeeds whole
$PARC campaign create after --due "$due" >create.txt 2>&1 ||
	fail "create after the kills: $(cat create.txt)"
grep -q "20000 items to review" create.txt ||
	fail "create said $(cat create.txt)"
consistent after
# the items of every campaign created wait for the filter's index,
# filled by the console when it needs it (db_items_index_step), and no
# killed create left a row behind
[ "$(q "SELECT count(*) FROM campaign c JOIN review_item_text_todo t
    ON t.campaign_id = c.id AND t.next_id = 0")" = \
    "$(q "SELECT count(*) FROM campaign")" ] &&
    [ "$(q "SELECT count(*) FROM review_item_text_todo")" = \
    "$(q "SELECT count(*) FROM campaign")" ] ||
	fail "the created items are not waiting for the filter's index: $(q \
	    "SELECT * FROM review_item_text_todo")"
[ "$(q "SELECT count(*) FROM review_item_text WHERE review_item_text MATCH
    '\"u01\" AND \"123\"'")" = 0 ] ||
	fail "create put its items in the filter's index"

[ $fails -eq 0 ]
