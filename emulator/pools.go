package emulator

import (
	"strings"
)

// Pools and trainings share their life cycle: CLOSED → OPEN → CLOSED → ARCHIVED.

func (st *state) poolColl(training bool) (*collection, string, string) {
	if training {
		return st.trainings, "Training", "TRAINING"
	}
	return st.pools, "Pool", "POOL"
}

func (st *state) poolForm(training bool) *form {
	if training {
		return trainingForm
	}
	return poolForm
}

func (st *state) createPool(training bool) handlerFunc {
	return func(r apiRequest) (int, any, *apiError) {
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
		st.poolForm(training).fill(p)
		if !training {
			p["type"] = "REGULAR"
		} else {
			st.trainingSkill(str(p["project_id"])) // made with the project's first training
		}
		c.add(p)
		return 201, p, nil
	}
}

// validatePool checks a pool or training body against its form and the rules
// the form cannot say: the project exists and is not archived, the reward is
// at least the minimum, will_expire is a date.
func (st *state) validatePool(p object, training bool) *apiError {
	fe := fieldErrors{}
	st.poolForm(training).check(fe, p, "")
	checkQualityControl(fe, p["quality_control"])
	if pid := str(p["project_id"]); pid != "" {
		if proj, ok := st.projects.get(pid); !ok {
			fe.add("project_id", "ENTITY_DOES_NOT_EXIST", "Project "+pid+" does not exist")
		} else if proj["status"] == "ARCHIVED" {
			return conflict("PROJECT_INAPPROPRIATE_STATUS", "Project "+pid+" is archived")
		}
	}
	if !training {
		if v := p["reward_per_assignment"]; v != nil {
			if r, ok := ratOf(v); !ok {
				fe.add("reward_per_assignment", "FLOAT_EXPECTED", "Value must be a number")
			} else if r.Cmp(mustRat("0.005")) < 0 {
				fe.add("reward_per_assignment", "VALUE_LESS_THAN_MIN", "Value must be at least 0.005", 0.005)
			}
		}
		if v := p["will_expire"]; v != nil {
			if _, ok := parseTime(str(v)); !ok {
				fe.add("will_expire", "INVALID_DATE_TIME_SYNTAX", "Value must be a date-time")
			}
		}
	}
	return fe.err()
}

func (st *state) updatePool(training bool) handlerFunc {
	return func(r apiRequest) (int, any, *apiError) {
		c, what, _ := st.poolColl(training)
		id := r.id
		old, p, err := bodyFor(r, c, what)
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
		st.poolForm(training).fill(old)
		st.resetCursor(id) // the mixer may have changed
		if old["status"] == "OPEN" {
			st.wake()
		}
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

func (st *state) patchPool(r apiRequest) (int, any, *apiError) {
	pool, p, err := bodyFor(r, st.pools, "Pool")
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
	return func(r apiRequest) (int, any, *apiError) {
		c, what, opPrefix := st.poolColl(training)
		key := strings.ToLower(what) + "_id"
		id := r.id
		p, ok := c.get(id)
		if !ok {
			return 0, nil, notFound(what, id)
		}
		status := str(p["status"])
		params := object{key: id}
		switch change {
		case "open":
			if status == "OPEN" {
				return 204, nil, nil
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
				return 204, nil, nil
			}
			reason := "MANUAL"
			if change == "close-for-update" {
				reason = "FOR_UPDATE"
			}
			st.closePool(p, reason)
			return accepted(st.newOperation("", opPrefix+".CLOSE", params, nil, false))
		case "archive":
			if status == "ARCHIVED" {
				return 204, nil, nil
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

// openAlong opens a closed pool or training as part of another call
// (create_tasks with open_pool, a patch with open_pool), and leaves the
// operation that opening is on the service, so get_operations lists it.
func (st *state) openAlong(id string) {
	if p, ok := st.pools.get(id); ok && p["status"] == "CLOSED" {
		st.openPool(p)
		st.newOperation("", "POOL.OPEN", object{"pool_id": id}, nil, false)
	} else if t, ok := st.trainings.get(id); ok && t["status"] == "CLOSED" {
		st.openPool(t)
		st.newOperation("", "TRAINING.OPEN", object{"training_id": id}, nil, false)
	}
}

// openPool opens a pool or a training. The crowd looks for work in open
// pools, and reaches a training through the pools that require it.
func (st *state) openPool(p object) {
	if _, ok := st.pools.get(str(p["id"])); ok {
		st.open[str(p["id"])] = true
	}
	p["status"] = "OPEN"
	p["last_started"] = st.now()
	delete(p, "last_close_reason")
	st.wake()
}

func (st *state) closePool(p object, reason string) {
	p["status"] = "CLOSED"
	p["last_stopped"] = st.now()
	p["last_close_reason"] = reason
}
