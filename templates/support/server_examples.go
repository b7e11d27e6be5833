package support

import (
	"encoding/json"
	"io"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"sync"
)

// An example server method is one call of answerExample with the
// operation's table (exampleOp): the table is data, so that a package's
// example servers cost little to compile (no code per parameter or header,
// no map literals to build at init).

// example is one recorded exchange of an operation: an x-ms-examples
// file, or the OpenAPI 3 examples of one name (parameters, request body
// and one response). Parameters and headers are name, value pairs.
type example struct {
	name    string
	path    []string // path parameters as text: they name the resource
	params  []string // query and header parameters as text; arrays comma-joined
	body    string   // request body JSON; "" when none
	anyCall bool     // a response example without a request: answers any call, last
	status  int      // the status the response is declared under
	headers []string
	resp    string // response body JSON; "" when none
}

// exampleOp is an operation as its example server method answers it: the
// parameters that make up a call, the response fields the answer fills,
// and the examples. The generator writes it from the model that also
// gives the operation's Options and response structs, so every field it
// names is there, exported, of a type its kind fits; answerExample checks
// that once, on the first call, and answers a call with an error (never a
// panic) if it does not hold.
type exampleOp struct {
	name     string      // the operation, for errors
	args     []wireField // the positional parameters, in the order the method passes their text
	opts     []wireField // the fields of the Options struct
	optBody  string      // the Options field of an optional request body; "" when none
	headers  []wireField // the response struct's header fields
	statuses []int       // the success statuses StatusCode takes; nil when there is one
	examples []example

	once sync.Once
	err  error // the table does not fit the structs
	// The struct field indices of opts, headers, optBody and StatusCode.
	optIdx, headerIdx []int
	bodyIdx, codeIdx  int
}

// exampleTableError: an example table does not fit its structs (a bug in
// the generator). The call fails with it rather than panicking.
type exampleTableError struct{ op, field string }

func (e *exampleTableError) Error() string {
	return "example server of " + e.op + ": its table does not fit the field " + strconv.Quote(e.field)
}

// answerExample answers a call of op's example server method: args are
// the text of its positional parameters (op.args), opts its *Options (nil
// when it has none), body its request body (nil when none or in opts),
// resp the *Response to fill and dst where the response body goes: a
// decode target for exampleBody, an *io.ReadCloser for a stream, or nil
// when the answer has no body.
func answerExample(op *exampleOp, args []string, opts, body, resp, dst any) error {
	op.once.Do(func() { op.err = op.resolve(reflect.TypeOf(opts), reflect.TypeOf(resp)) })
	if op.err != nil {
		return op.err
	}
	var c exampleCall
	for i, a := range op.args {
		if i < len(args) {
			c.set(a.path, a.wire, args[i])
		}
	}
	if o := reflect.ValueOf(opts); o.Kind() == reflect.Pointer && !o.IsNil() {
		o = o.Elem()
		for i, f := range op.opts {
			if s, ok := exampleText(o.Field(op.optIdx[i]), f); ok {
				c.set(f.path, f.wire, s)
			}
		}
		if op.optBody != "" {
			body = o.Field(op.bodyIdx).Interface()
		}
	}
	e, err := pickExample(op.name, op.examples, c, body)
	if err != nil {
		return err
	}
	r := reflect.ValueOf(resp).Elem() // resolve saw a *struct
	if !r.IsValid() {
		return &exampleTableError{op.name, "response"} // a nil *struct
	}
	for _, s := range op.statuses {
		if s == e.status {
			r.Field(op.codeIdx).SetInt(int64(s))
		}
	}
	for i, h := range op.headers {
		f := r.Field(op.headerIdx[i])
		if v := exampleHeader(e, h, f.Type().Elem()); v.IsValid() {
			f.Set(v)
		}
	}
	switch d := dst.(type) {
	case nil:
	case *io.ReadCloser:
		*d = exampleStream(e)
	default:
		return exampleBody(e, dst)
	}
	return nil
}

