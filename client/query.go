package client

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// queryValues turns an option value into query parameter values (§2.4, §3.1).
func queryValues(p Param, v any) ([]string, error) {
	if raw, ok := v.(json.RawMessage); ok {
		d := json.NewDecoder(bytes.NewReader(raw))
		d.UseNumber()
		var x any
		if err := d.Decode(&x); err != nil {
			return nil, err
		}
		v = x
	}
	if list, ok := asList(v); ok {
		if !strings.HasSuffix(p.Type, "[]") {
			return nil, fmt.Errorf("a list")
		}
		parts := make([]string, 0, len(list))
		for _, x := range list {
			s, err := scalarQuery(p, x)
			if err != nil {
				return nil, err
			}
			parts = append(parts, s)
		}
		if p.Repeated {
			return parts, nil
		}
		return []string{strings.Join(parts, ",")}, nil
	}
	s, err := scalarQuery(p, v)
	if err != nil {
		return nil, err
	}
	return []string{s}, nil
}

func asList(v any) ([]any, bool) {
	switch x := v.(type) {
	case []any:
		return x, true
	case []string:
		out := make([]any, len(x))
		for i, s := range x {
			out[i] = s
		}
		return out, true
	}
	return nil, false
}

func scalarQuery(p Param, v any) (string, error) {
	switch x := v.(type) {
	case string:
		if p.Type == "datetime" {
			t, err := ParseTime(x)
			if err != nil {
				return "", fmt.Errorf("%q, not a date-time", x)
			}
			return FormatTime(t), nil
		}
		if p.Type == "integer" {
			if _, err := strconv.Atoi(x); err != nil {
				return "", fmt.Errorf("%q, not an integer", x)
			}
		}
		if p.Type == "boolean" && x != "true" && x != "false" {
			return "", fmt.Errorf("%q, not a boolean", x)
		}
		return x, nil
	case bool:
		if p.Type != "boolean" && p.Type != "string" {
			return "", fmt.Errorf("a boolean")
		}
		return strconv.FormatBool(x), nil
	case time.Time:
		return FormatTime(x), nil
	case json.Number, int, int64:
		if _, isJSON := x.(json.Number); isJSON && (p.Type == "boolean" || p.Type == "datetime") {
			return "", fmt.Errorf("a number %s", x)
		}
		return numberText(x), nil
	case float64:
		if p.Type == "boolean" || p.Type == "datetime" {
			return "", fmt.Errorf("a number %v", x)
		}
		return strconv.FormatFloat(x, 'f', -1, 64), nil
	case fmt.Stringer:
		return x.String(), nil
	}
	return "", fmt.Errorf("%s", describeValue(v))
}

// numberText is the decimal text of an int, an int64 or a json.Number.
func numberText(v any) string {
	switch x := v.(type) {
	case int:
		return strconv.Itoa(x)
	case int64:
		return strconv.FormatInt(x, 10)
	}
	return v.(json.Number).String()
}
