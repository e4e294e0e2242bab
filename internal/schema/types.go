package schema

import (
	"fmt"
	"strings"
)

// Kind is the shape of a type.
type Kind string

const (
	Str       Kind = "str"
	Int       Kind = "int"
	Float     Kind = "float"
	Bool      Kind = "bool"
	Any       Kind = "any"
	Dict      Kind = "dict"     // a free-form JSON object
	Datetime  Kind = "datetime" // ISO 8601 text; JS Dates are accepted
	Decimal   Kind = "decimal"  // money: a number whose digits are kept
	UUID      Kind = "uuid"
	Component Kind = "tb" // any Template Builder component (or a RefComponent)
	List      Kind = "list"
	Map       Kind = "map"
	ClassKind Kind = "class"
	EnumKind  Kind = "enum"
	Union     Kind = "union"
)

// Type is a field's type.
type Type struct {
	Kind  Kind
	Elem  *Type   // list, map
	Alts  []*Type // union
	Class *Class
	Enum  *Enum
}

func (s *Schema) parseType(text, from string) (*Type, error) {
	parts, err := splitTop(text, '|')
	if err != nil {
		return nil, fmt.Errorf("type %q: %v", text, err)
	}
	if len(parts) > 1 {
		u := &Type{Kind: Union}
		for _, p := range parts {
			t, err := s.parseType(p, from)
			if err != nil {
				return nil, err
			}
			u.Alts = append(u.Alts, t)
		}
		return u, nil
	}
	switch text {
	case "str", "int", "float", "bool", "any", "dict", "datetime", "decimal", "uuid", "tb":
		return &Type{Kind: Kind(text)}, nil
	}
	for _, k := range []Kind{List, Map} {
		if inner, ok := strings.CutPrefix(text, string(k)+"<"); ok {
			if !strings.HasSuffix(inner, ">") {
				return nil, fmt.Errorf("type %q: unclosed <", text)
			}
			elem, err := s.parseType(inner[:len(inner)-1], from)
			if err != nil {
				return nil, err
			}
			return &Type{Kind: k, Elem: elem}, nil
		}
	}
	if c := s.Class(text, from); c != nil {
		return &Type{Kind: ClassKind, Class: c}, nil
	}
	if e := s.Enum(text, from); e != nil {
		return &Type{Kind: EnumKind, Enum: e}, nil
	}
	return nil, fmt.Errorf("unknown type %q", text)
}

// splitTop splits at sep outside <…>.
func splitTop(s string, sep byte) ([]string, error) {
	var out []string
	depth, start := 0, 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '<':
			depth++
		case '>':
			depth--
			if depth < 0 {
				return nil, fmt.Errorf("unbalanced >")
			}
		case sep:
			if depth == 0 {
				out = append(out, s[start:i])
				start = i + 1
			}
		}
	}
	if depth != 0 {
		return nil, fmt.Errorf("unbalanced <")
	}
	return append(out, s[start:]), nil
}

// String writes the type back in the schema's notation.
func (t *Type) String() string {
	switch t.Kind {
	case List, Map:
		return string(t.Kind) + "<" + t.Elem.String() + ">"
	case Union:
		parts := make([]string, len(t.Alts))
		for i, a := range t.Alts {
			parts[i] = a.String()
		}
		return strings.Join(parts, "|")
	case ClassKind:
		return t.Class.Name
	case EnumKind:
		return t.Enum.Name
	}
	return string(t.Kind)
}

// AcceptsComponent reports whether a Template Builder component fits the type.
func (t *Type) AcceptsComponent() bool {
	switch t.Kind {
	case Component, Any:
		return true
	case Union:
		for _, a := range t.Alts {
			if a.AcceptsComponent() {
				return true
			}
		}
	}
	return false
}

// Without returns the type with the component alternative removed (tb|bool → bool),
// or nil when nothing is left.
func (t *Type) Without(k Kind) *Type {
	if t.Kind != Union {
		if t.Kind == k {
			return nil
		}
		return t
	}
	var alts []*Type
	for _, a := range t.Alts {
		if a.Kind != k {
			alts = append(alts, a)
		}
	}
	switch len(alts) {
	case 0:
		return nil
	case 1:
		return alts[0]
	}
	return &Type{Kind: Union, Alts: alts}
}
