package aggregation

import "math"

// minimizeLBFGS is scipy's L-BFGS-B (minimize(method='L-BFGS-B'), the
// Fortran L-BFGS-B 3.0) on a problem without bounds, where it is L-BFGS with
// that code's choices: the first step along -g scaled to unit length, the
// Moré–Thuente search with ftol 1e-3, gtol 0.9 and xtol 0.1, updates
// skipped when s·y is not positive enough, a restart from -g when a search
// fails, and its stopping tests (relative decrease at most ftol, largest
// gradient component at most pgtol, maxIter iterations, maxFun evaluations).
// Its compact form of the inverse Hessian gives the same directions as the
// two-loop recursion used here, up to rounding.
func minimizeLBFGS(obj *objective, x0 []float64, ftol, pgtol float64, maxIter, maxFun, memory, maxLS int) []float64 {
	const epsmch = 0x1p-52
	tol := (ftol / epsmch) * epsmch
	n := len(x0)
	x := append([]float64(nil), x0...)
	f, g0 := obj.at(x)
	g := append([]float64(nil), g0...)
	nfev := 1
	if normInf(g) <= pgtol {
		return x
	}
	var ss, ys [][]float64
	var sy []float64
	theta := 1.0
	iter := 0
	d := make([]float64, n)
	for {
		// The search direction: -g with no pairs stored, else -H·g.
		if len(ss) == 0 {
			for i := range d {
				d[i] = (x[i] + (1/theta)*-g[i]) - x[i]
			}
		} else {
			twoLoop(g, ss, ys, sy, theta, d)
		}
		dnorm := math.Sqrt(dot(d, d))
		stp := 1.0
		if iter == 0 {
			stp = fmin(1/dnorm, 1e10)
		}
		xOld, gOld, fOld := x, g, f
		gd := dot(g, d)
		restart := func() bool { // a failed search: back to the last point
			x, g, f = xOld, gOld, fOld
			if len(ss) == 0 {
				return false // nothing to forget: give up
			}
			ss, ys, sy, theta = nil, nil, nil, 1
			return true
		}
		if gd >= 0 { // not a descent direction
			if !restart() {
				return x
			}
			continue
		}
		gdOld := gd
		search := moreThuente{ftol: 1e-3, gtol: 0.9, xtol: 0.1, stpmin: 0, stpmax: 1e10}
		task := taskStart
		ifun := 0
		failed := false
		for {
			stp, task = search.next(task, stp, f, gd)
			if task != taskFG {
				break
			}
			ifun++
			if ifun-1 >= maxLS {
				failed = true
				break
			}
			x = along(xOld, stp, d)
			var gNew []float64
			f, gNew = obj.at(x)
			g = append([]float64(nil), gNew...)
			nfev++
			gd = dot(g, d)
		}
		if failed || task == taskError {
			if !restart() {
				return x
			}
			continue
		}
		iter++
		if iter >= maxIter || nfev > maxFun {
			return x
		}
		if normInf(g) <= pgtol {
			return x
		}
		if fOld-f <= tol*fmax(fmax(math.Abs(fOld), math.Abs(f)), 1) {
			return x
		}
		y := make([]float64, n)
		for i := range y {
			y[i] = g[i] - gOld[i]
		}
		rr := dot(y, y)
		var dr, ddum float64
		s := make([]float64, n)
		if stp == 1 {
			dr, ddum = gd-gdOld, -gdOld
			copy(s, d)
		} else {
			dr, ddum = (gd-gdOld)*stp, -gdOld*stp
			for i := range s {
				s[i] = stp * d[i]
			}
		}
		if dr <= epsmch*ddum {
			continue // skip the update
		}
		if len(ss) == memory {
			ss, ys, sy = ss[1:], ys[1:], sy[1:]
		}
		ss, ys, sy = append(ss, s), append(ys, y), append(sy, dr)
		theta = rr / dr
	}
}

// twoLoop sets d = -H·g for the L-BFGS inverse Hessian H built from the
// pairs (oldest first) on H₀ = I/θ.
func twoLoop(g []float64, ss, ys [][]float64, sy []float64, theta float64, d []float64) {
	q := append([]float64(nil), g...)
	alpha := make([]float64, len(ss))
	for i := len(ss) - 1; i >= 0; i-- {
		alpha[i] = dot(ss[i], q) / sy[i]
		for j := range q {
			q[j] -= alpha[i] * ys[i][j]
		}
	}
	for j := range q {
		q[j] /= theta
	}
	for i := range ss {
		b := dot(ys[i], q) / sy[i]
		for j := range q {
			q[j] += ss[i][j] * (alpha[i] - b)
		}
	}
	for j := range d {
		d[j] = -q[j]
	}
}
