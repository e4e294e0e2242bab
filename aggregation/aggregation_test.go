package aggregation

import (
	"context"
	"errors"
	"math"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"
)

func toy(t *testing.T) *Answers {
	t.Helper()
	return loadDataset(t, "toy").answers
}

func wantError(t *testing.T, err error, fragment string) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error; want one saying %q", fragment)
	}
	if !strings.Contains(err.Error(), fragment) {
		t.Fatalf("error %q does not say %q", err, fragment)
	}
}

func TestBadInputIsRefusedWithItsPlace(t *testing.T) {
	a := &Answers{Task: []int32{0, 1}, Worker: []int32{0, 0}, Label: []int32{0, 2}, NumTasks: 2, NumWorkers: 1, NumLabels: 2}
	wantError(t, a.Validate(), "answer 1: label code 2 is outside 0..1")
	wantError(t, NewDawidSkene().Fit(ctx, a, nil, nil), "answer 1: label code 2")
	short := &Answers{Task: []int32{0}, Worker: []int32{0, 1}, Label: []int32{0}, NumTasks: 1, NumWorkers: 2, NumLabels: 1}
	wantError(t, short.Validate(), "1 tasks, 2 workers and 1 labels")
	_, _, err := FromStrings([]string{"t"}, nil, []string{"x"})
	wantError(t, err, "1 tasks, 0 workers")

	p := &Pairs{Worker: []int32{0}, Left: []int32{0}, Right: []int32{1}, Label: []int32{2}, NumWorkers: 1, NumItems: 3}
	wantError(t, NewBradleyTerry(1).Fit(ctx, p), "comparison 0: the label is neither the left nor the right item")
}

func TestMajorityVoteMissingSkills(t *testing.T) {
	a := toy(t)
	skills := []float64{0.1, 0.9, math.NaN(), 0.6, 0.4}
	var missing *MissingSkillsError
	err := NewMajorityVote().Fit(ctx, a, skills)
	if !errors.As(err, &missing) || missing.Answers != 4 || missing.Worker != 2 {
		t.Fatalf("error %v; want 4 answers from worker 2 without a skill", err)
	}
	mv := &MajorityVote{OnMissingSkill: MissingSkillValue}
	wantError(t, mv.Fit(ctx, a, skills), "needs default_skill")
	half := 0.5
	mv = &MajorityVote{OnMissingSkill: MissingSkillError, DefaultSkill: &half}
	wantError(t, mv.Fit(ctx, a, skills), `default_skill is used but on_missing_skill is "error"`)
	mv = &MajorityVote{OnMissingSkill: "skip"}
	wantError(t, mv.Fit(ctx, a, skills), `unknown on_missing_skill "skip"`)
	// Ignoring: the task whose only answers come from the unknown worker fails.
	only := &Answers{Task: []int32{0, 1}, Worker: []int32{0, 1}, Label: []int32{0, 1}, NumTasks: 2, NumWorkers: 2, NumLabels: 2}
	mv = &MajorityVote{OnMissingSkill: MissingSkillIgnore}
	wantError(t, mv.Fit(ctx, only, []float64{1, math.NaN()}), "1 tasks have no answers from workers with known skills")
	// Predicting with skills from other answers: a new worker has none.
	var w Wawa
	if err := w.Fit(ctx, a); err != nil {
		t.Fatal(err)
	}
	more := *a
	more.Worker = append(slices.Clone(a.Worker[:len(a.Worker)-1]), 5)
	more.NumWorkers = 6
	if err := w.Predict(ctx, &more); !errors.As(err, &missing) || missing.Worker != 5 {
		t.Fatalf("predicting with an unknown worker: %v", err)
	}
	if err := (&GoldMajorityVote{}).Predict(ctx, a); !errors.Is(err, ErrNotFitted) {
		t.Fatalf("Predict before Fit: %v", err)
	}
}

func TestOptionsAreChecked(t *testing.T) {
	a := toy(t)
	k := NewKOS()
	k.RandomState = Seed(-1)
	wantError(t, k.Fit(ctx, a), "random_state -1 is outside 0..2^32-1")
	m := NewMACE()
	m.Method = "gibbs"
	wantError(t, m.Fit(ctx, a), `unknown method "gibbs"`)
	g := NewGLAD()
	g.LabelsPriors = []float64{1}
	wantError(t, g.Fit(ctx, a), "labels_priors has 1 values for 2 labels")
	ds := NewDawidSkene()
	ds.InitialErrorStrategy = "replace"
	wantError(t, ds.Fit(ctx, a, nil, NewErrorMatrices(a.NumLabels)), `unknown initial_error_strategy "replace"`)
	ds.InitialErrorStrategy = InitialErrorAssign
	wantError(t, ds.Fit(ctx, a, nil, NewErrorMatrices(a.NumLabels)), "lacks the error matrices of 5 workers")
	three := loadDataset(t, "simple").answers
	wantError(t, NewKOS().Fit(ctx, three), "KOS is for two labels only; the answers have 3")
	z := NewZeroBasedSkill()
	z.LRStepsToReduce = 0
	wantError(t, z.Fit(ctx, a), "lr_steps_to_reduce must not be 0")
}

