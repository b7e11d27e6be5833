package emit

import (
	"github.com/dave/jennifer/jen"

	"github.com/oasgen/oasgen/generator/model"
)

// Typed streams (model.Stream): the support code's EventStream reads
// and writes them; these render what it needs to know of one stream.

// eventStreamType is *EventStream[item].
func eventStreamType(item model.TypeRef) *jen.Statement {
	return jen.Op("*").Id("EventStream").Types(goType(item))
}

var streamFormats = map[model.StreamFormat]string{
	model.StreamSSE:       "streamSSE",
	model.StreamJSONLines: "streamJSONLines",
	model.StreamJSONSeq:   "streamJSONSeq",
}

// streamSpecLit is the support code's streamSpec of st.
func streamSpecLit(st *model.Stream) jen.Code {
	return jen.Id("streamSpec").ValuesFunc(func(g *jen.Group) {
		g.Id("format").Op(":").Id(streamFormats[st.Format])
		g.Id("contentType").Op(":").Lit(st.ContentType)
		if st.Sentinel != "" {
			g.Id("sentinel").Op(":").Lit(st.Sentinel)
		}
	})
}

// itemDecoder decodes one item of st: func(body []byte, v *Item) error.
func itemDecoder(st *model.Stream) jen.Code {
	if st.Text {
		return jen.Id("textItem")
	}
	target := jen.Id("v")
	if codecBacked(st.Item) {
		target = jen.Add(decodeTarget(jen.Parens(jen.Op("*").Id("v")), st.Item))
	}
	return jen.Func().Params(jen.Id("body").Index().Byte(), jen.Id("v").Op("*").Add(goType(st.Item))).Error().Block(
		jen.Return(jen.Id("jsonItem").Call(jen.Id("body"), target)))
}

// itemEncoder encodes one item of st: func(v Item) ([]byte, error).
func itemEncoder(st *model.Stream) jen.Code {
	if st.Text {
		return jen.Id("textItemBytes")
	}
	return jen.Func().Params(jen.Id("v").Add(goType(st.Item))).Params(jen.Index().Byte(), jen.Error()).Block(
		jen.Return(jen.Id("jsonItemBytes").Call(encodeSource(jen.Id("v"), st.Item))))
}

// keepsBody reports whether the client method hands the response body
// to the caller (a raw or typed stream) rather than closing it.
func keepsBody(r *model.Response) bool { return r.Stream || r.Items != nil }

// openStreamStmt sets the response's stream from the body.
func openStreamStmt(r *model.Response) jen.Code {
	return jen.Id("out").Dot(r.ItemsName).Op("=").Id("openStream").Call(
		jen.Id("c").Dot("core"), jen.Id("ctx"), jen.Id("req"), jen.Id("resp"), streamSpecLit(r.Items), itemDecoder(r.Items))
}

// sendStreamStmt writes the response's stream.
func sendStreamStmt(r *model.Response, status jen.Code) jen.Code {
	return jen.Id("sendStream").Call(jen.Op("&").Id("h").Dot("serverCore"), jen.Id("w"), jen.Id("r"), status,
		streamSpecLit(r.Items), jen.Id("resp").Dot(r.ItemsName), itemEncoder(r.Items))
}

// hasStreams reports whether an operation sends or answers a typed stream.
func hasStreams(api *model.API) bool {
	for _, g := range api.AllGroups() {
		for _, op := range g.Operations {
			if op.Response.Items != nil || op.Body != nil && op.Body.Items != nil {
				return true
			}
		}
	}
	return false
}
