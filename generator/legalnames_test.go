package generator_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/oasgen/oasgen/generator"
	"github.com/oasgen/oasgen/internal/testkit"
)

// legalDefinitions are definitions that are valid and used to generate
// packages that did not compile (issue 19, item 7, written for this
// test): names that collide with what the generator declares, numbers
// that overflow their Go type, group names that are empty or too long for
// a file name, chains that defeat the type checker.
func legalDefinitions() map[string]map[string]any {
	ok := map[string]any{"200": map[string]any{"description": "ok"}}
	get := func(id string, extra map[string]any) map[string]any {
		op := map[string]any{"operationId": id, "responses": ok}
		for k, v := range extra {
			op[k] = v
		}
		return map[string]any{"get": op}
	}
	swagger := func(paths, defs map[string]any) map[string]any {
		return map[string]any{"swagger": "2.0", "info": map[string]any{"title": "t", "version": "1"}, "host": "x",
			"paths": paths, "definitions": defs}
	}
	str := map[string]any{"type": "object", "properties": map[string]any{"a": map[string]any{"type": "string"}}}
	chain := map[string]any{"R0": str}
	for i := 1; i <= 200; i++ {
		chain["R"+itoa(i)] = map[string]any{"$ref": "#/definitions/R" + itoa(i-1)}
	}
	return map[string]map[string]any{
		// Two handler methods with one unexported name.
		"handlers": swagger(map[string]any{"/a": get("Storage_AccountsList", nil), "/b": get("StorageAccounts_List", nil)}, nil),
		// Schemas and an enum value named like generated declarations,
		// unexported ones included (a union named JSON: decodeJSON).
		"declared": swagger(map[string]any{"/a": get("A_Get", map[string]any{
			"responses":     map[string]any{"200": map[string]any{"description": "ok", "schema": map[string]any{"$ref": "#/definitions/ExampleServers"}}},
			"x-ms-examples": map[string]any{"ex": map[string]any{"parameters": map[string]any{}, "responses": map[string]any{"200": map[string]any{"body": map[string]any{"a": "x"}}}}},
		})}, map[string]any{
			"ExampleServers": str, "OAuth2Scopes": str, "WebhookHandlers": str, "NewWebhookSender": str, "Servers": str,
			"Example": map[string]any{"type": "string", "enum": []any{"Servers", "Other"}, "x-ms-enum": map[string]any{"name": "Example", "modelAsString": true}},
			"JSON":    map[string]any{"type": "object", "discriminator": "kind", "required": []any{"kind"}, "properties": map[string]any{"kind": map[string]any{"type": "string"}}},
			"JSONKid": map[string]any{"x-ms-discriminator-value": "kid", "allOf": []any{map[string]any{"$ref": "#/definitions/JSON"}}},
		}),
		// Required parameters named like support helpers and locals.
		"helpers": swagger(map[string]any{"/a/{newClientRequest}": get("A_Get", map[string]any{"parameters": []any{
			map[string]any{"name": "newClientRequest", "in": "path", "required": true, "type": "string"},
			map[string]any{"name": "readParam", "in": "query", "required": true, "type": "string"},
			map[string]any{"name": "formatInt", "in": "query", "required": true, "type": "integer"},
			map[string]any{"name": "formatUUID", "in": "query", "required": true, "type": "string", "format": "uuid"},
			map[string]any{"name": "decodeJSON", "in": "header", "required": true, "type": "string"},
		}})}, nil),
		// Numbers that do not fit their Go type, as enums, defaults and
		// bounds.
		"numbers": swagger(map[string]any{"/a": get("A_Get", map[string]any{"parameters": []any{
			map[string]any{"name": "i", "in": "query", "type": "integer", "format": "int32", "minimum": -3000000000, "maximum": 3000000000, "default": 5000000000},
			map[string]any{"name": "j", "in": "query", "type": "integer", "format": "int32", "minimum": 3000000000},
			map[string]any{"name": "f", "in": "query", "type": "number", "format": "float", "default": 1e300, "maximum": 1e300},
			map[string]any{"name": "e", "in": "query", "type": "integer", "format": "int32", "enum": []any{1, 5000000000}},
			map[string]any{"name": "u", "in": "query", "type": "integer", "format": "int64", "default": 1e30},
			map[string]any{"name": "h", "in": "query", "type": "integer", "default": 2.5},
		}}), "/b": map[string]any{"post": map[string]any{"operationId": "B_Post", "responses": ok, "parameters": []any{
			map[string]any{"name": "body", "in": "body", "required": true, "schema": map[string]any{"$ref": "#/definitions/N"}}}}},
		}, map[string]any{"E": map[string]any{"type": "integer", "format": "int32", "enum": []any{1, 9000000000}},
			"N": map[string]any{"type": "object", "properties": map[string]any{
				"i": map[string]any{"type": "integer", "format": "int32", "minimum": -3000000000, "maximum": 3000000000},
				"f": map[string]any{"type": "number", "format": "float", "maximum": 1e300}}}}),
		// An operation id of symbols only gives no group name; a group
		// name of 400 characters no file name.
		"groups": swagger(map[string]any{"/a": get("$%&_Get", nil), "/b": get(strings.Repeat("A", 400)+"_Get", nil),
			"/c": get(strings.Repeat("A", 399)+"B_Get", nil)}, nil),
		// 200 components each a plain $ref to the one before.
		"refchain": swagger(map[string]any{"/a": get("A_Get", map[string]any{
			"responses": map[string]any{"200": map[string]any{"description": "ok", "schema": map[string]any{"$ref": "#/definitions/R200"}}}})}, chain),
	}
}

func itoa(i int) string { b, _ := json.Marshal(i); return string(b) }

// TestLegalNamesCompile generates each legal definition that once gave a
// package that did not compile, and builds and vets them all.
func TestLegalNamesCompile(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the go command")
	}
	dir := minimumModule(t, "legalnames")
	specs := t.TempDir()
	for name, def := range legalDefinitions() {
		b, err := json.Marshal(def)
		if err != nil {
			t.Fatal(err)
		}
		spec := filepath.Join(specs, name+".json")
		if err := os.WriteFile(spec, b, 0o644); err != nil {
			t.Fatal(err)
		}
		out, err := generator.Generate(generator.Config{Spec: spec, Package: name})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		pkg := filepath.Join(dir, name)
		if err := os.MkdirAll(pkg, 0o755); err != nil {
			t.Fatal(err)
		}
		for _, f := range out.Files {
			if len(f.Name) > 100 {
				t.Errorf("%s: file name of %d bytes", name, len(f.Name))
			}
			if err := writeVetted(filepath.Join(pkg, f.Name), f.Content); err != nil {
				t.Fatal(err)
			}
		}
		if name == "numbers" {
			var got []string
			for _, w := range out.Warnings {
				if strings.Contains(w.Msg, "fit") {
					got = append(got, w.Pointer)
				}
			}
			if len(got) != 6 {
				t.Errorf("numbers: %d warnings about numbers that do not fit, want 6 (two enums, four defaults): %v", len(got), out.Warnings)
			}
		}
		if name == "refchain" {
			for _, f := range out.Files {
				if strings.Contains(string(f.Content), "type R200 R199") {
					t.Errorf("refchain: R200 is defined over R199, not over the end of the chain")
				}
			}
		}
	}
	testkit.GoRun(t, dir, "vet", "./...")
}
