// Package wire writes and reads the model types of client/tb, client/filter,
// client/collectors, client/conditions and client/actions: each member in the
// order toloka-kit writes it, checked against the model description
// (internal/schema) on the way out, unknown members kept on the way in.
// The generated code of those packages is all calls into this one.
package wire

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"sync"

	"github.com/tolokash/tolokash/internal/names"
	"github.com/tolokash/tolokash/internal/schema"
)

// Unchecked passes a value the description does not know, on purpose: a new
// enum value or a shape Toloka added after this version.
type Unchecked struct{ Value any }

// MarshalJSON writes the value as it is.
func (u Unchecked) MarshalJSON() ([]byte, error) { return json.Marshal(u.Value) }

// Class is a class of the description, found on first use.
type Class struct {
	id   string
	once sync.Once
	c    *schema.Class
}

// NewClass names a class by its id (module path and name, as schema.Class.ID gives).
func NewClass(id string) *Class { return &Class{id: id} }

func (c *Class) get() *schema.Class {
	c.once.Do(func() {
		s := schema.Load()
		for _, x := range s.Classes {
			if x.ID() == c.id {
				c.c = x
			}
		}
		if c.c == nil {
			panic("wire: the description has no class " + c.id) // generated from it: a test catches this
		}
	})
	return c.c
}

// Object writes a JSON object: unknown members first, then the fields, then the
// discriminators, as toloka-kit's unstructure writes them.
type Object struct {
	class   *Class
	name    string // the class as errors name it: tb.ImageViewV1
	buf     bytes.Buffer
	err     error
	n       int
	lenient bool
}

// NewObject starts an object of class, with the members it does not know.
func NewObject(class *Class, name string, extra map[string]json.RawMessage) *Object {
	o := &Object{class: class, name: name}
	o.buf.WriteByte('{')
	keys := make([]string, 0, len(extra))
	for k := range extra {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		o.member(k, json.RawMessage(extra[k]))
	}
	return o
}

func (o *Object) member(key string, v any) {
	if o.err != nil {
		return
	}
	b, err := json.Marshal(v)
	if err != nil {
		o.err = fmt.Errorf("%s.%s: %w", o.name, key, Unwrap(err))
		return
	}
	if o.n > 0 {
		o.buf.WriteByte(',')
	}
	o.n++
	k, _ := json.Marshal(key)
	o.buf.Write(k)
	o.buf.WriteByte(':')
	o.buf.Write(b)
}

// Field writes a field (by its toloka-kit name) unless it is absent, after
// checking the value against the field's type.
func (o *Object) Field(name string, v any) {
	if o.err != nil || absent(v) {
		return
	}
	f := o.class.get().Field(name)
	if f == nil {
		o.err = fmt.Errorf("%s: the description has no field %s", o.name, name)
		return
	}
	if err := Check(f.Type, v); err != nil && !o.lenient {
		o.err = fmt.Errorf("%s.%s: %w", o.name, name, err)
		return
	}
	o.member(f.Wire, v)
}

// Required writes a field even when it is absent (as null).
func (o *Object) Required(name string, v any) {
	if absent(v) {
		f := o.class.get().Field(name)
		o.member(f.Wire, nil)
		return
	}
	o.Field(name, v)
}

// Nested writes a member holding an object (a collector's parameters), left
// out when nothing in it is set.
func (o *Object) Nested(key string, inner *Object) {
	if o.err != nil {
		return
	}
	b, err := inner.Bytes()
	if err != nil {
		o.err = err
		return
	}
	if string(b) != "{}" {
		o.member(key, json.RawMessage(b))
	}
}

// Tag writes a discriminator.
func (o *Object) Tag(key, value string) { o.member(key, value) }

// Set writes a member as it is, unchecked (a pool's normalised filter).
func (o *Object) Set(key string, v any) { o.member(key, v) }

