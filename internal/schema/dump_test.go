package schema

import (
	"flag"
	"os"
	"testing"

	"github.com/tolokash/tolokash/internal/testenv"
)

var dumpJSON = flag.String("dump", "", "write the description as JSON to this file (testdata/toloka-kit/surface.py reads it)")

// TestDumpJSON is a tool, not a check: with -dump FILE it writes the
// description for surface.py to compare with toloka-kit.
func TestDumpJSON(t *testing.T) {
	if *dumpJSON == "" {
		testenv.Needs(t, "-dump", "a file to write the description to, for testdata/toloka-kit/surface.py")
	}
	if err := os.WriteFile(*dumpJSON, Load().JSON(), 0o644); err != nil {
		t.Fatal(err)
	}
}
