package gen

import (
	"bytes"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/tolokash/tolokash/client"
)

// OptionFunc is the Go form of a row option: the constructors in package
// client that set it, and the type they return, which every typed method
// whose row has the option accepts.
type OptionFunc struct {
	Param string   // the row option: operation_id
	Funcs []string // its constructors: OperationID
	Type  string   // the type they return: CreateOption
}

// OptionFuncs are the constructors of the row options (client/calloption.go).
// A row option missing here stops the generator: adding an option to a row
// asks for its Go form. A Type that is a method's own option type
// (CreatePoolOption) must be that method's alone.
var OptionFuncs = []OptionFunc{
	{"operation_id", []string{"OperationID"}, "CreateOption"},
	{"async_mode", []string{"SyncMode"}, "CreateOption"},
	{"allow_defaults", []string{"AllowDefaults"}, "TaskCreateOption"},
	{"open_pool", []string{"OpenPoolAfter"}, "TaskCreateOption"},
	{"skip_invalid_items", []string{"SkipInvalidItems"}, "BatchCreateOption"},
	{"timeout", []string{"WaitFor", "OnProgress"}, "WaitOption"},
	{"batch_size", []string{"BatchSize"}, "IteratorOption"},
	{"tier", []string{"Tier"}, "CreatePoolOption"},
	{"reuse_controllers", []string{"ReuseControllers"}, "CloneProjectOption"},
	{"lang", []string{"Lang"}, "GetAppOption"},
	{"force_new_original", []string{"ForceNewOriginal"}, "CreateAppItemOption"},
	{"max_cost", []string{"MaxCost"}, "BudgetOption"},
	{"check_balance", []string{"CheckBalance"}, "BudgetOption"},
	{"fee_rate", []string{"FeeRate"}, "BudgetOption"},
}

// callOptionFuncs return CallOption: every method but the iterators takes them.
var callOptionFuncs = []string{"CaptureResponse"}

// unionDocs say in a few words which methods a shared option type is for.
var unionDocs = map[string]string{
	"CreateOption":      "every create of tasks, task suites and bonuses",
	"TaskCreateOption":  "the creates of tasks and task suites",
	"BatchCreateOption": "the creates of lists",
	"WaitOption":        "the methods that wait for an operation",
	"IteratorOption":    "the iterators",
	"BudgetOption":      "the opens of a pool (the budget guard, budget.go)",
}

// rowOptions are the options of a row a typed method takes as option
// values: find methods and the export take theirs in a filter struct,
// iterators their filters so too.
func rowOptions(e client.Endpoint) []client.Param {
	switch e.Kind {
	case client.KindFind, client.KindTSV:
		return nil
	case client.KindIterator:
		var out []client.Param
		for _, p := range e.Options {
			if p.In == client.InLocal {
				out = append(out, p)
			}
		}
		return out
	}
	return e.Options
}

// OptionType is the type of a typed method's options: its own
// (CreateTasksOption) when its row has options, else CallOption.
func OptionType(e client.Endpoint) string {
	if len(rowOptions(e)) == 0 {
		return "CallOption"
	}
	return MethodName(e) + "Option"
}

func marker(typ string) string { return lowerFirst(typ) + "()" }

// optionSets works out, from the table, which methods each option type is
// for: a method's own type, and the shared types the constructors return.
type optionSets struct {
	own     []client.Endpoint   // rows with an option type of their own, by method name
	members map[string][]string // a constructor's type → the own types it satisfies
	funcs   map[string][]string // an own type → the constructors that fit it
	order   []string            // the constructors' types, sorted
}