// resolve checks op's table against the types of the method's opts and
// resp and records the fields' indices.
func (op *exampleOp) resolve(opts, resp reflect.Type) error {
	bad := func(field string) error { return &exampleTableError{op.name, field} }
	op.optIdx = make([]int, len(op.opts))
	for i, f := range op.opts {
		sf, ok := wireStructField(opts, f.field)
		t := sf.Type
		if ok && f.list {
			ok = t.Kind() == reflect.Slice
		} else if ok {
			ok = t.Kind() == reflect.Pointer
		}
		if !ok || !wireFits(t.Elem(), f.kind, false) {
			return bad(f.field)
		}
		op.optIdx[i] = sf.Index[0]
	}
	if op.optBody != "" {
		sf, ok := wireStructField(opts, op.optBody)
		if !ok {
			return bad(op.optBody)
		}
		op.bodyIdx = sf.Index[0]
	}
	op.headerIdx = make([]int, len(op.headers))
	for i, h := range op.headers {
		sf, ok := wireStructField(resp, h.field)
		ok = ok && sf.Type.Kind() == reflect.Pointer
		t := sf.Type
		if ok {
			t = t.Elem()
		}
		if ok && h.list {
			ok = t.Kind() == reflect.Slice
			t = t.Elem()
		}
		if !ok || !wireFits(t, h.kind, true) {
			return bad(h.field)
		}
		op.headerIdx[i] = sf.Index[0]
	}
	if op.statuses != nil {
		sf, ok := wireStructField(resp, "StatusCode")
		if !ok || sf.Type.Kind() != reflect.Int {
			return bad("StatusCode")
		}
		op.codeIdx = sf.Index[0]
	}
	if resp == nil || resp.Kind() != reflect.Pointer || resp.Elem().Kind() != reflect.Struct {
		return bad("response")
	}
	return nil
}

// exampleText is an Options field's value as the client sends it (arrays
// comma-joined); false when it is nil.
func exampleText(v reflect.Value, f wireField) (string, bool) {
	if v.IsNil() {
		return "", false
	}
	if !f.list {
		return wireFormat(v.Elem(), f.kind), true
	}
	var b strings.Builder
	for i := range v.Len() {
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString(wireFormat(v.Index(i), f.kind))
	}
	return b.String(), true
}

// exampleHeader parses an example's response header h the way the client
// reads it, as a *t: the invalid Value when the example lacks it or it
// does not parse.
func exampleHeader(ex *example, h wireField, t reflect.Type) reflect.Value {
	for i := 0; i+1 < len(ex.headers); i += 2 {
		if !strings.EqualFold(ex.headers[i], h.wire) {
			continue
		}
		p := reflect.New(t)
		if exampleParseValue(ex.headers[i+1], h, p.Elem()) {
			return p
		}
	}
	return reflect.Value{}
}

// exampleParseValue reads s into v (a new value) with the parse function
// of h's kind; arrays as parseCSV reads them.
func exampleParseValue(s string, h wireField, v reflect.Value) bool {
	if !h.list {
		return wireParse(s, h.kind, v)
	}
	var parts []string
	if s != "" {
		parts = strings.Split(s, ",")
	}
	v.Set(reflect.MakeSlice(v.Type(), len(parts), len(parts)))
	for i, p := range parts {
		if !wireParse(p, h.kind, v.Index(i)) {
			return false
		}
	}
	return true
}

// exampleCall is a call's parameters as pickExample compares them, name,
// value pairs formatted as the client sends them (arrays comma-joined,
// whatever their explode form on the wire).
type exampleCall struct {
	path, params []string
}

// set records a parameter's text; a later one of the same name replaces
// it.
func (c *exampleCall) set(path bool, name, value string) {
	p := &c.params
	if path {
		p = &c.path
	}
	for i := 0; i+1 < len(*p); i += 2 {
		if (*p)[i] == name {
			(*p)[i+1] = value
			return
		}
	}
	*p = append(*p, name, value)
}

