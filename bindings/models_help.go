package bindings

import (
	"fmt"
	"sort"
	"strings"

	"github.com/tolokash/tolokash/internal/schema"
)

// modelHelp is the help text of a model class (by id), a namespace (by path),
// or, for "", of require('toloka') as a whole.
func modelHelp(id string) string {
	s := schema.Load()
	for _, c := range s.Classes {
		if c.ID() == id {
			return classHelp(c)
		}
	}
	return namespaceHelp(s, id)
}

// jsDisplay is how scripts name a class: tb.ImageViewV1, filter.Languages, Pool.
func jsDisplay(c *schema.Class) string {
	m := c.Module.Path
	switch {
	case strings.HasPrefix(m, "project.template_builder"):
		return "tb." + c.Name
	case m == "filter" || m == "collectors" || m == "conditions" || m == "actions":
		return m + "." + c.Name
	}
	return c.Name
}

func classHelp(c *schema.Class) string {
	var b strings.Builder
	var args []string
	for _, f := range c.Positional() {
		args = append(args, f.Name+"?")
	}
	args = append(args, "{options}?")
	if c.Abstract {
		fmt.Fprintf(&b, "%s (abstract)\n", jsDisplay(c))
	} else {
		fmt.Fprintf(&b, "new %s(%s)\n", jsDisplay(c), strings.Join(args, ", "))
	}
	fmt.Fprintf(&b, "  %s\n", c.Doc)
	fmt.Fprintf(&b, "  toloka-kit: toloka.client.%s.%s", c.Module.Path, c.Name)
	if t, ok := c.Tag("type"); ok && strings.HasPrefix(c.Module.Path, "project.template_builder") {
		fmt.Fprintf(&b, "; Template Builder %s (https://toloka.ai/docs/template-builder/reference/%s)", t, strings.TrimPrefix(t, "@yandex-toloka/"))
	} else if len(c.Tags) > 0 {
		var tags []string
		for _, t := range c.Tags {
			tags = append(tags, t.Key+": "+t.Value)
		}
		fmt.Fprintf(&b, "; sent with {%s}", strings.Join(tags, ", "))
	}
	b.WriteString("\n")
	if len(c.Fields) > 0 {
		b.WriteString("  options:\n")
		width := 0
		for _, f := range c.Fields {
			width = max(width, len(f.Name))
		}
		for _, f := range c.Fields {
			var notes []string
			if f.Pos {
				notes = append(notes, "positional")
			}
			if f.Wire != f.Name {
				notes = append(notes, "sent as "+f.Wire)
			}
			if f.RO {
				notes = append(notes, "set by Toloka")
			}
			if f.Default != "" && f.Default != "{}" && f.Default != "[]" {
				notes = append(notes, "default "+f.Default)
			}
			if f.Doc != "" {
				notes = append(notes, f.Doc)
			}
			note := ""
			if len(notes) > 0 {
				note = "  (" + strings.Join(notes, "; ") + ")"
			}
			fmt.Fprintf(&b, "    %-*s  %s%s\n", width, f.Name, typeHelp(f.Type), note)
		}
	}
	for _, e := range c.Enums {
		fmt.Fprintf(&b, "  %s.%s: %s\n", jsDisplay(c), schema.Short(e.Name), strings.Join(e.Values(), ", "))
	}
	for _, n := range c.Nested {
		fmt.Fprintf(&b, "  %s.%s: %s\n", jsDisplay(c), schema.Short(n.Name), n.Doc)
	}
	var methods []string
	for _, st := range c.Setters {
		methods = append(methods, JSName(st.Name)+"(…)")
	}
	for _, ch := range c.Checks {
		methods = append(methods, JSName(ch.Name)+"()")
	}
	methods = append(methods, specialMethods[c.ID()]...)
	if len(methods) > 0 {
		fmt.Fprintf(&b, "  methods: %s (each also under its snake_case name)\n", strings.Join(methods, ", "))
	}
	if len(c.Allows) > 0 {
		fmt.Fprintf(&b, "  conditions it feeds: %s\n", strings.Join(c.Allows, ", "))
	}
	if op := c.Field("operator"); op != nil && op.Type.Kind == schema.EnumKind && !c.Abstract {
		fmt.Fprintf(&b, "  build with: %s\n", operatorHelp(c, op.Type.Enum.Name))
	}
	if subs := c.Concrete(); c.Abstract && len(subs) > 0 {
		var names []string
		for _, s := range subs {
			names = append(names, jsDisplay(s))
		}
		fmt.Fprintf(&b, "  kinds: %s\n", strings.Join(names, ", "))
	}
	fmt.Fprintf(&b, "  %s.from(json) reads the API's JSON; JSON.stringify(x) or x.toJSON() writes it.", jsDisplay(c))
	return b.String()
}

