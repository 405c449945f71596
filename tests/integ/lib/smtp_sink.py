#!/usr/bin/python3
"""smtp_sink.py - a local SMTP server for parc's mail tests (Debian's
python3-aiosmtpd), that writes every message it accepts to a folder.

    smtp_sink.py --port N --dir DIR [--cert PEM --key PEM] [--user U
                 --password-file F] [--plain]

With --cert it offers STARTTLS and requires it before MAIL (as a real
submission server does); with --user it requires AUTH (after STARTTLS).
--plain offers neither. Each accepted message is DIR/NNN.eml: two lines
X-Envelope-From and X-Envelope-To, then the message as received. Ready
when DIR/ready exists; runs until killed.
"""
import argparse
import asyncio
import os
import ssl
import sys

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult


class Sink:
    def __init__(self, folder):
        self.folder = folder
        self.n = len([f for f in os.listdir(folder) if f.endswith(".eml")])

    async def handle_DATA(self, server, session, envelope):
        self.n += 1
        path = os.path.join(self.folder, "%03d.eml" % self.n)
        with open(path + ".tmp", "wb") as f:
            f.write(b"X-Envelope-From: " + envelope.mail_from.encode() +
                    b"\r\n")
            f.write(b"X-Envelope-To: " +
                    ",".join(envelope.rcpt_tos).encode() + b"\r\n")
            f.write(envelope.original_content)
        os.rename(path + ".tmp", path)
        return "250 OK"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--dir", required=True)
    ap.add_argument("--cert")
    ap.add_argument("--key")
    ap.add_argument("--user")
    ap.add_argument("--password-file")
    ap.add_argument("--plain", action="store_true")
    a = ap.parse_args()
    os.makedirs(a.dir, exist_ok=True)
    kw = {}
    if a.cert and not a.plain:
        ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ctx.load_cert_chain(a.cert, a.key)
        kw.update(tls_context=ctx, require_starttls=True)
    if a.user and not a.plain:
        want = open(a.password_file, "rb").read().strip()

        def auth(server, session, envelope, mechanism, data):
            ok = (data.login == a.user.encode() and data.password == want)
            return AuthResult(success=ok, handled=False)

        kw.update(authenticator=auth, auth_required=True,
                  auth_require_tls=True)
    c = Controller(Sink(a.dir), hostname="127.0.0.1", port=a.port, **kw)
    c.start()
    open(os.path.join(a.dir, "ready"), "w").close()
    try:
        asyncio.get_event_loop().run_forever()
    except KeyboardInterrupt:
        pass
    c.stop()


if __name__ == "__main__":
    sys.exit(main())
