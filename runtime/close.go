package runtime

import (
	"fmt"

	"github.com/tolokash/tolokash/stdlib"
)

// Close ends the runtime: runs after it fail with ErrClosed, and csv
// writers a script opened but never closed are aborted, their temporary
// files removed and their targets left as they were (a warning on Stderr
// names them). Call it when the runtime is done with; a runtime that is
// garbage collected without Close aborts its writers then.
func (r *Runtime) Close() error {
	r.mu.Lock()
	if r.closed {
		r.mu.Unlock()
		return nil
	}
	r.closed = true
	busy := r.busy
	r.mu.Unlock()
	if busy != nil {
		return nil // the VM is still in use by a run given up on; the collector cleans up after it
	}
	for _, path := range stdlib.AbortUnclosed(r.vm) {
		fmt.Fprintf(r.opts.Stderr, "tolokash: a csv.writer for %s was never closed: nothing was written there\n", path)
	}
	return nil
}
