package client

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// args are a call's arguments, checked against the endpoint's row.
type args struct {
	method   string
	path     map[string]string
	body     json.RawMessage // the body argument, as JSON
	bodyArgs map[string]any  // body fields given positionally (public_comment, folders)
	local    map[string]any  // arguments the client uses itself (batch_size, out, timeout, op)
	query    url.Values
	call     Call
	batch    *batchOut // set by createBatches: keep a batch's results as maps, not JSON
}

func parseArgs(ep *Endpoint, call Call) (*args, error) {
	a := &args{method: ep.Name, path: map[string]string{}, local: map[string]any{}, query: url.Values{}, call: call}
	if len(call.Args) > len(ep.Args) {
		return nil, &ArgError{Method: ep.Name, Param: "arguments", Want: fmt.Sprintf("at most %d positional arguments (%s)", len(ep.Args), paramNames(ep.Args)),
			Got: strconv.Itoa(len(call.Args))}
	}
	for i, p := range ep.Args {
		var v any
		if i < len(call.Args) {
			v = call.Args[i]
		}
		if isAbsent(v) {
			// toloka-kit lets a keyword argument stand for a positional one.
			if ov, ok := call.Options[p.Name]; ok {
				v = ov
			}
		}
		if isAbsent(v) {
			if p.Required {
				want := describeType(p.Type)
				if p.In == InPath {
					want = "a string id"
				}
				return nil, &ArgError{Method: ep.Name, Param: p.Name, Want: want, Got: "nothing"}
			}
			continue
		}
		if err := a.setArg(ep, p, v); err != nil {
			return nil, err
		}
	}
	names := make([]string, 0, len(call.Options))
	for k := range call.Options {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		v := call.Options[k]
		if paramIndex(ep.Args, k) >= 0 {
			continue // consumed above
		}
		i := paramIndex(ep.Options, k)
		if i < 0 {
			valid := append(paramList(ep.Args), paramList(ep.Options)...)
			e := &ArgError{Method: ep.Name, Param: k, Want: "one of " + strings.Join(valid, ", "), Got: "an unknown option"}
			if s := suggest(k, valid); s != "" {
				e.Want = "a known option" // the suggestion says more than the whole list
				e.Hint = strings.TrimPrefix(s, "; ")
			}
			return nil, e
		}
		if isAbsent(v) {
			continue
		}
		p := ep.Options[i]
		if u, ok := v.(Unchecked); ok {
			v = u.Value // passed on purpose: no enum check
		} else if err := checkEnum(ep, p, v); err != nil {
			return nil, err
		}
		if err := a.setOption(ep, p, v); err != nil {
			return nil, err
		}
	}
	return a, nil
}

func (a *args) setArg(ep *Endpoint, p Param, v any) error {
	switch p.In {
	case InPath:
		if p.Type == "Operation" {
			a.local[p.Name] = v
			return nil
		}
		s, err := idString(v)
		if err != nil {
			return &ArgError{Method: ep.Name, Param: p.Name, Want: "a string id", Got: describeValue(v)}
		}
		a.path[p.Name] = s
	case InBody:
		if isModelType(strings.TrimSuffix(p.Type, "[]")) {
			raw, err := toJSON(v)
			if err != nil {
				return &ArgError{Method: ep.Name, Param: p.Name, Want: describeType(p.Type), Got: err.Error()}
			}
			if err := checkJSONKind(raw, p.Type); err != nil {
				return &ArgError{Method: ep.Name, Param: p.Name, Want: describeType(p.Type), Got: err.Error()}
			}
			a.body = raw
			return nil
		}
		if a.bodyArgs == nil {
			a.bodyArgs = map[string]any{}
		}
		a.bodyArgs[p.Name] = v
	case InLocal:
		a.local[p.Name] = v
	}
	return nil
}

func (a *args) setOption(ep *Endpoint, p Param, v any) error {
	switch p.In {
	case InLocal:
		switch p.Type {
		case "duration":
			if d, err := ParseDuration(v); err != nil || d <= 0 {
				return &ArgError{Method: ep.Name, Param: p.Name, Want: "a duration like '5m' or milliseconds", Got: describeValue(v)}
			}
		case "integer": // batch_size
			s, err := scalarQuery(p, v)
			if err != nil {
				return &ArgError{Method: ep.Name, Param: p.Name, Want: "a positive integer", Got: err.Error()}
			}
			if n, err := strconv.Atoi(s); err != nil || n <= 0 {
				return &ArgError{Method: ep.Name, Param: p.Name, Want: "a positive integer", Got: s}
			}
			v = s
		}
		a.local[p.Name] = v
		return nil
	case InBody:
		if a.bodyArgs == nil {
			a.bodyArgs = map[string]any{}
		}
		a.bodyArgs[p.Name] = v
		return nil
	}
	vals, err := queryValues(p, v)
	if err != nil {
		return &ArgError{Method: ep.Name, Param: p.Name, Want: describeType(p.Type), Got: err.Error()}
	}
	if p.Name == "sort" {
		if err := checkSort(ep, vals[0]); err != nil {
			return err
		}
	}
	a.query[p.Name] = vals
	return nil
}

// checkSort refuses a sort key the row's Sort does not list.
func checkSort(ep *Endpoint, sortValue string) error {
	for _, k := range strings.Split(sortValue, ",") {
		if k = strings.TrimPrefix(strings.TrimSpace(k), "-"); k != "" && !slices.Contains(ep.Sort, k) {
			return &ArgError{Method: ep.Name, Param: "sort", Want: "sort keys among " + strings.Join(ep.Sort, ", "), Got: strconv.Quote(k)}
		}
	}
	return nil
}

func isAbsent(v any) bool {
	if v == nil {
		return true
	}
	if raw, ok := v.(json.RawMessage); ok {
		return len(raw) == 0 || string(raw) == "null"
	}
	rv := reflect.ValueOf(v)
	return rv.Kind() == reflect.Pointer && rv.IsNil()
}

func idString(v any) (string, error) {
	switch x := v.(type) {
	case string:
		if x == "" {
			return "", fmt.Errorf("empty string")
		}
		return x, nil
	case json.Number, int, int64:
		return numberText(x), nil
	case float64:
		if x == float64(int64(x)) {
			return strconv.FormatInt(int64(x), 10), nil
		}
	case json.RawMessage:
		if t := bytes.TrimSpace(x); len(t) > 2 && t[0] == '"' && t[len(t)-1] == '"' && bytes.IndexByte(t, '\\') < 0 {
			return string(t[1 : len(t)-1]), nil // the common case, without a decoder
		}
		var s any
		d := json.NewDecoder(bytes.NewReader(x))
		d.UseNumber()
		if d.Decode(&s) == nil {
			if _, isStr := s.(string); isStr || isNumber(s) {
				return idString(s)
			}
		}
	}
	return "", fmt.Errorf("not an id")
}

func isNumber(v any) bool { _, ok := v.(json.Number); return ok }

func paramIndex(ps []Param, name string) int {
	for i, p := range ps {
		if p.Name == name {
			return i
		}
	}
	return -1
}

func paramList(ps []Param) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.Name
	}
	return out
}

func paramNames(ps []Param) string { return strings.Join(paramList(ps), ", ") }
