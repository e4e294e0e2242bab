package runtime

import (
	"errors"
	"fmt"
	"regexp"
	"regexp/syntax"
	"strings"
	"sync"
	"time"

	"github.com/dlclark/regexp2/v2"
	"github.com/dop251/goja"
	"github.com/dop251/goja/parser"
)

// RegexpMatchLimit bounds one match of a regular expression that needs
// backtracking (lookaround, backreferences): goja runs those with regexp2,
// whose matches ignore interrupts and can take exponential time
// (/^(?=a)(a+)+$/ on 'a'.repeat(32)+'!'). Past the limit the match is
// stopped and the call throws a RangeError. Other patterns run on Go's
// regexp, in linear time, and have no limit.
//
// regexp2's timeout is one setting for the whole process, read when a
// pattern is compiled: importing this package sets it.
const RegexpMatchLimit = time.Second

func init() {
	regexp2.DefaultMatchTimeout = RegexpMatchLimit
}

// regexpLimits wraps RegExp.prototype's matching methods. regexp2 gives a
// stopped match no error, only "no match", so a call that returns no match
// after the limit, on a pattern regexp2 runs, throws instead. The methods
// that match many times (replace, match, matchAll, search, split) are made
// to call exec for each match on such patterns, through an exec of the
// pattern's own that checks each match and, when the run is being stopped,
// answers no match at once so the interrupt lands between matches.
//
// exec itself is left alone on RegExp.prototype: goja watches that property
// and, once it changes, runs every pattern of the VM through its generic
// (six times slower) paths. So a direct rx.exec(s) on a backtracking
// pattern that no other method has seen yet still returns null, not an
// error, when its match is stopped at the limit.
type regexpLimits struct {
	vm       *goja.Runtime
	stopping func() bool // the run is being interrupted
	exec     goja.Callable
	ownExec  *goja.Object // the exec given to backtracking patterns

	mu           sync.Mutex
	backtracking map[string]bool // by flags and source
}

func installRegexpLimits(vm *goja.Runtime, stopping func() bool) {
	l := &regexpLimits{vm: vm, stopping: stopping, backtracking: map[string]bool{}}
	ctor := vm.Get("RegExp").ToObject(vm)
	proto := ctor.Get("prototype").ToObject(vm)
	newRegExp, _ := goja.AssertConstructor(ctor)
	l.exec, _ = goja.AssertFunction(proto.Get("exec"))

	checked := func(name string, orig goja.Callable) func(goja.FunctionCall) goja.Value {
		return func(call goja.FunctionCall) goja.Value {
			if l.stopping() {
				return l.noMatch(name) // the interrupt ends the run at the next step of JS
			}
			start := time.Now()
			v, err := orig(call.This, call.Arguments...)
			if err != nil {
				panic(err)
			}
			if time.Since(start) >= RegexpMatchLimit*9/10 && !v.ToBoolean() {
				if rx, ok := call.This.(*goja.Object); ok && l.needsBacktracking(rx) {
					throwRange(vm, fmt.Sprintf("regular expression %s: a match ran longer than %v and was stopped (RegexpMatchLimit)",
						describeRegexp(rx), RegexpMatchLimit), nil)
				}
			}
			return v
		}
	}
	test, _ := goja.AssertFunction(proto.Get("test"))
	l.replace(proto, "test", checked("test", test))
	l.ownExec = vm.ToValue(checked("exec", l.exec)).(*goja.Object)
	l.ownExec.DefineDataProperty("name", vm.ToValue("exec"), goja.FLAG_FALSE, goja.FLAG_TRUE, goja.FLAG_FALSE)
	l.ownExec.DefineDataProperty("length", vm.ToValue(1), goja.FLAG_FALSE, goja.FLAG_TRUE, goja.FLAG_FALSE)

	// SpeciesConstructor(rx) for split: a RegExp whose matches are checked.
	species := vm.NewObject()
	species.SetSymbol(goja.SymSpecies, func(call goja.ConstructorCall) *goja.Object {
		o, err := newRegExp(nil, call.Arguments...)
		if err != nil {
			panic(err)
		}
		l.checkMatches(o)
		return o
	})
	for _, sym := range []*goja.Symbol{goja.SymReplace, goja.SymMatch, goja.SymMatchAll, goja.SymSearch, goja.SymSplit} {
		orig, ok := goja.AssertFunction(proto.GetSymbol(sym))
		if !ok {
			continue
		}
		split := sym == goja.SymSplit
		fn := vm.ToValue(func(call goja.FunctionCall) goja.Value {
			this := call.This
			if rx, ok := this.(*goja.Object); ok && rx.ClassName() == "RegExp" && l.needsBacktracking(rx) {
				if split {
					// split makes its own splitter with the species constructor.
					tmp, err := newRegExp(nil, rx)
					if err != nil {
						panic(err)
					}
					tmp.DefineDataProperty("constructor", species, goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_FALSE)
					this = tmp
				} else {
					l.checkMatches(rx)
				}
			}
			v, err := orig(this, call.Arguments...)
			if err != nil {
				panic(err)
			}
			return v
		})
		proto.DefineDataPropertySymbol(sym, fn, goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_FALSE)
	}
}

