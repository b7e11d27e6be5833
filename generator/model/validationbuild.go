package model

import (
	"encoding/json"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/oasgen/oasgen/generator/diag"
)

// Building the request Schemas (validation.go) from the definition: every
// JSON request body and every parameter gets the Schema of its schema,
// built keyword by keyword where the request carries it. A Schema knows
// the Go type of the value it checks when the decoder has already checked
// it (typed): then the type keyword is left to refuse null only, a format
// its Go type parses is not checked again, and an object's members match
// its properties as the decoder matches struct fields. Schemas are then
// simplified (what accepts everything is dropped, equal ones are shared)
// and numbered.

// sourceSchema is where a body's or parameter's schema is written.
type sourceSchema struct {
	ref *openapi3.SchemaRef
	ptr string
}

// schemaKey tells the Schemas of one schema apart by the Go type of the
// value they check ("" when the decoder has not checked it).
type schemaKey struct {
	s     *openapi3.Schema
	goKey string
	param bool
}

type schemaBuilder struct {
	b     *builder
	memo  map[schemaKey]*Schema
	all   []*Schema
	srcOf map[*Type]*openapi3.Schema // the schema a named type was made from
	never *Schema
	// param: the Schemas being built are a parameter's, whose values are
	// never null (they are parsed from text), at any depth.
	param bool
}

// requestSchemas builds Body.Schema, Param.Schema and API.Schemas, once
// the types are final.
func (b *builder) requestSchemas() {
	sb := &schemaBuilder{b: b, memo: map[schemaKey]*Schema{}, srcOf: map[*Type]*openapi3.Schema{}}
	for s, t := range b.byValue {
		sb.srcOf[t] = s
	}
	var roots []**Schema
	for _, g := range b.api.AllGroups() {
		for _, op := range g.Operations {
			for _, p := range opParams(op) {
				src, ok := b.paramSrc[p]
				if !ok || src.ref == nil || src.ref.Value == nil {
					continue
				}
				if p.Type.Kind == KindBuiltin && p.Type.Name == "string" && schemaType(src.ref.Value) != "string" {
					// A value of no one type, or a structured one, sent as
					// a plain string: its JSON is not known.
					if !sb.trivialAlone(src.ref) {
						b.warnOnce(src.ptr, "parameter %q travels as a plain string: its schema's keywords are not checked", p.Wire)
					}
					continue
				}
				t := p.Type
				sb.param = true
				p.Schema = sb.node(src.ref, src.ptr, g.Name+op.GoName+p.GoName, &t)
				sb.param = false
				roots = append(roots, &p.Schema)
			}
			body := op.Body
			if body == nil {
				continue
			}
			src := b.bodySrc[body]
			if !body.JSON {
				if src.ref != nil && body.Type.Kind == KindStream && !sb.trivialAlone(src.ref) {
					b.warnOnce(src.ptr, "request body %s reaches the server method as a stream: its schema's keywords are not checked", body.ContentType)
				}
				continue
			}
			t := body.Type
			body.Schema = sb.node(src.ref, src.ptr, g.Name+op.GoName+"Body", &t)
			roots = append(roots, &body.Schema)
		}
	}
	sb.simplify(roots)
	for _, g := range b.api.AllGroups() {
		for _, op := range g.Operations {
			for _, p := range opParams(op) {
				if p.Schema != nil && paramDirect(p) {
					p.Schema = nil // one call per keyword does (Param.Schema)
				}
			}
		}
	}
	b.api.Schemas = number(roots)
	for _, x := range b.api.Schemas {
		// Shared by values of every kind: named for what it checks.
		hint := x.hint
		switch only := x.Keywords(); {
		case len(only) == 1 && only[0].Name == "type":
			hint = typesName(x.Types)
		case len(only) == 1 && only[0].Name == "format", len(only) == 2 && only[0].Name == "format" && only[1].Name == "type":
			hint = GoName(x.Format)
			if x.Types != 0 && x.Types != JSONAnyButNull {
				hint += typesName(x.Types)
			}
		}
		x.Name = b.ns.claim("schema"+hint, "")
	}
}

// typesName names a set of JSON types: NotNull, or the types joined by Or.
func typesName(t JSONType) string {
	if t == JSONAnyButNull {
		return "NotNull"
	}
	var parts []string
	for _, n := range strings.Split(t.String(), ",") {
		parts = append(parts, GoName(n))
	}
	return strings.Join(parts, "Or")
}

