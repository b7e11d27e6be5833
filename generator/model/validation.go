package model

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Request validation. The server checks each request before the server
// method runs: what a value's Go type cannot hold (a string that is too
// long, an array with a duplicate, an object missing a property, a value
// that matches a not) is described here as data, one Schema per schema of
// the definition a request reaches, and emit/validate.go writes them as a
// table that support_server_validate.go walks over the raw JSON. The
// Schemas follow the definition's schemas keyword by keyword, so that
// what JSON Schema says of a keyword holds of its Schema; what their Go
// types already enforce is left out (validationbuild.go).

// JSONType is a set of JSON types, as the type keyword lists them.
type JSONType uint8

const (
	JSONNull JSONType = 1 << iota
	JSONBoolean
	JSONObject
	JSONArray
	JSONNumber  // any number
	JSONInteger // a number without a fractional part; implied by JSONNumber
	JSONString

	// JSONAnyButNull is every type but null: a value whose Go type the
	// decoder has checked, which is valid unless it is null.
	JSONAnyButNull = JSONBoolean | JSONObject | JSONArray | JSONNumber | JSONInteger | JSONString
)

// jsonTypeNames name the types in the order of the constants.
var jsonTypeNames = []string{"null", "boolean", "object", "array", "number", "integer", "string"}

// String lists the types as the type keyword would, sorted by name.
func (t JSONType) String() string {
	var names []string
	for i, n := range jsonTypeNames {
		if t&(1<<i) != 0 && !(n == "integer" && t&JSONNumber != 0) {
			names = append(names, n)
		}
	}
	slices.Sort(names)
	return strings.Join(names, ",")
}

// Schema is one schema as the server checks it, keyword by keyword. A nil
// *Schema accepts every value (the schema true, or one whose keywords its
// Go type already enforces); Never is the schema false.
type Schema struct {
	Index   int    // its row in the table (API.Schemas[Index-1]); 0 until numbered
	Name    string // the constant naming its row in the generated table
	Pointer string // where it is written (a component's pointer for a $ref)
	hint    string // what Name is made from
	// Types are the JSON types a value may have (type, with OpenAPI 3.0's
	// nullable); 0: any. Where the decoder has already checked the
	// value's Go type, only null is left to refuse (JSONAnyButNull).
	Types JSONType
	Never bool // false: no value is valid
	Checks
	// NumberString: the value is an integer carried as a JSON string
	// (type string, format int32 or int64): the number keywords apply to
	// the number inside the quotes, which the server method receives.
	NumberString bool

	// Objects. Fold: member names match Properties as the Go decoder
	// matches them to struct fields (the exact name, else in any case; the
	// last member wins), so that the value checked is the value decoded.
	Properties            []*Property // sorted by Name
	Fold                  bool
	AdditionalProperties  *Schema // for members no property or pattern takes; nil: any
	PatternProperties     []*PatternProperty
	PropertyNames         *Schema
	DependentSchemas      []*DependentSchema // sorted by Property
	UnevaluatedProperties *Schema

	// Arrays. MinContains and MaxContains bound how many items match
	// Contains (1 and -1, none, unless written).
	Items            *Schema
	PrefixItems      []*Schema
	Contains         *Schema
	MinContains      int
	MaxContains      int
	UnevaluatedItems *Schema

	// Any value.
	AllOf, AnyOf, OneOf []*Schema
	Not, If, Then, Else *Schema
	// Discriminator is set where the value is one of a union's kinds: the
	// kind its property names is checked (OpenAPI's discriminator), in
	// place of a oneOf's alternatives.
	Discriminator *Discriminator
}

// Property is one entry of properties, or a required name.
type Property struct {
	Name     string
	Schema   *Schema // nil: any value
	Required bool
	// ReadOnly: readOnly, which a request should not send: never
	// required there; a value sent is checked as JSON Schema says, then
	// cleared before the server method sees it.
	ReadOnly bool
}

// PatternProperty is one entry of patternProperties (a pattern Go's
// regexp compiles).
type PatternProperty struct {
	Pattern string
	Schema  *Schema
}

// DependentSchema is one entry of dependentSchemas.
type DependentSchema struct {
	Property string
	Schema   *Schema
}

// Discriminator checks an object with the schema of the kind its property
// names (the last member of exactly that name; not a string is no name).
type Discriminator struct {
	Property string
	Kinds    []*DiscriminatorKind // sorted by Value
	Other    *Schema              // any other name, and none; nil: any
	Closed   bool                 // another name is an error (a oneOf has no base to decode it into)
}

// DiscriminatorKind is the schema of one discriminator value.
type DiscriminatorKind struct {
	Value  string
	Schema *Schema
}

// Keyword is one keyword of a Schema as text, for comparing two versions
// of a definition: Name is unique within the Schema (a keyword with
// entries has one per entry: "properties/name", "required/name",
// "allOf/0"), Value its argument (canonical JSON for enum and const, a
// decimal for numbers), and Sub its subschema when it has one.
type Keyword struct {
	Name  string
	Value string
	Sub   *Schema
}

