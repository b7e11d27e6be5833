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

// validationRules declares the table the server checks requests with
// (support_server_validate.go walks it): one row per schema of
// api.Schemas, keyed by a constant naming it, both sorted by name so that
// a new schema adds lines rather than renumbering.
func validationRules(api *model.API) jen.Code {
	if len(api.Schemas) == 0 {
		return jen.Null()
	}
	sorted := slices.Clone(api.Schemas)
	slices.SortFunc(sorted, func(a, b *model.Schema) int { return strings.Compare(a.Name, b.Name) })
	var rows, names []jen.Code
	for _, s := range sorted {
		rows = append(rows, jen.Id(s.Name).Op(":").Add(schemaRule(s)))
		name := jen.Id(s.Name)
		if len(names) == 0 {
			name.Op("=").Iota().Op("+").Lit(1) // 0 accepts every value
		}
		names = append(names, name)
	}
	return jen.Add(comment("validation holds the schemas the server checks requests with, one rule per schema.")).
		Var().Id("validation").Op("=").Id("schemaRules").Values(listLines(rows)...).Line().Line().
		Add(comment("The index of each schema's rule in validation.")).
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

// ruleRef refers to a schema's row: its constant, or 0 for none.
func ruleRef(s *model.Schema) jen.Code {
	if s == nil {
		return jen.Lit(0)
	}
	return jen.Id(s.Name)
}

func ruleRefs(xs []*model.Schema) jen.Code {
	refs := make([]jen.Code, len(xs))
	for i, x := range xs {
		refs[i] = ruleRef(x)
	}
	return jen.Index().Int().Values(refs...)
}

// jsonTypeNames are the support code's constants, in model.JSONType's
// bit order.
var jsonTypeNames = []string{"jsonNull", "jsonBoolean", "jsonObject", "jsonArray", "jsonNumber", "jsonInteger", "jsonString"}

func jsonTypes(t model.JSONType) jen.Code {
	if t == model.JSONAnyButNull {
		return jen.Id("jsonNotNull")
	}
	var c *jen.Statement
	for i, n := range jsonTypeNames {
		if t&(1<<i) == 0 {
			continue
		}
		if c == nil {
			c = jen.Id(n)
		} else {
			c.Op("|").Id(n)
		}
	}
	return c
}

// sizes renders a count's bounds, nil when there are none.
func sizes(min, max int) jen.Code {
	if min == 0 && max < 0 {
		return nil
	}
	return jen.Op("&").Id("sizes").Values(jen.Lit(min), jen.Lit(max))
}

// schemaRule is the row of one schema: its keywords as the fields of a
// schemaRule, those not set left out.
func schemaRule(s *model.Schema) jen.Code {
	var keys []jen.Code
	set := func(name string, v jen.Code) {
		if v != nil {
			keys = append(keys, jen.Id(name).Op(":").Add(v))
		}
	}
	flag := func(name string, on bool) {
		if on {
			set(name, jen.True())
		}
	}
	str := func(name, v string) {
		if v != "" {
			set(name, jen.Lit(v))
		}
	}
	ref := func(name string, x *model.Schema) {
		if x != nil {
			set(name, ruleRef(x))
		}
	}
	refs := func(name string, xs []*model.Schema) {
		if len(xs) > 0 {
			set(name, ruleRefs(xs))
		}
	}
	c := s.Checks
	if s.Types != 0 {
		set("types", jsonTypes(s.Types))
	}
	flag("never", s.Never)
	if c.Enum != nil {
		vals := make([]jen.Code, len(c.Enum))
		for i, v := range c.Enum {
			vals[i] = jen.Lit(v)
		}
		set("enum", jen.Index().String().Values(vals...))
		flag("isConst", c.Const)
	}
	if c.Min != nil {
		str("min", model.Decimal(*c.Min))
		flag("exclusiveMin", c.ExclusiveMin)
	}
	if c.Max != nil {
		str("max", model.Decimal(*c.Max))
		flag("exclusiveMax", c.ExclusiveMax)
	}
	str("multipleOf", c.MultipleOf)
	flag("numberString", s.NumberString)
	set("length", sizes(c.MinLength, c.MaxLength))
	if c.Pattern != "" {
		set("pattern", jen.Id(patternVar(c.Pattern)))
	}
	if c.Format != "" {
		set("format", jen.Id(formatVar(c.Format)))
	}
	ref("items", s.Items)
	refs("prefixItems", s.PrefixItems)
	set("itemCount", sizes(c.MinItems, c.MaxItems))
	flag("unique", c.UniqueItems)
	if s.Contains != nil {
		set("contains", ruleRef(s.Contains))
		if s.MinContains != 1 || s.MaxContains >= 0 {
			set("containsCount", jen.Op("&").Id("sizes").Values(jen.Lit(s.MinContains), jen.Lit(s.MaxContains)))
		}
	}
	ref("unevalItems", s.UnevaluatedItems)
	if len(s.Properties) > 0 {
		var props []jen.Code
		for _, p := range s.Properties {
			pk := []jen.Code{jen.Id("name").Op(":").Lit(p.Name)}
			if p.Schema != nil {
				pk = append(pk, jen.Id("rule").Op(":").Add(ruleRef(p.Schema)))
			}
			if p.Required {
				pk = append(pk, jen.Id("required").Op(":").True())
			}
			props = append(props, jen.Values(pk...))
		}
		if len(props) > 1 {
			props = listLines(props)
		}
		set("props", jen.Index().Id("propRule").Values(props...))
	}
	flag("fold", s.Fold && len(s.Properties) > 0)
	ref("additional", s.AdditionalProperties)
	if len(s.PatternProperties) > 0 {
		var pats []jen.Code
		for _, p := range s.PatternProperties {
			pats = append(pats, jen.Values(jen.Id(patternVar(p.Pattern)), ruleRef(p.Schema)))
		}
		set("patternProps", jen.Index().Id("patternRule").Values(pats...))
	}
	ref("propertyNames", s.PropertyNames)
	set("propCount", sizes(c.MinProperties, c.MaxProperties))
	if len(c.DependentRequired) > 0 {
		var deps []jen.Code
		for _, d := range c.DependentRequired {
			names := make([]jen.Code, len(d.Required))
			for i, r := range d.Required {
				names[i] = jen.Lit(r)
			}
			deps = append(deps, jen.Values(jen.Lit(d.Property), jen.Index().String().Values(names...)))
		}
		set("dependentRequired", jen.Index().Id("dependency").Values(deps...))
	}
	if len(s.DependentSchemas) > 0 {
		var deps []jen.Code
		for _, d := range s.DependentSchemas {
			deps = append(deps, jen.Values(jen.Id("name").Op(":").Lit(d.Property), jen.Id("rule").Op(":").Add(ruleRef(d.Schema))))
		}
		set("dependentSchemas", jen.Index().Id("propRule").Values(deps...))
	}
	ref("unevalProps", s.UnevaluatedProperties)
	refs("allOf", s.AllOf)
	refs("anyOf", s.AnyOf)
	refs("oneOf", s.OneOf)
	ref("not", s.Not)
	if s.If != nil {
		set("ifRule", ruleRef(s.If))
		ref("then", s.Then)
		ref("els", s.Else)
	}
	if d := s.Discriminator; d != nil {
		str("discriminator", d.Property)
		var kinds []jen.Code
		for _, k := range d.Kinds {
			kinds = append(kinds, jen.Values(jen.Lit(k.Value), ruleRef(k.Schema)))
		}
		if len(kinds) > 1 {
			kinds = listLines(kinds)
		}
		set("kinds", jen.Index().Id("kindRule").Values(kinds...))
		ref("other", d.Other)
		flag("closed", d.Closed)
	}
	return jen.Values(keys...)
}

// formatVar names the support code's variable of a format the server
// checks (model.CheckedFormats): fmt and the format's words, with the
// initialisms Go spells in capitals.
func formatVar(format string) string {
	var b strings.Builder
	b.WriteString("fmt")
	for _, w := range strings.Split(format, "-") {
		switch w {
		case "uri", "iri", "json", "uuid":
			b.WriteString(strings.ToUpper(w))
		case "ipv4", "ipv6":
			b.WriteString("IPv" + w[3:])
		default:
			b.WriteString(strings.ToUpper(w[:1]) + w[1:])
		}
	}
	return b.String()
}

// patternVar names the compiled form of a pattern after its content, so
// that adding a pattern never renames the others.
func patternVar(pattern string) string {
	h := fnv.New32a()
	h.Write([]byte(pattern))
	return fmt.Sprintf("pattern%08x", h.Sum32())
}

// patterns are the patterns the package checks, by variable name: those
// of its schemas, and of the parameters checked one keyword at a time.
func patterns(api *model.API) map[string]string {
	seen := map[string]string{}
	add := func(p string) {
		if p != "" {
			seen[patternVar(p)] = p
		}
	}
	for _, s := range api.Schemas {
		add(s.Pattern)
		for _, p := range s.PatternProperties {
			add(p.Pattern)
		}
	}
	for _, g := range api.AllGroups() {
		for _, op := range g.Operations {
			for _, p := range slices.Concat(op.Positional, optionParams(op)) {
				if p.Schema == nil && p.Type.Kind == model.KindBuiltin && p.Type.Name == "string" {
					add(p.Checks.Pattern)
				}
			}
		}
	}
	return seen
}

// optionParams are an operation's optional parameters.
func optionParams(op *model.Operation) []*model.Param {
	if op.Options == nil {
		return nil
	}
	return op.Options.Params
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
