package stdlib

import (
	"context"
	"runtime"
	"sync"

	"github.com/dop251/goja"
)

// perVM is what the stdlib keeps for one VM: the options Register was given
// (the modules read their bounds there, where a script cannot replace them)
// and the csv writers still open. It lives in the VM itself, under a symbol
// scripts cannot overwrite, so it goes when the VM goes (a map from VMs to
// it would keep every VM alive through the options' closures).
type perVM struct {
	mu      sync.Mutex
	opts    Options
	writers *openWriters
}

var perVMKey = goja.NewSymbol("tolokash.stdlib")

func stateOf(vm *goja.Runtime) *perVM {
	global := vm.GlobalObject()
	if v := global.GetSymbol(perVMKey); v != nil {
		if s, ok := v.Export().(*perVM); ok {
			return s
		}
	}
	s := &perVM{opts: Options{Context: context.Background}, writers: &openWriters{files: map[*atomicFile]struct{}{}}}
	global.DefineDataPropertySymbol(perVMKey, vm.ToValue(s), goja.FLAG_FALSE, goja.FLAG_FALSE, goja.FLAG_FALSE)
	// A VM dropped without Close aborts its writers when it is collected.
	runtime.AddCleanup(vm, func(w *openWriters) { w.abortAll() }, s.writers)
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
type openWriters struct {
	mu    sync.Mutex
	files map[*atomicFile]struct{}
}

func (s *perVM) addWriter(a *atomicFile) {
	s.writers.mu.Lock()
	s.writers.files[a] = struct{}{}
	s.writers.mu.Unlock()
}

func (s *perVM) removeWriter(a *atomicFile) {
	s.writers.mu.Lock()
	delete(s.writers.files, a)
	s.writers.mu.Unlock()
}

// abortAll removes the temporary files of the writers still open and returns their targets.
func (w *openWriters) abortAll() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	var paths []string
	for a := range w.files {
		a.abort()
		paths = append(paths, a.path)
	}
	clear(w.files)
	return paths
}

// AbortUnclosed removes the temporary files of the csv writers of vm that
// were never closed, so their targets stay as they were, and returns those
// targets' paths. Call it when the VM is done with (the runtime's Close).
func AbortUnclosed(vm *goja.Runtime) []string {
	return stateOf(vm).writers.abortAll()
}
