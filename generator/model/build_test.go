package model_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/oasgen/oasgen/generator/model"
)

func build(t *testing.T, spec string) *model.API {
	t.Helper()
	api, _, err := buildWith(t, spec, model.Config{})
	if err != nil {
		t.Fatal(err)
	}
	return api
}

func typeNames(api *model.API) []string {
	var out []string
	for _, t := range api.Types {
		out = append(out, t.Name)
	}
	return out
}

// Collisions resolve the same way whatever the map order: names are
// claimed in sorted order of the definition's names.
func TestNameCollisions(t *testing.T) {
	spec := `openapi: 3.0.0
info: {title: t, version: "1"}
paths:
  /a:
    get:
      operationId: Client_List
      responses: {"200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/ClientListResponse"}}}}}
  /b:
    get:
      operationId: client_ListAll
      responses: {"200": {description: ok}}
components:
  schemas:
    Client: {type: object, properties: {id: {type: string}}}
    UUID: {type: string, pattern: "^[0-9a-f-]+$"}
    foo-bar: {type: object, properties: {x: {type: string}}}
    fooBar: {type: object, properties: {y: {type: string}}}
    FOO_BAR: {type: object, properties: {z: {type: string}}}
    ClientListResponse:
      type: object
      properties:
        value: {type: array, items: {$ref: "#/components/schemas/Client"}}
        nextLink: {type: string}
`
	var first string
	for i := 0; i < 20; i++ {
		api := build(t, spec)
		got := strings.Join(typeNames(api), " ")
		if i == 0 {
			first = got
			want := "ClientListResponseModel ClientModel FOOBAR FooBar FooBarModel UUIDModel"
			if got != want {
				t.Fatalf("types = %s, want %s", got, want)
			}
			// Groups "Client" and "client" get distinct names and files.
			var groups []string
			for _, g := range api.Groups {
				groups = append(groups, g.Name+":"+g.File+":"+g.Client)
			}
			if g := strings.Join(groups, " "); g != "Client:client:ClientClient" { // files client_ops.go, client_client.go …
				t.Errorf("groups = %s", g)
			}
		} else if got != first {
			t.Fatalf("run %d: %s, first %s", i, got, first)
		}
	}
}

func TestPagerNameDoesNotCollide(t *testing.T) {
	api := build(t, `openapi: 3.0.0
info: {title: t, version: "1"}
paths:
  /a:
    get:
      operationId: Things_List
      x-ms-pageable: {nextLinkName: nextLink}
      responses: {"200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Page"}}}}}
  /b:
    get:
      operationId: Things_ListAll
      responses: {"200": {description: ok}}
components:
  schemas:
    Page:
      type: object
      properties:
        value: {type: array, items: {type: string}}
        nextLink: {type: string}
`)
	ops := api.Groups[0].Operations
	var list *model.Operation
	for _, op := range ops {
		if op.GoName == "List" {
			list = op
		}
	}
	if list == nil || list.Pageable == nil {
		t.Fatal("List is not pageable")
	}
	if list.Pageable.Name != "ListAll2" || list.Pageable.Paged != "listPage" {
		t.Errorf("pager = %s, %s; want ListAll2 (ListAll is an operation), listPage", list.Pageable.Name, list.Pageable.Paged)
	}
}

