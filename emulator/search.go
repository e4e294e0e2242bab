package emulator

import (
	"fmt"
	"net/url"
	"slices"
	"sort"
	"strings"
)

// searchSpec is what a collection's find route accepts (ENDPOINTS.md §3.2).
type searchSpec struct {
	eq       []string        // equality filters
	multi    map[string]bool // equality filters taking several comma-joined values
	ne       map[string]string
	cmp      map[string]byte // comparable fields: 's' string/id/time, 'n' number
	sorts    []string
	max, def int
	items    string            // "items" or "content"
	field    map[string]string // filter name → object field, where they differ
	// enums are the values a filter takes, where they are an enum: the service
	// refuses others (400) rather than matching nothing.
	enums map[string][]string
}

// The enums of the filters, from the API's descriptions of its list parameters.
var (
	projectStatuses    = []string{"ACTIVE", "ARCHIVED"}
	poolStatuses       = []string{"OPEN", "CLOSED", "ARCHIVED", "LOCKED"}
	assignmentStatuses = []string{"ACTIVE", "SUBMITTED", "ACCEPTED", "REJECTED", "SKIPPED", "EXPIRED"}
	// The TSV export names ACCEPTED assignments APPROVED.
	exportStatuses     = []string{"ACTIVE", "SUBMITTED", "APPROVED", "REJECTED", "SKIPPED", "EXPIRED"}
	folderNames        = []string{"INBOX", "OUTBOX", "AUTOMATIC_NOTIFICATION", "IMPORTANT", "UNREAD"}
	operationTypes     = []string{"ANALYTICS", "KNOWN_SOLUTIONS.GENERATE", "POOL.ARCHIVE", "POOL.CLONE", "POOL.CLOSE", "POOL.OPEN", "PROJECT.ARCHIVE", "SOLUTION.AGGREGATE", "TASK.BATCH_CREATE", "TASK_SUITE.BATCH_CREATE", "TRAINING.ARCHIVE", "TRAINING.CLONE", "TRAINING.CLOSE", "TRAINING.OPEN", "USER_BONUS.BATCH_CREATE"}
	operationStatuses  = []string{"PENDING", "RUNNING", "SUCCESS", "FAIL"}
	appProjectStatuses = []string{"CREATING", "READY", "ARCHIVED", "ERROR"}
	appItemStatuses    = []string{"NEW", "PROCESSING", "COMPLETED", "ERROR", "CANCELLED", "ARCHIVE", "NO_MONEY", "STOPPED"}
	appBatchStatuses   = []string{"NEW", "QUEUED", "PROCESSING", "COMPLETED", "ERROR", "CANCELLED", "NO_MONEY", "ARCHIVE", "LOADING", "STOPPING", "STOPPED"}
)

// withEnums returns the spec with these filters' allowed values.
func (sp searchSpec) withEnums(enums map[string][]string) searchSpec {
	sp.enums = enums
	return sp
}

// checkEnum adds an error when a filter's value (each of a comma-joined list,
// when list) is not one of its enum's, naming the parameter and the values it takes.
func checkEnum(fe fieldErrors, param, value string, allowed []string, list bool) {
	values := []string{value}
	if list {
		values = strings.Split(value, ",")
	}
	for _, v := range values {
		if v = strings.TrimSpace(v); !slices.Contains(allowed, v) {
			fe.add(param, "UNKNOWN_ENUM_VALUE", fmt.Sprintf("%s=%s is not one of %s", param, v, strings.Join(allowed, ", ")), anyList(allowed)...)
			return
		}
	}
}

func spec(eq []string, cmp string, sorts string, max, def int) searchSpec {
	s := searchSpec{eq: eq, multi: map[string]bool{}, cmp: map[string]byte{}, max: max, def: def, items: "items", field: map[string]string{}}
	for _, f := range strings.Fields(cmp) {
		kind := byte('s')
		if f == "overlap" {
			kind = 'n'
		}
		s.cmp[f] = kind
	}
	s.sorts = strings.Fields(sorts)
	return s
}

