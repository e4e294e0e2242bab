package stdlib

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"testing"

	"github.com/klauspost/compress/gzip"
)

// exportFile writes an assignments-export-shaped TSV of n rows.
func exportFile(b *testing.B, n int) (string, int64) {
	path := filepath.Join(b.TempDir(), "export.tsv")
	f, _ := os.Create(path)
	w := bufio.NewWriter(f)
	w.WriteString("INPUT:image\tOUTPUT:label\tGOLDEN:label\tHINT:text\tACCEPT:verdict\tASSIGNMENT:assignment_id\tASSIGNMENT:worker_id\tASSIGNMENT:status\tASSIGNMENT:started\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(w, "https://example.com/images/%d.jpg\t%s\t\t\t+\t%010x--%024x\t%032x\tAPPROVED\t2024-01-02T03:04:05.123\n",
			i, []string{"cat", "dog", "\"bird\tor plane\""}[i%3], i, i, i%997)
	}
	w.Flush()
	f.Close()
	info, _ := os.Stat(path)
	return path, info.Size()
}

// BenchmarkExportToCSVGz: a TSV export → Frame → CSV.gz, against a baseline in
// the same run that only copies the file through encoding/csv into the same gzip.
func BenchmarkExportToCSVGz(b *testing.B) {
	for _, n := range []int{100_000, 1_000_000} {
		path, size := exportFile(b, n)
		out := filepath.Join(b.TempDir(), "out.csv.gz")
		b.Run("baseline-csv-copy/"+strconv.Itoa(n), func(b *testing.B) {
			b.SetBytes(size)
			for b.Loop() {
				in, _ := os.Open(path)
				r := csv.NewReader(bufio.NewReader(in))
				r.Comma, r.LazyQuotes, r.ReuseRecord = '\t', true, true
				o, _ := os.Create(out)
				zw, _ := gzip.NewWriterLevel(o, gzip.BestSpeed)
				w := csv.NewWriter(zw)
				for {
					rec, err := r.Read()
					if err == io.EOF {
						break
					}
					if err != nil {
						b.Fatal(err)
					}
					w.Write(rec)
				}
				w.Flush()
				zw.Close()
				o.Close()
				in.Close()
			}
		})
		b.Run("frame/"+strconv.Itoa(n), func(b *testing.B) {
			b.SetBytes(size)
			var peak uint64
			for b.Loop() {
				in, _ := os.Open(path)
				f, err := readTableSized(in, '\t', path, size)
				in.Close()
				if err != nil || f.Len() != n {
					b.Fatal(err, f.Len())
				}
				var ms runtime.MemStats
				runtime.ReadMemStats(&ms)
				peak = max(peak, ms.HeapInuse)
				if err := writeAtomic(out, func(w io.Writer) error { return writeTable(w, f, ',') }); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(peak)/float64(size), "peak-heap/tsv-size")
		})
	}
}
