package streaming

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Storage keeps a pipeline's state between runs, under the pipeline's key:
// one JSON state per observer. Lock keeps two runs of one pipeline from
// sharing it.
type Storage interface {
	// Lock takes the key for one run; it fails at once when another run
	// holds it. The function it returns gives it back.
	Lock(key string) (unlock func() error, err error)
	// Load returns the saved states by observer key (nil: none saved).
	Load(key string) (map[string]json.RawMessage, error)
	// Save replaces the saved states, all at once: a crash leaves the old
	// ones or the new ones, never a mix.
	Save(key string, states map[string]json.RawMessage) error
	// Cleanup removes the saved states of a finished pipeline.
	Cleanup(key string) error
}

// JSONLocalStorage keeps each pipeline's state in a JSON file in a
// directory (toloka-kit's JSONLocalStorage): Dir/KEY.json, written to a
// temporary file and renamed over the old one, so it is whole at any
// instant; Dir/KEY.lock is locked (flock) while a run is on, and the lock
// goes with the process that holds it, however it ends.
type JSONLocalStorage struct {
	Dir string
}

var unsafeName = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

func (s JSONLocalStorage) path(key, ext string) string {
	name := strings.Trim(unsafeName.ReplaceAllString(key, "_"), "._")
	if name == "" {
		name = "pipeline"
	}
	return filepath.Join(s.Dir, name+ext)
}

type savedState struct {
	Pipeline  string                     `json:"pipeline"`
	Saved     string                     `json:"saved"`
	Observers map[string]json.RawMessage `json:"observers"`
}

// ErrLocked says another run holds a pipeline's storage.
var ErrLocked = errors.New("the pipeline's storage is in use by another run")

// Lock takes Dir/KEY.lock, writing this process's id into it.
func (s JSONLocalStorage) Lock(key string) (func() error, error) {
	if err := os.MkdirAll(s.Dir, 0o755); err != nil {
		return nil, fmt.Errorf("JSONLocalStorage: %w", err)
	}
	path := s.path(key, ".lock")
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("JSONLocalStorage: %w", err)
	}
	if err := lockFile(f); err != nil {
		holder, _ := os.ReadFile(path)
		f.Close()
		who := strings.TrimSpace(string(holder))
		if who != "" {
			who = " (process " + who + ")"
		}
		return nil, fmt.Errorf("JSONLocalStorage(%s): pipeline %q: %w%s", s.Dir, key, ErrLocked, who)
	}
	f.Truncate(0)
	f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	return func() error {
		f.Truncate(0)
		unlockFile(f)
		return f.Close()
	}, nil
}

// Load reads Dir/KEY.json, if there is one.
func (s JSONLocalStorage) Load(key string) (map[string]json.RawMessage, error) {
	data, err := os.ReadFile(s.path(key, ".json"))
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("JSONLocalStorage: %w", err)
	}
	var st savedState
	if err := json.Unmarshal(data, &st); err != nil {
		return nil, fmt.Errorf("JSONLocalStorage: %s: %w", s.path(key, ".json"), err)
	}
	if st.Pipeline != key {
		return nil, fmt.Errorf("JSONLocalStorage: %s holds pipeline %q, not %q", s.path(key, ".json"), st.Pipeline, key)
	}
	return st.Observers, nil
}

// Save writes Dir/KEY.json atomically: a temporary file in the same
// directory, synced, then renamed over the old one.
func (s JSONLocalStorage) Save(key string, states map[string]json.RawMessage) error {
	data, err := json.MarshalIndent(savedState{Pipeline: key, Saved: time.Now().UTC().Format(time.RFC3339Nano), Observers: states}, "", "  ")
	if err != nil {
		return fmt.Errorf("JSONLocalStorage: %w", err)
	}
	path := s.path(key, ".json")
	tmp, err := os.CreateTemp(s.Dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("JSONLocalStorage: %w", err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(append(data, '\n')); err != nil {
		tmp.Close()
		return fmt.Errorf("JSONLocalStorage: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("JSONLocalStorage: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("JSONLocalStorage: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("JSONLocalStorage: %w", err)
	}
	return nil
}

// Cleanup removes Dir/KEY.json.
func (s JSONLocalStorage) Cleanup(key string) error {
	if err := os.Remove(s.path(key, ".json")); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("JSONLocalStorage: %w", err)
	}
	return nil
}
