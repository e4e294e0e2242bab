package schema

// The reading of the line format the package comment describes: the files
// parsed in order, then names resolved across them.

import (
	"fmt"
	"slices"
	"strings"
)

// Parse reads the files (name → source) in the given order.
func Parse(order []string, srcs map[string]string) (*Schema, error) {
	s := &Schema{byName: map[string][]*Class{}, enums: map[string][]*Enum{}}
	mods := map[string]*Module{}
	for _, name := range order {
		if err := s.parseFile(name, srcs[name], mods); err != nil {
			return nil, err
		}
	}
	if err := s.resolve(); err != nil {
		return nil, err
	}
	return s, nil
}

func (s *Schema) parseFile(file, src string, mods map[string]*Module) error {
	var mod *Module
	var cls *Class
	for i, raw := range strings.Split(src, "\n") {
		where := fmt.Sprintf("%s:%d", file, i+1)
		line := strings.TrimRight(raw, " \t\r")
		trimmed := strings.TrimSpace(line)
		if trimmed == "" || strings.HasPrefix(trimmed, "#") {
			continue
		}
		indented := line != trimmed
		words := strings.Fields(trimmed)
		if !indented {
			cls = nil
			switch words[0] {
			case "module":
				if len(words) < 2 {
					return fmt.Errorf("%s: module without a path", where)
				}
				mod = mods[words[1]]
				if mod == nil {
					mod = &Module{Path: words[1]}
					mods[words[1]] = mod
					s.Modules = append(s.Modules, mod)
				}
				for _, w := range words[2:] {
					v, ok := strings.CutPrefix(w, "also=")
					if !ok {
						return fmt.Errorf("%s: unknown module flag %q", where, w)
					}
					for _, p := range strings.Split(v, ",") {
						if !slices.Contains(mod.Also, p) {
							mod.Also = append(mod.Also, p)
						}
					}
				}
			case "enum":
				if mod == nil || len(words) < 3 {
					return fmt.Errorf("%s: an enum needs a module, a name and values", where)
				}
				e := &Enum{Name: words[1], Module: mod}
				for _, w := range words[2:] {
					if w == "+members" {
						e.Shortcut = true
						continue
					}
					name, value, ok := strings.Cut(w, "=")
					if !ok {
						name, value = enumName(w), w
					}
					e.Members = append(e.Members, Member{name, value})
				}
				mod.Enums = append(mod.Enums, e)
				s.Enums = append(s.Enums, e)
				s.enums[e.Name] = append(s.enums[e.Name], e)
			case "class":
				if mod == nil || len(words) < 2 {
					return fmt.Errorf("%s: a class needs a module and a name", where)
				}
				cls = &Class{Name: words[1], Module: mod, Marker: -1, line: where}
				rest := words[2:]
				if len(rest) >= 2 && rest[0] == ":" {
					cls.BaseName = rest[1]
					rest = rest[2:]
				}
				for _, w := range rest {
					switch {
					case w == "abstract":
						cls.Abstract = true
					case w == "top":
						cls.Top = true
					case strings.HasPrefix(w, "also="):
						cls.Also = append(cls.Also, strings.Split(w[5:], ",")...)
					case strings.HasPrefix(w, "expand="):
						cls.Expand = w[7:]
					case strings.HasPrefix(w, "@"):
						k, v, ok := strings.Cut(w[1:], "=")
						if !ok {
							return fmt.Errorf("%s: tag %q lacks =value", where, w)
						}
						cls.Tags = append(cls.Tags, Tag{k, v})
					default:
						return fmt.Errorf("%s: unknown class flag %q", where, w)
					}
				}
				mod.Classes = append(mod.Classes, cls)
				s.Classes = append(s.Classes, cls)
				s.byName[cls.Name] = append(s.byName[cls.Name], cls)
			default:
				return fmt.Errorf("%s: unknown directive %q", where, words[0])
			}
			continue
		}
		// Indented: module doc or a class member.
		if cls == nil {
			if mod != nil && words[0] == "doc" {
				mod.Doc = strings.TrimSpace(strings.TrimPrefix(trimmed, "doc"))
				continue
			}
			return fmt.Errorf("%s: %q outside a class", where, trimmed)
		}
		switch words[0] {
		case "doc":
			cls.Doc = strings.TrimSpace(strings.TrimPrefix(trimmed, "doc"))
		case "...":
			cls.Marker = len(cls.Own)
		case "allows":
			cls.Allows = append(cls.Allows, words[1:]...)
		case "setter":
			if len(words) != 3 {
				return fmt.Errorf("%s: setter <method> <path>", where)
			}
			cls.Setters = append(cls.Setters, Setter{words[1], words[2]})
		case "is":
			f, v, ok := strings.Cut(strings.Join(words[2:], ""), "=")
			if len(words) != 3 || !ok {
				return fmt.Errorf("%s: is <method> <field>=<value>", where)
			}
			cls.Checks = append(cls.Checks, Check{words[1], f, v})
		default:
			f, err := parseField(trimmed)
			if err != nil {
				return fmt.Errorf("%s: %v", where, err)
			}
			cls.Own = append(cls.Own, f)
		}
	}
	return nil
}

