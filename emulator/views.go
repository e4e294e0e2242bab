package emulator

import (
	"encoding/json"
	"regexp"
	"regexp/syntax"
	"strings"
)

// answerField is what a Toloker may answer in one output field: what the
// project's output_spec says of it, and what the view offers for it (the
// options of a radio group, a checkbox group or a select, a text field's
// pattern), Template Builder and classic views alike.
type answerField struct {
	name     string
	typ      string // the spec's type, less array_
	array    bool
	required bool
	// options are the choices, from allowed_values or the view; an option may
	// be a Template Builder reference to an input value ({"type":
	// "data.input", "path": ...}), as side-by-side views have, read per task.
	options []any
	multi   bool // several options at once: a checkbox group
	boolean bool // a checkbox or a toggle
	text    bool // a field one types into
	file    bool
	// pattern is a regular expression a typed answer must match.
	pattern        *regexp.Regexp
	patternSyntax  *syntax.Regexp
	minLen, maxLen int // -1: none
	min, max       float64
	hasMin, hasMax bool
}

// answerModel is how a project's tasks are answered.
type answerModel struct {
	fields []*answerField
	effort float64 // units of work per task (a one-choice task is 1)
}

// choice says whether the field is answered by picking among options.
func (f *answerField) choice() bool { return len(f.options) > 0 }

// effort is how much work a field is, against a choice (1): typing takes
// longer, finding and uploading a file longest.
func (f *answerField) effort() float64 {
	switch {
	case f.choice() || f.boolean || f.typ == "boolean":
		return 1
	case f.file || f.typ == "file":
		return 12
	case f.text || f.typ == "string" || f.typ == "url" || f.typ == "coordinates":
		return 6
	case f.typ == "integer" || f.typ == "float":
		return 1.5
	}
	return 3
}

// modelOf reads a project's output spec and view once; an update of the
// project forgets it.
func (st *state) modelOf(project object) *answerModel {
	id := str(project["id"])
	if m, ok := st.models[id]; ok {
		return m
	}
	m := buildModel(project)
	st.models[id] = m
	return m
}

func buildModel(project object) *answerModel {
	spec := specOf(project, "output_spec")
	ts, _ := project["task_spec"].(map[string]any)
	view := viewFields(ts["view_spec"])
	m := &answerModel{}
	for _, name := range sortedKeys(spec) {
		fs, _ := spec[name].(map[string]any)
		typ := str(fs["type"])
		f := &answerField{name: name, typ: strings.TrimPrefix(typ, "array_"), array: strings.HasPrefix(typ, "array_"),
			required: fs["required"] != false, minLen: intOf(fs["min_length"], -1), maxLen: intOf(fs["max_length"], -1)}
		f.min, f.hasMin = num(fs["min_value"])
		f.max, f.hasMax = num(fs["max_value"])
		if v := view[name]; v != nil {
			f.options, f.multi, f.boolean, f.text, f.file = v.options, v.multi, v.boolean, v.text, v.file
			f.pattern, f.patternSyntax = v.pattern, v.patternSyntax
			if f.minLen < 0 {
				f.minLen = v.minLen
			}
			if f.maxLen < 0 {
				f.maxLen = v.maxLen
			}
		}
		if allowed := asList(fs["allowed_values"]); len(allowed) > 0 {
			f.options = allowed // the spec has the last word over the view
		}
		m.fields = append(m.fields, f)
	}
	var most, rest float64
	for _, f := range m.fields {
		e := f.effort()
		rest += min(e, most)
		most = max(most, e)
	}
	m.effort = max(most+rest/2, 1)
	return m
}

// viewFields finds the output fields a view shows, by name.
func viewFields(viewSpec any) map[string]*answerField {
	vs, _ := viewSpec.(map[string]any)
	out := map[string]*answerField{}
	switch str(vs["type"]) {
	case "tb":
		var config any = vs["config"]
		if s, ok := config.(string); ok {
			if json.Unmarshal([]byte(s), &config) != nil {
				return out
			}
		}
		walkTB(config, out)
	case "classic":
		classicFields(str(vs["markup"]), out)
	}
	return out
}

