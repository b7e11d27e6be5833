package apichange

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/printer"
	"go/token"
	"slices"
	"strings"

	"github.com/oasgen/oasgen/generator/write"
)

// GoSummary is the Go-level comparison of two generated packages, for a
// caller that has generated files but not the old definition (-check: the
// files on disk against the files it would write). Messages are written
// as apidiff writes them ("Ident: what").
type GoSummary struct {
	Breaking   []string // sorted
	Compatible []string // sorted
}

// Headline is one line of counts.
func (s *GoSummary) Headline() string {
	return fmt.Sprintf("Go API: %d breaking changes (compilation of callers or implementers), %d compatible", len(s.Breaking), len(s.Compatible))
}

// Lines is the headline and at most max breaking changes, then a count
// of those left out.
func (s *GoSummary) Lines(max int) []string {
	out := []string{s.Headline()}
	for i, b := range s.Breaking {
		if i == max {
			out = append(out, fmt.Sprintf("  … and %d more", len(s.Breaking)-max))
			break
		}
		out = append(out, "  "+b)
	}
	return out
}

// CompareFiles compares the exported API of two versions of a generated
// package, each given as its .go files (other files are ignored), by
// syntax alone: the package imports only the standard library, so the
// declarations say everything, and no type-checking (or go command) is
// needed. It finds removed and changed declarations, fields and methods,
// methods added to interfaces, changed constant values and structs that
// stop being comparable, as apidiff does for such packages.
func CompareFiles(old, new []write.File) (*GoSummary, error) {
	o, err := declsOf(old)
	if err != nil {
		return nil, err
	}
	n, err := declsOf(new)
	if err != nil {
		return nil, err
	}
	s := &GoSummary{}
	for _, k := range slices.Sorted(keys(o.items)) {
		ov := o.items[k]
		nv, ok := n.items[k]
		switch {
		case !ok && n.items[owner(k)].kind == "" && owner(k) != k:
			// the members of a removed type go with it
		case !ok:
			s.Breaking = append(s.Breaking, k+": removed")
		case ov.kind != nv.kind:
			s.Breaking = append(s.Breaking, fmt.Sprintf("%s: changed from %s to %s", k, ov.kind, nv.kind))
		case ov.text != nv.text && ov.kind == "const":
			s.Breaking = append(s.Breaking, fmt.Sprintf("%s: value changed from %s to %s", k, ov.text, nv.text))
		case ov.text != nv.text:
			s.Breaking = append(s.Breaking, fmt.Sprintf("%s: changed from %s to %s", k, ov.text, nv.text))
		}
	}
	for _, k := range slices.Sorted(keys(n.items)) {
		if _, ok := o.items[k]; ok {
			continue
		}
		if n.items[k].kind == "interface method" {
			s.Breaking = append(s.Breaking, k+": added")
		} else {
			s.Compatible = append(s.Compatible, k+": added")
		}
	}
	for _, t := range slices.Sorted(keys(o.structs)) {
		if _, ok := n.structs[t]; ok && o.comparable(t, nil) && !n.comparable(t, nil) {
			s.Breaking = append(s.Breaking, t+": old is comparable, new is not")
		}
	}
	slices.Sort(s.Breaking)
	return s, nil
}

// owner is the type a field or method key belongs to: T for T.F, T.M
// and (*T).M; a package-level name is its own owner.
func owner(k string) string {
	k = strings.TrimPrefix(k, "(*")
	if i := strings.IndexAny(k, ".)"); i >= 0 {
		return k[:i]
	}
	return k
}

func keys[V any](m map[string]V) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

type goItem struct {
	kind string // type, func, method, field, interface method, const, var
	text string // what must not change: a signature, a field type, a value
}

type goDecls struct {
	fset    *token.FileSet
	items   map[string]goItem
	structs map[string]*ast.StructType
	named   map[string]ast.Expr // type name → its type expression
}

func declsOf(files []write.File) (*goDecls, error) {
	d := &goDecls{fset: token.NewFileSet(), items: map[string]goItem{}, structs: map[string]*ast.StructType{}, named: map[string]ast.Expr{}}
	for _, f := range files {
		if !strings.HasSuffix(f.Name, ".go") || strings.HasSuffix(f.Name, "_test.go") {
			continue
		}
		af, err := parser.ParseFile(d.fset, f.Name, f.Content, parser.SkipObjectResolution)
		if err != nil {
			return nil, err
		}
		for _, decl := range af.Decls {
			d.decl(decl)
		}
	}
	d.promote()
	return d, nil
}

