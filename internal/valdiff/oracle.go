package valdiff

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"net/http"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// The oracle is github.com/santhosh-tekuri/jsonschema/v6, a JSON Schema
// implementation that shares no code with oasgen's, compiling the
// definition's own schemas. It judges them as JSON Schema 2020-12 does,
// after the transformations below, each of which is a documented
// decision of oasgen's server (README, "Request validation") rather than
// a difference in reading JSON Schema:
//
//   - OpenAPI 3.0's dialect becomes 2020-12: nullable adds "null" to the
//     type (and to an enum: oasgen reads nullable as allowing null
//     whatever the enum says, as kin-openapi does), a boolean
//     exclusiveMinimum/Maximum moves the bound, a $ref has no siblings;
//   - a request is not held to a readOnly property's required;
//   - an enum with x-ms-enum modelAsString: true allows other values;
//   - a pattern Go's regexp cannot compile is dropped (oasgen warns);
//   - a discriminated union is checked as the kind its discriminator
//     names (OpenAPI's discriminator), not as oneOf's "exactly one";
//   - a schema without type that has properties (or additionalProperties,
//     or an allOf of several parts) is an object or null, one with items
//     an array or null: oasgen infers the type, as Azure's definitions
//     leave it out, and its Go type holds nothing else;
//   - formats: int32 and int64 are ranges (of a number, or of an integer
//     written in a string: TypeSpec's encoding), byte is padded base64,
//     date-time-rfc1123/rfc7231 are HTTP dates; semver and period (which
//     this implementation knows and OpenAPI does not) are not checked.

// docURL is the oracle's name for the definition.
const docURL = "mem://definition.json"

// oracle compiles the schemas of one definition.
type oracle struct {
	c   *jsonschema.Compiler
	doc map[string]any
}

// newOracle prepares doc (an OpenAPI 3.0 or 3.1 document decoded with
// UseNumber) for the compiler, in place.
func newOracle(doc map[string]any) (*oracle, error) {
	oas30 := strings.HasPrefix(fmt.Sprint(doc["openapi"]), "3.0")
	walkDoc(doc, func(s map[string]any) { requestView(s, doc, oas30) })
	unions(doc)
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	c.AssertFormat()
	for _, f := range formats {
		c.RegisterFormat(f)
	}
	if err := c.AddResource(docURL, any(doc)); err != nil {
		return nil, err
	}
	return &oracle{c: c, doc: doc}, nil
}

// compile compiles the schema at the JSON pointer ptr of the document.
func (o *oracle) compile(ptr string) (*jsonschema.Schema, error) {
	return o.c.Compile(docURL + "#" + ptr)
}

// formats the oracle asserts besides its own (see the package comment).
var formats = []*jsonschema.Format{
	{Name: "int32", Validate: intRange(-1<<31, 1<<31-1)},
	{Name: "int64", Validate: intRange(-1<<63, 1<<63-1)},
	{Name: "byte", Validate: func(v any) error {
		s, ok := v.(string)
		if !ok {
			return nil
		}
		if strings.ContainsAny(s, "\r\n") {
			return errors.New("line break in base64")
		}
		_, err := base64.StdEncoding.DecodeString(s)
		return err
	}},
	{Name: "date-time-rfc1123", Validate: httpDate},
	{Name: "date-time-rfc7231", Validate: httpDate},
	{Name: "semver", Validate: func(any) error { return nil }},
	{Name: "period", Validate: func(any) error { return nil }},
}

// intDigits is an integer as JSON writes it (what encoding/json's
// ",string" option reads inside the quotes).
var intDigits = regexp.MustCompile(`^-?(0|[1-9][0-9]*)$`)

func intRange(lo, hi int64) func(any) error {
	return func(v any) error {
		n, ok := v.(json.Number)
		if s, isString := v.(string); isString {
			if !intDigits.MatchString(s) {
				return fmt.Errorf("%q is not an integer", s)
			}
			n, ok = json.Number(s), true
		}
		if !ok {
			return nil
		}
		r, ok := new(big.Rat).SetString(string(n))
		if !ok || !r.IsInt() || r.Num().Cmp(big.NewInt(lo)) < 0 || r.Num().Cmp(big.NewInt(hi)) > 0 {
			return fmt.Errorf("%s out of range", n)
		}
		return nil
	}
}