// walkTB visits every component of a Template Builder config and notes the
// fields that write an output value.
func walkTB(node any, out map[string]*answerField) {
	switch n := node.(type) {
	case []any:
		for _, x := range n {
			walkTB(x, out)
		}
	case map[string]any:
		if typ, ok := n["type"].(string); ok && strings.HasPrefix(typ, "field.") {
			if data, _ := n["data"].(map[string]any); str(data["type"]) == "data.output" {
				name, _, _ := strings.Cut(str(data["path"]), ".")
				f := out[name]
				if f == nil {
					f = &answerField{name: name, minLen: -1, maxLen: -1}
					out[name] = f
				}
				tbField(typ, n, f)
			}
		}
		for _, k := range sortedKeys(n) {
			walkTB(n[k], out)
		}
	}
}

func tbField(typ string, n map[string]any, f *answerField) {
	switch typ {
	case "field.radio-group", "field.button-radio-group", "field.select", "field.checkbox-group":
		for _, o := range asList(n["options"]) {
			if om, ok := o.(map[string]any); ok {
				f.options = append(f.options, om["value"])
			}
		}
		f.multi = typ == "field.checkbox-group"
	case "field.checkbox", "field.toggle":
		f.boolean = true
	case "field.file", "field.media-file", "field.audio":
		f.file = true
	case "field.text", "field.textarea", "field.email", "field.phone-number", "field.date":
		f.text = true
	}
	if v, ok := num(n["min"]); ok {
		f.min, f.hasMin = v, true
	}
	if v, ok := num(n["max"]); ok {
		f.max, f.hasMax = v, true
	}
	tbValidation(n["validation"], f)
}

// tbValidation reads the schema conditions of a field's validation: a
// pattern, lengths and bounds.
func tbValidation(node any, f *answerField) {
	switch n := node.(type) {
	case []any:
		for _, x := range n {
			tbValidation(x, f)
		}
	case map[string]any:
		if schema, ok := n["schema"].(map[string]any); ok && str(n["type"]) == "condition.schema" {
			if p, ok := schema["pattern"].(string); ok {
				setPattern(f, p)
			}
			if v, ok := num(schema["minLength"]); ok {
				f.minLen = int(v)
			}
			if v, ok := num(schema["maxLength"]); ok {
				f.maxLen = int(v)
			}
			if v, ok := num(schema["minimum"]); ok {
				f.min, f.hasMin = v, true
			}
			if v, ok := num(schema["maximum"]); ok {
				f.max, f.hasMax = v, true
			}
		}
		for _, k := range []string{"conditions", "condition"} {
			tbValidation(n[k], f)
		}
	}
}

// setPattern keeps a pattern the emulator can both match and generate from.
// JSON Schema patterns are ECMAScript, which Go's syntax reads in the common cases.
func setPattern(f *answerField, p string) {
	re, err := regexp.Compile(p)
	if err != nil {
		return
	}
	parsed, err := syntax.Parse(p, syntax.Perl)
	if err != nil {
		return
	}
	f.pattern, f.patternSyntax = re, parsed.Simplify()
}

var (
	classicField = regexp.MustCompile(`\{\{field\s+([^}]*)\}\}`)
	classicAttr  = regexp.MustCompile(`([\w-]+)=(?:"([^"]*)"|'([^']*)'|(\S+))`)
)

// classicFields reads the {{field ...}} helpers of a classic view's markup:
// radio buttons give their values as options, a checkbox a boolean, inputs text.
func classicFields(markup string, out map[string]*answerField) {
	for _, m := range classicField.FindAllStringSubmatch(markup, -1) {
		attrs := map[string]string{}
		for _, a := range classicAttr.FindAllStringSubmatch(m[1], -1) {
			attrs[a[1]] = a[2] + a[3] + a[4]
		}
		name := attrs["name"]
		if name == "" {
			continue
		}
		f := out[name]
		if f == nil {
			f = &answerField{name: name, minLen: -1, maxLen: -1}
			out[name] = f
		}
		switch attrs["type"] {
		case "radio":
			if v, ok := attrs["value"]; ok {
				f.options = append(f.options, v)
			}
		case "checkbox":
			f.boolean = true
		case "input", "textarea":
			f.text = true
			if p := attrs["pattern"]; p != "" {
				setPattern(f, p)
			}
		case "file", "file-img", "file-audio", "file-video":
			f.file = true
		}
	}
}
