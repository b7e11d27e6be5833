package generator_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/oasgen/oasgen/generator"
	"github.com/oasgen/oasgen/generator/diag"
	"github.com/oasgen/oasgen/generator/emit"
	"github.com/oasgen/oasgen/generator/write"
	"github.com/oasgen/oasgen/internal/testkit"
)

// hostileDefinitions are definitions with h in every text-bearing field
// oasgen reads: titles, descriptions, summaries, operation ids, tags,
// parameter and header names, enum values and names, defaults, examples,
// patterns, server URLs, x-ms-* strings, schema and property names,
// webhook names and the license (the first is OpenAPI 3.1), and (in the
// third) a path template without an operation id.
func hostileDefinitions(h string, i int) map[string]any {
	n := func(name string) string { return fmt.Sprintf("%s%d", name, i) }
	str := func(extra map[string]any) map[string]any {
		s := map[string]any{"type": "string", "description": h, "title": h, "pattern": h, "default": h, "example": h}
		for k, v := range extra {
			s[k] = v
		}
		return s
	}
	oas3 := map[string]any{
		"openapi": "3.1.0",
		"info": map[string]any{"title": h, "description": h, "version": h, "termsOfService": h,
			"license": map[string]any{"name": h, "identifier": h}},
		"webhooks": map[string]any{
			h: map[string]any{"post": map[string]any{
				"summary": h, "description": h, "tags": []any{h},
				"parameters": []any{map[string]any{"name": "x-" + h, "in": "header", "required": true, "description": h, "schema": str(nil)}},
				"requestBody": map[string]any{"description": h, "required": true, "content": map[string]any{"application/json": map[string]any{
					"schema": map[string]any{"$ref": "#/components/schemas/" + n("Item")}}}},
				"responses": map[string]any{"204": map[string]any{"description": h}},
			}},
			n("hook"): map[string]any{"put": map[string]any{"operationId": "hook_" + h, "responses": map[string]any{"204": map[string]any{"description": h}}}},
		},
		"servers": []any{map[string]any{"url": "https://example.com/" + h, "description": h}},
		"tags":    []any{map[string]any{"name": h, "description": h}},
		"paths": map[string]any{
			"/" + n("s") + "/items/{id}": map[string]any{
				"summary": h, "description": h,
				"get": map[string]any{
					"operationId": h, "tags": []any{h}, "summary": h, "description": h,
					"parameters": []any{
						map[string]any{"name": "id", "in": "path", "required": true, "description": h, "schema": str(nil),
							"examples": map[string]any{h: map[string]any{"summary": h, "value": h}}},
						map[string]any{"name": h, "in": "query", "description": h, "example": h,
							"schema": map[string]any{"type": "string", "enum": []any{h, "plain"}, "default": h}},
						map[string]any{"name": "x-" + h, "in": "header", "description": h, "schema": str(nil),
							"examples": map[string]any{h: map[string]any{"value": h}}},
						// A query object: member names on the wire and in
						// the server's error messages.
						map[string]any{"name": n("filter"), "in": "query", "style": "deepObject", "description": h,
							"schema": map[string]any{"type": "object", "required": []any{h}, "properties": map[string]any{h: str(nil), "n": map[string]any{"type": "integer"}}}},
					},
					"responses": map[string]any{
						"200": map[string]any{
							"description": h,
							"headers": map[string]any{h: map[string]any{"description": h, "schema": map[string]any{"type": "string"},
								"examples": map[string]any{h: map[string]any{"value": h}}}},
							"content": map[string]any{"application/json": map[string]any{
								"schema":  map[string]any{"$ref": "#/components/schemas/" + n("Item")},
								"example": map[string]any{"name": h},
								// Named like the parameters' examples: one
								// example, names and values all hostile.
								"examples": map[string]any{h: map[string]any{"summary": h, "value": map[string]any{"name": h, "$ref": h}},
									"ext": map[string]any{"externalValue": h}},
							}},
						},
						"default": map[string]any{"description": h, "content": map[string]any{"application/json": map[string]any{
							"schema": map[string]any{"$ref": "#/components/schemas/" + n("Error")}}}},
					},
				},
				"put": map[string]any{
					"operationId": "put_" + h, "deprecated": true, "description": h,
					"parameters": []any{map[string]any{"name": "id", "in": "path", "required": true, "schema": map[string]any{"type": "string"}}},
					"requestBody": map[string]any{"description": h, "required": true, "content": map[string]any{"application/json": map[string]any{
						"schema": map[string]any{"$ref": "#/components/schemas/" + n("Item")}, "examples": map[string]any{h: map[string]any{"summary": h, "value": h}}}}},
					"responses": map[string]any{"204": map[string]any{"description": h}},
				},
			},
		},
		"components": map[string]any{"schemas": map[string]any{
			n("Item"): map[string]any{
				"type": "object", "title": h, "description": h, "required": []any{"name"}, "example": h,
				"properties": map[string]any{
					"name":  str(map[string]any{"maxLength": 10}),
					"kind":  str(map[string]any{"enum": []any{h, "b"}}),
					"count": map[string]any{"type": "integer", "format": "int32", "description": h, "default": 1, "example": h},
					"tags":  map[string]any{"type": "array", "description": h, "items": str(nil)},
					"extra": map[string]any{"type": "object", "description": h, "additionalProperties": str(nil)},
					"child": map[string]any{"$ref": "#/components/schemas/" + diag.EscapeToken(h)},
				},
			},
			h:          map[string]any{"type": "object", "description": h, "title": h, "properties": map[string]any{"x": map[string]any{"type": "integer", "description": h}}},
			n("Error"): map[string]any{"type": "object", "description": h, "properties": map[string]any{"message": str(nil)}},
		}},
	}
	swagger := map[string]any{
		"swagger":  "2.0",
		"info":     map[string]any{"title": h, "description": h, "version": "1.0"},
		"host":     "example.com",
		"basePath": "/" + h,
		"schemes":  []any{"https"},
		"x-ms-parameterized-host": map[string]any{"hostTemplate": "{endpoint}", "parameters": []any{map[string]any{
			"name": "endpoint", "in": "path", "required": true, "type": "string", "description": h, "x-ms-skip-url-encoding": true}}},
		"securityDefinitions": map[string]any{"oauth": map[string]any{
			"type": "oauth2", "flow": "implicit", "authorizationUrl": "https://login.example.com/", "description": h,
			"scopes": map[string]any{"https://example.com/" + h: h}}},
		"security": []any{map[string]any{"oauth": []any{"https://example.com/" + h}}},
		"paths": map[string]any{
			"/" + n("s") + "/things/{thingId}": map[string]any{
				"post": map[string]any{
					"operationId": "Thing_" + h, "summary": h, "description": h, "tags": []any{h},
					"parameters": []any{
						map[string]any{"name": "thingId", "in": "path", "required": true, "type": "string", "description": h, "pattern": h, "x-ms-client-name": h},
						map[string]any{"name": "client-request-id", "in": "header", "type": "string", "format": "uuid", "description": h,
							"x-ms-client-request-id": true, "x-ms-parameter-grouping": map[string]any{"name": h}},
						map[string]any{"name": "timeout", "in": "query", "type": "integer", "format": "int32", "default": 30, "description": h,
							"x-ms-parameter-grouping": map[string]any{"name": h}, "x-ms-client-name": h},
						map[string]any{"name": "body", "in": "body", "required": true, "description": h, "schema": map[string]any{"$ref": "#/definitions/" + n("Fish")}},
					},
					"responses": map[string]any{
						"200": map[string]any{"description": h, "schema": map[string]any{"$ref": "#/definitions/" + n("Fish")},
							"headers": map[string]any{"ETag": map[string]any{"type": "string", "description": h}, "x-" + h: map[string]any{"type": "string", "description": h}}},
						"default": map[string]any{"description": h, "schema": map[string]any{"$ref": "#/definitions/" + n("BatchError")}},
					},
				},
			},
		},
		"definitions": map[string]any{
			n("Fish"): map[string]any{
				"type": "object", "discriminator": "fishtype", "required": []any{"fishtype"}, "description": h,
				"properties": map[string]any{
					"fishtype": map[string]any{"type": "string", "description": h},
					"state": map[string]any{"type": "string", "description": h, "enum": []any{h, "active"},
						"x-ms-enum": map[string]any{"name": h, "modelAsString": false, "values": []any{
							map[string]any{"value": h, "description": h, "name": h}, map[string]any{"value": "active", "description": h}}}},
				},
			},
			n("Salmon"): map[string]any{
				"x-ms-discriminator-value": h, "description": h,
				"allOf":      []any{map[string]any{"$ref": "#/definitions/" + n("Fish")}},
				"properties": map[string]any{"river": map[string]any{"type": "string", "description": h, "x-ms-client-name": h}},
			},
			n("BatchError"): map[string]any{"type": "object", "description": h, "properties": map[string]any{
				"code": map[string]any{"type": "string", "description": h}, "message": map[string]any{"type": "string", "description": h}}},
		},
	}
	path := map[string]any{
		"openapi": "3.0.3",
		"info":    map[string]any{"title": "paths", "version": "1"},
		"paths": map[string]any{
			"/" + n("p") + "/" + h: map[string]any{"get": map[string]any{"summary": h, "responses": map[string]any{"204": map[string]any{"description": h}}}},
		},
	}
	return map[string]any{"oas3": oas3, "swagger": swagger, "path": path}
}

