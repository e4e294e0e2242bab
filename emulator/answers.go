package emulator

import (
	"encoding/json"
	"fmt"
	"hash/fnv"
	"math"
	"slices"
	"strings"
)

// The answer model. A simulated Toloker's answer fits the project's output
// spec and view (answerModel). Every task has a hidden true answer: its known
// solution where it has one, else a choice drawn from the seed and the task's
// input, so the same input has the same truth wherever it appears. An honest
// Toloker gives the true answer with the chance of their hidden accuracy and
// another option otherwise, so a majority of good Tolokers recovers the truth;
// cheaters click at random or give the same answer every time. Every draw is
// named by the Toloker, the field and the input, never by the order of events.

// answerTask answers one task for w. credit is the share of a right answer
// on a task with known solutions (-1 for a task without).
func (st *state) answerTask(w *worker, m *answerModel, task object, assignmentID, poolID string) (out object, credit float64) {
	key := inputKey(task)
	out = object{}
	for _, f := range m.fields {
		out[f.name] = st.answerField(w, f, task, key, assignmentID, poolID)
	}
	return out, creditFor(out, task)
}

func (st *state) answerField(w *worker, f *answerField, task object, key, assignmentID, poolID string) any {
	r := st.draw("answer", w.ID, f.name, key)
	right := w.honest() && r.Float64() < w.Accuracy
	if w.Habit == habitConstant {
		r = st.draw("constant", w.ID, f.name) // the same draws for every task
	}
	truth, hasTruth := st.truthOf(f, task, key)
	var v any
	switch opts := f.choices(task); {
	case len(opts) > 0 && f.multi:
		set := asList(truth)
		if !right || !hasTruth {
			set = nil
			for _, o := range opts {
				if r.IntN(3) == 0 {
					set = append(set, o)
				}
			}
		}
		return orEmpty(set)
	case len(opts) > 0:
		switch {
		case right && hasTruth:
			v = truth
		case w.honest() && hasTruth && len(opts) > 1: // a mistake: one of the other options
			others := make([]any, 0, len(opts))
			for _, o := range opts {
				if !sameValue(o, truth) {
					others = append(others, o)
				}
			}
			if len(others) == 0 {
				others = opts
			}
			v = others[r.IntN(len(others))]
		default:
			v = opts[r.IntN(len(opts))]
		}
	case f.boolean || f.typ == "boolean":
		b, _ := truth.(bool)
		switch {
		case right:
			v = b
		case w.honest():
			v = !b
		default:
			v = r.IntN(2) == 0
		}
	case f.file || f.typ == "file":
		v = st.uploadAttachment(w, f.name, assignmentID, poolID)
		st.produced(str(v), right)
	case f.typ == "integer" || f.typ == "float":
		if right && hasTruth {
			v = truth
		} else {
			v = randomNumber(f, r.Float64())
		}
	case f.typ == "url" && f.pattern == nil:
		v = fmt.Sprintf("https://example.com/%s/%d", w.ID[:8], r.IntN(100000))
		st.produced(str(v), right)
	case f.typ == "string" || f.typ == "url" || f.text:
		tag := ""
		if w.Habit != habitConstant {
			tag = shortHash(w.ID + key)
		}
		v = typedText(f, r, tag)
		st.produced(str(v), right)
	case f.typ == "coordinates":
		v = fmt.Sprintf("%.5f,%.5f", 55+r.Float64(), 37+r.Float64())
	case f.typ == "json":
		v = object{"answer": words[r.IntN(len(words))]}
	}
	if f.array && !f.multi {
		return []any{v}
	}
	return v
}

// truthOf is the hidden true answer of a task in field f, where it has one:
// the known solution, the verdict the crowd's own earlier answer deserves
// where the task asks to judge one (see judged), or a draw.
func (st *state) truthOf(f *answerField, task object, key string) (any, bool) {
	if v, ok := knownValue(task, f.name); ok {
		return v, true
	}
	r := st.draw("truth", f.name, key)
	switch opts := f.choices(task); {
	case len(opts) > 0 && f.multi:
		var set []any
		for _, o := range opts {
			if r.IntN(3) == 0 {
				set = append(set, o)
			}
		}
		return orEmpty(set), true
	case len(opts) > 0:
		if v, ok := st.judged(opts, task); ok {
			return v, true
		}
		return opts[r.IntN(len(opts))], true
	case f.boolean || f.typ == "boolean":
		return r.IntN(2) == 0, true
	case f.typ == "integer" || f.typ == "float":
		return randomNumber(f, r.Float64()), true
	}
	return nil, false
}

// choices are the field's options for a task, with the view's references
// to input values read from the task (a side-by-side task offers its two).
func (f *answerField) choices(task object) []any {
	if len(f.options) == 0 {
		return nil
	}
	iv, _ := task["input_values"].(map[string]any)
	out := make([]any, 0, len(f.options))
	for _, o := range f.options {
		if ref, ok := o.(map[string]any); ok && str(ref["type"]) == "data.input" {
			if v := pathValue(iv, str(ref["path"])); v != nil {
				out = append(out, v)
			}
			continue
		}
		out = append(out, o)
	}
	return out
}

// pathValue reads a dotted path (input_values.url) in m; nil where it leads nowhere.
func pathValue(m map[string]any, path string) any {
	var v any = m
	for {
		// strings.Cut, not Split: a search's filters call this for every
		// object a page walks past, and it must not allocate.
		part, rest, dotted := strings.Cut(path, ".")
		mm, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = mm[part]
		if !dotted {
			return v
		}
		path = rest
	}
}

