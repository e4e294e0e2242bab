package main

import (
	"fmt"
	"os"
	"time"

	"github.com/dop251/goja"
	"github.com/tolokash/tolokash/client"
	"github.com/tolokash/tolokash/emulator"
	"github.com/tolokash/tolokash/internal/config"
	"github.com/tolokash/tolokash/runtime"
)

// connection is where the session's `toloka` global points.
type connection struct {
	client  *client.Client // nil when there is no token: the toloka global explains
	where   string         // for the banner: a URL or "local emulator …"
	token   string         // kept only to keep it out of the history
	profile string         // the profile in use, if any: the shell's settings live there
	stop    func()
	// isolated is the same connection for a child process (--isolate).
	isolated runtime.IsolatedClient
}

// usageError is a problem with the command line or configuration: exit code 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

// connect builds the client the flags, environment and profile ask for; flags
// win over environment variables, which win over the profile. Nothing here
// touches the network: --local starts an in-process emulator on loopback.
func (c *cli) connect() (*connection, error) {
	conn := &connection{stop: func() {}}
	if c.local {
		// The emulator needs no token, but one given is still kept out of the history.
		conn.token = firstNonEmpty(c.token, os.Getenv("TOLOKA_TOKEN"))
		return conn, c.startLocal(conn)
	}
	cfg, err := config.Load(func(msg string) { fmt.Fprintln(c.stderr, msg) })
	if err != nil {
		return conn, &usageError{err.Error()}
	}
	explicit := firstNonEmpty(c.profile, os.Getenv("TOLOKA_PROFILE"))
	prof := &config.Profile{}
	if name := firstNonEmpty(explicit, cfg.Default); name != "" {
		p, ok := cfg.Profiles[name]
		switch {
		case ok:
			prof = p
			conn.profile = name
		case explicit != "":
			return conn, &usageError{fmt.Sprintf("no profile %q in %s (tolokash login --profile %s creates it)", name, config.Path(), name)}
		}
	}
	conn.token = firstNonEmpty(c.token, os.Getenv("TOLOKA_TOKEN"), prof.Token)
	if conn.token == "" {
		return conn, nil
	}
	var opts []client.Option
	url := firstNonEmpty(c.url, os.Getenv("TOLOKA_URL"))
	env := firstNonEmpty(c.env, os.Getenv("TOLOKA_ENV"))
	switch {
	case url != "":
		opts = append(opts, client.WithURL(url))
	case env != "":
		e, err := client.EnvironmentByName(env)
		if err != nil {
			return conn, &usageError{fmt.Sprintf("--env / TOLOKA_ENV: %v", err)}
		}
		opts = append(opts, client.WithEnvironment(e))
	case prof.URL != "":
		opts = append(opts, client.WithURL(prof.URL))
	case prof.Env != "":
		e, err := client.EnvironmentByName(prof.Env)
		if err != nil {
			return conn, &usageError{fmt.Sprintf("profile env in %s: %v", config.Path(), err)}
		}
		opts = append(opts, client.WithEnvironment(e))
	default:
		opts = append(opts, client.WithEnvironment(client.Production))
	}
	if a := firstNonEmpty(c.actAs, prof.ActUnderAccountID); a != "" {
		opts = append(opts, client.WithActUnderAccount(a))
	}
	if c.timeout > 0 {
		opts = append(opts, client.WithTimeout(c.timeout))
	}
	if c.retries >= 0 {
		opts = append(opts, client.WithRetries(c.retries))
	}
	conn.client, err = client.New(conn.token, opts...)
	if err != nil {
		return conn, &usageError{err.Error()}
	}
	conn.where = conn.client.BaseURL()
	conn.isolated = runtime.IsolatedClient{Token: conn.token, ActUnderAccount: firstNonEmpty(c.actAs, prof.ActUnderAccountID),
		Retries: c.retries, Timeout: c.timeout}
	if conn.client.EnvironmentName() == "custom" {
		conn.isolated.URL = conn.client.BaseURL()
	} else {
		conn.isolated.Env = conn.client.EnvironmentName()
	}
	return conn, nil
}

// startLocal starts the in-process emulator of --local: with the demo data,
// or with the state --state names when that file exists (saved back at exit).
func (c *cli) startLocal(conn *connection) error {
	opts, err := crowdOptions(c.workers, c.pace, c.workDelay)
	if err == nil {
		err = crowdMakeUp(&opts, c.accuracy, c.cheaters, c.mishaps)
	}
	if err != nil {
		return &usageError{err.Error()}
	}
	opts.Seed = c.seed
	haveState := false
	if c.state != "" {
		if _, err := os.Stat(c.state); err == nil {
			haveState = true
		}
	}
	opts.Demo = !haveState
	em, err := emulator.Start(opts)
	if err != nil {
		return err
	}
	conn.stop = func() { em.Close() }
	conn.where = "local emulator " + em.URL + " (demo data)"
	if haveState {
		if err := em.Server.LoadState(c.state); err != nil {
			return err
		}
		conn.where = "local emulator " + em.URL + " (state " + c.state + ")"
	}
	if c.state != "" {
		conn.stop = func() {
			em.Close()
			if err := em.Server.SaveState(c.state); err != nil {
				fmt.Fprintf(c.stderr, "tolokash: %v\n", err)
			}
		}
	}
	conn.client, err = client.New("local-emulator", client.WithURL(em.URL), client.WithPollInterval(50*time.Millisecond))
	conn.isolated = runtime.IsolatedClient{Token: "local-emulator", URL: em.URL, Retries: -1}
	return err
}

func firstNonEmpty(vals ...string) string {
	for _, v := range vals {
		if v != "" {
			return v
		}
	}
	return ""
}

// noTokenHelp is what a session without a token says; the first use of the
// toloka global in a script or -e says it too and exits 2.
const noTokenHelp = `no Toloka token: get an OAuth token or API key in your requester profile on Toloka, then
  tolokash login                 (saves it in a profile), or
  TOLOKA_TOKEN=... tolokash      (for one run), or try everything locally with
  tolokash --local`

// NoTokenError is what the stand-in for toloka throws when there is no
// token (a JS Error named NoTokenError, carrying this Go error): report
// tells it from the script's own errors with errors.As.
type NoTokenError struct{}

func (NoTokenError) Error() string { return noTokenHelp }

// noTokenGlobal stands in for toloka when there is no token: scripts that never
// touch the API still run; the first use of it throws NoTokenError. It is
// built when a script first names toloka.
func noTokenGlobal(vm *goja.Runtime) goja.Value {
	fail := func() goja.Value {
		e := vm.NewGoError(NoTokenError{})
		e.Set("name", "NoTokenError")
		panic(e)
	}
	return vm.ToValue(vm.NewProxy(vm.NewObject(), &goja.ProxyTrapConfig{
		Get: func(_ *goja.Object, p string, _ goja.Value) goja.Value {
			if p == "then" || p == "toJSON" { // awaiting it or printing it is no use of the API
				return goja.Undefined()
			}
			return fail()
		},
		GetIdx: func(*goja.Object, int, goja.Value) goja.Value { return fail() },
	}))
}
