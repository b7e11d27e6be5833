package emit

import (
	"fmt"
	"hash/fnv"
	"maps"
	"slices"
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/oasgen/oasgen/generator/model"
)

// validateMethod checks a decoded request body against its schema: raw is
// the same JSON, consulted only for which required keys were present.
func validateMethod(t *model.Type) jen.Code {
	var seen []jen.Code
	var body []jen.Code
	for _, f := range t.Fields {
		needRaw := f.Required || f.Type.ValidatesElems()
		if needRaw {
			typ := jen.Qual("encoding/json", "RawMessage")
			if f.Type.Kind == model.KindSlice && f.Type.ValidatesElems() {
				typ = jen.Index().Qual("encoding/json", "RawMessage")
			}
			if len(seen) > 0 {
				seen = append(seen, jen.Line())
			}
			seen = append(seen, jen.Id(f.GoName).Add(typ).Tag(map[string]string{"json": seenTag(f.JSONName)}))
		}
		body = append(body, fieldValidation(f)...)
	}
	var pre []jen.Code
	if len(seen) > 0 {
		pre = append(pre,
			jen.Var().Id("seen").Struct(seen...),
			jen.If(jen.Err().Op(":=").Qual("encoding/json", "Unmarshal").Call(jen.Id("raw"), jen.Op("&").Id("seen")), jen.Err().Op("!=").Nil()).Block(
				jen.Return(jen.Err())),
		)
	}
	body = append(append(pre, body...), jen.Return(jen.Nil()))
	rawName := "raw"
	if len(seen) == 0 {
		rawName = "_"
	}
	return commentf("validate checks a %s received in a request body.", t.Name).
		Func().Params(jen.Id("m").Op("*").Id(t.Name)).Id("validate").
		Params(jen.Id(rawName).Qual("encoding/json", "RawMessage")).Error().Block(body...).Line()
}

func fieldValidation(f *model.Field) []jen.Code {
	var out []jen.Code
	name := jen.Lit(f.JSONName)
	if f.Required {
		missing := jen.Id("absent").Call(jen.Id("seen").Dot(f.GoName))
		if f.Type.Kind == model.KindSlice && f.Type.ValidatesElems() {
			// Held as []json.RawMessage: nil when missing or null.
			missing = jen.Id("seen").Dot(f.GoName).Op("==").Nil()
		} else if !f.Nullable {
			missing = missing.Op("||").Id("null").Call(jen.Id("seen").Dot(f.GoName))
		}
		out = append(out, jen.If(missing).Block(
			jen.Return(jen.Id("fieldErr").Call(name, jen.Lit("missing required property")))))
	}
	v := jen.Id("m").Dot(f.GoName)
	if f.ThreeState {
		// Absent and null pass; a value is checked as a plain field would be.
		checks := valueValidation(f, jen.Id("v"))
		if len(checks) == 0 {
			return out
		}
		return append(out, jen.If(jen.List(jen.Id("v"), jen.Id("ok")).Op(":=").Add(v.Dot("Get").Call()), jen.Id("ok")).Block(checks...))
	}
	return append(out, valueValidation(f, v)...)
}

// valueValidation checks the value v of field f: ranges, lengths,
// patterns, enums and nested structs.
func valueValidation(f *model.Field, v *jen.Statement) []jen.Code {
	var out []jen.Code
	name := jen.Lit(f.JSONName)
	target := v.Clone()
	if f.Pointer {
		target = jen.Op("*").Add(v.Clone())
	}
	var checks []jen.Code
	for _, r := range valueChecks(f, target, v) {
		checks = append(checks, jen.If(jen.Id("r").Op(":=").Add(r), jen.Id("r").Op("!=").Lit("")).Block(
			jen.Return(jen.Id("fieldErr").Call(name, jen.Id("r")))))
	}
	if len(checks) > 0 && f.Pointer {
		out = append(out, jen.If(v.Clone().Op("!=").Nil()).Block(checks...))
	} else {
		out = append(out, checks...)
	}
	if f.Type.ValidatesElems() {
		if f.Type.Kind == model.KindSlice {
			out = append(out, jen.For(jen.Id("i").Op(":=").Range().Add(v.Clone())).Block(
				jen.If(jen.Id("i").Op("<").Len(jen.Id("seen").Dot(f.GoName))).Block(
					jen.If(jen.Err().Op(":=").Add(validateCall(*f.Type.Elem, v.Clone().Index(jen.Id("i")), jen.Id("seen").Dot(f.GoName).Index(jen.Id("i")))), jen.Err().Op("!=").Nil()).Block(
						jen.Return(jen.Id("nestErr").Call(jen.Lit(f.JSONName).Op("+").Id("indexName").Call(jen.Id("i")), jen.Err()))))))
		} else {
			call := jen.If(jen.Err().Op(":=").Add(validateCall(f.Type, v.Clone(), jen.Id("seen").Dot(f.GoName))), jen.Err().Op("!=").Nil()).Block(
				jen.Return(jen.Id("nestErr").Call(name, jen.Err())))
			if f.Pointer {
				out = append(out, jen.If(v.Clone().Op("!=").Nil()).Block(call))
			} else {
				out = append(out, call)
			}
		}
	}
	return out
}

