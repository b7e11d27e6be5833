package model

import (
	"fmt"
	"maps"
	"math"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/oasgen/oasgen/generator/diag"
)

const componentPrefix = "#/components/schemas/"

// componentName returns the component schema a local $ref names.
func componentName(ref string) (string, bool) {
	if !strings.HasPrefix(ref, componentPrefix) {
		return "", false
	}
	n := strings.TrimPrefix(ref, componentPrefix)
	return diag.UnescapeToken(n), !strings.Contains(n, "/")
}

// schemaPointer is where a component schema is written in the source.
func (b *builder) schemaPointer(name string) string {
	if b.doc.Swagger2 {
		return diag.Pointer("definitions", name)
	}
	return diag.Pointer("components", "schemas", name)
}

// declareComponents claims a Go name for every component schema, in
// sorted order, before any is converted, so that references between
// them (including cycles) resolve.
func (b *builder) declareComponents() {
	schemas := b.doc.T.Components.Schemas
	for _, name := range slices.Sorted(maps.Keys(schemas)) {
		s := schemas[name]
		var ext map[string]any
		if s != nil && s.Value != nil {
			if prim, ok := b.primitiveAlias(s.Value); ok && s.Ref == "" {
				b.prims[name] = prim
				continue
			}
			ext = s.Value.Extensions
		}
		goName := b.typeName(name, ext, b.schemaPointer(name))
		t := &Type{Name: b.ns.claim(goName, "Model"), Pointer: b.schemaPointer(name)}
		b.components[name] = t
		if s != nil && s.Value != nil {
			b.byValue[s.Value] = t
		}
	}
}

// defineComponents fills in the declared component types.
func (b *builder) defineComponents() {
	schemas := b.doc.T.Components.Schemas
	for _, name := range slices.Sorted(maps.Keys(schemas)) {
		t := b.components[name]
		s := schemas[name]
		if t == nil {
			continue // a primitive alias
		}
		if s == nil || s.Value == nil {
			b.define(t, &openapi3.Schema{}, t.Pointer)
			continue
		}
		if t.Kind == DeclUnion { // declared by declareUnions
			t.Doc = docOf(s.Value)
			b.types = append(b.types, t)
			continue
		}
		if other, ok := componentName(s.Ref); ok && b.components[other] != nil {
			if u := b.unionBehind(other); u != nil {
				// A defined type over an interface can have no methods:
				// the component is a union of the same kinds instead.
				t.Kind, t.Doc = DeclUnion, docOf(s.Value)
				t.Union = &Union{Property: u.Property, Base: u.Base, Variants: slices.Clone(u.Variants)}
				b.types = append(b.types, t)
				continue
			}
			// Defined over the end of a chain of plain $refs, not over
			// the next link: the same underlying type (so the same Go
			// conversions), but no chain for the type checker, whose time
			// grows with the square of its length (4,000 links: 105 s).
			ref := b.named(b.components[b.chainEnd(other)])
			t.Kind, t.Underlying, t.Doc = DeclAlias, &ref, docOf(s.Value)
			b.types = append(b.types, t)
			continue
		}
		b.define(t, s.Value, t.Pointer)
	}
}

// unionBehind is the union a component is, or refers to through other
// components' plain $refs; nil when there is none.
func (b *builder) unionBehind(name string) *Union {
	schemas := b.doc.T.Components.Schemas
	for range 64 {
		t := b.components[name]
		if t == nil {
			return nil
		}
		if t.Kind == DeclUnion {
			return t.Union
		}
		s := schemas[name]
		if s == nil {
			return nil
		}
		next, ok := componentName(s.Ref)
		if !ok {
			return nil
		}
		name = next
	}
	return nil
}

// MaxDepth is how deeply inline schemas (array items, properties,
// additional properties, allOf parts not named under components) may
// nest. Each level's Go type spells every level below it, so the output
// grows with the square of the depth: 1,000 nested arrays made 23 MB of
// code, 5,000 ran out of memory.
const MaxDepth = 64

// MaxInheritance is how many levels of allOf $refs from one component to
// the next a component may inherit through. A kind of a polymorphic base
// implements the interface of each of its ancestors, each method copying
// that ancestor's properties, so the output grows with the cube of the
// depth (200 levels, a 20 KB definition: 31 MB of Go); the deepest
// inheritance of the public corpus is 8 levels.
const MaxInheritance = 32

