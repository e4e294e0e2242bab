// Package emulator is an in-memory Toloka API server.
package emulator

// CONTRACT STUB (to be replaced by the real implementation; keep the exported signatures).

import (
	"log/slog"
	"net/http"
	"time"
)

// Options configures an emulator.
type Options struct {
	Workers int     // simulated Tolokers; 0 means the default
	Seed    int64   // makes the simulated work and faults reproducible
	Faults  float64 // share of requests answered with a fault (0..1)
	// Speed scales simulated time: how long a simulated Toloker takes per assignment.
	WorkDelay time.Duration
	Demo      bool // seed a small demo project, pool and tasks
	Logger    *slog.Logger
}

// Server is the emulator: an http.Handler.
type Server struct{}

// New makes an emulator.
func New(opts Options) *Server { return &Server{} }

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) }

// Close stops the simulated Tolokers.
func (s *Server) Close() {}

// Running is an emulator listening on a loopback port.
type Running struct {
	URL    string
	Server *Server
}

// Start serves a new emulator on a free loopback port.
func Start(opts Options) (*Running, error) { return &Running{Server: New(opts)}, nil }

// Close stops listening and stops the emulator.
func (r *Running) Close() error { return nil }
