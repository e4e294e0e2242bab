"""Writes cases/NAME.json: what toloka-kit's unstructure() gives for cases/NAME.py.

Each cases/NAME.py is a piece of toloka-kit code (from its example notebooks and docs, with
fixed ids and dates) that assigns `result`; `toloka` is toloka.client and `tb` its Template
Builder, as the notebooks import them (and datetime, decimal). Run it again after changing a case:

    PYTHONPATH=/path/to/toloka-kit python3 testdata/toloka-kit/expected.py

CI has no Python: the JSON files are committed, and the tests build the same objects with the
JavaScript in cases/NAME.js (and with Go where it applies) and compare.
"""
import datetime
import decimal
import glob
import os
import sys

import simplejson as json  # toloka-kit's own JSON library: it writes Decimal amounts exactly
import toloka
import toloka.client
import toloka.client.project.template_builder as tb

here = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'cases')
names = sys.argv[1:] or sorted(os.path.basename(p)[:-3] for p in glob.glob(os.path.join(here, '*.py')))
for name in names:
    src = open(os.path.join(here, name + '.py')).read()
    scope = {'toloka': toloka.client, 'tb': tb, 'datetime': datetime, 'decimal': decimal}
    exec(compile(src, name + '.py', 'exec'), scope)
    result = scope['result']
    with open(os.path.join(here, name + '.json'), 'w') as f:
        json.dump(result.unstructure(), f, indent=2, ensure_ascii=False, use_decimal=True)
        f.write('\n')
print('wrote %d cases with toloka-kit %s' % (len(names), toloka.__version__.__version__))
