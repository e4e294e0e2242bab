package aggregation

import (
	"fmt"
	"slices"
	"sort"
)

// Answers are classification answers: row i says that worker Worker[i] gave
// label Label[i] to task Task[i]. Tasks, workers and labels are numbered from
// 0 to NumTasks-1, NumWorkers-1 and NumLabels-1.
//
// Codes follow the order of the values they stand for (code 0 is the
// smallest label), as a pandas index sorts them: crowd-kit breaks ties towards
// the label that sorts first, and so does this package, by code. Where
// crowd-kit depends on the order in which values first appear (its random
// initialisations, for one), the algorithms read that order from the rows.
// A Coder assigns such codes.
type Answers struct {
	Task, Worker, Label []int32

	NumTasks, NumWorkers, NumLabels int
}

// Len is the number of answers.
func (a *Answers) Len() int { return len(a.Task) }

// Validate checks that the columns have one length and every code is in range.
func (a *Answers) Validate() error {
	if a == nil {
		return fmt.Errorf("aggregation: no answers")
	}
	n := len(a.Task)
	if len(a.Worker) != n || len(a.Label) != n {
		return fmt.Errorf("aggregation: answers have %d tasks, %d workers and %d labels; want one of each per answer",
			n, len(a.Worker), len(a.Label))
	}
	for _, c := range []struct {
		name  string
		codes []int32
		n     int
	}{{"task", a.Task, a.NumTasks}, {"worker", a.Worker, a.NumWorkers}, {"label", a.Label, a.NumLabels}} {
		for i, v := range c.codes {
			if v < 0 || int(v) >= c.n {
				return fmt.Errorf("aggregation: answer %d: %s code %d is outside 0..%d", i, c.name, v, c.n-1)
			}
		}
	}
	return nil
}

// Truth holds known labels of tasks (golden answers): Label[i] is a right
// answer to Task[i]. A task may have several right answers; an answer that
// gives any of them counts as right, as in crowd-kit. Label -1 stands for a
// known label that no answer gives: the task has a truth nobody matched.
type Truth struct {
	Task, Label []int32
}

// Coder numbers values in the order they first appear; Sort then renumbers
// them in sorted order, which Answers expect.
type Coder[K comparable] struct {
	index map[K]int32 // built when first needed
	keys  []K
}

// NewCoder returns an empty Coder.
func NewCoder[K comparable]() *Coder[K] { return &Coder[K]{index: map[K]int32{}} }

// CoderOf returns a Coder of distinct values, keys[code].
func CoderOf[K comparable](keys []K) *Coder[K] { return &Coder[K]{keys: keys} }

func (c *Coder[K]) ensureIndex() {
	if c.index == nil {
		c.index = make(map[K]int32, len(c.keys))
		for i, k := range c.keys {
			c.index[k] = int32(i)
		}
	}
}

// Code returns k's number, giving it the next one when k is new.
func (c *Coder[K]) Code(k K) int32 {
	c.ensureIndex()
	if i, ok := c.index[k]; ok {
		return i
	}
	i := int32(len(c.keys))
	c.index[k] = i
	c.keys = append(c.keys, k)
	return i
}

// Lookup returns k's number and whether it has one.
func (c *Coder[K]) Lookup(k K) (int32, bool) {
	c.ensureIndex()
	i, ok := c.index[k]
	return i, ok
}

// Len is the number of distinct values.
func (c *Coder[K]) Len() int { return len(c.keys) }

// Keys are the values, keys[code].
func (c *Coder[K]) Keys() []K { return c.keys }

// Sort renumbers the values so that codes follow cmp, and returns the
// renumbering: new code = remap[old code].
func (c *Coder[K]) Sort(cmp func(a, b K) int) []int32 {
	order := make([]int32, len(c.keys))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortStableFunc(order, func(x, y int32) int { return cmp(c.keys[x], c.keys[y]) })
	remap := make([]int32, len(order))
	keys := make([]K, len(order))
	for newCode, old := range order {
		remap[old] = int32(newCode)
		keys[newCode] = c.keys[old]
	}
	c.keys, c.index = keys, nil
	return remap
}

// Recode applies a Coder.Sort renumbering to codes in place.
func Recode(codes []int32, remap []int32) {
	for i, v := range codes {
		codes[i] = remap[v]
	}
}

// Names are the values behind the codes of string answers.
type Names struct {
	Tasks, Workers, Labels []string
}

