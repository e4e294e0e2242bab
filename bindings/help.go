package bindings

import (
	"fmt"
	"sort"
	"strings"

	"github.com/dop251/goja"

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

func helpText(ep client.Endpoint) string {
	var b strings.Builder
	result := ep.Result
	switch ep.Kind {
	case client.KindIterator:
		result = "LazyIterator<" + strings.TrimSuffix(ep.Result, "[]") + ">"
	case client.KindNoContent:
		result = "undefined"
	}
	fmt.Fprintf(&b, "toloka.%s(%s) → %s\n", JSName(ep.Name), signature(ep), result)
	fmt.Fprintf(&b, "  %s\n", ep.Doc)
	fmt.Fprintf(&b, "  %s %s   (toloka-kit: %s)\n", ep.Method, ep.Path, ep.Name)
	if len(ep.Options) > 0 {
		var names []string
		for _, o := range ep.Options {
			names = append(names, o.Name)
		}
		fmt.Fprintf(&b, "  options: %s\n", strings.Join(names, ", "))
	}
	return b.String()
}

// help prints help about a value: a toloka method, the toloka object, or the topics.
func (b *binder) help(call goja.FunctionCall) goja.Value {
	vm := b.vm
	out := vm.Get("console").ToObject(vm)
	log, _ := goja.AssertFunction(out.Get("log"))
	say := func(s string) { _, _ = log(out, vm.ToValue(strings.TrimRight(s, "\n"))) }
	arg := call.Argument(0)
	if obj, ok := arg.(*goja.Object); ok {
		if h, ok := goja.AssertFunction(obj.Get("help")); ok {
			v, err := h(obj)
			if err == nil {
				say(v.String())
				return goja.Undefined()
			}
		}
		if obj.Get("getPool") != nil {
			var lines []string
			for _, ep := range client.Endpoints() {
				lines = append(lines, fmt.Sprintf("  %-48s %s", JSName(ep.Name)+"("+signature(ep)+")", ep.Doc))
			}
			sort.Strings(lines)
			say("toloka: the Toloka API (" + fmt.Sprint(len(lines)) + " methods; each also answers to its toloka-kit snake_case name)\n" +
				strings.Join(lines, "\n") + "\nhelp(toloka.getPool) or toloka.getPool.help() tells more about one.")
			return goja.Undefined()
		}
		say("No help for this value.")
		return goja.Undefined()
	}
	say(`Topics:
  help(toloka)            every API method, one line each
  help(toloka.getPool)    one method: arguments, route, options
  Lists (toloka.getTasks({pool_id})) are lazy iterators: for…of, take(n), map, filter, toArray(), first(), count().
  *Async methods return an Operation: op.wait({timeout: '5m'}), op.refresh(), op.log().
  Errors are TolokaError (DoesNotExistError, ValidationError, …) with code, status, payload, requestId.`)
	return goja.Undefined()
}
