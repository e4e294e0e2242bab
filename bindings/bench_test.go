package bindings_test

import (
	"context"
	"io"
	"net/http"
	"runtime"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/dop251/goja"

	"github.com/tolokash/tolokash/bindings"
	"github.com/tolokash/tolokash/client"
	"github.com/tolokash/tolokash/emulator"
	"github.com/tolokash/tolokash/internal/testenv"
)

// BenchmarkIterate100k compares iterating 100k assignments in JS (for…of over
// toloka.getAssignments) with the Go iterator over the same pages.
func BenchmarkIterate100k(b *testing.B) {
	for _, total := range []int{10_000, 100_000} {
		b.Run(strconv.Itoa(total), func(b *testing.B) { benchIterate(b, total) })
	}
}

func benchIterate(b *testing.B, total int) {
	ts := testenv.PagingServer(total, 1000)
	defer ts.Close()
	c, _ := client.New("x", client.WithURL(ts.URL))
	b.Run("go", func(b *testing.B) {
		for b.Loop() {
			n := 0
			for _, err := range c.Assignments(context.Background(), client.AssignmentFilter{}, client.BatchSize(1000)) {
				if err != nil {
					b.Fatal(err)
				}
				n++
			}
			if n != total {
				b.Fatal(n)
			}
		}
	})
	b.Run("js", func(b *testing.B) {
		vm := goja.New()
		bindings.Install(vm, c, bindings.Options{})
		prog := goja.MustCompile("bench.js", `(() => { let n = 0; for (const a of toloka.getAssignments({batch_size: 1000})) { if (a.status) n++ } return n })()`, false)
		for b.Loop() {
			v, err := vm.RunProgram(prog)
			if err != nil || v.ToInteger() != int64(total) {
				b.Fatal(v, err)
			}
		}
	})
}

