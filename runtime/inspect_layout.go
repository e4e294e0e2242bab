package runtime

import (
	"fmt"
	"math"
	"math/big"
	"reflect"
	"strconv"
	"strings"

	"github.com/dop251/goja"
	"github.com/fatih/color"
)

// styler colors by kind as node's util.inspect does, or not at all.
func styler(on bool) func(kind, s string) string {
	if !on {
		return func(_, s string) string { return s }
	}
	colors := map[string]*color.Color{
		"number": color.New(color.FgYellow), "bigint": color.New(color.FgYellow), "string": color.New(color.FgGreen),
		"symbol": color.New(color.FgGreen), "undefined": color.New(color.FgHiBlack), "null": color.New(color.Bold),
		"date": color.New(color.FgMagenta), "regexp": color.New(color.FgRed), "special": color.New(color.FgCyan),
	}
	for _, c := range colors {
		c.EnableColor()
	}
	return func(kind, s string) string {
		if c, ok := colors[kind]; ok {
			return c.Sprint(s)
		}
		return s
	}
}

func (in *inspector) array(obj *goja.Object, depth, indent int) string {
	n := int(obj.Get("length").ToInteger())
	if depth > in.opts.Depth {
		return in.style("special", "[Array]")
	}
	if n > 0 {
		in.last = depth
	}
	var entries []string
	holes := 0
	flush := func() {
		if holes > 0 {
			entries = append(entries, in.style("undefined", fmt.Sprintf("<%d empty item%s>", holes, plural(holes))))
			holes = 0
		}
	}
	shown := 0
	numeric := true
	for i := 0; i < n && shown < in.opts.MaxItems; i++ {
		key := strconv.Itoa(i)
		if ownDescriptor(in.vm, obj, key) == nil {
			holes++
			numeric = false
			continue
		}
		flush()
		item := obj.Get(key)
		switch item.Export().(type) {
		case int64, float64, *big.Int:
		default:
			numeric = false
		}
		entries = append(entries, in.value(item, depth+1, indent+2))
		shown++
	}
	flush()
	if n > shown && shown == in.opts.MaxItems {
		entries = append(entries, fmt.Sprintf("... %d more item%s", n-shown, plural(n-shown)))
	}
	prefix := ""
	if name, _ := in.className(obj); name != "Array" && name != "" {
		prefix = fmt.Sprintf("%s(%d) ", name, n)
	}
	if len(entries) == 0 {
		return prefix + "[]"
	}
	if len(entries) > 6 {
		if g, ok := in.group(entries, n, indent, numeric); ok {
			return prefix + in.reduce(g, "[", "]", depth, indent+len(prefix), true)
		}
	}
	return prefix + in.reduce(entries, "[", "]", depth, indent+len(prefix))
}

func (in *inspector) mapOrSet(obj *goja.Object, depth, indent int, isMap bool) string {
	vm := in.vm
	size := int(obj.Get("size").ToInteger())
	kind := "Set"
	if isMap {
		kind = "Map"
	}
	if name, _ := in.className(obj); name != "" {
		kind = name
	}
	head := fmt.Sprintf("%s(%d) ", kind, size)
	if depth > in.opts.Depth {
		return in.style("special", "["+kind+"]")
	}
	if size > 0 {
		in.last = depth
	}
	var entries []string
	forEach, ok := goja.AssertFunction(obj.Get("forEach"))
	if ok {
		forEach(obj, vm.ToValue(func(call goja.FunctionCall) goja.Value {
			if len(entries) >= in.opts.MaxItems {
				return goja.Undefined()
			}
			if isMap {
				entries = append(entries, in.value(call.Argument(1), depth+1, indent+2)+" => "+in.value(call.Argument(0), depth+1, indent+2))
			} else {
				entries = append(entries, in.value(call.Argument(0), depth+1, indent+2))
			}
			return goja.Undefined()
		}))
	}
	if size > len(entries) && len(entries) == in.opts.MaxItems {
		entries = append(entries, fmt.Sprintf("... %d more item%s", size-len(entries), plural(size-len(entries))))
	}
	entries = append(entries, in.props(obj, depth, indent)...)
	if len(entries) == 0 {
		return head + "{}"
	}
	return head + in.reduce(entries, "{", "}", depth, indent+len(head))
}

// typedArray reports whether obj is a typed array, with its elements.
func typedArray(obj *goja.Object) (reflect.Value, bool) {
	if obj.ClassName() == "Array" {
		return reflect.Value{}, false
	}
	t := obj.ExportType()
	if t == nil || t.Kind() != reflect.Slice {
		return reflect.Value{}, false
	}
	switch t.Elem().Kind() {
	case reflect.Uint8, reflect.Int8, reflect.Uint16, reflect.Int16, reflect.Uint32, reflect.Int32, reflect.Float32, reflect.Float64,
		reflect.Int64, reflect.Uint64:
		return reflect.ValueOf(obj.Export()), true
	}
	return reflect.Value{}, false
}

