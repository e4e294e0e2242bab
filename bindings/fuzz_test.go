package bindings_test

import (
	"strings"
	"testing"

	"github.com/dop251/goja"

	"github.com/tolokash/tolokash/bindings"
	"github.com/tolokash/tolokash/client"
)

// FuzzArguments calls methods with arbitrary JS values as arguments: every call
// ends in a result or a JS exception (TypeError for bad arguments, TolokaError
// or Error otherwise), never a Go panic escaping the VM.
func FuzzArguments(f *testing.F) {
	for _, seed := range []struct{ method, args string }{
		{"getPool", `'1'`}, {"getPool", `42`}, {"getPool", `{}`}, {"getPool", ``}, {"getPool", `null, {a: 1}`},
		{"createTasks", `[{pool_id: '1'}], {allow_defaults: 'yes'}`}, {"createTasks", `'x'`}, {"findPools", `{sort: [1, {}], limit: -1}`},
		{"getAssignments", `{status: [null], batch_size: 'ten'}`},
		{"downloadAttachment", `'1', 42`}, {"findPools", `{created_gt: new Date(0)}`}, {"acceptAssignment", `'a', {}`},
		{"addMessageThreadToFolders", `'1', 'INBOX'`}, {"getApp", `'x', {lang: ['EN']}`},
	} {
		f.Add(seed.method, seed.args)
	}
	c, _ := client.New("x", client.WithURL("http://127.0.0.1:1"), client.WithRetries(0))
	vm := goja.New()
	if err := bindings.Install(vm, c, bindings.Options{}); err != nil {
		f.Fatal(err)
	}
	// Methods that wait for an operation keep polling through failures until
	// their timeout (minutes): they are left out, the rest fail fast here.
	names := map[string]bool{}
	for _, ep := range client.Endpoints() {
		if ep.Kind != client.KindSync && ep.Kind != client.KindPoll {
			names[bindings.JSName(ep.Name)] = true
		}
	}
	f.Fuzz(func(t *testing.T, method, args string) {
		if !names[method] {
			return
		}
		prog, err := goja.Compile("fuzz", "toloka."+method+"("+args+")", false)
		if err != nil {
			return // not JavaScript
		}
		if strings.Contains(args, "while") || strings.Contains(args, "for") {
			return
		}
		vm.ClearInterrupt()
		_, err = vm.RunProgram(prog)
		if err == nil {
			return
		}
		if _, ok := err.(*goja.Exception); !ok {
			t.Fatalf("toloka.%s(%s): %T %v", method, args, err, err)
		}
	})
}
