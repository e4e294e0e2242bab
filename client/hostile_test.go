package client

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	goruntime "runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// The tests in this file are the client's side of the attack review
// (issue 21): a server, a proxy or a network that is out to get the token,
// hold a call for ever or take the process's memory. Every server is a fake
// on a loopback port.

// TestRedirectsNeverCarryTheToken: a redirect to another port, or from https
// to http on the same host, is refused before anything is sent there; a
// redirect within the origin is followed.
func TestRedirectsNeverCarryTheToken(t *testing.T) {
	var leaked atomic.Int32
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.Contains(r.Header.Get("Authorization"), canary) {
			leaked.Add(1)
		}
		writeJSON(w, 200, `{"id":"elsewhere"}`)
	}))
	defer other.Close()

	c, _ := fakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/api/v1/pools/away":
			http.Redirect(w, r, other.URL+"/api/v1/pools/1", http.StatusFound)
		case "/api/v1/pools/moved":
			http.Redirect(w, r, "/api/v1/pools/home", http.StatusMovedPermanently)
		case "/api/v1/pools/home":
			if r.Header.Get("Authorization") != "OAuth "+canary {
				t.Errorf("a redirect within the origin should keep the token")
			}
			writeJSON(w, 200, `{"id":"home"}`)
		}
	})
	_, err := c.Invoke(context.Background(), "get_pool", Call{Args: []any{"away"}})
	if err == nil || !strings.Contains(err.Error(), "another origin") || leaked.Load() != 0 {
		t.Errorf("a redirect to another port must be refused: %d leaks, %v", leaked.Load(), err)
	}
	if res, err := c.Invoke(context.Background(), "get_pool", Call{Args: []any{"moved"}}); err != nil || !strings.Contains(string(res.JSON), "home") {
		t.Errorf("a redirect within the origin is followed: %v", err)
	}

	// https://example.com → http://example.com: the same host name, so
	// net/http alone would copy the Authorization header, in clear text.
	plain := httptest.NewServer(other.Config.Handler)
	defer plain.Close()
	secure := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "http://example.com"+r.URL.Path, http.StatusFound)
	}))
	defer secure.Close()
	tr := secure.Client().Transport.(*http.Transport).Clone()
	tr.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
		target := map[string]string{"example.com:443": secure.Listener.Addr().String(), "example.com:80": plain.Listener.Addr().String()}[addr]
		return (&net.Dialer{}).DialContext(ctx, network, target)
	}
	c2, err := New(canary, WithURL("https://example.com"), WithHTTPClient(&http.Client{Transport: tr}), WithRetries(0))
	if err != nil {
		t.Fatal(err)
	}
	_, err = c2.Invoke(context.Background(), "get_pool", Call{Args: []any{"1"}})
	if err == nil || !errors.Is(err, errRedirectRefused) || leaked.Load() != 0 {
		t.Errorf("https → http must be refused: %d leaks, %v", leaked.Load(), err)
	}
}

// TestServerChosenWaitsAreBounded: a Retry-After of 31 years or one that
// overflows a time.Duration ends the call at once with the server's error;
// a wait past the caller's deadline is not begun.
func TestServerChosenWaitsAreBounded(t *testing.T) {
	for _, ra := range []string{"1000000000", "1e12", "Fri, 31 Dec 9999 23:59:59 GMT"} {
		var n atomic.Int32
		c, _ := fakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
			n.Add(1)
			w.Header().Set("Retry-After", ra)
			writeJSON(w, 503, `{"code":"REMOTE_SERVICE_UNAVAILABLE","message":"come back later"}`)
		})
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		_, err := c.Invoke(ctx, "get_pool", Call{Args: []any{"1"}})
		cancel()
		if err == nil || !strings.Contains(err.Error(), "REMOTE_SERVICE_UNAVAILABLE") || !strings.Contains(err.Error(), "longest wait") ||
			errors.Is(err, context.DeadlineExceeded) || n.Load() != 1 {
			t.Errorf("Retry-After: %s: want one request and the server's error naming the cap, got %d requests: %v", ra, n.Load(), err)
		}
	}

	var n atomic.Int32
	c, _ := fakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		w.Header().Set("Retry-After", "60")
		writeJSON(w, 503, `{"code":"REMOTE_SERVICE_UNAVAILABLE","message":"come back later"}`)
	})
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	start := time.Now()
	_, err := c.Invoke(ctx, "get_pool", Call{Args: []any{"1"}})
	if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "after the deadline") || time.Since(start) >= 3*time.Second {
		t.Errorf("a wait past the deadline must not be begun: %v after %v", err, time.Since(start))
	}
}

