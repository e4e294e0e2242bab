package emulator

import (
	"net/url"
	"strings"
)

func knownFieldType(t string) bool {
	switch strings.TrimPrefix(t, "array_") {
	case "boolean", "string", "integer", "float", "url", "file", "coordinates", "json":
		return true
	}
	return false
}

// specOf returns a project's input_spec or output_spec.
func specOf(project object, side string) map[string]any {
	ts, _ := project["task_spec"].(map[string]any)
	spec, _ := ts[side].(map[string]any)
	return spec
}

// validateValues checks values against a field spec map, as the server does for input_values.
func validateValues(fe fieldErrors, prefix string, spec map[string]any, values map[string]any) {
	for name, v := range values {
		fs, ok := spec[name].(map[string]any)
		if !ok {
			fe.add(prefix+"."+name, "VALUE_NOT_ALLOWED", "Unknown field name")
			continue
		}
		if v == nil {
			continue
		}
		typ := str(fs["type"])
		if strings.HasPrefix(typ, "array_") {
			list, ok := v.([]any)
			if !ok {
				fe.add(prefix+"."+name, "ARRAY_EXPECTED", "Value must be an array")
				continue
			}
			for _, x := range list {
				if code, msg := checkScalar(strings.TrimPrefix(typ, "array_"), fs, x); code != "" {
					fe.add(prefix+"."+name, code, msg)
					break
				}
			}
			continue
		}
		if code, msg := checkScalar(typ, fs, v); code != "" {
			fe.add(prefix+"."+name, code, msg)
		}
	}
	for name, f := range spec {
		fs, _ := f.(map[string]any)
		required := true
		if r, ok := fs["required"].(bool); ok {
			required = r
		}
		if _, present := values[name]; required && (!present || values[name] == nil) {
			fe.add(prefix+"."+name, "VALUE_REQUIRED", "Value must be present and not equal to null")
		}
	}
}

func checkScalar(typ string, fs map[string]any, v any) (string, string) {
	switch typ {
	case "string":
		s, ok := v.(string)
		if !ok {
			return "STRING_EXPECTED", "Value must be a string"
		}
		if allowed := asList(fs["allowed_values"]); len(allowed) > 0 && !inList(allowed, s) {
			return "VALUE_NOT_ALLOWED", "Value must be one of the allowed values"
		}
		if n := intOf(fs["max_length"], -1); n >= 0 && len([]rune(s)) > n {
			return "STRING_LENGTH_GREATER_THAN_MAX", "String is too long"
		}
		if n := intOf(fs["min_length"], -1); n >= 0 && len([]rune(s)) < n {
			return "STRING_LENGTH_LESS_THAN_MIN", "String is too short"
		}
	case "integer", "float":
		f, ok := num(v)
		if !ok {
			return strings.ToUpper(typ) + "_EXPECTED", "Value must be a number"
		}
		if typ == "integer" && f != float64(int64(f)) {
			return "INTEGER_EXPECTED", "Value must be an integer"
		}
		if m, ok := num(fs["min_value"]); ok && f < m {
			return "VALUE_LESS_THAN_MIN", "Value is below the minimum"
		}
		if m, ok := num(fs["max_value"]); ok && f > m {
			return "VALUE_GREATER_THAN_MAX", "Value is above the maximum"
		}
	case "boolean":
		if _, ok := v.(bool); !ok {
			return "BOOLEAN_EXPECTED", "Value must be a boolean"
		}
	case "url":
		s, ok := v.(string)
		if !ok {
			return "STRING_EXPECTED", "Value must be a string"
		}
		if u, err := url.Parse(s); err != nil || u.Scheme == "" || u.Host == "" {
			return "INVALID_URL_SYNTAX", "Value must be a URL"
		}
	case "file", "coordinates":
		if _, ok := v.(string); !ok {
			return "STRING_EXPECTED", "Value must be a string"
		}
	}
	return "", ""
}

func inList(list []any, s string) bool {
	for _, x := range list {
		if str(x) == s {
			return true
		}
	}
	return false
}
