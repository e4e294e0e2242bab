package emulator

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Quality control: collector → conditions → action, with the service's
// semantics (../shared/toloka-api/concepts/api/*.md, MODELS.md §4). A
// collector observes one kind of event per Toloker (mark) and counts them
// into a tally; after each observation, every rule of the collector whose
// conditions all hold in the tally acts. This file is the table of the three;
// qc.go feeds it events.

// mark is one observation of a Toloker: V is 1 or 0 (right, fast, solved,
// accepted, skipped), a share of credit, or an amount of money; K says what
// kind of task it was about; T (Unix nanoseconds) when it happened.
type mark struct {
	V float64 `json:"v"`
	K int     `json:"k,omitempty"`
	T int64   `json:"t,omitempty"`
}

// tally is what a collector counts: condition key → value.
type tally map[string]any

// A collectorSpec says which condition keys a collector's rules read, and
// how it counts its observations (the last history_size of them, where it
// reads a history) into a tally. Its parameters are not demanded: the API
// docs require some, but toloka-kit's recorded exchanges create pools
// without them; a missing one has the meaning qc.go gives it.
type collectorSpec struct {
	keys    []string
	history bool
	count   func(st *state, marks []mark) tally
}

var collectors = map[string]collectorSpec{
	// Control and training tasks: K tells a control task (kindGolden) from a
	// training one, V is the credit of the answer.
	"GOLDEN_SET": {keys: []string{"total_answers_count", "correct_answers_rate", "incorrect_answers_rate",
		"golden_set_answers_count", "golden_set_correct_answers_rate", "golden_set_incorrect_answers_rate"}, history: true,
		count: func(_ *state, ms []mark) tally {
			t := rates(ms, "total_answers_count", "correct_answers_rate", "incorrect_answers_rate")
			var golden []mark
			for _, m := range ms {
				if m.K == kindGolden {
					golden = append(golden, m)
				}
			}
			for k, v := range rates(golden, "golden_set_answers_count", "golden_set_correct_answers_rate", "golden_set_incorrect_answers_rate") {
				t[k] = v
			}
			return t
		}},
	// Real tasks whose overlap is complete and had a majority: V is 1 where
	// the Toloker's answer was the majority's.
	"MAJORITY_VOTE": {keys: []string{"total_answers_count", "correct_answers_rate", "incorrect_answers_rate"},
		history: true, count: func(_ *state, ms []mark) tally {
			return rates(ms, "total_answers_count", "correct_answers_rate", "incorrect_answers_rate")
		}},
	// Submitted task suites: V is 1 for one submitted faster than the threshold.
	"ASSIGNMENT_SUBMIT_TIME": {keys: []string{"total_submitted_count", "fast_submitted_count"},
		history: true, count: func(_ *state, ms []mark) tally {
			return tally{"total_submitted_count": len(ms), "fast_submitted_count": sum(ms)}
		}},
	// Captchas: V is 1 for a solved one.
	"CAPTCHA": {keys: []string{"stored_results_count", "success_rate", "fail_rate"}, history: true,
		count: func(_ *state, ms []mark) tally { return rates(ms, "stored_results_count", "success_rate", "fail_rate") }},
	// Rewards of submitted task suites, in the pool, over the crowd's last 24 hours.
	"INCOME": {keys: []string{"income_sum_for_last_24_hours"}, count: func(st *state, ms []mark) tally {
		since := st.clock().Add(-st.wallTime(24 * time.Hour)).UnixNano()
		income := 0.0
		for _, m := range ms {
			if m.T >= since {
				income += m.V
			}
		}
		return tally{"income_sum_for_last_24_hours": income}
	}},
	// Task suites skipped (V 1) or submitted (V 0): the skips since the last submit.
	"SKIPPED_IN_ROW_ASSIGNMENTS": {keys: []string{"skipped_in_row_count"}, count: func(_ *state, ms []mark) tally {
		n := 0
		for i := len(ms) - 1; i >= 0 && ms[i].V == 1; i-- {
			n++
		}
		return tally{"skipped_in_row_count": n}
	}},
	// Task suites submitted in the pool. The API names the count
	// assignments_accepted_count; the guide says it counts completed suites.
	"ANSWER_COUNT": {keys: []string{"assignments_accepted_count"}, count: func(_ *state, ms []mark) tally {
		return tally{"assignments_accepted_count": len(ms)}
	}},
	// The requester's reviews of a Toloker's work: V is 1 for accepted.
	"ACCEPTANCE_RATE": {keys: []string{"total_assignments_count", "accepted_assignments_rate", "rejected_assignments_rate"}, history: true,
		count: func(_ *state, ms []mark) tally {
			return rates(ms, "total_assignments_count", "accepted_assignments_rate", "rejected_assignments_rate")
		}},
	// Reviews of a task suite: counted from the suite's assignments at each
	// review, with the review as assessment_event (qc.go).
	"ASSIGNMENTS_ASSESSMENT": {keys: []string{"pending_assignments_count", "accepted_assignments_count", "rejected_assignments_count",
		"assessment_event"}},
	// A Toloker who worked in the pool losing access to it (qc.go).
	"USERS_ASSESSMENT": {keys: []string{"pool_access_revoked_reason", "skill_id"}},
	// Training tasks of a pool: K 1 an answer (V its credit), K 2 a suite submitted.
	"TRAINING": {keys: []string{"submitted_assignments_count", "total_answers_count", "correct_answers_rate", "incorrect_answers_rate",
		"next_assignment_available"}, count: func(_ *state, ms []mark) tally {
		var answers []mark
		suites := 0
		for _, m := range ms {
			if m.K == 2 {
				suites++
			} else {
				answers = append(answers, m)
			}
		}
		t := rates(answers, "total_answers_count", "correct_answers_rate", "incorrect_answers_rate")
		t["submitted_assignments_count"] = suites
		return t
	}},
}

