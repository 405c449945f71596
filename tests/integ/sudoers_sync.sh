#!/bin/sh
# sudoers_sync.sh - the sudoers connector through the real parc: a
# one-host source and the demo's collected fleet, as a user runs them.
set -u
fail() {
	echo "FAIL: $*"
	exit 1
}

# One host: path, host, passwd_file and group_file, relative to parc.conf.
fleet=$PARC_TEST_DATA/sudoers/fleet
cat >parc.conf <<CONF
[parc]
database = $TMPDIR/one.db

[source web01]
kind = sudoers
path = $fleet/web01/etc/sudoers
host = web01
passwd_file = $fleet/web01/etc/passwd
group_file = $fleet/web01/etc/group
sudo_log = $fleet/web01/var/log/auth.log
CONF
"$PARC" --config parc.conf init >/dev/null || fail "init"
# Without root, the includes are this machine's /etc/sudoers.d: a
# machine without sudo has none, which sudo too reads as nothing.
"$PARC" --config parc.conf sync >sync.out 2>&1 || fail "sync: $(cat sync.out)"
"$PARC" --config parc.conf inventory --json >inv.json || fail "inventory"
python3 - inv.json <<'PY' || fail "inventory of web01"
import json, sys
rows = json.load(open(sys.argv[1]))
names = {(r.get("account"), r.get("entitlement")) for r in rows}
assert ("alice", "ALL:ALL ALL on web01") in names, names
assert ("root", "ALL:ALL ALL on web01") in names, names
PY

# A bad file changes nothing: the previous snapshot stays.
cp "$fleet/web01/etc/sudoers" bad.sudoers
printf 'alice ALL = (root\n' >>bad.sudoers
sed -i "s|^path = .*|path = $TMPDIR/bad.sudoers|" parc.conf
if "$PARC" --config parc.conf sync >bad.out 2>&1; then
	fail "a sudoers file with a syntax error was imported"
fi
grep -q "bad.sudoers:11:18: syntax error" bad.out ||
	fail "the error does not name file:line:column: $(cat bad.out)"
"$PARC" --config parc.conf inventory --json >inv2.json
cmp -s inv.json inv2.json || fail "the failed sync changed the inventory"

# A collected fleet where a host goes missing: its grants stay (marked,
# with a finding), nothing is recorded as removed, until it is retired.
cp -R "$fleet" "$TMPDIR/fleet"
cat >fleet.conf <<CONF
[parc]
database = $TMPDIR/fleet.db

[source fleet]
kind = sudoers
root = $TMPDIR/fleet
CONF
"$PARC" --config fleet.conf init >/dev/null || fail "init fleet"
"$PARC" --config fleet.conf sync >f1.out 2>&1 || fail "fleet sync: $(cat f1.out)"
n_db01() {
	sqlite3 "$TMPDIR/fleet.db" "SELECT count(*) FROM effective_grant g
	    JOIN entitlement n ON n.id = g.entitlement_id WHERE n.host = 'db01'"
}
before=$(n_db01)
[ "$before" -gt 0 ] || fail "db01 has no grants in the fleet"
removed() {
	sqlite3 "$TMPDIR/fleet.db" "SELECT count(*) FROM grant_history
	    WHERE change = 'removed'"
}
rm "$TMPDIR/fleet/db01/etc/sudoers"
"$PARC" --config fleet.conf sync >f2.out 2>&1 || fail "fleet sync 2: $(cat f2.out)"
[ "$(n_db01)" = "$before" ] || fail "db01's grants vanished with its sudoers"
[ "$(removed)" = 0 ] || fail "a missing host's grants were recorded as removed"
"$PARC" --config fleet.conf findings --csv >f2.csv 2>/dev/null
grep -q "host-not-collected.*db01.*the host was not collected since" f2.csv ||
	fail "no host-not-collected finding: $(grep -c . f2.csv) lines"
rm -r "$TMPDIR/fleet/db01"
"$PARC" --config fleet.conf sync >f3.out 2>&1 || fail "fleet sync 3: $(cat f3.out)"
[ "$(n_db01)" = "$before" ] || fail "db01's grants vanished with its folder"
[ "$(removed)" = 0 ] || fail "a host gone from the tree looked remediated"
# web01, read, still changes as usual
printf 'carol ALL = /bin/true\n' >>"$TMPDIR/fleet/web01/etc/sudoers"
printf 'retired = db01, old02\n' >>fleet.conf
"$PARC" --config fleet.conf sync >f4.out 2>&1 || fail "fleet sync 4: $(cat f4.out)"
[ "$(n_db01)" = 0 ] || fail "a retired host kept its grants"
[ "$(removed)" = "$before" ] || fail "the retired host's removals: $(removed)"
"$PARC" --config fleet.conf findings --csv 2>/dev/null | grep -q host-not-collected &&
	fail "a retired host still has host-not-collected findings"

# The demo: a fleet of six hosts in real files, with planted risks.
"$PARC" --db "$TMPDIR/demo.db" demo --dir "$TMPDIR/demo" --no-console \
	>demo.out 2>&1 || fail "demo: $(cat demo.out)"
for f in "$TMPDIR"/demo/fleet/*/etc/sudoers "$TMPDIR"/demo/fleet/*/etc/sudoers.d/*; do
	"$PARC" sudoers check --quiet "$f" || fail "demo file $f does not parse"
	if command -v visudo >/dev/null 2>&1; then
		visudo -c -q -f "$f" >/dev/null 2>&1 ||
			fail "visudo refuses demo file $f"
	fi
done
PARC_DB=$TMPDIR/demo.db "$PARC" inventory --json >demo.json ||
	fail "demo inventory"
PARC_DB=$TMPDIR/demo.db "$PARC" findings --json >findings.json 2>/dev/null ||
	echo '[]' >findings.json
python3 - demo.json <<'PY' || fail "the demo fleet's planted risks"
import json, sys
rows = [r for r in json.load(open(sys.argv[1])) if r.get("source") == "fleet"]
ents = {r["entitlement"]: r for r in rows}
hosts = {e.split(" on ")[-1].split(" ")[0] for e in ents}
assert hosts == {"web01", "web02", "db01", "build01", "bastion01", "app01"}, hosts
# The CI account's ALL minus su is tier 0, said so.
ci = [r for r in rows if r["account"] == "jenkins" and "!/bin/su" in r["entitlement"]]
assert ci and ci[0]["tier"] == 0, ci
# The terminated admin still holds root on db01 through the sudo group.
stale = [r for r in rows if r["entitlement"] == "ALL:ALL ALL on db01"
         and r.get("person") == "José Núñez"]
assert stale, [r for r in rows if "db01" in r["entitlement"]][:3]
# A script in /tmp run as root without a password.
assert any("/tmp/hotfix.sh" in e and ents[e]["tier"] == 0 for e in ents), ents.keys()
PY
echo "sudoers sync: one host, a refused file, the demo fleet"
