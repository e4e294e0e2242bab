package client

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
)

// cloneProject copies a project, its trainings and its pools (ENDPOINTS.md §8.1).
// A failure midway leaves a partial clone; the error names what was copied.
func cloneProject(ctx context.Context, c *Client, ep *Endpoint, a *args) (*Result, error) {
	reuse := true
	if v, ok := a.local["reuse_controllers"]; ok {
		b, isBool := v.(bool)
		if !isBool {
			return nil, &ArgError{Method: ep.Name, Param: "reuse_controllers", Want: "a boolean", Got: describeValue(v)}
		}
		reuse = b
	}
	oldID := a.path["project_id"]
	res, err := c.step(ctx, "get_project", nil, oldID)
	if err != nil {
		return nil, err
	}
	if err := checkJSONAnswer("get_project", res); err != nil {
		return nil, err
	}
	project, err := decodeObject(res.body)
	if err != nil {
		return nil, &DecodeError{Method: "get_project", Err: err}
	}
	qc, hasQC := project["quality_control"]
	delete(project, "quality_control")
	newProjectRaw, err := c.create(ctx, "create_project", project)
	if err != nil {
		return nil, fmt.Errorf("clone_project: creating the copy of project %s: %w", oldID, err)
	}
	newProject, _ := decodeObject(newProjectRaw)
	newID, _ := idString(newProject["id"])

	trainingIDs := map[string]string{}
	var trainings, pools []json.RawMessage
	for raw, err := range c.RawItems(ctx, "get_trainings", Call{Options: map[string]any{"project_id": oldID}}) {
		if err != nil {
			return nil, fmt.Errorf("clone_project: listing trainings of project %s (new project %s): %w", oldID, newID, err)
		}
		t, _ := decodeObject(raw)
		t["project_id"], _ = json.Marshal(newID)
		created, err := c.create(ctx, "create_training", t)
		if err != nil {
			return nil, fmt.Errorf("clone_project: copying training (new project %s): %w", newID, err)
		}
		oldT, _ := idString(t["id"])
		nt, _ := decodeObject(created)
		trainingIDs[oldT], _ = idString(nt["id"])
		trainings = append(trainings, created)
	}
	if hasQC && string(qc) != "null" {
		newProject["quality_control"] = fixQualityControl(qc, reuse, trainingIDs)
		b, _ := json.Marshal(newProject)
		out, err := c.step(ctx, "update_project", b, newID)
		if err != nil {
			return nil, fmt.Errorf("clone_project: setting quality control of new project %s: %w", newID, err)
		}
		newProjectRaw = out.body
	}
	for raw, err := range c.RawItems(ctx, "get_pools", Call{Options: map[string]any{"project_id": oldID}}) {
		if err != nil {
			return nil, fmt.Errorf("clone_project: listing pools of project %s (new project %s): %w", oldID, newID, err)
		}
		p, _ := decodeObject(raw)
		var typ string
		_ = json.Unmarshal(p["type"], &typ)
		if typ == "TRAINING" {
			return nil, &ArgError{Method: "clone_project", Param: "pool.type", Want: "regular pools", Got: `a "TRAINING" pool`}
		}
		p["project_id"], _ = json.Marshal(newID)
		if q, ok := p["quality_control"]; ok {
			p["quality_control"] = fixQualityControl(q, reuse, trainingIDs)
		}
		created, err := c.create(ctx, "create_pool", p)
		if err != nil {
			return nil, fmt.Errorf("clone_project: copying a pool (new project %s): %w", newID, err)
		}
		pools = append(pools, created)
	}
	var out bytes.Buffer
	out.WriteString(`{"project":`)
	out.Write(newProjectRaw)
	out.WriteString(`,"pools":`)
	writeArray(&out, pools)
	out.WriteString(`,"trainings":`)
	writeArray(&out, trainings)
	out.WriteString("}")
	return &Result{JSON: out.Bytes()}, nil
}

func writeArray(b *bytes.Buffer, items []json.RawMessage) {
	b.WriteByte('[')
	for i, it := range items {
		if i > 0 {
			b.WriteByte(',')
		}
		b.Write(it)
	}
	b.WriteByte(']')
}

// fixQualityControl drops collector uuids (unless reused) and points the
// training requirement at the new copy of the training.
func fixQualityControl(qc json.RawMessage, reuse bool, trainingIDs map[string]string) json.RawMessage {
	m, err := decodeObject(qc)
	if err != nil {
		return qc
	}
	if !reuse {
		var configs []map[string]json.RawMessage
		if json.Unmarshal(m["configs"], &configs) == nil {
			for _, cfg := range configs {
				if cc, err := decodeObject(cfg["collector_config"]); err == nil {
					delete(cc, "uuid")
					cfg["collector_config"], _ = json.Marshal(cc)
				}
			}
			m["configs"], _ = json.Marshal(configs)
		}
	}
	if tr, err := decodeObject(m["training_requirement"]); err == nil {
		if old, _ := idString(tr["training_pool_id"]); old != "" {
			if nw, ok := trainingIDs[old]; ok {
				tr["training_pool_id"], _ = json.Marshal(nw)
				m["training_requirement"], _ = json.Marshal(tr)
			}
		}
	}
	out, _ := json.Marshal(m)
	return out
}

func decodeObject(raw json.RawMessage) (map[string]json.RawMessage, error) {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, err
	}
	if m == nil {
		return nil, fmt.Errorf("not an object")
	}
	return m, nil
}

// create sends obj with the request of the create row named name.
func (c *Client) create(ctx context.Context, name string, obj map[string]json.RawMessage) (json.RawMessage, error) {
	b, err := json.Marshal(obj)
	if err != nil {
		return nil, err
	}
	res, err := c.step(ctx, name, b)
	if err != nil {
		return nil, err
	}
	return res.body, nil
}
