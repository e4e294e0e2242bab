package emulator

import (
	"math/rand/v2"
	"regexp"
	"regexp/syntax"
	"strings"
	"unicode"
)

// Typed answers: text a Toloker types into a field, which must pass the
// field's checks (a pattern, a length) as the service's view would make it.

var words = []string{"good", "bad", "cat", "dog", "yes", "no", "blue", "red", "shoes", "photo", "item", "store", "left", "right"}

// typedText makes a text answer for f: a match of its pattern when it has
// one, words otherwise, within its lengths. tag makes answers differ from one
// Toloker and task to the next where the pattern leaves room for it.
func typedText(f *answerField, r *rand.Rand, tag string) string {
	if f.pattern != nil {
		for try := 0; try < 20; try++ {
			var b strings.Builder
			generate(f.patternSyntax, r, &b, 0)
			s := b.String()
			// A pattern that finds a site in a link asks for a link: a person
			// pastes the whole of it.
			link := siteLike.MatchString(s) && !anchoredStart(f.patternSyntax)
			if link {
				s = "https://" + s
			}
			if tag != "" && !anchoredEnd(f.patternSyntax) {
				more := s + "-" + tag
				if link {
					more = strings.TrimSuffix(s, "/") + "/p/" + tag
				}
				if f.pattern.MatchString(more) {
					s = more
				}
			}
			if f.pattern.MatchString(s) && fitsLength(f, s) {
				return s
			}
		}
	}
	var b strings.Builder
	for b.Len() == 0 || f.minLen > 0 && len([]rune(b.String())) < f.minLen {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(words[r.IntN(len(words))])
	}
	s := b.String()
	if tag != "" && (f.maxLen < 0 || len(s)+len(tag)+1 <= f.maxLen) {
		s += " " + tag
	}
	if f.maxLen >= 0 && len([]rune(s)) > f.maxLen {
		s = string([]rune(s)[:f.maxLen])
	}
	return s
}

func fitsLength(f *answerField, s string) bool {
	n := len([]rune(s))
	return (f.minLen < 0 || n >= f.minLen) && (f.maxLen < 0 || n <= f.maxLen)
}

// siteLike is a match that names a site: "example.com/" or "shop.example.org".
var siteLike = regexp.MustCompile(`^[\w-]+(\.[\w-]+)*\.[a-z]{2,}(/|$)`)

// anchoredStart says whether a pattern must match at the start of the text.
func anchoredStart(re *syntax.Regexp) bool {
	switch re.Op {
	case syntax.OpBeginText, syntax.OpBeginLine:
		return true
	case syntax.OpConcat:
		return len(re.Sub) > 0 && anchoredStart(re.Sub[0])
	case syntax.OpCapture:
		return anchoredStart(re.Sub[0])
	}
	return false
}

// anchoredEnd says whether a pattern must match at the end of the text, so
// nothing may follow its match.
func anchoredEnd(re *syntax.Regexp) bool {
	switch re.Op {
	case syntax.OpEndText, syntax.OpEndLine:
		return true
	case syntax.OpConcat:
		return len(re.Sub) > 0 && anchoredEnd(re.Sub[len(re.Sub)-1])
	case syntax.OpCapture:
		return anchoredEnd(re.Sub[0])
	}
	return false
}

// generate writes a string that re matches. Repeats are kept short and
// character classes prefer letters and digits, as a person would type.
func generate(re *syntax.Regexp, r *rand.Rand, b *strings.Builder, depth int) {
	if depth > 50 || b.Len() > 1000 {
		return
	}
	switch re.Op {
	case syntax.OpLiteral:
		b.WriteString(string(re.Rune))
	case syntax.OpCharClass:
		b.WriteRune(classRune(re.Rune, r))
	case syntax.OpAnyChar, syntax.OpAnyCharNotNL:
		b.WriteByte('.') // matches, and is what "example.com" meant by its dot

	case syntax.OpCapture:
		generate(re.Sub[0], r, b, depth+1)
	case syntax.OpConcat:
		for _, s := range re.Sub {
			generate(s, r, b, depth+1)
		}
	case syntax.OpAlternate:
		generate(re.Sub[r.IntN(len(re.Sub))], r, b, depth+1)
	case syntax.OpStar, syntax.OpPlus, syntax.OpQuest, syntax.OpRepeat:
		lo, hi := re.Min, re.Max
		switch re.Op {
		case syntax.OpStar:
			lo, hi = 0, 3
		case syntax.OpPlus:
			lo, hi = 1, 4
		case syntax.OpQuest:
			lo, hi = 0, 1
		}
		if hi < 0 || hi > lo+3 {
			hi = lo + 3
		}
		for n := lo + r.IntN(hi-lo+1); n > 0; n-- {
			generate(re.Sub[0], r, b, depth+1)
		}
	}
}

// classRune picks a rune from a class's ranges, a letter or a digit where
// the class has one.
func classRune(ranges []rune, r *rand.Rand) rune {
	var nice []rune
	for i := 0; i+1 < len(ranges); i += 2 {
		for c := max(ranges[i], ' '); c <= ranges[i+1] && c < 128; c++ {
			if unicode.IsLetter(c) || unicode.IsDigit(c) {
				nice = append(nice, c)
			}
		}
	}
	if len(nice) > 0 {
		return nice[r.IntN(len(nice))]
	}
	if len(ranges) >= 2 {
		lo, hi := ranges[0], ranges[1]
		if hi-lo > 1000 {
			hi = lo + 1000
		}
		return lo + rune(r.IntN(int(hi-lo)+1))
	}
	return 'x'
}
