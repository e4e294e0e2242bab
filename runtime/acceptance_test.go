package runtime_test

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/tolokash/tolokash/client"
	"github.com/tolokash/tolokash/emulator"
	"github.com/tolokash/tolokash/emulator/emulatortest"
	"github.com/tolokash/tolokash/internal/testenv"
	"github.com/tolokash/tolokash/runtime"
)

func newRuntime(t *testing.T, opts runtime.Options) (*runtime.Runtime, *bytes.Buffer) {
	t.Helper()
	run := emulatortest.Start(t, emulator.Options{Seed: 1})
	c, err := client.New("local", client.WithURL(run.URL), client.WithPollInterval(5*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	opts.Client = c
	if opts.Stdout == nil {
		opts.Stdout = &out
	}
	rt, err := runtime.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	return rt, &out
}

// TestAcceptance runs the scripts of testdata/acceptance against the emulator.
func TestAcceptance(t *testing.T) {
	for _, name := range []string{"bindings.js", "dataframe.js", "workflow.js"} {
		t.Run(name, func(t *testing.T) {
			t.Setenv("TMPDIR", t.TempDir())
			rt, out := newRuntime(t, runtime.Options{})
			err := rt.RunFile(context.Background(), testenv.Testdata("acceptance", name), nil)
			last := lastLine(out.String())
			if err != nil || !strings.HasPrefix(last, "acceptance: ") || !strings.HasSuffix(last, " 0 failed") {
				t.Fatalf("%s: %v\n%s", name, err, out.String())
			}
			t.Log(last)
		})
	}
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return lines[len(lines)-1]
}

var _ = os.Getenv
