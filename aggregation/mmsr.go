package aggregation

import (
	"context"
	"fmt"
	"math"
	"slices"
)

// MMSR (Matrix Mean-Subsequence-Reduced; Ma and Olshevsky, 2020) estimates
// workers' skills from how often pairs of workers agree, by a robust rank-one
// factorisation of their covariance matrix, then votes with the skills
// (MajorityVote); its Scores are the vote's shares. The factorisation starts
// from numpy's generator seeded by RandomState and runs up to NIter rounds,
// until the change falls below Tol.
//
// Like crowd-kit's, it works on dense worker × worker matrices and signs the
// skills by the smallest eigenvector of a graph with a node per pair of
// workers that agree more often than chance; that graph may have at most
// MaxSignGraph nodes.
type MMSR struct {
	NIter       int
	Tol         float64
	RandomState *int64

	Skills      []float64 // per worker
	Labels      []int32   // per task, after Predict
	Scores      Matrix    // tasks × labels, after Predict
	LossHistory []float64
}

// MaxSignGraph bounds the size of MMSR's sign graph (workers plus agreeing
// pairs), and MaxMMSRWorkers the workers (its matrices grow with their
// square): beyond them MMSR costs more than it is worth.
var (
	MaxSignGraph   = 50_000
	MaxMMSRWorkers = 3_000
)

// NewMMSR returns an MMSR with crowd-kit's defaults.
func NewMMSR() *MMSR { return &MMSR{NIter: 10000, Tol: 1e-10, RandomState: Seed(0)} }

// Fit estimates the skills.
func (m *MMSR) Fit(ctx context.Context, a *Answers) error {
	if err := a.Validate(); err != nil {
		return err
	}
	rng, err := randomFor(m.RandomState)
	if err != nil {
		return err
	}
	n := a.NumWorkers
	if n > MaxMMSRWorkers {
		return fmt.Errorf("aggregation: MMSR works on worker × worker matrices; %d workers is more than the %d allowed", n, MaxMMSRWorkers)
	}
	// crowd-kit's matrices list workers in the order they first appear.
	rank := firstSeen(a.Worker, n)
	cov, common, labels, tasks := mmsrCovariance(a, rank)
	if labels < 2 {
		return fmt.Errorf("aggregation: MMSR needs at least two labels, the answers have %d", labels)
	}
	sparsity := n
	for j := 0; j < n; j++ {
		c := 0
		for i := 0; i < n; i++ {
			if common[i*n+j] != 0 {
				c++
			}
		}
		sparsity = min(sparsity, c)
	}
	f := sparsity/2 - 1
	draw := func() []float64 {
		if m.RandomState != nil {
			rng, _ = randomFor(m.RandomState)
		}
		out := make([]float64, n)
		for i := range out {
			out[i] = rng.float64()
		}
		return out
	}
	u, v := draw(), draw()
	x := make([]float64, n*n)
	for i, c := range cov {
		x[i] = math.Abs(c)
	}
	m.LossHistory = []float64{}
	target := make([]float64, 0, n)
	uPrev, vPrev := make([]float64, n), make([]float64, n)
	for it := 0; it < m.NIter; it++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		copy(uPrev, u)
		copy(vPrev, v)
		for j := 0; j < n; j++ {
			target = target[:0]
			for i := 0; i < n; i++ {
				if common[i*n+j] != 0 {
					target = append(target, x[i*n+j]/u[i])
				}
			}
			if y := trimmed(target, f, v[j], tasks); len(y) > 0 {
				v[j] = pairwiseSum(y) / float64(len(y))
			}
		}
		for i := 0; i < n; i++ {
			target = target[:0]
			for j := 0; j < n; j++ {
				if common[i*n+j] != 0 {
					target = append(target, x[i*n+j]/v[j])
				}
			}
			if y := trimmed(target, f, u[i], tasks); len(y) > 0 {
				u[i] = pairwiseSum(y) / float64(len(y))
			}
		}
		loss := 0.0
		for i := 0; i < n; i++ {
			for j := 0; j < n; j++ {
				d := u[i]*v[j] - uPrev[i]*vPrev[j]
				loss += d * d
			}
		}
		loss = math.Sqrt(loss)
		m.LossHistory = append(m.LossHistory, loss)
		if loss < m.Tol {
			break
		}
	}
	k := math.Sqrt(math.Sqrt(dot(u, u)) / math.Sqrt(dot(v, v)))
	for i := range u {
		u[i] /= k
	}
	signed, err := signByGraph(cov, n, u)
	if err != nil {
		return fmt.Errorf("aggregation: MMSR: %w", err)
	}
	L := float64(labels)
	hi, lo := 1-1/math.Sqrt(float64(tasks)), -1/(L-1)+1/math.Sqrt(float64(tasks))
	m.Skills = make([]float64, n)
	for w := 0; w < n; w++ {
		s := math.Max(math.Min(signed[rank[w]], hi), lo)
		p := s*(L-1)/L + 1/L
		m.Skills[w] = math.Log(p * (L - 1) / (1 - p))
	}
	return nil
}

