package emulator

import (
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Options configures an emulator.
type Options struct {
	Workers int     // simulated Tolokers; 0 means 5
	Seed    int64   // makes the simulated work and the faults reproducible
	Faults  float64 // share of requests answered with a fault (0..1)
	// FaultKinds limits the faults to some of FaultKindNames; "503" means both
	// 503s. Empty means all. CheckFaultKinds says what is wrong with a list.
	FaultKinds []string
	// WorkDelay is how long an average simulated Toloker spends on one
	// assignment. Each Toloker has a pace of their own around it, and each
	// assignment takes more or less. 0 means 10 s, as on Toloka, so that a pool
	// stays open for a while after it opens; emulatortest makes it 5 ms.
	WorkDelay time.Duration
	// Pace makes the simulated Tolokers faster (2: twice as fast) or slower
	// (0.5) than WorkDelay says. 0 means 1.
	Pace float64
	// Latency delays every answer by this much, give or take LatencyJitter
	// (uniformly), as the network between a client and the service does.
	Latency, LatencyJitter time.Duration
	// OperationDelay is how long an operation stays RUNNING. 0 means 50ms.
	OperationDelay time.Duration
	// Accuracy is the crowd's mean hidden accuracy: how often an honest
	// Toloker answers a task right (0 means 0.8). Each Toloker's own is
	// drawn within 0.15 of it.
	Accuracy float64
	// Cheaters is the share of the crowd who cheat: bots that click at random
	// in a fraction of the time, random clickers, and Tolokers who always give
	// the same answer. 0 means DefaultCheaters; negative means none.
	Cheaters float64
	// Mishaps is the share of assignments a Toloker skips; half as many are
	// walked away from and expire, and a Toloker writes to the requester
	// after twice as many as are skipped, in three. 0 means DefaultMishaps;
	// negative means none.
	Mishaps float64
	// MinuteQuota, when positive, answers 429 (interval MIN) past that many requests a minute.
	MinuteQuota int
	// HourQuota and DayQuota do the same per hour (HOUR) and per day (DAY).
	HourQuota, DayQuota int
	// MinuteWindow is the length of the MIN quota's window; 0 means a minute.
	// Tests shorten it to see a quota reset without waiting a minute.
	MinuteWindow time.Duration
	// Balance is the requester's starting balance (default "1000").
	Balance string
	Demo    bool // seed a small demo project, pool and tasks
	// DemoAssignments, when positive, adds a closed pool holding that many
	// submitted assignments (one task each): a big pool to page through, export
	// and benchmark without waiting for the simulated Tolokers.
	DemoAssignments int
	Logger          *slog.Logger
	// Token, when set, is the only token accepted; else any non-empty one is.
	Token string
	// ReadTimeout bounds reading one request (DefaultReadTimeout when 0);
	// IdleTimeout closes a kept-alive connection that sends nothing
	// (DefaultIdleTimeout when 0). See serve.go.
	ReadTimeout, IdleTimeout time.Duration
}

// DefaultWorkDelay is the mean time a simulated Toloker spends on an
// assignment when Options.WorkDelay is 0: a one-task page on Toloka takes seconds.
const DefaultWorkDelay = 10 * time.Second

// Server is the emulator.
type Server struct {
	opts   Options
	mux    *http.ServeMux
	log    *slog.Logger
	faults *faults
	quotas []*quota

	mu sync.RWMutex // handleRead handlers share it; everything else holds it alone
	st *state

	stop chan struct{}
	done chan struct{}
	once sync.Once

	bodyBytes atomic.Int64 // request bodies in memory (serve.go)
}

// New makes an emulator and starts its simulated Tolokers.
func New(opts Options) *Server {
	if opts.Workers <= 0 {
		opts.Workers = 5
	}
	if opts.WorkDelay <= 0 {
		opts.WorkDelay = DefaultWorkDelay
	}
	if opts.Pace <= 0 {
		opts.Pace = 1
	}
	if opts.OperationDelay <= 0 {
		opts.OperationDelay = 50 * time.Millisecond
	}
	if opts.Accuracy <= 0 {
		opts.Accuracy = 0.8
	}
	if opts.Balance == "" {
		opts.Balance = "1000"
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	s := &Server{opts: opts, mux: http.NewServeMux(), log: opts.Logger, stop: make(chan struct{}), done: make(chan struct{})}
	s.st = newState(opts)
	s.st.resume(time.Now())
	s.quotas = newQuotas(opts)
	if opts.Faults > 0 {
		s.faults = newFaults(opts.Faults, opts.Seed, opts.FaultKinds)
	}
	s.routes()
	if opts.Demo {
		s.seedDemo()
	}
	if opts.DemoAssignments > 0 {
		s.seedAssignments(opts.DemoAssignments)
	}
	go s.work()
	return s
}

// ServeHTTP answers one API request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !strings.HasPrefix(r.URL.Path, "/api/") {
		http.NotFound(w, r)
		return
	}
	s.latency(r)
	if err := s.authorized(r); err != nil {
		writeError(w, err)
		return
	}
	release, ok := s.readBodyFirst(w, r)
	defer release()
	if !ok {
		return
	}
	now := time.Now()
	for _, q := range s.quotas {
		if wait, over := q.take(now); over {
			w.Header().Set("Retry-After", fmt.Sprint(int(wait.Seconds())+1))
			writeError(w, &apiError{Status: 429, Code: "TOO_MANY_REQUESTS", Message: "Too many requests per " + quotaWords[q.interval],
				Payload: map[string]any{"interval": q.interval, "limit": q.limit}})
			return
		}
	}
	if s.faults != nil {
		if s.faults.inject(w, r, s.mux) {
			return
		}
	}
	s.mux.ServeHTTP(w, r)
}

