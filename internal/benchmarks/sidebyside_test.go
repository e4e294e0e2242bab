package benchmarks

import "testing"

// The side-by-side scripts: the same work as our scenarios, done with
// toloka-kit and pandas, each printing a count and the seconds its work took.

const tkIterate = `import sys, time
from toloka.client import TolokaClient
url, pool = sys.argv[1], sys.argv[2]
client = TolokaClient('bench-token', url=url, retries=0, timeout=600)
start, n = time.time(), 0
for a in client.get_assignments(pool_id=pool, batch_size=1000):
    if a.status:
        n += 1
print(n, time.time() - start)
`

const tkCreate = `import sys, time
from toloka.client import TolokaClient, Task
url, pool, total = sys.argv[1], sys.argv[2], int(sys.argv[3])
client = TolokaClient('bench-token', url=url, retries=0, timeout=600)
tasks = [Task(pool_id=pool, input_values={'image': 'https://example.com/%d.jpg' % i}) for i in range(total)]
start = time.time()
res = client.create_tasks(tasks, allow_defaults=True)
print(sum(1 for t in res.items.values() if t.id), time.time() - start)
`

const tkAssignmentsDf = `import sys, time
from toloka.client import TolokaClient
url, pool = sys.argv[1], sys.argv[2]
client = TolokaClient('bench-token', url=url, retries=0, timeout=600)
start = time.time()
df = client.get_assignments_df(pool, status=['SUBMITTED'])
print(len(df), time.time() - start)
`

const pdExport = `import sys, time
import pandas as pd
src, dst = sys.argv[1], sys.argv[2]
start = time.time()
df = pd.read_csv(src, sep='\t')
df.to_csv(dst, index=False, compression={'method': 'gzip', 'compresslevel': 1})  # the level tolokash writes
print(len(df), time.time() - start)
`

const pdGroupBy = `import sys, time
import pandas as pd
src, column = sys.argv[1], sys.argv[2]
df = pd.read_csv(src, sep='\t')
start = time.time()
counts = df[column].value_counts()
groups = df.groupby(column, sort=False).size()
print(len(groups), time.time() - start)
`

// sideBySide runs a side-by-side script of dist once and records its line
// beside ours (seconds), or notes why it was skipped.
func sideBySide(b *testing.B, dist, scenario string, ours float64, script, src string, want int, args ...string) {
	py, why := pythonFor(dist)
	if py == nil {
		Skip(scenario, why)
		return
	}
	s, err := py.Seconds(b.TempDir(), script, src, want, args...)
	if err != nil {
		b.Fatal(err)
	}
	RecordVersus(Versus{Scenario: scenario, Ours: ours, Other: py.Name(dist), Theirs: s})
}