// Predict votes on a's tasks with the fitted skills.
func (m *MMSR) Predict(ctx context.Context, a *Answers) error {
	if m.Skills == nil {
		return errNotFitted("MMSR")
	}
	return voteWith(ctx, a, m.Skills, &m.Labels, &m.Scores)
}

// FitPredict is Fit, then Predict on the same answers.
func (m *MMSR) FitPredict(ctx context.Context, a *Answers) error {
	if err := m.Fit(ctx, a); err != nil {
		return err
	}
	return m.Predict(ctx, a)
}

// mmsrCovariance builds the workers' covariance and common-task counts
// (n×n, workers by first appearance) from each worker's last answer to each
// task, and counts the labels and tasks that appear.
func mmsrCovariance(a *Answers, rank []int32) (cov []float64, common []int32, labels, tasks int) {
	n := a.NumWorkers
	last := map[[2]int32]int32{} // (task, worker) → label
	for r := range a.Task {
		last[[2]int32{a.Task[r], a.Worker[r]}] = a.Label[r]
	}
	type vote struct{ worker, label int32 }
	perTask := make([][]vote, a.NumTasks)
	seenLabel := make([]bool, a.NumLabels)
	for r := range a.Task {
		k := [2]int32{a.Task[r], a.Worker[r]}
		if l, ok := last[k]; ok {
			perTask[k[0]] = append(perTask[k[0]], vote{rank[k[1]], l})
			delete(last, k)
			seenLabel[l] = true
		}
	}
	common = make([]int32, n*n)
	agree := make([]int32, n*n)
	for _, vs := range perTask {
		if len(vs) > 0 {
			tasks++
		}
		for i, x := range vs {
			for _, y := range vs[i+1:] {
				common[int(x.worker)*n+int(y.worker)]++
				common[int(y.worker)*n+int(x.worker)]++
				if x.label == y.label {
					agree[int(x.worker)*n+int(y.worker)]++
					agree[int(y.worker)*n+int(x.worker)]++
				}
			}
		}
	}
	for _, s := range seenLabel {
		if s {
			labels++
		}
	}
	L := float64(labels)
	cov = make([]float64, n*n)
	for i := range cov {
		c := 0.0
		if common[i] != 0 {
			c = float64(agree[i]) / float64(common[i])
		}
		cov[i] = c*L/(L-1) - 1/(L-1)
	}
	return cov, common, labels, tasks
}

// trimmed drops the f smallest values below a and the f largest above it,
// as crowd-kit's _remove_largest_and_smallest_F_value does, numpy slicing
// (a negative f included) and all.
func trimmed(x []float64, f int, a float64, tasks int) []float64 {
	y := slices.Clone(x)
	slices.Sort(y)
	below := 0
	for _, v := range y {
		if v < a {
			below++
		}
	}
	if below < f {
		y = slices.DeleteFunc(y, func(v float64) bool { return !(v >= a) })
	} else {
		y = y[pySliceStart(f, len(y)):]
	}
	m := len(y)
	above := 0
	for _, v := range y {
		if v > a {
			above++
		}
	}
	if above < f {
		y = slices.DeleteFunc(y, func(v float64) bool { return !(v <= a) })
	} else {
		y = y[:pySliceEnd(m-f, m)]
	}
	if len(y) == 1 && y[0] == 0 {
		y[0] = 1 / math.Sqrt(float64(tasks))
	}
	return y
}

