package client

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"time"
)

// startOperation sends the request of an async row and decodes the operation;
// a 204 (already in the wanted state) gives nil.
func (c *Client) startOperation(ctx context.Context, ep *Endpoint, a *args) (*Operation, error) {
	r, err := a.request(ep)
	if err != nil {
		return nil, err
	}
	res, err := c.do(ctx, r)
	if err != nil {
		return nil, err
	}
	if res.status == http.StatusNoContent || len(bytes.TrimSpace(res.body)) == 0 {
		return nil, nil
	}
	return decodeOperation(ep.Name, res.body)
}

// syncStateChange runs the async variant, waits, raises on FAIL and fetches the object.
func (c *Client) syncStateChange(ctx context.Context, ep *Endpoint, a *args) (*Result, error) {
	asyncEp, _ := Lookup(ep.Async)
	op, err := c.startOperation(ctx, &asyncEp, a)
	if err != nil {
		return nil, err
	}
	if op != nil {
		op, err = c.wait(ctx, op, a.waitConfig(10*time.Minute))
		if err != nil {
			return nil, err
		}
		if op.Status == OperationFail {
			return nil, &OperationFailedError{Method: ep.Name, Operation: op}
		}
	}
	var path string
	switch ep.Name {
	case "clone_pool":
		path = "/api/v1/pools/" + jsonField(op.Details, "pool_id")
	case "clone_training":
		path = "/api/v1/trainings/" + jsonField(op.Details, "training_id")
	case "archive_project":
		id := a.path["project_id"]
		if op != nil {
			if p := jsonField(op.Parameters, "project_id"); p != "" {
				id = p
			}
		}
		path = "/api/v1/projects/" + id
	default:
		// open/close/archive of pools and trainings: re-read the object.
		path = asyncEp.Path[:len("/api/v1/")] + pathCollection(asyncEp.Path) + "/" + a.path[ep.Args[0].Name]
	}
	if op == nil && (ep.Name == "clone_pool" || ep.Name == "clone_training") {
		return nil, &DecodeError{Method: ep.Name, Err: fmt.Errorf("the server started no clone operation")}
	}
	get := map[string]string{"pools": "get_pool", "trainings": "get_training", "projects": "get_project"}[pathCollection(path)]
	res, err := c.do(ctx, &request{method: get, verb: "GET", path: path, safe: true})
	if err != nil {
		return nil, err
	}
	if err := checkJSONAnswer(get, res); err != nil {
		return nil, err
	}
	return &Result{JSON: res.body}, nil
}

// pathCollection returns "pools" for "/api/v1/pools/…".
func pathCollection(path string) string {
	rest := path[len("/api/v1/"):]
	if i := bytes.IndexByte([]byte(rest), '/'); i >= 0 {
		return rest[:i]
	}
	return rest
}
