package emulator_test

import (
	"strings"
	"testing"

	"github.com/tolokash/tolokash/emulator"
	"github.com/tolokash/tolokash/emulator/emulatortest"
)

// The assignments export's startTimeFrom and startTimeTo bound the
// assignments' start times; one that is not a time is a 400 naming it.
func TestExportTimeBounds(t *testing.T) {
	run := emulatortest.Start(t, emulator.Options{DemoAssignments: 5})
	u := run.URL
	pool := ""
	for _, p := range must(t, u, "GET", "/api/v1/pools?status=CLOSED", nil)["items"].([]any) {
		if p := p.(map[string]any); p["private_name"] == "5 submitted assignments" {
			pool = p["id"].(string)
		}
	}
	if pool == "" {
		t.Fatal("no demo pool of submitted assignments")
	}
	export := "/api/new/requester/pools/" + pool + "/assignments.tsv?status=SUBMITTED"
	for query, want := range map[string]int{
		"": 5,
		"&startTimeFrom=2000-01-01&startTimeTo=2100-01-01": 5,
		"&startTimeFrom=2100-01-01":                        0,
		"&startTimeTo=2000-01-01T00:00":                    0,
	} {
		status, out := api(t, u, "GET", export+query, nil)
		text, _ := out["$text"].(string)
		if rows := strings.Count(strings.TrimSpace(text), "\n"); status != 200 || rows != want {
			t.Errorf("export%s: HTTP %d, %d rows, want %d: %v", query, status, rows, want, out)
		}
	}
	for _, name := range []string{"startTimeFrom", "startTimeTo"} {
		status, out := api(t, u, "GET", export+"&"+name+"=yesterday", nil)
		payload, _ := out["payload"].(map[string]any)
		e, _ := payload[name].(map[string]any)
		if status != 400 || e["code"] != "INVALID_DATE_TIME_SYNTAX" || len(payload) != 1 {
			t.Errorf("export with %s=yesterday: HTTP %d %v, want 400 naming %s", name, status, out, name)
		}
	}
}
