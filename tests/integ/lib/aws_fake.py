#!/usr/bin/python3
"""aws_fake.py - a local IAM and STS that speaks the Query API as AWS does.

    /usr/bin/python3 aws_fake.py --port-file PORT --account ACCOUNT.json \
        --report REPORT.csv --key AKID:SECRET[:TOKEN] [--key ...] [options]

The account is the JSON `aws iam get-account-authorization-details`
prints (policy documents as objects); the fake answers every page of
GetAccountAuthorizationDetails in IAM's XML, shaped by botocore's own
service model (lists of <member>, timestamps ending in Z, booleans as
true/false, policy documents URL-encoded), a few items a page at most
(--page-size), so clients must follow Marker/IsTruncated. The credential
report goes through its states: GenerateCredentialReport answers STARTED,
then INPROGRESS, and COMPLETE from its --report-after'th call; a
GetCredentialReport before that answers ReportInProgress (404), before any
GenerateCredentialReport ReportNotPresent (410). STS AssumeRole (same port)
hands out temporary keys (ASIA..., with a session token) for any role of
the account, and checks --external-id when given.

Every request must carry a SigV4 signature, which the fake recomputes
with botocore's signer (botocore.auth.SigV4Auth) from the headers the
request says it signed: an unknown key is InvalidClientTokenId, a wrong
signature, scope (region, service) or a missing session token is
SignatureDoesNotMatch or InvalidClientTokenId, each with AWS's error XML
and HTTP 403.

Faults are set on a running fake without a signature, by the test:

    GET /_fake/fault?mode=MODE[&n=N][&action=ACTION][&page=P]

MODE: throttle (400 Throttling), unavailable (503), deny:CODE (403 with
CODE: AccessDenied, SignatureDoesNotMatch, InvalidClientTokenId,
ExpiredToken), cut (the body stops halfway, the connection closes),
malformed (200 with XML that breaks off), hang (no answer at all),
report-never (the report stays INPROGRESS), none (clear). A fault hits the
next N matching requests (all when N is not given); action limits it to
one API call, page to that page (1 = no Marker) of a listing.
GET /_fake/log answers the requests seen, as JSON lines; GET /_fake/stats
counts them.

--tls-cert CERT --tls-key KEY serves HTTPS instead of HTTP.

--save DIR writes every answer with HTTP 200 to DIR/NN-ACTION.xml (the
seeds of tests/fuzz/fuzz_aws_xml and the pages test_aws_xml reads).

--generate USERS,ROLES replaces --account with a generated account (for
benchmarks); pages are rendered once, before the first request.
"""

import argparse
import base64
import datetime
import json
import os
import random
import socket
import string
import sys
import threading
import time
import urllib.parse
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from xml.sax.saxutils import escape

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
from botocore.loaders import Loader

ACCOUNT = "123456789012"
IAM_NS = "https://iam.amazonaws.com/doc/2010-05-08/"
STS_NS = "https://sts.amazonaws.com/doc/2011-06-15/"
LISTS = ["UserDetailList", "GroupDetailList", "RoleDetailList", "Policies"]

loader = Loader()
IAM_MODEL = loader.load_service_model("iam", "service-2")
SHAPES = IAM_MODEL["shapes"]


def xml_value(shape_name, value, out):
    """Append value rendered as IAM's XML for shape_name to out (a list)."""
    shape = SHAPES[shape_name]
    t = shape["type"]
    if t == "structure":
        for name, m in shape["members"].items():
            if name not in value:
                continue
            tag = m.get("locationName", name)
            out.append("<%s>" % tag)
            xml_value(m["shape"], value[name], out)
            out.append("</%s>" % tag)
    elif t == "list":
        m = shape["member"]
        tag = m.get("locationName", "member")
        for item in value:
            out.append("<%s>" % tag)
            xml_value(m["shape"], item, out)
            out.append("</%s>" % tag)
    elif t == "boolean":
        out.append("true" if value in (True, "true") else "false")
    elif t == "timestamp":
        out.append(escape(str(value).replace("+00:00", "Z")))
    elif shape_name == "policyDocumentType":
        if not isinstance(value, str):
            value = json.dumps(value, indent=4)
        # IAM sends documents URL-encoded (RFC 3986)
        out.append(urllib.parse.quote(value, safe=""))
    else:
        out.append(escape(str(value)))


