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

// exchanges reports whether op's client method reads its response with
// the runtime's exchange: no stream either way, at most one error model
// whatever the status, and response headers the table carries.
func exchanges(op *model.Operation) bool {
	r := op.Response
	if keepsBody(r) || (len(r.Headers) > 0 && !wireHeaders(op)) {
		return false
	}
	return len(op.Errors) == 0 || len(op.Errors) == 1 && op.Errors[0].Status == 0 && op.Errors[0].Class == 0
}

// hasWire reports whether op has a table in a package of parts.
func hasWire(op *model.Operation, parts Parts) bool {
	return parts.Client || len(wireOpts(op)) > 0 || wireHeaders(op)
}

// wireVar declares op's table, one field a line.
func wireVar(op *model.Operation, parts Parts) jen.Code {
	if !hasWire(op, parts) {
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
		var extra []jen.Code
		if p.In == model.InHeader {
			extra = append(extra, jen.Id("header").Op(":").True())
		}
		if hasLiteral(p.Type, p.Default) {
			d, _ := wireDefault(p)
			extra = append(extra, jen.Id("def").Op(":").Lit(d), jen.Id("hasDef").Op(":").True())
		}
		opts = append(opts, wireField(p.Wire, p.GoName, &p.Type, false, extra...))
	}
	if wireHeaders(op) {
		for _, h := range op.Response.Headers {
			headers = append(headers, wireField(h.Wire, h.GoName, &h.Type, false))
		}
	}
	return commentf("%s is how the parameters and headers of %s travel (support_wire.go).", op.WireVar, opLabel(op)).
		Var().Id(op.WireVar).Op("=").Id("opWire").CustomFunc(multi, func(g *jen.Group) {
		g.Id("name").Op(":").Lit(opLabel(op))
		if parts.Client {
			g.Id("method").Op(":").Lit(op.Method)
			if op.Idempotent {
				g.Id("idempotent").Op(":").True()
			}
			if op.ClientRequestID != "" {
				g.Id("requestID").Op(":").Lit(op.ClientRequestID)
			}
			if len(op.Consts) > 0 {
				g.Id("consts").Op(":").Index().Id("wireConst").ValuesFunc(func(g *jen.Group) {
					for _, c := range op.Consts {
						g.Values(jen.Lit(c.Wire), jen.Id(c.GoName))
					}
				})
			}
		}
		if len(opts) > 0 {
			g.Id("opts").Op(":").Add(fields(opts))
		}
		if len(headers) > 0 {
			g.Id("headers").Op(":").Add(fields(headers))
		}
		if parts.Client && exchanges(op) {
			if st := op.Response.Statuses; len(st) > 0 {
				g.Id("statuses").Op(":").Index().Int().ValuesFunc(func(g *jen.Group) {
					for _, c := range st {
						g.Lit(c)
					}
				})
			}
			if exchangeBody(op) != nil && hasNoContent(op.Response.Statuses) {
				g.Id("skip204").Op(":").True()
			}
		}
	}).Line()
}

// wireField is a parameter's or header's row in an opWire table or an
// exampleOp: its wire name, and but for a positional parameter (t nil)
// its Go field and how its text is written and read (the kind wString is
// left out: it is the zero value), then extra (an Options field's header
// and default).
func wireField(wire, field string, t *model.TypeRef, path bool, extra ...jen.Code) jen.Code {
	return jen.ValuesFunc(func(g *jen.Group) {
		g.Id("wire").Op(":").Lit(wire)
		if t != nil {
			g.Id("field").Op(":").Lit(field)
			elem := *t
			if t.Kind == model.KindSlice {
				elem = *t.Elem
			}
			if k := textKind(elem); k != "wString" {
				g.Id("kind").Op(":").Id(k)
			}
			if t.Kind == model.KindSlice {
				g.Id("list").Op(":").True()
			}
		}
		if path {
			g.Id("path").Op(":").True()
		}
		for _, c := range extra {
			g.Add(c)
		}
	})
}

// exchangeBody is where exchange decodes op's response body; nil when it
// reads none (no body, HEAD, only 204 and 304).
func exchangeBody(op *model.Operation) jen.Code {
	r := op.Response
	if r.Body == nil || op.Method == "HEAD" || allNoContent(r.Statuses) {
		return nil
	}
	target := r.BodyName
	if r.Embed {
		target = r.Body.Name
	}
	return decodeTarget(jen.Id("out").Dot(target), *r.Body)
}

// exchangeStmts end a client method whose response exchange reads.
func exchangeStmts(op *model.Operation) []jen.Code {
	body := exchangeBody(op)
	if body == nil {
		body = jen.Nil()
	}
	return []jen.Code{
		jen.Id("out").Op(":=").Op("&").Id(op.Response.Name).Values(),
		jen.If(jen.Err().Op(":=").Id("c").Dot("core").Dot("exchange").Call(jen.Id("ctx"), jen.Id("req"), jen.Op("&").Id(op.WireVar), errorDecoder(op), jen.Id("out"), body), jen.Err().Op("!=").Nil()).Block(
			jen.Return(jen.Nil(), jen.Err())),
		jen.Return(jen.Id("out"), jen.Nil()),
	}
}
