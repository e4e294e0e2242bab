package client_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/tolokash/tolokash/client"
)

func TestOptionEnumsRefuseUnknownValues(t *testing.T) {
	c, err := client.New("x", client.WithURL("http://127.0.0.1:1"), client.WithRetries(0))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for _, tc := range []struct {
		method string
		opts   map[string]any
		want   string
	}{
		{"find_assignments", map[string]any{"status": "submitted"}, `argument status: expected one of ACTIVE, SUBMITTED, ACCEPTED, REJECTED, SKIPPED, EXPIRED, got "submitted"; did you mean SUBMITTED?`},
		{"find_assignments", map[string]any{"status": []string{"SUBMITTED", "ACEPTED"}}, `"ACEPTED"; did you mean ACCEPTED?`},
		{"find_assignments", map[string]any{"status": "SUBMITTED,REJECTD"}, `"REJECTD"; did you mean REJECTED?`},
		{"find_pools", map[string]any{"status": "opn"}, `did you mean OPEN?`},
		{"get_assignments_df", map[string]any{"pool_id": "1", "status": []any{"ACCEPTED"}}, `one of ACTIVE, SUBMITTED, APPROVED,`},
		{"find_operations", map[string]any{"type": "POOL_OPEN"}, `did you mean POOL.OPEN?`},
		{"find_webhook_subscriptions", map[string]any{"event_type": "POOL_CLOSE"}, `did you mean POOL_CLOSED?`},
	} {
		_, err := c.Invoke(ctx, tc.method, client.Call{Options: tc.opts})
		var ae *client.ArgError
		if !errors.As(err, &ae) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s %v: %v, want an argument error with %q", tc.method, tc.opts, err, tc.want)
		}
	}
	// The typed filters go through the same check.
	_, err = c.FindPools(ctx, client.PoolFilter{Status: "closed"})
	if err == nil || !strings.Contains(err.Error(), "did you mean CLOSED?") {
		t.Errorf("FindPools(status closed): %v", err)
	}
}

func TestUncheckedPassesAValueOnPurpose(t *testing.T) {
	var query string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		query = r.URL.RawQuery
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"items": [], "has_more": false}`))
	}))
	defer srv.Close()
	c, err := client.New("x", client.WithURL(srv.URL))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Invoke(context.Background(), "find_pools", client.Call{Options: map[string]any{"status": client.Unchecked{Value: "PAUSED"}}}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(query, "status=PAUSED") {
		t.Errorf("query %q lacks status=PAUSED", query)
	}
}

// TestOptionEnumsCoverOpenAPI holds the enums of the endpoint table's options
// to Toloka's OpenAPI description, when ../shared is beside the checkout: every
// value the API lists for a query parameter must be known.
func TestOptionEnumsCoverOpenAPI(t *testing.T) {
	src, err := os.ReadFile("../../shared/toloka-api/openapi/api/fullApi.yaml")
	if err != nil {
		t.Skip("../shared/toloka-api/openapi is not beside the checkout")
	}
	api := openAPIQueryEnums(string(src))
	checked := 0
	for _, e := range client.Endpoints() {
		for _, p := range e.Options {
			if p.Enum == "" {
				continue
			}
			path := strings.TrimPrefix(e.Path, "/api/v1")
			values, ok := api[path+" "+p.Name]
			if !ok {
				continue // not a v1 query parameter with listed values (the TSV export, attachments' type)
			}
			checked++
			known := client.EnumValues(p.Enum)
			for _, v := range values {
				if !slices.Contains(known, v) {
					t.Errorf("%s %s: the API lists %s, which %s lacks (%v)", e.Name, p.Name, v, p.Enum, known)
				}
			}
		}
	}
	if checked < 10 {
		t.Errorf("only %d options were compared with the OpenAPI description", checked)
	}
}

// openAPIQueryEnums reads, without a YAML library, the values listed for the
// query parameters of each GET path: "path name" → values. The description
// lists them as "- `VALUE` — meaning" lines in each parameter's text.
func openAPIQueryEnums(src string) map[string][]string {
	out := map[string][]string{}
	pathRe := regexp.MustCompile(`^  (/[^:]*):\s*$`)
	nameRe := regexp.MustCompile(`^\s+- name: (\w+)\s*$`)
	valueRe := regexp.MustCompile("^\\s+- `([A-Z][A-Z_.]*)`")
	var path, verb, name string
	for _, line := range strings.Split(src, "\n") {
		if m := pathRe.FindStringSubmatch(line); m != nil {
			path, verb, name = m[1], "", ""
			continue
		}
		if strings.HasPrefix(line, "    ") && !strings.HasPrefix(line, "     ") && strings.HasSuffix(line, ":") {
			verb, name = strings.TrimSuffix(strings.TrimSpace(line), ":"), ""
			continue
		}
		if m := nameRe.FindStringSubmatch(line); m != nil {
			name = m[1]
			continue
		}
		if m := valueRe.FindStringSubmatch(line); m != nil && verb == "get" && name != "" && path != "" {
			out[path+" "+name] = append(out[path+" "+name], m[1])
		}
	}
	return out
}
