package repl

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
)

var secretish = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)login|token|TolokaClient\s*\(|authorization`)
})

// secret reports whether an entry may hold a secret: the token, or a line
// that looks like it sets one.
func (r *REPL) secret(entry string) bool {
	if secretish().MatchString(entry) {
		return true
	}
	for _, s := range r.opts.Secrets {
		if s != "" && strings.Contains(entry, s) {
			return true
		}
	}
	return false
}

// remember appends an entry to the history file unless it may hold a secret.
func (r *REPL) remember(entry string) bool {
	if r.secret(entry) {
		return false
	}
	if r.history != nil {
		b, _ := json.Marshal(entry) // one line per entry, newlines escaped
		r.history.Write(append(b, '\n'))
	}
	return true
}

// historyLimit is how many entries a session recalls; the file is cut back to
// that many when it has grown to twice as many.
const historyLimit = 1000

// compactHistory rewrites a history file that has grown past twice the limit
// with its last historyLimit entries, through a temporary file and a rename so
// a crash never leaves it half written.
func compactHistory(path string) {
	data, err := os.ReadFile(path)
	if err != nil || bytes.Count(data, []byte("\n")) <= 2*historyLimit {
		return
	}
	var b bytes.Buffer
	for _, e := range loadHistory(path) {
		line, _ := json.Marshal(e)
		b.Write(append(line, '\n'))
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".history-*")
	if err != nil {
		return
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(b.Bytes()); err != nil || tmp.Chmod(0o600) != nil || tmp.Close() != nil {
		tmp.Close()
		return
	}
	os.Rename(tmp.Name(), path)
}

func loadHistory(path string) []string {
	if path == "" {
		return nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil
	}
	var out []string
	for _, line := range strings.Split(string(data), "\n") {
		var s string
		if json.Unmarshal([]byte(line), &s) == nil && s != "" {
			out = append(out, s)
		}
	}
	if len(out) > historyLimit {
		out = out[len(out)-historyLimit:]
	}
	return out
}
