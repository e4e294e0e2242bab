package streaming

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/tolokash/tolokash/client"
)

// Observer watches something for a Pipeline: AssignmentsObserver and
// PoolStatusObserver. Its key names it in the pipeline and in storage, so
// it must stay the same from one run to the next.
type Observer interface {
	Key() string
	// ShouldResume says whether more can happen: the pool is open or has
	// assignments being worked on.
	ShouldResume(ctx context.Context) (bool, error)
	observe(ctx context.Context, p *pass) error
	state() (json.RawMessage, error)
	restore(json.RawMessage) error
}

// Handler deals with a batch of assignment events, in time order.
type Handler interface {
	HandleEvents(ctx context.Context, events []AssignmentEvent) error
}

// HandlerFunc is a function as a Handler.
type HandlerFunc func(ctx context.Context, events []AssignmentEvent) error

func (f HandlerFunc) HandleEvents(ctx context.Context, events []AssignmentEvent) error {
	return f(ctx, events)
}

// Stateful is a handler (Handler or PoolHandler) whose state the pipeline
// saves with the cursors after every batch it handled, and gives back when a
// run resumes from storage, as toloka-kit injects a callback's state: a
// handler that collects answers across batches loses none to a restart.
type Stateful interface {
	SaveState() (json.RawMessage, error)
	RestoreState(json.RawMessage) error
}

// PoolHandler deals with a pool that changed its status. The pool keeps
// the fields the client does not know (Extra): written back as JSON, it is
// what the server sent.
type PoolHandler interface {
	HandlePool(ctx context.Context, pool *client.Pool) error
}

// PoolHandlerFunc is a function as a PoolHandler.
type PoolHandlerFunc func(ctx context.Context, pool *client.Pool) error

func (f PoolHandlerFunc) HandlePool(ctx context.Context, pool *client.Pool) error {
	return f(ctx, pool)
}

// poolObserver is what both observers share: a pool, and whether it may go on.
type poolObserver struct {
	client *client.Client
	poolID string
}

// ShouldResume is true while the pool is open or has active assignments.
func (o *poolObserver) ShouldResume(ctx context.Context) (bool, error) {
	pool, err := o.client.GetPool(ctx, o.poolID)
	if err != nil {
		return false, err
	}
	if pool.Status == client.PoolOpen {
		return true, nil
	}
	page, err := o.client.FindAssignments(ctx, client.AssignmentFilter{PoolID: o.poolID, Status: []client.AssignmentStatus{client.AssignmentActive}, Limit: 1})
	if err != nil {
		return false, err
	}
	return len(page.Items) > 0, nil
}

// AssignmentsObserver delivers a pool's assignment events to the handlers
// registered for their type: toloka-kit's AssignmentsObserver.
type AssignmentsObserver struct {
	poolObserver
	lag       time.Duration
	consumers map[EventType]*consumer
}

type consumer struct {
	cursor   *Cursor
	handlers []Handler
}

// NewAssignmentsObserver watches the assignments of pool poolID.
func NewAssignmentsObserver(c *client.Client, poolID string) *AssignmentsObserver {
	return &AssignmentsObserver{poolObserver: poolObserver{client: c, poolID: poolID}, consumers: map[EventType]*consumer{}}
}

// Key is "AssignmentsObserver(pool ID)".
func (o *AssignmentsObserver) Key() string { return "AssignmentsObserver(pool " + o.poolID + ")" }

// SetCursorTimeLag sets how far behind the present events are read
// (toloka-kit's cursor_time_lag; default DefaultLag, negative for none).
func (o *AssignmentsObserver) SetCursorTimeLag(d time.Duration) *AssignmentsObserver {
	o.lag = d
	for _, c := range o.consumers {
		c.cursor.Lag = d
	}
	return o
}

// On registers h for events of type t; several handlers of one type get the
// same batches, in the order registered.
func (o *AssignmentsObserver) On(t EventType, h Handler) *AssignmentsObserver {
	c := o.consumers[t]
	if c == nil {
		c = &consumer{cursor: &Cursor{Client: o.client, Method: "find_assignments", TimeField: t.TimeField(),
			Filter: map[string]any{"pool_id": o.poolID}, Lag: o.lag}}
		o.consumers[t] = c
	}
	c.handlers = append(c.handlers, h)
	return o
}

