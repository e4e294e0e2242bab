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
	inModule := map[string][]Type{} // a module's classes and interfaces
	for _, s := range sections {
		for _, t := range s.Types {
			if t.Module != "" {
				inModule[t.Module] = append(inModule[t.Module], t)
			}
		}
	}
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
			if t.Module == "" {
				writeType(&b, t, inModule[t.Name])
			}
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

// writeType writes t; nested are the classes and interfaces a module exports.
func writeType(b *strings.Builder, t Type, nested []Type) {
	writeDoc(b, "", t.Doc)
	switch t.Kind {
	case Interface, Namespace:
		writeShape(b, t, "", "interface ")
		if t.Global != "" {
			// var, not const: DOM declares console the same way, and the two merge.
			fmt.Fprintf(b, "declare var %s: %s;\n", t.Global, t.Name)
		}
	case Class:
		writeShape(b, t, "", "declare class ")
	case Module:
		fmt.Fprintf(b, "declare module '%s' {\n", t.Name)
		for _, n := range nested {
			writeDoc(b, "  ", n.Doc)
			if n.Kind == Class {
				writeShape(b, n, "  ", "export class ")
			} else {
				writeShape(b, n, "  ", "export interface ")
			}
		}
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

// writeShape writes a class's or interface's body after keyword.
func writeShape(b *strings.Builder, t Type, indent, keyword string) {
	extends := ""
	if t.Extends != "" {
		extends = " extends " + t.Extends
	}
	if t.Implements != "" && t.Kind == Class {
		extends += " implements " + t.Implements
	}
	fmt.Fprintf(b, "%s%s%s%s%s {\n", indent, keyword, t.Name, t.Generic, extends)
	for _, m := range t.Members {
		prefix := ""
		if m.Static && t.Kind == Class {
			prefix = "static "
		}
		writeMember(b, m, indent+"  ", prefix)
	}
	if t.Index != "" {
		fmt.Fprintf(b, "%s  %s;\n", indent, t.Index)
	}
	fmt.Fprintf(b, "%s}\n", indent)
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
