package emulator

import (
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/tolokash/tolokash/internal/testenv"
)

// openAPISchema is what a test needs of one schema of the OpenAPI description:
// its required properties and its properties' defaults (top level only).
type openAPISchema struct {
	required []string
	defaults map[string]any
}

// readSchemas reads the named schemas of the OpenAPI description, as
// testdata/openapi/api.json keeps them (required members, defaults, enums).
// Whole numbers come back as int, so they compare equal to the forms' values.
func readSchemas(t *testing.T, names ...string) map[string]*openAPISchema {
	t.Helper()
	var doc struct {
		Components struct {
			Schemas map[string]struct {
				Required   []string `json:"required"`
				Properties map[string]struct {
					Default any `json:"default"`
				} `json:"properties"`
			} `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(testenv.ReadTestdata(t, "openapi", "api.json"), &doc); err != nil {
		t.Fatal(err)
	}
	out := map[string]*openAPISchema{}
	for _, name := range names {
		s, ok := doc.Components.Schemas[name]
		if !ok {
			continue
		}
		schema := &openAPISchema{required: s.Required, defaults: map[string]any{}}
		for prop, p := range s.Properties {
			if p.Default == nil {
				continue
			}
			v := p.Default
			if f, ok := v.(float64); ok && f == math.Trunc(f) {
				v = int(f)
			}
			schema.defaults[prop] = v
		}
		out[name] = schema
	}
	return out
}

// TestFormsFollowTheOpenAPI holds the forms table to the OpenAPI description:
// a field the description requires is required by the form, unless the form
// fills it in (a required field with a default) or the service was seen to do
// without it; every default the description gives is filled in, and the form
// demands nothing the description does not.
func TestFormsFollowTheOpenAPI(t *testing.T) {
	// Fields the description requires that the production service takes without.
	seenOptional := map[string]string{
		"TrainingFormV1.inherited_instructions": "toloka-kit's intent_classification notebook creates a training without it; it has a default",
	}
	cases := []struct {
		form, view string
		f          *form
		prefix     string // where the schema sits inside the form's object
	}{
		{"ProjectFormV1", "ProjectViewV1", projectForm, ""},
		{"PoolFormV1", "PoolViewV1", poolForm, ""},
		{"Defaults", "Defaults", poolForm, "defaults."},
		{"MixerConfig", "MixerConfig", poolForm, "mixer_config."},
		{"TrainingFormV1", "TrainingViewV1", trainingForm, ""},
		{"SkillFormV1", "SkillViewV1", skillForm, ""},
		{"TaskFormV1", "TaskViewV1", taskForm, ""},
		{"TaskSuiteFormV1", "TaskSuiteViewV1", suiteForm, ""},
		{"UserBonusFormV1", "UserBonusViewV1", bonusForm, ""},
		{"UserRestrictionFormV1", "UserRestrictionViewV1", restrictionForm, ""},
		{"UserSkillFormV1", "UserSkillViewV1", userSkillForm, ""},
		{"WebhookSubscriptionFormV1", "WebhookSubscriptionViewV1", webhookForm, ""},
		{"MessageThreadComposeFormV1", "MessageThreadComposeFormV1", composeForm, ""},
		{"MessageThreadReplyFormV1", "MessageThreadReplyFormV1", replyForm, ""},
		{"MessageThreadFoldersFormV1", "MessageThreadFoldersFormV1", foldersForm, ""},
	}
	var names []string
	for _, c := range cases {
		names = append(names, c.form, c.view)
	}
	schemas := readSchemas(t, names...)
	for _, c := range cases {
		form, ok1 := schemas[c.form]
		view, ok2 := schemas[c.view]
		if !ok1 || !ok2 {
			t.Fatalf("%s or %s is not in testdata/openapi/api.json", c.form, c.view)
		}
		if c.form == "PoolFormV1" && len(form.required) < 5 {
			t.Fatalf("PoolFormV1 read as requiring only %v: the reader is broken", form.required)
		}
		ours := map[string]bool{}
		for _, p := range c.f.required {
			if rest, ok := strings.CutPrefix(p, c.prefix); ok && !strings.Contains(rest, ".") && !strings.Contains(rest, "[]") {
				ours[rest] = true
			}
		}
		filled := map[string]any{}
		for _, d := range c.f.defaults {
			if rest, ok := strings.CutPrefix(d.path, c.prefix); ok && !strings.Contains(rest, ".") {
				filled[rest] = d.value
			}
		}
		for _, r := range form.required {
			_, hasDefault := filled[r]
			if !ours[r] && !hasDefault && seenOptional[c.form+"."+r] == "" {
				t.Errorf("%s requires %s%s; the form neither does nor fills it in", c.form, c.prefix, r)
			}
		}
		for r := range ours {
			if !slices.Contains(form.required, r) {
				t.Errorf("the form requires %s%s, which %s does not", c.prefix, r, c.form)
			}
		}
		for name, v := range view.defaults {
			if got, ok := filled[name]; !ok || !reflect.DeepEqual(got, v) {
				t.Errorf("%s says %s%s defaults to %v; the form fills in %v", c.view, c.prefix, name, v, got)
			}
		}
	}
}

// TestFormsFillAndCheck runs a form over an object: defaults go in only where
// the field and its parent are absent and present, and each missing required
// field is named by its full path.
func TestFormsFillAndCheck(t *testing.T) {
	pool := object{"project_id": "1", "private_name": "p", "reward_per_assignment": 0.01, "will_expire": "2030-01-01",
		"assignment_max_duration_seconds": 60, "defaults": object{}, "priority": 7,
		"mixer_config": object{"real_tasks_count": 1, "golden_tasks_count": 0},
		"quality_control": object{"configs": []any{object{"collector_config": object{"type": "GOLDEN_SET"},
			"rules": []any{object{"conditions": []any{object{"key": "x", "operator": "GT"}}}}}}}}
	fe := fieldErrors{}
	poolForm.check(fe, pool, "")
	var got []string
	for k := range fe {
		got = append(got, k)
	}
	sort.Strings(got)
	want := []string{"defaults.default_overlap_for_new_task_suites", "mixer_config.training_tasks_count",
		"quality_control.configs.0.rules.0.action", "quality_control.configs.0.rules.0.conditions.0.value"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("missing fields %v, want %v", got, want)
	}
	poolForm.fill(pool)
	mixer := pool["mixer_config"].(object)
	if pool["auto_accept_solutions"] != true || pool["priority"] != 7 || mixer["shuffle_tasks_in_task_suite"] != true ||
		mixer["force_last_assignment"] != true || mixer["mix_tasks_in_creation_order"] != false {
		t.Errorf("filled pool %v", pool)
	}
	if _, ok := pool["dynamic_overlap_config"]; ok {
		t.Error("a default of an absent parent must not create the parent")
	}
	task := object{"known_solutions": []any{object{"output_values": object{}}, object{"correctness_weight": 0.5}}}
	taskForm.fill(task)
	ks := task["known_solutions"].([]any)
	if str(ks[0].(object)["correctness_weight"]) != "1" || ks[1].(object)["correctness_weight"] != 0.5 || task["infinite_overlap"] != false {
		t.Errorf("filled task %v", task)
	}
}
