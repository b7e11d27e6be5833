package model_test

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/oasgen/oasgen/generator/diag"
	"github.com/oasgen/oasgen/generator/emit"
	"github.com/oasgen/oasgen/generator/load"
	"github.com/oasgen/oasgen/generator/model"
)

// buildWith models spec with cfg (Package and Reserved filled in).
func buildWith(t *testing.T, spec string, cfg model.Config) (*model.API, []diag.Warning, error) {
	t.Helper()
	p := filepath.Join(t.TempDir(), "s.yaml")
	if err := os.WriteFile(p, []byte(spec), 0o644); err != nil {
		t.Fatal(err)
	}
	doc, _, err := load.Load(p)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Package, cfg.Reserved = "x", append([]string{"UUID", "ResponseError"}, emit.Declared...)
	if err := model.CheckConfig(cfg); err != nil {
		return nil, nil, err
	}
	return model.Build(doc, cfg)
}

// A pet shop: Pets_Get returns a Pet (which reaches Owner, a map of Toy,
// a slice of Tag and itself through Parent), Stores_List a page of Store,
// and both answer errors with Error. Unused is reached by nothing.
const shopSpec = `openapi: 3.0.0
info: {title: t, version: "1"}
paths:
  /pets/{id}:
    get:
      operationId: Pets_Get
      tags: [Pets]
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Pet"}}}}
        default: {description: error, content: {application/json: {schema: {$ref: "#/components/schemas/Error"}}}}
  /stores:
    get:
      operationId: Stores_List
      tags: [Stores]
      parameters: [{name: kind, in: query, schema: {$ref: "#/components/schemas/StoreKind"}}]
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/StorePage"}}}}
        default: {description: error, content: {application/json: {schema: {$ref: "#/components/schemas/Error"}}}}
components:
  schemas:
    Error: {type: object, properties: {code: {type: string}, message: {type: string}}}
    Pet:
      type: object
      properties:
        owner: {$ref: "#/components/schemas/Owner"}
        toys: {type: object, additionalProperties: {$ref: "#/components/schemas/Toy"}}
        tags: {type: array, items: {$ref: "#/components/schemas/Tag"}}
        parent: {$ref: "#/components/schemas/Pet"}
    Owner: {type: object, properties: {pets: {type: array, items: {$ref: "#/components/schemas/Pet"}}}}
    Toy: {type: object, properties: {color: {type: string, enum: [red, blue]}}}
    Tag: {type: object, properties: {name: {type: string, pattern: "^[a-z]+$"}}}
    StoreKind: {type: string, enum: [big, small]}
    StorePage: {type: object, properties: {value: {type: array, items: {$ref: "#/components/schemas/Store"}}}}
    Store: {type: object, properties: {name: {type: string}}}
    Unused: {type: object, properties: {x: {type: string}}}
`

func TestFilterErrors(t *testing.T) {
	for _, c := range []struct {
		name       string
		tags, ops  []string
		key, parts string // the ConfigError's key and strings its message holds
	}{
		{"unknown tag", []string{"Pet"}, nil, "tags[0]", `has the tag "Pet"; did you mean Pets? valid tags, closest first: Pets, Stores`},
		{"unknown operation", nil, []string{"Pets_Get", "stores_list"}, "operations[1]", `has no operation "stores_list"; did you mean Stores_List? valid operation ids, closest first: Stores_List, Pets_Get`},
		{"nothing close", []string{"Zebra"}, nil, "tags[0]", `has the tag "Zebra"; valid tags, closest first: `},
		{"operation left out by the tags", []string{"Stores"}, []string{"Pets_Get"}, "operations[0]", `"Pets_Get" has none of the tags Stores (its tags: Pets)`},
		{"tag selecting none of the operations", []string{"Pets", "Stores"}, []string{"Pets_Get"}, "tags[1]", `tag "Stores", so it selects nothing`},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, _, err := buildWith(t, shopSpec, model.Config{Tags: c.tags, Operations: c.ops})
			var ce *model.ConfigError
			if !errors.As(err, &ce) {
				t.Fatalf("err = %v, want a *model.ConfigError", err)
			}
			if ce.Key != c.key || !strings.Contains(ce.Msg, c.parts) {
				t.Errorf("err = %v\nwant key %s and %q", err, c.key, c.parts)
			}
		})
	}
	api, _, err := buildWith(t, shopSpec, model.Config{Tags: []string{"Pets"}, Operations: []string{"Pets_Get"}})
	if err != nil || len(api.Groups) != 1 || api.Groups[0].Operations[0].ID != "Pets_Get" {
		t.Fatalf("tags and operations that agree: %v", err)
	}
}

func TestFormatsChecked(t *testing.T) {
	for typ, want := range map[string]string{
		"string":                                 "",
		"int64":                                  "",
		"github.com/shopspring/decimal.Decimal":  "",
		"gopkg.in/inf.v0.Dec":                    "",
		"strin":                                  `"strin" is not a Go type; did you mean string?`,
		"int":                                    `"int" is not a Go type; did you mean int32?`,
		"Decimal":                                `"Decimal" is not a Go type oasgen can map a format to; want one of string, int32, int64, float32, float64, bool or import/path.Type, a type implementing encoding.TextMarshaler and encoding.TextUnmarshaler`,
		"github.com/shopspring/decimal.decimal":  `"decimal" is not an exported Go identifier`,
		"github.com//decimal.Decimal":            `import path "github.com//decimal": double slash`,
		"github.com/shop spring/decimal.Decimal": `import path "github.com/shop spring/decimal": invalid character ' '`,
		"github.com/shopspring/decimal.":         `"" is not an exported Go identifier`,
		"./decimal.Decimal":                      `invalid path element "."`,
	} {
		_, _, err := buildWith(t, shopSpec, model.Config{Formats: map[string]string{"decimal": typ}})
		switch {
		case want == "" && err != nil:
			t.Errorf("%s: %v", typ, err)
		case want != "" && (err == nil || !strings.Contains(err.Error(), "config formats.decimal: ") || !strings.Contains(err.Error(), want)):
			t.Errorf("%s: err = %v, want %q", typ, err, want)
		}
	}
}

