#!/usr/bin/env python3
"""ad_seed.py - write the LDIF that seeds the test domain, and check what
parc made of it.

  ad_seed.py seed BASE_DN NBULK OUTDIR   write OUTDIR/add.ldif, mod.ldif
  ad_seed.py check INVENTORY.json NBULK  compare every Tier-0 holder and
                                         path with what the seed created
  ad_seed.py bench BASE_DN NUSERS NGROUPS OUTDIR   the benchmark's directory

The seed (under OU=parc): nested groups three deep under Domain Admins
(Tier0 Admins > Tier0 Nested > Tier0 Deep), a nesting cycle (Cycle A <->
Cycle B) hanging below them, dave whose primary group is Domain Admins
(so he is in no member attribute), a kerberoastable service account
(svc_sql, an SPN) and a disabled account (erin) in Domain Admins, grace
with adminCount=1 in no protected group, a dormant bob, a group of NBULK
members in Backup Operators, and SQL Admins, a site privileged group.
Distribution groups (groupType without the security bit) at each place
of a chain, which give nothing: Dist Top in Account Operators with dina
and the security group Sec Below Dist (sam) in it; Dist Mid in Tier0
Admins with mona and Sec Under Mid (ulla) in it; Dist Ops in Account
Operators with olaf, who has adminCount=1 (orphaned: protected only
through a distribution group).

  ad_seed.py tokengroups EXPORT.ldif PARC.db   check parc's tier-0 group
                                         holdings of every account in
                                         the export against the DC's
                                         tokenGroups (base searches)
"""
import base64
import datetime
import json
import sys

PASSWORD = "Seed-Passw0rd!"


def pwd():
    v = ('"%s"' % PASSWORD).encode("utf-16-le")
    return base64.b64encode(v).decode()


def filetime(y, m, d):
    t = datetime.datetime(y, m, d, tzinfo=datetime.timezone.utc)
    return str(int(t.timestamp() + 11644473600) * 10**7)


def seed(base, nbulk, out):
    ou = "OU=parc," + base
    bulk_ou = "OU=bulk," + ou
    add = []

    def entry(dn, *attrs):
        lines = ["dn: " + dn]
        for k, v in attrs:
            lines.append("%s: %s" % (k, v))
        add.append("\n".join(lines) + "\n")

    def user(sam, uac=512, *extra, where=ou):
        entry("CN=%s,%s" % (sam, where), ("objectClass", "user"),
              ("sAMAccountName", sam),
              ("userPrincipalName", sam + "@parc.test"),
              ("unicodePwd:", pwd()), ("userAccountControl", str(uac)),
              *extra)

    def group(name, *members, gtype=None):
        entry("CN=%s,%s" % (name, ou), ("objectClass", "group"),
              ("sAMAccountName", name),
              *([("groupType", str(gtype))] if gtype is not None else []),
              *[("member", m) for m in members])

    def udn(sam):
        return "CN=%s,%s" % (sam, ou)

    entry(ou, ("objectClass", "organizationalUnit"))
    entry(bulk_ou, ("objectClass", "organizationalUnit"))
    user("grace", 512, ("adminCount", "1"), ("employeeID", "E2008"),
         ("mail", "grace@parc.test"), ("displayName", "Grace Hopper"))
    user("alice", 512, ("employeeID", "E2001"), ("mail", "alice@parc.test"),
         ("manager", udn("grace")), ("displayName", "Alice Admin"))
    user("bob", 512, ("employeeID", "E2002"))
    user("carol", 512, ("displayName", "Carol Núñez"))
    user("dave", 512)
    user("erin", 514)
    user("frank", 512)
    user("svc_sql", 66048,
         ("servicePrincipalName", "MSSQLSvc/sql01.parc.test:1433"),
         ("description", "SQL Server service account"))
    user("dina", 512)
    user("sam", 512)
    user("mona", 512)
    user("ulla", 512)
    user("olaf", 512, ("adminCount", "1"))
    for i in range(1, nbulk + 1):
        user("bulk%04d" % i, 512, where=bulk_ou)
    # 2: a global distribution group (no 0x80000000 security bit)
    group("Sec Below Dist", udn("sam"))
    group("Dist Top", udn("dina"), "CN=Sec Below Dist," + ou, gtype=2)
    group("Sec Under Mid", udn("ulla"))
    group("Dist Mid", udn("mona"), "CN=Sec Under Mid," + ou, gtype=2)
    group("Dist Ops", udn("olaf"), gtype=2)
    group("Cycle B", udn("frank"))
    group("Cycle A", "CN=Cycle B," + ou)
    group("Tier0 Deep", udn("carol"), "CN=Cycle A," + ou)
    group("Tier0 Nested", udn("bob"), "CN=Tier0 Deep," + ou)
    group("Tier0 Admins", udn("alice"), udn("erin"),
          "CN=Tier0 Nested," + ou, "CN=Dist Mid," + ou)
    group("Big Group",
          *["CN=bulk%04d,%s" % (i, bulk_ou) for i in range(1, nbulk + 1)])
    group("SQL Admins", udn("svc_sql"))
    with open(out + "/add.ldif", "w") as f:
        f.write("\n".join(add))

    da = "CN=Domain Admins,CN=Users," + base
    mod = [
        # the cycle closes once both groups exist
        "dn: CN=Cycle B,%s\nchangetype: modify\nadd: member\n"
        "member: CN=Cycle A,%s\n" % (ou, ou),
        "dn: %s\nchangetype: modify\nadd: member\nmember: CN=Tier0 "
        "Admins,%s\nmember: %s\nmember: %s\n" % (da, ou, udn("svc_sql"),
                                                 udn("dave")),
        # primaryGroupID needs the membership first; AD then drops the
        # member value, as Samba does
        "dn: %s\nchangetype: modify\nreplace: primaryGroupID\n"
        "primaryGroupID: 512\n" % udn("dave"),
        "dn: CN=Backup Operators,CN=Builtin,%s\nchangetype: modify\n"
        "add: member\nmember: CN=Big Group,%s\n" % (base, ou),
        "dn: CN=Account Operators,CN=Builtin,%s\nchangetype: modify\n"
        "add: member\nmember: CN=Dist Top,%s\nmember: CN=Dist Ops,%s\n"
        % (base, ou, ou),
        "dn: %s\nchangetype: modify\nreplace: lastLogonTimestamp\n"
        "lastLogonTimestamp: %s\n" % (udn("bob"), filetime(2025, 1, 2)),
    ]
    with open(out + "/mod.ldif", "w") as f:
        f.write("\n".join(mod))


