package benchmarks

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/tolokash/tolokash/internal/testenv"
)

// BenchmarkExport reads an assignments export into a DataFrame and writes it
// as CSV.gz, in a script run by the tolokash command, against the Go csv
// copy of the same file; and the same conversion streamed row by row with the
// csv module, whose memory does not grow with the file.
func BenchmarkExport(b *testing.B) {
	sizes := []int{100_000, 1_000_000}
	if testing.Short() {
		sizes = []int{10_000, 100_000}
	}
	for _, n := range sizes {
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			dir := b.TempDir()
			in := filepath.Join(dir, "export.tsv")
			size, err := testenv.WriteExportTSV(in, n)
			if err != nil {
				b.Fatal(err)
			}
			frameJS := filepath.Join(dir, "frame.js")
			os.WriteFile(frameJS, []byte(`const [src, dst] = process.argv.slice(2)
const df = DataFrame.readTSV(src)
df.toCSV(dst)
console.log(df.length)
`+PeakFooter), 0o644)
			streamJS := filepath.Join(dir, "stream.js")
			os.WriteFile(streamJS, []byte(`const csv = require('csv')
const [src, dst] = process.argv.slice(2)
let w = null, n = 0
for (const row of csv.reader(src)) {
  if (w === null) w = csv.writer(dst, {columns: Object.keys(row)})
  w.write(row)
  n++
}
w.close()
console.log(n)
`+PeakFooter), 0o644)
			out := filepath.Join(dir, "out.csv.gz")
			mb := float64(size) / (1 << 20)
			var baseT, frameT, streamT []time.Duration
			var frameMB, streamMB float64
			runJS := func(script string, ts *[]time.Duration, peak *float64) {
				start := time.Now()
				got, rss, err := RunCommand(tolokash(b), nil, "run", script, in, out)
				if err != nil {
					b.Fatalf("%s: %v\n%s", script, err, got)
				}
				*ts = append(*ts, time.Since(start))
				*peak = max(*peak, rss)
				if got != strconv.Itoa(n)+"\n" {
					b.Fatalf("%s printed %q, want %d", script, got, n)
				}
			}
			var baseMB float64
			for b.Loop() {
				for range rounds {
					ResetPeakRSS()
					start := time.Now()
					if err := testenv.CSVCopyGzip(in, out); err != nil {
						b.Fatal(err)
					}
					baseT = append(baseT, time.Since(start))
					baseMB = max(baseMB, PeakRSS())
					runJS(frameJS, &frameT, &frameMB)
					runJS(streamJS, &streamT, &streamMB)
				}
			}
			rate := func(ts []time.Duration) float64 { return mb / (Median(ts) / 1000) }
			label := count(n)
			Record(Row{Scenario: label + "-row TSV export → DataFrame → CSV.gz (tolokash run)", Baseline: "Go csv copy into gzip",
				Value: rate(frameT), Base: rate(baseT), Unit: "MB/s", Target: "≥ 80 %", Met: Met(rate(frameT)/rate(baseT) >= 0.8),
				PeakMB: frameMB, BaseMB: baseMB, Note: fmt.Sprintf("TSV %.0f MiB; peak RSS %.2f× the TSV (goal ≤ 1.5×)", mb, frameMB/mb)})
			Record(Row{Scenario: label + "-row TSV → CSV.gz streamed with require('csv')", Baseline: "Go csv copy into gzip",
				Value: rate(streamT), Base: rate(baseT), Unit: "MB/s", PeakMB: streamMB, BaseMB: baseMB})
			sideBySide(b, "pandas", label+"-row TSV export → DataFrame → CSV.gz (whole tolokash run; pandas read_csv + to_csv, gzip level 1)",
				Median(frameT)/1000, "export.py", pdExport, n, in, filepath.Join(dir, "pandas.csv.gz"))
			b.ReportMetric(0, "ns/op")
		})
	}
}

