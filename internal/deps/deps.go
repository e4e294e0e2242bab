//go:build tools

// Package deps pins the modules the project builds on so that every package
// can use them without another `go get`.
package deps

import (
	_ "github.com/creack/pty"
	_ "github.com/dop251/goja"
	_ "github.com/dop251/goja_nodejs/require"
	_ "github.com/fatih/color"
	_ "github.com/klauspost/compress/zstd"
	_ "github.com/mattn/go-isatty"
	_ "github.com/mattn/go-runewidth"
	_ "github.com/rogpeppe/go-internal/testscript"
	_ "golang.org/x/term"
)
