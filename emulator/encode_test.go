package emulator

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"strings"
	"testing"
)

// TestAppendJSONMatchesEncodingJSON: the emulator's encoder writes exactly
// what encoding/json writes (HTML unescaped), for every kind it stores and
// for strings with every kind of character.
func TestAppendJSONMatchesEncodingJSON(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	strs := []string{"", "plain", "q\"b\\s/", "\x00\x01\x1f\t\n\r\b\f", "<&>", "é漢字🙂", "\u2028\u2029", "bad\xffutf8\xc3", strings.Repeat("x", 300)}
	var gen func(depth int) any
	gen = func(depth int) any {
		switch n := r.IntN(12); {
		case n == 0:
			return nil
		case n == 1:
			return r.IntN(2) == 0
		case n == 2:
			return json.Number([]string{"0", "-1.5e3", "12345678901234567890", "0.10"}[r.IntN(4)])
		case n == 3:
			return r.IntN(1000) - 500
		case n == 4:
			return r.Float64() * 1e6
		case n == 5:
			return []string{strs[r.IntN(len(strs))], "b"}
		case n < 8 || depth > 3:
			return strs[r.IntN(len(strs))]
		case n < 10:
			m := object{}
			for range r.IntN(6) {
				m[strs[r.IntN(len(strs))]+string(rune('a'+r.IntN(26)))] = gen(depth + 1)
			}
			return m
		case n == 10:
			return []object{{"k": gen(depth + 1)}, nil}
		default:
			l := []any{}
			for range r.IntN(4) {
				l = append(l, gen(depth+1))
			}
			return l
		}
	}
	for i := 0; i < 5000; i++ {
		v := object{"items": gen(0), "has_more": true}
		want, err := marshalNoHTMLEscape(v)
		if err != nil {
			t.Fatal(err)
		}
		if got := appendJSON(nil, v); !bytes.Equal(got, want) {
			t.Fatalf("case %d:\n got %s\nwant %s", i, got, want)
		}
	}
}

func BenchmarkAppendJSONPage(b *testing.B) {
	s := New(Options{DemoAssignments: 1000})
	var page any
	s.mu.RLock()
	for _, c := range []*collection{s.st.assignments} {
		var items []object
		for _, id := range c.ids {
			items = append(items, c.objs[id])
		}
		page = object{"items": items, "has_more": false}
	}
	s.mu.RUnlock()
	b.Run("ours", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			releaseJSON(encodeJSON(page))
		}
	})
	b.Run("encoding/json", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			marshalNoHTMLEscape(page)
		}
	})
}
