package bindings_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/tolokash/tolokash/bindings"
)

// tsc returns the TypeScript compiler pinned in testdata/typescript/package.json,
// installing it with npm when it is not there yet (.ci/run installs it first).
func tsc(t *testing.T) string {
	t.Helper()
	dir, _ := filepath.Abs("../testdata/typescript")
	bin := filepath.Join(dir, "node_modules", ".bin", "tsc")
	if _, err := os.Stat(bin); err == nil {
		return bin
	}
	npm, err := exec.LookPath("npm")
	if err != nil {
		t.Skip("npm is not installed: the TypeScript declarations are not compiled (install Node.js and npm, or run .ci/run)")
	}
	cmd := exec.Command(npm, "ci", "--no-audit", "--no-fund", "--silent")
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("npm ci in %s: %v\n%s", dir, err, out)
	}
	return bin
}

// TestTypeScriptChecksModelScripts compiles `tolokash types` with tsc --strict
// together with a script written with the model classes (it must pass) and one
// with the misspellings of issue #17 (each must be an error).
func TestTypeScriptChecksModelScripts(t *testing.T) {
	compiler := tsc(t)
	dir := t.TempDir()
	var b strings.Builder
	if err := bindings.TypeScript(&b); err != nil {
		t.Fatal(err)
	}
	decl := filepath.Join(dir, "toloka.d.ts")
	if err := os.WriteFile(decl, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	run := func(script string) (string, error) {
		src, _ := filepath.Abs(filepath.Join("../testdata/typescript", script))
		out, err := exec.Command(compiler, "--strict", "--noEmit", "--target", "es2020", "--lib", "es2020", decl, src).CombinedOutput()
		return string(out), err
	}
	if out, err := run("models.ts"); err != nil {
		t.Errorf("tsc --strict on models.ts: %v\n%s", err, out)
	}
	out, err := run("wrong.ts")
	if err == nil {
		t.Fatal("tsc accepts wrong.ts")
	}
	src, _ := os.ReadFile("../testdata/typescript/wrong.ts")
	for i, line := range strings.Split(string(src), "\n") {
		if !strings.Contains(line, "// WRONG") {
			continue
		}
		if !regexp.MustCompile(`wrong\.ts\(` + strconv.Itoa(i+1) + `,\d+\): error`).MatchString(out) {
			t.Errorf("tsc does not refuse line %d of wrong.ts: %s\n%s", i+1, strings.TrimSpace(line), out)
		}
	}
	if strings.Contains(out, "toloka.d.ts(") {
		t.Errorf("the declarations themselves have errors:\n%s", out)
	}
}