// Keywords lists s's keywords, sorted by Name; Sub is nil for a
// subschema that accepts everything. A nil s has none.
func (s *Schema) Keywords() []Keyword {
	if s == nil {
		return nil
	}
	var out []Keyword
	add := func(name, value string) { out = append(out, Keyword{Name: name, Value: value}) }
	sub := func(name string, x *Schema) {
		if x != nil {
			out = append(out, Keyword{Name: name, Sub: x})
		}
	}
	subs := func(name string, xs []*Schema) {
		for i, x := range xs {
			out = append(out, Keyword{Name: name + "/" + strconv.Itoa(i), Sub: x})
		}
	}
	if s.Types != 0 {
		add("type", s.Types.String())
	}
	if s.Never {
		add("false", "")
	}
	out = append(out, s.Checks.Keywords()...)
	if s.NumberString {
		add("numberString", "")
	}
	for _, p := range s.Properties {
		sub("properties/"+p.Name, p.Schema)
		if p.Required {
			add("required/"+p.Name, "")
		}
		if p.ReadOnly {
			add("readOnly/"+p.Name, "")
		}
	}
	sub("additionalProperties", s.AdditionalProperties)
	for _, p := range s.PatternProperties {
		sub("patternProperties/"+p.Pattern, p.Schema)
	}
	sub("propertyNames", s.PropertyNames)
	for _, d := range s.DependentSchemas {
		sub("dependentSchemas/"+d.Property, d.Schema)
	}
	sub("unevaluatedProperties", s.UnevaluatedProperties)
	sub("items", s.Items)
	subs("prefixItems", s.PrefixItems)
	if s.Contains != nil {
		sub("contains", s.Contains)
		add("minContains", strconv.Itoa(s.MinContains))
		if s.MaxContains >= 0 {
			add("maxContains", strconv.Itoa(s.MaxContains))
		}
	}
	sub("unevaluatedItems", s.UnevaluatedItems)
	subs("allOf", s.AllOf)
	subs("anyOf", s.AnyOf)
	subs("oneOf", s.OneOf)
	sub("not", s.Not)
	sub("if", s.If)
	sub("then", s.Then)
	sub("else", s.Else)
	if d := s.Discriminator; d != nil {
		add("discriminator", d.Property)
		for _, k := range d.Kinds {
			out = append(out, Keyword{Name: "discriminator/" + k.Value, Value: k.Value, Sub: k.Schema})
		}
		sub("discriminator/*", d.Other)
		if d.Closed {
			add("discriminator/closed", "")
		}
	}
	slices.SortStableFunc(out, func(a, b Keyword) int { return strings.Compare(a.Name, b.Name) })
	return out
}

// Keywords lists the keywords of c that are set, as Schema.Keywords does.
func (c *Checks) Keywords() []Keyword {
	var out []Keyword
	add := func(name, value string) { out = append(out, Keyword{Name: name, Value: value}) }
	bound := func(name string, v *float64, exclusive bool) {
		if v != nil {
			if exclusive {
				name = "exclusive" + strings.ToUpper(name[:1]) + name[1:]
			}
			add(name, Decimal(*v))
		}
	}
	bound("minimum", c.Min, c.ExclusiveMin)
	bound("maximum", c.Max, c.ExclusiveMax)
	if c.MultipleOf != "" {
		add("multipleOf", c.MultipleOf)
	}
	sizes := func(minName string, min int, maxName string, max int) {
		if min > 0 {
			add(minName, strconv.Itoa(min))
		}
		if max >= 0 {
			add(maxName, strconv.Itoa(max))
		}
	}
	sizes("minLength", c.MinLength, "maxLength", c.MaxLength)
	if c.Pattern != "" {
		add("pattern", c.Pattern)
	}
	if c.Format != "" {
		add("format", c.Format)
	}
	sizes("minItems", c.MinItems, "maxItems", c.MaxItems)
	if c.UniqueItems {
		add("uniqueItems", "true")
	}
	sizes("minProperties", c.MinProperties, "maxProperties", c.MaxProperties)
	for _, d := range c.DependentRequired {
		add("dependentRequired/"+d.Property, strings.Join(d.Required, ","))
	}
	switch {
	case c.Const:
		add("const", c.Enum[0])
	case c.Enum != nil:
		add("enum", "["+strings.Join(c.Enum, ",")+"]")
	}
	return out
}

// IsZero reports whether c has no keyword set.
func (c *Checks) IsZero() bool {
	return c.Min == nil && c.Max == nil && c.MultipleOf == "" && c.MinLength == 0 && c.MaxLength < 0 &&
		c.Pattern == "" && c.Format == "" && c.MinItems == 0 && c.MaxItems < 0 && !c.UniqueItems &&
		c.MinProperties == 0 && c.MaxProperties < 0 && len(c.DependentRequired) == 0 && c.Enum == nil
}

// Decimal writes a number of the definition as the shortest decimal that
// reads back as the same float64: the text the definition most likely
// wrote ("0.01", not 0.01000000000000000020816681711721685).
func Decimal(v float64) string {
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// CheckedFormats are the formats the server checks a string (or, for
// int32 and int64, a number) against; others are accepted, as JSON
// Schema says of formats it does not know. idn-email and idn-hostname
// need Unicode tables the standard library does not have, regex is
// ECMA-262's dialect, and the rest (password, binary, float, double…)
// assert nothing.
var CheckedFormats = []string{
	"byte", "date", "date-time", "duration", "email", "hostname", "int32", "int64",
	"ipv4", "ipv6", "iri", "iri-reference", "json-pointer", "relative-json-pointer",
	"time", "uri", "uri-reference", "uri-template", "uuid",
}

// checkedFormat reports whether the server checks format f.
func checkedFormat(f string) bool {
	_, ok := slices.BinarySearch(CheckedFormats, f)
	return ok
}

// String describes s for messages and tests: its pointer and keywords.
func (s *Schema) String() string {
	if s == nil {
		return "true"
	}
	var parts []string
	for _, k := range s.Keywords() {
		switch {
		case k.Sub != nil:
			parts = append(parts, fmt.Sprintf("%s:#%d", k.Name, k.Sub.Index))
		case k.Value != "":
			parts = append(parts, k.Name+"="+k.Value)
		default:
			parts = append(parts, k.Name)
		}
	}
	return s.Pointer + " {" + strings.Join(parts, " ") + "}"
}