// promote adds the fields of embedded structs (the package's own) to the
// structs that embed them, as Go promotes them; a struct's own field of
// the same name wins.
func (d *goDecls) promote() {
	for _, name := range slices.Sorted(keys(d.structs)) {
		for _, f := range d.structs[name].Fields.List {
			id, ok := f.Type.(*ast.Ident)
			if len(f.Names) > 0 || !ok || d.structs[id.Name] == nil {
				continue
			}
			for _, ef := range d.structs[id.Name].Fields.List {
				for _, n := range ef.Names {
					if k := name + "." + n.Name; n.IsExported() && d.items[k].kind == "" {
						d.items[k] = goItem{"field", d.expr(ef.Type)}
					}
				}
			}
		}
	}
}

func (d *goDecls) expr(e ast.Node) string {
	var b bytes.Buffer
	printer.Fprint(&b, d.fset, e)
	return strings.Join(strings.Fields(b.String()), " ")
}

func (d *goDecls) decl(decl ast.Decl) {
	switch x := decl.(type) {
	case *ast.FuncDecl:
		if !x.Name.IsExported() {
			return
		}
		sig := d.expr(&ast.FuncType{Params: x.Type.Params, Results: x.Type.Results})
		if x.Recv == nil {
			d.items[x.Name.Name] = goItem{"func", sig}
			return
		}
		recv := d.expr(x.Recv.List[0].Type)
		if strings.HasPrefix(recv, "*") {
			recv = "(" + recv + ")"
		}
		d.items[recv+"."+x.Name.Name] = goItem{"method", sig}
	case *ast.GenDecl:
		for _, spec := range x.Specs {
			d.spec(x.Tok, spec)
		}
	}
}

func (d *goDecls) spec(tok token.Token, spec ast.Spec) {
	switch s := spec.(type) {
	case *ast.TypeSpec:
		name := s.Name.Name
		if !s.Name.IsExported() {
			return
		}
		d.named[name] = s.Type
		switch t := s.Type.(type) {
		case *ast.StructType:
			d.items[name] = goItem{"struct", "struct"}
			d.structs[name] = t
			for _, f := range t.Fields.List {
				typ := d.expr(f.Type)
				if len(f.Names) == 0 { // embedded: the field is named by its type
					d.items[name+"."+strings.TrimPrefix(typ, "*")] = goItem{"field", typ}
				}
				for _, n := range f.Names {
					if n.IsExported() {
						d.items[name+"."+n.Name] = goItem{"field", typ}
					}
				}
			}
		case *ast.InterfaceType:
			d.items[name] = goItem{"interface", "interface"}
			for _, m := range t.Methods.List {
				for _, n := range m.Names {
					if n.IsExported() {
						d.items[name+"."+n.Name] = goItem{"interface method", d.expr(m.Type)}
					}
				}
			}
		default:
			d.items[name] = goItem{"type", d.expr(s.Type)}
		}
	case *ast.ValueSpec:
		kind := "var"
		if tok == token.CONST {
			kind = "const"
		}
		for i, n := range s.Names {
			if !n.IsExported() {
				continue
			}
			text := ""
			if s.Type != nil {
				text = d.expr(s.Type)
			}
			if kind == "const" && i < len(s.Values) {
				text = strings.TrimPrefix(text+" = "+d.expr(s.Values[i]), " = ")
			}
			d.items[n.Name] = goItem{kind, text}
		}
	}
}

// comparable reports whether values of the named struct t can be compared
// with ==, looking through the package's own named types.
func (d *goDecls) comparable(t string, seen map[string]bool) bool {
	if seen == nil {
		seen = map[string]bool{}
	}
	if seen[t] {
		return true
	}
	seen[t] = true
	e, ok := d.named[t]
	if !ok {
		return true
	}
	return d.comparableExpr(e, seen)
}

func (d *goDecls) comparableExpr(e ast.Expr, seen map[string]bool) bool {
	switch x := e.(type) {
	case *ast.ArrayType:
		return x.Len != nil && d.comparableExpr(x.Elt, seen)
	case *ast.MapType, *ast.FuncType:
		return false
	case *ast.StructType:
		for _, f := range x.Fields.List {
			if !d.comparableExpr(f.Type, seen) {
				return false
			}
		}
		return true
	case *ast.Ident:
		return d.comparable(x.Name, seen)
	case *ast.SelectorExpr:
		return d.expr(x) != "json.RawMessage"
	}
	return true // pointers, interfaces, channels
}