// partName is the part a property or other name adds to a hint: its Go
// name, or other when it has none.
func partName(name, other string) string {
	if n := GoName(name); n != "" {
		return n
	}
	return other
}

// opParams are an operation's path, query and header parameters.
func opParams(op *Operation) []*Param {
	out := slices.Clone(op.Positional)
	if op.Options != nil {
		out = append(out, op.Options.Params...)
	}
	return out
}

// paramDirect reports whether the server checks all of p's keywords with
// one call each (emit's paramChecks): a closed enum type (of the value, or
// of a list's items), bounds of a number, lengths and a pattern of a
// string; nothing else.
func paramDirect(p *Param) bool {
	s := p.Schema
	rest := *s
	rest.Checks, rest.Types = NoChecks, 0
	if !rest.empty() || s.Types != 0 && s.Types != JSONAnyButNull {
		return false
	}
	c := s.Checks
	t := p.Type
	list := t.Kind == KindSlice
	if list {
		t = *t.Elem
	}
	if t.Kind == KindNamed && t.Decl.Kind == DeclEnum && !t.Decl.Enum.Open {
		c.Enum, c.Const = nil, false // checkEnum, checkEnumList
	}
	if !list && t.Kind == KindBuiltin {
		switch {
		case t.Name == "string": // checkLength, checkPattern
			c.MinLength, c.MaxLength, c.Pattern = 0, -1, ""
		case strings.HasPrefix(t.Name, "int") || strings.HasPrefix(t.Name, "float"): // checkMin, checkMax
			c.Min, c.Max, c.ExclusiveMin, c.ExclusiveMax = nil, nil, false, false
		}
	}
	return c.IsZero()
}

// empty reports whether s has no keyword with a subschema and nothing of
// an object's or array's.
func (s *Schema) empty() bool {
	return !s.Never && !s.NumberString && len(s.Properties) == 0 && s.AdditionalProperties == nil &&
		len(s.PatternProperties) == 0 && s.PropertyNames == nil && len(s.DependentSchemas) == 0 &&
		s.UnevaluatedProperties == nil && s.Items == nil && len(s.PrefixItems) == 0 && s.Contains == nil &&
		s.UnevaluatedItems == nil && len(s.AllOf)+len(s.AnyOf)+len(s.OneOf) == 0 &&
		s.Not == nil && s.If == nil && s.Then == nil && s.Else == nil && s.Discriminator == nil
}

// trivialAlone reports whether the schema of a non-JSON body has no
// keyword worth a warning: only a type, or properties without keywords.
func (sb *schemaBuilder) trivialAlone(sr *openapi3.SchemaRef) bool {
	s := sr.Value
	if s == nil {
		return true
	}
	c := sb.b.checksOf(s, "", nil)
	if !c.IsZero() || len(s.Required) > 0 || s.Not != nil || len(s.AllOf)+len(s.AnyOf)+len(s.OneOf) > 0 || s.If != nil {
		return false
	}
	for _, p := range s.Properties {
		if p != nil && p.Value != nil {
			if c := sb.b.checksOf(p.Value, "", nil); !c.IsZero() {
				return false
			}
		}
	}
	return s.AdditionalProperties.Has == nil || *s.AdditionalProperties.Has
}

// goKey names the Go type a value was decoded into, for schemaKey: a
// struct type's properties have types of their own, so it is named.
func goKey(t *TypeRef) string {
	if t == nil {
		return ""
	}
	var b strings.Builder
	for ; t != nil; t = t.Elem {
		fmt.Fprintf(&b, "%d:%s:%s:%v/", t.Kind, t.Name, t.Format, t.String)
	}
	return b.String()
}

// decoded is the Go type the decoder checks a value against, nil when it
// takes any JSON (any, json.RawMessage, a user's type).
func decoded(t *TypeRef) *TypeRef {
	for t != nil && t.Kind == KindNamed && t.Decl != nil && t.Decl.Kind == DeclAlias {
		t = t.Decl.Underlying
	}
	if t == nil {
		return nil
	}
	switch t.Kind {
	case KindRaw, KindExternal, KindStream:
		return nil
	case KindBuiltin:
		if t.Name == "any" {
			return nil
		}
	}
	return t
}

