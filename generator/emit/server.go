package emit

import (
	"slices"
	"sort"
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/oasgen/oasgen/generator/model"
)

func serverFile(f *jen.File, api *model.API) *jen.File {
	f.Add(serversStruct(api))
	f.Add(handlerType())
	f.Add(newHandlerFunc(api))
	f.Add(errorBodyFunc(api))
	f.Add(isErrorModelFunc(api))
	return f
}

func serversStruct(api *model.API) jen.Code {
	return comment("Servers holds one implementation per operation group; a nil one answers 501.").
		Type().Id("Servers").StructFunc(func(g *jen.Group) {
		for _, grp := range api.Groups {
			g.Id(grp.Name).Id(grp.Server)
		}
	}).Line()
}

func handlerType() jen.Code {
	return jen.Type().Id("handler").Struct(jen.Id("serverCore"), jen.Id("srv").Id("Servers")).Line()
}

// routes sorts operations so that literal paths win over templated ones
// that could also match them.
func routes(api *model.API) []*model.Operation {
	var ops []*model.Operation
	for _, g := range api.Groups {
		ops = append(ops, g.Operations...)
	}
	sort.SliceStable(ops, func(i, j int) bool {
		a, b := ops[i], ops[j]
		if sa, sb := spans(a), spans(b); sa != sb {
			return sb // a {+name} value may hold '/': tried after the others
		}
		if len(a.PathParams) != len(b.PathParams) {
			return len(a.PathParams) < len(b.PathParams)
		}
		if la, lb := literalLen(a.Path), literalLen(b.Path); la != lb {
			return la > lb
		}
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		return a.Method < b.Method
	})
	return ops
}

// spans reports whether a path value of op may hold '/' ({+name}).
func spans(op *model.Operation) bool {
	return slices.ContainsFunc(op.PathParams, func(p *model.Param) bool { return p.Reserved })
}

// routeTemplate is the template the server matches: {+name} where a
// value may span segments.
func routeTemplate(op *model.Operation) string {
	t := op.Path
	for _, p := range op.PathParams {
		if p.Reserved {
			t = strings.Replace(t, "{"+p.Wire+"}", "{+"+p.Wire+"}", 1)
		}
	}
	return t
}

func literalLen(path string) int {
	n, depth := 0, 0
	for _, c := range path {
		switch {
		case c == '{':
			depth++
		case c == '}':
			depth--
		case depth == 0:
			n++
		}
	}
	return n
}

func newHandlerFunc(api *model.API) jen.Code {
	var body []jen.Code
	for _, grp := range api.Groups {
		body = append(body, jen.If(jen.Id("s").Dot(grp.Name).Op("==").Nil()).Block(
			jen.Id("s").Dot(grp.Name).Op("=").Id(grp.Unimpl).Values()))
	}
	body = append(body, jen.Id("h").Op(":=").Op("&").Id("handler").Values(jen.Id("srv").Op(":").Id("s")))
	// One closure for every route rather than a method value (and the
	// compiler's wrapper function) per operation.
	body = append(body,
		jen.Id("h").Dot("routes").Op("=").Make(jen.Index().Id("route"), jen.Len(jen.Id("handlerRoutes"))),
		jen.For(jen.List(jen.Id("i"), jen.Id("rt")).Op(":=").Range().Id("handlerRoutes")).Block(
			jen.Id("handle").Op(":=").Id("rt").Dot("handle"),
			jen.Id("h").Dot("routes").Index(jen.Id("i")).Op("=").Id("route").Values(
				jen.Id("rt").Dot("op"), jen.Id("rt").Dot("method"), jen.Id("compilePath").Call(jen.Id("rt").Dot("path")),
				jen.Func().Params(jen.Id("w").Qual("net/http", "ResponseWriter"), jen.Id("r").Op("*").Qual("net/http", "Request"), jen.Id("p").Op("*").Id("paramReader")).Block(
					jen.Id("handle").Call(jen.Id("h"), jen.Id("w"), jen.Id("r"), jen.Id("p"))))))
	body = append(body, initCore(api, &api.RequestID)...)
	body = append(body, jen.Return(jen.Id("h")))
	return comment("NewHandler returns an http.Handler that serves every operation of the definition:\n"+
		"it routes, parses and validates parameters, answers bad input with 400 and the\n"+
		"definition's error model, and calls the matching server method.").
		Func().Id("NewHandler").Params(jen.Id("s").Id("Servers"), jen.Id("opts").Op("...").Id("HandlerOption")).
		Qual("net/http", "Handler").Block(body...).Line().
		Add(routeTable(api))
}

