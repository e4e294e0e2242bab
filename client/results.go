package client

import (
	"encoding/json"
	"fmt"
	"strconv"
)

// BatchCreateResult is the answer of the batch creates: objects and
// validation errors keyed by the input index ("0", "1", …).
type BatchCreateResult[T any] struct {
	Items            map[string]*T                         `json:"items"`
	ValidationErrors map[string]map[string]FieldValidation `json:"validation_errors,omitempty"`
}

// UnmarshalJSON decodes the objects in one pass (a create of 100k tasks
// answers with 100k of them); the validation errors go by encoding/json.
func (r *BatchCreateResult[T]) UnmarshalJSON(b []byte) error {
	var unused Extra
	d := &decoder{b: b}
	err := d.object(&unused, func(k []byte) (bool, error) {
		switch string(k) {
		case "items":
			if d.null() {
				r.Items = nil
				return true, nil
			}
			r.Items = map[string]*T{}
			return true, d.object(&unused, func(idx []byte) (bool, error) {
				var v *T
				err := decodeModelAny(d, &v)
				r.Items[string(idx)] = v
				return true, err
			})
		case "validation_errors":
			return true, d.unmarshal(&r.ValidationErrors)
		}
		return false, nil
	})
	if err != nil {
		return err
	}
	if d.space(); d.i != len(b) {
		return d.errorf("unexpected %q after the object", b[d.i])
	}
	return nil
}

// takeBatch decodes one batch's objects and errors, keyed by input index.
// createBatches calls it for each batch as the batch ends, one at a time.
func (r *BatchCreateResult[T]) takeBatch(offset int, created, failed map[int]json.RawMessage) error {
	if r.Items == nil {
		r.Items = make(map[string]*T, len(created))
	}
	for i, raw := range created {
		var v *T
		if err := decodeModelAny(&decoder{b: raw}, &v); err != nil {
			return fmt.Errorf("item %d: %w", offset+i, err)
		}
		r.Items[strconv.Itoa(offset+i)] = v
	}
	for i, raw := range failed {
		var fv map[string]FieldValidation
		if err := json.Unmarshal(raw, &fv); err != nil {
			return fmt.Errorf("validation errors of item %d: %w", offset+i, err)
		}
		if r.ValidationErrors == nil {
			r.ValidationErrors = map[string]map[string]FieldValidation{}
		}
		r.ValidationErrors[strconv.Itoa(offset+i)] = fv
	}
	return nil
}

// FieldValidation is one field's validation error.
type FieldValidation struct {
	Code    string          `json:"code"`
	Message string          `json:"message"`
	Params  json.RawMessage `json:"params,omitempty"`
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
