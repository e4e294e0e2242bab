package client

import "github.com/tolokash/tolokash/internal/names"

func endpointNames() []string {
	out := make([]string, len(table()))
	for i, e := range table() {
		out[i] = e.Name
	}
	return out
}

// suggest returns "; did you mean X?" for the closest candidate, if any is close.
func suggest(got string, candidates []string) string { return names.DidYouMean(got, candidates) }

// Suggest returns the method name closest to name, or "" when none is close.
func Suggest(name string, candidates []string) string { return names.Closest(name, candidates) }
