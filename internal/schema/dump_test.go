package schema

import (
	"flag"
	"os"
	"testing"
)

var dumpJSON = flag.String("dump", "", "write the description as JSON to this file (testdata/toloka-kit/surface.py reads it)")

func TestDumpJSON(t *testing.T) {
	if *dumpJSON == "" {
		t.Skip("no -dump file")
	}
	if err := os.WriteFile(*dumpJSON, Load().JSON(), 0o644); err != nil {
		t.Fatal(err)
	}
}