// checkInheritance refuses, at the first component in name order, an
// allOf inheritance deeper than MaxInheritance.
func (b *builder) checkInheritance() error {
	schemas := b.doc.T.Components.Schemas
	depth := map[string]int{}
	var walk func(name string, onPath map[string]bool) int
	walk = func(name string, onPath map[string]bool) int {
		if d, ok := depth[name]; ok {
			return d
		}
		s := schemas[name]
		if s == nil || s.Value == nil || onPath[name] {
			return 0
		}
		onPath[name] = true
		d := 0
		for _, part := range s.Value.AllOf {
			if next, ok := componentName(part.Ref); ok {
				if d = max(d, walk(next, onPath)+1); d > MaxInheritance {
					break
				}
			}
		}
		delete(onPath, name)
		depth[name] = d
		return d
	}
	for _, name := range slices.Sorted(maps.Keys(schemas)) {
		if walk(name, map[string]bool{}) > MaxInheritance {
			return diag.Errorf(b.doc.File, b.schemaPointer(name), "", "inherits through more than %d levels of allOf (oasgen's limit; the output would grow with the cube of the depth)", MaxInheritance)
		}
	}
	return nil
}

// fail records the first error found while types are converted, which
// return no error of their own; Build returns it.
func (b *builder) fail(ptr, format string, args ...any) {
	if b.err == nil {
		b.err = diag.Errorf(b.doc.File, ptr, "", format, args...)
	}
}

func (b *builder) named(t *Type) TypeRef { return TypeRef{Kind: KindNamed, Name: t.Name, Decl: t} }

// typeOf returns the Go type of a schema; hint names any type it must
// declare for an inline object or enum.
func (b *builder) typeOf(sr *openapi3.SchemaRef, hint, ptr string) TypeRef {
	if sr == nil || sr.Value == nil {
		return TypeRef{Kind: KindBuiltin, Name: "any"}
	}
	if name, ok := componentName(sr.Ref); ok {
		if prim, ok := b.prims[name]; ok {
			return prim
		}
		if t := b.components[name]; t != nil {
			return b.ref(t)
		}
	}
	if t, ok := b.byValue[sr.Value]; ok {
		return b.ref(t)
	}
	if b.depth >= MaxDepth {
		b.fail(ptr, "schema nested more than %d levels deep (oasgen's limit): declare an inner schema under components and refer to it", MaxDepth)
		return TypeRef{Kind: KindBuiltin, Name: "any"}
	}
	b.depth++
	defer func() { b.depth-- }()
	if sr.Ref != "" {
		// An external file's schema: name it after the last pointer token.
		if i := strings.LastIndexAny(sr.Ref, "/#"); i >= 0 && i+1 < len(sr.Ref) {
			hint = GoName(sr.Ref[i+1:])
		}
	}
	return b.inline(sr.Value, hint, ptr)
}

func (b *builder) inline(s *openapi3.Schema, hint, ptr string) TypeRef {
	typ := schemaType(s)
	b.enumProblems(s, ptr)
	if s.Type != nil && typ == "" && len(s.Type.Slice()) > 1 {
		b.warnOnce(ptr+"/type", "type %v has no one Go type: generated as any", s.Type.Slice())
	}
	if s.Format == "file" || s.Format == "binary" && typ != "array" {
		// Swagger 2.0's file type, as openapi2conv or APIs.guru convert it.
		return TypeRef{Kind: KindStream}
	}
	switch {
	case len(s.AllOf) == 1 && len(s.Properties) == 0 && typ != "array":
		return b.typeOf(s.AllOf[0], hint, ptr+"/allOf/0")
	case len(s.AllOf) > 0:
		return b.declare(s, hint, ptr)
	case len(s.OneOf) > 0 || len(s.AnyOf) > 0:
		if len(s.Properties) > 0 {
			return b.declare(s, hint, ptr)
		}
		if u, ok := b.declareInlineUnion(s, hint, ptr); ok {
			return u
		}
		b.untyped(ptr, "oneOf/anyOf")
		return TypeRef{Kind: KindRaw}
	case len(enumOf(s)) > 0 && (typ == "string" || typ == "integer" || typ == "") && enumBase(s) != "":
		return b.declare(s, hint, ptr)
	case typ == "array" && len(s.PrefixItems) > 0:
		b.untyped(ptr+"/prefixItems", "prefixItems (a tuple)")
		return TypeRef{Kind: KindSlice, Elem: &TypeRef{Kind: KindRaw}}
	case typ == "array":
		elem := b.typeOf(s.Items, hint+"Item", ptr+"/items")
		return TypeRef{Kind: KindSlice, Elem: &elem}
	case typ == "object":
		if len(s.Properties) == 0 {
			return b.mapOf(s, hint, ptr)
		}
		return b.declare(s, hint, ptr)
	case typ == "string":
		return b.stringType(s)
	case typ == "integer":
		if mapped, ok := b.mapped(s.Format); ok {
			return mapped
		}
		if s.Format == "int32" {
			return TypeRef{Kind: KindBuiltin, Name: "int32"}
		}
		return TypeRef{Kind: KindBuiltin, Name: "int64"}
	case typ == "number":
		if s.Format == "float" {
			return TypeRef{Kind: KindBuiltin, Name: "float32"}
		}
		return TypeRef{Kind: KindBuiltin, Name: "float64"}
	case typ == "boolean":
		return TypeRef{Kind: KindBuiltin, Name: "bool"}
	}
	return TypeRef{Kind: KindBuiltin, Name: "any"}
}

