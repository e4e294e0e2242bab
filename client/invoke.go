package client

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"reflect"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/tolokash/tolokash/internal/names"
)

// Call holds the arguments of one Invoke, as toloka-kit takes them.
type Call struct {
	// Args are the positional arguments, in the order of Endpoint.Args. Each is a
	// json.RawMessage, a string (ids), or any value encoding/json can marshal.
	Args []any
	// Options are the keyword arguments by toloka-kit name (filters, sort, limit,
	// batch_size, operation_id, async_mode, allow_defaults, …). Values as for Args.
	Options map[string]any
	// Progress, when set, is called with each polled state while a sync or poll
	// method waits for its operation.
	Progress func(op *Operation)
	// Out receives the body of a bytes-kind method (download_attachment). When nil,
	// Result.Body holds it instead.
	Out io.Writer
	// Timeout bounds the waits of sync and poll methods; zero means the method's default.
	Timeout time.Duration

	sink batchSink // a typed result that takes each batch of a big create as it ends
}

// batchSink is a typed batch-create result (BatchCreateResult) that decodes
// each batch's objects as soon as the batch ends, while later batches are
// still being created, instead of all of them at the end.
type batchSink interface {
	takeBatch(offset int, created, failed map[int]json.RawMessage) error
}

// Result is what Invoke returns; which field is set depends on the endpoint's Kind.
type Result struct {
	JSON      json.RawMessage // single, find, sync, composite, poll (the operation JSON)
	decoded   bool            // the result went to Call.sink; JSON is empty
	Pager     *Pager          // iterator
	Operation *Operation      // async (nil when the server answered 204)
	Body      io.ReadCloser   // bytes (when Call.Out is nil) and tsv; the caller closes it
}

// handler carries out a method whose behaviour is more than one plain request.
type handler func(ctx context.Context, c *Client, ep *Endpoint, a *args) (*Result, error)

// handlers holds the rows with client-side logic; files register theirs in init.
var handlers = map[string]handler{}

// Invoke runs the method named name (toloka-kit's snake_case name) with call's arguments.
// Argument problems are reported as *ArgError without any request being sent.
func (c *Client) Invoke(ctx context.Context, name string, call Call) (*Result, error) {
	ep, ok := Lookup(name)
	if !ok {
		return nil, &ArgError{Method: name, Param: "method", Want: "a method of the endpoint table" + suggest(name, endpointNames()), Got: strconv.Quote(name)}
	}
	a, err := parseArgs(&ep, call)
	if err != nil {
		return nil, err
	}
	ctx = withTopLevel(ctx, name)
	if h := handlers[name]; h != nil {
		return h(ctx, c, &ep, a)
	}
	switch ep.Kind {
	case KindIterator:
		return &Result{Pager: c.newPager(&ep, a)}, nil
	case KindAsync:
		op, err := c.startOperation(ctx, &ep, a)
		return &Result{Operation: op}, err
	case KindSync:
		return c.syncStateChange(ctx, &ep, a)
	}
	r, err := a.request(&ep)
	if err != nil {
		return nil, err
	}
	res, err := c.do(ctx, r)
	if err != nil {
		return nil, err
	}
	if ep.Kind == KindNoContent {
		return &Result{}, nil
	}
	if err := checkJSONAnswer(ep.Name, res); err != nil {
		return nil, err
	}
	return &Result{JSON: res.body}, nil
}

// checkJSONAnswer refuses a 2xx answer that is not the JSON the method returns:
// an empty body, a proxy's HTML page, a truncated document.
func checkJSONAnswer(method string, res *response) error {
	body := bytes.TrimSpace(res.body)
	switch {
	case len(body) == 0:
		return &DecodeError{Method: method, Err: fmt.Errorf("HTTP %d with an empty body where JSON was expected", res.status)}
	case !Valid(body):
		ct := res.header.Get("Content-Type")
		if ct == "" {
			ct = "no content type"
		}
		return &DecodeError{Method: method, Err: fmt.Errorf("HTTP %d answer is not JSON (%s): %q", res.status, ct, excerpt(body, 80))}
	}
	return nil
}

// invokeInto runs Invoke and decodes its JSON result into out (when out is not nil).
func (c *Client) invokeInto(ctx context.Context, name string, call Call, out any) error {
	if s, ok := out.(batchSink); ok {
		call.sink = s
	}
	res, err := c.Invoke(ctx, name, call)
	if err != nil {
		return err
	}
	if out == nil || len(res.JSON) == 0 || res.decoded {
		return nil
	}
	// Models, pages and batch results decode themselves in one pass
	// (decode.go); the rest (short lists, plain values) go by encoding/json,
	// which hands each model it meets to the model.
	if u, ok := out.(json.Unmarshaler); ok {
		err = u.UnmarshalJSON(res.JSON)
	} else {
		err = json.Unmarshal(res.JSON, out)
	}
	if err != nil {
		return &DecodeError{Method: name, Err: err}
	}
	return nil
}