def item_xml(list_name, item):
    shape = SHAPES["GetAccountAuthorizationDetailsResponse"]["members"]
    member = SHAPES[shape[list_name]["shape"]]["member"]["shape"]
    out = ["<member>"]
    xml_value(member, item, out)
    out.append("</member>")
    return "".join(out)


def error_xml(code, message, ns=IAM_NS, kind="Sender"):
    return (
        '<ErrorResponse xmlns="%s">\n  <Error>\n    <Type>%s</Type>\n'
        "    <Code>%s</Code>\n    <Message>%s</Message>\n  </Error>\n"
        "  <RequestId>%s</RequestId>\n</ErrorResponse>\n"
        % (ns, kind, escape(code), escape(message), uuid.uuid4())
    )


def generate(users, roles):
    """A large account: users in groups, roles with inline policies."""
    acct = {k: [] for k in LISTS}
    admin = "arn:aws:iam::aws:policy/AdministratorAccess"
    ro = "arn:aws:iam::aws:policy/ReadOnlyAccess"
    doc = lambda a, r="*": {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": a, "Resource": r}],
    }
    for name, arn, d in (("AdministratorAccess", admin, doc("*")),
                         ("ReadOnlyAccess", ro, doc(["s3:Get*", "ec2:Describe*"]))):
        acct["Policies"].append({
            "PolicyName": name, "PolicyId": "ANPA" + name.upper()[:16],
            "Arn": arn, "Path": "/", "DefaultVersionId": "v1",
            "AttachmentCount": 1, "PermissionsBoundaryUsageCount": 0,
            "IsAttachable": True, "CreateDate": "2015-02-06T18:39:46Z",
            "UpdateDate": "2015-02-06T18:39:46Z",
            "PolicyVersionList": [{"Document": d, "VersionId": "v1",
                                   "IsDefaultVersion": True,
                                   "CreateDate": "2015-02-06T18:39:46Z"}]})
    ngroups = max(1, users // 50)
    for g in range(ngroups):
        acct["GroupDetailList"].append({
            "Path": "/", "GroupName": "team-%04d" % g,
            "GroupId": "AGPA%016d" % g,
            "Arn": "arn:aws:iam::%s:group/team-%04d" % (ACCOUNT, g),
            "CreateDate": "2020-01-01T00:00:00Z", "GroupPolicyList": [],
            "AttachedManagedPolicies": [{"PolicyName": "AdministratorAccess" if g == 0 else "ReadOnlyAccess",
                                         "PolicyArn": admin if g == 0 else ro}]})
    for u in range(users):
        acct["UserDetailList"].append({
            "Path": "/", "UserName": "user%05d" % u, "UserId": "AIDA%016d" % u,
            "Arn": "arn:aws:iam::%s:user/user%05d" % (ACCOUNT, u),
            "CreateDate": "2021-03-04T05:06:07Z",
            "UserPolicyList": [{"PolicyName": "own-bucket",
                                "PolicyDocument": doc("s3:*", "arn:aws:s3:::home-user%05d/*" % u)}] if u % 10 == 0 else [],
            "GroupList": ["team-%04d" % (u % ngroups)],
            "AttachedManagedPolicies": [], "Tags": [{"Key": "team", "Value": "%d" % (u % ngroups)}]})
    for r in range(roles):
        acct["RoleDetailList"].append({
            "Path": "/", "RoleName": "role-%05d" % r, "RoleId": "AROA%016d" % r,
            "Arn": "arn:aws:iam::%s:role/role-%05d" % (ACCOUNT, r),
            "CreateDate": "2021-03-04T05:06:07Z",
            "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [
                {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
                 "Action": "sts:AssumeRole"}]},
            "InstanceProfileList": [],
            "RolePolicyList": [{"PolicyName": "work", "PolicyDocument": doc(["sqs:*", "logs:*"])}],
            "AttachedManagedPolicies": [{"PolicyName": "ReadOnlyAccess", "PolicyArn": ro}] if r % 3 == 0 else [],
            "Tags": [], "RoleLastUsed": {"LastUsedDate": "2026-11-01T00:00:00Z", "Region": "us-east-1"}})
    return acct