def bench(base, nusers, ngroups, out):
    """A directory for tests/bench/bench_ad.sh: nusers users, ngroups
    groups of 20 users each, every tenth group nested in the next, and the
    first one in Domain Admins."""
    ou = "OU=bench," + base
    with open(out + "/bench.ldif", "w") as f:
        f.write("dn: %s\nobjectClass: organizationalUnit\n\n" % ou)
        for i in range(nusers):
            f.write("dn: CN=u%05d,%s\nobjectClass: user\n"
                    "sAMAccountName: u%05d\nemployeeID: B%05d\n"
                    "mail: u%05d@parc.test\n"
                    "userAccountControl: 514\n\n" % (i, ou, i, i, i))
        for g in range(ngroups - 1, -1, -1):
            f.write("dn: CN=g%04d,%s\nobjectClass: group\n"
                    "sAMAccountName: g%04d\n" % (g, ou, g))
            for k in range(20):
                f.write("member: CN=u%05d,%s\n"
                        % ((g * 20 + k) % nusers, ou))
            if g % 10 == 0 and g + 1 < ngroups:
                f.write("member: CN=g%04d,%s\n" % (g + 1, ou))
            f.write("\n")
    with open(out + "/bench-mod.ldif", "w") as f:
        f.write("dn: CN=Domain Admins,CN=Users,%s\nchangetype: modify\n"
                "add: member\nmember: CN=g0000,%s\n" % (base, ou))


def expected(nbulk):
    da = ["Domain Admins"]
    t0 = ["Tier0 Admins"] + da
    nested = ["Tier0 Nested"] + t0
    deep = ["Tier0 Deep"] + nested
    holders_da = {
        "Administrator": ["Administrator"] + da,
        "alice": ["alice"] + t0,
        "erin": ["erin"] + t0,
        "bob": ["bob"] + nested,
        "carol": ["carol"] + deep,
        "frank": ["frank", "Cycle B", "Cycle A"] + deep,
        "dave": ["dave"] + da,
        "svc_sql": ["svc_sql"] + da,
    }
    admins = {a: p + ["Administrators"] for a, p in holders_da.items()}
    admins["Administrator"] = ["Administrator", "Administrators"]
    return {
        "Domain Admins": holders_da,
        "Administrators": admins,
        "Enterprise Admins": {
            "Administrator": ["Administrator", "Enterprise Admins"]},
        "Schema Admins": {
            "Administrator": ["Administrator", "Schema Admins"]},
        "Domain Controllers": {
            "DC1$": ["DC1$", "Domain Controllers"]},
        "Backup Operators": {
            "bulk%04d" % i: ["bulk%04d" % i, "Big Group",
                             "Backup Operators"]
            for i in range(1, nbulk + 1)},
        "Administrator": {"Administrator": ["Administrator",
                                            "Administrator"]},
        "krbtgt": {"krbtgt": ["krbtgt", "krbtgt"]},
    }


