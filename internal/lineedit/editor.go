// Package lineedit edits an entry in a terminal: one line or several (a
// function typed over lines stays one entry, recalled and edited whole),
// with history, reverse search, completion, syntax colors, and output from
// elsewhere shown above the entry without disturbing it.
//
// The terminal is in raw mode only while an entry is edited; between entries
// it is as the program found it, so output and Ctrl-C behave as usual.
package lineedit

import (
	"errors"
	"io"
	"os"
	"strings"
	"sync"
	"time"
	"unicode"

	"golang.org/x/term"
)

// Style is an index into Options.Palette (from 1); 0 is plain text.
type Style uint8

// Options configures an Editor.
type Options struct {
	In  *os.File // the terminal
	Out io.Writer
	// Complete gives completions of the word before pos: the text before the
	// word (head), the candidates (each replaces the word), and the rest.
	Complete func(text string, pos int) (head string, items []string, tail string)
	// Highlight gives a style for every rune of the entry; nil shows no colors.
	Highlight func(text []rune) []Style
	Palette   []string // the escape sequence of each style
	// Incomplete reports whether Enter should start a new line of the entry
	// instead of ending it (an open brace, say).
	Incomplete func(text string) bool
}

// Bracketed paste on and off: the terminal marks pasted text, so its line
// breaks do not run the entry.
const (
	pasteOn  = "\x1b[?2004h"
	pasteOff = "\x1b[?2004l"
)

// ErrInterrupted is Ctrl-C; Read returns the text typed so far with it.
var ErrInterrupted = errors.New("interrupted")

// Editor reads entries from a terminal. Use it from one goroutine.
type Editor struct {
	opts    Options
	fd      int
	bytes   chan []byte
	start   sync.Once
	dec     decoder
	history []string
	killed  []rune
}

// New makes an editor of opts.In; nothing is read before the first Read.
func New(opts Options) *Editor {
	return &Editor{opts: opts, fd: int(opts.In.Fd())}
}

// AppendHistory adds an entry to what Up recalls, unless it repeats the last.
func (e *Editor) AppendHistory(entry string) {
	if entry == "" || len(e.history) > 0 && e.history[len(e.history)-1] == entry {
		return
	}
	e.history = append(e.history, entry)
}

// Prompt says how to read one entry.
type Prompt struct {
	Prompt, Continue string // before the first line, and before each further line
	// Paste is .editor's mode: Enter starts a new line and Ctrl-D ends the entry.
	Paste bool
	// While the entry is edited and Wake fires, the entry is cleared from the
	// screen, OnWake runs with the terminal as it was before Read (what it
	// prints appears where the entry was), and the entry is drawn again;
	// when OnWake returns true, Read ends with io.EOF instead.
	Wake   <-chan struct{}
	OnWake func() (stop bool)
}

func (e *Editor) width() int {
	if w, _, err := term.GetSize(e.fd); err == nil && w > 0 {
		return w
	}
	return 80
}

func (e *Editor) write(s string) { io.WriteString(e.opts.Out, s) }

// session is the state of one Read.
type session struct {
	e                 *Editor
	p                 Prompt
	cont              string
	buf               []rune
	pos               int
	hist              int    // the history entry shown; len(history) is the entry being typed
	draft             []rune // the entry being typed, kept while history is browsed
	cursorRow, rows   int
	search            *search
	lastTab, lastKill bool
}

func (s *session) shownPrompt() string {
	if s.search != nil {
		return s.search.prompt()
	}
	return s.p.Prompt
}

