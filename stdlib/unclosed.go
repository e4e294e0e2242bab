package stdlib

import (
	"context"
	"runtime"
	"sync"
	"weak"

	"github.com/dop251/goja"
)

// perVM is what the stdlib keeps for one VM beside the VM itself: the
// options Register was given (the modules read their bounds there, where a
// script cannot replace them) and the csv writers still open. It lives as
// long as the VM: a VM dropped without Close is cleaned up when it is
// garbage collected.
type perVM struct {
	mu      sync.Mutex
	opts    Options
	writers map[*atomicFile]struct{}
}

var (
	vmsMu sync.Mutex
	vms   = map[weak.Pointer[goja.Runtime]]*perVM{}
)

func stateOf(vm *goja.Runtime) *perVM {
	key := weak.Make(vm)
	vmsMu.Lock()
	defer vmsMu.Unlock()
	if s := vms[key]; s != nil {
		return s
	}
	s := &perVM{opts: Options{Context: context.Background}, writers: map[*atomicFile]struct{}{}}
	vms[key] = s
	runtime.AddCleanup(vm, func(key weak.Pointer[goja.Runtime]) {
		vmsMu.Lock()
		s := vms[key]
		delete(vms, key)
		vmsMu.Unlock()
		if s != nil {
			s.abortWriters()
		}
	}, key)
	return s
}

func optionsOf(vm *goja.Runtime) Options {
	s := stateOf(vm)
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.opts
}

// A csv.writer writes into a temporary file that becomes the target on
// close(). A script that never calls close() must not leave the temporary
// file behind: AbortUnclosed (the runtime's Close) removes it, and so does
// the cleanup of a VM dropped without Close.

func (s *perVM) addWriter(a *atomicFile) {
	s.mu.Lock()
	s.writers[a] = struct{}{}
	s.mu.Unlock()
}

func (s *perVM) removeWriter(a *atomicFile) {
	s.mu.Lock()
	delete(s.writers, a)
	s.mu.Unlock()
}

// abortWriters removes the temporary files of the writers still open and returns their targets.
func (s *perVM) abortWriters() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var paths []string
	for a := range s.writers {
		a.abort()
		paths = append(paths, a.path)
	}
	clear(s.writers)
	return paths
}

// AbortUnclosed removes the temporary files of the csv writers of vm that
// were never closed, so their targets stay as they were, and returns those
// targets' paths. Call it when the VM is done with (the runtime's Close).
func AbortUnclosed(vm *goja.Runtime) []string {
	vmsMu.Lock()
	s := vms[weak.Make(vm)]
	vmsMu.Unlock()
	if s == nil {
		return nil
	}
	return s.abortWriters()
}
