package testenv

import (
	"bytes"
	"encoding/json"
	"hash/maphash"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
)

// Replay is a server that answers each request with what another server, its
// upstream, answered to the same request the first time it was asked: the
// first run of a client records, and later runs read the answers from memory.
// A benchmark then measures the client at the pace of the wire, without the
// cost of the server that made the answers (the emulator, which re-encodes
// its objects on every request).
//
// Requests are the same when their method, path, query (in any order, but
// for operation_id, which clients draw at random) and body are. An answer
// describing an operation still in progress is not kept, so a replayed wait
// ends at its first poll instead of polling a recorded "RUNNING" for ever.
type Replay struct {
	URL      string
	srv      *httptest.Server
	upstream string
	seed     maphash.Seed

	mu      sync.RWMutex
	answers map[string]*answer
	held    int64

	misses atomic.Int64
}

type answer struct {
	status      int
	contentType string
	body        []byte
}

// NewReplay starts a replaying server in front of the server at upstream.
func NewReplay(upstream string) *Replay {
	r := &Replay{upstream: strings.TrimSuffix(upstream, "/"), seed: maphash.MakeSeed(), answers: map[string]*answer{}}
	r.srv = httptest.NewServer(http.HandlerFunc(r.serve))
	r.URL = r.srv.URL
	return r
}

// Close stops the server.
func (r *Replay) Close() { r.srv.Close() }

// Misses is how many requests went to the upstream so far: a run whose
// misses did not grow was replayed from memory alone.
func (r *Replay) Misses() int64 { return r.misses.Load() }

// Held is the size of the answers kept, in bytes.
func (r *Replay) Held() int64 {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return r.held
}

func (r *Replay) key(req *http.Request, body []byte) string {
	q := req.URL.Query()
	q.Del("operation_id")
	var h maphash.Hash
	h.SetSeed(r.seed)
	h.Write(body)
	var sum [8]byte
	return req.Method + " " + req.URL.Path + "?" + q.Encode() + " " + string(h.Sum(sum[:0]))
}

func (r *Replay) serve(w http.ResponseWriter, req *http.Request) {
	body, err := io.ReadAll(req.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	key := r.key(req, body)
	r.mu.RLock()
	a := r.answers[key]
	r.mu.RUnlock()
	if a == nil {
		r.misses.Add(1)
		if a, err = r.forward(req, body); err != nil {
			http.Error(w, "replay: "+err.Error(), http.StatusBadGateway)
			return
		}
		if a.status < 500 && !(req.Method == "GET" && inProgress(req.URL.Path, a.body)) {
			r.mu.Lock()
			if r.answers[key] == nil {
				r.held += int64(len(a.body))
			}
			r.answers[key] = a
			r.mu.Unlock()
		}
	}
	if a.contentType != "" {
		w.Header().Set("Content-Type", a.contentType)
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(a.body))) // as the emulator does: clients size their buffers by it
	w.WriteHeader(a.status)
	w.Write(a.body)
}

func (r *Replay) forward(req *http.Request, body []byte) (*answer, error) {
	out, err := http.NewRequestWithContext(req.Context(), req.Method, r.upstream+req.URL.RequestURI(), bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	for _, h := range []string{"Authorization", "Content-Type", "Accept"} {
		if v := req.Header.Get(h); v != "" {
			out.Header.Set(h, v)
		}
	}
	resp, err := http.DefaultClient.Do(out)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	return &answer{status: resp.StatusCode, contentType: resp.Header.Get("Content-Type"), body: data}, nil
}

// inProgress reports whether body, the answer to a GET of path, is an
// operation that has not ended. (The answer to the POST that started one is
// kept: asking for it again would start another.)
func inProgress(path string, body []byte) bool {
	if !strings.HasPrefix(path, "/api/v1/operations/") || strings.HasSuffix(path, "/log") {
		return false
	}
	var op struct {
		ID     string `json:"id"`
		Type   string `json:"type"`
		Status string `json:"status"`
	}
	if json.Unmarshal(body, &op) != nil || op.Type == "" {
		return false
	}
	return op.Status == "PENDING" || op.Status == "RUNNING"
}
