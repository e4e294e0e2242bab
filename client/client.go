package client

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"runtime"
	"strings"
	"time"
)

// Version is the version of tolokash's client; it goes into the User-Agent.
const Version = "0.1.0"

// Environment is a Toloka installation.
type Environment struct {
	Name string // "production" or "sandbox"
	URL  string // API base: requests go to URL + "/api/…"
	UI   string // web interface base, for links
}

var (
	Production = Environment{Name: "production", URL: "https://toloka.dev", UI: "https://platform.toloka.ai"}
	Sandbox    = Environment{Name: "sandbox", URL: "https://sandbox.toloka.dev", UI: "https://sandbox.toloka.yandex.com"}
)

// EnvironmentByName returns the environment named name, case-insensitively.
func EnvironmentByName(name string) (Environment, error) {
	switch strings.ToLower(strings.TrimSpace(name)) {
	case "production", "prod":
		return Production, nil
	case "sandbox":
		return Sandbox, nil
	}
	return Environment{}, fmt.Errorf("unknown Toloka environment %q: want production or sandbox", name)
}

// Quota is a Toloka request quota window, named by payload.interval of a 429 answer.
type Quota string

const (
	QuotaMinute Quota = "MIN"
	QuotaHour   Quota = "HOUR"
	QuotaDay    Quota = "DAY"
)

// Client talks to one Toloka environment with one token. It is safe for
// concurrent use; derive variants with With.
type Client struct {
	cfg  config
	http *http.Client
}

// Option configures a Client.
type Option func(*config) error

type config struct {
	token          secret
	env            *Environment
	url            string
	retries        int
	retryQuotas    map[Quota]bool
	policy         RetryPolicy
	connectTimeout time.Duration
	readTimeout    time.Duration
	actUnder       string
	tlsConfig      *tls.Config
	insecureHTTP   bool
	httpClient     *http.Client
	userAgent      string
	logger         *slog.Logger
	transport      *http.Transport // the pool shared by the clients derived from one New
	pollInterval   time.Duration
	backoffBase    time.Duration
	backoffMax     time.Duration
	batchSize      int           // largest create request; bigger lists are split
	uploadWorkers  int           // batches of a split create in flight at once
	maxResponse    int64         // largest answer read into memory
	maxRetryWait   time.Duration // longest Retry-After the client waits out

	limiter *limiter // requests in flight, shared by the copies With makes (limiter.go)
}

// Defaults of the bounds on what a server can make the client do.
const (
	// DefaultMaxResponseSize is the largest answer the client reads into
	// memory (WithMaxResponseSize); downloads and the TSV export stream and
	// have no such limit.
	DefaultMaxResponseSize = 128 << 20
	// DefaultMaxRetryWait is the longest Retry-After the client waits out
	// (WithMaxRetryWait); a longer one ends the call with the server's error.
	DefaultMaxRetryWait = 15 * time.Minute
)

// New returns a client for token. Exactly one of WithEnvironment and WithURL
// must be given.
func New(token string, opts ...Option) (*Client, error) {
	cfg := config{
		token:          secret(token),
		retries:        3,
		retryQuotas:    map[Quota]bool{QuotaMinute: true},
		connectTimeout: 10 * time.Second,
		readTimeout:    10 * time.Second,
		userAgent:      "tolokash/" + Version,
		pollInterval:   time.Second,
		backoffBase:    time.Second,
		backoffMax:     60 * time.Second,
		batchSize:      10_000,
		uploadWorkers:  3,
		maxResponse:    DefaultMaxResponseSize,
		maxRetryWait:   DefaultMaxRetryWait,
	}
	for _, o := range opts {
		if err := o(&cfg); err != nil {
			return nil, fmt.Errorf("toloka client: %w", err)
		}
	}
	return newClient(cfg)
}

func newClient(cfg config) (*Client, error) {
	switch {
	case cfg.env != nil && cfg.url != "":
		return nil, errors.New("toloka client: give an environment or a URL, not both")
	case cfg.env == nil && cfg.url == "":
		return nil, errors.New("toloka client: give an environment (production or sandbox) or a URL")
	}
	if cfg.token == "" {
		return nil, errors.New("toloka client: empty token")
	}
	if cfg.url != "" {
		u, err := url.Parse(cfg.url)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return nil, fmt.Errorf("toloka client: URL %q is not an http(s) URL", cfg.url)
		}
		if u.Scheme == "http" && !cfg.insecureHTTP && !isLoopback(u.Hostname()) {
			return nil, fmt.Errorf("toloka client: refusing plain http:// to %s (the token would travel unencrypted); use https or WithInsecureHTTP", u.Host)
		}
	}
	if cfg.logger == nil {
		cfg.logger = slog.New(slog.DiscardHandler)
	}
	if cfg.limiter == nil {
		cfg.limiter = newLimiter(DefaultConcurrency)
	}
	c := &Client{cfg: cfg}
	switch {
	case cfg.httpClient != nil:
		// The embedder's client, with our redirect rule in front of theirs.
		hc := *cfg.httpClient
		hc.CheckRedirect = c.checkRedirect(cfg.httpClient.CheckRedirect)
		c.http = &hc
	case cfg.transport != nil:
		c.http = &http.Client{Transport: cfg.transport, CheckRedirect: c.checkRedirect(nil)}
	default:
		t := newTransport(cfg)
		c.cfg.transport = t
		c.http = &http.Client{Transport: t, CheckRedirect: c.checkRedirect(nil)}
		// Clients derived with With share t unless they change TLS; a client
		// nobody holds any more closes its idle connections with it.
		runtime.AddCleanup(c, func(t *http.Transport) { t.CloseIdleConnections() }, t)
	}
	return c, nil
}

