package apichange

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"github.com/oasgen/oasgen/generator/write"
)

// The Go view: what the generated package declares, read from the files
// the emitter writes (never re-derived from the model), and how its
// exported declarations changed between two versions. -check reads it
// from the files on disk and the files it would write; diff from the
// API-bearing files of both versions (emit.GoAPI). The package imports
// only the standard library, so syntax says everything apidiff would
// find: no type-checking and no go command are needed.

// GoChangeKind is what happened to a declaration.
type GoChangeKind string

const (
	GoRemoved GoChangeKind = "removed"
	GoAdded   GoChangeKind = "added"
	// GoChanged: its type, signature or kind changed.
	GoChanged GoChangeKind = "changed"
	// GoValue: a constant's value changed.
	GoValue GoChangeKind = "value changed"
	// GoIncomparable: a struct that was comparable with == is not any
	// more.
	GoIncomparable GoChangeKind = "no longer comparable"
)

// GoChange is one change of the exported Go API, as apidiff words it.
type GoChange struct {
	// Ident is T, T.Field, (*T).Method, Interface.Method or a constant,
	// function or variable name.
	Ident string       `json:"ident"`
	Kind  GoChangeKind `json:"kind"`
	// Old and New are the declaration's text (a type, a signature
	// without parameter names, a constant's value) in each version.
	Old string `json:"old,omitempty"`
	New string `json:"new,omitempty"`
	// Breaking: code written against the old package may not compile
	// against the new one.
	Breaking bool `json:"breaking"`
}

// Message is the change as apidiff writes it: "Ident: what".
func (g GoChange) Message() string {
	switch g.Kind {
	case GoChanged:
		return fmt.Sprintf("%s: changed from %s to %s", g.Ident, g.Old, g.New)
	case GoValue:
		return fmt.Sprintf("%s: value changed from %s to %s", g.Ident, g.Old, g.New)
	case GoIncomparable:
		return g.Ident + ": old is comparable, new is not"
	}
	return g.Ident + ": " + string(g.Kind)
}

// GoSummary is the Go-level comparison of two generated packages, for a
// caller that has generated files but not the old definition (-check: the
// files on disk against the files it would write). Its counts are the
// Go API counts of diff's report for the same pair.
type GoSummary struct {
	Breaking   []string // sorted messages
	Compatible []string // sorted messages
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
		out = append(out, "  "+clip(b, maxLine-4))
	}
	return out
}

// CompareFiles compares the exported API of two versions of a generated
// package, each given as its .go files (other files are ignored).
func CompareFiles(old, new []write.File) (*GoSummary, error) {
	changes, err := compareFiles(old, new)
	if err != nil {
		return nil, err
	}
	return summary(changes), nil
}

func summary(changes []GoChange) *GoSummary {
	s := &GoSummary{}
	for _, g := range changes {
		if g.Breaking {
			s.Breaking = append(s.Breaking, g.Message())
		} else {
			s.Compatible = append(s.Compatible, g.Message())
		}
	}
	slices.Sort(s.Breaking)
	slices.Sort(s.Compatible)
	return s
}

func compareFiles(old, new []write.File) ([]GoChange, error) {
	o, err := viewOf(old)
	if err != nil {
		return nil, err
	}
	n, err := viewOf(new)
	if err != nil {
		return nil, err
	}
	return compareViews(o, n), nil
}