// TestAnswersAreBounded: an answer bigger than the cap is refused without
// being read whole (announced or not), a body that trickles ends the
// attempt at the timeouts, and a download that stalls ends at the read timeout.
func TestAnswersAreBounded(t *testing.T) {
	var sent atomic.Int64
	c, _ := fakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Path == "/api/v1/pools/announced" {
			w.Header().Set("Content-Length", fmt.Sprint(int64(3)<<30))
		}
		chunk := bytes.Repeat([]byte(" "), 1<<20)
		for i := 0; i < (DefaultMaxResponseSize>>20)+64; i++ {
			if _, err := w.Write(chunk); err != nil {
				return
			}
			sent.Add(int64(len(chunk)))
		}
	}, WithRetries(0))
	for _, id := range []string{"announced", "chunked"} {
		sent.Store(0)
		_, err := c.Invoke(context.Background(), "get_pool", Call{Args: []any{id}})
		if err == nil || !strings.Contains(err.Error(), "WithMaxResponseSize") {
			t.Errorf("%s: an answer over the cap must be refused: %v", id, err)
		}
	}

	trickle := func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", "1000")
		w.WriteHeader(200)
		for i := 0; i < 1000; i++ {
			if _, err := w.Write([]byte(" ")); err != nil {
				return
			}
			w.(http.Flusher).Flush()
			select {
			case <-r.Context().Done():
				return
			case <-time.After(20 * time.Millisecond):
			}
		}
	}
	c, _ = fakeAPI(t, trickle, WithTimeout(150*time.Millisecond), WithRetries(1))
	start := time.Now()
	_, err := c.Invoke(context.Background(), "get_pool", Call{Args: []any{"1"}})
	if err == nil || !strings.Contains(err.Error(), "no complete answer within 300ms") || time.Since(start) > 5*time.Second {
		t.Errorf("a trickling body must end each attempt at the timeouts: %v after %v", err, time.Since(start))
	}

	c, _ = fakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("first bytes"))
		w.(http.Flusher).Flush()
		<-r.Context().Done()
	}, WithTimeout(150*time.Millisecond))
	var out bytes.Buffer
	start = time.Now()
	_, err = c.Invoke(context.Background(), "download_attachment", Call{Args: []any{"a1"}, Out: &out})
	if err == nil || !strings.Contains(err.Error(), "stopped coming") || out.String() != "first bytes" || time.Since(start) > 5*time.Second {
		t.Errorf("a stalled download must end at the read timeout: %q, %v after %v", out.String(), err, time.Since(start))
	}
}

// TestDerivedClientsShareTheirConnections: clients made by With with other
// timeouts (toloka.withOptions in a loop) share one connection pool instead
// of leaving one behind each.
func TestDerivedClientsShareTheirConnections(t *testing.T) {
	c, _ := fakeAPI(t, func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, `{"id":"me"}`) })
	if _, err := c.GetRequester(context.Background()); err != nil {
		t.Fatal(err)
	}
	goroutines, fds := goruntime.NumGoroutine(), openFiles()
	for i := 0; i < 300; i++ {
		d, err := c.With(WithTimeout(time.Second+time.Duration(i)*time.Millisecond), WithRetries(i%3))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := d.GetRequester(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	if g := goruntime.NumGoroutine(); g > goroutines+20 {
		t.Errorf("300 derived clients left %d goroutines behind", g-goroutines)
	}
	if f := openFiles(); fds >= 0 && f > fds+20 {
		t.Errorf("300 derived clients left %d open files behind", f-fds)
	}
}

func openFiles() int {
	entries, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		return -1
	}
	return len(entries)
}

