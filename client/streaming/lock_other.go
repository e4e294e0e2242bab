//go:build !unix

package streaming

import (
	"os"
)

// lockFile has no portable counterpart of flock here: the storage is not
// locked on this system.
func lockFile(f *os.File) error { return nil }

func unlockFile(f *os.File) {}
