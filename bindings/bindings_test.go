package bindings_test

import (
	"os"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/dop251/goja"

	"github.com/tolokash/tolokash/bindings"
	"github.com/tolokash/tolokash/client"
	"github.com/tolokash/tolokash/emulator"
	"github.com/tolokash/tolokash/emulator/emulatortest"
	"github.com/tolokash/tolokash/stdlib"
)

func newVM(t *testing.T, c *client.Client) *goja.Runtime {
	t.Helper()
	vm := goja.New()
	if err := bindings.Install(vm, c, bindings.Options{}); err != nil {
		t.Fatal(err)
	}
	if err := stdlib.Register(vm, stdlib.Options{}); err != nil {
		t.Fatal(err)
	}
	vm.Set("sleepMs", func(ms int) { time.Sleep(time.Duration(ms) * time.Millisecond) })
	return vm
}

func TestEveryMethodUnderBothNames(t *testing.T) {
	c, _ := client.New("x", client.WithURL("http://127.0.0.1:1"))
	vm := newVM(t, c)
	for _, ep := range client.Endpoints() {
		camel := bindings.JSName(ep.Name)
		v, err := vm.RunString("typeof toloka." + camel + " === 'function' && toloka." + camel + " === toloka." + ep.Name)
		if err != nil || !v.ToBoolean() {
			t.Errorf("%s / %s: not one function (%v)", camel, ep.Name, err)
		}
	}
}

// TestHelpSaysWhatEachMethodDoes: a method's help and its declaration carry
// every sentence of what its row says it does (client.Endpoint.Behaviour).
func TestHelpSaysWhatEachMethodDoes(t *testing.T) {
	c, _ := client.New("x", client.WithURL("http://127.0.0.1:1"))
	vm := newVM(t, c)
	docs := map[string]string{} // the declared doc of each method of toloka
	for _, sec := range bindings.Declarations() {
		for _, ty := range sec.Types {
			if ty.Name == "TolokaClient" {
				for _, m := range ty.Members {
					docs[m.Name] = m.Doc
				}
			}
		}
	}
	for _, ep := range client.Endpoints() {
		help, err := vm.RunString("toloka." + bindings.JSName(ep.Name) + ".help()")
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range ep.Behaviour() {
			if !strings.Contains(help.String(), "\n  "+line+"\n") && !strings.HasSuffix(help.String(), "\n  "+line) {
				t.Errorf("%s: help lacks %q:\n%s", ep.Name, line, help)
			}
			if !strings.Contains(docs[bindings.JSName(ep.Name)], "\n"+line) {
				t.Errorf("%s: its declaration lacks %q", ep.Name, line)
			}
		}
	}
	help, _ := vm.RunString("toloka.openPool.help()")
	for _, want := range []string{"open_pool_async", "get_pool(pool_id)", "Resent after a failure"} {
		if !strings.Contains(help.String(), want) {
			t.Errorf("toloka.openPool.help() lacks %q:\n%s", want, help)
		}
	}
}

