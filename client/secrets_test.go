package client_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/tolokash/tolokash/client"
	"github.com/tolokash/tolokash/emulator"
	"github.com/tolokash/tolokash/emulator/emulatortest"
)

const canary = "CANARY-client-9d2e-token"

// TestTokenNeverInLogsOrErrors runs a client with a canary token and a
// debug-level logger through retries, faults, quota and API errors, a server
// that echoes the request back, and a dead port; then greps the log, every
// error (as %v, %+v and %#v) and every way of printing the client.
func TestTokenNeverInLogsOrErrors(t *testing.T) {
	var logBuf bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&logBuf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	faulty := emulatortest.Start(t, emulator.Options{Faults: 0.4, Seed: 3, HourQuota: 40})
	echo := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(400)
		fmt.Fprintf(w, `{"code":"VALIDATION_ERROR","message":"bad request with header %s","payload":{"auth":%q}}`,
			r.Header.Get("Authorization"), r.Header.Get("Authorization"))
	}))
	defer echo.Close()
	htmlEcho := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(502)
		fmt.Fprintf(w, "<html>bad gateway for %s</html>", r.Header.Get("Authorization"))
	}))
	defer htmlEcho.Close()

	var errs []error
	var printed strings.Builder
	for _, url := range []string{faulty.URL, echo.URL, htmlEcho.URL, "http://127.0.0.1:1"} {
		c, err := client.New(canary, client.WithURL(url), client.WithLogger(logger), client.WithBackoff(time.Millisecond, 5*time.Millisecond))
		if err != nil {
			t.Fatal(err)
		}
		ctx := context.Background()
		for i := 0; i < 30; i++ {
			if _, err := c.GetRequester(ctx); err != nil {
				errs = append(errs, err)
			}
		}
		_, err = c.GetPool(ctx, "no-such-pool")
		errs = append(errs, err)
		copied := *c
		fmt.Fprintf(&printed, "%v %+v %#v %s %q %v %+v %#v\n", c, c, c, c, c, copied, copied, copied)
	}
	var quota, echoed bool
	for _, err := range errs {
		if err == nil {
			continue
		}
		var ae *client.APIError
		if errors.As(err, &ae) {
			quota = quota || ae.Quota == client.QuotaHour
			echoed = echoed || strings.Contains(ae.Message, "<redacted>")
		}
		fmt.Fprintf(&printed, "%v | %+v | %#v\n", err, err, err)
	}
	if !quota || !echoed || len(errs) < 10 {
		t.Fatalf("the session should have met a quota and an echoing server (%v %v, %d errors)", quota, echoed, len(errs))
	}
	if strings.Contains(printed.String(), "CANARY") {
		t.Errorf("the token was printed:\n%s", excerptAround(printed.String(), "CANARY"))
	}
	if strings.Contains(logBuf.String(), "CANARY") {
		t.Errorf("the token was logged:\n%s", excerptAround(logBuf.String(), "CANARY"))
	}
	if !strings.Contains(logBuf.String(), "level=DEBUG") {
		t.Errorf("the debug log is empty: the test would prove nothing")
	}
}

func excerptAround(s, word string) string {
	i := strings.Index(s, word)
	return s[max(0, i-200):min(len(s), i+200)]
}
