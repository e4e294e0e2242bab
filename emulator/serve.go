package emulator

import (
	"bytes"
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
)

// What one client can make the emulator do is bounded: a request body is
// read whole before the handler takes the state's lock (a client that sends
// headers and then nothing holds up only itself), it may be at most
// MaxBodyBytes (413 above), and a connection that sends too slowly or stays
// idle is closed (Options.ReadTimeout, Options.IdleTimeout).
const (
	// MaxBodyBytes is the largest request body the emulator reads: four
	// times a 10,000-task create of 1.5 KB tasks. A larger one is answered
	// 413 without being read.
	MaxBodyBytes = 64 << 20
	// DefaultReadTimeout bounds reading one request, headers and body.
	DefaultReadTimeout = time.Minute
	// DefaultIdleTimeout closes a kept-alive connection that sends nothing.
	DefaultIdleTimeout = 2 * time.Minute
	// maxBodiesInFlight bounds the bytes of all request bodies being read
	// or handled at once.
	maxBodiesInFlight = 4 * MaxBodyBytes
	bodyChunk         = 1 << 20
	// shutdownGrace is how long Close lets requests in progress finish
	// before it closes every connection; a stalled client is not waited for.
	shutdownGrace = time.Second
)

// readBodyFirst reads r's body into memory, so no handler reads from the
// network with the state locked. It answers 413 and returns false for a
// body over MaxBodyBytes, 400 for one that stops short, and 429 when the
// bodies being read and handled at once already hold maxBodiesInFlight
// (many clients sending big bodies together would otherwise take the
// process's memory). done releases what the body held; call it when the
// request is answered.
func (s *Server) readBodyFirst(w http.ResponseWriter, r *http.Request) (done func(), ok bool) {
	done = func() {}
	if r.Body == nil || r.Body == http.NoBody {
		return done, true
	}
	if r.ContentLength > MaxBodyBytes {
		tooLarge(w, r.ContentLength)
		return done, false
	}
	var held int64
	done = func() { s.bodyBytes.Add(-held) }
	take := func(n int64) bool {
		if s.bodyBytes.Add(n) > maxBodiesInFlight {
			s.bodyBytes.Add(-n)
			return false
		}
		held += n
		return true
	}
	// Read in chunks, each accounted before it is read; one copy at the end.
	var chunks [][]byte
	var total int64
	body := http.MaxBytesReader(w, r.Body, MaxBodyBytes)
	for {
		size := int64(bodyChunk)
		if r.ContentLength >= 0 {
			size = min(size, r.ContentLength-total+1)
		}
		if !take(size) {
			busy(w)
			return done, false
		}
		chunk := make([]byte, size)
		n, err := io.ReadFull(body, chunk)
		chunks = append(chunks, chunk[:n])
		total += int64(n)
		var tooBig *http.MaxBytesError
		switch {
		case errors.As(err, &tooBig):
			tooLarge(w, -1)
			return done, false
		case err == io.EOF || err == io.ErrUnexpectedEOF:
			if r.ContentLength >= 0 && total < r.ContentLength {
				writeError(w, &apiError{Status: 400, Code: "VALIDATION_ERROR", Message: "cannot read the body: " + err.Error()})
				return done, false
			}
		case err != nil:
			writeError(w, &apiError{Status: 400, Code: "VALIDATION_ERROR", Message: "cannot read the body: " + err.Error()})
			return done, false
		default:
			continue
		}
		break
	}
	b := bytes.Join(chunks, nil)
	r.Body = heldBody{bytes.NewReader(b), b}
	return done, true
}

// heldBody is a body readBodyFirst read whole: newAPIRequest takes its bytes
// without another copy.
type heldBody struct {
	*bytes.Reader
	data []byte
}

func (heldBody) Close() error { return nil }

// heldBytes is the whole of a body: a heldBody's bytes, or what is left to
// read of another (a request that did not come through ServeHTTP).
func heldBytes(body io.ReadCloser) ([]byte, error) {
	if h, ok := body.(heldBody); ok {
		return h.data, nil
	}
	if body == nil {
		return nil, nil
	}
	return io.ReadAll(body)
}

// busy answers a body that does not fit beside the others being read.
func busy(w http.ResponseWriter) {
	w.Header().Set("Retry-After", "1")
	w.Header().Set("Connection", "close")
	writeError(w, &apiError{Status: http.StatusTooManyRequests, Code: "TOO_MANY_REQUESTS",
		Message: "Too many large request bodies at once; try again in a second"})
}

func tooLarge(w http.ResponseWriter, size int64) {
	msg := fmt.Sprintf("Request body is larger than %d bytes, the most the emulator reads", MaxBodyBytes)
	if size >= 0 {
		msg = fmt.Sprintf("Request body of %d bytes is larger than %d bytes, the most the emulator reads", size, MaxBodyBytes)
	}
	w.Header().Set("Connection", "close")
	writeError(w, &apiError{Status: http.StatusRequestEntityTooLarge, Code: "REQUEST_ENTITY_TOO_LARGE", Message: msg})
}

// authorized checks the Authorization header: any token when Options.Token
// is empty, else exactly that one (OAuth or ApiKey).
func (s *Server) authorized(r *http.Request) *apiError {
	auth := r.Header.Get("Authorization")
	if auth == "" {
		return &apiError{Status: 401, Code: "AUTHENTICATION_ERROR", Message: "No credentials: send Authorization: OAuth <token> or ApiKey <token>"}
	}
	if s.opts.Token == "" {
		return nil
	}
	_, token, _ := strings.Cut(auth, " ")
	if subtle.ConstantTimeCompare([]byte(token), []byte(s.opts.Token)) != 1 {
		return &apiError{Status: 401, Code: "AUTHENTICATION_ERROR", Message: "Wrong token: this emulator was started with --token"}
	}
	return nil
}

func newHTTPServer(h http.Handler, opts Options) *http.Server {
	read, idle := opts.ReadTimeout, opts.IdleTimeout
	if read <= 0 {
		read = DefaultReadTimeout
	}
	if idle <= 0 {
		idle = DefaultIdleTimeout
	}
	return &http.Server{Handler: h, ReadHeaderTimeout: min(10*time.Second, read), ReadTimeout: read, IdleTimeout: idle}
}

// shutdown lets the requests in progress finish for a moment, then closes
// every connection, a stalled one too, so the caller can save the state
// right after.
func shutdown(srv *http.Server) error {
	ctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	if err := srv.Shutdown(ctx); errors.Is(err, context.DeadlineExceeded) {
		return srv.Close()
	} else if err != nil {
		return err
	}
	return nil
}
