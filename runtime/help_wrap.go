package runtime

import (
	"strings"
	"unicode/utf8"
)

// wrapHelp fits help's text to the terminal's width: a line too long is
// broken between words, and its continuation lines start under its text
// column (where a listing's description begins), so that a listing stays
// two columns instead of the terminal cutting words in half. Where the
// width is not known (0: output that is not a terminal) the text stays as
// it is, a line per entry, for grep.
func wrapHelp(text string, width int) string {
	if width <= 0 {
		return text
	}
	lines := strings.Split(text, "\n")
	var out []string
	for _, line := range lines {
		out = append(out, wrapLine(line, width)...)
	}
	return strings.Join(out, "\n")
}

// wrapLine breaks one line; a line that fits comes back as it is.
func wrapLine(line string, width int) []string {
	if utf8.RuneCountInString(line) <= width {
		return []string{line}
	}
	var out []string
	col, sig, text := columns(line)
	if col > width/2 && text != "" {
		// The second column starts too far right to hold much: the first
		// goes on a line of its own and the text under it, indented.
		out = append(out, wrapLine(sig, width)...)
		lead := len(sig) - len(strings.TrimLeft(sig, " "))
		line, col = strings.Repeat(" ", lead+4)+text, lead+4
	}
	indent := strings.Repeat(" ", min(col, width/2))
	cur, curLen := "", 0
	for i, word := range strings.Split(line, " ") {
		wl := utf8.RuneCountInString(word)
		switch {
		case i == 0 || (curLen > 0 && curLen+1+wl <= width) || strings.TrimSpace(cur) == "":
			// the first word, a word that fits, or the line's own leading spaces
			if i > 0 {
				cur, curLen = cur+" ", curLen+1
			}
			cur, curLen = cur+word, curLen+wl
		default:
			out = append(out, strings.TrimRight(cur, " "))
			cur, curLen = indent+word, len(indent)+wl
		}
		for curLen > width && len(indent) < width {
			// a word longer than the room: cut it where the line ends
			r := []rune(cur)
			out = append(out, string(r[:width]))
			cur = indent + string(r[width:])
			curLen = utf8.RuneCountInString(cur)
		}
	}
	return append(out, strings.TrimRight(cur, " "))
}

// columns splits a line at its second column (the text after its first
// run of two or more spaces past the leading ones): the column it starts
// at, the first column and the text. A line of one column gives its own
// indent and four more, the line, and no text.
func columns(line string) (col int, first, text string) {
	lead := len(line) - len(strings.TrimLeft(line, " "))
	i := strings.Index(line[lead:], "  ")
	if i < 0 {
		return lead + 4, line, ""
	}
	j := lead + i
	for j < len(line) && line[j] == ' ' {
		j++
	}
	return utf8.RuneCountInString(line[:j]), line[:lead+i], line[j:]
}
