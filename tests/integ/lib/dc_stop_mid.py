#!/usr/bin/env python3
# dc_stop_mid.py IP SECONDS PID... -- COMMAND...
#
# Runs COMMAND (a parc sync against the Samba DC on IP:636). As soon as
# one of the DC's LDAPS connections has held a request for 30 ms without
# sending anything back, that is, the DC is in the middle of a search,
# stops the DC's PIDs (SIGSTOP) for SECONDS, then lets them go on
# (SIGCONT). Exits with COMMAND's status.
#
# Why not stop the DC once the entries flow: Samba holds a search's
# entries in memory until the search has ended (ldapsrv_queue_reply in
# source4/ldap_server/ldap_backend.c; up to 256 MB), and only then
# writes them. Once bytes flow the search is over and MaxQueryDuration
# can no longer cut it; a stop must come while nothing has been sent.
# Seen with ss(8): a connection's lastrcv (ms since the request came) is
# below its lastsnd (ms since the DC last sent).
import os
import signal
import subprocess
import sys
import time

FIELDS = ("lastsnd", "lastrcv", "bytes_received")


def busy(ip):
    out = subprocess.run(
        ["ss", "-tniH", "state", "established",
         "( sport = :636 and src %s )" % ip],
        capture_output=True, text=True, check=False).stdout
    for line in out.splitlines():
        f = {}
        for w in line.split():
            k, _, v = w.partition(":")
            if k in FIELDS and v.isdigit():
                f[k] = int(v)
        # the info line of a connection that has had data from parc;
        # ss leaves a field out when it is 0
        if "bytes_received" not in f:
            continue
        if f.get("lastsnd", 0) > f.get("lastrcv", 0) >= 30:
            return True
    return False


def signal_all(pids, sig):
    for p in pids:
        try:
            os.kill(p, sig)
        except OSError:
            pass


def main():
    sep = sys.argv.index("--")
    ip, secs = sys.argv[1], float(sys.argv[2])
    pids = [int(p) for p in sys.argv[3:sep]]
    child = subprocess.Popen(sys.argv[sep + 1:])
    stopped = False
    while child.poll() is None and not stopped:
        if busy(ip):
            signal_all(pids, signal.SIGSTOP)
            time.sleep(secs)
            signal_all(pids, signal.SIGCONT)
            stopped = True
        else:
            time.sleep(0.005)
    return child.wait()


if __name__ == "__main__":
    sys.exit(main())
