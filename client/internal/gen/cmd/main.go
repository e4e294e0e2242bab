// Command gen writes client/zz_generated.go; run it from the client directory.
package main

import (
	"log"
	"os"

	"github.com/tolokash/tolokash/client/internal/gen"
)

func main() {
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
