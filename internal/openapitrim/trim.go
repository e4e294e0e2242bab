package main

import (
	"slices"
	"sort"
	"strconv"
	"strings"
)

// methods are the keys of a path item that are operations.
const methods = "get|put|post|patch|delete|head|options"

// keep lists what the trimmed description holds, as key paths from its root:
// a segment "*" is any key or list index, "a|b" is a or b. A node a rule
// names is kept whole; an object or list on the way to one holds only what
// some rule keeps below it. Add a rule here when a test needs more of the
// description, then refresh (see testdata/openapi/README.md).
var keep = [][]string{
	{"openapi"},
	{"info", "title|version"},
	{"servers", "*", "url"},
	{"paths", "*", methods, "operationId"},
	{"paths", "*", methods, "parameters", "*", "name|in"},
	{"paths", "*", "parameters", "*", "name|in"}, // parameters shared by a path's operations
	// The values a search's query parameter takes are listed only in its
	// text ("- `SUBMITTED` — …"): client/enums_test.go reads them there.
	{"paths", "*", "get", "parameters", "*", "description"},
	// What the emulator's forms table is held to (emulator/forms_test.go) and
	// the model layer's enums: each schema's required members and its
	// members' defaults and allowed values.
	{"components", "schemas", "*", "required"},
	{"components", "schemas", "*", "properties", "*", "default|enum"},
	{"components", "schemas", "*", "properties", "*", "items", "enum"},
	{"components", "schemas", "*", "enum"},
}

// skeleton lists objects kept even when no rule keeps anything inside them:
// an operation stays in the trimmed description without an operationId or
// parameters (most of the Apps API's have neither), and a schema without
// required members, defaults or enums.
var skeleton = [][]string{
	{"paths", "*", methods},
	{"components", "schemas", "*"}, // every schema's name, so a test can tell "absent" from "requires nothing"
}

// trim returns the part of the decoded YAML or JSON document v that the rules
// keep, and whether anything is kept.
func trim(v any) (any, bool) { return trimAt(v, nil) }

func trimAt(v any, at []string) (any, bool) {
	if matchesAny(keep, at) {
		return v, true
	}
	switch v := v.(type) {
	case map[string]any:
		out := map[string]any{}
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if c, ok := trimAt(v[k], append(at[:len(at):len(at)], k)); ok {
				out[k] = c
			}
		}
		return out, len(out) > 0 || matchesAny(skeleton, at)
	case []any:
		var out []any
		for i, e := range v {
			if c, ok := trimAt(e, append(at[:len(at):len(at)], strconv.Itoa(i))); ok {
				out = append(out, c)
			}
		}
		return out, len(out) > 0
	}
	return nil, false
}

// matchesAny tells whether some rule names exactly the node at path at.
func matchesAny(rules [][]string, at []string) bool {
	for _, r := range rules {
		if len(r) == len(at) && matches(r, at) {
			return true
		}
	}
	return false
}

func matches(rule, at []string) bool {
	for i, seg := range rule {
		if seg != "*" && !slices.Contains(strings.Split(seg, "|"), at[i]) {
			return false
		}
	}
	return true
}
