package client

import (
	"slices"
	"strconv"
	"strings"
)

// Unchecked passes a value the client does not know yet on purpose: a status or
// an event type Toloka added after this version was built.
//
//	c.Pools(ctx, client.PoolFilter{Status: "OPEN"})                                   // checked
//	c.Invoke(ctx, "find_pools", client.Call{Options: map[string]any{"status": client.Unchecked{Value: "PAUSED"}}}) // sent as is
type Unchecked struct{ Value any }

// EnumValues lists the values of an enum of the model description
// (internal/schema) that the endpoint table names, such as "Pool.Status".
func EnumValues(name string) []string { return append([]string(nil), optionEnums[name]...) }

// checkEnum refuses option values outside the option's enum, suggesting the
// closest: status 'submitted' → did you mean SUBMITTED?
func checkEnum(ep *Endpoint, p Param, v any) error {
	allowed := optionEnums[p.Enum]
	if len(allowed) == 0 {
		return nil
	}
	var values []string
	collect := func(x any) {
		if s, ok := x.(string); ok {
			for _, part := range strings.Split(s, ",") {
				values = append(values, strings.TrimSpace(part))
			}
		}
	}
	if list, ok := asList(v); ok {
		for _, x := range list {
			collect(x)
		}
	} else {
		collect(v)
	}
	for _, s := range values {
		if !slices.Contains(allowed, s) {
			return &ArgError{Method: ep.Name, Param: p.Name, Want: "one of " + strings.Join(allowed, ", "),
				Got: strconv.Quote(s) + enumSuggestion(s, allowed)}
		}
	}
	return nil
}

// enumSuggestion prefers a value equal but for case (submitted → SUBMITTED).
func enumSuggestion(got string, allowed []string) string {
	for _, a := range allowed {
		if strings.EqualFold(a, got) {
			return "; did you mean " + a + "?"
		}
	}
	return suggest(got, allowed)
}

// enumStrings is a list of enum values as the query takes it.
func enumStrings[T ~string](vs []T) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = string(v)
	}
	return out
}

// enumList reads a list of enum values (strings) into *dst.
func enumList[T ~string](d *decoder, dst *[]T) error {
	return list(d, dst, func(s *T) error {
		if d.peek() != '"' {
			return d.wrongType("a string")
		}
		var v string
		err := d.str(&v)
		*s = T(v)
		return err
	})
}