// routeTable is the operations' routes in the order NewHandler tries
// them: static data, each naming its handler method by method expression.
func routeTable(api *model.API) jen.Code {
	return comment("handlerRoutes are the routes NewHandler serves, in the order it tries them.").
		Var().Id("handlerRoutes").Op("=").Index(jen.Op("...")).StructFunc(func(g *jen.Group) {
		g.List(jen.Id("op"), jen.Id("method"), jen.Id("path")).String()
		g.Id("handle").Func().Params(jen.Op("*").Id("handler"), jen.Qual("net/http", "ResponseWriter"), jen.Op("*").Qual("net/http", "Request"), jen.Op("*").Id("paramReader"))
	}).CustomFunc(multi, func(g *jen.Group) {
		for _, op := range routes(api) {
			g.Values(jen.Lit(opLabel(op)), jen.Lit(op.Method), jen.Lit(routeTemplate(op)), jen.Parens(jen.Op("*").Id("handler")).Dot(op.HandlerName))
		}
	}).Line()
}

// initCore configures the serverCore of h: error bodies, the request id
// header (nil: none), the options.
func initCore(api *model.API, requestID *string) []jen.Code {
	errBody := jen.Id("plainErrorBody")
	if api.ErrorModel != nil {
		errBody = jen.Id("newErrorBody")
	}
	out := []jen.Code{
		jen.Id("h").Dot("errorBody").Op("=").Add(errBody),
		jen.Id("h").Dot("isErrorModel").Op("=").Id("isErrorModel"),
	}
	if requestID != nil {
		out = append(out, jen.Id("h").Dot("requestIDHeader").Op("=").Lit(*requestID))
	}
	return append(out, jen.Id("h").Dot("init").Call(jen.Id("opts")))
}

// errorBodyFunc fills the definition's error model for the handler's own
// error responses.
func errorBodyFunc(api *model.API) jen.Code {
	em := api.ErrorModel
	if em == nil {
		return jen.Null()
	}
	str := func(f *model.Field, v jen.Code) jen.Code {
		if f.Pointer {
			return jen.Id("ptrTo").Call(v)
		}
		return v
	}
	vals := []jen.Code{jen.Id(em.Code.GoName).Op(":").Add(str(em.Code, jen.Id("code")))}
	if em.MessageValue != nil {
		inner := []jen.Code{jen.Id(em.MessageValue.GoName).Op(":").Add(str(em.MessageValue, jen.Id("message")))}
		if em.MessageLang != nil {
			inner = append(inner, jen.Id(em.MessageLang.GoName).Op(":").Add(str(em.MessageLang, jen.Lit("en-US"))))
		}
		msg := jen.Id(em.MessageType).Values(inner...)
		if em.Message.Pointer {
			msg = jen.Op("&").Add(msg)
		}
		vals = append(vals, jen.Id(em.Message.GoName).Op(":").Add(msg))
	} else {
		vals = append(vals, jen.Id(em.Message.GoName).Op(":").Add(str(em.Message, jen.Id("message"))))
	}
	body := []jen.Code{jen.Id("e").Op(":=").Op("&").Id(em.Type).Values(vals...)}
	if em.Details != nil {
		body = append(body, jen.For(jen.List(jen.Id("_"), jen.Id("d")).Op(":=").Range().Id("details")).Block(
			jen.Id("e").Dot(em.Details.GoName).Op("=").Append(jen.Id("e").Dot(em.Details.GoName), jen.Id(em.DetailType).Values(
				jen.Id(em.DetailKey.GoName).Op(":").Add(str(em.DetailKey, jen.Id("d").Index(jen.Lit(0)))),
				jen.Id(em.DetailValue.GoName).Op(":").Add(str(em.DetailValue, jen.Id("d").Index(jen.Lit(1)))),
			)),
		))
	}
	body = append(body, jen.Return(jen.Id("e")))
	return commentf("newErrorBody fills %s for the handler's own error responses.", em.Type).
		Func().Id("newErrorBody").Params(jen.List(jen.Id("code"), jen.Id("message")).String(), jen.Id("details").Index().Index(jen.Lit(2)).String()).
		Any().Block(body...).Line().Line().
		Add(commentf("%s returns the error model with code and message, for a server method to return:\n"+
			"bare, it answers 400; NewErrorResponse(status, %s(…)) chooses the status.", em.New, em.New)).
		Func().Id(em.New).Params(jen.List(jen.Id("code"), jen.Id("message")).String()).Op("*").Id(em.Type).Block(
		jen.Return(jen.Id("newErrorBody").Call(jen.Id("code"), jen.Id("message"), jen.Nil()).Assert(jen.Op("*").Id(em.Type)))).Line()
}