// rates counts observations and the shares (in percent) of right and wrong
// ones. With none, there are no shares: a rule on a rate waits for data.
func rates(ms []mark, count, right, wrong string) tally {
	t := tally{count: len(ms)}
	if len(ms) > 0 {
		share := 100 * sum(ms) / float64(len(ms))
		t[right], t[wrong] = share, 100-share
	}
	return t
}

func sum(ms []mark) float64 {
	s := 0.0
	for _, m := range ms {
		s += m.V
	}
	return s
}

// conditionEnums are the values of the condition keys that take a word.
var conditionEnums = map[string][]string{
	"assessment_event":           {"ACCEPT", "ACCEPT_AFTER_REJECT", "REJECT"},
	"pool_access_revoked_reason": {"SKILL_CHANGE", "RESTRICTION"},
}

var operators = []string{"EQ", "NE", "GT", "GTE", "LT", "LTE"}

// holds says whether a rule condition holds in a tally: a key the tally
// lacks (a rate with nothing counted yet) holds nothing.
func holds(c map[string]any, t tally) bool {
	have, ok := t[str(c["key"])]
	if !ok {
		return false
	}
	want := c["value"]
	if s, ok := want.(string); ok { // a count sent as text ("1") compares as a number
		if f, err := strconv.ParseFloat(s, 64); err == nil {
			if _, isNum := num(have); isNum {
				want = f
			}
		}
	}
	cmp, _ := compareValues(have, want)
	switch str(c["operator"]) {
	case "EQ":
		return cmp == 0
	case "NE":
		return cmp != 0
	case "GT":
		return cmp > 0
	case "GTE":
		return cmp >= 0
	case "LT":
		return cmp < 0
	case "LTE":
		return cmp <= 0
	}
	return false
}

// An actionSpec says what an action needs and does.
type actionSpec struct {
	params []string
	do     func(st *state, x *ruleContext, params map[string]any)
}

// actions is filled in init: its actions lead back to the rules that use it.
var actions map[string]actionSpec

func init() { actions = actionTable() }

func actionTable() map[string]actionSpec {
	return map[string]actionSpec{
		// A ban (scope ALL_PROJECTS or PROJECT) or a suspension (POOL), for
		// duration_days or for ever.
		"RESTRICTION": {params: []string{"scope"}, do: func(st *state, x *ruleContext, p map[string]any) {
			var d time.Duration
			if days, ok := num(p["duration_days"]); ok {
				d = time.Duration(days * float64(24*time.Hour))
			}
			st.ruleRestriction(x, p, d)
		}},
		// The same, for duration duration_units (PERMANENT: for ever).
		"RESTRICTION_V2": {params: []string{"scope"}, do: func(st *state, x *ruleContext, p map[string]any) {
			n, _ := num(p["duration"])
			unit := map[string]time.Duration{"MINUTES": time.Minute, "HOURS": time.Hour, "DAYS": 24 * time.Hour}[str(p["duration_unit"])]
			st.ruleRestriction(x, p, time.Duration(n*float64(unit)))
		}},
		"SET_SKILL": {params: []string{"skill_id", "skill_value"}, do: func(st *state, x *ruleContext, p map[string]any) {
			if v, ok := num(p["skill_value"]); ok {
				st.ruleSkill(x, str(p["skill_id"]), v)
			}
		}},
		// The skill takes a count of the tally: from_field is a condition key
		// (the API's prose calls incorrect_answers_rate wrong_answers_rate).
		"SET_SKILL_FROM_OUTPUT_FIELD": {params: []string{"skill_id", "from_field"}, do: func(st *state, x *ruleContext, p map[string]any) {
			field := strings.ReplaceAll(str(p["from_field"]), "wrong_answers_rate", "incorrect_answers_rate")
			if v, ok := num(x.tally[field]); ok {
				st.ruleSkill(x, str(p["skill_id"]), v)
			}
		}},
		// More (or less) overlap for the task suite the event was about, opening
		// the pool again if open_pool says so.
		"CHANGE_OVERLAP": {params: []string{"delta"}, do: func(st *state, x *ruleContext, p map[string]any) {
			st.changeOverlap(x, intOf(p["delta"], 0), boolOf(p["open_pool"]))
		}},
		"REJECT_ALL_ASSIGNMENTS": {params: []string{"public_comment"}, do: func(st *state, x *ruleContext, p map[string]any) {
			st.reviewAll(x, "REJECTED", str(p["public_comment"]))
		}},
		"APPROVE_ALL_ASSIGNMENTS": {do: func(st *state, x *ruleContext, p map[string]any) { st.reviewAll(x, "ACCEPTED", "") }},
		// In the API's enum with undocumented parameters: accepted, and they do nothing here.
		"CLEAN_ASSIGNMENTS_HISTORY": {do: func(*state, *ruleContext, map[string]any) {}},
		"CLEAN_COLLECTOR":           {do: func(*state, *ruleContext, map[string]any) {}},
		"SET_POOL_COMPLETE":         {do: func(*state, *ruleContext, map[string]any) {}},
	}
}

