package emit

import (
	"github.com/dave/jennifer/jen"

	"github.com/oasgen/oasgen/generator/model"
)

func clientFile(f *jen.File, api *model.API) *jen.File {
	if len(api.Scopes) > 0 {
		f.Add(comment("OAuth2Scopes returns the OAuth2 scopes the definition's security schemes name,\n" +
			"for the token source given to WithTokenSource.")).
			Func().Id("OAuth2Scopes").Params().Index().String().Block(
			jen.Return(jen.Index().String().CustomFunc(multi, func(g *jen.Group) {
				for _, s := range api.Scopes {
					g.Lit(s)
				}
			})))
		f.Line()
	}
	f.Add(clientStruct(api))
	f.Add(newClientFunc(api))
	return f
}

func clientStruct(api *model.API) jen.Code {
	title := api.Title
	if title == "" {
		title = "the service"
	}
	return commentf("Client calls %s. Its fields group the operations; it is safe for concurrent use.", title).
		Type().Id("Client").StructFunc(func(g *jen.Group) {
		for _, grp := range api.Groups {
			g.Id(grp.Name).Op("*").Id(grp.Client)
		}
	}).Line()
}

func newClientFunc(api *model.API) jen.Code {
	return comment("NewClient returns a client for the service at endpoint, an absolute http or https URL\n"+
		"(for Azure services, the account endpoint).").
		Func().Id("NewClient").Params(jen.Id("endpoint").String(), jen.Id("opts").Op("...").Id("ClientOption")).
		Params(jen.Op("*").Id("Client"), jen.Error()).Block(
		jen.List(jen.Id(coreVar(api)), jen.Err()).Op(":=").Id("newClientCore").Call(jen.Id("endpoint"), jen.Lit(api.RequestID), jen.Id("opts")),
		jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Err())),
		jen.Return(jen.Op("&").Id("Client").CustomFunc(multi, func(g *jen.Group) {
			for _, grp := range api.Groups {
				g.Id(grp.Name).Op(":").Op("&").Id(grp.Client).Values(jen.Id("core").Op(":").Id("core"))
			}
		}), jen.Nil()),
	).Line()
}

func groupClientFile(f *jen.File, api *model.API, g *model.Group) *jen.File {
	f.Add(commentf("%s calls the %s operations.", g.Client, g.Name)).
		Type().Id(g.Client).Struct(jen.Id("core").Op("*").Id("clientCore"))
	f.Line()
	for _, op := range g.Operations {
		f.Add(clientMethod(g, op, false))
		if op.Pageable != nil {
			f.Add(pagerMethod(g, op))
			f.Add(clientMethod(g, op, true))
		}
	}
	return f
}