func httpDate(v any) error {
	s, ok := v.(string)
	if !ok {
		return nil
	}
	_, err := http.ParseTime(s)
	return err
}

// walkDoc calls f on every schema of an OpenAPI document, each once.
func walkDoc(doc map[string]any, f func(map[string]any)) {
	var schema func(v any)
	schema = func(v any) {
		s, ok := v.(map[string]any)
		if !ok {
			return
		}
		f(s)
		for _, k := range []string{"items", "additionalProperties", "not", "if", "then", "else", "contains", "propertyNames", "unevaluatedProperties", "unevaluatedItems", "contentSchema"} {
			schema(s[k])
		}
		for _, k := range []string{"allOf", "anyOf", "oneOf", "prefixItems"} {
			if list, ok := s[k].([]any); ok {
				for _, x := range list {
					schema(x)
				}
			}
		}
		for _, k := range []string{"properties", "patternProperties", "dependentSchemas", "$defs"} {
			if m, ok := s[k].(map[string]any); ok {
				for _, x := range m {
					schema(x)
				}
			}
		}
	}
	content := func(v any) {
		if m, ok := v.(map[string]any); ok {
			for _, mt := range m {
				if mm, ok := mt.(map[string]any); ok {
					schema(mm["schema"])
				}
			}
		}
	}
	param := func(v any) {
		if p, ok := v.(map[string]any); ok {
			schema(p["schema"])
			content(p["content"])
		}
	}
	params := func(v any) {
		if list, ok := v.([]any); ok {
			for _, p := range list {
				param(p)
			}
		}
	}
	comps, _ := doc["components"].(map[string]any)
	if m, ok := comps["schemas"].(map[string]any); ok {
		for _, s := range m {
			schema(s)
		}
	}
	if m, ok := comps["parameters"].(map[string]any); ok {
		for _, p := range m {
			param(p)
		}
	}
	if m, ok := comps["requestBodies"].(map[string]any); ok {
		for _, b := range m {
			if bb, ok := b.(map[string]any); ok {
				content(bb["content"])
			}
		}
	}
	for _, section := range []string{"paths", "webhooks"} {
		paths, _ := doc[section].(map[string]any)
		for _, item := range paths {
			pi, ok := item.(map[string]any)
			if !ok {
				continue
			}
			params(pi["parameters"])
			for _, m := range methods {
				op, ok := pi[m].(map[string]any)
				if !ok {
					continue
				}
				params(op["parameters"])
				if rb, ok := op["requestBody"].(map[string]any); ok {
					content(rb["content"])
				}
			}
		}
	}
}

var methods = []string{"get", "put", "post", "delete", "options", "head", "patch", "trace"}

