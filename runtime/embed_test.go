package runtime_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/big"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/tolokash/tolokash/runtime"
)

// TestRunGivesGoValues: Run's value is plain Go values, converted as its
// doc says, in a trusted and an Untrusted runtime alike.
func TestRunGivesGoValues(t *testing.T) {
	for _, untrusted := range []bool{false, true} {
		rt, _ := newRuntime(t, runtime.Options{Untrusted: untrusted})
		for _, tc := range []struct {
			src  string
			want any
		}{
			{`undefined`, nil},
			{`null`, nil},
			{`'s'`, "s"},
			{`true`, true},
			{`2`, int64(2)},
			{`6 / 3`, int64(2)},
			{`2 ** 53`, int64(1 << 53)},
			{`2 ** 53 * 4`, float64(1 << 55)},
			{`0.5`, 0.5},
			{`10n ** 20n`, new(big.Int).Exp(big.NewInt(10), big.NewInt(20), nil)},
			{`[1, 'a', null, undefined, [true]]`, []any{int64(1), "a", nil, nil, []any{true}}},
			{`({a: 1, f() {}, nested: {b: [0.25]}})`, map[string]any{"a": int64(1), "nested": map[string]any{"b": []any{0.25}}}},
			{`new Date(Date.UTC(2026, 0, 2, 3, 4, 5))`, "2026-01-02T03:04:05.000Z"},
			{`({toJSON() { return {as: 'json'} }})`, map[string]any{"as": "json"}},
			{`new Map([['cat', 2], [3, 'dog']])`, map[string]any{"cat": int64(2), "3": "dog"}},
			{`new Set(['a', 1.5])`, []any{"a", 1.5}},
			{`new Uint8Array([1, 2, 255])`, []byte{1, 2, 255}},
			{`new Float64Array([0.5, 2])`, []float64{0.5, 2}},
			{`/a+/g`, "/a+/g"},
			{`Symbol('x')`, "Symbol(x)"},
			{`const o = {name: 'o'}; o.self = o; o`, map[string]any{"name": "o", "self": "[Circular]"}},
			{`Promise.resolve({done: true})`, map[string]any{"done": true}},
			{`(async () => { await new Promise(r => setTimeout(r, 5)); return [1] })()`, []any{int64(1)}},
			{`new toloka.pool.MixerConfig({real_tasks_count: 9, golden_tasks_count: 1})`,
				map[string]any{"real_tasks_count": int64(9), "golden_tasks_count": int64(1), "training_tasks_count": int64(0)}},
		} {
			got, err := rt.Run(context.Background(), tc.src)
			if err != nil {
				t.Errorf("untrusted %v: %s: %v", untrusted, tc.src, err)
				continue
			}
			if !reflect.DeepEqual(got, tc.want) && !(isBig(got) && got.(*big.Int).Cmp(tc.want.(*big.Int)) == 0) {
				t.Errorf("untrusted %v: %s:\n got %#v\nwant %#v", untrusted, tc.src, got, tc.want)
			}
		}
		v, err := rt.Run(context.Background(), `0 / 0`)
		if f, ok := v.(float64); err != nil || !ok || !math.IsNaN(f) {
			t.Errorf("NaN: %#v %v", v, err)
		}
		// A list's items are lazy objects: they come over as the JSON the server sent.
		v, err = rt.Run(context.Background(), `
			const project = toloka.createProject({public_name: 'p', public_description: 'd', task_spec: {input_spec: {}, output_spec: {}, view_spec: {}}});
			toloka.createPool({project_id: project.id, private_name: 'first', may_contain_adult_content: false,
				reward_per_assignment: 0.01, assignment_max_duration_seconds: 60, will_expire: '2099-01-01T00:00:00',
				defaults: {default_overlap_for_new_task_suites: 1}});
			toloka.getPools({project_id: project.id}).toArray()`)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := json.Marshal(v)
		if !strings.Contains(string(b), `"private_name"`) || !strings.Contains(string(b), `"project_id"`) {
			t.Errorf("untrusted %v: pools: %s", untrusted, b)
		}
		_, err = rt.Run(context.Background(), `new Promise(() => {})`)
		if err == nil || !strings.Contains(err.Error(), "never settled") {
			t.Errorf("untrusted %v: a promise that never settles: %v", untrusted, err)
		}
		_, err = rt.Run(context.Background(), `const p = Promise.reject(new RangeError('no')); p.catch(() => {}); p`)
		var se *runtime.ScriptError
		if !errors.As(err, &se) || !se.InPromise || !strings.Contains(se.Message, "RangeError: no") {
			t.Errorf("untrusted %v: a rejected promise: %v", untrusted, err)
		}
	}
}

func isBig(v any) bool { _, ok := v.(*big.Int); return ok }

