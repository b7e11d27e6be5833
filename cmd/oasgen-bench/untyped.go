package main

import (
	"go/ast"
	"go/parser"
	"go/token"
)

// countUntypedFields parses one Go file and counts the struct fields whose
// type is untyped JSON: interface{} / any, json.RawMessage or jx.Raw (ogen's
// raw JSON), also behind pointers, slices, arrays and map values. A field
// declaring several names counts once per name. A file that does not parse
// counts 0 (the build step reports it).
func countUntypedFields(src []byte) int {
	f, err := parser.ParseFile(token.NewFileSet(), "", src, parser.SkipObjectResolution)
	if err != nil {
		return 0
	}
	n := 0
	ast.Inspect(f, func(node ast.Node) bool {
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
