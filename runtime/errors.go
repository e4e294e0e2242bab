package runtime

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/dop251/goja"
	"github.com/dop251/goja/file"
	"github.com/dop251/goja/parser"

	"github.com/tolokash/tolokash/client"
	"github.com/tolokash/tolokash/runtime/loop"
)

// ScriptError is a JavaScript exception that ended a run, or the stop of a
// run; Error() gives what a person running a script should read: the line
// it happened on with a caret, the error's name and message, and the
// JavaScript stack (file:line:column) without the runtime's own frames.
//
// Unwrap gives the Go error behind it, for errors.As and errors.Is: the
// *client.APIError of an API call that failed (also when the script threw
// it as another error's cause), the error a Go function of the embedder's
// returned, a *MemoryLimitError, or the cause of a stop (ErrTimeLimit,
// ErrInterrupted, the context's error); otherwise goja's *goja.Exception.
type ScriptError struct {
	Value     goja.Value // what was thrown (nil for syntax errors and interrupts); exported as RunString's value when Untrusted
	Message   string     // "TypeError: …", or the thrown value as util.inspect shows it
	Stack     string     // Message and the frames, "    at f (file.js:3:7)"
	Excerpt   string     // "file.js:3\n<the line>\n      ^", when the source is known
	Syntax    bool       // the code did not parse
	InPromise bool       // a promise rejected with no handler
	Interrupt bool       // the run was stopped: a deadline, its TimeLimit, Interrupt, its memory budget
	thrown    bool       // a value that is not an Error: shown as "Uncaught <value>"
	err       error
}

func (e *ScriptError) Error() string { return e.Report(false) }

func (e *ScriptError) Unwrap() error { return e.err }

// Report formats the error for a script's stderr (shell false: excerpt,
// message, stack) or for the shell, which shows the excerpt only for syntax
// errors and leaves out the frames of what was typed at the prompt.
func (e *ScriptError) Report(shell bool) string {
	var b strings.Builder
	if e.Excerpt != "" && (!shell || e.Syntax) {
		b.WriteString(e.Excerpt)
		b.WriteString("\n\n")
	}
	switch {
	case e.Interrupt:
	case e.InPromise:
		b.WriteString("Uncaught (in promise) ")
	case e.thrown || shell:
		b.WriteString("Uncaught ")
	}
	stack := e.Stack
	if stack == "" {
		stack = e.Message
	}
	if shell {
		var keep []string
		for i, line := range strings.Split(stack, "\n") {
			if i > 0 && strings.HasPrefix(strings.TrimSpace(line), "at ") && (strings.Contains(line, "REPL") || strings.Contains(line, "<eval>")) {
				continue
			}
			keep = append(keep, line)
		}
		stack = strings.Join(keep, "\n")
	}
	b.WriteString(stack)
	return b.String()
}

// exitSignal interrupts the VM when a script calls process.exit.
type exitSignal struct{ code int }

// scriptError turns what a run ended with into the error its caller sees.
func (r *Runtime) scriptError(p any) error {
	switch x := p.(type) {
	case *ScriptError:
		return x
	case *ExitError:
		return x
	case *goja.InterruptedError:
		if s, ok := x.Value().(exitSignal); ok {
			return &ExitError{Code: s.code}
		}
		msg := fmt.Sprint(x.Value())
		return &ScriptError{Message: msg, Stack: msg, Interrupt: true, err: x}
	case *goja.Exception:
		if se := syntaxFromGo(x.Unwrap()); se != nil {
			return se
		}
		// The thrown value's message and stack getters are the script's code:
		// one that throws, loops until the interrupt or overflows the stack
		// leaves a plainer message, not a panic out of here.
		var se *ScriptError
		msg := safeText(func() string { se = r.thrownError(x.Value(), x.Stack(), x); return "" }, "Uncaught exception (describing it failed)")
		if se == nil {
			se = &ScriptError{Value: x.Value(), Message: msg, Stack: msg, err: x}
		}
		return se
	case *goja.CompilerSyntaxError:
		return r.syntaxError(x)
	case *goja.StackOverflowError:
		return stackOverflow(x)
	case *SyntaxError:
		return x.scriptError()
	case error:
		if se := syntaxFromGo(x); se != nil {
			return se
		}
		var ee *ExitError
		if errors.As(x, &ee) {
			return ee
		}
		return &ScriptError{Message: "Error: " + x.Error(), Stack: "Error: " + x.Error(), err: x}
	}
	return fmt.Errorf("script panicked: %s", loop.PanicText(p))
}

