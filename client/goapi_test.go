package client_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"net/http"
	"net/http/httptest"
	"os"
	"reflect"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tolokash/tolokash/client"
	"github.com/tolokash/tolokash/client/internal/gen"
	"github.com/tolokash/tolokash/emulator"
	"github.com/tolokash/tolokash/emulator/emulatortest"
)

// TestErrorsNameTheMethodCalled: an error names the method the caller
// called, not the row whose request failed inside it (accept_assignment
// sends patch_assignment's request; open_pool the request of open_pool_async).
func TestErrorsNameTheMethodCalled(t *testing.T) {
	em := emulatortest.Start(t, emulator.Options{})
	c := fastClient(t, em.URL)
	ctx := context.Background()
	for _, tc := range []struct {
		method string
		call   func() error
	}{
		{"accept_assignment", func() error { _, err := c.AcceptAssignment(ctx, "nope", ""); return err }},
		{"reject_assignment", func() error { _, err := c.RejectAssignment(ctx, "nope", "bad"); return err }},
		{"open_pool", func() error { _, err := c.OpenPool(ctx, "123456789"); return err }},
		{"archive_project", func() error { _, err := c.ArchiveProject(ctx, "123456789"); return err }},
		{"get_pool", func() error { _, err := c.GetPool(ctx, "123456789"); return err }},
	} {
		err := tc.call()
		var apiErr *client.APIError
		if !errors.As(err, &apiErr) || !errors.Is(err, client.ErrNotFound) {
			t.Errorf("%s: %v, want a DOES_NOT_EXIST *APIError", tc.method, err)
			continue
		}
		if apiErr.Method != tc.method || !strings.HasPrefix(err.Error(), tc.method+": DOES_NOT_EXIST") {
			t.Errorf("%s: the error names %q: %v", tc.method, apiErr.Method, err)
		}
	}
	// The methods beyond the table name themselves too, not the get_pool
	// they send.
	for _, tc := range []struct {
		method string
		call   func() error
	}{
		{"wait_pool", func() error { _, err := c.WaitPool(ctx, "123456789", client.StatusWait{}); return err }},
		{"wait_training", func() error { _, err := c.WaitTraining(ctx, "123456789", client.StatusWait{}); return err }},
		{"estimate_pool_cost", func() error {
			_, err := c.EstimatePoolCost(ctx, "123456789", client.EstimateOptions{})
			return err
		}},
		{"open_pool", func() error { _, err := c.OpenPool(ctx, "123456789", client.MaxCost("1")); return err }},
	} {
		err := tc.call()
		var apiErr *client.APIError
		if !errors.As(err, &apiErr) || !errors.Is(err, client.ErrNotFound) {
			t.Errorf("%s: %v, want a DOES_NOT_EXIST *APIError", tc.method, err)
			continue
		}
		if apiErr.Method != tc.method || !strings.Contains(err.Error(), tc.method+": DOES_NOT_EXIST") {
			t.Errorf("%s: the error names %q: %v", tc.method, apiErr.Method, err)
		}
	}
}

