#!/usr/bin/env python3
"""tcp_cut.py - a TCP relay that cuts a conversation at a chosen point, so
a test can stop a server in the middle of a pull, deterministically.

  tcp_cut.py LISTEN_PORT TARGET_PORT AFTER_BYTES FLAG_FILE

Relays one connection on 127.0.0.1:LISTEN_PORT to 127.0.0.1:TARGET_PORT.
Once AFTER_BYTES have gone from the server to the client, it stops
relaying, writes FLAG_FILE and waits until the file is removed; then it
closes both sides (the test has killed the server meanwhile), or, if the
file is never removed, the client sees a server that no longer answers.
"""
import os
import select
import socket
import sys
import time

port, target, after, flag = (int(sys.argv[1]), int(sys.argv[2]),
                             int(sys.argv[3]), sys.argv[4])
ls = socket.socket()
ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
ls.bind(("127.0.0.1", port))
ls.listen(1)
print("listening", flush=True)
c, _ = ls.accept()
s = socket.create_connection(("127.0.0.1", target))
sent = 0
while sent < after:
    r, _, _ = select.select([c, s], [], [])
    if c in r:
        d = c.recv(65536)
        if not d:
            break
        s.sendall(d)
    if s in r:
        d = s.recv(min(65536, after - sent))
        if not d:
            break
        c.sendall(d)
        sent += len(d)
open(flag, "w").close()
while os.path.exists(flag):
    time.sleep(0.05)
s.close()
c.close()