func syntaxFromGo(err error) *ScriptError {
	var se *SyntaxError
	if errors.As(err, &se) {
		return se.scriptError()
	}
	return nil
}

// thrownError describes a thrown value: an Error by its own stack (where it
// was made, as node does), anything else by util.inspect and the frames where
// it was thrown.
func (r *Runtime) thrownError(v goja.Value, frames []goja.StackFrame, cause error) *ScriptError {
	se := &ScriptError{Value: v, err: cause}
	if goErr := goError(v); goErr != nil {
		se.err = goErr // a *client.APIError, say, for errors.As (goerror.go)
	}
	top := firstUserFrame(frames)
	obj, isObj := v.(*goja.Object)
	if isObj && isError(r.vm, obj) {
		name, msg := errorName(obj), ""
		if m := obj.Get("message"); m != nil && !goja.IsUndefined(m) {
			msg = m.String()
		}
		msg = r.explain(name, msg, top)
		se.Message = name
		if msg != "" {
			se.Message += ": " + msg
		}
		var lines []string
		if st := obj.Get("stack"); st != nil && !goja.IsUndefined(st) {
			lines = r.cleanFrames(strings.Split(st.String(), "\n")[1:])
		}
		if c := obj.Get("cause"); c != nil && !goja.IsUndefined(c) {
			lines = append(lines, "  [cause]: "+r.causeText(c)) // as node shows an uncaught error's cause
		}
		se.Stack = strings.Join(append([]string{se.Message}, lines...), "\n")
		se.Excerpt = r.excerpt(top)
		if top == nil && len(lines) > 0 {
			se.Excerpt = r.excerptAt(lines[0]) // a rejection: where the error was made
		}
		return se
	}
	se.thrown = true
	se.Message = r.inspect(v, InspectOptions{Depth: 2}, false)
	var lines []string
	for _, f := range frames {
		lines = append(lines, "\tat "+frameText(f))
	}
	se.Stack = strings.Join(append([]string{se.Message}, r.cleanFrames(lines)...), "\n")
	se.Excerpt = r.excerpt(top)
	return se
}

// frameText writes a frame as goja's stacks do, for cleanFrames to read.
func frameText(f goja.StackFrame) string {
	pos := f.Position()
	name := f.FuncName()
	if name == "<anonymous>" {
		name = ""
	}
	if pos.Line == 0 {
		if name != "" && name != "<native>" {
			return name + " (native)"
		}
		return "native"
	}
	src := f.SrcName()
	if src == "" {
		src = "<eval>"
	}
	loc := fmt.Sprintf("%s:%d:%d", src, pos.Line, pos.Column)
	if name != "" {
		loc = name + " (" + loc + ")"
	}
	return loc
}

func isError(vm *goja.Runtime, obj *goja.Object) bool {
	if obj.ClassName() == "Error" {
		return true
	}
	errCtor, ok := vm.Get("Error").(*goja.Object)
	if !ok {
		return false
	}
	proto, ok := errCtor.Get("prototype").(*goja.Object)
	if !ok {
		return false
	}
	for p := obj.Prototype(); p != nil; p = p.Prototype() {
		if p == proto {
			return true
		}
		if p.Prototype() == p {
			break
		}
	}
	return false
}

// errorName is an error's class as a person knows it: goja's GoError (an
// error from Go code) is a plain Error.
func errorName(obj *goja.Object) string {
	name := "Error"
	if n := obj.Get("name"); n != nil && !goja.IsUndefined(n) && n.String() != "" {
		name = n.String()
	}
	if name == "GoError" {
		name = "Error"
	}
	return name
}

