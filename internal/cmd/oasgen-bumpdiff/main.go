// Command oasgen-bumpdiff measures how reviewable an api-version bump is:
// it generates two versions of a definition into the same package name,
// diffs the outputs file by file, and classifies every changed line as a
// doc comment, code that follows from a change in the definition, or
// noise — code that changed although the part of the definition it comes
// from did not (reordering, renumbering, re-alignment, renaming).
//
//	go run ./internal/cmd/oasgen-bumpdiff -old OLD.json -new NEW.json [-o report.md]
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/printer"
	"go/token"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/oasgen/oasgen/generator"
	"github.com/oasgen/oasgen/generator/model"
	"github.com/oasgen/oasgen/generator/write"
)

func main() {
	old := flag.String("old", "", "older definition")
	neu := flag.String("new", "", "newer definition")
	out := flag.String("o", "", "write the report here (default stdout)")
	diffOut := flag.String("diff", "", "also write the unified diff here")
	flag.Parse()
	if *old == "" || *neu == "" {
		flag.Usage()
		os.Exit(2)
	}
	rep, diff, err := run(*old, *neu)
	if err != nil {
		fmt.Fprintln(os.Stderr, "oasgen-bumpdiff:", err)
		os.Exit(1)
	}
	if *diffOut != "" {
		os.WriteFile(*diffOut, []byte(diff), 0o644)
	}
	var w io.Writer = os.Stdout
	if *out != "" {
		f, err := os.Create(*out)
		if err != nil {
			fmt.Fprintln(os.Stderr, "oasgen-bumpdiff:", err)
			os.Exit(1)
		}
		defer f.Close()
		w = f
	}
	rep.write(w)
}

type side struct {
	out  *generator.Output
	raw  any               // the definition as plain JSON values
	src  map[string]string // decl key → spec pointers it comes from
	code map[string]string // decl key → code with comments removed
}

type report struct {
	Old, New                           string
	DiffLines, Changed, Doc, Blank     int
	Code, Noise                        int
	FilesChanged, Files                int
	CodeByDecl                         map[string]int
	NoiseDecls                         []string
	OpsOld, OpsNew, TypesOld, TypesNew int
}

func run(oldPath, newPath string) (*report, string, error) {
	a, err := load(oldPath)
	if err != nil {
		return nil, "", err
	}
	b, err := load(newPath)
	if err != nil {
		return nil, "", err
	}
	rep := &report{Old: oldPath, New: newPath, CodeByDecl: map[string]int{}}
	rep.OpsOld, rep.TypesOld = counts(a.out.API)
	rep.OpsNew, rep.TypesNew = counts(b.out.API)
	files := map[string][2][]byte{}
	for _, f := range a.out.Files {
		v := files[f.Name]
		v[0] = f.Content
		files[f.Name] = v
	}
	for _, f := range b.out.Files {
		v := files[f.Name]
		v[1] = f.Content
		files[f.Name] = v
	}
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	var all strings.Builder
	rep.Files = len(names)
	for _, n := range names {
		d := write.Unified("a/"+n, "b/"+n, string(files[n][0]), string(files[n][1]))
		if d == "" {
			continue
		}
		rep.FilesChanged++
		all.WriteString(d)
		for _, l := range strings.SplitAfter(d, "\n") {
			if l == "" {
				continue
			}
			rep.DiffLines++
			if strings.HasPrefix(l, "---") || strings.HasPrefix(l, "+++") || (l[0] != '-' && l[0] != '+') {
				continue
			}
			rep.Changed++
			body := strings.TrimSpace(l[1:])
			switch {
			case body == "":
				rep.Blank++
			case strings.HasPrefix(body, "//"):
				rep.Doc++
			default:
				rep.Code++
			}
		}
	}
	// Noise: declarations present in both whose code (comments removed)
	// changed although every part of the definition they come from is
	// unchanged apart from descriptions.
	for key, ca := range a.code {
		cb, ok := b.code[key]
		if !ok || ca == cb {
			continue
		}
		n := changedLines(ca, cb)
		rep.CodeByDecl[key] = n
		ptrs := a.src[key]
		if ptrs == "" {
			continue // support code or package-level plumbing: checked below
		}
		same := true
		for _, p := range strings.Split(ptrs, "|") {
			if canon(lookup(a.raw, p)) != canon(lookup(b.raw, p)) {
				same = false
			}
		}
		if same {
			rep.Noise += n
			rep.NoiseDecls = append(rep.NoiseDecls, key)
		}
	}
	sort.Strings(rep.NoiseDecls)
	return rep, all.String(), nil
}