func (in *inspector) typedArray(obj *goja.Object, data reflect.Value, depth, indent int) string {
	name, _ := in.className(obj)
	n := data.Len()
	head := fmt.Sprintf("%s(%d) ", name, n)
	var entries []string
	for i := 0; i < n && i < in.opts.MaxItems; i++ {
		x := data.Index(i)
		var s string
		switch x.Kind() {
		case reflect.Float32, reflect.Float64:
			s = in.primitive(in.vm.ToValue(x.Float()))
		case reflect.Int64:
			s = in.style("bigint", strconv.FormatInt(x.Int(), 10)+"n")
		case reflect.Uint64:
			s = in.style("bigint", strconv.FormatUint(x.Uint(), 10)+"n")
		case reflect.Uint8, reflect.Uint16, reflect.Uint32:
			s = in.style("number", strconv.FormatUint(x.Uint(), 10))
		default:
			s = in.style("number", strconv.FormatInt(x.Int(), 10))
		}
		entries = append(entries, s)
	}
	if n > in.opts.MaxItems {
		entries = append(entries, fmt.Sprintf("... %d more item%s", n-in.opts.MaxItems, plural(n-in.opts.MaxItems)))
	}
	if len(entries) == 0 {
		return head + "[]"
	}
	if len(entries) > 6 {
		if g, ok := in.group(entries, n, indent, true); ok {
			return head + in.reduce(g, "[", "]", depth, indent+len(head), true)
		}
	}
	return head + in.reduce(entries, "[", "]", depth, indent+len(head))
}

func hexBytes(b []byte, max int) string {
	var parts []string
	for i, c := range b {
		if i == max {
			parts = append(parts, fmt.Sprintf("... %d more byte%s", len(b)-max, plural(len(b)-max)))
			break
		}
		parts = append(parts, fmt.Sprintf("%02x", c))
	}
	return strings.Join(parts, " ")
}

// dateText is the date as toISOString gives it, or Invalid Date.
func dateText(vm *goja.Runtime, obj *goja.Object) string {
	iso, ok := goja.AssertFunction(obj.Get("toISOString"))
	if ok {
		if s, err := iso(obj); err == nil {
			return s.String()
		}
	}
	return "Invalid Date"
}

// reduce joins entries on one line when they fit and the value holds at
// most three levels, and one per line otherwise, as node's
// reduceToSingleString does; grouped entries (columns of an array) always
// take their own lines.
func (in *inspector) reduce(entries []string, open, close string, depth, indent int, grouped ...bool) string {
	if len(grouped) == 0 && in.last-depth < 3 {
		total := len(entries) + indent + len(open) + 10 + len(entries)
		for _, e := range entries {
			total += visibleLen(e)
		}
		if total <= in.opts.BreakLength {
			joined := strings.Join(entries, ", ")
			if !strings.Contains(joined, "\n") {
				return open + " " + joined + " " + close
			}
		}
	}
	pad := "\n" + strings.Repeat(" ", indent+2)
	return open + pad + strings.Join(entries, ","+pad) + "\n" + strings.Repeat(" ", indent) + close
}

// group lays out many short entries of an array in aligned columns, as
// node's groupArrayElements does: [ 1, 2, …, 30 ] takes a few lines, not 30.
// numeric entries are aligned right.
func (in *inspector) group(entries []string, total, indent int, numeric bool) ([]string, bool) {
	outputLength := len(entries)
	if total > in.opts.MaxItems {
		outputLength-- // the "... more items" entry stays on its own line
	}
	const separatorSpace = 2
	dataLen := make([]int, outputLength)
	totalLength, maxLength := 0, 0
	for i := 0; i < outputLength; i++ {
		l := visibleLen(entries[i])
		dataLen[i] = l
		totalLength += l + separatorSpace
		maxLength = max(maxLength, l)
	}
	actualMax := maxLength + separatorSpace
	if !(actualMax*3+indent < in.opts.BreakLength && (float64(totalLength)/float64(actualMax) > 5 || maxLength <= 6)) {
		return entries, false
	}
	const approxCharHeights = 2.5
	averageBias := math.Sqrt(float64(actualMax) - float64(totalLength)/float64(len(entries)))
	biasedMax := math.Max(float64(actualMax)-3-averageBias, 1)
	columns := int(math.Min(math.Min(math.Round(math.Sqrt(approxCharHeights*biasedMax*float64(outputLength))/biasedMax),
		math.Floor(float64(in.opts.BreakLength-indent)/float64(actualMax))), 3*4))
	columns = min(columns, 15)
	if columns <= 1 {
		return entries, false
	}
	maxLineLength := make([]int, columns)
	for i := range columns {
		lineLength := 0
		for j := i; j < outputLength; j += columns {
			lineLength = max(lineLength, dataLen[j])
		}
		maxLineLength[i] = lineLength + separatorSpace
	}
	pad := func(s string, width int) string {
		gap := strings.Repeat(" ", max(0, width-visibleLen(s)))
		if numeric {
			return gap + s
		}
		return s + gap
	}
	var out []string
	for i := 0; i < outputLength; i += columns {
		last := min(i+columns, outputLength)
		var line strings.Builder
		j := i
		for ; j < last-1; j++ {
			line.WriteString(pad(entries[j]+", ", maxLineLength[j-i]))
		}
		if numeric {
			line.WriteString(pad(entries[j], maxLineLength[j-i]-separatorSpace))
		} else {
			line.WriteString(entries[j])
		}
		out = append(out, line.String())
	}
	if outputLength < len(entries) {
		out = append(out, entries[outputLength])
	}
	return out, true
}

