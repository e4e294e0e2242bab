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

// decodeWithExtra decodes b into plain (a pointer to a struct without JSON
// methods) and keeps the fields it does not declare in *extra.
func decodeWithExtra(b []byte, plain any, extra *Extra) error {
	b = quoteNumericIDs(b)
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber() // free-form values (input_values, output_values) keep their digits
	if err := d.Decode(plain); err != nil {
		return err
	}
	var all map[string]json.RawMessage
	if err := json.Unmarshal(b, &all); err != nil {
		return err
	}
	known := fieldsOf(reflect.TypeOf(plain).Elem())
	for k, v := range all {
		// A declared field is dropped from Extra unless its value is one that
		// omitempty would lose ("", [], {}, null): those are kept to be written back.
		if known[k] && !isEmptyValue(v) {
			delete(all, k)
		}
	}
	if len(all) > 0 {
		*extra = all
	} else {
		*extra = nil
	}
	return nil
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

// quoteNumericIDs turns top-level ids sent as numbers ("id": 10) into the
// string form every id has, as MODELS.md §1.2 asks clients to tolerate.
func quoteNumericIDs(b []byte) []byte {
	if !hasNumericID(b) {
		return b
	}
	var all map[string]json.RawMessage
	if json.Unmarshal(b, &all) != nil {
		return b
	}
	changed := false
	for k, v := range all {
		t := bytes.TrimSpace(v)
		if (k == "id" || strings.HasSuffix(k, "_id")) && len(t) > 0 && (t[0] == '-' || t[0] >= '0' && t[0] <= '9') {
			all[k], _ = json.Marshal(string(t))
			changed = true
		}
	}
	if !changed {
		return b
	}
	out, err := json.Marshal(all)
	if err != nil {
		return b
	}
	return out
}

// hasNumericID cheaply looks for `id": <digit>` so the common case costs one scan.
func hasNumericID(b []byte) bool {
	for {
		i := bytes.Index(b, []byte(`id"`))
		if i < 0 {
			return false
		}
		b = b[i+3:]
		j := 0
		for j < len(b) && (b[j] == ' ' || b[j] == ':' || b[j] == '\t' || b[j] == '\n') {
			j++
		}
		if j < len(b) && j > 0 && (b[j] == '-' || b[j] >= '0' && b[j] <= '9') {
			return true
		}
	}
}
