package client

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/tolokash/tolokash/internal/testenv"
)

// TestDecodeNamesTheBadMember: every refusal says which member, at any depth.
func TestDecodeNamesTheBadMember(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{`{"status":5}`, `status: want a string, got 5`},
		{`{"tasks":[{"id":"t"},{"overlap":"3"}]}`, `tasks[1].overlap: want an integer, got "3"`},
		{`{"tasks":[{"overlap":1.5}]}`, `tasks[0].overlap: want an integer, got 1.5`},
		{`{"mixed":"yes"}`, `mixed: want true or false, got "yes"`},
		{`{"bonus_ids":["a",2]}`, `bonus_ids[1]: want a string, got 2`},
		{`{"owner":[]}`, `owner: want an object, got []`},
		{`{"tasks":{}}`, `tasks: want an array, got {}`},
		{`{"solutions":[{"output_values":[1]}]}`, `solutions[0].output_values`},
		{`{"reward":"x"}`, `reward`},
		{`{"id":01}`, `id: want an id, got 01`},
		{`{"mixed":truex}`, `mixed: want true or false`},
		{`{"future":[1,}`, `future`},
	} {
		var a Assignment
		err := a.UnmarshalJSON([]byte(c.in)) // the iterator's path: no validation by encoding/json first
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, want an error with %q", c.in, err, c.want)
		}
	}
}

// TestDecodeMatchesEncodingJSON decodes assignments with every kind of member
// (escapes, non-ASCII, nulls, empty values, numbers in ids and free-form
// values) and compares with what encoding/json makes of the same document
// through a map, field by field.
func TestDecodeMatchesEncodingJSON(t *testing.T) {
	in := `{"id":"a\u0031","pool_id":12,"user_id":"ü\"\\/\n","status":"SUBMITTED","reward":0.10,
	 "bonus_ids":[],"tasks":[null,{"id":"t","input_values":{"n":12345678901234567890,"s":"x\ty","l":[1,"2",null,true],"o":{}},"overlap":3,"infinite_overlap":false}],
	 "solutions":null,"created":"2024-01-02T03:04:05.123","mixed":null,"automerged":true,
	 "owner":{"id":"o","myself":true,"company_id":"c"},"public_comment":"","\u0066uture":{"k":[1.5e3]}}`
	var a Assignment
	if err := json.Unmarshal([]byte(in), &a); err != nil {
		t.Fatal(err)
	}
	if a.ID != "a1" || a.PoolID != "12" || a.UserID != "ü\"\\/\n" || a.Reward.String() != "0.10" {
		t.Errorf("scalars: %q %q %q %q", a.ID, a.PoolID, a.UserID, a.Reward)
	}
	if a.BonusIDs == nil || len(a.BonusIDs) != 0 || a.Solutions != nil || a.Mixed != nil || a.Automerged == nil || !*a.Automerged {
		t.Errorf("empty, null and pointer members: %#v %#v %v %v", a.BonusIDs, a.Solutions, a.Mixed, a.Automerged)
	}
	if len(a.Tasks) != 2 || a.Tasks[0] != nil || a.Tasks[1].ID != "t" || *a.Tasks[1].Overlap != 3 {
		t.Fatalf("tasks: %#v", a.Tasks)
	}
	want := map[string]any{"n": json.Number("12345678901234567890"), "s": "x\ty", "l": []any{json.Number("1"), "2", nil, true}, "o": map[string]any{}}
	if got := map[string]any(a.Tasks[1].InputValues); !reflect.DeepEqual(got, want) {
		t.Errorf("input_values: %#v", got)
	}
	if a.Owner == nil || a.Owner.ID != "o" || a.Owner.CompanyID != "c" || !*a.Owner.Myself {
		t.Errorf("owner: %#v", a.Owner)
	}
	// Kept for the round trip: the undeclared member under its unescaped name,
	// and declared members omitempty would drop.
	for _, k := range []string{"future", "bonus_ids", "solutions", "mixed", "public_comment"} {
		if _, ok := a.Extra[k]; !ok {
			t.Errorf("Extra lacks %q: %v", k, a.Extra)
		}
	}
	out, err := json.Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	var back, orig map[string]any
	json.Unmarshal(out, &back)
	json.Unmarshal([]byte(quoteNumericIDs([]byte(in))), &orig)
	if !reflect.DeepEqual(back, orig) {
		t.Errorf("round trip:\n got %s\nwant %s", out, in)
	}
}

// FuzzDecodeModel holds the one-pass decoder to encoding/json's idea of JSON:
// it never accepts what is not JSON, and what it accepts survives a round trip.
func FuzzDecodeModel(f *testing.F) {
	page := testenv.AssignmentPage(0, 2, false)
	items, _, _ := decodePage(page, "items")
	for _, it := range items {
		f.Add([]byte(it))
	}
	for _, s := range []string{`{}`, `{"id":1}`, `{"tasks":[{"input_values":{"a":[{}]}}]}`, `{"x":"\ud800"}`, `{"status":"\u00e9"} `, `{"owner":null,"reward":"1.5"}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		var a Assignment
		if err := a.UnmarshalJSON(in); err != nil {
			return
		}
		if !json.Valid(in) {
			t.Fatalf("accepted invalid JSON %q", in)
		}
		out, err := json.Marshal(a)
		if err != nil {
			t.Fatalf("%q decoded but does not encode: %v", in, err)
		}
		var again Assignment
		if err := json.Unmarshal(out, &again); err != nil {
			t.Fatalf("%q → %s does not decode again: %v", in, out, err)
		}
		if out2, _ := json.Marshal(again); string(out2) != string(out) {
			t.Fatalf("round trip is not stable:\n%s\n%s", out, out2)
		}
	})
}

// FuzzValid: the decoder's single-pass check of the values it keeps as they
// came (Extra, raw fields, log entries) says what json.Valid says.
func FuzzValid(f *testing.F) {
	for _, s := range []string{`{"a":[1,-2.5e3,true,null,"x\u00e9\n"]}`, `[`, `{"a":1,}`, `"\x01"`, `01`, `[1 2]`, `"\ud800"`, `{"a":"\q"}`, "\"\xff\"", ` [ { } , [ ] ] `} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		if ok := Valid(in); ok != json.Valid(in) {
			d := &decoder{b: in}
			_, err := d.skip()
			t.Fatalf("%q: decoder says valid=%v, json.Valid %v (%v)", in, ok, json.Valid(in), err)
		}
	})
}

// TestPageDecodes: a find answer decodes in one pass under either envelope,
// names a bad item by its place, and must say has_more.
func TestPageDecodes(t *testing.T) {
	var p Page[Task]
	if err := json.Unmarshal([]byte(`{"content":[{"id":"1"},null],"has_more":true}`), &p); err != nil || len(p.Items) != 2 || p.Items[0].ID != "1" || p.Items[1] != nil || !p.HasMore {
		t.Errorf("content envelope: %+v %v", p, err)
	}
	for in, want := range map[string]string{
		`{"items":[{"id":"1"},{"overlap":"x"}],"has_more":false}`: "items[1].overlap: want an integer",
		`{"items":[]}`:                  "no has_more",
		`{"items":[],"has_more":null}`:  "has_more: want true or false",
		`{"items":[],"has_more":true}x`: "after the page",
	} {
		var p Page[Task]
		if err := p.UnmarshalJSON([]byte(in)); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want an error with %q", in, err, want)
		}
	}
}