// FromStrings codes string answers: row i is (tasks[i], workers[i], labels[i]).
func FromStrings(tasks, workers, labels []string) (*Answers, Names, error) {
	if len(workers) != len(tasks) || len(labels) != len(tasks) {
		return nil, Names{}, fmt.Errorf("aggregation: %d tasks, %d workers and %d labels; want one of each per answer",
			len(tasks), len(workers), len(labels))
	}
	a := &Answers{Task: make([]int32, len(tasks)), Worker: make([]int32, len(tasks)), Label: make([]int32, len(tasks))}
	tc, wc, lc := NewCoder[string](), NewCoder[string](), NewCoder[string]()
	for i := range tasks {
		a.Task[i], a.Worker[i], a.Label[i] = tc.Code(tasks[i]), wc.Code(workers[i]), lc.Code(labels[i])
	}
	cmp := func(x, y string) int {
		switch {
		case x < y:
			return -1
		case x > y:
			return 1
		}
		return 0
	}
	Recode(a.Task, tc.Sort(cmp))
	Recode(a.Worker, wc.Sort(cmp))
	Recode(a.Label, lc.Sort(cmp))
	a.NumTasks, a.NumWorkers, a.NumLabels = tc.Len(), wc.Len(), lc.Len()
	return a, Names{Tasks: tc.Keys(), Workers: wc.Keys(), Labels: lc.Keys()}, nil
}

// groups lists the rows of each group (task or worker) in row order:
// rows[start[g]:start[g+1]].
type groups struct {
	start []int32
	rows  []int32
}

func groupRows(codes []int32, n int) groups {
	start := make([]int32, n+1)
	for _, c := range codes {
		start[c+1]++
	}
	for i := 1; i <= n; i++ {
		start[i] += start[i-1]
	}
	next := append([]int32(nil), start[:n]...)
	rows := make([]int32, len(codes))
	for r, c := range codes {
		rows[next[c]] = int32(r)
		next[c]++
	}
	return groups{start: start, rows: rows}
}

func (g groups) of(i int) []int32 { return g.rows[g.start[i]:g.start[i+1]] }

// firstSeen returns, for each of n codes, its rank in the order codes first
// appear in the rows (pandas' unique and factorize order); codes that never
// appear come after the rest, in code order.
func firstSeen(codes []int32, n int) []int32 {
	rank := make([]int32, n)
	for i := range rank {
		rank[i] = -1
	}
	next := int32(0)
	for _, c := range codes {
		if rank[c] < 0 {
			rank[c] = next
			next++
		}
	}
	for i := range rank {
		if rank[i] < 0 {
			rank[i] = next
			next++
		}
	}
	return rank
}

// inverse turns a permutation rank[code] into code[rank].
func inverse(rank []int32) []int32 {
	out := make([]int32, len(rank))
	for c, r := range rank {
		out[r] = int32(c)
	}
	return out
}

// truthSets holds each task's right labels: labels[start[t]:start[t+1]],
// sorted and distinct.
type truthSets struct {
	start  []int32
	labels []int32
}

func newTruthSets(t *Truth, numTasks, numLabels int) (truthSets, error) {
	if len(t.Task) != len(t.Label) {
		return truthSets{}, fmt.Errorf("aggregation: true labels: %d tasks but %d labels", len(t.Task), len(t.Label))
	}
	for i := range t.Task {
		if t.Task[i] < 0 || int(t.Task[i]) >= numTasks {
			return truthSets{}, fmt.Errorf("aggregation: true label %d: task code %d is outside 0..%d", i, t.Task[i], numTasks-1)
		}
		if t.Label[i] < -1 || int(t.Label[i]) >= numLabels {
			return truthSets{}, fmt.Errorf("aggregation: true label %d: label code %d is outside 0..%d", i, t.Label[i], numLabels-1)
		}
	}
	g := groupRows(t.Task, numTasks)
	ts := truthSets{start: make([]int32, numTasks+1)}
	for task := 0; task < numTasks; task++ {
		var ls []int32
		for _, r := range g.of(task) {
			ls = append(ls, t.Label[r])
		}
		sort.Slice(ls, func(i, j int) bool { return ls[i] < ls[j] })
		ls = slices.Compact(ls)
		ts.labels = append(ts.labels, ls...)
		ts.start[task+1] = int32(len(ts.labels))
	}
	return ts, nil
}

// singleTruth is one label per task, -1 for none, as a truthSets.
func singleTruth(labels []int32) truthSets {
	ts := truthSets{start: make([]int32, len(labels)+1)}
	for t, l := range labels {
		if l >= 0 {
			ts.labels = append(ts.labels, l)
		}
		ts.start[t+1] = int32(len(ts.labels))
	}
	return ts
}

func (ts truthSets) has(task int32) bool { return ts.start[task+1] > ts.start[task] }

func (ts truthSets) right(task, label int32) bool {
	for _, l := range ts.labels[ts.start[task]:ts.start[task+1]] {
		if l == label {
			return true
		}
	}
	return false
}
