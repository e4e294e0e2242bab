package client

// CONTRACT STUB (to be replaced by the real implementation; keep the exported names).

// Client talks to one Toloka environment with one token.
type Client struct{}

// Option configures a Client.
type Option func(*config) error

type config struct{}

// New returns a client for token.
func New(token string, opts ...Option) (*Client, error) { return &Client{}, nil }
