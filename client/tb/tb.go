// Package tb is Template Builder for Go: every component of toloka-kit's
// toloka.client.project.template_builder as a struct (views, fields, layouts,
// conditions, actions, helpers, plugins, data), and ViewSpec, which writes a
// task interface as Toloka takes it: a JSON config string and a lock of the
// components' versions.
//
//	spec, err := tb.ViewSpec{
//		View: tb.ListViewV1{Items: []tb.Component{
//			tb.ImageViewV1{URL: tb.InputData{Path: "image"}, Ratio: []any{1, 1}},
//			tb.RadioGroupFieldV1{Data: tb.OutputData{Path: "result"}, Options: []any{
//				tb.GroupFieldOption{Value: "cat", Label: "Cat"}, tb.GroupFieldOption{Value: "dog", Label: "Dog"}},
//				Validation: tb.RequiredConditionV1{}},
//		}},
//	}.Build()
//
// Fields that take a component or a value (toloka-kit's base_component_or) are
// of type any; MarshalJSON checks each against the model description
// (internal/schema) and names the component and field that are wrong. The
// structs and their JSON methods are generated from that description.
package tb

import (
	"encoding/json"
	"fmt"

	"github.com/tolokash/tolokash/client/internal/wire"
)

// Component is a Template Builder component: ComponentType is its type on the
// wire ("view.image"), or "$ref" for a RefComponent.
type Component interface {
	ComponentType() string
}

// ComponentType of a reference is "$ref": it stands for the component it names.
func (RefComponent) ComponentType() string { return "$ref" }

// Unknown is a component of a type this version does not know; it is written
// back as it was read.
type Unknown struct {
	Type string
	Raw  json.RawMessage
}

// ComponentType is the unknown type.
func (u Unknown) ComponentType() string { return u.Type }

// MarshalJSON writes the component as it was read.
func (u Unknown) MarshalJSON() ([]byte, error) { return u.Raw, nil }

// Unchecked passes a value the description does not know on purpose, in any field.
type Unchecked = wire.Unchecked

func init() {
	wire.SetComponentCheck(func(v any) bool { _, ok := v.(Component); return ok })
}

// Decode reads a component from its JSON: by its type, a reference by $ref,
// and a type this version does not know as Unknown.
func Decode(raw []byte) (Component, error) {
	var head struct {
		Type *string `json:"type"`
		Ref  *string `json:"$ref"`
	}
	if err := json.Unmarshal(raw, &head); err != nil {
		return nil, err
	}
	switch {
	case head.Ref != nil:
		var r RefComponent
		err := r.UnmarshalJSON(raw)
		return r, err
	case head.Type == nil:
		return nil, fmt.Errorf("a component needs a type")
	}
	c, ok, err := decodeComponent(*head.Type, raw)
	if !ok {
		return Unknown{Type: *head.Type, Raw: append(json.RawMessage(nil), raw...)}, nil
	}
	return c, err
}

// readComponent reads a field that holds a component.
func readComponent(raw []byte) (any, error) { return Decode(raw) }

// readComponents reads a list of components.
func readComponents(raw []byte) (any, error) {
	var items []json.RawMessage
	if err := json.Unmarshal(raw, &items); err != nil {
		return nil, err
	}
	out := make([]Component, len(items))
	for i, it := range items {
		c, err := Decode(it)
		if err != nil {
			return nil, fmt.Errorf("[%d]: %w", i, err)
		}
		out[i] = c
	}
	return out, nil
}

// readValue reads a field that holds a component or a value: objects with a
// type or $ref are components, lists are read item by item, the rest as JSON.
func readValue(raw []byte) (any, error) {
	var probe any
	if err := json.Unmarshal(raw, &probe); err != nil {
		return nil, err
	}
	switch p := probe.(type) {
	case map[string]any:
		if _, ok := p["$ref"]; ok {
			return Decode(raw)
		}
		if _, ok := p["type"].(string); ok {
			return Decode(raw) // a component, known or not
		}
		out := map[string]any{}
		var members map[string]json.RawMessage
		_ = json.Unmarshal(raw, &members)
		for k, m := range members {
			v, err := readValue(m)
			if err != nil {
				return nil, err
			}
			out[k] = v
		}
		return out, nil
	case []any:
		var items []json.RawMessage
		_ = json.Unmarshal(raw, &items)
		out := make([]any, len(items))
		for i, it := range items {
			v, err := readValue(it)
			if err != nil {
				return nil, err
			}
			out[i] = v
		}
		return out, nil
	}
	return wire.Any(raw)
}
