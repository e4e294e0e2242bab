package client_test

import (
	"encoding/json"
	"os"
	"reflect"
	"testing"

	"github.com/tolokash/tolokash/client"
	"github.com/tolokash/tolokash/client/actions"
	"github.com/tolokash/tolokash/client/collectors"
	"github.com/tolokash/tolokash/client/conditions"
	"github.com/tolokash/tolokash/client/filter"
	"github.com/tolokash/tolokash/client/tb"
)

// goCases build, in Go, objects of testdata/toloka-kit/cases that toloka-kit
// built in Python (NAME.py); TestGoModelsMatchTolokaKit compares their JSON
// with toloka-kit's (NAME.json).
var goCases = map[string]func() (any, error){
	"learn_the_basics_view": func() (any, error) {
		return tb.ViewSpec{
			View: tb.ListViewV1{Items: []tb.Component{
				tb.ImageViewV1{URL: tb.InputData{Path: "image"}, Ratio: []any{1, 1}},
				tb.RadioGroupFieldV1{Data: tb.OutputData{Path: "result"},
					Options:    []any{tb.GroupFieldOption{Value: "cat", Label: "Cat"}, tb.GroupFieldOption{Value: "dog", Label: "Dog"}},
					Validation: tb.RequiredConditionV1{}},
			}},
			Plugins: []tb.Component{tb.TolokaPluginV1{Layout: tb.TolokaPluginLayout{Kind: tb.TolokaPluginLayoutKindScroll, TaskWidth: 400}}},
		}.Build()
	},
	"image_classification_view": func() (any, error) {
		set := func(v string) tb.Component { return tb.SetActionV1{Data: tb.OutputData{Path: "result"}, Payload: v} }
		return tb.ViewSpec{
			View: tb.ListViewV1{Items: []tb.Component{
				tb.ImageViewV1{URL: tb.InputData{Path: "image"}, Ratio: []any{1, 1}, Rotatable: true},
				tb.ButtonRadioGroupFieldV1{Data: tb.OutputData{Path: "result"},
					Options: []any{tb.GroupFieldOption{Value: "cat", Label: "Cat"}, tb.GroupFieldOption{Value: "dog", Label: "Dog"},
						tb.GroupFieldOption{Value: "other", Label: "Other"}},
					Validation: tb.RequiredConditionV1{Hint: "choose one of the options"}},
			}},
			Plugins: []tb.Component{
				tb.TolokaPluginV1{Layout: tb.TolokaPluginLayout{Kind: "scroll", TaskWidth: 500}},
				tb.HotkeysPluginV1{Key1: set("cat"), Key2: set("dog"), Key3: set("other")},
			},
		}.Build()
	},
	"text_classification_view": func() (any, error) {
		set := func(v string) tb.Component { return tb.SetActionV1{Data: tb.OutputData{Path: "category"}, Payload: v} }
		return tb.ViewSpec{
			View: tb.ListViewV1{Items: []tb.Component{
				tb.TextViewV1{Content: tb.JoinHelperV1{Items: []any{"Headline: ", tb.InputData{Path: "headline"}}}},
				tb.ButtonRadioGroupFieldV1{Data: tb.OutputData{Path: "category"},
					Options:    []any{tb.GroupFieldOption{Value: "clickbait", Label: "Clickbait"}, tb.GroupFieldOption{Value: "notclickbait", Label: "Not clickbait"}},
					Validation: tb.RequiredConditionV1{Hint: "you need to select one answer"}},
			}},
			Plugins: []tb.Component{
				tb.TolokaPluginV1{Layout: tb.TolokaPluginLayout{Kind: "scroll", TaskWidth: 300}},
				tb.HotkeysPluginV1{Key1: set("clickbait"), Key2: set("notclickbait")},
			},
		}.Build()
	},
	"object_detection_view": func() (any, error) {
		return tb.ViewSpec{View: tb.ImageAnnotationFieldV1{Data: tb.OutputData{Path: "result"}, Image: tb.InputData{Path: "image"},
			Shapes: map[string]any{"rectangle": true}, Validation: tb.RequiredConditionV1{Hint: "Please select an area"}}}.Build()
	},
	"audio_transcription_view": func() (any, error) {
		return tb.ViewSpec{
			View: tb.ListViewV1{Items: []tb.Component{
				tb.AudioViewV1{URL: tb.InputData{Path: "audio"}, Validation: tb.PlayedFullyConditionV1{Hint: "You didn't listen to the recording"}},
				tb.TextFieldV1{Data: tb.OutputData{Path: "result"}, Validation: tb.SchemaConditionV1{
					Schema: map[string]any{"type": "string", "pattern": `^[a-zA-Z\*\s]+$`}, Hint: "Use only lowercase letters and spaces"}},
			}},
			Plugins: []tb.Component{tb.TolokaPluginV1{Layout: tb.TolokaPluginLayout{Kind: "scroll", TaskWidth: 900}},
				tb.HotkeysPluginV1{KeyQ: tb.PlayPauseActionV1{View: "view.items.0"}}},
		}.Build()
	},
	"tb_helpers": func() (any, error) {
		in := func(p string) tb.InputData { return tb.InputData{Path: p} }
		return tb.ViewSpec{
			View: tb.ListViewV1{Items: []tb.Component{
				tb.TextViewV1{Content: tb.SwitchHelperV1{Cases: []any{
					tb.SwitchHelperV1Case{Condition: tb.EmptyConditionV1{Data: in("a")}, Result: "empty"},
					tb.SwitchHelperV1Case{Condition: tb.NotConditionV1{Condition: tb.AnyConditionV1{Conditions: []any{
						tb.SameDomainConditionV1{Data: in("u"), Original: "https://a.com"},
						tb.SubArrayConditionV1{Data: in("x"), Parent: []any{"a", "b"}}}}}, Result: "other"}}, Default: "default"}},
				tb.TextViewV1{Content: tb.TextTransformHelperV1{Data: tb.ReplaceHelperV1{Data: in("t"), Find: "a", Replace: "b"}, Transformation: "uppercase"}},
				tb.LinkViewV1{URL: tb.SearchQueryHelperV1{Query: in("q"), Engine: tb.SearchQueryHelperV1EngineGoogle}},
				tb.TextViewV1{Content: tb.JoinHelperV1{Items: tb.ConcatArraysHelperV1{Items: []any{in("a"), in("b")}}, By: ", "}},
				tb.ListViewV1{Items: tb.TransformHelperV1{Into: tb.TextViewV1{Content: tb.LocalData{Path: "item"}}, Items: in("list")}},
				tb.TextViewV1{Content: tb.Entries2ObjectHelperV1{Entries: []any{tb.Entries2ObjectHelperV1Entry{Key: "k", Value: "v"}}}},
				tb.TextViewV1{Content: tb.Object2EntriesHelperV1{Data: in("obj")}},
				tb.TextViewV1{Content: tb.TranslateHelperV1{Key: "greeting"}},
				tb.ImageViewV1{URL: tb.YandexDiskProxyHelperV1{Path: "/photos/1.jpg"}},
				tb.TextViewV1{Content: tb.RefComponent{Ref: "vars.title"}},
			}, Validation: tb.LinkOpenedConditionV1{URL: in("u"), Hint: "open the link"}},
			Vars: map[string]any{"title": "A title"},
		}.Build()
	},
	"filter_skills": func() (any, error) {
		return filter.And(filter.Or(filter.Skill("224").Gt(70), filter.Skill("225").Eq(nil)), filter.Skill("226").Gte(10)), nil
	},
	"filter_languages": func() (any, error) {
		verified, err := filter.Languages.InVerified("FR")
		return filter.FilterAnd{And: []filter.FilterCondition{filter.Languages.NotIn("RU"), filter.Languages.NotIn("UK"),
			filter.Languages.In([]string{"EN", "DE"}), verified}}, err
	},
	"filter_computed": func() (any, error) {
		return filter.And(filter.DeviceCategory.Eq(filter.DeviceCategoryValueSmartphone), filter.OSFamily.Eq("ANDROID"),
			filter.OSVersion.Gte(10.0), filter.OSVersionMajor.Gt(9), filter.OSVersionMinor.Lte(3), filter.OSVersionBugfix.Ne(1),
			filter.UserAgentType.Eq("MOBILE_BROWSER"), filter.UserAgentFamily.Eq("CHROME_MOBILE"), filter.UserAgentVersion.Gte(100.5),
			filter.UserAgentVersionMajor.Gt(99), filter.UserAgentVersionMinor.Lt(5), filter.UserAgentVersionBugfix.Eq(0),
			filter.RegionByPhone.NotIn(225)), nil
	},
	"survey_rules": func() (any, error) {
		qc := &client.QualityControl{}
		return qc, firstErr(
			qc.AddAction(collectors.GoldenSet{HistorySize: client.Int(1)}, []conditions.RuleCondition{conditions.GoldenSetCorrectAnswersRate.Eq(100)},
				actions.ApproveAllAssignments{}),
			qc.AddAction(collectors.GoldenSet{HistorySize: client.Int(1)}, []conditions.RuleCondition{conditions.TotalAnswersCount.Gt(0)},
				actions.SetSkillFromOutputField{SkillID: "12345", FromField: "correct_answers_rate"}),
			qc.AddAction(collectors.AssignmentsAssessment{}, []conditions.RuleCondition{conditions.AssessmentEvent.Eq(conditions.AssessmentEventTypeReject)},
				actions.ChangeOverlap{Delta: client.Int(1), OpenPool: client.Bool(true)}),
		)
	},
	"qc_captcha_and_training": func() (any, error) {
		qc := &client.QualityControl{CaptchaFrequency: "LOW"}
		return qc, firstErr(
			qc.AddAction(collectors.Captcha{}, []conditions.RuleCondition{conditions.SuccessRate.Lt(60), conditions.StoredResultsCount.Gte(3)},
				actions.RestrictionV2{Scope: "ALL_PROJECTS", Duration: client.Int(2), DurationUnit: "HOURS"}),
			qc.AddAction(collectors.Training{}, []conditions.RuleCondition{conditions.NextAssignmentAvailable.Eq(false),
				conditions.SubmittedAssignmentsCount.Gt(3), conditions.IncorrectAnswersRate.Gt(50)},
				actions.SetSkill{SkillID: "42", SkillValue: client.Int(0)}),
			qc.AddAction(collectors.UsersAssessment{}, []conditions.RuleCondition{conditions.PoolAccessRevokedReason.Eq("RESTRICTION"),
				conditions.SkillId.Eq("42")}, actions.ChangeOverlap{Delta: client.Int(2)}),
			qc.AddAction(collectors.AssignmentsAssessment{}, []conditions.RuleCondition{conditions.PendingAssignmentsCount.Lt(1),
				conditions.AcceptedAssignmentsCount.Gte(2), conditions.RejectedAssignmentsCount.Eq(0)},
				actions.ChangeOverlap{Delta: client.Int(-1), OpenPool: client.Bool(false)}),
		)
	},
	"image_classification_pool": func() (any, error) {
		p := client.NewPool()
		p.ProjectID, p.PrivateName, p.MayContainAdultContent = "1", "Pool 1", client.Bool(false)
		p.RewardPerAssignment, p.WillExpire = client.MustDecimal("0.01"), "2030-06-01T00:00:00"
		p.Defaults = &client.PoolDefaults{DefaultOverlapForNewTaskSuites: client.Int(3)}
		p.AssignmentMaxDurationSeconds = client.Int(600)
		p.SetFilter(filter.Languages.In("EN"))
		restrict := func(duration int, comment string) actions.RestrictionV2 {
			return actions.RestrictionV2{Scope: "PROJECT", Duration: client.Int(duration), DurationUnit: "DAYS", PrivateComment: comment}
		}
		err := firstErr(
			p.AddAction(collectors.Income{}, []conditions.RuleCondition{conditions.IncomeSumForLast24Hours.Gte(20)},
				restrict(1, "No need more answers from this performer")),
			p.AddAction(collectors.SkippedInRowAssignments{}, []conditions.RuleCondition{conditions.SkippedInRowCount.Gte(10)},
				restrict(1, "Lazy performer")),
			p.AddAction(collectors.MajorityVote{AnswerThreshold: client.Int(2), HistorySize: client.Int(10)},
				[]conditions.RuleCondition{conditions.TotalAnswersCount.Gte(4), conditions.CorrectAnswersRate.Lt(75)}, restrict(10, "Too low quality")),
			p.AddAction(collectors.GoldenSet{}, []conditions.RuleCondition{conditions.GoldenSetCorrectAnswersRate.Lt(60.0),
				conditions.GoldenSetAnswersCount.Gte(3)}, restrict(10, "Golden set")),
		)
		p.SetMixerConfig(client.MixerConfig{RealTasksCount: client.Int(9), GoldenTasksCount: client.Int(1)})
		return p, err
	},
	"text_classification_pool": func() (any, error) {
		p := client.NewPool()
		p.ProjectID, p.PrivateName, p.MayContainAdultContent = "1", "Is this headline clickbait?", client.Bool(false)
		p.RewardPerAssignment, p.WillExpire = client.MustDecimal("0.01"), "2030-06-01T00:00:00"
		p.Defaults = &client.PoolDefaults{DefaultOverlapForNewTaskSuites: client.Int(3)}
		p.AssignmentMaxDurationSeconds = client.Int(120)
		p.SetFilter(filter.And(filter.Languages.In("EN"), filter.Or(filter.ClientType.Eq("TOLOKA_APP"), filter.ClientType.Eq("BROWSER"))))
		p.SetTrainingRequirement("2", 90)
		permanent := actions.RestrictionV2{Scope: "POOL", DurationUnit: "PERMANENT", PrivateComment: "bad quality"}
		err := firstErr(
			p.AddAction(collectors.AssignmentSubmitTime{HistorySize: client.Int(5), FastSubmitThresholdSeconds: client.Int(30)},
				[]conditions.RuleCondition{conditions.FastSubmittedCount.Gte(2)}, permanent),
			p.AddAction(collectors.GoldenSet{HistorySize: client.Int(10)},
				[]conditions.RuleCondition{conditions.GoldenSetCorrectAnswersRate.Lte(90.0), conditions.GoldenSetAnswersCount.Gte(1)}, permanent),
		)
		p.SetMixerConfig(client.MixerConfig{RealTasksCount: client.Int(4), GoldenTasksCount: client.Int(1)})
		return p, err
	},
}