func TestAzureShapes(t *testing.T) {
	api := build(t, `swagger: "2.0"
info: {title: t, version: "2024-01-01"}
parameters:
  ApiVersion: {name: api-version, in: query, required: true, type: string}
paths:
  /items(key={key}):
    post:
      operationId: Item_Do
      x-oasgen-idempotent: true
      parameters:
        - {name: key, in: path, required: true, type: string}
        - {$ref: "#/parameters/ApiVersion"}
        - {name: client-request-id, in: header, type: string, format: uuid, x-ms-client-request-id: true}
        - {name: return-client-request-id, in: header, type: boolean, default: false}
        - {name: maxresults, in: query, type: integer, format: int32, minimum: 1, maximum: 10, x-ms-client-name: MaxResults}
      responses:
        "204":
          description: ok
          headers:
            client-request-id: {type: string, format: uuid}
            Last-Modified: {type: string, format: date-time-rfc1123}
        default: {description: err, schema: {$ref: "#/definitions/Err"}}
definitions:
  Err:
    properties:
      code: {type: string}
      message: {properties: {lang: {type: string}, value: {type: string}}}
  Color:
    type: string
    enum: [red, dark-red]
    x-ms-enum: {name: Color, modelAsString: true}
`)
	if api.APIVersion == nil || api.APIVersion.Value != "2024-01-01" {
		t.Fatalf("api-version constant = %+v", api.APIVersion)
	}
	op := api.Groups[0].Operations[0]
	if !op.Idempotent || op.ClientRequestID != "client-request-id" || op.Echo == nil {
		t.Errorf("idempotent %v, client request id %q, echo %+v", op.Idempotent, op.ClientRequestID, op.Echo)
	}
	var names []string
	for _, p := range op.Options.Params {
		names = append(names, p.GoName)
	}
	if got := strings.Join(names, ","); got != "ClientRequestID,MaxResults,ReturnClientRequestID" {
		t.Errorf("options = %s", got)
	}
	var hdrs []string
	for _, h := range op.Response.Headers {
		hdrs = append(hdrs, h.GoName+"="+h.Wire)
	}
	if got := strings.Join(hdrs, ","); got != "ClientRequestID=client-request-id,LastModified=Last-Modified" {
		t.Errorf("headers = %s", got)
	}
	if api.ErrorModel == nil || api.ErrorModel.Type != "Err" || api.ErrorModel.MessageValue == nil {
		t.Errorf("error model = %+v", api.ErrorModel)
	}
	for _, ty := range api.Types {
		if ty.Name == "Color" {
			if ty.Enum == nil || !ty.Enum.Open || ty.Enum.Values[1].GoName != "ColorDarkRed" {
				t.Errorf("Color enum = %+v", ty.Enum)
			}
		}
		if ty.Name == "Err" && (ty.Kind != model.DeclStruct || ty.Error == nil) {
			t.Errorf("Err without type: object is not a struct error model")
		}
	}
}

// Discriminated schemas: which unions exist, their values, fallbacks and
// tags, and what stays a plain type.
func TestUnions(t *testing.T) {
	spec := `openapi: 3.0.0
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
    Pet:
      type: object
      discriminator: {propertyName: petType, mapping: {doggo: Dog, hound: "#/components/schemas/Dog"}}
      required: [petType]
      properties: {petType: {type: string}, home: {$ref: "#/components/schemas/Pet"}}
    Dog:
      allOf: [{$ref: "#/components/schemas/Pet"}, {properties: {bark: {type: boolean}}}]
    Cat:
      x-ms-discriminator-value: kitty
      allOf: [{$ref: "#/components/schemas/Pet"}]
      properties: {lives: {type: integer}}
    Lonely:
      type: object
      discriminator: {propertyName: kind}
      properties: {kind: {type: string}}
    NotAllStructs:
      oneOf: [{$ref: "#/components/schemas/Cat"}, {type: string}]
      discriminator: {propertyName: petType}
    Either:
      oneOf: [{$ref: "#/components/schemas/Cat"}, {$ref: "#/components/schemas/Lonely"}]
      discriminator: {propertyName: petType}
    Plain:
      oneOf: [{$ref: "#/components/schemas/Cat"}, {$ref: "#/components/schemas/Lonely"}]
`
	api := build(t, spec)
	byName := map[string]*model.Type{}
	for _, ty := range api.Types {
		byName[ty.Name] = ty
	}
	u := byName["PetClassification"]
	if u == nil || u.Kind != model.DeclUnion || u.Union.Base != byName["Pet"] {
		t.Fatalf("PetClassification = %+v; types %v", u, typeNames(api))
	}
	var got []string
	for _, v := range u.Union.Variants {
		got = append(got, v.Value+"="+v.Type.Name)
	}
	// Mapping keys (both spellings), then x-ms-discriminator-value; the
	// base has no value of its own, being the fallback.
	if want := "doggo=Dog hound=Dog kitty=Cat"; strings.Join(got, " ") != want {
		t.Errorf("variants %q, want %q", strings.Join(got, " "), want)
	}
	if u.Union.Getter != "GetPet" || byName["Either"].Union.Getter != "" {
		t.Errorf("getters %q and %q, want GetPet and none (no base)", u.Union.Getter, byName["Either"].Union.Getter)
	}
	if home := byName["Pet"].Fields[0]; home.JSONName != "home" || home.Type.Name != "PetClassification" || home.Pointer {
		t.Errorf("Pet.home = %+v, want a PetClassification (no pointer)", home)
	}
	// Dog has two values: no single tag. Cat is a kind of PetClassification
	// (kitty) and of Either (Cat): no tag either.
	if byName["Dog"].Tag != nil || byName["Cat"].Tag != nil {
		t.Errorf("tags: Dog %+v, Cat %+v", byName["Dog"].Tag, byName["Cat"].Tag)
	}
	// A base without kinds stays a struct; a oneOf with a non-struct
	// alternative stays untyped; a oneOf of structs is a union without base.
	if byName["Lonely"].Kind != model.DeclStruct || byName["LonelyClassification"] != nil {
		t.Errorf("Lonely became %v", byName["Lonely"].Kind)
	}
	if byName["NotAllStructs"].Kind == model.DeclUnion {
		t.Error("NotAllStructs became a union")
	}
	// A oneOf without a discriminator stays untyped (and is not made an
	// alias of itself).
	if p := byName["Plain"]; p.Kind != model.DeclAlias || p.Underlying.Kind != model.KindRaw {
		t.Errorf("Plain = %+v", p)
	}
	if e := byName["Either"]; e.Kind != model.DeclUnion || e.Union.Base != nil || len(e.Union.Variants) != 2 || e.Union.Variants[0].Value != "Cat" {
		t.Errorf("Either = %+v", e.Union)
	}
}