def report_csv(acct):
    hdr = ("user,arn,user_creation_time,password_enabled,password_last_used,"
           "password_last_changed,password_next_rotation,mfa_active,"
           "access_key_1_active,access_key_1_last_rotated,"
           "access_key_1_last_used_date,access_key_1_last_used_region,"
           "access_key_1_last_used_service,access_key_2_active,"
           "access_key_2_last_rotated,access_key_2_last_used_date,"
           "access_key_2_last_used_region,access_key_2_last_used_service,"
           "cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated")
    rows = [hdr, "<root_account>,arn:aws:iam::%s:root,2017-01-01T00:00:00+00:00,"
            "not_supported,2026-10-01T12:00:00+00:00,not_supported,not_supported,"
            "true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A" % ACCOUNT]
    for u in acct["UserDetailList"]:
        rows.append("%s,%s,2021-03-04T05:06:07+00:00,true,2026-11-30T00:00:00+00:00,"
                    "2026-01-01T00:00:00+00:00,N/A,true,false,N/A,N/A,N/A,N/A,"
                    "false,N/A,N/A,N/A,N/A,false,N/A,false,N/A" % (u["UserName"], u["Arn"]))
    return "\n".join(rows) + "\n"


class Fake:
    def __init__(self, args):
        if args.generate:
            n_users, n_roles = (int(x) for x in args.generate.split(","))
            self.account = generate(n_users, n_roles)
            self.report = report_csv(self.account).encode()
        else:
            with open(args.account) as f:
                self.account = json.load(f)
            with open(args.report, "rb") as f:
                self.report = f.read()
        self.page_size = args.page_size
        self.region = args.region
        self.external_id = args.external_id
        self.report_after = args.report_after
        self.keys = {}  # key id -> (secret, token or None)
        for k in args.key:
            # KEYID:SECRET, or KEYID:SECRET:TOKEN for a key that needs a
            # session token (X-Amz-Security-Token), as STS's keys do
            kid, secret, *token = k.split(":", 2)
            self.keys[kid] = (secret, token[0] if token else None)
        # every item rendered once: a page is a join
        self.items = []
        for name in LISTS:
            for item in self.account.get(name, []):
                self.items.append((name, item_xml(name, item), item))
        self.role_arns = {r["Arn"] for r in self.account.get("RoleDetailList", [])}
        self.lock = threading.Lock()
        self.fault = None
        self.generate_calls = 0
        self.log = []
        self.save = args.save
        self.saved = 0

    # faults ---------------------------------------------------------------
    def set_fault(self, q):
        mode = q.get("mode", ["none"])[0]
        with self.lock:
            if mode == "none":
                self.fault = None
                return
            self.fault = {
                "mode": mode,
                "n": int(q["n"][0]) if "n" in q else -1,
                "action": q.get("action", [None])[0],
                "page": int(q["page"][0]) if "page" in q else None,
            }

    def take_fault(self, action, page):
        with self.lock:
            f = self.fault
            if f is None or f["n"] == 0:
                return None
            if f["action"] and f["action"] != action:
                return None
            if f["page"] is not None and f["page"] != page:
                return None
            if f["mode"] == "report-never":
                return None
            if f["n"] > 0:
                f["n"] -= 1
            return f["mode"]

    def report_never(self):
        with self.lock:
            return self.fault is not None and self.fault["mode"] == "report-never"


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "AmazonIAMFake"
    sys_version = ""

    def log_message(self, fmt, *args):
        pass

    def send(self, status, body, ctype="text/xml"):
        data = body.encode() if isinstance(body, str) else body
        self.send_response(status)
        self.send_header("x-amzn-RequestId", str(uuid.uuid4()))
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        fake = self.server.fake
        u = urllib.parse.urlsplit(self.path)
        q = urllib.parse.parse_qs(u.query)
        if u.path == "/_fake/fault":
            fake.set_fault(q)
            self.send(200, "ok\n", "text/plain")
        elif u.path == "/_fake/log":
            with fake.lock:
                body = "".join(json.dumps(e) + "\n" for e in fake.log)
            self.send(200, body, "application/json")
        else:
            self.send(404, error_xml("InvalidAction", "GET is not used here"))

    # SigV4 ------------------------------------------------------------------
    def check_signature(self, body, want_service):
        """None when the signature is good, else (code, message)."""
        fake = self.server.fake
        auth = self.headers.get("Authorization", "")
        if not auth.startswith("AWS4-HMAC-SHA256 "):
            return ("MissingAuthenticationToken",
                    "Request is missing Authentication Token")
        parts = {}
        for p in auth[len("AWS4-HMAC-SHA256 "):].split(","):
            k, _, v = p.strip().partition("=")
            parts[k] = v
        try:
            kid, date, region, service, term = parts["Credential"].split("/")
            signed = parts["SignedHeaders"].split(";")
            given = parts["Signature"]
        except (KeyError, ValueError):
            return ("IncompleteSignature", "Authorization header is malformed")
        if kid not in fake.keys:
            return ("InvalidClientTokenId",
                    "The security token included in the request is invalid.")
        secret, token = fake.keys[kid]
        if token is not None and self.headers.get("X-Amz-Security-Token") != token:
            return ("InvalidClientTokenId",
                    "The security token included in the request is invalid.")
        if region != fake.region or service != want_service or term != "aws4_request":
            return ("SignatureDoesNotMatch",
                    "Credential should be scoped to a valid region and to "
                    "the service '%s'. " % want_service)
        amzdate = self.headers.get("X-Amz-Date", "")
        try:
            t = datetime.datetime.strptime(amzdate, "%Y%m%dT%H%M%SZ")
        except ValueError:
            return ("IncompleteSignature", "X-Amz-Date is missing or malformed")
        if abs((datetime.datetime.utcnow() - t).total_seconds()) > 900 or date != amzdate[:8]:
            return ("SignatureDoesNotMatch", "Signature expired or not yet valid")
        if "host" not in signed:
            return ("SignatureDoesNotMatch", "host must be a signed header")
        if token is not None and "x-amz-security-token" not in signed:
            return ("SignatureDoesNotMatch",
                    "the session token must be a signed header")
        hdrs = {}
        for h in signed:
            v = self.headers.get(h)
            if v is None:
                return ("SignatureDoesNotMatch",
                        "signed header %s is not in the request" % h)
            hdrs[h] = v
        req = AWSRequest(method=self.command,
                         url="http://%s%s" % (self.headers.get("Host"), self.path),
                         data=body, headers=hdrs)
        req.context["timestamp"] = amzdate
        signer = SigV4Auth(Credentials(kid, secret, token), service, region)
        canonical = signer.canonical_request(req)
        want = signer.signature(signer.string_to_sign(req, canonical), req)
        if want != given:
            return ("SignatureDoesNotMatch",
                    "The request signature we calculated does not match the "
                    "signature you provided. Check your AWS Secret Access Key "
                    "and signing method. Consult the service documentation "
                    "for details.")
        return None

    def do_POST(self):
        fake = self.server.fake
        n = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(n)
        form = urllib.parse.parse_qs(body.decode("utf-8", "replace"),
                                     keep_blank_values=True)
        p = {k: v[0] for k, v in form.items()}
        action = p.get("Action", "")
        service = "sts" if action in ("AssumeRole", "GetCallerIdentity") else "iam"
        ns = STS_NS if service == "sts" else IAM_NS
        marker = p.get("Marker")
        entry = {"action": action, "key": self.headers.get("Authorization", "").split("/")[0][-20:],
                 "token": "X-Amz-Security-Token" in self.headers,
                 "signed": (self.headers.get("Authorization", "").split("SignedHeaders=")[-1].split(",")[0])}
        bad = self.check_signature(body, service)
        if bad is not None:
            entry["status"] = 403
            with fake.lock:
                fake.log.append(entry)
            return self.send(403, error_xml(bad[0], bad[1], ns))
        offset = 0
        if action == "GetAccountAuthorizationDetails" and marker:
            try:
                offset = int(base64.b64decode(marker).decode())
            except Exception:
                return self.send(400, error_xml("InvalidInput", "Invalid Marker."))
        pageno = None
        if action == "GetAccountAuthorizationDetails":
            size = min(int(p.get("MaxItems", "100")), fake.page_size)
            pageno = offset // max(1, size) + 1
        fault = fake.take_fault(action, pageno)
        entry["fault"] = fault
        entry["status"] = 200
        with fake.lock:
            fake.log.append(entry)
        if fault == "throttle":
            return self.send(400, error_xml("Throttling", "Rate exceeded", ns))
        if fault == "unavailable":
            return self.send(503, error_xml("ServiceUnavailable",
                                            "Service is unable to handle request.", ns, "Receiver"))
        if fault and fault.startswith("deny:"):
            code = fault[5:]
            msg = {
                "AccessDenied": "User: arn:aws:iam::%s:user/parc-reader is not "
                                "authorized to perform: iam:%s on resource: *" % (ACCOUNT, action),
                "ExpiredToken": "The security token included in the request is expired",
                "InvalidClientTokenId": "The security token included in the request is invalid.",
            }.get(code, "The request signature we calculated does not match "
                        "the signature you provided.")
            return self.send(403, error_xml(code, msg, ns))
        if fault == "hang":
            time.sleep(3600)
            return
        if action == "AssumeRole":
            return self.assume_role(p)
        if action == "GetAccountAuthorizationDetails":
            return self.details(p, offset, size, fault)
        if action == "GenerateCredentialReport":
            return self.generate_report()
        if action == "GetCredentialReport":
            return self.get_report()
        return self.send(400, error_xml("InvalidAction",
                                        "Could not find operation %s for version 2010-05-08" % action, ns))

    def answer(self, action, inner, ns=IAM_NS, fault=None):
        xml = ('<%sResponse xmlns="%s">\n  <%sResult>\n%s\n  </%sResult>\n'
               "  <ResponseMetadata>\n    <RequestId>%s</RequestId>\n"
               "  </ResponseMetadata>\n</%sResponse>\n"
               % (action, ns, action, inner, action, uuid.uuid4(), action))
        data = xml.encode()
        if fault == "malformed":
            data = data[: len(data) // 2]
        if fault == "cut":
            self.send_response(200)
            self.send_header("Content-Type", "text/xml")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data[: len(data) // 2])
            self.wfile.flush()
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
            return
        if self.server.fake.save:
            with self.server.fake.lock:
                self.server.fake.saved += 1
                n = self.server.fake.saved
            with open(os.path.join(self.server.fake.save, "%02d-%s.xml" % (n, action)), "wb") as f:
                f.write(data)
        self.send(200, data)

    def details(self, p, offset, size, fault):
        fake = self.server.fake
        filt = [v for k, v in p.items() if k.startswith("Filter.member.")]
        items = fake.items
        if filt:
            want = set()
            for f in filt:
                want |= {"User": {"UserDetailList"}, "Group": {"GroupDetailList"},
                         "Role": {"RoleDetailList"}, "LocalManagedPolicy": {"Policies"},
                         "AWSManagedPolicy": {"Policies"}}.get(f, set())
            items = [i for i in items if i[0] in want and (
                i[0] != "Policies" or
                ("LocalManagedPolicy" in filt and ":aws:policy/" not in i[2]["Arn"]) or
                ("AWSManagedPolicy" in filt and ":aws:policy/" in i[2]["Arn"]))]
        chunk = items[offset:offset + size]
        parts = []
        for name in LISTS:
            parts.append("    <%s>" % name)
            parts.extend(x for n, x, _ in chunk if n == name)
            parts.append("</%s>" % name)
        more = offset + size < len(items)
        parts.append("    <IsTruncated>%s</IsTruncated>" % ("true" if more else "false"))
        if more:
            parts.append("    <Marker>%s</Marker>" %
                         base64.b64encode(str(offset + size).encode()).decode())
        self.answer("GetAccountAuthorizationDetails", "".join(parts), fault=fault)

    def generate_report(self):
        fake = self.server.fake
        with fake.lock:
            fake.generate_calls += 1
            calls = fake.generate_calls
        if fake.report_never():
            state, desc = "INPROGRESS", "Report generation in progress."
        elif calls == 1 and fake.report_after > 1:
            state, desc = "STARTED", "No report exists. Starting a new report generation task"
        elif calls < fake.report_after:
            state, desc = "INPROGRESS", "Report generation in progress."
        else:
            state, desc = "COMPLETE", "Report generation completed."
        self.answer("GenerateCredentialReport",
                    "    <State>%s</State>\n    <Description>%s</Description>" % (state, desc))

    def get_report(self):
        fake = self.server.fake
        with fake.lock:
            calls = fake.generate_calls
        if calls == 0:
            return self.send(410, error_xml("ReportNotPresent",
                                            "Credential report not present. Please call GenerateCredentialReport first."))
        if calls < fake.report_after or fake.report_never():
            return self.send(404, error_xml("ReportInProgress",
                                            "Credential report is being generated."))
        self.answer("GetCredentialReport",
                    "    <Content>%s</Content>\n    <ReportFormat>text/csv</ReportFormat>\n"
                    "    <GeneratedTime>2026-12-05T00:00:00Z</GeneratedTime>"
                    % base64.b64encode(fake.report).decode())

    def assume_role(self, p):
        fake = self.server.fake
        arn = p.get("RoleArn", "")
        if arn not in fake.role_arns or (
                fake.external_id is not None and p.get("ExternalId") != fake.external_id):
            return self.send(403, error_xml(
                "AccessDenied",
                "User: arn:aws:iam::%s:user/parc-reader is not authorized to "
                "perform: sts:AssumeRole on resource: %s" % (ACCOUNT, arn), STS_NS))
        kid = "ASIA" + "".join(random.choice(string.ascii_uppercase + string.digits) for _ in range(16))
        secret = base64.b64encode(os.urandom(30)).decode()
        token = base64.b64encode(os.urandom(120)).decode()
        with fake.lock:
            fake.keys[kid] = (secret, token)
        exp = (datetime.datetime.utcnow() + datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
        name = arn.split("/")[-1]
        self.answer("AssumeRole",
                    "    <AssumedRoleUser>\n      <Arn>arn:aws:sts::%s:assumed-role/%s/%s</Arn>\n"
                    "      <AssumedRoleId>AROAEXAMPLE:%s</AssumedRoleId>\n    </AssumedRoleUser>\n"
                    "    <Credentials>\n      <AccessKeyId>%s</AccessKeyId>\n"
                    "      <SecretAccessKey>%s</SecretAccessKey>\n"
                    "      <SessionToken>%s</SessionToken>\n"
                    "      <Expiration>%s</Expiration>\n    </Credentials>"
                    % (ACCOUNT, escape(name), escape(p.get("RoleSessionName", "")),
                       escape(p.get("RoleSessionName", "")), kid, secret, token, exp),
                    ns=STS_NS)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--account")
    ap.add_argument("--report")
    ap.add_argument("--generate")
    ap.add_argument("--key", action="append", default=[])
    ap.add_argument("--page-size", type=int, default=3)
    ap.add_argument("--region", default="us-east-1")
    ap.add_argument("--external-id")
    ap.add_argument("--report-after", type=int, default=2)
    ap.add_argument("--save", help="write every 200 answer to this folder")
    ap.add_argument("--tls-cert", help="serve HTTPS with this PEM certificate")
    ap.add_argument("--tls-key", help="and this PEM key")
    args = ap.parse_args()
    fake = Fake(args)
    ThreadingHTTPServer.daemon_threads = True
    ThreadingHTTPServer.allow_reuse_address = True
    srv = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    srv.fake = fake
    if args.tls_cert:
        import ssl
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(args.tls_cert, args.tls_key)
        srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
    tmp = args.port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d\n" % srv.server_address[1])
    os.rename(tmp, args.port_file)
    srv.serve_forever()


if __name__ == "__main__":
    main()
