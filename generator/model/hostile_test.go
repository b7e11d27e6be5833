package model_test

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/oasgen/oasgen/generator/emit"
	"github.com/oasgen/oasgen/generator/load"
	"github.com/oasgen/oasgen/generator/model"
)

func buildFile(t *testing.T, path string) (*model.API, []string) {
	t.Helper()
	doc, _, err := load.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	api, warns, err := model.Build(doc, model.Config{Package: "x", Reserved: append([]string{"UUID", "ResponseError"}, emit.Declared...)})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, w := range warns {
		out = append(out, w.Pointer+": "+w.Msg)
	}
	return api, out
}

func findType(api *model.API, name string) *model.Type {
	for _, t := range api.Types {
		if t.Name == name {
			return t
		}
	}
	return nil
}

// The hostile names fixture: what the model decides, and what it says.
func TestHostileNames(t *testing.T) {
	api, warns := buildFile(t, "../../specs/fixtures/hostilenames/openapi.yaml")
	want := []string{
		"#/components/schemas/Thing/properties/level/enum: enum values 2.5 are not of type integer: left out",
		`#/components/schemas/Thing/properties/mixed/enum: enum values 7 are not of type string: left out`,
		"#/paths/~1things/post/responses/4XX: error response Problem is a union without a common base: returned as a plain *ResponseError with the raw body",
	}
	if !slices.Equal(warns, want) {
		t.Errorf("warnings:\n%s\nwant:\n%s", strings.Join(warns, "\n"), strings.Join(want, "\n"))
	}
	thing := findType(api, "Thing")
	goNames := map[string]string{}
	for _, f := range thing.Fields {
		goNames[f.JSONName] = f.GoName
	}
	for json, goName := range map[string]string{"MarshalJSON": "MarshalJSONValue", "UnmarshalJSON": "UnmarshalJSONValue", "Error": "Error", "String": "StringValue", "Validate": "ValidateValue", "Values": "Values"} {
		if goNames[json] != goName {
			t.Errorf("property %s: Go name %s, want %s", json, goNames[json], goName)
		}
	}
	for _, tc := range []struct {
		typ  string
		vals int
	}{{"ThingLevel", 2}, {"ThingMixed", 2}} {
		if e := findType(api, tc.typ); e == nil || e.Enum == nil || len(e.Enum.Values) != tc.vals {
			t.Errorf("%s: want an enum of %d values, got %+v", tc.typ, tc.vals, e)
		}
	}
	// Left.right is held by value, Right.left closes the cycle.
	if f := findType(api, "Left").Fields[1]; f.JSONName != "right" || f.Pointer {
		t.Errorf("Left.right: %+v", f)
	}
	if f := findType(api, "Right").Fields[0]; !f.Pointer || !f.Required {
		t.Errorf("Right.left: %+v", f)
	}
	if u := findType(api, "ItemResource"); u == nil || u.Kind != model.DeclUnion || len(u.Union.Variants) != 2 {
		t.Errorf("ItemResource: want a union of two kinds, got %+v", u)
	}
	for _, g := range api.Groups {
		for _, op := range g.Operations {
			if op.ID == "putThing" {
				if !slices.Equal(op.Response.Statuses, []int{200}) {
					t.Errorf("putThing statuses %v, want [200] (2XX and 200 are one)", op.Response.Statuses)
				}
				if len(op.Errors) != 0 {
					t.Errorf("putThing errors %+v: a union without a base is no error type", op.Errors)
				}
			}
		}
	}
}

// An enum whose values share no type is not checked, and says so.
func TestMixedEnumWarns(t *testing.T) {
	p := filepath.Join(t.TempDir(), "s.yaml")
	os.WriteFile(p, []byte(`openapi: 3.0.0
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
    Any: {enum: [a, 1, true]}
    Ints: {type: integer, enum: [0.5, 1.5]}
`), 0o644)
	_, warns := buildFile(t, p)
	want := []string{
		`#/components/schemas/Any/enum: enum values "a", 1, true do not share one type: not checked`,
		`#/components/schemas/Ints/enum: enum values 0.5, 1.5 are not of type integer: not checked`,
	}
	if !slices.Equal(warns, want) {
		t.Errorf("warnings:\n%s\nwant:\n%s", strings.Join(warns, "\n"), strings.Join(want, "\n"))
	}
}