// TestEveryMethodCalled proves the bindings by calls: a script calls every
// method against the emulator and checks what comes back.
func TestEveryMethodCalled(t *testing.T) {
	run := emulatortest.Start(t, emulator.Options{Seed: 2, Workers: 3})
	c, err := client.New("local", client.WithURL(run.URL), client.WithPollInterval(2*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	vm := newVM(t, c)
	src, err := os.ReadFile("testdata/every_method.js")
	if err != nil {
		t.Fatal(err)
	}
	v, err := vm.RunScript("every_method.js", string(src))
	if err != nil {
		t.Fatal(err)
	}
	called := map[string]bool{}
	for _, n := range v.Export().([]any) {
		called[n.(string)] = true
	}
	var missing []string
	for _, ep := range client.Endpoints() {
		if !called[bindings.JSName(ep.Name)] {
			missing = append(missing, bindings.JSName(ep.Name))
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("%d methods never called: %s", len(missing), strings.Join(missing, ", "))
	}
	t.Logf("%d of %d methods called against the emulator", len(called), len(client.Endpoints()))
}

func TestErrorsAndArguments(t *testing.T) {
	run := emulatortest.Start(t, emulator.Options{})
	c, _ := client.New("local", client.WithURL(run.URL))
	vm := newVM(t, c)
	cases := map[string]string{
		`try { toloka.getPool('nope') } catch (e) { e instanceof DoesNotExistError && e instanceof TolokaError && e.status === 404 && e.code === 'DOES_NOT_EXIST' && e.method === 'getPool' }`: "true",
		// The message names the method called, not the request it sends
		// (acceptAssignment sends patch_assignment's).
		`try { toloka.acceptAssignment('nope') } catch (e) { e instanceof DoesNotExistError && e.method === 'acceptAssignment' && e.message }`:          "accept_assignment: DOES_NOT_EXIST (HTTP 404 on PATCH /api/v1/assignments/nope)",
		`try { toloka.openPool('123456789') } catch (e) { e.message.startsWith('open_pool: DOES_NOT_EXIST') }`:                                          "true",
		`try { toloka.createProject({public_description: 'x'}) } catch (e) { e instanceof ValidationError && e.invalidFields.includes('public_name') }`: "true",
		`try { toloka.getPool(42.5) } catch (e) { e instanceof TypeError && e.message }`:                                                                "toloka.getPool: argument pool_id: expected a string id, got a number 42.5",
		`try { toloka.findPools({statsu: 'OPEN'}) } catch (e) { e.message }`:                                                                            "did you mean status?",
		// A name that is not a method reads as undefined; calling it is a
		// TypeError, which the runtime explains with a suggestion (runtime tests).
		`typeof toloka.getPoool + ' ' + ('getPoool' in toloka) + ' ' + typeof toloka.getPool`:        "undefined false function",
		`try { toloka.getPoool('1'); 'no error' } catch (e) { e instanceof TypeError && e.message }`: "getPoool",
		`try { toloka.createTasks([], 'x') } catch (e) { e.message }`:                                "must be an object",
		`String(toloka).includes('<redacted>') && !String(toloka).includes('local')`:                 "true",
		`toloka.then === undefined`: "true",
		`try { toloka.withOptions({timeout: 'soon'}) } catch (e) { e instanceof TypeError && e.message }`:            "withOptions: option timeout: expected milliseconds or a duration like '30s' (between 0 and 292 years), got a string \"soon\"",
		`typeof toloka.withOptions({timeout: '1m30s'}).getPool + typeof toloka.withOptions({timeout: 1500}).getPool`: "functionfunction",
		// A bad page size is named when the iterator is made, not sent as a
		// default page (once it was dropped silently: ?sort=id alone).
		`try { toloka.getTasks({batch_size: -5}); 'no error' } catch (e) { e instanceof TypeError && e.message }`: "toloka.getTasks: argument batch_size: expected a positive integer, got -5",
	}
	for src, want := range cases {
		v, err := vm.RunString(src)
		if err != nil || !strings.Contains(v.String(), want) {
			t.Errorf("%s\n got %v (%v)\nwant %q", src, v, err, want)
		}
	}
}

func TestIteratorsPageLazily(t *testing.T) {
	var pages int
	run := emulatortest.Start(t, emulator.Options{})
	c, _ := client.New("local", client.WithURL(run.URL))
	vm := newVM(t, c)
	vm.Set("countPage", func() { pages++ })
	_, err := vm.RunString(`
		const p = toloka.createProject({public_name: 'it', task_spec: {input_spec: {n: {type: 'integer'}}, output_spec: {o: {type: 'string'}}}});
		const pool = toloka.createPool({project_id: p.id, private_name: 'x', may_contain_adult_content: false, will_expire: '2030-01-01T00:00',
			reward_per_assignment: 0.01, assignment_max_duration_seconds: 60, defaults: {default_overlap_for_new_task_suites: 1}});
		const tasks = []; for (let i = 0; i < 95; i++) tasks.push({pool_id: pool.id, overlap: 1, input_values: {n: i}});
		toloka.createTasks(tasks);
		globalThis.poolId = pool.id;`)
	if err != nil {
		t.Fatal(err)
	}
	for src, want := range map[string]string{
		`let n = 0; for (const t of toloka.getTasks({pool_id: poolId, batch_size: 10})) { if (++n === 15) break; } n`:               "15",
		`toloka.getTasks({pool_id: poolId, batch_size: 10}).map(t => t.input_values.n).filter(n => n % 2).take(3).toArray().join()`: "1,3,5",
		`toloka.getTasks({pool_id: poolId, batch_size: 7}).count()`:                                                                 "95",
		`const [a, b] = toloka.getTasks({pool_id: poolId}); b.input_values.n`:                                                       "1",
		`toloka.getTasks({pool_id: poolId})[Symbol.for('tolokash.iterator')]`:                                                       "true",
		`Object.keys(toloka.getTask(toloka.getTasks({pool_id: poolId}).first().id)).join()`:                                         "",
	} {
		v, err := vm.RunString(src)
		if err != nil || (want != "" && v.String() != want) {
			t.Errorf("%s → %v (%v), want %s", src, v, err, want)
		}
	}
	_ = pages
}
