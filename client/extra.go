package client

import (
	"bytes"
	"encoding/json"
	"fmt"

	gojson "github.com/goccy/go-json"
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
//
// It is the hot path of every typed page, so it reads b twice: once with
// goccy/go-json (several times faster than encoding/json, and it checks the
// syntax of what it reads), and once with our member scanner to find the
// undeclared fields. goccy would turn free-form numbers into float64; the
// models hold those as Values, which decode themselves and keep json.Number.
func decodeWithExtra(b []byte, plain any, extra *Extra) error {
	b = quoteNumericIDs(b)
	if err := gojson.Unmarshal(b, plain); err != nil {
		return err
	}
	known := fieldsOf(reflect.TypeOf(plain).Elem())
	var kept Extra
	var bad error
	err := eachMember(b, func(k, v []byte) bool {
		// A declared field is left out of Extra unless its value is one that
		// omitempty would lose ("", [], {}, null): those are kept to be written back.
		if known[string(k)] && !isEmptyValue(v) {
			return true
		}
		name := string(k)
		if bytes.IndexByte(k, '\\') >= 0 {
			if bad = json.Unmarshal(append(append([]byte{'"'}, k...), '"'), &name); bad != nil {
				return false
			}
		}
		if !json.Valid(v) { // kept values are written back as they are, so they must be JSON
			bad = fmt.Errorf("field %q: invalid JSON %.40q", name, v)
			return false
		}
		if kept == nil {
			kept = Extra{}
		}
		kept[name] = json.RawMessage(bytes.Clone(v)) // not a slice of b: that may be a whole page
		return true
	})
	if err == nil {
		err = bad
	}
	*extra = kept
	return err
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
