package client

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// decodePage reads {items|content: [...], has_more} keeping each item's raw
// bytes (slices of body, not copies). An empty key takes either envelope.
func decodePage(body []byte, key string) ([]json.RawMessage, bool, error) {
	return readPage(body, key, false, 0)
}

// readPage is decodePage, checked or not: checked, it also checks that each
// item is JSON (checkItems), which callers that read items later need (a
// script perhaps only when it touches a member): a bad item is named here,
// with its page. sizeHint is how many items the page probably holds.
//
// Its answers, errors included, are those of reading the page's members
// (eachMember), then splitting the list (splitArray), then checking the
// items (FuzzDecodePage holds it to them). Checked, it reads the list once,
// where that took three passes; when the one pass finds something wrong with
// the list, the list is read again the slow way for the words.
func readPage(body []byte, key string, checked bool, sizeHint int) ([]json.RawMessage, bool, error) {
	if len(bytes.TrimSpace(body)) == 0 {
		return nil, false, fmt.Errorf("empty answer where a page was expected")
	}
	var list, hasMore []byte // the values of the members
	var items []json.RawMessage
	var listOK bool // items holds the list, split (and checked)
	i := skipSpace(body, 0)
	if i >= len(body) || body[i] != '{' {
		return nil, false, fmt.Errorf("expected an object")
	}
	i = skipSpace(body, i+1)
	empty := i < len(body) && body[i] == '}'
members:
	for !empty {
		if i >= len(body) || body[i] != '"' {
			return nil, false, fmt.Errorf("expected a key at offset %d", i)
		}
		end, err := skipString(body, i)
		if err != nil {
			return nil, false, err
		}
		k := body[i+1 : end-1]
		i = skipSpace(body, end)
		if i >= len(body) || body[i] != ':' {
			return nil, false, fmt.Errorf("expected ':' at offset %d", i)
		}
		vstart := skipSpace(body, i+1)
		vend := -1
		isList := (string(k) == "items" || string(k) == "content") && (key == "" || key == string(k))
		if isList {
			items, listOK = nil, false
			// Valid items end where the skip would end; a split of
			// unchecked ones may not, on a broken page, so the unchecked
			// list is skipped first and split after, as before.
			if checked && vstart < len(body) && body[vstart] == '[' {
				var n int
				if items, n, listOK = splitValidAt(body[vstart:], sizeHint); listOK {
					vend = vstart + n
				}
			}
		}
		if vend < 0 {
			if vend, err = skipValue(body, vstart); err != nil {
				return nil, false, err
			}
		}
		switch {
		case isList:
			list, key = body[vstart:vend], string(k)
		case string(k) == "has_more":
			hasMore = body[vstart:vend]
		}
		i = skipSpace(body, vend)
		if i >= len(body) {
			return nil, false, errTruncated
		}
		switch body[i] {
		case ',':
			i = skipSpace(body, i+1)
		case '}':
			if rest := skipSpace(body, i+1); rest != len(body) {
				return nil, false, fmt.Errorf("unexpected %q after the object", body[rest])
			}
			break members
		default:
			return nil, false, fmt.Errorf("expected ',' or '}' at offset %d", i)
		}
	}
	if hasMore == nil {
		return nil, false, fmt.Errorf("the page has no has_more field")
	}
	more := string(hasMore) == "true"
	if !more && string(hasMore) != "false" {
		return nil, false, fmt.Errorf("has_more is %s, not a boolean", hasMore)
	}
	if list == nil || string(list) == "null" {
		return nil, more, nil
	}
	if listOK {
		return items, more, nil
	}
	items, err := splitArray(list)
	if err != nil {
		return nil, false, fmt.Errorf("%s: %w", key, err)
	}
	if checked {
		if err := checkItems(items, key); err != nil {
			return nil, false, err
		}
	}
	return items, more, nil
}

// checkItems checks that each item is JSON, naming the first that is not.
func checkItems(items []json.RawMessage, key string) error {
	for i, item := range items {
		d := &decoder{b: item}
		if err := d.valid(0); err != nil {
			return fmt.Errorf("%s[%d]: %w", key, i, err)
		}
		if end := skipSpace(item, d.i); end != len(item) {
			return fmt.Errorf("%s[%d]: unexpected %q after the value", key, i, item[end])
		}
	}
	return nil
}