var (
	projectSearch = spec([]string{"status"}, "id created", "id created public_name private_comment", 300, 20).
			withEnums(map[string][]string{"status": projectStatuses})
	poolSearch = spec([]string{"status", "project_id"}, "id created last_started", "id created last_started", 300, 20).
			withEnums(map[string][]string{"status": poolStatuses})
	trainingSearch   = poolSearch
	skillSearch      = spec([]string{"name"}, "id created", "id created", 100, 50)
	assignmentSearch = func() searchSpec {
		s := spec([]string{"status", "task_id", "task_suite_id", "pool_id", "user_id"}, "id created submitted accepted rejected skipped expired",
			"id created submitted accepted rejected skipped expired", 100000, 50)
		s.multi["status"] = true
		s.enums = map[string][]string{"status": assignmentStatuses}
		return s
	}()
	aggregatedSearch = spec(nil, "task_id", "task_id", 100000, 50)
	taskSearch       = spec([]string{"pool_id", "overlap"}, "id created overlap", "id created", 100000, 50)
	suiteSearch      = spec([]string{"task_id", "pool_id", "overlap"}, "id created overlap", "id created", 100000, 50)
	attachmentSearch = func() searchSpec {
		s := spec([]string{"name", "type", "user_id", "assignment_id", "pool_id", "owner_id", "owner_company_id"}, "id created", "id created", 100, 50)
		s.field = map[string]string{"type": "attachment_type", "user_id": "details.user_id", "assignment_id": "details.assignment_id",
			"pool_id": "details.pool_id", "owner_id": "owner.id", "owner_company_id": "owner.company_id"}
		s.enums = map[string][]string{"type": {"ASSIGNMENT_ATTACHMENT"}}
		return s
	}()
	userSkillSearch   = spec([]string{"user_id", "skill_id"}, "id created modified", "id created modified", 1000, 50)
	restrictionSearch = spec([]string{"scope", "user_id", "project_id", "pool_id"}, "id created", "id created", 500, 50).
				withEnums(map[string][]string{"scope": restrictionForm.enums["scope"]})
	bonusSearch  = spec([]string{"user_id", "assignment_id", "private_comment"}, "id created", "id created", 300, 50)
	threadSearch = func() searchSpec {
		s := spec(nil, "id created", "id created", 300, 50)
		s.ne = map[string]string{"folder": "folders", "folder_ne": "folders"}
		s.enums = map[string][]string{"folder": folderNames, "folder_ne": folderNames}
		return s
	}()
	webhookSearch = spec([]string{"event_type", "pool_id"}, "id created", "id created", 300, 50).
			withEnums(map[string][]string{"event_type": webhookForm.enums["event_type"]})
	operationSearch = spec([]string{"type", "status"}, "id submitted finished", "id submitted finished", 500, 50).
			withEnums(map[string][]string{"type": operationTypes, "status": operationStatuses})
	appProjectSearch = func() searchSpec {
		s := spec([]string{"app_id", "parent_app_project_id", "status", "scope"}, "id name created", "id name created", 5000, 50)
		s.items = "content"
		s.enums = map[string][]string{"status": appProjectStatuses, "scope": {"MY", "COMPANY", "REQUESTER_LIST"}}
		return s
	}()
	appSearch = func() searchSpec {
		s := spec([]string{"lang"}, "id", "id", 1000, 50)
		s.items = "content"
		s.field = map[string]string{"lang": "-"}
		return s
	}()
	appItemSearch = func() searchSpec {
		s := spec([]string{"batch_id", "status"}, "id created finished", "id created finished status", 1000, 50)
		s.items = "content"
		s.enums = map[string][]string{"status": appItemStatuses}
		s.field = map[string]string{"created": "created_at", "finished": "finished_at"}
		return s
	}()
	appBatchSearch = func() searchSpec {
		s := spec([]string{"status"}, "id name created", "id name created status", 1000, 50)
		s.items = "content"
		s.enums = map[string][]string{"status": appBatchStatuses}
		s.field = map[string]string{"created": "created_at"}
		return s
	}()
)

// fieldValue reads a (possibly dotted) field for filtering and sorting.
func (sp searchSpec) fieldValue(o object, name string) any {
	if f, ok := sp.field[name]; ok {
		name = f
	}
	return pathValue(o, name)
}

