//go:build unix

package stdlib

import (
	"bytes"
	"os"
	"strconv"
	"sync"
	"syscall"
)

// umask is the process's file mode creation mask, read once. Linux shows it
// in /proc; elsewhere reading it means setting it for a moment, which a file
// created by another goroutine at that moment would feel.
var umask = sync.OnceValue(func() os.FileMode {
	if status, err := os.ReadFile("/proc/self/status"); err == nil {
		for _, line := range bytes.Split(status, []byte("\n")) {
			if v, ok := bytes.CutPrefix(line, []byte("Umask:")); ok {
				if m, err := strconv.ParseUint(string(bytes.TrimSpace(v)), 8, 32); err == nil {
					return os.FileMode(m)
				}
			}
		}
	}
	m := syscall.Umask(0o022)
	syscall.Umask(m)
	return os.FileMode(m)
})
