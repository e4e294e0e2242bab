package bindings

import (
	"encoding/json"
	"strings"
	"sync"

	"github.com/tolokash/tolokash/internal/schema"
)

// modelTable is the description compiled once per process for the model
// classes: what each class's constructor and toJSON need in Go (field
// indexes, type checkers), the JSON models.js reads when it first builds a
// class, and the layout of the namespaces. Everything per VM lives in a
// modelSet.
type modelTable struct {
	classes    []*modelClass
	byID       map[string]*modelClass
	enums      []*modelEnum
	enumByID   map[string]*modelEnum
	namespaces map[string]*modelNamespaceLayout // by path; "" is the root
	components map[string]string                // Template Builder type → class id
}

// modelClass is one class as the Go side of the bindings sees it.
type modelClass struct {
	c          *schema.Class
	idx        int
	id         string
	display    string
	fields     []modelField
	byName     map[string]int // toloka-kit name → field index (toJSON's own members)
	keyword    map[string]int // name or wire name → field index (the options)
	positional []int
	// simple: constructed in Go (no expanded field, no argument that is not
	// a field); the rest, and every error, go to models.js.
	simple bool
	// asIs: its JSON can be the object itself (no discriminator, no wire
	// name unlike the field's, no argument that is not a field).
	asIs bool
	// The description models.js builds the class from, made when a VM
	// first builds the class.
	json     string
	jsonOnce sync.Once
	schema   *schema.Schema
}

// descJSON is the description models.js builds the class from.
func (mc *modelClass) descJSON() string {
	mc.jsonOnce.Do(func() { mc.json = classJSON(mc.schema, mc.c, mc.idx) })
	return mc.json
}

// modelField is one field with its compiled checker.
type modelField struct {
	name, wire string
	req, arg   bool
	check      checker
	def        string // JSON, or ""
}

type modelEnum struct {
	e      *schema.Enum
	id     string
	values map[string]bool
	json   string
}

// modelNamespaceLayout lists a namespace's members in the order models.js has
// always given them (Object.keys(require('toloka')) and what inspect shows).
type modelNamespaceLayout struct {
	path    string
	members []modelMember
	index   map[string]int
}

// modelMember is a class, an enum or a namespace, by id or path.
type modelMember struct {
	name, kind, ref string // kind: "class", "enum", "namespace"
}

func (l *modelNamespaceLayout) set(name, kind, ref string) {
	if i, ok := l.index[name]; ok {
		l.members[i] = modelMember{name, kind, ref}
		return
	}
	l.index[name] = len(l.members)
	l.members = append(l.members, modelMember{name, kind, ref})
}

var loadModelTable = sync.OnceValue(func() *modelTable { return newModelTable(schema.Load()) })

func newModelTable(s *schema.Schema) *modelTable {
	t := &modelTable{byID: map[string]*modelClass{}, enumByID: map[string]*modelEnum{},
		namespaces: map[string]*modelNamespaceLayout{}, components: map[string]string{}}
	for i, c := range s.Classes {
		mc := &modelClass{c: c, idx: i, id: c.ID(), display: jsDisplay(c), byName: map[string]int{}, keyword: map[string]int{}, schema: s}
		t.classes = append(t.classes, mc)
		t.byID[mc.id] = mc
	}
	for _, e := range s.Enums {
		me := &modelEnum{e: e, id: e.ID(), values: map[string]bool{}}
		for _, m := range e.Members {
			me.values[m.Value] = true
		}
		t.enums = append(t.enums, me)
		t.enumByID[me.id] = me
	}
	for _, mc := range t.classes {
		c := mc.c
		mc.simple = !c.Abstract && c.Expand == ""
		mc.asIs = len(c.Tags) == 0
		for i, f := range c.Fields {
			mc.fields = append(mc.fields, modelField{name: f.Name, wire: f.Wire, req: f.Req, arg: f.Arg,
				check: t.checker(f.Type), def: f.Default})
			mc.byName[f.Name] = i
			if f.Pos {
				mc.positional = append(mc.positional, i)
			}
			if f.Arg {
				mc.simple = false
			}
			if f.Arg || f.Wire != f.Name {
				mc.asIs = false
			}
		}
		// d.keyword(k) in models.js: the name first, then the wire name.
		for i, f := range c.Fields {
			if !f.Arg {
				mc.keyword[f.Wire] = i
			}
		}
		for i, f := range c.Fields {
			mc.keyword[f.Name] = i
		}
		if typ, ok := c.Tag("type"); ok && strings.HasPrefix(c.Module.Path, "project.template_builder") {
			t.components[typ] = mc.id
		}
	}
	for _, me := range t.enums {
		me.json = enumJSON(me.e)
	}
	t.layout(s)
	return t
}

