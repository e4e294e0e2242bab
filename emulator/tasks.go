package emulator

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"
	"strings"
)

// itemKind is one of the idempotent batch creates.
type itemKind struct {
	name, coll, opType, logOK, logBad, outID string
	tasks                                    bool // tasks and suites take allow_defaults and open_pool
}

var (
	kindTask  = itemKind{name: "Task", coll: "tasks", opType: "TASK.BATCH_CREATE", logOK: "TASK_CREATE", logBad: "TASK_VALIDATE", outID: "task_id", tasks: true}
	kindSuite = itemKind{name: "Task suite", coll: "suites", opType: "TASK_SUITE.BATCH_CREATE", logOK: "TASK_SUITE_CREATE", logBad: "TASK_SUITE_VALIDATE", outID: "task_suite_id", tasks: true}
	kindBonus = itemKind{name: "User bonus", coll: "bonuses", opType: "USER_BONUS.BATCH_CREATE", logOK: "USER_BONUS_PERSIST", logBad: "USER_BONUS_VALIDATE", outID: "user_bonus_id"}
)

// createItems is POST /tasks, /task-suites and /user-bonuses: one object or a
// list, synchronously or through an operation, once per operation_id.
func (st *state) createItems(k itemKind) handlerFunc {
	return func(r apiRequest) (int, any, *apiError) {
		q := r.query
		opID := q.Get("operation_id")
		if opID != "" {
			if _, exists := st.operations.get(opID); exists {
				return 0, nil, conflict("OPERATION_ALREADY_EXISTS", "Operation "+opID+" already exists")
			}
		}
		var body any
		if e := decodeBody(r, &body); e != nil {
			return 0, nil, e
		}
		var items []object
		single := false
		switch b := body.(type) {
		case map[string]any:
			items, single = []object{b}, true
		case []any:
			for i, x := range b {
				o, ok := x.(map[string]any)
				if !ok {
					return 0, nil, fieldErrorsOne(strconv.Itoa(i), "OBJECT_EXPECTED", "Value must be an object")
				}
				items = append(items, o)
			}
		default:
			return 0, nil, fieldErrorsOne("", "ARRAY_EXPECTED", "Body must be an object or an array")
		}
		async := q.Get("async_mode") != "false"
		skip := queryBool(q, "skip_invalid_items")
		// Validate everything first, so an invalid batch without skip_invalid_items changes nothing.
		errs := make([]fieldErrors, len(items))
		invalid := 0
		for i, it := range items {
			errs[i] = st.validateItem(k, it, q)
			if len(errs[i]) > 0 {
				invalid++
			}
		}
		if !async && invalid > 0 && (single || !skip) {
			if single {
				return 0, nil, errs[0].err()
			}
			payload := map[string]any{}
			for i, fe := range errs {
				if len(fe) > 0 {
					payload[strconv.Itoa(i)] = fe
				}
			}
			return 0, nil, &apiError{Status: 400, Code: "VALIDATION_ERROR", Message: "Validation failed", Payload: payload}
		}
		create := async && (skip || invalid == 0) || !async
		created := map[string]object{}
		var log []object
		for i, it := range items {
			idx := strconv.Itoa(i)
			input := clone(it)
			if len(errs[i]) > 0 {
				log = append(log, object{"type": k.logBad, "success": false, "input": input, "output": errs[i]})
				continue
			}
			if !create {
				continue
			}
			obj := st.storeItem(k, it, q)
			created[idx] = obj
			log = append(log, object{"type": k.logOK, "success": true, "input": input, "output": object{k.outID: obj["id"]}})
		}
		if k.tasks && len(created) > 0 {
			for _, pid := range poolsOf(created) {
				if queryBool(q, "open_pool") {
					st.openAlong(pid)
				} else if st.open[pid] {
					st.wake() // new work in an open pool
				}
			}
		}
		if opID == "" {
			opID = st.uuid()
		}
		params := object{"skip_invalid_items": skip}
		if k.tasks {
			params["allow_defaults"] = queryBool(q, "allow_defaults")
			params["open_pool"] = queryBool(q, "open_pool")
		}
		details := object{"items_count": len(items)}
		if k == kindBonus {
			details = object{"total_count": len(items), "valid_count": len(items) - invalid, "not_valid_count": invalid,
				"success_count": len(created), "failed_count": len(items) - len(created)}
		}
		op := st.newOperation(opID, k.opType, params, details, len(created) == 0 && invalid > 0)
		st.opLogs[opID] = log
		if async {
			return accepted(op)
		}
		if single {
			for _, o := range created {
				return 201, o, nil
			}
		}
		res := object{"items": created}
		if invalid > 0 {
			ve := map[string]any{}
			for i, fe := range errs {
				if len(fe) > 0 {
					ve[strconv.Itoa(i)] = fe
				}
			}
			res["validation_errors"] = ve
		}
		return 201, res, nil
	}
}