// TestRunExportsInTheRun: converting the value runs the script's getters
// and toJSON within the run, under its time limit.
func TestRunExportsInTheRun(t *testing.T) {
	rt, _ := newRuntime(t, runtime.Options{TimeLimit: 300 * time.Millisecond})
	start := time.Now()
	_, err := rt.Run(context.Background(), `({get forever() { for (;;); }})`)
	if !errors.Is(err, runtime.ErrTimeLimit) || time.Since(start) > 5*time.Second {
		t.Errorf("a getter that loops: %v after %v", err, time.Since(start))
	}
}

type labelled struct {
	Task  string `json:"task"`
	Label string `json:"label"`
}

// TestSetAndModules: Go values and functions go in without goja: a
// namespace, a function taking the run's context, a struct read through
// its json tags, a module of Go functions, an argument converted to a Go
// struct.
func TestSetAndModules(t *testing.T) {
	rt, _ := newRuntime(t, runtime.Options{})
	var seen []labelled
	var ctxAlive bool
	err := rt.Set("app", map[string]any{
		"name":    "reviewer",
		"version": 3,
		"record":  func(l labelled) { seen = append(seen, l) },
		"wait": func(ctx context.Context, ms int) error {
			ctxAlive = ctx.Err() == nil
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(time.Duration(ms) * time.Millisecond):
				return nil
			}
		},
		"limits": map[string]any{"max": 10},
	})
	if err != nil {
		t.Fatal(err)
	}
	rt.Set("config", &labelled{Task: "t1", Label: "cat"})
	rt.RegisterModule("labels", map[string]any{
		"normalize": strings.ToLower,
		"sum": func(xs ...float64) float64 {
			s := 0.0
			for _, x := range xs {
				s += x
			}
			return s
		},
		"join": func(ctx context.Context, sep string, parts ...string) string {
			return strings.Join(parts, sep) + fmt.Sprint(ctx.Err() == nil)
		},
		"split": func(ctx context.Context, s string) ([]string, error) {
			if s == "" {
				return nil, errors.New("nothing to split")
			}
			return strings.Split(s, ","), nil
		},
	})
	v, err := rt.Run(context.Background(), `
		const {normalize, sum, split, join} = require('labels');
		app.record({task: config.task, label: normalize('DOG')});
		app.wait(1);
		let caught = '';
		try { split('') } catch (e) { caught = e.message }
		[app.name, app.version, app.limits.max, Object.keys(app).join(), sum(1, 2, 3.5), split('a,b'), caught, typeof app.record,
		 join('-', 'a', 'b', 'c')]`)
	if err != nil {
		t.Fatal(err)
	}
	want := []any{"reviewer", int64(3), int64(10), "limits,name,record,version,wait", 6.5, []any{"a", "b"}, "nothing to split", "function",
		"a-b-ctrue"}
	if !reflect.DeepEqual(v, want) {
		t.Errorf("got  %#v\nwant %#v", v, want)
	}
	if len(seen) != 1 || seen[0] != (labelled{"t1", "dog"}) || !ctxAlive {
		t.Errorf("the Go side saw %v, context alive %v", seen, ctxAlive)
	}

	// The context a Go function gets ends with the run.
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err = rt.Run(ctx, `app.wait(60000)`)
	if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > 5*time.Second {
		t.Errorf("a Go function waiting on the run's context: %v after %v", err, time.Since(start))
	}
}

// TestCall: a function a script defined, called from Go with Go arguments.
func TestCall(t *testing.T) {
	rt, _ := newRuntime(t, runtime.Options{})
	_, err := rt.Run(context.Background(), `
		function score(answers) { return answers.filter(a => a.label === 'cat').length / answers.length }
		const handlers = {prefix: 'seen ', onTask(task) { return this.prefix + task.task }};
		const later = async (n) => { await new Promise(r => setTimeout(r, 5)); return n * 2 };`)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		args []any
		want any
	}{
		{"score", []any{[]labelled{{"t1", "cat"}, {"t2", "dog"}}}, 0.5},
		{"score", []any{[]any{map[string]any{"label": "cat"}}}, int64(1)},
		{"handlers.onTask", []any{labelled{Task: "t7"}}, "seen t7"},
		{"later", []any{21}, int64(42)},
	} {
		got, err := rt.Call(context.Background(), tc.name, tc.args...)
		if err != nil || !reflect.DeepEqual(got, tc.want) {
			t.Errorf("Call(%s): %#v %v, want %#v", tc.name, got, err, tc.want)
		}
	}
	for name, want := range map[string]string{
		"scor":            "Call: scor is not a function (it is undefined); did you mean score?",
		"handlers.prefix": "Call: handlers.prefix is not a function (it is 'seen ')",
		"nope.x":          "Call: nope.x is not a function",
		"score()":         `Call: "score()" is not a name`,
	} {
		_, err := rt.Call(context.Background(), name)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Call(%s): want %q, got %v", name, want, err)
		}
	}
}
