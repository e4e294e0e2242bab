package emulator

import "strings"

// Who may work in a pool: restrictions, the pool's filter over the Tolokers'
// profiles, devices and skills.

// restricted says whether a restriction in force keeps w out of pool p.
func (st *state) restricted(w *worker, p object) bool {
	now := st.now()
	for _, id := range st.restrictions.index["user_id"][w.ID] {
		r, ok := st.restrictions.get(id)
		if !ok || !covers(r, p) {
			continue
		}
		if exp, ok := parseTime(str(r["will_expire"])); ok && exp <= now {
			continue
		}
		return true
	}
	return false
}

// covers says whether a restriction's scope takes in pool p.
func covers(r, p object) bool {
	switch str(r["scope"]) {
	case "ALL_PROJECTS", "SYSTEM":
		return true
	case "PROJECT":
		return str(r["project_id"]) == str(p["project_id"])
	case "POOL":
		return str(r["pool_id"]) == str(p["id"])
	}
	return false
}

// passesFilter checks the pool's filter against w's profile and skills.
func (st *state) passesFilter(w *worker, p object) bool {
	return st.matches(w.ID, p["filter"], st.skillValue)
}

// skillLookup reads a Toloker's value of a skill.
type skillLookup func(user, skill string) (float64, bool)

// matches evaluates a filter tree for a Toloker: and, or, and conditions of
// the profile, computed and skill categories (MODELS.md §5). A value the
// profile lacks matches as the service's unknown: only NE and NOT_IN hold.
func (st *state) matches(user string, node any, skill skillLookup) bool {
	m, ok := node.(map[string]any)
	if !ok {
		return true
	}
	if and, ok := m["and"].([]any); ok {
		for _, c := range and {
			if !st.matches(user, c, skill) {
				return false
			}
		}
		return true
	}
	if or, ok := m["or"].([]any); ok {
		for _, c := range or {
			if st.matches(user, c, skill) {
				return true
			}
		}
		return len(or) == 0
	}
	profile, _ := st.users.get(user)
	key, op, want := str(m["key"]), str(m["operator"]), m["value"]
	var have any
	switch str(m["category"]) {
	case "skill":
		if v, ok := skill(user, key); ok {
			have = v
		}
	case "profile":
		have = profile[key]
	case "computed":
		attrs, _ := profile["attributes"].(map[string]any)
		have = attrs[key]
	default:
		return true // a category the emulator does not know: it cannot judge
	}
	if list, ok := have.([]any); ok { // languages: IN one of them
		in := false
		for _, x := range list {
			in = in || sameValue(x, want)
		}
		return in == (op == "IN" || op == "EQ")
	}
	if want == nil { // "has no value"
		return (have == nil) == (op == "EQ")
	}
	if have == nil {
		return op == "NE" || op == "NOT_IN"
	}
	c, comparable := compareValues(have, want)
	switch op {
	case "EQ", "IN":
		return comparable && c == 0
	case "NE", "NOT_IN":
		return !comparable || c != 0
	case "GT":
		return comparable && c > 0
	case "GTE":
		return comparable && c >= 0
	case "LT":
		return comparable && c < 0
	case "LTE":
		return comparable && c <= 0
	}
	return false
}

// compareValues orders two values as numbers when both are, as text otherwise.
func compareValues(a, b any) (int, bool) {
	fa, okA := num(a)
	fb, okB := num(b)
	if okA && okB {
		return cmpFloat(fa, fb), true
	}
	return strings.Compare(str(a), str(b)), true
}

// skillValue is a Toloker's exact value of a skill, if they have one.
func (st *state) skillValue(user, skill string) (float64, bool) {
	for _, id := range st.userSk.index["user_id"][user] {
		if o, ok := st.userSk.get(id); ok && str(o["skill_id"]) == skill {
			return num(o["exact_value"])
		}
	}
	return 0, false
}
