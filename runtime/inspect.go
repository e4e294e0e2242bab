package runtime

import (
	"fmt"
	"math"
	"math/big"
	"sort"
	"strconv"
	"strings"

	"github.com/dop251/goja"
	"github.com/tolokash/tolokash/internal/jsvalue"
)

// Depths beside a number of levels.
const (
	DepthAll  = -1            // every level
	DepthNone = math.MinInt32 // the top level's entries only (util.inspect's depth 0)
)

// InspectOptions controls Inspect, as util.inspect's options do.
type InspectOptions struct {
	Colors          bool
	Depth           int // nesting levels shown: 0 means 2 (node's default); DepthAll, DepthNone
	MaxItems        int // entries of arrays, maps and sets shown: 0 means 100
	MaxStringLength int // characters of a string shown: 0 means 10,000
	BreakLength     int // width a line may take before entries go on lines of their own: 0 means 80
	Sorted          bool
}

// Printer is how a runtime shows values to people: results in the shell,
// console.log, print. The shell's config sets it.
type Printer struct {
	Colors bool
	Depth  int // as InspectOptions.Depth; 0 means 6 (mongosh's)
	Width  int // 0 means 80
}

func (p Printer) options() InspectOptions {
	o := InspectOptions{Colors: p.Colors, Depth: p.Depth, BreakLength: p.Width}
	if o.Depth == 0 {
		o.Depth = 6
	}
	return o
}

// SetPrinter changes how results and console output show values.
func (r *Runtime) SetPrinter(p Printer) { r.printer = p }

// Printer returns how results and console output show values.
func (r *Runtime) Printer() Printer { return r.printer }

// Inspect formats v as node's util.inspect does; a string at the top is
// shown as it is.
func (r *Runtime) Inspect(v goja.Value, opts InspectOptions) string {
	return r.inspect(v, opts, true)
}

// Show formats v as the shell shows a result: the printer's depth, width and colors.
func (r *Runtime) Show(v goja.Value) string {
	return r.inspect(v, r.printer.options(), true)
}

func (r *Runtime) inspect(v goja.Value, opts InspectOptions, top bool) string {
	vm := r.vm
	switch {
	case opts.Depth == 0:
		opts.Depth = 2
	case opts.Depth == DepthNone:
		opts.Depth = 0
	case opts.Depth < 0:
		opts.Depth = math.MaxInt32
	}
	if opts.MaxItems == 0 {
		opts.MaxItems = 100
	}
	if opts.MaxStringLength == 0 {
		opts.MaxStringLength = 10000
	}
	if opts.BreakLength == 0 {
		opts.BreakLength = 80
	}
	in := &inspector{vm: vm, rt: r, opts: opts, seen: map[*goja.Object]int{}, circular: map[*goja.Object]int{}}
	in.style = styler(opts.Colors)
	if _, isSym := v.(*goja.Symbol); !isSym && top {
		if s, ok := v.Export().(string); ok {
			return s
		}
	}
	out := in.value(v, 0, 0)
	if len(in.circular) > 0 {
		// A second pass knows which objects are referred back to.
		in.seen = map[*goja.Object]int{}
		in.refs = true
		out = in.value(v, 0, 0)
	}
	return out
}

type inspector struct {
	vm       *goja.Runtime
	rt       *Runtime
	opts     InspectOptions
	style    func(kind, s string) string
	seen     map[*goja.Object]int // objects being formatted, by nesting level
	circular map[*goja.Object]int // objects referred back to, numbered
	refs     bool                 // the second pass: mark <ref *n>
	intr     *intrinsics
	last     int // nesting level of the object formatted last (node's currentDepth)
}

// intrinsics are the built-in prototypes values are told apart by.
type intrinsics struct {
	object, mapP, setP, weakMap, weakSet, errorP, buffer *goja.Object
}

