// Package benchmarks measures tolokash end to end, each scenario against a
// baseline measured in the same run on the same machine, and prints one table.
// It holds the scenarios' plumbing; the scenarios are benchmarks in its tests:
//
//	make bench   (go test -run '^$' -bench . -benchtime 1x ./internal/benchmarks)
package benchmarks

import (
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"sync"
	"text/tabwriter"
	"time"
)

// Row is one line of the report: a figure, its same-run baseline and the ratio
// that the target is about.
type Row struct {
	Scenario string
	Baseline string
	Value    float64 // the scenario's figure, in Unit
	Base     float64 // the baseline's figure, in Unit
	Unit     string
	// Lower is true when Unit is a duration: the ratio is then the baseline
	// divided by the value, so every ratio reads as a share of the baseline's speed.
	Lower  bool
	Target string // as the issue states it, e.g. "≥ 50 %" or "≤ 3×"
	Met    *bool  // nil when there is no target
	PeakMB float64
	BaseMB float64
	Note   string
}

// Ratio is the scenario's speed as a share of the baseline's (1 = as fast).
func (r Row) Ratio() float64 {
	if r.Value == 0 || r.Base == 0 {
		return 0
	}
	if r.Lower {
		return r.Base / r.Value
	}
	return r.Value / r.Base
}

var (
	mu      sync.Mutex
	rows    []Row
	versus  []Versus
	skipped []string
)

// Versus is one line of the side-by-side table: the same work done by
// tolokash and by toloka-kit or pandas on this machine, in the same run.
type Versus struct {
	Scenario string
	Ours     float64 // seconds
	Other    string  // "toloka-kit 1.2.3"
	Theirs   float64 // seconds
	Note     string
}

// RecordVersus adds a line to the side-by-side table.
func RecordVersus(v Versus) {
	mu.Lock()
	defer mu.Unlock()
	versus = append(versus, v)
}

// Skip notes a side-by-side line left out, and why.
func Skip(scenario, why string) {
	mu.Lock()
	defer mu.Unlock()
	skipped = append(skipped, scenario+": "+why)
}

// Record adds a row to the report.
func Record(r Row) {
	mu.Lock()
	defer mu.Unlock()
	rows = append(rows, r)
}

// Print writes the table of every recorded row, in the order they were recorded.
func Print(w io.Writer) {
	mu.Lock()
	defer mu.Unlock()
	if len(rows) == 0 && len(versus) == 0 && len(skipped) == 0 {
		return
	}
	fmt.Fprintf(w, "\ntolokash benchmarks — %s, %d CPUs, %s\n\n", runtime.Version(), runtime.NumCPU(), time.Now().UTC().Format("2006-01-02 15:04 MST"))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "scenario\tfigure\tbaseline (same run)\tbaseline figure\tratio\ttarget\tmet\tpeak RSS\tbaseline RSS")
	for _, r := range rows {
		met := "—"
		if r.Met != nil {
			met = map[bool]string{true: "yes", false: "NO"}[*r.Met]
		}
		ratio := fmt.Sprintf("%.0f %%", 100*r.Ratio())
		if r.Lower && !strings.HasPrefix(r.Target, "≥") {
			ratio = fmt.Sprintf("%.2f×", r.Value/r.Base) // a cost multiple: how many times slower
		}
		if r.Lower && strings.HasPrefix(r.Target, "≥") && strings.Contains(r.Target, "×") {
			ratio = fmt.Sprintf("%.1f× faster", r.Ratio()) // a speed-up over the baseline
		}
		if r.Base == 0 {
			ratio = "—"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", r.Scenario, figure(r.Value, r.Unit), r.Baseline, figure(r.Base, r.Unit),
			ratio, orDash(r.Target), met, mib(r.PeakMB), mib(r.BaseMB))
	}
	tw.Flush()
	for _, r := range rows {
		if r.Note != "" {
			fmt.Fprintf(w, "  · %s: %s\n", r.Scenario, r.Note)
		}
	}
	printVersus(w)
	fmt.Fprintln(w)
}

func printVersus(w io.Writer) {
	if len(versus) == 0 && len(skipped) == 0 {
		return
	}
	fmt.Fprintf(w, "\nside by side (this machine, the same run; Python figures are timed inside the script, after its imports)\n\n")
	if len(versus) > 0 {
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "scenario\ttolokash\tother\tother's figure\ttolokash is")
		for _, v := range versus {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", v.Scenario, seconds(v.Ours), v.Other, seconds(v.Theirs), faster(v.Ours, v.Theirs))
		}
		tw.Flush()
		for _, v := range versus {
			if v.Note != "" {
				fmt.Fprintf(w, "  · %s: %s\n", v.Scenario, v.Note)
			}
		}
	}
	for _, s := range skipped {
		fmt.Fprintf(w, "  skipped: %s\n", s)
	}
}

func seconds(s float64) string {
	if s < 1 {
		return figure(s*1000, "ms")
	}
	return figure(s, "s")
}

func faster(ours, theirs float64) string {
	if ours <= 0 || theirs <= 0 {
		return "—"
	}
	if theirs >= ours {
		return fmt.Sprintf("%.1f× faster", theirs/ours)
	}
	return fmt.Sprintf("%.1f× slower", ours/theirs)
}

func figure(v float64, unit string) string {
	if v == 0 {
		return "—"
	}
	switch {
	case v >= 100:
		return fmt.Sprintf("%.0f %s", v, unit)
	case v >= 10:
		return fmt.Sprintf("%.1f %s", v, unit)
	}
	return fmt.Sprintf("%.2f %s", v, unit)
}

func mib(v float64) string {
	if v == 0 {
		return "—"
	}
	return fmt.Sprintf("%.0f MiB", v)
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// Met reports whether a ratio reaches a target share (e.g. 0.5 for "≥ 50 %").
func Met(ok bool) *bool { return &ok }

// Median of durations, in milliseconds.
func Median(ds []time.Duration) float64 {
	s := slices.Clone(ds)
	slices.Sort(s)
	return float64(s[len(s)/2]) / float64(time.Millisecond)
}

// ResetPeakRSS starts a new peak-RSS measurement for this process: it collects
// and returns freed memory to the OS first, so the peak is the scenario's own,
// then asks Linux to reset VmHWM. Elsewhere it does nothing and PeakRSS reads 0.
func ResetPeakRSS() {
	runtime.GC()
	debug.FreeOSMemory()
	_ = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0)
}

// PeakRSS is this process's peak resident memory since ResetPeakRSS, in MiB.
func PeakRSS() float64 { return procStatusMiB("/proc/self/status", "VmHWM") }

// procStatusMiB reads a memory field ("VmRSS", "VmHWM") of a /proc status
// file in MiB; 0 where there is no /proc.
func procStatusMiB(path, field string) float64 {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0
	}
	for line := range strings.SplitSeq(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, field+":"); ok {
			kb, _ := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 64)
			return kb / 1024
		}
	}
	return 0
}

// count writes n as the table does: 333k, 1M.
func count(n int) string {
	if n >= 1_000_000 && n%1_000_000 == 0 {
		return fmt.Sprintf("%dM", n/1_000_000)
	}
	return fmt.Sprintf("%dk", n/1000)
}