// x-ms-parameter-grouping names the Options struct when the optional
// parameters agree on it.
func TestParameterGrouping(t *testing.T) {
	spec := `openapi: 3.0.0
info: {title: t, version: "1"}
paths:
  /a:
    get:
      operationId: Job_List
      parameters:
        - {name: filter, in: query, schema: {type: string}, x-ms-parameter-grouping: {name: job-list-filter}}
        - {name: top, in: query, schema: {type: integer}, x-ms-parameter-grouping: {name: job-list-filter}}
      responses: {"200": {description: ok}}
  /b:
    get:
      operationId: Job_Get
      parameters:
        - {name: expand, in: query, schema: {type: string}, x-ms-parameter-grouping: {postfix: Params}}
      responses: {"200": {description: ok}}
  /c:
    get:
      operationId: Job_Delete
      parameters:
        - {name: x, in: query, schema: {type: string}, x-ms-parameter-grouping: {name: one}}
        - {name: y, in: query, schema: {type: string}, x-ms-parameter-grouping: {name: two}}
      responses: {"200": {description: ok}}
`
	api := build(t, spec)
	got := map[string]string{}
	for _, op := range api.Groups[0].Operations {
		got[op.GoName] = op.Options.Name
	}
	want := map[string]string{"List": "JobListFilter", "Get": "JobGetParams", "Delete": "JobDeleteOptions"}
	for op, name := range want {
		if got[op] != name {
			t.Errorf("%s: Options %q, want %q", op, got[op], name)
		}
	}
}

// The request body is no parameter: a required one is the last argument,
// an optional one an Options field placed by name among the parameters,
// whose name it shares the unique-making with (a query parameter "body"
// and a body named body are two fields). No argument takes a name of
// Config.Locals.
func TestBodyArgument(t *testing.T) {
	api, _, err := buildWith(t, `openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /x/{id}:
    put:
      operationId: put
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
        - {name: zone, in: query, required: true, schema: {type: string}}
      requestBody: {required: true, content: {application/json: {schema: {type: string}}}}
      responses: {"204": {description: ok}}
    post:
      operationId: post
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
        - {name: body, in: query, schema: {type: string}}
        - {name: after, in: query, schema: {type: string}}
        - {name: zone, in: header, schema: {type: string}}
      requestBody: {content: {application/json: {schema: {type: integer}}}}
      responses: {"204": {description: ok}}
`, model.Config{Locals: []string{"body", "zone"}})
	if err != nil {
		t.Fatal(err)
	}
	ops := map[string]*model.Operation{}
	for _, op := range api.Groups[0].Operations {
		ops[op.ID] = op
	}
	var args []string
	for _, a := range ops["put"].Args() {
		args = append(args, a.Name)
	}
	if got := strings.Join(args, ","); got != "id,zoneParam,bodyParam" || ops["put"].Options != nil || ops["put"].OptionalBody() != nil {
		t.Errorf("put: args %s, options %+v", got, ops["put"].Options)
	}
	post := ops["post"]
	var fields []string
	for i, p := range post.Options.Params {
		if i == post.Options.BodyAt {
			fields = append(fields, "body:"+post.Body.GoName)
		}
		fields = append(fields, p.GoName)
	}
	if got := strings.Join(fields, ","); got != "After,Body,body:Body_,Zone" || post.OptionalBody() != post.Body || len(post.Args()) != 1 {
		t.Errorf("post: fields %s, args %+v", got, post.Args())
	}
}

