package client

import (
	"bytes"
	"encoding/json"
	"reflect"
	"sort"
	"strings"
	"sync"
)

// knownFields caches the JSON names a struct type declares.
var knownFields sync.Map // reflect.Type → map[string]bool

func fieldsOf(t reflect.Type) map[string]bool {
	if m, ok := knownFields.Load(t); ok {
		return m.(map[string]bool)
	}
	m := map[string]bool{}
	for i := 0; i < t.NumField(); i++ {
		tag := t.Field(i).Tag.Get("json")
		name, _, _ := strings.Cut(tag, ",")
		if name != "" && name != "-" {
			m[name] = true
		}
	}
	knownFields.Store(t, m)
	return m
}

// encodeWithExtra encodes plain and appends the extra fields it does not declare,
// in a stable order.
func encodeWithExtra(plain any, extra Extra) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(plain); err != nil {
		return nil, err
	}
	b := bytes.TrimRight(buf.Bytes(), "\n")
	if len(extra) == 0 {
		return b, nil
	}
	known := fieldsOf(reflect.TypeOf(plain))
	var present map[string]json.RawMessage
	keys := make([]string, 0, len(extra))
	for k := range extra {
		if known[k] {
			if present == nil {
				_ = json.Unmarshal(b, &present)
			}
			if _, set := present[k]; set {
				continue // the field has a value now; it wins
			}
		}
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := append([]byte(nil), b[:len(b)-1]...)
	for _, k := range keys {
		if len(out) > 1 {
			out = append(out, ',')
		}
		name, _ := json.Marshal(k)
		out = append(out, name...)
		out = append(out, ':')
		out = append(out, extra[k]...)
	}
	return append(out, '}'), nil
}

func isEmptyValue(v json.RawMessage) bool {
	switch string(bytes.TrimSpace(v)) {
	case `""`, "[]", "{}", "null":
		return true
	}
	return false
}