// jsonKind is the JSON type every non-null value of Go type t has.
func jsonKind(t *TypeRef) JSONType {
	switch t.Kind {
	case KindBuiltin:
		switch {
		case t.String:
			return JSONString
		case t.Name == "string":
			return JSONString
		case t.Name == "bool":
			return JSONBoolean
		case strings.HasPrefix(t.Name, "int"):
			return JSONInteger
		case strings.HasPrefix(t.Name, "float"):
			return JSONNumber
		}
	case KindNamed:
		switch t.Decl.Kind {
		case DeclEnum:
			if t.Decl.Enum.Base == "string" {
				return JSONString
			}
			return JSONInteger
		case DeclStruct, DeclUnion:
			return JSONObject
		}
	case KindSlice:
		return JSONArray
	case KindMap:
		return JSONObject
	case KindTime, KindUUID, KindBytes:
		return JSONString
	}
	return 0
}

// covers reports whether types admit every value of JSON kind k.
func covers(types, k JSONType) bool {
	switch k {
	case 0:
		return false
	case JSONInteger:
		return types&(JSONInteger|JSONNumber) != 0
	}
	return types&k != 0
}

// goFormat reports whether the decoder of Go type t refuses every value
// that is not of format f. A time.Time is not enough for date-time: Go's
// RFC 3339 parser takes a one-digit hour; the table checks the text. A
// parameter's time.Time is left to its parser, its text gone.
func goFormat(t *TypeRef, f string, param bool) bool {
	if t == nil {
		return false
	}
	switch t.Kind {
	case KindTime:
		return t.Format == f && (f != "date-time" || param) || f == "date-time-rfc7231" && t.Format == "date-time-rfc1123"
	case KindUUID:
		return f == "uuid"
	case KindBytes:
		return f == "byte" || f == "base64url"
	case KindBuiltin:
		return f == "int32" && t.Name == "int32" || f == "int64" && (t.Name == "int64" || t.Name == "int32")
	}
	return false
}

// node is the Schema of sr for a value of Go type typed (nil: not
// decoded into a Go type of its own).
func (sb *schemaBuilder) node(sr *openapi3.SchemaRef, ptr, hint string, typed *TypeRef) *Schema {
	if sr == nil || sr.Value == nil {
		return nil
	}
	s := sr.Value
	if s.Always != nil {
		if *s.Always {
			return nil
		}
		return sb.neverSchema(ptr)
	}
	if name, ok := componentName(sr.Ref); ok {
		ptr = sb.b.schemaPointer(name)
		hint = GoName(stripNamespace(name))
		if t := sb.b.components[name]; t != nil {
			hint = t.Name
		}
	}
	typed = decoded(typed)
	key := schemaKey{s, goKey(typed), sb.param}
	if n, ok := sb.memo[key]; ok {
		return n
	}
	n := &Schema{Pointer: ptr, MinContains: 1, MaxContains: -1, hint: hint}
	sb.memo[key] = n
	sb.all = append(sb.all, n)
	b := sb.b
	n.Types = schemaTypes(s)
	if typed != nil {
		// The decoder has checked the Go type, and accepts null for any:
		// of the type keyword, only refusing null is left.
		if covers(n.Types, jsonKind(typed)) {
			if n.Types&JSONNull != 0 || sb.param {
				n.Types = 0
			} else {
				n.Types = JSONAnyButNull
			}
		}
		n.NumberString = typed.Kind == KindBuiltin && typed.String
		n.Fold = typed.IsStruct()
	}
	n.Checks = b.checksOf(s, ptr, typed)
	if typed != nil && typed.Kind == KindTime && s.Format == "date-time" && !sb.param {
		n.Format = s.Format // see goFormat
	}
	if sb.param && typed != nil && typed.Kind == KindNamed && typed.Decl.Kind == DeclEnum && !typed.Decl.Enum.Open {
		n.Enum, n.Const = nil, false // the parameter's parser refuses other values (closedEnum)
	}
	if x, _ := s.Extensions["x-ms-enum"].(map[string]any); x != nil {
		if open, _ := x["modelAsString"].(bool); open {
			n.Enum, n.Const = nil, false // the definition allows other values
		}
	}
	if u := sb.unionAt(s, typed); u != nil {
		n.hint = typed.Decl.Name
		sb.dispatch(n, u, ptr)
		if u.Base != nil && sb.srcOf[u.Base] == s {
			// A base of kinds that extend it with allOf: each kind's
			// schema holds the base's, and another value is checked
			// against it (Other); nothing else to check here.
			n.Checks = NoChecks
			return n
		}
	} else {
		n.AnyOf = sb.nodes(s.AnyOf, ptr+"/anyOf", hint+"AnyOf", typed)
		n.OneOf = sb.nodes(s.OneOf, ptr+"/oneOf", hint+"OneOf", typed)
	}
	n.AllOf = sb.nodes(s.AllOf, ptr+"/allOf", hint+"AllOf", typed)
	n.Not = sb.node(s.Not, ptr+"/not", hint+"Not", typed)
	if s.Not != nil && s.Not.Value != nil && n.Not == nil {
		n.Never = true // not true
	}
	if s.If != nil { // then and else do nothing without if
		n.If = sb.node(s.If, ptr+"/if", hint+"If", typed)
		if n.If == nil {
			n.If = sb.empty(ptr + "/if") // if true: then applies
		}
		n.Then = sb.node(s.Then, ptr+"/then", hint+"Then", typed)
		n.Else = sb.node(s.Else, ptr+"/else", hint+"Else", typed)
	}
	sb.object(n, s, ptr, hint, typed)
	sb.array(n, s, ptr, hint, typed)
	sb.unsupported(s, ptr)
	return n
}