// clientMethod renders an operation's client method; for a pageable
// operation, paged renders the unexported variant that can follow a link.
func clientMethod(g *model.Group, op *model.Operation, paged bool) jen.Code {
	name := op.GoName
	params := signature(op)
	if op.Pageable != nil && !paged {
		args := callArgs(op)
		return jen.Add(opDoc(op)).
			Func().Params(jen.Id("c").Op("*").Id(g.Client)).Id(name).Params(params...).Params(results(op)...).Block(
			jen.Return(jen.Id("c").Dot(op.Pageable.Paged).Call(append(args, jen.Lit(""))...)),
		).Line()
	}
	if paged {
		name = op.Pageable.Paged
		params = append(params, jen.Id("link").String())
	}
	methodDoc := opDoc(op)
	if paged {
		methodDoc = commentf("%s is %s, or fetches the page at link when it is not empty.", name, op.GoName)
	}
	var body []jen.Code
	body = append(body, jen.Id("req").Op(":=").Id("c").Dot("core").Dot("newRequest").Call(jen.Op("&").Id(op.WireVar), pathExpr(op)))
	if paged {
		body = append(body, jen.If(jen.Id("link").Op("!=").Lit("")).Block(
			jen.If(jen.Err().Op(":=").Id("c").Dot("core").Dot("setLink").Call(jen.Id("req"), jen.Id("link")), jen.Err().Op("!=").Nil()).Block(
				jen.Return(jen.Nil(), jen.Err()))))
	}
	for _, p := range op.Positional {
		if p.In != model.InPath { // in the path already
			body = append(body, setParam(p, jen.Id(p.Arg)))
		}
	}
	if op.Options != nil {
		var sets []jen.Code
		if len(wireOpts(op)) > 0 {
			sets = append(sets, jen.Id("req").Dot("sendOptions").Call(jen.Op("&").Id(op.WireVar), jen.Id("opts")))
		}
		for _, p := range op.Options.Params {
			if wireOpt(p) {
				continue
			}
			field := jen.Id("opts").Dot(p.GoName)
			if p.Type.Nillable() || p.IsObject() {
				sets = append(sets, jen.If(field.Clone().Op("!=").Nil()).Block(setParam(p, field.Clone())))
				continue
			}
			// One call per optional value: the helper checks for nil.
			helper := "optQuery"
			if p.In == model.InHeader {
				helper = "optHeader"
			}
			sets = append(sets, jen.Id(helper).Call(jen.Id("req"), jen.Lit(p.Wire), field.Clone(), formatFunc(p.Type)))
		}
		if len(sets) > 0 {
			body = append(body, jen.If(jen.Id("opts").Op("!=").Nil()).Block(sets...))
		}
	}
	if b := op.Body; b != nil {
		body = append(body, setBody(op, b)...)
	}
	if exchanges(op) {
		body = append(body, exchangeStmts(op)...)
		return jen.Add(methodDoc).
			Func().Params(jen.Id("c").Op("*").Id(g.Client)).Id(name).Params(params...).Params(results(op)...).
			Block(body...).Line()
	}
	body = append(body,
		jen.List(jen.Id("resp"), jen.Err()).Op(":=").Id("c").Dot("core").Dot("do").Call(jen.Id("ctx"), jen.Id("req")),
		jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Err())),
	)
	if !keepsBody(op.Response) {
		body = append(body, jen.Defer().Id("resp").Dot("Body").Dot("Close").Call())
	}
	body = append(body, checkStatus(op)...)
	body = append(body, readResponse(op)...)
	return jen.Add(methodDoc).
		Func().Params(jen.Id("c").Op("*").Id(g.Client)).Id(name).Params(params...).Params(results(op)...).
		Block(body...).Line()
}

func setBody(op *model.Operation, b *model.Body) []jen.Code {
	v := jen.Id(b.Arg)
	if !b.Required {
		v = jen.Id("opts").Dot(b.GoName)
	}
	if b.JSON {
		v = bodyToSend(v, b.Type, false)
	}
	if b.Items != nil {
		stmt := jen.Id("setStream").Call(jen.Id("ctx"), jen.Id("req"), v, streamSpecLit(b.Items), itemEncoder(b.Items))
		if b.Required {
			return []jen.Code{stmt}
		}
		return []jen.Code{jen.If(jen.Id("opts").Op("!=").Nil().Op("&&").Id("opts").Dot(b.GoName).Op("!=").Nil()).Block(stmt)}
	}
	var set jen.Code
	if b.JSON {
		set = jen.Id("req").Dot("setJSON").Call(encodeSource(v, b.Type), jen.Lit(b.ContentType))
	} else {
		set = jen.Id("req").Dot("setBytes").Call(v, jen.Lit(b.ContentType))
	}
	stmt := jen.If(jen.Err().Op(":=").Add(set), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Err()))
	if b.Required {
		return []jen.Code{stmt}
	}
	cond := jen.Id("opts").Op("!=").Nil()
	if b.Type.Nillable() || !b.JSON {
		cond = cond.Op("&&").Id("opts").Dot(b.GoName).Op("!=").Nil()
	} else {
		cond = cond.Op("&&").Id("opts").Dot(b.GoName).Op("!=").Nil()
		set = jen.Id("req").Dot("setJSON").Call(encodeSource(bodyToSend(jen.Id("opts").Dot(b.GoName), b.Type, true), b.Type), jen.Lit(b.ContentType))
		stmt = jen.If(jen.Err().Op(":=").Add(set), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Err()))
	}
	return []jen.Code{jen.If(cond).Block(stmt)}
}

