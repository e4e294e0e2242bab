package bindings

import (
	"slices"
	"testing"
)

// TestModelRootsAreCurrent holds the written-out list of the toloka global's
// model members to the description it comes from.
func TestModelRootsAreCurrent(t *testing.T) {
	if got, want := modelRoots, modelRootNames(); !slices.Equal(got, want) {
		t.Errorf("modelRoots in models.go is out of date; it should be\n%#v", want)
	}
}