func queryBool(q url.Values, name string) bool { return strings.EqualFold(q.Get(name), "true") }

func poolsOf(created map[string]object) []string {
	seen := map[string]bool{}
	var out []string
	for _, k := range sortedKeys(created) {
		p := str(created[k]["pool_id"])
		if !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	return out
}

// validateItem checks one task, suite or bonus; field paths are from the item's root.
func (st *state) validateItem(k itemKind, it object, q url.Values) fieldErrors {
	fe := fieldErrors{}
	if k == kindBonus {
		bonusForm.check(fe, it, "")
		if v := it["amount"]; v != nil {
			amount, ok := ratOf(v)
			switch {
			case !ok:
				fe.add("amount", "FLOAT_EXPECTED", "Value must be a number")
			case amount.Cmp(mustRat("0.01")) < 0:
				fe.add("amount", "VALUE_LESS_THAN_MIN", "Value must be at least 0.01", json.Number("0.01"))
			case amount.Cmp(st.balance) > 0:
				fe.add("amount", "NOT_ENOUGH_BALANCE", "Not enough money on the balance")
			}
		}
		if a := str(it["assignment_id"]); a != "" {
			if _, ok := st.assignments.get(a); !ok {
				fe.add("assignment_id", "ENTITY_DOES_NOT_EXIST", "Assignment "+a+" does not exist")
			}
		}
		return fe
	}
	f := taskForm
	if k == kindSuite {
		f = suiteForm
	}
	f.check(fe, it, "")
	if len(fe) > 0 {
		return fe
	}
	pid := str(it["pool_id"])
	pool, ok := st.poolOrTraining(pid)
	if !ok {
		fe.add("pool_id", "ENTITY_DOES_NOT_EXIST", fmt.Sprintf("Pool %q does not exist", pid))
		return fe
	}
	if pool["status"] == "ARCHIVED" {
		fe.add("pool_id", "INAPPROPRIATE_STATUS", "Pool "+pid+" is archived")
	}
	project, _ := st.projects.get(str(pool["project_id"]))
	inputSpec := specOf(project, "input_spec")
	// TaskFormV1 does not require input_values as such: what the project's
	// input_spec requires is reported field by field.
	check := func(prefix string, task object) {
		iv, ok := task["input_values"].(map[string]any)
		if !ok && task["input_values"] != nil {
			fe.add(prefix+"input_values", "OBJECT_EXPECTED", "Value must be an object")
			return
		}
		validateValues(fe, prefix+"input_values", inputSpec, iv)
	}
	if k == kindSuite {
		tasks := asList(it["tasks"])
		if len(tasks) == 0 {
			fe.add("tasks", "VALUE_REQUIRED", "A task suite needs at least one task")
		}
		for i, t := range tasks {
			if to, ok := t.(map[string]any); ok {
				check(fmt.Sprintf("tasks.%d.", i), to)
			} else {
				fe.add(fmt.Sprintf("tasks.%d", i), "OBJECT_EXPECTED", "Value must be an object")
			}
		}
	} else {
		check("", it)
	}
	if it["overlap"] == nil && !boolOf(it["infinite_overlap"]) && !queryBool(q, "allow_defaults") {
		fe.add("overlap", "VALUE_REQUIRED", "Value must be present and not equal to null (or use allow_defaults)")
	} else if v, ok := it["overlap"]; ok && v != nil {
		if n, isNum := num(v); !isNum || n < 1 {
			fe.add("overlap", "VALUE_LESS_THAN_MIN", "Value must be at least 1", 1)
		}
	}
	return fe
}

// poolOrTraining finds a pool or a training by id: a task's pool_id names either.
func (st *state) poolOrTraining(id string) (object, bool) {
	if p, ok := st.pools.get(id); ok {
		return p, true
	}
	return st.trainings.get(id)
}

// storeItem creates the object from a valid input, leaving out __item_idx.
func (st *state) storeItem(k itemKind, it object, q url.Values) object {
	o := clone(it)
	delete(o, "__item_idx")
	stripReadOnly(o)
	switch k {
	case kindBonus:
		o["id"] = st.numericID("bonus")
		o["created"] = st.now()
		bonusForm.fill(o)
		amount, _ := ratOf(it["amount"])
		st.balance.Sub(st.balance, amount)
		if a, ok := st.assignments.get(str(o["assignment_id"])); ok {
			a["bonus_ids"] = append(asList(a["bonus_ids"]), o["id"])
		}
		st.bonuses.add(o)
		return o
	}
	o["id"] = st.orderedID()
	o["created"] = st.now()
	if o["overlap"] == nil && !boolOf(o["infinite_overlap"]) {
		def := 1
		if pool, ok := st.poolOrTraining(str(o["pool_id"])); ok {
			d, _ := pool["defaults"].(map[string]any)
			key := "default_overlap_for_new_tasks"
			if k == kindSuite {
				key = "default_overlap_for_new_task_suites"
			}
			def = intOf(d[key], intOf(d["default_overlap_for_new_task_suites"], 1))
		}
		o["overlap"] = def
	}
	if k == kindSuite {
		suiteForm.fill(o)
	} else {
		taskForm.fill(o)
	}
	setRemaining(o, 0)
	if k == kindSuite {
		for _, t := range asList(o["tasks"]) {
			if to, ok := t.(map[string]any); ok {
				to["id"] = st.orderedID()
			}
		}
		st.suites.add(o)
	} else {
		st.tasks.add(o)
		if pt := st.mixes[str(o["pool_id"])]; pt != nil {
			pt.add(o)
		}
	}
	return o
}

// setRemaining sets a task's or suite's remaining overlap from its overlap and
// the assignments already issued; an infinite overlap has none to count down.
func setRemaining(o object, issued int) {
	if boolOf(o["infinite_overlap"]) {
		o["overlap"] = nil
		delete(o, "remaining_overlap")
		return
	}
	o["remaining_overlap"] = max(0, intOf(o["overlap"], 1)-issued)
}

// patchOverlap is PATCH of a task or suite, and set-overlap-or-min.
func (st *state) patchOverlap(c *collection, what string, orMin bool) handlerFunc {
	return func(r apiRequest) (int, any, *apiError) {
		o, p, err := bodyFor(r, c, what)
		if err != nil {
			return 0, nil, err
		}
		issued := st.issued(o, c == st.suites)
		if boolOf(p["infinite_overlap"]) {
			o["infinite_overlap"] = true
			setRemaining(o, issued)
		} else if v, ok := p["overlap"]; ok && v != nil {
			n := intOf(v, 1)
			if n < issued {
				if !orMin {
					return 0, nil, conflict("INAPPROPRIATE_STATUS", fmt.Sprintf("overlap %d is below the %d assignments already issued", n, issued))
				}
				n = issued
			}
			o["overlap"] = n
			o["infinite_overlap"] = false
			setRemaining(o, issued)
		}
		for _, f := range []string{"baseline_solutions", "known_solutions", "message_on_unknown_solution", "issuing_order_override"} {
			if v, ok := p[f]; ok {
				o[f] = v
			}
		}
		st.resetCursor(str(o["pool_id"]))
		if queryBool(r.query, "open_pool") {
			st.openAlong(str(o["pool_id"]))
		}
		st.wake()
		return 200, o, nil
	}
}

// issued counts the assignments a task or suite has been given out in: its
// overlap less what remains, or, for an infinite overlap, by looking.
func (st *state) issued(o object, suite bool) int {
	if !boolOf(o["infinite_overlap"]) {
		overlap := intOf(o["overlap"], 1)
		return overlap - intOf(o["remaining_overlap"], overlap)
	}
	id, n := str(o["id"]), 0
	for _, aid := range st.assignments.index["pool_id"][str(o["pool_id"])] {
		a, _ := st.assignments.get(aid)
		if a == nil {
			continue
		}
		if suite && str(a["task_suite_id"]) == id {
			n++
			continue
		}
		for _, t := range asList(a["tasks"]) {
			if tm, ok := t.(map[string]any); ok && !suite && str(tm["id"]) == id {
				n++
			}
		}
	}
	return n
}
