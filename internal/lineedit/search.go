package lineedit

import "strings"

// search is Ctrl-R: typing narrows to the latest history entry holding the
// query, Ctrl-R again goes to an older one, Enter or any editing key takes
// the entry found, Ctrl-G or Esc goes back to what was typed.
type search struct {
	s        *session
	query    []rune
	at       int // the history entry found; len(history) when none
	failed   bool
	saved    []rune
	savedPos int
}

func (q *search) prompt() string {
	if q.failed {
		return "(failed reverse-i-search)`" + string(q.query) + "': "
	}
	return "(reverse-i-search)`" + string(q.query) + "': "
}

// shown is the entry found and where the query is in it.
func (q *search) shown() ([]rune, int) {
	h := q.s.e.history
	if q.at >= len(h) {
		return q.saved, q.savedPos
	}
	entry := []rune(h[q.at])
	i := strings.Index(h[q.at], string(q.query))
	return entry, len([]rune(h[q.at][:max(i, 0)]))
}

// find looks for the query from entry from down to the oldest.
func (q *search) find(from int) {
	h := q.s.e.history
	for i := min(from, len(h)-1); i >= 0; i-- {
		if strings.Contains(h[i], string(q.query)) {
			q.at, q.failed = i, false
			return
		}
	}
	q.failed = true
}

// searchKey handles a key while searching; it reports whether the key is
// for normal editing (the search is then over).
func (q *session) searchKey(k key) bool {
	sr := q.search
	switch {
	case k.r == 0x12: // Ctrl-R: older
		if len(sr.query) > 0 {
			sr.find(sr.at - 1)
		}
	case k.r == 0x07 || k.named == keyEscape || k.r == 0x03: // Ctrl-G, Esc, Ctrl-C: back to what was typed
		q.buf, q.pos = sr.saved, sr.savedPos
		q.search = nil
	case k.r == 0x7f || k.r == 0x08:
		if len(sr.query) > 0 {
			sr.query = sr.query[:len(sr.query)-1]
			sr.find(len(q.e.history) - 1)
		}
	case k.named == keyNone && k.r >= 0x20 && !k.alt:
		sr.query = append(sr.query, k.r)
		sr.find(sr.at)
	default:
		// Take the entry found and let the key do its usual work.
		buf, pos := sr.shown()
		q.buf, q.pos = append([]rune(nil), buf...), pos
		if sr.at < len(q.e.history) {
			q.hist = sr.at
		}
		q.search = nil
		if k.r == '\r' || k.r == '\n' {
			break // Enter only takes the entry
		}
		return true
	}
	q.render()
	return false
}
