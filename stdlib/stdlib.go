// Package stdlib holds the JavaScript modules written in Go: fs, csv, compress, DataFrame.
package stdlib

// CONTRACT STUB (to be replaced by the real implementation; keep the exported signatures).

import (
	"io"

	"github.com/dop251/goja"
	"github.com/dop251/goja_nodejs/require"
)

// Options configures what Register installs.
type Options struct {
	Disable []string // module names to leave out: "fs", "compress", "csv", "env"
	Color   bool     // DataFrame.print colors
	Stdout  io.Writer
}

// Register installs the native modules into registry and the globals
// (DataFrame, sleep, env) into vm.
func Register(vm *goja.Runtime, registry *require.Registry, opts Options) error { return nil }

// DataFrameFromTSV parses a TSV stream (the assignments export) into a JS DataFrame.
func DataFrameFromTSV(vm *goja.Runtime, r io.Reader) (goja.Value, error) {
	return goja.Undefined(), nil
}
