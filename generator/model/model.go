// Package model is the generator's intermediate representation: plain Go
// structs holding final Go names, resolved types and sorted collections,
// built from a loaded definition. Emitters only render it; every naming,
// collision and ordering decision is made here.
package model

import "slices"

// API is everything generated for one definition.
type API struct {
	Package    string
	Title      string
	Doc        string
	Version    string // info.version
	License    string // info.license: its name, and its SPDX identifier (OpenAPI 3.1) or URL
	APIVersion *Const // the api-version constant, if the definition has one
	Endpoint   string // a default endpoint, when the definition names one absolute URL
	RequestID  string // response header carrying the service's request id
	Groups     []*Group
	// Webhooks groups the operations of the definition's webhooks (OpenAPI
	// 3.1): the server receives them, the client sends them. nil when none.
	Webhooks   *Group
	Hooks      []*Hook     // the webhooks, sorted by GoName
	Types      []*Type     // sorted by Name
	ErrorModel *ErrorModel // used for the server's own 4xx/5xx bodies; nil for a plain body
	Scopes     []string    // OAuth2 scopes of the definition's security schemes, sorted
	Untyped    int         // schemas generated as json.RawMessage
	// Names are the package-level names the model gave out (sorted),
	// besides the Reserved ones it was built with: every name the
	// emitter declares is one of them or reserved (TestDeclaredComplete).
	Names []string
	// Schemas are the schemas the server checks requests with (bodies'
	// and parameters'), each at its Index-1: the rows of its table.
	Schemas []*Schema
}

// AllGroups are the operation groups and the webhooks' group, which the
// passes over operations (validation, pruning, error models) treat alike.
func (a *API) AllGroups() []*Group {
	if a.Webhooks == nil {
		return a.Groups
	}
	return append(slices.Clip(a.Groups), a.Webhooks)
}

// HasExamples reports whether some operation has examples: only then is
// ExampleServers generated.
func (a *API) HasExamples() bool {
	for _, g := range a.Groups {
		for _, op := range g.Operations {
			if len(op.Examples) > 0 {
				return true
			}
		}
	}
	return false
}

// Hook is one webhook: a name, not a path. Its operations (one per method
// of its path item) are served by one http.Handler, mounted wherever the
// receiver likes.
type Hook struct {
	Name       string       // the key under webhooks, as written
	GoName     string       // its field in WebhookHandlers
	Operations []*Operation // in method order
}

// Const is a parameter whose value the client always sends.
type Const struct {
	GoName string // e.g. APIVersion
	Wire   string // e.g. api-version
	In     Location
	Value  string
}

// Group is an operation group: a sub-client and a server interface.
type Group struct {
	Name     string // Go name, e.g. Certificate
	File     string // base name of its files, e.g. certificate
	Client   string // CertificateClient
	Server   string // CertificateServer
	Unimpl   string // UnimplementedCertificateServer
	Webhooks bool   // the webhooks' group (API.Webhooks): Client is their sender
	// ExampleServer is the unexported type that answers the group's
	// operations from their examples (deriveNames).
	ExampleServer string
	Operations    []*Operation // sorted by GoName
}

// Operation is one HTTP operation.
type Operation struct {
	ID         string // operationId as written
	GoName     string // method name within the group
	Method     string // GET, POST, ...
	Path       string // template as written, less a query string and RFC 6570 operators ({.id*} is {id}); "" for a webhook
	Webhook    string // the webhook's name, for a webhook's operation
	Pointer    string // JSON pointer to the operation, for messages
	Summary    string
	Doc        string
	Deprecated bool
	Idempotent bool
	// ClientRequestID is the header parameter marked x-ms-client-request-id;
	// the client fills it with a fresh UUID when the caller leaves it empty.
	ClientRequestID string
	// Echo, when set, makes the server return the caller's request id
	// header when asked to (Azure's return-client-request-id).
	Echo *Echo

	PathParams []*Param // in template order
	Positional []*Param // required parameters, in signature order (path first); see Args
	Options    *Options // optional parameters and body; nil when there are none
	Consts     []*Const
	Body       *Body // the request body: an argument when Required, else an Options field
	// Security: any one of these requirements lets a call in; nil when
	// none is needed. The generated code does not check it; the change
	// report compares it.
	Security []Requirement

	Response    *Response        // the success response struct
	Errors      []*ErrorResponse // sorted by status; "default" last
	Pageable    *Pageable
	HandlerName string // unexported server handler method
	ExamplesVar string // unexported variable of its examples (deriveNames)
	WireVar     string // unexported variable of its parameter and header table (deriveNames)
	// Examples are the operation's x-ms-examples (sorted by name), then
	// its OpenAPI 3 examples (see oas3Examples).
	Examples []*Example
}

