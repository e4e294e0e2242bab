package aggregation

import (
	"context"
	"math"
)

// objective is a function to minimise with its gradient. It remembers the
// last point, since the searches ask for f and then g at the same x.
type objective struct {
	eval func(x, grad []float64) float64 // f(x), writing the gradient into grad
	// ctx stops the work: once it is done, every evaluation is NaN (which
	// ends any search quickly) and err says why.
	ctx context.Context
	err error

	x, g  []float64
	f     float64
	valid bool
}

func (o *objective) at(x []float64) (float64, []float64) {
	if o.valid && equalVec(x, o.x) {
		return o.f, o.g
	}
	if o.g == nil {
		o.g = make([]float64, len(x))
		o.x = make([]float64, len(x))
	}
	copy(o.x, x)
	if o.err == nil && o.ctx != nil {
		o.err = o.ctx.Err()
	}
	if o.err != nil {
		for i := range o.g {
			o.g[i] = math.NaN()
		}
		o.f = math.NaN()
		o.valid = true
		return o.f, o.g
	}
	o.f = o.eval(o.x, o.g)
	o.valid = true
	return o.f, o.g
}

func (o *objective) value(x []float64) float64 { f, _ := o.at(x); return f }

func (o *objective) grad(x []float64) []float64 {
	_, g := o.at(x)
	return append([]float64(nil), g...)
}

func equalVec(a, b []float64) bool {
	for i := range a {
		if a[i] != b[i] && !(math.IsNaN(a[i]) && math.IsNaN(b[i])) {
			return false
		}
	}
	return true
}

func dot(a, b []float64) float64 {
	s := 0.0
	for i := range a {
		s += a[i] * b[i]
	}
	return s
}

func normInf(a []float64) float64 {
	m := 0.0
	for _, v := range a {
		if math.Abs(v) > m || math.IsNaN(v) {
			m = math.Abs(v)
		}
	}
	return m
}

// along is x + t·p. The conversion keeps each product rounded on its own,
// so no platform fuses it into a multiply-add and drifts from numpy.
func along(x []float64, t float64, p []float64) []float64 {
	out := make([]float64, len(x))
	for i := range x {
		out[i] = x[i] + float64(t*p[i])
	}
	return out
}

// pyMin and pyMax are Python's min and max of two floats, NaN included.
func pyMin(a, b float64) float64 {
	if b < a {
		return b
	}
	return a
}

func pyMax(a, b float64) float64 {
	if b > a {
		return b
	}
	return a
}

// minimizeCG is scipy's conjugate gradient method (minimize(method='CG')):
// Polak–Ribière+ directions, a strong-Wolfe line search with c2 = 0.4, and
// stopping when the largest gradient component is at most gtol or after
// maxIter iterations. It returns the last point.
func minimizeCG(obj *objective, x0 []float64, gtol float64, maxIter int) []float64 {
	xk := append([]float64(nil), x0...)
	fk, g := obj.at(xk)
	gk := append([]float64(nil), g...)
	oldOld := fk + math.Sqrt(dot(gk, gk))/2
	pk := make([]float64, len(gk))
	for i := range gk {
		pk[i] = -gk[i]
	}
	gnorm := normInf(gk)
	type prStep struct {
		alpha  float64
		x, p   []float64
		g      []float64
		gnorm  float64
		filled bool
	}
	for k := 0; gnorm > gtol && k < maxIter; k++ {
		deltak := dot(gk, gk)
		var cached prStep
		step := func(alpha float64, gNew []float64) prStep {
			x := along(xk, alpha, pk)
			if gNew == nil {
				gNew = obj.grad(x)
			}
			yg := 0.0
			for i := range gNew {
				yg += (gNew[i] - gk[i]) * gNew[i]
			}
			beta := pyMax(0, yg/deltak)
			p := make([]float64, len(gNew))
			for i := range p {
				p[i] = -gNew[i] + float64(beta*pk[i])
			}
			return prStep{alpha: alpha, x: x, p: p, g: gNew, gnorm: normInf(gNew), filled: true}
		}
		descent := func(alpha float64, gNew []float64) bool {
			cached = step(alpha, gNew)
			if cached.gnorm <= gtol {
				return true
			}
			return dot(cached.p, cached.g) <= -0.01*dot(cached.g, cached.g)
		}
		ls := lineSearchWolfe12(obj, xk, pk, gk, fk, oldOld, 0.4, 1e-100, 1e100, descent)
		if !ls.ok {
			break // the line search found no better point
		}
		fk, oldOld = ls.f, ls.f0
		var s prStep
		if cached.filled && ls.alpha == cached.alpha {
			s = cached
		} else {
			s = step(ls.alpha, ls.g)
		}
		xk, pk, gk, gnorm = s.x, s.p, s.g, s.gnorm
	}
	return xk
}

