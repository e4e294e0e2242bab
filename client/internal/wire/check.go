package wire

import (
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/tolokash/tolokash/internal/names"
	"github.com/tolokash/tolokash/internal/schema"
)

// The Go types of the description's classes, registered by the generated code.
var (
	typesMu sync.RWMutex
	types   = map[string][]reflect.Type{} // class id → Go types (struct, and interface for abstract classes)
)

// Register ties a Go type to a class id: a value of that type (or a pointer to
// it) is a value of the class. An interface type stands for an abstract class.
func Register(id string, t reflect.Type) {
	typesMu.Lock()
	types[id] = append(types[id], t)
	typesMu.Unlock()
}

func isClass(c *schema.Class, v any) bool {
	typesMu.RLock()
	defer typesMu.RUnlock()
	vt := reflect.TypeOf(v)
	for x := range classAndSubs(c) {
		for _, t := range types[x.ID()] {
			if vt == t || (vt.Kind() == reflect.Pointer && vt.Elem() == t) ||
				(t.Kind() == reflect.Interface && vt.Implements(t)) {
				return true
			}
		}
	}
	return false
}

func classAndSubs(c *schema.Class) map[*schema.Class]bool {
	out := map[*schema.Class]bool{}
	var walk func(*schema.Class)
	walk = func(x *schema.Class) {
		out[x] = true
		for _, s := range x.Subs {
			walk(s)
		}
	}
	walk(c)
	return out
}

// Check reports whether a Go value fits a type of the description.
func Check(t *schema.Type, v any) error {
	if _, ok := v.(Unchecked); ok {
		return nil
	}
	if ok, err := fits(t, v); !ok {
		if err != nil {
			return err
		}
		return fmt.Errorf("expected %s, got %s", typeName(t), describe(v))
	}
	return nil
}

// fits checks v against t; a non-nil error is a more precise complaint than
// "expected …" (an enum value not among the values, an element of a list).
func fits(t *schema.Type, v any) (bool, error) {
	if v == nil {
		return true, nil
	}
	r := reflect.ValueOf(v)
	if r.Kind() == reflect.Pointer && !r.IsNil() && r.Elem().Kind() != reflect.Struct {
		r = r.Elem()
		v = r.Interface()
	}
	switch t.Kind {
	case schema.Any:
		return true, nil
	case schema.Str, schema.UUID:
		return r.Kind() == reflect.String, nil
	case schema.Datetime:
		_, isTime := v.(time.Time)
		return r.Kind() == reflect.String || isTime, nil
	case schema.Bool:
		return r.Kind() == reflect.Bool, nil
	case schema.Int:
		if n, ok := v.(json.Number); ok {
			_, err := n.Int64()
			return err == nil, nil
		}
		switch r.Kind() {
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
			return true, nil
		case reflect.Float32, reflect.Float64:
			return r.Float() == math.Trunc(r.Float()), nil
		}
		return false, nil
	case schema.Float, schema.Decimal:
		if _, ok := v.(json.Number); ok {
			return true, nil
		}
		if m, ok := v.(json.Marshaler); ok && t.Kind == schema.Decimal { // client.Decimal
			b, err := m.MarshalJSON()
			return err == nil && len(b) > 0 && (b[0] == '-' || b[0] >= '0' && b[0] <= '9'), nil
		}
		switch r.Kind() {
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Float32, reflect.Float64:
			return true, nil
		}
		return false, nil
	case schema.Dict:
		return r.Kind() == reflect.Map || r.Kind() == reflect.Struct, nil
	case schema.Component:
		return isComponent(v), nil
	case schema.List:
		if r.Kind() != reflect.Slice && r.Kind() != reflect.Array {
			return false, nil
		}
		for i := 0; i < r.Len(); i++ {
			if err := Check(t.Elem, r.Index(i).Interface()); err != nil {
				return false, fmt.Errorf("[%d]: %w", i, err)
			}
		}
		return true, nil
	case schema.Map:
		if r.Kind() != reflect.Map || r.Type().Key().Kind() != reflect.String {
			return false, nil
		}
		for _, k := range r.MapKeys() {
			if err := Check(t.Elem, r.MapIndex(k).Interface()); err != nil {
				return false, fmt.Errorf("[%q]: %w", k.String(), err)
			}
		}
		return true, nil
	case schema.ClassKind:
		return isClass(t.Class, v), nil
	case schema.EnumKind:
		if r.Kind() != reflect.String {
			return false, nil
		}
		s := r.String()
		values := t.Enum.Values()
		for _, x := range values {
			if x == s {
				return true, nil
			}
		}
		hint := names.DidYouMean(s, values)
		if op, ok := operatorSymbols[s]; ok && slices.Contains(values, op) {
			hint = "; did you mean " + op + "?"
		}
		return false, fmt.Errorf("%q is not one of %s%s (wire.Unchecked passes a value on purpose)", s, strings.Join(values, ", "), hint)
	case schema.Union:
		var precise error
		for _, a := range t.Alts {
			ok, err := fits(a, v)
			if ok {
				return true, nil
			}
			if err != nil && precise == nil && shapeOf(a, v) {
				precise = err
			}
		}
		return false, precise
	}
	return false, nil
}

// operatorSymbols are Python's comparison operators, as people type them for an operator.
var operatorSymbols = map[string]string{">": "GT", ">=": "GTE", "<": "LT", "<=": "LTE", "==": "EQ", "=": "EQ", "!=": "NE"}

// shapeOf reports whether v has the shape of t, so that t's complaint about it is the one to give.
func shapeOf(t *schema.Type, v any) bool {
	k := reflect.ValueOf(v).Kind()
	switch t.Kind {
	case schema.List:
		return k == reflect.Slice || k == reflect.Array
	case schema.Map:
		return k == reflect.Map
	case schema.EnumKind:
		return k == reflect.String
	}
	return false
}

// isComponent is set by client/tb: whether a value is a Template Builder component.
var isComponent = func(any) bool { return false }

// SetComponentCheck installs the test for Template Builder components.
func SetComponentCheck(f func(any) bool) { isComponent = f }

func plural(t *schema.Type) string {
	switch t.Kind {
	case schema.Str:
		return "strings"
	case schema.Int:
		return "integers"
	case schema.Float, schema.Decimal:
		return "numbers"
	case schema.Bool:
		return "booleans"
	case schema.Component:
		return "Template Builder components"
	case schema.ClassKind:
		return t.Class.Name + " values"
	case schema.Union:
		var parts []string
		for _, a := range t.Alts {
			parts = append(parts, plural(a))
		}
		return strings.Join(parts, " or ")
	}
	return "values"
}

func typeName(t *schema.Type) string {
	switch t.Kind {
	case schema.Str:
		return "a string"
	case schema.UUID:
		return "a UUID string"
	case schema.Int:
		return "an integer"
	case schema.Float, schema.Decimal:
		return "a number"
	case schema.Bool:
		return "a boolean"
	case schema.Datetime:
		return "a time.Time or an ISO 8601 string"
	case schema.Dict:
		return "a map"
	case schema.Any:
		return "any value"
	case schema.Component:
		return "a Template Builder component"
	case schema.List:
		return "a slice of " + plural(t.Elem)
	case schema.Map:
		return "a map of " + plural(t.Elem)
	case schema.ClassKind:
		return "a " + t.Class.Name
	case schema.EnumKind:
		return "one of " + strings.Join(t.Enum.Values(), ", ")
	case schema.Union:
		var parts []string
		for _, a := range t.Alts {
			parts = append(parts, typeName(a))
		}
		return strings.Join(parts, " or ")
	}
	return string(t.Kind)
}
