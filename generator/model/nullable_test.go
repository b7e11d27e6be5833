package model_test

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/oasgen/oasgen/generator/model"
)

// shapes describes each field of the types named in want as "Type.field:
// three-state", "pointer" or "value".
func shapes(api *model.API) map[string]string {
	out := map[string]string{}
	for _, t := range api.Types {
		for _, f := range t.Fields {
			shape := "value"
			switch {
			case f.ThreeState:
				shape = "three-state"
			case f.Pointer:
				shape = "pointer"
			}
			out[t.Name+"."+f.JSONName] = shape
		}
	}
	return out
}

const nullableSpec = `openapi: 3.0.0
info: {title: t, version: "1"}
paths:
  /pages:
    get:
      operationId: Pages_List
      x-ms-pageable: {nextLinkName: next}
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Page"}}}}
        default: {description: e, content: {application/json: {schema: {$ref: "#/components/schemas/Err"}}}}
components:
  schemas:
    Page:
      type: object
      properties:
        value: {type: array, nullable: true, items: {$ref: "#/components/schemas/Node"}}
        next: {type: string, nullable: true}
    Node:
      type: object
      required: [req]
      properties:
        req: {type: string, nullable: true}
        opt: {type: string, nullable: true}
        plain: {type: string}
        list: {type: array, nullable: true, items: {type: string}}
        ro: {type: string, nullable: true, readOnly: true}
        next: {$ref: "#/components/schemas/NullableNode"}
        leaf: {$ref: "#/components/schemas/Leaf"}
    NullableNode:
      type: object
      nullable: true
      properties:
        node: {$ref: "#/components/schemas/Node"}
        self: {$ref: "#/components/schemas/NullableNode"}
    Leaf:
      type: object
      nullable: true
      properties:
        x: {type: integer, nullable: true}
    Err:
      type: object
      properties:
        code: {type: string, nullable: true}
        message: {type: string, nullable: true}
`

// Only optional nullable properties become Nullable[T], and not those
// whose shape other generated code relies on.
func TestNullables(t *testing.T) {
	got := shapes(build(t, nullableSpec))
	want := map[string]string{
		"Node.req":          "pointer",     // required: null is nil, absent a 400
		"Node.opt":          "three-state", // optional and nullable
		"Node.plain":        "pointer",     // optional, not nullable
		"Node.list":         "three-state", // a nullable slice too
		"Node.ro":           "pointer",     // read-only: never sent
		"Node.leaf":         "three-state", // a nullable object
		"Leaf.x":            "three-state",
		"Node.next":         "three-state",
		"NullableNode.node": "pointer", // not nullable
		"NullableNode.self": "pointer", // Nullable[NullableNode] would hold itself
		"Page.value":        "value",   // a pager's items
		"Page.next":         "pointer", // a pager's next link
		"Err.code":          "pointer", // an error model's
		"Err.message":       "pointer",
	}
	var diffs []string
	for _, k := range slices.Sorted(maps.Keys(want)) {
		if got[k] != want[k] {
			diffs = append(diffs, fmt.Sprintf("%s: %s, want %s", k, got[k], want[k]))
		}
	}
	if len(diffs) > 0 {
		t.Error(strings.Join(diffs, "\n"))
	}
	api, _, err := buildWith(t, nullableSpec, model.Config{NullablePointer: true})
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range shapes(api) {
		if v == "three-state" {
			t.Errorf("nullable: pointer: %s is three-state", k)
		}
	}
}

// Swagger 2.0's x-nullable and OpenAPI 3.1's type [T, "null"] count as
// nullable too.
func TestNullableDialects(t *testing.T) {
	for name, spec := range map[string]string{
		"swagger": `swagger: "2.0"
info: {title: t, version: "1"}
paths: {}
definitions:
  T: {type: object, properties: {a: {type: string, x-nullable: true}, b: {type: string}}}
`,
		"3.1": `openapi: 3.1.0
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
    T: {type: object, properties: {a: {type: [string, "null"]}, b: {type: string}}}
`,
	} {
		got := shapes(build(t, spec))
		if got["T.a"] != "three-state" || got["T.b"] != "pointer" {
			t.Errorf("%s: %v", name, got)
		}
	}
}
