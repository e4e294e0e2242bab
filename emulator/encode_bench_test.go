package emulator

import "testing"

func BenchmarkAppendJSONPage(b *testing.B) {
	s := New(Options{DemoAssignments: 1000})
	var page any
	s.mu.RLock()
	for _, c := range []*collection{s.st.assignments} {
		var items []object
		for _, id := range c.ids {
			items = append(items, c.objs[id].o)
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