// checkStatus turns an unlisted status into a *ResponseError carrying the
// decoded error model.
func checkStatus(op *model.Operation) []jen.Code {
	st := op.Response.Statuses
	var bad jen.Code
	switch len(st) {
	case 0:
		bad = jen.Id("resp").Dot("StatusCode").Op("<").Lit(200).Op("||").Id("resp").Dot("StatusCode").Op(">").Lit(299)
	default:
		s := jen.Id("resp").Dot("StatusCode").Op("!=").Lit(st[0])
		for _, c := range st[1:] {
			s = s.Op("&&").Id("resp").Dot("StatusCode").Op("!=").Lit(c)
		}
		bad = s
	}
	ret := jen.Return(jen.Nil(), jen.Id("c").Dot("core").Dot("responseError").Call(jen.Id("resp"), errorDecoder(op)))
	if keepsBody(op.Response) {
		return []jen.Code{jen.If(bad).Block(jen.Defer().Id("resp").Dot("Body").Dot("Close").Call(), ret)}
	}
	return []jen.Code{jen.If(bad).Block(ret)}
}

func errorDecoder(op *model.Operation) jen.Code {
	dec := func(t model.TypeRef) jen.Code { return jen.Id("decodeError").Index(goType(t)).Call() }
	switch {
	case len(op.Errors) == 0:
		return jen.Nil()
	case len(op.Errors) == 1 && op.Errors[0].Status == 0 && op.Errors[0].Class == 0:
		return dec(op.Errors[0].Type)
	}
	// A table, one case a line, not a function literal with a switch:
	// a quarter of the lines, and gofmt prints a multi-line literal
	// argument twice (once to size it up).
	return jen.Id("errorCases").CustomFunc(multiCall, func(g *jen.Group) {
		g.Id("resp").Dot("StatusCode")
		for _, e := range op.Errors {
			g.Id("errorCase").ValuesFunc(func(g *jen.Group) {
				switch {
				case e.Status != 0:
					g.Id("status").Op(":").Lit(e.Status)
				case e.Class != 0:
					g.Id("class").Op(":").Lit(e.Class)
				}
				g.Id("decode").Op(":").Add(dec(e.Type))
			})
		}
	})
}

func readResponse(op *model.Operation) []jen.Code {
	r := op.Response
	var out []jen.Code
	out = append(out, jen.Id("out").Op(":=").Op("&").Id(r.Name).Values())
	if len(r.Statuses) > 1 {
		out = append(out, jen.Id("out").Dot("StatusCode").Op("=").Id("resp").Dot("StatusCode"))
	}
	if wireHeaders(op) {
		// A header that does not parse does not undo the operation: the
		// response lists it in UnparsedHeaders.
		out = append(out, jen.Id("out").Dot("UnparsedHeaders").Op("=").Id("readHeaders").Call(jen.Op("&").Id(op.WireVar), jen.Id("resp").Dot("Header"), jen.Id("out")))
	} else if len(r.Headers) > 0 {
		out = append(out, jen.Id("hr").Op(":=").Op("&").Id("headerReader").Values(jen.Id("h").Op(":").Id("resp").Dot("Header")))
		for _, h := range r.Headers {
			out = append(out, jen.Id("out").Dot(h.GoName).Op("=").
				Id("readHeader").Call(jen.Id("hr"), jen.Lit(h.Wire), parseFunc(h.Type)))
		}
		// A header that does not parse does not undo the operation: the
		// response lists it in UnparsedHeaders.
		out = append(out, jen.Id("out").Dot("UnparsedHeaders").Op("=").Id("hr").Dot("errs"))
	}
	if r.Items != nil {
		if r.Body == nil {
			return append(out, openStreamStmt(r), jen.Return(jen.Id("out"), jen.Nil()))
		}
		out = append(out,
			jen.If(jen.Id("isStream").Call(jen.Id("resp"), streamSpecLit(r.Items))).Block(openStreamStmt(r), jen.Return(jen.Id("out"), jen.Nil())),
			jen.Defer().Id("resp").Dot("Body").Dot("Close").Call())
	}
	if r.Body != nil {
		switch {
		case r.Stream:
			out = append(out, jen.Id("out").Dot(r.BodyName).Op("=").Id("resp").Dot("Body"))
		default:
			target := r.BodyName
			if r.Embed {
				target = r.Body.Name
			}
			decode := jen.If(jen.Err().Op(":=").Id("c").Dot("core").Dot("decodeBody").Call(jen.Id("resp"), decodeTarget(jen.Id("out").Dot(target), *r.Body)), jen.Err().Op("!=").Nil()).Block(
				jen.Return(jen.Nil(), jen.Err()))
			if op.Method == "HEAD" || allNoContent(r.Statuses) {
				break
			}
			if hasNoContent(r.Statuses) {
				decode = jen.If(jen.Id("resp").Dot("StatusCode").Op("!=").Lit(204)).Block(decode)
			}
			out = append(out, decode)
		}
	}
	return append(out, jen.Return(jen.Id("out"), jen.Nil()))
}

