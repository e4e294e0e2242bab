package emulator

import (
	"time"
)

// Toloka Apps under /api/app/v0: ready-made solutions whose items simulated
// Tolokers process batch by batch.

func (st *state) installApps() {
	text := object{"type": "string", "required": true}
	st.apps.add(object{"id": "9lZaMl363jahzra1rrYq", "name": "Text classification", "image": "https://example.com/text.png",
		"description": "Sort texts into your classes", "default_item_price": json0("0.0024"), "constraints_description": "Up to 10 classes",
		"param_spec": object{"fields": object{"required": []any{"labels", "instruction"},
			"properties": object{"labels": object{"type": "array"}, "instruction": object{"type": "string"}}}},
		"input_spec": object{"text": text}, "output_spec": object{"result": text, "confidence": object{"type": "float", "required": false}},
		"input_format_info": object{"input_fields": []any{object{"name": "text", "description": "the text to classify"}}}})
	st.apps.add(object{"id": "9lZaMl363jahzra1rrYr", "name": "Image classification", "image": "https://example.com/image.png",
		"description": "Sort images into your classes", "default_item_price": json0("0.005"),
		"param_spec": object{"fields": object{"required": []any{"labels"}, "properties": object{"labels": object{"type": "array"}}}},
		"input_spec": object{"url": object{"type": "url", "required": true}}, "output_spec": object{"result": text}})
}

func (s *Server) appRoutes() {
	st := s.st
	s.handle("GET /api/app/v0/apps", s.findIn(appSearch, st.apps, ""))
	s.handle("GET /api/app/v0/apps/{id}", s.getIn(st.apps, "App"))
	s.handle("POST /api/app/v0/app-projects", st.createAppProject)
	s.handle("GET /api/app/v0/app-projects", s.findIn(appProjectSearch, st.appProjects, ""))
	s.handle("GET /api/app/v0/app-projects/{id}", s.getIn(st.appProjects, "App project"))
	s.handle("POST /api/app/v0/app-projects/{id}/archive", st.appProjectStatus(true))
	s.handle("POST /api/app/v0/app-projects/{id}/unarchive", st.appProjectStatus(false))
	s.handle("POST /api/app/v0/app-projects/{id}/items", st.createAppItems(false))
	s.handle("POST /api/app/v0/app-projects/{id}/items/bulk", st.createAppItems(true))
	s.handle("GET /api/app/v0/app-projects/{id}/items", st.findAppChildren(appItemSearch, st.appItems))
	s.handle("GET /api/app/v0/app-projects/{id}/items/{item}", st.getAppChild(st.appItems, "App item"))
	s.handle("POST /api/app/v0/app-projects/{id}/batches", st.createAppBatch(false))
	s.handle("POST /api/app/v0/app-projects/{id}/batches/sync", st.createAppBatch(true))
	s.handle("GET /api/app/v0/app-projects/{id}/batches", st.findAppChildren(appBatchSearch, st.appBatches))
	s.handle("GET /api/app/v0/app-projects/{id}/batches/{item}", st.getAppChild(st.appBatches, "App batch"))
	s.handle("PATCH /api/app/v0/app-projects/{id}/batches/{item}", st.patchAppBatch)
	for _, action := range []string{"start", "stop", "resume", "archive", "unarchive"} {
		s.handle("POST /api/app/v0/app-projects/{id}/batches/{item}/"+action, st.appBatchAction(action))
	}
}

func json0(s string) any { return jsonNumber(s) }

func (st *state) createAppProject(r apiRequest) (int, any, *apiError) {
	b, err := bodyObject(r)
	if err != nil {
		return 0, nil, err
	}
	stripReadOnly(b)
	app, ok := st.apps.get(str(b["app_id"]))
	fe := fieldErrors{}
	if !ok {
		fe.add("app_id", "ENTITY_DOES_NOT_EXIST", "App does not exist")
	}
	if str(b["name"]) == "" {
		fe.add("name", "VALUE_REQUIRED", "Value must be present and not equal to null")
	}
	params, _ := b["parameters"].(map[string]any)
	if params == nil {
		fe.add("parameters", "VALUE_REQUIRED", "Value must be present and not equal to null")
	} else if ps, ok := app["param_spec"].(map[string]any); ok {
		fields, _ := ps["fields"].(map[string]any)
		for _, req := range asList(fields["required"]) {
			if _, has := params[str(req)]; !has {
				fe.add("parameters."+str(req), "VALUE_REQUIRED", "Value must be present and not equal to null")
			}
		}
	}
	if e := fe.err(); e != nil {
		return 0, nil, e
	}
	b["id"] = st.numericID("app_project")
	b["status"] = "READY"
	b["created"] = st.now()
	b["item_price"] = app["default_item_price"]
	b["app"] = object{"id": app["id"], "name": app["name"]}
	b["read_only"] = false
	b["errors"] = []any{}
	if _, ok := b["parent_app_project_id"]; !ok {
		b["parent_app_project_id"] = ""
	}
	st.appProjects.add(b)
	return 201, b, nil
}

