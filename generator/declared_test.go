package generator_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/oasgen/oasgen/generator/emit"
	"github.com/oasgen/oasgen/templates"
)

// patternName is the form of the compiled patterns' variables (emit's
// patternVar), which no model name has.
var patternName = regexp.MustCompile(`^pattern[0-9a-f]{8}$`)

// TestDeclaredComplete: every package-level name a golden package declares
// outside its support files is one the model gave out (API.Names) or one
// emit.Declared reserves, and every method of the handler types is an
// operation's handler (model-made) or reserved: a new declaration the
// emitter makes up by itself would escape the collision rules, and this
// fails until it is listed.
func TestDeclaredComplete(t *testing.T) {
	support, err := templates.SupportNames()
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range goldenSpecs {
		t.Run(g.name, func(t *testing.T) {
			out := generateOutput(t, g.name, g.spec, g.ops...)
			handlers := map[string]bool{}
			for _, grp := range out.API.AllGroups() {
				for _, op := range grp.Operations {
					handlers[op.HandlerName] = true
				}
			}
			fset := token.NewFileSet()
			for _, f := range out.Files {
				if strings.HasPrefix(f.Name, "support_") {
					continue
				}
				af, err := parser.ParseFile(fset, f.Name, f.Content, parser.SkipObjectResolution)
				if err != nil {
					t.Fatal(err)
				}
				known := func(n string) bool {
					_, found := slices.BinarySearch(out.API.Names, n)
					return found || slices.Contains(emit.Declared, n) || patternName.MatchString(n)
				}
				for _, d := range af.Decls {
					switch d := d.(type) {
					case *ast.FuncDecl:
						if d.Recv == nil {
							if !known(d.Name.Name) {
								t.Errorf("%s: func %s is neither a model name nor in emit.Declared", f.Name, d.Name.Name)
							}
							continue
						}
						recv := d.Recv.List[0].Type
						if s, ok := recv.(*ast.StarExpr); ok {
							recv = s.X
						}
						if id, ok := recv.(*ast.Ident); ok && (id.Name == "handler" || id.Name == "webhookHandler") && !handlers[d.Name.Name] {
							t.Errorf("%s: method %s.%s is no operation's handler", f.Name, id.Name, d.Name.Name)
						}
					case *ast.GenDecl:
						for _, s := range d.Specs {
							var names []*ast.Ident
							switch s := s.(type) {
							case *ast.TypeSpec:
								names = []*ast.Ident{s.Name}
							case *ast.ValueSpec:
								names = s.Names
							}
							for _, n := range names {
								if n.Name != "_" && !known(n.Name) {
									t.Errorf("%s: %s is neither a model name nor in emit.Declared", f.Name, n.Name)
								}
								if slices.Contains(support, n.Name) {
									t.Errorf("%s: %s is also a support name", f.Name, n.Name)
								}
							}
						}
					}
				}
			}
		})
	}
}

// No support name, nor any name the model gives out, has the form of a
// compiled pattern's variable.
func TestPatternNamesFree(t *testing.T) {
	support, err := templates.SupportNames()
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range support {
		if patternName.MatchString(n) {
			t.Errorf("support name %s has the form of a pattern variable", n)
		}
	}
	for _, g := range goldenSpecs {
		for _, n := range generateOutput(t, g.name, g.spec, g.ops...).API.Names {
			if patternName.MatchString(n) {
				t.Errorf("%s: model name %s has the form of a pattern variable", g.name, n)
			}
		}
	}
}