// newTransport makes the connection pool of a client and the clients derived
// from it. It depends on the TLS configuration only: the timeouts are applied
// per request (attempt.go), so a derived client with other timeouts shares it.
func newTransport(cfg config) *http.Transport {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.DialContext = dialer(cfg.connectTimeout)
	t.TLSHandshakeTimeout = cfg.connectTimeout
	t.MaxIdleConnsPerHost = 16
	if cfg.tlsConfig != nil {
		t.TLSClientConfig = cfg.tlsConfig
	}
	return t
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// With returns a copy of c changed by opts; c itself is not changed.
func (c *Client) With(opts ...Option) (*Client, error) {
	cfg := c.cfg
	cfg.retryQuotas = make(map[Quota]bool, len(c.cfg.retryQuotas))
	for k, v := range c.cfg.retryQuotas {
		cfg.retryQuotas[k] = v
	}
	urlBefore, envBefore := cfg.url, cfg.env
	for _, o := range opts {
		if err := o(&cfg); err != nil {
			return nil, fmt.Errorf("toloka client: %w", err)
		}
	}
	// Switching environment or URL replaces the other, as a new choice.
	if cfg.url != urlBefore && cfg.env == envBefore {
		cfg.env = nil
	} else if cfg.env != envBefore && cfg.url == urlBefore {
		cfg.url = ""
	}
	if cfg.httpClient != c.cfg.httpClient || cfg.tlsConfig != c.cfg.tlsConfig {
		cfg.transport = nil // a new pool for another TLS configuration or the embedder's client
	}
	return newClient(cfg)
}

// BaseURL is the API base the client sends requests to (without /api).
func (c *Client) BaseURL() string {
	if c.cfg.url != "" {
		return c.cfg.url
	}
	return c.cfg.env.URL
}

// EnvironmentName is "production", "sandbox" or "custom".
func (c *Client) EnvironmentName() string {
	if c.cfg.env != nil {
		return c.cfg.env.Name
	}
	return "custom"
}

// String describes the client without its token. The methods that print a
// Client take it by value, so a copy prints as safely as a pointer.
func (c Client) String() string {
	s := fmt.Sprintf("toloka.Client{url: %s, token: %s", c.BaseURL(), redacted(c.cfg.token))
	if c.cfg.actUnder != "" {
		s += ", act_under_account_id: " + c.cfg.actUnder
	}
	return s + "}"
}

// GoString keeps %#v from printing the token.
func (c Client) GoString() string { return c.String() }

// Format keeps every fmt verb from printing the token.
func (c Client) Format(f fmt.State, verb rune) { fmt.Fprint(f, c.String()) }

func redacted(token secret) string {
	if token == "" {
		return "<none>"
	}
	return "<redacted>"
}

// secret is the token: however a config or a copy of a Client gets printed
// (%v, %+v, %#v, %s, %q), it shows as <redacted>. Only the Authorization
// header reads the string itself.
type secret string

func (s secret) String() string                { return redacted(s) }
func (s secret) GoString() string              { return redacted(s) }
func (s secret) Format(f fmt.State, verb rune) { fmt.Fprint(f, redacted(s)) }

// WithEnvironment selects Production or Sandbox.
func WithEnvironment(env Environment) Option {
	return func(c *config) error {
		if env.URL == "" {
			return errors.New("WithEnvironment: empty environment")
		}
		e := env
		c.env = &e
		return nil
	}
}

// WithURL points the client at another server (an emulator, a proxy).
func WithURL(u string) Option {
	return func(c *config) error {
		c.url = strings.TrimRight(strings.TrimSpace(u), "/")
		if c.url == "" {
			return errors.New("WithURL: empty URL")
		}
		return nil
	}
}

// WithRetries sets how many times a failed request is retried (0: never).
func WithRetries(n int) Option {
	return func(c *config) error {
		if n < 0 {
			return fmt.Errorf("WithRetries: negative count %d", n)
		}
		c.retries = n
		return nil
	}
}

// WithRetryQuotas lists the quota windows whose 429 answers are waited out and
// retried. The default is MIN only; none at all disables quota waits.
func WithRetryQuotas(quotas ...Quota) Option {
	return func(c *config) error {
		c.retryQuotas = map[Quota]bool{}
		for _, q := range quotas {
			switch q {
			case QuotaMinute, QuotaHour, QuotaDay:
				c.retryQuotas[q] = true
			default:
				return fmt.Errorf("WithRetryQuotas: unknown quota %q (want MIN, HOUR or DAY)", q)
			}
		}
		return nil
	}
}

// WithRetryPolicy replaces the whole retry decision (Go's stand-in for
// toloka-kit's retryer_factory).
func WithRetryPolicy(p RetryPolicy) Option {
	return func(c *config) error { c.policy = p; return nil }
}

// WithTimeout sets the connect and the read timeout to d (default 10s each).
// Together they bound each attempt of a request: connecting, sending, and
// the whole answer when the client reads it into memory. A streamed answer
// (an attachment, the TSV export) must bring bytes within the read timeout
// of each wait. 0 means no limit.
func WithTimeout(d time.Duration) Option {
	return WithConnectReadTimeout(d, d)
}

// WithConnectReadTimeout sets the connect and read timeouts separately (see WithTimeout).
func WithConnectReadTimeout(connect, read time.Duration) Option {
	return func(c *config) error {
		if connect < 0 || read < 0 {
			return fmt.Errorf("WithConnectReadTimeout: negative timeout (%v, %v)", connect, read)
		}
		c.connectTimeout, c.readTimeout = connect, read
		return nil
	}
}

// WithMaxResponseSize sets the largest answer the client reads into memory
// (default DefaultMaxResponseSize, 128 MiB); a bigger one ends the call
// with an error, without retries. Streamed answers (downloads, the TSV
// export) are not limited.
func WithMaxResponseSize(n int64) Option {
	return func(c *config) error {
		if n <= 0 {
			return fmt.Errorf("WithMaxResponseSize: %d is not positive", n)
		}
		c.maxResponse = n
		return nil
	}
}

// WithMaxRetryWait sets the longest Retry-After the client waits out
// (default DefaultMaxRetryWait, 15 minutes). A server asking for longer gets
// its error returned at once. Waits that would end after the context's
// deadline are not begun either.
func WithMaxRetryWait(d time.Duration) Option {
	return func(c *config) error {
		if d < 0 {
			return fmt.Errorf("WithMaxRetryWait: negative wait %v", d)
		}
		c.maxRetryWait = d
		return nil
	}
}

// WithActUnderAccount makes every call act as another requester account the
// token's owner was given access to.
func WithActUnderAccount(id string) Option {
	return func(c *config) error { c.actUnder = id; return nil }
}

// WithTLSConfig uses cfg for TLS.
func WithTLSConfig(cfg *tls.Config) Option {
	return func(c *config) error { c.tlsConfig = cfg; return nil }
}

// WithInsecureSkipVerify turns off certificate verification. Only for tests.
func WithInsecureSkipVerify() Option {
	return func(c *config) error {
		c.tlsConfig = &tls.Config{InsecureSkipVerify: true} //nolint:gosec // the caller asked for it
		return nil
	}
}

// WithCABundle trusts the PEM certificates in the file at path instead of the system's.
func WithCABundle(path string) Option {
	return func(c *config) error {
		pem, err := os.ReadFile(path)
		if err != nil {
			return fmt.Errorf("WithCABundle: %w", err)
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return fmt.Errorf("WithCABundle: no PEM certificate in %s", path)
		}
		c.tlsConfig = &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}
		return nil
	}
}