func parseField(line string) (*Field, error) {
	text, doc, _ := strings.Cut(line, " -- ")
	words := strings.Fields(text)
	if len(words) < 2 {
		return nil, fmt.Errorf("field %q needs a name and a type", line)
	}
	f := &Field{Doc: strings.TrimSpace(doc), typ: words[1]}
	f.Name, f.Wire, _ = strings.Cut(words[0], "/")
	if f.Wire == "" {
		f.Wire = f.Name
	}
	for _, w := range words[2:] {
		switch {
		case w == "pos":
			f.Pos = true
		case w == "req":
			f.Req = true
		case w == "ro":
			f.RO = true
		case w == "arg":
			f.Arg = true
		case strings.HasPrefix(w, "="):
			f.Default = w[1:]
		default:
			return nil, fmt.Errorf("field %s: unknown flag %q", f.Name, w)
		}
	}
	return f, nil
}

// enumName is the conventional member name of a value: 'array_boolean' → ARRAY_BOOLEAN.
func enumName(v string) string {
	b := []byte(strings.ToUpper(v))
	for i, c := range b {
		if !(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			b[i] = '_'
		}
	}
	return string(b)
}

func (s *Schema) resolve() error {
	for _, c := range s.Classes {
		if c.BaseName != "" {
			c.Base = s.Class(c.BaseName, c.Module.Path)
			if c.Base == nil {
				return fmt.Errorf("%s: class %s: unknown base %s", c.line, c.Name, c.BaseName)
			}
			c.Base.Subs = append(c.Base.Subs, c)
		}
		if i := strings.LastIndexByte(c.Name, '.'); i > 0 {
			c.Owner = s.Class(c.Name[:i], c.Module.Path)
			if c.Owner == nil {
				return fmt.Errorf("%s: class %s: no class %s to nest in", c.line, c.Name, c.Name[:i])
			}
			c.Owner.Nested = append(c.Owner.Nested, c)
		}
	}
	for _, e := range s.Enums {
		if i := strings.LastIndexByte(e.Name, '.'); i > 0 {
			e.Owner = s.Class(e.Name[:i], e.Module.Path)
			if e.Owner == nil {
				return fmt.Errorf("enum %s: no class %s to nest in", e.Name, e.Name[:i])
			}
			e.Owner.Enums = append(e.Owner.Enums, e)
		}
	}
	done := map[*Class]bool{}
	var fields func(c *Class, depth int) error
	fields = func(c *Class, depth int) error {
		if done[c] {
			return nil
		}
		if depth > 20 {
			return fmt.Errorf("%s: class %s: circular inheritance", c.line, c.Name)
		}
		for _, f := range c.Own {
			t, err := s.parseType(f.typ, c.Module.Path)
			if err != nil {
				return fmt.Errorf("%s: %s.%s: %v", c.line, c.Name, f.Name, err)
			}
			f.Type = t
		}
		own := map[string]bool{}
		for _, f := range c.Own {
			own[f.Name] = true
		}
		var pre, post []*Field
		if c.Base != nil {
			if err := fields(c.Base, depth+1); err != nil {
				return err
			}
			split := len(c.Base.Fields)
			if c.Base.Marker >= 0 {
				split = c.Base.markerIndex()
			}
			for i, f := range c.Base.Fields {
				if own[f.Name] {
					continue
				}
				if i < split {
					pre = append(pre, f)
				} else {
					post = append(post, f)
				}
			}
		}
		c.Fields = append(append(append([]*Field(nil), pre...), c.Own...), post...)
		seen := map[string]bool{}
		for _, f := range c.Fields {
			if seen[f.Name] {
				return fmt.Errorf("%s: class %s: field %s twice", c.line, c.Name, f.Name)
			}
			seen[f.Name] = true
		}
		if c.Expand != "" && c.Field(c.Expand) == nil {
			return fmt.Errorf("%s: class %s: expand=%s names no field", c.line, c.Name, c.Expand)
		}
		done[c] = true
		return nil
	}
	for _, c := range s.Classes {
		if err := fields(c, 0); err != nil {
			return err
		}
		if c.Expand == "" && c.Base != nil {
			for b := c.Base; b != nil; b = b.Base {
				if b.Expand != "" {
					c.Expand = b.Expand
					break
				}
			}
		}
	}
	for _, c := range s.Classes {
		for _, a := range c.Allows {
			if s.Class(a, "conditions") == nil {
				return fmt.Errorf("%s: class %s allows unknown condition %s", c.line, c.Name, a)
			}
		}
		for _, st := range c.Setters {
			if _, err := s.SetterTarget(c, st.Path); err != nil {
				return fmt.Errorf("%s: class %s: setter %s: %v", c.line, c.Name, st.Name, err)
			}
		}
		for _, ch := range c.Checks {
			if c.Field(ch.Field) == nil {
				return fmt.Errorf("%s: class %s: %s tests unknown field %s", c.line, c.Name, ch.Name, ch.Field)
			}
		}
	}
	return nil
}

// markerIndex is the number of a base's own fields before its "...",
// counted in the resolved list (inherited prefix fields included).
func (c *Class) markerIndex() int {
	if c.Marker < 0 {
		return len(c.Fields)
	}
	if c.Marker == len(c.Own) {
		return len(c.Fields)
	}
	first := c.Own[c.Marker]
	for i, f := range c.Fields {
		if f == first {
			return i
		}
	}
	return len(c.Fields)
}
