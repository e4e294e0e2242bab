package stdlib

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/dop251/goja"
	"github.com/dop251/goja_nodejs/require"
	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zstd"
)

func newVMWithModules(t *testing.T, opts Options) *goja.Runtime {
	t.Helper()
	vm := newVM(t, opts)
	reg := require.NewRegistry()
	RegisterModules(reg, nil)
	reg.Enable(vm)
	return vm
}

// TestCompressRefusesFakeViews: an object that looks like a typed array but
// points past its buffer is a TypeError naming the bounds, not a Go panic.
func TestCompressRefusesFakeViews(t *testing.T) {
	vm := newVMWithModules(t, Options{})
	for _, src := range []string{
		`require('compress').gzip({buffer: new ArrayBuffer(1), byteOffset: 0, byteLength: 100})`,
		`require('compress').gzip({buffer: new ArrayBuffer(8), byteOffset: 6, byteLength: 4})`,
		`require('compress').zstd({buffer: new ArrayBuffer(8), byteOffset: -1, byteLength: 1})`,
	} {
		_, err := runCaught(vm, src)
		if err == nil || !strings.Contains(err.Error(), "TypeError") || !strings.Contains(err.Error(), "within the") {
			t.Errorf("%s: want a TypeError naming the bounds, got %v", src, err)
		}
	}
	// Real views still work, offsets and all.
	v := run(t, vm, `const z = require('compress'); const u = new Uint8Array([0, 104, 105, 0]);
		String.fromCharCode(...new Uint8Array(z.gunzip(z.gzip(new Uint8Array(u.buffer, 1, 2)))))`)
	if v.String() != "hi" {
		t.Errorf("a real view: %q", v)
	}
}

// runCaught runs src and returns a Go panic escaping goja as an error too, so
// a test can tell "a JS exception" from "the host would crash".
func runCaught(vm *goja.Runtime, src string) (v goja.Value, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = errors.New("Go panic escaped the VM: " + strings.TrimSpace(strings.SplitN(fmtAny(p), "\n", 2)[0]))
		}
	}()
	return vm.RunString(src)
}

func fmtAny(p any) string {
	if e, ok := p.(error); ok {
		return e.Error()
	}
	if s, ok := p.(string); ok {
		return s
	}
	return "panic"
}

// TestDecompressionIsBounded: a gzip or zstd bomb stops at what Reserve
// allows, with a RangeError, and at the run's end (a cancelled context).
func TestDecompressionIsBounded(t *testing.T) {
	bomb := func(compress func(*bytes.Buffer) func([]byte)) []byte {
		var b bytes.Buffer
		write := compress(&b)
		zeros := make([]byte, 1<<20)
		for i := 0; i < 64; i++ {
			write(zeros)
		}
		write(nil)
		return b.Bytes()
	}
	gz := bomb(func(b *bytes.Buffer) func([]byte) {
		w := gzip.NewWriter(b)
		return func(p []byte) {
			if p == nil {
				w.Close()
			}
			w.Write(p)
		}
	})
	zs := bomb(func(b *bytes.Buffer) func([]byte) {
		w, _ := zstd.NewWriter(b)
		return func(p []byte) {
			if p == nil {
				w.Close()
			}
			w.Write(p)
		}
	})
	var asked int64
	budget := int64(8 << 20)
	vm := newVMWithModules(t, Options{Reserve: func(n int64) error {
		if asked += n; asked > budget {
			return errors.New("memory limit exceeded: 8 MiB")
		}
		return nil
	}})
	vm.Set("gz", vm.NewArrayBuffer(gz))
	vm.Set("zs", vm.NewArrayBuffer(zs))
	for _, src := range []string{`require('compress').gunzip(gz).length`, `require('compress').unzstd(zs).length`} {
		asked = 0
		_, err := runCaught(vm, src)
		if err == nil || !strings.Contains(err.Error(), "RangeError") || !strings.Contains(err.Error(), "memory limit exceeded") {
			t.Errorf("%s: a 64 MiB bomb must stop at an 8 MiB budget with a RangeError: %v", src, err)
		}
	}

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	vm = newVMWithModules(t, Options{Context: func() context.Context { return ctx }})
	vm.Set("gz", vm.NewArrayBuffer(gz))
	if _, err := runCaught(vm, `require('compress').gunzip(gz)`); err == nil || !strings.Contains(err.Error(), "canceled") {
		t.Errorf("a run that ended must stop decompressing: %v", err)
	}
}

