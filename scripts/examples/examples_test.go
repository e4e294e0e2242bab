// Package examples runs every example script against the local emulator, as a
// new user would: `tolokash --local scripts/examples/NAME.js`.
package examples

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"testing"
)

func TestExamples(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "tolokash")
	if out, err := exec.Command("go", "build", "-o", bin, "../../cmd/tolokash").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	cases := []struct {
		script string
		args   []string
		want   []string // regular expressions the output must match
		crowd  []string // flags of the simulated crowd, for the notebooks whose rules ban Tolokers
	}{
		{"quickstart.js", nil, []string{`created 50 tasks`, `accepted 50 assignments`, `labels: \{"(cat|dog)"`}, nil},
		{"quality_control.js", nil, []string{`the golden rule restricted \d+ Tolokers as they worked`, `golden answers right`, `rejected \d+ assignments, blocked \d+ Tolokers`}, nil},
		{"export_results.js", []string{"--out", "OUT/results.csv.gz"}, []string{`export: 18 answers`, `wrote 6 results to .*results\.csv\.gz`}, nil},
		{"aggregation.js", nil, []string{`aggregation .*: SUCCESS`, `aggregated 8 tasks`}, nil},
		{"bonuses.js", nil, []string{`run 1: operation .* SUCCESS`, `run 2: operation .* SUCCESS`, `paid 3 bonuses to 3 Tolokers`}, nil},
		{"skills.js", []string{"--min", "40"}, []string{`Toloker .*: skill \d+`, `all with skill >= 40: true`}, nil},
		{"bulk_upload.js", nil, []string{`line 19: input_values.image INVALID_URL_SYNTAX`, `uploaded 19996 tasks, 4 rows rejected`}, nil},
		{"attachments.js", []string{"--dir", "OUT/files"}, []string{`downloaded 4 attachments into .*files`}, nil},
		{"housekeeping.js", []string{"--days", "0"}, []string{`archived pool \d+`, `cloned project \d+ into \d+`, `archived [1-9]\d* pools`}, nil},
		{"monitor.js", nil, []string{`progress \d+%`, `pool \d+ complete; messaged [1-9] Tolokers`}, nil},
		{"app_project.js", nil, []string{`App: `, `-> (positive|negative)`, `completed with 4 items`}, nil},
		// toloka-kit's example notebooks, ported with the model classes.
		{"learn_the_basics.js", nil, []string{`created project \d+ with a tb view \(lock: .*view\.image`, `created pool \d+: captcha MEDIUM, 1 rule`,
			`Populated pool with 30 tasks`, `Pool was closed\.`, `answers count: 90\b`, `predicted: 30 images`},
			// Its captcha rule bans for a day (7 minutes at this pace): five Tolokers could all be banned.
			[]string{"--workers", "20", "--seed", "2"}},
		{"text_classification.js", nil, []string{`training \d+: 10 tasks`, `pool \d+: training requirement \d+, 2 rules, mixer 4\+1`,
			`created 50 tasks \(20 control\)`, `Pool was closed\.`, `answers count: 90\b`,
			`DawidSkene labelled 30 headlines in \d+ iterations, \d+ as labelled; majority vote agrees on \d+`, `worker\s+accuracy`},
			[]string{"--workers", "30", "--seed", "2"}},
		{"image_classification.js", nil, []string{`pool \d+: 4 quality rules, mixer 9\+1`, `created 105 tasks \(15 control\)`,
			`Pool was closed\.`, `answers count: \d+`, `predicted answers: \{"`},
			[]string{"--workers", "30", "--accuracy", "0.9", "--seed", "2"}},
		// toloka-kit's streaming notebook: three pools joined by a pipeline (streaming_test.go stops and resumes it).
		// Its ChangeOverlap rule gives a task one more assignment for each rejected one: every image
		// ends with its 4 accepted finds, however many were rejected.
		{"streaming_pipeline.js", []string{"--state", "OUT/state", "--period", "200ms", "--lag", "100ms"}, []string{`created: find items pool \d+`,
			`verification tasks created: \d+`, `pipeline finished: \d+ found items reviewed`, `find items: 12 accepted, \d+ rejected, 0 waiting`},
			[]string{"--workers", "20"}},
	}
	for _, tc := range cases {
		t.Run(tc.script, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			// The simulated Tolokers work 200 times as fast as a real crowd.
			args := append(append([]string{"--local", "--pace", "200"}, tc.crowd...), tc.script)
			for _, a := range tc.args {
				args = append(args, regexp.MustCompile(`^OUT`).ReplaceAllString(a, dir))
			}
			cmd := exec.Command(bin, args...)
			cmd.Env = append(os.Environ(), "TMPDIR="+dir, "NO_COLOR=1")
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("%s: %v\n%s", tc.script, err, out)
			}
			for _, w := range tc.want {
				if !regexp.MustCompile(w).Match(out) {
					t.Errorf("%s: output lacks /%s/:\n%s", tc.script, w, out)
				}
			}
		})
	}
}
