package model

import (
	"maps"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/oasgen/oasgen/generator/diag"
)

// Responses: the success response struct (statuses, body, headers) and
// the error types by status.

func (b *builder) responses(o *opSource, prefix string) {
	m := o.model
	resp := m.Response
	rs := o.op.Responses
	if rs == nil {
		return
	}
	codes := slices.Sorted(maps.Keys(rs.Map()))
	headers := map[string]*Header{}
	for _, code := range codes {
		rr := rs.Value(code)
		if rr == nil || rr.Value == nil {
			continue
		}
		ptr := m.Pointer + "/responses/" + code
		status, ok := statusOf(code)
		success := ok && status >= 200 && status < 300
		if !success {
			if ct, mt := pickContent(rr.Value.Content); mt != nil && isJSON(ct) && mt.Schema != nil {
				t := b.typeOf(mt.Schema, prefix+"Error", ptr)
				if t.IsUnion() && t.Decl.Union.Base != nil {
					t = b.named(t.Decl.Union.Base) // errors are matched by type, not kind
				}
				if t.IsUnion() {
					b.warnf(ptr, "error response %s is a union without a common base: returned as a plain *ResponseError with the raw body", t.Name)
				}
				if canBeError(t) {
					e := &ErrorResponse{Status: status, Type: t}
					switch {
					case code == "default":
						e.Status = 0
					case len(code) == 3 && strings.EqualFold(code[1:], "XX") && code[0] >= '1' && code[0] <= '5':
						e.Status, e.Class = 0, int(code[0]-'0')
					}
					m.Errors = append(m.Errors, e)
				}
			}
			continue
		}
		resp.Statuses = append(resp.Statuses, status)
		for _, hn := range slices.Sorted(maps.Keys(rr.Value.Headers)) {
			h := rr.Value.Headers[hn]
			if h == nil || h.Value == nil || headers[strings.ToLower(hn)] != nil {
				continue
			}
			t := TypeRef{Kind: KindBuiltin, Name: "string"}
			if h.Value.Schema != nil {
				t = b.typeOf(h.Value.Schema, prefix+GoName(hn), ptr+"/headers/"+diag.EscapeToken(hn))
				if t.Kind == KindNamed && t.Decl.Kind == DeclAlias && t.Decl.Underlying.Kind == KindBuiltin {
					t = *t.Decl.Underlying
				}
				if !simpleParamType(t) || t.Kind == KindSlice {
					t = TypeRef{Kind: KindBuiltin, Name: "string"}
				}
			}
			goName := b.memberName(hn, h.Value.Extensions, ptr+"/headers/"+diag.EscapeToken(hn))
			headers[strings.ToLower(hn)] = &Header{Wire: hn, GoName: goName, Type: t, Doc: h.Value.Description}
		}
		if resp.Body != nil || resp.Stream || resp.Items != nil {
			continue
		}
		resp.Items = b.itemStream(rr.Value.Content, prefix, ptr)
		ct, mt := pickContent(rr.Value.Content)
		switch {
		case mt == nil:
		case resp.Items != nil && !isJSON(ct): // the stream is the body
		case isJSON(ct) && mt.Schema != nil:
			t := b.typeOf(mt.Schema, prefix+"Result", ptr)
			if t.Kind == KindStream {
				resp.Stream = true
			}
			resp.Body = &t
		default:
			resp.Stream = true
			t := TypeRef{Kind: KindStream}
			resp.Body = &t
		}
	}
	// Exact statuses first, then classes (4XX), then default.
	rank := func(e *ErrorResponse) int {
		switch {
		case e.Status != 0:
			return e.Status
		case e.Class != 0:
			return 1000 + e.Class
		}
		return 2000
	}
	sort.SliceStable(m.Errors, func(i, j int) bool { return rank(m.Errors[i]) < rank(m.Errors[j]) })
	sort.Ints(resp.Statuses)
	resp.Statuses = slices.Compact(resp.Statuses) // "2XX" and "200" are one status
	fields := newNamespace("StatusCode")
	if resp.Body != nil {
		if resp.Body.IsStruct() && !resp.Stream {
			resp.Embed = true
			fields.claim(resp.Body.Name, "")
		} else {
			resp.BodyName = fields.claim("Body", "")
		}
	}
	if resp.Items != nil {
		resp.ItemsName = fields.claim("Stream", "")
	}
	for _, k := range slices.Sorted(maps.Keys(headers)) {
		h := headers[k]
		h.GoName = fields.claim(h.GoName, "Header")
		resp.Headers = append(resp.Headers, h)
	}
	sort.SliceStable(resp.Headers, func(i, j int) bool { return resp.Headers[i].GoName < resp.Headers[j].GoName })
}

func statusOf(code string) (int, bool) {
	switch strings.ToUpper(code) {
	case "2XX":
		return 200, true
	case "DEFAULT":
		return 0, false
	}
	n, err := strconv.Atoi(code)
	return n, err == nil
}
