package model

import (
	"maps"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// Polymorphism. Two shapes of definition become a union, a sealed Go
// interface whose values are pointers to struct types told apart by a
// string property:
//
//   - a component struct with a discriminator and components that extend
//     it with allOf, at any depth (Swagger 2.0, Azure): the base keeps its
//     struct, and every reference to it becomes <Base>Classification,
//     implemented by the base and each kind; an unknown value decodes into
//     the base;
//   - a oneOf (or anyOf) of component structs with a discriminator
//     (OpenAPI 3): the schema itself becomes the interface; an unknown
//     value is an error.
//
// A kind's value is the discriminator mapping's key that names it, else
// its x-ms-discriminator-value, else its component name; a base without a
// mapping key or x-ms-discriminator-value is only the fallback. A kind
// with kinds of its own gets a union too, with the inherited property. A
// kind's encoder writes its value when the discriminator field is empty,
// so a value built in Go names its kind without the caller spelling it.

// declareUnions runs after declareComponents and before any schema is
// converted, so that every reference to a base resolves to its union.
func (b *builder) declareUnions() {
	schemas := b.doc.T.Components.Schemas
	names := slices.Sorted(maps.Keys(schemas))
	children := map[string][]string{}
	for _, n := range names {
		s := schemas[n]
		if s == nil || s.Value == nil || s.Ref != "" {
			continue
		}
		for _, part := range s.Value.AllOf {
			if part == nil {
				continue
			}
			if p, ok := componentName(part.Ref); ok && p != n && schemas[p] != nil {
				children[p] = append(children[p], n)
			}
		}
	}
	for _, n := range names {
		s := schemas[n]
		if s == nil || s.Value == nil || s.Ref != "" {
			continue
		}
		d := s.Value.Discriminator
		if d == nil || d.PropertyName == "" {
			continue
		}
		t := b.components[n]
		if oneOfShape(s.Value) {
			if u := b.oneOfUnion(s.Value, t.Pointer); u != nil {
				t.Kind, t.Union = DeclUnion, u
			}
			continue
		}
		if !structSchema(s.Value) {
			continue
		}
		kinds := descendants(n, children)
		values := b.mappingValues(d)
		seen := map[string]bool{}
		for _, k := range kinds {
			seen[k] = true
		}
		for _, target := range slices.Sorted(maps.Keys(values)) {
			if !seen[target] && schemas[target] != nil && schemas[target].Value != nil {
				kinds = append(kinds, target)
			}
		}
		// Each kind's values: its mapping keys, else its
		// x-ms-discriminator-value, else its name; the root without a
		// mapping key or x-ms-discriminator-value is abstract.
		valueOf := map[string][]string{}
		for _, k := range kinds {
			ks := schemas[k].Value
			if ks == nil || !structSchema(ks) {
				continue
			}
			vals := values[k]
			if len(vals) == 0 {
				v, _ := ks.Extensions["x-ms-discriminator-value"].(string)
				switch {
				case v != "":
				case k == n:
					continue
				default:
					v = k
				}
				vals = []string{v}
			}
			valueOf[k] = vals
		}
		b.hierarchyUnion(n, kinds, valueOf, d.PropertyName)
		// A kind with kinds of its own inherits the discriminator (as
		// AutoRest has it): a field of that type holds any of them.
		for _, k := range kinds[1:] {
			ks := schemas[k].Value
			if ks == nil || ks.Discriminator != nil && ks.Discriminator.PropertyName != "" || !structSchema(ks) {
				continue // a base of its own, or not a struct
			}
			if sub := descendants(k, children); len(sub) > 1 {
				b.hierarchyUnion(k, sub, valueOf, d.PropertyName)
			}
		}
	}
}

// descendants are the component n and every component extending it with
// allOf, at any depth, breadth first.
func descendants(n string, children map[string][]string) []string {
	kinds, seen := []string{n}, map[string]bool{n: true}
	for i := 0; i < len(kinds); i++ {
		for _, c := range children[kinds[i]] {
			if !seen[c] {
				seen[c] = true
				kinds = append(kinds, c)
			}
		}
	}
	return kinds
}

// hierarchyUnion declares <Base>Classification for the component base
// and its kinds, unless it has one or no kind has a value.
func (b *builder) hierarchyUnion(base string, kinds []string, valueOf map[string][]string, property string) {
	t := b.components[base]
	if b.unionOf[t] != nil || len(kinds) < 2 {
		return
	}
	u := &Union{Property: property, Base: t}
	for _, k := range slices.Sorted(slices.Values(kinds)) {
		for _, v := range valueOf[k] {
			b.addVariant(u, v, b.components[k], t.Pointer)
		}
	}
	if len(u.Variants) == 0 {
		return
	}
	sortVariants(u)
	ut := &Type{Name: b.ns.claim(t.Name+"Classification", ""), Pointer: t.Pointer, Kind: DeclUnion, Union: u}
	b.types = append(b.types, ut)
	b.unionOf[t] = ut
}

// oneOfShape: a schema made of nothing but oneOf or anyOf alternatives.
func oneOfShape(s *openapi3.Schema) bool {
	return (len(s.OneOf) > 0 || len(s.AnyOf) > 0) && len(s.Properties) == 0 && len(s.AllOf) == 0
}

// oneOfUnion makes a union of a oneOf (or anyOf) with a discriminator
// whose alternatives are all component structs or such unions (with the
// same property); nil otherwise.
func (b *builder) oneOfUnion(s *openapi3.Schema, ptr string) *Union {
	return b.oneOfUnionAt(s, ptr, 0)
}

// maxUnionNesting bounds unions of unions (and so a cycle of them).
const maxUnionNesting = 8

func (b *builder) oneOfUnionAt(s *openapi3.Schema, ptr string, depth int) *Union {
	d := s.Discriminator
	if d == nil || d.PropertyName == "" || !oneOfShape(s) {
		return nil
	}
	alts := s.OneOf
	if len(alts) == 0 {
		alts = s.AnyOf
	}
	values := b.mappingValues(d)
	u := &Union{Property: d.PropertyName}
	schemas := b.doc.T.Components.Schemas
	for _, a := range alts {
		if a == nil {
			return nil
		}
		name, ok := componentName(a.Ref)
		if !ok || b.components[name] == nil || schemas[name] == nil || schemas[name].Value == nil {
			return nil
		}
		if inner := schemas[name].Value; inner != s && oneOfShape(inner) && inner.Discriminator != nil && inner.Discriminator.PropertyName == d.PropertyName {
			// A union of unions (OpenAI's InputItem → Item): an interface
			// cannot be a kind, so the inner union's kinds are this one's,
			// under their own values; a value naming the inner union
			// itself selects no kind.
			if depth >= maxUnionNesting {
				return nil
			}
			sub := b.oneOfUnionAt(inner, ptr, depth+1)
			if sub == nil {
				return nil
			}
			for _, v := range sub.Variants {
				b.addVariant(u, v.Value, v.Type, ptr)
			}
			continue
		}
		if !structSchema(schemas[name].Value) {
			return nil
		}
		vals := values[name]
		if len(vals) == 0 {
			vals = []string{name}
		}
		for _, v := range vals {
			b.addVariant(u, v, b.components[name], ptr)
		}
	}
	sortVariants(u)
	if len(u.Variants) == 0 {
		return nil
	}
	return u
}

// mappingValues inverts a discriminator mapping: component name → the
// values naming it, sorted. A mapping value is a reference or a bare
// component name; one naming no local component is skipped.
func (b *builder) mappingValues(d *openapi3.Discriminator) map[string][]string {
	out := map[string][]string{}
	for _, v := range slices.Sorted(maps.Keys(d.Mapping)) {
		ref := d.Mapping[v].Ref
		name, ok := componentName(ref)
		if !ok && !strings.ContainsAny(ref, "/#") {
			name, ok = ref, true
		}
		if ok && b.components[name] != nil {
			out[name] = append(out[name], v)
		}
	}
	return out
}

func (b *builder) addVariant(u *Union, value string, t *Type, ptr string) {
	for _, v := range u.Variants {
		if v.Value == value {
			if v.Type != t {
				b.warnf(ptr, "discriminator value %q names both %s and %s: %s kept", value, v.Type.Name, t.Name, v.Type.Name)
			}
			return
		}
	}
	u.Variants = append(u.Variants, &Variant{Property: u.Property, Value: value, Type: t})
}

func sortVariants(u *Union) {
	slices.SortFunc(u.Variants, func(x, y *Variant) int { return strings.Compare(x.Value, y.Value) })
}

// declareInlineUnion makes a named union for an inline oneOf with a
// discriminator; ok is false when it is not one.
func (b *builder) declareInlineUnion(s *openapi3.Schema, hint, ptr string) (TypeRef, bool) {
	if t, ok := b.byValue[s]; ok && t.Kind == DeclUnion {
		return b.named(t), true // declared at an earlier reference
	}
	// byValue also holds components: a component that is a oneOf is a
	// union only if declareUnions made it one.
	u := b.oneOfUnion(s, ptr)
	if u == nil {
		return TypeRef{}, false
	}
	t := &Type{Name: b.ns.claim(hint, ""), Pointer: ptr, Kind: DeclUnion, Union: u, Doc: docOf(s)}
	b.byValue[s] = t
	b.types = append(b.types, t)
	return b.named(t), true
}

// finishUnions names each union's marker method, finds each kind's
// discriminator field, and tags each kind whose unions all agree on its
// property and value.
func (b *builder) finishUnions() {
	variantOf := map[*Type][]*Variant{} // struct → its variants in every union
	for _, t := range b.types {
		if t.Kind == DeclUnion {
			t.Union.Marker = "is" + t.Name
			for _, v := range t.Union.Variants {
				v.Field = stringField(v.Type, v.Property)
				variantOf[v.Type] = append(variantOf[v.Type], v)
			}
			t.Union.Getter = getter(t.Union)
		}
	}
	for t, vs := range variantOf {
		tag := vs[0]
		for _, v := range vs[1:] {
			if v.Property != tag.Property || v.Value != tag.Value {
				tag = nil // kinds of unions that disagree: no value is right for all
				break
			}
		}
		if tag != nil && tag.Field != nil {
			t.Tag = tag
		}
	}
}

// stringField is struct t's string-valued field with the given JSON name,
// which an encoder can fill with a literal; nil when there is none.
func stringField(t *Type, name string) *Field {
	for _, f := range t.Fields {
		if f.JSONName != name {
			continue
		}
		r := f.Type
		if r.Kind == KindNamed && r.Decl.Kind == DeclEnum && r.Decl.Enum.Base == "string" || r.Kind == KindBuiltin && r.Name == "string" {
			return f
		}
		return nil
	}
	return nil
}

// ref is the reference to a component type: its union when it is a base.
func (b *builder) ref(t *Type) TypeRef {
	if u := b.unionOf[t]; u != nil {
		return b.named(u)
	}
	return b.named(t)
}

// Kinds are the distinct types of a union's values, in variant order, the
// base last.
func (u *Union) Kinds() []*Type {
	var out []*Type
	seen := map[*Type]bool{u.Base: true}
	for _, v := range u.Variants {
		if !seen[v.Type] {
			seen[v.Type] = true
			out = append(out, v.Type)
		}
	}
	if u.Base != nil {
		out = append(out, u.Base)
	}
	return out
}

// getter names the union's Get<Base> method, or "" when a kind lacks one
// of the base's properties (or holds it with another type) or already
// uses the name.
func getter(u *Union) string {
	if u.Base == nil {
		return ""
	}
	name := "Get" + u.Base.Name
	for _, k := range u.Kinds() {
		fields := map[string]*Field{}
		for _, f := range k.Fields {
			if f.GoName == name {
				return ""
			}
			fields[f.JSONName] = f
		}
		if k == u.Base {
			continue
		}
		for _, bf := range u.Base.Fields {
			kf := fields[bf.JSONName]
			if kf == nil || kf.Pointer != bf.Pointer || kf.ThreeState != bf.ThreeState || !sameType(kf.Type, bf.Type) {
				return ""
			}
		}
	}
	return name
}
