package runtime_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/tolokash/tolokash/bindings"
	"github.com/tolokash/tolokash/client"
	"github.com/tolokash/tolokash/internal/testenv"
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
		"createPool(pool: Partial<Pool>", "closePoolAsync(pool_id: string): Operation | null;",
		"openPoolAsync(pool_id: string, options?: { max_cost?: number; check_balance?: boolean; fee_rate?: number }): Operation | null;",
		"  readonly async: AsyncTolokaClient;", "declare module 'toloka/streaming' {", "declare module 'toloka/metrics' {",
		"getPool(pool_id: string): Promise<Pool>;", "waitPool(pool_id: string, options?: StatusWaitOptions): Pool;",
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

// TestTypeScriptChecksAScriptOfEveryFeature runs the pinned TypeScript compiler
// (testdata/typescript/package-lock.json) in --strict on a script that uses
// every documented feature, against `tolokash types`: the declarations must
// describe the whole environment, results included (pool.id is a string that
// can be passed on). It also checks the file alone with tsc's default
// libraries (DOM's among them).
func TestTypeScriptChecksAScriptOfEveryFeature(t *testing.T) {
	tsc := testenv.TypeScript(t)
	dir := t.TempDir()
	for _, f := range []string{"script.ts", "tsconfig.json"} {
		if err := os.WriteFile(filepath.Join(dir, f), testenv.ReadTestdata(t, "typescript", f), 0o644); err != nil {
			t.Fatal(err)
		}
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

// TestTypeScriptChecksModelScripts compiles `tolokash types` with tsc --strict
// together with a script written with the model classes (it must pass) and one
// with the misspellings of issue #17 (each line marked WRONG must be an error).
func TestTypeScriptChecksModelScripts(t *testing.T) {
	tsc := testenv.TypeScript(t)
	dir := t.TempDir()
	decl := filepath.Join(dir, "toloka.d.ts")
	if err := os.WriteFile(decl, []byte(declarations(t)), 0o644); err != nil {
		t.Fatal(err)
	}
	run := func(script string) (string, error) {
		src := testenv.Testdata("typescript", script)
		out, err := exec.Command(tsc, "--strict", "--noEmit", "--target", "es2020", "--lib", "es2020", decl, src).CombinedOutput()
		return string(out), err
	}
	if out, err := run("models.ts"); err != nil {
		t.Errorf("tsc --strict on models.ts: %v\n%s", err, out)
	}
	out, err := run("wrong.ts")
	if err == nil {
		t.Fatal("tsc accepts wrong.ts")
	}
	for i, line := range strings.Split(string(testenv.ReadTestdata(t, "typescript", "wrong.ts")), "\n") {
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

// TestTypeScriptChecksAggregationScripts holds the declarations of
// require('toloka/aggregation') to the module: aggregation.ts, written
// without type annotations, must pass tsc --strict (by what the declarations
// say each call returns) and run in tolokash; each line of
// aggregation_wrong.ts marked WRONG must be a tsc error and, run alone, throw.
func TestTypeScriptChecksAggregationScripts(t *testing.T) {
	rt, _ := newRuntime(t, runtime.Options{})
	if err := rt.RunFile(context.Background(), testenv.Testdata("typescript", "aggregation.ts"), nil); err != nil {
		t.Fatalf("tolokash runs aggregation.ts: %v", err)
	}
	wrong := strings.Split(string(testenv.ReadTestdata(t, "typescript", "aggregation_wrong.ts")), "\n")
	var header []string
	for i, line := range wrong {
		if !strings.Contains(line, "// WRONG") {
			if len(header) == i {
				header = append(header, line)
			}
			continue
		}
		rt, _ := newRuntime(t, runtime.Options{})
		if _, err := rt.RunString(context.Background(), strings.Join(append(header[:len(header):len(header)], line), "\n")); err == nil {
			t.Errorf("line %d of aggregation_wrong.ts runs without an error: %s", i+1, strings.TrimSpace(line))
		}
	}

	tsc := testenv.TypeScript(t)
	dir := t.TempDir()
	decl := filepath.Join(dir, "toloka.d.ts")
	if err := os.WriteFile(decl, []byte(declarations(t)), 0o644); err != nil {
		t.Fatal(err)
	}
	run := func(script string) (string, error) {
		out, err := exec.Command(tsc, "--strict", "--noEmit", "--target", "es2020", "--lib", "es2020", decl,
			testenv.Testdata("typescript", script)).CombinedOutput()
		return string(out), err
	}
	if out, err := run("aggregation.ts"); err != nil {
		t.Errorf("tsc --strict on aggregation.ts: %v\n%s", err, out)
	}
	out, err := run("aggregation_wrong.ts")
	if err == nil {
		t.Fatal("tsc accepts aggregation_wrong.ts")
	}
	for i, line := range wrong {
		if strings.Contains(line, "// WRONG") && !regexp.MustCompile(`aggregation_wrong\.ts\(`+strconv.Itoa(i+1)+`,\d+\): error`).MatchString(out) {
			t.Errorf("tsc does not refuse line %d of aggregation_wrong.ts: %s\n%s", i+1, strings.TrimSpace(line), out)
		}
	}
	if strings.Contains(out, "toloka.d.ts(") {
		t.Errorf("the declarations themselves have errors:\n%s", out)
	}
}
