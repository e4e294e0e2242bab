package aggregation

import (
	"errors"
	"math"
	"sort"
)

// smallestEigenvector finds an eigenvector for the smallest eigenvalue of a
// symmetric n×n matrix given by its product with a vector, by the Lanczos
// method with full reorthogonalisation, restarted from the best Ritz vector
// until the residual is small. start seeds the first vector.
func smallestEigenvector(n int, mul func(x, y []float64), rng *legacyRandom) ([]float64, error) {
	const maxSteps, maxRestarts, tol = 300, 100, 1e-10
	x := make([]float64, n)
	for i := range x {
		x[i] = rng.float64() - 0.5
	}
	steps := min(n, maxSteps)
	for restart := 0; restart < maxRestarts; restart++ {
		ritz, value, residual := lanczos(n, steps, mul, x)
		if ritz == nil {
			return nil, errors.New("the eigenvector search broke down")
		}
		x = ritz
		if residual <= tol*math.Max(1, math.Abs(value)) {
			return x, nil
		}
	}
	return x, errors.New("the eigenvector search did not converge")
}

// lanczos runs up to k steps from start and returns the Ritz vector of the
// smallest Ritz value, the value, and the residual norm.
func lanczos(n, k int, mul func(x, y []float64), start []float64) ([]float64, float64, float64) {
	q := make([][]float64, 0, k)
	v := append([]float64(nil), start...)
	if nv := math.Sqrt(dot(v, v)); nv > 0 {
		for i := range v {
			v[i] /= nv
		}
	} else {
		return nil, 0, 0
	}
	var alpha, beta []float64
	w := make([]float64, n)
	lastBeta := 0.0
	for j := 0; j < k; j++ {
		q = append(q, v)
		mul(v, w)
		a := dot(v, w)
		alpha = append(alpha, a)
		// Orthogonalise against every earlier vector, twice, to stay accurate.
		for pass := 0; pass < 2; pass++ {
			for _, qi := range q {
				c := dot(qi, w)
				for i := range w {
					w[i] -= c * qi[i]
				}
			}
		}
		b := math.Sqrt(dot(w, w))
		lastBeta = b
		if j == k-1 || b <= 1e-13*math.Max(1, math.Abs(a)) {
			break
		}
		beta = append(beta, b)
		v = make([]float64, n)
		for i := range w {
			v[i] = w[i] / b
		}
	}
	m := len(alpha)
	d := append([]float64(nil), alpha...)
	e := make([]float64, m)
	copy(e[1:], beta) // tql2 wants the subdiagonal in e[1:]
	z := make([][]float64, m)
	for i := range z {
		z[i] = make([]float64, m)
		z[i][i] = 1
	}
	if !tql2(d, e, z) {
		return nil, 0, 0
	}
	best := 0
	for i := range d {
		if d[i] < d[best] {
			best = i
		}
	}
	out := make([]float64, n)
	for j := 0; j < m; j++ {
		c := z[j][best]
		for i := range out {
			out[i] += c * q[j][i]
		}
	}
	residual := math.Abs(lastBeta * z[m-1][best])
	if m == n {
		residual = 0
	}
	return out, d[best], residual
}

// tql2 finds the eigenvalues (into d) and eigenvectors (columns of z, which
// starts as the identity) of the symmetric tridiagonal matrix with diagonal d
// and subdiagonal e[1:], by the implicit QL method (EISPACK's tql2).
func tql2(d, e []float64, z [][]float64) bool {
	n := len(d)
	for i := 1; i < n; i++ {
		e[i-1] = e[i]
	}
	if n > 0 {
		e[n-1] = 0
	}
	f, tst1 := 0.0, 0.0
	const epsilon = 0x1p-52
	for l := 0; l < n; l++ {
		tst1 = math.Max(tst1, math.Abs(d[l])+math.Abs(e[l]))
		m := l
		for m < n && math.Abs(e[m]) > epsilon*tst1 {
			m++
		}
		if m == n {
			m = n - 1
		}
		if m > l {
			for iter := 0; ; iter++ {
				if iter > 60 {
					return false
				}
				g := d[l]
				p := (d[l+1] - g) / (2 * e[l])
				r := math.Hypot(p, 1)
				if p < 0 {
					r = -r
				}
				d[l] = e[l] / (p + r)
				d[l+1] = e[l] * (p + r)
				dl1 := d[l+1]
				h := g - d[l]
				for i := l + 2; i < n; i++ {
					d[i] -= h
				}
				f += h
				p = d[m]
				c, c2, c3 := 1.0, 1.0, 1.0
				el1 := e[l+1]
				s, s2 := 0.0, 0.0
				for i := m - 1; i >= l; i-- {
					c3 = c2
					c2 = c
					s2 = s
					g = c * e[i]
					h = c * p
					r = math.Hypot(p, e[i])
					e[i+1] = s * r
					s = e[i] / r
					c = p / r
					p = c*d[i] - s*g
					d[i+1] = h + s*(c*g+s*d[i])
					for k := 0; k < n; k++ {
						h = z[k][i+1]
						z[k][i+1] = s*z[k][i] + c*h
						z[k][i] = c*z[k][i] - s*h
					}
				}
				p = -s * s2 * c3 * el1 * e[l] / dl1
				e[l] = s * p
				d[l] = c * p
				if math.Abs(e[l]) <= epsilon*tst1 {
					break
				}
			}
		}
		d[l] += f
		e[l] = 0
	}
	// Ascending order, vectors alongside.
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return d[idx[a]] < d[idx[b]] })
	dd := make([]float64, n)
	zz := make([][]float64, n)
	for k := range z {
		zz[k] = make([]float64, n)
	}
	for j, i := range idx {
		dd[j] = d[i]
		for k := range z {
			zz[k][j] = z[k][i]
		}
	}
	copy(d, dd)
	for k := range z {
		copy(z[k], zz[k])
	}
	return true
}
