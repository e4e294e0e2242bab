package bindings

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tolokash/tolokash/client"
)

func TestTypeScriptDeclaresEveryMethod(t *testing.T) {
	var b strings.Builder
	if err := TypeScript(&b); err != nil {
		t.Fatal(err)
	}
	d := b.String()
	for _, ep := range client.Endpoints() {
		for _, name := range []string{JSName(ep.Name), ep.Name} {
			if !strings.Contains(d, "\n  "+name+"(") {
				t.Errorf("%s is not declared", name)
			}
		}
	}
	if strings.Count(d, "{") != strings.Count(d, "}") || strings.Count(d, "(") != strings.Count(d, ")") {
		t.Error("unbalanced braces or parentheses")
	}
	for _, want := range []string{"getPool(pool_id: string): Pool;", "getAssignments(options?: {", "): LazyIterator<Assignment>;",
		"type Pool = wire.pool.Pool;", "reward_per_assignment?: number;", "declare const toloka: TolokaClient;"} {
		if !strings.Contains(d, want) {
			t.Errorf("declarations lack %q", want)
		}
	}
	// When a TypeScript compiler is at hand, the declarations must type-check.
	tsc, err := exec.LookPath("tsc")
	if err != nil {
		t.Log("tsc not installed: the declarations were checked for shape only")
		return
	}
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "toloka.d.ts"), []byte(d), 0o644)
	if out, err := exec.Command(tsc, "--noEmit", "--lib", "es2020", filepath.Join(dir, "toloka.d.ts")).CombinedOutput(); err != nil {
		t.Errorf("tsc: %v\n%s", err, out)
	}
}
