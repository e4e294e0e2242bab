package client

import (
	"bytes"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/tolokash/tolokash/internal/testenv"
)

// FuzzDecodePage checks the page scanner against encoding/json: on a valid
// page both find the same items and has_more; on anything else the scanner
// returns an error or items, never panics or loops.
func FuzzDecodePage(f *testing.F) {
	for _, seed := range []string{
		`{"items":[],"has_more":false}`,
		`{"has_more":true,"items":[{"id":"1","s":"a\"]}"},{"id":"2","n":[1,2,{"x":null}]}]}`,
		` { "content" : [ 1 , "two" , true , null , -1.5e3 ] , "has_more" : false } `,
		`{"items":[{"id":"1","s":"x\\"},{"id":"2","t":"\"}]{"}],"more":{"has_more":false},"has_more":true}`,
		`{"has_more":false,"items":[]}`,
		`{"has_more":true,"items":[{"id":"1"}],"notes":[{"id":"x"}]}`,
		`{"items":[{"id":"1"}],"has_more":false,"has_more":true}`,
		`{"items":[{"id":"1"}],"has_more":true`,
		`{"items":[{"id":"1"}}],"has_more":true}`,
		`<html>502</html>`,
		string(testenv.AssignmentPage(0, 3, true)),
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		for _, key := range []string{"items", "content", ""} {
			// The one-pass reading answers as the three passes it replaced,
			// errors and all.
			for _, checked := range []bool{false, true} {
				items, more, err := readPage(body, key, checked, 2)
				wantItems, wantMore, wantErr := threePassPage(body, key, checked)
				if fmt.Sprint(err) != fmt.Sprint(wantErr) || more != wantMore || len(items) != len(wantItems) {
					t.Fatalf("%s (%s, checked %v): %d items, %v, %v; the three passes: %d items, %v, %v", body, key, checked, len(items), more, err, len(wantItems), wantMore, wantErr)
				}
				for i := range items {
					if !sameBytes(items[i], wantItems[i]) {
						t.Fatalf("%s (%s, checked %v): item %d is %s, the three passes: %s", body, key, checked, i, items[i], wantItems[i])
					}
				}
			}
			if key == "" {
				continue
			}
			items, more, err := decodePage(body, key)
			tailMore, last, tailErr := pageTail(body, key) // never panics or loops, whatever the body
			if !json.Valid(body) {
				continue
			}
			// On valid JSON the typed iterators' reading of the page's two
			// ends agrees with the full one.
			if err == nil {
				var wantLast []byte
				if len(items) > 0 {
					wantLast = items[len(items)-1]
				}
				if tailErr != nil || tailMore != more || !bytes.Equal(last, wantLast) {
					t.Fatalf("%s (%s): pageTail says %v, last %s, %v; decodePage: %v, last %s", body, key, tailMore, last, tailErr, more, wantLast)
				}
			}
			var want struct {
				Items   []json.RawMessage `json:"items"`
				Content []json.RawMessage `json:"content"`
				HasMore *bool             `json:"has_more"`
			}
			if json.Unmarshal(body, &want) != nil || want.HasMore == nil {
				continue // not a page: any error will do
			}
			if bytes.Contains(bytes.ToLower(body), []byte(`"items"`)) && !bytes.Contains(body, []byte(`"items"`)) ||
				bytes.Contains(bytes.ToLower(body), []byte(`"has_more"`)) && !bytes.Contains(body, []byte(`"has_more"`)) {
				continue // encoding/json matches keys without regard to case; the API's are lower case
			}
			if err != nil {
				t.Fatalf("%s: %v on a valid page", body, err)
			}
			wantItems := want.Items
			if key == "content" {
				wantItems = want.Content
			}
			if more != *want.HasMore || len(items) != len(wantItems) {
				t.Fatalf("%s: %d items, has_more %v; encoding/json: %d, %v", body, len(items), more, len(wantItems), *want.HasMore)
			}
			for i := range items {
				if !bytes.Equal(bytes.TrimSpace(items[i]), bytes.TrimSpace(wantItems[i])) {
					t.Fatalf("item %d: %s, encoding/json: %s", i, items[i], wantItems[i])
				}
			}
		}
	})
}

// threePassPage is how pages were read before readPage: the page's members
// (eachMember), then the list (splitArray), then each item (checkItems).
func threePassPage(body []byte, key string, checked bool) ([]json.RawMessage, bool, error) {
	if len(bytes.TrimSpace(body)) == 0 {
		return nil, false, fmt.Errorf("empty answer where a page was expected")
	}
	var items, hasMore []byte
	err := eachMember(body, func(k, v []byte) bool {
		switch string(k) {
		case "items", "content":
			if key == "" || key == string(k) {
				items, key = v, string(k)
			}
		case "has_more":
			hasMore = v
		}
		return true
	})
	if err != nil {
		return nil, false, err
	}
	if hasMore == nil {
		return nil, false, fmt.Errorf("the page has no has_more field")
	}
	more := string(hasMore) == "true"
	if !more && string(hasMore) != "false" {
		return nil, false, fmt.Errorf("has_more is %s, not a boolean", hasMore)
	}
	if items == nil || string(items) == "null" {
		return nil, more, nil
	}
	list, err := splitArray(items)
	if err != nil {
		return nil, false, fmt.Errorf("%s: %w", key, err)
	}
	if checked {
		if err := checkItems(list, key); err != nil {
			return nil, false, err
		}
	}
	return list, more, nil
}

// TestCursorValue: the text a page's last item is paged by, whether the id is
// a plain string, an escaped one, or a number.
func TestCursorValue(t *testing.T) {
	for item, want := range map[string]string{
		`{"created":"x","id":"abc--1"}`: "abc--1",
		`{"id":"a\"b\u0063"}`:           `a"bc`,
		`{"id":12345}`:                  "12345",
		`{ "id" : "" }`:                 "",
	} {
		if got, err := cursorValue(json.RawMessage(item), "id"); err != nil || got != want {
			t.Errorf("%s: %q, %v; want %q", item, got, err, want)
		}
	}
	if _, err := cursorValue(json.RawMessage(`{"other":1}`), "id"); err == nil {
		t.Error("an item without the cursor field must be an error")
	}
}

// sameBytes reports whether a and b are the same bytes of memory.
func sameBytes(a, b []byte) bool {
	return len(a) == len(b) && len(a) > 0 && &a[0] == &b[0]
}