func (in *inspector) builtins() *intrinsics {
	if in.intr != nil {
		return in.intr
	}
	vm := in.vm
	proto := func(name string) *goja.Object {
		if c, ok := vm.Get(name).(*goja.Object); ok {
			if p, ok := c.Get("prototype").(*goja.Object); ok {
				return p
			}
		}
		return nil
	}
	in.intr = &intrinsics{object: proto("Object"), mapP: proto("Map"), setP: proto("Set"), weakMap: proto("WeakMap"),
		weakSet: proto("WeakSet"), errorP: proto("Error")}
	// Buffer is a lazy global: only once built can a value be one.
	if d := ownDescriptor(vm, vm.GlobalObject(), "Buffer"); d != nil {
		if bv := d.Get("value"); bv != nil && !goja.IsUndefined(bv) {
			in.intr.buffer = proto("Buffer")
		}
	}
	return in.intr
}

func inherits(obj, proto *goja.Object) bool {
	if proto == nil {
		return false
	}
	for p := obj.Prototype(); p != nil; p = p.Prototype() {
		if p == proto {
			return true
		}
		if p.Prototype() == p {
			break
		}
	}
	return false
}

// value formats v at nesting level depth; indent is the column it starts at.
func (in *inspector) value(v goja.Value, depth, indent int) string {
	switch {
	case v == nil || goja.IsUndefined(v):
		return in.style("undefined", "undefined")
	case goja.IsNull(v):
		return in.style("null", "null")
	}
	if sym, ok := v.(*goja.Symbol); ok {
		return in.style("symbol", symbolText(sym))
	}
	obj, isObj := v.(*goja.Object)
	if !isObj {
		return in.primitive(v)
	}
	obj = unproxy(obj)
	if s, ok := in.custom(obj, depth); ok {
		return s
	}
	if _, ok := in.seen[obj]; ok {
		if in.circular[obj] == 0 {
			in.circular[obj] = len(in.circular) + 1
		}
		return in.style("special", fmt.Sprintf("[Circular *%d]", in.circular[obj]))
	}
	in.seen[obj] = depth
	defer delete(in.seen, obj)
	out := in.object(obj, depth, indent)
	if in.refs && in.circular[obj] > 0 {
		out = in.style("special", fmt.Sprintf("<ref *%d>", in.circular[obj])) + " " + out
	}
	return out
}

func (in *inspector) primitive(v goja.Value) string {
	switch x := v.Export().(type) {
	case string:
		return in.style("string", in.quote(x))
	case bool:
		return in.style("number", strconv.FormatBool(x))
	case int64:
		return in.style("number", strconv.FormatInt(x, 10))
	case float64:
		if x == 0 && math.Signbit(x) {
			return in.style("number", "-0")
		}
		return in.style("number", v.String())
	case *big.Int:
		return in.style("bigint", x.String()+"n")
	}
	return v.String()
}

