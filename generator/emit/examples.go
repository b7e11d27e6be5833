package emit

import (
	"slices"
	"sort"

	"github.com/dave/jennifer/jen"

	"github.com/oasgen/oasgen/generator/model"
)

// examplesFile renders ExampleServers: per group a server that answers
// each operation from its examples, with the example data as string
// literals.
func examplesFile(f *jen.File, api *model.API) *jen.File {
	if !api.HasExamples() {
		return nil
	}
	f.Add(exampleServersFunc(api))
	for _, g := range api.Groups {
		f.Add(commentf("%s answers the %s operations from their examples.", exampleServerName(g), g.Name).
			Type().Id(exampleServerName(g)).Struct().Line())
		for _, op := range g.Operations {
			f.Add(exampleMethod(g, op))
		}
	}
	for _, g := range api.Groups {
		for _, op := range g.Operations {
			if len(op.Examples) > 0 {
				f.Add(exampleData(op))
			}
		}
	}
	return f
}

// exampleServersFunc declares ExampleServers.
func exampleServersFunc(api *model.API) jen.Code {
	return commentf("ExampleServers returns servers that answer every operation from the definition's\n" +
		"examples (x-ms-examples, and OpenAPI 3 examples paired by name), for NewHandler: a call\n" +
		"gets the example whose parameters and body it equals, else the success example of the\n" +
		"same path parameters with the most equal parameters (an example that answers any call\n" +
		"goes before one with none equal). The answer is that example's status, headers and body.\n" +
		"A call no example answers gets 404 naming the closest example; an operation without\n" +
		"examples, 501.").
		Func().Id("ExampleServers").Params().Id("Servers").Block(
		jen.Return(jen.Id("Servers").ValuesFunc(func(vg *jen.Group) {
			for _, g := range api.Groups {
				vg.Id(g.Name).Op(":").Id(exampleServerName(g)).Values()
			}
		}))).Line()
}

func exampleServerName(g *model.Group) string { return g.ExampleServer }

func exampleDataName(op *model.Operation) string { return op.ExamplesVar }

func exampleData(op *model.Operation) jen.Code {
	return jen.Var().Id(exampleDataName(op)).Op("=").Index().Id("example").ValuesFunc(func(g *jen.Group) {
		for _, ex := range op.Examples {
			g.Line().Values(jen.DictFunc(func(d jen.Dict) {
				d[jen.Id("name")] = jen.Lit(ex.Name)
				if len(ex.Path) > 0 {
					d[jen.Id("path")] = stringMap(ex.Path)
				}
				if len(ex.Params) > 0 {
					d[jen.Id("params")] = stringMap(ex.Params)
				}
				if ex.Body != "" {
					d[jen.Id("body")] = jen.Lit(ex.Body)
				}
				if ex.AnyCall {
					d[jen.Id("anyCall")] = jen.True()
				}
				d[jen.Id("status")] = jen.Lit(ex.Status)
				if len(ex.Headers) > 0 {
					d[jen.Id("headers")] = stringMap(ex.Headers)
				}
				if ex.Resp != "" {
					d[jen.Id("resp")] = jen.Lit(ex.Resp)
				}
			}))
		}
		g.Line()
	}).Line()
}

func stringMap(m map[string]string) jen.Code {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return jen.Map(jen.String()).String().ValuesFunc(func(g *jen.Group) {
		for _, k := range keys {
			g.Line().Lit(k).Op(":").Lit(m[k])
		}
		g.Line()
	})
}

// callParam is where a server method's example call keeps p's value.
func callParam(p *model.Param) *jen.Statement {
	m := "params"
	if p.In == model.InPath {
		m = "path"
	}
	return jen.Id("c").Dot(m).Index(jen.Lit(p.Wire))
}

