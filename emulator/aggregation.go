package emulator

import (
	"encoding/json"
	"fmt"
	"sort"
	"time"
)

// Aggregation: majority vote over the submitted and accepted answers of each
// task, each Toloker's vote weighted by their value of answer_weight_skill_id
// (1 when they have none), confidence = the winner's share of the weight.

func (st *state) aggregateTask(poolID, taskID, skillID string, fields []string) (object, bool) {
	weights := map[string]float64{}
	var total float64
	seen := false
	for _, aid := range st.assignments.index["pool_id"][poolID] {
		a, _ := st.assignments.get(aid)
		if a == nil || (a["status"] != "SUBMITTED" && a["status"] != "ACCEPTED") {
			continue
		}
		for i, t := range asList(a["tasks"]) {
			tm, _ := t.(map[string]any)
			if str(tm["id"]) != taskID {
				continue
			}
			sol, _ := item(a["solutions"], i).(map[string]any) // an ACTIVE assignment has none yet
			out, _ := sol["output_values"].(map[string]any)
			picked := object{}
			for _, f := range fields {
				picked[f] = out[f]
			}
			key, _ := json.Marshal(picked)
			w := 1.0
			if skillID != "" {
				if v, ok := st.skillValue(str(a["user_id"]), skillID); ok {
					w = v
				}
			}
			weights[string(key)] += w
			total += w
			seen = true
		}
	}
	if !seen {
		return nil, false
	}
	keys := sortedKeys(weights)
	sort.SliceStable(keys, func(i, j int) bool { return weights[keys[i]] > weights[keys[j]] })
	var values object
	d := json.NewDecoder(bytesReader(keys[0]))
	d.UseNumber()
	_ = d.Decode(&values)
	conf := 1.0
	if total > 0 {
		conf = weights[keys[0]] / total
	}
	return object{"pool_id": poolID, "task_id": taskID, "confidence": json.Number(fmt.Sprintf("%.6g", conf)), "output_values": values}, true
}

// aggregationFields reads an aggregation request, checks it against its form
// and returns it with the output fields it names.
func aggregationFields(r apiRequest, f *form) (object, []string, *apiError) {
	b, err := bodyObject(r)
	if err != nil {
		return nil, nil, err
	}
	fe := fieldErrors{}
	f.check(fe, b, "")
	if str(b["type"]) == "WEIGHTED_DYNAMIC_OVERLAP" && b["answer_weight_skill_id"] == nil {
		fe.add("answer_weight_skill_id", "VALUE_REQUIRED", "WEIGHTED_DYNAMIC_OVERLAP weighs answers by a skill: name it")
	}
	var fields []string
	for _, f := range asList(b["fields"]) {
		if m, ok := f.(map[string]any); ok && str(m["name"]) != "" {
			fields = append(fields, str(m["name"]))
		}
	}
	if len(fields) == 0 && b["fields"] != nil {
		fe.add("fields", "VALUE_REQUIRED", "Name at least one output field")
	}
	return b, fields, fe.err()
}

func (st *state) aggregateByPool(r apiRequest) (int, any, *apiError) {
	b, fields, err := aggregationFields(r, aggregationForm)
	if err != nil {
		return 0, nil, err
	}
	poolID := str(b["pool_id"])
	if _, ok := st.pools.get(poolID); !ok {
		return 0, nil, fieldErrorsOne("pool_id", "ENTITY_DOES_NOT_EXIST", "Pool "+poolID+" does not exist")
	}
	var results []object
	for _, tid := range st.tasks.index["pool_id"][poolID] {
		if res, ok := st.aggregateTask(poolID, tid, str(b["answer_weight_skill_id"]), fields); ok {
			results = append(results, res)
		}
	}
	op := st.newOperation("", "SOLUTION.AGGREGATE", object{"pool_id": poolID}, nil, false)
	st.aggregations[str(op["id"])] = results
	return accepted(op)
}

func (st *state) aggregateByTask(r apiRequest) (int, any, *apiError) {
	b, fields, err := aggregationFields(r, taskAggregationForm)
	if err != nil {
		return 0, nil, err
	}
	taskID := str(b["task_id"])
	poolID := str(b["pool_id"])
	if t, ok := st.tasks.get(taskID); ok {
		poolID = str(t["pool_id"])
	} else if _, ok := st.pools.get(poolID); !ok {
		// Tasks inside task suites are not stored on their own: the pool must be named.
		return 0, nil, fieldErrorsOne("task_id", "ENTITY_DOES_NOT_EXIST", "Task "+taskID+" does not exist")
	}
	res, ok := st.aggregateTask(poolID, taskID, str(b["answer_weight_skill_id"]), fields)
	if !ok {
		return 0, nil, conflict("ASSIGNMENTS_AGGREGATION_DENIED", "Task "+taskID+" has no answers to aggregate")
	}
	return 200, res, nil
}

