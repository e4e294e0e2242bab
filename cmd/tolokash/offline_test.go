package main

import (
	"bytes"
	"net"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// TestStartupContactsNothing checks that -e, scripts and a piped shell make
// no request unless the code calls the API: the configured server is a
// listener that counts connections.
func TestStartupContactsNothing(t *testing.T) {
	isolate(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	var conns atomic.Int32
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			conns.Add(1)
			c.Close()
		}
	}()
	t.Setenv("TOLOKA_URL", "http://"+ln.Addr().String())
	t.Setenv("TOLOKA_TOKEN", "CANARY-OFFLINE")
	for _, tc := range []struct {
		stdin string
		args  []string
	}{
		{"", []string{"-e", "1"}},
		{"", []string{"--output", "json", "-e", "[typeof toloka, typeof toloka.getPool]"}},
		{"40 + 2\n", []string{"-"}},
		{"40 + 2\n", nil}, // the shell on a pipe: no banner, so no requester call
	} {
		var out, errOut bytes.Buffer
		if code := run(tc.args, strings.NewReader(tc.stdin), &out, &errOut); code != 0 {
			t.Errorf("%v: exit %d %q", tc.args, code, errOut.String())
		}
	}
	time.Sleep(50 * time.Millisecond)
	if n := conns.Load(); n != 0 {
		t.Errorf("%d connections to the server during startup", n)
	}

	// The listener is reachable: a call does connect (and fails without naming the token).
	var out, errOut bytes.Buffer
	code := run([]string{"--retries", "0", "-e", "toloka.getRequester()"}, strings.NewReader(""), &out, &errOut)
	if code != 1 || conns.Load() == 0 || strings.Contains(errOut.String(), "CANARY") {
		t.Errorf("a real call: exit %d, %d connections, %q", code, conns.Load(), errOut.String())
	}
}
