#!/bin/sh
# 61-console-mouse.sh - the review console's mouse: a click puts the cursor
# on the row clicked, the wheel moves it three rows, a double click opens
# the item. The console runs on a pseudo-terminal driven by Python's pty
# module, which writes the terminal's own mouse reports (xterm's SGR 1006
# form, as xterm-256color's kmous says); tmux send-keys cannot stand in for
# a mouse. What the console shows is read from PARC_SCREEN_DUMP.
#
# The data is 60-console.sh's: tests/data/screens/review.sql on the demo.

set -eu

command -v python3 >/dev/null || { echo "python3 is not installed"; exit 77; }
command -v sqlite3 >/dev/null || { echo "sqlite3 is not installed"; exit 77; }

me=$(id -un)
export HOME=$TMPDIR LANG=C.UTF-8 LC_ALL=C.UTF-8 TZ=UTC TERM=xterm-256color
unset NO_COLOR PARC_CONFIG XDG_DATA_HOME XDG_CONFIG_HOME LINES COLUMNS || true
export PARC_DB=$TMPDIR/review.db PARC_SCREEN_DUMP=$TMPDIR/dump
"$PARC" demo --no-console --dir "$TMPDIR/demo" >/dev/null
sed "s/'root'/'$me'/g" "$SRCDIR/tests/data/screens/review.sql" |
    sqlite3 "$PARC_DB"

python3 - "$PARC" "$PARC_SCREEN_DUMP" <<'EOF'
import fcntl, os, pty, select, struct, sys, termios, time

parc, dump = sys.argv[1], sys.argv[2]
pid, fd = pty.fork()
if pid == 0:
    os.execv(parc, [parc, "review", "--as", "lwasowski", "--campaign",
                    "2026-Q4 privileged access"])
fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))

def settle(t=0.4):
    end = time.time() + t
    while time.time() < end:
        r, _, _ = select.select([fd], [], [], 0.05)
        if r:
            try:
                os.read(fd, 65536)
            except OSError:
                return

def first_line():
    with open(dump, encoding="utf-8") as f:
        return f.readline().rstrip("\n")

def expect(what, want):
    # up to 5 s: a loaded machine is slow, not wrong
    for _ in range(50):
        got = first_line()
        if got == want:
            return
        settle(0.1)
    print("%s: the screen starts %r, expected %r" % (what, got, want))
    sys.exit(1)

def click(y, x, button=0):
    # SGR 1006: press and release, 1-based cell
    os.write(fd, b"\x1b[<%d;%d;%dM" % (button, x, y))
    if button < 64:
        os.write(fd, b"\x1b[<%d;%d;%dm" % (button, x, y))

settle(1.5)
expect("start", "2026-Q4 privileged access - due 2099-12-31 - queue of lwasowski - by person")
# Line 6 of the screen is the queue's fourth row: Arjun Banerjee.
click(6, 10)
settle()
os.write(fd, b"\r")
settle()
expect("click", "Item 900008 - Arjun Banerjee - Account Operators")
os.write(fd, b"q")
settle()
# The wheel (button 65: down) moves three rows: 刘强's Backup Operators.
click(10, 10, 65)
settle()
os.write(fd, b"\r")
settle()
expect("wheel", "Item 900003 - 刘强 - Backup Operators")
os.write(fd, b"q")
settle()
# A double click opens the row: Phạm Minh, line 4.
click(4, 10)
click(4, 10)
settle()
expect("double click", "Item 900002 - Phạm Minh - Domain Admins")
os.write(fd, b"Q")
settle()
_, status = os.waitpid(pid, 0)
if status != 0:
    print("parc review exited with status %d" % status)
    sys.exit(1)
print("mouse: click, wheel and double click as expected")
EOF
