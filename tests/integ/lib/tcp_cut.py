#!/usr/bin/env python3
"""tcp_cut.py - a TCP relay that cuts a conversation at a chosen point, so
a test can stop a server in the middle of a pull, deterministically.

  tcp_cut.py LISTEN_PORT TARGET_PORT AFTER_BYTES FLAG_FILE [HOST]

Relays every connection on HOST:LISTEN_PORT to HOST:TARGET_PORT (HOST: the
server's loopback address, 127.0.0.1 by default).
Once AFTER_BYTES in all have gone from the server to the clients, it stops
relaying, writes FLAG_FILE and waits until the file is removed; then it
closes every connection (the test has killed the server meanwhile). Until
then the clients see a server that no longer answers.
"""
import os
import select
import socket
import sys
import threading
import time

port, target, after, flag = (int(sys.argv[1]), int(sys.argv[2]),
                             int(sys.argv[3]), sys.argv[4])
host = sys.argv[5] if len(sys.argv) > 5 else "127.0.0.1"
lock = threading.Lock()
state = {"sent": 0}
cut = threading.Event()


def relay(c):
    s = socket.create_connection((host, target))
    try:
        while not cut.is_set():
            r, _, _ = select.select([c, s], [], [], 0.1)
            if c in r:
                d = c.recv(65536)
                if not d:
                    return
                s.sendall(d)
            if s in r and not cut.is_set():
                d = s.recv(16384)
                if not d:
                    return
                c.sendall(d)
                with lock:
                    state["sent"] += len(d)
                    if state["sent"] >= after and not cut.is_set():
                        cut.set()
                        open(flag, "w").close()
        while os.path.exists(flag):
            time.sleep(0.05)
    finally:
        s.close()
        c.close()


ls = socket.socket()
ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
ls.bind((host, port))
ls.listen(8)
print("listening", flush=True)
ls.settimeout(0.2)
while not (cut.is_set() and not os.path.exists(flag)):
    try:
        c, _ = ls.accept()
    except socket.timeout:
        continue
    threading.Thread(target=relay, args=(c,), daemon=True).start()
time.sleep(0.2)
