package stdlib

import "testing"

// TestAggregationSeriesOfEveryShape: what crowd-kit takes as a pandas Series
// (true labels, skills) is the same given as a DataFrame, an object, a Map or
// pairs (goja's Maps say they are of class Object: a Map was read as an
// object without members, so as no labels at all).
func TestAggregationSeriesOfEveryShape(t *testing.T) {
	vm := newAggVM(t, Options{})
	run(t, vm, `
		globalThis.answers = new DataFrame({
			task: ['t1', 't1', 't1', 't2', 't2', 't2'],
			worker: ['w1', 'w2', 'w3', 'w1', 'w2', 'w3'],
			label: ['cat', 'cat', 'dog', 'dog', 'dog', 'cat'],
		});
		globalThis.skills = (truth) => JSON.stringify(new agg.GoldMajorityVote().fit(answers, truth).skills_.toRecords());
		globalThis.votes = (s) => JSON.stringify(new agg.MajorityVote().fitPredictProba(answers, s).toRecords());`)
	want := `[{"worker":"w1","skill":1},{"worker":"w2","skill":1},{"worker":"w3","skill":0}]`
	for _, truth := range []string{
		`{t1: 'cat', t2: 'dog'}`,
		`new Map([['t1', 'cat'], ['t2', 'dog']])`,
		`[['t1', 'cat'], ['t2', 'dog']]`,
		`new DataFrame({task: ['t1', 't2'], label: ['cat', 'dog']})`,
	} {
		if got := run(t, vm, "skills("+truth+")").String(); got != want {
			t.Errorf("true labels %s: skills %s, want %s", truth, got, want)
		}
	}
	want = run(t, vm, `votes({w1: 0.9, w2: 0.1, w3: 0.5})`).String()
	for _, s := range []string{`new Map([['w1', 0.9], ['w2', 0.1], ['w3', 0.5]])`, `[['w1', 0.9], ['w2', 0.1], ['w3', 0.5]]`} {
		if got := run(t, vm, "votes("+s+")").String(); got != want {
			t.Errorf("skills %s: %s, want %s", s, got, want)
		}
	}
}