func (st *state) appProjectStatus(archive bool) handlerFunc {
	return func(r apiRequest) (int, any, *apiError) {
		id := r.id
		p, ok := st.appProjects.get(id)
		if !ok {
			return 0, nil, notFound("App project", id)
		}
		if archive {
			if p["status"] != "ARCHIVED" {
				p["_before"] = p["status"]
			}
			p["status"] = "ARCHIVED"
		} else if p["status"] == "ARCHIVED" {
			p["status"] = p["_before"]
			delete(p, "_before")
		}
		return 202, publicOp(p), nil
	}
}

func (st *state) appItem(projectID, batchID string, data map[string]any) object {
	it := object{"id": st.numericID("app_item"), "app_project_id": projectID, "batch_id": batchID, "input_data": data,
		"status": "NEW", "created_at": st.now()}
	st.appItems.add(it)
	return it
}

func (st *state) appBatch(projectID, name string) object {
	if name == "" {
		name = "batch " + st.now()
	}
	p, _ := st.appProjects.get(projectID)
	b := object{"id": st.numericID("app_batch"), "app_project_id": projectID, "name": name, "status": "NEW", "items_count": 0,
		"item_price": p["item_price"], "cost": jsonNumber("0"), "created_at": st.now(), "read_only": false, "priority_order": "FIVE"}
	st.appBatches.add(b)
	return b
}

func (st *state) createAppItems(bulk bool) handlerFunc {
	return func(r apiRequest) (int, any, *apiError) {
		pid := r.id
		_, b, err := bodyFor(r, st.appProjects, "App project")
		if err != nil {
			return 0, nil, err
		}
		batchID := str(b["batch_id"])
		batch, ok := st.appBatches.get(batchID)
		if batchID != "" && (!ok || str(batch["app_project_id"]) != pid) {
			return 0, nil, fieldErrorsOne("batch_id", "ENTITY_DOES_NOT_EXIST", "Batch "+batchID+" does not exist")
		}
		if batchID == "" {
			batch = st.appBatch(pid, "")
			batchID = str(batch["id"])
		}
		if !bulk {
			data, _ := b["input_data"].(map[string]any)
			if data == nil {
				return 0, nil, fieldErrorsOne("input_data", "VALUE_REQUIRED", "Value must be present and not equal to null")
			}
			it := st.appItem(pid, batchID, data)
			batch["items_count"] = intOf(batch["items_count"], 0) + 1
			return 201, it, nil
		}
		items := asList(b["items"])
		if len(items) == 0 {
			return 0, nil, fieldErrorsOne("items", "VALUE_REQUIRED", "Value must be present and not equal to null")
		}
		var ids []any
		for _, x := range items {
			data, _ := x.(map[string]any)
			ids = append(ids, st.appItem(pid, batchID, data)["id"])
		}
		batch["items_count"] = intOf(batch["items_count"], 0) + len(items)
		return 201, ids, nil
	}
}

func (st *state) createAppBatch(sync bool) handlerFunc {
	return func(r apiRequest) (int, any, *apiError) {
		pid := r.id
		_, b, err := bodyFor(r, st.appProjects, "App project")
		if err != nil {
			return 0, nil, err
		}
		batch := st.appBatch(pid, str(b["name"]))
		if po := str(b["priority_order"]); po != "" {
			batch["priority_order"] = po
		}
		for _, x := range asList(b["items"]) {
			data, _ := x.(map[string]any)
			st.appItem(pid, str(batch["id"]), data)
		}
		batch["items_count"] = len(asList(b["items"]))
		if sync {
			batch["status"] = "PROCESSING"
			st.processBatch(batch, true)
		}
		return 201, batch, nil
	}
}

