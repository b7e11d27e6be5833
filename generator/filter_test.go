package generator_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/oasgen/oasgen/generator"
)

// generateAll generates cfg and returns the type names and the output's
// package-level declarations: types, functions and methods as
// "Receiver.Method".
func generateAll(t *testing.T, cfg generator.Config) (types, decls []string) {
	t.Helper()
	out, err := generator.Generate(cfg)
	if err != nil {
		t.Fatal(err)
	}
	for _, typ := range out.API.Types {
		types = append(types, typ.Name)
	}
	for _, f := range out.Files {
		file, err := parser.ParseFile(token.NewFileSet(), f.Name, f.Content, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range file.Decls {
			switch d := d.(type) {
			case *ast.GenDecl:
				for _, s := range d.Specs {
					if ts, ok := s.(*ast.TypeSpec); ok {
						decls = append(decls, ts.Name.Name)
					}
				}
			case *ast.FuncDecl:
				name := d.Name.Name
				if d.Recv != nil {
					recv := d.Recv.List[0].Type
					if star, ok := recv.(*ast.StarExpr); ok {
						recv = star.X
					}
					if gen, ok := recv.(*ast.IndexExpr); ok { // a generic type's method
						recv = gen.X
					}
					name = recv.(*ast.Ident).Name + "." + name
				}
				decls = append(decls, name)
			}
		}
	}
	return types, decls
}

// A filtered package declares nothing for a dropped type: no type, no
// method (JSON, validation, enum Values), no function (a union's encode,
// decode and validate functions); since it compiles (TestGoldenCompiles,
// filteredbatch), nothing refers to one either. Models alone keep every
// type.
func TestFilteredOutputPruned(t *testing.T) {
	spec := filepath.Join(root, goldenSpecs[0].spec)
	all, _ := generateAll(t, generator.Config{Spec: spec, Package: "batch"})
	kept, decls := generateAll(t, generator.Config{Spec: spec, Package: "batch", Operations: []string{"Certificate_CancelDeletion"}})
	if got := strings.Join(kept, " "); got != "BatchError BatchErrorDetail ErrorMessage" {
		t.Errorf("kept types: %s", got)
	}
	for _, name := range all {
		if slices.Contains(kept, name) {
			continue
		}
		for _, d := range decls {
			if d == name || strings.HasPrefix(d, name+".") || strings.HasSuffix(d, name) {
				t.Errorf("dropped type %s: %s is still declared", name, d)
			}
		}
	}
	models, _ := generateAll(t, generator.Config{Spec: spec, Package: "batch", Operations: []string{"Certificate_CancelDeletion"}, Generate: []string{"models"}})
	if len(models) != len(all) {
		t.Errorf("models alone with a filter: %d types, want all %d", len(models), len(all))
	}
}

// The patterns the server compiles are those of the kept types only.
func TestFilteredPatterns(t *testing.T) {
	spec := filepath.Join(t.TempDir(), "s.yaml")
	os.WriteFile(spec, []byte(`openapi: 3.0.0
info: {title: t, version: "1"}
paths:
  /a:
    put:
      operationId: A_Put
      requestBody: {required: true, content: {application/json: {schema: {$ref: "#/components/schemas/Code"}}}}
      responses: {"204": {description: ok}}
  /b:
    get:
      operationId: B_Get
      responses: {"204": {description: ok}}
components:
  schemas:
    Code: {type: object, properties: {code: {type: string, pattern: "^[a-z]+$"}}}
`), 0o644)
	for ops, want := range map[string]bool{"A_Put": true, "B_Get": false} {
		out, err := generator.Generate(generator.Config{Spec: spec, Package: "x", Operations: []string{ops}})
		if err != nil {
			t.Fatal(err)
		}
		var text strings.Builder
		for _, f := range out.Files {
			text.Write(f.Content)
		}
		compiled, declared := strings.Contains(text.String(), "regexp.MustCompile"), strings.Contains(text.String(), "\ntype Code struct")
		if compiled != want || declared != want {
			t.Errorf("operations [%s]: pattern compiled %v, Code declared %v; want %v", ops, compiled, declared, want)
		}
	}
}

// The measured case of docs/performance.md: two operations of Batch 2019.
func TestFilteredBatch2019(t *testing.T) {
	spec := filepath.Join(corpusDir(t), filepath.FromSlash(upstreamBatch[1]))
	all, _ := generateAll(t, generator.Config{Spec: spec, Package: "batch"})
	kept, _ := generateAll(t, generator.Config{Spec: spec, Package: "batch", Operations: []string{"Certificate_CancelDeletion", "Pool_Get"}})
	if len(all) != 184 || len(kept) != 55 {
		t.Errorf("types: %d of %d, want 55 of 184 (update docs/performance.md if the model changed)", len(kept), len(all))
	}
}
