package decl

import (
	"fmt"
	"sort"
	"strings"
)

// Signature is how help shows a member: name(params) → result.
func Signature(owner string, m Member) string {
	name := m.Name
	if owner != "" {
		name = owner + "." + m.Name
	}
	if m.Property {
		return name + ": " + m.Returns
	}
	var ps []string
	for _, p := range m.Params {
		s := p.Name
		switch {
		case p.Rest:
			s = "..." + s
		case p.Optional:
			s += "?"
		}
		ps = append(ps, s)
	}
	if m.Name == "constructor" {
		return "new " + owner + "(" + strings.Join(ps, ", ") + ")"
	}
	res := m.Returns
	if res == "" {
		res = "void"
	}
	return name + "(" + strings.Join(ps, ", ") + ") → " + res
}

// shownName is how help names the owner of members: fs.readFile,
// DataFrame.fromRecords, df.head; aggregation.consistency for a module
// 'toloka/aggregation', new DawidSkene for a class it exports.
func shownName(t *Type, m Member) string {
	switch {
	case t.Kind == Functions:
		return ""
	case t.Kind == Module:
		return t.Name[strings.LastIndexByte(t.Name, '/')+1:]
	case t.Kind == Class && m.Name == "constructor" && t.Global == "":
		return t.Name
	case t.Global != "" && (t.Kind != Class || m.Static):
		return t.Global
	case t.Kind == Class && !m.Static:
		return lowerFirst(t.Name)
	}
	return t.Name
}

// lowerFirst names an instance: df for a DataFrame, glad for a GLAD,
// dawidSkene for a DawidSkene.
func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	if strings.HasPrefix(s, "DataFrame") {
		return "df" + s[len("DataFrame"):]
	}
	n := 1 // the capitals that start it, but the one starting the next word
	for n < len(s) && s[n] >= 'A' && s[n] <= 'Z' && (n+1 == len(s) || !(s[n+1] >= 'a' && s[n+1] <= 'z')) {
		n++
	}
	return strings.ToLower(s[:n]) + s[n:]
}

// HelpType is help for a whole type: what it is, then one line per member.
func HelpType(t *Type) string {
	var b strings.Builder
	title := t.Name
	switch {
	case t.Kind == Module:
		title = "require('" + t.Name + "')"
	case t.Global != "" && t.Kind != Class:
		title = t.Global
	}
	fmt.Fprintf(&b, "%s: %s\n", title, strings.TrimSpace(t.Doc))
	var lines []string
	width := 0
	type row struct{ sig, doc string }
	var rows []row
	for _, m := range t.Members {
		if m.Hidden {
			continue
		}
		sig := Signature(shownName(t, m), m)
		rows = append(rows, row{sig, firstLine(m.Doc)})
		width = max(width, len([]rune(sig)))
	}
	width = min(width, 56)
	for _, r := range rows {
		pad := max(2, width-len([]rune(r.sig))+2) // two spaces at least: the column where the text begins stays findable (wrapHelp)
		lines = append(lines, "  "+r.sig+strings.Repeat(" ", pad)+r.doc)
	}
	b.WriteString(strings.Join(lines, "\n"))
	if len(t.Members) > 0 {
		fmt.Fprintf(&b, "\nhelp(%s) tells more about one.", exampleMember(t))
	}
	return b.String()
}

func exampleMember(t *Type) string {
	for _, m := range t.Members {
		if !m.Property && m.Name != "constructor" && !m.Hidden {
			if owner := shownName(t, m); owner != "" {
				return owner + "." + m.Name
			}
			return m.Name
		}
	}
	return t.Name
}

// HelpMember is help for one member: its signature, what it does and its
// parameters.
func HelpMember(t *Type, m Member) string {
	var b strings.Builder
	b.WriteString(Signature(shownName(t, m), m))
	b.WriteByte('\n')
	for _, line := range strings.Split(strings.TrimSpace(m.Doc), "\n") {
		if line != "" {
			fmt.Fprintf(&b, "  %s\n", line)
		}
	}
	for _, p := range m.Params {
		if p.Doc == "" && p.Type == "" {
			continue
		}
		opt := ""
		if p.Optional {
			opt = ", optional"
		}
		fmt.Fprintf(&b, "  %s (%s%s)", p.Name, p.Type, opt)
		if p.Doc != "" {
			b.WriteString(": " + p.Doc)
		}
		b.WriteByte('\n')
	}
	return strings.TrimRight(b.String(), "\n")
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

// Search lists the members whose name or description mention word, one
// line each, as help('word') shows them.
func (r *Registry) Search(word string) []string {
	w := strings.ToLower(word)
	seen := map[string]bool{}
	var out []string
	for _, s := range r.sections {
		for ti := range s.Types {
			t := &s.Types[ti]
			for _, m := range t.Members {
				if m.Hidden {
					continue
				}
				if !strings.Contains(strings.ToLower(m.Name), w) && !strings.Contains(strings.ToLower(m.Doc), w) {
					continue
				}
				line := fmt.Sprintf("%-52s %s", Signature(shownName(t, m), m), firstLine(m.Doc))
				if !seen[line] {
					seen[line] = true
					out = append(out, line)
				}
			}
		}
	}
	sort.Strings(out)
	return out
}
