package support

import (
	"io"
	"testing"
)

func TestPickExample(t *testing.T) {
	exs := []example{
		{name: "a", params: map[string]string{"id": "1", "x": "p"}, resp: `{"n":1}`},
		{name: "b", params: map[string]string{"id": "2", "x": "p"}, body: `{"k":[1,2]}`, resp: `{"n":2}`},
		{name: "c", params: map[string]string{"id": "2", "x": "q"}, resp: `{"n":3}`},
	}
	cases := []struct {
		params map[string]string
		body   any
		want   string
	}{
		{map[string]string{"id": "1", "x": "p"}, nil, "a"},
		{map[string]string{"id": "2", "x": "p"}, map[string]any{"k": []int{1, 2}}, "b"},
		{map[string]string{"id": "2", "x": "q"}, nil, "c"},
		// No exact match: the most matching parameters, the first of a tie.
		{map[string]string{"id": "2", "x": "p"}, nil, "b"},
		{map[string]string{"id": "9", "x": "q"}, nil, "c"},
		{map[string]string{}, nil, "a"},
	}
	for _, c := range cases {
		if got := pickExample(exs, c.params, c.body); got == nil || got.name != c.want {
			t.Errorf("pickExample(%v, %v) = %v, want %s", c.params, c.body, got, c.want)
		}
	}
	if pickExample(nil, nil, nil) != nil {
		t.Error("no examples: want nil")
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