func makeOptionSets(table []client.Endpoint) (*optionSets, error) {
	s := &optionSets{members: map[string][]string{}, funcs: map[string][]string{}}
	byParam := map[string]OptionFunc{}
	for _, f := range OptionFuncs {
		byParam[f.Param] = f
	}
	for _, e := range table {
		opts := rowOptions(e)
		if len(opts) == 0 {
			continue
		}
		own := OptionType(e)
		s.own = append(s.own, e)
		for _, p := range opts {
			f, ok := byParam[p.Name]
			if !ok {
				return nil, fmt.Errorf("option %s of %s has no constructor: write one in client/calloption.go and name it in gen.OptionFuncs", p.Name, e.Name)
			}
			if !slices.Contains(s.members[f.Type], own) {
				s.members[f.Type] = append(s.members[f.Type], own)
			}
			for _, fn := range f.Funcs {
				if !slices.Contains(s.funcs[own], fn) {
					s.funcs[own] = append(s.funcs[own], fn)
				}
			}
		}
	}
	sort.Slice(s.own, func(i, j int) bool { return MethodName(s.own[i]) < MethodName(s.own[j]) })
	for typ, members := range s.members {
		sort.Slice(members, func(i, j int) bool {
			return strings.TrimSuffix(members[i], "Option") < strings.TrimSuffix(members[j], "Option")
		})
		if strings.HasSuffix(typ, "Option") && unionDocs[typ] == "" && (len(members) != 1 || members[0] != typ) {
			return nil, fmt.Errorf("%s is a method's own option type, but its options are taken by %s too", typ, strings.Join(members, ", "))
		}
		s.order = append(s.order, typ)
	}
	sort.Strings(s.order)
	return s, nil
}

// writeOptions writes the option types: one per method with options of its
// own, the shared ones the constructors return, CallOption, and the
// constructors' concrete types with the marks of the types they satisfy.
func writeOptions(b *bytes.Buffer, table []client.Endpoint) error {
	s, err := makeOptionSets(table)
	if err != nil {
		return err
	}
	var callable []string // own types a CallOption satisfies: all but the iterators'
	for _, e := range s.own {
		own := OptionType(e)
		if e.Kind != client.KindIterator {
			callable = append(callable, own)
		}
		if unionDocs[own] == "" && len(s.members[own]) == 1 {
			continue // the constructors' type is the method's own: written below
		}
		writeOwnType(b, e, s)
	}
	for _, typ := range s.order {
		members := s.members[typ]
		if len(members) == 1 && members[0] == typ {
			writeOwnType(b, ownRow(s, typ), s)
		} else {
			fmt.Fprintf(b, "// %s is an option of %s: %s.\ntype %s interface {\n", typ, unionDocs[typ], methodsOf(members), typ)
			for _, m := range members {
				fmt.Fprintf(b, "\t%s\n", m)
			}
			b.WriteString("}\n\n")
		}
		writeOptionFunc(b, typ, members, "")
	}
	b.WriteString("// CallOption is an option every method but the iterators takes\n// (CaptureResponse); a method with no option of its own takes only these.\n")
	b.WriteString("type CallOption interface {\n\toption\n\tcallOption()\n")
	for _, m := range callable {
		fmt.Fprintf(b, "\t%s\n", m)
	}
	b.WriteString("}\n\n")
	writeOptionFunc(b, "CallOption", callable, "callOption()")
	return nil
}

func ownRow(s *optionSets, typ string) client.Endpoint {
	for _, e := range s.own {
		if OptionType(e) == typ {
			return e
		}
	}
	panic("no row has option type " + typ)
}

// methodsOf names the methods of their own option types: CreateTask, CreateTasks, …
func methodsOf(types []string) string {
	names := make([]string, len(types))
	for i, t := range types {
		names[i] = strings.TrimSuffix(t, "Option")
	}
	return strings.Join(names, ", ")
}

func writeOwnType(b *bytes.Buffer, e client.Endpoint, s *optionSets) {
	own := OptionType(e)
	takes := strings.Join(s.funcs[own], ", ")
	if e.Kind != client.KindIterator {
		takes += ", or a CallOption (" + strings.Join(callOptionFuncs, ", ") + ")"
	}
	fmt.Fprintf(b, "// %s is an option of %s: %s.\ntype %s interface {\n\toption\n\t%s\n}\n\n", own, MethodName(e), takes, own, marker(own))
}

// writeOptionFunc writes the concrete type the constructors of typ return
// (waitOptionFunc for WaitOption): a function that changes the Call, marked
// as each option type it satisfies.
func writeOptionFunc(b *bytes.Buffer, typ string, members []string, extra string) {
	name := lowerFirst(typ) + "Func"
	fmt.Fprintf(b, "type %s func(*Call)\n\nfunc (f %s) apply(c *Call) { f(c) }\n", name, name)
	if extra != "" {
		fmt.Fprintf(b, "func (%s) %s {}\n", name, extra)
	}
	for _, m := range members {
		fmt.Fprintf(b, "func (%s) %s {}\n", name, marker(m))
	}
	b.WriteString("\n")
}
