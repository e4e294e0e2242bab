package emulator

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// httpLayer are the files that speak HTTP: they serve, bound and read a
// request into an apiRequest, and write answers. Everything else is the
// state, which acts on apiRequests and never sees net/http.
var httpLayer = map[string]bool{
	"emulator.go": true, // ServeHTTP, latency
	"serve.go":    true, // bodies, tokens, the http.Server
	"routes.go":   true, // the routes, apiRequest, locking
	"errors.go":   true, // writing error and JSON answers
	"export.go":   true, // the TSV export and attachment downloads, streamed
	"faults.go":   true, // faults injected around a request
}

// TestStateKnowsNoHTTP holds the line between the two: handlers decode,
// state acts. A state method or handler that takes an *http.Request again
// (or names anything else of net/http) fails here, naming where.
func TestStateKnowsNoHTTP(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	stateMethods := 0
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		f, err := parser.ParseFile(fset, name, src, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		httpName := ""
		for _, imp := range f.Imports {
			if path, _ := strconv.Unquote(imp.Path.Value); path == "net/http" {
				httpName = "http"
				if imp.Name != nil {
					httpName = imp.Name.Name
				}
				if !httpLayer[name] {
					t.Errorf("%s imports net/http: only the HTTP layer (%s) may; the state acts on an apiRequest", fset.Position(imp.Pos()), strings.Join(sortedKeys(httpLayer), ", "))
				}
			}
		}
		// In the HTTP layer's files too: no method of the state, and not
		// the handlers' type, names net/http.
		for _, decl := range f.Decls {
			switch d := decl.(type) {
			case *ast.FuncDecl:
				if d.Recv == nil || !isState(d.Recv.List[0].Type) {
					continue
				}
				stateMethods++
				if httpName == "" {
					continue
				}
				for _, pos := range namesOf(d, httpName) {
					t.Errorf("%s: (*state).%s names %s.%s: the state acts on an apiRequest that routes.go reads from the request", fset.Position(pos.Pos()), d.Name.Name, httpName, pos.Sel.Name)
				}
			case *ast.GenDecl:
				for _, spec := range d.Specs {
					if ts, ok := spec.(*ast.TypeSpec); ok && ts.Name.Name == "handlerFunc" && httpName != "" {
						for _, pos := range namesOf(ts.Type, httpName) {
							t.Errorf("%s: handlerFunc names %s.%s: handlers take an apiRequest", fset.Position(pos.Pos()), httpName, pos.Sel.Name)
						}
					}
				}
			}
		}
	}
	if stateMethods < 100 {
		t.Fatalf("found %d methods of *state in %d files: the test reads emulator/*.go and should find hundreds", stateMethods, len(files))
	}
}

func isState(e ast.Expr) bool {
	if star, ok := e.(*ast.StarExpr); ok {
		e = star.X
	}
	id, ok := e.(*ast.Ident)
	return ok && id.Name == "state"
}

// namesOf lists the uses of pkg's names (http.Request, http.StatusOK) in n.
func namesOf(n ast.Node, pkg string) []*ast.SelectorExpr {
	var uses []*ast.SelectorExpr
	ast.Inspect(n, func(n ast.Node) bool {
		if sel, ok := n.(*ast.SelectorExpr); ok {
			if id, ok := sel.X.(*ast.Ident); ok && id.Name == pkg {
				uses = append(uses, sel)
			}
		}
		return true
	})
	return uses
}

// TestRouteWildcardsAreCarried: a route whose wildcard apiRequest does not
// carry would hand its handler "" for it; it fails when it is registered.
func TestRouteWildcardsAreCarried(t *testing.T) {
	defer func() {
		p := recover()
		if p == nil || !strings.Contains(fmt.Sprint(p), "{user}") {
			t.Fatalf("registering GET /api/v1/users/{user}: panic %v, want one naming {user}", p)
		}
	}()
	new(Server).handle("GET /api/v1/users/{user}", nil)
}
