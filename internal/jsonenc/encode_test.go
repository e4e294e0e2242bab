package jsonenc

import (
	"bytes"
	"encoding/json"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// TestAppendMatchesEncodingJSON: Append writes exactly
// what encoding/json writes (HTML unescaped), for every kind it stores and
// for strings with every kind of character.
func TestAppendMatchesEncodingJSON(t *testing.T) {
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
			return []float64{r.Float64() * 1e6, -r.Float64() * 1e-9, 1e21 * r.Float64(), 123456789, 0, -0.5, 1e-7, 5e300}[r.IntN(8)]
		case n == 5:
			return []string{strs[r.IntN(len(strs))], "b"}
		case n < 8 || depth > 3:
			return strs[r.IntN(len(strs))]
		case n < 10:
			m := map[string]any{}
			for range r.IntN(6) {
				m[strs[r.IntN(len(strs))]+string(rune('a'+r.IntN(26)))] = gen(depth + 1)
			}
			return m
		case n == 10:
			return []map[string]any{{"k": gen(depth + 1)}, nil}
		default:
			l := []any{}
			for range r.IntN(4) {
				l = append(l, gen(depth+1))
			}
			return l
		}
	}
	for i := 0; i < 5000; i++ {
		v := map[string]any{"items": gen(0), "has_more": true}
		want := stdEncode(t, v)
		if got, err := Append(nil, v); err != nil || !bytes.Equal(got, want) {
			t.Fatalf("case %d: %v\n got %s\nwant %s", i, err, got, want)
		}
	}
}

func stdEncode(t *testing.T, v any) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
}

// TestAppendFailsWhereEncodingJSONFails: no half-written JSON for a NaN or a
// malformed json.Number; the error is encoding/json's.
func TestAppendFailsWhereEncodingJSONFails(t *testing.T) {
	for _, v := range []any{math.NaN(), map[string]any{"x": math.Inf(1)}, json.Number("1x"), []any{make(chan int)}} {
		if _, err := Append(nil, v); err == nil {
			t.Errorf("%#v: no error", v)
		}
	}
}