// schemaType is the schema's type, inferred from its keywords when absent:
// Azure definitions often omit "type": "object".
func schemaType(s *openapi3.Schema) string {
	if s.Type != nil {
		var one string
		for _, t := range *s.Type {
			switch {
			case t == "null":
			case one != "":
				return "" // OpenAPI 3.1 type [string, integer]: no one Go type
			default:
				one = t
			}
		}
		if one != "" {
			return one
		}
	}
	switch {
	case len(s.Properties) > 0 || s.AdditionalProperties.Schema != nil || s.AdditionalProperties.Has != nil:
		return "object"
	case s.Items != nil:
		return "array"
	case len(s.AllOf) > 0:
		return "object"
	}
	return ""
}

func (b *builder) mapOf(s *openapi3.Schema, hint, ptr string) TypeRef {
	elem := TypeRef{Kind: KindBuiltin, Name: "any"}
	if ap := s.AdditionalProperties.Schema; ap != nil {
		elem = b.typeOf(ap, hint+"Value", ptr+"/additionalProperties")
	}
	return TypeRef{Kind: KindMap, Elem: &elem}
}

func (b *builder) stringType(s *openapi3.Schema) TypeRef {
	if mapped, ok := b.mapped(s.Format); ok {
		return mapped
	}
	if t, ok := stringFormat(s.Format); ok {
		return t
	}
	switch s.Format {
	case "date-time", "date-time-rfc1123":
		return TypeRef{Kind: KindTime, Format: s.Format}
	case "uuid":
		return TypeRef{Kind: KindUUID}
	case "byte", "base64url":
		return TypeRef{Kind: KindBytes}
	case "binary", "file":
		return TypeRef{Kind: KindStream}
	}
	return TypeRef{Kind: KindBuiltin, Name: "string"}
}

// mapped applies a user's format → Go type mapping.
func (b *builder) mapped(format string) (TypeRef, bool) {
	if format == "" {
		return TypeRef{}, false
	}
	b.formats[format] = true
	if b.cfg.Formats == nil {
		return TypeRef{}, false
	}
	target, ok := b.cfg.Formats[format]
	if !ok {
		return TypeRef{}, false
	}
	if i := strings.LastIndex(target, "."); i > 0 {
		return TypeRef{Kind: KindExternal, Import: target[:i], Name: target[i+1:]}, true
	}
	return TypeRef{Kind: KindBuiltin, Name: target}, true
}

func (b *builder) untyped(ptr, why string) {
	b.untypedCount++
	b.warnf(ptr, "%s is not typed: generated as json.RawMessage", why)
}

// declare makes a named type for an inline schema.
func (b *builder) declare(s *openapi3.Schema, hint, ptr string) TypeRef {
	if t, ok := b.byValue[s]; ok {
		return b.named(t)
	}
	if x := enumName(s); x != "" {
		if t := b.enumByName[x]; t != nil {
			return b.named(t)
		}
		hint = GoName(stripNamespace(x))
	}
	t := &Type{Name: b.ns.claim(hint, ""), Pointer: ptr}
	b.byValue[s] = t
	if x := enumName(s); x != "" {
		b.enumByName[x] = t
	}
	b.define(t, s, ptr)
	return b.named(t)
}

