package emulator

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/klauspost/compress/zstd"
)

// snapshot is the saved form of the whole state.
type snapshot struct {
	Version      int                        `json:"version"`
	Seq          uint64                     `json:"seq"`
	Counter      map[string]int64           `json:"counter"`
	Requester    object                     `json:"requester"`
	Balance      string                     `json:"balance"`
	Collections  map[string][]object        `json:"collections"`
	OpLogs       map[string][]object        `json:"op_logs"`
	Aggregations map[string][]object        `json:"aggregations"`
	Files        map[string][]byte          `json:"files"`
	Workers      []*worker                  `json:"workers"`
	Done         map[string]map[string]bool `json:"done"`
	Crowd        *crowd                     `json:"crowd,omitempty"`
}

func (st *state) collections() map[string]*collection {
	return map[string]*collection{"projects": st.projects, "pools": st.pools, "trainings": st.trainings, "skills": st.skills,
		"tasks": st.tasks, "suites": st.suites, "assignments": st.assignments, "attachments": st.attachments,
		"operations": st.operations, "bonuses": st.bonuses, "restrictions": st.restrictions, "user_skills": st.userSk,
		"threads": st.threads, "webhooks": st.webhooks, "users": st.users, "app_projects": st.appProjects,
		"app_items": st.appItems, "app_batches": st.appBatches, "apps": st.apps}
}

// Snapshot writes the whole state, zstd-compressed.
func (s *Server) Snapshot(w io.Writer) error {
	s.mu.Lock()
	st := s.st
	snap := snapshot{Version: 1, Seq: st.seq, Counter: st.counter, Requester: st.requester, Balance: st.balance.RatString(),
		Collections: map[string][]object{}, OpLogs: st.opLogs, Aggregations: st.aggregations, Files: st.files,
		Workers: st.workers, Done: st.done, Crowd: st.crowd}
	for name, c := range st.collections() {
		var objs []object
		c.peekEach(func(o object) bool { objs = append(objs, o); return true })
		snap.Collections[name] = objs
	}
	data, err := json.Marshal(snap)
	s.mu.Unlock()
	if err != nil {
		return fmt.Errorf("emulator snapshot: %w", err)
	}
	enc, err := zstd.NewWriter(w)
	if err != nil {
		return err
	}
	if _, err := enc.Write(data); err != nil {
		enc.Close()
		return fmt.Errorf("emulator snapshot: %w", err)
	}
	return enc.Close()
}

// Restore replaces the state with a snapshot.
func (s *Server) Restore(r io.Reader) error {
	dec, err := zstd.NewReader(r)
	if err != nil {
		return fmt.Errorf("emulator restore: %w", err)
	}
	defer dec.Close()
	d := json.NewDecoder(dec)
	d.UseNumber()
	var snap snapshot
	if err := d.Decode(&snap); err != nil {
		return fmt.Errorf("emulator restore: %w", err)
	}
	if snap.Version != 1 {
		return fmt.Errorf("emulator restore: unknown snapshot version %d", snap.Version)
	}
	st := newState(s.opts)
	st.seq, st.counter, st.requester = snap.Seq, snap.Counter, snap.Requester
	if st.counter == nil {
		st.counter = map[string]int64{}
	}
	if _, ok := st.counter[idCounter]; !ok {
		for _, n := range snap.Counter { // per-kind counters: go on past the highest
			st.counter[idCounter] = max(st.counter[idCounter], n)
		}
	}
	bal, ok := new(big.Rat).SetString(snap.Balance)
	if !ok {
		return fmt.Errorf("emulator restore: bad balance %q", snap.Balance)
	}
	st.balance = bal
	// Handlers hold the current collections, so fill those rather than new ones.
	s.mu.Lock()
	defer s.mu.Unlock()
	st.adoptCollections(s.st)
	colls := st.collections()
	for _, c := range colls {
		unordered := c.unordered
		*c = *newCollection(c.indexed...)
		c.unordered = unordered
	}
	for name, objs := range snap.Collections {
		c, ok := colls[name]
		if !ok {
			return fmt.Errorf("emulator restore: unknown collection %q", name)
		}
		for _, o := range objs {
			if done, ok := o["_done_at"].(json.Number); ok {
				n, _ := done.Int64()
				o["_done_at"] = n
			}
			c.add(o)
		}
	}
	st.opLogs, st.aggregations, st.files, st.workers, st.done = snap.OpLogs, snap.Aggregations, snap.Files, snap.Workers, snap.Done
	st.crowd = snap.Crowd.fill()
	for _, m := range []*map[string][]object{&st.opLogs, &st.aggregations} {
		if *m == nil {
			*m = map[string][]object{}
		}
	}
	if st.files == nil {
		st.files = map[string][]byte{}
	}
	st.pools.each(func(p object) bool {
		if p["status"] == "OPEN" {
			st.open[str(p["id"])] = true
		}
		return true
	})
	st.resume(time.Now())
	*s.st = *st // handlers hold s.st; replace what it points at
	return nil
}

// SaveState writes a snapshot to path atomically: the snapshot is made in
// memory first, then written to a temporary file beside path, synced and
// renamed over it. A kill while the state is being encoded (the long part)
// leaves nothing behind; a kill in the short write leaves a temporary file
// that the next LoadState or SaveState of path removes.
func (s *Server) SaveState(path string) error {
	var buf bytes.Buffer
	if err := s.Snapshot(&buf); err != nil {
		return err
	}
	removeStaleTemps(path)
	tmp, err := os.CreateTemp(filepath.Dir(path), tempPattern(path))
	if err != nil {
		return fmt.Errorf("emulator save: %w", err)
	}
	defer os.Remove(tmp.Name())
	_, err = tmp.Write(buf.Bytes())
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		return fmt.Errorf("emulator save: %w", err)
	}
	if d, err := os.Open(filepath.Dir(path)); err == nil {
		d.Sync() // the rename itself on disk
		d.Close()
	}
	return nil
}

func tempPattern(path string) string { return "." + filepath.Base(path) + ".tmp-*" }

// removeStaleTemps removes what a save of path killed mid-write left.
func removeStaleTemps(path string) {
	dir, prefix := filepath.Dir(path), "."+filepath.Base(path)+".tmp-"
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), prefix) && e.Type().IsRegular() {
			os.Remove(filepath.Join(dir, e.Name()))
		}
	}
}

// LoadState restores a snapshot from path.
func (s *Server) LoadState(path string) error {
	removeStaleTemps(path)
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("emulator load: %w", err)
	}
	defer f.Close()
	return s.Restore(f)
}

// adoptCollections makes st use other's collection objects.
func (st *state) adoptCollections(other *state) {
	st.projects, st.pools, st.trainings, st.skills = other.projects, other.pools, other.trainings, other.skills
	st.tasks, st.suites, st.assignments, st.attachments = other.tasks, other.suites, other.assignments, other.attachments
	st.operations, st.bonuses, st.restrictions, st.userSk = other.operations, other.bonuses, other.restrictions, other.userSk
	st.threads, st.webhooks, st.users = other.threads, other.webhooks, other.users
	st.appProjects, st.appItems, st.appBatches, st.apps = other.appProjects, other.appItems, other.appBatches, other.apps
}
