package emulator

import (
	"os"
	"testing"
)

// TestMain runs every test of the package with each kept encoding checked
// against a fresh one where it is used (encoded.go): any change to a stored
// object that failed to drop its JSON answers 500 and fails the test.
func TestMain(m *testing.M) {
	checkEncodings = true
	os.Exit(m.Run())
}