// layout places classes, enums and namespaces as models.js did when it built
// them all at once: classes in the order of the description under their
// module (and the modules that re-export it), the top ones also at the root;
// then enums; then the modules that hold neither.
func (t *modelTable) layout(s *schema.Schema) {
	ns := func(path string) *modelNamespaceLayout {
		cur := t.namespaces[""]
		if cur == nil {
			cur = &modelNamespaceLayout{index: map[string]int{}}
			t.namespaces[""] = cur
		}
		if path == "" {
			return cur
		}
		full := ""
		for _, p := range strings.Split(path, ".") {
			if full != "" {
				full += "."
			}
			full += p
			next := t.namespaces[full]
			if next == nil {
				next = &modelNamespaceLayout{path: full, index: map[string]int{}}
				t.namespaces[full] = next
				cur.set(p, "namespace", full)
			}
			cur = next
		}
		return cur
	}
	ns("")
	for _, c := range s.Classes {
		if c.Owner != nil {
			continue
		}
		short := schema.Short(c.Name)
		for _, p := range append(append([]string{c.Module.Path}, c.Module.Also...), c.Also...) {
			ns(p).set(short, "class", c.ID())
		}
		if c.Top {
			ns("").set(short, "class", c.ID())
		}
	}
	for _, e := range s.Enums {
		if e.Owner != nil {
			continue
		}
		for _, p := range append([]string{e.Module.Path}, e.Module.Also...) {
			ns(p).set(schema.Short(e.Name), "enum", e.ID())
		}
	}
	for _, m := range s.Modules {
		ns(m.Path)
		for _, a := range m.Also {
			ns(a)
		}
	}
	for _, k := range []string{"filter", "collectors", "conditions", "actions"} {
		ns(k)
	}
}

// classJSON is what models.js builds a class from: the fields as
// Schema.JSON gives them, and what it used to find by walking every class
// (the concrete kinds, the nested classes and enums that are its statics).
func classJSON(s *schema.Schema, c *schema.Class, idx int) string {
	type field struct {
		Name    string          `json:"n"`
		Wire    string          `json:"w,omitempty"`
		Type    any             `json:"t"`
		Pos     bool            `json:"p,omitempty"`
		Req     bool            `json:"r,omitempty"`
		Arg     bool            `json:"a,omitempty"`
		Default json.RawMessage `json:"d,omitempty"`
	}
	out := struct {
		ID       string      `json:"id"`
		I        int         `json:"i"`
		Name     string      `json:"name"`
		Display  string      `json:"display"`
		Module   string      `json:"module"`
		Base     string      `json:"base,omitempty"`
		Abstract bool        `json:"abstract,omitempty"`
		Expand   string      `json:"expand,omitempty"`
		Tags     [][2]string `json:"tags"`
		Fields   []field     `json:"fields"`
		Allows   []string    `json:"allows,omitempty"`
		Setters  [][2]string `json:"setters,omitempty"`
		Checks   [][3]string `json:"checks,omitempty"`
		Kinds    []string    `json:"kinds"`
		Nested   []string    `json:"nested,omitempty"`
		Enums    []string    `json:"enums,omitempty"`
	}{ID: c.ID(), I: idx, Name: c.Name, Display: jsDisplay(c), Module: c.Module.Path, Abstract: c.Abstract,
		Expand: c.Expand, Tags: [][2]string{}, Fields: []field{}, Kinds: []string{}}
	if c.Base != nil {
		out.Base = c.Base.ID()
	}
	for _, tg := range c.Tags {
		out.Tags = append(out.Tags, [2]string{tg.Key, tg.Value})
	}
	for _, f := range c.Fields {
		jf := field{Name: f.Name, Type: schema.TypeJSON(f.Type), Pos: f.Pos, Req: f.Req, Arg: f.Arg}
		if f.Wire != f.Name {
			jf.Wire = f.Wire
		}
		if f.Default != "" {
			jf.Default = json.RawMessage(f.Default)
		}
		out.Fields = append(out.Fields, jf)
	}
	for _, a := range c.Allows {
		out.Allows = append(out.Allows, s.Class(a, "conditions").ID())
	}
	for _, st := range c.Setters {
		out.Setters = append(out.Setters, [2]string{st.Name, st.Path})
	}
	for _, ch := range c.Checks {
		out.Checks = append(out.Checks, [3]string{ch.Name, ch.Field, ch.Value})
	}
	for _, k := range c.Concrete() {
		out.Kinds = append(out.Kinds, k.ID())
	}
	for _, n := range c.Nested {
		out.Nested = append(out.Nested, n.ID())
	}
	for _, e := range c.Enums {
		out.Enums = append(out.Enums, e.ID())
	}
	b, err := json.Marshal(out)
	if err != nil {
		panic(err)
	}
	return string(b)
}

func enumJSON(e *schema.Enum) string {
	out := struct {
		ID       string      `json:"id"`
		Name     string      `json:"name"`
		Members  [][2]string `json:"members"`
		Shortcut bool        `json:"shortcut,omitempty"`
	}{ID: e.ID(), Name: e.Name, Shortcut: e.Shortcut}
	for _, m := range e.Members {
		out.Members = append(out.Members, [2]string{m.Name, m.Value})
	}
	b, err := json.Marshal(out)
	if err != nil {
		panic(err)
	}
	return string(b)
}