// checkQualityControl adds an error for each collector, condition, operator
// or action the service would not take in a quality_control block: unknown
// ones, a condition its collector does not count, a missing parameter.
func checkQualityControl(fe fieldErrors, qc any) {
	m, _ := qc.(map[string]any)
	for i, c := range asList(m["configs"]) {
		cfg, _ := c.(map[string]any)
		at := fmt.Sprintf("quality_control.configs.%d.", i)
		cc, _ := cfg["collector_config"].(map[string]any)
		typ := str(cc["type"])
		spec, known := collectors[typ]
		if cc != nil && cc["type"] != nil && !known {
			fe.add(at+"collector_config.type", "UNKNOWN_ENUM_VALUE", "Unknown collector "+strconv.Quote(typ)+"; allowed: "+strings.Join(sortedKeys(collectors), ", "))
		}
		for j, r := range asList(cfg["rules"]) {
			rule, _ := r.(map[string]any)
			rat := fmt.Sprintf("%srules.%d.", at, j)
			for k, x := range asList(rule["conditions"]) {
				cond, _ := x.(map[string]any)
				cat := fmt.Sprintf("%sconditions.%d.", rat, k)
				if key := str(cond["key"]); known && cond["key"] != nil && !slices.Contains(spec.keys, key) {
					fe.add(cat+"key", "VALUE_NOT_ALLOWED", fmt.Sprintf("%s does not count %s; it counts %s", typ, key, strings.Join(spec.keys, ", ")))
				} else if enum := conditionEnums[key]; enum != nil && cond["value"] != nil && !slices.Contains(enum, str(cond["value"])) {
					fe.add(cat+"value", "UNKNOWN_ENUM_VALUE", key+" is one of "+strings.Join(enum, ", "))
				}
				if op := cond["operator"]; op != nil && !slices.Contains(operators, str(op)) {
					fe.add(cat+"operator", "UNKNOWN_ENUM_VALUE", "Unknown operator "+strconv.Quote(str(op))+"; allowed: "+strings.Join(operators, ", "))
				}
			}
			action, _ := rule["action"].(map[string]any)
			aspec, ok := actions[str(action["type"])]
			if action != nil && action["type"] != nil && !ok {
				fe.add(rat+"action.type", "UNKNOWN_ENUM_VALUE", "Unknown action "+strconv.Quote(str(action["type"]))+"; allowed: "+strings.Join(sortedKeys(actions), ", "))
			}
			ap, _ := action["parameters"].(map[string]any)
			for _, p := range aspec.params {
				if ap[p] == nil {
					fe.add(rat+"action.parameters."+p, "VALUE_REQUIRED", str(action["type"])+" needs "+p)
				}
			}
			if s := ap["scope"]; s != nil && !slices.Contains([]string{"ALL_PROJECTS", "PROJECT", "POOL"}, str(s)) {
				fe.add(rat+"action.parameters.scope", "UNKNOWN_ENUM_VALUE", "scope is one of ALL_PROJECTS, PROJECT, POOL")
			}
			if u := ap["duration_unit"]; u != nil && !slices.Contains([]string{"MINUTES", "HOURS", "DAYS", "PERMANENT"}, str(u)) {
				fe.add(rat+"action.parameters.duration_unit", "UNKNOWN_ENUM_VALUE", "duration_unit is one of MINUTES, HOURS, DAYS, PERMANENT")
			}
		}
	}
}