// define fills in a declared type from its schema.
func (b *builder) define(t *Type, s *openapi3.Schema, ptr string) {
	t.Doc = docOf(s)
	b.enumProblems(s, ptr)
	b.types = append(b.types, t)
	switch {
	case isEnum(s):
		b.defineEnum(t, s)
	case isMap(s):
		ref := b.mapOf(s, t.Name, ptr)
		t.Kind, t.Underlying = DeclAlias, &ref
	case structSchema(s):
		b.defineStruct(t, s, ptr)
	default:
		ref := b.inline(s, t.Name, ptr)
		t.Kind, t.Underlying = DeclAlias, &ref
	}
}

func isEnum(s *openapi3.Schema) bool {
	typ := schemaType(s)
	return len(enumOf(s)) > 0 && enumBase(s) != "" && (typ == "string" || typ == "integer" || typ == "")
}

func isMap(s *openapi3.Schema) bool {
	return schemaType(s) == "object" && len(s.Properties) == 0 && len(s.AllOf) == 0 && len(s.OneOf) == 0 && len(s.AnyOf) == 0
}

// structSchema reports whether define makes a struct of s.
func structSchema(s *openapi3.Schema) bool {
	return !isEnum(s) && !isMap(s) && (schemaType(s) == "object" || len(s.AllOf) > 0 || len(s.Properties) > 0)
}

// enumOf is a schema's enum, or its OpenAPI 3.1 const as an enum of one
// value (a typed constant, validated like any enum).
func enumOf(s *openapi3.Schema) []any {
	if len(s.Enum) == 0 && s.Const != nil {
		return []any{s.Const}
	}
	return s.Enum
}

// enumKey is the keyword enumOf read.
func enumKey(s *openapi3.Schema) string {
	if len(s.Enum) == 0 && s.Const != nil {
		return "const"
	}
	return "enum"
}

func enumBase(s *openapi3.Schema) string {
	base, _, _ := enumValues(s)
	return base
}

// enumValues sorts an enum's values into those its Go type can hold and
// the others: an integer enum keeps its integral numbers (2.5 cannot
// arrive in an integer), a string enum its strings. An enum without a
// type is a string enum when all its values are strings; otherwise, or
// when nothing is kept, base is "" and the schema is no enum.
func enumValues(s *openapi3.Schema) (base string, kept, dropped []any) {
	typ := schemaType(s)
	for _, v := range enumOf(s) {
		switch n := v.(type) {
		case nil:
			continue
		case string:
			if typ != "integer" {
				kept = append(kept, v)
				continue
			}
		case int64:
			if typ == "integer" && fitsInt(n, s.Format) {
				kept = append(kept, v)
				continue
			}
		case float64:
			if typ == "integer" && n == math.Trunc(n) && math.Abs(n) < 1<<63 && fitsInt(int64(n), s.Format) {
				kept = append(kept, int64(n))
				continue
			}
		}
		dropped = append(dropped, v)
	}
	switch {
	case len(kept) == 0, typ == "" && len(dropped) > 0:
		return "", nil, nil
	case typ == "integer" && s.Format == "int32":
		return "int32", kept, dropped
	case typ == "integer":
		return "int64", kept, dropped
	}
	return "string", kept, dropped
}

// enumProblems warns, once per schema (warnOnce), about enum values its Go type
// cannot hold: they are left out of the constants and of validation.
func (b *builder) enumProblems(s *openapi3.Schema, ptr string) {
	vals := enumOf(s)
	if len(vals) == 0 {
		return
	}
	ptr += "/" + enumKey(s)
	base, kept, dropped := enumValues(s)
	switch typ := schemaType(s); {
	case typ == "" && base == "" && slices.ContainsFunc(vals, func(v any) bool { _, ok := v.(string); return ok }):
		b.warnOnce(ptr, "enum values %s do not share one type: not checked", enumList(vals))
	case (typ == "string" || typ == "integer") && len(kept) == 0:
		b.warnOnce(ptr, "enum values %s are not of type %s: not checked", enumList(vals), typ)
	case base != "" && len(dropped) > 0:
		var wrong, big []any
		for _, v := range dropped {
			if f, ok := asFloat(v); ok && typ == "integer" && f == math.Trunc(f) {
				big = append(big, v)
			} else {
				wrong = append(wrong, v)
			}
		}
		if len(wrong) > 0 {
			b.warnOnce(ptr, "enum values %s are not of type %s: left out", enumList(wrong), typ)
		}
		if len(big) > 0 {
			b.warnOnce(ptr, "enum values %s do not fit %s: left out", enumList(big), base)
		}
	}
}

func enumList(vals []any) string {
	var parts []string
	for _, v := range vals {
		if sv, ok := v.(string); ok {
			parts = append(parts, strconv.Quote(sv))
		} else {
			parts = append(parts, fmt.Sprint(v))
		}
	}
	return strings.Join(parts, ", ")
}