// find answers a search: filter, stable sort by the keys in order, take limit,
// has_more. candidates are in creation order (all of them, or an index's).
func (sp searchSpec) find(q url.Values, c *collection, candidates span) ([]*entry, bool, *apiError) {
	sq, err := sp.parse(q)
	if err != nil {
		return nil, false, err
	}
	if !c.unordered && sq.byIDAscending() {
		items, more := sq.pageByID(c, candidates, q)
		return items, more, nil
	}
	items, more := sq.pageSorted(c, candidates)
	return items, more, nil
}

// pageByID is a page of a search sorted by id ascending (what iterators ask
// for): it walks the ordered ids from the cursor and stops after limit+1
// matches, so a page costs O(page), not O(all).
func (sq *searchQuery) pageByID(c *collection, candidates span, q url.Values) ([]*entry, bool) {
	ids, start := candidates.ids, 0
	if v := q.Get("id_gt"); v != "" {
		start = sort.SearchStrings(ids, v)
		for start < len(ids) && ids[start] <= v {
			start++
		}
		sq = sq.without(rangeCond{field: "id", op: "gt", value: v}) // every id from start on is greater
	} else if v := q.Get("id_gte"); v != "" {
		start = sort.SearchStrings(ids, v)
		sq = sq.without(rangeCond{field: "id", op: "gte", value: v})
	}
	// In an index's span, an object whose kept value of the field is the
	// index's need not be looked into for that filter (see kept).
	skip := ""
	if candidates.field != "" && candidates.field == c.indexField() {
		skip = candidates.field
	}
	out := make([]*entry, 0, min(sq.limit, len(candidates.entries)-start))
	for _, e := range candidates.entries[start:] {
		if e.removed {
			continue
		}
		if skip != "" && e.indexedAs(candidates.value) {
			if !sq.matchesBut(e.o, skip, candidates.value) {
				continue
			}
		} else if !sq.matches(e.o) {
			continue
		}
		if len(out) == sq.limit {
			return out, true
		}
		out = append(out, e)
	}
	return out, false
}

// pageSorted is a page of any other order: every match, stably sorted by
// the keys in turn (id ascending when none is given).
func (sq *searchQuery) pageSorted(c *collection, candidates span) ([]*entry, bool) {
	keys := sq.keys
	if len(keys) == 0 {
		keys = []sortKey{{field: "id"}}
	}
	var all []*entry
	for _, e := range candidates.entries {
		if !e.removed && sq.matches(e.o) {
			all = append(all, e)
		}
	}
	sort.SliceStable(all, func(i, j int) bool {
		for _, k := range keys {
			a, b := sq.spec.fieldValue(all[i].o, k.field), sq.spec.fieldValue(all[j].o, k.field)
			var c int
			if na, ok := num(a); ok {
				nb, _ := num(b)
				c = cmpFloat(na, nb)
			} else {
				c = strings.Compare(str(a), str(b))
			}
			if c != 0 {
				return (c < 0) != k.desc
			}
		}
		return false
	})
	if len(all) > sq.limit {
		return all[:sq.limit], true
	}
	return all, false
}

func isTimeField(f string) bool {
	switch f {
	case "created", "submitted", "accepted", "rejected", "skipped", "expired", "finished", "modified", "last_started":
		return true
	}
	return false
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func asList(v any) []any {
	l, _ := v.([]any)
	return l
}

// item is the i-th element of a list, or nil past its end.
func item(v any, i int) any {
	if l := asList(v); i < len(l) {
		return l[i]
	}
	return nil
}

// page is a find's answer, made of the stored objects' kept encodings.
// The objects are peeked at: the answer must not change them.
func page(sp searchSpec, items []*entry, hasMore bool) *storedPage {
	return &storedPage{key: sp.items, items: items, hasMore: hasMore}
}

// findIn is the common find route: an optional index field narrows candidates.
func (s *Server) findIn(sp searchSpec, c *collection, indexField string) handlerFunc {
	return func(r apiRequest) (int, any, *apiError) {
		q := r.query
		candidates := c.all()
		if indexField != "" {
			if v := q.Get(indexField); v != "" {
				candidates = c.indexSpan(indexField, v)
			}
		}
		items, more, err := sp.find(q, c, candidates)
		if err != nil {
			return 0, nil, err
		}
		return 200, page(sp, items, more), nil
	}
}