// compareViews finds removed and changed declarations, fields and
// methods, methods added to interfaces, changed constant values and
// structs that stop being comparable, as apidiff does for such packages;
// the members of a removed or added type go with it. Sorted by
// identifier.
func compareViews(o, n *goView) []GoChange {
	var out []GoChange
	for _, k := range slices.Sorted(keys(o.items)) {
		ov := o.items[k]
		nv, ok := n.items[k]
		switch {
		case !ok && owner(k) != k && n.items[owner(k)].kind == "":
			// the members of a removed type go with it
		case !ok && valueMethod(k, ov, n):
			// (*T).M became T.M: *T keeps M (T gaining it is an addition)
		case !ok:
			out = append(out, GoChange{Ident: k, Kind: GoRemoved, Old: ov.text, Breaking: true})
		case ov.kind != nv.kind:
			out = append(out, GoChange{Ident: k, Kind: GoChanged, Old: ov.kind, New: nv.kind, Breaking: true})
		case ov.text != nv.text && ov.kind == "const":
			out = append(out, GoChange{Ident: k, Kind: GoValue, Old: ov.text, New: nv.text, Breaking: true})
		case ov.text != nv.text:
			out = append(out, GoChange{Ident: k, Kind: GoChanged, Old: ov.text, New: nv.text, Breaking: true})
		}
	}
	for _, k := range slices.Sorted(keys(n.items)) {
		if _, ok := o.items[k]; ok || owner(k) != k && o.items[owner(k)].kind == "" {
			continue // present before, or a member of an added type
		}
		out = append(out, GoChange{Ident: k, Kind: GoAdded, New: n.items[k].text, Breaking: n.items[k].kind == "interface method"})
	}
	for _, t := range slices.Sorted(keys(o.structs)) {
		if _, ok := n.structs[t]; ok && o.comparable(t, nil) && !n.comparable(t, nil) {
			out = append(out, GoChange{Ident: t, Kind: GoIncomparable, Breaking: true})
		}
	}
	slices.SortStableFunc(out, func(a, b GoChange) int { return strings.Compare(a.Ident, b.Ident) })
	return out
}

// valueMethod reports whether k, a method (*T).M of the old view, is T.M
// with the same signature in n: still in *T's method set.
func valueMethod(k string, ov goItem, n *goView) bool {
	rest, ok := strings.CutPrefix(k, "(*")
	if !ok || ov.kind != "method" {
		return false
	}
	t, m, ok := strings.Cut(rest, ").")
	nv := n.items[t+"."+m]
	return ok && nv.kind == "method" && nv.text == ov.text
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
	kind string // type, struct, interface, func, method, field, interface method, const, var
	text string // what must not change: a type, a signature, a value
}

// goView is a generated package's exported declarations.
type goView struct {
	items   map[string]goItem
	structs map[string]*ast.StructType
	named   map[string]ast.Expr // type name → its type expression
	// params are the parameter types of each function and method (the
	// context first), for the report to name an argument's type.
	params map[string][]string
}

// text is the declaration of ident, "" when there is none.
func (v *goView) text(ident string) string {
	if v == nil {
		return ""
	}
	return v.items[ident].text
}

// param is the type of a function's i-th parameter, "" when unknown.
func (v *goView) param(fn string, i int) string {
	if v == nil || i < 0 || i >= len(v.params[fn]) {
		return ""
	}
	return v.params[fn][i]
}

func viewOf(files []write.File) (*goView, error) {
	v := &goView{items: map[string]goItem{}, structs: map[string]*ast.StructType{}, named: map[string]ast.Expr{}, params: map[string][]string{}}
	fset := token.NewFileSet()
	for _, f := range files {
		if !strings.HasSuffix(f.Name, ".go") || strings.HasSuffix(f.Name, "_test.go") {
			continue
		}
		af, err := parser.ParseFile(fset, f.Name, f.Content, parser.SkipObjectResolution)
		if err != nil {
			return nil, err
		}
		for _, decl := range af.Decls {
			v.decl(decl)
		}
	}
	v.promote()
	return v, nil
}

// promote adds the fields of embedded structs (the package's own) to the
// structs that embed them, as Go promotes them; a struct's own field of
// the same name wins.
func (v *goView) promote() {
	for _, name := range slices.Sorted(keys(v.structs)) {
		for _, f := range v.structs[name].Fields.List {
			id, ok := f.Type.(*ast.Ident)
			if len(f.Names) > 0 || !ok || v.structs[id.Name] == nil {
				continue
			}
			for _, ef := range v.structs[id.Name].Fields.List {
				for _, n := range ef.Names {
					if k := name + "." + n.Name; n.IsExported() && v.items[k].kind == "" {
						v.items[k] = goItem{"field", expr(ef.Type)}
					}
				}
			}
		}
	}
}

// expr renders a type expression as go/types does: one line, whatever
// the file's layout (the Go view reads files gofmt'ed or not).
func expr(e ast.Expr) string { return types.ExprString(e) }