func isErrorModelFunc(api *model.API) jen.Code {
	body := jen.List(jen.Id("_"), jen.Id("ok")).Op(":=").Id("err").Assert(jen.Interface(jen.Id("errorModel").Params())).Line().Return(jen.Id("ok"))
	return comment("isErrorModel reports whether a server method's error is one of the definition's error models.").
		Func().Id("isErrorModel").Params(jen.Err().Error()).Bool().Block(body).Line()
}

func groupServerFile(f *jen.File, api *model.API, g *model.Group) *jen.File {
	f.Add(serverInterface(g))
	f.Add(unimplemented(g))
	for _, op := range g.Operations {
		f.Add(handlerMethod(api, g, op))
	}
	return f
}

func serverInterface(g *model.Group) jen.Code {
	return commentf("%s implements the %s operations. Embed %s to stay\n"+
		"compatible when operations are added. A returned *ResponseError sets the status;\n"+
		"an error model is written as the body; any other error becomes a 500.", g.Server, g.Name, g.Unimpl).
		Type().Id(g.Server).InterfaceFunc(func(ig *jen.Group) {
		for _, op := range g.Operations {
			// The full description is on the client method; repeating it
			// here would double every description change in a bump diff.
			s := summary(op)
			ig.Add(withDeprecated(doc(op.GoName, s), strings.TrimSpace(s) != "", op.Deprecated, "operation")).Id(op.GoName).Params(signature(op)...).Params(results(op)...)
		}
	}).Line()
}

func unimplemented(g *model.Group) jen.Code {
	s := commentf("%s answers every %s operation with 501 Not Implemented.", g.Unimpl, g.Name).
		Type().Id(g.Unimpl).Struct().Line().Line()
	for _, op := range g.Operations {
		s.Func().Params(jen.Id(g.Unimpl)).Id(op.GoName).Params(signature(op)...).Params(results(op)...).Block(
			jen.Return(jen.Nil(), jen.Id("errNotImplemented").Call(jen.Lit(opLabel(op)))),
		).Line().Line()
	}
	return s
}

// readParamStmts reads one parameter into dst (an expression assignable
// a value of p.Type, or a pointer to it when ptr is set).
func readParamStmts(p *model.Param, dst *jen.Statement, ptr bool) jen.Code {
	checks := paramChecks(p, jen.Id("v"))
	def := hasLiteral(p.Type, p.Default)
	if ptr && !p.Type.Nillable() {
		// An optional value without checks is one call: a pointer to the
		// value read (or to the default), nil when absent.
		if len(checks) == 0 {
			if def {
				if call := defaultCall(p); call != nil {
					return dst.Clone().Op("=").Add(call)
				}
			} else {
				return dst.Clone().Op("=").Id("optional").Call(readCall(p))
			}
		}
		then := append(checks, dst.Clone().Op("=").Op("&").Id("v"))
		read := jen.If(jen.List(jen.Id("v"), jen.Id("ok")).Op(":=").Add(readCall(p)), jen.Id("ok")).Block(then...)
		if !def {
			return read
		}
		return read.Else().Block(dst.Clone().Op("=").Id("ptrTo").Call(literal(p.Type, p.Default)))
	}
	if len(checks) == 0 {
		return jen.List(dst.Clone(), jen.Id("_")).Op("=").Add(readCall(p))
	}
	then := append(checks, dst.Clone().Op("=").Id("v"))
	return jen.If(jen.List(jen.Id("v"), jen.Id("ok")).Op(":=").Add(readCall(p)), jen.Id("ok")).Block(then...)
}