// pickExample chooses the example that answers a call of the operation op:
// the first (in the order given) whose parameters and body all equal the
// call's; else, among the success examples whose path parameters equal the
// call's, the one with the most equal parameters and body (the first of a
// tie), unless none has any equal and an example answers any call: then
// the first such. An error example (not 2xx) answers only a call that
// equals it, and then the error is its answer. When no example answers,
// the error is a 404 naming op and the closest example. body is the
// call's decoded request body, or nil.
func pickExample(op string, exs []example, c exampleCall, body any) (*example, error) {
	got, hasBody := callBody(body)
	best, bestScore := -1, -1
	closest, closeScore := -1, -1
	anyCall := -1
	for i := range exs {
		ex := &exs[i]
		if ex.anyCall {
			if anyCall < 0 && successStatus(ex.status) {
				anyCall = i
			}
			continue
		}
		pathOK, n := countEqual(ex.path, c.path)
		paramsOK, m := countEqual(ex.params, c.params)
		bodyOK := sameJSON(ex.body, got, hasBody)
		if pathOK && paramsOK && bodyOK {
			return ex, ex.errorAnswer()
		}
		score := n + m
		if bodyOK && ex.body != "" {
			score++
		}
		if score > closeScore {
			closest, closeScore = i, score
		}
		if pathOK && successStatus(ex.status) && score > bestScore {
			best, bestScore = i, score
		}
	}
	if anyCall >= 0 && bestScore <= 0 {
		best = anyCall // before a candidate with nothing in common
	}
	if best >= 0 {
		return &exs[best], nil
	}
	e := &errNoExample{op: op}
	if closest >= 0 {
		e.closest = exs[closest].name
	}
	return nil, e
}

func successStatus(status int) bool { return status >= 200 && status <= 299 }

// countEqual reports whether every value of want equals got's, and how
// many do (both name, value pairs).
func countEqual(want, got []string) (bool, int) {
	n := 0
	for i := 0; i+1 < len(want); i += 2 {
		for j := 0; j+1 < len(got); j += 2 {
			if got[j] == want[i] {
				if got[j+1] == want[i+1] {
					n++
				}
				break
			}
		}
	}
	return n == len(want)/2, n
}

// callBody is a request body as generic JSON, for comparison.
func callBody(body any) (any, bool) {
	if body == nil {
		return nil, false
	}
	b, err := json.Marshal(body)
	if err != nil || string(b) == "null" {
		return nil, false
	}
	var got any
	return got, json.Unmarshal(b, &got) == nil
}

func sameJSON(raw string, got any, hasBody bool) bool {
	if raw == "" || !hasBody {
		return raw == "" && !hasBody
	}
	var want any
	if json.Unmarshal([]byte(raw), &want) != nil {
		return false
	}
	return reflect.DeepEqual(want, got)
}

// errorAnswer is nil for a success example; an error example's answer is
// an error the handler writes as the example gives it.
func (ex *example) errorAnswer() error {
	if successStatus(ex.status) {
		return nil
	}
	return &exampleAnswer{ex}
}

// exampleAnswer is an error example as a server method's error: the
// handler answers the example's status, headers and body.
type exampleAnswer struct{ ex *example }

func (e *exampleAnswer) Error() string {
	return "example " + strconv.Quote(e.ex.name) + " answers " + strconv.Itoa(e.ex.status)
}

func (e *exampleAnswer) answer(_ *serverCore, w http.ResponseWriter) {
	h := w.Header()
	hs := e.ex.headers
	for i := 0; i+1 < len(hs); i += 2 {
		if !strings.EqualFold(hs[i], "Content-Length") { // the body's own length is written
			h.Set(hs[i], hs[i+1])
		}
	}
	if e.ex.resp != "" {
		h.Set("Content-Type", "application/json")
		h.Set("Content-Length", strconv.Itoa(len(e.ex.resp)))
	}
	w.WriteHeader(e.ex.status)
	_, _ = io.WriteString(w, e.ex.resp)
}

// errNoExample: no example of the operation answers the call.
type errNoExample struct{ op, closest string }

func (e *errNoExample) Error() string {
	msg := "no example of operation " + e.op + " matches the request"
	if e.closest != "" {
		msg += "; the closest is " + strconv.Quote(e.closest)
	}
	return msg
}

func (e *errNoExample) answer(s *serverCore, w http.ResponseWriter) {
	details := [][2]string{{"operation", e.op}}
	if e.closest != "" {
		details = append(details, [2]string{"closestExample", e.closest})
	}
	s.writeFramework(w, http.StatusNotFound, "NotFound", e.Error(), details)
}

// exampleBody decodes an example's response body into dst (a pointer, or
// a json.Unmarshaler); an example without a body leaves dst alone.
func exampleBody(ex *example, dst any) error {
	if ex.resp == "" {
		return nil
	}
	return unmarshalJSON([]byte(ex.resp), dst, nil) // the definition's own example: no budget
}

// exampleStream is an example's response body as a stream.
func exampleStream(ex *example) io.ReadCloser {
	return io.NopCloser(strings.NewReader(ex.resp))
}