// requestView makes one schema what a request is checked against (the
// package comment's list).
func requestView(s, doc map[string]any, oas30 bool) {
	if oas30 {
		if ref, ok := s["$ref"]; ok {
			for k := range s {
				delete(s, k)
			}
			s["$ref"] = ref
			return
		}
		if s["nullable"] == true {
			if t, ok := s["type"].(string); ok {
				s["type"] = []any{t, "null"}
			}
			if enum, ok := s["enum"].([]any); ok && !slices.Contains(enum, nil) {
				s["enum"] = append(enum, nil)
			}
		}
		delete(s, "nullable")
		for _, k := range []string{"Minimum", "Maximum"} {
			lower := strings.ToLower(k[:1]) + k[1:]
			switch s["exclusive"+k] {
			case true:
				if bound, ok := s[lower]; ok {
					s["exclusive"+k] = bound
					delete(s, lower)
				} else {
					delete(s, "exclusive"+k)
				}
			case false:
				delete(s, "exclusive"+k)
			}
		}
	}
	if _, typed := s["type"]; !typed {
		_, props := s["properties"]
		_, ap := s["additionalProperties"]
		_, items := s["items"]
		parts, _ := s["allOf"].([]any)
		switch {
		case props || ap || len(parts) > 1:
			s["type"] = []any{"object", "null"}
		case items:
			s["type"] = []any{"array", "null"}
		}
	}
	if x, ok := s["x-ms-enum"].(map[string]any); ok && x["modelAsString"] == true {
		delete(s, "enum")
	}
	if p, ok := s["pattern"].(string); ok {
		if _, err := regexp.Compile(p); err != nil {
			delete(s, "pattern")
		}
	}
	if pp, ok := s["patternProperties"].(map[string]any); ok {
		for p := range pp {
			if _, err := regexp.Compile(p); err != nil {
				delete(pp, p)
			}
		}
	}
	props, _ := s["properties"].(map[string]any)
	if req, ok := s["required"].([]any); ok && props != nil {
		s["required"] = slices.DeleteFunc(req, func(name any) bool {
			n, _ := name.(string)
			p, _ := props[n].(map[string]any)
			return readOnly(p, doc)
		})
	}
}

// readOnly reports whether a property schema (or the component it refers
// to) is readOnly.
func readOnly(p, doc map[string]any) bool {
	for range 8 {
		if p == nil {
			return false
		}
		if p["readOnly"] == true {
			return true
		}
		ref, _ := p["$ref"].(string)
		if ref == "" {
			return false
		}
		p = component(doc, ref)
	}
	return false
}

const componentPrefix = "#/components/schemas/"

// component is the component schema a local $ref names, nil if none.
func component(doc map[string]any, ref string) map[string]any {
	name, ok := strings.CutPrefix(ref, componentPrefix)
	if !ok || strings.Contains(name, "/") {
		return nil
	}
	name = strings.NewReplacer("~1", "/", "~0", "~").Replace(name)
	comps, _ := doc["components"].(map[string]any)
	schemas, _ := comps["schemas"].(map[string]any)
	s, _ := schemas[name].(map[string]any)
	return s
}

func refTo(name string) string {
	return componentPrefix + strings.NewReplacer("~", "~0", "/", "~1").Replace(name)
}

// kindSchema checks an object as one kind of a union: its discriminator
// property holds value, and the kind's schema holds.
func kindSchema(property, value, ref string) map[string]any {
	return map[string]any{
		"required":   []any{property},
		"properties": map[string]any{property: map[string]any{"const": value}},
		"allOf":      []any{map[string]any{"$ref": ref}},
	}
}

