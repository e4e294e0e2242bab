package client_test

import (
	"encoding/json"
	"fmt"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"io"
	"os"
	"os/exec"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/tolokash/tolokash/client"
	"github.com/tolokash/tolokash/client/internal/gen"
	"github.com/tolokash/tolokash/internal/testenv"
)

// typeCheck type-checks Go sources against package client as built, and
// returns the compile errors by line. The packages come from the go
// command's export data (go list -export), as the compiler sees them.
func typeCheck(t *testing.T, src string) map[int]string {
	t.Helper()
	exports := exportData(t)
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "snippet.go", src, 0)
	if err != nil {
		t.Fatalf("%v\n%s", err, src)
	}
	errs := map[int]string{}
	conf := types.Config{
		Importer: importer.ForCompiler(fset, "gc", func(path string) (io.ReadCloser, error) {
			if exports[path] == "" {
				return nil, fmt.Errorf("no export data for %s", path)
			}
			return os.Open(exports[path])
		}),
		Error: func(err error) {
			te := err.(types.Error)
			line := te.Fset.Position(te.Pos).Line
			if errs[line] == "" {
				errs[line] = te.Msg
			}
		},
	}
	conf.Check("snippet", fset, []*ast.File{f}, nil)
	return errs
}

// snippet is a line of Go, and whether it must compile.
type snippet struct {
	code string
	ok   bool
}

// checkSnippets type-checks each line in a function of its own file's body
// (ctx, c, resp and op are declared) and holds it to whether it must compile.
func checkSnippets(t *testing.T, lines []snippet) {
	t.Helper()
	var src strings.Builder
	src.WriteString("package snippet\n\nimport (\n\t\"context\"\n\t\"time\"\n\n\t\"github.com/tolokash/tolokash/client\"\n\t\"github.com/tolokash/tolokash/client/actions\"\n)\n\n")
	src.WriteString("var _ = time.Second\nvar _ actions.DurationUnit\n\n")
	src.WriteString("func calls(ctx context.Context, c *client.Client, op *client.Operation) {\n\tvar resp client.Response\n\t_ = resp\n")
	at := make([]int, len(lines)) // the line of each in the source
	for i, l := range lines {
		at[i] = strings.Count(src.String(), "\n") + 1
		src.WriteString("\t" + l.code + "\n")
	}
	src.WriteString("}\n")
	errs := typeCheck(t, src.String())
	for i, l := range lines {
		if msg, failed := errs[at[i]]; failed == l.ok {
			t.Errorf("%s: compiles %v, want %v (%s)", l.code, !failed, l.ok, msg)
		}
	}
}

// TestTypedValuesCompile: statuses, scopes and the other enums are typed
// constants, one type per enum (an assignment status is no pool status),
// the same type where a model package declares it (actions); Ptr makes
// the optional fields' pointers; typed fields stand where raw JSON was.
func TestTypedValuesCompile(t *testing.T) {
	checkSnippets(t, []snippet{
		{`_ = client.Pool{Priority: client.Ptr(10), AutoAcceptSolutions: client.Ptr(false), Status: client.PoolOpen}`, true},
		{`var _ client.PoolStatus = client.AssignmentSubmitted`, false},
		{`_ = client.PoolFilter{Status: client.TrainingOpen}`, false},
		{`_ = client.AssignmentFilter{Status: []client.AssignmentStatus{client.AssignmentSubmitted, client.AssignmentAccepted}}`, true},
		{`_ = client.AssignmentFilter{Status: []string{"SUBMITTED"}}`, false},
		{`_ = client.UserRestriction{Scope: actions.UserRestrictionScopePool}`, true},
		{`_ = client.UserRestriction{Scope: client.UserRestrictionScopeProject}`, true},
		{`var _ actions.DurationUnit = client.UserRestrictionScopePool`, false},
		{`_ = op.Status == client.OperationSuccess && op.Type == client.OperationTypePoolOpen`, true},
		{`_ = op.Details.PoolID + op.Parameters.ProjectID`, true},
		{`_ = client.User{}.Attributes.CountryByPhone + client.Requester{}.Company.ID`, true},
		{`_ = client.AppProject{}.Errors[0].Code + client.AppBatch{}.LastItemsImport.ID`, true},
		{`_ = client.FieldValidation{}.Params[0]`, true},
		{`_ = client.WebhookSubscription{EventType: client.WebhookSubscriptionEventTypePoolClosed}`, true},
		{`_ = client.AssignmentsTSVFilter{Status: []client.AssignmentsTSVStatus{client.AssignmentsTSVApproved}, Field: []client.AssignmentsTSVField{client.AssignmentsTSVFieldWorkerID}}`, true},
	})
}

