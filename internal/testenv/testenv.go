// Package testenv holds what tests share: the repository's test data
// (testdata/ at the module root), skips that name what they need, and generated
// API pages and export files for benchmarks.
//
// No test reads anything outside the repository. A test may skip only when
// something it needs is missing from the machine (a program, an environment
// variable pointing at a checkout of toloka-kit, a live account), and then it
// says so with Needs, NeedTool or NeedEnv, whose message carries the marker
// "needs: WHAT". `make test` names every skip in its last line, and on CI
// (.ci/run) any other skip fails the run; see testdata/README.md.
package testenv

import (
	"bufio"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"testing"

	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zstd"
)

// ModuleRoot is the directory holding go.mod.
func ModuleRoot() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Clean(filepath.Join(filepath.Dir(file), "..", ".."))
}

// Testdata is the path of elem under the repository's testdata/ folder.
func Testdata(elem ...string) string {
	return filepath.Join(append([]string{ModuleRoot(), "testdata"}, elem...)...)
}

// ReadTestdata reads a file under testdata/, decompressed when its name ends
// in .zst. A missing file fails the test: the data is part of the repository.
func ReadTestdata(t testing.TB, elem ...string) []byte {
	t.Helper()
	path := Testdata(elem...)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("test data: %v", err)
	}
	if strings.HasSuffix(path, ".zst") {
		if data, err = unzstd(data); err != nil {
			t.Fatalf("test data %s: %v", path, err)
		}
	}
	return data
}

func unzstd(data []byte) ([]byte, error) {
	d, err := zstd.NewReader(nil, zstd.WithDecoderConcurrency(1))
	if err != nil {
		return nil, err
	}
	defer d.Close()
	return d.DecodeAll(data, nil)
}

// Recording is one file of toloka-kit's recorded exchanges
// (testdata/toloka-kit/*.jsonl.zst): one JSON object per line.
type Recording struct {
	Name string // the toloka-kit test module: "test_project", "pool__test_pool"
	Data []byte // the JSON lines, decompressed
}

// Recordings reads every recorded-exchange file, sorted by name. Finding none
// fails the test.
func Recordings(t testing.TB) []Recording {
	t.Helper()
	files, _ := filepath.Glob(Testdata("toloka-kit", "*.jsonl.zst"))
	if len(files) == 0 {
		t.Fatalf("no recorded exchanges in %s", Testdata("toloka-kit"))
	}
	sort.Strings(files)
	out := make([]Recording, 0, len(files))
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".jsonl.zst")
		out = append(out, Recording{Name: name, Data: ReadTestdata(t, "toloka-kit", filepath.Base(f))})
	}
	return out
}

// NeedsMarker starts the message of every skip a test is allowed: the word
// after it names what is missing ("needs: tmux", "needs: TOLOKASH_TOLOKA_KIT").
// internal/testreport reads it; keep the two in step.
const NeedsMarker = "needs: "

// Needs skips t because what (one word: a program, an environment variable)
// is missing; why says what it would have been used for.
func Needs(t testing.TB, what, why string) {
	t.Helper()
	t.Skipf("%s%s (%s)", NeedsMarker, what, why)
}

// NeedTool returns the path of the program name, or skips t when it is not on
// PATH. CI installs every program a test needs (.ci/run) and fails if one
// still skips.
func NeedTool(t testing.TB, name string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err != nil {
		Needs(t, name, "not on PATH")
	}
	return path
}

// NeedEnv returns the environment variable name, or skips t when it is unset
// or empty; what says what the variable points at ("a toloka-kit checkout").
func NeedEnv(t testing.TB, name, what string) string {
	t.Helper()
	v := os.Getenv(name)
	if v == "" {
		Needs(t, name, "set it to "+what)
	}
	return v
}