// WithInsecureHTTP allows a plain http:// URL to a non-loopback host.
func WithInsecureHTTP() Option {
	return func(c *config) error { c.insecureHTTP = true; return nil }
}

// WithHTTPClient sends requests through hc (its transport and timeouts win).
func WithHTTPClient(hc *http.Client) Option {
	return func(c *config) error { c.httpClient = hc; return nil }
}

// WithUserAgent replaces the User-Agent header.
func WithUserAgent(ua string) Option {
	return func(c *config) error { c.userAgent = ua; return nil }
}

// WithLogger logs each request (never the token) at debug level, retries at info.
func WithLogger(l *slog.Logger) Option {
	return func(c *config) error { c.logger = l; return nil }
}

// WithUploadBatches sets how creates of tasks, task suites and bonuses send
// long lists: at most size objects per request (default 10,000, the most the
// API docs advise for one asynchronous request), with up to workers requests
// in flight at once (default 3; quota answers still make each wait its turn).
func WithUploadBatches(size, workers int) Option {
	return func(c *config) error {
		if size < 1 || workers < 1 {
			return fmt.Errorf("upload batches: size %d and workers %d must both be at least 1", size, workers)
		}
		c.batchSize, c.uploadWorkers = size, workers
		return nil
	}
}

// WithPollInterval sets how often operation waits poll (default 1s).
func WithPollInterval(d time.Duration) Option {
	return func(c *config) error {
		if d <= 0 {
			return fmt.Errorf("WithPollInterval: %v is not positive", d)
		}
		c.pollInterval = d
		return nil
	}
}

// WithBackoff sets the first retry delay and the cap of the exponential backoff.
func WithBackoff(base, max time.Duration) Option {
	return func(c *config) error {
		if base <= 0 || max < base {
			return fmt.Errorf("WithBackoff: want 0 < base <= max, got %v and %v", base, max)
		}
		c.backoffBase, c.backoffMax = base, max
		return nil
	}
}
