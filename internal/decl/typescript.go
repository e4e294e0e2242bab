package decl

import (
	"fmt"
	"io"
	"strings"
)

// WriteTypeScript writes the sections as one declaration file. header goes
// first (a comment, /// <reference lib> lines).
func WriteTypeScript(w io.Writer, header string, sections ...Section) error {
	var b strings.Builder
	b.WriteString(header)
	for _, s := range sections {
		if s.Name != "" {
			fmt.Fprintf(&b, "\n// ---- %s ----\n\n", s.Name)
		}
		if s.Raw != "" {
			b.WriteString(strings.TrimLeft(s.Raw, "\n"))
			if !strings.HasSuffix(s.Raw, "\n") {
				b.WriteByte('\n')
			}
			b.WriteByte('\n')
		}
		for _, t := range s.Types {
			writeType(&b, t)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func writeDoc(b *strings.Builder, indent, doc string) {
	if doc == "" {
		return
	}
	doc = strings.ReplaceAll(doc, "*/", "* /")
	lines := strings.Split(strings.TrimSpace(doc), "\n")
	if len(lines) == 1 {
		fmt.Fprintf(b, "%s/** %s */\n", indent, lines[0])
		return
	}
	fmt.Fprintf(b, "%s/**\n", indent)
	for _, l := range lines {
		fmt.Fprintf(b, "%s * %s\n", indent, l)
	}
	fmt.Fprintf(b, "%s */\n", indent)
}

func writeType(b *strings.Builder, t Type) {
	writeDoc(b, "", t.Doc)
	extends := ""
	if t.Extends != "" {
		extends = " extends " + t.Extends
	}
	switch t.Kind {
	case Interface, Namespace:
		fmt.Fprintf(b, "interface %s%s%s {\n", t.Name, t.Generic, extends)
		for _, m := range t.Members {
			writeMember(b, m, "  ", "")
		}
		if t.Index != "" {
			fmt.Fprintf(b, "  %s;\n", t.Index)
		}
		b.WriteString("}\n")
		if t.Global != "" {
			// var, not const: DOM declares console the same way, and the two merge.
			fmt.Fprintf(b, "declare var %s: %s;\n", t.Global, t.Name)
		}
	case Class:
		if t.Implements != "" {
			extends += " implements " + t.Implements
		}
		fmt.Fprintf(b, "declare class %s%s%s {\n", t.Name, t.Generic, extends)
		for _, m := range t.Members {
			prefix := ""
			if m.Static {
				prefix = "static "
			}
			writeMember(b, m, "  ", prefix)
		}
		if t.Index != "" {
			fmt.Fprintf(b, "  %s;\n", t.Index)
		}
		b.WriteString("}\n")
	case Module:
		fmt.Fprintf(b, "declare module '%s' {\n", t.Name)
		for _, m := range t.Members {
			if m.Property {
				writeDoc(b, "  ", m.Doc)
				fmt.Fprintf(b, "  export const %s: %s;\n", m.Name, m.Returns)
				continue
			}
			writeMember(b, m, "  ", "export function ")
		}
		b.WriteString("}\n")
	case Functions:
		for _, m := range t.Members {
			if m.Property {
				writeDoc(b, "", m.Doc)
				kw := "const"
				if !m.Readonly {
					kw = "var"
				}
				fmt.Fprintf(b, "declare %s %s: %s;\n", kw, m.Name, m.Returns)
				continue
			}
			writeMember(b, m, "", "declare function ")
		}
	}
	b.WriteByte('\n')
}

func writeMember(b *strings.Builder, m Member, indent, prefix string) {
	writeDoc(b, indent, m.Doc)
	if m.TS != "" {
		// Written as it is: the lines carry their own export, static or declare.
		for _, line := range strings.Split(strings.TrimSpace(m.TS), "\n") {
			fmt.Fprintf(b, "%s%s\n", indent, strings.TrimSpace(line))
		}
		return
	}
	if m.Property {
		ro, opt := "", ""
		if m.Readonly {
			ro = "readonly "
		}
		if m.Optional {
			opt = "?"
		}
		fmt.Fprintf(b, "%s%s%s%s%s: %s;\n", indent, prefix, ro, PropertyName(m.Name), opt, m.Returns)
		return
	}
	if m.Name == "constructor" {
		fmt.Fprintf(b, "%sconstructor(%s);\n", indent, Params(m.Params))
		return
	}
	fmt.Fprintf(b, "%s%s%s(%s): %s;\n", indent, prefix, m.Name, Params(m.Params), m.Returns)
}

// Params writes parameters as TypeScript does.
func Params(ps []Param) string {
	parts := make([]string, len(ps))
	for i, p := range ps {
		switch {
		case p.Rest:
			parts[i] = "..." + p.Name + ": " + p.Type
		case p.Optional:
			parts[i] = p.Name + "?: " + p.Type
		default:
			parts[i] = p.Name + ": " + p.Type
		}
	}
	return strings.Join(parts, ", ")
}

// PropertyName quotes a name that is not an identifier ("OUTPUT:label").
func PropertyName(n string) string {
	for i := 0; i < len(n); i++ {
		if !identChar(n[i]) || i == 0 && n[i] >= '0' && n[i] <= '9' {
			return "'" + strings.ReplaceAll(n, "'", `\'`) + "'"
		}
	}
	return n
}