func (sb *schemaBuilder) nodes(srs openapi3.SchemaRefs, ptr, hint string, typed *TypeRef) []*Schema {
	if len(srs) == 0 {
		return nil
	}
	out := make([]*Schema, len(srs))
	for i, sr := range srs {
		out[i] = sb.node(sr, fmt.Sprintf("%s/%d", ptr, i), fmt.Sprintf("%s%d", hint, i), typed)
		if sr == nil || sr.Value == nil {
			out[i] = nil
		}
	}
	return out
}

// empty is a Schema with no keyword: where one that accepts everything
// still counts (an if, an alternative of a oneOf, a contains).
func (sb *schemaBuilder) empty(ptr string) *Schema {
	n := &Schema{Pointer: ptr, Checks: NoChecks, MinContains: 1, MaxContains: -1, hint: "Any"}
	sb.all = append(sb.all, n)
	return n
}

func (sb *schemaBuilder) neverSchema(ptr string) *Schema {
	if sb.never == nil {
		sb.never = &Schema{Pointer: ptr, Never: true, Checks: NoChecks, MinContains: 1, MaxContains: -1, hint: "Never"}
		sb.all = append(sb.all, sb.never)
	}
	return sb.never
}

// schemaTypes are the JSON types the type keyword (and nullable) allow.
func schemaTypes(s *openapi3.Schema) JSONType {
	if s.Type == nil || len(*s.Type) == 0 {
		return 0
	}
	var t JSONType
	for _, name := range *s.Type {
		if i := slices.Index(jsonTypeNames, name); i >= 0 {
			t |= 1 << i
		}
	}
	if s.Nullable {
		t |= JSONNull
	}
	return t
}

// object fills the keywords of objects.
func (sb *schemaBuilder) object(n *Schema, s *openapi3.Schema, ptr, hint string, typed *TypeRef) {
	fieldType := func(name string) *TypeRef {
		if typed == nil || !typed.IsStruct() {
			return nil
		}
		for _, f := range typed.Decl.Fields {
			if f.JSONName == name {
				t := f.Type
				return &t
			}
		}
		return nil
	}
	var elem *TypeRef
	if typed != nil && typed.Kind == KindMap {
		elem = typed.Elem
	}
	props := map[string]*Property{}
	for _, name := range slices.Sorted(maps.Keys(s.Properties)) {
		p := s.Properties[name]
		prop := &Property{Name: name, ReadOnly: p != nil && p.Value != nil && p.Value.ReadOnly}
		prop.Schema = sb.node(p, ptr+"/properties/"+diag.EscapeToken(name), hint+partName(name, "Property"), fieldType(name))
		props[name] = prop
	}
	for _, name := range s.Required {
		prop := props[name]
		if prop == nil {
			prop = &Property{Name: name}
			props[name] = prop
		}
		// A query object's reader refuses an object without a required
		// member already (readObjectParam).
		prop.Required = !prop.ReadOnly && !(sb.param && typed != nil && typed.IsStruct())
	}
	for _, name := range slices.Sorted(maps.Keys(props)) {
		n.Properties = append(n.Properties, props[name])
	}
	ap := s.AdditionalProperties
	switch {
	case ap.Has != nil && !*ap.Has:
		n.AdditionalProperties = sb.neverSchema(ptr + "/additionalProperties")
	case ap.Schema != nil:
		n.AdditionalProperties = sb.node(ap.Schema, ptr+"/additionalProperties", hint+"Value", elem)
	}
	for i, pat := range slices.Sorted(maps.Keys(s.PatternProperties)) {
		pp := ptr + "/patternProperties/" + diag.EscapeToken(pat)
		if _, err := regexp.Compile(pat); err != nil {
			sb.b.warnOnce(pp, "pattern %q is not a Go regular expression (%v): patternProperties entry not checked", pat, err)
			continue
		}
		n.PatternProperties = append(n.PatternProperties, &PatternProperty{Pattern: pat, Schema: sb.node(s.PatternProperties[pat], pp, fmt.Sprintf("%sPattern%d", hint, i), nil)})
	}
	n.PropertyNames = sb.node(s.PropertyNames, ptr+"/propertyNames", hint+"Name", nil)
	for _, name := range slices.Sorted(maps.Keys(s.DependentSchemas)) {
		d := sb.node(s.DependentSchemas[name], ptr+"/dependentSchemas/"+diag.EscapeToken(name), hint+"With"+partName(name, "Property"), typed)
		n.DependentSchemas = append(n.DependentSchemas, &DependentSchema{Property: name, Schema: d})
	}
	// additionalProperties (true or a schema) evaluates every member
	// properties and patternProperties leave: unevaluatedProperties beside
	// it never applies.
	switch up := s.UnevaluatedProperties; {
	case ap.Has != nil && *ap.Has || ap.Schema != nil:
	case up.Has != nil && !*up.Has:
		n.UnevaluatedProperties = sb.neverSchema(ptr + "/unevaluatedProperties")
	case up.Schema != nil:
		n.UnevaluatedProperties = sb.node(up.Schema, ptr+"/unevaluatedProperties", hint+"Unevaluated", elem)
	}
}

