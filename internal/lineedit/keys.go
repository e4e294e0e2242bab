package lineedit

import (
	"time"
	"unicode/utf8"
)

// key is one keystroke: a rune, or one of the named keys below; paste is
// text pasted in one go (bracketed paste).
type key struct {
	r     rune
	named int
	alt   bool
	paste string
}

const (
	keyNone = iota
	keyUp
	keyDown
	keyLeft
	keyRight
	keyHome
	keyEnd
	keyDelete
	keyWordLeft
	keyWordRight
	keyPaste
	keyEscape
)

// escTimeout is how long a lone ESC waits for the rest of a sequence.
const escTimeout = 40 * time.Millisecond

// decoder turns the bytes of a terminal into keys.
type decoder struct {
	in    <-chan []byte
	buf   []byte
	eof   bool
	paste bool
}

// next returns the next key, reading more bytes when needed; ok is false at
// the end of the input. wait lets the caller watch other channels meanwhile:
// it gets a channel of bytes and returns what arrived, or nil.
func (d *decoder) fill(timeout time.Duration) bool {
	if d.eof {
		return false
	}
	var t <-chan time.Time
	if timeout > 0 {
		timer := time.NewTimer(timeout)
		defer timer.Stop()
		t = timer.C
	}
	select {
	case b, ok := <-d.in:
		if !ok {
			d.eof = true
			return false
		}
		d.buf = append(d.buf, b...)
		return true
	case <-t:
		return false
	}
}

// parse takes one key from the buffer; complete is false when the bytes so
// far are the start of a longer sequence.
func (d *decoder) parse() (k key, complete bool) {
	b := d.buf
	if len(b) == 0 {
		return key{}, false
	}
	if d.paste {
		end := indexOf(b, "\x1b[201~")
		if end < 0 {
			return key{}, false
		}
		k = key{named: keyPaste, paste: string(b[:end])}
		d.buf = b[end+6:]
		d.paste = false
		return k, true
	}
	if b[0] != 0x1b {
		if !utf8.FullRune(b) {
			return key{}, false
		}
		r, n := utf8.DecodeRune(b)
		d.buf = b[n:]
		return key{r: r}, true
	}
	if len(b) == 1 {
		return key{}, false
	}
	switch b[1] {
	case '[', 'O':
		// CSI: parameters, then a final byte in @..~.
		i := 2
		for i < len(b) && (b[i] < 0x40 || b[i] > 0x7e) {
			i++
		}
		if i == len(b) {
			return key{}, false
		}
		seq := string(b[1 : i+1])
		d.buf = b[i+1:]
		return csiKey(seq, d), true
	case 0x7f, 0x08:
		d.buf = b[2:]
		return key{r: 0x7f, alt: true}, true
	}
	r, n := utf8.DecodeRune(b[1:])
	d.buf = b[1+n:]
	return key{r: r, alt: true}, true
}

func csiKey(seq string, d *decoder) key {
	switch seq {
	case "[A", "OA":
		return key{named: keyUp}
	case "[B", "OB":
		return key{named: keyDown}
	case "[C", "OC":
		return key{named: keyRight}
	case "[D", "OD":
		return key{named: keyLeft}
	case "[H", "OH", "[1~", "[7~":
		return key{named: keyHome}
	case "[F", "OF", "[4~", "[8~":
		return key{named: keyEnd}
	case "[3~":
		return key{named: keyDelete}
	case "[1;5C", "[1;3C", "[5C":
		return key{named: keyWordRight}
	case "[1;5D", "[1;3D", "[5D":
		return key{named: keyWordLeft}
	case "[200~":
		d.paste = true
		return key{named: keyNone}
	}
	return key{named: keyNone}
}

func indexOf(b []byte, s string) int {
	for i := 0; i+len(s) <= len(b); i++ {
		if string(b[i:i+len(s)]) == s {
			return i
		}
	}
	return -1
}