// optionsStore declares the options struct.
func optionsStore(op *model.Operation) []jen.Code {
	return []jen.Code{jen.Id("opts").Op(":=").Op("&").Id(op.Options.Name).Values()}
}

// paramChecks validates v against the parameter's schema: with the
// schema table when the model gives it a Schema, else one call per
// keyword.
func paramChecks(p *model.Param, v jen.Code) []jen.Code {
	var out []jen.Code
	args := func(rest ...jen.Code) []jen.Code {
		return append([]jen.Code{jen.Id("p"), jen.Id(inConst(p.In)), jen.Lit(p.Wire)}, rest...)
	}
	if p.Schema != nil {
		return append(out, jen.Id("validation").Dot("checkParam").Call(args(v, jen.Id(p.Schema.Name))...))
	}
	t := p.Type
	if t.Kind == model.KindSlice {
		if e := *t.Elem; e.Kind == model.KindNamed && e.Decl.Kind == model.DeclEnum && !e.Decl.Enum.Open {
			out = append(out, jen.Id("checkEnumList").Call(args(v)...))
		}
		return out
	}
	if t.Kind == model.KindNamed && t.Decl.Kind == model.DeclEnum && !t.Decl.Enum.Open {
		out = append(out, jen.Id("checkEnum").Call(args(v, jen.Add(v).Dot("Values").Call())...))
	}
	numeric := t.Kind == model.KindBuiltin && (strings.HasPrefix(t.Name, "int") || strings.HasPrefix(t.Name, "float"))
	c := p.Checks
	if numeric && c.Min != nil {
		out = append(out, jen.Id("checkMin").Call(args(v, literal(t, *c.Min), jen.Lit(c.ExclusiveMin))...))
	}
	if numeric && c.Max != nil {
		out = append(out, jen.Id("checkMax").Call(args(v, literal(t, *c.Max), jen.Lit(c.ExclusiveMax))...))
	}
	isString := t.Kind == model.KindBuiltin && t.Name == "string"
	if isString && (c.MinLength > 0 || c.MaxLength >= 0) {
		out = append(out, jen.Id("checkLength").Call(args(v, jen.Lit(c.MinLength), jen.Lit(c.MaxLength))...))
	}
	if isString && c.Pattern != "" {
		out = append(out, jen.Id("checkPattern").Call(args(v, jen.Id(patternVar(c.Pattern)))...))
	}
	return out
}