// Example is one example exchange of an operation, as the example server
// answers it: an x-ms-examples entry, or the OpenAPI 3 examples of one
// name.
type Example struct {
	Name    string
	Path    map[string]string // path parameters: wire name to value as text
	Params  map[string]string // query and header parameters under the definition's wire name; arrays comma-joined
	Body    string            // raw JSON of the request body; "" when none
	AnyCall bool              // a response example with no request part: answers any call, last
	Status  int               // the status its response is declared under
	Headers map[string]string // that response's headers
	Resp    string            // raw JSON of its body; "" when none
}

// Param is a path, query or header parameter.
type Param struct {
	Wire     string // name on the wire
	GoName   string // field name (in Options)
	Arg      string // argument name (positional)
	Type     TypeRef
	Required bool
	Default  any // typed: string, int64, float64, bool; nil when none
	Doc      string
	Checks   Checks
	// Schema is set when the parameter has keywords the server checks
	// with its schema table rather than with one call per keyword
	// (Checks' bounds, lengths, pattern and a closed enum type): sizes,
	// multipleOf, formats, enum or const of other types, and the
	// keywords with subschemas. It holds all of the parameter's keywords.
	Schema   *Schema
	Encoding // how it travels: location, style, explode, escaping, shape

	Annotations Annotations
}

// Checks are the keywords of one schema that constrain its value itself
// (none has a subschema): what the server checks of a value besides its
// Go type. Each field is one JSON Schema keyword, read the same way for
// every version (OpenAPI 3.0's boolean exclusiveMinimum and 3.1's numeric
// one are both Min with ExclusiveMin), so that two versions of a
// definition compare field by field (Keywords lists them as text). A
// keyword that applies to another JSON type than the value's is inert, as
// JSON Schema says (a maxLength on a number checks nothing).
type Checks struct {
	Min, Max                   *float64 // minimum and maximum, or exclusiveMinimum/exclusiveMaximum with the flags below
	ExclusiveMin, ExclusiveMax bool
	// MultipleOf is multipleOf as an exact decimal ("0.01"); "" none. The
	// server divides decimals, not float64s, so 0.3 is a multiple of 0.1.
	MultipleOf string
	MinLength  int    // minLength, in characters
	MaxLength  int    // maxLength; -1: none
	Pattern    string // a pattern Go's regexp compiles (others are dropped with a warning)
	// Format is a format the server checks (CheckedFormats), unless the
	// value's Go type already holds only such values (date-time as
	// time.Time, uuid as UUID, byte as []byte); "" none. Other formats are
	// accepted, as JSON Schema says of formats it does not know.
	Format        string
	MinItems      int  // minItems
	MaxItems      int  // maxItems; -1: none
	UniqueItems   bool // uniqueItems, by JSON equality (1 and 1.0 are equal)
	MinProperties int  // minProperties
	MaxProperties int  // maxProperties; -1: none
	// DependentRequired: when Property is present, so must Required be
	// (dependentRequired), sorted by Property.
	DependentRequired []Dependency
	// Enum are the allowed values as canonical JSON (Canonical): enum, or
	// const as one value (Const set); nil: any. Compared by JSON equality.
	Enum  []string
	Const bool
}

// Dependency is one entry of dependentRequired.
type Dependency struct {
	Property string
	Required []string // as written
}

// NoChecks are the Checks of a schema without keywords.
var NoChecks = Checks{MaxLength: -1, MaxItems: -1, MaxProperties: -1}

// Options is the struct of an operation's optional parameters and, when
// the request body is optional, of its body.
type Options struct {
	Name   string
	Params []*Param // in field order (sorted by GoName)
	// BodyAt places an optional body (Operation.Body, not Required) among
	// the fields: before Params[BodyAt], or last when it is len(Params).
	BodyAt int
}

// OptionalBody is the operation's body when it is an Options field.
func (op *Operation) OptionalBody() *Body {
	if op.Body != nil && !op.Body.Required {
		return op.Body
	}
	return nil
}

// Arg is an argument of an operation's methods.
type Arg struct {
	Name string
	Type TypeRef
}

// Args are the arguments of an operation's methods between the context
// and the Options: the required parameters (Positional), then a required
// body.
func (op *Operation) Args() []Arg {
	args := make([]Arg, 0, len(op.Positional)+1)
	for _, p := range op.Positional {
		args = append(args, Arg{p.Arg, p.Type})
	}
	if b := op.Body; b != nil && b.Required {
		args = append(args, Arg{b.Arg, b.Type})
	}
	return args
}

