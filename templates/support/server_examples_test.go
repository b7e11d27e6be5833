package support

import (
	"errors"
	"fmt"
	"io"
	"net/http/httptest"
	"slices"
	"testing"
)

func TestPickExample(t *testing.T) {
	exs := []example{
		{name: "a", path: map[string]string{"id": "1"}, params: map[string]string{"x": "p"}, status: 200, resp: `{"n":1}`},
		{name: "b", path: map[string]string{"id": "2"}, params: map[string]string{"x": "p"}, body: `{"k":[1,2]}`, status: 201, resp: `{"n":2}`},
		{name: "c", path: map[string]string{"id": "2"}, params: map[string]string{"x": "q", "tags": "t1,t2"}, status: 200, resp: `{"n":3}`},
		{name: "gone", path: map[string]string{"id": "404"}, status: 404, resp: `{"code":"NotFound"}`},
	}
	cases := []struct {
		path, params map[string]string
		body         any
		want         string
	}{
		{map[string]string{"id": "1"}, map[string]string{"x": "p"}, nil, "a"},
		{map[string]string{"id": "2"}, map[string]string{"x": "p"}, map[string]any{"k": []int{1, 2}}, "b"},
		{map[string]string{"id": "2"}, map[string]string{"x": "q", "tags": "t1,t2"}, nil, "c"},
		// No exact match: the same path, the most matching parameters,
		// the first of a tie.
		{map[string]string{"id": "2"}, map[string]string{"x": "p"}, nil, "b"},
		{map[string]string{"id": "2"}, map[string]string{"x": "q", "tags": "t2"}, nil, "c"},
		{map[string]string{"id": "1"}, map[string]string{}, nil, "a"},
	}
	for _, c := range cases {
		got, err := pickExample("op", exs, exampleCall{c.path, c.params}, c.body)
		if err != nil || got == nil || got.name != c.want {
			t.Errorf("pickExample(%v, %v, %v) = %v, %v; want %s", c.path, c.params, c.body, got, err, c.want)
		}
	}

	// An error example answers only the call that equals it, as an error.
	got, err := pickExample("op", exs, exampleCall{path: map[string]string{"id": "404"}}, nil)
	var ans *exampleAnswer
	if !errors.As(err, &ans) || ans.ex.name != "gone" || got == nil || got.name != "gone" {
		t.Errorf("404 example: %v, %v", got, err)
	}
	// A path no example names: 404, naming the closest example.
	_, err = pickExample("getThing", exs, exampleCall{path: map[string]string{"id": "9"}, params: map[string]string{"x": "q"}}, nil)
	var none *errNoExample
	if !errors.As(err, &none) || none.closest != "c" || err.Error() != `no example of operation getThing matches the request; the closest is "c"` {
		t.Errorf("no match: %v", err)
	}
	// …unless an example answers any call.
	withAny := append(slices.Clone(exs), example{name: "any", anyCall: true, status: 200})
	if got, err := pickExample("op", withAny, exampleCall{path: map[string]string{"id": "9"}}, nil); err != nil || got.name != "any" {
		t.Errorf("any-call example: %v, %v", got, err)
	}
	// …and a call that has nothing in common with the candidates of its
	// path (none here has a path parameter).
	noPath := []example{{name: "p", params: map[string]string{"q": "1"}, status: 200}, {name: "any", anyCall: true, status: 200}}
	if got, _ := pickExample("op", noPath, exampleCall{}, nil); got.name != "any" {
		t.Errorf("nothing in common: %v", got)
	}
	if got, _ := pickExample("op", noPath[:1], exampleCall{}, nil); got.name != "p" {
		t.Errorf("nothing in common, no any-call example: %v", got)
	}
	// An exact match beats the any-call example, which is last.
	if got, _ := pickExample("op", withAny, exampleCall{path: map[string]string{"id": "1"}, params: map[string]string{"x": "p"}}, nil); got.name != "a" {
		t.Errorf("exact before any-call: %v", got)
	}
	if _, err := pickExample("op", nil, exampleCall{}, nil); !errors.As(err, &none) || none.closest != "" {
		t.Errorf("no examples: %v", err)
	}
}

func TestExampleAnswers(t *testing.T) {
	s := &serverCore{errorBody: plainErrorBody}
	w := httptest.NewRecorder()
	s.writeError(w, httptest.NewRequest("GET", "/", nil), fmt.Errorf("wrapped: %w", &exampleAnswer{&example{name: "gone", status: 404, headers: map[string]string{"x-ms-request-id": "r1", "content-length": "99"}, resp: `{"code":"NotFound"}`}}))
	if w.Code != 404 || w.Body.String() != `{"code":"NotFound"}` || w.Header().Get("X-Ms-Request-Id") != "r1" || w.Header().Get("Content-Type") != "application/json" || w.Header().Get("Content-Length") != "19" {
		t.Errorf("error example: %d %q %v", w.Code, w.Body, w.Header())
	}
	w = httptest.NewRecorder()
	s.writeError(w, httptest.NewRequest("GET", "/", nil), &errNoExample{op: "getThing", closest: "c"})
	want := `{"code":"NotFound","message":"no example of operation getThing matches the request; the closest is \"c\"","details":[{"key":"operation","value":"getThing"},{"key":"closestExample","value":"c"}]}` + "\n"
	if w.Code != 404 || w.Body.String() != want {
		t.Errorf("no example: %d %s", w.Code, w.Body)
	}
}

func TestExampleBodyAndHeaders(t *testing.T) {
	ex := &example{headers: map[string]string{"ETag": "e1", "Retry-After": "5", "Bad": "x"}, resp: `{"n":7}`}
	var dst struct{ N int }
	if err := exampleBody(ex, &dst); err != nil || dst.N != 7 {
		t.Fatalf("exampleBody: %v %+v", err, dst)
	}
	if v := exampleHeader(ex, "etag", parseString); v == nil || *v != "e1" {
		t.Errorf("etag = %v", v)
	}
	if v := exampleHeader(ex, "Retry-After", parseInt32); v == nil || *v != 5 {
		t.Errorf("Retry-After = %v", v)
	}
	if v := exampleHeader(ex, "Bad", parseInt32); v != nil {
		t.Errorf("Bad = %v, want nil", *v)
	}
	if v := exampleHeader(ex, "Missing", parseString); v != nil {
		t.Errorf("Missing = %v", *v)
	}
	if err := exampleBody(&example{}, &dst); err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(exampleStream(ex))
	if string(b) != `{"n":7}` {
		t.Errorf("stream = %s", b)
	}
}