// TestJoinAsksForItsResult: a join whose keys multiply asks for the memory
// of its whole result before making it.
func TestJoinAsksForItsResult(t *testing.T) {
	var asked int64
	vm := newVM(t, Options{Reserve: func(n int64) error {
		asked = max(asked, n)
		if n > 1<<20 {
			return errors.New("memory limit exceeded")
		}
		return nil
	}})
	_, err := runCaught(vm, `const a = DataFrame.fromRecords(Array.from({length: 3000}, () => ({k: 1, x: 2})));
		a.join(a, ['k']).length`)
	if err == nil || !strings.Contains(err.Error(), "RangeError") || asked < 3000*3000*16 {
		t.Errorf("a 3000 × 3000 join must ask for its 9M rows first: asked %d, %v", asked, err)
	}
}

// TestSleepRefusesWhatIsNotAWait: sleep(1e15) is a RangeError, not an
// instant return through an overflowing duration.
func TestSleepRefusesWhatIsNotAWait(t *testing.T) {
	vm := newVM(t, Options{})
	for _, src := range []string{`sleep(1e15)`, `sleep(Infinity)`} {
		if _, err := vm.RunString(src); err == nil || !strings.Contains(err.Error(), "RangeError") {
			t.Errorf("%s: want a RangeError, got %v", src, err)
		}
	}
	if _, err := vm.RunString(`sleep(-1)`); err == nil || !strings.Contains(err.Error(), "TypeError") {
		t.Errorf("sleep(-1): want a TypeError, got %v", err)
	}
}

// TestReplacedFilesKeepTheirMode: writing over a 0644 file leaves it 0644
// (not the temporary file's 0600); a new file gets 0666 less the umask.
func TestReplacedFilesKeepTheirMode(t *testing.T) {
	dir := t.TempDir()
	vm := newVMWithModules(t, Options{})
	vm.Set("dir", dir)
	for name, mode := range map[string]os.FileMode{"shared.csv": 0o644, "group.json": 0o640, "exec.txt": 0o755} {
		path := filepath.Join(dir, name)
		os.WriteFile(path, []byte("old"), mode)
		os.Chmod(path, mode)
	}
	run(t, vm, `const fs = require('fs');
		DataFrame.fromRecords([{a: 1}]).toCSV(dir + '/shared.csv');
		fs.writeJSON(dir + '/group.json', {a: 1});
		fs.writeFile(dir + '/exec.txt', 'new');
		fs.writeFile(dir + '/fresh.txt', 'new')`)
	old := syscall.Umask(0o022)
	syscall.Umask(old)
	for name, want := range map[string]os.FileMode{"shared.csv": 0o644, "group.json": 0o640, "exec.txt": 0o755, "fresh.txt": 0o666 &^ os.FileMode(old)} {
		fi, err := os.Stat(filepath.Join(dir, name))
		if err != nil || fi.Mode().Perm() != want {
			t.Errorf("%s: mode %v, want %v (%v)", name, fi.Mode().Perm(), want, err)
		}
	}
}

// TestUnclosedWriterLeavesNothing: a csv writer a script never closes leaves
// no temporary file once the VM is done with, and the target as it was.
func TestUnclosedWriterLeavesNothing(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "out.csv"), []byte("before\n"), 0o644)
	vm := newVMWithModules(t, Options{})
	vm.Set("dir", dir)
	run(t, vm, `const w = require('csv').writer(dir + '/out.csv', {columns: ['a']}); w.write({a: 1});
		const done = require('csv').writer(dir + '/done.csv', {columns: ['a']}); done.write({a: 2}); done.close()`)
	if got := AbortUnclosed(vm); len(got) != 1 || !strings.HasSuffix(got[0], "out.csv") {
		t.Errorf("AbortUnclosed should name out.csv: %v", got)
	}
	entries, _ := os.ReadDir(dir)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if len(names) != 2 || names[0] != "done.csv" || names[1] != "out.csv" {
		t.Errorf("the directory should hold done.csv and out.csv only: %v", names)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "out.csv")); string(b) != "before\n" {
		t.Errorf("out.csv changed: %q", b)
	}
}
