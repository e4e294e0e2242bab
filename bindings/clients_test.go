package bindings_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dop251/goja"

	"github.com/tolokash/tolokash/bindings"
	"github.com/tolokash/tolokash/client"
	"github.com/tolokash/tolokash/emulator"
	"github.com/tolokash/tolokash/emulator/emulatortest"
)

func TestClientsDownloadsAndOperations(t *testing.T) {
	run := emulatortest.Start(t, emulator.Options{Seed: 4})
	c, _ := client.New("secret-canary-token", client.WithURL(run.URL), client.WithPollInterval(2*time.Millisecond))
	vm := newVM(t, c)
	dir := t.TempDir()
	vm.Set("dir", dir)
	vm.Set("url", run.URL)
	_, err := vm.RunString(`
		const p = toloka.createProject({public_name: 'files', task_spec: {input_spec: {n: {type: 'integer'}}, output_spec: {f: {type: 'file'}}}});
		const pool = toloka.createPool({project_id: p.id, private_name: 'x', may_contain_adult_content: false, will_expire: '2030-01-01T00:00',
			reward_per_assignment: 0.01, assignment_max_duration_seconds: 60, defaults: {default_overlap_for_new_task_suites: 1}});
		toloka.createTasks([{pool_id: pool.id, overlap: 1, input_values: {n: 1}}], {open_pool: true});
		for (let i = 0; i < 500 && toloka.findAttachments({pool_id: pool.id}).items.length === 0; i++) sleepMs(5);
		globalThis.att = toloka.findAttachments({pool_id: pool.id}).items[0];
		globalThis.poolId = pool.id;`)
	if err != nil {
		t.Fatal(err)
	}
	for src, want := range map[string]string{
		`toloka.downloadAttachment(att.id, dir + '/a.txt')`:                                                                              filepath.Join(dir, "a.txt"),
		`try { toloka.downloadAttachment('no-such', dir + '/b.txt') } catch (e) { e.constructor.name }`:                                  "DoesNotExistError",
		`const op = toloka.closePoolAsync(poolId) || toloka.openPoolAsync(poolId); op.refresh().id === op.id && Array.isArray(op.log())`: "true",
		`String(toloka.withOptions({act_under_account_id: 'acc-7'}))`:                                                                    "act_under_account_id: acc-7",
		`new TolokaClient({token: 'other-secret', url}).getRequester().id.length > 0`:                                                    "true",
		`try { new TolokaClient({token: 'x', env: 'mars'}) } catch (e) { e instanceof TypeError && e.message }`:                          `unknown Toloka environment "mars"`,
		`JSON.stringify(toloka)`: `"toloka.Client{url:`,
	} {
		v, err := vm.RunString(src)
		if err != nil || !strings.Contains(v.String(), want) {
			t.Errorf("%s\n got %v (%v)\nwant %s", src, v, err, want)
		}
		if err == nil && strings.Contains(v.String(), "secret") {
			t.Errorf("%s shows a token: %s", src, v)
		}
	}
	data, err := os.ReadFile(filepath.Join(dir, "a.txt"))
	if err != nil || !strings.Contains(string(data), "from Toloker") {
		t.Errorf("downloaded file: %q %v", data, err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("a failed download leaves nothing behind: %v", entries)
	}
}

func TestProgressOnlyOnATerminal(t *testing.T) {
	run := emulatortest.Start(t, emulator.Options{OperationDelay: 30 * time.Millisecond})
	c, _ := client.New("x", client.WithURL(run.URL), client.WithPollInterval(5*time.Millisecond))
	for _, interactive := range []bool{true, false} {
		var stderr strings.Builder
		vm := goja.New()
		if err := bindings.Install(vm, c, bindings.Options{Interactive: interactive, Stderr: &stderr}); err != nil {
			t.Fatal(err)
		}
		_, err := vm.RunString(`
			const p = toloka.createProject({public_name: 'x', task_spec: {input_spec: {a: {type: 'string'}}, output_spec: {b: {type: 'string'}}}});
			const pool = toloka.createPool({project_id: p.id, private_name: 'x', may_contain_adult_content: false, will_expire: '2030-01-01T00:00',
				reward_per_assignment: 0.01, assignment_max_duration_seconds: 60, defaults: {default_overlap_for_new_task_suites: 1}});
			toloka.createTasks([{pool_id: pool.id, overlap: 1, input_values: {a: 'x'}}]);
			toloka.openPool(pool.id);`)
		if err != nil {
			t.Fatal(err)
		}
		bar := strings.Contains(stderr.String(), "openPool [") && strings.Contains(stderr.String(), "%")
		if bar != interactive {
			t.Errorf("interactive=%v: progress output %q", interactive, stderr.String())
		}
	}
}

func TestBehaviourScript(t *testing.T) {
	run := emulatortest.Start(t, emulator.Options{Seed: 9})
	c, _ := client.New("x", client.WithURL(run.URL), client.WithPollInterval(2*time.Millisecond))
	vm := newVM(t, c)
	dir := t.TempDir()
	vm.Set("dir", dir)
	var log []string
	vm.Set("log", func(s string) { log = append(log, s) })
	src, err := os.ReadFile("testdata/behaviour.js")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := vm.RunScript("behaviour.js", string(src)); err != nil {
		t.Fatalf("%v\nafter: %v", err, log)
	}
	if len(log) < 17 {
		t.Errorf("only %d checks ran: %v", len(log), log)
	}
}