// quote shows a string as node does: single quotes unless it holds them.
func (in *inspector) quote(s string) string {
	more := ""
	if n := len([]rune(s)); n > in.opts.MaxStringLength {
		s = string([]rune(s)[:in.opts.MaxStringLength])
		more = fmt.Sprintf("... %d more character%s", n-in.opts.MaxStringLength, plural(n-in.opts.MaxStringLength))
	}
	q := byte('\'')
	if strings.IndexByte(s, '\'') >= 0 {
		switch {
		case strings.IndexByte(s, '"') < 0:
			q = '"'
		case strings.IndexByte(s, '`') < 0 && !strings.Contains(s, "${"):
			q = '`'
		}
	}
	var b strings.Builder
	b.WriteByte(q)
	for _, r := range s {
		switch {
		case r == rune(q) || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\b':
			b.WriteString(`\b`)
		case r == '\f':
			b.WriteString(`\f`)
		case r == '\v':
			b.WriteString(`\v`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\x%02X`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte(q)
	return b.String() + more
}

// symbolText is Symbol(description), as String(symbol) gives it.
func symbolText(s *goja.Symbol) string { return "Symbol(" + s.String() + ")" }

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// custom calls obj[Symbol.for('tolokash.inspect')] or node's
// [Symbol.for('nodejs.util.inspect.custom')] when the object has one.
func (in *inspector) custom(obj *goja.Object, depth int) (string, bool) {
	vm := in.vm
	for _, name := range []string{jsvalue.Inspect, "nodejs.util.inspect.custom"} {
		fn, ok := goja.AssertFunction(obj.GetSymbol(jsvalue.Symbol(vm, name)))
		if !ok {
			continue
		}
		arg := vm.NewObject()
		arg.Set("colors", in.opts.Colors)
		arg.Set("depth", in.opts.Depth-depth)
		arg.Set("width", in.opts.BreakLength)
		var out goja.Value
		var err error
		func() {
			defer func() {
				if recover() != nil {
					err = fmt.Errorf("inspect hook panicked")
				}
			}()
			out, err = fn(obj, vm.ToValue(in.opts.Depth-depth), arg)
		}()
		if err != nil || out == nil {
			return "", false
		}
		if s, ok := out.Export().(string); ok {
			return s, true
		}
		if o, ok := out.(*goja.Object); ok && o == obj {
			return "", false
		}
		return in.value(out, depth, 0), true
	}
	return "", false
}

// object formats an object by its kind.
func (in *inspector) object(obj *goja.Object, depth, indent int) string {
	vm := in.vm
	b := in.builtins()
	if _, ok := goja.AssertFunction(obj); ok {
		return in.function(obj, depth, indent)
	}
	switch obj.ClassName() {
	case "Array":
		return in.array(obj, depth, indent)
	case "Date":
		return in.style("date", dateText(vm, obj)) + in.extraKeys(obj, depth, indent, "", nil)
	case "RegExp":
		return in.style("regexp", obj.String())
	case "String", "Number", "Boolean":
		valueOf, _ := goja.AssertFunction(obj.Get("valueOf"))
		prim := vm.ToValue(obj.Export())
		if valueOf != nil {
			if pv, err := valueOf(obj); err == nil {
				prim = pv
			}
		}
		inner := in.primitive(prim)
		return in.style("special", "["+obj.ClassName()+": ") + inner + in.style("special", "]")
	}
	if isError(vm, obj) {
		return in.errorValue(obj, depth, indent)
	}
	if obj.ExportType() == promiseType {
		p := obj.Export().(*goja.Promise)
		var inner string
		switch p.State() {
		case goja.PromiseStatePending:
			inner = in.style("special", "<pending>")
		case goja.PromiseStateRejected:
			inner = in.style("special", "<rejected>") + " " + in.value(p.Result(), depth+1, indent+2)
		default:
			inner = in.value(p.Result(), depth+1, indent+2)
		}
		return "Promise { " + inner + " }"
	}
	if obj.ExportType() == arrayBufferType {
		ab := obj.Export().(goja.ArrayBuffer)
		data := ab.Bytes()
		return fmt.Sprintf("ArrayBuffer { [Uint8Contents]: <%s>, byteLength: %d }", hexBytes(data, in.opts.MaxItems), len(data))
	}
	switch {
	case inherits(obj, b.mapP) || obj == b.mapP:
		return in.mapOrSet(obj, depth, indent, true)
	case inherits(obj, b.setP):
		return in.mapOrSet(obj, depth, indent, false)
	case inherits(obj, b.weakMap):
		return in.style("special", "WeakMap { <items unknown> }")
	case inherits(obj, b.weakSet):
		return in.style("special", "WeakSet { <items unknown> }")
	}
	if data, ok := typedArray(obj); ok {
		if b.buffer != nil && inherits(obj, b.buffer) {
			bs, _ := obj.Export().([]byte)
			return "<Buffer" + strings.TrimSuffix(" "+hexBytes(bs, 50), " ") + ">"
		}
		return in.typedArray(obj, data, depth, indent)
	}
	prefix := ""
	if name, null := in.className(obj); null {
		prefix = "[Object: null prototype] "
	} else if name != "Object" && name != "" {
		prefix = name + " "
	}
	if len(obj.Keys()) == 0 && len(obj.Symbols()) == 0 {
		return prefix + "{}" // even past the depth, as node
	}
	if depth > in.opts.Depth {
		name, _ := in.className(obj)
		if name == "" {
			name = "Object"
		}
		return in.style("special", "["+name+"]")
	}
	in.last = depth // node's currentDepth: set by objects that have entries
	entries := in.props(obj, depth, indent)
	if len(entries) == 0 {
		return prefix + "{}"
	}
	return prefix + in.reduce(entries, "{", "}", depth, indent+len(prefix))
}

// className is the name of the constructor on obj's prototype chain, read
// without running getters; null says obj has no prototype.
func (in *inspector) className(obj *goja.Object) (string, bool) {
	proto := obj.Prototype()
	if proto == nil {
		return "", true
	}
	for p := proto; p != nil; p = p.Prototype() {
		if d := ownDescriptor(in.vm, p, "constructor"); d != nil {
			if c, ok := d.Get("value").(*goja.Object); ok {
				if n := c.Get("name"); n != nil && !goja.IsUndefined(n) && n.String() != "" {
					return n.String(), false
				}
			}
		}
		if p.Prototype() == p {
			break
		}
	}
	return "", false
}

// props formats obj's own enumerable properties, symbols included; accessors
// are shown as [Getter] and [Setter], not called.
func (in *inspector) props(obj *goja.Object, depth, indent int) []string {
	keys := obj.Keys()
	if in.opts.Sorted {
		sort.Strings(keys)
	}
	var out []string
	for _, k := range keys {
		out = append(out, in.prop(obj, k, keyName(k, in), depth, indent))
	}
	for _, s := range obj.Symbols() {
		if d := s.String(); d == jsvalue.Inspect || d == jsvalue.Iterator || d == jsvalue.Type {
			continue
		}
		if d := symbolDescriptor(in.vm, obj, s); d != nil && d.Get("enumerable").ToBoolean() {
			out = append(out, "["+in.style("symbol", symbolText(s))+"]: "+in.value(obj.GetSymbol(s), depth+1, indent+2))
		}
	}
	return out
}

func (in *inspector) prop(obj *goja.Object, key, shown string, depth, indent int) string {
	if d := ownDescriptor(in.vm, obj, key); d != nil {
		get, set := d.Get("get"), d.Get("set")
		hasGet := get != nil && !goja.IsUndefined(get)
		hasSet := set != nil && !goja.IsUndefined(set)
		switch {
		case hasGet && hasSet:
			return shown + ": " + in.style("special", "[Getter/Setter]")
		case hasGet:
			return shown + ": " + in.style("special", "[Getter]")
		case hasSet:
			return shown + ": " + in.style("special", "[Setter]")
		}
	}
	return shown + ": " + in.value(obj.Get(key), depth+1, indent+2)
}

func symbolDescriptor(vm *goja.Runtime, o *goja.Object, s *goja.Symbol) *goja.Object {
	gopd, _ := goja.AssertFunction(vm.Get("Object").ToObject(vm).Get("getOwnPropertyDescriptor"))
	d, err := gopd(goja.Undefined(), o, s)
	if err != nil || d == nil || goja.IsUndefined(d) {
		return nil
	}
	return d.ToObject(vm)
}

func keyName(k string, in *inspector) string {
	ident := k != ""
	for i, r := range k {
		if !(r == '_' || r == '$' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || i > 0 && r >= '0' && r <= '9') {
			ident = false
			break
		}
	}
	if ident {
		return k
	}
	return in.style("string", in.quote(k))
}