// BenchmarkConvertPage compares building JS values from a 2,000-object page
// directly with goja's JSON.parse of the same bytes.
func BenchmarkConvertPage(b *testing.B) {
	page := testenv.AssignmentPage(0, 2000, false)
	vm := goja.New()
	b.Run("direct", func(b *testing.B) {
		b.SetBytes(int64(len(page)))
		for b.Loop() {
			if _, err := bindings.FromJSON(vm, page); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("JSON.parse", func(b *testing.B) {
		b.SetBytes(int64(len(page)))
		parse, _ := goja.AssertFunction(vm.Get("JSON").ToObject(vm).Get("parse"))
		s := vm.ToValue(string(page))
		for b.Loop() {
			if _, err := parse(goja.Undefined(), s); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkIterateReplayed runs for…of loops over 100k assignments whose pages
// are replayed from memory (the emulator's bytes, without its cost), beside a
// raw net/http walk of the same pages, so a profile of one loop shows the
// bindings' own cost: go test ./bindings -run '^$' -bench IterateReplayed/one -cpuprofile cpu.out
func BenchmarkIterateReplayed(b *testing.B) {
	const total = 100_000
	em, err := emulator.Start(emulator.Options{DemoAssignments: total})
	if err != nil {
		b.Fatal(err)
	}
	replay := testenv.NewReplay(em.URL)
	defer replay.Close()
	c, _ := client.New("x", client.WithURL(replay.URL))
	var pool string
	for p, err := range c.Pools(context.Background(), client.PoolFilter{}) {
		if err != nil {
			b.Fatal(err)
		}
		pool = p.ID
	}
	vm := goja.New()
	if err := bindings.Install(vm, c, bindings.Options{}); err != nil {
		b.Fatal(err)
	}
	loop := func(body string) *goja.Program {
		return goja.MustCompile("bench.js", `(() => { let n = 0; for (const a of toloka.getAssignments({pool_id: '`+pool+`', batch_size: 1000})) { `+body+` } return n })()`, false)
	}
	loops := []struct {
		name string
		prog *goja.Program
	}{
		{"count", loop(`n++`)},
		{"one", loop(`if (a.status) n++`)},
		{"five", loop(`if (a.id && a.user_id && a.solutions[0].output_values.label && a.tasks[0].input_values.image && a.status) n++`)},
		{"stringify", loop(`if (JSON.stringify(a).length > 2) n++`)},
	}
	if v, err := vm.RunProgram(loops[0].prog); err != nil || v.ToInteger() != total { // records the pages
		b.Fatal(v, err)
	}
	// The raw walk asks for the URLs the iterator asks for.
	var urls []string
	for last := ""; ; {
		u := replay.URL + "/api/v1/assignments?limit=1000&pool_id=" + pool + "&sort=id"
		if last != "" {
			u += "&id_gt=" + last
		}
		urls = append(urls, u)
		page, err := c.FindAssignments(context.Background(), client.AssignmentFilter{PoolID: pool, IDGt: last, Sort: []string{"id"}, Limit: 1000})
		if err != nil {
			b.Fatal(err)
		}
		if !page.HasMore {
			break
		}
		last = page.Items[len(page.Items)-1].ID
	}
	// Everything is recorded: the emulator's heap, which would slow every
	// collection, goes.
	em.Close()
	em = nil
	runtime.GC()
	b.Run("raw", func(b *testing.B) {
		defer reportCPU(b)()
		for b.Loop() {
			for _, u := range urls {
				resp, err := http.Get(u)
				if err != nil {
					b.Fatal(err)
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			}
		}
	})
	for _, l := range loops {
		b.Run(l.name, func(b *testing.B) {
			defer reportCPU(b)()
			for b.Loop() {
				if v, err := vm.RunProgram(l.prog); err != nil || v.ToInteger() != total {
					b.Fatal(v, err)
				}
			}
		})
	}
}

// reportCPU reports the process's CPU time per op beside the wall time:
// on a machine shared with other work, CPU time moves less.
func reportCPU(b *testing.B) func() {
	before := cpuTime()
	return func() { b.ReportMetric(float64(cpuTime()-before)/float64(b.N)/1e6, "cpu-ms/op") }
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkCreateTasksReplayed creates 100k tasks with toloka.createTasks,
// its requests answered from memory with what an emulator answered the
// first time (testenv.Replay): what is left is the client's cost and the
// bindings'. go test ./bindings -run '^$' -bench CreateTasksReplayed -cpuprofile cpu.out
func BenchmarkCreateTasksReplayed(b *testing.B) {
	const total = 100_000
	em, err := emulator.Start(emulator.Options{OperationDelay: time.Millisecond})
	if err != nil {
		b.Fatal(err)
	}
	replay := testenv.NewReplay(em.URL)
	defer replay.Close()
	c, _ := client.New("x", client.WithURL(replay.URL), client.WithPollInterval(50*time.Millisecond))
	vm := goja.New()
	if err := bindings.Install(vm, c, bindings.Options{}); err != nil {
		b.Fatal(err)
	}
	_, err = vm.RunString(`
		const p = toloka.createProject({public_name: 'bench', public_description: 'bench', assignments_issuing_type: 'AUTOMATED',
			task_spec: {input_spec: {image: {type: 'url', required: true}}, output_spec: {label: {type: 'string', required: true}},
			view_spec: {type: 'classic', markup: '<img src="{{image}}">', script: '', styles: ''}}});
		const pool = toloka.createPool({project_id: p.id, private_name: 'bench', may_contain_adult_content: false, reward_per_assignment: 0.01,
			assignment_max_duration_seconds: 600, will_expire: '2030-01-01T00:00:00', defaults: {default_overlap_for_new_tasks: 1, default_overlap_for_new_task_suites: 1}});
		var tasks = [];
		for (let i = 0; i < ` + strconv.Itoa(total) + `; i++) tasks.push({pool_id: pool.id, input_values: {image: 'https://example.com/' + i + '.jpg'}});`)
	if err != nil {
		b.Fatal(err)
	}
	prog := goja.MustCompile("create.js", `(() => { const res = toloka.createTasks(tasks, {allow_defaults: true}); let n = 0; for (const i in res.items) if (res.items[i].id) n++; return n })()`, false)
	if v, err := vm.RunProgram(prog); err != nil || v.ToInteger() != total { // records
		b.Fatal(v, err)
	}
	em.Close()
	runtime.GC()
	recorded := replay.Misses()
	defer reportCPU(b)()
	for b.Loop() {
		if v, err := vm.RunProgram(prog); err != nil || v.ToInteger() != total {
			b.Fatal(v, err)
		}
	}
	if m := replay.Misses(); m != recorded {
		b.Fatalf("%d requests were not replayed", m-recorded)
	}
}