// Read edits one entry and returns it; at the end of the input it returns
// io.EOF, on Ctrl-C ErrInterrupted with the text typed so far.
func (e *Editor) Read(p Prompt) (string, error) {
	e.start.Do(func() {
		e.bytes = make(chan []byte, 16)
		e.dec.in = e.bytes
		go func() {
			for {
				b := make([]byte, 1024)
				n, err := e.opts.In.Read(b)
				if n > 0 {
					e.bytes <- b[:n]
				}
				if err != nil {
					close(e.bytes)
					return
				}
			}
		}()
	})
	old, err := term.MakeRaw(e.fd)
	if err != nil {
		return "", err
	}
	raw := true
	defer func() {
		if raw {
			term.Restore(e.fd, old)
		}
	}()
	s := &session{e: e, p: p, cont: p.Continue, hist: len(e.history)}
	if s.cont == "" && !p.Paste {
		s.cont = strings.Repeat(".", max(0, textWidth(p.Prompt)-1)) + " "
	}
	e.write(pasteOn) // bracketed paste: pasted newlines do not run the entry
	s.render()
	for {
		k, ok := e.dec.parse()
		if ok {
			if k.named == keyNone && k.r == 0 && !k.alt {
				continue
			}
			if line, err, done := s.handle(k); done {
				return line, err
			}
			continue
		}
		var escWait <-chan time.Time
		if len(e.dec.buf) > 0 && e.dec.buf[0] == 0x1b && !e.dec.paste {
			t := time.NewTimer(escTimeout)
			escWait = t.C
			defer t.Stop()
		}
		select {
		case b, open := <-e.bytes:
			if !open {
				s.finish("")
				return string(s.buf), io.EOF
			}
			e.dec.buf = append(e.dec.buf, b...)
		case <-p.Wake:
			s.hide()
			term.Restore(e.fd, old)
			raw = false
			if p.OnWake != nil && p.OnWake() {
				e.write(pasteOff)
				return string(s.buf), io.EOF
			}
			if old, err = term.MakeRaw(e.fd); err != nil {
				return "", err
			}
			raw = true
			s.render()
		case <-escWait:
			e.dec.buf = e.dec.buf[1:]
			if line, err, done := s.handle(key{named: keyEscape}); done {
				return line, err
			}
		}
	}
}

// handle applies one key; done says the entry is over.
func (s *session) handle(k key) (line string, err error, done bool) {
	if s.search != nil {
		if !s.searchKey(k) {
			return "", nil, false
		}
	}
	e := s.e
	tab, kill := false, false
	defer func() { s.lastTab, s.lastKill = tab, kill }()
	switch {
	case k.named == keyPaste:
		text := strings.ReplaceAll(strings.ReplaceAll(k.paste, "\r\n", "\n"), "\r", "\n")
		s.insert([]rune(text))
	case k.named == keyLeft || k.r == 0x02 && !k.alt:
		s.pos = max(0, s.pos-1)
	case k.named == keyRight || k.r == 0x06 && !k.alt:
		s.pos = min(len(s.buf), s.pos+1)
	case k.named == keyHome || k.r == 0x01:
		s.pos = s.lineStart(s.pos)
	case k.named == keyEnd || k.r == 0x05:
		s.pos = s.lineEnd(s.pos)
	case k.named == keyWordLeft || k.alt && k.r == 'b':
		s.pos = s.wordLeft(s.pos)
	case k.named == keyWordRight || k.alt && k.r == 'f':
		s.pos = s.wordRight(s.pos)
	case k.named == keyUp || k.r == 0x10:
		s.up()
	case k.named == keyDown || k.r == 0x0e:
		s.down()
	case k.named == keyDelete:
		s.deleteRange(s.pos, min(len(s.buf), s.pos+1))
	case k.r == 0x7f || k.r == 0x08:
		if k.alt {
			s.kill(s.wordLeft(s.pos), s.pos)
			kill = true
		} else if s.pos > 0 {
			s.deleteRange(s.pos-1, s.pos)
		}
	case k.r == 0x17: // Ctrl-W: the word before, up to a space
		from := s.pos
		for from > 0 && unicode.IsSpace(s.buf[from-1]) {
			from--
		}
		for from > 0 && !unicode.IsSpace(s.buf[from-1]) {
			from--
		}
		s.kill(from, s.pos)
		kill = true
	case k.alt && k.r == 'd':
		s.kill(s.pos, s.wordRight(s.pos))
		kill = true
	case k.r == 0x0b: // Ctrl-K
		end := s.lineEnd(s.pos)
		if end == s.pos && end < len(s.buf) {
			end++ // at the end of a line: join the next
		}
		s.kill(s.pos, end)
		kill = true
	case k.r == 0x15: // Ctrl-U
		s.kill(s.lineStart(s.pos), s.pos)
		kill = true
	case k.r == 0x19: // Ctrl-Y
		s.insert(e.killed)
	case k.r == 0x14: // Ctrl-T
		if s.pos > 0 && len(s.buf) > 1 {
			i := min(s.pos, len(s.buf)-1)
			s.buf[i-1], s.buf[i] = s.buf[i], s.buf[i-1]
			s.pos = i + 1
		}
	case k.r == 0x0c: // Ctrl-L
		e.write("\x1b[H\x1b[2J")
		s.cursorRow = 0
	case k.r == 0x12: // Ctrl-R
		s.search = &search{s: s, at: len(e.history), saved: append([]rune(nil), s.buf...), savedPos: s.pos}
	case k.r == 0x03: // Ctrl-C
		text := string(s.buf)
		s.finish("^C")
		return text, ErrInterrupted, true
	case k.r == 0x04: // Ctrl-D
		if s.p.Paste {
			s.finish("")
			return string(s.buf), nil, true
		}
		if len(s.buf) == 0 {
			s.finish("")
			return "", io.EOF, true
		}
		s.deleteRange(s.pos, min(len(s.buf), s.pos+1))
	case k.r == '\r' || k.r == '\n':
		text := string(s.buf)
		if s.p.Paste || e.opts.Incomplete != nil && e.opts.Incomplete(text) {
			s.insert([]rune{'\n'})
			break
		}
		s.finish("")
		return text, nil, true
	case k.r == '\t':
		tab = true
		s.complete()
	case k.named == keyEscape || k.alt || k.named != keyNone || k.r < 0x20:
		// Keys with no meaning here.
	default:
		s.insert([]rune{k.r})
	}
	s.render()
	return "", nil, false
}

