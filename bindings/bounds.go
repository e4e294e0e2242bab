package bindings

import (
	"fmt"
	"io"

	"github.com/tolokash/tolokash/stdlib"
)

// readBounded reads an answer the script asked for as bytes under the run's
// bounds: a server may send far more than the run may hold.
func (b *binder) readBounded(r io.Reader) ([]byte, error) {
	return stdlib.ReadBounded(r, func(n int64) error {
		if err := b.opts.Context().Err(); err != nil {
			return err
		}
		if b.opts.Reserve != nil && n > 0 {
			if err := b.opts.Reserve(n); err != nil {
				return fmt.Errorf("reading the download: %w", err)
			}
		}
		return nil
	})
}
