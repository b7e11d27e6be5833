package model

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/oasgen/oasgen/generator/diag"
)

// Parameters: the operation's query and header parameters, its
// api-version constant, and the Options struct of the optional ones (the
// path's are in pathtemplate.go; how each travels, in encoding.go).

// mergedParams are the path item's parameters overridden by the
// operation's, in definition order.
func mergedParams(o *opSource) openapi3.Parameters {
	var out openapi3.Parameters
	own := map[string]bool{}
	for _, p := range o.op.Parameters {
		if p != nil && p.Value != nil {
			own[p.Value.In+" "+p.Value.Name] = true
		}
	}
	for _, p := range o.item.Parameters {
		if p != nil && p.Value != nil && !own[p.Value.In+" "+p.Value.Name] {
			out = append(out, p)
		}
	}
	return append(out, o.op.Parameters...)
}

// ignoredHeader: OpenAPI says these header parameters are ignored; the
// transport owns them.
func ignoredHeader(p *openapi3.Parameter) bool {
	if p.In != "header" {
		return false
	}
	switch strings.ToLower(p.Name) {
	case "accept", "content-type", "authorization":
		return true
	}
	return false
}

// resolvedParams are the operation's parameters (mergedParams), each
// resolved, a path parameter in a path style.
func (b *builder) resolvedParams(o *opSource) (openapi3.Parameters, error) {
	m := o.model
	params := mergedParams(o)
	for i, pr := range params {
		if pr == nil || pr.Value == nil {
			return nil, diag.Errorf(b.doc.File, fmt.Sprintf("%s/parameters/%d", m.Pointer, i), m.ID, "unresolved parameter")
		}
	}
	for i, pr := range params {
		if st := pr.Value.Style; pr.Value.In == "path" && st != "" && st != "simple" && st != "label" && st != "matrix" {
			return nil, diag.Errorf(b.doc.File, fmt.Sprintf("%s/parameters/%d/style", m.Pointer, i), m.ID, "path parameter %q: style %q is not a path style (simple, label or matrix)", pr.Value.Name, st)
		}
	}
	return params, nil
}

// otherParams models the query and header parameters: the required ones
// are arguments after the path's, the optional ones are returned for
// the Options struct. A path parameter the template does not name is
// left out, or sent in the query when the path's query string names it
// (queryNames).
func (b *builder) otherParams(o *opSource, params openapi3.Parameters, queryNames []string, inTemplate func(string) bool, prefix string, args *namespace) (optional []*Param, err error) {
	m := o.model
	for i, pr := range params {
		pv := pr.Value
		ptr := fmt.Sprintf("%s/parameters/%d", m.Pointer, i)
		whole := pv.In == "querystring"
		switch {
		case pv.In == "path" && !inTemplate(pv.Name) && slices.Contains(queryNames, pv.Name):
			q := *pv
			q.In = "query"
			pv = &q
		case pv.In == "path":
			if !inTemplate(pv.Name) {
				// Apache Superset's definition has such; ogen drops them too.
				b.warnf(ptr, "path parameter %q does not appear in the path template %s: left out", pv.Name, m.Path)
			}
			continue
		case pv.In == "querystring":
			// OpenAPI 3.2: the whole query string as one schema. Form
			// encoded, that is an object sent as form, exploded: a
			// query parameter per property.
			q, ok := queryString(pv)
			if !ok {
				b.warnf(ptr, "querystring parameter %q: only an object schema under application/x-www-form-urlencoded is generated; left out", pv.Name)
				continue
			}
			pv = q
		case pv.In == "cookie":
			b.warnf(ptr, "cookie parameter %q is not supported and is left out", pv.Name)
			continue
		case ignoredHeader(pv):
			continue
		case pv.In != "query" && pv.In != "header":
			return nil, diag.Errorf(b.doc.File, ptr, m.ID, "parameter %q: unsupported location %q", pv.Name, pv.In)
		}
		if c := b.constant(pv); c != nil {
			m.Consts = append(m.Consts, c)
			continue
		}
		p := b.param(pv, prefix, ptr)
		p.QueryString = whole
		if v, _ := pv.Extensions["x-ms-client-request-id"].(bool); v && pv.In == "header" {
			m.ClientRequestID = pv.Name
		}
		if p.Required {
			p.Arg = args.claim(lowerName(p.GoName), "Param")
			m.Positional = append(m.Positional, p)
		} else {
			optional = append(optional, p)
		}
	}
	return optional, nil
}

// constant recognises the api-version parameter: sent by the client with
// the definition's version, checked by the server.
func (b *builder) constant(p *openapi3.Parameter) *Const {
	if p.Name != "api-version" || p.In != "query" || !p.Required {
		return nil
	}
	value := b.api.Version
	if s := p.Schema; s != nil && s.Value != nil {
		switch {
		case len(enumOf(s.Value)) == 1:
			value = fmt.Sprint(enumOf(s.Value)[0])
		case len(enumOf(s.Value)) > 1:
			return nil
		case s.Value.Default != nil:
			value = fmt.Sprint(s.Value.Default)
		}
	}
	c := &Const{GoName: "APIVersion", Wire: p.Name, In: InQuery, Value: value}
	if b.api.APIVersion == nil {
		b.api.APIVersion = c
	}
	if b.api.APIVersion.Value != value {
		return nil // several versions in one definition: a plain parameter
	}
	return b.api.APIVersion
}