// TestTokenEchoedBackIsRedacted: a server that echoes the token in a header,
// or JSON-escaped in an error or a 2xx body, does not get it into an error,
// a request id, a payload or a result.
func TestTokenEchoedBackIsRedacted(t *testing.T) {
	escaped := func(s string) string {
		var b strings.Builder
		for _, r := range s {
			fmt.Fprintf(&b, `\u%04X`, r)
		}
		return b.String()
	}
	half := canary[:10] + escaped(canary[10:])
	c, _ := fakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Request-Id", "req-"+r.Header.Get("Authorization"))
		switch r.URL.Path {
		case "/api/v1/pools/err":
			writeJSON(w, 404, `{"code":"DOES_NOT_EXIST","message":"no pool for `+escaped(canary)+`","payload":{"seen":"`+half+`","`+escaped(canary)+`":1}}`)
		case "/api/v1/pools/html":
			w.WriteHeader(502)
			io.WriteString(w, "<html>upstream said "+canary+"</html>")
		default:
			writeJSON(w, 200, `{"id":"1","private_name":"`+half+`","list":["\/`+escaped(canary)+`"]}`)
		}
	}, WithRetries(0))
	var shown []string
	for _, id := range []string{"err", "html"} {
		_, err := c.Invoke(context.Background(), "get_pool", Call{Args: []any{id}})
		var ae *APIError
		if !errors.As(err, &ae) {
			t.Fatalf("%s: want an APIError, got %v", id, err)
		}
		shown = append(shown, err.Error(), ae.RequestID, ae.Message, decoded(string(ae.Payload)))
	}
	res, err := c.Invoke(context.Background(), "get_pool", Call{Args: []any{"ok"}})
	if err != nil {
		t.Fatal(err)
	}
	shown = append(shown, decoded(string(res.JSON)))
	for _, s := range shown {
		if strings.Contains(s, canary) {
			t.Errorf("the token came back: %s", s)
		}
	}
	if !strings.Contains(strings.Join(shown, " "), redactedMark) {
		t.Errorf("the echoes should show as %s: %v", redactedMark, shown)
	}
	var pool map[string]any
	if json.Unmarshal(res.JSON, &pool) != nil || pool["id"] != "1" {
		t.Errorf("the redacted answer must stay valid JSON: %s", res.JSON)
	}
}

// decoded is a JSON text with its string escapes undone, as a reader would see it.
func decoded(s string) string {
	var v any
	if json.Unmarshal([]byte(s), &v) != nil {
		return s
	}
	var b strings.Builder
	var walk func(any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, e := range x {
				b.WriteString(k + " ")
				walk(e)
			}
		case []any:
			for _, e := range x {
				walk(e)
			}
		default:
			fmt.Fprint(&b, x, " ")
		}
	}
	walk(v)
	return b.String()
}

// TestTokenEchoedInAStreamIsRedacted: a download that carries the token, cut
// anywhere across reads, arrives without it.
func TestTokenEchoedInAStreamIsRedacted(t *testing.T) {
	c, _ := fakeAPI(t, func(w http.ResponseWriter, r *http.Request) {
		for i := 0; i < len(canary); i += 3 { // the token in three-byte pieces
			w.Write([]byte(canary[i:min(i+3, len(canary))]))
			w.(http.Flusher).Flush()
		}
		w.Write([]byte(" and the rest"))
	})
	var out bytes.Buffer
	if _, err := c.Invoke(context.Background(), "download_attachment", Call{Args: []any{"a1"}, Out: &out}); err != nil {
		t.Fatal(err)
	}
	if out.String() != redactedMark+" and the rest" {
		t.Errorf("download: %q", out.String())
	}
}