func exampleMethod(g *model.Group, op *model.Operation) jen.Code {
	recv := jen.Params(jen.Id(exampleServerName(g)))
	if len(op.Examples) == 0 {
		return jen.Func().Add(recv).Id(op.GoName).Params(signature(op)...).Params(results(op)...).Block(
			jen.Return(jen.Nil(), jen.Id("errNotImplemented").Call(jen.Lit(opLabel(op))))).Line()
	}
	var body []jen.Code
	body = append(body, jen.Id("c").Op(":=").Id("exampleCall").Values(jen.Dict{
		jen.Id("path"):   jen.Map(jen.String()).String().Values(),
		jen.Id("params"): jen.Map(jen.String()).String().Values(),
	}))
	for _, p := range op.Positional {
		// An object parameter's examples are left out (model.Example.setParam).
		if !p.IsObject() {
			body = append(body, callParam(p).Op("=").Add(formatValue(p.Type, jen.Id(p.Arg))))
		}
	}
	if op.Options != nil {
		var sets []jen.Code
		for _, p := range op.Options.Params {
			if p.IsObject() {
				continue
			}
			field := jen.Id("opts").Dot(p.GoName)
			if !p.Type.Nillable() && p.In != model.InPath {
				sets = append(sets, jen.Id("exampleParam").Call(jen.Op("&").Id("c"), jen.Lit(p.Wire), field.Clone(), formatFunc(p.Type)))
				continue
			}
			v := jen.Op("*").Add(field.Clone())
			if p.Type.Nillable() {
				v = field.Clone()
			}
			sets = append(sets, jen.If(field.Clone().Op("!=").Nil()).Block(
				callParam(p).Op("=").Add(formatValue(p.Type, v))))
		}
		if len(sets) > 0 {
			body = append(body, jen.If(jen.Id("opts").Op("!=").Nil()).Block(sets...))
		}
	}
	var reqBody jen.Code = jen.Nil()
	if b := op.Body; b != nil && b.JSON {
		if b.Required {
			reqBody = jen.Id(b.Arg)
		} else {
			body = append(body, jen.Var().Id("body").Any())
			body = append(body, jen.If(jen.Id("opts").Op("!=").Nil()).Block(jen.Id("body").Op("=").Id("opts").Dot(b.GoName)))
			reqBody = jen.Id("body")
		}
	}
	r := op.Response
	answersBody := r.Body != nil && op.Method != "HEAD" && !allNoContent(r.Statuses)
	picked := jen.Id("e")
	if len(r.Statuses) < 2 && len(r.Headers) == 0 && !answersBody {
		picked = jen.Id("_") // the example only decides between success and error
	}
	body = append(body,
		jen.List(picked, jen.Err()).Op(":=").Id("pickExample").Call(jen.Lit(opLabel(op)), jen.Id(exampleDataName(op)), jen.Id("c"), reqBody),
		jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Err())))
	body = append(body, jen.Id("resp").Op(":=").Op("&").Id(r.Name).Values())
	if len(r.Statuses) > 1 {
		cases := make([]jen.Code, 0, len(r.Statuses))
		for _, s := range r.Statuses {
			cases = append(cases, jen.Lit(s))
		}
		body = append(body, jen.Switch(jen.Id("e").Dot("status")).Block(
			jen.Case(cases...).Block(jen.Id("resp").Dot("StatusCode").Op("=").Id("e").Dot("status"))))
	}
	for _, h := range r.Headers {
		body = append(body, jen.Id("resp").Dot(h.GoName).Op("=").Id("exampleHeader").Call(jen.Id("e"), jen.Lit(h.Wire), parseFunc(h.Type)))
	}
	if answersBody {
		if r.Stream {
			body = append(body, jen.Id("resp").Dot(r.BodyName).Op("=").Id("exampleStream").Call(jen.Id("e")))
		} else {
			target := r.BodyName
			if r.Embed {
				target = r.Body.Name
			}
			body = append(body, jen.If(jen.Err().Op(":=").Id("exampleBody").Call(jen.Id("e"), decodeTarget(jen.Id("resp").Dot(target), *r.Body)), jen.Err().Op("!=").Nil()).Block(
				jen.Return(jen.Nil(), jen.Err())))
		}
	}
	body = append(body, jen.Return(jen.Id("resp"), jen.Nil()))
	return jen.Func().Add(recv).Id(op.GoName).Params(slices.Clone(signature(op))...).Params(results(op)...).Block(body...).Line()
}
