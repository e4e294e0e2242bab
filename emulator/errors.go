package emulator

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/tolokash/tolokash/internal/jsonenc"
)

// apiError is an error answer with Toloka's JSON body.
type apiError struct {
	Status  int
	Code    string
	Message string
	Payload any
}

func (e *apiError) Error() string { return e.Code + ": " + e.Message }

func notFound(what, id string) *apiError {
	return &apiError{Status: 404, Code: "DOES_NOT_EXIST", Message: fmt.Sprintf("%s %q does not exist", what, id)}
}

func conflict(code, msg string) *apiError { return &apiError{Status: 409, Code: code, Message: msg} }

// fieldErrors collects validation errors by field path.
type fieldErrors map[string]object

func (fe fieldErrors) add(path, code, msg string, params ...any) {
	e := object{"code": code, "message": msg}
	if len(params) > 0 {
		e["params"] = params
	}
	fe[path] = e
}

func (fe fieldErrors) err() *apiError {
	if len(fe) == 0 {
		return nil
	}
	return &apiError{Status: 400, Code: "VALIDATION_ERROR", Message: "Validation failed", Payload: map[string]object(fe)}
}

// errNaming is err with a message that says what each field error is, for
// errors whose fields are query parameters: a client shows the message, and
// the parameter and what it takes are the whole story.
func (fe fieldErrors) errNaming() *apiError {
	e := fe.err()
	if e == nil {
		return nil
	}
	var msgs []string
	for _, path := range sortedKeys(fe) {
		msgs = append(msgs, str(fe[path]["message"]))
	}
	e.Message = "Invalid parameters: " + strings.Join(msgs, "; ")
	return e
}

var requestCounter atomic.Uint64

func writeError(w http.ResponseWriter, e *apiError) {
	n := requestCounter.Add(1)
	body := map[string]any{"request_id": fmt.Sprintf("%032x", n*2654435761), "code": e.Code, "message": e.Message}
	if e.Payload != nil {
		body["payload"] = e.Payload
	}
	writeJSON(w, e.Status, body)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	b := encodeJSON(v)
	w.Write(b)
	releaseJSON(b)
}

// encodeJSON writes v with sorted keys, as encoding/json would (encode.go),
// into a buffer from a pool; releaseJSON gives it back once written.
func encodeJSON(v any) []byte {
	b, err := jsonenc.Append((*jsonBufs.Get().(*[]byte))[:0], v)
	if err != nil { // nothing the emulator stores fails to encode; say so rather than send half
		b, _ = marshalNoHTMLEscape(map[string]any{"code": "INTERNAL_ERROR", "message": "emulator failure: " + err.Error()})
	}
	return append(b, '\n')
}

var jsonBufs = sync.Pool{New: func() any { return new([]byte) }}

func releaseJSON(b []byte) {
	if cap(b) <= 16<<20 { // a 10k-task log is a few MB; keep no giants
		jsonBufs.Put(&b)
	}
}

func marshalNoHTMLEscape(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// decodeBody reads a JSON body keeping numbers exact.
func decodeBody(r apiRequest, into any) *apiError {
	b, err := r.body, r.bodyErr
	if err != nil {
		return &apiError{Status: 400, Code: "VALIDATION_ERROR", Message: "cannot read the body: " + err.Error()}
	}
	if len(bytes.TrimSpace(b)) == 0 {
		return &apiError{Status: 400, Code: "VALIDATION_ERROR", Message: "Request body is required", Payload: map[string]object{"": {"code": "NOT_NULL_BODY", "message": "Body must not be empty"}}}
	}
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	if err := d.Decode(into); err != nil {
		return &apiError{Status: 400, Code: "VALIDATION_ERROR", Message: "Malformed JSON: " + err.Error()}
	}
	if rest := bytes.TrimSpace(b[d.InputOffset():]); len(rest) > 0 {
		return &apiError{Status: 400, Code: "VALIDATION_ERROR", Message: fmt.Sprintf("Malformed JSON: data after the JSON value at byte %d: %.20q", d.InputOffset(), rest)}
	}
	return nil
}

// bodyFor reads a change to the object the path's {id} names in c: that
// object, then the body's JSON object. An unknown id is answered 404 (what
// names its kind) before a malformed body 400.
func bodyFor(r apiRequest, c *collection, what string) (found, body object, err *apiError) {
	found, ok := c.get(r.id)
	if !ok {
		return nil, nil, notFound(what, r.id)
	}
	if body, err = bodyObject(r); err != nil {
		return nil, nil, err
	}
	return found, body, nil
}

// bodyObject reads a JSON object body.
func bodyObject(r apiRequest) (object, *apiError) {
	var v any
	if e := decodeBody(r, &v); e != nil {
		return nil, e
	}
	o, ok := v.(map[string]any)
	if !ok {
		return nil, &apiError{Status: 400, Code: "VALIDATION_ERROR", Message: "Expected a JSON object", Payload: map[string]object{"": {"code": "OBJECT_EXPECTED", "message": "Value must be an object"}}}
	}
	return o, nil
}
