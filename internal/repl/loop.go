package repl

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/tolokash/tolokash/internal/lineedit"
	"github.com/tolokash/tolokash/runtime"
)

// runPlain reads lines without prompts: for pipes and files. Timers and
// promises run while the next line is awaited, and when the input ends the
// shell waits for them, as node does.
func (r *REPL) runPlain() error {
	lines := make(chan string)
	done := make(chan error, 1)
	go func() {
		sc := bufio.NewScanner(r.opts.In)
		sc.Buffer(make([]byte, 1<<20), 64<<20)
		for sc.Scan() {
			lines <- sc.Text()
		}
		done <- sc.Err()
		close(lines)
	}()
	var buf strings.Builder
	editor := false
	for {
		var line string
		var open bool
		select {
		case line, open = <-lines:
		case <-r.rt.Ready():
			if r.background() {
				return nil
			}
			continue
		}
		if !open {
			break
		}
		if editor {
			// Paste mode on a pipe: the rest of the input is one entry.
			buf.WriteString(line + "\n")
			continue
		}
		if strings.TrimSpace(line) == ".break" {
			buf.Reset()
			continue
		}
		if buf.Len() > 0 {
			buf.WriteByte('\n')
		}
		buf.WriteString(line)
		if incomplete(buf.String()) {
			continue
		}
		entry := buf.String()
		buf.Reset()
		if strings.TrimSpace(entry) == ".editor" {
			editor = true
			continue
		}
		r.entries = append(r.entries, entry)
		if quit := r.handle(entry); quit {
			return nil
		}
	}
	if buf.Len() > 0 {
		if quit := r.handle(buf.String()); quit {
			return nil
		}
	}
	r.drain()
	return <-done
}

func (r *REPL) runTerminal(tty *os.File) error {
	ed := lineedit.New(lineedit.Options{In: tty, Out: r.opts.Out, Complete: r.complete,
		Incomplete: func(text string) bool {
			if strings.HasSuffix(text, "\n.break") {
				return false
			}
			return incomplete(text)
		},
		Highlight: r.highlighter(), Palette: palette})
	for _, h := range loadHistory(r.opts.HistoryPath) {
		ed.AppendHistory(h)
	}
	ctrlC := false
	for {
		entry, err := ed.Read(lineedit.Prompt{Prompt: "toloka> ", Continue: "... ", Wake: r.rt.Ready(), OnWake: r.background})
		if r.exitCode != nil {
			return nil
		}
		switch {
		case errors.Is(err, lineedit.ErrInterrupted):
			if strings.TrimSpace(entry) != "" {
				ctrlC = false // Ctrl+C on a typed entry clears it, as in node
				continue
			}
			if ctrlC {
				return nil
			}
			fmt.Fprintln(r.opts.Out, "(To exit, press Ctrl+C again or Ctrl+D or type .exit)")
			ctrlC = true
			continue
		case errors.Is(err, io.EOF):
			return nil
		case err != nil:
			return err
		}
		ctrlC = false
		trimmed := strings.TrimSpace(entry)
		if trimmed == "" || strings.HasSuffix(entry, "\n.break") {
			continue
		}
		if trimmed == ".editor" {
			fmt.Fprintln(r.opts.Out, "// Entering editor mode (Ctrl+D to finish, Ctrl+C to cancel)")
			text, err := ed.Read(lineedit.Prompt{Paste: true, Wake: r.rt.Ready(), OnWake: r.background})
			if r.exitCode != nil {
				return nil
			}
			if err != nil || strings.TrimSpace(text) == "" {
				continue
			}
			entry = text
		}
		if r.remember(entry) {
			ed.AppendHistory(entry)
		}
		r.entries = append(r.entries, entry)
		if quit := r.handle(entry); quit {
			return nil
		}
	}
}

// background runs the timers and callbacks that are ready, between prompts;
// it reports whether the session should end (exit() in a callback).
func (r *REPL) background() bool {
	r.busy.Store(true)
	r.interrupted.Store(false)
	err := r.rt.RunReady(context.Background(), r.uncaught)
	r.busy.Store(false)
	return r.ended(err)
}

// drain waits for what is still pending when the input ends.
func (r *REPL) drain() {
	if !r.rt.Pending() {
		return
	}
	r.busy.Store(true)
	err := r.rt.Drain(context.Background(), r.uncaught)
	r.busy.Store(false)
	r.ended(err)
}

// ended handles what a run ended with: exit() ends the session, an interrupt
// or another error is reported.
func (r *REPL) ended(err error) bool {
	var ee *runtime.ExitError
	switch {
	case err == nil:
		return false
	case errors.As(err, &ee):
		code := ee.Code
		r.exitCode = &code
		return true
	}
	r.uncaught(err)
	return false
}

// uncaught prints an error nobody caught: "Uncaught TypeError: …".
func (r *REPL) uncaught(err error) {
	if r.interrupted.Load() {
		fmt.Fprintln(r.opts.Err, "interrupted by Ctrl+C")
		return
	}
	msg := "Uncaught " + err.Error()
	var se *runtime.ScriptError
	if errors.As(err, &se) {
		msg = se.Report(true)
	}
	// A line shown with a syntax error may hold the token typed by hand.
	for _, s := range r.opts.Secrets {
		if len(s) >= 6 { // a few characters are no token: hiding them would garble the message
			msg = strings.ReplaceAll(msg, s, "<redacted>")
		}
	}
	fmt.Fprintln(r.opts.Err, msg)
}
