package emulator

import (
	"flag"
	"os"
	"testing"
)

// TestMain runs every test of the package with each kept encoding checked
// against a fresh one where it is used (encoded.go): any change to a stored
// object that failed to drop its JSON answers 500 and fails the test.
// Benchmarks measure the emulator as it runs, unchecked.
func TestMain(m *testing.M) {
	flag.Parse()
	checkEncodings = flag.Lookup("test.bench").Value.String() == ""
	os.Exit(m.Run())
}
