// Package filter is toloka-kit's toloka.client.filter for Go: which Tolokers
// see a pool. Each filter is a variable whose methods compare it, as Python's
// operators do in toloka-kit, and And and Or combine them:
//
//	filter.And(filter.Languages.In("EN"), filter.Or(filter.ClientType.Eq("BROWSER"), filter.ClientType.Eq("TOLOKA_APP")))
//	filter.Skill("224").Gt(70)
//
// The operators and values are checked against the model description
// (internal/schema) when a filter is written.
package filter

import (
	"encoding/json"
	"fmt"

	"github.com/tolokash/tolokash/client/internal/wire"
)

// FilterCondition is a filter: a Condition, a FilterAnd or a FilterOr.
type FilterCondition interface {
	json.Marshaler
	filter()
}

// FilterAnd holds when all its filters do.
type FilterAnd struct {
	And   []FilterCondition
	Extra map[string]json.RawMessage
}

// FilterOr holds when any of its filters does.
type FilterOr struct {
	Or    []FilterCondition
	Extra map[string]json.RawMessage
}

// Condition is one comparison: a category (profile, computed, skill), a key,
// an operator and a value.
type Condition struct {
	Category string
	Key      string
	Operator string
	Value    any
	Extra    map[string]json.RawMessage
	read     bool // read from JSON: written back unchecked
}

func (FilterAnd) filter() {}
func (FilterOr) filter()  {}
func (Condition) filter() {}

// And is toloka-kit's &: all of the filters.
func And(filters ...FilterCondition) FilterAnd { return FilterAnd{And: filters} }

// Or is toloka-kit's |: any of the filters.
func Or(filters ...FilterCondition) FilterOr { return FilterOr{Or: filters} }

var (
	classAnd   = wire.NewClass("filter.FilterAnd")
	classOr    = wire.NewClass("filter.FilterOr")
	classSkill = wire.NewClass("filter.Skill")
)

// MarshalJSON writes {"and": [...]}.
func (f FilterAnd) MarshalJSON() ([]byte, error) {
	o := wire.NewObject(classAnd, "filter.FilterAnd", f.Extra)
	o.Set("and", nonNil(f.And))
	return o.Bytes()
}

// MarshalJSON writes {"or": [...]}.
func (f FilterOr) MarshalJSON() ([]byte, error) {
	o := wire.NewObject(classOr, "filter.FilterOr", f.Extra)
	o.Set("or", nonNil(f.Or))
	return o.Bytes()
}

func nonNil(fs []FilterCondition) []FilterCondition {
	if fs == nil {
		return []FilterCondition{}
	}
	return fs
}

// MarshalJSON writes the condition as toloka-kit does, after checking its
// operator and value against the filter's class in the description.
func (c Condition) MarshalJSON() ([]byte, error) {
	cls := classSkill
	if c.Category != "skill" {
		var ok bool
		if cls, ok = keyClasses[c.Category+"/"+c.Key]; !ok {
			if !c.read {
				return nil, fmt.Errorf("filter: no filter %s/%s%s", c.Category, c.Key, didYouMean(c.Category+"/"+c.Key))
			}
			return json.Marshal(map[string]any{"category": c.Category, "key": c.Key, "operator": c.Operator, "value": c.Value})
		}
	}
	o := wire.NewObject(cls, "filter."+cls.Schema().Name, c.Extra)
	if c.read {
		o.Unchecked()
	}
	if c.Category == "skill" {
		o.Required("key", c.Key)
	}
	o.Required("operator", c.Operator)
	o.Required("value", c.Value)
	if c.Category != "skill" {
		o.Tag("key", c.Key)
	}
	o.Tag("category", c.Category)
	return o.Bytes()
}

// UnmarshalJSON reads a condition, keeping the members it does not know.
func (c *Condition) UnmarshalJSON(b []byte) error {
	c.read = true
	return wire.Decode(b, "filter.Condition", &c.Extra, []wire.Slot{
		{Key: "category", Dst: &c.Category}, {Key: "key", Dst: &c.Key}, {Key: "operator", Dst: &c.Operator},
		{Key: "value", Dst: &c.Value, Read: wire.Any},
	})
}

// UnmarshalJSON reads the filters of an and.
func (f *FilterAnd) UnmarshalJSON(b []byte) error {
	return wire.Decode(b, "filter.FilterAnd", &f.Extra, []wire.Slot{{Key: "and", Dst: &f.And, Read: readList}})
}

// UnmarshalJSON reads the filters of an or.
func (f *FilterOr) UnmarshalJSON(b []byte) error {
	return wire.Decode(b, "filter.FilterOr", &f.Extra, []wire.Slot{{Key: "or", Dst: &f.Or, Read: readList}})
}

func readList(raw []byte) (any, error) {
	var items []json.RawMessage
	if err := json.Unmarshal(raw, &items); err != nil {
		return nil, err
	}
	out := make([]FilterCondition, len(items))
	for i, it := range items {
		f, err := Decode(it)
		if err != nil {
			return nil, fmt.Errorf("[%d]: %w", i, err)
		}
		out[i] = f
	}
	return out, nil
}

// Decode reads a filter: an and, an or, or a condition.
func Decode(raw []byte) (FilterCondition, error) {
	var head map[string]json.RawMessage
	if err := json.Unmarshal(raw, &head); err != nil {
		return nil, fmt.Errorf("filter: %w", err)
	}
	switch {
	case head["and"] != nil:
		var f FilterAnd
		err := f.UnmarshalJSON(raw)
		return f, err
	case head["or"] != nil:
		var f FilterOr
		err := f.UnmarshalJSON(raw)
		return f, err
	}
	var c Condition
	err := c.UnmarshalJSON(raw)
	return c, err
}

// PoolShape is a filter as a pool's filter is sent: an and of ors, as
// toloka-kit writes it (a condition c becomes and[or[c]]).
func PoolShape(f FilterCondition) FilterCondition {
	switch x := f.(type) {
	case Condition:
		return And(Or(x))
	case FilterOr:
		return And(x)
	case FilterAnd:
		out := FilterAnd{Extra: x.Extra}
		for _, inner := range x.And {
			if c, ok := inner.(Condition); ok {
				out.And = append(out.And, Or(c))
			} else {
				out.And = append(out.And, inner)
			}
		}
		return out
	}
	return f
}

func didYouMean(key string) string {
	keys := make([]string, 0, len(keyClasses))
	for k := range keyClasses {
		keys = append(keys, k)
	}
	return wire.DidYouMean(key, keys)
}

func errorf(format string, args ...any) error { return fmt.Errorf(format, args...) }

// ComposeShape is a message's recipients filter as toloka-kit sends it: a
// single condition goes inside an and.
func ComposeShape(f FilterCondition) FilterCondition {
	if c, ok := f.(Condition); ok {
		return And(c)
	}
	return f
}
