package emit

// Declared are the package-level names the emitter declares whatever the
// definition says (the client, the handler, the example servers, the
// webhooks' entry points, the validation table): the model claims them
// before any schema, operation or group takes a name
// (model.Config.Declared), so that no definition can collide with them.
// Names derived from model entities (a group's client, a union's decoder,
// a type's rule) are the model's to make unique. TestDeclaredComplete
// checks every golden package against the two.
//
// HandlerFields are the fields of the emitted handler types (handler,
// webhookHandler) besides those of the support type they embed: no
// handler method may take one.
var HandlerFields = []string{"serverCore", "srv"}

// Besides these, the compiled patterns are package variables named
// pattern + 8 hex digits of their content (patternVar): no name the model
// makes has that form (its unexported names all carry another prefix or
// suffix), and the support code declares none (TestDeclaredComplete).
var Declared = []string{
	"APIVersion", "Client", "DefaultEndpoint", "ExampleServers", "NewClient", "NewHandler",
	"NewWebhookHandlers", "NewWebhookSender", "OAuth2Scopes", "Servers", "WebhookHandlers",
	"handler", "handlerRoutes", "isErrorModel", "newErrorBody", "validation", "webhookHandler",
}