// args are a call's arguments, checked against the endpoint's row.
type args struct {
	method   string
	path     map[string]string
	body     json.RawMessage // the body argument, as JSON
	bodyArgs map[string]any  // body fields given positionally (public_comment, folders)
	local    map[string]any  // arguments the client uses itself (batch_size, out, timeout, op)
	query    url.Values
	call     Call
	batch    *batchOut // set by createBatches: keep a batch's results as maps, not JSON
}

func parseArgs(ep *Endpoint, call Call) (*args, error) {
	a := &args{method: ep.Name, path: map[string]string{}, local: map[string]any{}, query: url.Values{}, call: call}
	if len(call.Args) > len(ep.Args) {
		return nil, &ArgError{Method: ep.Name, Param: "arguments", Want: fmt.Sprintf("at most %d positional arguments (%s)", len(ep.Args), paramNames(ep.Args)),
			Got: strconv.Itoa(len(call.Args))}
	}
	for i, p := range ep.Args {
		var v any
		if i < len(call.Args) {
			v = call.Args[i]
		}
		if isAbsent(v) {
			// toloka-kit lets a keyword argument stand for a positional one.
			if ov, ok := call.Options[p.Name]; ok {
				v = ov
			}
		}
		if isAbsent(v) {
			if p.Required {
				want := describeType(p.Type)
				if p.In == InPath {
					want = "a string id"
				}
				return nil, &ArgError{Method: ep.Name, Param: p.Name, Want: want, Got: "nothing"}
			}
			continue
		}
		if err := a.setArg(ep, p, v); err != nil {
			return nil, err
		}
	}
	names := make([]string, 0, len(call.Options))
	for k := range call.Options {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		v := call.Options[k]
		if paramIndex(ep.Args, k) >= 0 {
			continue // consumed above
		}
		i := paramIndex(ep.Options, k)
		if i < 0 {
			valid := append(paramList(ep.Args), paramList(ep.Options)...)
			e := &ArgError{Method: ep.Name, Param: k, Want: "one of " + strings.Join(valid, ", "), Got: "an unknown option"}
			if s := suggest(k, valid); s != "" {
				e.Want = "a known option" // the suggestion says more than the whole list
				e.Hint = strings.TrimPrefix(s, "; ")
			}
			return nil, e
		}
		if isAbsent(v) {
			continue
		}
		p := ep.Options[i]
		if u, ok := v.(Unchecked); ok {
			v = u.Value // passed on purpose: no enum check
		} else if err := checkEnum(ep, p, v); err != nil {
			return nil, err
		}
		if err := a.setOption(ep, p, v); err != nil {
			return nil, err
		}
	}
	return a, nil
}

func (a *args) setArg(ep *Endpoint, p Param, v any) error {
	switch p.In {
	case InPath:
		if p.Type == "Operation" {
			a.local[p.Name] = v
			return nil
		}
		s, err := idString(v)
		if err != nil {
			return &ArgError{Method: ep.Name, Param: p.Name, Want: "a string id", Got: describeValue(v)}
		}
		a.path[p.Name] = s
	case InBody:
		if isModelType(strings.TrimSuffix(p.Type, "[]")) {
			raw, err := toJSON(v)
			if err != nil {
				return &ArgError{Method: ep.Name, Param: p.Name, Want: describeType(p.Type), Got: err.Error()}
			}
			if err := checkJSONKind(raw, p.Type); err != nil {
				return &ArgError{Method: ep.Name, Param: p.Name, Want: describeType(p.Type), Got: err.Error()}
			}
			a.body = raw
			return nil
		}
		if a.bodyArgs == nil {
			a.bodyArgs = map[string]any{}
		}
		a.bodyArgs[p.Name] = v
	case InLocal:
		a.local[p.Name] = v
	}
	return nil
}

