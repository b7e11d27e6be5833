package model

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"sort"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/oasgen/oasgen/generator/diag"
)

// namedValue is one OpenAPI 3 example value and its name.
type namedValue struct {
	name  string
	value json.RawMessage
}

// loneExample names a parameter's, media type's or header's "example"
// (the one without a name) so that it pairs with the other "example"s of
// the operation.
const loneExample = "example"

// oas3Examples builds an operation's examples from its OpenAPI 3
// "example" and "examples": those of one name across the parameters, the
// request body and a response form one example (the convention Stoplight
// Prism follows too), the response's status being the one the example is
// declared under. A response example with no request part of its name
// answers any call, after the others; one under an error status is then
// left out, since an error is never the answer to any call. A request
// part whose name no response example has is answered by the lowest
// body-less success status (a DELETE's 204), if there is one. Sorted by
// name then status, any-call examples last.
func (b *builder) oas3Examples(o *opSource) []*Example {
	m := o.model
	reqs := b.requestExamples(o)
	var out, anyCall []*Example
	paired := map[string]bool{}
	noContent, noContentHeaders := 0, headerText{}
	rs := o.op.Responses
	if rs == nil {
		return nil
	}
	codes := slices.Sorted(maps.Keys(rs.Map()))
	sort.SliceStable(codes, func(i, j int) bool { return statusRank(codes[i]) < statusRank(codes[j]) })
	for _, code := range codes {
		status, ok := statusOf(code)
		rr := rs.Value(code)
		if !ok || rr == nil || rr.Value == nil {
			continue
		}
		ptr := m.Pointer + "/responses/" + diag.EscapeToken(code)
		headers := b.headerExamples(rr.Value.Headers, ptr)
		ct, mt := pickContent(rr.Value.Content)
		if mt == nil {
			if noContent == 0 && status >= 200 && status < 300 {
				noContent, noContentHeaders = status, headers
			}
			continue
		}
		if !isJSON(ct) {
			continue
		}
		for _, nv := range b.namedExamples(mt.Example, mt.Examples, ptr+"/content/"+diag.EscapeToken(ct)) {
			ex := &Example{Name: nv.name, Status: status, Headers: headers.of(nv.name)}
			if string(nv.value) != "null" {
				ex.Resp = compact(nv.value)
			}
			if r := reqs[nv.name]; r != nil {
				ex.Path, ex.Params, ex.Body = r.Path, r.Params, r.Body
				paired[nv.name] = true
				out = append(out, ex)
				continue
			}
			if status >= 200 && status < 300 {
				ex.AnyCall = true
				anyCall = append(anyCall, ex)
			}
		}
	}
	if noContent != 0 {
		for _, name := range sortedKeys(reqs) {
			if !paired[name] {
				r := reqs[name]
				r.Status, r.Headers = noContent, noContentHeaders.of(name)
				out = append(out, r)
			}
		}
	}
	byName := func(x []*Example) {
		sort.SliceStable(x, func(i, j int) bool { return x[i].Name < x[j].Name })
	}
	byName(out)
	byName(anyCall)
	return append(out, anyCall...)
}

// statusRank orders response codes by status ("2XX" as 200), anything
// else last.
func statusRank(code string) int {
	if s, ok := statusOf(code); ok {
		return s
	}
	return 1000
}

// requestExamples are the request parts of an operation's examples, by
// name: its parameters' and its JSON request body's examples.
func (b *builder) requestExamples(o *opSource) map[string]*Example {
	m := o.model
	reqs := map[string]*Example{}
	get := func(name string) *Example {
		if reqs[name] == nil {
			reqs[name] = &Example{Name: name}
		}
		return reqs[name]
	}
	params := exampleParams(m)
	own := map[string]bool{}
	visit := func(list openapi3.Parameters, ptr string) {
		for i, pr := range list {
			if pr == nil || pr.Value == nil || own[pr.Value.In+" "+pr.Value.Name] {
				continue
			}
			own[pr.Value.In+" "+pr.Value.Name] = true
			p := opParam(params, pr.Value)
			if p == nil {
				continue
			}
			for _, nv := range b.namedExamples(pr.Value.Example, pr.Value.Examples, fmt.Sprintf("%s/parameters/%d", ptr, i)) {
				get(nv.name).setParam(p, nv.value)
			}
		}
	}
	visit(o.op.Parameters, m.Pointer)
	visit(o.item.Parameters, diag.Pointer("paths", o.path))
	if rb := o.op.RequestBody; rb != nil && rb.Value != nil && m.Body != nil && m.Body.JSON {
		if ct, mt := pickContent(rb.Value.Content); mt != nil {
			for _, nv := range b.namedExamples(mt.Example, mt.Examples, m.Pointer+"/requestBody/content/"+diag.EscapeToken(ct)) {
				if string(nv.value) != "null" {
					get(nv.name).Body = compact(nv.value)
				}
			}
		}
	}
	return reqs
}

// opParam is the modelled parameter of pv, if it has one (constants and
// cookies have none).
func opParam(params []*Param, pv *openapi3.Parameter) *Param {
	in, _ := locationOf(pv.In)
	for _, p := range params {
		// A path parameter the template does not name may be sent in the
		// query (otherParams).
		if p.Wire == pv.Name && (p.In == in || in == InPath) {
			return p
		}
	}
	return nil
}

// headerText is a response's header examples: by example name, then
// header name; loneExample's apply to every example without its own.
type headerText map[string]map[string]string

func (h headerText) of(name string) map[string]string {
	out := maps.Clone(h[loneExample])
	for k, v := range h[name] {
		out = setText(out, k, v)
	}
	return out
}

func (b *builder) headerExamples(hs openapi3.Headers, ptr string) headerText {
	out := headerText{}
	for _, hn := range slices.Sorted(maps.Keys(hs)) {
		h := hs[hn]
		if h == nil || h.Value == nil {
			continue
		}
		for _, nv := range b.namedExamples(h.Value.Example, h.Value.Examples, ptr+"/headers/"+diag.EscapeToken(hn)) {
			if s, ok := jsonText(nv.value); ok {
				out[nv.name] = setText(out[nv.name], hn, s)
			}
		}
	}
	return out
}

// namedExamples are the values of an "example" (named loneExample) and
// of "examples", sorted by name; an "examples" member with externalValue
// is left out with a warning (oasgen fetches nothing), and one named like
// the lone example wins over it. ptr locates the object that holds them.
func (b *builder) namedExamples(lone any, named openapi3.Examples, ptr string) []namedValue {
	var out []namedValue
	if lone != nil && named[loneExample] == nil {
		if v, err := json.Marshal(lone); err == nil {
			out = append(out, namedValue{loneExample, v})
		}
	}
	for _, name := range sortedKeys(named) {
		ref := named[name]
		if ref == nil || ref.Value == nil {
			continue
		}
		if ref.Value.ExternalValue != "" {
			b.warnf(ptr+"/examples/"+diag.EscapeToken(name), "example %q has an externalValue, which oasgen does not fetch: left out of the example server", name)
			continue
		}
		if ref.Value.Value == nil {
			continue
		}
		if v, err := json.Marshal(ref.Value.Value); err == nil {
			out = append(out, namedValue{name, v})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].name < out[j].name })
	return out
}