// pySliceStart and pySliceEnd clamp a Python slice bound (negative counts
// from the end) to 0..n.
func pySliceStart(i, n int) int {
	if i < 0 {
		i += n
	}
	return max(0, min(i, n))
}

func pySliceEnd(i, n int) int { return pySliceStart(i, n) }

// pairwiseSum adds as numpy's pairwise summation does, so that means agree
// with numpy's to the last bit.
func pairwiseSum(a []float64) float64 {
	n := len(a)
	switch {
	case n < 8:
		s := 0.0
		for _, v := range a {
			s += v
		}
		return s
	case n <= 128:
		var r [8]float64
		copy(r[:], a[:8])
		i := 8
		for ; i < n-n%8; i += 8 {
			for j := range r {
				r[j] += a[i+j]
			}
		}
		s := ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]))
		for ; i < n; i++ {
			s += a[i]
		}
		return s
	}
	n2 := n / 2
	n2 -= n2 % 8
	return pairwiseSum(a[:n2]) + pairwiseSum(a[n2:])
}

// signByGraph gives the skills magnitudes s their signs (crowd-kit's
// _sign_determination_valid): workers whose covariance row sums to non-zero
// are nodes; every pair with positive covariance becomes a node joined to
// both; pairs with negative covariance are joined directly. The signs of the
// eigenvector of the random walk's smallest eigenvalue split the workers.
func signByGraph(cov []float64, n int, s []float64) ([]float64, error) {
	var valid []int
	for i := 0; i < n; i++ {
		sum := 0.0
		for j := 0; j < n; j++ {
			sum += cov[i*n+j]
		}
		if sum != 0 {
			valid = append(valid, i)
		}
	}
	k := len(valid)
	out := make([]float64, n)
	if k == 0 {
		return out, nil
	}
	sign := func(a, b int) float64 {
		c := cov[valid[a]*n+valid[b]]
		switch {
		case c > 0:
			return 1
		case c < 0:
			return -1
		}
		return 0
	}
	var edges [][2]int
	for a := 0; a < k; a++ {
		for b := a; b < k; b++ {
			if sign(a, b) == 1 {
				edges = append(edges, [2]int{a, b})
			}
		}
	}
	size := k + len(edges)
	if size > MaxSignGraph {
		return nil, fmt.Errorf("the sign graph has %d nodes (workers and agreeing pairs); at most %d are allowed", size, MaxSignGraph)
	}
	neg := make([]bool, k*k)
	deg := make([]float64, size)
	for a := 0; a < k; a++ {
		for b := 0; b < k; b++ {
			if sign(a, b) == -1 {
				neg[a*k+b] = true
				deg[a]++
			}
		}
	}
	for e, ab := range edges {
		deg[ab[0]]++
		deg[ab[1]]++
		deg[k+e] = 2
	}
	inv := make([]float64, size)
	for i, d := range deg {
		if d == 0 {
			return nil, fmt.Errorf("worker %d has no edges in the sign graph", valid[min(i, k-1)])
		}
		inv[i] = 1 / math.Sqrt(d)
	}
	// D^-1/2 A D^-1/2 has the random walk's eigenvalues, and eigenvectors
	// that differ from its by positive factors only: the signs are the same.
	mul := func(x, y []float64) {
		clear(y)
		for a := 0; a < k; a++ {
			sum := 0.0
			row := neg[a*k : (a+1)*k]
			for b, isNeg := range row {
				if isNeg {
					sum += inv[b] * x[b]
				}
			}
			y[a] = sum
		}
		for e, ab := range edges {
			node := k + e
			y[ab[0]] += inv[node] * x[node]
			y[ab[1]] += inv[node] * x[node]
			y[node] = inv[ab[0]]*x[ab[0]] + inv[ab[1]]*x[ab[1]]
		}
		for i := range y {
			y[i] *= inv[i]
		}
	}
	vec, err := smallestEigenvector(size, mul, newLegacyRandom(1))
	if err != nil {
		return nil, err
	}
	total := 0.0
	for a := 0; a < k; a++ {
		total += signOf(vec[a])
	}
	for a, i := range valid {
		out[i] = signOf(total) * s[i] * signOf(vec[a])
	}
	return out, nil
}

func signOf(x float64) float64 {
	switch {
	case x > 0:
		return 1
	case x < 0:
		return -1
	}
	return 0
}
