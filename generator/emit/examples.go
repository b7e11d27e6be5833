package emit

import (
	"slices"
	"sort"

	"github.com/dave/jennifer/jen"

	"github.com/oasgen/oasgen/generator/model"
)

// examplesFile renders ExampleServers: per group a server that answers
// each operation from its examples. A method is one call of answerExample
// with the operation's table (exampleData): data the support code reads,
// where code per parameter and header (and map literals built at init)
// made the example servers a large share of a package's compile cost.
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
				vg.Id(g.Name).Op(":").Op("&").Id(exampleServerName(g)).Values()
			}
		}))).Line()
}

func exampleServerName(g *model.Group) string { return g.ExampleServer }

func exampleDataName(op *model.Operation) string { return op.ExamplesVar }

// exampleData declares op's exampleOp: the table answerExample reads
// (from the same model as the operation's Options and response structs,
// so the fields it names are theirs) and the examples.
func exampleData(op *model.Operation) jen.Code {
	r := op.Response
	return jen.Var().Id(exampleDataName(op)).Op("=").Id("exampleOp").ValuesFunc(func(g *jen.Group) {
		key := func(k string) *jen.Statement { return g.Line().Id(k).Op(":") }
		key("name").Lit(opLabel(op))
		var args, opts, headers []jen.Code
		for _, p := range op.Positional {
			// An object parameter's examples are left out (model.Example.setParam).
			if !p.IsObject() {
				// The method formats their text (exampleMethod): no field, no kind.
				args = append(args, wireField(p.Wire, "", nil, p.In == model.InPath))
			}
		}
		if op.Options != nil {
			for _, p := range op.Options.Params {
				if !p.IsObject() {
					opts = append(opts, wireField(p.Wire, p.GoName, &p.Type, p.In == model.InPath))
				}
			}
		}
		for _, h := range r.Headers {
			headers = append(headers, wireField(h.Wire, h.GoName, &h.Type, false))
		}
		fieldList(key, "args", args)
		fieldList(key, "opts", opts)
		if b := op.Body; b != nil && b.JSON && !b.Required {
			key("optBody").Lit(b.GoName)
		}
		fieldList(key, "headers", headers)
		if len(r.Statuses) > 1 {
			key("statuses").Index().Int().ValuesFunc(func(g *jen.Group) {
				for _, s := range r.Statuses {
					g.Lit(s)
				}
			})
		}
		key("examples").Index().Id("example").ValuesFunc(func(g *jen.Group) {
			for _, ex := range op.Examples {
				g.Line().Add(exampleValue(ex))
			}
			g.Line()
		})
		g.Line()
	}).Line()
}

// fieldList writes a list of exampleFields, one a line.
func fieldList(key func(string) *jen.Statement, name string, fields []jen.Code) {
	if len(fields) == 0 {
		return
	}
	key(name).Index().Id("wireField").ValuesFunc(func(g *jen.Group) {
		for _, f := range fields {
			g.Line().Add(f)
		}
		g.Line()
	})
}

func exampleValue(ex *model.Example) jen.Code {
	return jen.Values(jen.DictFunc(func(d jen.Dict) {
		d[jen.Id("name")] = jen.Lit(ex.Name)
		if len(ex.Path) > 0 {
			d[jen.Id("path")] = stringPairs(ex.Path)
		}
		if len(ex.Params) > 0 {
			d[jen.Id("params")] = stringPairs(ex.Params)
		}
		if ex.Body != "" {
			d[jen.Id("body")] = jen.Lit(ex.Body)
		}
		if ex.AnyCall {
			d[jen.Id("anyCall")] = jen.True()
		}
		d[jen.Id("status")] = jen.Lit(ex.Status)
		if len(ex.Headers) > 0 {
			d[jen.Id("headers")] = stringPairs(ex.Headers)
		}
		if ex.Resp != "" {
			d[jen.Id("resp")] = jen.Lit(ex.Resp)
		}
	}))
}

// stringPairs writes m as a []string of name, value pairs sorted by name:
// static data, where a map literal would be code run at init.
func stringPairs(m map[string]string) jen.Code {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return jen.Index().String().ValuesFunc(func(g *jen.Group) {
		for _, k := range keys {
			g.Line().Lit(k).Op(",").Lit(m[k])
		}
		g.Line()
	})
}

// exampleMethod answers op with one call of answerExample and op's
// table: the positional arguments go as text, formatted as the client
// formats them; Options and the response struct are read and filled by
// the table.
func exampleMethod(g *model.Group, op *model.Operation) jen.Code {
	// A pointer receiver: with a value receiver the compiler also writes
	// a (*T).M wrapper of every method.
	recv := jen.Params(jen.Op("*").Id(exampleServerName(g)))
	if len(op.Examples) == 0 {
		return jen.Func().Add(recv).Id(op.GoName).Params(signature(op)...).Params(results(op)...).Block(
			jen.Return(jen.Nil(), jen.Id("errNotImplemented").Call(jen.Lit(opLabel(op))))).Line()
	}
	var args []jen.Code
	for _, p := range op.Positional {
		if !p.IsObject() { // as in exampleData
			args = append(args, formatValue(p.Type, jen.Id(p.Arg)))
		}
	}
	var argList jen.Code = jen.Nil()
	if len(args) > 0 {
		argList = jen.Index().String().Values(args...)
	}
	var opts jen.Code = jen.Nil()
	if op.Options != nil {
		opts = jen.Id("opts")
	}
	var reqBody jen.Code = jen.Nil()
	if b := op.Body; b != nil && b.JSON && b.Required {
		reqBody = jen.Id(b.Arg) // an optional body is in opts (exampleData's optBody)
	}
	r := op.Response
	var dst jen.Code = jen.Nil()
	if r.Body != nil && op.Method != "HEAD" && !allNoContent(r.Statuses) {
		target := r.BodyName
		if r.Embed {
			target = r.Body.Name
		}
		if r.Stream {
			dst = jen.Op("&").Id("resp").Dot(target)
		} else {
			dst = decodeTarget(jen.Id("resp").Dot(target), *r.Body)
		}
	}
	return jen.Func().Add(recv).Id(op.GoName).Params(slices.Clone(signature(op))...).Params(results(op)...).Block(
		jen.Id("resp").Op(":=").Op("&").Id(r.Name).Values(),
		jen.If(jen.Err().Op(":=").Id("answerExample").Call(jen.Op("&").Id(exampleDataName(op)), argList, opts, reqBody, jen.Id("resp"), dst),
			jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Err())),
		jen.Return(jen.Id("resp"), jen.Nil()),
	).Line()
}