func (a *args) setOption(ep *Endpoint, p Param, v any) error {
	switch p.In {
	case InLocal:
		if p.Type == "duration" {
			if d, err := parseDuration(v); err != nil || d <= 0 {
				return &ArgError{Method: ep.Name, Param: p.Name, Want: "a duration like '5m' or milliseconds", Got: describeValue(v)}
			}
		}
		a.local[p.Name] = v
		return nil
	case InBody:
		if a.bodyArgs == nil {
			a.bodyArgs = map[string]any{}
		}
		a.bodyArgs[p.Name] = v
		return nil
	}
	vals, err := queryValues(p, v)
	if err != nil {
		return &ArgError{Method: ep.Name, Param: p.Name, Want: describeType(p.Type), Got: err.Error()}
	}
	if p.Name == "sort" {
		if err := checkSort(ep, vals[0]); err != nil {
			return err
		}
	}
	a.query[p.Name] = vals
	return nil
}

func checkSort(ep *Endpoint, sortValue string) error {
	var allowed []string
	for _, o := range ep.Options {
		if o.Name == "sort" {
			_, list, _ := strings.Cut(o.Doc, ": ")
			allowed = strings.Split(list, ", ")
		}
	}
	for _, k := range strings.Split(sortValue, ",") {
		if k = strings.TrimPrefix(strings.TrimSpace(k), "-"); k != "" && !contains(allowed, k) {
			return &ArgError{Method: ep.Name, Param: "sort", Want: "sort keys among " + strings.Join(allowed, ", "), Got: strconv.Quote(k)}
		}
	}
	return nil
}

// request builds the plain request of the endpoint's row.
func (a *args) request(ep *Endpoint) (*request, error) {
	path, err := expandPath(ep, a.path)
	if err != nil {
		return nil, err
	}
	r := &request{method: ep.Name, verb: ep.Method, path: path, query: a.query, body: a.body}
	if a.bodyArgs != nil {
		obj := map[string]json.RawMessage{}
		if len(a.body) > 0 {
			if err := json.Unmarshal(a.body, &obj); err != nil {
				return nil, &ArgError{Method: ep.Name, Param: "body", Want: "an object", Got: err.Error()}
			}
		}
		for k, v := range a.bodyArgs {
			raw, err := toJSON(v)
			if err != nil {
				return nil, &ArgError{Method: ep.Name, Param: k, Want: "a JSON value", Got: err.Error()}
			}
			obj[k] = raw
		}
		r.body, _ = json.Marshal(obj)
	}
	if isEmptyJSON(r.body) {
		r.body = nil // toloka-kit sends no body at all for an empty object or list
	}
	r.safe = isSafe(ep, r)
	return r, nil
}

// isSafe reports whether sending r twice has the effect of sending it once.
func isSafe(ep *Endpoint, r *request) bool {
	switch r.verb {
	case "GET", "PUT", "DELETE", "HEAD":
		return true
	case "PATCH":
		// Setting fields is idempotent; a status change is not (the second one is refused).
		return !bytes.Contains(r.body, []byte(`"status"`))
	}
	if r.query.Get("operation_id") != "" {
		return true
	}
	for _, s := range []string{"/open", "/close", "/close-for-update", "/archive", "/unarchive", "/start", "/stop", "/resume"} {
		if strings.HasSuffix(r.path, s) {
			return true // state changes answer 204 when already done
		}
	}
	return false
}

func expandPath(ep *Endpoint, ids map[string]string) (string, error) {
	path := ep.Path
	for {
		i := strings.IndexByte(path, '{')
		if i < 0 {
			return path, nil
		}
		j := strings.IndexByte(path[i:], '}') + i
		name := path[i+1 : j]
		v, ok := ids[name]
		if !ok || v == "" {
			return "", &ArgError{Method: ep.Name, Param: name, Want: "a string id", Got: "nothing"}
		}
		path = path[:i] + url.PathEscape(v) + path[j+1:]
	}
}

func isAbsent(v any) bool {
	if v == nil {
		return true
	}
	if raw, ok := v.(json.RawMessage); ok {
		return len(raw) == 0 || string(raw) == "null"
	}
	rv := reflect.ValueOf(v)
	return rv.Kind() == reflect.Pointer && rv.IsNil()
}

func idString(v any) (string, error) {
	switch x := v.(type) {
	case string:
		if x == "" {
			return "", fmt.Errorf("empty string")
		}
		return x, nil
	case json.Number:
		return x.String(), nil
	case int:
		return strconv.Itoa(x), nil
	case int64:
		return strconv.FormatInt(x, 10), nil
	case float64:
		if x == float64(int64(x)) {
			return strconv.FormatInt(int64(x), 10), nil
		}
	case json.RawMessage:
		if t := bytes.TrimSpace(x); len(t) > 2 && t[0] == '"' && t[len(t)-1] == '"' && bytes.IndexByte(t, '\\') < 0 {
			return string(t[1 : len(t)-1]), nil // the common case, without a decoder
		}
		var s any
		d := json.NewDecoder(bytes.NewReader(x))
		d.UseNumber()
		if d.Decode(&s) == nil {
			if _, isStr := s.(string); isStr || isNumber(s) {
				return idString(s)
			}
		}
	}
	return "", fmt.Errorf("not an id")
}

