package metrics

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// MetricCollector asks its metrics again and again and hands their points
// to Callback, as toloka-kit's: each metric is asked again as soon as its
// last answer is in, but no more often than Interval; once a second the
// points that came in are merged and passed on. A metric that fails is
// reported to OnError and asked again next time.
type MetricCollector struct {
	Metrics  []Metric
	Callback func(Lines)
	OnError  func(m Metric, err error)
	// Interval is the least time between two asks of one metric (default
	// 10 s, toloka-kit's metric timeout).
	Interval time.Duration
	// Tick is how often points are passed on (default 1 s).
	Tick time.Duration
}

// NewMetricCollector checks that no two metrics give a line of the same name.
func NewMetricCollector(ms []Metric, callback func(Lines)) (*MetricCollector, error) {
	seen := map[string]string{}
	for _, m := range ms {
		if m == nil {
			return nil, fmt.Errorf("MetricCollector: a nil metric")
		}
		for _, n := range m.LineNames() {
			if other, dup := seen[n]; dup {
				return nil, fmt.Errorf("MetricCollector: %s and %s both give a line named %q", other, m.Name(), n)
			}
			seen[n] = m.Name()
		}
	}
	return &MetricCollector{Metrics: ms, Callback: callback}, nil
}

// Collect asks every metric once, at the same time, and merges their lines.
func (c *MetricCollector) Collect(ctx context.Context) (Lines, error) {
	type answer struct {
		lines Lines
		err   error
	}
	answers := make([]answer, len(c.Metrics))
	var wg sync.WaitGroup
	for i, m := range c.Metrics {
		wg.Add(1)
		go func() {
			defer wg.Done()
			l, err := m.Lines(ctx)
			answers[i] = answer{l, err}
		}()
	}
	wg.Wait()
	out := Lines{}
	for i, a := range answers {
		if a.err != nil {
			return out, fmt.Errorf("%s: %w", c.Metrics[i].Name(), a.err)
		}
		for n, pts := range a.lines {
			out[n] = pts
		}
	}
	return out, nil
}

// Run collects until ctx ends, and returns its error.
func (c *MetricCollector) Run(ctx context.Context) error {
	interval, tick := c.Interval, c.Tick
	if interval <= 0 {
		interval = 10 * time.Second
	}
	if tick <= 0 {
		tick = time.Second
	}
	var mu sync.Mutex
	pending := Lines{}
	var wg sync.WaitGroup
	for _, m := range c.Metrics {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				start := time.Now()
				l, err := m.Lines(ctx)
				switch {
				case ctx.Err() != nil:
					return
				case err != nil:
					if c.OnError != nil {
						c.OnError(m, err)
					}
				default:
					mu.Lock()
					for n, pts := range l {
						pending[n] = append(pending[n], pts...)
					}
					mu.Unlock()
				}
				t := time.NewTimer(max(interval-time.Since(start), 0))
				select {
				case <-ctx.Done():
					t.Stop()
					return
				case <-t.C:
				}
			}
		}()
	}
	t := time.NewTicker(tick)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			wg.Wait()
			return ctx.Err()
		case <-t.C:
		}
		mu.Lock()
		out := pending
		pending = Lines{}
		mu.Unlock()
		if len(out) > 0 && c.Callback != nil {
			c.Callback(out)
		}
	}
}
