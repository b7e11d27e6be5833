package model

import (
	"slices"
	"strings"
	"unicode"

	"github.com/getkin/kin-openapi/openapi3"
)

// Definitions emitted by TypeSpec (typespec-autorest) differ from
// AutoRest's hand-written ones in ways that reach Go names and types:
// library namespaces in definition names ("Azure.Core.eTag"), aliases of
// primitives, x-ms-client-name values that only re-case the wire name
// ("ocp-date" → "ocpdate"), date-time-rfc7231, integers carried as JSON
// strings, and x-ms-mutability for visibility. This file holds those
// rules (memberName applies sameLetters).

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

// writeOnly reports whether a property is only ever sent: writeOnly, or
// an x-ms-mutability without "read" (TypeSpec's @visibility("create")).
func writeOnly(s *openapi3.Schema) bool {
	if s.WriteOnly {
		return true
	}
	m, ok := s.Extensions["x-ms-mutability"].([]any)
	return ok && !slices.Contains(m, any("read"))
}
