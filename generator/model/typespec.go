package model

import (
	"fmt"
	"go/token"
	"maps"
	"slices"
	"strings"
	"unicode"

	"github.com/getkin/kin-openapi/openapi3"
)

// Definitions emitted by TypeSpec (typespec-autorest) differ from
// AutoRest's hand-written ones in ways that reach Go names and types:
// library namespaces in definition names ("Azure.Core.eTag"), aliases of
// primitives, x-ms-client-name values that only re-case the wire name
// ("ocp-date" → "ocpdate"), date-time-rfc7231, and integers carried as
// JSON strings. This file holds those rules.

// libraryNamespaces are TypeSpec library namespaces; a definition named
// in one is named in Go without it.
var libraryNamespaces = []string{
	"Azure.Core.Foundations.", "Azure.Core.", "Azure.ResourceManager.Foundations.", "Azure.ResourceManager.",
	"TypeSpec.Http.", "TypeSpec.Rest.", "TypeSpec.",
}

// stripNamespace drops a TypeSpec library namespace from a definition name.
func stripNamespace(name string) string {
	for _, ns := range libraryNamespaces {
		if rest, ok := strings.CutPrefix(name, ns); ok && rest != "" {
			return rest
		}
	}
	return name
}

// sameLetters reports whether two names differ only in case and
// punctuation, as "ocp-date" and "ocpdate", or "$filter" and "filter".
func sameLetters(a, b string) bool {
	letters := func(s string) string {
		return strings.Map(func(r rune) rune {
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				return unicode.ToLower(r)
			}
			return -1
		}, s)
	}
	return letters(a) == letters(b)
}

// memberName picks the Go name of a parameter, property or header, first
// rule that applies:
//  1. x-go-name on it;
//  2. the config's names, by JSON pointer (ptr) or by wire name;
//  3. x-ms-client-name, unless it only re-cases the wire name: then the
//     wire name, whose word breaks are better ("ocp-date" → OCPDate, where
//     the client name "ocpdate" would give Ocpdate);
//  4. the wire name.
//
// Names are then spelled by GoName: initialisms in one case (IDs, OCP,
// IOPS) and the run-together words of runTogether.
func (b *builder) memberName(wire string, ext map[string]any, ptr string) string {
	if n := b.override(wire, ext, ptr); n != "" {
		return n
	}
	if c := clientName(ext); c != "" && !sameLetters(c, wire) {
		return GoName(c)
	}
	return GoName(wire)
}

// typeName is memberName for a definition: its name without a TypeSpec
// namespace.
func (b *builder) typeName(name string, ext map[string]any, ptr string) string {
	if n := b.override(name, ext, ptr); n != "" {
		return n
	}
	if c := clientName(ext); c != "" {
		return GoName(c)
	}
	return GoName(stripNamespace(name))
}

// override is the Go name x-go-name or the config's names give; "" when
// neither does. A key of names is a JSON pointer ("#/definitions/Pool",
// with or without the #) or a wire name, which applies everywhere it is
// used.
func (b *builder) override(wire string, ext map[string]any, ptr string) string {
	if n, ok := ext["x-go-name"].(string); ok {
		if exportedIdent(n) {
			return n
		}
		b.warnf(ptr+"/x-go-name", "x-go-name %q is not an exported Go identifier: ignored", n)
	}
	for _, key := range []string{ptr, strings.TrimPrefix(ptr, "#"), wire} {
		if n, ok := b.cfg.Names[key]; ok && key != "" {
			b.namesUsed[key] = true
			return n
		}
	}
	return ""
}

func exportedIdent(n string) bool {
	return token.IsIdentifier(n) && token.IsExported(n) && isASCIIIdent(n)
}

// primitiveAlias reports whether a definition is only another name for a
// primitive (TypeSpec's `scalar eTag extends string`), and its Go type:
// such definitions are not declared, their uses are the primitive. One
// that carries an enum or a validation stays a named type.
func (b *builder) primitiveAlias(s *openapi3.Schema) (TypeRef, bool) {
	switch schemaType(s) {
	case "string", "integer", "number", "boolean":
	default:
		return TypeRef{}, false
	}
	if len(s.Enum) > 0 || s.Pattern != "" || s.MinLength > 0 || s.MaxLength != nil || s.Min != nil || s.Max != nil ||
		len(s.AllOf)+len(s.OneOf)+len(s.AnyOf) > 0 || s.Extensions["x-ms-enum"] != nil {
		return TypeRef{}, false
	}
	t := b.inline(s, "", "")
	return t, t.Kind != KindNamed && t.Kind != KindStream
}

// stringFormat is the type of a string schema whose format is TypeSpec's:
// date-time-rfc7231 is written like date-time-rfc1123 (an HTTP-date),
// and int32/int64 are integers carried as JSON strings.
func stringFormat(format string) (TypeRef, bool) {
	switch format {
	case "date-time-rfc7231":
		return TypeRef{Kind: KindTime, Format: "date-time-rfc1123"}, true
	case "int32", "int64":
		return TypeRef{Kind: KindBuiltin, Name: format, String: true}, true
	}
	return TypeRef{}, false
}

// isSecret: x-ms-secret or format password; such values never appear in
// what the generated package prints or logs.
func isSecret(s *openapi3.Schema) bool {
	v, _ := s.Extensions["x-ms-secret"].(bool)
	return v || s.Format == "password"
}

// unusedNames warns of names keys that named nothing.
func (b *builder) unusedNames() {
	for _, key := range slices.Sorted(maps.Keys(b.cfg.Names)) {
		if !b.namesUsed[key] {
			b.warnf("", "config names.%s: no parameter, property, header or definition has this wire name or pointer", key)
		}
	}
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

// markHolders sets Type.Secret, and Type.ReadOnly on the types request
// bodies reach (only those are sent).
func (b *builder) markHolders() {
	sent := b.bodyTypes()
	var inBodies []*Type
	for _, t := range b.types {
		if sent[t] {
			inBodies = append(inBodies, t)
		}
	}
	mark(inBodies, func(f *Field) bool { return f.ReadOnly }, readOnlyFlag)
	mark(b.types, func(f *Field) bool { return f.Secret }, secretFlag)
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

func readOnlyFlag(t *Type) *bool { return &t.ReadOnly }
func secretFlag(t *Type) *bool   { return &t.Secret }

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

// HoldsSecret reports whether t is, or is a slice or map of, a struct
// type with secret fields.
func HoldsSecret(t TypeRef) bool { return holds(t, secretFlag) }

// checkNames requires every names value to be an exported Go identifier.
func checkNames(names map[string]string) error {
	for _, key := range slices.Sorted(maps.Keys(names)) {
		if !exportedIdent(names[key]) {
			return &ConfigError{Key: "names." + key, Msg: fmt.Sprintf("%q is not an exported Go identifier", names[key])}
		}
	}
	return nil
}

// writeOnly reports whether a property is only ever sent: writeOnly, or
// an x-ms-mutability without "read" (TypeSpec's @visibility("create")).
func writeOnly(s *openapi3.Schema) bool {
	if s.WriteOnly {
		return true
	}
	m, ok := s.Extensions["x-ms-mutability"].([]any)
	return ok && !slices.Contains(m, any("read"))
}
