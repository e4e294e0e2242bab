package bindings

import (
	"fmt"
	"strings"

	"github.com/tolokash/tolokash/client"
)

// signature lists a method's arguments as JS takes them.
func signature(ep client.Endpoint) string {
	var parts []string
	for _, p := range ep.Args {
		n := p.Name
		if !p.Required {
			n += "?"
		}
		parts = append(parts, n)
	}
	if len(ep.Options) > 0 {
		parts = append(parts, "{options}?")
	}
	return strings.Join(parts, ", ")
}

// helpText is what toloka.getPool.help() and help(toloka.getPool) show: the
// signature, what the method does, its route, its arguments and each option
// with what it defaults to and allows.
func helpText(ep client.Endpoint) string {
	var b strings.Builder
	result := ep.Result
	switch ep.Kind {
	case client.KindIterator:
		result = "LazyIterator<" + strings.TrimSuffix(ep.Result, "[]") + ">"
	case client.KindNoContent:
		result = "undefined"
	case client.KindAsync:
		result = "Operation (null when there is nothing to do)"
	}
	fmt.Fprintf(&b, "toloka.%s(%s) → %s\n", JSName(ep.Name), signature(ep), result)
	fmt.Fprintf(&b, "  %s\n", ep.Doc)
	fmt.Fprintf(&b, "  %s %s   (toloka-kit: %s)\n", ep.Verb, ep.Path, ep.Name)
	for _, line := range ep.Behaviour() {
		fmt.Fprintf(&b, "  %s\n", line)
	}
	for _, p := range ep.Args {
		if p.Doc != "" {
			fmt.Fprintf(&b, "  %s: %s\n", p.Name, p.Doc)
		}
	}
	if len(ep.Options) > 0 {
		b.WriteString("  options:\n")
		width := 0
		for _, o := range ep.Options {
			width = max(width, len(o.Name))
		}
		for _, o := range ep.Options {
			line := fmt.Sprintf("    %-*s  %s", width, o.Name, tsType(o.Type))
			if o.Doc != "" {
				line += " — " + o.Doc
			}
			b.WriteString(line + "\n")
		}
	}
	return b.String()
}
