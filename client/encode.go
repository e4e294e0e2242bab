package client

import (
	"bytes"
	"encoding/json"
	"math"
	"strconv"

	"github.com/tolokash/tolokash/internal/jsonenc"
)

// Models encode without reflection: each has a generated appendJSON that
// writes its declared fields as encoding/json writes them (omitempty and
// omitzero included, HTML left unescaped); TestEncodeMatchesEncodingJSON
// holds every model to that. A model with Extra goes the general way
// (encodeWithExtra). Encoding 100k tasks is what a big create does before its
// first request, while the server waits.

// encoder keeps the first error of a model's appendJSON.
type encoder struct{ err error }

func (e *encoder) fail(err error) {
	if e.err == nil {
		e.err = err
	}
}

// check passes on the bytes of a nested model and keeps its error.
func (e *encoder) check(b []byte, err error) []byte {
	if err != nil {
		e.fail(err)
	}
	return b
}

// key writes a member's key, after a comma unless it is the object's first.
func (e *encoder) key(b []byte, start int, key string) []byte {
	if len(b) > start {
		b = append(b, ',')
	}
	return append(b, key...)
}

func (e *encoder) float(b []byte, f float64) []byte {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		e.fail(&json.UnsupportedValueError{Str: strconv.FormatFloat(f, 'g', -1, 64)})
		return append(b, "null"...)
	}
	return jsonenc.AppendFloat(b, f)
}

// raw writes kept JSON compacted, as encoding/json does, refusing what is not JSON.
func (e *encoder) raw(b []byte, r json.RawMessage) []byte {
	if r == nil {
		return append(b, "null"...)
	}
	n := len(b)
	buf := bytes.NewBuffer(b)
	if err := json.Compact(buf, r); err != nil {
		e.fail(err)
		return append(b[:n], "null"...)
	}
	return buf.Bytes()
}

func (e *encoder) values(b []byte, v Values) []byte {
	if v == nil {
		return append(b, "null"...)
	}
	return e.any(b, map[string]any(v))
}

func (e *encoder) marshaler(b []byte, m json.Marshaler) []byte {
	out, err := m.MarshalJSON()
	if err != nil {
		e.fail(err)
		return append(b, "null"...)
	}
	return append(b, out...)
}

func (e *encoder) any(b []byte, v any) []byte {
	out, err := jsonenc.Append(b, v)
	if err != nil {
		e.fail(err)
		return append(b, "null"...)
	}
	return out
}

// appendModels writes a list of models; a nil element is null.
func appendModels[T any, P interface {
	*T
	appendJSON([]byte) ([]byte, error)
}](e *encoder, b []byte, list []*T) []byte {
	if list == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i, m := range list {
		if i > 0 {
			b = append(b, ',')
		}
		if m == nil {
			b = append(b, "null"...)
			continue
		}
		b = e.check(P(m).appendJSON(b))
	}
	return append(b, ']')
}