// checkMatches gives a backtracking pattern an exec of its own that checks
// each match. Having one also makes goja take its generic paths for it,
// which call exec for each match. A script that fixed an exec of its own
// in its place has its multi-match calls refused.
func (l *regexpLimits) checkMatches(rx *goja.Object) {
	if cur, ok := rx.Get("exec").(*goja.Object); ok && cur == l.ownExec {
		return
	}
	if err := rx.DefineDataProperty("exec", l.ownExec, goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_FALSE); err != nil {
		panic(l.vm.NewTypeError("regular expression %s: its exec cannot be replaced, so its matches cannot be bounded", describeRegexp(rx)))
	}
}

// replace puts fn in place of proto[name], keeping its name and length.
func (l *regexpLimits) replace(proto *goja.Object, name string, fn func(goja.FunctionCall) goja.Value) {
	orig := proto.Get(name).(*goja.Object)
	f := l.vm.ToValue(fn).(*goja.Object)
	f.DefineDataProperty("name", orig.Get("name"), goja.FLAG_FALSE, goja.FLAG_TRUE, goja.FLAG_FALSE)
	f.DefineDataProperty("length", orig.Get("length"), goja.FLAG_FALSE, goja.FLAG_TRUE, goja.FLAG_FALSE)
	proto.DefineDataProperty(name, f, goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_FALSE)
}

func (l *regexpLimits) noMatch(method string) goja.Value {
	if method == "test" {
		return l.vm.ToValue(false)
	}
	return goja.Null()
}

func describeRegexp(rx *goja.Object) string {
	s := "/" + rx.Get("source").String() + "/" + rx.Get("flags").String()
	if len(s) > 60 {
		s = s[:57] + "…"
	}
	return s
}

// needsBacktracking tells the patterns goja gives to regexp2 from those Go's
// regexp runs, as goja decides it: the pattern does not translate to RE2
// syntax, or RE2 refuses its repeat counts.
func (l *regexpLimits) needsBacktracking(rx *goja.Object) bool {
	// Not the flags getter (it reads eight properties): what decides is the
	// source read with or without dotAll and unicode.
	source, flags := rx.Get("source").String(), ""
	if rx.Get("dotAll").ToBoolean() {
		flags += "s"
	}
	if rx.Get("unicode").ToBoolean() {
		flags += "u"
	}
	key := flags + "/" + source
	l.mu.Lock()
	v, ok := l.backtracking[key]
	l.mu.Unlock()
	if ok {
		return v
	}
	v = backtracking(source, flags)
	l.mu.Lock()
	if len(l.backtracking) > 4096 {
		clear(l.backtracking)
	}
	l.backtracking[key] = v
	l.mu.Unlock()
	return v
}

func backtracking(source, flags string) bool {
	re2, err := parser.TransformRegExp(source, strings.Contains(flags, "s"), strings.Contains(flags, "u"))
	if err != nil {
		var incompatible parser.RegexpErrorIncompatible
		return errors.As(err, &incompatible)
	}
	_, err = regexp.Compile(re2) // the flags goja adds (?msi:…) do not change what compiles
	var se *syntax.Error
	return errors.As(err, &se) && se.Code == syntax.ErrInvalidRepeatSize
}
