package benchmarks

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tolokash/tolokash/internal/testenv"
)

// BenchmarkGroupBy counts the values of a column among 1M rows (an export
// of tasks each done three times): valueCounts and groupBy(…).count() in a
// script, timed inside it after the file is read, against the same counts
// by a Go map over the column held in memory, and beside pandas'
// value_counts and groupby(…).size(). Two columns: the tasks' images, 333k
// values three times each (held interned), and the assignments' ids, every
// one distinct (held in blocks, grouped by hashing).
func BenchmarkGroupBy(b *testing.B) {
	n, overlap := 1_000_000, 3
	if testing.Short() {
		n = 100_000
	}
	dir := b.TempDir()
	src := filepath.Join(dir, "export.tsv")
	if _, err := testenv.WriteOverlapTSV(src, n, overlap); err != nil {
		b.Fatal(err)
	}
	script := filepath.Join(dir, "groupby.js")
	os.WriteFile(script, []byte(`const [src, column] = process.argv.slice(2)
const df = DataFrame.readTSV(src)
const start = Date.now()
const counts = df.valueCounts(column)
const groups = df.groupBy([column]).count()
console.log(groups.length + ' ' + (Date.now() - start))
`+PeakFooter), 0o644)
	cases := []struct {
		column string
		groups int
		what   string
	}{
		{"INPUT:image", (n + overlap - 1) / overlap, ""},
		{"ASSIGNMENT:assignment_id", n, ", every value distinct"},
	}
	for b.Loop() {
		for _, tc := range cases {
			groupByColumn(b, script, src, tc.column, tc.groups, n, tc.what)
		}
	}
	b.ReportMetric(0, "ns/op")
}

// groupByColumn is BenchmarkGroupBy's figures for one column.
func groupByColumn(b *testing.B, script, src, column string, groups, n int, what string) {
	values := readColumn(b, src, column)
	goCount := func() int { // the same two answers: counts by value, and groups in order of first appearance
		counts := make(map[string]int)
		for _, v := range values {
			counts[v]++
		}
		order := make([]string, 0, len(counts))
		firstRow := make(map[string]int, len(counts))
		for r, v := range values {
			if _, ok := firstRow[v]; !ok {
				firstRow[v] = r
				order = append(order, v)
			}
		}
		slices.SortStableFunc(order, func(a, b string) int { return counts[b] - counts[a] })
		return len(firstRow)
	}
	var ours, base []time.Duration
	var peak float64
	for range rounds {
		start := time.Now()
		if got := goCount(); got != groups {
			b.Fatalf("%s: %d groups, want %d", column, got, groups)
		}
		base = append(base, time.Since(start))
		out, rss, err := RunCommand(tolokash(b), nil, "run", script, src, column)
		if err != nil {
			b.Fatalf("groupby.js: %v\n%s", err, out)
		}
		var got, ms int
		if _, err := fmt.Sscan(out, &got, &ms); err != nil || got != groups {
			b.Fatalf("groupby.js printed %q, want %d groups and the milliseconds", out, groups)
		}
		ours = append(ours, time.Duration(ms)*time.Millisecond)
		peak = max(peak, rss)
	}
	label := fmt.Sprintf("valueCounts + groupBy(…).count(): %s groups of %s rows%s (tolokash run, timed in the script)", count(groups), count(n), what)
	Record(Row{Scenario: label, Baseline: "Go map over the column in memory", Value: Median(ours) / 1000, Base: Median(base) / 1000,
		Unit: "s", Lower: true, Target: "report", PeakMB: peak, Note: "issue #23 item 3 wants this at least as fast as pandas (side by side below)"})
	sideBySide(b, "pandas", fmt.Sprintf("valueCounts + groupBy over %s groups of %s rows%s (pandas value_counts + groupby(…).size())", count(groups), count(n), what),
		Median(ours)/1000, "groupby.py", pdGroupBy, groups, src, column)
}

