package emit

import (
	"net/textproto"
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/oasgen/oasgen/generator/model"
)

// How a parameter travels, in both directions: the client writes it
// (pathExpr, setParam) and the server reads it (readCall, defaultCall),
// each by a switch on the model's Encoding. The two must agree, so they
// live side by side; the support code's format*/read* functions they
// call do the work.

// pathExpr builds the escaped request path from the template.
func pathExpr(op *model.Operation) jen.Code {
	var parts []jen.Code
	tmpl := op.Path
	prev := "" // the literal between the previous value and this one
	for k, p := range op.PathParams {
		i := strings.Index(tmpl, "{"+p.Wire+"}")
		if lit := tmpl[:i]; lit != "" {
			parts = append(parts, jen.Lit(lit))
		}
		if k > 0 {
			prev = tmpl[:i]
		}
		seps := splitsOn(tmpl[i+len(p.Wire)+2:]) + splitsOn(prev)
		switch {
		case p.Raw:
			parts = append(parts, formatValue(p.Type, jen.Id(p.Arg))) // x-ms-skip-url-encoding
		case p.PathStyled():
			parts = append(parts, pathStyleValue(p))
		case p.Reserved:
			parts = append(parts, jen.Id("escapeReserved").Call(formatValue(p.Type, jen.Id(p.Arg))))
		case seps != "":
			// A literal next to the value, between it and another value,
			// starts with a character values may hold ('-' in
			// "{tenant}-{user}", '.' in "{name}.{ext}"): escaped in both
			// values, so the server splits where the template does and
			// can tell that it did (it refuses an ambiguous path).
			parts = append(parts, jen.Id("escapePathSeps").Call(formatValue(p.Type, jen.Id(p.Arg)), jen.Lit(seps)))
		default:
			parts = append(parts, jen.Id("escapePathValue").Call(formatValue(p.Type, jen.Id(p.Arg))))
		}
		tmpl = tmpl[i+len(p.Wire)+2:]
	}
	if tmpl != "" || len(parts) == 0 {
		parts = append(parts, jen.Lit(tmpl))
	}
	return jen.Add(joinPlus(parts))
}

// splitsOn is the first character of a literal that separates two path
// values, when escapePathValue would leave it in a value (an unreserved
// character), else "": the server ends a value at that literal.
func splitsOn(lit string) string {
	if lit == "" || lit[0] == '{' {
		return ""
	}
	c := lit[0]
	if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~' {
		return lit[:1]
	}
	return ""
}

func joinPlus(parts []jen.Code) *jen.Statement {
	s := jen.Add(parts[0])
	for _, p := range parts[1:] {
		s = s.Op("+").Add(p)
	}
	return s
}

// styleConst names the support constant of a styled path parameter's
// style (model.Encoding.PathStyled), which formatPathStyle writes and
// readPathStyle or readPathList read.
func styleConst(p *model.Param) jen.Code {
	if p.Reserved {
		return jen.Id("styleReserved")
	}
	switch p.Style {
	case model.StyleLabel:
		return jen.Id("styleLabel")
	case model.StyleMatrix:
		return jen.Id("styleMatrix")
	}
	return jen.Id("styleSimple")
}

// pathStyleValue writes a path parameter in its style.
func pathStyleValue(p *model.Param) jen.Code {
	items := jen.Add(formatValue(p.Type, jen.Id(p.Arg)))
	if p.Shape == model.ShapeArray {
		items = jen.Id("formatEach").Call(jen.Id(p.Arg), formatFunc(*p.Type.Elem)).Op("...")
	}
	return jen.Id("formatPathStyle").Call(styleConst(p), jen.Lit(p.Wire), jen.Lit(p.Explode), items)
}

// setParam sends one query or header parameter value v.
func setParam(p *model.Param, v jen.Code) jen.Code {
	switch {
	case p.IsObject():
		return setObjectParam(p, v)
	case p.In == model.InQuery && p.Shape == model.ShapeArray && p.Explode:
		return jen.For(jen.List(jen.Id("_"), jen.Id("e")).Op(":=").Range().Add(v)).Block(
			jen.Id("req").Dot("addQuery").Call(jen.Lit(p.Wire), formatValue(*p.Type.Elem, jen.Id("e"))))
	case p.Style.Delimiter() != "":
		return jen.Id("req").Dot("setQuery").Call(jen.Lit(p.Wire), jen.Id("formatDelimited").Call(v, formatFunc(*p.Type.Elem), jen.Lit(p.Style.Delimiter())))
	case p.In == model.InHeader:
		return jen.Id("req").Dot("setHeader").Call(jen.Lit(p.Wire), formatValue(p.Type, v))
	}
	return jen.Id("req").Dot("setQuery").Call(jen.Lit(p.Wire), formatValue(p.Type, v))
}

