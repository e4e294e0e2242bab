package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestEmbed(t *testing.T) {
	t.Setenv("TOLOKA_TOKEN", "")
	var out strings.Builder
	if err := run(context.Background(), &out, nil); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"the script says: 1 open pools, [DEMO POOL]",
		"the program holds: demo pool has 40 tasks",
		`Toloka answered DOES_NOT_EXIST (HTTP 404): Pool "123456789" does not exist`,
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
}

// TestEmbedScriptError: a script's own bug comes back as the script's
// error, with its line, not as an answer of Toloka's.
func TestEmbedScriptError(t *testing.T) {
	t.Setenv("TOLOKA_TOKEN", "")
	path := filepath.Join(t.TempDir(), "bug.js")
	os.WriteFile(path, []byte("const pool = toloka.getPools().first();\npool.nope.id\n"), 0o644)
	err := run(context.Background(), &strings.Builder{}, []string{path})
	if err == nil || strings.Contains(err.Error(), "Toloka answered") ||
		!strings.Contains(err.Error(), "pool.nope.id") || !strings.Contains(err.Error(), "TypeError") {
		t.Errorf("want the script's TypeError with its line, got %v", err)
	}
}
