package schema

import (
	"encoding/json"
	"sync"
)

// JSON is the description as the JavaScript classes read it (bindings/models.js
// documents the shape). It is built once.
func (s *Schema) JSON() []byte {
	exportOnce.Do(func() { exported = s.export() })
	return exported
}

var (
	exportOnce sync.Once
	exported   []byte
)

// EnumID names an enum uniquely.
func (e *Enum) ID() string { return e.Module.Path + "." + e.Name }

func (s *Schema) export() []byte {
	type jsField struct {
		Name    string          `json:"n"`
		Wire    string          `json:"w,omitempty"`
		Type    any             `json:"t"`
		Pos     bool            `json:"p,omitempty"`
		Req     bool            `json:"r,omitempty"`
		RO      bool            `json:"ro,omitempty"`
		Arg     bool            `json:"a,omitempty"`
		Default json.RawMessage `json:"d,omitempty"`
		Doc     string          `json:"doc,omitempty"`
	}
	type jsClass struct {
		ID       string      `json:"id"`
		Name     string      `json:"name"`
		Module   string      `json:"module"`
		Base     string      `json:"base,omitempty"`
		Abstract bool        `json:"abstract,omitempty"`
		Top      bool        `json:"top,omitempty"`
		Also     []string    `json:"also,omitempty"`
		Expand   string      `json:"expand,omitempty"`
		Tags     [][2]string `json:"tags,omitempty"`
		Doc      string      `json:"doc,omitempty"`
		Fields   []jsField   `json:"fields"`
		Allows   []string    `json:"allows,omitempty"`
		Setters  [][2]string `json:"setters,omitempty"`
		Checks   [][3]string `json:"checks,omitempty"`
	}
	type jsEnum struct {
		ID       string      `json:"id"`
		Name     string      `json:"name"`
		Module   string      `json:"module"`
		Members  [][2]string `json:"members"`
		Shortcut bool        `json:"shortcut,omitempty"`
	}
	type jsModule struct {
		Path string   `json:"path"`
		Also []string `json:"also,omitempty"`
		Doc  string   `json:"doc,omitempty"`
	}
	var out struct {
		Modules []jsModule `json:"modules"`
		Enums   []jsEnum   `json:"enums"`
		Classes []jsClass  `json:"classes"`
	}
	for _, m := range s.Modules {
		out.Modules = append(out.Modules, jsModule{m.Path, m.Also, m.Doc})
	}
	for _, e := range s.Enums {
		je := jsEnum{ID: e.ID(), Name: e.Name, Module: e.Module.Path, Shortcut: e.Shortcut}
		for _, m := range e.Members {
			je.Members = append(je.Members, [2]string{m.Name, m.Value})
		}
		out.Enums = append(out.Enums, je)
	}
	for _, c := range s.Classes {
		jc := jsClass{ID: c.ID(), Name: c.Name, Module: c.Module.Path, Abstract: c.Abstract, Top: c.Top,
			Also: c.Also, Expand: c.Expand, Doc: c.Doc}
		if c.Base != nil {
			jc.Base = c.Base.ID()
		}
		for _, t := range c.Tags {
			jc.Tags = append(jc.Tags, [2]string{t.Key, t.Value})
		}
		for _, f := range c.Fields {
			jf := jsField{Name: f.Name, Type: TypeJSON(f.Type), Pos: f.Pos, Req: f.Req, RO: f.RO, Arg: f.Arg, Doc: f.Doc}
			if f.Wire != f.Name {
				jf.Wire = f.Wire
			}
			if f.Default != "" {
				jf.Default = json.RawMessage(f.Default)
			}
			jc.Fields = append(jc.Fields, jf)
		}
		for _, a := range c.Allows {
			jc.Allows = append(jc.Allows, s.Class(a, "conditions").ID())
		}
		for _, st := range c.Setters {
			jc.Setters = append(jc.Setters, [2]string{st.Name, st.Path})
		}
		for _, ch := range c.Checks {
			jc.Checks = append(jc.Checks, [3]string{ch.Name, ch.Field, ch.Value})
		}
		out.Classes = append(out.Classes, jc)
	}
	b, err := json.Marshal(out)
	if err != nil {
		panic(err)
	}
	return b
}

// TypeJSON is a type as models.js reads it: "str", {list: T}, {map: T},
// {union: [T…]}, {class: id}, {enum: id}.
func TypeJSON(t *Type) any {
	switch t.Kind {
	case List, Map:
		return map[string]any{string(t.Kind): TypeJSON(t.Elem)}
	case Union:
		alts := make([]any, len(t.Alts))
		for i, a := range t.Alts {
			alts[i] = TypeJSON(a)
		}
		return map[string]any{"union": alts}
	case ClassKind:
		return map[string]any{"class": t.Class.ID()}
	case EnumKind:
		return map[string]any{"enum": t.Enum.ID()}
	}
	return string(t.Kind)
}
