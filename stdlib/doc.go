// Package stdlib holds the JavaScript library written in Go that scripts
// get beside the toloka global: the DataFrame class, require('fs'),
// require('csv'), require('compress'), require('toloka/aggregation')
// (crowd-kit's aggregators over DataFrames, from package aggregation), and
// the sleep and env globals.
//
// # Through the runtime
//
// Every runtime.Runtime has all of it; Options.DisableModules switches
// modules off, and an Untrusted runtime runs it without files or the
// environment (a frame's toCSV() without a path still gives the CSV as a
// string). A DataFrame a script returns comes back from Run as records, one
// map per row:
//
//	v, err := rt.Run(context.Background(), `
//		const answers = new DataFrame({
//		answers.groupBy('task').agg({label: 'mode'})`)
//	for _, row := range v.([]any) {
//
// # DataFrames
//
// A DataFrame is columnar: each column holds its values by type (numbers
// unboxed, a repeated string once, nulls and booleans as bits; Go values
// only for a column of mixed kinds), built and transformed in Go, so tables
// of results stay cheap to hold and fast to write. It is made from columns or records, or
// read from CSV and TSV (compressed by extension: .gz, .zst); it groups and
// aggregates, counts, joins and samples; it writes CSV, TSV and JSON,
// atomically: a file is written beside its target and renamed over it
// once complete. Values keep their types through CSV: an empty
// unquoted cell is null, an unquoted number or true/false a number or a
// boolean, anything quoted a string. toloka.getAssignmentsDf gives the
// assignments export as one.
//
// # On a goja VM of one's own
//
// Without the runtime, Register installs DataFrame, sleep and env in a goja
// VM, and RegisterModules adds the modules to a goja_nodejs require
// registry:
//
//	vm := goja.New()
//	if err := stdlib.Register(vm, stdlib.Options{Stdout: os.Stdout, NoFiles: true, NoEnv: true}); err != nil {
//
// Options bound what scripts may do: Context ends sleeps and long loops
// (reading, decompressing, joining) when the run is stopped, Reserve is
// asked before anything big is made, NoFiles and NoEnv switch off the
// host. The runtime sets them all.
package stdlib
