package emulator

import (
	"net/http"
	"strings"
)

// Pools and trainings share their life cycle: CLOSED → OPEN → CLOSED → ARCHIVED.

func (st *state) poolColl(training bool) (*collection, string, string) {
	if training {
		return st.trainings, "Training", "TRAINING"
	}
	return st.pools, "Pool", "POOL"
}

func (st *state) createPool(training bool) handlerFunc {
	return func(r *http.Request) (int, any, *apiError) {
		c, _, _ := st.poolColl(training)
		p, err := bodyObject(r)
		if err != nil {
			return 0, nil, err
		}
		stripReadOnly(p)
		if e := st.validatePool(p, training); e != nil {
			return 0, nil, e
		}
		p["id"] = st.numericID("pool") // one series for pools and trainings: tasks name either by pool_id
		p["status"] = "CLOSED"
		p["created"] = st.now()
		p["owner"] = st.owner()
		st.fillCollectorUUIDs(p)
		if !training {
			p["type"] = "REGULAR"
			if _, ok := p["priority"]; !ok {
				p["priority"] = 0
			}
		}
		c.add(p)
		return http.StatusCreated, p, nil
	}
}

func (st *state) validatePool(p object, training bool) *apiError {
	fe := fieldErrors{}
	pid := str(p["project_id"])
	if pid == "" {
		fe.add("project_id", "VALUE_REQUIRED", "Value must be present and not equal to null")
	} else if proj, ok := st.projects.get(pid); !ok {
		fe.add("project_id", "ENTITY_DOES_NOT_EXIST", "Project "+pid+" does not exist")
	} else if proj["status"] == "ARCHIVED" {
		return conflict("PROJECT_INAPPROPRIATE_STATUS", "Project "+pid+" is archived")
	}
	if str(p["private_name"]) == "" {
		fe.add("private_name", "VALUE_REQUIRED", "Value must be present and not equal to null")
	}
	if !training {
		if r, ok := ratOf(p["reward_per_assignment"]); !ok {
			fe.add("reward_per_assignment", "VALUE_REQUIRED", "Value must be present and not equal to null")
		} else if r.Cmp(mustRat("0.005")) < 0 {
			fe.add("reward_per_assignment", "VALUE_LESS_THAN_MIN", "Value must be at least 0.005", 0.005)
		}
		if p["will_expire"] == nil {
			fe.add("will_expire", "VALUE_REQUIRED", "Value must be present and not equal to null")
		} else if _, ok := parseTime(str(p["will_expire"])); !ok {
			fe.add("will_expire", "INVALID_DATE_TIME_SYNTAX", "Value must be a date-time")
		}
	}
	if p["assignment_max_duration_seconds"] == nil {
		fe.add("assignment_max_duration_seconds", "VALUE_REQUIRED", "Value must be present and not equal to null")
	}
	if _, ok := p["may_contain_adult_content"].(bool); !ok {
		fe.add("may_contain_adult_content", "VALUE_REQUIRED", "Value must be present and not equal to null")
	}
	return fe.err()
}

func (st *state) updatePool(training bool) handlerFunc {
	return func(r *http.Request) (int, any, *apiError) {
		c, what, _ := st.poolColl(training)
		id := r.PathValue("id")
		old, ok := c.get(id)
		if !ok {
			return 0, nil, notFound(what, id)
		}
		p, err := bodyObject(r)
		if err != nil {
			return 0, nil, err
		}
		stripReadOnly(p)
		if e := st.validatePool(p, training); e != nil {
			return 0, nil, e
		}
		if old["status"] == "ARCHIVED" {
			return 0, nil, conflict("POOL_INAPPROPRIATE_STATUS", what+" "+id+" is archived")
		}
		replaceFields(old, p, "priority")
		st.fillCollectorUUIDs(old)
		return 200, old, nil
	}
}

