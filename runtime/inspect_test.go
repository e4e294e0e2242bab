package runtime_test

import (
	"bytes"
	"context"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tolokash/tolokash/runtime"
)

// TestInspectMatchesNode prints values of every kind util.inspect knows —
// nesting past the depth, long arrays in columns, sparse arrays, maps, sets,
// class instances, null prototypes, functions and classes, dates, regular
// expressions, odd keys, cycles, promises, boxed primitives, typed arrays,
// getters, symbols, quotes — and util.format's directives, with node and with
// tolokash, and wants the same text. It skips where node is not installed.
func TestInspectMatchesNode(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node is not installed (.ci/run installs it with npm)")
	}
	script, _ := filepath.Abs(filepath.Join("testdata", "inspect_cases.js"))
	want, err := exec.Command(node, script).Output()
	if err != nil {
		t.Fatal(err)
	}
	var got bytes.Buffer
	rt, err := runtime.New(runtime.Options{Stdout: &got, Stderr: &got})
	if err != nil {
		t.Fatal(err)
	}
	if err := rt.RunFile(context.Background(), script, nil); err != nil {
		t.Fatal(err)
	}
	wantLines, gotLines := strings.Split(string(want), "\n"), strings.Split(got.String(), "\n")
	for i := 0; i < max(len(wantLines), len(gotLines)); i++ {
		var w, g string
		if i < len(wantLines) {
			w = wantLines[i]
		}
		if i < len(gotLines) {
			g = gotLines[i]
		}
		if w != g {
			t.Errorf("line %d differs:\nnode:     %q\ntolokash: %q", i+1, w, g)
		}
	}
}