// TestPermanentFailuresAreNotRetried: an untrusted certificate, a port that
// cannot exist and a header value that cannot be sent fail on the first
// attempt; a refused connection (a server restarting) is still retried.
func TestPermanentFailuresAreNotRetried(t *testing.T) {
	var handshakes atomic.Int32
	ts := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	ts.TLS = &tls.Config{GetConfigForClient: func(*tls.ClientHelloInfo) (*tls.Config, error) { handshakes.Add(1); return nil, nil }}
	ts.Config.ErrorLog = log.New(io.Discard, "", 0) // the server's "bad certificate" complaints
	ts.StartTLS()
	defer ts.Close()

	attempts := func(url string, opts ...Option) (int, error) {
		var logs bytes.Buffer
		opts = append([]Option{WithURL(url), WithBackoff(time.Millisecond, 2*time.Millisecond), WithRetries(3),
			WithLogger(slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug})))}, opts...)
		c, err := New(canary, opts...)
		if err != nil {
			t.Fatal(err)
		}
		_, err = c.GetRequester(context.Background())
		return strings.Count(logs.String(), `msg="toloka request"`), err
	}
	if n, err := attempts(ts.URL); n != 1 || handshakes.Load() != 1 || err == nil || !strings.Contains(err.Error(), "certificate") {
		t.Errorf("an untrusted certificate: %d attempts, %d handshakes, %v", n, handshakes.Load(), err)
	}
	if n, err := attempts("http://127.0.0.1:99999"); n != 1 || err == nil || !strings.Contains(err.Error(), "invalid port") {
		t.Errorf("an invalid port: %d attempts, %v", n, err)
	}
	plain := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, `{"id":"me"}`) }))
	defer plain.Close()
	if n, err := attempts(plain.URL, WithActUnderAccount("acct\nInjected: yes")); n != 1 || err == nil || !strings.Contains(err.Error(), "invalid header") {
		t.Errorf("an invalid header value: %d attempts, %v", n, err)
	}
	// Still retried: nothing listens on the port (yet).
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	closed := "http://" + ln.Addr().String()
	ln.Close()
	if n, err := attempts(closed); n != 4 || err == nil {
		t.Errorf("a refused connection is retried: %d attempts, %v", n, err)
	}
}

// chunky hands out its data a few bytes at a time, as a slow network does.
type chunky struct {
	data []byte
	rnd  *rand.Rand
}

func (c *chunky) Read(p []byte) (int, error) {
	if len(c.data) == 0 {
		return 0, io.EOF
	}
	n := min(len(p), len(c.data), 1+c.rnd.IntN(7))
	copy(p, c.data[:n])
	c.data = c.data[n:]
	return n, nil
}

func (c *chunky) Close() error { return nil }

// TestRedactReaderAgainstReplaceAll: whatever the reads' sizes, the stream
// comes out as strings.ReplaceAll of the whole, tokens across reads included.
func TestRedactReaderAgainstReplaceAll(t *testing.T) {
	c, err := New(canary, WithURL("http://127.0.0.1:1"))
	if err != nil {
		t.Fatal(err)
	}
	rnd := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 300; i++ {
		var b strings.Builder
		for j := rnd.IntN(20); j > 0; j-- {
			switch rnd.IntN(4) {
			case 0:
				b.WriteString(canary)
			case 1:
				b.WriteString(canary[:rnd.IntN(len(canary))]) // a prefix that is not the token
			default:
				b.WriteString(strings.Repeat("x", rnd.IntN(50)))
			}
		}
		in := b.String()
		out, err := io.ReadAll(c.redactStream(&chunky{data: []byte(in), rnd: rnd}))
		if want := strings.ReplaceAll(in, canary, redactedMark); err != nil || string(out) != want {
			t.Fatalf("%q:\n got %q\nwant %q (%v)", in, out, want, err)
		}
	}
}
