package client

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"reflect"
	"regexp"
	"strings"
	"testing"
)

// everyModel holds one of each model with a generated appendJSON.
var everyModel = []any{new(AdditionalLanguage), new(AggregatedSolution), new(AggregationField), new(AnalyticsRequest), new(AnalyticsResult), new(App), new(AppError), new(AppItemImport), new(AppLightestResult), new(AppBatch), new(AppBatchCreateRequest), new(AppBatchPatch), new(AppItem), new(AppItemsCreateRequest), new(AppProject), new(Assignment), new(AssignmentPatch), new(AssignmentsIssuingConfig), new(AssignmentsIssuingViewConfig), new(Attachment), new(AttachmentDetails), new(BaselineSolution), new(CheckpointSettings), new(CheckpointsConfig), new(Company), new(ComposeDetails), new(DistributionInterval), new(DynamicOverlapConfig), new(DynamicPricingConfig), new(FieldSpec), new(FieldTranslation), new(Interlocutor), new(KnownSolution), new(LocalizationConfig), new(Message), new(MessageThread), new(MessageThreadCompose), new(MessageThreadReply), new(MixerConfig), new(OperationDetails), new(OperationParameters), new(Owner), new(Pool), new(PoolAggregatedSolutionRequest), new(PoolDefaults), new(PoolPatchRequest), new(PoolTrainingConfig), new(PricingInterval), new(Project), new(QualityControl), new(QualityControlConfig), new(QualityRule), new(Requester), new(SetUserSkillRequest), new(Skill), new(Solution), new(SpeedQualityBalance), new(SyncBatchCreateRequest), new(Task), new(TaskAggregatedSolutionRequest), new(TaskDistributionFunction), new(TaskOverlapPatch), new(TaskPatch), new(TaskSpec), new(TaskSuite), new(TaskSuitePatch), new(ThreadMeta), new(Training), new(TrainingRequirement), new(User), new(UserAttributes), new(UserBonus), new(UserRestriction), new(UserSkill), new(ViewSpec), new(ViewSpecAssets), new(ViewSpecSettings), new(WebhookSubscription)}

// TestEncodeMatchesEncodingJSON fills every model with random values (empty,
// zero, nil and set, strings that need escaping, floats in both notations)
// and holds the generated encoder to what encoding/json writes for the same
// fields.
func TestEncodeMatchesEncodingJSON(t *testing.T) {
	src, _ := os.ReadFile("zz_generated.go")
	if n := len(regexp.MustCompile(`(?m)^func \(v \*\w+\) appendJSON`).FindAll(src, -1)); n != len(everyModel) {
		t.Fatalf("%d models have an appendJSON, everyModel lists %d", n, len(everyModel))
	}
	r := rand.New(rand.NewPCG(3, 4))
	for _, m := range everyModel {
		typ := reflect.TypeOf(m).Elem()
		fields := make([]reflect.StructField, typ.NumField())
		for i := range fields {
			fields[i] = typ.Field(i)
		}
		plain := reflect.StructOf(fields) // the same fields, without the methods
		for range 300 {
			v := reflect.New(typ)
			fill(r, v.Elem(), 0)
			got, gotErr := v.Interface().(json.Marshaler).MarshalJSON()
			var want bytes.Buffer
			enc := json.NewEncoder(&want)
			enc.SetEscapeHTML(false)
			wantErr := enc.Encode(v.Elem().Convert(plain).Interface())
			if (gotErr != nil) != (wantErr != nil) {
				t.Fatalf("%s: error %v, encoding/json: %v", typ.Name(), gotErr, wantErr)
			}
			if gotErr == nil && !bytes.Equal(got, bytes.TrimSuffix(want.Bytes(), []byte("\n"))) {
				t.Fatalf("%s:\n got %s\nwant %s", typ.Name(), got, want.Bytes())
			}
		}
	}
}

var decimalType = reflect.TypeFor[Decimal]()