func (b *builder) defineEnum(t *Type, s *openapi3.Schema) {
	x, _ := s.Extensions["x-ms-enum"].(map[string]any)
	base, kept, _ := enumValues(s)
	e := &Enum{Base: base}
	if open, ok := x["modelAsString"].(bool); ok {
		e.Open = open
	}
	names := map[string]string{}
	docs := map[string]string{}
	if vals, ok := x["values"].([]any); ok {
		for _, v := range vals {
			m, _ := v.(map[string]any)
			key := fmt.Sprint(m["value"])
			if n, ok := m["name"].(string); ok {
				names[key] = n
			}
			if d, ok := m["description"].(string); ok {
				docs[key] = d
			}
		}
	}
	seen := map[string]bool{}
	for _, v := range kept {
		var val any = v
		if e.Base != "string" {
			switch n := v.(type) {
			case float64:
				val = int64(n)
			}
		}
		key := fmt.Sprint(val)
		if seen[key] {
			continue
		}
		seen[key] = true
		label := key
		if n := names[key]; n != "" {
			label = n
		}
		suffix := GoName(label)
		if suffix == "" {
			suffix = "Empty"
		}
		if e.Base != "string" && !strings.HasPrefix(suffix, "X") {
			suffix = "Value" + suffix
		} else if e.Base != "string" {
			suffix = "Value" + strings.TrimPrefix(suffix, "X")
		}
		e.Values = append(e.Values, &EnumValue{GoName: b.ns.claim(t.Name+suffix, ""), Value: val, Doc: docs[key]})
	}
	t.Kind, t.Enum = DeclEnum, e
}

// properties gathers a schema's properties and required names, flattening
// allOf parts (their own allOf too) in order; from records where each
// property is written (ptr is where s is). Each schema is flattened once:
// S_i = {allOf: [S_{i-1} ×10]} would otherwise take 10^i steps.
func (b *builder) properties(s *openapi3.Schema, ptr string, props map[string]*openapi3.SchemaRef, from map[string]string, required map[string]bool, seen map[*openapi3.Schema]bool) {
	if seen[s] {
		return
	}
	seen[s] = true
	for i, part := range s.AllOf {
		if part != nil && part.Value != nil {
			pp := fmt.Sprintf("%s/allOf/%d", ptr, i)
			if n, ok := componentName(part.Ref); ok {
				pp = b.schemaPointer(n)
			}
			b.properties(part.Value, pp, props, from, required, seen)
		}
	}
	for n, p := range s.Properties {
		props[n] = p
		from[n] = ptr + "/properties/" + diag.EscapeToken(n)
	}
	for _, r := range s.Required {
		required[r] = true
	}
}

func (b *builder) defineStruct(t *Type, s *openapi3.Schema, ptr string) {
	t.Kind = DeclStruct
	props := map[string]*openapi3.SchemaRef{}
	from := map[string]string{}
	required := map[string]bool{}
	b.properties(s, ptr, props, from, required, map[*openapi3.Schema]bool{})
	if s.AdditionalProperties.Has != nil && !*s.AdditionalProperties.Has {
		t.Strict = true
	}
	fields := newNamespace()
	for _, name := range slices.Sorted(maps.Keys(props)) {
		p := props[name]
		pptr := ptr + "/properties/" + diag.EscapeToken(name)
		var ext map[string]any
		if p != nil && p.Value != nil {
			ext = p.Value.Extensions
		}
		goName := b.memberName(name, ext, pptr)
		if slices.Contains(methodNames, goName) {
			goName += "Value" // a field cannot share its name with a method
		}
		f := &Field{
			GoName:   fields.claim(goName, "_"),
			JSONName: name,
			Source:   from[name],
			Required: required[name],
			Type:     b.typeOf(p, t.Name+goName, pptr),
		}
		f.Checks.MaxLength = -1
		if p != nil && p.Value != nil {
			f.Doc = docOf(p.Value)
			f.Checks = fitBounds(b.checksOf(p.Value, pptr), numericBase(f.Type))
			f.ReadOnly, f.Secret, f.Deprecated = p.Value.ReadOnly, isSecret(p.Value), p.Value.Deprecated
			f.WriteOnly, f.Default, f.Annotations = writeOnly(p.Value), p.Value.Default, annotationsOf(p.Value)
			f.Required = f.Required && !f.ReadOnly
			if f.Secret && f.Type.Kind == KindBuiltin && f.Type.Name == "string" {
				f.Type = b.named(b.secretType())
			}
		}
		nullable := p != nil && p.Value != nil && (p.Value.Nullable || p.Value.Type.Includes("null"))
		f.Nullable = nullable
		switch {
		case f.Type.Nillable():
			f.OmitEmpty = !f.Required
		case f.Required && !nullable:
		default:
			f.Pointer = true
			f.OmitEmpty = !f.Required
		}
		if p != nil && p.Value != nil && writeOnly(p.Value) {
			f.OmitEmpty = true // never in a response: absent there, however required when sent
		}
		t.Fields = append(t.Fields, f)
	}
	sort.SliceStable(t.Fields, func(i, j int) bool { return t.Fields[i].JSONName < t.Fields[j].JSONName })
}

