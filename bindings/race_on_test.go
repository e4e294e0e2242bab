//go:build race

package bindings

// raceEnabled: the race detector slows goja about tenfold, and the longest
// tests take a sample of their cases.
const raceEnabled = true
