package aggregation

import (
	"runtime"
	"sync"
)

// forChunks calls work(0..n-1) on up to GOMAXPROCS goroutines. Callers keep
// each chunk's results apart and combine them in chunk order, so the
// outcome does not depend on the scheduling.
func forChunks(n int, work func(chunk int)) {
	workers := min(runtime.GOMAXPROCS(0), n)
	if workers <= 1 {
		for c := 0; c < n; c++ {
			work(c)
		}
		return
	}
	var next int
	var mu sync.Mutex
	var wg sync.WaitGroup
	for i := 0; i < workers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				mu.Lock()
				c := next
				next++
				mu.Unlock()
				if c >= n {
					return
				}
				work(c)
			}
		}()
	}
	wg.Wait()
}
