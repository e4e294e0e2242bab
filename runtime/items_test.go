package runtime_test

import (
	"context"
	"strings"
	"testing"

	"github.com/tolokash/tolokash/runtime"
)

// TestIteratorItemsAreData: iterator items (lazy objects, see bindings) go
// everywhere an object from JSON.parse goes: back into API calls, into a
// DataFrame whose rows read back, into CSV, and into console output.
func TestIteratorItemsAreData(t *testing.T) {
	rt, out := newRuntime(t, runtime.Options{})
	v, err := rt.RunString(context.Background(), `
		const p = toloka.createProject({public_name: 'x', task_spec: {input_spec: {a: {type: 'string'}}, output_spec: {b: {type: 'string'}}}});
		const pool = toloka.createPool({project_id: p.id, private_name: 'x', may_contain_adult_content: false, will_expire: '2030-01-01T00:00',
			reward_per_assignment: 0.01, assignment_max_duration_seconds: 60, defaults: {default_overlap_for_new_task_suites: 1}});
		toloka.createTasks([
			{pool_id: pool.id, overlap: 1, input_values: {a: 'one'}, known_solutions: [{output_values: {b: 'gold'}, correctness_weight: 1}]},
			{pool_id: pool.id, overlap: 1, input_values: {a: 'two'}},
		], {allow_defaults: true});
		const items = toloka.getTasks({pool_id: pool.id}).toArray();
		// Back into the API: the items, changed, make new tasks.
		const copies = toloka.createTasks(items.map(t => ({...t, id: undefined, created: undefined, input_values: {...t.input_values, a: t.input_values.a + '!'}})), {allow_defaults: true});
		const df = DataFrame.fromRecords(items);
		console.log(items[0]);
		[
			df.row(0)['input_values.a'],
			df.row(0).known_solutions[0].output_values.b,
			df.toCSV().includes('""output_values"":{""b"":""gold""}'),
			Object.values(copies.items).map(t => t.input_values.a).sort().join(),
		].join('|');`)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := v.String(), "one|gold|true|one!,two!"; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
	if !strings.Contains(out.String(), "input_values: { a: 'one' }") {
		t.Errorf("console.log of an item:\n%s", out)
	}
}