func fill(r *rand.Rand, v reflect.Value, depth int) {
	switch v.Kind() {
	case reflect.String:
		v.SetString([]string{"", "x", "q\"<&>\u2028é\n", "bad\xff", "2024-01-02T03:04:05"}[r.IntN(5)])
	case reflect.Bool:
		v.SetBool(r.IntN(2) == 0)
	case reflect.Int:
		v.SetInt([]int64{0, 1, -5, 1 << 40}[r.IntN(4)])
	case reflect.Float64:
		v.SetFloat([]float64{0, 0.5, 1e-7, 1e21, -3, 123456.789}[r.IntN(6)])
	case reflect.Pointer:
		if depth > 3 || r.IntN(3) == 0 {
			return
		}
		v.Set(reflect.New(v.Type().Elem()))
		fill(r, v.Elem(), depth+1)
	case reflect.Slice:
		if v.Type() == reflect.TypeFor[json.RawMessage]() {
			v.SetBytes([][]byte{nil, []byte(` { "a" : [1, 2.50] } `), []byte("null"), []byte(`"s"`)}[r.IntN(4)])
			return
		}
		switch n := r.IntN(4); {
		case n == 0 || depth > 3:
		case n == 1:
			v.Set(reflect.MakeSlice(v.Type(), 0, 0))
		default:
			v.Set(reflect.MakeSlice(v.Type(), n-1, n-1))
			for i := range n - 1 {
				fill(r, v.Index(i), depth+1)
			}
		}
	case reflect.Map:
		switch n := r.IntN(3); {
		case n == 0 || depth > 3:
		case n == 1:
			v.Set(reflect.MakeMap(v.Type()))
		default:
			v.Set(reflect.MakeMap(v.Type()))
			if v.Type() == reflect.TypeFor[Values]() {
				v.Set(reflect.ValueOf(Values{"n": json.Number("12.50"), "s": "<x>", "f": 1e-9, "m": map[string]any{"z": 1.5, "a": nil}, "l": []any{true, "y"}}))
				return
			}
			for _, k := range []string{"b", "a"} {
				e := reflect.New(v.Type().Elem()).Elem()
				fill(r, e, depth+1)
				v.SetMapIndex(reflect.ValueOf(k), e)
			}
		}
	case reflect.Struct:
		if v.Type() == decimalType {
			if r.IntN(2) == 0 {
				d, _ := NewDecimal([]string{"0.05", "12", "-1.5e2"}[r.IntN(3)])
				v.Set(reflect.ValueOf(d))
			}
			return
		}
		for i := range v.NumField() {
			if f := v.Type().Field(i); f.IsExported() && f.Name != "Extra" {
				fill(r, v.Field(i), depth+1)
			}
		}
	}
}

// TestMarshalerListMatchesEncodingJSON: a big list (encoded in parts, in
// parallel) and a small one are the JSON encoding/json makes of them, nils
// and models with Extra included; a bad item is named.
func TestMarshalerListMatchesEncodingJSON(t *testing.T) {
	for _, n := range []int{3, 5000} {
		tasks := make([]*Task, n)
		for i := range tasks {
			if i%7 == 3 {
				continue // nil
			}
			tasks[i] = &Task{PoolID: "p", InputValues: Values{"i": json.Number(fmt.Sprint(i)), "s": "<x>"}}
			if i%5 == 0 {
				tasks[i].Extra = Extra{"future": json.RawMessage(`[1]`)}
			}
		}
		got, ok, err := marshalerList(tasks)
		want, _ := json.Marshal(tasks)
		if !ok || err != nil || !bytes.Equal(compactHTML(got), want) {
			t.Fatalf("%d tasks: %v %v\n got %.300s\nwant %.300s", n, ok, err, got, want)
		}
		tasks[n-1] = &Task{InputValues: Values{"bad": json.Number("1x")}}
		if _, _, err := marshalerList(tasks); err == nil || !strings.Contains(err.Error(), fmt.Sprintf("item %d", n-1)) {
			t.Errorf("%d tasks, the last one bad: %v", n, err)
		}
	}
}

// compactHTML re-encodes as json.Marshal does (HTML escaped), to compare.
func compactHTML(b []byte) []byte {
	var out bytes.Buffer
	json.Compact(&out, b)
	var esc bytes.Buffer
	json.HTMLEscape(&esc, out.Bytes())
	return esc.Bytes()
}