func stripANSI(s string) string {
	var b strings.Builder
	esc := false
	for _, r := range s {
		switch {
		case r == 0x1b:
			esc = true
		case esc && r == 'm':
			esc = false
		case !esc:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func visibleLen(s string) int { return len([]rune(stripANSI(s))) }

// extraKeys appends own enumerable properties of a value shown another way
// (a function, a date, an error) as node does: "[Function: f] { a: 1 }".
func (in *inspector) extraKeys(obj *goja.Object, depth, indent int, head string, skip map[string]bool) string {
	var entries []string
	for _, k := range obj.Keys() {
		if skip[k] {
			continue
		}
		entries = append(entries, in.prop(obj, k, keyName(k, in), depth, indent))
	}
	if len(entries) == 0 {
		return ""
	}
	if depth > in.opts.Depth {
		return " " + in.style("special", "{…}")
	}
	return " " + in.reduce(entries, "{", "}", depth, indent+len(head))
}

func (in *inspector) function(obj *goja.Object, depth, indent int) string {
	name := ""
	if n := obj.Get("name"); n != nil && !goja.IsUndefined(n) {
		name = cleanFuncName(n.String())
	}
	src := ""
	if ts, ok := goja.AssertFunction(in.vm.Get("Function").ToObject(in.vm).Get("prototype").ToObject(in.vm).Get("toString")); ok {
		if s, err := ts(obj); err == nil {
			src = s.String()
		}
	}
	var head string
	switch {
	case strings.HasPrefix(src, "class"):
		head = "[class " + name
		if name == "" {
			head = "[class (anonymous)"
		}
		if proto := obj.Prototype(); proto != nil {
			if pn := proto.Get("name"); pn != nil && pn.String() != "" && !strings.HasPrefix(proto.String(), "function () { [native") {
				if _, ok := goja.AssertFunction(proto); ok {
					head += " extends " + cleanFuncName(pn.String())
				}
			}
		}
		head += "]"
	case name == "":
		head = "[Function (anonymous)]"
	default:
		kind := "Function"
		if strings.HasPrefix(src, "async function") || strings.HasPrefix(src, "async ") {
			kind = "AsyncFunction"
		} else if strings.HasPrefix(src, "function*") {
			kind = "GeneratorFunction"
		}
		head = "[" + kind + ": " + name + "]"
	}
	return in.style("special", head) + in.extraKeys(obj, depth, indent, head, map[string]bool{"prototype": true})
}

// cleanFuncName hides Go's names of native functions
// ("github.com/…/bindings.(*binder).help-fm" is help).
func cleanFuncName(n string) string {
	if !strings.ContainsAny(n, "/(") {
		return n
	}
	n = strings.TrimSuffix(n, "-fm")
	if i := strings.LastIndexAny(n, ".)"); i >= 0 {
		n = n[i+1:]
	}
	return n
}

func (in *inspector) errorValue(obj *goja.Object, depth, indent int) string {
	var text string
	if st := obj.Get("stack"); st != nil && !goja.IsUndefined(st) && st.String() != "" {
		lines := strings.Split(st.String(), "\n")
		head := lines[0]
		if strings.HasPrefix(head, "GoError: ") {
			head = "Error: " + strings.TrimPrefix(head, "GoError: ")
		}
		text = strings.Join(append([]string{head}, in.rt.cleanFrames(lines[1:])...), "\n")
	} else {
		text = errorName(obj)
		if m := obj.Get("message"); m != nil && m.String() != "" {
			text += ": " + m.String()
		}
	}
	if depth > 0 && strings.Contains(text, "\n") {
		// Nested errors are shown without their stacks' noise, indented.
		text = strings.ReplaceAll(text, "\n", "\n"+strings.Repeat(" ", indent))
	}
	if depth > in.opts.Depth {
		return "[" + strings.SplitN(text, "\n", 2)[0] + "]"
	}
	return text + in.extraKeys(obj, depth, indent, "", map[string]bool{"stack": true, "message": true})
}
