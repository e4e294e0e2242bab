package gen

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"sort"
	"strings"

	"github.com/tolokash/tolokash/client"
	"github.com/tolokash/tolokash/internal/schema"
)

// enumNames name the enums whose derived name would read badly.
var enumNames = map[string]string{
	"GetAssignmentsTsvParameters.Status": "AssignmentsTSVStatus",
	"GetAssignmentsTsvParameters.Field":  "AssignmentsTSVField",
}

// ClientEnumName is the Go type of an enum in package client: its owner's
// name, then its own (Pool.Status → PoolStatus), or its own alone when that
// begins with the owner's (Project.ProjectStatus → ProjectStatus).
func ClientEnumName(e *schema.Enum) string {
	if n := enumNames[e.Name]; n != "" {
		return n
	}
	parts := strings.Split(e.Name, ".")
	short := parts[len(parts)-1]
	if len(parts) == 1 {
		return short
	}
	owner := parts[len(parts)-2]
	if strings.HasPrefix(short, owner) {
		return short
	}
	return owner + short
}

// enumConst is the Go name of an enum member: statuses take their owner's
// name (PoolOpen, AssignmentSubmitted: the names client had before they
// were typed), the rest their type's (UserRestrictionScopePool).
func enumConst(typ, member string) string {
	if prefix, ok := strings.CutSuffix(typ, "Status"); ok && prefix != "" {
		return goConst(prefix, member)
	}
	return goConst(typ, member)
}

// clientEnums finds the enums package client needs: the ones its model
// sources name as field types without declaring them, and the ones the
// endpoint table's options name (for the filter structs). An enum a model
// package declares (actions.UserRestrictionScope) is aliased, so a value
// is of one type wherever it is used.
func clientEnums(sources [][]byte, table []client.Endpoint) (map[string]*schema.Enum, error) {
	s := schema.Load()
	byName := map[string]*schema.Enum{}
	for _, e := range s.Enums {
		n := ClientEnumName(e)
		if other := byName[n]; other != nil && !sameValues(other, e) {
			byName[n] = nil // two enums, one name: neither is used by it
			continue
		}
		if _, clash := byName[n]; !clash {
			byName[n] = e
		}
	}
	declared, used := map[string]bool{}, map[string]bool{}
	for i, src := range sources {
		f, err := parser.ParseFile(token.NewFileSet(), fmt.Sprint("model source ", i), src, 0)
		if err != nil {
			return nil, err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch x := n.(type) {
			case *ast.TypeSpec:
				declared[x.Name.Name] = true
			case *ast.Field:
				ast.Inspect(x.Type, func(n ast.Node) bool {
					if id, ok := n.(*ast.Ident); ok {
						used[id.Name] = true
					}
					return true
				})
			}
			return true
		})
	}
	need := map[string]*schema.Enum{}
	for n := range used {
		if e := byName[n]; e != nil && !declared[n] {
			need[n] = e
		}
	}
	for _, ep := range table {
		for _, p := range ep.Options {
			if p.Enum == "" {
				continue
			}
			e := s.Enum(p.Enum, "")
			if e == nil {
				return nil, fmt.Errorf("%s: option %s names enum %s, which internal/schema lacks", ep.Name, p.Name, p.Enum)
			}
			need[ClientEnumName(e)] = e
		}
	}
	return need, nil
}

func sameValues(a, b *schema.Enum) bool {
	return strings.Join(a.Values(), ",") == strings.Join(b.Values(), ",")
}

// writeClientEnums writes the enum types of package client and their
// constants, from the description.
func writeClientEnums(b *bytes.Buffer, enums map[string]*schema.Enum) {
	homes := enumHomes(schema.Load())
	names := make([]string, 0, len(enums))
	for n := range enums {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		e := enums[n]
		if home := homes[e]; home != "" {
			fmt.Fprintf(b, "// %s is one of the values of toloka-kit's %s (%s.%s).\ntype %s = %s.%s\n\n", n, e.Name, home, goEnumName(e), n, home, goEnumName(e))
			fmt.Fprintf(b, "// The values of %s.\nconst (\n", n)
			for _, m := range e.Members {
				fmt.Fprintf(b, "\t%s = %s.%s\n", enumConst(n, m.Name), home, goConst(goEnumName(e), m.Name))
			}
			b.WriteString(")\n\n")
			continue
		}
		fmt.Fprintf(b, "// %s is one of the values of toloka-kit's %s.\n// A value this version does not list is kept as it came.\ntype %s string\n\n", n, e.Name, n)
		fmt.Fprintf(b, "// The values of %s.\nconst (\n", n)
		for _, m := range e.Members {
			fmt.Fprintf(b, "\t%s %s = %q\n", enumConst(n, m.Name), n, m.Value)
		}
		b.WriteString(")\n\n")
	}
}
