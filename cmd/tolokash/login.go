package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/term"

	"github.com/tolokash/tolokash/client"
	"github.com/tolokash/tolokash/internal/config"
)

// login reads a token without echo (or a line of stdin when it is not a
// terminal) and saves it in a profile, owner-only.
func login(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("tolokash login", flag.ContinueOnError)
	profile := fs.String("profile", "default", "profile to save the token in")
	env := fs.String("env", "production", "environment of the token: production or sandbox")
	url := fs.String("url", "", "a server URL instead of an environment")
	if code, done := parseFlags(fs, args, "tolokash login [--profile P] [--env sandbox|production | --url URL]", stdout, stderr); done {
		return code
	}
	if fs.NArg() > 0 {
		// The argument may well be a token: it is not echoed.
		fmt.Fprintln(stderr, "tolokash login: unexpected argument (the token is read from the terminal or stdin, never from arguments)")
		return 2
	}
	if *url == "" {
		if _, err := client.EnvironmentByName(*env); err != nil {
			fmt.Fprintf(stderr, "tolokash login: %v\n", err)
			return 2
		}
	}
	var token string
	if f, ok := stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fmt.Fprintf(stderr, "Toloka token for profile %q (input hidden): ", *profile)
		b, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(stderr)
		if err != nil {
			fmt.Fprintf(stderr, "tolokash login: %v\n", err)
			return 1
		}
		token = string(b)
	} else {
		line, err := bufio.NewReader(stdin).ReadString('\n')
		if err != nil && line == "" {
			fmt.Fprintln(stderr, "tolokash login: no token on stdin")
			return 2
		}
		token = line
	}
	token = strings.TrimSpace(token)
	if token == "" {
		fmt.Fprintln(stderr, "tolokash login: empty token")
		return 2
	}
	cfg, err := config.Load(func(msg string) { fmt.Fprintln(stderr, msg) })
	if err != nil {
		fmt.Fprintf(stderr, "tolokash login: %v\n", err)
		return 1
	}
	p := &config.Profile{Token: token}
	if *url != "" {
		p.URL = *url
	} else {
		p.Env = *env
	}
	cfg.Profiles[*profile] = p
	if cfg.Default == "" {
		cfg.Default = *profile
	}
	if err := cfg.Save(); err != nil {
		fmt.Fprintf(stderr, "tolokash login: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "saved profile %q in %s\n", *profile, config.Path())
	return 0
}