// frameRe matches one line of a goja stack: "\tat name (file:3:7(12))",
// "\tat file:3:7(12)", "\tat name (native)".
var frameRe = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^\s*at (?:(.*?) \()?(?:(native)|(.*):(\d+):(\d+)(?:\(\d+\))?)\)?$`)
})

// cleanFrames rewrites goja's frames as node's ("    at f (file:3:7)"):
// no program counters, no frames of the runtime's own JavaScript
// (tolokash/…), no Go names of native functions, and columns on the first
// line of a module without the wrapper require puts around it.
func (r *Runtime) cleanFrames(lines []string) []string {
	var out []string
	for _, line := range lines {
		if strings.TrimSpace(line) == "" {
			continue
		}
		m := frameRe().FindStringSubmatch(line)
		if m == nil {
			out = append(out, line)
			continue
		}
		name, loc := m[1], "native"
		if m[2] == "" {
			file := m[3]
			if strings.HasPrefix(file, "tolokash/") {
				continue
			}
			lineNo, _ := strconv.Atoi(m[4])
			col, _ := strconv.Atoi(m[5])
			loc = fmt.Sprintf("%s:%d:%d", file, lineNo, r.sources.column(file, lineNo, col))
		} else if name == "" {
			continue
		}
		if strings.Contains(name, "/") || strings.Contains(name, "(*") {
			continue // a Go function's name: require's, say
		}
		if name != "" {
			loc = name + " (" + loc + ")"
		}
		out = append(out, "    at "+loc)
	}
	return out
}

// firstUserFrame is the innermost frame in JavaScript source.
func firstUserFrame(frames []goja.StackFrame) *goja.StackFrame {
	for i := range frames {
		if p := frames[i].Position(); p.Line > 0 && !strings.HasPrefix(frames[i].SrcName(), "tolokash/") {
			return &frames[i]
		}
	}
	return nil
}

// excerpt shows the line of f with a caret under its column.
func (r *Runtime) excerpt(f *goja.StackFrame) string {
	if f == nil {
		return ""
	}
	p := f.Position()
	return r.sources.excerpt(f.SrcName(), p.Line, r.sources.column(f.SrcName(), p.Line, p.Column))
}

// excerptAt shows the line a cleaned frame ("    at f (file:3:7)") points at.
func (r *Runtime) excerptAt(frame string) string {
	m := frameRe().FindStringSubmatch(frame)
	if m == nil || m[2] != "" {
		return ""
	}
	line, _ := strconv.Atoi(m[4])
	col, _ := strconv.Atoi(m[5])
	return r.sources.excerpt(m[3], line, col)
}

var (
	noMemberRe = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^Object has no member '(.+)'$`) })
	ofUndefRe  = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^Cannot read property '(.+)' of undefined(?: or null)?$`)
	})
	chainEndRe = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`([A-Za-z_$][\w$]*(?:\??\.[A-Za-z_$][\w$]*)*)\s*\??\.\s*$`)
	})
)

// explain rewrites goja's terse TypeErrors as node's, from the source at the
// error: "Object has no member 'getPoool'" becomes "toloka.getPoool is not a
// function; did you mean getPool?", and "Cannot read property 'x' of
// undefined" says whether it was null.
func (r *Runtime) explain(name, msg string, f *goja.StackFrame) string {
	if name != "TypeError" || f == nil {
		return msg
	}
	p := f.Position()
	line, ok := r.sources.line(f.SrcName(), p.Line)
	col := r.sources.column(f.SrcName(), p.Line, p.Column)
	if !ok || col < 1 || col-1 > len(line) {
		return msg
	}
	before := line[:col-1]
	if m := noMemberRe().FindStringSubmatch(msg); m != nil {
		member := m[1]
		trimmed := strings.TrimRight(before, " \t")
		if !strings.HasSuffix(trimmed, member) {
			return msg
		}
		c := chainEndRe().FindStringSubmatch(strings.TrimSuffix(trimmed, member))
		if c == nil {
			if !strings.HasSuffix(strings.TrimRight(strings.TrimSuffix(trimmed, member), " \t?"), ".") {
				return msg
			}
			c = []string{"", "(intermediate value)"} // what a call or an index gave, as node says
		}
		out := c[1] + "." + member + " is not a function"
		var candidates []string
		if c[0] == "" {
			candidates = registry().MethodNames()
		} else if obj, ok := r.Lookup(c[1]); ok {
			if o, isObj := obj.(*goja.Object); isObj {
				candidates = r.Members(o)
			}
		} else {
			// A local variable, gone by now: any declared method may be meant.
			candidates = registry().MethodNames()
		}
		// (Declared elsewhere under the very name: no better guess.)
		if s := client.Suggest(member, candidates); s != "" && s != member {
			out += "; did you mean " + s + "?"
		}
		return out
	}
	if m := ofUndefRe().FindStringSubmatch(msg); m != nil {
		what := "null or undefined"
		trimmed := strings.TrimRight(before, " \t")
		var c []string
		switch {
		case strings.HasSuffix(trimmed, "."):
			// The column is at a member: the one read (null.x) or, in a
			// call, the object it is read from (a.b.c() points at b).
			c = chainEndRe().FindStringSubmatch(trimmed)
			if at := identAt(line, col-1); c != nil && at != "" && at != m[1] {
				c[1] += "." + at
			}
		case strings.HasSuffix(trimmed, "."+m[1]):
			c = chainEndRe().FindStringSubmatch(strings.TrimSuffix(trimmed, m[1])) // at the call: a.x()
		default:
			c = chainEndRe().FindStringSubmatch(trimmed + ".")
		}
		if c != nil {
			switch expr := c[1]; expr {
			case "null", "undefined":
				what = expr
			default:
				if v, ok := r.Lookup(expr); ok && v != nil {
					if goja.IsNull(v) {
						what = "null"
					} else if goja.IsUndefined(v) {
						what = "undefined"
					}
				}
			}
		}
		return fmt.Sprintf("Cannot read properties of %s (reading '%s')", what, m[1])
	}
	return msg
}

// identAt is the identifier starting at byte i of line.
func identAt(line string, i int) string {
	j := i
	for j < len(line) && (line[j] == '_' || line[j] == '$' || line[j] >= 'a' && line[j] <= 'z' || line[j] >= 'A' && line[j] <= 'Z' ||
		j > i && line[j] >= '0' && line[j] <= '9') {
		j++
	}
	return line[i:j]
}

// SyntaxError is code that does not parse, with where and the line.
type SyntaxError struct {
	File         string
	Line, Column int
	Message      string
	Excerpt      string
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("%s:%d:%d: SyntaxError: %s", e.File, e.Line, e.Column, e.Message)
}

func (e *SyntaxError) scriptError() *ScriptError {
	msg := "SyntaxError: " + e.Message
	where := ""
	if e.Line > 0 {
		where = fmt.Sprintf("\n    at %s:%d:%d", e.File, e.Line, e.Column)
	}
	return &ScriptError{Message: msg, Stack: msg + where, Excerpt: e.Excerpt, Syntax: true, err: e}
}

// newSyntaxError describes a parse or compile error of the source named
// name, whose first line was shifted right by offset characters (a wrapper).
func (r *Runtime) newSyntaxError(name string, err error, offset int) *SyntaxError {
	var list parser.ErrorList
	var one *parser.Error
	var ce *goja.CompilerSyntaxError
	var pos file.Position
	msg := err.Error()
	switch {
	case errors.As(err, &list) && len(list) > 0:
		pos, msg = list[0].Position, list[0].Message
	case errors.As(err, &one):
		pos, msg = one.Position, one.Message
	case errors.As(err, &ce) && ce.File != nil:
		pos, msg = ce.File.Position(ce.Offset), ce.Message
	default:
		return &SyntaxError{File: name, Message: msg}
	}
	if pos.Line == 1 {
		pos.Column -= offset
	}
	pos.Column = max(pos.Column, 1)
	return &SyntaxError{File: name, Line: pos.Line, Column: pos.Column, Message: msg,
		Excerpt: r.sources.excerpt(name, pos.Line, pos.Column)}
}

func (r *Runtime) syntaxError(ce *goja.CompilerSyntaxError) *ScriptError {
	name := ""
	if ce.File != nil {
		name = ce.File.Name()
	}
	return r.newSyntaxError(name, ce, r.sources.offset(name)).scriptError()
}

// compile parses src named name, keeping its text for error excerpts.
func (r *Runtime) compile(name, src string) (*goja.Program, error) {
	r.sources.add(name, src, 0)
	ast, err := parser.ParseFile(nil, name, src, 0)
	if err != nil {
		return nil, r.newSyntaxError(name, err, 0)
	}
	prg, err := goja.CompileAST(ast, false)
	if err != nil {
		return nil, r.newSyntaxError(name, err, 0)
	}
	return prg, nil
}
