#!/usr/bin/python3
"""gcp_fake.py - a local Google OAuth token endpoint, Cloud Asset, Cloud
Identity, IAM and Policy Analyzer, answering as Google's v1 REST APIs do.

    /usr/bin/python3 gcp_fake.py --port-file PORT --public-key PUB.pem \
        --client-email SA_EMAIL --policies search-all-iam-policies.json \
        [--groups G.json] [--keys K.json] [--activities A.json]
        [--roles R.json] [options]

POST /token takes the JWT bearer grant (RFC 7523) a service-account key
makes: the fake checks the JWT's RS256 signature with the key's public
half (--public-key), its iss (--client-email), aud (this URL), iat/exp and
scope, and answers an access token that lives --token-life seconds. Every
API call must carry a live token (Authorization: Bearer): an unknown or
expired one is 401 UNAUTHENTICATED, as Google answers it. --static-token T
is a token that is always good (token_command tests).

APIs (shapes of Google's discovery documents):
  GET /v1/{scope}:searchAllIamPolicies   results, nextPageToken
  GET /v1/groups:lookup?groupKey.id=E    name (groups/ID), 404 unknown
  GET /v1/groups/ID/memberships:searchTransitiveMemberships
      memberships (preferredMemberKey [{id}], relationType DIRECT or
      INDIRECT, member); 403 with --no-transitive (no Premium licence)
  GET /v1/groups/ID/memberships?view=FULL  memberships (direct)
  GET /v1/projects/-/serviceAccounts/EMAIL/keys  keys
  GET /v1/{projects/P,organizations/N}/roles/R   a custom role (--roles)
  GET /v1/projects/P/locations/global/activityTypes/T/activities:query
      activities of type T whose project (number) is P, paged
  GET /$discovery/rest?version=v1[&api=API]  a discovery document of the
      methods parc calls (cloudasset, cloudidentity, iam, policyanalyzer),
      for googleapiclient
Lists give at most --page-size items a page (and no more than the
client's pageSize), so clients must follow nextPageToken.

Faults are set on a running fake by the test (no token needed):

    GET /_fake/fault?mode=MODE[&n=N][&call=CALL][&page=P]

MODE: exhausted (429 RESOURCE_EXHAUSTED), unavailable (503 UNAVAILABLE),
deny (403 PERMISSION_DENIED), unauth (401 UNAUTHENTICATED), badgrant (the
token endpoint answers 400 invalid_grant), cut (the body stops halfway,
the connection closes), malformed (200 with JSON that breaks off), hang
(no answer), slow (answers after 1.5 s), expire (every token issued so far expires now), none. A
fault hits the next N matching requests (all when N is not given); call
limits it to one call (token, searchAllIamPolicies, lookup, transitive,
memberships, keys, roles, activities), page to that page (1 = no pageToken).
GET /_fake/log answers the requests seen as JSON lines (never a token),
each with its arrival time t; GET /_fake/clear forgets them.

--generate PROJECTS,BINDINGS replaces --policies with an organization of
PROJECTS projects and BINDINGS bindings (benchmarks); pages are rendered
once, before the first request.
"""

import argparse
import base64
import json
import os
import secrets
import socket
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding

CLOUD_SCOPE = "https://www.googleapis.com/auth/cloud-platform"


def b64url_decode(s):
    return base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))


