package support

import (
	"encoding/json"
	"io"
	"reflect"
	"strings"
)

// example is one recorded exchange of an operation (an x-ms-examples
// file): the parameters and request body it was called with, and the first
// response it lists.
type example struct {
	name    string
	params  map[string]string // path, query and header parameters as text
	body    string            // request body JSON; "" when none
	status  int
	headers map[string]string
	resp    string // response body JSON; "" when none
}

// pickExample chooses, among an operation's examples, the one a call
// matches: the first (by name) whose every parameter equals the call's and
// whose request body is the same JSON; else the one with the most matching
// parameters (the first of a tie), so a call always gets an answer. params
// are the call's values formatted as the client sends them; body is the
// decoded request body, or nil.
func pickExample(exs []example, params map[string]string, body any) *example {
	var got any
	hasBody := false
	if body != nil {
		if b, err := json.Marshal(body); err == nil && string(b) != "null" {
			hasBody = json.Unmarshal(b, &got) == nil
		}
	}
	best, bestScore := -1, -1
	for i := range exs {
		ex := &exs[i]
		score, all := 0, true
		for k, v := range ex.params {
			if params[k] == v {
				score++
			} else {
				all = false
			}
		}
		if all && sameJSON(ex.body, got, hasBody) {
			return ex
		}
		if score > bestScore {
			best, bestScore = i, score
		}
	}
	if best < 0 {
		return nil
	}
	return &exs[best]
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

// exampleBody decodes an example's response body into dst (a pointer, or
// a json.Unmarshaler); an example without a body leaves dst alone.
func exampleBody(ex *example, dst any) error {
	if ex.resp == "" {
		return nil
	}
	return unmarshalJSON([]byte(ex.resp), dst)
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
