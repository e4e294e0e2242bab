// Package conditions is toloka-kit's toloka.client.conditions for Go: what a
// quality-control rule tests. Each condition key is a constant whose methods
// compare it, as Python's operators do in toloka-kit:
//
//	conditions.GoldenSetCorrectAnswersRate.Lt(60)   // conditions.GoldenSetCorrectAnswersRate < 60
//	conditions.AssessmentEvent.Eq(conditions.AssessmentEventTypeReject)
//
// The value's type comes from the model description (internal/schema) and is
// checked when the condition is written.
package conditions

import (
	"encoding/json"
	"fmt"

	"github.com/tolokash/tolokash/client/internal/wire"
)

// RuleCondition is one condition of a rule: a key, an operator and a value.
type RuleCondition struct {
	Key      string
	Operator string
	Value    any
	// Extra keeps the members this version does not know.
	Extra map[string]json.RawMessage
	read  bool // read from JSON: written back unchecked
}

// CompareKey is a condition compared with Lt, Lte, Gt, Gte, Eq, Ne.
type CompareKey string

// IdentityKey is a condition compared with Eq and Ne.
type IdentityKey string

func (k CompareKey) cond(op string, v any) RuleCondition {
	return RuleCondition{Key: string(k), Operator: op, Value: v}
}

// Lt is key < v.
func (k CompareKey) Lt(v any) RuleCondition { return k.cond("LT", v) }

// Lte is key <= v.
func (k CompareKey) Lte(v any) RuleCondition { return k.cond("LTE", v) }

// Gt is key > v.
func (k CompareKey) Gt(v any) RuleCondition { return k.cond("GT", v) }

// Gte is key >= v.
func (k CompareKey) Gte(v any) RuleCondition { return k.cond("GTE", v) }

// Eq is key == v.
func (k CompareKey) Eq(v any) RuleCondition { return k.cond("EQ", v) }

// Ne is key != v.
func (k CompareKey) Ne(v any) RuleCondition { return k.cond("NE", v) }

// Eq is key == v.
func (k IdentityKey) Eq(v any) RuleCondition {
	return RuleCondition{Key: string(k), Operator: "EQ", Value: v}
}

// Ne is key != v.
func (k IdentityKey) Ne(v any) RuleCondition {
	return RuleCondition{Key: string(k), Operator: "NE", Value: v}
}

// MarshalJSON writes the condition as toloka-kit does, after checking the
// operator and the value against the key's class in the description.
func (c RuleCondition) MarshalJSON() ([]byte, error) {
	cls, ok := keyClasses[c.Key]
	if !ok && !c.read {
		return nil, fmt.Errorf("conditions: unknown key %q%s", c.Key, didYouMean(c.Key))
	}
	if !ok {
		cls = keyClasses["fail_rate"] // a key this version does not know, read from the API: written back as read
	}
	o := wire.NewObject(cls, "conditions."+cls.Schema().Name, c.Extra)
	if c.read {
		o.Unchecked()
	}
	o.Required("operator", c.Operator)
	o.Field("value", c.Value)
	o.Tag("key", c.Key)
	return o.Bytes()
}

// UnmarshalJSON reads a condition, keeping the members it does not know.
func (c *RuleCondition) UnmarshalJSON(b []byte) error {
	c.read = true
	return wire.Decode(b, "conditions.RuleCondition", &c.Extra, []wire.Slot{
		{Key: "key", Dst: &c.Key}, {Key: "operator", Dst: &c.Operator}, {Key: "value", Dst: &c.Value, Read: wire.Any},
	})
}

func didYouMean(key string) string {
	keys := make([]string, 0, len(keyClasses))
	for k := range keyClasses {
		keys = append(keys, k)
	}
	return wire.DidYouMean(key, keys)
}
