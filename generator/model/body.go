package model

import (
	"maps"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/oasgen/oasgen/generator/diag"
)

// The request body: its media type, Go type and name.

func (b *builder) requestBody(o *opSource, prefix string, args *namespace) error {
	m := o.model
	rb := o.op.RequestBody
	if rb == nil {
		return nil
	}
	if rb.Value == nil {
		return diag.Errorf(b.doc.File, m.Pointer+"/requestBody", m.ID, "unresolved request body")
	}
	name := "body"
	if n, ok := rb.Value.Extensions["x-originalParamName"].(string); ok && n != "" {
		name = n
	}
	ct, mt := pickContent(rb.Value.Content)
	if mt == nil {
		return nil
	}
	body := &Body{Wire: name, ContentType: ct, Required: rb.Value.Required, Doc: rb.Value.Description, Checks: NoChecks}
	goName := GoName(name)
	if n := clientName(rb.Value.Extensions); n != "" {
		goName = GoName(n)
	}
	if goName == "" {
		goName = "Body"
	}
	body.GoName = goName
	ptr := m.Pointer + "/requestBody"
	b.bodySrc[body] = sourceSchema{mt.Schema, ptr + "/content/" + diag.EscapeToken(ct) + "/schema"}
	if st := b.itemStream(rb.Value.Content, prefix+"Body", ptr); st != nil && !isJSON(ct) {
		body.ContentType, body.Items = st.ContentType, st
		body.Type = TypeRef{Kind: KindEvents, Elem: &st.Item}
	} else if isJSON(ct) {
		body.JSON = true
		body.Type = b.typeOf(mt.Schema, prefix+"Body", ptr)
		if body.Type.Kind == KindStream {
			body.JSON = false
		}
		if s := mt.Schema; s != nil && s.Value != nil {
			body.Annotations = annotationsOf(s.Value) // a string body's contentEncoding
		}
	} else {
		body.Type = TypeRef{Kind: KindStream}
		if s := mt.Schema; s != nil && s.Value != nil {
			body.Checks = b.checksOf(s.Value, ptr+"/content/"+diag.EscapeToken(ct)+"/schema", &body.Type)
			body.Annotations = annotationsOf(s.Value)
		}
	}
	m.Body = body
	if body.Required {
		body.Arg = args.claim(lowerName(goName), "Param")
	}
	return nil
}

func isJSON(ct string) bool {
	mt := strings.ToLower(strings.TrimSpace(strings.SplitN(ct, ";", 2)[0]))
	return mt == "application/json" || strings.HasSuffix(mt, "+json") || mt == "text/json"
}

// pickContent prefers JSON, then the first media type by name.
func pickContent(c openapi3.Content) (string, *openapi3.MediaType) {
	if len(c) == 0 {
		return "", nil
	}
	keys := slices.Sorted(maps.Keys(c))
	for _, k := range keys {
		if isJSON(k) {
			return k, c[k]
		}
	}
	return keys[0], c[keys[0]]
}
