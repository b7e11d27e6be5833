package load

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeSpec(t *testing.T, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "openapi.json")
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// Nesting beyond MaxNesting is refused before kin-openapi, whose decoding
// is quadratic in the depth, reads it: at the first too-deep value.
func TestTooDeep(t *testing.T) {
	items := strings.Repeat(`{"type": "array", "items": `, 5000) + `{"type": "string"}` + strings.Repeat("}", 5000)
	spec := writeSpec(t, `{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {},
		"components": {"schemas": {"A": {"type": "string"}, "Deep": `+items+`}}}`)
	_, _, err := Load(spec)
	want := "#/components/schemas/Deep" + strings.Repeat("/items", MaxNesting-2) + ": nested more than 256 levels deep (oasgen's limit)"
	if err == nil || !strings.HasSuffix(err.Error(), want) {
		t.Fatalf("err %v\nwant …%s", err, want)
	}
}

// A "$ref" inside example values (an example, an Example object's value,
// a default, an enum, a 3.1 examples list, Swagger 2.0 response
// examples) is data: the definition loads and the value keeps it. Real
// references next to them are still checked.
func TestRefInExampleIsData(t *testing.T) {
	spec := writeSpec(t, `{"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
	"paths": {"/x": {"get": {"responses": {"200": {"description": "ok", "content": {"application/json": {
		"schema": {"$ref": "#/components/schemas/S"},
		"example": {"members": [{"$ref": "https://example.com/x"}]},
		"examples": {"one": {"$ref": "#/components/examples/E"}, "two": {"value": {"$ref": "#/nowhere"}}}}}}}}}},
	"components": {
		"examples": {"E": {"value": {"members": [{"$ref": "https://example.com/schemas/x"}]}}},
		"schemas": {"S": {"type": "object", "example": {"$ref": "#/nope"}, "default": {"$ref": "#/nope"},
			"properties": {"example": {"$ref": "#/components/schemas/T"}, "members": {"type": "array", "items": {"type": "object"}}}},
			"T": {"type": "string", "enum": [{"$ref": "#/nope"}]}}}}`)
	doc, _, err := Load(spec)
	if err != nil {
		t.Fatal(err)
	}
	v := doc.T.Components.Examples["E"].Value.Value
	if m, _ := v.(map[string]any)["members"].([]any)[0].(map[string]any); m["$ref"] != "https://example.com/schemas/x" {
		t.Errorf("example value %v", v)
	}
	// A property named example is a schema, and its reference is checked.
	bad := strings.Replace(string(mustRead(t, spec)), `"#/components/schemas/T"`, `"#/components/schemas/Missing"`, 1)
	if _, _, err := Load(writeSpec(t, bad)); err == nil || !strings.Contains(err.Error(), "#/components/schemas/S/properties/example: $ref") {
		t.Errorf("err %v, want the dangling reference of property example", err)
	}
	swagger := writeSpec(t, `{"swagger": "2.0", "info": {"title": "t", "version": "1"},
	"paths": {"/x": {"get": {"responses": {"200": {"description": "ok", "schema": {"type": "object"},
		"examples": {"application/json": {"$ref": "https://example.com/x"}}}}}}}}`)
	if _, _, err := Load(swagger); err != nil {
		t.Errorf("Swagger 2.0 response examples: %v", err)
	}
}

func mustRead(t *testing.T, p string) []byte {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// items given as an array (a draft 4 tuple) is a located error; it used
// to be encoding/json's unlocated "cannot unmarshal array".
func TestItemsTuple(t *testing.T) {
	spec := writeSpec(t, `{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {},
		"components": {"schemas": {"P": {"type": "object", "properties": {"items": {"type": "array", "items": [{"type": "string"}, {"type": "integer"}]}},
			"example": {"items": [1, 2]}}}}}`)
	_, _, err := Load(spec)
	want := "#/components/schemas/P/properties/items/items: items is an array (a tuple, draft 4): not supported; give one schema for every element"
	if err == nil || !strings.HasSuffix(err.Error(), want) {
		t.Fatalf("err %v\nwant …%s", err, want)
	}
}
