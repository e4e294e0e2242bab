package runtime_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/tolokash/tolokash/client"
	"github.com/tolokash/tolokash/emulator"
	"github.com/tolokash/tolokash/emulator/emulatortest"
	"github.com/tolokash/tolokash/runtime"
)

// TestAPIErrorReachesTheEmbedder: an API error a script does not catch
// comes back as the *client.APIError the call returned, so a Go program can
// tell "Toloka said DOES_NOT_EXIST" from a bug in the script; in an
// Untrusted runtime too, rethrown as another error's cause, and rejected in
// a promise. A script's own error carries none.
func TestAPIErrorReachesTheEmbedder(t *testing.T) {
	for _, untrusted := range []bool{false, true} {
		rt, _ := newRuntime(t, runtime.Options{Untrusted: untrusted})
		for _, src := range []string{
			`toloka.getPool('999999')`,
			`try { toloka.getPool('999999') } catch (e) { throw new Error('while looking up the pool', {cause: e}) }`,
			`(async () => toloka.getPool('999999'))()`,
			`const p = new Promise((_, reject) => setTimeout(() => { try { toloka.getPool('999999') } catch (e) { reject(e) } }, 1)); p`,
		} {
			_, err := rt.RunString(context.Background(), src)
			var apiErr *client.APIError
			if !errors.As(err, &apiErr) || apiErr.Code != "DOES_NOT_EXIST" || apiErr.Status != 404 || apiErr.Method != "get_pool" {
				t.Errorf("untrusted %v: %s: want the *client.APIError of get_pool, got %T %v", untrusted, src, err, err)
			}
			if !errors.Is(err, client.ErrNotFound) || errors.Is(err, client.ErrValidation) {
				t.Errorf("untrusted %v: %s: errors.Is(err, client.ErrNotFound) should hold alone: %v", untrusted, src, err)
			}
			var se *runtime.ScriptError
			if !errors.As(err, &se) || !strings.Contains(se.Error(), "DOES_NOT_EXIST") {
				t.Errorf("untrusted %v: %s: the error is still the script's, with its report: %v", untrusted, src, err)
			}
		}
		_, err := rt.RunString(context.Background(), `const pool = undefined; pool.id`)
		var apiErr *client.APIError
		if err == nil || errors.As(err, &apiErr) {
			t.Errorf("untrusted %v: a script's own TypeError is no API error: %v", untrusted, err)
		}
	}
}

// TestGoFunctionErrorReachesTheEmbedder: an error a Go function of the embedder's
// returns is thrown in the script and, uncaught, unwraps to itself.
func TestGoFunctionErrorReachesTheEmbedder(t *testing.T) {
	errQuota := errors.New("quota spent")
	rt, _ := newRuntime(t, runtime.Options{})
	rt.Set("spend", func(n int) (int, error) { return 0, errQuota })
	_, err := rt.RunString(context.Background(), `spend(3)`)
	if !errors.Is(err, errQuota) {
		t.Errorf("want the Go function's error, got %v", err)
	}
}

// TestRunReportsTheCauseThatFired: a run stopped by the caller's deadline
// says so and matches context.DeadlineExceeded; one stopped by its
// TimeLimit matches runtime.ErrTimeLimit and not the deadline; a cancelled
// context is context.Canceled; Interrupt is runtime.ErrInterrupted (and
// the reason, when it is an error). Also while an API call is in flight,
// whose own error (the call's context ended) says nothing of which fired.
func TestRunReportsTheCauseThatFired(t *testing.T) {
	slow := emulatortest.Start(t, emulator.Options{Latency: 3 * time.Second})
	c, err := client.New("local", client.WithURL(slow.URL))
	if err != nil {
		t.Fatal(err)
	}
	errShutdown := errors.New("shutting down")
	for _, untrusted := range []bool{false, true} {
		for _, src := range []string{`for (;;) {}`, `toloka.getRequester()`, `sleep(3000)`, `new Promise(r => setTimeout(r, 3000))`} {
			t.Run(fmt.Sprintf("untrusted=%v/%s", untrusted, src), func(t *testing.T) {
				t.Parallel()
				cases := []struct {
					name      string
					timeLimit time.Duration
					run       func(rt *runtime.Runtime) error
					is, isNot []error
					says      string
				}{
					{"deadline", 10 * time.Second, func(rt *runtime.Runtime) error {
						ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
						defer cancel()
						_, err := rt.RunString(ctx, src)
						return err
					}, []error{context.DeadlineExceeded}, []error{runtime.ErrTimeLimit, runtime.ErrInterrupted, context.Canceled},
						"context deadline exceeded: the run was stopped after"}, // about 300ms: the run began after the context did
					{"time limit", 300 * time.Millisecond, func(rt *runtime.Runtime) error {
						ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
						defer cancel()
						_, err := rt.RunString(ctx, src)
						return err
					}, []error{runtime.ErrTimeLimit}, []error{context.DeadlineExceeded, runtime.ErrInterrupted, context.Canceled},
						"time limit exceeded: the run was stopped after 300ms"},
					{"cancel", 0, func(rt *runtime.Runtime) error {
						ctx, cancel := context.WithCancelCause(context.Background())
						time.AfterFunc(300*time.Millisecond, func() { cancel(errShutdown) })
						_, err := rt.RunString(ctx, src)
						return err
					}, []error{context.Canceled, errShutdown}, []error{context.DeadlineExceeded, runtime.ErrTimeLimit, runtime.ErrInterrupted},
						"interrupted: shutting down"},
					{"interrupt", 0, func(rt *runtime.Runtime) error {
						time.AfterFunc(300*time.Millisecond, func() { rt.Interrupt(errShutdown) })
						_, err := rt.RunString(context.Background(), src)
						return err
					}, []error{runtime.ErrInterrupted, errShutdown}, []error{context.DeadlineExceeded, runtime.ErrTimeLimit, context.Canceled},
						"shutting down"},
				}
				for _, tc := range cases {
					rt, err := runtime.New(runtime.Options{Client: c, Untrusted: untrusted, TimeLimit: tc.timeLimit})
					if err != nil {
						t.Fatal(err)
					}
					err = tc.run(rt)
					rt.Close()
					var se *runtime.ScriptError
					if !errors.As(err, &se) || !se.Interrupt || !strings.HasPrefix(se.Message, tc.says) {
						t.Errorf("untrusted %v, %s, %s: want an interrupt saying %q, got %v", untrusted, tc.name, src, tc.says, err)
						continue
					}
					for _, want := range tc.is {
						if !errors.Is(err, want) {
							t.Errorf("untrusted %v, %s, %s: errors.Is(err, %v) should hold: %v", untrusted, tc.name, src, want, err)
						}
					}
					for _, not := range tc.isNot {
						if errors.Is(err, not) {
							t.Errorf("untrusted %v, %s, %s: errors.Is(err, %v) should not hold: %v", untrusted, tc.name, src, not, err)
						}
					}
				}
			})
		}
	}
}

