package main

import (
	"fmt"
	"io"
	"strings"
)

// The words the shells complete; the scripts are built from these lists so
// they cannot drift apart.
var (
	subcommands = []string{"run", "emulator", "login", "types", "completion", "version", "help"}
	topFlags    = []string{"--local", "--env", "--url", "--token", "--profile", "--act-under-account", "--timeout",
		"--retries", "-e", "--output", "--no-color", "--workers", "--pace", "--work-delay", "--state", "--seed", "--help"}
	emulatorFlags = []string{"--addr", "--workers", "--faults", "--fault-kinds", "--latency", "--latency-jitter", "--seed", "--state",
		"--demo", "--demo-assignments", "--pace", "--work-delay", "--accuracy", "--cheaters", "--mishaps", "-v", "--help"}
	loginFlags = []string{"--profile", "--env", "--url", "--help"}
	shells     = []string{"bash", "zsh", "fish"}
)

const completionUsage = `Usage: tolokash completion bash|zsh|fish

  bash:  source <(tolokash completion bash)         (or save it in /etc/bash_completion.d/)
  zsh:   tolokash completion zsh > "${fpath[1]}/_tolokash"
  fish:  tolokash completion fish > ~/.config/fish/completions/tolokash.fish
`

func completion(args []string, stdout, stderr io.Writer) int {
	if len(args) == 1 && isHelp(args[0]) {
		fmt.Fprint(stdout, completionUsage)
		return 0
	}
	if len(args) != 1 {
		fmt.Fprint(stderr, "tolokash completion: which shell?\n"+completionUsage)
		return 2
	}
	w := func(s []string) string { return strings.Join(s, " ") }
	switch args[0] {
	case "bash":
		fmt.Fprintf(stdout, `# tolokash bash completion: source <(tolokash completion bash)
_tolokash() {
  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}
  case $prev in
    --env) COMPREPLY=($(compgen -W "sandbox production" -- "$cur")); return ;;
    --output) COMPREPLY=($(compgen -W "text json" -- "$cur")); return ;;
    --state) COMPREPLY=($(compgen -f -- "$cur")); return ;;
    completion) COMPREPLY=($(compgen -W "%s" -- "$cur")); return ;;
  esac
  case ${COMP_WORDS[1]} in
    emulator) COMPREPLY=($(compgen -W "%s" -- "$cur")); return ;;
    login) COMPREPLY=($(compgen -W "%s" -- "$cur")); return ;;
  esac
  if [[ $cur == -* ]]; then
    COMPREPLY=($(compgen -W "%s" -- "$cur"))
  elif [[ $COMP_CWORD == 1 ]]; then
    COMPREPLY=($(compgen -W "%s" -- "$cur") $(compgen -f -X '!*.js' -- "$cur") $(compgen -d -- "$cur"))
  else
    COMPREPLY=($(compgen -f -- "$cur"))
  fi
}
complete -o filenames -F _tolokash tolokash
`, w(shells), w(emulatorFlags), w(loginFlags), w(topFlags), w(subcommands))
	case "zsh":
		fmt.Fprintf(stdout, `#compdef tolokash
# tolokash zsh completion: tolokash completion zsh > "${fpath[1]}/_tolokash"
_tolokash() {
  local -a subcommands=(%s)
  case $words[2] in
    emulator) _arguments '--addr[address to listen on]:address' '--workers[simulated Tolokers]:n' \
      '--faults[share of faulty answers]:rate' '--seed[seed]:n' '--state[state file]:file:_files' \
      '--demo[demo data]' '--work-delay[pace of the Tolokers]:duration' '-v[log requests]' ; return ;;
    login) _arguments '--profile[profile name]:name' '--env[environment]:env:(sandbox production)' '--url[server URL]:url' ; return ;;
    completion) _values shell %s ; return ;;
  esac
  _arguments \
    '--local[an in-process emulator with demo data]' \
    '--env[environment]:env:(sandbox production)' \
    '--url[server URL]:url' \
    '--token[token (prefer tolokash login)]:token' \
    '--profile[profile]:name' \
    '--act-under-account[requester account id]:id' \
    '--timeout[per-request timeout]:duration' \
    '--retries[retries]:n' \
    '-e[evaluate and print]:code' \
    '--output[-e output]:format:(text json)' \
    '--no-color[no colors]' \
    '1:command or script:{_describe command subcommands; _files -g "*.js"}' \
    '*:file:_files'
}
compdef _tolokash tolokash
`, w(subcommands), w(shells))
	case "fish":
		fmt.Fprintf(stdout, "# tolokash fish completion: tolokash completion fish > ~/.config/fish/completions/tolokash.fish\n")
		fmt.Fprintf(stdout, "complete -c tolokash -n __fish_use_subcommand -a '%s'\n", w(subcommands))
		for _, f := range topFlags {
			if name, ok := strings.CutPrefix(f, "--"); ok {
				fmt.Fprintf(stdout, "complete -c tolokash -n __fish_use_subcommand -l %s\n", name)
			} else {
				fmt.Fprintf(stdout, "complete -c tolokash -n __fish_use_subcommand -s %s -r\n", strings.TrimPrefix(f, "-"))
			}
		}
		fmt.Fprintln(stdout, "complete -c tolokash -l env -x -a 'sandbox production'")
		fmt.Fprintln(stdout, "complete -c tolokash -l output -x -a 'text json'")
		for _, sub := range []struct {
			name  string
			flags []string
		}{{"emulator", emulatorFlags}, {"login", loginFlags}} {
			for _, f := range sub.flags {
				if name, ok := strings.CutPrefix(f, "--"); ok {
					fmt.Fprintf(stdout, "complete -c tolokash -n '__fish_seen_subcommand_from %s' -l %s\n", sub.name, name)
				}
			}
		}
		fmt.Fprintf(stdout, "complete -c tolokash -n '__fish_seen_subcommand_from completion' -x -a '%s'\n", w(shells))
	default:
		fmt.Fprintf(stderr, "tolokash completion: no completion for %q\n%s", args[0], completionUsage)
		return 2
	}
	return 0
}

func isHelp(arg string) bool { return arg == "-h" || arg == "--help" || arg == "-help" }
