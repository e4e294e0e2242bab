package aggregation

import (
	"fmt"
	"math"
	"time"
)

// legacyRandom is numpy's RandomState: the Mersenne Twister MT19937 seeded
// from one integer, its 53-bit doubles and its polar-method normals. crowd-kit
// draws its random starting points (KOS, MACE, MMSR, NoisyBradleyTerry) from
// it with a fixed random_state, and those draws decide where the fits end
// up, so the same seed must give the same numbers here.
type legacyRandom struct {
	mt       [624]uint32
	pos      int
	hasGauss bool
	gauss    float64
}

func newLegacyRandom(seed uint32) *legacyRandom {
	r := &legacyRandom{}
	r.mt[0] = seed
	for i := 1; i < len(r.mt); i++ {
		prev := r.mt[i-1]
		r.mt[i] = 1812433253*(prev^(prev>>30)) + uint32(i)
	}
	r.pos = len(r.mt)
	return r
}

func (r *legacyRandom) uint32() uint32 {
	const n, m = 624, 397
	if r.pos >= n {
		for i := 0; i < n; i++ {
			y := r.mt[i]&0x80000000 | r.mt[(i+1)%n]&0x7fffffff
			v := r.mt[(i+m)%n] ^ y>>1
			if y&1 != 0 {
				v ^= 0x9908b0df
			}
			r.mt[i] = v
		}
		r.pos = 0
	}
	y := r.mt[r.pos]
	r.pos++
	y ^= y >> 11
	y ^= y << 7 & 0x9d2c5680
	y ^= y << 15 & 0xefc60000
	y ^= y >> 18
	return y
}

// float64 is a double in [0, 1) from 53 random bits (random_sample).
func (r *legacyRandom) float64() float64 {
	a, b := r.uint32()>>5, r.uint32()>>6
	return (float64(a)*67108864 + float64(b)) / 9007199254740992
}

// normal draws from N(0, 1) by the polar method, two at a time.
func (r *legacyRandom) normal() float64 {
	if r.hasGauss {
		r.hasGauss = false
		g := r.gauss
		r.gauss = 0
		return g
	}
	var x1, x2, r2 float64
	for {
		x1 = 2*r.float64() - 1
		x2 = 2*r.float64() - 1
		r2 = x1*x1 + x2*x2
		if r2 < 1 && r2 != 0 {
			break
		}
	}
	f := math.Sqrt(-2 * math.Log(r2) / r2)
	r.gauss = f * x1
	r.hasGauss = true
	return f * x2
}

// randomFor is the generator for crowd-kit's random_state: a seed from 0
// to 2³²-1, or nil (Python's None) for one seeded from the clock.
func randomFor(randomState *int64) (*legacyRandom, error) {
	if randomState == nil {
		return newLegacyRandom(uint32(time.Now().UnixNano())), nil
	}
	if *randomState < 0 || *randomState > math.MaxUint32 {
		return nil, fmt.Errorf("aggregation: random_state %d is outside 0..2^32-1", *randomState)
	}
	return newLegacyRandom(uint32(*randomState)), nil
}

// Seed is a random_state for the options that take one.
func Seed(s int64) *int64 { return &s }
