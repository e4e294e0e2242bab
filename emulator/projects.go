package emulator

import (
	"encoding/json"
	"reflect"
	"slices"
)

// readOnly lists fields a client may send back but the server sets itself.
var readOnly = map[string]bool{"id": true, "created": true, "status": true, "owner": true, "last_close_reason": true,
	"last_started": true, "last_stopped": true, "remaining_overlap": true, "origin_task_id": true, "automerged": true, "type": true}

// replaceFields is a PUT: old takes all of new's fields and loses the others,
// except the server's own (read-only ones, and keep).
func replaceFields(old, new object, keep ...string) {
	for k := range old {
		if !readOnly[k] && !slices.Contains(keep, k) {
			delete(old, k)
		}
	}
	for k, v := range new {
		old[k] = v
	}
}

func stripReadOnly(o object) {
	for k := range readOnly {
		delete(o, k)
	}
}

func (st *state) owner() object {
	return object{"id": st.requester["id"], "myself": true, "company_id": "1"}
}

func (st *state) createProject(r apiRequest) (int, any, *apiError) {
	p, err := bodyObject(r)
	if err != nil {
		return 0, nil, err
	}
	stripReadOnly(p)
	if e := validateProject(p); e != nil {
		return 0, nil, e
	}
	p["id"] = st.numericID("project")
	p["status"] = "ACTIVE"
	p["created"] = st.now()
	p["owner"] = st.owner()
	projectForm.fill(p)
	st.projects.add(p)
	return 201, p, nil
}

// validateProject checks a project against its form and its field specs' types.
func validateProject(p object) *apiError {
	fe := fieldErrors{}
	projectForm.check(fe, p, "")
	checkQualityControl(fe, p["quality_control"])
	if spec, ok := p["task_spec"].(map[string]any); ok {
		for _, side := range []string{"input_spec", "output_spec"} {
			fields, _ := spec[side].(map[string]any)
			for name, f := range fields {
				fs, ok := f.(map[string]any)
				if !ok || !knownFieldType(str(fs["type"])) {
					fe.add("task_spec."+side+"."+name+".type", "UNKNOWN_ENUM_VALUE", "Unknown field type "+str(fs["type"]))
				}
			}
		}
	}
	return fe.err()
}

func (st *state) updateProject(r apiRequest) (int, any, *apiError) {
	id := r.id
	old, p, err := bodyFor(r, st.projects, "Project")
	if err != nil {
		return 0, nil, err
	}
	stripReadOnly(p)
	if e := validateProject(p); e != nil {
		return 0, nil, e
	}
	replaceFields(old, p)
	projectForm.fill(old)
	delete(st.models, id) // its tasks are answered by the new spec and view
	return 200, old, nil
}

func (st *state) archiveProject(r apiRequest) (int, any, *apiError) {
	id := r.id
	p, ok := st.projects.get(id)
	if !ok {
		return 0, nil, notFound("Project", id)
	}
	for _, pid := range st.pools.index["project_id"][id] {
		if pool, ok := st.pools.get(pid); ok && pool["status"] != "ARCHIVED" {
			return 0, nil, conflict("UNARCHIVED_POOLS_CONFLICT", "Pool "+pid+" of the project is not archived")
		}
	}
	for _, tid := range st.trainings.index["project_id"][id] {
		if t, ok := st.trainings.get(tid); ok && t["status"] != "ARCHIVED" {
			return 0, nil, conflict("UNARCHIVED_POOLS_CONFLICT", "Training "+tid+" of the project is not archived")
		}
	}
	p["status"] = "ARCHIVED"
	return accepted(st.newOperation("", "PROJECT.ARCHIVE", object{"project_id": id}, nil, false))
}

// checkProject compares a proposed project with the stored one.
func (st *state) checkProject(r apiRequest) (int, any, *apiError) {
	old, p, err := bodyFor(r, st.projects, "Project")
	if err != nil {
		return 0, nil, err
	}
	level := "EQUAL"
	oldSpec, _ := old["task_spec"].(map[string]any)
	newSpec, _ := p["task_spec"].(map[string]any)
	switch {
	case !jsonSame(oldSpec["input_spec"], newSpec["input_spec"]) || !jsonSame(oldSpec["output_spec"], newSpec["output_spec"]):
		level = "BREAKING_CHANGE"
	default:
		for k, v := range p {
			if !readOnly[k] && !jsonSame(old[k], v) {
				level = "NON_BREAKING_CHANGE"
			}
		}
	}
	return 200, object{"differenceLevel": level}, nil
}

func jsonSame(a, b any) bool {
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	var x, y any
	_ = json.Unmarshal(ja, &x)
	_ = json.Unmarshal(jb, &y)
	return reflect.DeepEqual(x, y)
}
