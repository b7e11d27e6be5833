package model_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/oasgen/oasgen/generator/model"
)

// findOp is the operation of the given id.
func findOp(t *testing.T, api *model.API, id string) *model.Operation {
	t.Helper()
	for _, g := range api.AllGroups() {
		for _, op := range g.Operations {
			if op.ID == id {
				return op
			}
		}
	}
	t.Fatalf("no operation %s", id)
	return nil
}

// keywordNames are the names of s's keywords.
func keywordNames(s *model.Schema) []string {
	var out []string
	for _, k := range s.Keywords() {
		out = append(out, k.Name)
	}
	return out
}

// property is s's keyword properties/name's subschema.
func property(t *testing.T, s *model.Schema, name string) *model.Schema {
	t.Helper()
	for _, k := range s.Keywords() {
		if k.Name == "properties/"+name {
			return k.Sub
		}
	}
	t.Fatalf("%s has no property %s: %v", s, name, keywordNames(s))
	return nil
}

// The request schemas keep every keyword a request can break, leave out
// what the Go type enforces, and warn where a keyword cannot be checked.
func TestRequestSchemas(t *testing.T) {
	api, warns := buildFile(t, "../../specs/fixtures/validation/openapi.yaml")
	order := findOp(t, api, "Orders_Create").Body.Schema
	if order == nil {
		t.Fatal("Orders_Create's body has no Schema")
	}
	want := []string{"dependentRequired/card", "dependentSchemas/card", "maxProperties", "minProperties", "properties/address", "required/id", "required/lines", "required/total", "type"}
	for _, w := range want {
		if !slices.Contains(keywordNames(order), w) {
			t.Errorf("Order lacks %s: %v", w, keywordNames(order))
		}
	}
	if order.Types != model.JSONAnyButNull || !order.Fold {
		t.Errorf("Order at its Go struct: types %v, fold %v; want only null refused, members matched as the decoder does", order.Types, order.Fold)
	}
	total := property(t, order, "total")
	if total.MultipleOf != "0.01" || total.Max == nil || !total.ExclusiveMax {
		t.Errorf("total: %s", total)
	}
	if c := property(t, order, "contact"); property(t, c, "ref") == nil || property(t, c, "ref").Format != "" {
		t.Errorf("contact.ref is a UUID: its format is the Go type's to check")
	} else if property(t, c, "website").Format != "uri" {
		t.Errorf("contact.website: %s", property(t, c, "website"))
	}
	if origin := property(t, order, "origin"); !origin.Const || len(origin.Enum) != 1 || origin.Enum[0] != `{"ids":[1,2],"site":"web"}` {
		t.Errorf("origin: %s", origin)
	}
	for _, k := range order.Keywords() {
		if k.Name == "required/created" {
			t.Error("the read-only created is required in a request")
		}
	}
	list := findOp(t, api, "Orders_List")
	for _, p := range list.Options.Params {
		switch p.Wire {
		case "limit", "ids", "since", "tag", "filter":
			if p.Schema == nil {
				t.Errorf("parameter %s: no Schema", p.Wire)
			}
		}
	}
	get := findOp(t, api, "Orders_Get")
	if id := get.PathParams[0]; id.Schema != nil || id.Checks.Pattern == "" {
		t.Errorf("path id: Schema %v, pattern %q; want one call per keyword", id.Schema, id.Checks.Pattern)
	}
	for i, s := range api.Schemas {
		if s.Index != i+1 || s.Name == "" {
			t.Errorf("schema %d: index %d, name %q", i, s.Index, s.Name)
		}
	}
	for _, w := range []string{
		"#/paths/~1uploads/post/requestBody/content/multipart~1form-data/schema: request body multipart/form-data reaches the server method as a stream: its schema's keywords are not checked",
		`#/paths/~1orders/post/parameters/2/schema: parameter "mode" travels as a plain string: its schema's keywords are not checked`,
	} {
		if !slices.Contains(warns, w) {
			t.Errorf("no warning %q in:\n%s", w, strings.Join(warns, "\n"))
		}
	}
}

// What accepts every value is simplified away, equal schemas are one,
// and the keywords an unevaluatedProperties looks at are kept.
func TestRequestSchemasSimplified(t *testing.T) {
	p := filepath.Join(t.TempDir(), "s.yaml")
	os.WriteFile(p, []byte(`openapi: 3.1.0
info: {title: t, version: "1"}
paths:
  /a:
    post:
      requestBody:
        content:
          application/json:
            schema: {$ref: "#/components/schemas/A"}
      responses: {"204": {description: ok}}
  /b:
    post:
      requestBody:
        content:
          application/json:
            schema: {$ref: "#/components/schemas/B"}
      responses: {"204": {description: ok}}
components:
  schemas:
    A:
      type: object
      properties:
        x: {type: string}
        y: {type: string, maxLength: 3}
        z: {type: string, maxLength: 3}
    B:
      type: object
      allOf:
        - properties:
            x: {type: string}
      unevaluatedProperties: false
`), 0o644)
	api, _ := buildFile(t, p)
	var aSchema, bSchema *model.Schema
	for _, g := range api.Groups {
		for _, op := range g.Operations {
			switch op.Path {
			case "/a":
				aSchema = op.Body.Schema
			case "/b":
				bSchema = op.Body.Schema
			}
		}
	}
	if property(t, aSchema, "y") != property(t, aSchema, "z") {
		t.Errorf("equal schemas of y and z are two")
	}
	if x := property(t, aSchema, "x"); x.Types != model.JSONAnyButNull || len(x.Keywords()) != 1 {
		t.Errorf("x: %s", x)
	}
	part := bSchema.AllOf
	if len(part) != 1 || !slices.Contains(keywordNames(part[0]), "properties/x") {
		t.Errorf("B's allOf part lost the property an unevaluatedProperties looks at: %s", bSchema)
	}
}

// A schema that applies itself to the same value would never finish
// checking: the reference that closes the cycle is dropped, with a
// located warning, and the rest is still checked.
func TestRequestSchemaInPlaceCycle(t *testing.T) {
	p := filepath.Join(t.TempDir(), "s.yaml")
	os.WriteFile(p, []byte(`openapi: 3.1.0
info: {title: t, version: "1"}
paths:
  /a:
    post:
      requestBody:
        content:
          application/json:
            schema: {$ref: "#/components/schemas/A"}
      responses: {"204": {description: ok}}
components:
  schemas:
    A:
      type: object
      required: [x]
      properties:
        x: {type: string}
      anyOf:
        - $ref: "#/components/schemas/B"
        - required: [y]
    B:
      allOf:
        - $ref: "#/components/schemas/A"
`), 0o644)
	api, warns := buildFile(t, p)
	if !slices.ContainsFunc(warns, func(w string) bool { return strings.Contains(w, "applies itself to the same value") }) {
		t.Errorf("no warning about the cycle in:\n%s", strings.Join(warns, "\n"))
	}
	a := api.Groups[0].Operations[0].Body.Schema
	if a == nil || !slices.Contains(keywordNames(a), "required/x") {
		t.Errorf("A lost its own keywords: %s", a)
	}
}
