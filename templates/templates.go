// Package templates holds the support code that oasgen copies into every
// generated package. The code lives in ./support as an ordinary, tested Go
// package; Support returns its non-test files with the package clause
// rewritten, so what users get is exactly what the tests here exercise.
package templates

import (
	"bytes"
	"embed"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path"
	"slices"
	"sort"
	"strings"
)

//go:embed support/*.go
var supportFS embed.FS

// File is one support source file.
type File struct {
	Name string // base name, e.g. "uuid.go"
	Src  []byte // source with "package support" still in place
}

// Support returns the support files (tests excluded), sorted by name.
func Support() ([]File, error) {
	names, err := fs.Glob(supportFS, "support/*.go")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	var out []File
	for _, n := range names {
		if strings.HasSuffix(n, "_test.go") || path.Base(n) == "doc.go" {
			continue // tests stay here; the package doc is not the output's
		}
		b, err := supportFS.ReadFile(n)
		if err != nil {
			return nil, err
		}
		out = append(out, File{Name: path.Base(n), Src: b})
	}
	return out, nil
}

// Rewrite returns src with its package clause renamed to pkg and the
// generated-code header in front of everything, so that tools recognise the
// file as generated.
func Rewrite(src []byte, pkg, header string) ([]byte, error) {
	const clause = "package support\n"
	i := bytes.Index(src, []byte(clause))
	if i < 0 || (i > 0 && src[i-1] != '\n') {
		return nil, fmt.Errorf("templates: support file has no %q clause", strings.TrimSpace(clause))
	}
	var b bytes.Buffer
	b.Grow(len(header) + len(src) + len(pkg))
	b.WriteString(header)
	b.WriteString("\n\n")
	b.Write(src[:i])
	b.WriteString("package " + pkg + "\n")
	b.Write(src[i+len(clause):])
	return b.Bytes(), nil
}

// SupportNames are the package-level names of the support code, sorted:
// generated schema types must not take them.
func SupportNames() ([]string, error) {
	var names []string
	err := eachDecl(func(d ast.Decl) {
		switch d := d.(type) {
		case *ast.FuncDecl:
			if d.Recv == nil {
				names = append(names, d.Name.Name)
			}
		case *ast.GenDecl:
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
		}
	})
	sort.Strings(names)
	return slices.Compact(names), err
}

// Members are the field and method names of the support type typ (an
// embedded field by its type's name), sorted: a generated type that
// embeds it must not declare them again.
func Members(typ string) ([]string, error) {
	var names []string
	err := eachDecl(func(d ast.Decl) {
		switch d := d.(type) {
		case *ast.FuncDecl:
			if d.Recv != nil && len(d.Recv.List) == 1 && receiverType(d.Recv.List[0].Type) == typ {
				names = append(names, d.Name.Name)
			}
		case *ast.GenDecl:
			for _, s := range d.Specs {
				if ts, ok := s.(*ast.TypeSpec); ok && ts.Name.Name == typ {
					if st, ok := ts.Type.(*ast.StructType); ok {
						for _, fld := range st.Fields.List {
							if len(fld.Names) == 0 {
								names = append(names, receiverType(fld.Type))
							}
							for _, n := range fld.Names {
								names = append(names, n.Name)
							}
						}
					}
				}
			}
		}
	})
	if err == nil && len(names) == 0 {
		err = fmt.Errorf("templates: no support type %s", typ)
	}
	sort.Strings(names)
	return slices.Compact(names), err
}

// eachDecl calls fn with every top-level declaration of the support code.
func eachDecl(fn func(ast.Decl)) error {
	files, err := Support()
	if err != nil {
		return err
	}
	fset := token.NewFileSet()
	for _, f := range files {
		af, err := parser.ParseFile(fset, f.Name, f.Src, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		for _, d := range af.Decls {
			fn(d)
		}
	}
	return nil
}

// receiverType is the name of T, *T or pkg.T.
func receiverType(e ast.Expr) string {
	switch e := e.(type) {
	case *ast.StarExpr:
		return receiverType(e.X)
	case *ast.Ident:
		return e.Name
	case *ast.SelectorExpr:
		return e.Sel.Name
	case *ast.IndexExpr:
		return receiverType(e.X)
	}
	return ""
}
