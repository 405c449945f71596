#!/usr/bin/python3
"""aws_shape.py - check a JSON file against an AWS operation's output shape.

    /usr/bin/python3 aws_shape.py SERVICE OPERATION FILE

The shape is botocore's service model, as Debian's python3-botocore ships
it, and the file is to be what `aws SERVICE OPERATION --output json`
prints: every object's keys members of its structure, in the model's
order (the order the CLI prints them), required ones present; strings,
integers, booleans and lists where the model says so, strings within
their length, pattern and enum; timestamps as the CLI prints them
(ISO 8601 with +00:00); policy documents (policyDocumentType, URL-encoded
JSON in the API) as the decoded objects the CLI prints. Prints each
problem with its JSON path and exits 1, or exits 0 with a count.
"""

import datetime
import json
import re
import sys

import botocore.session

problems = []
counts = {"objects": 0, "values": 0}


def bad(path, msg):
    problems.append("%s: %s" % (path or "$", msg))


def check_string(shape, v, path):
    if not isinstance(v, str):
        bad(path, "%s: not a string: %r" % (shape.name, v))
        return
    md = shape.metadata
    if "min" in md and len(v) < md["min"]:
        bad(path, "%s: shorter than %d" % (shape.name, md["min"]))
    if "max" in md and len(v) > md["max"]:
        bad(path, "%s: longer than %d" % (shape.name, md["max"]))
    if "pattern" in md:
        try:
            rx = re.compile(md["pattern"])
        except re.error:
            rx = None
        if rx is not None and not rx.fullmatch(v):
            bad(path, "%s: %r does not match %s" % (shape.name, v, md["pattern"]))
    if shape.enum and v not in shape.enum:
        bad(path, "%s: %r is none of %s" % (shape.name, v, shape.enum))


def check(shape, v, path):
    counts["values"] += 1
    t = shape.type_name
    if shape.name == "policyDocumentType":
        # the CLI decodes the API's URL-encoded documents into objects
        if not isinstance(v, dict) or "Statement" not in v:
            bad(path, "policy document is not a decoded policy object")
        return
    if t == "structure":
        if not isinstance(v, dict):
            bad(path, "%s: not an object" % shape.name)
            return
        counts["objects"] += 1
        members = list(shape.members)
        for k in v:
            if k not in shape.members:
                bad(path, "%s has no member %s" % (shape.name, k))
        for k in shape.required_members:
            if k not in v:
                bad(path, "%s lacks required %s" % (shape.name, k))
        order = [k for k in v if k in shape.members]
        if order != sorted(order, key=members.index):
            bad(path, "%s: members out of the model's order: %s" % (shape.name, order))
        for k, x in v.items():
            if k in shape.members:
                check(shape.members[k], x, "%s.%s" % (path, k))
    elif t == "list":
        if not isinstance(v, list):
            bad(path, "%s: not a list" % shape.name)
            return
        for i, x in enumerate(v):
            check(shape.member, x, "%s[%d]" % (path, i))
    elif t == "map":
        if not isinstance(v, dict):
            bad(path, "%s: not an object" % shape.name)
            return
        for k, x in v.items():
            check(shape.key, k, "%s{%s}" % (path, k))
            check(shape.value, x, "%s.%s" % (path, k))
    elif t == "string":
        check_string(shape, v, path)
    elif t == "timestamp":
        if not isinstance(v, str) or not re.fullmatch(
                r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?\+00:00", v):
            bad(path, "%s: not a timestamp as the CLI prints it: %r" % (shape.name, v))
        else:
            datetime.datetime.fromisoformat(v)
    elif t in ("integer", "long"):
        if not isinstance(v, int) or isinstance(v, bool):
            bad(path, "%s: not an integer: %r" % (shape.name, v))
    elif t == "boolean":
        if not isinstance(v, bool):
            bad(path, "%s: not a boolean: %r" % (shape.name, v))
    else:
        bad(path, "%s: type %s not checked" % (shape.name, t))


def main():
    if len(sys.argv) != 4:
        sys.exit("usage: aws_shape.py SERVICE OPERATION FILE")
    service, op, path = sys.argv[1:]
    model = botocore.session.get_session().get_service_model(service)
    shape = model.operation_model(op).output_shape
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    check(shape, data, "")
    for p in problems[:40]:
        print("%s: %s" % (path, p))
    if problems:
        print("%s: %d problems against %s %s" % (path, len(problems), service, op))
        sys.exit(1)
    print("%s: %d objects, %d values match %s %s" % (
        path, counts["objects"], counts["values"], service, op))


main()