// TestCaptureResponse: CaptureResponse gives the last answer's status,
// headers, request id and rate limits, and counts the requests and the
// tries, for a method that succeeds, one that fails, one that waits for an
// operation and one that was retried.
func TestCaptureResponse(t *testing.T) {
	em := emulator.New(emulator.Options{OperationDelay: 5 * time.Millisecond})
	t.Cleanup(em.Close)
	var requests atomic.Int32
	// The emulator sends no rate-limit headers and no X-Request-Id on a
	// success; this stand-in for the service's front adds them, and turns the
	// first GET of a pool away with a 429, as a quota would.
	var refused atomic.Bool
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := requests.Add(1)
		w.Header().Set("X-Request-Id", fmt.Sprintf("req-%d", n))
		w.Header().Set("RateLimit-Limit", "300")
		w.Header().Set("RateLimit-Remaining", fmt.Sprint(300-n))
		w.Header().Set("RateLimit-Reset", "1")
		if r.Method == "GET" && strings.HasPrefix(r.URL.Path, "/api/v1/pools/") && refused.CompareAndSwap(false, true) {
			w.Header().Set("Retry-After", "0")
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusTooManyRequests)
			fmt.Fprint(w, `{"code":"TOO_MANY_REQUESTS","message":"slow down","payload":{"interval":"MIN"},"request_id":"quota-1"}`)
			return
		}
		em.ServeHTTP(w, r)
	}))
	t.Cleanup(ts.Close)
	c := fastClient(t, ts.URL)
	ctx := context.Background()
	pool := batchPool(t, c)

	var resp client.Response
	before := requests.Load()
	if _, err := c.GetPool(ctx, pool, client.CaptureResponse(&resp)); err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 200 || resp.Attempts != 2 || resp.Requests != 1 || requests.Load()-before != 2 {
		t.Errorf("a get retried after a 429: status %d, attempts %d, requests %d", resp.StatusCode, resp.Attempts, resp.Requests)
	}
	if want := fmt.Sprintf("req-%d", requests.Load()); resp.RequestID != want || resp.Header.Get("Content-Type") != "application/json" {
		t.Errorf("request id %q (want %q), headers %v", resp.RequestID, want, resp.Header)
	}
	if resp.Rate == nil || resp.Rate.Limit != 300 || resp.Rate.Remaining != 300-int(requests.Load()) || time.Until(resp.Rate.Reset) > time.Second {
		t.Errorf("rate %+v", resp.Rate)
	}

	resp = client.Response{}
	_, err := c.GetPool(ctx, "123456789", client.CaptureResponse(&resp))
	var apiErr *client.APIError
	if !errors.As(err, &apiErr) || resp.StatusCode != 404 || resp.RequestID == "" || resp.RequestID != apiErr.RequestID || resp.Attempts != 1 {
		t.Errorf("a failed get: %v; response %+v", err, resp)
	}

	if _, err := c.CreateTasks(ctx, numberedTasks(pool, 3), client.AllowDefaults()); err != nil {
		t.Fatal(err)
	}
	resp = client.Response{}
	before = requests.Load()
	if _, err := c.OpenPool(ctx, pool, client.CaptureResponse(&resp)); err != nil {
		t.Fatal(err)
	}
	if made := int(requests.Load() - before); resp.Requests != made || made < 3 || resp.StatusCode != 200 {
		t.Errorf("open_pool: %d requests made, response says %d (status %d)", made, resp.Requests, resp.StatusCode)
	}

	// A create in batches answers on several goroutines at once.
	batched := fastClient(t, ts.URL, client.WithUploadBatches(10, 3))
	pool = batchPool(t, c)
	resp = client.Response{}
	before = requests.Load()
	if _, err := batched.CreateTasks(ctx, numberedTasks(pool, 45), client.AllowDefaults(), client.CaptureResponse(&resp)); err != nil {
		t.Fatal(err)
	}
	if made := int(requests.Load() - before); resp.Requests != made || made < 10 {
		t.Errorf("create_tasks in 5 batches: %d requests made, response says %d", made, resp.Requests)
	}
}

// TestCreateResultsFollowTheInput: a create of a list answers with a slice
// in the input's order and a parallel error list; in JSON it is still
// toloka-kit's answer keyed by index.
func TestCreateResultsFollowTheInput(t *testing.T) {
	em := emulatortest.Start(t, emulator.Options{})
	for _, batch := range []int{0, 2} { // one request; then batches of 2, answered on goroutines
		var opts []client.Option
		if batch > 0 {
			opts = append(opts, client.WithUploadBatches(batch, 2))
		}
		c := fastClient(t, em.URL, opts...)
		res, err := c.CreateTasks(context.Background(), numberedTasks(batchPool(t, c), 5, 1, 3), client.AllowDefaults(), client.SkipInvalidItems())
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Items) != 5 || len(res.Errors) != 5 {
			t.Fatalf("batches of %d: %d items, %d errors", batch, len(res.Items), len(res.Errors))
		}
		for i, task := range res.Items {
			bad := i == 1 || i == 3
			var ie *client.ItemError
			switch {
			case bad && (task != nil || !errors.As(res.Errors[i], &ie) || ie.Index != i || !errors.Is(res.Errors[i], client.ErrValidation) ||
				ie.Fields["input_values.n"].Code == ""):
				t.Errorf("batches of %d: item %d was refused, got %+v, %v", batch, i, task, res.Errors[i])
			case !bad && (task == nil || res.Errors[i] != nil || task.InputValues["n"] != json.Number(fmt.Sprint(i))):
				t.Errorf("batches of %d: item %d was made, got %+v, %v", batch, i, task, res.Errors[i])
			}
		}
		if err := res.Err(); !errors.Is(err, client.ErrValidation) || !strings.Contains(err.Error(), "item 3: input_values.n: ") {
			t.Errorf("Err: %v", err)
		}
		b, _ := json.Marshal(res)
		var wire struct {
			Items            map[string]json.RawMessage `json:"items"`
			ValidationErrors map[string]json.RawMessage `json:"validation_errors"`
		}
		if err := json.Unmarshal(b, &wire); err != nil || len(wire.Items) != 3 || wire.Items["4"] == nil || len(wire.ValidationErrors) != 2 || wire.ValidationErrors["3"] == nil {
			t.Errorf("JSON: %s", b)
		}
		var back client.TaskBatchCreateResult
		if err := json.Unmarshal(b, &back); err != nil || len(back.Items) != 5 || back.Items[2].ID != res.Items[2].ID || back.Errors[1] == nil {
			t.Errorf("JSON read back: %+v %v", back, err)
		}
	}

	// An answer's index is bounded by its size: a hostile one cannot make
	// the result allocate billions of slots.
	var r client.TaskBatchCreateResult
	if err := json.Unmarshal([]byte(`{"items":{"2000000000":{"id":"1"}}}`), &r); err == nil || len(r.Items) > 100 {
		t.Errorf("a far index: %v, %d items", err, len(r.Items))
	}
}

