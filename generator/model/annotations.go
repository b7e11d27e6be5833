package model

import (
	"fmt"
	"maps"
	"slices"

	"github.com/getkin/kin-openapi/openapi3"
)

// What a definition says about values and calls that the generated code
// does not act on, or not in its types, but that changes what travels:
// the change report (generator/apichange) compares it.

// Annotations are a value's keywords that no Go type carries.
type Annotations struct {
	// ContentEncoding and ContentMediaType are OpenAPI 3.1's keywords
	// for a string holding other data (base64, a JSON document).
	ContentEncoding  string
	ContentMediaType string
	// Extensible are the values of an x-extensible-enum: an open enum,
	// generated as its base type; a value removed is one old clients may
	// still send.
	Extensible []string
}

// annotationsOf reads a schema's annotations.
func annotationsOf(s *openapi3.Schema) Annotations {
	if s == nil {
		return Annotations{}
	}
	a := Annotations{ContentEncoding: s.ContentEncoding, ContentMediaType: s.ContentMediaType}
	if vs, ok := s.Extensions["x-extensible-enum"].([]any); ok {
		for _, v := range vs {
			a.Extensible = append(a.Extensible, fmt.Sprint(v))
		}
	}
	return a
}

// Requirement is one way to satisfy an operation's security: every
// scheme it names, each with its scopes (sorted).
type Requirement []SchemeScopes

// SchemeScopes is a security scheme a requirement names and the scopes
// it asks for.
type SchemeScopes struct {
	Scheme string
	Scopes []string // sorted
}

// securityOf is an operation's security requirements, its own or else
// the definition's: any one of them suffices. nil when none is needed
// (none declared, or an empty requirement among them).
func (b *builder) securityOf(op *openapi3.Operation) []Requirement {
	reqs := b.doc.T.Security
	if op.Security != nil {
		reqs = *op.Security
	}
	var out []Requirement
	for _, r := range reqs {
		if len(r) == 0 {
			return nil // {}: anonymous calls are allowed
		}
		var req Requirement
		for _, name := range slices.Sorted(maps.Keys(r)) {
			req = append(req, SchemeScopes{Scheme: name, Scopes: slices.Sorted(slices.Values(r[name]))})
		}
		out = append(out, req)
	}
	return out
}
