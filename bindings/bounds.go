package bindings

import (
	"fmt"
	"io"
	"math"
	"time"

	"github.com/dop251/goja"

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

// durationOf reads a duration option: milliseconds or a string like '30s'.
// What does not fit a time.Duration (292 years) or is negative is refused
// rather than wrapped round.
func durationOf(v goja.Value) (time.Duration, error) {
	switch x := v.Export().(type) {
	case string:
		d, err := time.ParseDuration(x)
		if err == nil && d < 0 {
			err = fmt.Errorf("%q is negative", x)
		}
		return d, err
	case int64:
		if x < 0 || x > math.MaxInt64/int64(time.Millisecond) {
			return 0, fmt.Errorf("%d ms is not a duration between 0 and 292 years", x)
		}
		return time.Duration(x) * time.Millisecond, nil
	case float64:
		if x != x || x < 0 || x > float64(math.MaxInt64/int64(time.Millisecond)) {
			return 0, fmt.Errorf("%v ms is not a duration between 0 and 292 years", x)
		}
		return time.Duration(x * float64(time.Millisecond)), nil
	}
	return 0, fmt.Errorf("expected milliseconds or a duration like '30s', got %s", v)
}
