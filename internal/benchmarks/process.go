package benchmarks

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// Build compiles the tolokash command into dir and returns its path.
func Build(moduleRoot, dir string) (string, error) {
	bin := filepath.Join(dir, "tolokash")
	cmd := exec.Command("go", "build", "-o", bin, "./cmd/tolokash")
	cmd.Dir = moduleRoot
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0") // as `make build` builds it
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("build tolokash: %v\n%s", err, out)
	}
	return bin, nil
}

// Emulator is a `tolokash emulator` child process: a separate process, so the
// benchmark's own memory and CPU figures are the client's alone.
type Emulator struct {
	URL  string
	cmd  *exec.Cmd
	done chan error
}

// StartEmulator runs the emulator with a closed pool of n submitted assignments
// (none when n is 0) and waits until it listens.
func StartEmulator(bin string, n int, extra ...string) (*Emulator, error) {
	args := append([]string{"emulator", "--addr", "127.0.0.1:0", "--demo-assignments", strconv.Itoa(n)}, extra...)
	cmd := exec.Command(bin, args...)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	e := &Emulator{cmd: cmd, done: make(chan error, 1)}
	urls := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if _, url, ok := strings.Cut(sc.Text(), "listening on "); ok {
				urls <- url
			}
		}
		e.done <- cmd.Wait()
	}()
	select {
	case e.URL = <-urls:
		return e, nil
	case err := <-e.done:
		return nil, fmt.Errorf("the emulator stopped before listening: %v", err)
	case <-time.After(5 * time.Minute):
		cmd.Process.Kill()
		return nil, fmt.Errorf("the emulator did not listen within 5 minutes")
	}
}

// RSS is the emulator's current resident memory in MiB.
func (e *Emulator) RSS() float64 {
	return procStatusMiB(fmt.Sprintf("/proc/%d/status", e.cmd.Process.Pid), "VmRSS")
}

// Stop ends the emulator.
func (e *Emulator) Stop() {
	e.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-e.done:
	case <-time.After(10 * time.Second):
		e.cmd.Process.Kill()
		<-e.done
	}
}

// RunCommand runs bin with args and extra environment, and returns its
// standard output and its peak resident memory in MiB: what a script ending
// with PeakFooter printed, else the rusage figure.
//
// The rusage figure is never below this process's own resident memory when
// it started the child: the child shares its memory until it execs, and
// Linux counts the peak of both. A benchmark that holds replayed pages would
// report them as every child's, so scripts report their own peak instead.
func RunCommand(bin string, env []string, args ...string) (string, float64, error) {
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), env...)
	var out, errOut strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	if err != nil {
		return out.String() + errOut.String(), 0, err
	}
	for line := range strings.SplitSeq(errOut.String(), "\n") {
		if kb, ok := strings.CutPrefix(line, peakMarker); ok {
			n, _ := strconv.ParseFloat(strings.TrimSpace(kb), 64)
			return out.String(), n / 1024, nil
		}
	}
	var rss float64
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		rss = float64(ru.Maxrss) / 1024 // kilobytes on Linux
	}
	return out.String(), rss, nil
}

const peakMarker = "tolokash-bench peak RSS kB: "

// PeakFooter ends a benchmark script: it prints the process's peak resident
// memory (VmHWM) to standard error for RunCommand. Where there is no /proc
// it prints nothing, and RunCommand falls back on rusage.
const PeakFooter = `
{
  const fs = require('fs')
  let status = ''
  try { status = fs.readFile('/proc/self/status') } catch (e) {} // not Linux: RunCommand uses rusage
  const hwm = status.match(/VmHWM:\s*(\d+)/)
  if (hwm) console.error('` + peakMarker + `' + hwm[1])
}
`
