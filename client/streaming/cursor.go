package streaming

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/tolokash/tolokash/client"
)

// DefaultLag is how far behind the present a cursor reads, as toloka-kit's:
// an object is read once its time is a minute old, when the service has
// surely finished writing everything stamped before it.
const DefaultLag = time.Minute

// Item is one object a cursor read: its id, the value of the cursor's time
// field, and the object as the server sent it.
type Item struct {
	ID   string
	Time client.Timestamp
	Raw  json.RawMessage
}

// CursorState is where a cursor stands: every object stamped before Time has
// been read, and of those stamped exactly Time, the ones in Seen (or all of
// them, when AllAtTime). It is what storages keep between runs.
type CursorState struct {
	Time      client.Timestamp `json:"time,omitempty"`
	Seen      []string         `json:"seen,omitempty"`
	AllAtTime bool             `json:"all_at_time,omitempty"`
}

// Cursor reads the objects one find method returns (find_assignments,
// find_user_bonuses, …) in the order of a time field (submitted, created,
// …), each once, as toloka-kit's cursors do: it asks for objects stamped at
// or after where it stands and no later than now minus its lag, skips those
// it has read, and pages by id when more objects share one instant than fit
// a page.
type Cursor struct {
	Client    *client.Client
	Method    string         // the find method: "find_assignments"
	TimeField string         // "submitted", "created", …
	Filter    map[string]any // other options of the find method: pool_id, …
	Lag       time.Duration  // 0 means DefaultLag; negative means none
	BatchSize int            // objects a request; 0 leaves it to the server (assignments: 1000)
	State     CursorState
	// now is the clock; tests set it.
	now func() time.Time
}

func (c *Cursor) lag() time.Duration {
	switch {
	case c.Lag == 0:
		return DefaultLag
	case c.Lag < 0:
		return 0
	}
	return c.Lag
}

// Upper is the newest time the next Fetch reads up to.
func (c *Cursor) Upper() time.Time {
	now := time.Now
	if c.now != nil {
		now = c.now
	}
	return now().Add(-c.lag())
}

// Fetch reads every object stamped between where the cursor stands and
// now minus its lag, in time order, without moving the cursor: pass the
// state it returns to Commit once the objects are dealt with. Nothing is
// lost or read twice as long as only committed states are kept.
func (c *Cursor) Fetch(ctx context.Context) ([]Item, CursorState, error) {
	return c.FetchAtMost(ctx, 0)
}

// FetchAtMost is Fetch stopping after max objects (0: no limit); the state
// it returns stands just after the last of them.
func (c *Cursor) FetchAtMost(ctx context.Context, max int) ([]Item, CursorState, error) {
	st := c.State
	st.Seen = slices.Clone(st.Seen)
	seen := make(map[string]bool, len(st.Seen))
	for _, id := range st.Seen {
		seen[id] = true
	}
	upper := client.FormatTime(c.Upper())
	var out []Item
	full := func() bool { return max > 0 && len(out) >= max }
	// take adds it unless read before; false when it is left for later.
	take := func(it Item) bool {
		if it.Time == st.Time && (st.AllAtTime || seen[it.ID]) {
			return true
		}
		if full() {
			return false
		}
		if it.Time != st.Time {
			st.Time, st.AllAtTime = it.Time, false
			st.Seen = st.Seen[:0]
			clear(seen)
		}
		seen[it.ID] = true
		st.Seen = append(st.Seen, it.ID)
		out = append(out, it)
		return true
	}
	for !full() {
		q := c.query()
		q[c.TimeField+"_lte"] = upper
		q["sort"] = c.TimeField
		switch {
		case st.Time != "" && st.AllAtTime:
			q[c.TimeField+"_gt"] = string(st.Time)
		case st.Time != "":
			q[c.TimeField+"_gte"] = string(st.Time)
		}
		items, more, err := c.page(ctx, q)
		if err != nil {
			return nil, c.State, err
		}
		for _, it := range items {
			take(it)
		}
		if !more || len(items) == 0 || full() {
			break
		}
		if first, last := items[0].Time, items[len(items)-1].Time; first == last {
			// A whole page at one instant: asking again from it would bring
			// the same page. Read that instant by id, then go on after it.
			complete, err := c.byID(ctx, first, take, full)
			if err != nil {
				return nil, c.State, err
			}
			if complete {
				st.Time, st.AllAtTime, st.Seen = first, true, nil
				clear(seen)
			}
		}
	}
	return out, st, nil
}

// byID reads the objects stamped exactly at, in id order, until full says
// enough; complete says it read them all.
func (c *Cursor) byID(ctx context.Context, at client.Timestamp, take func(Item) bool, full func() bool) (complete bool, err error) {
	after := ""
	for !full() {
		q := c.query()
		q[c.TimeField+"_gte"], q[c.TimeField+"_lte"], q["sort"] = string(at), string(at), "id"
		if after != "" {
			q["id_gt"] = after
		}
		items, more, err := c.page(ctx, q)
		if err != nil {
			return false, err
		}
		all := true
		for _, it := range items {
			all = take(it) && all
		}
		if !all {
			return false, nil
		}
		if !more || len(items) == 0 {
			return true, nil
		}
		after = items[len(items)-1].ID
	}
	return false, nil
}

func (c *Cursor) query() map[string]any {
	q := maps.Clone(c.Filter)
	if q == nil {
		q = map[string]any{}
	}
	switch {
	case c.BatchSize > 0:
		q["limit"] = c.BatchSize
	case c.Method == "find_assignments":
		q["limit"] = 1000 // toloka-kit's AssignmentCursor.BATCH_SIZE
	}
	return q
}

// Commit moves the cursor to a state Fetch returned.
func (c *Cursor) Commit(st CursorState) { c.State = st }

func (c *Cursor) page(ctx context.Context, q map[string]any) ([]Item, bool, error) {
	res, err := c.Client.Invoke(ctx, c.Method, client.Call{Options: q})
	if err != nil {
		return nil, false, err
	}
	var page struct {
		Items   []json.RawMessage `json:"items"`
		HasMore bool              `json:"has_more"`
	}
	if err := json.Unmarshal(res.JSON, &page); err != nil {
		return nil, false, fmt.Errorf("%s: %w", c.Method, err)
	}
	items := make([]Item, 0, len(page.Items))
	for _, raw := range page.Items {
		var fields map[string]json.RawMessage
		if err := json.Unmarshal(raw, &fields); err != nil {
			return nil, false, fmt.Errorf("%s: an item: %w", c.Method, err)
		}
		var id, at string
		json.Unmarshal(fields["id"], &id)
		json.Unmarshal(fields[c.TimeField], &at)
		if id == "" || at == "" {
			return nil, false, fmt.Errorf("%s: an item without id or %s: %s", c.Method, c.TimeField, bytes.TrimSpace(raw[:min(len(raw), 80)]))
		}
		items = append(items, Item{ID: id, Time: client.Timestamp(at), Raw: raw})
	}
	return items, page.HasMore, nil
}
