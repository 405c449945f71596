#!/usr/bin/python3
"""azure_fake.py - a local Microsoft identity platform, ARM and Graph.

    /usr/bin/python3 azure_fake.py --port-file PORT --tenant-dir DIR \
        --tenant TENANT-ID --client CLIENT-ID:SECRET [options]

The tenant is a folder in the format the azure source reads offline
(tests/data/azure/tenant/, what share/export/azure-export.sh writes); the
fake serves it on one port as the services do:

  POST /TENANT/oauth2/v2.0/token   client credentials (form: grant_type,
        client_id, client_secret, scope = RESOURCE/.default); answers
        {token_type, expires_in, ext_expires_in, access_token}; or with a
        client assertion (a JWT, RS256, x5t = the SHA-1 thumbprint of
        --client-cert, checked with python3-cryptography; aud, iss, sub,
        nbf, exp checked); a wrong secret is 401 invalid_client
        AADSTS7000215, a bad assertion 401 AADSTS700027 and kin, an unknown client 400
        unauthorized_client AADSTS700016, another tenant 400 AADSTS90002.
  ARM (a token whose audience is the origin asked, http://HOST:PORT, from
  scope http://HOST:PORT/.default; the tests reach ARM as 127.0.0.1 and
  Graph as localhost, so that the two tokens differ as they do in Azure):
    GET /subscriptions?api-version=...
    GET /subscriptions/SUB/providers/Microsoft.Authorization/
        roleAssignments | roleDefinitions | roleEligibilityScheduleInstances
        in ARM's own JSON (az CLI's flattened files are put back under
        "properties"), pages linked by nextLink.
  Graph (paths under /v1.0/, a token for their origin likewise):
    GET /v1.0/roleManagement/directory/roleAssignments ($expand=principal)
        | roleDefinitions | roleEligibilitySchedules | roleAssignmentSchedules
    GET /v1.0/users?$select=...  ($top honoured; with --no-premium a
        $select with signInActivity is 403
        Authentication_RequestFromNonPremiumTenantOrB2CTenant)
    GET /v1.0/groups/GROUP/transitiveMembers
    POST /v1.0/directoryObjects/getByIds
        pages linked by @odata.nextLink, each with @odata.context.

Every listing is cut into pages of --page-size items (default 2) so that
clients must follow the links. Tokens live --token-life seconds (default
3600; --delay S slows every ARM and Graph answer, so that a sync
outlives its tokens; --token-skew S takes a token S seconds past its
expiry, as Entra ID's validators allow for clock skew, so that a test
on a busy machine does not count a request that was slow to arrive as
late); an expired or missing token is 401 (ARM ExpiredAuthenticationToken
or InvalidAuthenticationToken, Graph InvalidAuthenticationToken), a token
of the other audience 401 InvalidAuthenticationTokenAudience.

Faults are set on a running fake by the test:

    GET /_fake/fault?mode=MODE[&n=N][&path=SUBSTRING][&page=P]

MODE: throttle (429 TooManyRequests with Retry-After: 1), unavailable
(503 with Retry-After: 1), deny (403: ARM AuthorizationFailed, Graph
Authorization_RequestDenied), unauthorized (401 whatever the token),
token-deny (the token endpoint answers 401 invalid_client), cut (the body
stops halfway, the connection closes), malformed (200 with JSON that
breaks off), hang (no answer for 60 s), foreign-link (the page's next link
leads to another host), expire-tokens (every token given so far is
expired, once), none (clear). A fault hits the next N matching requests
(all when N is not given); path limits it to URLs containing SUBSTRING,
page to that page (1 = the first).
GET /_fake/log answers the requests seen, as JSON lines (method, path,
query, host, page, status, audience, time, and a getByIds body); GET /_fake/token?scope=S hands a test a token
without a secret.

--tls-cert CERT --tls-key KEY serves HTTPS instead of HTTP (the
audiences and links then say https://).

--generate USERS,ASSIGNMENTS,GROUPS replaces the tenant with a generated
one (for tests/bench/bench_azure).
"""

import argparse
import base64
import hashlib
import json
import os
import secrets
import sys
import threading
import time
import urllib.parse
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

OWNER = "8e3af657-a8ff-443c-a75c-2fe8c4bcb635"
CONTRIB = "b24988ac-6180-42a0-ab88-20f7382dd24c"
GA = "62e90394-69f5-4237-9190-012177145e10"

