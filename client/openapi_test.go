package client

import (
	"encoding/json"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/tolokash/tolokash/internal/testenv"
)

// Where toloka-kit 1.2.3, which the table follows, and Toloka's published API
// description (testdata/openapi) part ways. Each entry is what toloka-kit does
// (src/client/__init__.py); the tests below fail on any other difference, and
// on an entry here that no longer is one.
var (
	// undescribedRoutes are rows whose route the description lacks.
	undescribedRoutes = map[string]string{
		"check_update_project_for_major_version_change": "POST /api/staging/projects/{}/check",
		"get_analytics":      "POST /api/staging/analytics-2",
		"get_assignments_df": "GET /api/new/requester/pools/{}/assignments.tsv",
	}
	// undescribedParams are query parameters of a row that the description
	// does not name for its route.
	undescribedParams = map[string][]string{
		"create_pool":       {"tier"}, // sent as storage_key
		"find_attachments":  {"owner_company_id", "owner_id"},
		"get_attachments":   {"owner_company_id", "owner_id"},
		"find_user_bonuses": {"private_comment"},
		"get_user_bonuses":  {"private_comment"},
	}
	// unreachedRoutes are described operations no toloka-kit method calls.
	unreachedRoutes = []string{
		"POST /api/v1/trainings/{}/close-for-update",
		"POST /api/v1/webhook-subscriptions/{}/test",
	}
)

// described is an operation of the published description: its parameters by
// name (path parameters left out: they are in the route).
type described map[string]bool

// apiDescription reads testdata/openapi into routes ("GET /api/v1/pools/{}")
// with the full path the client sends: the server URL's path, then the path.
func apiDescription(t *testing.T) map[string]described {
	t.Helper()
	routes := map[string]described{}
	for _, file := range []string{"api.json", "apps.json"} {
		var doc struct {
			Servers []struct{ URL string }
			Paths   map[string]map[string]json.RawMessage
		}
		if err := json.Unmarshal(testenv.ReadTestdata(t, "openapi", file), &doc); err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		if len(doc.Servers) == 0 || len(doc.Paths) == 0 {
			t.Fatalf("%s: no servers or no paths", file)
		}
		base, err := url.Parse(doc.Servers[0].URL)
		if err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		for path, item := range doc.Paths {
			var shared []parameter
			json.Unmarshal(item["parameters"], &shared)
			for method, raw := range item {
				if method == "parameters" {
					continue
				}
				var op struct{ Parameters []parameter }
				if err := json.Unmarshal(raw, &op); err != nil {
					t.Fatalf("%s: %s %s: %v", file, method, path, err)
				}
				params := described{}
				for _, p := range append(shared, op.Parameters...) {
					if p.In != "path" {
						params[p.Name] = true // one sort parameter has no "in"; it is a query parameter
					}
				}
				routes[route(method, base.Path+path)] = params
			}
		}
	}
	return routes
}

type parameter struct{ Name, In string }

var pathParam = regexp.MustCompile(`\{[^}]*\}`)

// route is the key of an operation: the verb and the path with its
// parameters unnamed, since the table and the description name them apart
// ({pool_id}, {id}).
func route(method, path string) string {
	return strings.ToUpper(method) + " " + pathParam.ReplaceAllString(path, "{}")
}

func TestTableRoutesAreInTheAPIDescription(t *testing.T) {
	routes := apiDescription(t)
	if len(routes) < 90 {
		t.Fatalf("the description has %d operations; the API has 94", len(routes))
	}
	reached := map[string]bool{}
	for _, e := range Endpoints() {
		r := route(e.Verb, e.Path)
		reached[r] = true
		params, ok := routes[r]
		if want, gap := undescribedRoutes[e.Name]; gap {
			if ok || r != want {
				t.Errorf("%s: %s is listed as undescribed (%s), but the description has it: %v", e.Name, r, want, ok)
			}
			continue
		}
		if !ok {
			t.Errorf("%s: %s is not in the API description", e.Name, r)
			continue
		}
		var undescribed []string
		for _, p := range append(append([]Param(nil), e.Args...), e.Options...) {
			if p.In == InQuery && !params[p.Name] {
				undescribed = append(undescribed, p.Name)
			}
		}
		sort.Strings(undescribed)
		if strings.Join(undescribed, ",") != strings.Join(undescribedParams[e.Name], ",") {
			t.Errorf("%s: query parameters %v are not in the description of %s (listed as known: %v)",
				e.Name, undescribed, r, undescribedParams[e.Name])
		}
	}
	for _, r := range unreachedRoutes {
		if reached[r] || routes[r] == nil {
			t.Errorf("%s is listed as described but not called; called %v, described %v", r, reached[r], routes[r] != nil)
		}
		reached[r] = true
	}
	for r := range routes {
		if !reached[r] {
			t.Errorf("the API describes %s; no row of the table calls it", r)
		}
	}
}
