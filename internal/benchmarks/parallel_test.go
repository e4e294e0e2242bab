package benchmarks

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkParallelAccept accepts 2,000 submitted assignments against an
// emulator that answers every request about 20 ms late (--latency 20ms, a
// network to Toloka), in a script run by the tolokash command: through
// toloka.parallel and toloka.async (the client's default limit of 10
// requests in flight, and 32), against the same calls one by one in the same
// run. toloka-kit's AsyncMultithreadWrapper (its default pool of 10 threads)
// does the same in Python when TOLOKASH_BENCH_TOLOKAKIT names the directory
// toloka imports from (PYTHONPATH; the Python is TOLOKASH_BENCH_PYTHON,
// default python3); without it its row says how to get it. Each run has an
// emulator of its own, and each side times only the accepts.
func BenchmarkParallelAccept(b *testing.B) {
	n := 2000
	if testing.Short() {
		n = 300
	}
	dir := b.TempDir()
	script := filepath.Join(dir, "accept.js")
	os.WriteFile(script, []byte(`const [mode, limit] = process.argv.slice(2);
const client = limit ? toloka.withOptions({concurrency: Number(limit)}) : toloka;
const pool = client.findPools({}).items[0];
const ids = client.getAssignments({pool_id: pool.id, status: 'SUBMITTED'}).map(a => a.id).toArray();
const start = Date.now();
let done;
if (mode === 'parallel') {
  done = (await client.parallel(ids, id => client.async.acceptAssignment(id, 'ok'), {progress: false})).length;
} else {
  done = 0;
  for (const id of ids) { client.acceptAssignment(id, 'ok'); done++; }
}
console.log(JSON.stringify({accepted: done, ms: Date.now() - start}));
`), 0o644)
	python := filepath.Join(dir, "accept.py")
	os.WriteFile(python, []byte(`import asyncio, json, sys, time
from toloka.client import TolokaClient
from toloka.util.async_utils import AsyncMultithreadWrapper
client = TolokaClient('bench-token', url=sys.argv[1])
pool = client.find_pools().items[0]
ids = [a.id for a in client.get_assignments(pool_id=pool.id, status='SUBMITTED')]
wrapper = AsyncMultithreadWrapper(client)
async def main():
    return await asyncio.gather(*(wrapper.accept_assignment(i, 'ok') for i in ids))
start = time.time()
done = asyncio.run(main())
print(json.dumps({"accepted": len(done), "ms": (time.time() - start) * 1000}))
`), 0o644)
	tolokakit := os.Getenv("TOLOKASH_BENCH_TOLOKAKIT")
	py := os.Getenv("TOLOKASH_BENCH_PYTHON")
	if py == "" {
		py = "python3"
	}
	type result struct {
		Accepted int
		Ms       float64
	}
	// once accepts the assignments of a fresh emulator with bin and args.
	once := func(bin string, env []string, args func(url string) []string) float64 {
		em, err := StartEmulator(tolokash(b), n, "--latency", "20ms")
		if err != nil {
			b.Fatal(err)
		}
		defer em.Stop()
		out, _, err := RunCommand(bin, env, args(em.URL)...)
		if err != nil {
			b.Fatalf("%s: %v\n%s", bin, err, out)
		}
		var r result
		if err := json.Unmarshal([]byte(lastLine(out)), &r); err != nil || r.Accepted != n {
			b.Fatalf("%s printed %q: want %d accepted", bin, out, n)
		}
		return r.Ms / 1000
	}
	ours := func(mode, limit string) func(url string) []string {
		return func(url string) []string {
			args := []string{"--url", url, "--token", "bench-token", "run", script, mode}
			if limit != "" {
				args = append(args, limit)
			}
			return args
		}
	}
	b.Run(fmt.Sprintf("accept-%d", n), func(b *testing.B) {
		var par10, par32, seq, kit []float64
		for b.Loop() {
			for range rounds {
				par10 = append(par10, once(tolokash(b), nil, ours("parallel", "")))
				par32 = append(par32, once(tolokash(b), nil, ours("parallel", "32")))
			}
			// One by one takes n × 20 ms and more: once is enough, and steady.
			seq = append(seq, once(tolokash(b), nil, ours("sequential", "")))
			if tolokakit != "" {
				for range rounds {
					kit = append(kit, once(py, []string{"PYTHONPATH=" + tolokakit}, func(url string) []string { return []string{python, url} }))
				}
			}
		}
		median := func(xs []float64) float64 { return medianOf(xs) }
		lat := fmt.Sprintf("accept %d assignments, --latency 20ms", n)
		Record(Row{Scenario: lat + ": toloka.parallel + toloka.async, 10 in flight (the default)", Baseline: "the same calls one by one",
			Value: median(par10), Base: median(seq), Unit: "s", Lower: true, Target: "≥ 8× faster", Met: Met(median(seq)/median(par10) >= 8)})
		Record(Row{Scenario: lat + ": the same, 32 in flight (concurrency: 32)", Baseline: "the same calls one by one",
			Value: median(par32), Base: median(seq), Unit: "s", Lower: true, Target: "≥ 8× faster", Met: Met(median(seq)/median(par32) >= 8)})
		row := Row{Scenario: lat + ": tolokash, 10 in flight", Baseline: "toloka-kit 1.2.3 AsyncMultithreadWrapper (10 threads)",
			Value: median(par10), Unit: "s", Lower: true, Target: "report"}
		if len(kit) > 0 {
			row.Base = median(kit)
			row.Note = fmt.Sprintf("toloka-kit %.1f× faster than one by one", median(seq)/median(kit))
		} else {
			row.Note = "toloka-kit not run: set TOLOKASH_BENCH_TOLOKAKIT to the directory toloka imports from (and TOLOKASH_BENCH_PYTHON)"
		}
		Record(row)
		b.ReportMetric(0, "ns/op")
	})
}