// specialMethods are the hand-written methods of models_special.js, for help.
var specialMethods = map[string][]string{
	"quality_control.QualityControl": {"addAction({collector, conditions, action})"},
	"project.Project":                {"setDefaultLanguage(language)", "addRequesterTranslation(language, {public_name, public_description, public_instructions})"},
	"task_suite.TaskSuite":           {"addBaseTask(task)"},
	"filter.FilterCondition":         {"and(filter)", "or(filter)", "not()"},
	"collectors.CollectorConfig":     {"validateCondition(conditions)"},
}

func operatorHelp(c *schema.Class, enum string) string {
	name := jsDisplay(c)
	if c.Positional()[0].Name != "operator" {
		return name + "(key).lt(v) .lte .gt .gte .eq .ne"
	}
	switch enum {
	case "CompareOperator":
		return name + ".lt(v) .lte .gt .gte .eq .ne (Python's < <= > >= == !=)"
	case "IdentityOperator":
		return name + ".eq(v) .ne (Python's == !=)"
	case "InclusionOperator":
		return name + ".in(v) .notIn (toloka-kit's in_ and not_in)"
	}
	return ""
}

func typeHelp(t *schema.Type) string {
	switch t.Kind {
	case schema.Str:
		return "string"
	case schema.Int:
		return "integer"
	case schema.Float, schema.Decimal:
		return "number"
	case schema.Bool:
		return "boolean"
	case schema.Any:
		return "any"
	case schema.Dict:
		return "object"
	case schema.Datetime:
		return "Date or ISO string"
	case schema.UUID:
		return "UUID string"
	case schema.Component:
		return "component"
	case schema.List:
		if t.Elem.Kind == schema.Union {
			return "(" + typeHelp(t.Elem) + ")[]"
		}
		return typeHelp(t.Elem) + "[]"
	case schema.Map:
		return "{[key]: " + typeHelp(t.Elem) + "}"
	case schema.ClassKind:
		return jsDisplay(t.Class)
	case schema.EnumKind:
		return strings.Join(quoteAll(t.Enum.Values()), "|")
	case schema.Union:
		var parts []string
		for _, a := range t.Alts {
			parts = append(parts, typeHelp(a))
		}
		return strings.Join(parts, " or ")
	}
	return string(t.Kind)
}

func quoteAll(vs []string) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = "'" + v + "'"
	}
	return out
}

func namespaceHelp(s *schema.Schema, path string) string {
	var b strings.Builder
	if path == "" {
		b.WriteString("require('toloka'): toloka-kit's model classes (also on the toloka global)\n")
		var top []string
		for _, c := range s.Classes {
			if c.Top {
				top = append(top, c.Name)
			}
		}
		fmt.Fprintf(&b, "  classes: %s\n", strings.Join(top, ", "))
		b.WriteString("  namespaces: filter, collectors, conditions, actions, project (template_builder: require('toloka/template_builder')), pool, task, task_suite, training, analytics_request, …\n")
		b.WriteString("  unchecked(value) passes a value the description does not know (a new enum value or key) on purpose.\n")
		b.WriteString("  help(toloka.Pool), help(toloka.filter) tell more.")
		return b.String()
	}
	title := path
	if path == "project.template_builder" {
		title = "tb = require('toloka/template_builder')"
	}
	if m := s.Module(path); m != nil && m.Doc != "" {
		fmt.Fprintf(&b, "%s: %s\n", title, m.Doc)
	} else {
		fmt.Fprintf(&b, "%s\n", title)
	}
	classes := s.ModuleClasses(path)
	sort.SliceStable(classes, func(i, j int) bool { return classes[i].Name < classes[j].Name })
	width := 0
	for _, c := range classes {
		width = max(width, len(c.Name))
	}
	for _, c := range classes {
		if c.Abstract {
			continue
		}
		fmt.Fprintf(&b, "  %-*s  %s\n", width, c.Name, c.Doc)
	}
	var subs []string
	for _, m := range s.Modules {
		if rest, ok := strings.CutPrefix(m.Path, path+"."); ok && !strings.Contains(rest, ".") {
			subs = append(subs, rest)
		}
	}
	if len(subs) > 0 {
		fmt.Fprintf(&b, "  submodules: %s\n", strings.Join(subs, ", "))
	}
	b.WriteString("  help(X) tells more about one.")
	return b.String()
}
