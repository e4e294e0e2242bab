package client

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/url"
	"strings"
	"time"
)

// The logic of rows whose request or answer differs from what their kind
// says: each row's Run names its function here.

// setStatus is accept_assignment's and reject_assignment's logic: a
// patch_assignment of the status and the comment.
func setStatus(status string) *Runner {
	does := "sends patch_assignment {status: " + status + ", public_comment}; after a failure that may have reached the server, " +
		"reads the assignment back: " + status + " already is the result, still SUBMITTED is sent again, anything else fails"
	return runner(does, func(ctx context.Context, c *Client, ep *Endpoint, a *args) (*Result, error) {
		patch, _ := Lookup("patch_assignment")
		if a.bodyArgs == nil {
			a.bodyArgs = map[string]any{}
		}
		if _, ok := a.bodyArgs["public_comment"]; !ok {
			a.bodyArgs["public_comment"] = ""
		}
		a.bodyArgs["status"] = status
		// A status change is not safe to resend blindly: after an answer that got
		// lost, read the assignment back; if the change landed, that is the result.
		for attempt := 1; ; attempt++ {
			res, err := runRequest(ctx, c, &patch, a)
			if err == nil || !ambiguous(err) || attempt > c.cfg.retries {
				return res, err
			}
			cur, gerr := c.step(ctx, "get_assignment", nil, a.path["assignment_id"])
			if gerr != nil {
				return nil, err
			}
			switch jsonField(cur.body, "status") {
			case status:
				return &Result{JSON: cur.body}, nil
			case "SUBMITTED":
			default:
				return nil, err
			}
			t := time.NewTimer(c.backoff(attempt))
			select {
			case <-ctx.Done():
				t.Stop()
				return nil, c.wrapCtxErr(&request{method: ep.Name}, ctx.Err(), err)
			case <-t.C:
			}
		}
	})
}

// ambiguous reports failures after which the server may or may not have acted.
func ambiguous(err error) bool {
	var ae *APIError
	if errors.As(err, &ae) {
		return ae.retryableStatus()
	}
	return transient(err)
}

// createAppItem sends only the keys the server takes, whatever else the item holds.
func createAppItem(ctx context.Context, c *Client, ep *Endpoint, a *args) (*Result, error) {
	var item map[string]json.RawMessage
	if err := json.Unmarshal(a.body, &item); err != nil {
		return nil, &ArgError{Method: ep.Name, Param: "app_item", Want: "an AppItem object", Got: err.Error()}
	}
	keep := map[string]json.RawMessage{}
	for _, k := range []string{"batch_id", "input_data", "force_new_original"} {
		if v, ok := item[k]; ok {
			keep[k] = v
		}
	}
	a.body, _ = json.Marshal(keep)
	return runRequest(ctx, c, ep, a)
}

// getApp always sends lang, empty when not given, as toloka-kit does.
func getApp(ctx context.Context, c *Client, ep *Endpoint, a *args) (*Result, error) {
	if _, ok := a.query["lang"]; !ok {
		a.query.Set("lang", "")
	}
	return runRequest(ctx, c, ep, a)
}

// setFolders accepts a bare list or {folders: [...]} and sends {folders: [...]}.
func setFolders(ctx context.Context, c *Client, ep *Endpoint, a *args) (*Result, error) {
	v := a.bodyArgs["folders"]
	raw, err := toJSON(v)
	if err != nil {
		return nil, &ArgError{Method: ep.Name, Param: "folders", Want: "a list of folder names", Got: err.Error()}
	}
	var wrapped struct {
		Folders json.RawMessage `json:"folders"`
	}
	if t := bytes.TrimSpace(raw); len(t) > 0 && t[0] == '{' && json.Unmarshal(t, &wrapped) == nil && wrapped.Folders != nil {
		raw = wrapped.Folders
	} else if t := bytes.TrimSpace(raw); len(t) > 0 && t[0] == '"' {
		raw = append(append([]byte{'['}, t...), ']')
	}
	if checkJSONKind(raw, "string[]") != nil {
		return nil, &ArgError{Method: ep.Name, Param: "folders", Want: "a list of folder names", Got: jsonKind(bytes.TrimSpace(raw))}
	}
	a.bodyArgs = nil
	a.body, _ = json.Marshal(map[string]json.RawMessage{"folders": raw})
	return runRequest(ctx, c, ep, a)
}

// patchTaskSuite moves open_pool from the body to the query.
func patchTaskSuite(ctx context.Context, c *Client, ep *Endpoint, a *args) (*Result, error) {
	var patch map[string]json.RawMessage
	if json.Unmarshal(a.body, &patch) == nil {
		if v, ok := patch["open_pool"]; ok {
			a.query.Set("open_pool", strings.Trim(string(v), `"`))
			delete(patch, "open_pool")
			a.body, _ = json.Marshal(patch)
		}
	}
	return runRequest(ctx, c, ep, a)
}

