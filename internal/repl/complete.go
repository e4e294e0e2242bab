package repl

import (
	"regexp"
	"sort"
	"strings"
	"sync"

	"github.com/dop251/goja"

	"github.com/tolokash/tolokash/internal/decl"
	"github.com/tolokash/tolokash/runtime"
)

var keywordList = []string{"await", "async", "break", "case", "catch", "class", "const", "continue", "default", "delete", "do",
	"else", "extends", "false", "finally", "for", "function", "if", "in", "instanceof", "let", "new", "null", "of", "return",
	"switch", "this", "throw", "true", "try", "typeof", "undefined", "var", "void", "while", "yield"}

// complete completes the name before the cursor. After a dot it completes
// from the value before it when reading that value runs no code (a variable,
// a property), from the declared result otherwise (toloka.getPools().
// completes a LazyIterator's methods, require('fs'). the module's), and not
// at all when neither is known. Nothing is called to complete.
func (r *REPL) complete(line string, pos int) (head string, completions []string, tail string) {
	runes := []rune(line)
	before, after := string(runes[:pos]), string(runes[pos:])
	prefix := identTail(before)
	rest := before[:len(before)-len(prefix)]
	base, ok := baseBefore(rest)
	var names []string
	switch {
	case !ok:
		// No dot before the word: a global, a keyword or a name of the shell.
		names = append(names, r.rt.VM().GlobalObject().GetOwnPropertyNames()...)
		names = append(names, keywordList...)
		names = append(names, shellNames()...)
	default:
		names = r.membersOf(base, prefix != "")
		if names == nil {
			return before, nil, after
		}
	}
	seen := map[string]bool{}
	for _, n := range names {
		if strings.HasPrefix(n, prefix) && !seen[n] && !strings.HasPrefix(n, "_") && isIdent(n) {
			seen[n] = true
			completions = append(completions, n)
		}
	}
	sort.Strings(completions)
	return rest, completions, after
}

// membersOf lists the members of what the expression base gives: by its value
// when base reads without calling, by its declared type otherwise.
func (r *REPL) membersOf(base string, typed bool) []string {
	if plainChain().MatchString(base) {
		v, ok := r.rt.Lookup(base)
		if !ok || v == nil || goja.IsUndefined(v) || goja.IsNull(v) {
			return nil
		}
		obj, isObj := v.(*goja.Object)
		if !isObj {
			obj = v.ToObject(r.rt.VM())
		}
		names := r.rt.Members(obj)
		if t := r.rt.TypeOf(obj); t != "" {
			names = append(names, runtime.Declarations().Members(t, false)...)
		}
		if typed {
			names = append(names, r.rt.ObjectPrototypeMembers()...)
		}
		return names
	}
	t := r.typeOf(base)
	if t == "" {
		return nil
	}
	reg := runtime.Declarations()
	if typ, ok := reg.Type(t); ok && typ.Kind == decl.Module {
		return reg.Members(t, false)
	}
	return reg.Members(t, false)
}

// typeOf is the declared type of an expression that calls: require('fs'),
// toloka.getPools().take(5), df.head(), new DataFrame(…); "" when unknown.
func (r *REPL) typeOf(expr string) string {
	reg := runtime.Declarations()
	expr = strings.TrimSpace(expr)
	if strings.HasPrefix(expr, "(") && strings.HasSuffix(expr, ")") && matchingOpen(expr, len(expr)-1) == 0 {
		expr = strings.TrimSpace(expr[1 : len(expr)-1]) // (new DataFrame(…))
	}
	if !strings.HasSuffix(expr, ")") {
		return ""
	}
	open := matchingOpen(expr, len(expr)-1)
	if open < 0 {
		return ""
	}
	callee := strings.TrimSpace(expr[:open])
	if m := requireRe().FindStringSubmatch(expr); m != nil && callee == "require" {
		if t, ok := reg.Type(m[1]); ok && t.Kind == decl.Module {
			return t.Name
		}
		return ""
	}
	if m := newRe().FindStringSubmatch(callee); m != nil {
		if t, ok := reg.Global(m[1]); ok && t.Kind == decl.Class {
			return t.Name
		}
		return ""
	}
	dot := strings.LastIndex(callee, ".")
	if dot < 0 {
		return ""
	}
	owner, name := callee[:dot], strings.TrimPrefix(callee[dot+1:], "?")
	var ownerType string
	static := false
	if plainChain().MatchString(owner) {
		v, ok := r.rt.Lookup(owner)
		obj, isObj := v.(*goja.Object)
		if !ok || !isObj {
			return ""
		}
		ownerType = r.rt.TypeOf(obj)
		if ownerType == "" {
			// A class's statics: DataFrame.readCSV(…).
			if t, ok := reg.Global(owner); ok && t.Kind == decl.Class {
				ownerType, static = t.Name, true
			}
		}
	} else {
		ownerType = r.typeOf(owner)
	}
	if ownerType == "" {
		return ""
	}
	m, t, ok := reg.Member(ownerType, name)
	if !ok || m.Property || m.Static != static {
		return ""
	}
	res := decl.Result(ownerType, m, t)
	if strings.HasSuffix(res, "[]") {
		return "Array"
	}
	return decl.BaseName(res)
}

var (
	plainChain = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^[A-Za-z_$][\w$]*(?:\??\.[A-Za-z_$][\w$]*)*$`)
	})
	requireRe = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^require\(\s*['"]([^'"]+)['"]\s*\)$`) })
	newRe     = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^new\s+([A-Za-z_$][\w$]*)$`) })
)

// identTail is the identifier the text ends with.
func identTail(s string) string {
	i := len(s)
	for i > 0 && isIdentByte(s[i-1]) {
		i--
	}
	return s[i:]
}

func isIdentByte(c byte) bool {
	return c == '_' || c == '$' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

func isIdent(s string) bool {
	if s == "" || s[0] >= '0' && s[0] <= '9' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isIdentByte(s[i]) {
			return false
		}
	}
	return true
}

// baseBefore finds the expression before a trailing dot: identifiers, dots,
// calls and indexing, back to where the expression starts. ok is false when
// the text does not end with a dot.
func baseBefore(s string) (string, bool) {
	s = strings.TrimSuffix(s, "?")
	if !strings.HasSuffix(s, ".") {
		return "", false
	}
	end := len(s) - 1
	if strings.HasSuffix(s[:end], "?") {
		end-- // a?.b
	}
	i := end
	for i > 0 {
		c := s[i-1]
		switch {
		case isIdentByte(c) || c == '.' || c == '?':
			i--
		case c == ')' || c == ']':
			open := matchingOpen(s, i-1)
			if open < 0 {
				return "", false
			}
			i = open
		default:
			goto done
		}
	}
done:
	base := strings.TrimSpace(s[i:end])
	if strings.HasSuffix(strings.TrimRight(s[:i], " "), "new") {
		base = "new " + base
	}
	if base == "" || base[0] >= '0' && base[0] <= '9' {
		return "", false
	}
	return base, true
}

// matchingOpen finds the bracket that the one at close closes, skipping
// strings; -1 when there is none.
func matchingOpen(s string, close int) int {
	depth := 0
	var quote byte
	for i := close; i >= 0; i-- {
		c := s[i]
		if quote != 0 {
			if c == quote && (i == 0 || s[i-1] != '\\') {
				quote = 0
			}
			continue
		}
		switch c {
		case '\'', '"', '`':
			quote = c
		case ')', ']', '}':
			depth++
		case '(', '[', '{':
			depth--
			if depth == 0 {
				return i
			}
		}
	}
	return -1
}