// Verdicts on the crowd's own answers: a task that shows an answer a Toloker
// typed, uploaded or linked (a verification task) and asks a yes-or-no
// question about it has, as its truth, whether that answer was right.
var (
	positiveWords = []string{"yes", "true", "ok", "correct", "good", "similar", "same", "match", "relevant", "valid", "1", "+"}
	negativeWords = []string{"no", "false", "bad", "incorrect", "wrong", "different", "irrelevant", "invalid", "0", "-"}
)

// produced remembers whether a typed or uploaded answer was right.
func (st *state) produced(value string, right bool) {
	if value != "" {
		st.crowd.Produced[value] = right
	}
}

func (st *state) judged(opts []any, task object) (any, bool) {
	if len(opts) != 2 {
		return nil, false
	}
	yes, no := -1, -1
	for i, o := range opts {
		s := strings.ToLower(strings.TrimSpace(str(o)))
		if slices.Contains(positiveWords, s) {
			yes = i
		} else if slices.Contains(negativeWords, s) {
			no = i
		}
	}
	if yes < 0 || no < 0 {
		return nil, false
	}
	iv, _ := task["input_values"].(map[string]any)
	for _, k := range sortedKeys(iv) {
		if right, ok := st.crowd.Produced[str(iv[k])]; ok {
			if right {
				return opts[yes], true
			}
			return opts[no], true
		}
	}
	return nil, false
}

// knownValue is a field's value in a task's first known solution.
func knownValue(task object, field string) (any, bool) {
	for _, k := range asList(task["known_solutions"]) {
		if km, ok := k.(map[string]any); ok {
			ov, _ := km["output_values"].(map[string]any)
			v, ok := ov[field]
			return v, ok
		}
	}
	return nil, false
}

// creditFor is the credit an answer earns on a task with known solutions:
// the correctness_weight of the best known solution it matches, 0 for none;
// -1 when the task has no known solutions.
func creditFor(out object, task object) float64 {
	known := asList(task["known_solutions"])
	if len(known) == 0 {
		return -1
	}
	best := 0.0
	for _, k := range known {
		km, _ := k.(map[string]any)
		ov, _ := km["output_values"].(map[string]any)
		match := len(ov) > 0
		for f, v := range ov {
			if !sameValue(out[f], v) {
				match = false
			}
		}
		if match {
			w, ok := num(km["correctness_weight"])
			if !ok {
				w = 1
			}
			best = max(best, w)
		}
	}
	return best
}

// sameValue compares two JSON values as JSON: 1 and 1.0 are the same.
func sameValue(a, b any) bool {
	if sa, ok := a.(string); ok {
		sb, ok := b.(string)
		return ok && sa == sb
	}
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	if string(ja) == string(jb) {
		return true
	}
	fa, ok1 := num(a)
	fb, ok2 := num(b)
	return ok1 && ok2 && fa == fb
}

// inputKey names a task by its input: the same input is the same item.
func inputKey(task object) string {
	b, _ := json.Marshal(task["input_values"])
	return string(b)
}

func shortHash(s string) string {
	h := fnv.New32a()
	h.Write([]byte(s))
	return fmt.Sprintf("%06x", h.Sum32()&0xffffff)
}

// randomNumber is a number within the field's bounds (0–10 where it has none).
func randomNumber(f *answerField, u float64) any {
	lo, hi := 0.0, 10.0
	if f.hasMin {
		lo = f.min
	}
	if f.hasMax {
		hi = f.max
	} else if f.hasMin {
		hi = lo + 10
	}
	if f.typ == "integer" {
		lo, hi = math.Ceil(lo), math.Floor(hi)
		return int(lo) + int(u*float64(int(hi-lo)+1))
	}
	return json.Number(fmt.Sprintf("%.3f", lo+(hi-lo)*u))
}

func orEmpty(l []any) []any {
	if l == nil {
		return []any{}
	}
	return l
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

// poolTruth answers the emulator's own GET /api/emulator/pools/{id}/truth:
// the hidden true answer of each task of a pool (or training), so that a
// requester rehearsing quality control can hold their aggregated results to
// it. Toloka has no such route: the truth is what the crowd is paid to find.
func (st *state) poolTruth(r apiRequest) (int, any, *apiError) {
	id := r.id
	p, ok := st.poolOrTraining(id)
	if !ok {
		return 0, nil, notFound("Pool", id)
	}
	project, _ := st.projects.get(str(p["project_id"]))
	m := st.modelOf(project)
	items := []object{}
	add := func(t object) {
		out := object{}
		for _, f := range m.fields {
			if v, ok := st.truthOf(f, t, inputKey(t)); ok {
				out[f.name] = v
			}
		}
		items = append(items, object{"task_id": t["id"], "input_values": t["input_values"], "output_values": out})
	}
	for _, tid := range st.tasks.index["pool_id"][id] {
		if t, _ := st.tasks.get(tid); t != nil {
			add(t)
		}
	}
	for _, sid := range st.suites.index["pool_id"][id] {
		if s, _ := st.suites.get(sid); s != nil {
			for _, t := range asList(s["tasks"]) {
				if tm, ok := t.(map[string]any); ok {
					add(tm)
				}
			}
		}
	}
	return 200, object{"items": items, "has_more": false}, nil
}
