package emulator

import (
	"encoding/json"
	"fmt"
	"math/big"
	"math/rand/v2"
	"sort"
	"strconv"
	"strings"
	"time"
)

// object is one stored JSON object, decoded with json.Number so numbers keep their digits.
type object = map[string]any

// collection holds objects in creation order. Ids are issued so that their
// string order equals creation order, so ids doubles as the id index.
//
// Each object keeps its JSON once a reader has asked for it (encoded.go),
// until it may have changed. An object can only change after it has been
// handed out by get or each, so those two drop its JSON: whoever takes an
// object from a collection may change it, and the next reader encodes it
// afresh. peek and peekEach hand out objects without dropping anything, for
// the read-only paths (finds, gets by id, exports, snapshots) that must
// never change what they are given.
type collection struct {
	objs    map[string]*entry
	ids     []string
	entries []*entry                       // beside ids: a page walks them without a lookup
	indexed []string                       // fields with an index
	index   map[string]map[string][]string // field → value → ids in order
	byIndex map[string]map[string][]*entry // beside index
	// unordered collections (operations: ids are the clients' UUIDs) are never walked by id order.
	unordered bool
}

func newCollection(indexed ...string) *collection {
	c := &collection{objs: map[string]*entry{}, indexed: indexed, index: map[string]map[string][]string{},
		byIndex: map[string]map[string][]*entry{}}
	for _, f := range indexed {
		c.index[f] = map[string][]string{}
		c.byIndex[f] = map[string][]*entry{}
	}
	return c
}

func (c *collection) add(o object) { c.addAs(str(o["id"]), o) }

// addAs stores o under id. An object stored again under its id leaves its
// old place.
func (c *collection) addAs(id string, o object) {
	if old, ok := c.objs[id]; ok {
		old.removed = true
	}
	e := &entry{o: o, in: c}
	c.objs[id] = e
	c.ids = append(c.ids, id)
	c.entries = append(c.entries, e)
	for _, f := range c.indexed {
		if v := str(o[f]); v != "" {
			c.index[f][v] = append(c.index[f][v], id)
			c.byIndex[f][v] = append(c.byIndex[f][v], e)
		}
	}
}

// span is a run of a collection's ids in creation order, and their entries.
type span struct {
	ids          []string
	entries      []*entry
	field, value string // an index's span: the objects whose field had value when stored
}

// all is every object's span; removed ones are in it, marked.
func (c *collection) all() span { return span{ids: c.ids, entries: c.entries} }

// indexSpan is the span of the objects whose field had value when stored.
func (c *collection) indexSpan(field, value string) span {
	sp := span{c.index[field][value], c.byIndex[field][value], field, value}
	if sp.ids == nil {
		sp.ids = []string{}
	}
	return sp
}

// get hands out an object to read or change: its kept JSON is dropped.
func (c *collection) get(id string) (object, bool) {
	e, ok := c.objs[id]
	if !ok {
		return nil, false
	}
	e.changing()
	return e.o, true
}

// peek hands out an object only to read; its JSON is kept. The object must
// not be changed, nor kept past the lock.
func (c *collection) peek(id string) (object, bool) {
	if e, ok := c.objs[id]; ok {
		return e.o, true
	}
	return nil, false
}

// indexField is the field the collection keeps an index of, if any.
func (c *collection) indexField() string {
	if len(c.indexed) == 0 {
		return ""
	}
	return c.indexed[0]
}

// stored is the entry of an object to answer with as it is (encoded.go).
func (c *collection) stored(id string) (*entry, bool) {
	e, ok := c.objs[id]
	return e, ok
}

// remove deletes an object; its id stays in the ordered lists and is skipped.
func (c *collection) remove(id string) {
	if e, ok := c.objs[id]; ok {
		e.removed = true
		delete(c.objs, id)
	}
}

// each calls f for every live object in creation order until f returns
// false; f may change them (their JSON is dropped).
func (c *collection) each(f func(object) bool) {
	for _, e := range c.entries {
		if !e.removed {
			e.changing()
			if !f(e.o) {
				return
			}
		}
	}
}

// peekEach is each for readers: f must not change the objects.
func (c *collection) peekEach(f func(object) bool) {
	for _, e := range c.entries {
		if !e.removed && !f(e.o) {
			return
		}
	}
}

// state is everything the emulator knows. The server's mutex guards it.
type state struct {
	opts    Options
	rng     *rand.Rand
	clock   func() time.Time
	seq     uint64 // for ordered hex ids
	counter map[string]int64

	requester object
	balance   *big.Rat

	projects, pools, trainings, skills        *collection
	tasks, suites, assignments, attachments   *collection
	operations, bonuses, restrictions, userSk *collection
	threads, webhooks, users                  *collection
	appProjects, appItems, appBatches         *collection
	apps                                      *collection

	opLogs       map[string][]object
	aggregations map[string][]object // operation id → solutions by task id order
	files        map[string][]byte   // attachment id → content
	workers      []*worker
	done         map[string]map[string]bool // worker/pool → task and suite ids done

	crowd   *crowd // what the crowd remembers (crowd.go); saved
	qcDepth int    // how deep rules are acting on the events of rules

	// What the simulated crowd keeps to find work quickly; none of it is saved.
	open      map[string]bool         // ids of the pools that are OPEN
	completed map[string]time.Time    // open pool → when its last task was done
	mixes     map[string]*poolTasks   // pool → its tasks as the mixer sorts them
	models    map[string]*answerModel // project → how its tasks are answered
	appsDue   time.Time               // when the App batches move on next
}

