package bindings

import (
	"fmt"
	"strings"

	"github.com/tolokash/tolokash/internal/schema"
)

func writeClass(b *strings.Builder, s *schema.Schema, c *schema.Class, indent string) {
	short := schema.Short(c.Name)
	ext := ""
	if c.Base != nil {
		ext = " extends " + tsName(c.Base, "")
	} else if !strings.Contains(c.Name, ".") {
		ext = ""
	}
	fmt.Fprintf(b, "%s/** %s */\n", indent, strings.ReplaceAll(c.Doc, "*/", "* /"))
	fmt.Fprintf(b, "%sinterface %s%s {\n", indent, short, ext)
	for _, f := range c.Fields {
		if f.Arg {
			continue
		}
		fmt.Fprintf(b, "%s  %s%s?: %s;\n", indent, fieldDoc(f), tsKey(f.Name), instanceType(f.Type))
		if cc := JSName(f.Name); cc != f.Name && c.Field(cc) == nil && !strings.HasSuffix(f.Name, "_") {
			fmt.Fprintf(b, "%s  /** %s */ %s?: %s;\n", indent, f.Name, cc, instanceType(f.Type))
		}
	}
	if c.Base == nil {
		fmt.Fprintf(b, "%s  /** The JSON the API takes. */ toJSON(): any;\n", indent)
	}
	for _, m := range classMethods(s, c) {
		fmt.Fprintf(b, "%s  %s;\n", indent, m)
	}
	fmt.Fprintf(b, "%s}\n", indent)
	// Options: every field by its toloka-kit name, and the expanded class's.
	fmt.Fprintf(b, "%sinterface %sOptions {\n", indent, short)
	for _, f := range c.Fields {
		fmt.Fprintf(b, "%s  %s%s?: %s | null;\n", indent, fieldDoc(f), tsKey(f.Name), optionType(f.Type))
	}
	if c.Expand != "" {
		if t := expandTarget(c); t != nil {
			for _, f := range t.Fields {
				if c.Field(f.Name) == nil {
					fmt.Fprintf(b, "%s  %s%s?: %s | null;\n", indent, fieldDoc(f), tsKey(f.Name), optionType(f.Type))
				}
			}
		}
	}
	fmt.Fprintf(b, "%s}\n", indent)
	fmt.Fprintf(b, "%sinterface %sConstructor {\n", indent, short)
	if !c.Abstract {
		inst := tsName(c, "")
		opts := tsName(c, "Options") + " | tolokash.Unchecked<Record<string, any>>"
		var pos []string
		for _, f := range c.Positional() {
			pos = append(pos, fmt.Sprintf("%s?: %s", tsParam(f.Name), optionType(f.Type)))
		}
		sigs := []string{"(keywords?: " + opts + ")"}
		for i := range pos {
			sigs = append(sigs, "("+strings.Join(pos[:i+1], ", ")+", keywords?: "+opts+")")
		}
		if t := expandTarget(c); t != nil && len(c.Positional()) > 0 && c.Positional()[0].Name == c.Expand {
			var epos []string
			for _, f := range t.Positional() {
				epos = append(epos, fmt.Sprintf("%s?: %s", tsParam(f.Name), optionType(f.Type)))
			}
			if len(epos) > 0 {
				sigs = append(sigs, "("+strings.Join(epos, ", ")+", keywords?: "+opts+")")
			}
		}
		for _, sig := range sigs {
			fmt.Fprintf(b, "%s  new %s: %s;\n%s  %s: %s;\n", indent, sig, inst, indent, sig, constructorResult(c, inst))
		}
	}
	fmt.Fprintf(b, "%s  readonly prototype: %s;\n", indent, tsName(c, ""))
	fmt.Fprintf(b, "%s  [Symbol.hasInstance](value: any): value is %s;\n", indent, tsName(c, ""))
	fmt.Fprintf(b, "%s  /** Reads the API's JSON, keeping members it does not know. */\n%s  from(json: any): %s;\n", indent, indent, tsName(c, ""))
	fmt.Fprintf(b, "%s  help(): string;\n", indent)
	for _, e := range c.Enums {
		fmt.Fprintf(b, "%s  readonly %s: %s;\n", indent, tsKey(schema.Short(e.Name)), enumObject(e))
		if e.Shortcut {
			for _, m := range e.Members {
				fmt.Fprintf(b, "%s  readonly %s: '%s';\n", indent, tsKey(m.Name), m.Value)
			}
		}
	}
	for _, n := range c.Nested {
		fmt.Fprintf(b, "%s  readonly %s: %s;\n", indent, schema.Short(n.Name), tsName(n, "Constructor"))
	}
	for _, m := range staticMethods(c) {
		fmt.Fprintf(b, "%s  %s;\n", indent, m)
	}
	fmt.Fprintf(b, "%s}\n", indent)
	if c.Owner == nil {
		fmt.Fprintf(b, "%sconst %s: %sConstructor;\n", indent, short, short)
	}
	if len(c.Nested) > 0 || len(c.Enums) > 0 {
		fmt.Fprintf(b, "%snamespace %s {\n", indent, short)
		for _, e := range c.Enums {
			writeEnumType(b, e, indent+"  ")
		}
		for _, n := range c.Nested {
			writeClass(b, s, n, indent+"  ")
		}
		fmt.Fprintf(b, "%s}\n", indent)
	}
}