// Body is a request body.
type Body struct {
	Wire        string // parameter name (x-originalParamName), as examples key it
	Arg         string
	GoName      string
	Type        TypeRef
	Required    bool
	ContentType string // sent by the client
	JSON        bool   // JSON-encoded; otherwise a raw stream, or Items
	Doc         string

	// Checks of a body that is not JSON (text/plain, say): the generated
	// code reads it as a stream and checks nothing. Annotations are the
	// body schema's (a string body's contentEncoding), JSON or not.
	Checks      Checks
	Annotations Annotations
	// Schema is what the server checks of a JSON body before the server
	// method runs; nil when nothing (its Go type holds only valid values).
	Schema *Schema
	Items  *Stream // a typed stream (Type is KindEvents); nil otherwise
}

// Response is the success response of an operation.
type Response struct {
	Name     string
	Statuses []int // success statuses, sorted; the first is the default
	Body     *TypeRef
	Embed    bool      // Body is a named struct embedded in the response struct
	BodyName string    // field name of the body when not embedded
	Stream   bool      // Body is an io.ReadCloser
	Headers  []*Header // sorted by GoName
	// Items is a typed stream the operation answers with, in the field
	// ItemsName; beside a JSON Body when the operation offers both
	// (OpenAI's stream: true), the response's Content-Type tells which.
	Items     *Stream
	ItemsName string
}

// Header is a typed response header.
type Header struct {
	Wire   string
	GoName string
	Type   TypeRef
	Doc    string
}

// ErrorResponse maps a status to an error model type: an exact Status, a
// Class (4 for "4XX"), or neither for "default".
type ErrorResponse struct {
	Status int
	Class  int
	Type   TypeRef // a named type that implements error
}

// Pageable describes an x-ms-pageable list operation.
type Pageable struct {
	Name      string  // pager method name, e.g. ListAll
	Paged     string  // unexported method that fetches one page, e.g. listPage
	NextPtr   bool    // the next link field is a pointer
	NextName  string  // NextLink field Go name in the page type
	ItemsName string  // Value field Go name
	Item      TypeRef // element type
}

// ErrorModel tells how to fill the definition's error type.
type ErrorModel struct {
	Type         string
	New          string // the constructor the server part declares: NewBatchError(code, message)
	Code         *Field
	Message      *Field // a string, or a struct holding MessageValue
	MessageValue *Field
	MessageLang  *Field
	MessageType  string
	Details      *Field // a slice of DetailType
	DetailType   string
	DetailKey    *Field
	DetailValue  *Field
}

// DeclKind is the kind of a named type.
type DeclKind int

const (
	DeclStruct DeclKind = iota
	DeclEnum
	DeclAlias // a defined type over a slice, map or primitive
	DeclUnion // a sealed interface over the kinds of a discriminated schema
)

// Type is a named Go type.
type Type struct {
	Name       string
	Doc        string
	Pointer    string // where it is defined
	Kind       DeclKind
	Fields     []*Field // DeclStruct, sorted by JSONName
	Enum       *Enum    // DeclEnum
	Underlying *TypeRef // DeclAlias
	Error      *ErrorMethod
	Strict     bool   // additionalProperties: false
	Union      *Union // DeclUnion
	// ReadOnly: a struct type that request bodies reach, with read-only
	// fields in itself or in the struct types it holds; the client sends
	// a copy without them.
	ReadOnly bool
	// WriteOnly: a struct type that responses reach, with write-only
	// fields in itself or in the struct types it holds; the server sends
	// a copy without them.
	WriteOnly bool
	// Secret: a struct type with secret fields, in itself or in the struct
	// types it holds; it logs (slog) a copy with them redacted.
	Secret bool
	// Redact: the string type of secret fields (x-ms-secret, format
	// password), whose value fmt and slog never show.
	Redact bool
	// Tag is set on a struct type that is a kind of a union: its encoder
	// always writes the union's discriminator property with this value.
	Tag *Variant
	// Codec: the type has generated JSON codecs (encodeJSON, decodeJSON,
	// MarshalJSON, UnmarshalJSON); the others are plain Go types that
	// encoding/json reads and writes through their struct tags.
	Codec bool
	// Derived package-level names (deriveNames): the constant of the
	// type's validation rule, and a union's encoder and decoder functions.
	Rule, Encoder, Decoder string
}

// Union is a sealed interface whose values are pointers to struct types
// told apart by one string property (an OpenAPI discriminator).
type Union struct {
	Property string // JSON name of the discriminator property
	Marker   string // unexported method that seals the interface, e.g. isPetKind
	// Base is the type an unknown or missing value decodes into; nil when
	// such a value is an error (a oneOf without a common base).
	Base     *Type
	Variants []*Variant // sorted by Value
	// Getter (Get<Base>) returns a value's base properties as a *Base;
	// empty when some kind does not hold all of them with the same types.
	Getter string
}