// array fills the keywords of arrays.
func (sb *schemaBuilder) array(n *Schema, s *openapi3.Schema, ptr, hint string, typed *TypeRef) {
	var elem *TypeRef
	if typed != nil && typed.Kind == KindSlice {
		elem = typed.Elem
	}
	if len(s.PrefixItems) > 0 {
		n.PrefixItems = sb.nodes(s.PrefixItems, ptr+"/prefixItems", hint+"Item", nil)
		for i, x := range n.PrefixItems {
			if x == nil {
				n.PrefixItems[i] = nil
			}
		}
		elem = nil // []json.RawMessage
	}
	n.Items = sb.node(s.Items, ptr+"/items", hint+"Item", elem)
	if s.Contains != nil {
		n.Contains = sb.node(s.Contains, ptr+"/contains", hint+"Contains", elem)
		if n.Contains == nil {
			n.Contains = sb.empty(ptr + "/contains")
		}
		if s.MinContains != nil {
			n.MinContains = int(*s.MinContains)
		}
		if s.MaxContains != nil {
			n.MaxContains = int(*s.MaxContains)
		}
	}
	// items evaluates every item prefixItems leaves: unevaluatedItems
	// beside it never applies.
	switch ui := s.UnevaluatedItems; {
	case s.Items != nil:
	case ui.Has != nil && !*ui.Has:
		n.UnevaluatedItems = sb.neverSchema(ptr + "/unevaluatedItems")
	case ui.Schema != nil:
		n.UnevaluatedItems = sb.node(ui.Schema, ptr+"/unevaluatedItems", hint+"UnevaluatedItem", elem)
	}
}

// unsupported warns about keywords the server does not check.
func (sb *schemaBuilder) unsupported(s *openapi3.Schema, ptr string) {
	if s.DynamicRef != "" {
		sb.b.warnOnce(ptr+"/$dynamicRef", "$dynamicRef %q is not followed: the server does not check what it refers to", s.DynamicRef)
	}
}

// unionAt is the union whose kinds a value of Go type typed decodes
// into, when s is the schema that union was made from; nil otherwise.
func (sb *schemaBuilder) unionAt(s *openapi3.Schema, typed *TypeRef) *Union {
	if typed == nil || !typed.IsUnion() {
		return nil
	}
	u := typed.Decl.Union
	if src := sb.srcOf[typed.Decl]; src == s || u.Base != nil && sb.srcOf[u.Base] == s {
		return u
	}
	return nil
}

// dispatch makes n check each kind of u with its schema.
func (sb *schemaBuilder) dispatch(n *Schema, u *Union, ptr string) {
	d := &Discriminator{Property: u.Property, Closed: u.Base == nil}
	schemaOf := func(t *Type) *Schema {
		src := sb.srcOf[t]
		if src == nil {
			return nil
		}
		ref := sb.b.named(t)
		return sb.node(&openapi3.SchemaRef{Value: src}, t.Pointer, t.Name, &ref)
	}
	for _, v := range u.Variants {
		d.Kinds = append(d.Kinds, &DiscriminatorKind{Value: v.Value, Schema: schemaOf(v.Type)})
	}
	if u.Base != nil {
		// The base's own schema, not its union again: a kind's allOf
		// reaches the base as a struct.
		d.Other = schemaOf(u.Base)
	}
	n.Discriminator = d
}

