// Command gen writes client/zz_generated.go and the generated files of the
// model packages (tb, collectors, actions, conditions, filter); run it from
// the client directory.
package main

import (
	"log"
	"os"
	"path/filepath"

	"github.com/tolokash/tolokash/client/internal/gen"
)

func main() {
	files, err := gen.GenerateModels()
	for path, src := range files {
		if err != nil {
			path += ".broken"
		}
		if werr := os.WriteFile(filepath.FromSlash(path), src, 0o644); werr != nil {
			log.Fatal(werr)
		}
	}
	if err != nil {
		log.Fatal(err)
	}
	var sources [][]byte
	for _, f := range gen.ModelFiles {
		src, err := os.ReadFile(f)
		if err != nil {
			log.Fatal(err)
		}
		sources = append(sources, src)
	}
	out, err := gen.Generate(sources...)
	if err != nil {
		os.WriteFile("zz_generated.go.broken", out, 0o644)
		log.Fatal(err)
	}
	if err := os.WriteFile("zz_generated.go", out, 0o644); err != nil {
		log.Fatal(err)
	}
}
