package model

import (
	"github.com/getkin/kin-openapi/openapi3"
)

// Secret and read-only fields, and the struct types that hold them (in
// themselves or in the values they hold): emit/holders.go gives those
// redacted copies for fmt and slog, and copies without read-only fields
// for the client to send.

// isSecret: x-ms-secret or format password; such values never appear in
// what the generated package prints or logs.
func isSecret(s *openapi3.Schema) bool {
	v, _ := s.Extensions["x-ms-secret"].(bool)
	return v || s.Format == "password"
}

// secretType is the string type of secret fields, declared with the
// first one: named Secret unless a definition took that name.
func (b *builder) secretType() *Type {
	if b.secret == nil {
		b.secret = &Type{
			Name: b.ns.claim("Secret", "Text"), Kind: DeclAlias, Redact: true,
			Underlying: &TypeRef{Kind: KindBuiltin, Name: "string"},
			Doc:        "a secret string (x-ms-secret, format password): sent and received as is, but fmt and slog show [REDACTED].",
		}
		b.types = append(b.types, b.secret)
	}
	return b.secret
}

// markHolders sets Type.Secret, Type.ReadOnly on the types request
// bodies reach (only those are sent), and Type.WriteOnly on the types
// responses reach.
func (b *builder) markHolders() {
	within := func(set map[*Type]bool) []*Type {
		var out []*Type
		for _, t := range b.types {
			if set[t] {
				out = append(out, t)
			}
		}
		return out
	}
	mark(within(b.bodyTypes()), func(f *Field) bool { return f.ReadOnly }, readOnlyFlag)
	mark(within(b.responseTypes()), func(f *Field) bool { return f.WriteOnly }, writeOnlyFlag)
	mark(b.types, func(f *Field) bool { return f.Secret }, secretFlag)
}

// responseTypes is the set of types JSON response bodies reach.
func (b *builder) responseTypes() map[*Type]bool {
	reached := map[*Type]bool{}
	for _, g := range b.api.AllGroups() {
		for _, op := range g.Operations {
			if r := op.Response; r != nil && r.Body != nil && !r.Stream {
				reach(reached, r.Body)
			}
		}
	}
	return reached
}

// bodyTypes is the set of types JSON request bodies reach.
func (b *builder) bodyTypes() map[*Type]bool {
	reached := map[*Type]bool{}
	for _, g := range b.api.AllGroups() {
		for _, op := range g.Operations {
			if op.Body != nil && op.Body.JSON {
				reach(reached, &op.Body.Type)
			}
		}
	}
	return reached
}

func readOnlyFlag(t *Type) *bool  { return &t.ReadOnly }
func writeOnlyFlag(t *Type) *bool { return &t.WriteOnly }
func secretFlag(t *Type) *bool    { return &t.Secret }

// mark sets flag on every struct type with a field that own reports, or
// that holds a struct type with the flag set (as a field, or in a slice
// or map), until nothing changes: cycles between types are fine. Union
// kinds are left alone: a union value is sent and logged as built.
func mark(types []*Type, own func(*Field) bool, flag func(*Type) *bool) {
	for changed := true; changed; {
		changed = false
		for _, t := range types {
			if t.Kind != DeclStruct || *flag(t) || t.Tag != nil {
				continue
			}
			for _, f := range t.Fields {
				if own(f) || holds(f.Type, flag) {
					*flag(t), changed = true, true
					break
				}
			}
		}
	}
}

// holds reports whether t is, or is a slice or map of, a struct type
// with flag set.
func holds(t TypeRef, flag func(*Type) *bool) bool {
	if t.Kind == KindSlice || t.Kind == KindMap {
		t = *t.Elem
	}
	return t.IsStruct() && *flag(t.Decl)
}

// HoldsReadOnly reports whether t is, or is a slice or map of, a struct
// type with read-only fields.
func HoldsReadOnly(t TypeRef) bool { return holds(t, readOnlyFlag) }

// HoldsWriteOnly reports whether t is, or is a slice or map of, a struct
// type with write-only fields.
func HoldsWriteOnly(t TypeRef) bool { return holds(t, writeOnlyFlag) }

// HoldsSecret reports whether t is, or is a slice or map of, a struct
// type with secret fields.
func HoldsSecret(t TypeRef) bool { return holds(t, secretFlag) }
