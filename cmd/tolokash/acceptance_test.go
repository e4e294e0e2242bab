package main

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tolokash/tolokash/internal/testenv"
)

// TestAcceptanceThroughTheCommand runs the acceptance scripts of
// testdata/acceptance the way a person does, `tolokash --local FILE.js`, so
// the command's wiring (runtime, bindings, stdlib, the in-process emulator) is
// what is exercised.
func TestAcceptanceThroughTheCommand(t *testing.T) {
	isolate(t)
	scripts, _ := filepath.Glob(testenv.Testdata("acceptance", "*.js"))
	if len(scripts) < 3 {
		t.Fatalf("acceptance scripts: %q", scripts)
	}
	for _, s := range scripts {
		if filepath.Base(s) == "check.js" {
			continue // the scripts' helper module
		}
		t.Run(filepath.Base(s), func(t *testing.T) {
			var out, errOut bytes.Buffer
			// The simulated Tolokers work 200 times as fast as a real crowd.
			code := run([]string{"--local", "--pace", "200", s}, strings.NewReader(""), &out, &errOut)
			o := out.String()
			if code != 0 || !strings.Contains(o, "acceptance: ") || !strings.Contains(o, " 0 failed") {
				t.Errorf("exit %d\nstdout:\n%s\nstderr:\n%s", code, o, errOut.String())
			}
		})
	}
}
