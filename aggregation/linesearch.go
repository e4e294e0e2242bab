package aggregation

import "math"

// Line searches for the optimisers: the Moré–Thuente search of MINPACK-2
// (dcsrch and dcstep, which scipy's line_search_wolfe1 and L-BFGS-B drive)
// and scipy's pure-Python strong-Wolfe search (line_search_wolfe2), which
// its conjugate gradient method falls back on. The results must follow
// scipy's step by step, so the branches below keep its order of tests.

// fmax and fmin are Fortran's MAX and MIN as gfortran compiles them: a NaN
// argument gives way to the other one. Searches that meet a NaN gradient
// take their next step from them, so scipy's path depends on it.
func fmax(a, b float64) float64 {
	if b > a || math.IsNaN(a) {
		return b
	}
	return a
}

func fmin(a, b float64) float64 {
	if b < a || math.IsNaN(a) {
		return b
	}
	return a
}

// searchTask is the state a Moré–Thuente search reports back.
type searchTask int

const (
	taskStart searchTask = iota
	taskFG               // evaluate f and g at stp and call again
	taskConverged
	taskWarning
	taskError
)

// moreThuente is dcsrch's saved state between calls.
type moreThuente struct {
	ftol, gtol, xtol, stpmin, stpmax float64

	bracketed              bool
	stage                  int
	ginit, gtest, gx, gy   float64
	finit, fx, fy          float64
	stx, sty, stmin, stmax float64
	width, width1          float64
}

// next takes f and g at stp and returns the next step and what to do.
func (s *moreThuente) next(task searchTask, stp, f, g float64) (float64, searchTask) {
	const xtrapl, xtrapu = 1.1, 4.0
	if task == taskStart {
		switch {
		case stp < s.stpmin, stp > s.stpmax, g >= 0, s.ftol < 0, s.gtol < 0, s.xtol < 0, s.stpmin < 0, s.stpmax < s.stpmin:
			return stp, taskError
		}
		s.bracketed = false
		s.stage = 1
		s.finit, s.ginit = f, g
		s.gtest = s.ftol * s.ginit
		s.width = s.stpmax - s.stpmin
		s.width1 = s.width / 0.5
		s.stx, s.fx, s.gx = 0, s.finit, s.ginit
		s.sty, s.fy, s.gy = 0, s.finit, s.ginit
		s.stmin = 0
		s.stmax = stp + xtrapu*stp
		return stp, taskFG
	}
	ftest := s.finit + stp*s.gtest
	if s.stage == 1 && f <= ftest && g >= 0 {
		s.stage = 2
	}
	result := taskFG
	if s.bracketed && (stp <= s.stmin || stp >= s.stmax) {
		result = taskWarning // rounding errors prevent progress
	}
	if s.bracketed && s.stmax-s.stmin <= s.xtol*s.stmax {
		result = taskWarning // xtol test satisfied
	}
	if stp == s.stpmax && f <= ftest && g <= s.gtest {
		result = taskWarning // stp = stpmax
	}
	if stp == s.stpmin && (f > ftest || g >= s.gtest) {
		result = taskWarning // stp = stpmin
	}
	if f <= ftest && math.Abs(g) <= s.gtol*(-s.ginit) {
		result = taskConverged
	}
	if result != taskFG {
		return stp, result
	}
	if s.stage == 1 && f <= s.fx && f > ftest {
		// A modified function predicts the step while the decrease is not sufficient.
		fm := f - stp*s.gtest
		fxm := s.fx - s.stx*s.gtest
		fym := s.fy - s.sty*s.gtest
		gm := g - s.gtest
		gxm := s.gx - s.gtest
		gym := s.gy - s.gtest
		stp = s.step(&s.stx, &fxm, &gxm, &s.sty, &fym, &gym, stp, fm, gm)
		s.fx = fxm + s.stx*s.gtest
		s.fy = fym + s.sty*s.gtest
		s.gx = gxm + s.gtest
		s.gy = gym + s.gtest
	} else {
		stp = s.step(&s.stx, &s.fx, &s.gx, &s.sty, &s.fy, &s.gy, stp, f, g)
	}
	if s.bracketed {
		if math.Abs(s.sty-s.stx) >= 0.66*s.width1 {
			stp = s.stx + 0.5*(s.sty-s.stx)
		}
		s.width1 = s.width
		s.width = math.Abs(s.sty - s.stx)
	}
	if s.bracketed {
		s.stmin = fmin(s.stx, s.sty)
		s.stmax = fmax(s.stx, s.sty)
	} else {
		s.stmin = stp + xtrapl*(stp-s.stx)
		s.stmax = stp + xtrapu*(stp-s.stx)
	}
	stp = fmax(stp, s.stpmin)
	stp = fmin(stp, s.stpmax)
	if s.bracketed && (stp <= s.stmin || stp >= s.stmax) || s.bracketed && s.stmax-s.stmin <= s.xtol*s.stmax {
		stp = s.stx
	}
	return stp, taskFG
}

