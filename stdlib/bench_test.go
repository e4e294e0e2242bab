package stdlib

import (
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"testing"

	"github.com/tolokash/tolokash/internal/testenv"
)

// BenchmarkExportToCSVGz: a TSV export → Frame → CSV.gz, against a baseline in
// the same run that only copies the file through encoding/csv into the same gzip.
func BenchmarkExportToCSVGz(b *testing.B) {
	for _, n := range []int{100_000, 1_000_000} {
		path := filepath.Join(b.TempDir(), "export.tsv")
		size, err := testenv.WriteExportTSV(path, n)
		if err != nil {
			b.Fatal(err)
		}
		out := filepath.Join(b.TempDir(), "out.csv.gz")
		b.Run("baseline-csv-copy/"+strconv.Itoa(n), func(b *testing.B) {
			b.SetBytes(size)
			for b.Loop() {
				if err := testenv.CSVCopyGzip(path, out); err != nil {
					b.Fatal(err)
				}
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
