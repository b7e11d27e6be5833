package emit

import (
	"github.com/dave/jennifer/jen"

	"github.com/oasgen/oasgen/generator/model"
)

// A webhook's key is a name, not a path: the receiver chooses the URL it
// gives the sender. So the receiving side is one http.Handler per webhook
// (WebhookHandlers), which serves any path and routes only by method, and
// the sending side is a client for one URL (NewWebhookSender). Both are
// the operation group machinery: the interface, the handler methods, the
// options and responses and the client methods are rendered as for any
// group.

// webhookServerFile: the receiver's interface, its 501 default, the
// handler methods and WebhookHandlers.
func webhookServerFile(f *jen.File, api *model.API) *jen.File {
	g := api.Webhooks
	groupServerFile(f, api, g)
	f.Add(jen.Type().Id("webhookHandler").Struct(jen.Id("serverCore"), jen.Id("srv").Id(g.Server)).Line())
	f.Add(comment("WebhookHandlers holds one http.Handler per webhook of the definition. A webhook has\n" +
		"no path of its own: mount each handler at the URL you register with the sender\n" +
		"(it serves any path). It validates the request like NewHandler, answers bad input\n" +
		"with 400 and a method the webhook does not declare with 405, and calls the " + g.Server + " method.").
		Type().Id("WebhookHandlers").StructFunc(func(sg *jen.Group) {
		for _, h := range api.Hooks {
			sg.Add(commentf("%s receives the webhook %s.", h.GoName, h.Name)).Id(h.GoName).Qual("net/http", "Handler")
		}
	}).Line())
	body := []jen.Code{
		jen.If(jen.Id("s").Op("==").Nil()).Block(jen.Id("s").Op("=").Id(g.Unimpl).Values()),
		jen.Id("h").Op(":=").Op("&").Id("webhookHandler").Values(jen.Id("srv").Op(":").Id("s")),
	}
	body = append(body, initCore(api, nil)...)
	body = append(body, jen.Return(jen.Op("&").Id("WebhookHandlers").CustomFunc(multi, func(rg *jen.Group) {
		for _, h := range api.Hooks {
			rg.Id(h.GoName).Op(":").Id("h").Dot("only").CallFunc(func(cg *jen.Group) {
				for _, op := range h.Operations {
					cg.Line().Id("route").Values(jen.Lit(opLabel(op)), jen.Lit(op.Method), jen.Nil(), jen.Id("h").Dot(op.HandlerName))
				}
			})
		}
	})))
	f.Add(comment("NewWebhookHandlers returns the handlers of the webhooks s receives; a nil s answers\n"+
		"every webhook with 501. The options are NewHandler's.").
		Func().Id("NewWebhookHandlers").Params(jen.Id("s").Id(g.Server), jen.Id("opts").Op("...").Id("HandlerOption")).
		Op("*").Id("WebhookHandlers").Block(body...).Line())
	return f
}

// webhookClientFile: the sender, one method per webhook operation.
func webhookClientFile(f *jen.File, api *model.API) *jen.File {
	g := api.Webhooks
	f.Add(commentf("%s sends the definition's webhooks to one receiver's URL. It is safe for concurrent use.", g.Client)).
		Type().Id(g.Client).Struct(jen.Id("core").Op("*").Id("clientCore")).Line()
	f.Add(commentf("NewWebhookSender returns a sender whose methods send each webhook to url, an absolute\n"+
		"http or https URL used exactly as given (query included). The options are NewClient's;\n"+
		"a response status the webhook does not declare is a *ResponseError.")).
		Func().Id("NewWebhookSender").Params(jen.Id("url").String(), jen.Id("opts").Op("...").Id("ClientOption")).
		Params(jen.Op("*").Id(g.Client), jen.Error()).Block(
		jen.List(jen.Id("core"), jen.Err()).Op(":=").Id("newSenderCore").Call(jen.Id("url"), jen.Id("opts")),
		jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Err())),
		jen.Return(jen.Op("&").Id(g.Client).Values(jen.Id("core").Op(":").Id("core")), jen.Nil()),
	).Line()
	for _, op := range g.Operations {
		f.Add(clientMethod(g, op, false))
	}
	return f
}