// A declared path parameter that the template does not name is left out
// with a located warning; RFC 6570 expressions other than OpenAPI's path
// styles, and styles that are not path styles, are located errors.
func TestPathTemplates(t *testing.T) {
	const head = `openapi: 3.0.3
info: {title: t, version: "1"}
paths:
`
	api, warns, err := buildWith(t, head+`  /x/{id}:
    get:
      operationId: get
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
        - {name: gone, in: path, required: true, schema: {type: string}}
      responses: {"204": {description: ok}}
`, model.Config{})
	if err != nil {
		t.Fatal(err)
	}
	if len(warns) != 1 || warns[0].Pointer != "#/paths/~1x~1{id}/get/parameters/1" || warns[0].Msg != `path parameter "gone" does not appear in the path template /x/{id}: left out` {
		t.Errorf("warnings %v", warns)
	}
	if op := api.Groups[0].Operations[0]; len(op.Positional) != 1 || op.Positional[0].Wire != "id" {
		t.Errorf("parameters %+v", op.Positional)
	}
	// The reverse, a template naming a parameter nobody declared (NASA's
	// /api/projects/{id}{.format}): a required string, with a warning.
	api, warns, err = buildWith(t, head+`  /x/{id}{.format}:
    get:
      operationId: get
      parameters:
        - {name: id, in: path, required: true, schema: {type: integer}}
      responses: {"204": {description: ok}}
`, model.Config{})
	if err != nil {
		t.Fatal(err)
	}
	if len(warns) != 1 || warns[0].Pointer != "#/paths/~1x~1{id}{.format}/get" || warns[0].Msg != `path template names {format} but the operation declares no such path parameter: taken as a required string` {
		t.Errorf("warnings %v", warns)
	}
	if op := api.Groups[0].Operations[0]; len(op.PathParams) != 2 || op.PathParams[1].Wire != "format" || op.PathParams[1].Type.Name != "string" || op.PathParams[1].Style != model.StyleLabel {
		t.Errorf("path parameters %+v", op.PathParams)
	}
	// NASA's declares it under the whole expression's name, ".format":
	// that parameter is the one meant, and nothing is left out.
	api, warns, err = buildWith(t, head+`  /x/{id}{.format}:
    get:
      operationId: get
      parameters:
        - {name: id, in: path, required: true, schema: {type: integer}}
        - {name: .format, in: path, required: true, schema: {type: string, enum: [json, xml]}}
      responses: {"204": {description: ok}}
`, model.Config{})
	if err != nil {
		t.Fatal(err)
	}
	if len(warns) != 0 {
		t.Errorf("warnings %v", warns)
	}
	if op := api.Groups[0].Operations[0]; len(op.PathParams) != 2 || op.PathParams[1].Wire != "format" || op.PathParams[1].Type.Kind != model.KindNamed || op.PathParams[1].Style != model.StyleLabel {
		t.Errorf("path parameters %+v", op.PathParams)
	}
	for _, tc := range []struct{ spec, want string }{
		{`  /x{#id}:
    get:
      operationId: get
      parameters: [{name: id, in: path, required: true, schema: {type: array, items: {type: string}}}]
      responses: {"204": {description: ok}}
`, `#/paths/~1x{#id} (get): path template /x{#id}: {#id} is an RFC 6570 fragment expansion, which oasgen does not support; only {name}, {name*}, {+name}, {.name}, {.name*}, {;name} and {;name*}`},
		{`  /x/{id}:
    get:
      operationId: get
      parameters: [{name: id, in: path, required: true, style: form, schema: {type: string}}]
      responses: {"204": {description: ok}}
`, `#/paths/~1x~1{id}/get/parameters/0/style (get): path parameter "id": style "form" is not a path style (simple, label or matrix)`},
	} {
		_, _, err := buildWith(t, head+tc.spec, model.Config{})
		if err == nil || !strings.HasSuffix(err.Error(), tc.want) {
			t.Errorf("err %v\nwant …%s", err, tc.want)
		}
	}
}

