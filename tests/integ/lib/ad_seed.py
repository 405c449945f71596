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

    def group(name, *members):
        entry("CN=%s,%s" % (name, ou), ("objectClass", "group"),
              ("sAMAccountName", name),
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
    for i in range(1, nbulk + 1):
        user("bulk%04d" % i, 512, where=bulk_ou)
    group("Cycle B", udn("frank"))
    group("Cycle A", "CN=Cycle B," + ou)
    group("Tier0 Deep", udn("carol"), "CN=Cycle A," + ou)
    group("Tier0 Nested", udn("bob"), "CN=Tier0 Deep," + ou)
    group("Tier0 Admins", udn("alice"), udn("erin"),
          "CN=Tier0 Nested," + ou)
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


if __name__ == "__main__":
    if sys.argv[1] == "seed":
        seed(sys.argv[2], int(sys.argv[3]), sys.argv[4])
    elif sys.argv[1] == "bench":
        bench(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5])
    elif sys.argv[1] == "check":
        sys.exit(check(sys.argv[2], int(sys.argv[3])))
    else:
        sys.exit("usage: ad_seed.py seed|check ...")
