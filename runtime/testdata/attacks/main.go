// Command attacks runs the hostile scripts of issue 21 against the runtime,
// each in a child process of its own (a fatal out-of-memory kills only the
// child) under a 4 GiB address-space limit and a 40 s wall clock, and
// prints how each ended, how long it took and the child's peak RSS. It uses
// only the API the runtime had before the issue, so the same command
// measures before and after:
//
//	go run ./runtime/testdata/attacks
package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/tolokash/tolokash/runtime"
)

type attack struct {
	name, src string
	untrusted bool
	limit     time.Duration
	after     string // Go code run after the run: "String" calls v.String()
}

var attacks = []attack{
	{"1. 64 × new Uint8Array(2**28).fill(1)", `const a=[]; for(let i=0;i<64;i++) a.push(new Uint8Array(2**28).fill(1))`, true, 0, ""},
	{"1. compress.gunzip of 1 GiB of zeros", `require('compress').gunzip(bomb).length`, true, 0, ""},
	{"1. 'x'.repeat(2**30)", `'x'.repeat(2**30).length`, true, 0, ""},
	{"1. new Array(1e8).fill(0)", `new Array(1e8).fill(0).length`, true, 0, ""},
	{"2. /^(?=a)(a+)+$/ on 32 a's and '!', 2 s limit", `/^(?=a)(a+)+$/.test('a'.repeat(32)+'!')`, true, 2 * time.Second, ""},
	{"2. function g(){return [0].map(g)}, 250 ms limit", `function g(){return [0].map(g)} g()`, true, 250 * time.Millisecond, ""},
	{"2. indexOf over 2**32-1 holes, 2 s limit", `new Array(2**32-1).indexOf(1)`, true, 2 * time.Second, ""},
	{"2. new Array(2**31).sort(), 2 s limit", `new Array(2**31).sort()`, true, 2 * time.Second, ""},
	{"3. function f(){return f()} (trusted, no limit)", `function f(){return f()} f()`, false, 0, ""},
	{"4. v.String() of ({toString(){for(;;);}})", `({toString(){for(;;);}})`, true, time.Second, "String"},
}

func main() {
	if len(os.Args) == 3 && os.Args[1] == "-run" {
		n, _ := strconv.Atoi(os.Args[2])
		child(attacks[n])
		return
	}
	self, _ := os.Executable()
	fmt.Println("| attack | how it ended | time | peak RSS |")
	fmt.Println("|---|---|---|---|")
	for i, a := range attacks {
		ctx, cancel := context.WithTimeout(context.Background(), 40*time.Second)
		cmd := exec.CommandContext(ctx, "prlimit", "--as=4294967296", "--", self, "-run", strconv.Itoa(i))
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		start := time.Now()
		err := cmd.Run()
		took := time.Since(start)
		timedOut := ctx.Err() != nil
		cancel()
		rss := "?"
		if cmd.ProcessState != nil {
			if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
				rss = fmt.Sprintf("%d MiB", ru.Maxrss>>10)
			}
		}
		ended := strings.TrimSpace(firstLine(out.String()))
		switch {
		case timedOut:
			ended = "still running after 40 s (killed)"
		case strings.Contains(out.String(), "fatal error"):
			ended = "the process died: " + firstMatching(out.String(), "fatal error")
		case err != nil && ended == "":
			ended = "the process died: " + err.Error()
		}
		fmt.Printf("| %s | %s | %.1f s | %s |\n", a.name, ended, took.Seconds(), rss)
	}
}

func child(a attack) {
	rt, err := runtime.New(runtime.Options{Untrusted: a.untrusted, TimeLimit: a.limit, Stdout: os.Stderr})
	if err != nil {
		fmt.Println("runtime.New:", err)
		return
	}
	var bomb bytes.Buffer
	if strings.Contains(a.src, "bomb") {
		zw := gzip.NewWriter(&bomb)
		zeros := make([]byte, 1<<20)
		for i := 0; i < 1024; i++ {
			zw.Write(zeros)
		}
		zw.Close()
		rt.Set("bomb", rt.VM().NewArrayBuffer(bomb.Bytes()))
	}
	v, err := rt.RunString(context.Background(), a.src)
	if err != nil {
		msg := err.Error()
		var se *runtime.ScriptError
		if errors.As(err, &se) {
			msg = se.Message // without the source excerpt errors may start with
		}
		fmt.Println(oneLine(msg))
		return
	}
	if a.after == "String" {
		done := make(chan string, 1)
		go func() { done <- v.String() }()
		select {
		case s := <-done:
			fmt.Printf("v.String() returned %q\n", s)
		case <-time.After(20 * time.Second):
			fmt.Println("v.String() still running after 20 s")
		}
		return
	}
	fmt.Printf("ran to its end: %v\n", v)
}

func firstLine(s string) string { return strings.SplitN(s, "\n", 2)[0] }

func firstMatching(s, sub string) string {
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, sub) {
			return strings.TrimSpace(l)
		}
	}
	return ""
}

func oneLine(s string) string {
	s = firstLine(s)
	if len(s) > 140 {
		s = s[:140] + "…"
	}
	return s
}
