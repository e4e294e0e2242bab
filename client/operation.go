package client

import "encoding/json"

// CONTRACT STUB (to be replaced by the real implementation; keep the exported names).

// Operation is a server-side asynchronous job.
type Operation struct {
	ID         string          `json:"id"`
	Type       string          `json:"type"`
	Status     string          `json:"status"`
	Progress   int             `json:"progress,omitempty"`
	Parameters json.RawMessage `json:"parameters,omitempty"`
	Details    json.RawMessage `json:"details,omitempty"`
}
