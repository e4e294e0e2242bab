package client

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// errRedirectRefused is matched by errors.Is on a refused redirect.
var errRedirectRefused = errors.New("redirect refused")

// checkRedirect follows a redirect only within the origin the request went
// to (scheme, host and port): the Authorization header goes wherever a
// followed redirect points, so a redirect to another port, another host or
// from https to http would hand the token over, the last in clear text. next
// is the embedder's own CheckRedirect (WithHTTPClient), asked after ours.
func (c *Client) checkRedirect(next func(*http.Request, []*http.Request) error) func(*http.Request, []*http.Request) error {
	return func(req *http.Request, via []*http.Request) error {
		from := via[0].URL
		if !sameOrigin(from, req.URL) {
			return fmt.Errorf("%w: %s answered with a redirect to %s, another origin (the token would go there)",
				errRedirectRefused, origin(from), origin(req.URL))
		}
		if req.URL.Scheme == "http" && !c.cfg.insecureHTTP && !isLoopback(req.URL.Hostname()) {
			return fmt.Errorf("%w: a redirect to plain http://%s (the token would travel unencrypted)", errRedirectRefused, req.URL.Host)
		}
		if len(via) >= 10 {
			return fmt.Errorf("%w: stopped after 10 redirects", errRedirectRefused)
		}
		if next != nil {
			return next(req, via)
		}
		return nil
	}
}

func sameOrigin(a, b *url.URL) bool {
	return strings.EqualFold(a.Scheme, b.Scheme) && strings.EqualFold(a.Hostname(), b.Hostname()) && port(a) == port(b)
}

func port(u *url.URL) string {
	if p := u.Port(); p != "" {
		return p
	}
	if strings.EqualFold(u.Scheme, "https") {
		return "443"
	}
	return "80"
}

func origin(u *url.URL) string { return u.Scheme + "://" + u.Host }
