package tb

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// ordered is a JSON object that keeps its members' order, which the lock of a
// view spec and the config string are sensitive to.
type ordered struct {
	keys   []string
	values []any // nil, bool, json.Number, string, []any, *ordered
}

func parseOrdered(b []byte) (*ordered, error) {
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	v, err := readOrdered(d)
	if err != nil {
		return nil, err
	}
	o, ok := v.(*ordered)
	if !ok {
		return nil, fmt.Errorf("not an object")
	}
	return o, nil
}

func readOrdered(d *json.Decoder) (any, error) {
	t, err := d.Token()
	if err != nil {
		return nil, err
	}
	switch t {
	case json.Delim('{'):
		o := &ordered{}
		for d.More() {
			k, err := d.Token()
			if err != nil {
				return nil, err
			}
			v, err := readOrdered(d)
			if err != nil {
				return nil, err
			}
			o.keys = append(o.keys, k.(string))
			o.values = append(o.values, v)
		}
		_, err := d.Token()
		return o, err
	case json.Delim('['):
		list := []any{}
		for d.More() {
			v, err := readOrdered(d)
			if err != nil {
				return nil, err
			}
			list = append(list, v)
		}
		_, err := d.Token()
		return list, err
	}
	return t, nil
}

func (o *ordered) get(k string) (any, bool) {
	for i, key := range o.keys {
		if key == k {
			return o.values[i], true
		}
	}
	return nil, false
}

func (o *ordered) set(k string, v any) {
	for i, key := range o.keys {
		if key == k {
			o.values[i] = v
			return
		}
	}
	o.keys = append(o.keys, k)
	o.values = append(o.values, v)
}

func (o *ordered) remove(k string) {
	for i, key := range o.keys {
		if key == k {
			o.keys = append(o.keys[:i], o.keys[i+1:]...)
			o.values = append(o.values[:i], o.values[i+1:]...)
			return
		}
	}
}

// walk visits the objects after their contents, as toloka-kit walks a config.
func (o *ordered) walk(visit func(*ordered)) {
	var each func(v any)
	each = func(v any) {
		switch x := v.(type) {
		case *ordered:
			for _, c := range x.values {
				each(c)
			}
			visit(x)
		case []any:
			for _, c := range x {
				each(c)
			}
		}
	}
	each(o)
}

// write writes the value indented by four spaces, with non-ASCII and HTML
// characters as they are: Python's json.dumps(indent=4, ensure_ascii=False).
func (o *ordered) write(b *bytes.Buffer, indent string) { writeValue(b, o, indent) }

func writeValue(b *bytes.Buffer, v any, indent string) {
	inner := indent + "    "
	switch x := v.(type) {
	case *ordered:
		if len(x.keys) == 0 {
			b.WriteString("{}")
			return
		}
		b.WriteString("{\n")
		for i, k := range x.keys {
			if i > 0 {
				b.WriteString(",\n")
			}
			b.WriteString(inner)
			writeString(b, k)
			b.WriteString(": ")
			writeValue(b, x.values[i], inner)
		}
		b.WriteString("\n" + indent + "}")
	case []any:
		if len(x) == 0 {
			b.WriteString("[]")
			return
		}
		b.WriteString("[\n")
		for i, e := range x {
			if i > 0 {
				b.WriteString(",\n")
			}
			b.WriteString(inner)
			writeValue(b, e, inner)
		}
		b.WriteString("\n" + indent + "]")
	case string:
		writeString(b, x)
	case json.Number:
		b.WriteString(x.String())
	case bool:
		if x {
			b.WriteString("true")
		} else {
			b.WriteString("false")
		}
	case nil:
		b.WriteString("null")
	}
}

func writeString(b *bytes.Buffer, s string) {
	e := json.NewEncoder(b)
	e.SetEscapeHTML(false)
	_ = e.Encode(s)
	b.Truncate(b.Len() - 1) // Encode's newline
}