var exports struct {
	sync.Once
	paths map[string]string
	err   error
}

// exportData finds the compiled form of package client and its imports, once.
func exportData(t *testing.T) map[string]string {
	goCmd := testenv.NeedTool(t, "go")
	exports.Do(func() {
		out, err := exec.Command(goCmd, "list", "-export", "-deps", "-json=ImportPath,Export", "github.com/tolokash/tolokash/client").Output()
		if err != nil {
			exports.err = fmt.Errorf("go list -export: %w", err)
			return
		}
		exports.paths = map[string]string{}
		for dec := json.NewDecoder(strings.NewReader(string(out))); ; {
			var p struct{ ImportPath, Export string }
			if err := dec.Decode(&p); err == io.EOF {
				break
			} else if err != nil {
				exports.err = err
				return
			}
			exports.paths[p.ImportPath] = p.Export
		}
	})
	if exports.err != nil {
		t.Fatal(exports.err)
	}
	return exports.paths
}

// TestWrongOptionsDoNotCompile: an option a method does not take is a
// compile error, not a failure at run time ("expected one of pool_id, got
// an unknown option"); the options it takes compile.
func TestWrongOptionsDoNotCompile(t *testing.T) {
	checkSnippets(t, []snippet{
		{`c.GetPool(ctx, "1", client.AllowDefaults())`, false},
		{`c.GetPool(ctx, "1", client.CaptureResponse(&resp))`, true},
		{`c.GetPool(ctx, "1")`, true},
		{`c.CreateTasks(ctx, nil, client.AllowDefaults(), client.OperationID("x"), client.SkipInvalidItems(), client.WaitFor(time.Minute), client.OnProgress(nil), client.CaptureResponse(&resp))`, true},
		{`c.CreateTask(ctx, nil, client.SkipInvalidItems())`, false},
		{`c.CreateUserBonuses(ctx, nil, client.AllowDefaults())`, false},
		{`c.CreateUserBonuses(ctx, nil, client.OperationID("x"), client.SkipInvalidItems())`, true},
		{`c.CreateTasksAsync(ctx, nil, client.WaitFor(time.Minute))`, false},
		{`c.OpenPool(ctx, "1", client.WaitFor(time.Minute), client.OnProgress(nil), client.CaptureResponse(&resp))`, true},
		{`c.OpenPool(ctx, "1", client.OperationID("x"))`, false},
		{`c.OpenPoolAsync(ctx, "1", client.WaitFor(time.Minute))`, false},
		{`c.OpenPool(ctx, "1", client.MaxCost("50"), client.CheckBalance(), client.FeeRate("0.25"), client.WaitFor(time.Minute))`, true},
		{`c.OpenPoolAsync(ctx, "1", client.MaxCost("50"), client.CaptureResponse(&resp))`, true},
		{`c.ClosePool(ctx, "1", client.MaxCost("50"))`, false},
		{`c.WaitPool(ctx, "1", client.StatusWait{Timeout: time.Hour}, client.PoolOpen, client.PoolClosed)`, true},
		{`c.WaitPool(ctx, "1", client.StatusWait{})`, true},
		{`c.WaitPool(ctx, "1", client.StatusWait{}, client.TrainingOpen)`, false},
		{`c.WaitTraining(ctx, "1", client.StatusWait{}, client.TrainingClosed)`, true},
		{`c.Tasks(ctx, client.TaskFilter{}, client.BatchSize(10))`, true},
		{`c.Tasks(ctx, client.TaskFilter{}, client.CaptureResponse(&resp))`, false},
		{`c.FindTasks(ctx, client.TaskFilter{}, client.BatchSize(10))`, false},
		{`c.CreatePool(ctx, nil, client.Tier("cold"))`, true},
		{`c.UpdatePool(ctx, "1", nil, client.Tier("cold"))`, false},
		{`c.WaitOperation(ctx, nil, client.WaitTimeout(time.Second), client.WaitProgress(nil))`, true},
		{`c.WaitOperation(ctx, nil, client.BatchSize(1))`, false},
		{`c.GetApp(ctx, "1", client.Lang("EN"))`, true},
		{`c.GetApps(ctx, "1", client.Lang("EN"))`, false}, // no such method at all
	})
}

