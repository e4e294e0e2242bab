package loop

import "sync"

// stoppers is the long-running work (a streaming pipeline, a metric
// collector) that can end gracefully: finish what it is doing, save its
// state, and let go of the loop.
type stoppers struct {
	mu   sync.Mutex
	seq  int
	byID map[int]func(reason string, done func())
}

// OnStop registers stop, called when Stop asks the loop's work to end: it
// must wind down (finishing the callback in progress, saving its state) and
// call done once it has. The returned function unregisters it (when the
// work ended by itself). Safe from any goroutine.
func (l *Loop) OnStop(stop func(reason string, done func())) (remove func()) {
	s := &l.stoppers
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.byID == nil {
		s.byID = map[int]func(string, func()){}
	}
	s.seq++
	id := s.seq
	s.byID[id] = stop
	return func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		delete(s.byID, id)
	}
}

// Stop asks every registered stopper to end and calls then, on a goroutine
// of its own, once all of them have; it reports false, and
// does nothing, when nothing is registered: the caller interrupts instead.
// A Ctrl-C or SIGTERM of a script goes here first. Safe from any goroutine.
func (l *Loop) Stop(reason string, then func()) bool {
	s := &l.stoppers
	s.mu.Lock()
	fns := make([]func(string, func()), 0, len(s.byID))
	for id, fn := range s.byID {
		fns = append(fns, fn)
		delete(s.byID, id)
	}
	s.mu.Unlock()
	if len(fns) == 0 {
		return false
	}
	var wg sync.WaitGroup
	wg.Add(len(fns))
	for _, fn := range fns {
		var once sync.Once
		fn(reason, func() { once.Do(wg.Done) })
	}
	go func() {
		wg.Wait()
		if then != nil {
			then()
		}
	}()
	return true
}
