package benchmarks

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/klauspost/compress/gzip"
)

// writeExport writes an assignments-export-shaped TSV of n rows (the columns
// toloka.getAssignmentsDf gets: INPUT, OUTPUT, GOLDEN, HINT, ACCEPT,
// ASSIGNMENT), including quoted cells with tabs, and returns its size.
func writeExport(path string, n int) (int64, error) {
	f, err := os.Create(path)
	if err != nil {
		return 0, err
	}
	w := bufio.NewWriter(f)
	w.WriteString("INPUT:image\tOUTPUT:label\tGOLDEN:label\tHINT:text\tACCEPT:verdict\tASSIGNMENT:link\tASSIGNMENT:assignment_id\tASSIGNMENT:worker_id\tASSIGNMENT:status\tASSIGNMENT:started\tASSIGNMENT:reward\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(w, "https://example.com/images/%07d.jpg\t%s\t\t\t+\thttps://platform.toloka.ai/task/1/%010x\t%010x--%024x\t%032x\tAPPROVED\t2024-01-02T03:04:05.123\t0.0%d\n",
			i, []string{"cat", "dog", "\"bird\tor plane\""}[i%3], i, i, i, i%997, 1+i%9)
	}
	if err := w.Flush(); err != nil {
		return 0, err
	}
	if err := f.Close(); err != nil {
		return 0, err
	}
	info, err := os.Stat(path)
	if err != nil {
		return 0, err
	}
	return info.Size(), nil
}

// csvCopy is the baseline: the file through encoding/csv into the same gzip.
func csvCopy(in, out string) error {
	src, err := os.Open(in)
	if err != nil {
		return err
	}
	defer src.Close()
	r := csv.NewReader(bufio.NewReader(src))
	r.Comma, r.LazyQuotes, r.ReuseRecord = '\t', true, true
	dst, err := os.Create(out)
	if err != nil {
		return err
	}
	zw, _ := gzip.NewWriterLevel(dst, gzip.BestSpeed)
	w := csv.NewWriter(zw)
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		w.Write(rec)
	}
	w.Flush()
	if err := zw.Close(); err != nil {
		return err
	}
	return dst.Close()
}

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
			size, err := writeExport(in, n)
			if err != nil {
				b.Fatal(err)
			}
			frameJS := filepath.Join(dir, "frame.js")
			os.WriteFile(frameJS, []byte(`const [src, dst] = process.argv.slice(2)
const df = DataFrame.readTSV(src)
df.toCSV(dst)
console.log(df.length)
`), 0o644)
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
`), 0o644)
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
					if err := csvCopy(in, out); err != nil {
						b.Fatal(err)
					}
					baseT = append(baseT, time.Since(start))
					baseMB = max(baseMB, PeakRSS())
					runJS(frameJS, &frameT, &frameMB)
					runJS(streamJS, &streamT, &streamMB)
				}
			}
			rate := func(ts []time.Duration) float64 { return mb / (Median(ts) / 1000) }
			label := fmt.Sprintf("%dk", n/1000)
			if n >= 1_000_000 {
				label = fmt.Sprintf("%dM", n/1_000_000)
			}
			Record(Row{Scenario: label + "-row TSV export → DataFrame → CSV.gz (tolokash run)", Baseline: "Go csv copy into gzip",
				Value: rate(frameT), Base: rate(baseT), Unit: "MB/s", Target: "≥ 50 %", Met: Met(rate(frameT)/rate(baseT) >= 0.5),
				PeakMB: frameMB, BaseMB: baseMB, Note: fmt.Sprintf("TSV %.0f MiB; peak RSS %.1f× the TSV (goal ≤ 3×)", mb, frameMB/mb)})
			Record(Row{Scenario: label + "-row TSV → CSV.gz streamed with require('csv')", Baseline: "Go csv copy into gzip",
				Value: rate(streamT), Base: rate(baseT), Unit: "MB/s", PeakMB: streamMB, BaseMB: baseMB})
			b.ReportMetric(0, "ns/op")
		})
	}
}
