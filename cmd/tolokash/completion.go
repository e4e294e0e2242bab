package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strings"

	"github.com/tolokash/tolokash/internal/config"
)

var shells = []string{"bash", "zsh", "fish"}

// subcommands are the commands of tolokash in the order usage shows them.
var subcommands = []string{"run", "emulator", "monitor", "login", "types", "completion", "version", "help"}

// completionUsage is tolokash completion --help.
const completionUsage = `Usage: tolokash completion bash|zsh|fish

  bash:  source <(tolokash completion bash)         (or save it in /etc/bash_completion.d/)
  zsh:   tolokash completion zsh > "${fpath[1]}/_tolokash"
  fish:  tolokash completion fish > ~/.config/fish/completions/tolokash.fish

The scripts complete every command's flags, the values of --env, --output and
--state, and profile names after --profile (tolokash completion profiles lists them).
`

// values says what a flag's value completes to: a list of words, profile
// names (":profiles") or file names (":files"); flags not named take any value.
var values = map[string]string{
	"env": "sandbox production", "output": "text json", "profile": ":profiles", "state": ":files",
}

// flagsOf lists a command's flags as its --help prints them, so the
// completion scripts follow the flag sets themselves; describe gets each
// flag's description.
func flagsOf(run func(args []string, stdout, stderr io.Writer) int) []string {
	var out bytes.Buffer
	run([]string{"--help"}, &out, &out)
	// PrintDefaults writes "  -name type" and the description on the next
	// line, or "  -v\tdescription" on one line for a short boolean.
	var flags []string
	lines := strings.Split(out.String(), "\n")
	for i, line := range lines {
		m := regexp.MustCompile(`^  -([\w-]+)(?:\t(.*))?`).FindStringSubmatch(line)
		if m == nil {
			continue
		}
		flags = append(flags, m[1])
		descriptions[m[1]] = m[2]
		if m[2] == "" && i+1 < len(lines) {
			descriptions[m[1]] = strings.TrimSpace(lines[i+1])
		}
	}
	return flags
}

// descriptions say what each flag is, for zsh.
var descriptions = map[string]string{"help": "usage"}

// commandFlags maps each command to its flags, without the dashes; "" is
// the shell and script runner.
func commandFlags() map[string][]string {
	var top []string
	(&cli{}).flags().VisitAll(func(f *flag.Flag) {
		top = append(top, f.Name)
		descriptions[f.Name] = f.Usage
	})
	return map[string][]string{
		"":         top,
		"run":      top,
		"emulator": flagsOf(runEmulator),
		"login":    flagsOf(func(args []string, stdout, stderr io.Writer) int { return login(args, nil, stdout, stderr) }),
		"types":    nil,
		"monitor":  flagsOf(func(args []string, stdout, stderr io.Writer) int { return monitorCmd(args, nil, stdout, stderr) }),
	}
}

func dashed(name string) string {
	if len(name) == 1 {
		return "-" + name
	}
	return "--" + name
}

func completion(args []string, stdout, stderr io.Writer) int {
	if len(args) == 1 && isHelp(args[0]) {
		fmt.Fprint(stdout, completionUsage)
		return 0
	}
	if len(args) != 1 {
		fmt.Fprint(stderr, "tolokash completion: which shell?\n"+completionUsage)
		return 2
	}
	switch args[0] {
	case "bash":
		fmt.Fprint(stdout, bashCompletion(commandFlags()))
	case "zsh":
		fmt.Fprint(stdout, zshCompletion(commandFlags()))
	case "fish":
		fmt.Fprint(stdout, fishCompletion(commandFlags()))
	case "profiles":
		// For the scripts: the names only, never what the profiles hold.
		cfg, err := config.Load(nil)
		if err != nil {
			return 1
		}
		names := make([]string, 0, len(cfg.Profiles))
		for n := range cfg.Profiles {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			fmt.Fprintln(stdout, n)
		}
	default:
		fmt.Fprintf(stderr, "tolokash completion: no completion for %q\n%s", args[0], completionUsage)
		return 2
	}
	return 0
}