// unions rewrites discriminated unions as oasgen's server checks them
// (model/union.go decides which are unions): a oneOf (or anyOf) of
// component objects with a discriminator becomes an anyOf of each kind
// with its value; a component base with a discriminator that others
// extend with allOf gets a union schema that every other reference to it
// uses: each kind by its value, the base for any other.
func unions(doc map[string]any) {
	comps, _ := doc["components"].(map[string]any)
	schemas, _ := comps["schemas"].(map[string]any)
	walkDoc(doc, func(s map[string]any) {
		d, _ := s["discriminator"].(map[string]any)
		property, _ := d["propertyName"].(string)
		if property == "" {
			return
		}
		key := "oneOf"
		if _, ok := s[key]; !ok {
			key = "anyOf"
		}
		alts, ok := s[key].([]any)
		if !ok || len(alts) == 0 || s["properties"] != nil || s["allOf"] != nil {
			return
		}
		values := mappingValues(d)
		var kinds []any
		for _, a := range alts {
			am, _ := a.(map[string]any)
			ref, _ := am["$ref"].(string)
			target := component(doc, ref)
			if target == nil || !objectSchema(target) {
				return // not a union: checked as written
			}
			name := strings.TrimPrefix(ref, componentPrefix)
			vals := values[ref]
			if len(vals) == 0 {
				vals = []string{strings.NewReplacer("~1", "/", "~0", "~").Replace(name)}
			}
			for _, v := range vals {
				kinds = append(kinds, kindSchema(property, v, ref))
			}
		}
		delete(s, key)
		s["anyOf"] = kinds
	})
	// Hierarchies: kinds extend a base with allOf.
	children := map[string][]string{}
	names := make([]string, 0, len(schemas))
	for n := range schemas {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		s, _ := schemas[n].(map[string]any)
		parts, _ := s["allOf"].([]any)
		for _, p := range parts {
			pm, _ := p.(map[string]any)
			if ref, _ := pm["$ref"].(string); ref != "" {
				if parent, ok := strings.CutPrefix(ref, componentPrefix); ok && parent != n {
					children[parent] = append(children[parent], n)
				}
			}
		}
	}
	unionOf := map[string]string{} // base component → its union's ref
	for _, n := range names {
		s, _ := schemas[n].(map[string]any)
		d, _ := s["discriminator"].(map[string]any)
		property, _ := d["propertyName"].(string)
		if property == "" || s["oneOf"] != nil || s["anyOf"] != nil || !objectSchema(s) {
			continue
		}
		kinds := []string{n}
		for i := 0; i < len(kinds); i++ {
			for _, c := range children[kinds[i]] {
				if !slices.Contains(kinds, c) {
					kinds = append(kinds, c)
				}
			}
		}
		if len(kinds) < 2 {
			continue
		}
		values := mappingValues(d)
		var alts, known []any
		for _, k := range kinds {
			vals := values[refTo(k)]
			if len(vals) == 0 {
				ks, _ := schemas[k].(map[string]any)
				if v, _ := ks["x-ms-discriminator-value"].(string); v != "" {
					vals = []string{v}
				} else if k != n {
					vals = []string{k}
				}
			}
			for _, v := range vals {
				alts = append(alts, kindSchema(property, v, refTo(k)))
				known = append(known, v)
			}
		}
		if len(known) == 0 {
			continue
		}
		alts = append(alts, map[string]any{
			"allOf": []any{map[string]any{"$ref": refTo(n)}},
			"not":   map[string]any{"required": []any{property}, "properties": map[string]any{property: map[string]any{"enum": known}}},
		})
		union := n + "__union"
		schemas[union] = map[string]any{"anyOf": alts}
		unionOf[refTo(n)] = refTo(union)
	}
	if len(unionOf) == 0 {
		return
	}
	// Every reference to a base but a kind's allOf (which extends it) is
	// to its union.
	var rewrite func(v any, inAllOf bool)
	rewrite = func(v any, inAllOf bool) {
		switch x := v.(type) {
		case map[string]any:
			if ref, ok := x["$ref"].(string); ok && !inAllOf {
				if u, ok := unionOf[ref]; ok {
					x["$ref"] = u
				}
			}
			for k, e := range x {
				rewrite(e, k == "allOf")
			}
		case []any:
			for _, e := range x {
				rewrite(e, inAllOf)
			}
		}
	}
	for _, n := range names {
		rewrite(schemas[n], false)
	}
	for k, v := range doc {
		if k != "components" {
			rewrite(v, false)
		}
	}
	for k, v := range comps {
		if k != "schemas" {
			rewrite(v, false)
		}
	}
}

// mappingValues inverts a discriminator mapping: $ref → values.
func mappingValues(d map[string]any) map[string][]string {
	out := map[string][]string{}
	m, _ := d["mapping"].(map[string]any)
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		ref, _ := m[k].(string)
		if !strings.ContainsAny(ref, "/#") {
			ref = refTo(ref)
		}
		out[ref] = append(out[ref], k)
	}
	return out
}

// objectSchema reports whether oasgen makes a struct of s: an object
// with properties or allOf (model.structSchema).
func objectSchema(s map[string]any) bool {
	if _, ok := s["enum"]; ok {
		return false
	}
	t, _ := s["type"].(string)
	_, props := s["properties"]
	_, allOf := s["allOf"]
	return (t == "object" || t == "") && (props || allOf) || t == "object"
}