// Canonical is v (a value of the definition: an enum's, a const) as
// compact JSON with object keys sorted; ok is false for what JSON cannot
// hold (NaN).
func Canonical(v any) (string, bool) {
	b, err := json.Marshal(v)
	if err != nil {
		return "", false
	}
	return string(b), true
}

// simplify drops what accepts every value, collapses a Schema that is
// only an allOf of one, and shares equal Schemas; roots are rewritten to
// the result.
func (sb *schemaBuilder) simplify(roots []**Schema) {
	sb.breakInPlaceCycles()
	ann := sb.annotating()
	nonTrivial := sb.nonTrivial(ann)
	keep := func(x *Schema) *Schema {
		if x != nil && !nonTrivial[x] {
			return nil
		}
		return x
	}
	for _, n := range slices.Clone(sb.all) {
		sb.prune(n, keep, ann[n])
	}
	for _, r := range roots {
		*r = keep(*r)
	}
	sb.collapse(roots)
	sb.share(roots)
}

// inPlace lists the subschemas n applies to the value itself (not to a
// member or an item), by reference so that one can be dropped.
func (n *Schema) inPlace() []**Schema {
	var out []**Schema
	for _, xs := range [][]*Schema{n.AllOf, n.AnyOf, n.OneOf} {
		for i := range xs {
			out = append(out, &xs[i])
		}
	}
	out = append(out, &n.Not, &n.If, &n.Then, &n.Else)
	for _, d := range n.DependentSchemas {
		out = append(out, &d.Schema)
	}
	if d := n.Discriminator; d != nil {
		for _, k := range d.Kinds {
			out = append(out, &k.Schema)
		}
		out = append(out, &d.Other)
	}
	return out
}

// breakInPlaceCycles drops, with a located warning, a subschema that
// leads back to its schema without a member or item in between (A:
// {allOf: [$ref: A]}): checking it would never end.
func (sb *schemaBuilder) breakInPlaceCycles() {
	const (
		unvisited = iota
		active
		done
	)
	state := map[*Schema]int{}
	var visit func(n *Schema)
	visit = func(n *Schema) {
		state[n] = active
		for _, ref := range n.inPlace() {
			x := *ref
			switch {
			case x == nil:
			case state[x] == active:
				sb.b.warnOnce(n.Pointer, "the schema applies itself to the same value (a $ref cycle through allOf, anyOf, oneOf, not, if or dependentSchemas): that reference is not checked")
				*ref = nil
			case state[x] == unvisited:
				visit(x)
			}
		}
		state[n] = done
	}
	for _, n := range sb.all {
		if state[n] == unvisited {
			visit(n)
		}
	}
}

// annotating finds the Schemas whose evaluation an unevaluatedProperties
// or unevaluatedItems looks at: those with one, and what they apply in
// place (allOf, anyOf, oneOf, if, then, else, dependentSchemas, a
// discriminator's kinds). Their keywords count even when they accept
// everything: a property listed, an items, is a member or item evaluated.
func (sb *schemaBuilder) annotating() map[*Schema]bool {
	ann := map[*Schema]bool{}
	var queue []*Schema
	add := func(x *Schema) {
		if x != nil && !ann[x] {
			ann[x] = true
			queue = append(queue, x)
		}
	}
	for _, n := range sb.all {
		if n.UnevaluatedProperties != nil || n.UnevaluatedItems != nil {
			add(n)
		}
	}
	for len(queue) > 0 {
		n := queue[0]
		queue = queue[1:]
		for _, x := range slices.Concat(n.AllOf, n.AnyOf, n.OneOf, []*Schema{n.If, n.Then, n.Else}) {
			add(x)
		}
		for _, d := range n.DependentSchemas {
			add(d.Schema)
		}
		if d := n.Discriminator; d != nil {
			for _, k := range d.Kinds {
				add(k.Schema)
			}
			add(d.Other)
		}
	}
	return ann
}

// own reports whether n has a keyword of its own, one that refuses some
// value whatever its subschemas.
func (n *Schema) own() bool {
	if n.Types != 0 || n.Never || !n.Checks.IsZero() || n.Discriminator != nil || n.Contains != nil || len(n.OneOf) > 0 || n.Not != nil {
		return true
	}
	for _, p := range n.Properties {
		if p.Required {
			return true
		}
	}
	return false
}

