// Package actions is toloka-kit's toloka.client.actions for Go: what a
// quality-control rule does when its conditions hold (restrict, set a skill,
// reject or accept all, change the overlap). Each is a struct with its
// parameters as fields; types and JSON methods are generated from the model
// description (internal/schema).
package actions

import (
	"encoding/json"
	"fmt"
)

// RuleAction is an action: toloka-kit's actions.RuleAction.
type RuleAction interface {
	Type() string
	json.Marshaler
}

// Unknown is an action of a type this version does not know; it is written
// back as it was read.
type Unknown struct {
	Kind string
	Raw  json.RawMessage
}

// Type is the unknown type.
func (u Unknown) Type() string { return u.Kind }

// MarshalJSON writes the action as it was read.
func (u Unknown) MarshalJSON() ([]byte, error) { return u.Raw, nil }

// Decode reads an action by its type.
func Decode(raw []byte) (RuleAction, error) {
	var head struct{ Type string }
	if err := json.Unmarshal(raw, &head); err != nil {
		return nil, fmt.Errorf("action: %w", err)
	}
	a, ok, err := decode(head.Type, raw)
	if !ok {
		return Unknown{Kind: head.Type, Raw: append(json.RawMessage(nil), raw...)}, nil
	}
	return a, err
}
