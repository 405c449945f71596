#!/usr/bin/env python3
"""Compare cvtsudoers -f json output (the oracle) with parc's.

    sudoers_json_cmp.py ORACLE.json PARC.json

Exit 0 when both say the same, 1 with both normalised documents shown.

sudo 1.9.13's writer has bugs that make its output invalid or lossy JSON;
they are mended here, each on purpose, before comparing:
  - CWD=/CHROOT= print as a bare "runcwd": "/x" inside the Options array,
    and ROLE=/TYPE= as bare pairs inside a "SELinux_Spec" array: the bare
    pairs are wrapped into objects, and SELinux_Spec's entries moved to the
    end of Options, where sudo 1.9.15 (and parc) print them;
  - several digests of one type repeat the key ("sha224": a, "sha224": b):
    they are gathered into one array, as sudo 1.9.15 (and parc) print them.
Key order inside an object does not matter to a JSON reader and is not
compared; the order of array members is.
"""
import json
import re
import sys


def mend(text):
    return re.sub(
        r'^(\s*)("(?:runcwd|runchroot|role|type)": "(?:[^"\\]|\\.)*")(,?)$',
        r'\1{ \2 }\3', text, flags=re.M)


def pairs(kv):
    d = {}
    for k, v in kv:
        if k in d and k.startswith('sha'):
            if not isinstance(d[k], list):
                d[k] = [d[k]]
            d[k].append(v)
        else:
            d[k] = v
    return d


def norm(o):
    if isinstance(o, dict):
        if 'SELinux_Spec' in o:
            o.setdefault('Options', []).extend(o.pop('SELinux_Spec'))
        return {k: norm(v) for k, v in sorted(o.items())}
    if isinstance(o, list):
        return [norm(x) for x in o]
    return o


def load(path, oracle):
    text = open(path, encoding='utf-8', errors='surrogateescape').read()
    if not text.strip():
        return None
    if oracle:
        return norm(json.loads(mend(text), object_pairs_hook=pairs))
    return norm(json.loads(text))


def main():
    a = load(sys.argv[1], True)
    b = load(sys.argv[2], False)
    if a == b:
        return 0
    print('oracle (mended):')
    print(json.dumps(a, indent=1)[:4000])
    print('parc:')
    print(json.dumps(b, indent=1)[:4000])
    return 1


sys.exit(main())