def check(path, nbulk):
    with open(path) as f:
        rows = json.load(f)
    got = {}
    for r in rows:
        if r["tier"] != 0:
            continue
        got.setdefault(r["entitlement"], {})[r["account"]] = r["path"]
    want = expected(nbulk)
    bad = 0
    for ent in sorted(set(got) | set(want)):
        g, w = got.get(ent, {}), want.get(ent, {})
        for acc in sorted(set(g) | set(w)):
            if g.get(acc) != w.get(acc):
                print("%s: %s: got %s, want %s" %
                      (ent, acc, g.get(acc), w.get(acc)))
                bad += 1
    # the tier-1 site group from the configuration
    site = [r for r in rows if r["entitlement"] == "SQL Admins"]
    if [(r["account"], r["tier"], r["path"]) for r in site] != \
            [("svc_sql", 1, ["svc_sql", "SQL Admins"])]:
        print("SQL Admins: %s" % site)
        bad += 1
    n = sum(len(v) for v in want.values())
    print("%d Tier-0 grants checked, %d wrong" % (n, bad))
    return 1 if bad else 0


def sid_text(b):
    """A binary SID as S-1-..."""
    n = b[1]
    auth = int.from_bytes(b[2:8], "big")
    subs = [int.from_bytes(b[8 + 4 * i:12 + 4 * i], "little")
            for i in range(n)]
    return "S-%d-%d" % (b[0], auth) + "".join("-%d" % s for s in subs)


def tokengroups(export, db):
    """The DC is the oracle: for every account of the export (an
    ldapsearch -LLL of base searches for tokenGroups, one entry per
    account, with sAMAccountName), the tier-0 groups its logon token holds
    must be exactly the tier-0 group entitlements parc gives it."""
    import sqlite3
    con = sqlite3.connect(db)
    tier0 = {r[0] for r in con.execute(
        "SELECT ext_id FROM entitlement WHERE kind = 'group' AND"
        " tier = 0")}
    parc = {}
    for acc, sid in con.execute(
            "SELECT p.name, n.ext_id FROM effective_grant g JOIN principal"
            " p ON p.id = g.account_id JOIN entitlement n ON"
            " n.id = g.entitlement_id WHERE n.kind = 'group' AND"
            " n.tier = 0"):
        parc.setdefault(acc, set()).add(sid)
    token = {}
    sam = None
    with open(export) as f:
        text = f.read().replace("\n ", "")
    for line in text.splitlines():
        if line.startswith("dn:"):
            sam = None
        elif line.startswith("sAMAccountName: "):
            sam = line.split(": ", 1)[1]
            token.setdefault(sam, set())
        elif line.startswith("tokenGroups:: ") and sam is not None:
            sid = sid_text(base64.b64decode(line.split(":: ", 1)[1]))
            if sid in tier0:
                token[sam].add(sid)
    bad = 0
    for acc in sorted(token):
        if token[acc] != parc.get(acc, set()):
            print("%s: tokenGroups %s, parc %s" % (
                acc, sorted(token[acc]), sorted(parc.get(acc, set()))))
            bad += 1
    print("%d accounts' tier-0 groups checked against tokenGroups, "
          "%d wrong" % (len(token), bad))
    return 1 if bad or not token else 0


if __name__ == "__main__":
    if sys.argv[1] == "seed":
        seed(sys.argv[2], int(sys.argv[3]), sys.argv[4])
    elif sys.argv[1] == "bench":
        bench(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5])
    elif sys.argv[1] == "check":
        sys.exit(check(sys.argv[2], int(sys.argv[3])))
    elif sys.argv[1] == "tokengroups":
        sys.exit(tokengroups(sys.argv[2], sys.argv[3]))
    else:
        sys.exit("usage: ad_seed.py seed|check ...")
