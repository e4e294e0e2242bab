package runtime

import (
	"fmt"
	"os"
	"strings"
	"sync"
)

// sources keeps the text of what a runtime ran — entries, -e code, script
// files and the modules they required — so errors can show the line they
// happened on and suggest names from the code around them. The shell's
// entries are many and small: only the most recent are kept.
type sources struct {
	mu     sync.Mutex
	text   map[string]string
	shift  map[string]int // characters a wrapper added before line 1 (require's)
	recent []string       // names in the order they came, to forget the oldest

	inserted map[string]insertion // text a rewriting put in a line (await.go)
}

const keptSources = 200

func (s *sources) add(name, src string, shift int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.text == nil {
		s.text, s.shift = map[string]string{}, map[string]int{}
	}
	if _, ok := s.text[name]; !ok {
		s.recent = append(s.recent, name)
	}
	s.text[name], s.shift[name] = src, shift
	if len(s.recent) > keptSources {
		old := s.recent[0]
		s.recent = s.recent[1:]
		delete(s.text, old)
		delete(s.shift, old)
	}
}

func (s *sources) offset(name string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.shift[name]
}

// column is the column a person counts: on the first line of a module,
// without require's wrapper.
func (s *sources) column(name string, line, col int) int {
	col = s.uninsert(name, line, col)
	if line == 1 {
		if off := s.offset(name); off > 0 && col > off {
			return col - off
		}
	}
	return col
}

// line is line n (from 1) of name's text; a script file not seen is read.
func (s *sources) line(name string, n int) (string, bool) {
	s.mu.Lock()
	src, ok := s.text[name]
	s.mu.Unlock()
	if !ok {
		if !strings.HasPrefix(name, "/") {
			return "", false
		}
		data, err := os.ReadFile(name)
		if err != nil {
			return "", false
		}
		src = string(data)
	}
	if n < 1 {
		return "", false
	}
	for i := 1; i < n; i++ {
		j := strings.IndexByte(src, '\n')
		if j < 0 {
			return "", false
		}
		src = src[j+1:]
	}
	if j := strings.IndexByte(src, '\n'); j >= 0 {
		src = src[:j]
	}
	return strings.TrimSuffix(src, "\r"), true
}

// excerpt is node's: "file:line", the line, and a caret under the column.
// Columns count characters; tabs are kept so the caret lines up.
func (s *sources) excerpt(name string, line, col int) string {
	text, ok := s.line(name, line)
	if !ok || name == "" {
		return ""
	}
	const maxShown = 160
	runes := []rune(text)
	start := 0
	if col > maxShown {
		start = col - maxShown/2
	}
	shown := runes[start:min(len(runes), start+maxShown)]
	var caret strings.Builder
	for i := start; i < col-1 && i < len(runes); i++ {
		if runes[i] == '\t' {
			caret.WriteByte('\t')
		} else {
			caret.WriteByte(' ')
		}
	}
	caret.WriteByte('^')
	return fmt.Sprintf("%s:%d\n%s\n%s", name, line, string(shown), caret.String())
}