func handlerMethod(api *model.API, g *model.Group, op *model.Operation) jen.Code {
	var body []jen.Code
	var args []jen.Code
	args = append(args, jen.Id("r").Dot("Context").Call())
	for _, p := range op.Positional {
		if len(paramChecks(p, jen.Id("v"))) == 0 {
			body = append(body, jen.List(jen.Id(p.Arg), jen.Id("_")).Op(":=").Add(readCall(p)))
			continue
		}
		body = append(body, jen.Var().Id(p.Arg).Add(goType(p.Type)))
		body = append(body, readParamStmts(p, jen.Id(p.Arg), false))
	}
	for _, c := range op.Consts {
		body = append(body, jen.Id("checkConst").Call(jen.Id("p"), jen.Id(inConst(c.In)), jen.Lit(c.Wire), jen.Id(c.GoName)))
	}
	if op.Options != nil {
		body = append(body, optionsStore(op)...)
		if len(wireOpts(op)) > 0 {
			body = append(body, jen.Id("p").Dot("readOptions").Call(jen.Op("&").Id(op.WireVar), jen.Id("opts")))
		}
		for _, p := range op.Options.Params {
			if !wireOpt(p) {
				body = append(body, readParamStmts(p, jen.Id("opts").Dot(p.GoName), true))
			}
		}
	}
	if b := op.Body; b != nil {
		body = append(body, readBodyStmts(b)...)
	}
	for _, a := range op.Args() {
		args = append(args, jen.Id(a.Name))
	}
	if op.Options != nil {
		args = append(args, jen.Id("opts"))
	}
	recv, srv := "handler", jen.Id("h").Dot("srv").Dot(g.Name)
	if g.Webhooks {
		recv, srv = "webhookHandler", jen.Id("h").Dot("srv")
	}
	if e := op.Echo; e != nil {
		// Before any answer, so that an error carries it too.
		body = append(body, jen.Id("echoRequestID").Call(jen.Id("w"), jen.Id("r"), jen.Lit(e.Wire), jen.Id("opts").Dot(e.ReturnField)))
	}
	body = append(body,
		jen.If(jen.Id("p").Dot("err").Op("!=").Nil()).Block(
			jen.Id("h").Dot("writeParamError").Call(jen.Id("w"), jen.Id("p").Dot("err")),
			jen.Return()),
		jen.List(jen.Id("resp"), jen.Err()).Op(":=").Add(srv).Dot(op.GoName).Call(args...),
		jen.If(jen.Err().Op("!=").Nil()).Block(
			jen.Id("h").Dot("writeError").Call(jen.Id("w"), jen.Id("r"), jen.Err()),
			jen.Return()),
		jen.If(jen.Id("resp").Op("==").Nil()).Block(jen.Id("resp").Op("=").Op("&").Id(op.Response.Name).Values()),
	)
	if e := op.Echo; e != nil {
		body = append(body, comment("Echo the caller's request id when asked to, unless the server method set one.").
			If(jen.Id("resp").Dot(e.HeaderField).Op("==").Nil().Op("&&").Id("opts").Dot(e.ReturnField).Op("!=").Nil().Op("&&").Op("*").Id("opts").Dot(e.ReturnField)).Block(
			jen.Id("resp").Dot(e.HeaderField).Op("=").Id("opts").Dot(e.IDField)))
	}
	body = append(body, writeResponse(op)...)
	return jen.Func().Params(jen.Id("h").Op("*").Id(recv)).Id(op.HandlerName).
		Params(jen.Id("w").Qual("net/http", "ResponseWriter"), jen.Id("r").Op("*").Qual("net/http", "Request"), jen.Id("p").Op("*").Id("paramReader")).
		Block(body...).Line()
}

func readBodyStmts(b *model.Body) []jen.Code {
	if b.Items != nil {
		read := jen.Id("readStreamBody").Call(jen.Op("&").Id("h").Dot("serverCore"), jen.Id("r"), streamSpecLit(b.Items), itemDecoder(b.Items))
		if b.Required {
			return []jen.Code{jen.Id(b.Arg).Op(":=").Add(read)}
		}
		return []jen.Code{jen.If(jen.Id("r").Dot("ContentLength").Op("!=").Lit(0)).Block(jen.Id("opts").Dot(b.GoName).Op("=").Add(read))}
	}
	if !b.JSON {
		if b.Required {
			return []jen.Code{jen.Id(b.Arg).Op(":=").Qual("net/http", "MaxBytesReader").Call(jen.Id("w"), jen.Id("r").Dot("Body"), jen.Id("h").Dot("maxBodyBytes"))}
		}
		return []jen.Code{jen.If(jen.Id("r").Dot("ContentLength").Op("!=").Lit(0)).Block(
			jen.Id("opts").Dot(b.GoName).Op("=").Qual("net/http", "MaxBytesReader").Call(jen.Id("w"), jen.Id("r").Dot("Body"), jen.Id("h").Dot("maxBodyBytes")))}
	}
	// Unknown members are the schema table's to refuse (additionalProperties),
	// at the depth the definition says: the decoder is never strict.
	read := func(required bool, dst *jen.Statement) *jen.Statement {
		return jen.Id("p").Dot("readBody").Call(jen.Id("w"), jen.Id("h").Dot("maxBodyBytes"), jen.Lit(required), jen.False(), decodeTarget(dst, b.Type))
	}
	if b.Required {
		stmt := read(true, jen.Id(b.Arg))
		if then := bodyThen(b, jen.Id(b.Arg)); len(then) > 0 {
			stmt = jen.If(stmt).Block(then...)
		}
		return []jen.Code{jen.Var().Id(b.Arg).Add(goType(b.Type)), stmt}
	}
	dst := jen.Id("opts").Dot(b.GoName)
	if !b.Type.Nillable() {
		then := append(bodyThen(b, jen.Id("body")), dst.Clone().Op("=").Op("&").Id("body"))
		return []jen.Code{
			jen.Var().Id("body").Add(goType(b.Type)),
			jen.If(read(false, jen.Id("body"))).Block(then...),
		}
	}
	stmt := read(false, dst)
	if then := bodyThen(b, dst); len(then) > 0 {
		stmt = jen.If(stmt).Block(then...)
	}
	return []jen.Code{stmt}
}