// nonTrivial finds the Schemas that refuse some value: a least fixed
// point, since a cycle of Schemas that check nothing checks nothing.
func (sb *schemaBuilder) nonTrivial(ann map[*Schema]bool) map[*Schema]bool {
	nt := maps.Clone(ann)
	any := func(xs ...*Schema) bool {
		for _, x := range xs {
			if nt[x] {
				return true
			}
		}
		return false
	}
	for changed := true; changed; {
		changed = false
		for _, n := range sb.all {
			if nt[n] {
				continue
			}
			v := n.own() || any(n.AdditionalProperties, n.PropertyNames, n.Items, n.Then, n.Else) || any(n.AllOf...) || any(n.PrefixItems...)
			if len(n.AnyOf) > 0 && !slices.ContainsFunc(n.AnyOf, func(x *Schema) bool { return !nt[x] }) {
				v = true
			}
			for _, p := range n.Properties {
				v = v || nt[p.Schema]
			}
			for _, p := range n.PatternProperties {
				v = v || nt[p.Schema]
			}
			for _, d := range n.DependentSchemas {
				v = v || nt[d.Schema]
			}
			if v {
				nt[n], changed = true, true
			}
		}
	}
	return nt
}

// prune rewrites n's subschemas with keep (nil for those that accept
// everything) and drops what no longer checks anything; where n is
// annotating, a keyword that evaluates members or items stays, with a
// Schema without keywords.
func (sb *schemaBuilder) prune(n *Schema, keep func(*Schema) *Schema, annotating bool) {
	evaluates := keep
	if annotating {
		evaluates = func(x *Schema) *Schema {
			if x != nil && keep(x) == nil {
				return sb.emptyIf(x)
			}
			return x
		}
	}
	for _, p := range n.Properties {
		p.Schema = keep(p.Schema)
	}
	n.AdditionalProperties = evaluates(n.AdditionalProperties)
	n.PropertyNames = keep(n.PropertyNames)
	n.Items = evaluates(n.Items)
	if n.If != nil {
		n.Then, n.Else = keep(n.Then), keep(n.Else)
		if n.Then == nil && n.Else == nil {
			n.If = nil
		} else if keep(n.If) == nil {
			n.If = sb.emptyIf(n.If) // it still decides between then and else
		}
	}
	if n.Not != nil && keep(n.Not) == nil {
		n.Not, n.Never = nil, true // not true
	}
	for i, x := range n.PrefixItems {
		n.PrefixItems[i] = keep(x)
	}
	for !annotating && len(n.PrefixItems) > 0 && n.PrefixItems[len(n.PrefixItems)-1] == nil {
		n.PrefixItems = n.PrefixItems[:len(n.PrefixItems)-1]
	}
	n.AllOf = slices.DeleteFunc(n.AllOf, func(x *Schema) bool { return keep(x) == nil })
	if slices.ContainsFunc(n.AnyOf, func(x *Schema) bool { return keep(x) == nil }) {
		n.AnyOf = nil // one alternative accepts everything
	}
	for i, x := range n.OneOf {
		if keep(x) == nil {
			n.OneOf[i] = sb.emptyIf(x) // it still counts as a match
		}
	}
	n.PatternProperties = slices.DeleteFunc(n.PatternProperties, func(p *PatternProperty) bool {
		p.Schema = evaluates(p.Schema)
		return p.Schema == nil
	})
	n.DependentSchemas = slices.DeleteFunc(n.DependentSchemas, func(d *DependentSchema) bool {
		d.Schema = keep(d.Schema)
		return d.Schema == nil
	})
	if n.AdditionalProperties == nil && !annotating {
		n.Properties = slices.DeleteFunc(n.Properties, func(p *Property) bool {
			return p.Schema == nil && !p.Required && !foldTwin(n, p)
		})
	}
}

// emptyIf replaces a Schema that accepts everything, where that still
// counts, by one without keywords (prune drops the keywords of x's own
// subschemas, not x's).
func (sb *schemaBuilder) emptyIf(x *Schema) *Schema {
	ptr := ""
	if x != nil {
		ptr = x.Pointer
	}
	return &Schema{Pointer: ptr, Checks: NoChecks, MinContains: 1, MaxContains: -1, hint: "Any"}
}