// step is dcstep: a safeguarded cubic or quadratic step that keeps
// [stx, sty] around a minimiser; it updates the interval and returns the
// new trial step.
func (s *moreThuente) step(stx, fx, dx, sty, fy, dy *float64, stp, fp, dp float64) float64 {
	sgnd := dp * (*dx / math.Abs(*dx))
	var stpf float64
	switch {
	case fp > *fx:
		// A higher function value: the minimum is bracketed.
		theta := 3*(*fx-fp)/(stp-*stx) + *dx + dp
		sc := fmax(math.Abs(theta), fmax(math.Abs(*dx), math.Abs(dp)))
		gamma := sc * math.Sqrt((theta/sc)*(theta/sc)-(*dx/sc)*(dp/sc))
		if stp < *stx {
			gamma = -gamma
		}
		p := (gamma - *dx) + theta
		q := ((gamma - *dx) + gamma) + dp
		r := p / q
		stpc := *stx + r*(stp-*stx)
		stpq := *stx + ((*dx/((*fx-fp)/(stp-*stx)+*dx))/2)*(stp-*stx)
		if math.Abs(stpc-*stx) < math.Abs(stpq-*stx) {
			stpf = stpc
		} else {
			stpf = stpc + (stpq-stpc)/2
		}
		s.bracketed = true
	case sgnd < 0:
		// Lower value, derivatives of opposite sign: bracketed.
		theta := 3*(*fx-fp)/(stp-*stx) + *dx + dp
		sc := fmax(math.Abs(theta), fmax(math.Abs(*dx), math.Abs(dp)))
		gamma := sc * math.Sqrt((theta/sc)*(theta/sc)-(*dx/sc)*(dp/sc))
		if stp > *stx {
			gamma = -gamma
		}
		p := (gamma - dp) + theta
		q := ((gamma - dp) + gamma) + *dx
		r := p / q
		stpc := stp + r*(*stx-stp)
		stpq := stp + (dp/(dp-*dx))*(*stx-stp)
		if math.Abs(stpc-stp) > math.Abs(stpq-stp) {
			stpf = stpc
		} else {
			stpf = stpq
		}
		s.bracketed = true
	case math.Abs(dp) < math.Abs(*dx):
		// Lower value, same sign, the derivative shrinks.
		theta := 3*(*fx-fp)/(stp-*stx) + *dx + dp
		sc := fmax(math.Abs(theta), fmax(math.Abs(*dx), math.Abs(dp)))
		gamma := sc * math.Sqrt(fmax(0, (theta/sc)*(theta/sc)-(*dx/sc)*(dp/sc)))
		if stp > *stx {
			gamma = -gamma
		}
		p := (gamma - dp) + theta
		q := (gamma + (*dx - dp)) + gamma
		r := p / q
		var stpc float64
		switch {
		case r < 0 && gamma != 0:
			stpc = stp + r*(*stx-stp)
		case stp > *stx:
			stpc = s.stmax
		default:
			stpc = s.stmin
		}
		stpq := stp + (dp/(dp-*dx))*(*stx-stp)
		if s.bracketed {
			if math.Abs(stpc-stp) < math.Abs(stpq-stp) {
				stpf = stpc
			} else {
				stpf = stpq
			}
			if stp > *stx {
				stpf = fmin(stp+0.66*(*sty-stp), stpf)
			} else {
				stpf = fmax(stp+0.66*(*sty-stp), stpf)
			}
		} else {
			if math.Abs(stpc-stp) > math.Abs(stpq-stp) {
				stpf = stpc
			} else {
				stpf = stpq
			}
			stpf = fmin(s.stmax, stpf)
			stpf = fmax(s.stmin, stpf)
		}
	default:
		// Lower value, same sign, the derivative does not shrink.
		switch {
		case s.bracketed:
			theta := 3*(fp-*fy)/(*sty-stp) + *dy + dp
			sc := fmax(math.Abs(theta), fmax(math.Abs(*dy), math.Abs(dp)))
			gamma := sc * math.Sqrt((theta/sc)*(theta/sc)-(*dy/sc)*(dp/sc))
			if stp > *sty {
				gamma = -gamma
			}
			p := (gamma - dp) + theta
			q := ((gamma - dp) + gamma) + *dy
			r := p / q
			stpf = stp + r*(*sty-stp)
		case stp > *stx:
			stpf = s.stmax
		default:
			stpf = s.stmin
		}
	}
	if fp > *fx {
		*sty, *fy, *dy = stp, fp, dp
	} else {
		if sgnd < 0 {
			*sty, *fy, *dy = *stx, *fx, *dx
		}
		*stx, *fx, *dx = stp, fp, dp
	}
	return stpf
}
