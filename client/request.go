package client

import (
	"context"
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
	r := &request{method: ep.Name, verb: ep.Verb, path: path, query: a.query, body: a.body}
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
	r.safe = ep.SafeToResend()
	return r, nil
}

// send sends the row's request with the call's arguments.
func (c *Client) send(ctx context.Context, ep *Endpoint, a *args) (*response, error) {
	r, err := a.request(ep)
	if err != nil {
		return nil, err
	}
	return c.do(ctx, r)
}

// step sends the request of the row named name (a get that reads a result
// back, a poll, a create of clone_project) as one step of another method:
// ids fill its path arguments in order, body is its body.
func (c *Client) step(ctx context.Context, name string, body []byte, ids ...string) (*response, error) {
	ep, ok := Lookup(name)
	if !ok {
		panic("client: a step names " + name + ", which is not a row of the table")
	}
	a := &args{method: name, path: map[string]string{}, query: url.Values{}, body: body}
	for _, p := range ep.Args {
		if p.In == InPath && len(ids) > 0 {
			a.path[p.Name], ids = ids[0], ids[1:]
		}
	}
	return c.send(ctx, &ep, a)
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