ARM_LISTS = ("roleAssignments", "roleDefinitions",
             "roleEligibilityScheduleInstances")
GRAPH_DIR = {
    "roleAssignments": "directory-role-assignments.json",
    "roleDefinitions": "directory-role-definitions.json",
    "roleEligibilitySchedules": "directory-role-eligibility-schedules.json",
    "roleAssignmentSchedules": "directory-role-assignment-schedules.json",
}


def values(path):
    with open(path) as f:
        body = json.load(f)
    return body["value"] if isinstance(body, dict) else body


def arm_assignment(a):
    """az role assignment list's flattened object as ARM answers it."""
    if "properties" in a:
        return a
    props = {}
    for k in ("roleDefinitionId", "principalId", "principalType", "scope",
              "condition", "conditionVersion", "createdOn", "updatedOn",
              "createdBy", "updatedBy", "delegatedManagedIdentityResourceId",
              "description"):
        if k in a:
            props[k] = a[k]
    return {"properties": props, "id": a["id"], "type": a["type"],
            "name": a["name"]}


def arm_definition(d):
    if "properties" in d:
        return d
    props = {"roleName": d["roleName"], "type": d["roleType"],
             "description": d.get("description"),
             "assignableScopes": d.get("assignableScopes", []),
             "permissions": d.get("permissions", []),
             "createdOn": d.get("createdOn"), "updatedOn": d.get("updatedOn"),
             "createdBy": d.get("createdBy"), "updatedBy": d.get("updatedBy")}
    return {"properties": props, "id": d["id"], "type": d["type"],
            "name": d["name"]}


def arm_subscription(s, tenant):
    sid = s.get("subscriptionId") or s["id"].split("/")[-1]
    return {"id": "/subscriptions/" + sid, "authorizationSource": "RoleBased",
            "managedByTenants": [], "subscriptionId": sid,
            "tenantId": s.get("tenantId", tenant),
            "displayName": s.get("displayName") or s.get("name"),
            "state": s.get("state", "Enabled"),
            "subscriptionPolicies": {"locationPlacementId": "Public_2014-09-01",
                                     "quotaId": "PayAsYouGo_2014-09-01",
                                     "spendingLimit": "Off"}}


