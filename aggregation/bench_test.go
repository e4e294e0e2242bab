package aggregation

import (
	"math/rand/v2"
	"testing"
)

// crowd simulates answers: tasks × overlap answers from distinct workers
// whose accuracy is drawn once per worker; a wrong answer is any other label.
func crowd(seed uint64, tasks, overlap, labels, workers int) *Answers {
	rng := rand.New(rand.NewPCG(seed, 1))
	skill := make([]float64, workers)
	for w := range skill {
		skill[w] = 0.35 + 0.6*rng.Float64()
	}
	n := tasks * overlap
	a := &Answers{Task: make([]int32, 0, n), Worker: make([]int32, 0, n), Label: make([]int32, 0, n),
		NumTasks: tasks, NumWorkers: workers, NumLabels: labels}
	picked := make([]int32, 0, overlap)
	for t := 0; t < tasks; t++ {
		truth := int32(rng.IntN(labels))
		picked = picked[:0]
		for len(picked) < overlap {
			w := int32(rng.IntN(workers))
			dup := false
			for _, p := range picked {
				dup = dup || p == w
			}
			if dup {
				continue
			}
			picked = append(picked, w)
			l := truth
			if rng.Float64() >= skill[w] {
				l = (truth + 1 + int32(rng.IntN(labels-1))) % int32(labels)
			}
			a.Task = append(a.Task, int32(t))
			a.Worker = append(a.Worker, w)
			a.Label = append(a.Label, l)
		}
	}
	return a
}

var benchAnswers = func() func(b *testing.B) *Answers {
	var a *Answers
	return func(b *testing.B) *Answers {
		if a == nil {
			tasks := 100_000
			if testing.Short() {
				tasks = 10_000
			}
			a = crowd(1, tasks, 10, 5, 2000)
		}
		b.ResetTimer()
		return a
	}
}()

func BenchmarkMajorityVote(b *testing.B) {
	a := benchAnswers(b)
	for b.Loop() {
		if err := NewMajorityVote().Fit(ctx, a, nil); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDawidSkene(b *testing.B) {
	a := benchAnswers(b)
	for b.Loop() {
		ds := NewDawidSkene()
		if err := ds.Fit(ctx, a, nil, nil); err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(len(ds.LossHistory)), "iterations")
	}
}

func BenchmarkGLAD(b *testing.B) {
	a := benchAnswers(b)
	for b.Loop() {
		g := NewGLAD()
		if err := g.Fit(ctx, a); err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(len(g.LossHistory)), "iterations")
	}
}
