package main

import (
	"strings"
	"testing"
)

func TestEmbed(t *testing.T) {
	t.Setenv("TOLOKA_TOKEN", "")
	var out strings.Builder
	if err := run(&out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "DEMO POOL            40 tasks") || !strings.Contains(out.String(), "1 open pools") {
		t.Errorf("output:\n%s", out.String())
	}
}
