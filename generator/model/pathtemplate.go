package model

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/oasgen/oasgen/generator/diag"
)

// Path templates: their RFC 6570 expressions ({id}, {.id*}, {+id}...)
// and the path parameters they name.

// pathParams models the path parameters, in template order, as the
// first arguments; inTemplate tells whether the template names a
// parameter, by its variable or by the whole expression (".format" for
// {.format}).
func (b *builder) pathParams(o *opSource, params openapi3.Parameters, prefix string, args *namespace) (inTemplate func(string) bool, err error) {
	m := o.model
	names := templateNames(m.Path)
	raw := slices.Clone(names) // the expressions as written: {.format} is raw ".format", name "format"
	vars := make([]templateVar, len(names))
	inTemplate = func(name string) bool { return slices.Contains(names, name) || slices.Contains(raw, name) }
	if a, b2, ok := adjacentParams(m.Path); ok {
		return nil, diag.Errorf(b.doc.File, diag.Pointer("paths", o.path), m.ID, "path template %s: {%s} and {%s} have nothing between them, so no server can tell where one value ends and the next begins; put a literal between them", m.Path, a, b2)
	}
	for i, n := range names {
		v, why := parseTemplateVar(n)
		if why != "" {
			return nil, diag.Errorf(b.doc.File, diag.Pointer("paths", o.path), m.ID, "path template %s: {%s} is %s, which oasgen does not support; only {name}, {name*}, {+name}, {.name}, {.name*}, {;name} and {;name*}", m.Path, n, why)
		}
		vars[i], names[i] = v, v.name
		m.Path = strings.Replace(m.Path, "{"+n+"}", "{"+v.name+"}", 1)
	}

	for vi, n := range names {
		var found *openapi3.Parameter
		ptr := m.Pointer
		for i, pr := range params {
			// A parameter named like the whole expression (".format" for
			// {.format}) is what its author meant.
			if pr.Value.In == "path" && (pr.Value.Name == n || found == nil && pr.Value.Name == raw[vi]) {
				found, ptr = pr.Value, fmt.Sprintf("%s/parameters/%d", m.Pointer, i)
			}
		}
		if found == nil {
			// Lenient where the intent is clear: the template says the
			// segment varies and no declaration is left over for it, so it
			// is a string. With one left over ({petId} and "id"), which
			// was meant is the author's call.
			var unused []string
			for _, pr := range params {
				if pr.Value.In == "path" && !inTemplate(pr.Value.Name) {
					unused = append(unused, strconv.Quote(pr.Value.Name))
				}
			}
			if len(unused) > 0 {
				return nil, diag.Errorf(b.doc.File, m.Pointer, m.ID, "path template names {%s} but the operation has no such path parameter (declared but not in the template: %s)", n, strings.Join(unused, ", "))
			}
			b.warnf(m.Pointer, "path template names {%s} but the operation declares no such path parameter: taken as a required string", n)
			found = &openapi3.Parameter{Name: n, In: "path", Required: true, Schema: openapi3.NewStringSchema().NewRef()}
		}
		p := b.param(found, prefix, m.Pointer)
		p.Wire = n // the expression's variable name, also for a parameter named ".format"
		b.templateStyle(p, found, vars[vi], ptr)
		p.Required = true
		p.Arg = args.claim(lowerName(p.GoName), "Param")
		m.PathParams = append(m.PathParams, p)
		m.Positional = append(m.Positional, p)
	}
	return inTemplate, nil
}

// templateVar is one {expression} of a path template. RFC 6570's label
// ({.id}), matrix ({;id}) and explode ({id*}) forms are OpenAPI 3's path
// styles written in the template; reserved expansion ({+id}) is simple
// style with '/' unescaped.
type templateVar struct {
	name     string
	style    Style // simple, label or matrix
	explode  bool
	reserved bool // {+name}
	styled   bool // an operator or '*' is written: the template sets the style
}

// parseTemplateVar reads one template expression; why names the RFC 6570
// form it is when oasgen does not support it.
func parseTemplateVar(e string) (v templateVar, why string) {
	v.style = StyleSimple
	if e == "" {
		return v, "an empty expression"
	}
	switch e[0] {
	case '.':
		v.style, v.styled, e = StyleLabel, true, e[1:]
	case ';':
		v.style, v.styled, e = StyleMatrix, true, e[1:]
	case '+':
		v.reserved, v.styled, e = true, true, e[1:]
	case '#':
		return v, "an RFC 6570 fragment expansion"
	case '/':
		return v, "an RFC 6570 path segment expansion"
	case '?', '&':
		return v, "an RFC 6570 query expansion"
	}
	if n, ok := strings.CutSuffix(e, "*"); ok {
		v.explode, v.styled, e = true, true, n
	}
	if e == "" || strings.ContainsAny(e[:1], "+#./;?&") || strings.HasSuffix(e, "*") {
		return v, "not an RFC 6570 expression oasgen reads"
	}
	v.name = e
	return v, ""
}

// templateStyle applies the style a path template writes ({.id*}) to a
// path parameter; when the parameter declares another, the template wins.
func (b *builder) templateStyle(p *Param, pv *openapi3.Parameter, v templateVar, ptr string) {
	if !v.styled {
		return
	}
	if pv.Style != "" && styleOf(pv.Style) != v.style || pv.Explode != nil && *pv.Explode != v.explode {
		declared := pv.Style
		if declared == "" {
			declared = "simple"
		}
		b.warnf(ptr, "path parameter %q: the template writes style %s explode %t but the parameter declares style %s explode %t: the template's is used", pv.Name, v.style, v.explode, declared, pv.Explode != nil && *pv.Explode)
	}
	p.Style = v.style
	p.Explode = v.explode && p.Shape == ShapeArray
	p.Reserved = v.reserved
}

// queryStart is the index of the '?' that starts a query string in a
// path template, or -1; a '?' inside braces is RFC 6570's {?query}.
func queryStart(path string) int {
	depth := 0
	for i, c := range path {
		switch {
		case c == '{':
			depth++
		case c == '}' && depth > 0:
			depth--
		case c == '?' && depth == 0:
			return i
		}
	}
	return -1
}

// templateNames lists the {names} of a path template in order.
func templateNames(path string) []string {
	var out []string
	for {
		i := strings.IndexByte(path, '{')
		j := strings.IndexByte(path, '}')
		if i < 0 || j < i {
			return out
		}
		out = append(out, path[i+1:j])
		path = path[j+1:]
	}
}

// adjacentParams finds two template expressions as written with no
// literal between them ("/{a}{b}", "{a}{+b}"); a label or matrix
// expression ({.format}, {;n}) brings its own prefix and is no problem.
func adjacentParams(path string) (a, b string, ok bool) {
	for {
		i := strings.Index(path, "}{")
		if i < 0 {
			return "", "", false
		}
		start := strings.LastIndexByte(path[:i], '{')
		end := strings.IndexByte(path[i+2:], '}')
		if start >= 0 && end >= 0 && !strings.HasPrefix(path[i+2:], ".") && !strings.HasPrefix(path[i+2:], ";") {
			return path[start+1 : i], path[i+2 : i+2+end], true
		}
		path = path[i+2:]
	}
}