// A oneOf whose alternative is itself a discriminated oneOf (OpenAI's
// InputItem → Item) is one union of every kind: an interface cannot be a
// kind of another.
func TestUnionOfUnions(t *testing.T) {
	api := build(t, `openapi: 3.0.0
info: {title: t, version: "1"}
paths:
  /a:
    post:
      operationId: A_Post
      requestBody: {content: {application/json: {schema: {$ref: "#/components/schemas/InputItem"}}}}
      responses: {"204": {description: ok}}
components:
  schemas:
    InputItem:
      discriminator: {propertyName: type}
      oneOf: [{$ref: "#/components/schemas/Easy"}, {$ref: "#/components/schemas/Item"}]
    Item:
      type: object
      discriminator: {propertyName: type, mapping: {message: "#/components/schemas/Message", call: "#/components/schemas/Call"}}
      oneOf: [{$ref: "#/components/schemas/Message"}, {$ref: "#/components/schemas/Call"}]
    Easy: {type: object, properties: {type: {type: string}}}
    Message: {type: object, properties: {type: {type: string}, text: {type: string}}}
    Call: {type: object, properties: {type: {type: string}, name: {type: string}}}
`)
	var got []string
	for _, ty := range api.Types {
		if ty.Name == "InputItem" {
			for _, v := range ty.Union.Variants {
				got = append(got, v.Value+"="+v.Type.Name)
			}
		}
	}
	if want := "Easy=Easy call=Call message=Message"; strings.Join(got, " ") != want {
		t.Errorf("InputItem's kinds: %v, want %s", got, want)
	}
}

// A name no struct tag can hold, for encoding/json or for vet (a space,
// a backquote, a quote), is written by the type's codec.
func TestTagName(t *testing.T) {
	for name, want := range map[string]bool{"a": true, "odata.type": true, "a b": false, "a`b": false, `a"b`: false, "a,b": false, "": false} {
		if got := model.TagName(name); got != want {
			t.Errorf("TagName(%q) = %v, want %v", name, got, want)
		}
	}
}

// OpenAPI 3.2: the query method and additionalOperations are operations
// (pointed at where they are written), a form querystring is one object
// parameter sent form-exploded, and the device flow's scopes count.
func TestOAS32Operations(t *testing.T) {
	api := build(t, `openapi: 3.2.0
info: {title: t, version: "1"}
paths:
  /items:
    query:
      operationId: Items_Search
      requestBody: {content: {application/json: {schema: {type: object, properties: {q: {type: string}}}}}}
      responses: {"200": {description: ok}}
    get:
      operationId: Items_List
      parameters:
        - name: filter
          in: querystring
          content: {application/x-www-form-urlencoded: {schema: {type: object, properties: {color: {type: string}}}}}
      responses: {"200": {description: ok}}
    additionalOperations:
      PURGE: {operationId: Items_Purge, responses: {"204": {description: ok}}}
components:
  securitySchemes:
    d:
      type: oauth2
      flows: {deviceAuthorization: {deviceAuthorizationUrl: "https://x/d", tokenUrl: "https://x/t", scopes: {"a:read": r}}}
`)
	var got []string
	for _, op := range api.Groups[0].Operations {
		got = append(got, op.Method+" "+op.Pointer+" "+strconv.FormatBool(op.Idempotent))
		if op.GoName == "List" && (op.Options == nil || len(op.Options.Params) != 1 || !op.Options.Params[0].IsObject() || !op.Options.Params[0].Explode) {
			t.Errorf("querystring parameter: %+v", op.Options)
		}
	}
	want := "GET #/paths/~1items/get true, PURGE #/paths/~1items/additionalOperations/PURGE false, QUERY #/paths/~1items/query true"
	if strings.Join(got, ", ") != want {
		t.Errorf("operations:\n%s\nwant\n%s", strings.Join(got, ", "), want)
	}
	if strings.Join(api.Scopes, " ") != "a:read" {
		t.Errorf("scopes %v", api.Scopes)
	}
}