func (st *state) findAggregated(r apiRequest) (int, any, *apiError) {
	id := r.id
	results, ok := st.aggregations[id]
	if !ok {
		return 0, nil, notFound("Aggregation operation", id)
	}
	c := newCollection()
	for _, res := range results {
		c.addAs(str(res["task_id"]), res)
	}
	sp := aggregatedSearch
	sp.field = map[string]string{"id": "task_id"}
	q := r.query
	if q.Get("sort") == "task_id" {
		q.Del("sort") // results are kept in task id order already
	}
	if v := q.Get("task_id_gt"); v != "" {
		q.Set("id_gt", v) // task ids are ordered like the collection, so the fast path applies
	}
	items, more, err := sp.find(q, c, c.all())
	if err != nil {
		return 0, nil, err
	}
	return 200, page(sp, items, more), nil
}

// submitTime is how long an assignment took from being issued to being submitted.
func submitTime(a object) (time.Duration, bool) {
	created, err1 := time.Parse(timeLayout, str(a["created"]))
	submitted, err2 := time.Parse(timeLayout, str(a["submitted"]))
	if err1 != nil || err2 != nil {
		return 0, false
	}
	return submitted.Sub(created), true
}

// analytics computes the metrics of ENDPOINTS.md §4.7 from the state.
func (st *state) analytics(r apiRequest) (int, any, *apiError) {
	var reqs []any
	if e := decodeBody(r, &reqs); e != nil {
		return 0, nil, e
	}
	if len(reqs) == 0 || len(reqs) > 10 {
		return 0, nil, fieldErrorsOne("", "ARRAY_SIZE_OUT_OF_BOUNDS", "Ask for 1 to 10 metrics")
	}
	var values []any
	for i, x := range reqs {
		q, _ := x.(map[string]any)
		poolID := str(q["subject_id"])
		if str(q["subject"]) != "POOL" {
			return 0, nil, fieldErrorsOne(fmt.Sprintf("%d.subject", i), "UNKNOWN_ENUM_VALUE", "subject must be POOL")
		}
		if _, ok := st.pools.get(poolID); !ok {
			return 0, nil, fieldErrorsOne(fmt.Sprintf("%d.subject_id", i), "ENTITY_DOES_NOT_EXIST", "Pool "+poolID+" does not exist")
		}
		res, e := st.metric(poolID, str(q["name"]))
		if e != nil {
			return 0, nil, fieldErrorsOne(fmt.Sprintf("%d.name", i), "UNKNOWN_ENUM_VALUE", e.Error())
		}
		values = append(values, object{"request": q, "result": res, "finished": st.now()})
	}
	op := st.newOperation("", "ANALYTICS", object{"value": reqs}, object{"value": values}, false)
	return accepted(op)
}

func (st *state) metric(poolID, name string) (any, error) {
	count := map[string]int{}
	workers, submitters := map[string]bool{}, map[string]bool{}
	spent := mustRat("0")
	var millis, n float64
	for _, aid := range st.assignments.index["pool_id"][poolID] {
		a, _ := st.assignments.get(aid)
		count[str(a["status"])]++
		workers[str(a["user_id"])] = true
		if a["status"] != "ACTIVE" {
			submitters[str(a["user_id"])] = true
		}
		if a["status"] == "ACCEPTED" {
			if r, ok := ratOf(a["reward"]); ok {
				spent.Add(spent, r)
			}
		}
		if d, ok := submitTime(a); ok {
			n++
			millis += float64(d.Milliseconds())
		}
	}
	tasks, left, total := 0, 0, 0
	for _, tid := range st.tasks.index["pool_id"][poolID] {
		t, _ := st.tasks.get(tid)
		if t == nil || boolOf(t["infinite_overlap"]) {
			continue // golden and training tasks: no overlap to complete
		}
		if len(asList(t["known_solutions"])) == 0 {
			tasks++
		}
		left += max(0, intOf(t["remaining_overlap"], 0))
		total += intOf(t["overlap"], 1)
	}
	switch name {
	case "real_tasks_count": // general tasks: no control or training ones
		return tasks, nil
	case "submitted_assignments_count": // and reviewed since
		return count["SUBMITTED"] + count["ACCEPTED"] + count["REJECTED"], nil
	case "skipped_assignments_count":
		return count["SKIPPED"], nil
	case "rejected_assignments_count":
		return count["REJECTED"], nil
	case "approved_assignments_count":
		return count["ACCEPTED"], nil
	case "completion_percentage":
		pct := 100
		if total > 0 {
			pct = 100 * (total - left) / total
		}
		return object{"type": "NORMAL", "value": pct, "infinite": false, "approximate": false}, nil
	case "avg_submit_assignment_millis":
		if n == 0 {
			return 0, nil
		}
		return int(millis / n), nil
	case "spent_budget":
		return money(spent), nil
	case "unique_workers_count", "active_workers_by_filter_count":
		return len(workers), nil
	case "unique_submitters_count":
		return len(submitters), nil
	case "estimated_assignments_count":
		return left, nil
	}
	return nil, fmt.Errorf("unknown metric %q", name)
}
