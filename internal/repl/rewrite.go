package repl

import (
	"errors"
	"sort"
	"strings"

	"github.com/dop251/goja/ast"
	"github.com/dop251/goja/parser"
)

// An entry is what the REPL runs for one input: the source after rewriting,
// whether it evaluates to a promise of the value to print, and whether it only
// declares names (then a completion value of undefined is not printed).
type entry struct {
	src      string
	async    bool
	declOnly bool
	// call says the entry ends in a call (console.log(…), help(…)): an
	// undefined result is not printed, as mongosh does; a plain expression
	// that is undefined still is, as node does.
	call bool
}

// edit replaces src[from:to] with text; offsets are in the source being edited.
type edit struct {
	from, to int
	text     string
}

func apply(src string, edits []edit) string {
	sort.Slice(edits, func(i, j int) bool { return edits[i].from > edits[j].from })
	for _, e := range edits {
		src = src[:e.from] + e.text + src[e.to:]
	}
	return src
}

// asyncPrefix keeps the entry on its first line, so line numbers in stacks
// match what was typed.
const asyncPrefix = "(async function () { "

// prepare rewrites an entry the way Node's REPL behaves: top-level const and
// let become redeclarable globals (declarations inside functions and blocks
// keep their semantics), and an entry using await at the top level runs in an
// async function whose last expression is the result, its top-level
// declarations still landing in the global scope.
func prepare(src string) entry {
	prog, err := parser.ParseFile(nil, "", src, 0)
	if err == nil {
		var edits []edit
		for _, st := range prog.Body {
			if d, ok := st.(*ast.LexicalDeclaration); ok {
				at := int(d.Idx) - 1
				kw := len(d.Token.String())
				// "const" becomes "var  ": same length, so columns in stacks stay right.
				edits = append(edits, edit{at, at + kw, "var" + strings.Repeat(" ", kw-3)})
			}
		}
		return entry{src: apply(src, edits), declOnly: onlyDeclarations(prog.Body), call: endsInCall(prog.Body)}
	}
	if !strings.Contains(src, "await") {
		return entry{src: src}
	}
	wrapped := asyncPrefix + src + "\n})()"
	prog, err = parser.ParseFile(nil, "", wrapped, 0)
	if err != nil {
		return entry{src: src} // the runtime reports the syntax error against what was typed
	}
	body := asyncBody(prog)
	if body == nil {
		return entry{src: src}
	}
	var edits []edit
	var names []string
	for _, st := range body {
		var kwAt, kwLen int
		var list []*ast.Binding
		switch d := st.(type) {
		case *ast.LexicalDeclaration:
			kwAt, kwLen, list = int(d.Idx)-1, len(d.Token.String()), d.List
		case *ast.VariableStatement:
			kwAt, kwLen, list = int(d.Var)-1, 3, d.List
		default:
			continue
		}
		var these []string
		for _, b := range list {
			id, ok := b.Target.(*ast.Identifier)
			if !ok {
				these = nil // a destructuring pattern stays local to the entry
				break
			}
			these = append(these, string(id.Name))
		}
		if these == nil {
			continue
		}
		names = append(names, these...)
		// `const a = await x` becomes the assignment `      a = await x` to a global.
		edits = append(edits, edit{kwAt, kwAt + kwLen, strings.Repeat(" ", kwLen)})
	}
	if last, ok := body[len(body)-1].(*ast.ExpressionStatement); ok {
		from, to := int(last.Idx0())-1, int(last.Idx1())-1
		edits = append(edits, edit{from, from, "return ("}, edit{to, to, ")"})
	}
	out := apply(wrapped, edits)
	if len(names) > 0 {
		out = "var " + strings.Join(names, ", ") + "; " + out
	}
	return entry{src: out, async: true, declOnly: onlyDeclarations(body), call: endsInCall(body)}
}

func endsInCall(body []ast.Statement) bool {
	if len(body) == 0 {
		return false
	}
	es, ok := body[len(body)-1].(*ast.ExpressionStatement)
	if !ok {
		return false
	}
	if aw, ok := es.Expression.(*ast.AwaitExpression); ok {
		_, isCall := aw.Argument.(*ast.CallExpression)
		return isCall
	}
	_, isCall := es.Expression.(*ast.CallExpression)
	return isCall
}

// asyncBody finds the statements of the function asyncPrefix opens.
func asyncBody(prog *ast.Program) []ast.Statement {
	if len(prog.Body) != 1 {
		return nil
	}
	es, ok := prog.Body[0].(*ast.ExpressionStatement)
	if !ok {
		return nil
	}
	call, ok := es.Expression.(*ast.CallExpression)
	if !ok {
		return nil
	}
	fn, ok := call.Callee.(*ast.FunctionLiteral)
	if !ok || fn.Body == nil || len(fn.Body.List) == 0 {
		return nil
	}
	return fn.Body.List
}

func onlyDeclarations(body []ast.Statement) bool {
	if len(body) == 0 {
		return false
	}
	for _, st := range body {
		switch st.(type) {
		case *ast.LexicalDeclaration, *ast.VariableStatement, *ast.FunctionDeclaration, *ast.ClassDeclaration:
		default:
			return false
		}
	}
	return true
}

// incomplete reports whether src needs more lines: the parser's first error is
// the end of the input (an open brace, an unfinished template string). An
// entry using await is also tried as the body of an async function.
func incomplete(src string) bool {
	if strings.HasPrefix(strings.TrimSpace(src), ".") {
		return false
	}
	_, err := parser.ParseFile(nil, "", src, 0)
	if err == nil {
		return false
	}
	if endOfInput(err) {
		return true
	}
	if strings.Contains(src, "await") {
		_, err = parser.ParseFile(nil, "", "async function f() { "+src+"\n}", 0)
		return endOfInput(err)
	}
	return false
}

func endOfInput(err error) bool {
	var el parser.ErrorList
	if errors.As(err, &el) && len(el) > 0 {
		msg := el[0].Message
		return strings.Contains(msg, "Unexpected end of input") || strings.Contains(msg, "Unexpected token EOF") ||
			strings.Contains(msg, "Unterminated template")
	}
	return false
}