// fillCollectorUUIDs gives every quality-control collector without a uuid a new
// one, as the server does; clones keep theirs and so share the collector.
func (st *state) fillCollectorUUIDs(p object) {
	qc, _ := p["quality_control"].(map[string]any)
	for _, c := range asList(qc["configs"]) {
		cfg, _ := c.(map[string]any)
		if cc, ok := cfg["collector_config"].(map[string]any); ok && str(cc["uuid"]) == "" {
			cc["uuid"] = st.uuid()
		}
	}
}

func (st *state) patchPool(r *http.Request) (int, any, *apiError) {
	id := r.PathValue("id")
	pool, ok := st.pools.get(id)
	if !ok {
		return 0, nil, notFound("Pool", id)
	}
	p, err := bodyObject(r)
	if err != nil {
		return 0, nil, err
	}
	if v, ok := p["priority"]; ok {
		if _, isNum := num(v); !isNum {
			return 0, nil, fieldErrorsOne("priority", "INTEGER_EXPECTED", "Value must be an integer")
		}
		pool["priority"] = v
	}
	return 200, pool, nil
}

func fieldErrorsOne(path, code, msg string) *apiError {
	fe := fieldErrors{}
	fe.add(path, code, msg)
	return fe.err()
}

// poolStateChange opens, closes, archives or clones a pool or training through an operation.
func (st *state) poolStateChange(training bool, change string) handlerFunc {
	return func(r *http.Request) (int, any, *apiError) {
		c, what, opPrefix := st.poolColl(training)
		key := strings.ToLower(what) + "_id"
		id := r.PathValue("id")
		p, ok := c.get(id)
		if !ok {
			return 0, nil, notFound(what, id)
		}
		status := str(p["status"])
		params := object{key: id}
		switch change {
		case "open":
			if status == "OPEN" {
				return http.StatusNoContent, nil, nil
			}
			if status == "ARCHIVED" {
				return 0, nil, conflict("POOL_INAPPROPRIATE_STATUS", what+" "+id+" is archived")
			}
			if !training && len(st.tasks.index["pool_id"][id]) == 0 && len(st.suites.index["pool_id"][id]) == 0 {
				return 0, nil, conflict("EMPTY_POOL", "Pool "+id+" has no tasks")
			}
			st.openPool(p)
			return accepted(st.newOperation("", opPrefix+".OPEN", params, nil, false))
		case "close", "close-for-update":
			if status == "CLOSED" || status == "ARCHIVED" {
				return http.StatusNoContent, nil, nil
			}
			reason := "MANUAL"
			if change == "close-for-update" {
				reason = "FOR_UPDATE"
			}
			st.closePool(p, reason)
			return accepted(st.newOperation("", opPrefix+".CLOSE", params, nil, false))
		case "archive":
			if status == "ARCHIVED" {
				return http.StatusNoContent, nil, nil
			}
			if status != "CLOSED" {
				return 0, nil, conflict("POOL_INAPPROPRIATE_STATUS", what+" "+id+" must be closed to be archived, it is "+status)
			}
			p["status"] = "ARCHIVED"
			return accepted(st.newOperation("", opPrefix+".ARCHIVE", params, nil, false))
		case "clone":
			cp := clone(p)
			for k := range readOnly {
				delete(cp, k)
			}
			cp["id"] = st.numericID(strings.ToLower(what))
			cp["status"] = "CLOSED"
			cp["created"] = st.now()
			cp["owner"] = st.owner()
			if !training {
				cp["type"] = "REGULAR"
			}
			c.add(cp)
			return accepted(st.newOperation("", opPrefix+".CLONE", params, object{key: cp["id"]}, false))
		}
		return 0, nil, &apiError{Status: 404, Code: "DOES_NOT_EXIST", Message: "no such action"}
	}
}

func (st *state) openPool(p object) {
	p["status"] = "OPEN"
	p["last_started"] = st.now()
	delete(p, "last_close_reason")
}

func (st *state) closePool(p object, reason string) {
	p["status"] = "CLOSED"
	p["last_stopped"] = st.now()
	p["last_close_reason"] = reason
}
