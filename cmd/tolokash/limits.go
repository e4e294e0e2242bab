package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/tolokash/tolokash/runtime"
)

// runIsolated is --isolate: the script (a file, -e or stdin) runs untrusted
// in a child process of this program under an address-space limit.
func (c *cli) runIsolated(conn *connection, rest []string, memory int64) int {
	iso := &runtime.Isolated{Stdout: c.stdout, Stderr: c.stderr, TimeLimit: c.timeLimit, MemoryLimit: memory}
	if conn.client != nil {
		iso.Client = conn.isolated
	}
	ctx := context.Background()
	switch {
	case c.eval != "":
		v, err := iso.Run(ctx, c.eval)
		if code := report(c.stderr, err); code != 0 {
			return code
		}
		if v != nil {
			out, _ := json.MarshalIndent(v, "", "  ")
			fmt.Fprintln(c.stdout, string(out))
		}
		return 0
	case len(rest) > 0 && rest[0] == "-":
		src, err := io.ReadAll(c.stdin)
		if err != nil {
			fmt.Fprintf(c.stderr, "tolokash: reading stdin: %v\n", err)
			return 1
		}
		_, err = iso.Run(ctx, string(src))
		return report(c.stderr, err)
	case len(rest) > 0:
		return report(c.stderr, iso.RunFile(ctx, rest[0], rest[1:]))
	}
	fmt.Fprintln(c.stderr, "tolokash: --isolate runs a script (FILE.js, -e or -), not the shell")
	return 2
}

// parseSize reads a size like 512MiB, 2GiB, 100MB or a number of bytes; ""
// is 0 (the default).
func parseSize(s string) (int64, error) {
	if s == "" {
		return 0, nil
	}
	units := []struct {
		suffix string
		n      int64
	}{{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30}, {"KB", 1e3}, {"MB", 1e6}, {"GB", 1e9}, {"K", 1 << 10}, {"M", 1 << 20}, {"G", 1 << 30}, {"B", 1}}
	num, mult := strings.TrimSpace(s), int64(1)
	for _, u := range units {
		if strings.HasSuffix(num, u.suffix) {
			num, mult = strings.TrimSpace(strings.TrimSuffix(num, u.suffix)), u.n
			break
		}
	}
	f, err := strconv.ParseFloat(num, 64)
	if err != nil || f <= 0 || f*float64(mult) > 1<<50 {
		return 0, fmt.Errorf("%q is not a size like 512MiB or 2GiB", s)
	}
	return int64(f * float64(mult)), nil
}
