package generator_test

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/oasgen/oasgen/generator"
	"github.com/oasgen/oasgen/generator/emit"
	"github.com/oasgen/oasgen/internal/testkit"
	"github.com/oasgen/oasgen/templates"
)

// TestArgumentsShadowNothing: an operation's arguments are locals of the
// methods emitted for it, beside the names those methods declare
// themselves (emit.Locals) and the support code's functions they call. So
// the methods declare no other name (in the fixtures and in a definition
// made to collide), the model names no argument like one of them, and a
// definition whose parameters are named after all of them generates a
// package that vets.
func TestArgumentsShadowNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the go command")
	}
	support, err := templates.SupportNames()
	if err != nil {
		t.Fatal(err)
	}
	taken := emit.Locals()
	for _, n := range support {
		if token.IsIdentifier(n) && !token.IsExported(n) {
			taken = append(taken, n)
		}
	}
	spec := filepath.Join(t.TempDir(), "shadow.json")
	b, err := json.MarshalIndent(collidingDefinition(taken), "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(spec, b, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := generator.Generate(generator.Config{Spec: spec, Package: "shadow"})
	if err != nil {
		t.Fatal(err)
	}
	args := checkLocals(t, "shadow", out, taken)
	for _, n := range taken {
		// A name Go spells otherwise as an argument (etagListMatches is
		// eTagListMatches: ETag is an initialism) cannot collide.
		respelled := slices.ContainsFunc(slices.Collect(maps.Keys(args)), func(a string) bool { return a != n && strings.EqualFold(a, n) })
		if !respelled && !slices.ContainsFunc(slices.Collect(maps.Keys(args)), func(a string) bool { return strings.HasPrefix(a, n+"Param") }) {
			t.Errorf("no argument %sParam…: the definition's parameter %q did not collide as meant", n, n)
		}
	}
	for _, g := range goldenSpecs {
		fixture, err := generator.Generate(generator.Config{Spec: filepath.Join(root, g.spec), Package: g.name, Operations: g.ops})
		if err != nil {
			t.Fatal(err)
		}
		checkLocals(t, g.name, fixture, taken)
	}

	mod := t.TempDir()
	if err := os.WriteFile(filepath.Join(mod, "go.mod"), []byte("module shadow\n\ngo 1.24\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, f := range out.Files {
		if err := os.WriteFile(filepath.Join(mod, f.Name), f.Content, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	testkit.GoRun(t, mod, "vet", ".")
}

// checkLocals checks that no argument of the package's operations is
// named like taken, and that the methods of its client, server and
// example files declare nothing but arguments and emit.Locals; it
// returns the arguments.
func checkLocals(t *testing.T, pkg string, out *generator.Output, taken []string) map[string]bool {
	t.Helper()
	args := map[string]bool{}
	for _, g := range out.API.AllGroups() {
		for _, op := range g.Operations {
			for _, a := range op.Args() {
				args[a.Name] = true
				if slices.Contains(taken, a.Name) {
					t.Errorf("%s: %s has an argument %s, which its methods use", pkg, op.ID, a.Name)
				}
			}
		}
	}
	locals := emit.Locals()
	for _, f := range out.Files {
		ops := strings.HasSuffix(f.Name, "_client.go") || strings.HasSuffix(f.Name, "_server.go") || f.Name == "examples.go"
		if !ops || strings.HasPrefix(f.Name, "support_") {
			continue
		}
		af, err := parser.ParseFile(token.NewFileSet(), f.Name, f.Content, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range af.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok || fn.Recv == nil {
				continue // the operations' methods
			}
			for _, n := range declaredNames(fn) {
				if n != "_" && !args[n] && !slices.Contains(locals, n) {
					t.Errorf("%s: %s: method %s declares %s, which emit.Locals does not list", pkg, f.Name, fn.Name.Name, n)
				}
			}
		}
	}
	return args
}

// declaredNames lists the names a function declares: receiver,
// parameters, results and the names declared in its body.
func declaredNames(fn *ast.FuncDecl) []string {
	var out []string
	fields := func(l *ast.FieldList) {
		if l == nil {
			return
		}
		for _, f := range l.List {
			for _, n := range f.Names {
				out = append(out, n.Name)
			}
		}
	}
	fields(fn.Recv)
	fields(fn.Type.Params)
	fields(fn.Type.Results)
	ast.Inspect(fn.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			if n.Tok == token.DEFINE {
				for _, e := range n.Lhs {
					if id, ok := e.(*ast.Ident); ok {
						out = append(out, id.Name)
					}
				}
			}
		case *ast.RangeStmt:
			if n.Tok == token.DEFINE {
				for _, e := range []ast.Expr{n.Key, n.Value} {
					if id, ok := e.(*ast.Ident); ok {
						out = append(out, id.Name)
					}
				}
			}
		case *ast.ValueSpec:
			for _, id := range n.Names {
				out = append(out, id.Name)
			}
		case *ast.TypeSpec:
			out = append(out, n.Name.Name)
		case *ast.FuncType:
			fields(n.Params)
			fields(n.Results)
		}
		return true
	})
	return out
}

// collidingDefinition has operations whose parameters are named after
// taken, in every form the emitted methods read and write them: path,
// required query values with checks, optional values with defaults and
// checks, arrays, headers, a query object, a required body, a pager,
// response headers, several statuses, an error model and examples.
func collidingDefinition(taken []string) map[string]any {
	str := map[string]any{"type": "string", "maxLength": 64}
	params := []any{map[string]any{"name": "ctx", "in": "path", "required": true, "schema": str}}
	for _, n := range taken {
		params = append(params, map[string]any{"name": n, "in": "query", "required": true, "schema": str})
	}
	optional := []any{
		map[string]any{"name": "limit", "in": "query", "schema": map[string]any{"type": "integer", "default": 3}},
		map[string]any{"name": "least", "in": "query", "schema": map[string]any{"type": "integer", "minimum": 1}},
		map[string]any{"name": "tags", "in": "query", "schema": map[string]any{"type": "array", "items": str}},
		map[string]any{"name": "piped", "in": "query", "style": "pipeDelimited", "explode": false, "schema": map[string]any{"type": "array", "items": str}},
		map[string]any{"name": "x-flag", "in": "header", "schema": map[string]any{"type": "boolean"}},
		map[string]any{"name": "filter", "in": "query", "style": "deepObject", "schema": map[string]any{
			"type": "object", "properties": map[string]any{"a": str, "n": map[string]any{"type": "integer"}}}},
	}
	errors := map[string]any{"description": "error", "content": map[string]any{"application/json": map[string]any{
		"schema": map[string]any{"$ref": "#/components/schemas/Error"}}}}
	item := map[string]any{"description": "ok", "headers": map[string]any{"x-total": map[string]any{"schema": map[string]any{"type": "integer"}}},
		"content": map[string]any{"application/json": map[string]any{
			"schema": map[string]any{"$ref": "#/components/schemas/Item"}, "example": map[string]any{"name": "a"}}}}
	return map[string]any{
		"openapi": "3.0.3",
		"info":    map[string]any{"title": "shadow", "version": "1"},
		"paths": map[string]any{
			"/items/{ctx}": map[string]any{
				"get": map[string]any{
					"operationId":   "Items_List",
					"x-ms-pageable": map[string]any{"nextLinkName": "nextLink"},
					"parameters":    append(slices.Clone(params), optional...),
					"responses": map[string]any{
						"200": map[string]any{"description": "ok", "content": map[string]any{"application/json": map[string]any{
							"schema": map[string]any{"$ref": "#/components/schemas/Page"}, "example": map[string]any{"value": []any{"a"}}}}},
						"default": errors,
					},
				},
				"put": map[string]any{
					"operationId": "Items_Put",
					"parameters":  params,
					"requestBody": map[string]any{"required": true, "content": map[string]any{"application/json": map[string]any{
						"schema": map[string]any{"$ref": "#/components/schemas/Item"}}}},
					"responses": map[string]any{"200": item, "201": item, "default": errors},
				},
			},
		},
		"components": map[string]any{"schemas": map[string]any{
			"Page": map[string]any{"type": "object", "properties": map[string]any{
				"value": map[string]any{"type": "array", "items": str}, "nextLink": map[string]any{"type": "string"}}},
			"Item":  map[string]any{"type": "object", "required": []any{"name"}, "properties": map[string]any{"name": str}},
			"Error": map[string]any{"type": "object", "properties": map[string]any{"code": str, "message": str}},
		}},
	}
}
