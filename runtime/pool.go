package runtime

import (
	"context"
	"sync"

	"github.com/dop251/goja"
)

// Pool runs each script in a Runtime of its own, made for it and dropped
// after it: what one untrusted script leaves in its globals, its prototypes
// or its module cache, the next does not see. Reusing one Runtime across
// scripts from different sources would share all of that. The pool keeps a
// few runtimes made ahead, so a run does not wait for one to be built.
type Pool struct {
	make  func() (*Runtime, error)
	ready chan *Runtime

	mu     sync.Mutex
	closed bool
	wg     sync.WaitGroup
}

// NewPool makes a pool whose runtimes come from newRuntime (for example
// runtime.New with Untrusted options, then the embedder's own globals),
// with spare of them made ahead.
func NewPool(newRuntime func() (*Runtime, error), spare int) *Pool {
	p := &Pool{make: newRuntime, ready: make(chan *Runtime, max(spare, 0))}
	p.refill()
	return p
}

// refill makes runtimes in the background until spare are ready.
func (p *Pool) refill() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed || cap(p.ready) == 0 {
		return
	}
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		for len(p.ready) < cap(p.ready) {
			rt, err := p.make()
			if err != nil {
				return // get makes one itself and reports the error
			}
			select {
			case p.ready <- rt:
			default:
				rt.Close()
				return
			}
		}
	}()
}

// get hands out a fresh runtime.
func (p *Pool) get() (*Runtime, error) {
	p.mu.Lock()
	closed := p.closed
	p.mu.Unlock()
	if closed {
		return nil, ErrClosed
	}
	select {
	case rt := <-p.ready:
		p.refill()
		return rt, nil
	default:
		return p.make()
	}
}

// Run runs src in a fresh runtime and returns its value as plain Go values
// (see Runtime.Run).
func (p *Pool) Run(ctx context.Context, src string) (any, error) {
	rt, err := p.get()
	if err != nil {
		return nil, err
	}
	defer rt.Close()
	return rt.Run(ctx, src)
}

// RunString runs src in a fresh runtime (see Runtime.RunString): the goja
// value, a *Detached in an Untrusted runtime.
func (p *Pool) RunString(ctx context.Context, src string) (goja.Value, error) {
	rt, err := p.get()
	if err != nil {
		return nil, err
	}
	defer rt.Close()
	return rt.RunString(ctx, src)
}

// RunFile runs the script at path in a fresh runtime (see Runtime.RunFile).
func (p *Pool) RunFile(ctx context.Context, path string, args []string) error {
	rt, err := p.get()
	if err != nil {
		return err
	}
	defer rt.Close()
	return rt.RunFile(ctx, path, args)
}

// Close drops the runtimes made ahead; runs after it fail with ErrClosed.
func (p *Pool) Close() {
	p.mu.Lock()
	p.closed = true
	p.mu.Unlock()
	p.wg.Wait()
	for {
		select {
		case rt := <-p.ready:
			rt.Close()
		default:
			return
		}
	}
}