func counts(api *model.API) (ops, types int) {
	for _, g := range api.Groups {
		ops += len(g.Operations)
	}
	return ops, len(api.Types)
}

func load(path string) (*side, error) {
	out, err := generator.Generate(generator.Config{Spec: path, Package: "batch"})
	if err != nil {
		return nil, err
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var raw any
	if err := json.Unmarshal(b, &raw); err != nil {
		return nil, fmt.Errorf("%s: the bump report reads JSON definitions only: %v", path, err)
	}
	s := &side{out: out, raw: raw, src: sources(out.API), code: map[string]string{}}
	fset := token.NewFileSet()
	for _, f := range out.Files {
		af, err := parser.ParseFile(fset, f.Name, f.Content, 0) // no comments
		if err != nil {
			return nil, err
		}
		for _, d := range af.Decls {
			var buf bytes.Buffer
			printer.Fprint(&buf, fset, d)
			s.code[declKey(d)] = buf.String()
		}
	}
	return s, nil
}

// declKey names a top-level declaration: "type X", "func F", "method T.M".
func declKey(d ast.Decl) string {
	switch d := d.(type) {
	case *ast.FuncDecl:
		if d.Recv != nil && len(d.Recv.List) > 0 {
			t := d.Recv.List[0].Type
			if s, ok := t.(*ast.StarExpr); ok {
				t = s.X
			}
			if id, ok := t.(*ast.Ident); ok {
				return "method " + id.Name + "." + d.Name.Name
			}
		}
		return "func " + d.Name.Name
	case *ast.GenDecl:
		var names []string
		for _, s := range d.Specs {
			switch s := s.(type) {
			case *ast.TypeSpec:
				names = append(names, s.Name.Name)
			case *ast.ValueSpec:
				for _, n := range s.Names {
					names = append(names, n.Name)
				}
			}
		}
		return d.Tok.String() + " " + strings.Join(names, ",")
	}
	return "?"
}

// sources maps each model-derived declaration to the definition pointers
// it is generated from.
func sources(api *model.API) map[string]string {
	m := map[string]string{}
	for _, t := range api.Types {
		m["type "+t.Name] = t.Pointer
		for _, meth := range []string{"Error", "errorModel", "Values", "MarshalJSON", "UnmarshalJSON"} {
			m["method "+t.Name+"."+meth] = t.Pointer
		}
		// What a validate method checks depends on the types it reaches.
		m["method "+t.Name+".validate"] = strings.Join(reachable(t), "|")
		if t.Enum != nil {
			var names []string
			for _, v := range t.Enum.Values {
				names = append(names, v.GoName)
			}
			m["const "+strings.Join(names, ",")] = t.Pointer
		}
	}
	for _, g := range api.Groups {
		for _, op := range g.Operations {
			p := op.Pointer
			m["method "+g.Client+"."+op.GoName] = p
			m["method "+g.Unimpl+"."+op.GoName] = p
			m["method handler."+op.HandlerName] = p
			m["type "+op.Response.Name] = p
			if op.Options != nil {
				m["type "+op.Options.Name] = p
			}
			if op.Pageable != nil {
				m["method "+g.Client+"."+op.Pageable.Name] = p
				m["method "+g.Client+"."+op.Pageable.Paged] = p
			}
		}
	}
	return m
}

// reachable lists the pointers of t and every named type its fields reach.
func reachable(t *model.Type) []string {
	seen := map[*model.Type]bool{}
	var out []string
	var visit func(*model.Type)
	var visitRef func(model.TypeRef)
	visitRef = func(r model.TypeRef) {
		switch {
		case r.Elem != nil:
			visitRef(*r.Elem)
		case r.Kind == model.KindNamed && r.Decl != nil:
			visit(r.Decl)
		}
	}
	visit = func(t *model.Type) {
		if seen[t] {
			return
		}
		seen[t] = true
		out = append(out, t.Pointer)
		for _, f := range t.Fields {
			visitRef(f.Type)
		}
		if t.Underlying != nil {
			visitRef(*t.Underlying)
		}
	}
	visit(t)
	sort.Strings(out)
	return out
}

// lookup resolves a JSON pointer ("#/paths/~1pets/get") in raw.
func lookup(raw any, ptr string) any {
	ptr = strings.TrimPrefix(ptr, "#")
	if ptr == "" {
		return raw
	}
	v := raw
	for _, tok := range strings.Split(ptr[1:], "/") {
		tok = strings.NewReplacer("~1", "/", "~0", "~").Replace(tok)
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[tok]
	}
	return v
}

// canon is v as JSON with prose (descriptions, titles, summaries,
// examples) removed: what code may depend on.
func canon(v any) string {
	var strip func(any) any
	strip = func(v any) any {
		switch x := v.(type) {
		case map[string]any:
			out := map[string]any{}
			for k, e := range x {
				switch k {
				case "description", "title", "summary", "example", "examples", "x-ms-examples":
					continue
				}
				out[k] = strip(e)
			}
			return out
		case []any:
			out := make([]any, len(x))
			for i, e := range x {
				out[i] = strip(e)
			}
			return out
		}
		return v
	}
	b, _ := json.Marshal(strip(v))
	return string(b)
}

// changedLines counts the +/- lines between two texts.
func changedLines(a, b string) int {
	n := 0
	for _, l := range strings.Split(write.Unified("a", "b", a, b), "\n") {
		if (strings.HasPrefix(l, "-") || strings.HasPrefix(l, "+")) && !strings.HasPrefix(l, "---") && !strings.HasPrefix(l, "+++") {
			n++
		}
	}
	return n
}

func (r *report) write(w io.Writer) {
	fmt.Fprintf(w, "# api-version bump diff\n\n")
	fmt.Fprintf(w, "Generated `%s` and `%s` into the same package name and diffed the outputs (`diff -ruN` style, 3 lines of context).\n\n", corpusPath(r.Old), corpusPath(r.New))
	fmt.Fprintf(w, "| | old | new |\n| --- | ---: | ---: |\n| operations | %d | %d |\n| types | %d | %d |\n\n", r.OpsOld, r.OpsNew, r.TypesOld, r.TypesNew)
	fmt.Fprintf(w, "| measure | lines |\n| --- | ---: |\n")
	fmt.Fprintf(w, "| whole diff (headers, hunks, context) | %d |\n", r.DiffLines)
	fmt.Fprintf(w, "| changed lines (+/-) | %d |\n", r.Changed)
	fmt.Fprintf(w, "| doc-comment lines | %d |\n", r.Doc)
	fmt.Fprintf(w, "| blank lines | %d |\n", r.Blank)
	fmt.Fprintf(w, "| code lines | %d |\n", r.Code)
	fmt.Fprintf(w, "| noise lines | %d |\n\n", r.Noise)
	fmt.Fprintf(w, "Files changed: %d of %d.\n\n", r.FilesChanged, r.Files)
	fmt.Fprintf(w, "Noise is counted per declaration present in both outputs: its code (comments removed) changed although the part of the definition it is generated from is the same once descriptions, titles, summaries and examples are removed.\n\n")
	if len(r.NoiseDecls) == 0 {
		fmt.Fprintf(w, "No declaration changed without a change in its source.\n")
		return
	}
	fmt.Fprintf(w, "Declarations with noise:\n\n")
	for _, d := range r.NoiseDecls {
		fmt.Fprintf(w, "- `%s` (%d lines)\n", d, r.CodeByDecl[d])
	}
}

// corpusPath shows a definition from the corpus cache as the package
// names it (api/...), so that the report does not depend on the machine.
func corpusPath(p string) string {
	p = filepath.ToSlash(p)
	if i := strings.LastIndex(p, "/package/api/"); i >= 0 {
		return p[i+len("/package/"):]
	}
	return p
}
