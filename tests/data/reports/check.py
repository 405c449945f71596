#!/usr/bin/env python3
"""check.py - what the report tests ask of a real parser.

  check.py csv FILE            parse FILE with Python's csv module (RFC 4180)
                               and print its records as a JSON array of arrays
  check.py schema SCHEMA FILE  validate the JSON document FILE against the
                               JSON Schema SCHEMA; print which validator ran
                               ("jsonschema" - python3-jsonschema - or, when
                               that module is absent, "builtin": the subset of
                               draft 2020-12 the report schema uses); exit 1
                               with the first error when FILE is not valid
"""
import csv
import json
import re
import sys


def csv_rows(path):
    with open(path, newline='', encoding='utf-8') as f:
        json.dump(list(csv.reader(f, strict=True)), sys.stdout,
                  ensure_ascii=False)


TYPES = {'object': dict, 'array': list, 'string': str, 'null': type(None),
         'boolean': bool}


def is_type(v, t):
    if t == 'integer':
        return isinstance(v, int) and not isinstance(v, bool)
    if t == 'number':
        return isinstance(v, (int, float)) and not isinstance(v, bool)
    return isinstance(v, TYPES[t])


def builtin_validate(schema, root, v, where='$'):
    """The subset of JSON Schema report-v1.json uses. Raises ValueError."""
    if '$ref' in schema:
        node = root
        for part in schema['$ref'].lstrip('#/').split('/'):
            node = node[part]
        return builtin_validate(node, root, v, where)
    if 'const' in schema and v != schema['const']:
        raise ValueError('%s: expected %r' % (where, schema['const']))
    if 'type' in schema:
        ts = schema['type'] if isinstance(schema['type'], list) else [schema['type']]
        if not any(is_type(v, t) for t in ts):
            raise ValueError('%s: not of type %s' % (where, ts))
    if 'pattern' in schema and isinstance(v, str) and not re.search(schema['pattern'], v):
        raise ValueError('%s: does not match %s' % (where, schema['pattern']))
    if 'oneOf' in schema:
        ok = 0
        for s in schema['oneOf']:
            try:
                builtin_validate(s, root, v, where)
                ok += 1
            except ValueError:
                pass
        if ok != 1:
            raise ValueError('%s: matches %d of oneOf' % (where, ok))
    if isinstance(v, dict):
        for k in schema.get('required', []):
            if k not in v:
                raise ValueError('%s: %r is required' % (where, k))
        props = schema.get('properties', {})
        extra = schema.get('additionalProperties', True)
        for k, x in v.items():
            if k in props:
                builtin_validate(props[k], root, x, '%s.%s' % (where, k))
            elif extra is False:
                raise ValueError('%s: unexpected %r' % (where, k))
            elif isinstance(extra, dict):
                builtin_validate(extra, root, x, '%s.%s' % (where, k))
    if isinstance(v, list) and 'items' in schema:
        for i, x in enumerate(v):
            builtin_validate(schema['items'], root, x, '%s[%d]' % (where, i))


def schema_check(schema_path, path):
    with open(schema_path, encoding='utf-8') as f:
        schema = json.load(f)
    with open(path, encoding='utf-8') as f:
        doc = json.load(f)
    try:
        import jsonschema
    except ImportError:
        jsonschema = None
    if jsonschema is not None:
        try:
            jsonschema.Draft202012Validator(schema).validate(doc)
        except jsonschema.ValidationError as err:
            print('jsonschema: %s at %s' % (err.message, list(err.absolute_path)))
            return 1
        print('jsonschema')
        return 0
    try:
        builtin_validate(schema, schema, doc)
    except ValueError as err:
        print('builtin: %s' % err)
        return 1
    print('builtin')
    return 0


if __name__ == '__main__':
    if len(sys.argv) == 3 and sys.argv[1] == 'csv':
        csv_rows(sys.argv[2])
    elif len(sys.argv) == 4 and sys.argv[1] == 'schema':
        sys.exit(schema_check(sys.argv[2], sys.argv[3]))
    else:
        sys.exit(__doc__)