func bashCompletion(cmds map[string][]string) string {
	var b strings.Builder
	b.WriteString("# tolokash bash completion: source <(tolokash completion bash)\n_tolokash() {\n")
	b.WriteString("  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]} cmd=\"\" i\n")
	b.WriteString("  for ((i = 1; i < COMP_CWORD; i++)); do\n    case ${COMP_WORDS[i]} in\n      " +
		strings.Join(subcommands, "|") + ") cmd=${COMP_WORDS[i]}; break ;;\n    esac\n  done\n")
	b.WriteString("  case $prev in\n")
	names := make([]string, 0, len(values))
	for n := range values {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		switch v := values[n]; v {
		case ":profiles":
			fmt.Fprintf(&b, "    --%s) COMPREPLY=($(compgen -W \"$(tolokash completion profiles 2>/dev/null)\" -- \"$cur\")); return ;;\n", n)
		case ":files":
			fmt.Fprintf(&b, "    --%s) COMPREPLY=($(compgen -f -- \"$cur\")); return ;;\n", n)
		default:
			fmt.Fprintf(&b, "    --%s) COMPREPLY=($(compgen -W \"%s\" -- \"$cur\")); return ;;\n", n, v)
		}
	}
	b.WriteString("  esac\n  case $cmd in\n")
	fmt.Fprintf(&b, "    completion) COMPREPLY=($(compgen -W \"%s\" -- \"$cur\")); return ;;\n", strings.Join(shells, " "))
	for _, cmd := range subcommands {
		flags, ok := cmds[cmd]
		if !ok || cmd == "run" {
			continue
		}
		fmt.Fprintf(&b, "    %s) COMPREPLY=($(compgen -W \"%s\" -- \"$cur\")); return ;;\n", cmd, strings.Join(withDashes(append(flags, "help")), " "))
	}
	b.WriteString("  esac\n  if [[ $cur == -* ]]; then\n")
	fmt.Fprintf(&b, "    COMPREPLY=($(compgen -W \"%s\" -- \"$cur\"))\n", strings.Join(withDashes(append(cmds[""], "help")), " "))
	b.WriteString("  elif [[ -z $cmd ]]; then\n")
	fmt.Fprintf(&b, "    COMPREPLY=($(compgen -W \"%s\" -- \"$cur\") $(compgen -f -X '!*.js' -- \"$cur\") $(compgen -d -- \"$cur\"))\n", strings.Join(subcommands, " "))
	b.WriteString("  else\n    COMPREPLY=($(compgen -f -- \"$cur\"))\n  fi\n}\ncomplete -o filenames -F _tolokash tolokash\n")
	return b.String()
}

func withDashes(names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = dashed(n)
	}
	return out
}

func zshCompletion(cmds map[string][]string) string {
	spec := func(flags []string) string {
		var parts []string
		for _, f := range append(append([]string(nil), flags...), "help") {
			desc := strings.NewReplacer("'", "", "[", "(", "]", ")", ":", " ").Replace(descriptions[f])
			if desc == "" {
				desc = f
			}
			s := "'" + dashed(f) + "[" + desc + "]"
			switch v := values[f]; {
			case v == ":profiles":
				s += ":profile:($(tolokash completion profiles 2>/dev/null))"
			case v == ":files":
				s += ":file:_files"
			case v != "":
				s += ":" + f + ":(" + v + ")"
			}
			parts = append(parts, s+"'")
		}
		return strings.Join(parts, " ")
	}
	var b strings.Builder
	b.WriteString("#compdef tolokash\n# tolokash zsh completion: tolokash completion zsh > \"${fpath[1]}/_tolokash\"\n_tolokash() {\n")
	fmt.Fprintf(&b, "  local -a subcommands=(%s)\n  case $words[2] in\n", strings.Join(subcommands, " "))
	for _, cmd := range subcommands {
		if flags, ok := cmds[cmd]; ok && cmd != "run" {
			fmt.Fprintf(&b, "    %s) _arguments %s ; return ;;\n", cmd, spec(flags))
		}
	}
	fmt.Fprintf(&b, "    completion) _values shell %s profiles ; return ;;\n  esac\n", strings.Join(shells, " "))
	fmt.Fprintf(&b, "  _arguments %s '1:command or script:{_describe command subcommands; _files -g \"*.js\"}' '*:file:_files'\n}\n", spec(cmds[""]))
	b.WriteString("compdef _tolokash tolokash\n")
	return b.String()
}

func fishCompletion(cmds map[string][]string) string {
	var b strings.Builder
	b.WriteString("# tolokash fish completion: tolokash completion fish > ~/.config/fish/completions/tolokash.fish\n")
	fmt.Fprintf(&b, "complete -c tolokash -n __fish_use_subcommand -a '%s'\n", strings.Join(subcommands, " "))
	line := func(cond, f string) {
		arg := "-l " + f
		if len(f) == 1 {
			arg = "-s " + f
		}
		switch v := values[f]; {
		case v == ":profiles":
			arg += " -x -a '(tolokash completion profiles 2>/dev/null)'"
		case v == ":files":
			arg += " -r -F"
		case v != "":
			arg += " -x -a '" + v + "'"
		}
		fmt.Fprintf(&b, "complete -c tolokash -n '%s' %s\n", cond, arg)
	}
	for _, f := range cmds[""] {
		line("__fish_use_subcommand; or __fish_seen_subcommand_from run", f)
	}
	for _, cmd := range subcommands {
		if flags, ok := cmds[cmd]; ok && cmd != "run" && cmd != "" {
			for _, f := range append(append([]string(nil), flags...), "help") {
				line("__fish_seen_subcommand_from "+cmd, f)
			}
		}
	}
	fmt.Fprintf(&b, "complete -c tolokash -n '__fish_seen_subcommand_from completion' -x -a '%s'\n", strings.Join(shells, " "))
	return b.String()
}

func isHelp(arg string) bool { return arg == "-h" || arg == "--help" || arg == "-help" }