func (s *session) insert(rs []rune) {
	s.buf = append(s.buf[:s.pos], append(append([]rune(nil), rs...), s.buf[s.pos:]...)...)
	s.pos += len(rs)
}

func (s *session) deleteRange(from, to int) {
	if from >= to {
		return
	}
	s.buf = append(s.buf[:from], s.buf[to:]...)
	s.pos = from
}

func (s *session) kill(from, to int) {
	if from >= to {
		return
	}
	text := append([]rune(nil), s.buf[from:to]...)
	if s.lastKill {
		if from < s.pos {
			s.e.killed = append(text, s.e.killed...)
		} else {
			s.e.killed = append(s.e.killed, text...)
		}
	} else {
		s.e.killed = text
	}
	s.deleteRange(from, to)
}

func (s *session) lineStart(i int) int {
	for i > 0 && s.buf[i-1] != '\n' {
		i--
	}
	return i
}

func (s *session) lineEnd(i int) int {
	for i < len(s.buf) && s.buf[i] != '\n' {
		i++
	}
	return i
}

func isWord(r rune) bool { return r == '_' || r == '$' || unicode.IsLetter(r) || unicode.IsDigit(r) }

func (s *session) wordLeft(i int) int {
	for i > 0 && !isWord(s.buf[i-1]) {
		i--
	}
	for i > 0 && isWord(s.buf[i-1]) {
		i--
	}
	return i
}

func (s *session) wordRight(i int) int {
	for i < len(s.buf) && !isWord(s.buf[i]) {
		i++
	}
	for i < len(s.buf) && isWord(s.buf[i]) {
		i++
	}
	return i
}

// up moves to the line above within the entry, or recalls the entry before.
func (s *session) up() {
	start := s.lineStart(s.pos)
	if start > 0 {
		col := s.pos - start
		prev := s.lineStart(start - 1)
		s.pos = min(prev+col, start-1)
		return
	}
	if s.hist == 0 {
		return
	}
	if s.hist == len(s.e.history) {
		s.draft = append([]rune(nil), s.buf...)
	}
	s.hist--
	s.buf = []rune(s.e.history[s.hist])
	s.pos = len(s.buf)
}

// down moves to the line below within the entry, or recalls the entry after.
func (s *session) down() {
	end := s.lineEnd(s.pos)
	if end < len(s.buf) {
		col := s.pos - s.lineStart(s.pos)
		next := end + 1
		s.pos = min(next+col, s.lineEnd(next))
		return
	}
	if s.hist >= len(s.e.history) {
		return
	}
	s.hist++
	if s.hist == len(s.e.history) {
		s.buf = s.draft
	} else {
		s.buf = []rune(s.e.history[s.hist])
	}
	s.pos = len(s.buf)
}

// complete completes the word before the cursor: one candidate replaces it,
// several extend it to what they share, and a second Tab lists them.
func (s *session) complete() {
	text := string(s.buf[:s.pos])
	if strings.TrimSpace(string(s.buf[s.lineStart(s.pos):s.pos])) == "" {
		s.insert([]rune("  ")) // Tab at the start of a line indents
		return
	}
	if s.e.opts.Complete == nil {
		return
	}
	head, items, _ := s.e.opts.Complete(string(s.buf), len([]rune(text)))
	if len(items) == 0 {
		return
	}
	word := []rune(text)[len([]rune(head)):]
	common := items[0]
	for _, it := range items[1:] {
		common = commonPrefix(common, it)
	}
	if len([]rune(common)) > len(word) {
		s.deleteRange(len([]rune(head)), s.pos)
		s.insert([]rune(common))
		return
	}
	if len(items) > 1 && s.lastTab {
		s.list(items)
	}
}

func commonPrefix(a, b string) string {
	ra, rb := []rune(a), []rune(b)
	i := 0
	for i < len(ra) && i < len(rb) && ra[i] == rb[i] {
		i++
	}
	return string(ra[:i])
}
