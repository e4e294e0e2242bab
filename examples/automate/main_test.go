package main

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestAutomate runs the whole job against the emulator: every task made,
// every assignment accepted, every image labelled.
func TestAutomate(t *testing.T) {
	t.Setenv("TOLOKA_TOKEN", "")
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	var out strings.Builder
	if err := run(ctx, &out, 12); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	got := out.String()
	for _, want := range []*regexp.Regexp{
		regexp.MustCompile(`pool \d+: 12 tasks, 0 refused`),
		regexp.MustCompile(`pool \d+ closed: 36 assignments accepted`), // overlap 3
		regexp.MustCompile(`(?m)^https://example.com/pets/11.jpg\t(cat|dog)$`),
		regexp.MustCompile(`12 images labelled: (\d+ cat ?)?(\d+ dog)?\n`),
	} {
		if !want.MatchString(got) {
			t.Errorf("output does not match %s:\n%s", want, got)
		}
	}
}