func (st *state) findAppChildren(sp searchSpec, c *collection) handlerFunc {
	return func(r apiRequest) (int, any, *apiError) {
		pid := r.id
		if _, ok := st.appProjects.get(pid); !ok {
			return 0, nil, notFound("App project", pid)
		}
		items, more, err := sp.find(r.query, c, c.indexSpan("app_project_id", pid))
		if err != nil {
			return 0, nil, err
		}
		return 200, page(sp, items, more), nil
	}
}

func (st *state) getAppChild(c *collection, what string) handlerFunc {
	return func(r apiRequest) (int, any, *apiError) {
		id := r.item
		o, ok := c.get(id)
		if !ok || str(o["app_project_id"]) != r.id {
			return 0, nil, notFound(what, id)
		}
		return 200, publicOp(o), nil
	}
}

func (st *state) patchAppBatch(r apiRequest) (int, any, *apiError) {
	id := r.item
	b, ok := st.appBatches.get(id)
	if !ok {
		return 0, nil, notFound("App batch", id)
	}
	p, err := bodyObject(r)
	if err != nil {
		return 0, nil, err
	}
	for _, k := range []string{"name", "priority_order"} {
		if v, ok := p[k]; ok {
			b[k] = v
		}
	}
	return 200, publicOp(b), nil
}

// appBatchAction applies the batch transitions of ENDPOINTS.md §8.2.
func (st *state) appBatchAction(action string) handlerFunc {
	return func(r apiRequest) (int, any, *apiError) {
		id := r.item
		b, ok := st.appBatches.get(id)
		if !ok || str(b["app_project_id"]) != r.id {
			return 0, nil, notFound("App batch", id)
		}
		status := str(b["status"])
		bad := func() (int, any, *apiError) {
			return 0, nil, conflict("INAPPROPRIATE_STATUS", "Batch "+id+" is "+status+"; cannot "+action+" it")
		}
		switch action {
		case "start":
			if status != "NEW" {
				return bad()
			}
			b["status"], b["started_at"] = "PROCESSING", st.now()
		case "stop":
			if status != "PROCESSING" {
				return bad()
			}
			b["status"] = "STOPPED"
		case "resume":
			if status != "STOPPING" && status != "STOPPED" {
				return bad()
			}
			b["status"] = "PROCESSING"
		case "archive":
			if status == "PROCESSING" {
				return bad()
			}
			b["_before"], b["status"] = status, "ARCHIVE"
		case "unarchive":
			if status != "ARCHIVE" {
				return bad()
			}
			b["status"] = b["_before"]
			delete(b, "_before")
		}
		return 202, object{}, nil
	}
}

// tickApps finishes some items of every processing batch: a round per mean
// assignment time, an item per Toloker.
func (st *state) tickApps(now time.Time) {
	if now.Before(st.appsDue) {
		return
	}
	st.appsDue = now.Add(st.meanWork())
	st.appBatches.each(func(b object) bool {
		if b["status"] == "PROCESSING" {
			st.processBatch(b, false)
		}
		return true
	})
}

func (st *state) processBatch(b object, all bool) {
	left := 0
	done := 0
	for _, iid := range st.appItems.index["app_project_id"][str(b["app_project_id"])] {
		it, _ := st.appItems.get(iid)
		if it == nil || it["batch_id"] != b["id"] || it["status"] == "COMPLETED" {
			continue
		}
		if !all && done >= len(st.workers) {
			left++
			continue
		}
		it["status"], it["started_at"], it["finished_at"] = "COMPLETED", st.now(), st.now()
		p, _ := st.appProjects.get(str(it["app_project_id"]))
		labels := []any{"yes", "no"}
		if params, ok := p["parameters"].(map[string]any); ok && len(asList(params["labels"])) > 0 {
			labels = asList(params["labels"])
		}
		it["output_data"] = object{"result": labels[st.rng.IntN(len(labels))], "confidence": jsonNumber("0.9")}
		done++
	}
	b["items_processed_count"] = intOf(b["items_processed_count"], 0) + done
	if left == 0 {
		b["status"], b["finished_at"] = "COMPLETED", st.now()
	}
}
