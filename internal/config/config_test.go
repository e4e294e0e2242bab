package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSaveIsOwnerOnlyAndKeepsUnknownKeys(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", dir)
	os.MkdirAll(Dir(), 0o755)
	written := `{"default": "work", "editor": {"tab": 2},
  "profiles": {"work": {"token": "T-1", "env": "sandbox", "region": "eu"}, "empty": {}}}`
	os.WriteFile(Path(), []byte(written), 0o644)

	var warned []string
	f, err := Load(func(m string) { warned = append(warned, m) })
	if err != nil {
		t.Fatal(err)
	}
	if len(warned) != 1 || !strings.Contains(warned[0], "chmod 600") || strings.Contains(warned[0], "T-1") {
		t.Errorf("a readable file is warned about, without its contents: %q", warned)
	}
	if f.Default != "work" || f.Profiles["work"].Token != "T-1" || f.Profiles["work"].Env != "sandbox" {
		t.Fatalf("loaded %+v", f)
	}
	f.Profiles["new"] = &Profile{Token: "T-2", URL: "http://127.0.0.1:7070"}
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]os.FileMode{Path(): 0o600, Dir(): 0o700} {
		if info, err := os.Stat(path); err != nil || info.Mode().Perm() != want {
			t.Errorf("%s: %v %v, want mode %v", path, info.Mode().Perm(), err, want)
		}
	}
	if leftovers, _ := filepath.Glob(filepath.Join(Dir(), ".config-*")); len(leftovers) != 0 {
		t.Errorf("temporary files left: %v", leftovers)
	}

	warned = nil
	g, err := Load(func(m string) { warned = append(warned, m) })
	if err != nil || len(warned) != 0 {
		t.Fatalf("%v %q", err, warned)
	}
	data, _ := os.ReadFile(Path())
	for _, want := range []string{`"region": "eu"`, `"editor": {`, `"tab": 2`, `"T-2"`} {
		if !strings.Contains(string(data), want) {
			t.Errorf("saved file lacks %s:\n%s", want, data)
		}
	}
	if g.Profiles["new"].URL != "http://127.0.0.1:7070" || g.Profiles["empty"] == nil {
		t.Errorf("round trip: %+v", g.Profiles)
	}
}

func TestLoadErrorsNameTheFile(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	if f, err := Load(nil); err != nil || len(f.Profiles) != 0 {
		t.Fatalf("a missing file is an empty config: %v %v", f, err)
	}
	os.MkdirAll(Dir(), 0o700)
	os.WriteFile(Path(), []byte(`{"profiles": [}`), 0o600)
	if _, err := Load(nil); err == nil || !strings.Contains(err.Error(), Path()) {
		t.Errorf("a broken file: %v", err)
	}
}

func TestDirsFollowXDG(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", "/x/config")
	t.Setenv("XDG_STATE_HOME", "/x/state")
	if Path() != "/x/config/tolokash/config.json" || StateDir() != "/x/state/tolokash" {
		t.Errorf("%s %s", Path(), StateDir())
	}
	t.Setenv("XDG_CONFIG_HOME", "")
	t.Setenv("XDG_STATE_HOME", "")
	t.Setenv("HOME", "/home/u")
	if Path() != "/home/u/.config/tolokash/config.json" || StateDir() != "/home/u/.local/state/tolokash" {
		t.Errorf("%s %s", Path(), StateDir())
	}
}