type lineSearchResult struct {
	ok    bool
	alpha float64
	f, f0 float64   // f at the step, and at 0
	g     []float64 // the gradient at the step, nil when not computed
}

// lineSearchWolfe12 is scipy's _line_search_wolfe12: MINPACK's search, then
// the pure-Python one when that fails or extra rejects its step.
func lineSearchWolfe12(obj *objective, xk, pk, gfk []float64, f0, oldF0, c2, amin, amax float64,
	extra func(alpha float64, g []float64) bool) lineSearchResult {
	r := lineSearchWolfe1(obj, xk, pk, gfk, f0, oldF0, 1e-4, c2, amax, amin, 1e-14)
	if r.ok && extra != nil && !extra(r.alpha, r.g) {
		r.ok = false
	}
	if !r.ok {
		r = lineSearchWolfe2(obj, xk, pk, gfk, f0, oldF0, 1e-4, c2, amax, extra)
	}
	return r
}

func lineSearchWolfe1(obj *objective, xk, pk, gfk []float64, phi0, oldPhi0, c1, c2, amax, amin, xtol float64) lineSearchResult {
	gval := gfk
	phi := func(s float64) float64 { return obj.value(along(xk, s, pk)) }
	derphi := func(s float64) float64 {
		gval = obj.grad(along(xk, s, pk))
		return dot(gval, pk)
	}
	derphi0 := dot(gfk, pk)
	alpha1 := 1.0
	if derphi0 != 0 {
		alpha1 = pyMin(1.0, 1.01*2*(phi0-oldPhi0)/derphi0)
		if alpha1 < 0 {
			alpha1 = 1.0
		}
	}
	search := moreThuente{ftol: c1, gtol: c2, xtol: xtol, stpmin: amin, stpmax: amax}
	phi1, derphi1 := phi0, derphi0
	task := taskStart
	stp := alpha1
	converged := false
	for i := 0; i < 100; i++ {
		stp, task = search.next(task, stp, phi1, derphi1)
		if task != taskFG {
			converged = task == taskConverged
			break
		}
		phi1 = phi(stp)
		derphi1 = derphi(stp)
	}
	if !converged {
		return lineSearchResult{}
	}
	return lineSearchResult{ok: true, alpha: stp, f: phi1, f0: phi0, g: gval}
}

// lineSearchWolfe2 is scipy's scalar_search_wolfe2 with its zoom.
func lineSearchWolfe2(obj *objective, xk, pk, gfk []float64, phi0, oldPhi0, c1, c2, amax float64,
	extra func(alpha float64, g []float64) bool) lineSearchResult {
	var gval []float64
	gvalAlpha := math.NaN()
	phi := func(a float64) float64 { return obj.value(along(xk, a, pk)) }
	derphi := func(a float64) float64 {
		gval = obj.grad(along(xk, a, pk))
		gvalAlpha = a
		return dot(gval, pk)
	}
	accept := func(a float64) bool {
		if extra == nil {
			return true
		}
		if gvalAlpha != a {
			derphi(a)
		}
		return extra(a, gval)
	}
	derphi0 := dot(gfk, pk)
	alpha0 := 0.0
	alpha1 := 1.0
	if derphi0 != 0 {
		alpha1 = pyMin(1.0, 1.01*2*(phi0-oldPhi0)/derphi0)
	}
	if alpha1 < 0 {
		alpha1 = 1.0
	}
	alpha1 = pyMin(alpha1, amax)
	phiA1 := phi(alpha1)
	phiA0, derphiA0 := phi0, derphi0
	var star float64
	var phiStar float64
	found := false
	done := false
	for i := 0; i < 10; i++ {
		if alpha1 == 0 || alpha0 == amax {
			return lineSearchResult{}
		}
		if phiA1 > phi0+c1*alpha1*derphi0 || (phiA1 >= phiA0 && i > 0) {
			star, phiStar, found = zoom(alpha0, alpha1, phiA0, phiA1, derphiA0, phi, derphi, phi0, derphi0, c1, c2, accept)
			done = true
			break
		}
		derphiA1 := derphi(alpha1)
		if math.Abs(derphiA1) <= -c2*derphi0 && accept(alpha1) {
			star, phiStar, found = alpha1, phiA1, true
			done = true
			break
		}
		if derphiA1 >= 0 {
			star, phiStar, found = zoom(alpha1, alpha0, phiA1, phiA0, derphiA1, phi, derphi, phi0, derphi0, c1, c2, accept)
			done = true
			break
		}
		alpha2 := pyMin(2*alpha1, amax)
		alpha0 = alpha1
		alpha1 = alpha2
		phiA0 = phiA1
		phiA1 = phi(alpha1)
		derphiA0 = derphiA1
	}
	if !done {
		// scipy returns the last step even though it did not converge, with
		// no gradient for it.
		return lineSearchResult{ok: true, alpha: alpha1, f: phiA1, f0: phi0}
	}
	if !found {
		return lineSearchResult{}
	}
	return lineSearchResult{ok: true, alpha: star, f: phiStar, f0: phi0, g: gval}
}