func (o *AssignmentsObserver) OnCreated(h HandlerFunc) *AssignmentsObserver { return o.On(Created, h) }
func (o *AssignmentsObserver) OnSubmitted(h HandlerFunc) *AssignmentsObserver {
	return o.On(Submitted, h)
}
func (o *AssignmentsObserver) OnAccepted(h HandlerFunc) *AssignmentsObserver {
	return o.On(Accepted, h)
}
func (o *AssignmentsObserver) OnRejected(h HandlerFunc) *AssignmentsObserver {
	return o.On(Rejected, h)
}
func (o *AssignmentsObserver) OnSkipped(h HandlerFunc) *AssignmentsObserver { return o.On(Skipped, h) }
func (o *AssignmentsObserver) OnExpired(h HandlerFunc) *AssignmentsObserver { return o.On(Expired, h) }

// OnAnyEvent registers h for every event type; it gets one batch per type.
func (o *AssignmentsObserver) OnAnyEvent(h Handler) *AssignmentsObserver {
	for _, t := range EventTypes {
		o.On(t, h)
	}
	return o
}

// maxBatch bounds the events one handler call gets, so a backlog of a
// million is handled (and committed) a thousand at a time.
const maxBatch = 1000

func (o *AssignmentsObserver) observe(ctx context.Context, p *pass) error {
	for _, t := range EventTypes {
		c := o.consumers[t]
		if c == nil || len(c.handlers) == 0 {
			continue
		}
		for !p.stopping() {
			p.upper(c.cursor.Upper())
			items, st, err := c.cursor.FetchAtMost(ctx, maxBatch)
			if err != nil {
				return fmt.Errorf("%s: reading %s events: %w", o.Key(), t, err)
			}
			if len(items) == 0 {
				c.cursor.Commit(st)
				break
			}
			events := make([]AssignmentEvent, len(items))
			for i, it := range items {
				events[i] = AssignmentEvent{Type: t, Time: it.Time, Assignment: it.Raw}
			}
			for i, h := range c.handlers {
				if err := h.HandleEvents(ctx, events); err != nil {
					return &HandlerError{Observer: o.Key(), Event: string(t), Index: i, Events: len(events), Err: err}
				}
			}
			c.cursor.Commit(st)
			p.delivered += len(events)
			if err := p.save(); err != nil {
				return err
			}
			if len(items) < maxBatch {
				break
			}
		}
	}
	return nil
}

// HandlerError is a handler that failed: the batch it was given stays
// uncommitted and is delivered again to every handler of its type when the
// pipeline runs again.
type HandlerError struct {
	Observer string // "AssignmentsObserver(pool 12)"
	Event    string // "SUBMITTED", or a pool status
	Index    int    // which handler of the event, from 0
	Events   int    // how many events the batch held
	Err      error
}

func (e *HandlerError) Error() string {
	return fmt.Sprintf("%s: handler %d of %s (a batch of %d) failed: %v", e.Observer, e.Index+1, e.Event, e.Events, e.Err)
}

func (e *HandlerError) Unwrap() error { return e.Err }

type assignmentsState struct {
	Cursors  map[EventType]CursorState       `json:"cursors"`
	Handlers map[EventType][]json.RawMessage `json:"handlers,omitempty"`
}

func (o *AssignmentsObserver) state() (json.RawMessage, error) {
	s := assignmentsState{Cursors: map[EventType]CursorState{}}
	for t, c := range o.consumers {
		s.Cursors[t] = c.cursor.State
		var hs []json.RawMessage
		stateful := false
		for _, h := range c.handlers {
			var raw json.RawMessage
			if st, ok := h.(Stateful); ok {
				var err error
				if raw, err = st.SaveState(); err != nil {
					return nil, fmt.Errorf("%s: saving the state of a %s handler: %w", o.Key(), t, err)
				}
				stateful = true
			}
			hs = append(hs, raw)
		}
		if stateful {
			if s.Handlers == nil {
				s.Handlers = map[EventType][]json.RawMessage{}
			}
			s.Handlers[t] = hs
		}
	}
	return json.Marshal(s)
}

func (o *AssignmentsObserver) restore(raw json.RawMessage) error {
	var s assignmentsState
	if err := json.Unmarshal(raw, &s); err != nil {
		return fmt.Errorf("%s: the saved state: %w", o.Key(), err)
	}
	for t, c := range o.consumers {
		c.cursor.State = s.Cursors[t]
		for i, h := range c.handlers {
			st, ok := h.(Stateful)
			if !ok || i >= len(s.Handlers[t]) || len(s.Handlers[t][i]) == 0 || string(s.Handlers[t][i]) == "null" {
				continue
			}
			if err := st.RestoreState(s.Handlers[t][i]); err != nil {
				return fmt.Errorf("%s: restoring the state of %s handler %d: %w", o.Key(), t, i+1, err)
			}
		}
	}
	return nil
}