// constructorResult: Languages with a list or verified is a FilterOr or FilterAnd.
func constructorResult(c *schema.Class, inst string) string {
	if c.ID() == "filter.Languages" {
		return inst + " | tolokash.filter.FilterOr | tolokash.filter.FilterAnd"
	}
	return inst
}

func expandTarget(c *schema.Class) *schema.Class {
	f := c.Field(c.Expand)
	if f == nil {
		return nil
	}
	t := f.Type
	if t.Kind == schema.Union {
		for _, a := range t.Alts {
			if a.Kind == schema.ClassKind {
				t = a
			}
		}
	}
	if t.Kind == schema.ClassKind && !t.Class.Abstract {
		return t.Class
	}
	return nil
}

// classMethods are the instance methods: setters, checks and the hand-written ones.
func classMethods(s *schema.Schema, c *schema.Class) []string {
	var out []string
	for _, st := range c.Setters {
		f, _ := s.SetterTarget(c, st.Path)
		arg := "value: " + optionType(f.Type)
		if f.Type.Kind == schema.ClassKind && !f.Type.Class.Abstract {
			arg = "options: " + optionType(f.Type)
		}
		for _, n := range []string{st.Name, JSName(st.Name)} {
			out = append(out, fmt.Sprintf("%s(%s): this", n, arg))
		}
	}
	for _, ch := range c.Checks {
		out = append(out, ch.Name+"(): boolean", JSName(ch.Name)+"(): boolean")
	}
	both := func(snake, sig string) {
		out = append(out, snake+sig, JSName(snake)+sig)
	}
	switch c.ID() {
	case "quality_control.QualityControl":
		rule := "{ collector: tolokash.collectors.CollectorConfig; conditions: tolokash.conditions.RuleCondition[]; action: tolokash.actions.RuleAction }"
		both("add_action", "(rule: "+rule+"): void")
		both("add_action", "(collector: tolokash.collectors.CollectorConfig, action: tolokash.actions.RuleAction, conditions: tolokash.conditions.RuleCondition[]): void")
	case "project.Project":
		both("set_default_language", "(language: string): void")
		texts := "{ language?: string; public_name?: string; public_description?: string; public_instructions?: string }"
		both("add_requester_translation", "(language: string, texts?: "+texts+"): void")
		both("add_requester_translation", "(texts: "+texts+"): void")
	case "task_suite.TaskSuite":
		both("add_base_task", "(task: tolokash.task.BaseTask | tolokash.task.BaseTaskOptions): this")
	case "collectors.CollectorConfig":
		both("validate_condition", "(conditions: tolokash.conditions.RuleCondition[]): void")
	case "filter.FilterCondition":
		out = append(out, "/** Python's & */ and(other: tolokash.filter.FilterCondition): tolokash.filter.FilterAnd",
			"/** Python's | */ or(other: tolokash.filter.FilterCondition): tolokash.filter.FilterOr",
			"/** Python's ~ */ not(): tolokash.filter.FilterCondition")
	}
	if op := c.Field("operator"); op != nil && op.Type.Kind == schema.EnumKind && !c.Abstract && c.Positional()[0].Name != "operator" {
		for _, m := range operatorMethods(op.Type.Enum.Name) {
			out = append(out, fmt.Sprintf("%s(value: %s): %s", m, valueType(c), tsName(c, "")))
		}
	}
	return out
}

