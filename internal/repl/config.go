package repl

import (
	"fmt"
	"math"
	"strings"

	"github.com/dop251/goja"

	"github.com/tolokash/tolokash/client"
	"github.com/tolokash/tolokash/internal/config"
	"github.com/tolokash/tolokash/internal/jsvalue"
	"github.com/tolokash/tolokash/runtime"
)

// Config is the shell's settings as the session uses them.
type Config struct {
	Depth    int   // levels results print; 0: the default (6), -1: all, depthNone: only the top level
	PageSize int   // items of a lazy iterator per page
	Width    int   // columns; 0: the terminal's
	Colors   *bool // nil: on a terminal unless NO_COLOR or --no-color
}

// ConfigFrom reads the settings kept in the config file.
func ConfigFrom(s *config.Shell) Config {
	var c Config
	if s != nil {
		if s.Depth != nil {
			c.Depth = *s.Depth
			if c.Depth == 0 {
				c.Depth = depthNone
			}
		}
		if s.PageSize != nil {
			c.PageSize = *s.PageSize
		}
		if s.Width != nil {
			c.Width = *s.Width
		}
		c.Colors = s.Colors
	}
	return c
}

// Shell is the settings to keep: only the ones that differ from the defaults.
func (c Config) Shell() *config.Shell {
	var s config.Shell
	if c.Depth != 6 && c.Depth != 0 {
		d := max(c.Depth, 0)
		if c.Depth == -1 {
			d = -1
		}
		s.Depth = &d
	}
	if c.PageSize != 20 {
		s.PageSize = &c.PageSize
	}
	if c.Width != 0 {
		s.Width = &c.Width
	}
	s.Colors = c.Colors
	if s == (config.Shell{}) {
		return nil
	}
	return &s
}

func (c Config) withDefaults() Config {
	if c.Depth == 0 {
		c.Depth = 6
	}
	if c.PageSize <= 0 {
		c.PageSize = 20
	}
	return c
}

var configKeys = []string{"depth", "pageSize", "width", "colors"}

// depthNone is a depth of 0 set on purpose (0 in Config is the default).
const depthNone = -2

// applyConfig sets how the runtime prints from the settings and the terminal.
func (r *REPL) applyConfig() {
	p := runtime.Printer{Colors: r.opts.Color, Depth: r.config.Depth, Width: r.config.Width}
	if r.config.Colors != nil {
		p.Colors = *r.config.Colors
	}
	switch p.Depth {
	case -1:
		p.Depth = runtime.DepthAll
	case depthNone:
		p.Depth = runtime.DepthNone
	}
	if p.Width == 0 {
		p.Width = r.terminalWidth()
	}
	r.rt.SetPrinter(p)
}

func (r *REPL) configValue(key string) any {
	switch key {
	case "depth":
		switch r.config.Depth {
		case -1:
			return math.Inf(1)
		case depthNone:
			return 0
		}
		return r.config.Depth
	case "pageSize":
		return r.config.PageSize
	case "width":
		if r.config.Width == 0 {
			return "auto"
		}
		return r.config.Width
	case "colors":
		if r.config.Colors == nil {
			return "auto"
		}
		return *r.config.Colors
	}
	return nil
}

// installGlobals defines what only the shell has: config and cls.
func (r *REPL) installGlobals() {
	vm := r.rt.VM()
	cfg := vm.NewObject()
	keyOf := func(v goja.Value, fn string) string {
		k := v.String()
		for _, known := range configKeys {
			if k == known {
				return k
			}
		}
		msg := fmt.Sprintf("config.%s: no setting %q (settings: %s)", fn, k, strings.Join(configKeys, ", "))
		if s := client.Suggest(k, configKeys); s != "" {
			msg = fmt.Sprintf("config.%s: no setting %q; did you mean %s?", fn, k, s)
		}
		panic(vm.NewTypeError(msg))
	}
	cfg.Set("get", func(call goja.FunctionCall) goja.Value {
		return vm.ToValue(r.configValue(keyOf(call.Argument(0), "get")))
	})
	cfg.Set("set", func(call goja.FunctionCall) goja.Value {
		key := keyOf(call.Argument(0), "set")
		if err := r.setConfig(key, call.Argument(1)); err != "" {
			panic(vm.NewTypeError("config.set('%s', …): %s", key, err))
		}
		return vm.ToValue(r.keepConfig(fmt.Sprintf("Setting %q has been changed", key)))
	})
	cfg.Set("reset", func(call goja.FunctionCall) goja.Value {
		key := keyOf(call.Argument(0), "reset")
		def := Config{}.withDefaults()
		switch key {
		case "depth":
			r.config.Depth = def.Depth
		case "pageSize":
			r.config.PageSize = def.PageSize
		case "width":
			r.config.Width = 0
		case "colors":
			r.config.Colors = nil
		}
		return vm.ToValue(r.keepConfig(fmt.Sprintf("Setting %q has been reset", key)))
	})
	cfg.SetSymbol(jsvalue.Symbol(vm, jsvalue.Inspect), func(goja.FunctionCall) goja.Value {
		parts := make([]string, 0, len(configKeys))
		for _, k := range configKeys {
			v := r.configValue(k)
			if s, ok := v.(string); ok {
				v = "'" + s + "'"
			}
			if f, ok := v.(float64); ok && math.IsInf(f, 1) {
				v = "Infinity"
			}
			parts = append(parts, fmt.Sprintf("%s: %v", k, v))
		}
		return vm.ToValue("config { " + strings.Join(parts, ", ") + " }  (config.set(name, value), config.reset(name))")
	})
	vm.Set("config", cfg)
}

// setConfig validates and applies one setting; it returns what was wrong.
func (r *REPL) setConfig(key string, v goja.Value) string {
	num := func() (int, bool) {
		if _, ok := v.Export().(int64); ok {
			return int(v.ToInteger()), true
		}
		if f, ok := v.Export().(float64); ok && f == math.Trunc(f) {
			return int(f), true
		}
		return 0, false
	}
	switch key {
	case "depth":
		if f, ok := v.Export().(float64); ok && math.IsInf(f, 1) {
			r.config.Depth = -1
			return ""
		}
		n, ok := num()
		if !ok || n < 0 {
			return "expected a number of levels (0 or more) or Infinity, got " + v.String()
		}
		if n == 0 {
			n = depthNone
		}
		r.config.Depth = n
	case "pageSize":
		n, ok := num()
		if !ok || n < 1 || n > 10000 {
			return "expected a number of items between 1 and 10000, got " + v.String()
		}
		r.config.PageSize = n
	case "width":
		if s, ok := v.Export().(string); ok && s == "auto" {
			r.config.Width = 0
			return ""
		}
		n, ok := num()
		if !ok || n < 20 {
			return "expected a number of columns (20 or more) or 'auto', got " + v.String()
		}
		r.config.Width = n
	case "colors":
		if s, ok := v.Export().(string); ok && s == "auto" {
			r.config.Colors = nil
			return ""
		}
		b, ok := v.Export().(bool)
		if !ok {
			return "expected true, false or 'auto', got " + v.String()
		}
		r.config.Colors = &b
	}
	return ""
}

// keepConfig applies the settings and saves them; it returns what to show.
func (r *REPL) keepConfig(msg string) string {
	r.applyConfig()
	if r.opts.SaveConfig == nil {
		return msg + " (for this session)"
	}
	if err := r.opts.SaveConfig(r.config); err != nil {
		return msg + " for this session, but not saved: " + err.Error()
	}
	return msg
}
