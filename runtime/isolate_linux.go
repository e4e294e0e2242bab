package runtime

import (
	"bytes"
	"fmt"
	"os"
	"strconv"
	"syscall"
)

// limitAddressSpace caps this process's address space at what it uses now
// plus headroom bytes (RLIMIT_AS, soft and hard: it cannot be raised again).
func limitAddressSpace(headroom int64) error {
	if raceEnabled {
		// The race detector maps terabytes of shadow memory: any limit would
		// end the process at once.
		fmt.Fprintln(os.Stderr, "isolated child: built with -race: no address-space limit")
		return nil
	}
	now, err := addressSpace()
	if err != nil {
		return fmt.Errorf("address-space limit: %w", err)
	}
	limit := uint64(now + headroom)
	if err := syscall.Setrlimit(syscall.RLIMIT_AS, &syscall.Rlimit{Cur: limit, Max: limit}); err != nil {
		return fmt.Errorf("address-space limit of %d bytes: %w", limit, err)
	}
	return nil
}

// addressSpace is the process's virtual memory size (VmSize) in bytes.
func addressSpace() (int64, error) {
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0, err
	}
	for _, line := range bytes.Split(status, []byte("\n")) {
		if v, ok := bytes.CutPrefix(line, []byte("VmSize:")); ok {
			kb, err := strconv.ParseInt(string(bytes.TrimSpace(bytes.TrimSuffix(bytes.TrimSpace(v), []byte("kB")))), 10, 64)
			if err != nil {
				return 0, err
			}
			return kb << 10, nil
		}
	}
	return 0, fmt.Errorf("no VmSize in /proc/self/status")
}
