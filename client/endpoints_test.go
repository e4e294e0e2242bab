package client

import (
	"sort"
	"strings"
	"testing"

	"github.com/tolokash/tolokash/internal/testenv"
)

// The four methods toloka-kit 1.2.3 has beyond the 130 names of methods.txt.
var beyondMethodsTxt = []string{"archive_app_batch", "unarchive_app_batch",
	"check_update_project_for_major_version_change", "start_sync_batch_processing"}

func TestTableHasEveryMethodOnce(t *testing.T) {
	data := testenv.ReadTestdata(t, "toloka-kit", "methods.txt")
	want := append(strings.Fields(string(data)), beyondMethodsTxt...)
	sort.Strings(want)
	var got []string
	for _, e := range Endpoints() {
		got = append(got, e.Name)
	}
	if len(want) != 134 {
		t.Fatalf("methods.txt + 4 gives %d names, want 134", len(want))
	}
	seen := map[string]bool{}
	for _, n := range got {
		if seen[n] {
			t.Errorf("%s appears twice", n)
		}
		seen[n] = true
	}
	for _, n := range want {
		if !seen[n] {
			t.Errorf("missing method %s", n)
		}
		delete(seen, n)
	}
	for n := range seen {
		t.Errorf("extra method %s", n)
	}
}

func TestTableRowsAreComplete(t *testing.T) {
	for _, e := range Endpoints() {
		if e.Kind == "" || e.Verb == "" || !strings.HasPrefix(e.Path, "/api/") || e.Doc == "" {
			t.Errorf("%s: incomplete row %+v", e.Name, e)
		}
		for _, p := range e.Args {
			if p.In == InPath && p.Type != "Operation" && !strings.Contains(e.Path, "{"+p.Name+"}") {
				t.Errorf("%s: path argument %s is not in %s", e.Name, p.Name, e.Path)
			}
		}
		switch e.Kind {
		case KindIterator:
			if e.Cursor == "" || e.Find == "" || e.ItemsKey == "" {
				t.Errorf("%s: iterator without cursor, find or items key", e.Name)
			}
			if f, ok := Lookup(e.Find); !ok || f.Path != e.Path {
				t.Errorf("%s: its find method %s does not share its path", e.Name, e.Find)
			}
		case KindSync:
			if e.Create == nil {
				if a, ok := Lookup(e.Async); !ok || a.Path != e.Path {
					t.Errorf("%s: async variant %q missing or on another path", e.Name, e.Async)
				}
			}
			if e.Run == nil {
				t.Errorf("%s: %s row without a Run", e.Name, e.Kind)
			}
		case KindComposite, KindBytes, KindTSV, KindPoll:
			if e.Run == nil {
				t.Errorf("%s: %s row without a Run", e.Name, e.Kind)
			}
		}
	}
	if e, ok := Lookup("get_webhook_subscriptions"); !ok || e.Cursor != "created" {
		t.Errorf("webhook subscriptions page on created, got %+v", e)
	}
	if e, ok := Lookup("get_aggregated_solutions"); !ok || e.Cursor != "task_id" {
		t.Errorf("aggregated solutions page on task_id, got %+v", e)
	}
	if e, _ := Lookup("get_app_items"); e.ItemsKey != "content" {
		t.Errorf("App lists use content, got %q", e.ItemsKey)
	}
}

func TestSuggestNamesTheClosestMethod(t *testing.T) {
	if got := Suggest("get_poool", endpointNames()); got != "get_pool" {
		t.Errorf("Suggest(get_poool) = %q", got)
	}
	if got := Suggest("something_else_entirely", endpointNames()); got != "" {
		t.Errorf("Suggest of nonsense = %q, want nothing", got)
	}
}