// AssignmentPage is a find-assignments answer of n assignment-shaped objects
// whose ids continue from start, for benchmarks of paging and decoding.
func AssignmentPage(start, n int, hasMore bool) []byte {
	var b strings.Builder
	b.WriteString(`{"items":[`)
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		id := AssignmentID(start + i)
		fmt.Fprintf(&b, `{"id":"%s","task_suite_id":"%s","pool_id":"1","user_id":"%032x","status":"SUBMITTED","reward":0.05,`+
			`"tasks":[{"id":"%s","input_values":{"image":"https://example.com/%d.jpg"},"overlap":3}],`+
			`"solutions":[{"output_values":{"label":"cat"}}],"created":"2024-01-02T03:04:05.123","submitted":"2024-01-02T03:05:05.123","mixed":false}`,
			id, id, start+i, id, start+i)
	}
	fmt.Fprintf(&b, `],"has_more":%v}`, hasMore)
	return []byte(b.String())
}

// AssignmentID is the ordered id of the i-th assignment of AssignmentPage.
func AssignmentID(i int) string { return fmt.Sprintf("%010x--%024x", i, i) }

// PagingServer serves total assignments in pages of size, following id_gt.
func PagingServer(total, size int) *httptest.Server {
	pages := map[string][]byte{}
	for start := 0; start < total; start += size {
		key := ""
		if start > 0 {
			key = AssignmentID(start - 1)
		}
		pages[key] = AssignmentPage(start, min(size, total-start), start+size < total)
	}
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write(pages[r.URL.Query().Get("id_gt")])
	}))
}

// WriteExportTSV writes an assignments-export-shaped TSV of n rows (the columns
// toloka.getAssignmentsDf gets: INPUT, OUTPUT, GOLDEN, HINT, ACCEPT,
// ASSIGNMENT), including quoted cells with tabs, and returns its size.
func WriteExportTSV(path string, n int) (int64, error) { return WriteOverlapTSV(path, n, 1) }

// WriteOverlapTSV is WriteExportTSV with each task done overlap times: rows
// i to i+overlap-1 share their INPUT:image, so grouping by it makes
// n/overlap groups.
func WriteOverlapTSV(path string, n, overlap int) (int64, error) {
	f, err := os.Create(path)
	if err != nil {
		return 0, err
	}
	w := bufio.NewWriter(f)
	w.WriteString("INPUT:image\tOUTPUT:label\tGOLDEN:label\tHINT:text\tACCEPT:verdict\tASSIGNMENT:link\tASSIGNMENT:assignment_id\tASSIGNMENT:worker_id\tASSIGNMENT:status\tASSIGNMENT:started\tASSIGNMENT:reward\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(w, "https://example.com/images/%07d.jpg\t%s\t\t\t+\thttps://platform.toloka.ai/task/1/%010x\t%010x--%024x\t%032x\tAPPROVED\t2024-01-02T03:04:05.123\t0.0%d\n",
			i/overlap, []string{"cat", "dog", "\"bird\tor plane\""}[i%3], i, i, i, i%997, 1+i%9)
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

// CSVCopyGzip copies a TSV file through encoding/csv into a gzipped CSV: the
// baseline the export benchmarks compare a DataFrame round trip with.
func CSVCopyGzip(in, out string) error {
	src, err := os.Open(in)
	if err != nil {
		return err
	}
	defer src.Close()
	return CSVCopyGzipFrom(src, out)
}

// CSVCopyGzipFrom is CSVCopyGzip of a stream (an export as it is downloaded).
func CSVCopyGzipFrom(src io.Reader, out string) error {
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

// TypeScript returns the path of the TypeScript compiler pinned by
// testdata/typescript/package-lock.json, installing it with npm ci into the
// user's cache (once per lockfile) when it is not there; it skips t when npm
// is not installed.
func TypeScript(t testing.TB) string {
	t.Helper()
	npm := NeedTool(t, "npm")
	src := Testdata("typescript")
	lock, err := os.ReadFile(filepath.Join(src, "package-lock.json"))
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(lock)
	cache, err := os.UserCacheDir()
	if err != nil {
		cache = os.TempDir()
	}
	dir := filepath.Join(cache, "tolokash-test", "typescript-"+hex.EncodeToString(sum[:8]))
	tsc := filepath.Join(dir, "node_modules", ".bin", "tsc")
	if _, err := os.Stat(tsc); err == nil {
		return tsc
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"package.json", "package-lock.json"} {
		data, err := os.ReadFile(filepath.Join(src, f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, f), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command(npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund")
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("npm ci (installing the pinned TypeScript into %s): %v\n%s", dir, err, out)
	}
	return tsc
}