// Bytes ends the object.
func (o *Object) Bytes() ([]byte, error) {
	if o.err != nil {
		return nil, o.err
	}
	o.buf.WriteByte('}')
	return o.buf.Bytes(), nil
}

// absent reports whether a field is unset: nil, a nil pointer, slice or map, or "".
func absent(v any) bool {
	if v == nil {
		return true
	}
	r := reflect.ValueOf(v)
	switch r.Kind() {
	case reflect.Pointer, reflect.Interface, reflect.Slice, reflect.Map:
		return r.IsNil()
	case reflect.String:
		return r.Len() == 0
	}
	return false
}

// Slot says where Decode puts a member: Dst points at the field; Read, when
// set, turns the member's JSON into the field's value (components, variants).
type Slot struct {
	Key  string
	Dst  any
	Read func(raw []byte) (any, error)
}

// Decode reads an object into slots, keeps the members it does not know in
// extra, and drops the discriminators named by tags.
func Decode(b []byte, name string, extra *map[string]json.RawMessage, slots []Slot, tags ...string) error {
	var members map[string]json.RawMessage
	if err := json.Unmarshal(b, &members); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	for _, s := range slots {
		raw, ok := members[s.Key]
		if !ok {
			continue
		}
		delete(members, s.Key)
		if string(raw) == "null" {
			continue
		}
		if s.Read == nil {
			if err := json.Unmarshal(raw, s.Dst); err != nil {
				return fmt.Errorf("%s.%s: %w", name, s.Key, err)
			}
			continue
		}
		v, err := s.Read(raw)
		if err != nil {
			return fmt.Errorf("%s.%s: %w", name, s.Key, err)
		}
		if v != nil {
			reflect.ValueOf(s.Dst).Elem().Set(reflect.ValueOf(v))
		}
	}
	for _, t := range tags {
		delete(members, t)
	}
	if len(members) > 0 {
		*extra = members
	}
	return nil
}

// Any reads a free-form value as encoding/json does, numbers as json.Number so
// that their digits come back as they were.
func Any(raw []byte) (any, error) {
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	var v any
	err := d.Decode(&v)
	return v, err
}

// Names lists a class's fields by toloka-kit name (for messages).
func (c *Class) Names() []string {
	var out []string
	for _, f := range c.get().Fields {
		out = append(out, f.Name)
	}
	return out
}

// Tag returns a discriminator value of the class.
func (c *Class) Tag(key string) string { v, _ := c.get().Tag(key); return v }

// Schema is the class in the description.
func (c *Class) Schema() *schema.Class { return c.get() }

func describe(v any) string {
	switch x := v.(type) {
	case string:
		if len(x) > 40 {
			x = x[:40] + "…"
		}
		return fmt.Sprintf("a string %q", x)
	case bool:
		return fmt.Sprintf("a boolean %v", x)
	case nil:
		return "null"
	}
	r := reflect.ValueOf(v)
	switch r.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Uint, reflect.Uint8,
		reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Float32, reflect.Float64:
		return fmt.Sprintf("a number %v", v)
	case reflect.Slice, reflect.Array:
		return "a list"
	case reflect.Map:
		return "an object"
	}
	return strings.TrimPrefix(fmt.Sprintf("a %T", v), "a *")
}

// Or is s, or def when s is empty (a component's version).
func Or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// DidYouMean is "; did you mean X?" for the closest candidate, or "".
func DidYouMean(got string, candidates []string) string { return names.DidYouMean(got, candidates) }

// Unchecked makes the object write its fields without checking them: a value
// read from the API goes back as it came, new enum values and all.
func (o *Object) Unchecked() { o.lenient = true }

// Unwrap drops encoding/json's "error calling MarshalJSON for type …": the
// errors of the model types name their type and field themselves.
func Unwrap(err error) error {
	var me *json.MarshalerError
	for errors.As(err, &me) {
		err = me.Err
	}
	return err
}