// TestOptionsFollowTheRows: every typed method's option type is satisfied
// by exactly the constructors of the options its row has (and
// CaptureResponse, unless it is an iterator), checked by the compiler.
func TestOptionsFollowTheRows(t *testing.T) {
	ctors := map[string]string{ // a constructor and a call of it
		"OperationID": `client.OperationID("x")`, "SyncMode": `client.SyncMode()`, "AllowDefaults": `client.AllowDefaults()`,
		"OpenPoolAfter": `client.OpenPoolAfter()`, "SkipInvalidItems": `client.SkipInvalidItems()`, "WaitFor": `client.WaitFor(1)`,
		"OnProgress": `client.OnProgress(nil)`, "BatchSize": `client.BatchSize(1)`, "Tier": `client.Tier("")`,
		"ReuseControllers": `client.ReuseControllers(true)`, "Lang": `client.Lang("")`, "ForceNewOriginal": `client.ForceNewOriginal()`,
		"CaptureResponse": `client.CaptureResponse(nil)`,
		"MaxCost":         `client.MaxCost("1")`, "CheckBalance": `client.CheckBalance()`, "FeeRate": `client.FeeRate("0.3")`,
	}
	paramOf := map[string]string{"CaptureResponse": ""}
	for _, f := range gen.OptionFuncs {
		for _, fn := range f.Funcs {
			paramOf[fn] = f.Param
			if ctors[fn] == "" {
				t.Errorf("gen.OptionFuncs names %s, which this test does not call", fn)
			}
		}
	}
	ct := reflect.TypeOf(&client.Client{})
	type check struct {
		method, ctor string
		want         bool
		line         int
	}
	var checks []check
	var src strings.Builder
	src.WriteString("package snippet\n\nimport \"github.com/tolokash/tolokash/client\"\n\n")
	for _, e := range client.Endpoints() {
		m, ok := ct.MethodByName(gen.MethodName(e))
		if !ok || !m.Type.IsVariadic() {
			t.Errorf("%s: no typed method %s taking options", e.Name, gen.MethodName(e))
			continue
		}
		optType := m.Type.In(m.Type.NumIn() - 1).Elem().Name()
		var takes []string
		for _, p := range e.Options {
			takes = append(takes, p.Name)
		}
		for fn, call := range ctors {
			want := slices.Contains(takes, paramOf[fn]) && (e.Kind == client.KindIterator) == (paramOf[fn] == "batch_size")
			if fn == "CaptureResponse" {
				want = e.Kind != client.KindIterator
			}
			if e.Kind == client.KindFind || e.Kind == client.KindTSV {
				want = want && fn == "CaptureResponse" // their query options are in the filter struct
			}
			checks = append(checks, check{gen.MethodName(e), fn, want, strings.Count(src.String(), "\n") + 1})
			fmt.Fprintf(&src, "var _ client.%s = %s // %s\n", optType, call, e.Name)
		}
	}
	errs := typeCheck(t, src.String())
	for _, c := range checks {
		if _, failed := errs[c.line]; failed == c.want {
			t.Errorf("%s takes %s: %v, want %v", c.method, c.ctor, !failed, c.want)
		}
	}
}