// valueChecks are expressions yielding a violation reason for value v.
func valueChecks(f *model.Field, v, holder *jen.Statement) []jen.Code {
	t := f.Type
	c := f.Checks
	var out []jen.Code
	if t.Kind == model.KindNamed && t.Decl.Kind == model.DeclEnum && !t.Decl.Enum.Open {
		out = append(out, jen.Id("violatesEnum").Call(v.Clone(), holder.Clone().Dot("Values").Call()))
	}
	if t.Kind != model.KindBuiltin {
		return out
	}
	numeric := strings.HasPrefix(t.Name, "int") || strings.HasPrefix(t.Name, "float")
	if numeric && c.Min != nil {
		out = append(out, jen.Id("violatesMin").Call(v.Clone(), literal(t, *c.Min), jen.Lit(c.ExclusiveMin)))
	}
	if numeric && c.Max != nil {
		out = append(out, jen.Id("violatesMax").Call(v.Clone(), literal(t, *c.Max), jen.Lit(c.ExclusiveMax)))
	}
	if t.Name == "string" && (c.MinLength > 0 || c.MaxLength >= 0) {
		out = append(out, jen.Id("violatesLength").Call(v.Clone(), jen.Lit(c.MinLength), jen.Lit(c.MaxLength)))
	}
	if t.Name == "string" && c.Pattern != "" {
		out = append(out, jen.Id("violatesPattern").Call(v.Clone(), jen.Id(patternVar(c.Pattern))))
	}
	return out
}

// patternVar names the compiled form of a pattern after its content, so
// that adding a pattern never renames the others.
func patternVar(pattern string) string {
	h := fnv.New32a()
	h.Write([]byte(pattern))
	return fmt.Sprintf("pattern%08x", h.Sum32())
}

// patterns are the patterns the package checks, by variable name.
func patterns(api *model.API) map[string]string {
	seen := map[string]string{}
	for _, t := range api.Types {
		if t.Validate {
			for _, f := range t.Fields {
				if f.Checks.Pattern != "" && f.Type.Kind == model.KindBuiltin && f.Type.Name == "string" {
					seen[patternVar(f.Checks.Pattern)] = f.Checks.Pattern
				}
			}
		}
	}
	for _, g := range api.AllGroups() {
		for _, op := range g.Operations {
			params := append([]*model.Param{}, op.Positional...)
			if op.Options != nil {
				params = append(params, op.Options.Fields...)
			}
			for _, p := range params {
				if p.Checks.Pattern != "" && p.Type.Kind == model.KindBuiltin && p.Type.Name == "string" {
					seen[patternVar(p.Checks.Pattern)] = p.Checks.Pattern
				}
			}
		}
	}
	return seen
}

// patternVars declares the patterns, sorted by name.
func patternVars(seen map[string]string) jen.Code {
	if len(seen) == 0 {
		return jen.Null()
	}
	names := slices.Sorted(maps.Keys(seen))
	return comment("Patterns the definition asks the server to check, compiled once.").
		Var().DefsFunc(func(g *jen.Group) {
		for _, n := range names {
			g.Id(n).Op("=").Qual("regexp", "MustCompile").Call(jen.Lit(seen[n]))
		}
	}).Line()
}

// seenTag is the encoding/json tag reading the member name: "-" alone
// would skip the field. Names no tag can express (a comma, a quote, a
// backslash, the empty name) are read by the generated codec only.
func seenTag(name string) string {
	if name == "-" {
		return "-,"
	}
	return name
}
