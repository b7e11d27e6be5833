package model_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/oasgen/oasgen/generator/model"
)

// TestParamStyles: a path parameter's style and explode come from its
// declaration or, when the template writes an RFC 6570 operator, from
// the template; a disagreement is a located warning and the template
// wins. Query styles other than form are kept for arrays only; exploded,
// spaceDelimited and pipeDelimited repeat the key as form does, and are
// form.
func TestParamStyles(t *testing.T) {
	api, warns, err := buildWith(t, `openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /a/{lab}/{mat}/{ids}/{.t*}/{;u}/{v*}/{w}/{+r}:
    get:
      operationId: get
      parameters:
        - {name: lab, in: path, required: true, style: label, schema: {type: string}}
        - {name: mat, in: path, required: true, style: matrix, explode: true, schema: {type: integer}}
        - {name: ids, in: path, required: true, style: matrix, explode: true, schema: {type: array, items: {type: integer}}}
        - {name: t, in: path, required: true, schema: {type: array, items: {type: string}}}
        - {name: u, in: path, required: true, style: label, schema: {type: array, items: {type: string}}}
        - {name: v, in: path, required: true, schema: {type: array, items: {type: string}}}
        - {name: w, in: path, required: true, schema: {type: array, items: {type: string}}}
        - {name: r, in: path, required: true, schema: {type: string}}
        - {name: f, in: query, schema: {type: array, items: {type: string}}}
        - {name: csv, in: query, explode: false, schema: {type: array, items: {type: string}}}
        - {name: sp, in: query, style: spaceDelimited, schema: {type: array, items: {type: string}}}
        - {name: pi, in: query, style: pipeDelimited, explode: true, schema: {type: array, items: {type: string}}}
        - {name: one, in: query, style: pipeDelimited, schema: {type: string}}
        - {name: deep, in: query, style: deepObject, schema: {type: object, properties: {a: {type: string}}}}
        - {name: h, in: header, style: matrix, schema: {type: string}}
        - {name: fo, in: query, explode: false, schema: {type: object, properties: {b: {type: integer}}}}
        - {name: nest, in: query, schema: {type: object, properties: {c: {type: object, properties: {d: {type: string}}}}}}
        - {name: ds, in: query, style: deepObject, schema: {type: string}}
        - {name: nul, in: query, style: deepObject, schema: {type: object, properties: {e: {type: string, nullable: true}}}}
        - {name: fm, in: query, schema: {type: object, additionalProperties: {type: integer}}}
        - {name: dm, in: query, style: deepObject, schema: {type: object}}
        - {name: pm, in: query, explode: false, schema: {type: object, additionalProperties: {type: array, items: {type: string}}}}
      responses: {"204": {description: ok}}
`, model.Config{})
	if err != nil {
		t.Fatal(err)
	}
	op := api.Groups[0].Operations[0]
	if op.Path != "/a/{lab}/{mat}/{ids}/{t}/{u}/{v}/{w}/{r}" {
		t.Errorf("path %s", op.Path)
	}
	var got []string
	for _, p := range op.PathParams {
		got = append(got, fmt.Sprintf("%s %s %v%s", p.Wire, p.Style, p.Explode, map[bool]string{true: " reserved"}[p.Reserved]))
	}
	for _, p := range op.Options.Params {
		got = append(got, fmt.Sprintf("%s %s %v", p.Wire, p.Style, p.Explode))
	}
	want := []string{
		"lab label false", "mat matrix false", "ids matrix true", "t label true", "u matrix false", "v simple true", "w simple false", "r simple false reserved",
		"csv form false", "deep deepObject true", "dm deepObject true", "ds form false", "f form true", "fm form false", "fo form false", "h simple false", "nest form false", "nul form false", "one form false", "pi form true", "pm form false", "sp spaceDelimited false",
	}
	if !slices.Equal(got, want) {
		t.Errorf("styles:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for _, p := range op.Options.Params {
		// A free-form object's values are text on the wire.
		if p.Wire == "dm" && (p.Type.Kind != model.KindMap || p.Type.Elem.Kind != model.KindBuiltin || p.Type.Elem.Name != "string") {
			t.Errorf("dm: %+v, want map[string]string", p.Type)
		}
	}
	var msgs []string
	for _, w := range warns {
		msgs = append(msgs, w.Pointer+": "+w.Msg)
	}
	const ptr = "#/paths/~1a~1{lab}~1{mat}~1{ids}~1{.t*}~1{;u}~1{v*}~1{w}~1{+r}/get/parameters/"
	wantWarns := []string{
		ptr + `4: path parameter "u": the template writes style matrix explode false but the parameter declares style label explode false: the template's is used`,
		ptr + `12/style: query parameter "one": style pipeDelimited applies to arrays only: sent in form style`,
		ptr + `14/style: header parameter "h": style "matrix" is not supported: sent in simple style`,
		ptr + `17/style: query parameter "ds": style deepObject applies to objects only: sent in form style`,
		// Decided once the types are final: a Nullable member (the
		// default for an optional nullable property) cannot travel.
		ptr + `16: parameter "nest" of a structured type: sent as a plain string`,
		ptr + `18: parameter "nul" of a structured type: sent as a plain string`,
		ptr + `19: parameter "fm": an object of free keys in form style, exploded, cannot be told from the other query parameters: sent as a plain string`,
		ptr + `21: parameter "pm" of a structured type: sent as a plain string`,
	}
	if !slices.Equal(msgs, wantWarns) {
		t.Errorf("warnings:\n%s\nwant:\n%s", strings.Join(msgs, "\n"), strings.Join(wantWarns, "\n"))
	}
}

// The RFC 6570 forms oasgen does not read are located errors naming the form.
func TestTemplateErrors(t *testing.T) {
	for expr, why := range map[string]string{
		"{#id}":   "an RFC 6570 fragment expansion",
		"{+.id}":  "not an RFC 6570 expression oasgen reads",
		"{/id}":   "an RFC 6570 path segment expansion",
		"{?id}":   "an RFC 6570 query expansion",
		"{.}":     "not an RFC 6570 expression oasgen reads",
		"{;id**}": "not an RFC 6570 expression oasgen reads",
		"{..id}":  "not an RFC 6570 expression oasgen reads",
	} {
		_, _, err := buildWith(t, `openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /x/`+expr+`:
    get:
      operationId: get
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses: {"204": {description: ok}}
`, model.Config{})
		if err == nil || !strings.Contains(err.Error(), ": "+expr+" is "+why+", which oasgen does not support") {
			t.Errorf("%s: err %v", expr, err)
		}
	}
}

// Swagger 2's collectionFormat becomes the matching query style.
func TestSwagger2CollectionFormats(t *testing.T) {
	api, _, err := buildWith(t, `swagger: "2.0"
info: {title: t, version: "1"}
paths:
  /x:
    get:
      operationId: get
      parameters:
        - {name: none, in: query, type: array, items: {type: string}}
        - {name: csv, in: query, type: array, collectionFormat: csv, items: {type: string}}
        - {name: multi, in: query, type: array, collectionFormat: multi, items: {type: string}}
        - {name: ssv, in: query, type: array, collectionFormat: ssv, items: {type: string}}
        - {name: pipes, in: query, type: array, collectionFormat: pipes, items: {type: string}}
      responses: {"204": {description: ok}}
`, model.Config{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range api.Groups[0].Operations[0].Options.Params {
		got = append(got, fmt.Sprintf("%s %s %v", p.Wire, p.Style, p.Explode))
	}
	want := []string{"csv form false", "multi form true", "none form false", "pipes pipeDelimited false", "ssv spaceDelimited false"}
	if !slices.Equal(got, want) {
		t.Errorf("styles %q, want %q", got, want)
	}
}

// A parameter given by content rather than schema has its location's
// default style too.
func TestContentParamStyle(t *testing.T) {
	api, _, err := buildWith(t, `openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /x/{id}:
    get:
      operationId: get
      parameters:
        - {name: id, in: path, required: true, content: {application/json: {schema: {type: string}}}}
      responses: {"204": {description: ok}}
`, model.Config{})
	if err != nil {
		t.Fatal(err)
	}
	if p := api.Groups[0].Operations[0].PathParams[0]; p.Style != model.StyleSimple {
		t.Errorf("style %q", p.Style)
	}
}
