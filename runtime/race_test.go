//go:build race

package runtime_test

// raceEnabled: the race detector makes CPU-bound built-ins (filling 256 MiB
// byte by byte) ten times slower; bounds that measure that work stretch.
const raceEnabled = true
