package streaming

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/tolokash/tolokash/client"
)

// EventType is what happened to an assignment, as toloka-kit's
// AssignmentEvent.Type: each is read by the assignment's time field of the
// same name in lower case (SUBMITTED by submitted, …).
type EventType string

const (
	Created   EventType = "CREATED"
	Submitted EventType = "SUBMITTED"
	Accepted  EventType = "ACCEPTED"
	Rejected  EventType = "REJECTED"
	Skipped   EventType = "SKIPPED"
	Expired   EventType = "EXPIRED"
)

// EventTypes are the assignment events in the order observers deliver them
// within one pass.
var EventTypes = []EventType{Created, Submitted, Accepted, Rejected, Skipped, Expired}

// TimeField is the assignment field the event is read by.
func (t EventType) TimeField() string { return strings.ToLower(string(t)) }

// ParseEventType reads an event type in any case.
func ParseEventType(s string) (EventType, error) {
	for _, t := range EventTypes {
		if strings.EqualFold(s, string(t)) {
			return t, nil
		}
	}
	names := make([]string, len(EventTypes))
	for i, t := range EventTypes {
		names[i] = string(t)
	}
	return "", fmt.Errorf("unknown assignment event %q: one of %s", s, strings.Join(names, ", "))
}

// AssignmentEvent is an assignment that was created, submitted, accepted,
// rejected, skipped or expired: toloka-kit's AssignmentEvent.
type AssignmentEvent struct {
	Type       EventType
	Time       client.Timestamp // when it happened (the assignment's field of the event's name)
	Assignment json.RawMessage  // the assignment as the server sent it
}

// Decode reads the assignment into the client's type.
func (e AssignmentEvent) Decode() (*client.Assignment, error) {
	a := new(client.Assignment)
	if err := json.Unmarshal(e.Assignment, a); err != nil {
		return nil, fmt.Errorf("assignment event: %w", err)
	}
	return a, nil
}

// MarshalJSON writes the event as toloka-kit's unstructure() does:
// {event_type, event_time, assignment}.
func (e AssignmentEvent) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Type       EventType        `json:"event_type"`
		Time       client.Timestamp `json:"event_time"`
		Assignment json.RawMessage  `json:"assignment"`
	}{e.Type, e.Time, e.Assignment})
}
