#!/usr/bin/python3
"""shift_dates.py - a fixture's dates moved with the clock.

    shift_dates.py [--to YYYY-MM-DD] [--keep YYYY-MM-DD ...] FROM_DAY IN OUT

Copies the file IN to OUT, moving every date it recognises by the whole
number of days from FROM_DAY (the day the fixture was written against) to
today in UTC (or to the day given with --to). A test fixture holds absolute
dates ("alice logged on 2026-11-25", "Ana leaves on 2027-06-30"); parc
judges them against the real clock (dormant after 90 days, a password older
than 365 days, a leaver after their end date, a grant that has expired), so
a test that asserts on such a finding would start failing some day. Run on
the fixture at test time, every date keeps its distance from today, and so
every finding and every "N days" stays what the test expects, on any day.
On FROM_DAY itself OUT is byte for byte IN.

What is recognised:
  - LDIF (Active Directory) attributes holding a FILETIME (100 ns ticks
    since 1601-01-01): lastLogonTimestamp, lastLogon, pwdLastSet,
    accountExpires, except 0 and 9223372036854775807 (never);
  - LDIF GeneralizedTime attributes whenCreated and whenChanged
    (YYYYMMDDHHMMSS[.f]Z);
  - anywhere else (CSV, JSON, ...): an ISO date YYYY-MM-DD not inside a
    longer run of digits, with whatever time follows it
    (THH:MM:SSZ, +00:00, ...) left as it is: only the day moves.
When PARC_FIXED_TIME is set (seconds since the epoch: the clock lib/fixed_time.c
stops parc's at), today is that day, so that a whole test can be run as of
another day with parc under the shim. --to overrides both.

--keep names a date that is not a point in time and must not move (e.g. an
AWS policy's "Version": "2012-10-17"); it may be repeated.

The file is read and written as bytes, so encodings, a BOM and line endings
pass through untouched. Exit 0, or 2 with a message on bad arguments.
"""

import datetime
import os
import re
import sys

FILETIME_ATTRS = (b"lastlogontimestamp", b"lastlogon", b"pwdlastset",
                  b"accountexpires")
GENTIME_ATTRS = (b"whencreated", b"whenchanged")
NEVER = (0, 9223372036854775807)
TICKS_PER_DAY = 864000000000

LDIF_LINE = re.compile(rb"^([A-Za-z][A-Za-z0-9-]*)(:[ \t]*)([^\r\n]*)")
GENTIME = re.compile(rb"^(\d{4})(\d{2})(\d{2})(\d{6}(?:\.\d+)?Z)$")
ISO_DATE = re.compile(rb"(?<![0-9])(\d{4})-(\d{2})-(\d{2})(?![0-9])")


def usage(msg):
    sys.stderr.write("shift_dates.py: %s\n" % msg)
    sys.stderr.write("usage: shift_dates.py [--to YYYY-MM-DD] "
                     "[--keep YYYY-MM-DD ...] FROM_DAY IN OUT\n")
    sys.exit(2)


def day(s):
    try:
        return datetime.date.fromisoformat(s)
    except ValueError:
        usage("not a day YYYY-MM-DD: %r" % s)


def shift_iso(m, delta, keep):
    try:
        d = datetime.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return m.group(0)  # not a real date (e.g. 2026-02-30): as it is
    if d in keep:
        return m.group(0)
    return (d + delta).isoformat().encode()


def shift_line(line, delta, keep):
    m = LDIF_LINE.match(line)
    if m:
        attr, sep, value = m.group(1).lower(), m.group(2), m.group(3)
        if attr in FILETIME_ATTRS and value.isdigit():
            v = int(value)
            if v not in NEVER:
                v += delta.days * TICKS_PER_DAY
            return (m.group(1) + sep + str(v).encode() +
                    line[m.end(3):])
        if attr in GENTIME_ATTRS:
            g = GENTIME.match(value)
            if g:
                d = datetime.date(int(g.group(1)), int(g.group(2)),
                                  int(g.group(3))) + delta
                return (m.group(1) + sep + d.strftime("%Y%m%d").encode() +
                        g.group(4) + line[m.end(3):])
    return ISO_DATE.sub(lambda d: shift_iso(d, delta, keep), line)


def main(argv):
    fixed = os.environ.get("PARC_FIXED_TIME")
    if fixed:
        to = datetime.datetime.fromtimestamp(int(fixed),
                                             datetime.timezone.utc).date()
    else:
        to = datetime.datetime.now(datetime.timezone.utc).date()
    keep = set()
    args = []
    i = 0
    while i < len(argv):
        a = argv[i]
        if a in ("--to", "--keep"):
            if i + 1 >= len(argv):
                usage("%s needs a day" % a)
            if a == "--to":
                to = day(argv[i + 1])
            else:
                keep.add(day(argv[i + 1]))
            i += 2
            continue
        args.append(a)
        i += 1
    if len(args) != 3:
        usage("needs FROM_DAY IN OUT")
    delta = to - day(args[0])
    with open(args[1], "rb") as f:
        lines = f.read().splitlines(keepends=True)
    out = b"".join(shift_line(l, delta, keep) for l in lines)
    with open(args[2], "wb") as f:
        f.write(out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