func zoom(aLo, aHi, phiLo, phiHi, derphiLo float64, phi, derphi func(float64) float64,
	phi0, derphi0, c1, c2 float64, accept func(float64) bool) (float64, float64, bool) {
	const delta1, delta2 = 0.2, 0.1
	phiRec, aRec := phi0, 0.0
	for i := 0; ; i++ {
		dalpha := aHi - aLo
		a, b := aLo, aHi
		if dalpha < 0 {
			a, b = aHi, aLo
		}
		var aj float64
		ok := false
		if i > 0 {
			cchk := delta1 * dalpha
			aj, ok = cubicMin(aLo, phiLo, derphiLo, aHi, phiHi, aRec, phiRec)
			ok = ok && !(aj > b-cchk) && !(aj < a+cchk)
		}
		if !ok {
			qchk := delta2 * dalpha
			aj, ok = quadMin(aLo, phiLo, derphiLo, aHi, phiHi)
			if !ok || aj > b-qchk || aj < a+qchk {
				aj = aLo + 0.5*dalpha
			}
		}
		phiAj := phi(aj)
		if phiAj > phi0+c1*aj*derphi0 || phiAj >= phiLo {
			phiRec, aRec = phiHi, aHi
			aHi, phiHi = aj, phiAj
		} else {
			derphiAj := derphi(aj)
			if math.Abs(derphiAj) <= -c2*derphi0 && accept(aj) {
				return aj, phiAj, true
			}
			if derphiAj*(aHi-aLo) >= 0 {
				phiRec, aRec = phiHi, aHi
				aHi, phiHi = aLo, phiLo
			} else {
				phiRec, aRec = phiLo, aLo
			}
			aLo, phiLo, derphiLo = aj, phiAj, derphiAj
		}
		if i+1 > 10 {
			return 0, 0, false
		}
	}
}

// finite reports whether every value is a finite number: scipy's
// interpolations give up on any overflow, division by zero or invalid value.
func finite(vs ...float64) bool {
	for _, v := range vs {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return false
		}
	}
	return true
}

// cubicMin is the minimiser of the cubic through (a, fa) with slope fpa at
// a, (b, fb) and (c, fc).
func cubicMin(a, fa, fpa, b, fb, c, fc float64) (float64, bool) {
	C := fpa
	db := b - a
	dc := c - a
	denom := (db * dc) * (db * dc) * (db - dc)
	d00, d01 := dc*dc, -db*db
	d10, d11 := -dc*dc*dc, db*db*db
	v0, v1 := fb-fa-C*db, fc-fa-C*dc
	A := d00*v0 + d01*v1
	B := d10*v0 + d11*v1
	if denom == 0 || !finite(denom, d00, d01, d10, d11, v0, v1, A, B) {
		return 0, false
	}
	A /= denom
	B /= denom
	radical := B*B - 3*A*C
	if radical < 0 || A == 0 || !finite(A, B, radical) {
		return 0, false
	}
	xmin := a + (-B+math.Sqrt(radical))/(3*A)
	return xmin, finite(xmin)
}

// quadMin is the minimiser of the parabola through (a, fa) with slope fpa
// at a and (b, fb).
func quadMin(a, fa, fpa, b, fb float64) (float64, bool) {
	D, C := fa, fpa
	db := b - a*1.0
	num := fb - D - C*db
	if db*db == 0 || !finite(db, num, db*db) {
		return 0, false
	}
	B := num / (db * db)
	if B == 0 || !finite(B) {
		return 0, false
	}
	xmin := a - C/(2.0*B)
	return xmin, finite(xmin)
}