// signature renders a function type without its parameter names, which
// are not part of the API: func(context.Context, string) (T, error).
func signature(t *ast.FuncType) (sig string, params []string) {
	list := func(fl *ast.FieldList) []string {
		var out []string
		if fl == nil {
			return nil
		}
		for _, f := range fl.List {
			n := max(len(f.Names), 1)
			for range n {
				out = append(out, expr(f.Type))
			}
		}
		return out
	}
	params = list(t.Params)
	res := list(t.Results)
	sig = "func(" + strings.Join(params, ", ") + ")"
	switch len(res) {
	case 0:
	case 1:
		sig += " " + res[0]
	default:
		sig += " (" + strings.Join(res, ", ") + ")"
	}
	return sig, params
}

func (v *goView) decl(decl ast.Decl) {
	switch x := decl.(type) {
	case *ast.FuncDecl:
		if !x.Name.IsExported() {
			return
		}
		sig, params := signature(x.Type)
		if x.Recv == nil {
			v.items[x.Name.Name] = goItem{"func", sig}
			v.params[x.Name.Name] = params
			return
		}
		recv := expr(x.Recv.List[0].Type)
		if strings.HasPrefix(recv, "*") {
			recv = "(" + recv + ")"
		}
		v.items[recv+"."+x.Name.Name] = goItem{"method", sig}
		v.params[recv+"."+x.Name.Name] = params
	case *ast.GenDecl:
		for _, spec := range x.Specs {
			v.spec(x.Tok, spec)
		}
	}
}

func (v *goView) spec(tok token.Token, spec ast.Spec) {
	switch s := spec.(type) {
	case *ast.TypeSpec:
		name := s.Name.Name
		if !s.Name.IsExported() {
			return
		}
		v.named[name] = s.Type
		switch t := s.Type.(type) {
		case *ast.StructType:
			v.items[name] = goItem{"struct", "struct"}
			v.structs[name] = t
			for _, f := range t.Fields.List {
				typ := expr(f.Type)
				if len(f.Names) == 0 { // embedded: the field is named by its type
					v.items[name+"."+strings.TrimPrefix(typ, "*")] = goItem{"field", typ}
				}
				for _, n := range f.Names {
					if n.IsExported() {
						v.items[name+"."+n.Name] = goItem{"field", typ}
					}
				}
			}
		case *ast.InterfaceType:
			v.items[name] = goItem{"interface", "interface"}
			for _, m := range t.Methods.List {
				ft, ok := m.Type.(*ast.FuncType)
				for _, n := range m.Names {
					if n.IsExported() && ok {
						sig, params := signature(ft)
						v.items[name+"."+n.Name] = goItem{"interface method", sig}
						v.params[name+"."+n.Name] = params
					}
				}
			}
		default:
			text := expr(s.Type)
			if s.TypeParams != nil {
				text = "[" + expr(&ast.FuncType{Params: s.TypeParams}) + "] " + text
			}
			v.items[name] = goItem{"type", text}
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
				text = expr(s.Type)
			}
			if kind == "const" && i < len(s.Values) {
				text = strings.TrimPrefix(text+" = "+expr(s.Values[i]), " = ")
			}
			v.items[n.Name] = goItem{kind, text}
		}
	}
}

// comparable reports whether values of the named struct t can be compared
// with ==, looking through the package's own named types.
func (v *goView) comparable(t string, seen map[string]bool) bool {
	if seen == nil {
		seen = map[string]bool{}
	}
	if seen[t] {
		return true
	}
	seen[t] = true
	e, ok := v.named[t]
	if !ok {
		return true
	}
	return v.comparableExpr(e, seen)
}

func (v *goView) comparableExpr(e ast.Expr, seen map[string]bool) bool {
	switch x := e.(type) {
	case *ast.ArrayType:
		return x.Len != nil && v.comparableExpr(x.Elt, seen)
	case *ast.MapType, *ast.FuncType:
		return false
	case *ast.StructType:
		for _, f := range x.Fields.List {
			if !v.comparableExpr(f.Type, seen) {
				return false
			}
		}
		return true
	case *ast.Ident:
		return v.comparable(x.Name, seen)
	case *ast.SelectorExpr:
		return expr(x) != "json.RawMessage"
	}
	return true // pointers, interfaces, channels
}
