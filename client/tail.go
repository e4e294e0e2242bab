package client

import (
	"errors"
	"fmt"
)

// pageTail finds has_more and the last item of a page without walking its
// items: the members after the list are read backwards from the end, those
// before it forwards from the start. It is what typed iterators page by: the
// pager needs only these two to ask for the next page, and the items are then
// decoded straight from the page, so nobody splits it into items first. On
// valid JSON it agrees with decodePage (FuzzDecodePage checks that).
//
// last is nil when there is no list or it is empty. key is the list's
// member name, or "" for either items or content.
func pageTail(body []byte, key string) (hasMore bool, last []byte, err error) {
	var more []byte
	listFound := false
	end := skipSpaceBack(body, len(body))
	if end == 0 || body[end-1] != '}' {
		return false, nil, fmt.Errorf("expected an object")
	}
	for pos := end - 1; !listFound; { // pos: the '}' or ',' after the member
		k, v, before, err := memberBack(body, pos)
		if err != nil {
			return false, nil, err
		}
		switch {
		case string(k) == "has_more":
			if more == nil { // the last one counts, as in a forward reading
				more = v
			}
		case (string(k) == "items" || string(k) == "content") && (key == "" || key == string(k)):
			listFound = true
			if last, err = lastElement(v); err != nil {
				return false, nil, err
			}
		}
		if body[before] == '{' {
			break
		}
		pos = before
	}
	if more == nil && listFound {
		if _, more, err = listStart(body, key); err != nil {
			return false, nil, err
		}
	}
	switch string(more) {
	case "true":
		return true, last, nil
	case "false":
		return false, last, nil
	case "":
		return false, nil, fmt.Errorf("the page has no has_more field")
	}
	return false, nil, fmt.Errorf("has_more is %.20s, not a boolean", more)
}

var errTail = errors.New("malformed page")

// memberBack reads backwards the member of an object that ends just before
// b[pos], the ',' or '}' after it: its name (without quotes), its value, and
// where the ',' or '{' before it is.
func memberBack(b []byte, pos int) (name, value []byte, before int, err error) {
	vstart, err := skipValueBack(b, pos)
	if err != nil {
		return nil, nil, 0, err
	}
	colon := skipSpaceBack(b, vstart)
	if colon == 0 || b[colon-1] != ':' {
		return nil, nil, 0, errTail
	}
	kend := skipSpaceBack(b, colon-1)
	if kend == 0 || b[kend-1] != '"' {
		return nil, nil, 0, errTail
	}
	kstart, err := skipStringBack(b, kend-1)
	if err != nil {
		return nil, nil, 0, err
	}
	sep := skipSpaceBack(b, kstart)
	if sep == 0 || b[sep-1] != ',' && b[sep-1] != '{' {
		return nil, nil, 0, errTail
	}
	return b[kstart+1 : kend-1], b[vstart:skipSpaceBack(b, pos)], sep - 1, nil
}

// listStart reads the page's members forwards up to its list and returns
// where the list's value starts, and has_more if it came first.
func listStart(b []byte, key string) (at int, more []byte, err error) {
	i := skipSpace(b, 0)
	if i >= len(b) || b[i] != '{' {
		return 0, nil, errTail
	}
	for i = skipSpace(b, i+1); i < len(b) && b[i] == '"'; {
		end, err := skipString(b, i)
		if err != nil {
			return 0, nil, err
		}
		k := string(b[i+1 : end-1])
		i = skipSpace(b, end)
		if i >= len(b) || b[i] != ':' {
			return 0, nil, errTail
		}
		vstart := skipSpace(b, i+1)
		if k == key || key == "" && (k == "items" || k == "content") {
			return vstart, more, nil
		}
		vend, err := skipValue(b, vstart)
		if err != nil {
			return 0, nil, err
		}
		if k == "has_more" {
			more = b[vstart:vend]
		}
		if i = skipSpace(b, vend); i < len(b) && b[i] == ',' {
			i = skipSpace(b, i+1)
		}
	}
	return 0, nil, errTail
}

// lastElement returns the last element of the array v, nil when it is empty.
func lastElement(v []byte) ([]byte, error) {
	if string(v) == "null" {
		return nil, nil
	}
	if len(v) < 2 || v[0] != '[' || v[len(v)-1] != ']' {
		return nil, errTail
	}
	end := skipSpaceBack(v, len(v)-1)
	if v[end-1] == '[' {
		return nil, nil
	}
	start, err := skipValueBack(v, end)
	if err != nil {
		return nil, err
	}
	return v[start:end], nil
}

func skipSpaceBack(b []byte, end int) int {
	for end > 0 && (b[end-1] == ' ' || b[end-1] == '\n' || b[end-1] == '\t' || b[end-1] == '\r') {
		end--
	}
	return end
}

// skipStringBack returns the index of the opening quote of the string whose
// closing quote is at b[q]: the nearest quote before it that no odd run of
// backslashes escapes.
func skipStringBack(b []byte, q int) (int, error) {
	for p := q - 1; p >= 0; p-- {
		if b[p] != '"' {
			continue
		}
		escapes := 0
		for k := p - 1; k >= 0 && b[k] == '\\'; k-- {
			escapes++
		}
		if escapes%2 == 0 {
			return p, nil
		}
	}
	return 0, errTail
}

// skipValueBack returns where the value that ends before end (and any spaces
// after it) starts.
func skipValueBack(b []byte, end int) (int, error) {
	j := skipSpaceBack(b, end)
	if j == 0 {
		return 0, errTail
	}
	switch b[j-1] {
	case '"':
		return skipStringBack(b, j-1)
	case '}', ']':
		depth := 0
		for k := j - 1; k >= 0; k-- {
			switch b[k] {
			case '"':
				start, err := skipStringBack(b, k)
				if err != nil {
					return 0, err
				}
				k = start
			case '}', ']':
				depth++
			case '{', '[':
				if depth--; depth == 0 {
					return k, nil
				}
			}
		}
		return 0, errTail
	case ',', ':', '{', '[':
		return 0, errTail
	}
	k := j - 1 // a number or a literal
	for k > 0 {
		switch b[k-1] {
		case ',', ':', '[', '{', ' ', '\n', '\t', '\r':
			return k, nil
		}
		k--
	}
	return k, nil
}