// setObjectParam sends an object query parameter v (a struct or a
// pointer to one, one member a line; or a map).
func setObjectParam(p *model.Param, v jen.Code) jen.Code {
	if p.Shape == model.ShapeMap {
		return jen.Id("setQueryMap").Call(jen.Id("req"), jen.Lit(p.Wire), jen.Lit(p.Style == model.StyleDeepObject), v, formatFunc(*p.Type.Elem))
	}
	return jen.Id("req").Dot("setQueryObject").CustomFunc(multiCall, func(g *jen.Group) {
		g.Lit(p.Wire)
		g.Lit(p.Style == model.StyleDeepObject)
		g.Lit(p.Explode)
		for _, f := range p.Type.Decl.Fields {
			helper := "member"
			if f.Pointer {
				helper = "optMember"
			}
			g.Id(helper).Call(jen.Lit(f.JSONName), jen.Add(v).Dot(f.GoName), formatFunc(f.Type))
		}
	})
}

// inConst names the support constant of a location.
func inConst(in model.Location) string {
	switch in {
	case model.InPath:
		return "inPath"
	case model.InHeader:
		return "inHeader"
	}
	return "inQuery"
}

// readCall reads one parameter; headers are looked up by the canonical
// key worked out here rather than per request.
func readCall(p *model.Param) jen.Code {
	array := p.Shape == model.ShapeArray
	switch {
	case p.IsObject():
		return readObjectCall(p)
	case p.In == model.InHeader:
		return jen.Id("readHeaderParam").Call(jen.Id("p"), jen.Lit(p.Wire), jen.Lit(textproto.CanonicalMIMEHeaderKey(p.Wire)), jen.Lit(p.Required), parseFunc(p.Type))
	case p.PathStyled() && array:
		return jen.Id("readPathList").Call(jen.Id("p"), jen.Lit(p.Wire), styleConst(p), jen.Lit(p.Explode), parseFunc(*p.Type.Elem))
	case p.PathStyled():
		return jen.Id("readPathStyle").Call(jen.Id("p"), jen.Lit(p.Wire), styleConst(p), parseFunc(p.Type))
	case p.In == model.InQuery && array && p.Explode:
		return jen.Id("readQueryList").Call(jen.Id("p"), jen.Lit(p.Wire), jen.Lit(p.Required), parseFunc(*p.Type.Elem))
	case p.Style.Delimiter() != "":
		return jen.Id("readParam").Call(jen.Id("p"), jen.Id("inQuery"), jen.Lit(p.Wire), jen.Lit(p.Required), jen.Id("parseDelimited").Call(jen.Lit(p.Style.Delimiter()), parseFunc(*p.Type.Elem)))
	}
	return jen.Id("readParam").Call(jen.Id("p"), jen.Id(inConst(p.In)), jen.Lit(p.Wire), jen.Lit(p.Required), parseFunc(p.Type))
}

// defaultCall reads an optional parameter with a default in one call, or
// is nil when its reader has no such form.
func defaultCall(p *model.Param) jen.Code {
	if p.Shape == model.ShapeArray {
		return nil
	}
	lit := literal(p.Type, p.Default)
	switch {
	case p.In == model.InHeader:
		return jen.Id("defHeaderParam").Call(jen.Id("p"), jen.Lit(p.Wire), jen.Lit(textproto.CanonicalMIMEHeaderKey(p.Wire)), parseFunc(p.Type), lit)
	case p.PathStyled():
		return nil
	}
	return jen.Id("defParam").Call(jen.Id("p"), jen.Id(inConst(p.In)), jen.Lit(p.Wire), parseFunc(p.Type), lit)
}

// readObjectCall reads an object query parameter, member by member.
func readObjectCall(p *model.Param) jen.Code {
	if p.Shape == model.ShapeMap {
		return jen.Id("readQueryMap").Call(jen.Id("p"), jen.Lit(p.Wire), jen.Lit(p.Style == model.StyleDeepObject), jen.Lit(p.Required), memberParse(*p.Type.Elem))
	}
	var members []jen.Code
	for _, f := range p.Type.Decl.Fields {
		read := jen.Id("objMember").Call(jen.Id("o"), jen.Lit(f.JSONName), jen.Lit(!f.Pointer), memberParse(f.Type))
		if f.Pointer {
			members = append(members, jen.Id("v").Dot(f.GoName).Op("=").Id("optional").Call(read))
		} else {
			members = append(members, jen.List(jen.Id("v").Dot(f.GoName), jen.Id("_")).Op("=").Add(read))
		}
	}
	return jen.Id("readObjectParam").Call(jen.Id("p"), jen.Lit(p.Wire), jen.Lit(p.Style == model.StyleDeepObject), jen.Lit(p.Explode), jen.Lit(p.Required),
		jen.Func().Params(jen.Id("o").Op("*").Id("objectParam"), jen.Id("v").Op("*").Add(goType(p.Type))).Block(members...))
}

// memberParse reads an object parameter's member: a closed enum's parser
// refuses values the enum does not list.
func memberParse(t model.TypeRef) jen.Code {
	if t.Kind == model.KindNamed && t.Decl.Kind == model.DeclEnum && !t.Decl.Enum.Open {
		return jen.Id("closedEnum").Call(parseFunc(t))
	}
	return parseFunc(t)
}