// A formats key no schema uses is most likely a typo: a warning.
func TestUnusedFormatWarns(t *testing.T) {
	spec := strings.Replace(shopSpec, "name: {type: string, pattern", "name: {type: string, format: date-time, pattern", 1)
	_, warns, err := buildWith(t, spec, model.Config{Formats: map[string]string{"date-tme": "string", "date-time": "string"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(warns) != 1 || !strings.HasSuffix(warns[0].String(), ": config formats.date-tme: no string or integer schema has this format, so the mapping does nothing; did you mean date-time? formats in use, closest first: date-time") {
		t.Errorf("warnings: %v", warns)
	}
}

func TestSuggest(t *testing.T) {
	sorted, closest := model.Suggest("operatons", []string{"spec", "output", "operations", "tags"})
	if closest != "operations" || !slices.Equal(sorted, []string{"operations", "output", "spec", "tags"}) {
		t.Errorf("Suggest = %v, %q", sorted, closest)
	}
	if _, closest := model.Suggest("x", []string{"bool"}); closest != "" {
		t.Errorf("x: suggested %q", closest)
	}
}

// Pruning keeps what Pets_Get reaches: through a field (Owner), a map
// (Toy and its enum), a slice (Tag) and a cycle (Pet ↔ Owner), plus the
// error model; the store types and Unused go.
func TestPrune(t *testing.T) {
	full, _, err := buildWith(t, shopSpec, model.Config{Operations: []string{"Pets_Get"}})
	if err != nil {
		t.Fatal(err)
	}
	pruned, _, err := buildWith(t, shopSpec, model.Config{Operations: []string{"Pets_Get"}, Prune: true})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := strings.Join(typeNames(pruned), " "), "Error Owner Pet Tag Toy ToyColor"; got != want {
		t.Errorf("pruned types = %s, want %s (all: %s)", got, want, strings.Join(typeNames(full), " "))
	}
	if !slices.Contains(typeNames(full), "Unused") {
		t.Errorf("without Prune every type stays: %s", typeNames(full))
	}
	stores, _, err := buildWith(t, shopSpec, model.Config{Tags: []string{"Stores"}, Prune: true})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := strings.Join(typeNames(stores), " "), "Error Store StoreKind StorePage"; got != want {
		t.Errorf("Stores types = %s, want %s", got, want)
	}
}

// Reachable over a hand-made model: a union reaches its kinds and its
// base, a kind alone does not reach its union, and an alias reaches its
// underlying type through a map of slices.
func TestReachableUnions(t *testing.T) {
	named := func(d *model.Type) model.TypeRef { return model.TypeRef{Kind: model.KindNamed, Name: d.Name, Decl: d} }
	base := &model.Type{Name: "Fish", Kind: model.DeclStruct}
	kind := &model.Type{Name: "Shark", Kind: model.DeclStruct}
	union := &model.Type{Name: "FishClassification", Kind: model.DeclUnion, Union: &model.Union{
		Base: base, Variants: []*model.Variant{{Value: "shark", Type: kind}}}}
	base.Fields = []*model.Field{{GoName: "Siblings", Type: model.TypeRef{Kind: model.KindSlice, Elem: &model.TypeRef{Kind: model.KindNamed, Name: union.Name, Decl: union}}}}
	leaf := &model.Type{Name: "Leaf", Kind: model.DeclStruct}
	slice := model.TypeRef{Kind: model.KindSlice, Elem: &model.TypeRef{Kind: model.KindNamed, Name: "Leaf", Decl: leaf}}
	alias := &model.Type{Name: "Forest", Kind: model.DeclAlias, Underlying: &model.TypeRef{Kind: model.KindMap, Elem: &slice}}
	other := &model.Type{Name: "Other", Kind: model.DeclStruct}
	api := &model.API{Types: []*model.Type{base, union, alias, leaf, other, kind}}
	op := &model.Operation{Response: &model.Response{}}
	api.Groups = []*model.Group{{Operations: []*model.Operation{op}}}

	op.Body = &model.Body{Type: named(kind)}
	if got := names(model.Reachable(api)); got != "Shark" {
		t.Errorf("from a kind: %s, want Shark", got)
	}
	op.Body = nil
	op.Response.Headers = []*model.Header{{Type: named(alias)}}
	op.Errors = []*model.ErrorResponse{{Type: named(base)}}
	if got := names(model.Reachable(api)); got != "Fish FishClassification Forest Leaf Shark" {
		t.Errorf("from a base and an alias: %s", got)
	}
	model.Prune(api)
	if got := strings.Join(typeNames(api), " "); got != "Fish FishClassification Forest Leaf Shark" {
		t.Errorf("pruned, in their order: %s", got)
	}
}

func names(set map[*model.Type]bool) string {
	var out []string
	for t := range set {
		out = append(out, t.Name)
	}
	slices.Sort(out)
	return strings.Join(out, " ")
}
