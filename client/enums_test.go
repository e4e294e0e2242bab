package client_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/tolokash/tolokash/client"
	"github.com/tolokash/tolokash/internal/testenv"
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
// to Toloka's OpenAPI description (testdata/openapi): every value the API
// lists for a query parameter must be known.
func TestOptionEnumsCoverOpenAPI(t *testing.T) {
	api := openAPIQueryEnums(t, testenv.ReadTestdata(t, "openapi", "api.json"))
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

// openAPIQueryEnums reads the values listed for the query parameters of each
// GET path: "path name" → values. The description lists them only in each
// parameter's text, as "- `VALUE` — meaning" lines.
func openAPIQueryEnums(t *testing.T, src []byte) map[string][]string {
	t.Helper()
	var doc struct {
		Paths map[string]struct {
			Get struct {
				Parameters []struct{ Name, In, Description string }
			}
		}
	}
	if err := json.Unmarshal(src, &doc); err != nil {
		t.Fatal(err)
	}
	valueRe := regexp.MustCompile("(?m)^\\s*- `([A-Z][A-Z_.]*)`")
	out := map[string][]string{}
	for path, item := range doc.Paths {
		for _, p := range item.Get.Parameters {
			if p.In != "query" {
				continue
			}
			for _, m := range valueRe.FindAllStringSubmatch(p.Description, -1) {
				out[path+" "+p.Name] = append(out[path+" "+p.Name], m[1])
			}
		}
	}
	return out
}
