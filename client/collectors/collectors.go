// Package collectors is toloka-kit's toloka.client.collectors for Go: the
// quality-control collectors, which gather the statistics a rule's conditions
// test. Each is a struct with its parameters as fields:
//
//	pool.QualityControl.AddAction(collectors.GoldenSet{HistorySize: client.Int(10)},
//		[]conditions.RuleCondition{conditions.GoldenSetCorrectAnswersRate.Lt(60)},
//		actions.RestrictionV2{Scope: "PROJECT", Duration: client.Int(1), DurationUnit: "DAYS"})
//
// The types and their JSON methods are generated from the model description
// (internal/schema), which also says which conditions each collector feeds.
package collectors

import (
	"encoding/json"
	"slices"

	"github.com/tolokash/tolokash/client/internal/wire"
)

// CollectorConfig is a collector: toloka-kit's collectors.CollectorConfig.
type CollectorConfig interface {
	Type() string
	json.Marshaler
}

// Unknown is a collector of a type this version does not know; it is written
// back as it was read.
type Unknown = wire.Unknown

// Decode reads a collector by its type.
func Decode(raw []byte) (CollectorConfig, error) {
	return wire.DecodeByType("collector", raw, decode, func(u Unknown) CollectorConfig { return u })
}

// Allows reports whether a collector feeds a condition key, and lists the keys it feeds.
func Allows(c CollectorConfig, key string) (bool, []string) {
	keys, known := allows[c.Type()]
	if !known {
		return true, nil // a collector this version does not know: Toloka decides
	}
	return slices.Contains(keys, key), keys
}