func firstErr(errs ...error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}

func TestGoModelsMatchTolokaKit(t *testing.T) {
	configs, exact := 0, 0
	defer func() {
		t.Logf("%d cases equal to toloka-kit's JSON; %d of %d config strings byte for byte (a Go map writes its keys sorted)", len(goCases), exact, configs)
	}()
	for name, build := range goCases {
		t.Run(name, func(t *testing.T) {
			v, err := build()
			if err != nil {
				t.Fatal(err)
			}
			got, err := json.Marshal(v)
			if err != nil {
				t.Fatal(err)
			}
			want, err := os.ReadFile("../testdata/toloka-kit/cases/" + name + ".json")
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(parseJSON(t, got), parseJSON(t, want)) {
				t.Errorf("JSON differs from toloka-kit's\n got: %s\nwant: %s", got, want)
			}
			var g, w map[string]any
			if json.Unmarshal(got, &g) == nil && json.Unmarshal(want, &w) == nil && g["type"] == "tb" {
				configs++
				if g["config"] == w["config"] {
					exact++
				}
			}
		})
	}
}

// parseJSON reads a document with Template Builder config strings parsed.
func parseJSON(t *testing.T, b []byte) any {
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatalf("%v: %s", err, b)
	}
	if m, ok := v.(map[string]any); ok && m["type"] == "tb" {
		if s, ok := m["config"].(string); ok {
			var c any
			if json.Unmarshal([]byte(s), &c) == nil {
				m["config"] = c
			}
		}
	}
	return v
}