// methodNames are the methods the generated code or the interfaces it
// implements may declare on a struct type (json.Marshaler, error,
// fmt.Stringer, a validator): a property of that name gets the suffix
// Value. Error is renamed only on the types that get the method, the
// error models (markErrors).
var methodNames = []string{"MarshalJSON", "MarshalText", "String", "UnmarshalJSON", "UnmarshalText", "Validate"}

func clientName(ext map[string]any) string {
	n, _ := ext["x-ms-client-name"].(string)
	return n
}

func enumName(s *openapi3.Schema) string {
	x, _ := s.Extensions["x-ms-enum"].(map[string]any)
	n, _ := x["name"].(string)
	return n
}

func docOf(s *openapi3.Schema) string {
	if s.Description != "" {
		return s.Description
	}
	return s.Title
}

// checksOf reads the validations the server applies to a value. A
// pattern Go's regexp cannot compile (ECMA lookarounds, backreferences,
// repeats over 1000) is dropped with a warning: the generated package
// compiles its patterns when it is imported, and must never panic there.
func (b *builder) checksOf(s *openapi3.Schema, ptr string) Checks {
	c := Checks{Min: s.Min, Max: s.Max, MinLength: int(s.MinLength), MaxLength: -1, Pattern: s.Pattern}
	if c.Pattern != "" {
		if _, err := regexp.Compile(c.Pattern); err != nil {
			b.warnf(ptr+"/pattern", "pattern %q is not a Go regular expression (%v): not checked", c.Pattern, err)
			c.Pattern = ""
		}
	}
	c.ExclusiveMin = s.ExclusiveMin.Bool != nil && *s.ExclusiveMin.Bool
	c.ExclusiveMax = s.ExclusiveMax.Bool != nil && *s.ExclusiveMax.Bool
	// OpenAPI 3.1: the bound itself; the tighter of it and minimum holds.
	if v := s.ExclusiveMin.Value; v != nil && (c.Min == nil || *v >= *c.Min) {
		c.Min, c.ExclusiveMin = v, true
	}
	if v := s.ExclusiveMax.Value; v != nil && (c.Max == nil || *v <= *c.Max) {
		c.Max, c.ExclusiveMax = v, true
	}
	if s.MaxLength != nil {
		c.MaxLength = int(*s.MaxLength)
	}
	return c
}

// fitsInt reports whether n fits the Go integer type of format (int32 for
// "int32", else int64).
func fitsInt(n int64, format string) bool {
	return format != "int32" || n >= math.MinInt32 && n <= math.MaxInt32
}

// asFloat is a JSON number as a float64.
func asFloat(v any) (float64, bool) {
	switch n := v.(type) {
	case int64:
		return float64(n), true
	case float64:
		return n, true
	}
	return 0, false
}

// chainEnd follows components that are plain $refs to other components
// (not unions, which defineComponents handles) from name to the first one
// that is not; each chain is walked once (b.chainEnds).
func (b *builder) chainEnd(name string) string {
	if b.chainEnds == nil {
		b.chainEnds = map[string]string{}
	}
	schemas := b.doc.T.Components.Schemas
	var path []string
	seen := map[string]bool{}
	end := name
	for {
		if e, ok := b.chainEnds[end]; ok {
			end = e
			break
		}
		if seen[end] {
			break
		}
		seen[end] = true
		path = append(path, end)
		s := schemas[end]
		if s == nil || b.components[end] == nil || b.components[end].Kind == DeclUnion {
			break
		}
		next, ok := componentName(s.Ref)
		if !ok || b.components[next] == nil {
			break
		}
		end = next
	}
	for _, n := range path {
		b.chainEnds[n] = end
	}
	return end
}
