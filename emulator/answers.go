package emulator

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"
)

// What a simulated Toloker may do and what they answer: restrictions, the
// pool's filter, and output values that fit the project's output_spec.

func (st *state) restricted(w *worker, p object) bool {
	banned := false
	st.restrictions.each(func(r object) bool {
		if str(r["user_id"]) != w.ID {
			return true
		}
		switch str(r["scope"]) {
		case "ALL_PROJECTS", "SYSTEM":
			banned = true
		case "PROJECT":
			banned = str(r["project_id"]) == str(p["project_id"])
		case "POOL":
			banned = str(r["pool_id"]) == str(p["id"])
		}
		if banned {
			if exp, ok := parseTime(str(r["will_expire"])); ok && exp < st.now() {
				banned = false
			}
		}
		return !banned
	})
	return banned
}

// passesFilter checks the pool's skill conditions a simulated Toloker can be judged on.
func (st *state) passesFilter(w *worker, p object) bool {
	f, ok := p["filter"]
	if !ok || f == nil {
		return true
	}
	return st.evalFilter(w, f)
}

func (st *state) evalFilter(w *worker, node any) bool {
	m, ok := node.(map[string]any)
	if !ok {
		return true
	}
	if and, ok := m["and"].([]any); ok {
		for _, c := range and {
			if !st.evalFilter(w, c) {
				return false
			}
		}
		return true
	}
	if or, ok := m["or"].([]any); ok {
		for _, c := range or {
			if st.evalFilter(w, c) {
				return true
			}
		}
		return len(or) == 0
	}
	if str(m["category"]) != "skill" {
		return true // profile and computed conditions: every simulated Toloker qualifies
	}
	value, has := st.skillValue(w.ID, str(m["key"]))
	want, wantNum := num(m["value"])
	if m["value"] == nil {
		return map[string]bool{"EQ": !has, "NE": has}[str(m["operator"])]
	}
	if !has || !wantNum {
		return false
	}
	switch str(m["operator"]) {
	case "EQ":
		return value == want
	case "NE":
		return value != want
	case "GT":
		return value > want
	case "GTE":
		return value >= want
	case "LT":
		return value < want
	case "LTE":
		return value <= want
	}
	return true
}

func (st *state) skillValue(user, skill string) (float64, bool) {
	var v float64
	found := false
	st.userSk.each(func(o object) bool {
		if str(o["user_id"]) == user && str(o["skill_id"]) == skill {
			v, found = num(o["exact_value"])
			return false
		}
		return true
	})
	return v, found
}

// answer makes output values valid for the project's output_spec; golden tasks
// are answered right with the worker's accuracy.
func (st *state) answer(w *worker, project object, task object, assignmentID, poolID string) object {
	out := object{}
	var golden map[string]any
	if ks := asList(task["known_solutions"]); len(ks) > 0 {
		if k, ok := ks[0].(map[string]any); ok {
			golden, _ = k["output_values"].(map[string]any)
		}
	}
	right := st.rng.Float64() < w.Accuracy
	for _, name := range sortedKeys(specOf(project, "output_spec")) {
		fs, _ := specOf(project, "output_spec")[name].(map[string]any)
		if gv, ok := golden[name]; ok && right {
			out[name] = gv
			continue
		}
		out[name] = st.randomValue(st.rng, w, fs, name, assignmentID, poolID)
	}
	return out
}

func (st *state) randomValue(rng *rand.Rand, w *worker, fs map[string]any, name, assignmentID, poolID string) any {
	typ := str(fs["type"])
	if strings.HasPrefix(typ, "array_") {
		inner := object{}
		for k, v := range fs {
			inner[k] = v
		}
		inner["type"] = strings.TrimPrefix(typ, "array_")
		return []any{st.randomValue(rng, w, inner, name, assignmentID, poolID)}
	}
	switch typ {
	case "string":
		if allowed := asList(fs["allowed_values"]); len(allowed) > 0 {
			return allowed[rng.IntN(len(allowed))]
		}
		words := []string{"good", "bad", "cat", "dog", "yes", "no", "blue", "red"}
		return words[rng.IntN(len(words))]
	case "integer":
		lo, hi := intOf(fs["min_value"], 0), intOf(fs["max_value"], 10)
		if allowed := asList(fs["allowed_values"]); len(allowed) > 0 {
			return allowed[rng.IntN(len(allowed))]
		}
		return lo + rng.IntN(max(1, hi-lo+1))
	case "float":
		lo, _ := num(fs["min_value"])
		hi, ok := num(fs["max_value"])
		if !ok {
			hi = lo + 1
		}
		return json.Number(fmt.Sprintf("%.3f", lo+(hi-lo)*rng.Float64()))
	case "boolean":
		return rng.IntN(2) == 0
	case "url":
		return fmt.Sprintf("https://example.com/%s/%d", w.ID[:8], rng.IntN(1000))
	case "coordinates":
		return fmt.Sprintf("%.5f,%.5f", 55+rng.Float64(), 37+rng.Float64())
	case "file":
		return st.uploadAttachment(w, name, assignmentID, poolID)
	case "json":
		return object{"worker": w.ID[:8]}
	}
	return nil
}

// uploadAttachment stores a small file a Toloker "uploaded" and returns its id.
func (st *state) uploadAttachment(w *worker, field, assignmentID, poolID string) string {
	id := st.orderedID()
	content := []byte(fmt.Sprintf("file %s from Toloker %s for %s\n", field, w.ID, assignmentID))
	st.files[id] = content
	st.attachments.add(object{"id": id, "attachment_type": "ASSIGNMENT_ATTACHMENT", "name": field + "-" + id[:10] + ".txt",
		"media_type": "text/plain", "created": st.now(), "owner": st.owner(),
		"details": object{"user_id": w.ID, "assignment_id": assignmentID, "pool_id": poolID}})
	return id
}