// TestHostileDefinitions pushes every string of testdata/hostile-strings.json
// through every text-bearing field: generation either fails with a
// located one-line error, or its output parses, holds only // comments
// and no directive, init or var _. Then the definitions of all strings,
// merged into one of each kind (one package each, so the go command
// builds three packages, not eighty), must build and vet, have no ignored
// file, run nothing when imported and nothing under go generate.
func TestHostileDefinitions(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the go command")
	}
	var hostile []string
	b, err := os.ReadFile("testdata/hostile-strings.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &hostile); err != nil {
		t.Fatal(err)
	}
	specs := t.TempDir()
	gen := func(name string, def any) (*generator.Output, string, error) {
		b, err := json.MarshalIndent(def, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		spec := filepath.Join(specs, name+".json")
		if err := os.WriteFile(spec, b, 0o644); err != nil {
			t.Fatal(err)
		}
		out, err := generator.Generate(generator.Config{Spec: spec, Package: name, Validate: "never"})
		return out, spec, err
	}
	checkFiles := func(kind, h string, out *generator.Output) {
		for _, f := range out.Files {
			if !strings.HasPrefix(f.Name, "support_") {
				checkHostileFile(t, kind, h, f.Name, f.Content)
			}
		}
	}
	merged := map[string]map[string]any{}
	generated := map[string]int{}
	for i, h := range hostile {
		defs := hostileDefinitions(h, i)
		for _, kind := range []string{"oas3", "swagger", "path"} {
			out, spec, err := gen(fmt.Sprintf("%s%02d", kind, i), defs[kind])
			if err != nil {
				msg := err.Error()
				if strings.Contains(msg, "\n") || !strings.Contains(msg, spec) || strings.Contains(msg, "internal error") {
					t.Errorf("%s with %q: the error is not one located line: %s", kind, h, msg)
				}
				continue
			}
			generated[kind]++
			checkFiles(kind, h, out)
			if kind == "oas3" && !hasFile(out, "examples.go") {
				t.Errorf("oas3 with %q: no example server from its OpenAPI 3 examples", h)
			}
			if kind == "oas3" && !slices.ContainsFunc(out.Files, func(f write.File) bool { return bytes.Contains(f.Content, []byte("readObjectParam(p")) }) {
				t.Errorf("oas3 with %q: the query object is not read as one", h)
			}
			merged[kind] = mergeDefinitions(merged[kind], defs[kind].(map[string]any), h)
		}
	}
	// Every definition but the path one must generate with every string:
	// descriptions, names and values are data, never a reason to fail.
	if generated["oas3"] != len(hostile) || generated["swagger"] != len(hostile) {
		t.Errorf("generated %d OpenAPI 3 and %d Swagger definitions of %d", generated["oas3"], generated["swagger"], len(hostile))
	}
	t.Logf("generated %v definitions from %d hostile strings", generated, len(hostile))

	mod := t.TempDir()
	if err := os.WriteFile(filepath.Join(mod, "go.mod"), []byte("module hostile\n\ngo 1.24\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var pkgs []string
	for _, kind := range []string{"oas3", "swagger", "path"} {
		out, _, err := gen(kind, merged[kind])
		if err != nil {
			t.Fatalf("%s, all strings in one definition: %v", kind, err)
		}
		checkFiles(kind, "all strings", out)
		dir := filepath.Join(mod, kind)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		for _, f := range out.Files {
			if err := os.WriteFile(filepath.Join(dir, f.Name), f.Content, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		pkgs = append(pkgs, kind)
	}

	// A program importing every package: importing runs nothing.
	var main strings.Builder
	main.WriteString("package main\n\nimport (\n")
	for _, p := range pkgs {
		fmt.Fprintf(&main, "\t_ \"hostile/%s\"\n", p)
	}
	main.WriteString(")\n\nfunc main() {}\n")
	if err := os.MkdirAll(filepath.Join(mod, "cmd", "importall"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(mod, "cmd", "importall", "main.go"), []byte(main.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	run := func(args ...string) string { t.Helper(); return testkit.GoRun(t, mod, args...) }
	run("vet", "./...")
	if out := run("list", "-f", "{{.ImportPath}} {{.IgnoredGoFiles}} {{.InvalidGoFiles}}", "./..."); strings.Contains(out, ".go") {
		t.Errorf("files left out of the build:\n%s", out)
	}
	if out := run("run", "./cmd/importall"); out != "" {
		t.Errorf("importing the packages printed:\n%s", out)
	}
	if out := run("generate", "-n", "./..."); out != "" {
		t.Errorf("go generate would run:\n%s", out)
	}
	if _, err := os.Stat(filepath.Join(mod, "oasgen-pwned")); err == nil {
		t.Error("a hostile command ran")
	}
}

func hasFile(out *generator.Output, name string) bool {
	for _, f := range out.Files {
		if f.Name == name {
			return true
		}
	}
	return false
}

// mergeDefinitions adds the paths, schemas, definitions and tags of def
// (whose names are numbered apart) to into, and the hostile string to its
// title and description, one line each.
func mergeDefinitions(into, def map[string]any, h string) map[string]any {
	if into == nil {
		into = def
		info := into["info"].(map[string]any)
		info["title"], info["description"] = h, h
		return into
	}
	info := into["info"].(map[string]any)
	info["title"] = info["title"].(string) + "\n" + h
	info["description"] = info["description"].(string) + "\n" + h
	merge := func(path ...string) {
		dst, src := into, def
		for _, k := range path[:len(path)-1] {
			dst, _ = dst[k].(map[string]any)
			src, _ = src[k].(map[string]any)
		}
		last := path[len(path)-1]
		d, _ := dst[last].(map[string]any)
		sv, _ := src[last].(map[string]any)
		if d == nil || sv == nil {
			return
		}
		for k, v := range sv {
			d[k] = v
		}
	}
	merge("paths")
	merge("components", "schemas")
	merge("definitions")
	if tags, ok := def["tags"].([]any); ok {
		into["tags"] = append(into["tags"].([]any), tags...)
	}
	return into
}

// checkHostileFile parses one generated file: every comment must be a //
// line that is not a directive, and no function may be an init or sit
// where only a type, var or const the emitters write may.
func checkHostileFile(t *testing.T, kind, h, name string, src []byte) {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, name, src, parser.ParseComments)
	if err != nil {
		t.Errorf("%s with %q: %s does not parse: %v", kind, h, name, err)
		return
	}
	for _, cg := range f.Comments {
		for _, c := range cg.List {
			text := c.Text
			if !strings.HasPrefix(text, "//") {
				t.Errorf("%s with %q: %s:%d: block comment %q", kind, h, name, fset.Position(c.Pos()).Line, text)
			}
			if testkit.IsDirective(text) {
				t.Errorf("%s with %q: %s:%d: directive %q", kind, h, name, fset.Position(c.Pos()).Line, text)
			}
		}
	}
	for _, d := range f.Decls {
		if fn, ok := d.(*ast.FuncDecl); ok && fn.Name.Name == "init" {
			t.Errorf("%s with %q: %s declares init", kind, h, name)
		}
		if g, ok := d.(*ast.GenDecl); ok && g.Tok == token.VAR {
			for _, s := range g.Specs {
				for _, n := range s.(*ast.ValueSpec).Names {
					if n.Name == "_" {
						t.Errorf("%s with %q: %s declares var _", kind, h, name)
					}
				}
			}
		}
	}
}

// A foreign file named like a support file in the output folder: the
// generation is refused and nothing is written (it used to write 13
// files, then fail).
func TestForeignSupportFileWritesNothing(t *testing.T) {
	files := generate(t, "hostilenames", "specs/fixtures/hostilenames/openapi.yaml")
	dir := t.TempDir()
	foreign := filepath.Join(dir, "support_uuid.go")
	if err := os.WriteFile(foreign, []byte("package hostilenames\n\ntype UUID [16]byte\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := write.Write(dir, emit.Header, files)
	var ng *write.NotGeneratedError
	if !errors.As(err, &ng) || ng.Path != foreign {
		t.Fatalf("err %v, want a refusal naming %s", err, foreign)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("the folder holds %d files, want only the foreign one", len(entries))
	}
}