// WorkerIDs are the user ids of the simulated Tolokers.
func (s *Server) WorkerIDs() []string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	ids := make([]string, len(s.st.workers))
	for i, w := range s.st.workers {
		ids[i] = w.ID
	}
	return ids
}

// Close stops the simulated Tolokers.
func (s *Server) Close() {
	s.once.Do(func() {
		close(s.stop)
		<-s.done
	})
}

// work runs the simulated Tolokers and finishes App items until Close. It
// looks at the crowd ten times per mean assignment time (at most every 100 ms,
// at least every 2 ms), often enough that the assignments' own times show.
func (s *Server) work() {
	defer close(s.done)
	every := min(max(s.opts.meanWork()/10, 2*time.Millisecond), 100*time.Millisecond)
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-s.stop:
			return
		case <-t.C:
			s.mu.Lock()
			s.st.tick(time.Now())
			s.mu.Unlock()
		}
	}
}

// Running is an emulator listening on a loopback port.
type Running struct {
	URL    string
	Server *Server
	srv    *http.Server
}

// Start serves a new emulator on a free 127.0.0.1 port.
func Start(opts Options) (*Running, error) {
	return Listen("127.0.0.1:0", opts)
}

// Listen serves a new emulator on addr.
func Listen(addr string, opts Options) (*Running, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("emulator: %w", err)
	}
	em := New(opts)
	srv := newHTTPServer(em, opts)
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			em.log.Error("emulator stopped serving", "error", err)
		}
	}()
	return &Running{URL: "http://" + ln.Addr().String(), Server: em, srv: srv}, nil
}

// Close stops listening, closes every connection after a moment's grace
// (see shutdown) and stops the emulator.
func (r *Running) Close() error {
	err := shutdown(r.srv)
	r.Server.Close()
	return err
}

// latency holds a request back for the configured network delay, or until
// the client gives up on it.
func (s *Server) latency(r *http.Request) {
	d := s.opts.Latency
	if j := s.opts.LatencyJitter; j > 0 {
		d += time.Duration((2*rand.Float64() - 1) * float64(j))
	}
	if d <= 0 {
		return
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-r.Context().Done():
	}
}

// rng is the seeded source of every random choice.
func newRand(seed int64, stream uint64) *rand.Rand {
	return rand.New(rand.NewPCG(uint64(seed), stream))
}