// TestNoRawJSONWhereATypeExists: a model field is raw JSON only where the
// API gives it no type; everywhere else it has one (it once was raw for a
// Toloker's attributes, the requester's company, App errors and imports,
// operations' parameters and details, validation errors' params).
func TestNoRawJSONWhereATypeExists(t *testing.T) {
	untyped := map[string]string{
		"App.Examples":            "any JSON in toloka-kit and absent from the API description",
		"AnalyticsResult.Result":  "a number or an object, as the metric says",
		"OperationLogItem.Input":  "the object sent (a task, a suite, a bonus), read by the creates in one pass",
		"OperationLogItem.Output": "what was made of it, likewise",
	}
	raw := reflect.TypeFor[json.RawMessage]()
	seen := map[reflect.Type]bool{}
	var walk func(reflect.Type)
	walk = func(ty reflect.Type) {
		for ty.Kind() == reflect.Pointer || ty.Kind() == reflect.Slice || ty.Kind() == reflect.Map {
			if ty == raw {
				break
			}
			ty = ty.Elem()
		}
		if ty.Kind() != reflect.Struct || seen[ty] || ty.PkgPath() != reflect.TypeFor[client.Pool]().PkgPath() {
			return
		}
		seen[ty] = true
		for i := 0; i < ty.NumField(); i++ {
			f := ty.Field(i)
			if !f.IsExported() || f.Name == "Extra" {
				continue
			}
			if f.Type == raw && untyped[ty.Name()+"."+f.Name] == "" {
				t.Errorf("%s.%s is raw JSON; the API gives it a type", ty.Name(), f.Name)
			}
			walk(f.Type)
		}
	}
	for _, m := range []any{client.Project{}, client.Pool{}, client.Training{}, client.Skill{}, client.Task{}, client.TaskSuite{},
		client.Assignment{}, client.Attachment{}, client.AggregatedSolution{}, client.UserBonus{}, client.UserRestriction{},
		client.UserSkill{}, client.User{}, client.Requester{}, client.MessageThread{}, client.WebhookSubscription{}, client.App{},
		client.AppProject{}, client.AppItem{}, client.AppBatch{}, client.Operation{}, client.OperationLogItem{},
		client.TaskBatchCreateResult{}, client.ItemError{}, client.ProjectClone{}} {
		walk(reflect.TypeOf(m))
	}
	if len(seen) < 40 {
		t.Fatalf("only %d types walked", len(seen))
	}
}

// TestMethodDocsAreGoStyle: a typed method's doc is a sentence beginning
// with its name, as go doc expects ("GetPool gets a pool by id."), and
// its second line names the toloka-kit method and the route.
func TestMethodDocsAreGoStyle(t *testing.T) {
	fset := token.NewFileSet()
	pkgs, err := parser.ParseDir(fset, ".", func(fi os.FileInfo) bool { return !strings.HasSuffix(fi.Name(), "_test.go") }, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	docs := map[string]string{}
	for _, f := range pkgs["client"].Files {
		for _, d := range f.Decls {
			if fn, ok := d.(*ast.FuncDecl); ok && fn.Recv != nil && fn.Doc != nil {
				docs[fn.Name.Name] = fn.Doc.Text()
			}
		}
	}
	for _, e := range client.Endpoints() {
		name := gen.MethodName(e)
		lines := strings.Split(docs[name], "\n")
		route := fmt.Sprintf("toloka-kit: %s, %s %s.", e.Name, e.Verb, e.Path)
		first, _, _ := strings.Cut(docs[name], ".")
		verb, _, _ := strings.Cut(strings.TrimPrefix(first, name+" "), " ")
		switch {
		case !strings.HasPrefix(docs[name], name+" ") || verb == "" || strings.ToLower(verb) != verb:
			t.Errorf("%s's doc does not begin with a sentence about %s: %q", name, name, lines[0])
		case !slices.Contains(lines[:min(3, len(lines))], route):
			t.Errorf("%s's doc does not say %q after its first sentence:\n%s", name, route, docs[name])
		}
	}
}
