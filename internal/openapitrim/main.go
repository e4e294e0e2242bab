// Command openapitrim writes testdata/openapi/api.json and apps.json: the part
// of Toloka's published OpenAPI descriptions that the project's tests read
// (routes, operation ids, parameter names; see keep in trim.go), cut from a
// checkout of github.com/Toloka/docs. The full descriptions are 1.3 MB of
// YAML with examples and prose; the tests need a few dozen kilobytes of it.
//
//	git clone https://github.com/Toloka/docs /tmp/toloka-docs
//	make testdata-openapi DOCS=/tmp/toloka-docs
package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/goccy/go-yaml"
)

// sources are the descriptions, by their path in the Toloka/docs repository.
var sources = []struct{ out, path string }{
	{"api.json", "en/api/reference/fullApi.yaml"},              // the Toloka API, /api/v1
	{"apps.json", "en/toloka-apps/api/reference/openapi.yaml"}, // the Apps API, /api/app/v0
}

func main() {
	docs := flag.String("docs", "", "a checkout of github.com/Toloka/docs")
	out := flag.String("out", "testdata/openapi", "the folder to write api.json and apps.json to")
	commit := flag.String("commit", "", "the Toloka/docs commit DIR holds, when DIR is a copy rather than a git checkout")
	flag.Parse()
	if *docs == "" || flag.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "usage: openapitrim -docs DIR [-out testdata/openapi]")
		os.Exit(2)
	}
	if err := run(*docs, *out, *commit); err != nil {
		fmt.Fprintln(os.Stderr, "openapitrim:", err)
		os.Exit(1)
	}
}

func run(docs, out, commit string) error {
	if commit == "" {
		head, err := exec.Command("git", "-C", docs, "rev-parse", "HEAD").Output()
		if err != nil {
			return fmt.Errorf("%s is not a git checkout of Toloka/docs (give -commit for a copy): %w", docs, err)
		}
		commit = string(head)
	}
	for _, s := range sources {
		src, err := os.ReadFile(filepath.Join(docs, filepath.FromSlash(s.path)))
		if err != nil {
			return err
		}
		data, err := trimmed(src, source{
			Repository: "https://github.com/Toloka/docs",
			Commit:     strings.TrimSpace(commit),
			Path:       s.path,
			SHA256:     sum(src),
		})
		if err != nil {
			return fmt.Errorf("%s: %w", s.path, err)
		}
		if err := os.WriteFile(filepath.Join(out, s.out), data, 0o644); err != nil {
			return err
		}
		fmt.Printf("%s: %d → %d bytes\n", filepath.Join(out, s.out), len(src), len(data))
	}
	return nil
}

// source says where a trimmed description came from; it is written as the
// description's x-source member (OpenAPI allows x- members anywhere).
type source struct {
	Repository string `json:"repository"`
	Commit     string `json:"commit"`
	Path       string `json:"path"`
	SHA256     string `json:"sha256"`
}

// trimmed decodes one OpenAPI description (YAML or JSON) and answers its kept
// part as indented JSON.
func trimmed(src []byte, from source) ([]byte, error) {
	var doc any
	if err := yaml.Unmarshal(src, &doc); err != nil {
		return nil, err
	}
	if m, ok := doc.(map[string]any); !ok || m["paths"] == nil {
		return nil, fmt.Errorf("not an OpenAPI description: no paths")
	}
	kept, _ := trim(doc)
	kept.(map[string]any)["x-source"] = from
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(kept); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

func sum(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}
