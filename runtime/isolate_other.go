//go:build !linux

package runtime

import "errors"

func limitAddressSpace(int64) error {
	return errors.New("isolated runs limit their address space on Linux only")
}
