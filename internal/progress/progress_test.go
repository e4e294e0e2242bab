package progress_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tolokash/tolokash/internal/progress"
)

func TestBarDrawsClampsAndErases(t *testing.T) {
	var out strings.Builder
	b := progress.New(&out, "openPool")
	b.Update(40, "RUNNING")
	if got := out.String(); !strings.Contains(got, "openPool [############") || !strings.Contains(got, " 40% RUNNING") {
		t.Fatalf("first draw: %q", got)
	}
	n := out.Len()
	b.Update(40, "RUNNING")
	if out.Len() != n {
		t.Errorf("unchanged state redrawn: %q", out.String()[n:])
	}
	b.Update(250, "SUCCESS") // a server reporting nonsense must not panic the bar
	if !strings.HasSuffix(out.String(), "100% SUCCESS") {
		t.Errorf("over 100 not clamped: %q", out.String())
	}
	b.Update(-5, "PENDING")
	if !strings.HasSuffix(out.String(), "  0% PENDING") {
		t.Errorf("negative not clamped: %q", out.String())
	}
	b.Done()
	if !strings.HasSuffix(out.String(), "\r\033[K") {
		t.Errorf("Done did not erase the line: %q", out.String())
	}
	n = out.Len()
	b.Done()
	if out.Len() != n {
		t.Error("second Done wrote again")
	}
}

func TestAutoIsSilentOffTerminal(t *testing.T) {
	f, err := os.Create(filepath.Join(t.TempDir(), "stderr"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if progress.IsTerminal(f) {
		t.Fatal("a regular file reported as a terminal")
	}
	var sb strings.Builder
	if progress.IsTerminal(&sb) {
		t.Fatal("a strings.Builder reported as a terminal")
	}
	b := progress.Auto(f, "x")
	b.Update(50, "RUNNING")
	b.Done()
	if st, _ := f.Stat(); st.Size() != 0 {
		t.Errorf("silent bar wrote %d bytes", st.Size())
	}
	var nilBar *progress.Bar
	nilBar.Update(1, "x") // nil bars are silent too
	nilBar.Done()
}