// Variant is one kind of a union.
type Variant struct {
	Property string // the union's discriminator property
	Value    string
	Type     *Type  // a struct type
	Field    *Field // Type's string field holding Property; nil when it has none
}

// ErrorMethod makes a type implement error.
type ErrorMethod struct {
	Code         *Field
	Message      *Field
	MessageValue *Field // when Message is a struct
}

// Enum is a set of named constants.
type Enum struct {
	Base   string // string, int32, int64
	Open   bool   // x-ms-enum modelAsString: other values are allowed
	Values []*EnumValue
}

// EnumValue is one constant.
type EnumValue struct {
	GoName string
	Value  any // string or int64
	Doc    string
}

// Field is a struct field.
type Field struct {
	GoName    string
	JSONName  string
	Source    string // JSON pointer of the property (in an allOf part when inherited)
	Doc       string
	Type      TypeRef
	Pointer   bool
	OmitEmpty bool
	Required  bool
	Nullable  bool
	// ThreeState: an optional nullable property held as Nullable[Type],
	// which tells absent, null and a value apart (markNullables); not a
	// Pointer, and Type is the value's type.
	ThreeState bool
	Checks     Checks
	// ReadOnly: set by the service; the client never sends it and the
	// server never requires it (so it is never Required); a value sent is
	// checked, then cleared before the server method sees it.
	ReadOnly bool
	// WriteOnly: only ever sent (writeOnly, or x-ms-mutability without
	// read): the server clears it from its responses.
	WriteOnly bool
	// Secret: x-ms-secret or format password; never printed or logged.
	Secret     bool
	Deprecated bool

	// Default is the value a receiver assumes when the property is
	// absent (typed as in Param.Default); nil when none.
	Default     any
	Annotations Annotations
}

// Kind is the kind of a type reference.
type Kind int

const (
	KindBuiltin  Kind = iota // string, bool, int32, int64, float32, float64, any
	KindNamed                // a generated type
	KindSlice                // []Elem
	KindMap                  // map[string]Elem
	KindTime                 // time.Time; Format says how it is written
	KindUUID                 // UUID from the support code
	KindBytes                // []byte, base64 in JSON
	KindRaw                  // json.RawMessage: a schema oasgen cannot type
	KindStream               // io.Reader in requests, io.ReadCloser in responses
	KindExternal             // a user-mapped type: Import.Name
	KindEvents               // *EventStream[Elem]: a typed stream (Body.Items)
)

// TypeRef is a Go type expression, described as data.
type TypeRef struct {
	Kind   Kind
	Name   string // builtin or named type name, or external type name
	Import string // KindExternal
	Elem   *TypeRef
	Format string // KindTime: date-time, date-time-rfc1123, date
	// String: an integer carried as a JSON string (type: string with
	// format int32 or int64), as encoding/json's ",string" option does.
	String bool
	Decl   *Type // KindNamed: the declaration
}

// sameType reports whether two references render the same Go type,
// comparing down to their elements.
func sameType(a, b TypeRef) bool {
	if a.Kind != b.Kind || a.Name != b.Name || a.Format != b.Format || a.String != b.String || a.Import != b.Import || (a.Elem == nil) != (b.Elem == nil) {
		return false
	}
	return a.Elem == nil || sameType(*a.Elem, *b.Elem)
}

// IsStruct reports whether t names a struct type.
func (t TypeRef) IsStruct() bool {
	return t.Kind == KindNamed && t.Decl != nil && t.Decl.Kind == DeclStruct
}

// Nillable reports whether the zero value of t is nil.
func (t TypeRef) Nillable() bool {
	switch t.Kind {
	case KindSlice, KindMap, KindBytes, KindRaw, KindStream, KindEvents:
		return true
	case KindBuiltin:
		return t.Name == "any"
	case KindNamed:
		return t.Decl != nil && (t.Decl.Kind == DeclUnion || t.Decl.Kind == DeclAlias && t.Decl.Underlying.Nillable())
	}
	return false
}

// IsUnion reports whether t names a union interface.
func (t TypeRef) IsUnion() bool {
	return t.Kind == KindNamed && t.Decl != nil && t.Decl.Kind == DeclUnion
}

// HasUnion reports whether t is a union or a slice or map holding one.
func (t TypeRef) HasUnion() bool {
	for t.Kind == KindSlice || t.Kind == KindMap {
		t = *t.Elem
	}
	return t.IsUnion()
}

// Echo names the Options fields and response header of a request id echo.
type Echo struct {
	IDField, ReturnField, HeaderField string
	Wire                              string // the request header that carries the id
}