// pagerMethod iterates the items of every page, following next links.
func pagerMethod(g *model.Group, op *model.Operation) jen.Code {
	pg := op.Pageable
	item := goType(pg.Item)
	args := callArgs(op)
	params := signature(op)
	next := jen.Id("page").Dot(pg.NextName)
	noNext := next.Clone().Op("==").Nil().Op("||").Op("*").Add(next.Clone()).Op("==").Lit("")
	link := jen.Op("*").Add(next.Clone())
	if !pg.NextPtr {
		noNext, link = next.Clone().Op("==").Lit(""), next.Clone()
	}
	return commentf("%s iterates the items of every page of %s, following %s links.", pg.Name, op.GoName, pg.NextName).
		Add(comment("Iteration stops at the first error, which is yielded; a next link seen before, or too\n"+
			"many pages (WithMaxPages), is an error.")).
		Func().Params(jen.Id("c").Op("*").Id(g.Client)).Id(pg.Name).Params(params...).
		Qual("iter", "Seq2").Index(jen.List(item.Clone(), jen.Error())).Block(
		jen.Return(jen.Func().Params(jen.Id("yield").Func().Params(item.Clone(), jen.Error()).Bool()).Block(
			jen.Id("link").Op(":=").Lit(""),
			jen.Id("guard").Op(":=").Id("c").Dot("core").Dot("newPageGuard").Call(jen.Lit(opLabel(op))),
			jen.For().Block(
				jen.List(jen.Id("page"), jen.Err()).Op(":=").Id("c").Dot(pg.Paged).Call(append(args, jen.Id("link"))...),
				jen.If(jen.Err().Op("!=").Nil()).Block(
					jen.Var().Id("zero").Add(item.Clone()),
					jen.Id("yield").Call(jen.Id("zero"), jen.Err()),
					jen.Return(),
				),
				jen.For(jen.List(jen.Id("_"), jen.Id("v")).Op(":=").Range().Id("page").Dot(pg.ItemsName)).Block(
					jen.If(jen.Op("!").Id("yield").Call(jen.Id("v"), jen.Nil())).Block(jen.Return()),
				),
				jen.If(noNext).Block(jen.Return()),
				jen.Id("link").Op("=").Add(link),
				jen.If(jen.Err().Op(":=").Id("guard").Dot("next").Call(jen.Id("link"), jen.Len(jen.Id("page").Dot(pg.ItemsName))), jen.Err().Op("!=").Nil()).Block(
					jen.Var().Id("zero").Add(item.Clone()),
					jen.Id("yield").Call(jen.Id("zero"), jen.Err()),
					jen.Return(),
				),
			),
		)),
	).Line()
}

// callArgs passes a method's own parameters on, in signature order.
func callArgs(op *model.Operation) []jen.Code {
	args := []jen.Code{jen.Id("ctx")}
	for _, a := range op.Args() {
		args = append(args, jen.Id(a.Name))
	}
	if op.Options != nil {
		args = append(args, jen.Id("opts"))
	}
	return args
}

// coreVar is "_" for a definition without operations (webhooks only).
func coreVar(api *model.API) string {
	if len(api.Groups) == 0 {
		return "_"
	}
	return "core"
}
