package runtime

import (
	"errors"
	"os"
	"path/filepath"
	"strings"

	"github.com/dop251/goja"
	"github.com/dop251/goja/parser"
	"github.com/dop251/goja_nodejs/require"

	"github.com/tolokash/tolokash/client"
)

// moduleWrapper is what require puts around a module's source: columns on a
// module's first line are shifted by its length.
const moduleWrapper = "(function(exports,require,module,__filename,__dirname){"

// loadModule reads a module's source for require and checks that it parses,
// so a syntax error names the file, line and column a person counts, with
// the line, instead of require's "GoError: SyntaxError" at a column shifted
// by the wrapper.
func (r *Runtime) loadModule(path string) ([]byte, error) {
	data, err := require.DefaultSourceLoader(path)
	if err != nil {
		return nil, err
	}
	if filepath.Ext(path) == ".json" {
		return data, nil
	}
	src := string(data)
	r.sources.add(path, src, len(moduleWrapper))
	if _, err := parser.ParseFile(nil, path, moduleWrapper+src+"\n})", 0); err != nil {
		if async, ok := asyncModule(src); ok && path == r.mainPath {
			r.sources.add(path, src, len(moduleWrapper)+mainAwaitPrefixLen) // top-level await (await.go)
			return []byte(async), nil
		}
		return nil, r.newSyntaxError(path, err, len(moduleWrapper))
	}
	return data, nil
}

// knownModules are the names require answers to without a file, for "did you mean".
var knownModules = []string{"fs", "csv", "compress", "util", "buffer", "url", "process", "console"}

// installRequire wraps the registry's require so a module that cannot be
// found is named ("Cannot find module './nope.js'"), with a suggestion when a
// built-in module is close, instead of goja_nodejs's bare "Invalid module".
// Relative paths are resolved here against the calling file, since the
// registry would look at the wrapper's frame instead.
func (r *Runtime) installRequire() {
	vm := r.vm
	orig, ok := goja.AssertFunction(vm.Get("require"))
	if !ok {
		return
	}
	fn := vm.ToValue(func(call goja.FunctionCall) goja.Value {
		arg := call.Argument(0)
		name, ok := arg.Export().(string)
		if !ok {
			panic(vm.NewTypeError("require: expected a module name or a path, got %s", arg))
		}
		target := name
		if isPath(name) && !filepath.IsAbs(name) {
			dir := "."
			if frames := vm.CaptureCallStack(2, nil); len(frames) > 1 && filepath.IsAbs(frames[1].SrcName()) {
				dir = filepath.Dir(frames[1].SrcName())
			}
			target = filepath.Join(dir, name)
		}
		v, err := orig(goja.Undefined(), vm.ToValue(target))
		if err == nil {
			return v
		}
		var ex *goja.Exception
		if errors.As(err, &ex) && errors.Is(ex.Unwrap(), require.InvalidModuleError) {
			panic(r.notFound(name, target))
		}
		panic(err)
	})
	fn.(*goja.Object).DefineDataProperty("name", vm.ToValue("require"), goja.FLAG_FALSE, goja.FLAG_TRUE, goja.FLAG_FALSE)
	vm.Set("require", fn)
}

func (r *Runtime) notFound(name, target string) *goja.Object {
	vm := r.vm
	msg := "Cannot find module '" + name + "'"
	if isPath(name) {
		abs, _ := filepath.Abs(target)
		msg += " (no file " + abs
		if filepath.Ext(abs) == "" {
			msg += ", " + filepath.Base(abs) + ".js or " + filepath.Join(filepath.Base(abs), "index.js")
		}
		msg += ")"
		if entries, err := os.ReadDir(filepath.Dir(abs)); err == nil {
			var names []string
			for _, e := range entries {
				names = append(names, e.Name())
			}
			if s := client.Suggest(filepath.Base(abs), names); s != "" {
				msg += "; did you mean " + strings.TrimSuffix(name, filepath.Base(name)) + s + "?"
			}
		}
	} else if s := client.Suggest(name, knownModules); s != "" {
		msg += "; did you mean '" + s + "'?"
	}
	e, err := vm.New(vm.Get("Error"), vm.ToValue(msg))
	if err != nil {
		return vm.NewTypeError(msg)
	}
	e.Set("code", "MODULE_NOT_FOUND")
	return e
}

func isPath(name string) bool {
	return name == "." || name == ".." || strings.HasPrefix(name, "/") || strings.HasPrefix(name, "./") || strings.HasPrefix(name, "../")
}
