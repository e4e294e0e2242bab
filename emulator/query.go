package emulator

import (
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// searchQuery is a search's query string read against its route's spec:
// the page size, the sort keys and the filters, each checked once, so that
// matching an object is only comparisons.
type searchQuery struct {
	spec   searchSpec
	limit  int
	keys   []sortKey
	eq     []eqCond            // each filter with the values it accepts
	ne     map[string][]string // a *_ne filter → the values it names
	ranges []rangeCond
}

// eqCond is one equality filter: the field equals one of vals.
type eqCond struct {
	field string
	vals  []string
}

type sortKey struct {
	field string
	desc  bool
}

// rangeCond is one comparison filter, such as created_gte or reward_lt.
type rangeCond struct {
	field, op, value string
	kind             byte // 'n' number, 's' string, id or time
	num              float64
}

// parse reads q, naming every parameter that is wrong in one answer, as
// the service does.
func (sp searchSpec) parse(q url.Values) (*searchQuery, *apiError) {
	fe := fieldErrors{}
	sq := &searchQuery{spec: sp, limit: sp.def, ne: map[string][]string{}}
	if l := q.Get("limit"); l != "" {
		n, err := strconv.Atoi(l)
		switch {
		case err != nil:
			fe.add("limit", "INTEGER_EXPECTED", "Value must be an integer")
		case n < 1 || n > sp.max:
			fe.add("limit", "VALUE_OUT_OF_BOUNDS", "Value must be between 1 and "+strconv.Itoa(sp.max), 1, sp.max)
		default:
			sq.limit = n
		}
	}
	if s := q.Get("sort"); s != "" {
		for _, k := range strings.Split(s, ",") {
			k = strings.TrimSpace(k)
			desc := strings.HasPrefix(k, "-")
			k = strings.TrimPrefix(k, "-")
			if !slices.Contains(sp.sorts, k) {
				fe.add("sort", "VALUE_NOT_ALLOWED", "Unknown sort key "+k+"; allowed: "+strings.Join(sp.sorts, ", "))
				continue
			}
			sq.keys = append(sq.keys, sortKey{k, desc})
		}
	}
	for _, f := range sortedKeys(sp.enums) {
		if v := q.Get(f); v != "" {
			_, ne := sp.ne[f]
			checkEnum(fe, f, v, sp.enums[f], sp.multi[f] || ne)
		}
	}
	for _, f := range sp.eq {
		if v := q.Get(f); v != "" && sp.field[f] != "-" {
			vals := []string{v}
			if sp.multi[f] {
				vals = strings.Split(v, ",")
			}
			sq.eq = append(sq.eq, eqCond{f, vals})
		}
	}
	for f := range sp.ne {
		if v := q.Get(f); v != "" {
			sq.ne[f] = strings.Split(v, ",")
		}
	}
	for f, kind := range sp.cmp {
		for _, op := range []string{"lt", "lte", "gt", "gte"} {
			v := q.Get(f + "_" + op)
			if v == "" {
				continue
			}
			rc := rangeCond{field: f, op: op, value: v, kind: kind}
			if kind == 'n' {
				n, err := strconv.ParseFloat(v, 64)
				if err != nil {
					fe.add(f+"_"+op, "FLOAT_EXPECTED", "Value must be a number")
				}
				rc.num = n
			} else if isTimeField(f) {
				t, ok := parseTime(v)
				if !ok {
					fe.add(f+"_"+op, "INVALID_DATE_TIME_SYNTAX", "Value must be a date-time")
				}
				rc.value = t
			}
			sq.ranges = append(sq.ranges, rc)
		}
	}
	if e := fe.errNaming(); e != nil {
		return nil, e
	}
	return sq, nil
}

// without is the query less a range filter that holds already.
func (sq *searchQuery) without(rc rangeCond) *searchQuery {
	out := *sq
	out.ranges = nil
	for _, r := range sq.ranges {
		if r.field != rc.field || r.op != rc.op || r.value != rc.value {
			out.ranges = append(out.ranges, r)
		}
	}
	return &out
}

// byIDAscending reports whether the answer is in id order, the order the
// collections keep their ids in.
func (sq *searchQuery) byIDAscending() bool {
	return len(sq.keys) == 0 || (len(sq.keys) == 1 && sq.keys[0].field == "id" && !sq.keys[0].desc)
}

// matches reports whether o passes every filter. It runs for every object
// a page walks past, so it allocates nothing.
func (sq *searchQuery) matches(o object) bool { return sq.matchesBut(o, "", "") }

// matchesBut is matches where o's field is known to be value.
func (sq *searchQuery) matchesBut(o object, field, value string) bool {
	for _, c := range sq.eq {
		if c.field == field && sq.spec.field[field] == "" {
			if !slices.Contains(c.vals, value) {
				return false
			}
			continue
		}
		if !slices.Contains(c.vals, str(sq.spec.fieldValue(o, c.field))) {
			return false
		}
	}
	if len(sq.ne) == 0 && len(sq.ranges) == 0 {
		return true
	}
	for f, vals := range sq.ne {
		has := false
		for _, x := range asList(o[sq.spec.ne[f]]) {
			if slices.Contains(vals, str(x)) {
				has = true
			}
		}
		if has == (f == "folder_ne") {
			return false
		}
	}
	for _, rc := range sq.ranges {
		if !rc.holds(sq.spec.fieldValue(o, rc.field)) {
			return false
		}
	}
	return true
}

// holds reports whether v passes the comparison; an absent value passes none.
func (rc rangeCond) holds(v any) bool {
	if v == nil {
		return false
	}
	var c int
	if rc.kind == 'n' {
		n, _ := num(v)
		c = cmpFloat(n, rc.num)
	} else {
		c = strings.Compare(str(v), rc.value)
	}
	switch rc.op {
	case "lt":
		return c < 0
	case "lte":
		return c <= 0
	case "gt":
		return c > 0
	default: // gte
		return c >= 0
	}
}