func TestEmptyAnswersGiveEmptyResults(t *testing.T) {
	a := &Answers{}
	ds := NewDawidSkene()
	if err := ds.Fit(ctx, a, nil, nil); err != nil || len(ds.Labels) != 0 || len(ds.LossHistory) != 0 {
		t.Fatalf("DawidSkene on nothing: %v %v", err, ds.Labels)
	}
	k := NewKOS()
	if err := k.Fit(ctx, a); err != nil || len(k.Labels) != 0 {
		t.Fatalf("KOS on nothing: %v", err)
	}
	bt := NewBradleyTerry(5)
	if err := bt.Fit(ctx, &Pairs{}); err != nil || len(bt.Scores) != 0 {
		t.Fatalf("BradleyTerry on nothing: %v", err)
	}
}

// TestCancelStopsLongFits cancels fits that would run for minutes.
func TestCancelStopsLongFits(t *testing.T) {
	a := crowd(3, 20_000, 5, 4, 300)
	fits := map[string]func(context.Context) error{
		"DawidSkene": func(c context.Context) error {
			ds := &DawidSkene{NIter: 1 << 30, Tol: -1}
			return ds.Fit(c, a, nil, nil)
		},
		"GLAD": func(c context.Context) error {
			g := NewGLAD()
			g.NIter, g.Tol = 1<<30, -1
			return g.Fit(c, a)
		},
		"KOS": func(c context.Context) error {
			return (&KOS{NIter: 1 << 30, RandomState: Seed(0)}).Fit(c, crowd(3, 20_000, 5, 2, 300))
		},
	}
	for name, fit := range fits {
		t.Run(name, func(t *testing.T) {
			c, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
			defer cancel()
			start := time.Now()
			err := fit(c)
			if !errors.Is(err, context.DeadlineExceeded) {
				t.Fatalf("error %v; want the deadline", err)
			}
			if d := time.Since(start); d > 5*time.Second {
				t.Fatalf("took %v to stop", d)
			}
		})
	}
}

// TestGLADDoesNotDependOnProcessors: the parallel sums are taken in a fixed order.
func TestGLADDoesNotDependOnProcessors(t *testing.T) {
	a := crowd(5, 12_000, 3, 3, 200)
	fit := func(procs int) *GLAD {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		g := NewGLAD()
		g.NIter = 3
		if err := g.Fit(ctx, a); err != nil {
			t.Fatal(err)
		}
		return g
	}
	one, many := fit(1), fit(4)
	if !slices.Equal(one.Alphas, many.Alphas) || !slices.Equal(one.Betas, many.Betas) || !slices.Equal(one.Probas.Data, many.Probas.Data) {
		t.Fatal("GLAD's results differ between 1 and 4 processors")
	}
}

func TestMMSRRefusesHugeMatrices(t *testing.T) {
	defer func(n, w int) { MaxSignGraph, MaxMMSRWorkers = n, w }(MaxSignGraph, MaxMMSRWorkers)
	MaxSignGraph = 10
	wantError(t, NewMMSR().Fit(ctx, loadDataset(t, "random").answers), "at most 10 are allowed")
	MaxMMSRWorkers = 10
	wantError(t, NewMMSR().Fit(ctx, loadDataset(t, "random").answers), "15 workers is more than the 10 allowed")
}

// TestErrorMatricesKeepOrder: rows come out in (worker, label) order
// whatever order they were set in, and Find sees them.
func TestErrorMatricesKeepOrder(t *testing.T) {
	m := NewErrorMatrices(2)
	m.Set(1, 0, []float64{0.1, 0.2})
	m.Set(0, 1, []float64{0.3, 0.4})
	m.Set(1, 0, []float64{0.5, 0.6})
	if i := m.Find(1, 0); i < 0 || m.Row(i)[1] != 0.6 {
		t.Fatalf("Find(1, 0) = %d", i)
	}
	if m.Find(0, 0) != -1 || m.Len() != 2 || m.Worker[0] != 0 || m.Label[0] != 1 {
		t.Fatalf("rows %v %v %v", m.Worker, m.Label, m.Data)
	}
}

func TestDigamma(t *testing.T) {
	// Values from scipy.special.digamma.
	for x, want := range map[float64]float64{1: -0.5772156649015329, 0.5: -1.9635100260214235, 10.5: 2.3030010342976865,
		123.25: 4.810152531964818, 1e-3: -1000.5755719318103, -2.5: 1.1031566406452433} {
		if got := digamma(x); math.Abs(got-want) > 1e-13*math.Max(1, math.Abs(want)) {
			t.Errorf("digamma(%v) = %v, want %v", x, got, want)
		}
	}
}

func TestSmallestEigenvector(t *testing.T) {
	// A path graph's adjacency: eigenvalues 2cos(kπ/(n+1)); the smallest's
	// vector alternates in sign.
	n := 7
	mul := func(x, y []float64) {
		for i := range y {
			y[i] = 0
			if i > 0 {
				y[i] += x[i-1]
			}
			if i < n-1 {
				y[i] += x[i+1]
			}
		}
	}
	v, err := smallestEigenvector(n, mul, newLegacyRandom(1))
	if err != nil {
		t.Fatal(err)
	}
	for i := 1; i < n; i++ {
		if signOf(v[i]) == signOf(v[i-1]) {
			t.Fatalf("components %d and %d have one sign: %v", i-1, i, v)
		}
	}
}