def generate(projects, bindings):
    """An organization of projects under 10 folders, bindings spread."""
    org = "organizations/900000000001"
    results = [{
        "assetType": "cloudresourcemanager.googleapis.com/Organization",
        "organization": org,
        "policy": {"bindings": [
            {"role": "roles/resourcemanager.organizationAdmin",
             "members": ["group:org-admins@example.com",
                         "user:root-admin@example.com"]}]},
        "resource": "//cloudresourcemanager.googleapis.com/" + org,
    }]
    roles = ["roles/owner", "roles/editor", "roles/viewer",
             "roles/iam.securityAdmin", "roles/storage.admin",
             "roles/compute.instanceAdmin.v1", "roles/logging.viewer",
             "roles/iam.serviceAccountUser", "roles/bigquery.dataViewer",
             "roles/cloudsql.client"]
    per = max(1, bindings // projects)
    left = bindings - 1
    for i in range(projects):
        pid = "proj-%05d" % i
        folder = "folders/%012d" % (100 + i % 10)
        bs = []
        n = per if i < projects - 1 else max(per, left)
        for k in range(n):
            role = roles[k % len(roles)]
            member = ("serviceAccount:sa-%d@%s.iam.gserviceaccount.com"
                      % (k % 3, pid) if k % 4 == 0 else
                      "user:u%05d@example.com" % ((i * 7 + k) % 50000))
            b = {"role": role + ("" if k < len(roles) else
                                 "_%d" % (k // len(roles))),
                 "members": [member]}
            if k % 9 == 5:
                b["condition"] = {
                    "title": "temporary",
                    "expression": "request.time < timestamp(\"2099-01-01T00:00:00Z\")"}
            bs.append(b)
        left -= n
        results.append({
            "assetType": "cloudresourcemanager.googleapis.com/Project",
            "folders": [folder], "organization": org,
            "policy": {"bindings": bs},
            "project": "projects/%012d" % (500000 + i),
            "resource": "//cloudresourcemanager.googleapis.com/projects/" + pid,
        })
    return results


class Fake:
    def __init__(self, args):
        self.lock = threading.Lock()
        self.args = args
        self.page_size = args.page_size
        self.token_life = args.token_life
        self.tokens = {}
        if args.static_token:
            self.tokens[args.static_token] = float("inf")
        self.pub = None
        if args.public_key:
            with open(args.public_key, "rb") as f:
                self.pub = serialization.load_pem_public_key(f.read())
        if args.generate:
            p, b = (int(x) for x in args.generate.split(","))
            self.results = generate(p, b)
        else:
            with open(args.policies) as f:
                self.results = json.load(f)
        self.groups = {}
        if args.groups:
            with open(args.groups) as f:
                self.groups = {k.lower(): v for k, v in json.load(f).items()}
        self.gid = {g: "0%dgid" % (i + 1) for i, g in
                    enumerate(sorted(self.groups))}
        self.keys = []
        if args.keys:
            with open(args.keys) as f:
                self.keys = json.load(f)
        self.roles = {}
        if args.roles:
            with open(args.roles) as f:
                self.roles = {r["name"]: r for r in json.load(f)}
        self.activities = []
        if args.activities:
            with open(args.activities) as f:
                self.activities = json.load(f)
        self.fault = None
        self.log = []
        self.cache = {}

    # faults ---------------------------------------------------------------
    def set_fault(self, q):
        with self.lock:
            mode = q.get("mode", ["none"])[0]
            if mode == "none":
                self.fault = None
            elif mode == "expire":
                now = time.time()
                for t in self.tokens:
                    if self.tokens[t] != float("inf"):
                        self.tokens[t] = now - 1
                self.fault = None
            else:
                self.fault = {
                    "mode": mode,
                    "n": int(q["n"][0]) if "n" in q else None,
                    "call": q.get("call", [None])[0],
                    "page": int(q["page"][0]) if "page" in q else None,
                }

    def take_fault(self, call, page):
        with self.lock:
            f = self.fault
            if f is None or (f["call"] and f["call"] != call) or \
                    (f["page"] and f["page"] != page):
                return None
            if f["n"] is not None:
                f["n"] -= 1
                if f["n"] <= 0:
                    self.fault = None
            return f["mode"]

    def token_ok(self, tok):
        with self.lock:
            exp = self.tokens.get(tok)
            return exp is not None and exp > time.time()

    def new_token(self):
        tok = "ya29.fake-" + secrets.token_urlsafe(24)
        with self.lock:
            self.tokens[tok] = time.time() + self.token_life
        return tok


def error_body(code, status, message):
    return json.dumps({"error": {"code": code, "message": message,
                                 "status": status}}).encode()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def setup(self):
        super().setup()
        # headers and body go out in two writes: without this, Nagle's
        # algorithm and the client's delayed ACK add 40 ms to every answer
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, fmt, *a):
        pass

    def send(self, status, body, ctype="application/json; charset=UTF-8",
             fault=None):
        if fault == "malformed":
            status, body = 200, body[: max(1, len(body) // 2)]
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if fault == "cut":
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
            return
        self.wfile.write(body)

    def fail(self, code, status, message):
        self.send(code, error_body(code, status, message))

    def page(self, items, key, q, call, extra=None):
        """One page of items (a list) by pageToken/pageSize."""
        size = self.fake.page_size
        if "pageSize" in q:
            size = min(size, max(1, int(q["pageSize"][0])))
        off = 0
        if "pageToken" in q:
            try:
                off = int(b64url_decode(q["pageToken"][0]).decode()
                          .split(":")[1])
            except Exception:
                return self.fail(400, "INVALID_ARGUMENT",
                                 "Request contains an invalid argument.")
        pageno = off // size + 1 if size else 1
        fault = self.fake.take_fault(call, pageno)
        self.entry["fault"] = fault
        if self.answer_fault(fault):
            return
        ck = (call, key, id(items), off, size)
        body = self.fake.cache.get(ck) if self.fake.args.generate else None
        if body is None:
            out = dict(extra or {})
            out[key] = items[off: off + size]
            if off + size < len(items):
                out["nextPageToken"] = base64.urlsafe_b64encode(
                    ("%s:%d" % (call, off + size)).encode()).decode().rstrip("=")
            body = json.dumps(out, indent=1).encode()
            if self.fake.args.generate:
                self.fake.cache[ck] = body
        self.send(200, body, fault=fault)

    def answer_fault(self, fault):
        if fault == "exhausted":
            self.fail(429, "RESOURCE_EXHAUSTED",
                      "Quota exceeded for quota metric 'Read requests' and "
                      "limit 'Read requests per minute'.")
        elif fault == "unavailable":
            self.fail(503, "UNAVAILABLE", "The service is currently "
                      "unavailable.")
        elif fault == "deny":
            self.fail(403, "PERMISSION_DENIED", "The caller does not have "
                      "permission")
        elif fault == "unauth":
            self.fail(401, "UNAUTHENTICATED", "Request had invalid "
                      "authentication credentials.")
        elif fault == "hang":
            time.sleep(3600)
        elif fault == "slow":
            time.sleep(1.5)
            return False
        else:
            return False
        return True

    # the fake's control -----------------------------------------------------
    def do_GET(self):
        u = urllib.parse.urlsplit(self.path)
        q = urllib.parse.parse_qs(u.query)
        path = urllib.parse.unquote(u.path)
        if path == "/_fake/fault":
            self.fake.set_fault(q)
            return self.send(200, b"ok\n", "text/plain")
        if path == "/_fake/log":
            with self.fake.lock:
                body = "".join(json.dumps(e) + "\n" for e in self.fake.log)
            return self.send(200, body.encode(), "text/plain")
        if path == "/_fake/clear":
            with self.fake.lock:
                self.fake.log = []
            return self.send(200, b"ok\n", "text/plain")
        if path == "/$discovery/rest":
            api = q.get("api", ["cloudasset"])[0]
            doc = self.discovery() if api == "cloudasset" else \
                self.discovery_other(api)
            if doc is None:
                return self.fail(404, "NOT_FOUND", "no discovery for " + api)
            return self.send(200, json.dumps(doc).encode())
        self.entry = {"method": "GET", "path": path, "t": time.time(),
                      "query": {k: v for k, v in q.items()
                                if k != "access_token"}}
        with self.fake.lock:
            self.fake.log.append(self.entry)
        auth = self.headers.get("Authorization", "")
        if not auth.startswith("Bearer ") or \
                not self.fake.token_ok(auth[7:]):
            self.entry["status"] = 401
            return self.fail(401, "UNAUTHENTICATED",
                             "Request had invalid authentication "
                             "credentials. Expected OAuth 2 access token, "
                             "login cookie or other valid authentication "
                             "credential.")
        f = self.fake
        if path.startswith("/v1/") and path.endswith(":searchAllIamPolicies"):
            self.entry["call"] = "searchAllIamPolicies"
            return self.page(f.results, "results", q, "searchAllIamPolicies")
        if path == "/v1/groups:lookup":
            self.entry["call"] = "lookup"
            if self.answer_fault(f.take_fault("lookup", 1)):
                return
            email = q.get("groupKey.id", [""])[0].lower()
            if email not in f.gid:
                return self.fail(404, "NOT_FOUND", "Not found")
            return self.send(200, json.dumps(
                {"name": "groups/" + f.gid[email]}).encode())
        parts = path.split("/")
        if len(parts) == 5 and parts[2] == "groups" and \
                parts[4].startswith("memberships"):
            ids = {v: k for k, v in f.gid.items()}
            email = ids.get(parts[3])
            if email is None:
                return self.fail(404, "NOT_FOUND", "Not found")
            if parts[4] == "memberships:searchTransitiveMemberships":
                self.entry["call"] = "transitive"
                if f.args.no_transitive:
                    return self.fail(403, "PERMISSION_DENIED",
                                     "Error(2015): Permission denied for "
                                     "the requested resource (Cloud "
                                     "Identity Premium is required).")
                return self.page(self.transitive(email), "memberships", q,
                                 "transitive")
            if parts[4] == "memberships":
                self.entry["call"] = "memberships"
                ms = []
                for i, m in enumerate(f.groups[email]):
                    ms.append({
                        "name": "groups/%s/memberships/%d" % (parts[3], i),
                        "preferredMemberKey": m["preferredMemberKey"],
                        "roles": m.get("roles", [{"name": "MEMBER"}]),
                        "type": m.get("type", "USER")})
                return self.page(ms, "memberships", q, "memberships")
        if path.startswith("/v1/projects/-/serviceAccounts/") and \
                path.endswith("/keys"):
            self.entry["call"] = "keys"
            fault = f.take_fault("keys", 1)
            if self.answer_fault(fault):
                return
            sa = path.split("/")[5].lower()
            keys = [k for k in f.keys
                    if "/serviceaccounts/%s/" % sa in k["name"].lower()]
            return self.send(200, json.dumps({"keys": keys}).encode(),
                             fault=fault)
        if (path.startswith("/v1/projects/") or
                path.startswith("/v1/organizations/")) and \
                len(parts) == 6 and parts[4] == "roles":
            self.entry["call"] = "roles"
            fault = f.take_fault("roles", 1)
            if self.answer_fault(fault):
                return
            role = f.roles.get(path[4:])
            if role is None:
                return self.fail(404, "NOT_FOUND",
                                 "The role named %s was not found." % path[4:])
            return self.send(200, json.dumps(role).encode(), fault=fault)
        if path.startswith("/v1/projects/") and \
                path.endswith("/activities:query"):
            self.entry["call"] = "activities"
            proj, atype = parts[3], parts[7]
            acts = []
            for a in f.activities:
                sub = a["activity"].get("serviceAccount") or \
                    a["activity"].get("serviceAccountKey") or {}
                if a["activityType"] == atype and \
                        proj in (sub.get("projectNumber"),):
                    acts.append(a)
            return self.page(acts, "activities", q, "activities")
        return self.fail(404, "NOT_FOUND", "Unknown path " + path)

    def transitive(self, email):
        """Every member of email, DIRECT or INDIRECT, as the API lists."""
        f = self.fake
        out, seen = [], set()
        todo = [(email, "DIRECT")]
        visited = set()
        while todo:
            g, rel = todo.pop(0)
            if g in visited:
                continue
            visited.add(g)
            for m in f.groups.get(g, []):
                mid = m["preferredMemberKey"]["id"].lower()
                if mid in seen or mid == email:
                    continue
                seen.add(mid)
                isg = m.get("type") == "GROUP"
                out.append({
                    "member": ("groups/" + f.gid[mid]) if isg and mid in f.gid
                    else "users/" + str(abs(hash(mid)) % 10 ** 12),
                    "preferredMemberKey": [{"id": mid}],
                    "relationType": rel,
                    "roles": [{"role": "MEMBER"}],
                })
                if isg:
                    todo.append((mid, "INDIRECT"))
        return out

    def do_POST(self):
        u = urllib.parse.urlsplit(self.path)
        n = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(n).decode()
        self.entry = {"method": "POST", "path": u.path, "call": "token",
                      "t": time.time()}
        with self.fake.lock:
            self.fake.log.append(self.entry)
        if u.path != "/token":
            return self.fail(404, "NOT_FOUND", "Unknown path")
        fault = self.fake.take_fault("token", 1)
        self.entry["fault"] = fault
        if fault == "badgrant":
            return self.oauth_error("invalid_grant", "Invalid grant: "
                                    "account not found")
        if self.answer_fault(fault):
            return
        form = urllib.parse.parse_qs(body)
        if form.get("grant_type") != \
                ["urn:ietf:params:oauth:grant-type:jwt-bearer"]:
            return self.oauth_error("unsupported_grant_type",
                                    "Invalid grant_type")
        why = self.check_jwt(form.get("assertion", [""])[0])
        self.entry["jwt"] = why or "ok"
        if why:
            return self.oauth_error("invalid_grant", why)
        tok = self.fake.new_token()
        self.send(200, json.dumps({"access_token": tok,
                                   "expires_in": self.fake.token_life,
                                   "token_type": "Bearer"}).encode(),
                  fault=fault)

    def oauth_error(self, err, desc):
        self.send(400, json.dumps({"error": err,
                                   "error_description": desc}).encode())

    def check_jwt(self, jwt):
        try:
            h64, c64, s64 = jwt.split(".")
            hdr = json.loads(b64url_decode(h64))
            claims = json.loads(b64url_decode(c64))
            sig = b64url_decode(s64)
        except Exception:
            return "Invalid JWT: not a JWT"
        if hdr.get("alg") != "RS256":
            return "Invalid JWT: alg must be RS256"
        try:
            self.fake.pub.verify(sig, (h64 + "." + c64).encode(),
                                 padding.PKCS1v15(), hashes.SHA256())
        except Exception:
            return "Invalid JWT Signature."
        now = time.time()
        host = self.headers.get("Host", "")
        if claims.get("iss") != self.fake.args.client_email:
            return "Invalid JWT: iss is not the service account"
        if claims.get("aud") not in ("http://%s/token" % host,
                                     "https://%s/token" % host):
            return "Invalid JWT: aud is not this token endpoint"
        if not (claims.get("iat", 0) <= now + 60 and
                claims.get("exp", 0) > now and
                claims.get("exp", 0) - claims.get("iat", 0) <= 3600):
            return "Invalid JWT: Token must be a short-lived token (60 " \
                "minutes) and in a reasonable timeframe."
        if CLOUD_SCOPE not in claims.get("scope", "").split():
            return "Invalid JWT: no scope"
        return None

    def discovery_other(self, api):
        """Discovery documents of the other three APIs, the methods parc
        calls, with paths and parameters as Google's documents give them."""
        host = self.headers.get("Host", "")
        paging = {"pageSize": {"type": "integer", "format": "int32",
                               "location": "query"},
                  "pageToken": {"type": "string", "location": "query"}}

        def method(mid, path, pname, pattern, extra=None, paged=False):
            params = {pname: {"type": "string", "required": True,
                              "location": "path", "pattern": pattern}}
            if paged:
                params.update(paging)
            params.update(extra or {})
            return {"id": mid, "path": path, "httpMethod": "GET",
                    "parameters": params, "parameterOrder": [pname],
                    "response": {"$ref": "Page" if paged else "Any"},
                    "scopes": [CLOUD_SCOPE]}

        if api == "cloudidentity":
            resources = {"groups": {
                "methods": {"lookup": {
                    "id": "cloudidentity.groups.lookup",
                    "path": "v1/groups:lookup", "httpMethod": "GET",
                    "parameters": {"groupKey.id": {"type": "string",
                                                   "location": "query"}},
                    "response": {"$ref": "Any"}, "scopes": [CLOUD_SCOPE]}},
                "resources": {"memberships": {"methods": {
                    "searchTransitiveMemberships": method(
                        "cloudidentity.groups.memberships."
                        "searchTransitiveMemberships",
                        "v1/{+parent}/memberships:"
                        "searchTransitiveMemberships",
                        "parent", "^groups/[^/]+$", paged=True),
                    "list": method(
                        "cloudidentity.groups.memberships.list",
                        "v1/{+parent}/memberships", "parent",
                        "^groups/[^/]+$",
                        {"view": {"type": "string", "location": "query"}},
                        paged=True)}}}}}
        elif api == "iam":
            resources = {"projects": {"resources": {
                "serviceAccounts": {"resources": {"keys": {"methods": {
                    "list": method(
                        "iam.projects.serviceAccounts.keys.list",
                        "v1/{+name}/keys", "name",
                        "^projects/[^/]+/serviceAccounts/[^/]+$")}}}},
                "roles": {"methods": {"get": method(
                    "iam.projects.roles.get", "v1/{+name}", "name",
                    "^projects/[^/]+/roles/[^/]+$")}}}}}
        elif api == "policyanalyzer":
            resources = {"projects": {"resources": {"locations": {
                "resources": {"activityTypes": {"resources": {
                    "activities": {"methods": {"query": method(
                        "policyanalyzer.projects.locations.activityTypes."
                        "activities.query",
                        "v1/{+parent}/activities:query", "parent",
                        "^projects/[^/]+/locations/[^/]+/activityTypes/"
                        "[^/]+$", {"filter": {"type": "string",
                                              "location": "query"}},
                        paged=True)}}}}}}}}}
        else:
            return None
        return {
            "kind": "discovery#restDescription", "discoveryVersion": "v1",
            "id": api + ":v1", "name": api, "version": "v1",
            "rootUrl": "http://%s/" % host, "servicePath": "",
            "baseUrl": "http://%s/" % host, "batchPath": "batch",
            "protocol": "rest",
            "parameters": {"alt": {"type": "string", "default": "json",
                                   "location": "query", "enum": ["json"]}},
            "schemas": {"Any": {"id": "Any", "type": "object"},
                        "Page": {"id": "Page", "type": "object",
                                 "properties": {"nextPageToken": {
                                     "type": "string"}}}},
            "resources": resources,
        }

    def discovery(self):
        host = self.headers.get("Host", "")
        return {
            "kind": "discovery#restDescription",
            "discoveryVersion": "v1",
            "id": "cloudasset:v1", "name": "cloudasset", "version": "v1",
            "rootUrl": "http://%s/" % host, "servicePath": "",
            "baseUrl": "http://%s/" % host, "batchPath": "batch",
            "protocol": "rest",
            "parameters": {
                "alt": {"type": "string", "default": "json",
                        "location": "query", "enum": ["json"]},
                "access_token": {"type": "string", "location": "query"},
            },
            "schemas": {
                "SearchAllIamPoliciesResponse": {
                    "id": "SearchAllIamPoliciesResponse", "type": "object",
                    "properties": {
                        "results": {"type": "array", "items": {
                            "$ref": "IamPolicySearchResult"}},
                        "nextPageToken": {"type": "string"}}},
                "IamPolicySearchResult": {
                    "id": "IamPolicySearchResult", "type": "object",
                    "properties": {
                        "resource": {"type": "string"},
                        "assetType": {"type": "string"},
                        "project": {"type": "string"},
                        "folders": {"type": "array",
                                    "items": {"type": "string"}},
                        "organization": {"type": "string"},
                        "policy": {"type": "object"}}},
            },
            "resources": {"v1": {"methods": {"searchAllIamPolicies": {
                "id": "cloudasset.searchAllIamPolicies",
                "path": "v1/{+scope}:searchAllIamPolicies",
                "flatPath": "v1/{v1Id}/{v1Id1}:searchAllIamPolicies",
                "httpMethod": "GET",
                "parameters": {
                    "scope": {"type": "string", "required": True,
                              "location": "path",
                              "pattern": "^[^/]+/[^/]+$"},
                    "pageSize": {"type": "integer", "format": "int32",
                                 "location": "query"},
                    "pageToken": {"type": "string", "location": "query"},
                    "query": {"type": "string", "location": "query"},
                },
                "parameterOrder": ["scope"],
                "response": {"$ref": "SearchAllIamPoliciesResponse"},
                "scopes": [CLOUD_SCOPE],
            }}}},
        }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--public-key")
    ap.add_argument("--client-email", default="parc-reader@example.iam.gserviceaccount.com")
    ap.add_argument("--static-token")
    ap.add_argument("--policies")
    ap.add_argument("--groups")
    ap.add_argument("--keys")
    ap.add_argument("--activities")
    ap.add_argument("--roles")
    ap.add_argument("--generate")
    ap.add_argument("--page-size", type=int, default=2)
    ap.add_argument("--token-life", type=int, default=3600)
    ap.add_argument("--no-transitive", action="store_true")
    args = ap.parse_args()
    if not args.policies and not args.generate:
        ap.error("--policies or --generate")
    Handler.fake = Fake(args)
    srv = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    srv.daemon_threads = True
    tmp = args.port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d\n" % srv.server_address[1])
    os.rename(tmp, args.port_file)
    srv.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