class Tenant:
    """The tenant's objects, in the services' own JSON."""

    def __init__(self, tenant_id, d=None):
        self.tenant_id = tenant_id
        self.subs = []
        self.arm = {}      # (sub, list) -> [objects]
        self.graph = {}    # list -> [objects]
        self.users = []
        self.members = {}  # group id -> [objects]
        self.objects = {}  # id -> object with @odata.type
        if d is not None:
            self.load(d)

    def load(self, d):
        for s in values(os.path.join(d, "account-list.json")):
            s = arm_subscription(s, self.tenant_id)
            if s["tenantId"] != self.tenant_id:
                continue  # another tenant's: not seen with this token
            self.subs.append(s)
            sid = s["subscriptionId"]
            for name, conv in (("roleAssignments", arm_assignment),
                               ("roleDefinitions", arm_definition),
                               ("roleEligibilityScheduleInstances", None)):
                fn = {"roleAssignments": "role-assignments",
                      "roleDefinitions": "role-definitions",
                      "roleEligibilityScheduleInstances":
                      "role-eligibility-schedule-instances"}[name]
                p = os.path.join(d, "%s.%s.json" % (fn, sid))
                items = values(p) if os.path.exists(p) else []
                self.arm[(sid, name)] = [conv(i) if conv else i for i in items]
        for name, fn in GRAPH_DIR.items():
            self.graph[name] = values(os.path.join(d, fn))
        self.users = values(os.path.join(d, "users.json"))
        for fn in os.listdir(d):
            if fn.startswith("group-transitive-members."):
                g = fn[len("group-transitive-members."):-len(".json")]
                self.members[g] = values(os.path.join(d, fn))
        self.index(d)

    def index(self, d=None):
        for u in self.users:
            o = dict(u)
            o["@odata.type"] = "#microsoft.graph.user"
            o.pop("signInActivity", None)
            self.objects[u["id"]] = o
        for items in list(self.graph.values()) + list(self.members.values()):
            for a in items:
                p = a.get("principal", a)
                if "@odata.type" in p and p.get("id") and p["id"] not in self.objects:
                    self.objects[p["id"]] = p
        p = os.path.join(d, "directory-objects.json") if d else None
        if p and os.path.exists(p):
            for o in values(p):
                self.objects[o["id"]] = o

    def generate(self, nusers, nassign, ngroups):
        """A tenant of nusers users, nassign role assignments, ngroups groups."""
        sub = "00000000-1111-4222-8333-444444444444"
        self.subs = [arm_subscription({"id": sub, "name": "Bench",
                                       "state": "Enabled",
                                       "tenantId": self.tenant_id},
                                      self.tenant_id)]
        uid = lambda i: "10000000-0000-4000-8000-%012d" % i
        gid = lambda i: "20000000-0000-4000-8000-%012d" % i
        self.users = [{"id": uid(i), "displayName": "User %d" % i,
                       "userPrincipalName": "user%d@bench.example" % i,
                       "mail": "user%d@bench.example" % i,
                       "accountEnabled": i % 50 != 0,
                       "userType": "Guest" if i % 97 == 0 else "Member",
                       "createdDateTime": "2024-01-01T00:00:00Z",
                       "onPremisesSyncEnabled": None,
                       "signInActivity": {"lastSignInDateTime":
                                          "2026-%02d-01T00:00:00Z" % (1 + i % 11),
                                          "lastNonInteractiveSignInDateTime": None}}
                      for i in range(nusers)]
        defs = [arm_definition({"id": "/subscriptions/%s/providers/Microsoft.Authorization/roleDefinitions/%s" % (sub, g),
                                "name": g, "type": "Microsoft.Authorization/roleDefinitions",
                                "roleName": n, "roleType": "BuiltInRole",
                                "permissions": [{"actions": a, "notActions": na,
                                                 "dataActions": [], "notDataActions": []}]})
                for g, n, a, na in ((OWNER, "Owner", ["*"], []),
                                    (CONTRIB, "Contributor", ["*"],
                                     ["Microsoft.Authorization/*/Write",
                                      "Microsoft.Authorization/*/Delete"]))]
        ra = []
        for i in range(nassign):
            to_group = i % 10 == 0
            pid = gid((i // 10) % ngroups) if to_group else uid((i * 7) % nusers)
            scope = "/subscriptions/%s/resourceGroups/rg%d" % (sub, i % 300)
            ra.append({"properties": {
                "roleDefinitionId": "/subscriptions/%s/providers/Microsoft.Authorization/roleDefinitions/%s" % (sub, OWNER if i % 3 == 0 else CONTRIB),
                "principalId": pid,
                "principalType": "Group" if to_group else "User",
                "scope": scope},
                "id": "%s/providers/Microsoft.Authorization/roleAssignments/%s" % (scope, uuid.UUID(int=i)),
                "type": "Microsoft.Authorization/roleAssignments",
                "name": str(uuid.UUID(int=i))})
        self.arm = {(sub, "roleAssignments"): ra, (sub, "roleDefinitions"): defs,
                    (sub, "roleEligibilityScheduleInstances"): []}
        self.graph = {k: [] for k in GRAPH_DIR}
        self.graph["roleDefinitions"] = [{"id": GA, "templateId": GA,
                                          "displayName": "Global Administrator",
                                          "isBuiltIn": True}]
        self.graph["roleAssignments"] = [
            {"id": "ga%d" % i, "principalId": uid(i), "directoryScopeId": "/",
             "roleDefinitionId": GA,
             "principal": dict(self.users[i], **{"@odata.type": "#microsoft.graph.user"})}
            for i in range(5)]
        self.members = {}
        for g in range(ngroups):
            self.members[gid(g)] = [
                {"@odata.type": "#microsoft.graph.user", "id": uid(j),
                 "displayName": "User %d" % j,
                 "userPrincipalName": "user%d@bench.example" % j}
                for j in range(g, nusers, max(1, nusers // 20))][:20]
            self.objects[gid(g)] = {"@odata.type": "#microsoft.graph.group",
                                    "id": gid(g), "displayName": "Group %d" % g}
        self.index()


class Fake:
    def __init__(self, args):
        self.args = args
        self.tenant = Tenant(args.tenant, None if args.generate else args.tenant_dir)
        if args.generate:
            self.tenant.generate(*[int(x) for x in args.generate.split(",")])
        cid, _, secret = args.client.partition(":")
        self.client_id, self.secret = cid, secret
        self.tokens = {}  # token -> (audience, expiry)
        self.lock = threading.Lock()
        self.fault = None
        self.log = []
        self.page_cache = {}

    def set_fault(self, q):
        mode = q.get("mode", ["none"])[0]
        with self.lock:
            if mode == "none":
                self.fault = None
                return
            if mode == "expire-tokens":
                for t in self.tokens:
                    self.tokens[t] = (self.tokens[t][0], 0)
                return
            self.fault = {"mode": mode,
                          "n": int(q["n"][0]) if "n" in q else -1,
                          "path": q.get("path", [None])[0],
                          "page": int(q["page"][0]) if "page" in q else None}

    def take_fault(self, path, page, token_call=False):
        with self.lock:
            f = self.fault
            if f is None or f["n"] == 0:
                return None
            if (f["mode"] == "token-deny") != token_call:
                return None
            if f["path"] and f["path"] not in path:
                return None
            if f["page"] is not None and f["page"] != page:
                return None
            if f["n"] > 0:
                f["n"] -= 1
            return f["mode"]

    def new_token(self, audience):
        t = "fake." + secrets.token_urlsafe(24)
        with self.lock:
            self.tokens[t] = (audience, time.time() + self.args.token_life)
        return t


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "AzureFake"
    sys_version = ""

    def log_message(self, fmt, *args):
        pass

    def send(self, status, body, headers=None):
        data = json.dumps(body).encode() if not isinstance(body, bytes) else body
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("x-ms-request-id", str(uuid.uuid4()))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def record(self, status, page=None, audience=None):
        fake = self.server.fake
        u = urllib.parse.urlsplit(self.path)
        with fake.lock:
            fake.log.append({"method": self.command, "path": u.path,
                             "page": page, "status": status,
                             "audience": audience, "t": time.time(),
                             "host": self.headers.get("Host"),
                             "query": u.query,
                             "body": getattr(self, "body_text", None)})

    def base(self):
        return "%s://%s" % (self.server.scheme, self.headers.get("Host"))

    # --- errors in each service's shape ---------------------------------
    def arm_error(self, status, code, msg, headers=None):
        self.send(status, {"error": {"code": code, "message": msg}}, headers)

    def graph_error(self, status, code, msg, headers=None):
        self.send(status, {"error": {
            "code": code, "message": msg,
            "innerError": {"date": time.strftime("%Y-%m-%dT%H:%M:%S"),
                           "request-id": str(uuid.uuid4()),
                           "client-request-id": str(uuid.uuid4())}}}, headers)

    def do_GET(self):
        self.route("GET")

    def do_POST(self):
        self.route("POST")

    def route(self, method):
        fake = self.server.fake
        u = urllib.parse.urlsplit(self.path)
        q = urllib.parse.parse_qs(u.query, keep_blank_values=True)
        n = int(self.headers.get("Content-Length", "0") or 0)
        body = self.rfile.read(n) if n else b""
        # a getByIds body, for the log (never a token request's secret)
        self.body_text = body.decode(errors="replace") if (
            body and u.path.endswith("/getByIds")) else None
        if u.path == "/_fake/fault":
            fake.set_fault(q)
            return self.send(200, b"ok\n")
        if u.path == "/_fake/log":
            with fake.lock:
                out = "".join(json.dumps(e) + "\n" for e in fake.log)
            return self.send(200, out.encode())
        if u.path == "/_fake/token":
            aud = q.get("scope", [""])[0]
            return self.send(200, fake.new_token(aud).encode())
        if method == "POST" and u.path.endswith("/oauth2/v2.0/token"):
            return self.token(u.path, body)
        graph = u.path.startswith("/v1.0/")
        try:
            page = int(q.get("$skiptoken", ["1"])[0])
        except ValueError:
            page = 1
        if fake.args.delay:
            time.sleep(fake.args.delay)
        aud = self.check_token(graph, page)
        if aud is False:
            return
        f = fake.take_fault(u.path, page)
        err = self.graph_error if graph else self.arm_error
        if f == "throttle":
            self.record(429, page, aud)
            return err(429, "TooManyRequests" if graph else "TooManyRequests",
                       "Too many requests, retry after some time",
                       {"Retry-After": "1"})
        if f == "unavailable":
            self.record(503, page, aud)
            return err(503, "ServiceUnavailable" if not graph else "serviceNotAvailable",
                       "The service is temporarily unavailable",
                       {"Retry-After": "1"})
        if f == "deny":
            self.record(403, page, aud)
            if graph:
                return err(403, "Authorization_RequestDenied",
                           "Insufficient privileges to complete the operation.")
            return err(403, "AuthorizationFailed",
                       "The client '%s' with object id '%s' does not have "
                       "authorization to perform action "
                       "'Microsoft.Authorization/roleAssignments/read' over "
                       "scope '/subscriptions' or the scope is invalid."
                       % (fake.client_id, fake.client_id))
        if f == "unauthorized":
            self.record(401, page, aud)
            return err(401, "InvalidAuthenticationToken",
                       "Access token validation failure. Invalid audience.")
        if f == "hang":
            self.record(0, page, aud)
            time.sleep(60)
            return
        if method == "POST" and u.path == "/v1.0/directoryObjects/getByIds":
            return self.get_by_ids(body, page, aud)
        items, ctx = self.lookup(u.path, q, graph, err)
        if items is None:
            return
        self.page(items, ctx, q, u, graph, page, aud, f)

    # --- tokens ---------------------------------------------------------
    def token(self, path, body):
        fake = self.server.fake
        form = urllib.parse.parse_qs(body.decode(errors="replace"))
        get = lambda k: form.get(k, [""])[0]
        tenant = path.split("/")[1]
        f = fake.take_fault(path, 1, token_call=True)
        trace = {"trace_id": str(uuid.uuid4()),
                 "correlation_id": str(uuid.uuid4()),
                 "timestamp": time.strftime("%Y-%m-%d %H:%M:%SZ", time.gmtime())}
        if tenant != fake.tenant.tenant_id:
            self.record(400)
            return self.send(400, dict(trace, error="invalid_request",
                                       error_description="AADSTS90002: Tenant '%s' not found." % tenant,
                                       error_codes=[90002]))
        if get("grant_type") != "client_credentials" or not get("scope").endswith("/.default"):
            self.record(400)
            return self.send(400, dict(trace, error="invalid_request",
                                       error_description="AADSTS900144: The request body must contain the following parameter: 'grant_type' or 'scope'.",
                                       error_codes=[900144]))
        if get("client_id") != fake.client_id:
            self.record(400)
            return self.send(400, dict(trace, error="unauthorized_client",
                                       error_description="AADSTS700016: Application with identifier '%s' was not found in the directory." % get("client_id")[:60],
                                       error_codes=[700016]))
        if get("client_assertion_type") == "urn:ietf:params:oauth:client-assertion-type:jwt-bearer":
            why = self.check_assertion(get("client_assertion"), tenant)
            if why is not None:
                self.record(401)
                return self.send(401, dict(trace, error="invalid_client",
                                           error_description=why,
                                           error_codes=[int(why[6:12])]))
        elif f == "token-deny" or not secrets.compare_digest(get("client_secret"), fake.secret):
            self.record(401)
            return self.send(401, dict(trace, error="invalid_client",
                                       error_description="AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '%s'." % fake.client_id,
                                       error_codes=[7000215]))
        if f == "token-deny":
            self.record(401)
            return self.send(401, dict(trace, error="invalid_client",
                                       error_description="AADSTS7000215: Invalid client secret provided.",
                                       error_codes=[7000215]))
        scope = get("scope")
        aud = scope[:-len("/.default")]
        tok = fake.new_token(aud)
        self.record(200, None, "token:" + aud)
        self.send(200, {"token_type": "Bearer",
                        "expires_in": fake.args.token_life,
                        "ext_expires_in": fake.args.token_life,
                        "access_token": tok})

    def check_assertion(self, jwt, tenant):
        """None when the client assertion is good, else AADSTS text."""
        from cryptography import x509
        from cryptography.exceptions import InvalidSignature
        from cryptography.hazmat.primitives import hashes, serialization
        from cryptography.hazmat.primitives.asymmetric import padding
        fake = self.server.fake

        def unb64(x):
            return base64.urlsafe_b64decode(x + "=" * (-len(x) % 4))
        try:
            h64, p64, s64 = jwt.split(".")
            head, claims = json.loads(unb64(h64)), json.loads(unb64(p64))
            sig = unb64(s64)
        except (ValueError, TypeError):
            return "AADSTS50027: JWT token is invalid or malformed."
        if not fake.args.client_cert:
            return "AADSTS700027: Client assertion failed signature validation. No certificate is registered."
        with open(fake.args.client_cert, "rb") as f:
            cert = x509.load_pem_x509_certificate(f.read())
        der = cert.public_bytes(serialization.Encoding.DER)
        thumb = base64.urlsafe_b64encode(
            hashlib.sha1(der).digest()).rstrip(b"=").decode()
        if head.get("alg") != "RS256" or head.get("x5t") != thumb:
            return "AADSTS700027: Client assertion failed signature validation. (Reason: The key was not found.)"
        try:
            cert.public_key().verify(sig, (h64 + "." + p64).encode(),
                                     padding.PKCS1v15(), hashes.SHA256())
        except InvalidSignature:
            return "AADSTS700027: Client assertion failed signature validation."
        now = time.time()
        if claims.get("iss") != fake.client_id or claims.get("sub") != fake.client_id:
            return "AADSTS700021: Client assertion application identifier doesn't match 'client_id' parameter."
        if claims.get("aud") != "%s/%s/oauth2/v2.0/token" % (self.base(), tenant):
            return "AADSTS700016: The audience of the client assertion is not this token endpoint."
        if not claims.get("nbf", now + 999) <= now + 300 or not claims.get("exp", 0) > now:
            return "AADSTS700024: Client assertion is not within its valid time range."
        return None

    def check_token(self, graph, page):
        """The token's audience, or False after answering 401."""
        fake = self.server.fake
        auth = self.headers.get("Authorization", "")
        tok = auth[len("Bearer "):] if auth.startswith("Bearer ") else None
        with fake.lock:
            t = fake.tokens.get(tok)
        err = self.graph_error if graph else self.arm_error
        if t is None:
            self.record(401, page)
            if graph:
                err(401, "InvalidAuthenticationToken",
                    "Access token is empty." if tok is None else "Invalid JWT token.")
            else:
                err(401, "AuthenticationFailed" if tok is None else "InvalidAuthenticationToken",
                    "Authentication failed. The 'Authorization' header is missing."
                    if tok is None else "The access token is invalid.")
            return False
        aud, expiry = t
        if time.time() >= expiry + fake.args.token_skew:
            self.record(401, page, aud)
            if graph:
                err(401, "InvalidAuthenticationToken",
                    "Lifetime validation failed, the token is expired.")
            else:
                err(401, "ExpiredAuthenticationToken",
                    "The access token expiry UTC time '%s' is earlier than "
                    "current UTC time '%s'." % (
                        time.strftime("%m/%d/%Y %H:%M:%S", time.gmtime(expiry)),
                        time.strftime("%m/%d/%Y %H:%M:%S", time.gmtime())))
            return False
        if aud != self.base():
            self.record(401, page, aud)
            err(401, "InvalidAuthenticationTokenAudience",
                "The access token has been obtained for wrong audience or resource '%s'." % aud)
            return False
        return aud

    # --- listings -------------------------------------------------------
    def lookup(self, path, q, graph, err):
        fake = self.server.fake
        t = fake.tenant
        parts = path.strip("/").split("/")
        if not graph:
            if "api-version" not in q:
                self.record(400)
                err(400, "MissingApiVersionParameter",
                    "The api-version query parameter (?api-version=) is required for all requests.")
                return None, None
            if parts == ["subscriptions"]:
                return t.subs, None
            if (len(parts) == 5 and parts[0] == "subscriptions"
                    and parts[2] == "providers"
                    and parts[3] == "Microsoft.Authorization"
                    and parts[4] in ARM_LISTS):
                sid = parts[1].lower()
                if not any(s["subscriptionId"] == sid for s in t.subs):
                    self.record(404)
                    err(404, "SubscriptionNotFound",
                        "The subscription '%s' could not be found." % parts[1])
                    return None, None
                return t.arm.get((sid, parts[4]), []), None
        else:
            ctx = "https://graph.microsoft.com/v1.0/$metadata#"
            expand = q.get("$expand", [""])[0] == "principal"
            if len(parts) == 4 and parts[1] == "roleManagement" and parts[2] == "directory" \
                    and parts[3] in GRAPH_DIR:
                items = t.graph[parts[3]]
                if not expand:
                    items = [{k: v for k, v in i.items() if k != "principal"} for i in items]
                return items, ctx + "roleManagement/directory/%s%s" % (
                    parts[3], "(principal())" if expand else "")
            if parts == ["v1.0", "users"]:
                sel = q.get("$select", [""])[0]
                fields = [s for s in sel.split(",") if s]
                if "signInActivity" in fields and fake.args.no_premium:
                    self.record(403)
                    err(403, "Authentication_RequestFromNonPremiumTenantOrB2CTenant",
                        "Neither tenant is B2C or tenant doesn't have premium license")
                    return None, None
                items = t.users
                if fields:
                    items = [{k: u.get(k) for k in fields if k in u or k != "signInActivity"}
                             for u in items]
                return items, ctx + "users(%s)" % ",".join(fields) if fields else ctx + "users"
            if len(parts) == 4 and parts[1] == "groups" and parts[3] == "transitiveMembers":
                if parts[2] not in t.members:
                    self.record(404)
                    err(404, "Request_ResourceNotFound",
                        "Resource '%s' does not exist or one of its queried reference-property objects are not present." % parts[2])
                    return None, None
                return t.members[parts[2]], ctx + "directoryObjects"
        self.record(404)
        err(404, "InvalidResourceType" if not graph else "Request_BadRequest",
            "No route for %s" % path)
        return None, None

    def page(self, items, ctx, q, u, graph, page, aud, fault):
        fake = self.server.fake
        size = fake.args.page_size
        if graph and "$top" in q:
            try:
                size = max(1, min(size, int(q["$top"][0])))
            except ValueError:
                pass
        start = (page - 1) * size
        chunk = items[start:start + size]
        body = {}
        if ctx:
            body["@odata.context"] = ctx
        body["value"] = chunk
        if start + size < len(items):
            qs = {k: v[0] for k, v in q.items()}
            qs["$skiptoken"] = str(page + 1)
            base = self.base()
            if fault == "foreign-link":
                base = "http://elsewhere.example"
            link = base + u.path + "?" + urllib.parse.urlencode(qs, safe="$,()")
            if graph:
                body["@odata.nextLink"] = link
            else:
                body["nextLink"] = link
        data = json.dumps(body).encode()
        self.record(200, page, aud)
        if fault == "cut":
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data[:len(data) // 2])
            self.wfile.flush()
            self.close_connection = True
            return
        if fault == "malformed":
            data = data[:len(data) // 2]
        self.send(200, data)

    def get_by_ids(self, body, page, aud):
        t = self.server.fake.tenant
        try:
            req = json.loads(body)
            ids = req["ids"]
        except (ValueError, KeyError, TypeError):
            self.record(400, page, aud)
            return self.graph_error(400, "Request_BadRequest",
                                    "Invalid request body.")
        types = [x.lower() for x in req.get("types", [])]
        out = []
        for i in ids:
            o = t.objects.get(i)
            if o is None:
                continue
            kind = o.get("@odata.type", "").split(".")[-1].lower()
            if types and kind not in types:
                continue
            out.append(o)
        self.record(200, page, aud)
        self.send(200, {"@odata.context":
                        "https://graph.microsoft.com/v1.0/$metadata#directoryObjects",
                        "value": out})


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--tenant-dir")
    ap.add_argument("--tenant", required=True)
    ap.add_argument("--client", required=True, help="CLIENT-ID:SECRET")
    ap.add_argument("--client-cert",
                    help="the application's certificate (PEM): client "
                    "assertions signed with its key are taken")
    ap.add_argument("--page-size", type=int, default=2)
    ap.add_argument("--token-life", type=int, default=3600)
    ap.add_argument("--token-skew", type=float, default=0,
                    help="seconds a token is still taken past its expiry")
    ap.add_argument("--no-premium", action="store_true")
    ap.add_argument("--delay", type=float, default=0,
                    help="seconds before answering each ARM or Graph call")
    ap.add_argument("--generate")
    ap.add_argument("--tls-cert", help="serve HTTPS with this PEM certificate")
    ap.add_argument("--tls-key", help="and this PEM key")
    args = ap.parse_args()
    if not args.generate and not args.tenant_dir:
        ap.error("--tenant-dir or --generate")
    fake = Fake(args)
    srv = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    srv.daemon_threads = True
    srv.fake = fake
    srv.scheme = "http"
    if args.tls_cert:
        import ssl
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(args.tls_cert, args.tls_key)
        srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
        srv.scheme = "https"
    tmp = args.port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d\n" % srv.server_address[1])
    os.rename(tmp, args.port_file)
    srv.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
