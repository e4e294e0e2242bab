package repl

import (
	"unicode"

	"github.com/tolokash/tolokash/internal/lineedit"
)

// Styles of the entry being typed, indices into palette.
const (
	styleKeyword lineedit.Style = iota + 1
	styleString
	styleNumber
	styleComment
	styleRegexp
	styleLiteral
)

// palette colors the entry as util.inspect colors values: strings green,
// numbers yellow, regular expressions red, comments grey; keywords magenta.
var palette = []string{"\x1b[35m", "\x1b[32m", "\x1b[33m", "\x1b[90m", "\x1b[31m", "\x1b[1m"}

// keyword reports whether word is a JavaScript keyword (a switch, not a map:
// nothing to build when the program starts).
func keyword(word string) bool {
	switch word {
	case "await", "async", "break", "case", "catch", "class", "const", "continue", "debugger", "default", "delete", "do",
		"else", "export", "extends", "finally", "for", "function", "if", "import", "in", "instanceof", "let", "new", "of",
		"return", "static", "super", "switch", "throw", "try", "typeof", "var", "void", "while", "with", "yield":
		return true
	}
	return false
}

func literal(word string) bool {
	switch word {
	case "true", "false", "null", "undefined", "this", "NaN", "Infinity":
		return true
	}
	return false
}

// highlighter colors the entry while it is typed, when colors are on. It is
// a scanner of a few dozen lines, not the parser: cheap at every key, and
// nothing to build at start.
func (r *REPL) highlighter() func([]rune) []lineedit.Style {
	if !r.opts.Color || r.config.Colors != nil && !*r.config.Colors {
		return nil
	}
	return highlight
}

func highlight(src []rune) []lineedit.Style {
	out := make([]lineedit.Style, len(src))
	paint := func(from, to int, st lineedit.Style) {
		for i := from; i < to && i < len(out); i++ {
			out[i] = st
		}
	}
	// regexOK says a / here starts a regular expression, not a division.
	regexOK := true
	for i := 0; i < len(src); {
		c := src[i]
		switch {
		case c == '/' && i+1 < len(src) && src[i+1] == '/':
			j := i
			for j < len(src) && src[j] != '\n' {
				j++
			}
			paint(i, j, styleComment)
			i = j
			continue
		case c == '/' && i+1 < len(src) && src[i+1] == '*':
			j := i + 2
			for j+1 < len(src) && !(src[j] == '*' && src[j+1] == '/') {
				j++
			}
			j = min(j+2, len(src))
			paint(i, j, styleComment)
			i = j
			continue
		case c == '\'' || c == '"' || c == '`':
			j := i + 1
			for j < len(src) && src[j] != c {
				if src[j] == '\\' {
					j++
				} else if c != '`' && src[j] == '\n' {
					break
				}
				j++
			}
			j = min(j+1, len(src))
			paint(i, j, styleString)
			i = j
			regexOK = false
			continue
		case c == '/' && regexOK:
			j := i + 1
			inClass := false
			for j < len(src) && src[j] != '\n' && (src[j] != '/' || inClass) {
				switch src[j] {
				case '\\':
					j++
				case '[':
					inClass = true
				case ']':
					inClass = false
				}
				j++
			}
			j = min(j+1, len(src))
			for j < len(src) && unicode.IsLetter(src[j]) {
				j++ // flags
			}
			paint(i, j, styleRegexp)
			i = j
			regexOK = false
			continue
		case unicode.IsDigit(c) || c == '.' && i+1 < len(src) && unicode.IsDigit(src[i+1]):
			j := i
			for j < len(src) && (unicode.IsLetter(src[j]) || unicode.IsDigit(src[j]) || src[j] == '.' || src[j] == '_') {
				j++
			}
			paint(i, j, styleNumber)
			i = j
			regexOK = false
			continue
		case c == '_' || c == '$' || unicode.IsLetter(c):
			j := i
			for j < len(src) && (src[j] == '_' || src[j] == '$' || unicode.IsLetter(src[j]) || unicode.IsDigit(src[j])) {
				j++
			}
			word := string(src[i:j])
			member := i > 0 && src[i-1] == '.'
			switch {
			case member:
			case keyword(word):
				paint(i, j, styleKeyword)
			case literal(word):
				paint(i, j, styleLiteral)
			}
			// After a keyword such as return or typeof a / starts a regular expression.
			regexOK = keyword(word) && !member
			i = j
			continue
		case unicode.IsSpace(c):
			i++
			continue
		}
		regexOK = c != ')' && c != ']' && c != '}'
		i++
	}
	return out
}
