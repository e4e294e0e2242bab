// Package config reads and writes tolokash's profiles: named sets of token,
// environment and URL kept owner-only in the user's config directory.
package config

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// Profile is one named connection.
type Profile struct {
	Token             string `json:"token,omitempty"`
	Env               string `json:"env,omitempty"`
	URL               string `json:"url,omitempty"`
	ActUnderAccountID string `json:"act_under_account_id,omitempty"`
	Shell             *Shell `json:"shell,omitempty"` // the shell's settings when this profile is used

	// unknown keeps keys this version does not know (written by a newer
	// tolokash or by hand), so saving the file does not drop them.
	unknown map[string]json.RawMessage
}

// Shell is the shell's settings, changed with config.set in the shell; an
// absent one takes its default.
type Shell struct {
	Depth    *int  `json:"depth,omitempty"`     // how deep results print (-1: all)
	PageSize *int  `json:"page_size,omitempty"` // items of a lazy iterator per page
	Width    *int  `json:"width,omitempty"`     // columns results and tables use (absent: the terminal's)
	Colors   *bool `json:"colors,omitempty"`    // absent: on a terminal, unless NO_COLOR
}

// File is the whole config file.
type File struct {
	Default  string              `json:"default,omitempty"`
	Profiles map[string]*Profile `json:"profiles"`
	Shell    *Shell              `json:"shell,omitempty"` // the shell's settings with no profile (--local)

	unknown map[string]json.RawMessage
}

type (
	profileFields Profile
	fileFields    File
)

func (p *Profile) UnmarshalJSON(data []byte) error {
	return unmarshalKeeping(data, (*profileFields)(p), &p.unknown)
}

func (p Profile) MarshalJSON() ([]byte, error) {
	return marshalKeeping(profileFields(p), p.unknown)
}

func (f *File) UnmarshalJSON(data []byte) error {
	return unmarshalKeeping(data, (*fileFields)(f), &f.unknown)
}

func (f File) MarshalJSON() ([]byte, error) {
	return marshalKeeping(fileFields(f), f.unknown)
}

// unmarshalKeeping decodes data into known and the keys known does not have into unknown.
func unmarshalKeeping(data []byte, known any, unknown *map[string]json.RawMessage) error {
	if err := json.Unmarshal(data, known); err != nil {
		return err
	}
	var all map[string]json.RawMessage
	if err := json.Unmarshal(data, &all); err != nil {
		return err
	}
	for k := range all {
		if isField(known, k) {
			delete(all, k)
		}
	}
	if len(all) > 0 {
		*unknown = all
	}
	return nil
}

// isField reports whether key is one of the JSON names of v's fields.
func isField(v any, key string) bool {
	switch v.(type) {
	case *profileFields:
		switch key {
		case "token", "env", "url", "act_under_account_id", "shell":
			return true
		}
	case *fileFields:
		return key == "default" || key == "profiles" || key == "shell"
	}
	return false
}

func marshalKeeping(known any, unknown map[string]json.RawMessage) ([]byte, error) {
	data, err := json.Marshal(known)
	if err != nil || len(unknown) == 0 {
		return data, err
	}
	var all map[string]json.RawMessage
	if err := json.Unmarshal(data, &all); err != nil {
		return nil, err
	}
	for k, v := range unknown {
		if _, ok := all[k]; !ok {
			all[k] = v
		}
	}
	return json.Marshal(all)
}

// Dir is $XDG_CONFIG_HOME/tolokash (or ~/.config/tolokash).
func Dir() string {
	if d := os.Getenv("XDG_CONFIG_HOME"); d != "" {
		return filepath.Join(d, "tolokash")
	}
	home, _ := os.UserHomeDir()
	return filepath.Join(home, ".config", "tolokash")
}

// StateDir is $XDG_STATE_HOME/tolokash (or ~/.local/state/tolokash): history lives there.
func StateDir() string {
	if d := os.Getenv("XDG_STATE_HOME"); d != "" {
		return filepath.Join(d, "tolokash")
	}
	home, _ := os.UserHomeDir()
	return filepath.Join(home, ".local", "state", "tolokash")
}

// Path is the config file.
func Path() string { return filepath.Join(Dir(), "config.json") }

// Load reads the config file; a missing file is an empty config. warn gets a
// message when others may read the file.
func Load(warn func(string)) (*File, error) {
	f := &File{Profiles: map[string]*Profile{}}
	path := Path()
	info, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return f, nil
	}
	if err != nil {
		return nil, err
	}
	if info.Mode().Perm()&0o077 != 0 && warn != nil {
		warn(fmt.Sprintf("warning: %s can be read by other users (mode %v); it holds tokens: chmod 600 %s", path, info.Mode().Perm(), path))
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(data, f); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if f.Profiles == nil {
		f.Profiles = map[string]*Profile{}
	}
	return f, nil
}

// Save writes the config owner-only and atomically.
func (f *File) Save() error {
	dir := Dir()
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	// The directory is tolokash's own: tighten it if it was made readable.
	if err := os.Chmod(dir, 0o700); err != nil {
		return err
	}
	data, err := json.MarshalIndent(f, "", "  ")
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, ".config-*.json")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return err
	}
	if _, err := tmp.Write(append(data, '\n')); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), Path()); err != nil {
		return fmt.Errorf("saving %s: %w", Path(), err)
	}
	return nil
}
