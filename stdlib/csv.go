package stdlib

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// The table text format: a header row, delimiter-separated cells, CSV quoting
// ("…" with "" inside) for cells holding the delimiter, quotes or line breaks.
// Types survive a round trip: an empty unquoted cell is null, an unquoted
// number or true/false is a number or boolean, and anything quoted is a string
// (so "" is the empty string and "42" the string 42). The Toloka assignments
// export follows the same rules.

type cell struct {
	text   string
	quoted bool
}

func (c cell) value() any {
	if c.quoted {
		return c.text
	}
	switch c.text {
	case "":
		return nil
	case "true":
		return true
	case "false":
		return false
	}
	if looksNumeric(c.text) {
		if f, err := strconv.ParseFloat(c.text, 64); err == nil {
			return f
		}
	}
	return c.text
}

// readsAsOther reports whether s, written unquoted, would read back as
// something else than the string s: a boolean or a number.
func readsAsOther[T string | []byte](s T) bool {
	if string(s) == "true" || string(s) == "false" {
		return true
	}
	if !looksNumeric(s) {
		return false
	}
	_, err := strconv.ParseFloat(string(s), 64)
	return err == nil
}

func looksNumeric[T string | []byte](s T) bool {
	if len(s) == 0 {
		return false
	}
	c := s[0]
	if c == '-' || c == '+' {
		if len(s) == 1 {
			return false
		}
		c = s[1]
	}
	if !(c >= '0' && c <= '9' || c == '.') {
		return false
	}
	// Leading zeros ("007") are labels, not numbers.
	t := s
	for len(t) > 0 && (t[0] == '+' || t[0] == '-') {
		t = t[1:]
	}
	if len(t) > 1 && t[0] == '0' && t[1] != '.' {
		return false
	}
	// Only number characters: dates and ids that start with a digit are not
	// worth a failing (and allocating) ParseFloat.
	for i := 0; i < len(t); i++ {
		switch c := t[i]; {
		case c >= '0' && c <= '9', c == '.', c == 'e', c == 'E', c == '+', c == '-':
		default:
			return false
		}
	}
	return true
}

type cellReader struct {
	r     *bufio.Reader
	delim byte
	line  int
	sb    strings.Builder
}

// record reads one row of cells.
func (p *cellReader) record() ([]cell, int, error) {
	var cells []cell
	first := true
	for {
		c, end, err := p.cell()
		if err == io.EOF && first && c.text == "" && !c.quoted {
			return nil, 0, io.EOF
		}
		if err != nil && err != io.EOF {
			return nil, 0, err
		}
		first = false
		cells = append(cells, c)
		if end || err == io.EOF {
			return cells, len(cells), nil
		}
	}
}

// cell reads one cell; end tells whether it closed the row.
func (p *cellReader) cell() (cell, bool, error) {
	p.sb.Reset()
	b, err := p.r.ReadByte()
	if err != nil {
		return cell{}, true, err
	}
	if b == '"' {
		for {
			b, err := p.r.ReadByte()
			if err != nil {
				return cell{}, true, fmt.Errorf("a quoted cell is not closed")
			}
			if b == '\n' {
				p.line++
			}
			if b != '"' {
				p.sb.WriteByte(b)
				continue
			}
			next, err := p.r.ReadByte()
			switch {
			case err == io.EOF:
				return cell{p.sb.String(), true}, true, io.EOF
			case next == '"':
				p.sb.WriteByte('"')
			case next == p.delim:
				return cell{p.sb.String(), true}, false, nil
			case next == '\n':
				p.line++
				return cell{p.sb.String(), true}, true, nil
			case next == '\r':
				if n2, _ := p.r.ReadByte(); n2 != '\n' {
					p.r.UnreadByte()
				}
				p.line++
				return cell{p.sb.String(), true}, true, nil
			default:
				return cell{}, true, fmt.Errorf("unexpected %q after a closing quote", next)
			}
		}
	}
	for {
		switch b {
		case p.delim:
			return cell{p.sb.String(), false}, false, nil
		case '\n':
			p.line++
			return cell{strings.TrimSuffix(p.sb.String(), "\r"), false}, true, nil
		}
		p.sb.WriteByte(b)
		b, err = p.r.ReadByte()
		if err == io.EOF {
			return cell{strings.TrimSuffix(p.sb.String(), "\r"), false}, true, io.EOF
		}
		if err != nil {
			return cell{}, true, err
		}
	}
}
