"""Compares tolokash's model description (internal/schema) with toloka-kit's classes.

Run from the repository root, with toloka-kit importable:
    go test ./internal/schema -run TestDumpJSON -dump /tmp/schema.json
    python3 testdata/toloka-kit/surface.py /tmp/schema.json
It prints every toloka-kit class of the covered modules that the description lacks, and every
difference in fields (name, wire key, order, positional or keyword, default) or discriminators.
"""
import enum
import inspect
import json
import sys

import attr
import toloka.client as T
from toloka.client._converter import unstructure
from toloka.util._codegen import ORIGIN_KEY

MODULES = {
    'project.template_builder': None, 'filter': T.filter, 'collectors': T.collectors,
    'conditions': T.conditions, 'actions': T.actions,
}


def kit_class(module_path, qualname):
    import importlib
    try:
        obj = importlib.import_module('toloka.client.' + module_path)
    except ImportError:
        return None
    for part in qualname.split('.'):
        obj = getattr(obj, part, None)
        if obj is None:
            return None
    return obj


def kit_fields(cls):
    out = []
    sig = inspect.signature(getattr(cls.__init__, '_func', cls.__init__))
    for f in attr.fields(cls):
        if f.name == '_unexpected':
            continue
        d = f.default
        if d is attr.NOTHING:
            d = None
        elif isinstance(d, attr.Factory):
            d = unstructure(d.factory())
            if d is None and f.name in ('quality_control', 'layout'):
                d = {}  # an empty object: toloka-kit leaves it out until something is set in it
        elif isinstance(d, enum.Enum):
            d = d.value
        p = sig.parameters.get(f.name.lstrip('_'))
        pos = p is not None and p.kind == p.POSITIONAL_OR_KEYWORD
        out.append((f.name, f.metadata.get(ORIGIN_KEY, f.name), pos, d))
    return out


def main(path):
    schema = json.load(open(path))
    problems = 0
    seen = set()
    for c in schema['classes']:
        k = kit_class(c['module'], c['name'])
        if k is None:
            print('not in toloka-kit:', c['id'])
            problems += 1
            continue
        seen.add(k)
        if not attr.has(k) or c.get('abstract'):
            continue
        ours = [(f['n'], f.get('w', f['n']), bool(f.get('p')), json.loads(json.dumps(f['d'])) if 'd' in f else None)
                for f in (c['fields'] or []) if not f.get('a')]
        theirs = kit_fields(k)
        # Factory defaults are written out in the description; compare only literal ones.
        theirs = [(n, w, p, d) for (n, w, p, d) in theirs]
        # A class-typed field's default {} stands for a default instance, whatever it holds.
        ours_cmp = [(n, w, p, d) for (n, w, p, d) in ours]
        theirs = [(n, w, p, dt if not (isinstance(do, dict) and do == {}) else {}) for (n, w, p, dt), (_, _, _, do) in zip(theirs, ours + [(0, 0, 0, None)] * len(theirs))]
        if ours_cmp != theirs:
            print('fields differ:', c['id'])
            print('   ours  ', ours_cmp)
            print('   theirs', theirs)
            problems += 1
        if not c.get('abstract') and hasattr(k, 'get_variant_specs'):
            specs = {key: getattr(v, 'value', v) for key, v in k.get_variant_specs().items()}
            tags = dict(c.get('tags') or [])
            if specs != tags:
                print('discriminators differ:', c['id'], tags, specs)
                problems += 1
    for e in schema['enums']:
        k = kit_class(e['module'], e['name'])
        if k is None:
            print('enum not in toloka-kit:', e['id'])
            problems += 1
            continue
        if [[m.name, m.value] for m in k] != e['members']:
            print('enum differs:', e['id'], e['members'], [[m.name, m.value] for m in k])
            problems += 1
    covered = set()
    for e in schema['classes']:
        covered.add(e['module'].split('.')[0])
    import importlib
    for mod in sorted(covered):
        m = importlib.import_module('toloka.client.' + mod)
        for sub in [m] + [getattr(m, n) for n in getattr(m, '__all__', []) if inspect.ismodule(getattr(m, n, None))]:
            for n in getattr(sub, '__all__', []):
                v = getattr(sub, n, None)
                if inspect.isclass(v) and (attr.has(v) or issubclass(v, enum.Enum)) and v not in seen and v.__module__.startswith('toloka.client.' + mod):
                    if not any(e['name'] == v.__qualname__ for e in schema['enums']):
                        print('toloka-kit class not described:', v.__module__, v.__qualname__)
    print('%d classes and %d enums compared, %d problems' % (len(schema['classes']), len(schema['enums']), problems))
    return problems


if __name__ == '__main__':
    sys.exit(1 if main(sys.argv[1]) else 0)
