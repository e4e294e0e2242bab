// Package testenv locates files the tests share with the rest of the project.
package testenv

import (
	"os"
	"path/filepath"
	"runtime"
)

// ModuleRoot is the directory holding go.mod.
func ModuleRoot() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Clean(filepath.Join(filepath.Dir(file), "..", ".."))
}

// Shared is the ../shared folder beside the checkout (the API description,
// recorded exchanges and acceptance scripts), or "" when it is absent.
func Shared() string {
	if dir := os.Getenv("TOLOKASH_SHARED"); dir != "" {
		return dir
	}
	dir := filepath.Join(ModuleRoot(), "..", "shared")
	if _, err := os.Stat(filepath.Join(dir, "toloka-api")); err != nil {
		return ""
	}
	return dir
}
