package model

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/oasgen/oasgen/generator/diag"
)

// Streams: a body of Server-Sent Events, JSON Lines or JSON text
// sequences is a typed stream of items (EventStream[Item] in the support
// code), both as a response and as a request body.

// StreamFormat is how a stream frames its items on the wire.
type StreamFormat int

const (
	StreamSSE       StreamFormat = iota + 1 // text/event-stream
	StreamJSONLines                         // application/jsonl, application/x-ndjson
	StreamJSONSeq                           // application/json-seq (RFC 7464)
)

// Stream is a typed stream body. Two streams are the same API when their
// Format, Item type (sameType) and Text agree; ContentType and Sentinel
// are wire details.
type Stream struct {
	Format      StreamFormat
	ContentType string  // the media type as the definition writes it
	Item        TypeRef // each item's type (SSE: of each event's data)
	// Text: SSE data is the item as text (a string schema), not JSON.
	Text bool
	// Sentinel is the SSE data that ends the stream ("[DONE]", as
	// OpenAI's streams end): x-oasgen-sentinel on the media type, else
	// "[DONE]" for JSON data, which no JSON item can be.
	Sentinel string
}

// streamFormat tells a stream's media type; 0 for any other.
func streamFormat(ct string) StreamFormat {
	switch strings.ToLower(strings.TrimSpace(strings.SplitN(ct, ";", 2)[0])) {
	case "text/event-stream":
		return StreamSSE
	case "application/jsonl", "application/x-ndjson", "application/x-jsonlines", "application/jsonlines", "application/ndjson":
		return StreamJSONLines
	case "application/json-seq":
		return StreamJSONSeq
	}
	return 0
}

// itemStream is the first stream media type of c (by name), typed; nil
// when c has none. A media type oasgen cannot frame whose itemSchema
// (OpenAPI 3.2) says it is a sequence is warned about.
func (b *builder) itemStream(c openapi3.Content, hint, ptr string) *Stream {
	for _, ct := range slices.Sorted(maps.Keys(c)) {
		mt := c[ct]
		if mt == nil {
			continue
		}
		at := ptr + "/content/" + diag.EscapeToken(ct)
		format := streamFormat(ct)
		if format == 0 {
			if mt.ItemSchema != nil {
				b.warnf(at+"/itemSchema", "itemSchema on %s, a media type oasgen cannot split into items: its body is generated as a raw stream", ct)
			}
			continue
		}
		st := &Stream{Format: format, ContentType: ct}
		schema := mt.Schema
		at += "/schema"
		if mt.ItemSchema != nil {
			schema, at = mt.ItemSchema, strings.TrimSuffix(at, "/schema")+"/itemSchema"
			if format == StreamSSE {
				schema, at = sseData(schema, at)
			}
		} else if s := schema; format != StreamSSE && s != nil && s.Value != nil && s.Value.Type.Is("array") && s.Value.Items != nil {
			schema, at = s.Value.Items, at+"/items" // the 3.0 and 3.1 convention: the body as an array
		}
		sentinel := "[DONE]"
		if format == StreamSSE {
			schema, at, sentinel = sseAlternatives(schema, at)
		}
		switch {
		case format == StreamSSE && (schema == nil || schema.Value == nil || schemaType(schema.Value) == "string" && schema.Value.Format == ""):
			st.Text, st.Item = true, TypeRef{Kind: KindBuiltin, Name: "string"}
		case schema == nil:
			st.Item = TypeRef{Kind: KindRaw}
		default:
			st.Item = b.typeOf(schema, hint+"Item", at)
		}
		if st.Item.Kind == KindStream {
			st.Item = TypeRef{Kind: KindRaw}
		}
		if format == StreamSSE {
			st.Sentinel = sentinel
			if st.Text {
				st.Sentinel = ""
			}
			if s, ok := mt.Extensions["x-oasgen-sentinel"].(string); ok {
				st.Sentinel = s
			}
		}
		return st
	}
	return nil
}

// sseData is the schema of an event's data in an OpenAPI 3.2 itemSchema
// of text/event-stream, which describes the whole event (data, event, id,
// retry): data's contentSchema when it has one (the data is JSON), else
// data itself. An itemSchema without a data property is the data's.
func sseData(item *openapi3.SchemaRef, ptr string) (*openapi3.SchemaRef, string) {
	if item.Value == nil {
		return item, ptr
	}
	data := item.Value.Properties["data"]
	if data == nil || data.Value == nil {
		return item, ptr
	}
	ptr += "/properties/data"
	if cs := data.Value.ContentSchema; cs != nil {
		return cs, ptr + "/contentSchema"
	}
	if mt := data.Value.ContentMediaType; mt != "" && (mt == "application/json" || strings.HasSuffix(mt, "+json")) {
		return &openapi3.SchemaRef{Value: &openapi3.Schema{}}, ptr // JSON of any shape
	}
	return data, ptr
}

// sseAlternatives reads an SSE data schema that is a oneOf (or anyOf) of
// one JSON schema and string schemas (ogen's copy of OpenAI's definition
// adds the "[DONE]" sentinel so): the data is the JSON schema's, and a
// string alternative with one enum value names the sentinel ("[DONE]"
// otherwise).
func sseAlternatives(s *openapi3.SchemaRef, ptr string) (*openapi3.SchemaRef, string, string) {
	sentinel := "[DONE]"
	if s == nil || s.Value == nil || len(s.Value.Properties) > 0 {
		return s, ptr, sentinel
	}
	alts, key := s.Value.OneOf, "oneOf"
	if len(alts) == 0 {
		alts, key = s.Value.AnyOf, "anyOf"
	}
	var data *openapi3.SchemaRef
	at := ptr
	for i, a := range alts {
		switch {
		case a == nil || a.Value == nil:
			return s, ptr, sentinel
		case schemaType(a.Value) == "string" && a.Value.Format == "":
			if e := enumOf(a.Value); len(e) == 1 {
				if v, ok := e[0].(string); ok {
					sentinel = v
				}
			}
		case data != nil:
			return s, ptr, "[DONE]" // two JSON alternatives: the oneOf is the data
		default:
			data, at = a, fmt.Sprintf("%s/%s/%d", ptr, key, i)
		}
	}
	if data == nil || len(alts) < 2 {
		return s, ptr, "[DONE]"
	}
	return data, at, sentinel
}
