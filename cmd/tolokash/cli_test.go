package main

import (
	"path/filepath"
	"testing"
)

// isolate points the config and state directories into a temporary directory
// and clears the connection variables, so a test sees no real profile.
func isolate(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(dir, "config"))
	t.Setenv("XDG_STATE_HOME", filepath.Join(dir, "state"))
	for _, k := range []string{"TOLOKA_TOKEN", "TOLOKA_ENV", "TOLOKA_URL", "TOLOKA_PROFILE", "NO_COLOR"} {
		t.Setenv(k, "")
	}
	return dir
}
