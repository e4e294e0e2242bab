package client

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"runtime"
	"strings"
	"sync"
)

// toJSON encodes v, passing json.RawMessage through untouched so numbers keep their digits.
func toJSON(v any) (json.RawMessage, error) {
	switch x := v.(type) {
	case json.RawMessage:
		if !json.Valid(x) {
			return nil, fmt.Errorf("invalid JSON")
		}
		return x, nil
	case []byte:
		if !json.Valid(x) {
			return nil, fmt.Errorf("invalid JSON")
		}
		return x, nil
	}
	if out, ok, err := marshalerList(v); ok {
		return out, err
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimRight(buf.Bytes(), "\n"), nil
}

// marshalerList encodes a slice of models ([]*Task, say) element by element
// into one array. A big list (100k tasks) is encoded by every core at once,
// each taking a contiguous part: it is all done before the first batch can
// be sent, while the server waits. Models write themselves into the part's
// buffer (appendJSON); other marshalers' output is checked to be JSON, as
// encoding/json checks it.
func marshalerList(v any) (json.RawMessage, bool, error) {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Slice || rv.IsNil() || !rv.Type().Elem().Implements(marshalerType) {
		return nil, false, nil
	}
	n := rv.Len()
	workers := 1
	if n >= 4096 {
		workers = runtime.GOMAXPROCS(0)
	}
	parts := make([][]byte, workers)
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := range workers {
		lo, hi := n*w/workers, n*(w+1)/workers
		wg.Go(func() {
			var b []byte
			for i := lo; i < hi; i++ {
				if i > lo {
					b = append(b, ',')
				}
				e := rv.Index(i)
				if e.Kind() == reflect.Pointer && e.IsNil() {
					b = append(b, "null"...)
					continue
				}
				var err error
				switch m := e.Interface().(type) {
				case interface{ appendJSON([]byte) ([]byte, error) }:
					b, err = m.appendJSON(b)
				default:
					var out []byte
					if out, err = m.(json.Marshaler).MarshalJSON(); err == nil && !json.Valid(out) {
						err = fmt.Errorf("invalid JSON")
					}
					b = append(b, out...)
				}
				if err != nil {
					errs[w] = fmt.Errorf("item %d: %w", i, err)
					return
				}
			}
			parts[w] = b
		})
	}
	wg.Wait()
	size := 2
	for w, b := range parts {
		if errs[w] != nil { // parts are in order, so this is the first item that failed
			return nil, true, errs[w]
		}
		size += len(b) + 1
	}
	out := make([]byte, 0, size)
	out = append(out, '[')
	for w, b := range parts {
		if w > 0 && len(b) > 0 && len(out) > 1 {
			out = append(out, ',')
		}
		out = append(out, b...)
	}
	return append(out, ']'), true, nil
}

var marshalerType = reflect.TypeFor[json.Marshaler]()

func checkJSONKind(raw json.RawMessage, typ string) error {
	t := bytes.TrimSpace(raw)
	if len(t) == 0 {
		return fmt.Errorf("nothing")
	}
	wantArray := strings.HasSuffix(typ, "[]")
	switch {
	case wantArray && t[0] != '[':
		return fmt.Errorf("%s", jsonKind(t))
	case !wantArray && t[0] != '{':
		return fmt.Errorf("%s", jsonKind(t))
	}
	return nil
}

func jsonKind(t []byte) string {
	switch t[0] {
	case '{':
		return "an object"
	case '[':
		return "a list"
	case '"':
		return "a string " + excerpt(t, 40)
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	}
	return "a number " + string(t)
}

func isEmptyJSON(b []byte) bool {
	t := bytes.TrimSpace(b)
	return len(t) == 0 || string(t) == "{}" || string(t) == "[]" || string(t) == "null"
}

func isModelType(t string) bool {
	return t != "" && t[0] >= 'A' && t[0] <= 'Z' && !strings.HasSuffix(t, "[]")
}

func describeType(t string) string {
	switch {
	case t == "string":
		return "a string"
	case t == "string[]":
		return "a list of strings"
	case strings.HasSuffix(t, "[]"):
		return "a list of " + strings.TrimSuffix(t, "[]") + " objects"
	case isModelType(t):
		return "a " + t + " object"
	}
	return "a " + t
}

func describeValue(v any) string {
	switch x := v.(type) {
	case string:
		return "an empty string"
	case json.RawMessage:
		return jsonKind(bytes.TrimSpace(x))
	case bool:
		return "a boolean"
	case map[string]any:
		return "an object"
	case []any:
		return "a list"
	}
	return fmt.Sprintf("%T %v", v, v)
}
