package wire

import (
	"encoding/json"
	"fmt"
)

// Unknown is a collector, action or other typed model of a type this
// version does not know; it is written back as it was read, so a rule
// Toloka added later survives a round trip.
type Unknown struct {
	Kind string
	Raw  json.RawMessage
}

// Type is the unknown type.
func (u Unknown) Type() string { return u.Kind }

// MarshalJSON writes the model as it was read.
func (u Unknown) MarshalJSON() ([]byte, error) { return u.Raw, nil }

// DecodeByType reads raw by its "type" member with decode, the generated
// decoder of a package's types; a type decode does not know comes back as
// an Unknown. what names the kind of model in errors ("action").
func DecodeByType[T any](what string, raw []byte, decode func(typ string, raw []byte) (T, bool, error), unknown func(Unknown) T) (T, error) {
	var head struct{ Type string }
	if err := json.Unmarshal(raw, &head); err != nil {
		var zero T
		return zero, fmt.Errorf("%s: %w", what, err)
	}
	v, ok, err := decode(head.Type, raw)
	if !ok {
		return unknown(Unknown{Kind: head.Type, Raw: append(json.RawMessage(nil), raw...)}), nil
	}
	return v, err
}