// readColumn reads one column of a TSV file.
func readColumn(b *testing.B, path, name string) []string {
	f, err := os.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(bufio.NewReader(f))
	r.Comma, r.LazyQuotes = '\t', true
	header, err := r.Read()
	if err != nil {
		b.Fatal(err)
	}
	at := slices.Index(header, name)
	if at < 0 {
		b.Fatalf("%s has no column %s", path, name)
	}
	var out []string
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return out
		}
		if err != nil {
			b.Fatal(err)
		}
		out = append(out, rec[at])
	}
}

// BenchmarkAssignmentsDf downloads the export of a pool of 100k assignments
// into a DataFrame (toloka.getAssignmentsDf in a script, timed inside it),
// against a raw GET of the same TSV: end to end from the emulator, and
// replayed from memory; and beside toloka-kit's get_assignments_df.
func BenchmarkAssignmentsDf(b *testing.B) {
	n := 100_000
	if testing.Short() {
		n = 10_000
	}
	em, _, pool := emulatorWith(b, n)
	replay := testenv.NewReplay(em.URL)
	defer replay.Close()
	script := filepath.Join(b.TempDir(), "df.js")
	os.WriteFile(script, []byte(fmt.Sprintf(`const start = Date.now()
const df = toloka.getAssignmentsDf(%q, {status: ['SUBMITTED']})
console.log(df.length + ' ' + (Date.now() - start))
`, pool)+PeakFooter), 0o644)
	path := "/api/new/requester/pools/" + pool + "/assignments.tsv?status=SUBMITTED"
	var tsvBytes int64
	raw := func(base string) time.Duration {
		start := time.Now()
		req, _ := http.NewRequest("GET", base+path, nil)
		req.Header.Set("Authorization", "OAuth bench-token")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		tsvBytes, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || tsvBytes == 0 {
			b.Fatalf("%s: %s", path, resp.Status)
		}
		return time.Since(start)
	}
	var peak float64
	js := func(base string) time.Duration {
		out, rss, err := RunCommand(tolokash(b), []string{"TOLOKA_URL=" + base, "TOLOKA_TOKEN=bench-token"}, "run", script)
		if err != nil {
			b.Fatalf("df.js: %v\n%s", err, out)
		}
		var rows, ms int
		if _, err := fmt.Sscan(strings.TrimSpace(out), &rows, &ms); err != nil || rows != n {
			b.Fatalf("df.js printed %q, want %d rows and the milliseconds", out, n)
		}
		peak = max(peak, rss)
		return time.Duration(ms) * time.Millisecond
	}
	raw(replay.URL) // records
	js(replay.URL)
	recorded := replay.Misses()
	var rawT, jsT, rawR, jsR []time.Duration
	for b.Loop() {
		for range rounds {
			rawT = append(rawT, raw(em.URL))
			jsT = append(jsT, js(em.URL))
			rawR = append(rawR, raw(replay.URL))
			jsR = append(jsR, js(replay.URL))
		}
	}
	if m := replay.Misses(); m != recorded {
		b.Fatalf("%d requests were not replayed from memory", m-recorded)
	}
	label := fmt.Sprintf("getAssignmentsDf of %dk assignments (tolokash run, timed in the script)", n/1000)
	Record(Row{Scenario: label, Baseline: "raw GET of the TSV", Value: Median(jsT) / 1000, Base: Median(rawT) / 1000, Unit: "s", Lower: true, Target: "report",
		PeakMB: peak, Note: fmt.Sprintf("TSV %.0f MiB", float64(tsvBytes)/(1<<20))})
	Record(Row{Scenario: label + " replayed", Baseline: "raw GET of the replayed TSV", Value: Median(jsR) / 1000, Base: Median(rawR) / 1000, Unit: "s", Lower: true, Target: "report"})
	sideBySide(b, "toloka-kit", fmt.Sprintf("getAssignmentsDf of %dk assignments against the emulator (toloka-kit get_assignments_df)", n/1000),
		Median(jsT)/1000, "df.py", tkAssignmentsDf, n, em.URL, pool)
	b.ReportMetric(0, "ns/op")
}
