package emit

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/oasgen/oasgen/generator/model"
)

// opsFile holds what client and server share for a group: the options
// and response structs of its operations.
func opsFile(f *jen.File, g *model.Group, parts Parts) *jen.File {
	for _, op := range g.Operations {
		if op.Options != nil {
			f.Add(optionsStruct(op))
		}
		f.Add(responseStruct(op))
		if w := wireVar(op, parts); w != nil {
			f.Add(w)
		}
	}
	return f
}

func optionsStruct(op *model.Operation) jen.Code {
	c := commentf("%s holds the optional parameters of %s; nil means all defaults.", op.Options.Name, opLabel(op))
	return jen.Add(withDeprecated(c, true, op.Deprecated, "operation")).
		Type().Id(op.Options.Name).StructFunc(func(g *jen.Group) {
		for i, f := range optionFields(op) {
			if i > 0 {
				g.Line()
			}
			typ := goType(f.typ)
			if !f.typ.Nillable() {
				typ = jen.Op("*").Add(typ)
			}
			g.Add(doc(f.name, f.doc)).Id(f.name).Add(typ)
		}
	}).Line()
}

// optionField is a field of an Options struct: a parameter or the body.
type optionField struct {
	name, doc string
	typ       model.TypeRef
}

// optionFields are the fields of op's Options struct, in order.
func optionFields(op *model.Operation) []optionField {
	o := op.Options
	body := op.OptionalBody()
	var out []optionField
	for i, p := range o.Params {
		if body != nil && i == o.BodyAt {
			out = append(out, optionField{body.GoName, body.Doc, body.Type})
		}
		text := p.Doc
		if p.Default != nil {
			if b, err := json.Marshal(p.Default); err == nil {
				text += " Default: " + string(b) + "."
			}
		}
		out = append(out, optionField{p.GoName, text, p.Type})
	}
	if body != nil && o.BodyAt == len(o.Params) {
		out = append(out, optionField{body.GoName, body.Doc, body.Type})
	}
	return out
}

func opLabel(op *model.Operation) string {
	switch {
	case op.ID != "":
		return op.ID
	case op.Webhook != "":
		return op.Method + " webhook " + op.Webhook
	}
	return op.Method + " " + op.Path
}

func responseStruct(op *model.Operation) jen.Code {
	r := op.Response
	c := commentf("%s is the result of %s.", r.Name, opLabel(op))
	return jen.Add(withDeprecated(c, true, op.Deprecated, "operation")).
		Type().Id(r.Name).StructFunc(func(g *jen.Group) {
		if len(r.Statuses) > 1 {
			g.Add(comment("StatusCode is the success status; the server writes the first listed if it is 0.")).
				Id("StatusCode").Int()
		}
		if r.Body != nil {
			switch {
			case r.Embed:
				g.Id(r.Body.Name)
			case r.Stream:
				g.Add(comment("Body is the response body; the caller must close it.")).
					Id(r.BodyName).Qual("io", "ReadCloser")
			default:
				g.Id(r.BodyName).Add(goType(*r.Body))
			}
		}
		if st := r.Items; st != nil {
			what := "The response is this stream"
			if r.Body != nil {
				what = "When the service answers with a stream (" + st.ContentType + "), the response is this stream and not the body"
			}
			g.Add(comment(what + ": range over its Events or Items, or call Next, then Close;\n" +
				"a server method sets it to send one (NewEventStream).")).
				Id(r.ItemsName).Add(eventStreamType(st.Item))
		}
		if len(r.Headers) > 0 {
			g.Add(comment("UnparsedHeaders lists the response headers that did not parse (their fields are nil):\n" +
				"a malformed header does not fail a call the service carried out.")).
				Id("UnparsedHeaders").Index().Op("*").Id("HeaderError")
		}
		for _, h := range r.Headers {
			g.Line()
			g.Add(doc(h.GoName, h.Doc)).Id(h.GoName).Op("*").Add(goType(h.Type))
		}
	}).Line()
}

// locals are the names the methods emitted for an operation (client
// method, pager, server handler, example server method) declare or refer
// to besides its arguments: an argument named so would shadow one. The
// model names arguments clear of them (model.Config.Locals);
// TestArgumentsShadowNothing keeps this list complete.
var locals = []string{
	"body", "c", "core", "ctx", "e", "err", "guard", "h", "hr", "hw", "i", "link", "o", "ok", "opts", "out",
	"p", "page", "r", "req", "resp", "status", "v", "validation", "w", "yield", "zero",
}

// loopDepth bounds the loop variables of an inlined JSON encoder
// (encodeValue: i0, k0, v0 for the outer loop, i1, k1, v1 inside it, …)
// that Locals lists: ten levels of arrays and maps in one body.
const loopDepth = 10

// Locals returns the names no argument of an operation may take, for
// model.Config.Locals.
func Locals() []string {
	out := slices.Clone(locals)
	for d := range loopDepth {
		out = append(out, fmt.Sprintf("i%d", d), fmt.Sprintf("k%d", d), fmt.Sprintf("v%d", d))
	}
	return out
}

// signature is the parameter list shared by a client method and the
// server interface method.
func signature(op *model.Operation) []jen.Code {
	ps := []jen.Code{jen.Id("ctx").Qual("context", "Context")}
	for _, a := range op.Args() {
		ps = append(ps, jen.Id(a.Name).Add(goType(a.Type)))
	}
	if op.Options != nil {
		ps = append(ps, jen.Id("opts").Op("*").Id(op.Options.Name))
	}
	return ps
}

func results(op *model.Operation) []jen.Code {
	return []jen.Code{jen.Op("*").Id(op.Response.Name), jen.Error()}
}

func opDoc(op *model.Operation) jen.Code {
	text := op.Summary
	if op.Doc != "" && op.Doc != op.Summary {
		if text != "" {
			text += "\n\n"
		}
		text += op.Doc
	}
	return withDeprecated(doc(op.GoName, text), strings.TrimSpace(text) != "", op.Deprecated, "operation")
}

func allNoContent(st []int) bool {
	for _, s := range st {
		if s != 204 && s != 304 {
			return false
		}
	}
	return len(st) > 0
}

func hasNoContent(st []int) bool {
	for _, s := range st {
		if s == 204 || s == 304 {
			return true
		}
	}
	return false
}
