package model_test

import (
	"strings"
	"testing"

	"github.com/oasgen/oasgen/generator/model"
)

// A definition in the style of TypeSpec's autorest emitter: library
// namespaces, primitive aliases, $ref siblings, client names that only
// re-case the wire name, TypeSpec's formats, secrets and read-only
// properties.
const typeSpecStyle = `swagger: "2.0"
info: {title: t, version: "2025-06-01.21.0"}
consumes: [application/json]
produces: [application/json]
paths:
  /pools/{poolId}:
    put:
      operationId: Pools_ReplacePool
      deprecated: true
      parameters:
        - {name: poolId, in: path, required: true, type: string}
        - {name: ocp-date, in: header, type: string, format: date-time-rfc7231, x-ms-client-name: ocpdate}
        - {name: timeOut, in: query, type: integer, format: int32}
        - {name: maxresults, in: query, type: integer, format: int32, x-ms-client-name: maxresults}
        - {name: $filter, in: query, type: string, x-ms-client-name: filter}
        - {name: pool, in: body, required: true, schema: {$ref: "#/definitions/Pool"}}
      responses:
        "200":
          description: ok
          headers:
            Last-Modified: {type: string, format: date-time-rfc7231}
            Content-Length: {type: string, format: int64}
definitions:
  Azure.Core.eTag: {type: string, description: an entity tag}
  Azure.Core.Foundations.Error:
    type: object
    properties: {code: {type: string}}
  Checked.Name: {type: string, pattern: "^[a-z]+$"}
  Secret:
    type: object
    properties: {x: {type: string}}
  Pool:
    type: object
    required: [id, data]
    properties:
      id: {type: string, readOnly: true}
      eTag: {$ref: "#/definitions/Azure.Core.eTag", readOnly: true, description: the pool's entity tag}
      error: {$ref: "#/definitions/Azure.Core.Foundations.Error", x-ms-client-name: lastError}
      vmSize: {type: string, x-go-name: VMSize}
      readIOps: {type: string, format: int64, x-ms-client-name: readIops}
      password: {type: string, format: password, x-ms-secret: true}
      name: {type: string}
      old: {type: string, deprecated: true}
      data: {type: string, format: byte, x-ms-mutability: [create]}
      checked: {$ref: "#/definitions/Checked.Name"}
      bad: {type: string, x-go-name: notExported}
`

func fieldOf(t *testing.T, typ *model.Type, json string) *model.Field {
	t.Helper()
	for _, f := range typ.Fields {
		if f.JSONName == json {
			return f
		}
	}
	t.Fatalf("%s has no field %s", typ.Name, json)
	return nil
}

func typeOf(t *testing.T, api *model.API, name string) *model.Type {
	t.Helper()
	for _, typ := range api.Types {
		if typ.Name == name {
			return typ
		}
	}
	t.Fatalf("no type %s in %v", name, typeNames(api))
	return nil
}

func TestTypeSpecStyle(t *testing.T) {
	api, warns, err := buildWith(t, typeSpecStyle, model.Config{Names: map[string]string{
		"#/definitions/Pool/properties/name": "PoolName",
		"nowhere":                            "Nowhere",
	}})
	if err != nil {
		t.Fatal(err)
	}
	// Azure.Core.eTag is a string, not a type; the definition named Secret
	// keeps its name and pushes the type of secret strings on.
	if got, want := strings.Join(typeNames(api), " "), "CheckedName Error Pool Secret SecretText"; got != want {
		t.Errorf("types = %s, want %s", got, want)
	}
	pool := typeOf(t, api, "Pool")
	if !pool.ReadOnly || !pool.Secret {
		t.Errorf("Pool ReadOnly %v, Secret %v", pool.ReadOnly, pool.Secret)
	}
	checks := []struct {
		json, goName, typ string
		readOnly, secret  bool
	}{
		{"id", "ID", "string", true, false},
		{"eTag", "ETag", "string", true, false},
		{"error", "LastError", "Error", false, false},
		{"vmSize", "VMSize", "string", false, false},
		{"readIOps", "ReadIOPS", "int64", false, false},
		{"password", "Password", "SecretText", false, true},
		{"name", "PoolName", "string", false, false},
		{"checked", "Checked", "CheckedName", false, false},
		{"bad", "Bad", "string", false, false},
	}
	for _, c := range checks {
		f := fieldOf(t, pool, c.json)
		if f.GoName != c.goName || f.Type.Name != c.typ || f.ReadOnly != c.readOnly || f.Secret != c.secret {
			t.Errorf("%s: %s %s readOnly %v secret %v, want %+v", c.json, f.GoName, f.Type.Name, f.ReadOnly, f.Secret, c)
		}
	}
	if f := fieldOf(t, pool, "id"); f.Required || !f.Pointer {
		t.Error("a read-only property is required")
	}
	if f := fieldOf(t, pool, "data"); !f.Required || !f.OmitEmpty {
		t.Error("a create-only property: required when sent, omitted when empty")
	}
	if f := fieldOf(t, pool, "readIOps"); !f.Type.String {
		t.Error("int64 in a string is not marked String")
	}
	if f := fieldOf(t, pool, "eTag"); f.Doc != "the pool's entity tag" {
		t.Errorf("the $ref's sibling description is lost: %q", f.Doc)
	}
	if !fieldOf(t, pool, "old").Deprecated {
		t.Error("deprecated property")
	}

	op := api.Groups[0].Operations[0]
	params := map[string]*model.Param{}
	for _, p := range op.Options.Params {
		params[p.Wire] = p
	}
	want := map[string]string{"ocp-date": "OCPDate", "timeOut": "Timeout", "maxresults": "MaxResults", "$filter": "Filter"}
	for wire, goName := range want {
		if p := params[wire]; p == nil || p.GoName != goName {
			t.Errorf("parameter %s: %+v, want %s", wire, p, goName)
		}
	}
	if p := params["ocp-date"]; p.Type.Kind != model.KindTime || p.Type.Format != "date-time-rfc1123" {
		t.Errorf("ocp-date: %+v", p.Type)
	}
	headers := map[string]*model.Header{}
	for _, h := range op.Response.Headers {
		headers[h.Wire] = h
	}
	if h := headers["Last-Modified"]; h.GoName != "LastModified" || h.Type.Kind != model.KindTime {
		t.Errorf("Last-Modified: %+v", h)
	}
	if h := headers["Content-Length"]; h.Type.Name != "int64" {
		t.Errorf("Content-Length: %+v", h.Type)
	}
	if !op.Deprecated {
		t.Error("deprecated operation")
	}

	var text []string
	for _, w := range warns {
		text = append(text, w.String())
	}
	all := strings.Join(text, "\n")
	for _, w := range []string{`x-go-name "notExported" is not an exported Go identifier: ignored`, "config names.nowhere: no parameter, property, header or definition"} {
		if !strings.Contains(all, w) {
			t.Errorf("no warning %q in:\n%s", w, all)
		}
	}
}

func TestNamesConfigChecked(t *testing.T) {
	_, _, err := buildWith(t, typeSpecStyle, model.Config{Names: map[string]string{"timeOut": "timeout"}})
	if err == nil || err.Error() != `config names.timeOut: "timeout" is not an exported Go identifier` {
		t.Errorf("err = %v", err)
	}
}