func isNumber(v any) bool { _, ok := v.(json.Number); return ok }

// toJSON encodes v, passing json.RawMessage through untouched so numbers keep their digits.
func toJSON(v any) (json.RawMessage, error) {
	switch x := v.(type) {
	case json.RawMessage:
		if !json.Valid(x) {
			return nil, fmt.Errorf("invalid JSON")
		}
		return x, nil
	case []byte:
		if !json.Valid(x) {
			return nil, fmt.Errorf("invalid JSON")
		}
		return x, nil
	}
	if out, ok, err := marshalerList(v); ok {
		return out, err
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimRight(buf.Bytes(), "\n"), nil
}

// marshalerList encodes a slice of models ([]*Task, say) element by element
// into one array. A big list (100k tasks) is encoded by every core at once,
// each taking a contiguous part: it is all done before the first batch can
// be sent, while the server waits. Models write themselves into the part's
// buffer (appendJSON); other marshalers' output is checked to be JSON, as
// encoding/json checks it.
func marshalerList(v any) (json.RawMessage, bool, error) {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Slice || rv.IsNil() || !rv.Type().Elem().Implements(marshalerType) {
		return nil, false, nil
	}
	n := rv.Len()
	workers := 1
	if n >= 4096 {
		workers = runtime.GOMAXPROCS(0)
	}
	parts := make([][]byte, workers)
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := range workers {
		lo, hi := n*w/workers, n*(w+1)/workers
		wg.Go(func() {
			var b []byte
			for i := lo; i < hi; i++ {
				if i > lo {
					b = append(b, ',')
				}
				e := rv.Index(i)
				if e.Kind() == reflect.Pointer && e.IsNil() {
					b = append(b, "null"...)
					continue
				}
				var err error
				switch m := e.Interface().(type) {
				case interface{ appendJSON([]byte) ([]byte, error) }:
					b, err = m.appendJSON(b)
				default:
					var out []byte
					if out, err = m.(json.Marshaler).MarshalJSON(); err == nil && !json.Valid(out) {
						err = fmt.Errorf("invalid JSON")
					}
					b = append(b, out...)
				}
				if err != nil {
					errs[w] = fmt.Errorf("item %d: %w", i, err)
					return
				}
			}
			parts[w] = b
		})
	}
	wg.Wait()
	size := 2
	for w, b := range parts {
		if errs[w] != nil { // parts are in order, so this is the first item that failed
			return nil, true, errs[w]
		}
		size += len(b) + 1
	}
	out := make([]byte, 0, size)
	out = append(out, '[')
	for w, b := range parts {
		if w > 0 && len(b) > 0 && len(out) > 1 {
			out = append(out, ',')
		}
		out = append(out, b...)
	}
	return append(out, ']'), true, nil
}

var marshalerType = reflect.TypeFor[json.Marshaler]()

func checkJSONKind(raw json.RawMessage, typ string) error {
	t := bytes.TrimSpace(raw)
	if len(t) == 0 {
		return fmt.Errorf("nothing")
	}
	wantArray := strings.HasSuffix(typ, "[]")
	switch {
	case wantArray && t[0] != '[':
		return fmt.Errorf("%s", jsonKind(t))
	case !wantArray && t[0] != '{':
		return fmt.Errorf("%s", jsonKind(t))
	}
	return nil
}

func jsonKind(t []byte) string {
	switch t[0] {
	case '{':
		return "an object"
	case '[':
		return "a list"
	case '"':
		return "a string " + excerpt(t, 40)
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	}
	return "a number " + string(t)
}

func isEmptyJSON(b []byte) bool {
	t := bytes.TrimSpace(b)
	return len(t) == 0 || string(t) == "{}" || string(t) == "[]" || string(t) == "null"
}

func isModelType(t string) bool {
	return t != "" && t[0] >= 'A' && t[0] <= 'Z' && !strings.HasSuffix(t, "[]")
}

func describeType(t string) string {
	switch {
	case t == "string":
		return "a string"
	case t == "string[]":
		return "a list of strings"
	case strings.HasSuffix(t, "[]"):
		return "a list of " + strings.TrimSuffix(t, "[]") + " objects"
	case isModelType(t):
		return "a " + t + " object"
	}
	return "a " + t
}

func describeValue(v any) string {
	switch x := v.(type) {
	case string:
		return "an empty string"
	case json.RawMessage:
		return jsonKind(bytes.TrimSpace(x))
	case bool:
		return "a boolean"
	case map[string]any:
		return "an object"
	case []any:
		return "a list"
	}
	return fmt.Sprintf("%T %v", v, v)
}

// queryValues turns an option value into query parameter values (§2.4, §3.1).
func queryValues(p Param, v any) ([]string, error) {
	if raw, ok := v.(json.RawMessage); ok {
		d := json.NewDecoder(bytes.NewReader(raw))
		d.UseNumber()
		var x any
		if err := d.Decode(&x); err != nil {
			return nil, err
		}
		v = x
	}
	if list, ok := asList(v); ok {
		if !strings.HasSuffix(p.Type, "[]") && p.Name != "sort" {
			return nil, fmt.Errorf("a list")
		}
		parts := make([]string, 0, len(list))
		for _, x := range list {
			s, err := scalarQuery(p, x)
			if err != nil {
				return nil, err
			}
			parts = append(parts, s)
		}
		if p.Name == "requester_ids" {
			return parts, nil // the only list sent as a repeated key
		}
		return []string{strings.Join(parts, ",")}, nil
	}
	s, err := scalarQuery(p, v)
	if err != nil {
		return nil, err
	}
	return []string{s}, nil
}

func asList(v any) ([]any, bool) {
	switch x := v.(type) {
	case []any:
		return x, true
	case []string:
		out := make([]any, len(x))
		for i, s := range x {
			out[i] = s
		}
		return out, true
	}
	return nil, false
}

func scalarQuery(p Param, v any) (string, error) {
	switch x := v.(type) {
	case string:
		if p.Type == "datetime" {
			t, err := ParseTime(x)
			if err != nil {
				return "", fmt.Errorf("%q, not a date-time", x)
			}
			return FormatTime(t), nil
		}
		if p.Type == "integer" {
			if _, err := strconv.Atoi(x); err != nil {
				return "", fmt.Errorf("%q, not an integer", x)
			}
		}
		if p.Type == "boolean" && x != "true" && x != "false" {
			return "", fmt.Errorf("%q, not a boolean", x)
		}
		return x, nil
	case bool:
		if p.Type != "boolean" && p.Type != "string" {
			return "", fmt.Errorf("a boolean")
		}
		return strconv.FormatBool(x), nil
	case time.Time:
		return FormatTime(x), nil
	case json.Number:
		if p.Type == "boolean" || p.Type == "datetime" {
			return "", fmt.Errorf("a number %s", x)
		}
		return x.String(), nil
	case int:
		return strconv.Itoa(x), nil
	case int64:
		return strconv.FormatInt(x, 10), nil
	case float64:
		if p.Type == "boolean" || p.Type == "datetime" {
			return "", fmt.Errorf("a number %v", x)
		}
		return strconv.FormatFloat(x, 'f', -1, 64), nil
	case fmt.Stringer:
		return x.String(), nil
	}
	return "", fmt.Errorf("%s", describeValue(v))
}

// ParseTime reads a Toloka date-time leniently: 0–9 fraction digits, no zone
// meaning UTC, Z or an offset honoured, seconds optional.
func ParseTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{"2006-01-02T15:04:05.999999999", "2006-01-02T15:04:05.999999999Z07:00", "2006-01-02T15:04",
		"2006-01-02T15:04Z07:00", "2006-01-02 15:04:05.999999999", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("cannot parse %q as a date-time", s)
}

// FormatTime writes t as Toloka expects: UTC without a zone, microseconds only when non-zero.
func FormatTime(t time.Time) string {
	t = t.UTC()
	if t.Nanosecond()/1000 != 0 {
		return t.Format("2006-01-02T15:04:05.000000")
	}
	return t.Format("2006-01-02T15:04:05")
}

func paramIndex(ps []Param, name string) int {
	for i, p := range ps {
		if p.Name == name {
			return i
		}
	}
	return -1
}

func paramList(ps []Param) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.Name
	}
	return out
}

func paramNames(ps []Param) string { return strings.Join(paramList(ps), ", ") }

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func endpointNames() []string {
	out := make([]string, len(table()))
	for i, e := range table() {
		out[i] = e.Name
	}
	return out
}

// suggest returns "; did you mean X?" for the closest candidate, if any is close.
func suggest(got string, candidates []string) string { return names.DidYouMean(got, candidates) }

// Suggest returns the method name closest to name, or "" when none is close.
func Suggest(name string, candidates []string) string { return names.Closest(name, candidates) }
