package client

import (
	"bytes"
	"encoding/json"
	"net/url"
	"strings"
)

// request builds the plain request of the endpoint's row.
func (a *args) request(ep *Endpoint) (*request, error) {
	path, err := expandPath(ep, a.path)
	if err != nil {
		return nil, err
	}
	r := &request{method: ep.Name, verb: ep.Method, path: path, query: a.query, body: a.body}
	if a.bodyArgs != nil {
		obj := map[string]json.RawMessage{}
		if len(a.body) > 0 {
			if err := json.Unmarshal(a.body, &obj); err != nil {
				return nil, &ArgError{Method: ep.Name, Param: "body", Want: "an object", Got: err.Error()}
			}
		}
		for k, v := range a.bodyArgs {
			raw, err := toJSON(v)
			if err != nil {
				return nil, &ArgError{Method: ep.Name, Param: k, Want: "a JSON value", Got: err.Error()}
			}
			obj[k] = raw
		}
		r.body, _ = json.Marshal(obj)
	}
	if isEmptyJSON(r.body) {
		r.body = nil // toloka-kit sends no body at all for an empty object or list
	}
	r.safe = isSafe(ep, r)
	return r, nil
}

// isSafe reports whether sending r twice has the effect of sending it once.
func isSafe(ep *Endpoint, r *request) bool {
	switch r.verb {
	case "GET", "PUT", "DELETE", "HEAD":
		return true
	case "PATCH":
		// Setting fields is idempotent; a status change is not (the second one is refused).
		return !bytes.Contains(r.body, []byte(`"status"`))
	}
	if r.query.Get("operation_id") != "" {
		return true
	}
	for _, s := range []string{"/open", "/close", "/close-for-update", "/archive", "/unarchive", "/start", "/stop", "/resume"} {
		if strings.HasSuffix(r.path, s) {
			return true // state changes answer 204 when already done
		}
	}
	return false
}

func expandPath(ep *Endpoint, ids map[string]string) (string, error) {
	path := ep.Path
	for {
		i := strings.IndexByte(path, '{')
		if i < 0 {
			return path, nil
		}
		j := strings.IndexByte(path[i:], '}') + i
		name := path[i+1 : j]
		v, ok := ids[name]
		if !ok || v == "" {
			return "", &ArgError{Method: ep.Name, Param: name, Want: "a string id", Got: "nothing"}
		}
		path = path[:i] + url.PathEscape(v) + path[j+1:]
	}
}
