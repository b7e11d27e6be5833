package model

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseExample(t *testing.T) {
	op := &Operation{
		PathParams: []*Param{{Wire: "id", Encoding: Encoding{In: InPath}}},
		Positional: []*Param{{Wire: "id", Encoding: Encoding{In: InPath}}},
		Options: &Options{Params: []*Param{{Wire: "n", Encoding: Encoding{In: InQuery}}, {Wire: "Flag", Encoding: Encoding{In: InHeader}},
			{Wire: "tags", Encoding: Encoding{In: InQuery}, Type: TypeRef{Kind: KindSlice}}, {Wire: "ids", Encoding: Encoding{In: InQuery}, Type: TypeRef{Kind: KindSlice}}}},
		Body: &Body{Wire: "thing", JSON: true},
	}
	// A header by any case; arrays as JSON or as comma-joined text.
	raw := json.RawMessage(`{
		"parameters": {"id": "a1", "n": 5, "flag": true, "api-version": "1", "endpoint": "x", "thing": {"b": [1, 2]},
			"tags": ["a", "b"], "ids": "1,2"},
		"responses": {
			"404": {"body": {"code": "NotFound"}},
			"202": {"headers": {"Retry-After": 10, "ETag": "e"}, "body": {"ok": true}},
			"200": {"body": {"ok": false}}
		}
	}`)
	got := parseExample(op, "ex", raw)
	want := &Example{
		Name:   "ex",
		Path:   map[string]string{"id": "a1"},
		Params: map[string]string{"n": "5", "Flag": "true", "tags": "a,b", "ids": "1,2"},
		Body:   `{"b":[1,2]}`,
		Status: 200,
		Resp:   `{"ok":false}`,
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("parseExample (-want +got):\n%s", d)
	}
	if ex := parseExample(op, "none", json.RawMessage(`{"parameters": {}}`)); ex != nil {
		t.Errorf("no responses: got %+v, want nil", ex)
	}
	if ex := parseExample(op, "bad", json.RawMessage(`[`)); ex != nil {
		t.Errorf("bad JSON: got %+v, want nil", ex)
	}
	// Only error responses: the lowest.
	ex := parseExample(&Operation{}, "err", json.RawMessage(`{"responses": {"500": {}, "404": {"headers": {"x": "1"}}}}`))
	if ex == nil || ex.Status != 404 || ex.Headers["x"] != "1" || ex.Resp != "" {
		t.Errorf("error-only example: %+v", ex)
	}
}