// staticMethods are the comparison constructors: Languages.in('EN'), GoldenSetCorrectAnswersRate.lt(60).
func staticMethods(c *schema.Class) []string {
	op := c.Field("operator")
	if op == nil || op.Type.Kind != schema.EnumKind || c.Abstract || len(c.Positional()) == 0 || c.Positional()[0].Name != "operator" {
		return nil
	}
	var out []string
	for _, m := range operatorMethods(op.Type.Enum.Name) {
		extra := ""
		if c.ID() == "filter.Languages" {
			extra = ", options?: { verified?: boolean }"
		}
		out = append(out, fmt.Sprintf("%s(value: %s%s): %s", tsKey(m), valueType(c), extra, constructorResult(c, tsName(c, ""))))
	}
	return out
}

func operatorMethods(enum string) []string {
	switch enum {
	case "CompareOperator":
		return []string{"lt", "lte", "gt", "gte", "eq", "ne"}
	case "IdentityOperator":
		return []string{"eq", "ne"}
	case "InclusionOperator":
		return []string{"in", "in_", "include", "not_in", "notIn", "exclude"}
	}
	return nil
}

func valueType(c *schema.Class) string {
	if f := c.Field("value"); f != nil {
		return optionType(f.Type) + " | null"
	}
	return "any"
}

// writeWire writes the JSON shape of a class: wire names, its discriminators.
func writeWire(b *strings.Builder, c *schema.Class, indent string) {
	short := schema.Short(c.Name)
	if c.Abstract {
		var variants []string
		for _, v := range c.Concrete() {
			variants = append(variants, wireName(v))
		}
		if len(variants) == 0 {
			variants = []string{"Record<string, any>"}
		}
		fmt.Fprintf(b, "%stype %s = %s;\n", indent, short, strings.Join(variants, " | "))
	} else {
		fmt.Fprintf(b, "%sinterface %s {\n", indent, short)
		for _, f := range c.Fields {
			if f.Arg {
				continue
			}
			t := wireType(f.Type)
			if c.ID() == "project.view_spec.TemplateBuilderViewSpec" {
				switch f.Name {
				case "config":
					t = "string"
				case "core_version":
					continue
				}
			}
			fmt.Fprintf(b, "%s  %s?: %s;\n", indent, tsKey(f.Wire), t)
		}
		if c.ID() == "project.view_spec.TemplateBuilderViewSpec" {
			fmt.Fprintf(b, "%s  /** the versions of the components: {core, <type>: <version>} */ lock?: Record<string, string>;\n", indent)
		}
		for _, t := range c.Tags {
			fmt.Fprintf(b, "%s  %s: '%s';\n", indent, tsKey(t.Key), t.Value)
		}
		fmt.Fprintf(b, "%s}\n", indent)
	}
	if len(c.Nested) > 0 {
		fmt.Fprintf(b, "%snamespace %s {\n", indent, short)
		for _, n := range c.Nested {
			writeWire(b, n, indent+"  ")
		}
		fmt.Fprintf(b, "%s}\n", indent)
	}
}

func wireType(t *schema.Type) string {
	switch t.Kind {
	case schema.Str, schema.UUID, schema.Datetime:
		return "string"
	case schema.Int, schema.Float, schema.Decimal:
		return "number"
	case schema.Bool:
		return "boolean"
	case schema.Dict:
		return "Record<string, any>"
	case schema.Component:
		return "wire.project.template_builder.BaseComponent | wire.project.template_builder.RefComponent"
	case schema.List:
		return "Array<" + wireType(t.Elem) + ">"
	case schema.Map:
		return "Record<string, " + wireType(t.Elem) + ">"
	case schema.ClassKind:
		return wireName(t.Class)
	case schema.EnumKind:
		return enumTypeName(t.Enum)
	case schema.Union:
		var parts []string
		for _, a := range t.Alts {
			parts = append(parts, wireType(a))
		}
		return strings.Join(parts, " | ")
	}
	return "any"
}