// bodyThen is what follows a body read into v: the schema table's check
// of the raw body, then the read-only fields dropped (the server ignores
// what the service sets).
func bodyThen(b *model.Body, v *jen.Statement) []jen.Code {
	var out []jen.Code
	if b.Schema != nil {
		out = append(out, jen.Id("p").Dot("checkBody").Call(jen.Id("validation").Dot("check").Call(jen.Id("p").Dot("body"), jen.Id(b.Schema.Name))))
	}
	if c := dropHeld(v, b.Type, "withoutReadOnly", model.HoldsReadOnly); c != nil {
		out = append(out, c)
	}
	return out
}

func writeResponse(op *model.Operation) []jen.Code {
	r := op.Response
	var out []jen.Code
	if wireHeaders(op) {
		out = append(out, jen.If(jen.Op("!").Id("h").Dot("writeHeaders").Call(jen.Id("w"), jen.Op("&").Id(op.WireVar), jen.Id("resp"))).Block(jen.Return()))
	} else if len(r.Headers) > 0 {
		out = append(out, jen.Id("hw").Op(":=").Id("newHeaderWriter").Call(jen.Id("w")))
		for _, h := range r.Headers {
			f := jen.Id("resp").Dot(h.GoName)
			if h.Type.Kind == model.KindSlice {
				out = append(out, jen.If(f.Clone().Op("!=").Nil()).Block(
					jen.Id("hw").Dot("set").Call(jen.Lit(h.Wire), formatValue(h.Type, jen.Op("*").Add(f.Clone())))))
				continue
			}
			out = append(out, jen.Id("setOptHeader").Call(jen.Id("hw"), jen.Lit(h.Wire), f, formatFunc(h.Type)))
		}
	}
	status := jen.Lit(200)
	if len(r.Statuses) > 0 {
		status = jen.Lit(r.Statuses[0])
	}
	if len(r.Statuses) > 1 {
		out = append(out, jen.Id("status").Op(":=").Add(status),
			jen.If(jen.Id("resp").Dot("StatusCode").Op("!=").Lit(0)).Block(jen.Id("status").Op("=").Id("resp").Dot("StatusCode")))
		status = jen.Id("status")
	}
	if r.Items != nil {
		if r.Body == nil {
			return append(out, sendStreamStmt(r, status))
		}
		out = append(out, jen.If(jen.Id("resp").Dot(r.ItemsName).Op("!=").Nil()).Block(sendStreamStmt(r, status), jen.Return()))
	}
	switch {
	case r.Body == nil || op.Method == "HEAD" || allNoContent(r.Statuses):
		out = append(out, jen.Id("w").Dot("WriteHeader").Call(status))
	case r.Stream:
		out = append(out, jen.Id("writeStream").Call(jen.Id("w"), status, jen.Id("resp").Dot(r.BodyName)))
	case r.Embed && selectParam(op) != nil:
		sel := jen.Id("opts").Dot(selectParam(op).GoName)
		if selectParam(op).Shape != model.ShapeArray {
			sel = jen.Id("selectList").Call(sel)
		}
		out = append(out, jen.Id("writeSelected").Call(jen.Id("w"), status, sentBody(jen.Id("resp").Dot(r.Body.Name), *r.Body), sel, jen.Lit(listMember(op))))
	case r.Embed:
		body := sentBody(jen.Id("resp").Dot(r.Body.Name), *r.Body)
		if model.HoldsWriteOnly(*r.Body) {
			body = jen.Id("resp").Dot(r.Body.Name).Dot("withoutWriteOnly").Call() // the server never sends them
		}
		out = append(out, jen.Id("writeJSON").Call(jen.Id("w"), status, body))
	case model.HoldsWriteOnly(*r.Body):
		out = append(out, jen.Id("body").Op(":=").Id("resp").Dot(r.BodyName),
			jen.If(jen.Id("body").Op("!=").Nil()).Block(
				jen.Id("c").Op(":=").Make(goType(*r.Body), jen.Len(jen.Id("body"))),
				jen.For(jen.List(jen.Id("i"), jen.Id("e")).Op(":=").Range().Id("body")).Block(
					jen.Id("c").Index(jen.Id("i")).Op("=").Id("e").Dot("withoutWriteOnly").Call()),
				jen.Id("body").Op("=").Id("c")),
			jen.Id("writeJSON").Call(jen.Id("w"), status, encodeSource(jen.Id("body"), *r.Body)))
	default:
		out = append(out, jen.Id("writeJSON").Call(jen.Id("w"), status, sentBody(jen.Id("resp").Dot(r.BodyName), *r.Body)))
	}
	return out
}

