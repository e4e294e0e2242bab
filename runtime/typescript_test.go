package runtime_test

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tolokash/tolokash/bindings"
	"github.com/tolokash/tolokash/client"
	"github.com/tolokash/tolokash/runtime"
)

func declarations(t *testing.T) string {
	t.Helper()
	var b strings.Builder
	if err := runtime.TypeScript(&b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestTypeScriptDeclaresEveryMethod(t *testing.T) {
	d := declarations(t)
	for _, ep := range client.Endpoints() {
		for _, name := range []string{bindings.JSName(ep.Name), ep.Name} {
			if !strings.Contains(d, "\n  "+name+"(") {
				t.Errorf("%s is not declared", name)
			}
		}
	}
	if strings.Count(d, "{") != strings.Count(d, "}") || strings.Count(d, "(") != strings.Count(d, ")") {
		t.Error("unbalanced braces or parentheses")
	}
	for _, want := range []string{
		`/// <reference lib="es2020" />`,
		"getPool(pool_id: string): Pool;", "getAssignments(options?: {", "): LazyIterator<Assignment>;",
		"interface Pool {", "\n  id: string;\n  project_id: string;", "reward_per_assignment?: number;",
		"createPool(pool: Partial<Pool>", "openPoolAsync(pool_id: string): Operation | null;",
		"declare var toloka: TolokaClient;", "declare class DataFrame {", "static fromRecords(records: Iterable<Record<string, any>>): DataFrame;",
		"declare var console: Console;", "declare module 'fs' {", "declare function require(name: 'fs'): typeof import('fs');",
		"declare function setTimeout(", "declare var process: Process;", "getAssignmentsDf(pool_id: string, options?: {",
		"(default APPROVED)",
	} {
		if !strings.Contains(d, want) {
			t.Errorf("declarations lack %q", want)
		}
	}
}

// TestTypeScriptChecksAScriptOfEveryFeature runs a pinned TypeScript compiler
// (testdata/typescript/package-lock.json, installed with npm ci) in --strict
// on a script that uses every documented feature, against `tolokash types`:
// the declarations must describe the whole environment, results included
// (pool.id is a string that can be passed on). It also checks the file alone
// with tsc's default libraries (DOM's among them).
func TestTypeScriptChecksAScriptOfEveryFeature(t *testing.T) {
	npm, err := exec.LookPath("npm")
	if err != nil {
		t.Skip("npm is not installed: the declarations were checked for shape only (.ci/run installs npm)")
	}
	tsc := installTypeScript(t, npm)
	dir := t.TempDir()
	for _, f := range []string{"script.ts", "tsconfig.json"} {
		data, err := os.ReadFile(filepath.Join("testdata", "typescript", f))
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(dir, f), data, 0o644)
	}
	os.WriteFile(filepath.Join(dir, "toloka.d.ts"), []byte(declarations(t)), 0o644)
	for _, args := range [][]string{
		{"-p", dir},
		{"--noEmit", "--strict", filepath.Join(dir, "toloka.d.ts")},
	} {
		out, err := exec.Command(tsc, args...).CombinedOutput()
		if err != nil {
			t.Errorf("tsc %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
}

// installTypeScript installs the pinned compiler once per lockfile into the
// user's cache and returns tsc's path.
func installTypeScript(t *testing.T, npm string) string {
	t.Helper()
	lock, err := os.ReadFile(filepath.Join("testdata", "typescript", "package-lock.json"))
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
	os.MkdirAll(dir, 0o755)
	for _, f := range []string{"package.json", "package-lock.json"} {
		data, _ := os.ReadFile(filepath.Join("testdata", "typescript", f))
		os.WriteFile(filepath.Join(dir, f), data, 0o644)
	}
	cmd := exec.Command(npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund")
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("npm ci (installing the pinned TypeScript): %v\n%s", err, out)
	}
	return tsc
}
