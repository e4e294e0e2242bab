package actions_test

import (
	"encoding/json"
	"testing"

	"github.com/tolokash/tolokash/client/actions"
	"github.com/tolokash/tolokash/client/collectors"
)

// TestUnknownTypesSurviveARoundTrip: an action or collector Toloka added
// after this version is read as an Unknown and written back byte for byte,
// and a known one is decoded to its type.
func TestUnknownTypesSurviveARoundTrip(t *testing.T) {
	raw := `{"type":"BRAND_NEW_ACTION","parameters":{"x":[1,2.50]}}`
	a, err := actions.Decode([]byte(raw))
	if err != nil || a.Type() != "BRAND_NEW_ACTION" {
		t.Fatalf("%#v %v", a, err)
	}
	if out, _ := json.Marshal(a); string(out) != raw {
		t.Errorf("written back as %s", out)
	}
	c, err := collectors.Decode([]byte(`{"type":"BRAND_NEW_COLLECTOR","parameters":{}}`))
	if _, unknown := c.(collectors.Unknown); err != nil || !unknown || c.Type() != "BRAND_NEW_COLLECTOR" {
		t.Errorf("%#v %v", c, err)
	}
	known, err := actions.Decode([]byte(`{"type":"APPROVE_ALL_ASSIGNMENTS"}`))
	if _, unknown := known.(actions.Unknown); err != nil || unknown || known.Type() != "APPROVE_ALL_ASSIGNMENTS" {
		t.Errorf("a known action: %#v %v", known, err)
	}
	if _, err := actions.Decode([]byte(`[1]`)); err == nil || err.Error()[:7] != "action:" {
		t.Errorf("not an object: %v", err)
	}
}
