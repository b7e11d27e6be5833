package main

import (
	"go/ast"
	"go/parser"
	"go/token"
)

// countUntyped parses one Go file and counts the fields of its
// package-level type declarations (nested struct types included; struct
// types local to functions, such as decoding helpers, excluded) whose type
// is untyped JSON: interface{} / any, json.RawMessage or jx.Raw (ogen's raw
// JSON), also behind pointers, slices, arrays and map values. A field
// declaring several names counts once per name. A file that does not parse
// counts 0 (the build step reports it).
// Named types that are untyped themselves (type X jx.Raw, type X any,
// type X map[string]any) are counted separately, as types.
func countUntyped(src []byte) (types, fields int) {
	f, err := parser.ParseFile(token.NewFileSet(), "", src, parser.SkipObjectResolution)
	if err != nil {
		return 0, 0
	}
	for _, d := range f.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != token.TYPE {
			continue
		}
		for _, s := range gd.Specs {
			t := s.(*ast.TypeSpec).Type
			if untypedExpr(t) {
				types++
				continue
			}
			fields += untypedFieldsIn(t)
		}
	}
	return types, fields
}

func untypedFieldsIn(t ast.Expr) int {
	n := 0
	ast.Inspect(t, func(node ast.Node) bool {
		st, ok := node.(*ast.StructType)
		if !ok || st.Fields == nil {
			return true
		}
		for _, fld := range st.Fields.List {
			if untypedExpr(fld.Type) {
				n += max(1, len(fld.Names))
			}
		}
		return true
	})
	return n
}

func untypedExpr(e ast.Expr) bool {
	for {
		switch t := e.(type) {
		case *ast.StarExpr:
			e = t.X
		case *ast.ArrayType:
			e = t.Elt
		case *ast.MapType:
			e = t.Value
		case *ast.ParenExpr:
			e = t.X
		case *ast.Ident:
			return t.Name == "any"
		case *ast.InterfaceType:
			return t.Methods == nil || len(t.Methods.List) == 0
		case *ast.SelectorExpr:
			x, ok := t.X.(*ast.Ident)
			if !ok {
				return false
			}
			return (x.Name == "json" && t.Sel.Name == "RawMessage") || (x.Name == "jx" && t.Sel.Name == "Raw")
		default:
			return false
		}
	}
}
