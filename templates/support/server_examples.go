package support

import (
	"encoding/json"
	"io"
	"net/http"
	"reflect"
	"strconv"
	"strings"
)

// example is one recorded exchange of an operation: an x-ms-examples
// file, or the OpenAPI 3 examples of one name (parameters, request body
// and one response).
type example struct {
	name    string
	path    map[string]string // path parameters as text: they name the resource
	params  map[string]string // query and header parameters as text; arrays comma-joined
	body    string            // request body JSON; "" when none
	anyCall bool              // a response example without a request: answers any call, last
	status  int               // the status the response is declared under
	headers map[string]string
	resp    string // response body JSON; "" when none
}

// exampleParam records an optional parameter in an example call's
// params when v is not nil.
//
//go:noinline
func exampleParam[T any](c *exampleCall, name string, v *T, format func(T) string) {
	if v != nil {
		c.params[name] = format(*v)
	}
}

// exampleCall is a call's parameters as pickExample compares them:
// formatted as the client sends them (arrays comma-joined, whatever their
// explode form on the wire).
type exampleCall struct {
	path, params map[string]string
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
// many do.
func countEqual(want, got map[string]string) (bool, int) {
	n := 0
	for k, v := range want {
		if g, ok := got[k]; ok && g == v {
			n++
		}
	}
	return n == len(want), n
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
	for k, v := range e.ex.headers {
		if !strings.EqualFold(k, "Content-Length") { // the body's own length is written
			h.Set(k, v)
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

// exampleHeader parses an example's response header the way the client
// reads it: nil when the example lacks it or it does not parse.
func exampleHeader[T any](ex *example, name string, parse func(string) (T, error)) *T {
	for k, s := range ex.headers {
		if strings.EqualFold(k, name) {
			if v, err := parse(s); err == nil {
				return &v
			}
		}
	}
	return nil
}