// PoolStatusObserver calls handlers when a pool's status changes:
// toloka-kit's PoolStatusObserver. The status it last saw is saved, so a
// resumed run does not report the same change again.
type PoolStatusObserver struct {
	poolObserver
	handlers map[client.PoolStatus][]PoolHandler
	previous client.PoolStatus
}

// NewPoolStatusObserver watches the status of pool poolID.
func NewPoolStatusObserver(c *client.Client, poolID string) *PoolStatusObserver {
	return &PoolStatusObserver{poolObserver: poolObserver{client: c, poolID: poolID}, handlers: map[client.PoolStatus][]PoolHandler{}}
}

// Key is "PoolStatusObserver(pool ID)".
func (o *PoolStatusObserver) Key() string { return "PoolStatusObserver(pool " + o.poolID + ")" }

// On registers h for the pool becoming status (OPEN, CLOSED, ARCHIVED, LOCKED).
func (o *PoolStatusObserver) On(status client.PoolStatus, h PoolHandler) *PoolStatusObserver {
	o.handlers[status] = append(o.handlers[status], h)
	return o
}

func (o *PoolStatusObserver) OnOpen(h PoolHandlerFunc) *PoolStatusObserver {
	return o.On(client.PoolOpen, h)
}
func (o *PoolStatusObserver) OnClosed(h PoolHandlerFunc) *PoolStatusObserver {
	return o.On(client.PoolClosed, h)
}
func (o *PoolStatusObserver) OnLocked(h PoolHandlerFunc) *PoolStatusObserver {
	return o.On(client.PoolLocked, h)
}

// OnArchieved keeps toloka-kit's spelling.
func (o *PoolStatusObserver) OnArchieved(h PoolHandlerFunc) *PoolStatusObserver {
	return o.On(client.PoolArchived, h)
}

// OnStatusChange registers h for every status.
func (o *PoolStatusObserver) OnStatusChange(h PoolHandler) *PoolStatusObserver {
	for _, s := range []client.PoolStatus{client.PoolOpen, client.PoolClosed, client.PoolArchived, client.PoolLocked} {
		o.On(s, h)
	}
	return o
}

func (o *PoolStatusObserver) observe(ctx context.Context, p *pass) error {
	if len(o.handlers) == 0 || p.stopping() {
		return nil
	}
	pool, err := o.client.GetPool(ctx, o.poolID)
	if err != nil {
		return fmt.Errorf("%s: %w", o.Key(), err)
	}
	if pool.Status == o.previous {
		return nil
	}
	for i, h := range o.handlers[pool.Status] {
		if err := h.HandlePool(ctx, pool); err != nil {
			return &HandlerError{Observer: o.Key(), Event: string(pool.Status), Index: i, Events: 1, Err: err}
		}
	}
	o.previous = pool.Status
	p.delivered += len(o.handlers[pool.Status])
	return p.save()
}

type poolStatusState struct {
	Previous client.PoolStatus                       `json:"previous,omitempty"`
	Handlers map[client.PoolStatus][]json.RawMessage `json:"handlers,omitempty"`
}

func (o *PoolStatusObserver) state() (json.RawMessage, error) {
	s := poolStatusState{Previous: o.previous}
	for status, hs := range o.handlers {
		for i, h := range hs {
			if st, ok := h.(Stateful); ok {
				raw, err := st.SaveState()
				if err != nil {
					return nil, fmt.Errorf("%s: saving the state of %s handler %d: %w", o.Key(), status, i+1, err)
				}
				if s.Handlers == nil {
					s.Handlers = map[client.PoolStatus][]json.RawMessage{}
				}
				for len(s.Handlers[status]) < i {
					s.Handlers[status] = append(s.Handlers[status], nil)
				}
				s.Handlers[status] = append(s.Handlers[status], raw)
			}
		}
	}
	return json.Marshal(s)
}

func (o *PoolStatusObserver) restore(raw json.RawMessage) error {
	var s poolStatusState
	if err := json.Unmarshal(raw, &s); err != nil {
		return fmt.Errorf("%s: the saved state: %w", o.Key(), err)
	}
	o.previous = s.Previous
	for status, hs := range o.handlers {
		for i, h := range hs {
			st, ok := h.(Stateful)
			if !ok || i >= len(s.Handlers[status]) || len(s.Handlers[status][i]) == 0 || string(s.Handlers[status][i]) == "null" {
				continue
			}
			if err := st.RestoreState(s.Handlers[status][i]); err != nil {
				return fmt.Errorf("%s: restoring the state of %s handler %d: %w", o.Key(), status, i+1, err)
			}
		}
	}
	return nil
}