// OpenAPI 3.1: what is not generated says so, where it is written.
func TestOpenAPI31Warnings(t *testing.T) {
	_, warns := buildFile(t, "../../specs/fixtures/oas31/openapi.yaml")
	want := []string{
		"#/components/schemas/Pet/properties/code/type: type [string integer] has no one Go type: generated as any",
		"#/components/schemas/Pet/properties/position/prefixItems: prefixItems (a tuple) is not typed: generated as json.RawMessage",
	}
	if !slices.Equal(warns, want) {
		t.Errorf("warnings:\n%s\nwant:\n%s", strings.Join(warns, "\n"), strings.Join(want, "\n"))
	}
	_, dw, err := buildWith(t, `openapi: 3.1.0
jsonSchemaDialect: https://json-schema.org/draft/2020-12/schema
info: {title: t, version: "1"}
paths: {}
`, model.Config{})
	if err != nil || len(dw) != 1 || dw[0].Pointer != "#/jsonSchemaDialect" {
		t.Errorf("err %v, warnings %v", err, dw)
	}
}

// Inheritance through allOf $refs is bounded: the output of a polymorphic
// chain grows with the cube of its depth. 32 levels generate; 33 fail at
// the component where the limit is passed (in name order).
func TestInheritanceLimit(t *testing.T) {
	chain := func(n int) string {
		var b strings.Builder
		b.WriteString(`{"swagger": "2.0", "info": {"title": "t", "version": "1"}, "paths": {}, "definitions": {"L0": {"type": "object", "properties": {"p": {"type": "string"}}}`)
		for i := 1; i <= n; i++ {
			fmt.Fprintf(&b, `, "L%d": {"allOf": [{"$ref": "#/definitions/L%d"}], "properties": {"p%d": {"type": "string"}}}`, i, i-1, i)
		}
		b.WriteString("}}")
		return b.String()
	}
	if _, _, err := buildWith(t, chain(model.MaxInheritance), model.Config{}); err != nil {
		t.Fatalf("%d levels: %v", model.MaxInheritance, err)
	}
	_, _, err := buildWith(t, chain(model.MaxInheritance+1), model.Config{})
	if err == nil || !strings.Contains(err.Error(), "#/definitions/L33: inherits through more than 32 levels of allOf") {
		t.Fatalf("err = %v", err)
	}
}

// Two path parameters with nothing between them cannot be told apart by
// any server: refused with a located error instead of an operation every
// call of which gets 400.
func TestAdjacentPathParams(t *testing.T) {
	_, _, err := buildWith(t, `{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {"/x/{a}{b}": {"get": {"operationId": "ab",
		"parameters": [{"name": "a", "in": "path", "required": true, "schema": {"type": "string"}}, {"name": "b", "in": "path", "required": true, "schema": {"type": "string"}}],
		"responses": {"204": {"description": "ok"}}}}}}`, model.Config{})
	if err == nil || !strings.Contains(err.Error(), "#/paths/~1x~1{a}{b}") || !strings.Contains(err.Error(), "{a} and {b} have nothing between them") {
		t.Fatalf("err = %v", err)
	}
}

// Azure's request id echo is recognised from the parameters and the
// response header themselves, as Microsoft's current Batch definition
// writes them (no x-ms-client-request-id mark).
func TestEchoConvention(t *testing.T) {
	api, _, err := buildWith(t, `{"swagger": "2.0", "info": {"title": "t", "version": "1"}, "paths": {"/jobs/{id}": {"get": {"operationId": "Jobs_Get",
		"parameters": [{"name": "id", "in": "path", "required": true, "type": "string"},
			{"name": "client-request-id", "in": "header", "type": "string"},
			{"name": "return-client-request-id", "in": "header", "type": "boolean"}],
		"responses": {"200": {"description": "ok", "headers": {"client-request-id": {"type": "string"}}}}}}}}`, model.Config{})
	if err != nil {
		t.Fatal(err)
	}
	op := api.Groups[0].Operations[0]
	if e := op.Echo; e == nil || e.Wire != "client-request-id" || e.IDField != "ClientRequestID" || e.ReturnField != "ReturnClientRequestID" {
		t.Errorf("Echo = %+v", op.Echo)
	}
	if op.ClientRequestID != "" {
		t.Errorf("ClientRequestID = %q: the client fills the id only where the definition marks it", op.ClientRequestID)
	}
}
