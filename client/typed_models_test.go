package client_test

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/tolokash/tolokash/client"
	"github.com/tolokash/tolokash/client/actions"
	"github.com/tolokash/tolokash/client/collectors"
	"github.com/tolokash/tolokash/client/conditions"
	"github.com/tolokash/tolokash/client/filter"
	"github.com/tolokash/tolokash/client/tb"
)

// TestTypedModelsRefuseMistakes: the misspellings of issue #17, in Go, are
// errors naming the type, the field and what was allowed.
func TestTypedModelsRefuseMistakes(t *testing.T) {
	for _, tc := range []struct {
		name string
		v    any
		want []string
	}{
		{"a wrong type in a component", tb.ImageViewV1{URL: tb.InputData{Path: "x"}, Ratio: "1:1"},
			[]string{"tb.ImageViewV1.ratio", "expected a Template Builder component or a slice of", `got a string "1:1"`}},
		{"an enum value", tb.ListViewV1{Items: []tb.Component{}, Direction: "sideways"},
			[]string{"tb.ListViewV1.direction", `"sideways" is not one of horizontal, vertical`}},
		{"MEDIUMISH", filter.Education.Eq("MEDIUMISH"), []string{"filter.Education.value", `"MEDIUMISH" is not one of BASIC, MIDDLE, HIGH`}},
		{"operator '>'", conditions.RuleCondition{Key: "fail_rate", Operator: ">", Value: 20}, []string{"conditions.FailRate.operator", "did you mean GT?"}},
		{"key failrate", conditions.RuleCondition{Key: "failrate", Operator: "GT", Value: 20}, []string{`unknown key "failrate"; did you mean fail_rate?`}},
		{"key language", filter.Condition{Category: "profile", Key: "language", Operator: "IN", Value: "EN"}, []string{"profile/language", "did you mean profile/languages?"}},
		{"a value of the wrong type", conditions.FailRate.Gt("twenty"), []string{"conditions.FailRate.value", "expected a number"}},
		{"a scope", actions.RestrictionV2{Scope: "PROJECTS"}, []string{"actions.RestrictionV2.scope", "did you mean PROJECT?"}},
		{"a collector's parameter", collectors.AssignmentSubmitTime{FastSubmitThresholdSeconds: nil, HistorySize: client.Int(5)}, nil},
	} {
		_, err := json.Marshal(tc.v)
		if tc.want == nil {
			if err != nil {
				t.Errorf("%s: %v", tc.name, err)
			}
			continue
		}
		if err == nil {
			t.Errorf("%s: no error", tc.name)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: %v\nlacks %q", tc.name, err, w)
			}
		}
	}
	if _, err := json.Marshal(tb.ImageViewV1{URL: "x", Ratio: tb.Unchecked{Value: "1:1"}}); err != nil {
		t.Errorf("tb.Unchecked passes a value on purpose: %v", err)
	}
	p := client.NewPool()
	if err := p.SetCaptchaFrequency("MEDIUMISH"); err == nil || !strings.Contains(err.Error(), "did you mean MEDIUM?") {
		t.Errorf("SetCaptchaFrequency(MEDIUMISH): %v", err)
	}
	err := p.AddAction(collectors.Captcha{}, []conditions.RuleCondition{conditions.GoldenSetCorrectAnswersRate.Lt(60)}, actions.ApproveAllAssignments{})
	if err == nil || !strings.Contains(err.Error(), "fail_rate") {
		t.Errorf("a condition the collector does not feed: %v", err)
	}
}

// TestTypedModelsRoundTrip reads the API's JSON into the typed models and
// writes it back unchanged, new collectors and enum values included.
func TestTypedModelsRoundTrip(t *testing.T) {
	src := `{"id":"5","private_name":"p","filter":{"and":[{"or":[{"category":"profile","key":"languages","operator":"IN","value":"EN"}]},{"or":[{"category":"computed","key":"brand_new","operator":"EQ","value":1}]}]},
	"quality_control":{"configs":[{"collector_config":{"type":"GOLDEN_SET","uuid":"u","parameters":{"history_size":10,"new_param":true}},
	"rules":[{"action":{"type":"RESTRICTION_V2","parameters":{"scope":"COMPANY","duration":1,"duration_unit":"DAYS"}},"conditions":[{"key":"golden_set_correct_answers_rate","operator":"LT","value":60.5}]}]},
	{"collector_config":{"type":"NEW_COLLECTOR","parameters":{"x":1}},"rules":[]}],"captcha_frequency":"LOW"},"future_field":{"a":[1,2]}}`
	var p client.Pool
	if err := json.Unmarshal([]byte(src), &p); err != nil {
		t.Fatal(err)
	}
	gs, ok := p.QualityControl.Configs[0].CollectorConfig.(collectors.GoldenSet)
	if !ok || *gs.HistorySize != 10 {
		t.Fatalf("collector %#v", p.QualityControl.Configs[0].CollectorConfig)
	}
	if r, ok := p.QualityControl.Configs[0].Rules[0].Action.(actions.RestrictionV2); !ok || r.Scope != "COMPANY" {
		t.Fatalf("action %#v", p.QualityControl.Configs[0].Rules[0].Action)
	}
	if _, ok := p.Filter.(filter.FilterAnd); !ok {
		t.Fatalf("filter %#v", p.Filter)
	}
	out, err := json.Marshal(&p)
	if err != nil {
		t.Fatal(err)
	}
	var a, b any
	json.Unmarshal([]byte(src), &a)
	json.Unmarshal(out, &b)
	if !reflect.DeepEqual(a, b) {
		t.Errorf("round trip changed the pool:\n got %s\nwant %s", out, src)
	}
}

// TestViewSpecParseBuild reads a Template Builder view spec back into
// components and builds the same config and lock again.
func TestViewSpecParseBuild(t *testing.T) {
	spec, err := goCases["tb_helpers"]()
	if err != nil {
		t.Fatal(err)
	}
	v := spec.(*client.ViewSpec)
	parsed, err := tb.Parse(v)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := parsed.View.(tb.ListViewV1); !ok {
		t.Fatalf("view %#v", parsed.View)
	}
	again, err := parsed.Build()
	if err != nil {
		t.Fatal(err)
	}
	if again.Config != v.Config || !reflect.DeepEqual(again.Lock, v.Lock) {
		t.Errorf("parse and build changed the view spec:\n%s\n%v\nwas\n%s\n%v", again.Config, again.Lock, v.Config, v.Lock)
	}
	_, err = tb.ViewSpec{View: tb.ListViewV1{Items: []tb.Component{tb.TextViewV1{Content: "a"}, tb.TextViewV1{Content: "b", Version: "1.1.0"}}}}.Build()
	if err == nil || !strings.Contains(err.Error(), "two versions of view.text") {
		t.Errorf("two versions: %v", err)
	}
}
