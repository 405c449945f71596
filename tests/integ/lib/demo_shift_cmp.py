#!/usr/bin/python3
"""demo_shift_cmp.py A B DAYS - two demo directories made as of days DAYS
apart differ only by that shift.

Both hold the same files; each text file has the same lines, and a line of
B is the line of A with each date in it (YYYY-MM-DD, LDAP's
YYYYMMDDhhmmss.0Z, an AD FILETIME of 18 digits) either the same or moved by
exactly DAYS days; wtmp's records differ only in their times, moved by
DAYS days. Prints each date left where it was, one a line, sorted ("NAME:
DATE"), so the caller can say which may stay (AWS's and Microsoft's own
dates, policy language versions); exit 1 naming the first difference that
is not a shift.
"""
import datetime
import os
import re
import struct
import sys

DATE = re.compile(rb"\d{4}-\d\d-\d\d|\d{14}\.0Z|(?<!\d)1\d{17}(?!\d)")
UTMP = 384  # struct utmp on Linux: ut_tv.tv_sec at offset 340
TV_SEC = 340


def shifted(tok, days):
    if len(tok) == 18 and tok.isdigit():
        return b"%d" % (int(tok) + days * 864000000000)
    if tok[4:5] == b"-":
        d = datetime.date.fromisoformat(tok.decode())
        return (d + datetime.timedelta(days=days)).isoformat().encode()
    d = datetime.date(int(tok[0:4]), int(tok[4:6]), int(tok[6:8]))
    d += datetime.timedelta(days=days)
    return d.strftime("%Y%m%d").encode() + tok[8:]


def files(root):
    out = []
    for d, _, names in os.walk(root):
        for n in names:
            out.append(os.path.relpath(os.path.join(d, n), root))
    return sorted(out)


def main():
    a, b, days = sys.argv[1], sys.argv[2], int(sys.argv[3])
    fa, fb = files(a), files(b)
    if fa != fb:
        sys.exit("not the same files: %s" % sorted(set(fa) ^ set(fb)))
    kept, moved = set(), 0
    for name in fa:
        x = open(os.path.join(a, name), "rb").read()
        y = open(os.path.join(b, name), "rb").read()
        if name.endswith("wtmp"):
            if len(x) != len(y) or len(x) % UTMP:
                sys.exit("%s: not the same records" % name)
            for i in range(0, len(x), UTMP):
                ra, rb_ = x[i:i + UTMP], y[i:i + UTMP]
                ta, = struct.unpack_from("<i", ra, TV_SEC)
                tb, = struct.unpack_from("<i", rb_, TV_SEC)
                if ra[:TV_SEC] + ra[TV_SEC + 4:] != \
                        rb_[:TV_SEC] + rb_[TV_SEC + 4:] or \
                        tb - ta != days * 86400:
                    sys.exit("%s: record %d is not moved by %d days"
                             % (name, i // UTMP, days))
                moved += 1
            continue
        la, lb = x.split(b"\n"), y.split(b"\n")
        if len(la) != len(lb):
            sys.exit("%s: %d lines, then %d" % (name, len(la), len(lb)))
        for n, (p, q) in enumerate(zip(la, lb), 1):
            if p == q:
                for t in DATE.findall(p):
                    kept.add("%s: %s" % (name, t.decode()))
                continue
            tp, tq = DATE.findall(p), DATE.findall(q)
            if DATE.sub(b"D", p) != DATE.sub(b"D", q) or len(tp) != len(tq):
                sys.exit("%s:%d: not only dates differ:\n  %r\n  %r"
                         % (name, n, p, q))
            for s, t in zip(tp, tq):
                if s == t:
                    kept.add("%s: %s" % (name, s.decode()))
                elif shifted(s, days) == t:
                    moved += 1
                else:
                    sys.exit("%s:%d: %s became %s, not moved by %d days"
                             % (name, n, s.decode(), t.decode(), days))
    for k in sorted(kept):
        print(k)
    print("moved: %d" % moved, file=sys.stderr)


main()
