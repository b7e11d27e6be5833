package model_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/oasgen/oasgen/generator/model"
)

const oas3ExamplesSpec = `
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /things/{id}:
    parameters:
      - name: id
        in: path
        required: true
        schema: {type: string}
        examples:
          a: {value: "1"}
          b: {value: "2"}
          orphan: {value: "3"}
    get:
      operationId: getThing
      parameters:
        - name: X-Mode
          in: header
          schema: {type: string}
          examples:
            a: {value: fast}
        - name: ids
          in: query
          schema: {type: array, items: {type: integer}}
          example: [1, 2]
      responses:
        "200":
          description: ok
          headers:
            X-Count:
              schema: {type: integer}
              example: 5
              examples:
                a: {value: 1}
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Thing"}
              example: {n: 0}
              examples:
                a: {value: {n: 1}}
                b: {$ref: "#/components/examples/B"}
                c: {value: {n: 3, link: {$ref: "#/not/a/reference"}}}
                ext: {externalValue: "https://example.com/thing.json"}
        "404":
          description: gone
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Thing"}
              examples:
                b: {value: {n: 404}}
                gone: {value: {n: 410}}
    delete:
      operationId: deleteThing
      responses:
        "204": {description: deleted}
  /things:
    post:
      operationId: postThing
      requestBody:
        required: true
        content:
          application/json: {schema: {$ref: "#/components/schemas/Thing"}, examples: {new: {value: {n: 7}}}}
      responses:
        "200":
          description: ok
          content: {application/json: {schema: {$ref: "#/components/schemas/Thing"}}}
        "201":
          description: created
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Thing"}
              examples:
                new: {value: {n: 7}}
components:
  examples:
    B: {value: {n: 2}}
  schemas:
    Thing:
      type: object
      properties:
        n: {type: integer}
        link: {type: object}
`

// OpenAPI 3 examples of one name pair across parameters, request body and
// responses; see oas3Examples for the rules this spells out.
func TestOAS3Examples(t *testing.T) {
	api, warns, err := buildWith(t, oas3ExamplesSpec, model.Config{})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][]*model.Example{}
	for _, g := range api.Groups {
		for _, op := range g.Operations {
			got[op.ID] = op.Examples
		}
	}
	want := map[string][]*model.Example{
		"getThing": {
			{Name: "a", Path: map[string]string{"id": "1"}, Params: map[string]string{"X-Mode": "fast"}, Status: 200,
				Headers: map[string]string{"X-Count": "1"}, Resp: `{"n":1}`},
			// A name under two statuses: both kept, the lower first.
			{Name: "b", Path: map[string]string{"id": "2"}, Status: 200, Headers: map[string]string{"X-Count": "5"}, Resp: `{"n":2}`},
			{Name: "b", Path: map[string]string{"id": "2"}, Status: 404, Resp: `{"n":404}`},
			// The lone examples pair with each other.
			{Name: "example", Params: map[string]string{"ids": "1,2"}, Status: 200, Headers: map[string]string{"X-Count": "5"}, Resp: `{"n":0}`},
			// No request part: any call, last; "$ref" in a value is data.
			{Name: "c", AnyCall: true, Status: 200, Headers: map[string]string{"X-Count": "5"}, Resp: `{"link":{"$ref":"#/not/a/reference"},"n":3}`},
		},
		// A request part no response example names: the body-less 204.
		"deleteThing": {
			{Name: "a", Path: map[string]string{"id": "1"}, Status: 204},
			{Name: "b", Path: map[string]string{"id": "2"}, Status: 204},
			{Name: "orphan", Path: map[string]string{"id": "3"}, Status: 204},
		},
		"postThing": {{Name: "new", Body: `{"n":7}`, Status: 201, Resp: `{"n":7}`}},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("examples (-want +got):\n%s", d)
	}
	var ext []string
	for _, w := range warns {
		if strings.Contains(w.Msg, "externalValue") {
			ext = append(ext, w.Pointer+": "+w.Msg)
		}
	}
	wantExt := []string{`#/paths/~1things~1{id}/get/responses/200/content/application~1json/examples/ext: example "ext" has an externalValue, which oasgen does not fetch: left out of the example server`}
	if d := cmp.Diff(wantExt, ext); d != "" {
		t.Errorf("externalValue warnings (-want +got):\n%s", d)
	}
}