// sentBody is the response body v (a field of resp, of type t) as
// writeJSON takes it: a struct by pointer, so that it is not copied into
// the interface; a type holding a union through its encoder
// (encodeSource).
func sentBody(v *jen.Statement, t model.TypeRef) *jen.Statement {
	if t.IsStruct() && !t.HasUnion() {
		return jen.Op("&").Add(v)
	}
	return jen.Add(encodeSource(v, t))
}

// selectParam is an operation's optional OData $select parameter (a
// comma-separated string, or a list of strings),
// which the server honours (writeSelected); nil when it has none.
func selectParam(op *model.Operation) *model.Param {
	if op.Options == nil {
		return nil
	}
	for _, p := range op.Options.Params {
		str := func(t model.TypeRef) bool { return t.Kind == model.KindBuiltin && t.Name == "string" }
		if p.In == model.InQuery && strings.EqualFold(p.Wire, "$select") && (str(p.Type) || p.Type.Kind == model.KindSlice && str(*p.Type.Elem)) {
			return p
		}
	}
	return nil
}

// listMember is the JSON name of a list result's items member (where
// $select applies to each element), or "" for an entity.
func listMember(op *model.Operation) string {
	pg, body := op.Pageable, op.Response.Body
	if pg == nil || body == nil || body.Decl == nil {
		return ""
	}
	for _, f := range body.Decl.Fields {
		if f.GoName == pg.ItemsName {
			return f.JSONName
		}
	}
	return ""
}

// dropHeld replaces v, a value of type t, by the copy its method name
// makes (withoutReadOnly, withoutWriteOnly), item by item for a slice or
// map; nil when t holds no such fields (holds).
func dropHeld(v *jen.Statement, t model.TypeRef, name string, holds func(model.TypeRef) bool) jen.Code {
	if !holds(t) {
		return nil
	}
	if t.Kind == model.KindSlice || t.Kind == model.KindMap {
		return jen.For(jen.List(jen.Id("i"), jen.Id("e")).Op(":=").Range().Add(v.Clone())).Block(
			v.Clone().Index(jen.Id("i")).Op("=").Id("e").Dot(name).Call())
	}
	return v.Clone().Op("=").Add(v.Clone()).Dot(name).Call()
}

// summary is an operation's one-line summary, or the first sentence of
// its description.
func summary(op *model.Operation) string {
	if op.Summary != "" {
		return op.Summary
	}
	d := strings.TrimSpace(op.Doc)
	if i := strings.Index(d, ". "); i >= 0 {
		return d[:i+1]
	}
	if i := strings.IndexByte(d, '\n'); i >= 0 {
		return d[:i]
	}
	return d
}
