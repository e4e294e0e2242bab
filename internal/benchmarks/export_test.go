package benchmarks

import (
	"fmt"
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
				Value: rate(frameT), Base: rate(baseT), Unit: "MB/s", Target: "≥ 50 %", Met: Met(rate(frameT)/rate(baseT) >= 0.5),
				PeakMB: frameMB, BaseMB: baseMB, Note: fmt.Sprintf("TSV %.0f MiB; peak RSS %.1f× the TSV (goal ≤ 3×)", mb, frameMB/mb)})
			Record(Row{Scenario: label + "-row TSV → CSV.gz streamed with require('csv')", Baseline: "Go csv copy into gzip",
				Value: rate(streamT), Base: rate(baseT), Unit: "MB/s", PeakMB: streamMB, BaseMB: baseMB})
			sideBySide(b, "pandas", label+"-row TSV export → DataFrame → CSV.gz (whole tolokash run; pandas read_csv + to_csv, gzip level 1)",
				Median(frameT)/1000, "export.py", pdExport, n, in, filepath.Join(dir, "pandas.csv.gz"))
			b.ReportMetric(0, "ns/op")
		})
	}
}
