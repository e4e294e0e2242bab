package runtime

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/dop251/goja"
	"github.com/fatih/color"
)

// InspectOptions controls Inspect.
type InspectOptions struct {
	Colors   bool
	Depth    int // nesting levels shown; 0 means 2, as Node
	MaxItems int // array items and object keys shown; 0 means 100
}

type palette struct{ str, num, null, undef, key, special func(a ...any) string }

func plain(a ...any) string { return fmt.Sprint(a...) }

func newPalette(on bool) palette {
	if !on {
		return palette{plain, plain, plain, plain, plain, plain}
	}
	mk := func(attrs ...color.Attribute) func(a ...any) string {
		c := color.New(attrs...)
		c.EnableColor()
		return c.SprintFunc()
	}
	return palette{str: mk(color.FgGreen), num: mk(color.FgYellow), null: mk(color.Bold), undef: mk(color.FgHiBlack),
		key: mk(color.FgCyan), special: mk(color.FgMagenta)}
}

// Inspect formats v as Node's util.inspect does: strings quoted inside
// containers, nested objects depth-limited, long arrays cut with "… more items".
func (r *Runtime) Inspect(v goja.Value, opts InspectOptions) string {
	if opts.Depth == 0 {
		opts.Depth = 2
	}
	if opts.MaxItems == 0 {
		opts.MaxItems = 100
	}
	in := &inspector{vm: r.vm, opts: opts, p: newPalette(opts.Colors), seen: map[*goja.Object]bool{}}
	return in.value(v, 0, true)
}

type inspector struct {
	vm   *goja.Runtime
	opts InspectOptions
	p    palette
	seen map[*goja.Object]bool
}

var inspectSym = "tolokash.inspect"

func (in *inspector) value(v goja.Value, depth int, top bool) string {
	switch {
	case v == nil || goja.IsUndefined(v):
		return in.p.undef("undefined")
	case goja.IsNull(v):
		return in.p.null("null")
	}
	switch x := v.Export().(type) {
	case string:
		if top {
			return x
		}
		return in.p.str(quote(x))
	case bool:
		return in.p.num(strconv.FormatBool(x))
	case int64:
		return in.p.num(strconv.FormatInt(x, 10))
	case float64:
		if math.IsInf(x, 0) || math.IsNaN(x) {
			return in.p.num(v.String())
		}
		return in.p.num(strconv.FormatFloat(x, 'f', -1, 64))
	}
	obj, ok := v.(*goja.Object)
	if !ok {
		return v.String()
	}
	if custom := in.custom(obj); custom != "" {
		return custom
	}
	if fn, ok := goja.AssertFunction(obj); ok && fn != nil {
		name := obj.Get("name")
		if name == nil || name.String() == "" {
			return in.p.special("[Function (anonymous)]")
		}
		return in.p.special("[Function: " + name.String() + "]")
	}
	switch obj.ClassName() {
	case "Date":
		return in.p.special(obj.String())
	case "Error":
		if st := obj.Get("stack"); st != nil && !goja.IsUndefined(st) {
			return st.String()
		}
		return obj.String()
	case "RegExp":
		return in.p.special(obj.String())
	}
	if in.seen[obj] {
		return in.p.special("[Circular]")
	}
	in.seen[obj] = true
	defer delete(in.seen, obj)
	isArray := obj.ClassName() == "Array"
	if depth > in.opts.Depth {
		if isArray {
			return in.p.special("[Array]")
		}
		return in.p.special("[Object]")
	}
	var parts []string
	keys := obj.Keys()
	if isArray {
		n := int(obj.Get("length").ToInteger())
		for i := 0; i < n && i < in.opts.MaxItems; i++ {
			parts = append(parts, in.value(obj.Get(strconv.Itoa(i)), depth+1, false))
		}
		if n > in.opts.MaxItems {
			parts = append(parts, fmt.Sprintf("... %d more items", n-in.opts.MaxItems))
		}
	} else {
		for i, k := range keys {
			if i == in.opts.MaxItems {
				parts = append(parts, fmt.Sprintf("... %d more keys", len(keys)-i))
				break
			}
			parts = append(parts, in.p.key(keyName(k))+": "+in.value(obj.Get(k), depth+1, false))
		}
	}
	open, close := "{", "}"
	if isArray {
		open, close = "[", "]"
	}
	if len(parts) == 0 {
		return open + close
	}
	oneLine := open + " " + strings.Join(parts, ", ") + " " + close
	if visibleLen(oneLine) <= 72 && !strings.Contains(oneLine, "\n") {
		return oneLine
	}
	indent := strings.Repeat("  ", depth+1)
	return open + "\n" + indent + strings.Join(parts, ",\n"+indent) + "\n" + strings.Repeat("  ", depth) + close
}

// custom calls obj[Symbol.for('tolokash.inspect')]({colors}) when there is one.
func (in *inspector) custom(obj *goja.Object) string {
	symFor, ok := goja.AssertFunction(in.vm.Get("Symbol").ToObject(in.vm).Get("for"))
	if !ok {
		return ""
	}
	key, err := symFor(goja.Undefined(), in.vm.ToValue(inspectSym))
	if err != nil {
		return ""
	}
	fnv := obj.GetSymbol(key.(*goja.Symbol))
	fn, ok := goja.AssertFunction(fnv)
	if !ok {
		return ""
	}
	arg := in.vm.NewObject()
	arg.Set("colors", in.opts.Colors)
	out, err := fn(obj, arg)
	if err != nil {
		return ""
	}
	return out.String()
}

func keyName(k string) string {
	for i, r := range k {
		if !(r == '_' || r == '$' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || i > 0 && r >= '0' && r <= '9') {
			return quote(k)
		}
	}
	if k == "" {
		return "''"
	}
	return k
}

func quote(s string) string {
	if !strings.Contains(s, "'") {
		return "'" + strings.NewReplacer("\\", "\\\\", "\n", "\\n", "\t", "\\t").Replace(s) + "'"
	}
	return strconv.Quote(s)
}

func visibleLen(s string) int {
	n, esc := 0, false
	for _, r := range s {
		switch {
		case r == 0x1b:
			esc = true
		case esc && r == 'm':
			esc = false
		case !esc:
			n++
		}
	}
	return n
}
