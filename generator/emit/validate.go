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

// validationRules declares the table the server checks request bodies
// with (support_server_validate.go walks it): one rule per type that
// validates, and a constant naming each rule's index.
func validationRules(api *model.API) jen.Code {
	var rules, names []jen.Code
	for _, t := range api.Types {
		if !t.Validate {
			continue
		}
		rules = append(rules, jen.Id(ruleName(t)).Op(":").Add(typeRule(t)))
		name := jen.Id(ruleName(t))
		if len(names) == 0 {
			name.Op("=").Iota().Op("+").Lit(1) // 0 is no rule
		}
		names = append(names, name)
	}
	if len(rules) == 0 {
		return jen.Null()
	}
	return jen.Add(comment("validation holds the checks the server runs on request bodies, one rule per type.")).
		Var().Id("validation").Op("=").Id("bodyRules").Values(listLines(rules)...).Line().Line().
		Add(comment("The index of each type's rule in validation.")).
		Const().Defs(names...).Line()
}

// listLines puts each element of a composite literal on its own line.
func listLines(elems []jen.Code) []jen.Code {
	out := make([]jen.Code, 0, len(elems)+1)
	for _, e := range elems {
		out = append(out, jen.Line().Add(e))
	}
	return append(out, jen.Line())
}

// ruleName names the constant of a type's rule.
func ruleName(t *model.Type) string { return t.Rule }

// typeRule is a struct type's field rules, or a union's kinds.
func typeRule(t *model.Type) jen.Code {
	if t.Kind == model.DeclUnion {
		u := t.Union
		var kinds []jen.Code
		for _, v := range u.Variants {
			kinds = append(kinds, jen.Values(jen.Lit(v.Value), kindRule(v.Type)))
		}
		keys := []jen.Code{
			jen.Id("property").Op(":").Lit(u.Property),
			jen.Id("kinds").Op(":").Index().Id("kindRule").Values(listLines(kinds)...),
		}
		if u.Base != nil && u.Base.Validate {
			keys = append(keys, jen.Id("base").Op(":").Id(ruleName(u.Base)))
		}
		return jen.Values(keys...)
	}
	var fields []jen.Code
	for _, f := range t.Fields {
		if r := fieldRule(f); r != nil {
			fields = append(fields, r)
		}
	}
	return jen.Values(jen.Id("fields").Op(":").Index().Id("fieldRule").Values(listLines(fields)...))
}

// kindRule is the rule of a union's kind, 0 when it has nothing to check.
func kindRule(k *model.Type) jen.Code {
	if k == nil || !k.Validate {
		return jen.Lit(0)
	}
	return jen.Id(ruleName(k))
}

// fieldRule is what the server checks of a field; nil when nothing.
func fieldRule(f *model.Field) jen.Code {
	checks := valueChecks(f)
	nested := f.Type.ValidatesElems()
	if !f.Required && len(checks) == 0 && !nested {
		return nil
	}
	keys := []jen.Code{jen.Id("name").Op(":").Lit(f.JSONName)}
	if f.Required {
		keys = append(keys, jen.Id("required").Op(":").True())
		if f.Nullable {
			keys = append(keys, jen.Id("nullable").Op(":").True())
		}
	}
	if len(checks) > 0 {
		keys = append(keys, jen.Id("checks").Op(":").Index().Id("valueCheck").Values(checks...))
	}
	if nested {
		elem := f.Type
		if elem.Kind == model.KindSlice {
			elem = *elem.Elem
		}
		keys = append(keys, jen.Id("rule").Op(":").Id(ruleName(elem.Decl)))
		if f.Type.Kind == model.KindSlice {
			keys = append(keys, jen.Id("items").Op(":").True())
		}
	}
	return jen.Values(keys...)
}

// valueChecks are the checks of a field's value (support_server_validate.go).
func valueChecks(f *model.Field) []jen.Code {
	t := f.Type
	c := f.Checks
	var out []jen.Code
	if t.Kind == model.KindNamed && t.Decl.Kind == model.DeclEnum && !t.Decl.Enum.Open {
		out = append(out, jen.Id("bodyEnum").Types(jen.Id(t.Name)).Values())
	}
	if t.Kind != model.KindBuiltin {
		return out
	}
	numeric := strings.HasPrefix(t.Name, "int") || strings.HasPrefix(t.Name, "float")
	if numeric && c.Min != nil {
		out = append(out, bound(t, *c.Min, false, c.ExclusiveMin))
	}
	if numeric && c.Max != nil {
		out = append(out, bound(t, *c.Max, true, c.ExclusiveMax))
	}
	if t.Name == "string" && (c.MinLength > 0 || c.MaxLength >= 0) {
		out = append(out, jen.Id("bodyLength").Values(jen.Lit(c.MinLength), jen.Lit(c.MaxLength)))
	}
	if t.Name == "string" && c.Pattern != "" {
		out = append(out, jen.Id("bodyPattern").Values(jen.Id(patternVar(c.Pattern))))
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
	for _, g := range api.Groups {
		for _, op := range g.Operations {
			params := append([]*model.Param{}, op.Positional...)
			if op.Options != nil {
				params = append(params, op.Options.Params...)
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

// bound checks a number against a minimum, or a maximum when max.
func bound(t model.TypeRef, limit float64, max, exclusive bool) jen.Code {
	keys := []jen.Code{jen.Id("limit").Op(":").Add(untypedLit(t, limit))}
	if max {
		keys = append(keys, jen.Id("max").Op(":").True())
	}
	if exclusive {
		keys = append(keys, jen.Id("exclusive").Op(":").True())
	}
	return jen.Id("bodyBound").Types(jen.Id(t.Name)).Values(keys...)
}

// untypedLit renders a number for a field of type t, whose type the
// composite literal gives.
func untypedLit(t model.TypeRef, v float64) jen.Code {
	if strings.HasPrefix(t.Name, "int") {
		return jen.Lit(int(v))
	}
	return jen.Lit(v)
}