// TestMemoryRefusalsReachTheEmbedder: a built-in that refuses an allocation
// throws a RangeError the script may catch; uncaught, it comes back as the
// *runtime.MemoryLimitError, as the watchdog's stop does.
func TestMemoryRefusalsReachTheEmbedder(t *testing.T) {
	rt, _ := newRuntime(t, runtime.Options{Untrusted: true, MemoryLimit: 64 << 20})
	for src, what := range map[string]string{
		`new Uint8Array(2 ** 30)`:           "new Uint8Array(1073741824)",
		`'x'.repeat(2 ** 28)`:               "String.prototype.repeat",
		`new Array(2 ** 32 - 1).indexOf(1)`: "Array.prototype.indexOf",
		`require('compress').gunzip(require('compress').gzip(new Uint8Array(2 ** 25)))`: "",
	} {
		_, err := rt.Run(context.Background(), src)
		var me *runtime.MemoryLimitError
		if !errors.As(err, &me) || me.Limit != 64<<20 || !strings.HasPrefix(me.What, what) {
			t.Errorf("%s: want a *runtime.MemoryLimitError for %q, got %v", src, what, err)
		}
	}
}

// TestWorkflowErrorsReachTheEmbedder: the errors of #18's helpers come back
// to a Go program as the client's, as an API error does: a status wait that
// times out as its *client.StatusWaitError (in a script it is a
// WaitTimeoutError), the budget guard's refusal as client.ErrBudget.
func TestWorkflowErrorsReachTheEmbedder(t *testing.T) {
	rt, _ := newRuntime(t, runtime.Options{})
	ctx := context.Background()
	pool, err := rt.Run(ctx, `const pr = toloka.createProject({public_name: 'x', task_spec: {input_spec: {image: {type: 'url'}}, output_spec: {b: {type: 'string'}}}});
		const p = toloka.createPool({project_id: pr.id, private_name: 'p',
		may_contain_adult_content: false, will_expire: '2030-01-01T00:00:00', reward_per_assignment: 0.02,
		assignment_max_duration_seconds: 600, defaults: {default_overlap_for_new_tasks: 1, default_overlap_for_new_task_suites: 1}});
		toloka.createTasks([{pool_id: p.id, input_values: {image: 'https://example.com/1.jpg'}}], {allow_defaults: true});
		p.id`)
	if err != nil {
		t.Fatal(err)
	}
	poolID := pool.(string)
	for _, src := range []string{
		`toloka.waitPool(%q, {status: 'ARCHIVED', timeout: '30ms', interval: 10})`,
		`await toloka.async.waitPool(%q, {status: 'ARCHIVED', timeout: '30ms', interval: 10})`,
	} {
		_, err := rt.Run(ctx, fmt.Sprintf(src, poolID))
		var se *client.StatusWaitError
		if !errors.As(err, &se) || !se.TimedOut || se.ID != poolID || !errors.Is(err, client.ErrStatusWait) {
			t.Errorf("%s: want the *client.StatusWaitError of the timeout, got %T %v", src, err, err)
		}
	}
	v, err := rt.Run(ctx, fmt.Sprintf(`try { toloka.waitPool(%q, {status: 'ARCHIVED', timeout: '30ms', interval: 10}) }
		catch (e) { [e instanceof WaitTimeoutError, e.code, e.status, e.wanted, e.message] }`, poolID))
	got, _ := v.([]any)
	if err != nil || len(got) != 5 || got[0] != true || got[1] != "WAIT_TIMEOUT" || got[2] != "CLOSED" ||
		!strings.HasPrefix(fmt.Sprint(got[4]), "toloka.waitPool: pool "+fmt.Sprint(poolID)) {
		t.Errorf("in the script: %#v, %v", v, err)
	}
	_, err = rt.Run(ctx, fmt.Sprintf(`toloka.openPool(%q, {max_cost: 0.001})`, poolID))
	var be *client.BudgetError
	if !errors.As(err, &be) || !errors.Is(err, client.ErrBudget) {
		t.Errorf("the budget guard: want a *client.BudgetError, got %T %v", err, err)
	}
}
