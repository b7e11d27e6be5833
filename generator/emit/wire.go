package emit

import (
	"math"
	"strconv"

	"github.com/dave/jennifer/jen"

	"github.com/oasgen/oasgen/generator/model"
)

// An operation's plain parameters and response headers as a table
// (templates/support/wire.go): one opWire variable per operation in
// GROUP_ops.go, which the client method and the handler walk instead of
// a call per parameter and header.

// wireOpt reports whether an Options parameter travels through the
// table: a single query or header value of a type the table reads and
// writes, without checks of its own, whose default (if any) it can hold.
// The others stay calls in the client method and the handler.
func wireOpt(p *model.Param) bool {
	if p.Type.Nillable() || p.IsObject() || p.PathStyled() || p.Shape == model.ShapeArray || p.Style.Delimiter() != "" {
		return false
	}
	if p.In != model.InQuery && p.In != model.InHeader {
		return false
	}
	if !wireType(p.Type) || len(paramChecks(p, jen.Id("v"))) > 0 {
		return false
	}
	if hasLiteral(p.Type, p.Default) {
		_, ok := wireDefault(p)
		return ok
	}
	return true
}

// wireType reports whether the table carries values of t: the kinds of
// textKind but for types mapped by the user's config.
func wireType(t model.TypeRef) bool {
	switch t.Kind {
	case model.KindUUID, model.KindTime, model.KindBuiltin:
		return true
	case model.KindNamed:
		return t.Decl.Kind == model.DeclEnum || t.Decl.Underlying.Name == "string"
	}
	return false
}

// wireDefault is p's default as the table's text: strings, booleans and
// integers (as literal writes them); false for the rest.
func wireDefault(p *model.Param) (string, bool) {
	switch v := p.Default.(type) {
	case string:
		return v, true
	case bool:
		return strconv.FormatBool(v), true
	case int64:
		if wireInt(p.Type) {
			return strconv.FormatInt(v, 10), true
		}
	case float64:
		if wireInt(p.Type) && p.Type.Kind == model.KindBuiltin && math.Abs(v) < 1<<53 {
			return strconv.FormatInt(int64(v), 10), true // int(v), as literal writes it
		}
	}
	return "", false
}

func wireInt(t model.TypeRef) bool { return textKind(t) == "wInt" }

// wireHeaders reports whether the response headers of op travel through
// the table: all of them, or none (a list header keeps its calls).
func wireHeaders(op *model.Operation) bool {
	r := op.Response
	if len(r.Headers) == 0 {
		return false
	}
	for _, h := range r.Headers {
		if h.Type.Kind == model.KindSlice || !wireType(h.Type) {
			return false
		}
	}
	return true
}

// wireOpts are the Options parameters of op that travel through the
// table, in order.
func wireOpts(op *model.Operation) []*model.Param {
	if op.Options == nil {
		return nil
	}
	var out []*model.Param
	for _, p := range op.Options.Params {
		if wireOpt(p) {
			out = append(out, p)
		}
	}
	return out
}

// hasWire reports whether op has a table.
func hasWire(op *model.Operation) bool { return len(wireOpts(op)) > 0 || wireHeaders(op) }

// wireVar declares op's table, one field a line.
func wireVar(op *model.Operation) jen.Code {
	if !hasWire(op) {
		return nil
	}
	fields := func(ps []jen.Code) jen.Code {
		return jen.Index().Id("wireField").CustomFunc(multi, func(g *jen.Group) {
			for _, p := range ps {
				g.Add(p)
			}
		})
	}
	var opts, headers []jen.Code
	for _, p := range wireOpts(op) {
		opts = append(opts, jen.ValuesFunc(func(g *jen.Group) {
			g.Id("wire").Op(":").Lit(p.Wire)
			g.Id("field").Op(":").Lit(p.GoName)
			g.Id("kind").Op(":").Id(textKind(p.Type))
			if p.In == model.InHeader {
				g.Id("header").Op(":").True()
			}
			if hasLiteral(p.Type, p.Default) {
				d, _ := wireDefault(p)
				g.Id("def").Op(":").Lit(d)
				g.Id("hasDef").Op(":").True()
			}
		}))
	}
	if wireHeaders(op) {
		for _, h := range op.Response.Headers {
			headers = append(headers, jen.Values(jen.Id("wire").Op(":").Lit(h.Wire), jen.Id("field").Op(":").Lit(h.GoName), jen.Id("kind").Op(":").Id(textKind(h.Type))))
		}
	}
	return commentf("%s is how the parameters and headers of %s travel (support_wire.go).", op.WireVar, opLabel(op)).
		Var().Id(op.WireVar).Op("=").Id("opWire").CustomFunc(multi, func(g *jen.Group) {
		g.Id("name").Op(":").Lit(opLabel(op))
		if len(opts) > 0 {
			g.Id("opts").Op(":").Add(fields(opts))
		}
		if len(headers) > 0 {
			g.Id("headers").Op(":").Add(fields(headers))
		}
	}).Line()
}
