package client

import (
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// BatchCreateResult is what a create of a list made, in the order of the
// list given: Items[i] is the object made of the i-th one, nil when it was
// refused, and Errors[i] (an *ItemError) why, nil when it was made. Both are
// as long as the list. In JSON it is toloka-kit's answer: items and
// validation_errors keyed by the index in the list ("0", "1", …).
type BatchCreateResult[T any] struct {
	Items  []*T
	Errors []error
}

// ItemError says why one object of a list was not created: its fields'
// validation errors. errors.Is(err, ErrValidation) holds.
type ItemError struct {
	Index  int                        // the object's index in the list given
	Fields map[string]FieldValidation // by field path: "input_values.text"
}

func (e *ItemError) Error() string {
	paths := make([]string, 0, len(e.Fields))
	for p := range e.Fields {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	var b strings.Builder
	fmt.Fprintf(&b, "item %d:", e.Index)
	for i, p := range paths {
		if i > 0 {
			b.WriteString(";")
		}
		f := e.Fields[p]
		fmt.Fprintf(&b, " %s: %s", p, f.Code)
		if f.Message != "" {
			b.WriteString(" (" + f.Message + ")")
		}
	}
	return b.String()
}

// Is matches ErrValidation.
func (e *ItemError) Is(target error) bool { return target == ErrValidation }

// Err joins the errors of the objects not created; nil when all were.
func (r *BatchCreateResult[T]) Err() error { return errors.Join(r.Errors...) }

// fit makes Items and Errors at least n long: the length of the list given.
func (r *BatchCreateResult[T]) fit(n int) {
	if len(r.Items) < n {
		r.Items = append(r.Items, make([]*T, n-len(r.Items))...)
	}
	if len(r.Errors) < n {
		r.Errors = append(r.Errors, make([]error, n-len(r.Errors))...)
	}
}

// put sets the object made of the i-th one given.
func (r *BatchCreateResult[T]) put(i int, v *T) {
	r.fit(i + 1)
	r.Items[i] = v
}

// refuse sets why the i-th one given was not made.
func (r *BatchCreateResult[T]) refuse(i int, fields map[string]FieldValidation) {
	r.fit(i + 1)
	r.Errors[i] = &ItemError{Index: i, Fields: fields}
}

// index reads a key of the answer: an index into the list given. An
// answer's indices cannot exceed its size (each entry takes bytes), which
// bounds what a hostile one makes the result allocate.
func index(key []byte, size int) (int, error) {
	i, err := strconv.Atoi(string(key))
	if err != nil || i < 0 || i > size {
		return 0, fmt.Errorf("%q is not an index of the list created", key)
	}
	return i, nil
}

// UnmarshalJSON decodes the objects in one pass (a create of 100k tasks
// answers with 100k of them); the validation errors go by encoding/json.
func (r *BatchCreateResult[T]) UnmarshalJSON(b []byte) error {
	var unused Extra
	d := &decoder{b: b}
	r.Items, r.Errors = nil, nil
	err := d.object(&unused, func(k []byte) (bool, error) {
		switch string(k) {
		case "items":
			if d.null() {
				return true, nil
			}
			return true, d.object(&unused, func(key []byte) (bool, error) {
				i, err := index(key, len(b))
				if err != nil {
					return true, d.errorf("items: %v", err)
				}
				var v *T
				err = decodeModelAny(d, &v)
				r.put(i, v)
				return true, err
			})
		case "validation_errors":
			var failed map[string]map[string]FieldValidation
			if err := d.unmarshal(&failed); err != nil {
				return true, err
			}
			for key, fields := range failed {
				i, err := index([]byte(key), len(b))
				if err != nil {
					return true, fmt.Errorf("validation_errors: %w", err)
				}
				r.refuse(i, fields)
			}
			return true, nil
		}
		return false, nil
	})
	if err != nil {
		return err
	}
	if d.space(); d.i != len(b) {
		return d.errorf("unexpected %q after the object", b[d.i])
	}
	r.fit(max(len(r.Items), len(r.Errors)))
	return nil
}

// MarshalJSON writes toloka-kit's form: items and validation_errors keyed
// by the index in the list given, in its order.
func (r BatchCreateResult[T]) MarshalJSON() ([]byte, error) {
	b := []byte(`{"items":{`)
	n := 0
	for i, v := range r.Items {
		if v == nil {
			continue
		}
		item, err := json.Marshal(v)
		if err != nil {
			return nil, fmt.Errorf("item %d: %w", i, err)
		}
		if n++; n > 1 {
			b = append(b, ',')
		}
		b = append(append(strconv.AppendQuote(b, strconv.Itoa(i)), ':'), item...)
	}
	b = append(b, '}')
	n = 0
	for i, err := range r.Errors {
		var ie *ItemError
		if !errors.As(err, &ie) {
			continue
		}
		fields, merr := json.Marshal(ie.Fields)
		if merr != nil {
			return nil, fmt.Errorf("validation errors of item %d: %w", i, merr)
		}
		if n++; n == 1 {
			b = append(b, `,"validation_errors":{`...)
		} else {
			b = append(b, ',')
		}
		b = append(append(strconv.AppendQuote(b, strconv.Itoa(i)), ':'), fields...)
	}
	if n > 0 {
		b = append(b, '}')
	}
	return append(b, '}'), nil
}

// takeBatch decodes one batch's objects and errors, keyed by index in the
// batch. createBatches calls it for each batch as the batch ends, one at a time.
func (r *BatchCreateResult[T]) takeBatch(offset int, created []json.RawMessage, failed map[int]json.RawMessage) error {
	for i, raw := range created {
		if raw == nil {
			continue
		}
		var v *T
		if err := decodeModelAny(&decoder{b: raw}, &v); err != nil {
			return fmt.Errorf("item %d: %w", offset+i, err)
		}
		r.put(offset+i, v)
	}
	for i, raw := range failed {
		var fv map[string]FieldValidation
		if err := json.Unmarshal(raw, &fv); err != nil {
			return fmt.Errorf("validation errors of item %d: %w", offset+i, err)
		}
		r.refuse(offset+i, fv)
	}
	return nil
}

// FieldValidation is one field's validation error: a code, a message, and
// the values it concerns (a limit, the values allowed).
type FieldValidation struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Params  List   `json:"params,omitempty"`
}

// Batch create results.
type (
	TaskBatchCreateResult                = BatchCreateResult[Task]
	TaskSuiteBatchCreateResult           = BatchCreateResult[TaskSuite]
	UserBonusBatchCreateResult           = BatchCreateResult[UserBonus]
	WebhookSubscriptionBatchCreateResult = BatchCreateResult[WebhookSubscription]
)

// ProjectClone is what CloneProject made.
type ProjectClone struct {
	Project   *Project    `json:"project"`
	Pools     []*Pool     `json:"pools"`
	Trainings []*Training `json:"trainings"`
}

// Page is one page of a find method.
type Page[T any] struct {
	Items   []*T `json:"items"`
	HasMore bool `json:"has_more"`
}

// UnmarshalJSON reads both envelopes, items (v1 API) and content (App API),
// in one pass; the first list member found is the page's.
func (p *Page[T]) UnmarshalJSON(b []byte) error {
	d := &decoder{b: b}
	var list string
	var unused Extra
	seenMore := false
	err := d.object(&unused, func(k []byte) (bool, error) {
		switch key := string(k); {
		case key == "has_more":
			seenMore = true
			if d.peek() == 'n' {
				return true, d.wrongType("true or false")
			}
			return true, d.boolean(&p.HasMore)
		case (key == "items" || key == "content") && (list == "" || list == key):
			list = key
			p.Items = []*T{}
			isNull, err := d.array(func(int) error {
				var v *T
				err := decodeModelAny(d, &v)
				p.Items = append(p.Items, v)
				return err
			})
			if isNull {
				p.Items = nil
			}
			return true, err
		}
		return false, nil
	})
	if err == nil {
		if d.space(); d.i != len(b) {
			err = d.errorf("unexpected %q after the page", b[d.i])
		} else if !seenMore {
			err = fmt.Errorf("the page has no has_more field")
		}
	}
	return err
}