// BenchmarkAssignmentsExport streams a pool's export into a CSV.gz file
// (toloka.getAssignmentsDf(pool, {out}) in a script, timed inside it),
// against a Go program doing the same with encoding/csv and gzip as the
// answer arrives: from pages replayed from memory, which leaves the two
// conversions alone, and end to end from the emulator. Its peak memory at
// 100k and 1M rows shows whether it stays flat.
func BenchmarkAssignmentsExport(b *testing.B) {
	sizes := []int{100_000, 1_000_000}
	if testing.Short() {
		sizes = []int{10_000, 100_000}
	}
	for _, n := range sizes {
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			em, _, pool := emulatorWith(b, n)
			replay := testenv.NewReplay(em.URL)
			defer replay.Close()
			dir := b.TempDir()
			out := filepath.Join(dir, "out.csv.gz")
			script := filepath.Join(dir, "export.js")
			os.WriteFile(script, []byte(fmt.Sprintf(`const start = Date.now()
toloka.getAssignmentsDf(%q, {status: ['SUBMITTED'], out: %q})
console.log(Date.now() - start)
`, pool, out)+PeakFooter), 0o644)
			path := "/api/new/requester/pools/" + pool + "/assignments.tsv?status=SUBMITTED&field=ASSIGNMENT:link,ASSIGNMENT:assignment_id,ASSIGNMENT:worker_id,ASSIGNMENT:status,ASSIGNMENT:started&addRowDelimiter=false"
			var tsvBytes int64
			copyGo := func(base string) time.Duration {
				start := time.Now()
				req, _ := http.NewRequest("GET", base+path, nil)
				req.Header.Set("Authorization", "OAuth bench-token")
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					b.Fatal(err)
				}
				counted := &countingReader{r: resp.Body}
				err = testenv.CSVCopyGzipFrom(counted, filepath.Join(dir, "copy.csv.gz"))
				resp.Body.Close()
				if err != nil || resp.StatusCode != 200 {
					b.Fatalf("%s: %s %v", path, resp.Status, err)
				}
				tsvBytes = counted.n
				return time.Since(start)
			}
			var peak float64
			js := func(base string) time.Duration {
				got, rss, err := RunCommand(tolokash(b), []string{"TOLOKA_URL=" + base, "TOLOKA_TOKEN=bench-token"}, "run", script)
				var ms int
				if err != nil || func() bool { _, err := fmt.Sscan(got, &ms); return err != nil }() {
					b.Fatalf("export.js: %v\n%s", err, got)
				}
				peak = max(peak, rss)
				return time.Duration(ms) * time.Millisecond
			}
			copyGo(replay.URL) // records
			js(replay.URL)
			recorded := replay.Misses()
			var goT, jsT, goR, jsR []time.Duration
			for b.Loop() {
				for range rounds {
					goR = append(goR, copyGo(replay.URL))
					jsR = append(jsR, js(replay.URL))
					goT = append(goT, copyGo(em.URL))
					jsT = append(jsT, js(em.URL))
				}
			}
			if m := replay.Misses(); m != recorded {
				b.Fatalf("%d requests were not replayed from memory", m-recorded)
			}
			mb := float64(tsvBytes) / (1 << 20)
			rate := func(ts []time.Duration) float64 { return mb / (Median(ts) / 1000) }
			label := "getAssignmentsDf(pool, {out: 'x.csv.gz'}) of " + count(n) + " assignments (tolokash run, timed in the script)"
			Record(Row{Scenario: label + ", replayed", Baseline: "Go csv copy of the replayed TSV into gzip", Value: rate(jsR), Base: rate(goR), Unit: "MB/s",
				Target: "≥ 80 %", Met: Met(rate(jsR)/rate(goR) >= 0.8), PeakMB: peak, Note: fmt.Sprintf("TSV %.0f MiB; memory flat: compare the peak at each size", mb)})
			Record(Row{Scenario: label, Baseline: "Go csv copy of the emulator's TSV into gzip", Value: rate(jsT), Base: rate(goT), Unit: "MB/s", Target: "report"})
			b.ReportMetric(0, "ns/op")
		})
	}
}

type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}