func (b *builder) param(pv *openapi3.Parameter, prefix, ptr string) *Param {
	goName := b.memberName(pv.Name, pv.Extensions, ptr)
	if goName == "" {
		goName = "Param"
	}
	in, _ := locationOf(pv.In) // otherParams keeps the modelled locations only
	p := &Param{Wire: pv.Name, GoName: goName, Required: pv.Required, Doc: pv.Description}
	p.Checks = NoChecks
	var s *openapi3.Schema
	if pv.Schema != nil {
		s = pv.Schema.Value
	}
	if s == nil {
		if pv.Content != nil {
			b.warnf(ptr, "parameter %q with content: sent as a plain string", pv.Name)
		}
		p.Type = TypeRef{Kind: KindBuiltin, Name: "string"}
		p.Encoding = b.encoding(pv, in, p.Type, ptr)
		return p
	}
	b.paramSrc[p] = sourceSchema{pv.Schema, ptr + "/schema"}
	t, object := b.wireType(pv, in, b.typeOf(pv.Schema, prefix+goName, ptr+"/schema"), ptr)
	p.Type = t
	p.Encoding = b.encoding(pv, in, t, ptr)
	if object {
		// Decided once its type is final (a member may yet become
		// Nullable): finishObjectParams.
		b.objectParams = append(b.objectParams, objectParam{p, ptr})
		return p
	}
	p.Default = b.fitDefault(p.Type, s.Default, ptr+"/schema/default")
	p.Checks = fitBounds(b.checksOf(s, ptr+"/schema", &p.Type), numericBase(p.Type))
	p.Annotations = annotationsOf(s)
	return p
}

// optionFields sorts the fields of an Options struct by name (the
// optional body's among them), makes the names unique and places the
// body.
func optionFields(opts *Options, params []*Param, body *Body) {
	type field struct {
		name  *string
		param *Param // nil: the body
	}
	fields := make([]field, 0, len(params)+1)
	for _, p := range params {
		fields = append(fields, field{&p.GoName, p})
	}
	if body != nil {
		fields = append(fields, field{&body.GoName, nil})
	}
	sort.SliceStable(fields, func(i, j int) bool { return *fields[i].name < *fields[j].name })
	names := newNamespace()
	for _, f := range fields {
		*f.name = names.claim(*f.name, "_")
		if f.param == nil {
			opts.BodyAt = len(opts.Params)
		} else {
			opts.Params = append(opts.Params, f.param)
		}
	}
}

// fitDefault is a parameter's default as its Go type can hold it: a
// number for an integer type only when it is whole and in the type's
// range, for float32 only when in its range; one that does not fit is left
// out with a warning (as a Go constant it would not compile, or would
// silently become another number).
func (b *builder) fitDefault(t TypeRef, v any, ptr string) any {
	f, isNum := asFloat(v)
	if !isNum {
		return v
	}
	base := numericBase(t)
	fits := true
	switch base {
	case "int32", "int64":
		n, isInt := v.(int64)
		if !isInt {
			fits = f == math.Trunc(f) && math.Abs(f) < 1<<63
			n = int64(f)
		}
		if fits = fits && (base == "int64" || n >= math.MinInt32 && n <= math.MaxInt32); fits {
			return n
		}
	case "float32":
		fits = math.Abs(f) <= math.MaxFloat32
	}
	if !fits {
		b.warnf(ptr, "default %v does not fit %s: left out", v, base)
		return nil
	}
	return v
}

// numericBase is the Go builtin type of t, or of the enum or defined type
// t names ("" for others).
func numericBase(t TypeRef) string {
	if t.Kind == KindBuiltin {
		return t.Name
	}
	if t.Kind == KindNamed && t.Decl != nil {
		switch {
		case t.Decl.Kind == DeclEnum:
			return t.Decl.Enum.Base
		case t.Decl.Kind == DeclAlias && t.Decl.Underlying.Kind == KindBuiltin:
			return t.Decl.Underlying.Name
		}
	}
	return ""
}

// fitBounds keeps a parameter's minimum and maximum within the range of
// its Go type, where the server compares them as constants of that type:
// a bound the type passes anyway (minimum -3000000000 for an int32) is
// dropped; one no value of the type meets becomes the type's limit,
// exclusive, so that every value still fails.
func fitBounds(c Checks, base string) Checks {
	var lo, hi float64
	switch base {
	case "int32":
		lo, hi = math.MinInt32, math.MaxInt32
	case "int64":
		lo, hi = math.MinInt64, math.MaxInt64
	case "float32":
		lo, hi = -math.MaxFloat32, math.MaxFloat32
	default:
		return c
	}
	fit := func(v *float64, exclusive *bool, pass func(float64) bool) *float64 {
		switch {
		case v == nil:
			return nil
		case pass(*v):
			*exclusive = false
			return nil
		case *v < lo:
			*exclusive = true
			return &lo
		case *v > hi:
			*exclusive = true
			return &hi
		}
		return v
	}
	c.Min = fit(c.Min, &c.ExclusiveMin, func(m float64) bool { return m < lo })
	c.Max = fit(c.Max, &c.ExclusiveMax, func(m float64) bool { return m > hi })
	return c
}

// queryString is an OpenAPI 3.2 querystring parameter as the query
// parameter that travels the same way: an object, style form, exploded;
// ok is false for any other media type or schema.
func queryString(p *openapi3.Parameter) (*openapi3.Parameter, bool) {
	mt := p.Content.Get("application/x-www-form-urlencoded")
	if len(p.Content) != 1 || mt == nil || mt.Schema == nil || mt.Schema.Value == nil || schemaType(mt.Schema.Value) != "object" {
		return nil, false
	}
	explode := true
	q := *p
	q.In, q.Style, q.Explode, q.Schema, q.Content = "query", "form", &explode, mt.Schema, nil
	return &q, true
}
