package runtime

import (
	"errors"
	"reflect"
	"strings"

	"github.com/dop251/goja"
	"github.com/dop251/goja/ast"
	"github.com/dop251/goja/parser"

	"github.com/tolokash/tolokash/internal/jsvalue"
)

// Top-level await in scripts (RunFile, RunString) as in the shell: code that
// parses only inside an async function runs in one, on its first line so
// that line numbers stay right, and the run waits for it, timers and
// callbacks going on meanwhile. A rejection ends the run as a thrown error
// would, with the rejection's stack.

// awaitPrefix opens the async function a script with top-level await runs in.
const awaitPrefix = "(async () => { "

// mainAwaitKey holds, on the global object while the main module starts,
// the async function a script file with top-level await became.
const mainAwaitKey = "tolokash.mainAwait"

// asyncScript rewrites src, which does not parse as a script, as an async
// function whose last expression statement is its result; ok is false when
// that does not parse either (the original error is the one to report).
func asyncScript(src string) (string, *insertion, bool) {
	if !strings.Contains(src, "await") {
		return "", nil, false
	}
	wrapped := awaitPrefix + src + "\n})()"
	prog, err := parser.ParseFile(nil, "", wrapped, 0)
	if err != nil || len(prog.Body) != 1 {
		return "", nil, false
	}
	es, ok := prog.Body[0].(*ast.ExpressionStatement)
	if !ok {
		return "", nil, false
	}
	call, ok := es.Expression.(*ast.CallExpression)
	if !ok {
		return "", nil, false
	}
	fn, ok := call.Callee.(*ast.ArrowFunctionLiteral)
	if !ok {
		return "", nil, false
	}
	body, ok := fn.Body.(*ast.BlockStatement)
	if !ok || len(body.List) == 0 {
		return wrapped, nil, true
	}
	last, ok := body.List[len(body.List)-1].(*ast.ExpressionStatement)
	if !ok {
		return wrapped, nil, true
	}
	const ret = "return ("
	from, to := int(last.Idx0())-1, int(last.Idx1())-1
	line := 1 + strings.Count(wrapped[:from], "\n")
	at := from - strings.LastIndexByte(wrapped[:from], '\n') // from 1
	return wrapped[:from] + ret + wrapped[from:to] + ")" + wrapped[to:], &insertion{Line: line, At: at, N: len(ret)}, true
}

// compileScript compiles src, or its async form when only that parses, or
// when the script names await at its top level (a sloppy script reads
// await(x) as a call of a function named await, which nobody means).
func (r *Runtime) compileScript(name, src string) (prg *goja.Program, async bool, err error) {
	prg, err = r.compile(name, src)
	if err == nil {
		if !strings.Contains(src, "await") {
			return prg, false, nil
		}
		if ast, perr := parser.ParseFile(nil, name, src, 0); perr != nil || !awaitAtTopLevel(reflect.ValueOf(ast)) {
			return prg, false, nil
		}
	}
	wrapped, ins, ok := asyncScript(src)
	if !ok {
		return nil, false, err
	}
	r.sources.add(name, src, len(awaitPrefix))
	if ins != nil {
		r.sources.insert(name, *ins)
	}
	p, cerr := goja.Compile(name, wrapped, false)
	if cerr != nil {
		if err == nil {
			return prg, false, nil
		}
		return nil, false, err
	}
	return p, true, nil
}

// awaitAtTopLevel reports whether the syntax tree v refers to a name await
// outside any function.
func awaitAtTopLevel(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return false
		}
		switch n := v.Interface().(type) {
		case *ast.Identifier:
			return n.Name == "await"
		case *ast.FunctionLiteral, *ast.ArrowFunctionLiteral, *ast.FunctionDeclaration, *ast.ClassLiteral:
			return false
		}
		return awaitAtTopLevel(v.Elem())
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() && awaitAtTopLevel(v.Field(i)) {
				return true
			}
		}
	case reflect.Slice:
		for i := 0; i < v.Len(); i++ {
			if awaitAtTopLevel(v.Index(i)) {
				return true
			}
		}
	}
	return false
}

// asyncModule is loadModule's rewriting of the main script when it uses
// await at the top level: the module body runs in an async function whose
// promise RunFile waits for.
func asyncModule(src string) (string, bool) {
	if !strings.Contains(src, "await") {
		return "", false
	}
	out := "globalThis[Symbol.for('" + mainAwaitKey + "')] = " + awaitPrefix + src + "\n});"
	if _, err := parser.ParseFile(nil, "", moduleWrapper+out+"\n})", 0); err != nil {
		return "", false
	}
	return out, true
}

// mainAwaitPrefixLen is how far asyncModule moves the first line.
var mainAwaitPrefixLen = len("globalThis[Symbol.for('" + mainAwaitKey + "')] = " + awaitPrefix)

// takeMainAwait runs the async function a main script with top-level await
// became (called from Go, so no frame of the rewriting shows in stacks) and
// returns its promise; nil when the script is a plain one.
func (r *Runtime) takeMainAwait() (goja.Value, error) {
	g := r.vm.GlobalObject()
	key := jsvalue.Symbol(r.vm, mainAwaitKey)
	v := g.GetSymbol(key)
	if v == nil || goja.IsUndefined(v) {
		return nil, nil
	}
	g.DeleteSymbol(key)
	fn, ok := goja.AssertFunction(v)
	if !ok {
		return nil, nil
	}
	return fn(goja.Undefined())
}

// awaitValue waits for v, a promise, running timers and jobs meanwhile; its
// rejection is returned as a thrown error, and the first uncaught error of
// another callback ends the wait, as in a script.
func (r *Runtime) awaitValue(v goja.Value) (goja.Value, error) {
	p, ok := v.Export().(*goja.Promise)
	if !ok {
		return v, nil
	}
	r.trackRejection(p, goja.PromiseRejectionHandle)
	r.awaited = p
	settled, err := r.loop.Wait(r.context(), func() bool { return p.State() != goja.PromiseStatePending }, nil)
	r.awaited = nil
	switch {
	case err != nil:
		return nil, err
	case !settled:
		return nil, errors.New("await: the promise never settles (nothing is left to run that could settle it)")
	case p.State() == goja.PromiseStateRejected:
		se := r.thrownError(p.Result(), nil, nil)
		se.thrown = false
		return nil, se
	}
	return p.Result(), nil
}

// insertion is text a rewriting put into a line, before the columns it
// moved: at column At (from 1, counted in the rewritten line) N characters.
type insertion struct{ Line, At, N int }

// insert records that name's line got n characters at column at (from 1).
func (s *sources) insert(name string, ins insertion) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.inserted == nil {
		s.inserted = map[string]insertion{}
	}
	s.inserted[name] = ins
}

// uninsert moves a column of the rewritten text back to the one a person
// counts in what they wrote.
func (s *sources) uninsert(name string, line, col int) int {
	s.mu.Lock()
	ins, ok := s.inserted[name]
	s.mu.Unlock()
	switch {
	case !ok || line != ins.Line || col < ins.At:
		return col
	case col < ins.At+ins.N:
		return ins.At
	}
	return col - ins.N
}
