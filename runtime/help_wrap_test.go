package runtime

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// TestWrapHelpFitsTheWidth: help's listings fit a narrow terminal without
// a word cut in half: a long description wraps under its column, or under
// its entry when the column starts past half the width; every word is kept
// in order; unknown width leaves the text alone.
func TestWrapHelpFitsTheWidth(t *testing.T) {
	text := "Topics:\n" +
		"  getPool(id)     Gets a pool by id, and says a great deal more about it than fits.\n" +
		"  toloka.waitAppBatch(app_project_id, batch_id, options?) → AppBatch  Waits until the App batch is COMPLETED and returns it.\n" +
		"  short  fits\n" +
		"  https://example.com/" + strings.Repeat("x", 70)
	got := wrapHelp(text, 50)
	for _, l := range strings.Split(got, "\n") {
		if n := utf8.RuneCountInString(l); n > 50 {
			t.Errorf("a line of %d columns: %q", n, l)
		}
	}
	if strings.Join(strings.Fields(got), "") != strings.Join(strings.Fields(text), "") {
		t.Errorf("words lost or moved:\n%s", got)
	}
	lines := strings.Split(got, "\n")
	if lines[1] != "  getPool(id)     Gets a pool by id, and says a" || lines[2] != strings.Repeat(" ", 18)+"great deal more about it than" {
		t.Errorf("a description wraps under its column:\n%s", got)
	}
	if !strings.Contains(got, "\n  toloka.waitAppBatch(app_project_id, batch_id,\n      options?) → AppBatch\n      Waits until the App") {
		t.Errorf("an entry wider than half the width has its text under it:\n%s", got)
	}
	if !strings.Contains(got, "\n  short  fits\n") {
		t.Errorf("a line that fits is kept:\n%s", got)
	}
	if wrapHelp(text, 0) != text {
		t.Error("no width: the text stays as it is")
	}
}
