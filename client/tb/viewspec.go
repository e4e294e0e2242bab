package tb

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/tolokash/tolokash/client"
	"github.com/tolokash/tolokash/client/internal/wire"
)

// ViewSpec is a task interface built with Template Builder: toloka-kit's
// TemplateBuilderViewSpec. Build writes it as Toloka takes it.
type ViewSpec struct {
	View    Component
	Plugins []Component
	Vars    map[string]any
	// Settings are the standard buttons and texts of the task page.
	Settings *client.ViewSpecSettings
	// CoreVersion is the Template Builder core version; "" means "1.0.0".
	CoreVersion   string
	InferDataSpec bool
}

// Build writes the interface as a project's view_spec: the config as a JSON
// string (indented by four spaces, as toloka-kit writes it) and a lock holding
// the version of each component type, which leaves the config; two versions
// of one type are an error.
func (s ViewSpec) Build() (*client.ViewSpec, error) {
	raw, err := json.Marshal(TemplateBuilder{View: s.View, Plugins: s.Plugins, Vars: s.Vars})
	if err != nil {
		return nil, fmt.Errorf("tb.ViewSpec: %w", wire.Unwrap(err))
	}
	config, err := parseOrdered(raw)
	if err != nil {
		return nil, fmt.Errorf("tb.ViewSpec: %w", err)
	}
	core := s.CoreVersion
	if core == "" {
		core = "1.0.0"
	}
	lock := map[string]string{"core": core}
	var lockErr error
	config.walk(func(o *ordered) {
		typ, hasType := o.get("type")
		ver, hasVersion := o.get("version")
		t, _ := typ.(string)
		if !hasType || !hasVersion || t == "" || strings.HasPrefix(t, "data.") {
			return
		}
		v, _ := ver.(string)
		o.remove("version")
		if old, ok := lock[t]; ok && old != v && lockErr == nil {
			lockErr = fmt.Errorf("tb.ViewSpec: two versions of %s: %s and %s", t, old, v)
		}
		if _, ok := lock[t]; !ok {
			lock[t] = v
		}
	})
	if lockErr != nil {
		return nil, lockErr
	}
	var b bytes.Buffer
	config.write(&b, "")
	infer := s.InferDataSpec
	return &client.ViewSpec{Type: "tb", Settings: s.Settings, Config: b.String(), Lock: lock, InferDataSpec: &infer}, nil
}

// Parse reads a Template Builder view spec back: the config's components, with
// the lock's versions put back in them.
func Parse(v *client.ViewSpec) (*ViewSpec, error) {
	if v == nil || v.Type != "tb" {
		return nil, fmt.Errorf("tb.Parse: not a Template Builder view spec")
	}
	var config map[string]json.RawMessage
	if err := json.Unmarshal([]byte(v.Config), &config); err != nil {
		return nil, fmt.Errorf("tb.Parse: config: %w", err)
	}
	withVersions, err := relock(v.Config, v.Lock)
	if err != nil {
		return nil, err
	}
	var tbc TemplateBuilder
	if err := tbc.UnmarshalJSON(withVersions); err != nil {
		return nil, fmt.Errorf("tb.Parse: %w", err)
	}
	out := &ViewSpec{View: tbc.View, Plugins: tbc.Plugins, Vars: tbc.Vars, Settings: v.Settings, CoreVersion: v.Lock["core"]}
	if v.InferDataSpec != nil {
		out.InferDataSpec = *v.InferDataSpec
	}
	return out, nil
}

// relock puts the lock's versions back into the components of a config.
func relock(config string, lock map[string]string) ([]byte, error) {
	root, err := parseOrdered([]byte(config))
	if err != nil {
		return nil, fmt.Errorf("tb.Parse: config: %w", err)
	}
	root.walk(func(o *ordered) {
		if t, ok := o.get("type"); ok {
			if s, ok := t.(string); ok && lock[s] != "" {
				o.set("version", lock[s])
			}
		}
	})
	var b bytes.Buffer
	root.write(&b, "")
	return b.Bytes(), nil
}