// poolWrite refuses training pools (they are trainings now) and sends tier as storage_key.
func poolWrite(ctx context.Context, c *Client, ep *Endpoint, a *args) (*Result, error) {
	var pool struct {
		Type string `json:"type"`
	}
	if json.Unmarshal(a.body, &pool) == nil && pool.Type == "TRAINING" {
		return nil, &ArgError{Method: ep.Name, Param: "pool.type", Want: "a regular pool (create trainings with create_training)", Got: `"TRAINING"`}
	}
	if tier, ok := a.query["tier"]; ok {
		a.query.Del("tier")
		a.query["storage_key"] = tier
	}
	return runRequest(ctx, c, ep, a)
}

// checkProjectUpdate returns only the differenceLevel value.
func checkProjectUpdate(ctx context.Context, c *Client, ep *Endpoint, a *args) (*Result, error) {
	res, err := runRequest(ctx, c, ep, a)
	if err != nil {
		return nil, err
	}
	var out struct {
		DifferenceLevel json.RawMessage `json:"differenceLevel"`
	}
	if err := json.Unmarshal(res.JSON, &out); err != nil || out.DifferenceLevel == nil {
		return nil, &DecodeError{Method: ep.Name, Err: errOr(err, "no differenceLevel in the answer")}
	}
	return &Result{JSON: out.DifferenceLevel}, nil
}

// composeMessageThread wraps a single filter condition as {"and": [cond]}.
func composeMessageThread(ctx context.Context, c *Client, ep *Endpoint, a *args) (*Result, error) {
	var compose map[string]json.RawMessage
	if json.Unmarshal(a.body, &compose) == nil {
		if f, ok := compose["recipients_filter"]; ok {
			var node map[string]json.RawMessage
			if json.Unmarshal(f, &node) == nil && node["and"] == nil && node["or"] == nil && node["category"] != nil {
				compose["recipients_filter"], _ = json.Marshal(map[string][]json.RawMessage{"and": {f}})
				a.body, _ = json.Marshal(compose)
			}
		}
	}
	return runRequest(ctx, c, ep, a)
}

// downloadAttachment streams the content to Call.Out, or hands the body back.
// Retries happen only before the first byte arrives.
func downloadAttachment(ctx context.Context, c *Client, ep *Endpoint, a *args) (*Result, error) {
	body, err := openStream(ctx, c, ep, a)
	if err != nil {
		return nil, err
	}
	if a.call.Out == nil {
		return &Result{Body: body}, nil
	}
	defer body.Close()
	if _, err := io.Copy(a.call.Out, body); err != nil {
		return nil, &DecodeError{Method: ep.Name, Err: err}
	}
	return &Result{}, nil
}

// assignmentsExport streams the TSV export with the server's camel-case parameters.
func assignmentsExport(ctx context.Context, c *Client, ep *Endpoint, a *args) (*Result, error) {
	if out, ok := a.local["out"]; ok { // the bindings write the file, and take the option before the client sees it
		return nil, &ArgError{Method: ep.Name, Param: "out", Want: "no file from Go (a script's option); copy the stream AssignmentsTSV returns", Got: describeValue(out)}
	}
	q := url.Values{}
	q.Set("status", "APPROVED")
	q.Set("field", "ASSIGNMENT:link,ASSIGNMENT:assignment_id,ASSIGNMENT:worker_id,ASSIGNMENT:status,ASSIGNMENT:started")
	rename := map[string]string{"start_time_from": "startTimeFrom", "start_time_to": "startTimeTo", "exclude_banned": "excludeBanned"}
	for k, v := range a.query {
		if n, ok := rename[k]; ok {
			k = n
		}
		q[k] = v
	}
	q.Set("addRowDelimiter", "false")
	a.query = q
	body, err := openStream(ctx, c, ep, a)
	if err != nil {
		return nil, err
	}
	return &Result{Body: body}, nil
}

func errOr(err error, msg string) error {
	if err != nil {
		return err
	}
	return errors.New(msg)
}

// openStream sends the row's request and hands back the answer's body unread;
// retries happen only until the answer starts.
func openStream(ctx context.Context, c *Client, ep *Endpoint, a *args) (io.ReadCloser, error) {
	r, err := a.request(ep)
	if err != nil {
		return nil, err
	}
	r.stream = true
	res, err := c.do(ctx, r)
	if err != nil {
		return nil, err
	}
	if res.stream == nil { // a 204 has no body to stream
		return io.NopCloser(bytes.NewReader(res.body)), nil
	}
	return res.stream, nil
}
