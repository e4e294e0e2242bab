// Package actions is toloka-kit's toloka.client.actions for Go: what a
// quality-control rule does when its conditions hold (restrict, set a skill,
// reject or accept all, change the overlap). Each is a struct with its
// parameters as fields; types and JSON methods are generated from the model
// description (internal/schema).
package actions

import (
	"encoding/json"

	"github.com/tolokash/tolokash/client/internal/wire"
)

// RuleAction is an action: toloka-kit's actions.RuleAction.
type RuleAction interface {
	Type() string
	json.Marshaler
}

// Unknown is an action of a type this version does not know; it is written
// back as it was read.
type Unknown = wire.Unknown

// Decode reads an action by its type.
func Decode(raw []byte) (RuleAction, error) {
	return wire.DecodeByType("action", raw, decode, func(u Unknown) RuleAction { return u })
}