// foldTwin reports whether another property of n has p's name in another
// case: with Fold, p must stay listed for members to match the right one.
func foldTwin(n *Schema, p *Property) bool {
	if !n.Fold {
		return false
	}
	for _, q := range n.Properties {
		if q != p && strings.EqualFold(q.Name, p.Name) {
			return true
		}
	}
	return false
}

// collapse replaces a Schema that is only an allOf of one Schema by it.
func (sb *schemaBuilder) collapse(roots []**Schema) {
	alias := func(x *Schema) *Schema {
		for range 64 {
			if x == nil || len(x.AllOf) != 1 || !x.onlyAllOf() {
				return x
			}
			x = x.AllOf[0]
		}
		return x
	}
	sb.rewrite(roots, alias)
}

// onlyAllOf reports whether n has no keyword but its allOf.
func (n *Schema) onlyAllOf() bool {
	c := *n
	c.AllOf, c.Pointer, c.Index = nil, "", 0
	return !c.own() && c.empty()
}

// rewrite replaces every reference to a Schema (roots' and subschemas')
// by f's result.
func (sb *schemaBuilder) rewrite(roots []**Schema, f func(*Schema) *Schema) {
	for _, r := range roots {
		*r = f(*r)
	}
	for _, n := range sb.all {
		for _, p := range n.Properties {
			p.Schema = f(p.Schema)
		}
		for _, p := range n.PatternProperties {
			p.Schema = f(p.Schema)
		}
		for _, d := range n.DependentSchemas {
			d.Schema = f(d.Schema)
		}
		for _, xs := range [][]*Schema{n.PrefixItems, n.AllOf, n.AnyOf, n.OneOf} {
			for i := range xs {
				xs[i] = f(xs[i])
			}
		}
		for _, x := range []**Schema{&n.AdditionalProperties, &n.PropertyNames, &n.UnevaluatedProperties, &n.Items, &n.Contains, &n.UnevaluatedItems, &n.Not, &n.If, &n.Then, &n.Else} {
			*x = f(*x)
		}
		if d := n.Discriminator; d != nil {
			for _, k := range d.Kinds {
				k.Schema = f(k.Schema)
			}
			d.Other = f(d.Other)
		}
	}
}

// share makes equal Schemas one: rounds of merging those whose keywords,
// with their subschemas' representatives, read the same.
func (sb *schemaBuilder) share(roots []**Schema) {
	rep := map[*Schema]*Schema{}
	find := func(x *Schema) *Schema {
		if r, ok := rep[x]; ok {
			return r
		}
		return x
	}
	for range 64 {
		byKey := map[string]*Schema{}
		merged := false
		for _, n := range sb.all {
			if find(n) != n {
				continue
			}
			k := n.shareKey(find)
			if r, ok := byKey[k]; ok {
				rep[n] = r
				merged = true
				continue
			}
			byKey[k] = n
		}
		if !merged {
			break
		}
		for n, r := range rep { // path compression
			for rep[r] != nil && rep[r] != r {
				r = rep[r]
			}
			rep[n] = r
		}
	}
	sb.rewrite(roots, func(x *Schema) *Schema {
		if x == nil {
			return nil
		}
		return find(x)
	})
}

// shareKey is n's keywords as text, its subschemas by the address of
// their representative: equal keys check the same.
func (n *Schema) shareKey(find func(*Schema) *Schema) string {
	var b strings.Builder
	for _, k := range n.Keywords() {
		fmt.Fprintf(&b, "%s=%q", k.Name, k.Value)
		if k.Sub != nil {
			fmt.Fprintf(&b, "@%p", find(k.Sub))
		}
		b.WriteByte(';')
	}
	if n.Fold {
		b.WriteString("fold;")
	}
	for _, p := range n.Properties {
		if p.Schema == nil && !p.Required && !p.ReadOnly {
			fmt.Fprintf(&b, "name=%q;", p.Name) // listed for additionalProperties
		}
	}
	return b.String()
}

// number gives every Schema the roots reach an Index, breadth first from
// the roots in order, and returns them in that order.
func number(roots []**Schema) []*Schema {
	var out []*Schema
	seen := map[*Schema]bool{}
	visit := func(x *Schema) {
		if x != nil && !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	for _, r := range roots {
		visit(*r)
	}
	for i := 0; i < len(out); i++ {
		for _, k := range out[i].Keywords() {
			visit(k.Sub)
		}
		if d := out[i].Discriminator; d != nil {
			visit(d.Other)
		}
	}
	for i, x := range out {
		x.Index = i + 1
	}
	return out
}
