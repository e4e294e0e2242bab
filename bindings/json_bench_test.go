package bindings

import (
	"encoding/json"
	"testing"

	"github.com/dop251/goja"

	"github.com/tolokash/tolokash/internal/testenv"
)

// BenchmarkParseItems converts the items of a 1,000-assignment page one by one,
// as the iterator does, with one parser kept across pages.
func BenchmarkParseItems(b *testing.B) {
	page := testenv.AssignmentPage(0, 1000, false)
	items, err := splitItems(page)
	if err != nil {
		b.Fatal(err)
	}
	vm := goja.New()
	p := newJSONParser(vm)
	b.SetBytes(int64(len(page)))
	for b.Loop() {
		for _, raw := range items {
			if _, err := p.parse(raw); err != nil {
				b.Fatal(err)
			}
		}
	}
}

func splitItems(page []byte) ([][]byte, error) {
	var env struct{ Items []json.RawMessage }
	if err := json.Unmarshal(page, &env); err != nil {
		return nil, err
	}
	out := make([][]byte, len(env.Items))
	for i, it := range env.Items {
		out[i] = it
	}
	return out, nil
}