func newState(opts Options) *state {
	st := &state{
		opts: opts, rng: newRand(opts.Seed, 1), clock: time.Now, counter: map[string]int64{},
		seq:      uint64(time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).Unix()) << 8,
		balance:  mustRat(opts.Balance),
		projects: newCollection(), pools: newCollection("project_id"), trainings: newCollection("project_id"),
		skills: newCollection(), tasks: newCollection("pool_id"), suites: newCollection("pool_id"),
		assignments: newCollection("pool_id"), attachments: newCollection(), operations: newCollection(),
		bonuses: newCollection(), restrictions: newCollection("user_id"), userSk: newCollection("user_id"),
		threads: newCollection(), webhooks: newCollection(), users: newCollection(),
		appProjects: newCollection(), appItems: newCollection("app_project_id"), appBatches: newCollection("app_project_id"),
		apps:   newCollection(),
		opLogs: map[string][]object{}, aggregations: map[string][]object{}, files: map[string][]byte{},
		open: map[string]bool{}, completed: map[string]time.Time{}, mixes: map[string]*poolTasks{}, models: map[string]*answerModel{},
		crowd: newCrowd(),
	}
	st.operations.unordered = true
	st.requester = object{"id": st.hexID(32), "public_name": object{"EN": "Local requester"},
		"company": object{"id": "1", "superintendent_id": "1"}}
	st.hireWorkers(opts.Workers)
	st.installApps()
	return st
}

// numericID issues the next decimal id. Every kind (projects, pools,
// trainings, skills, …) draws from one sequence, as on Toloka, where a task's
// pool_id names a pool or a training: no id can be taken for another
// object's. The fixed width keeps string order. kind only documents the call.
func (st *state) numericID(kind string) string {
	st.counter[idCounter]++
	return fmt.Sprintf("%d", 100000000+st.counter[idCounter])
}

// idCounter is the counter key of the one sequence; snapshots from before it
// counted each kind on its own.
const idCounter = "id"

// orderedID issues "<10 hex>--<24 hex>" ids like tasks, suites and assignments have.
func (st *state) orderedID() string {
	st.seq++
	return fmt.Sprintf("%010x--%024x", st.seq, st.rng.Uint64()&0xffffffffffff)
}

func (st *state) hexID(n int) string {
	var b strings.Builder
	for b.Len() < n {
		fmt.Fprintf(&b, "%016x", st.rng.Uint64())
	}
	return b.String()[:n]
}

// uuid returns a random UUID v4 text.
func (st *state) uuid() string {
	h := st.hexID(32)
	return h[0:8] + "-" + h[8:12] + "-4" + h[13:16] + "-a" + h[17:20] + "-" + h[20:32]
}

const timeLayout = "2006-01-02T15:04:05.000"

// now is the current time in the wire format: UTC, no zone, milliseconds.
func (st *state) now() string { return st.clock().UTC().Format(timeLayout) }

// parseTime reads a date-time leniently and returns the canonical wire form.
func parseTime(s string) (string, bool) {
	for _, layout := range []string{"2006-01-02T15:04:05.999999999", "2006-01-02T15:04:05.999999999Z07:00", "2006-01-02T15:04", "2006-01-02T15:04Z07:00", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC().Format(timeLayout), true
		}
	}
	return "", false
}

// str renders an id-like value as a string.
func str(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case json.Number:
		return x.String()
	case nil:
		return ""
	case bool:
		if x {
			return "true"
		}
		return "false"
	}
	return fmt.Sprint(v)
}

func num(v any) (float64, bool) {
	switch x := v.(type) {
	case json.Number:
		f, err := x.Float64()
		return f, err == nil
	case float64:
		return x, true
	case int:
		return float64(x), true
	case int64:
		return float64(x), true
	}
	return 0, false
}

func intOf(v any, def int) int {
	if f, ok := num(v); ok {
		return int(f)
	}
	return def
}

func boolOf(v any) bool { b, _ := v.(bool); return b }

func mustRat(s string) *big.Rat {
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		panic("emulator: bad decimal " + s)
	}
	return r
}

// ratOf reads a money value exactly.
func ratOf(v any) (*big.Rat, bool) {
	switch x := v.(type) {
	case json.Number:
		return new(big.Rat).SetString(x.String())
	case string:
		return new(big.Rat).SetString(x)
	case float64:
		return new(big.Rat).SetString(fmt.Sprint(x))
	}
	return nil, false
}

// money writes an exact amount as a JSON number without needless zeros.
func money(r *big.Rat) json.Number {
	s := r.FloatString(6)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	if s == "" || s == "-" {
		s = "0"
	}
	return json.Number(s)
}

// clone copies an object deeply enough that changing the copy's fields never
// reaches the stored one.
// clone deep-copies o as a JSON round trip would (numbers become json.Number,
// lists []any), walking the common shapes directly: storing 10k tasks was
// spending most of its time encoding and decoding them.
func clone(o object) object {
	if o == nil {
		return nil
	}
	out := make(object, len(o))
	for k, v := range o {
		out[k] = cloneValue(v)
	}
	return out
}

func cloneValue(v any) any {
	switch x := v.(type) {
	case nil, string, bool, json.Number:
		return x
	case int:
		return json.Number(strconv.Itoa(x))
	case object:
		return clone(x)
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = cloneValue(e)
		}
		return out
	case []object:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = clone(e)
		}
		return out
	case []string:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = e
		}
		return out
	}
	b, _ := json.Marshal(v) // anything else takes the long way, to come out as JSON would
	var out any
	d := json.NewDecoder(strings.NewReader(string(b)))
	d.UseNumber()
	_ = d.Decode(&out)
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func bytesReader(s string) *strings.Reader { return strings.NewReader(s) }

func jsonNumber(s string) json.Number { return json.Number(s) }
