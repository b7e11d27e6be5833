package model

import (
	"github.com/getkin/kin-openapi/openapi3"
)

// How a parameter's value travels is decided here, once, from the
// definition: the type it travels as (wireType) and its Encoding. The
// client writes it and the server reads it (emit/paramwire.go), the
// example server and the change report key parameters by its location;
// none of them looks at the definition's strings again. A new parameter
// style is a value and its decision here, the writer and reader in
// emit/paramwire.go, and the runtime's support functions.

// Location is where a parameter travels.
type Location uint8

const (
	InPath Location = iota + 1
	InQuery
	InHeader
)

// String is the location as OpenAPI names it.
func (l Location) String() string {
	switch l {
	case InPath:
		return "path"
	case InQuery:
		return "query"
	case InHeader:
		return "header"
	}
	return "invalid location"
}

// locationOf reads a definition's "in"; ok is false for a location
// parameters are not modelled in (cookie, Swagger 2's body and formData).
func locationOf(in string) (l Location, ok bool) {
	switch in {
	case "path":
		return InPath, true
	case "query":
		return InQuery, true
	case "header":
		return InHeader, true
	}
	return 0, false
}

// Style is how a value is written: OpenAPI 3's style, resolved for the
// parameter's location and shape (an unsupported one is replaced by the
// location's default, with a warning).
type Style uint8

const (
	StyleSimple         Style = iota + 1 // path and header: the value; array items comma-separated
	StyleLabel                           // path: .value
	StyleMatrix                          // path: ;name=value
	StyleForm                            // query: name=value; array items comma-separated, or one key each when exploded
	StyleSpaceDelimited                  // query arrays, not exploded: items space-separated
	StylePipeDelimited                   // query arrays, not exploded: items '|'-separated
	StyleDeepObject                      // query objects: name[member]=value
)

var styleNames = [...]string{
	StyleSimple: "simple", StyleLabel: "label", StyleMatrix: "matrix", StyleForm: "form",
	StyleSpaceDelimited: "spaceDelimited", StylePipeDelimited: "pipeDelimited", StyleDeepObject: "deepObject",
}

// String is the style as OpenAPI names it.
func (s Style) String() string {
	if int(s) < len(styleNames) && styleNames[s] != "" {
		return styleNames[s]
	}
	return "invalid style"
}

// styleOf reads a definition's style; 0 for one OpenAPI does not name.
func styleOf(name string) Style {
	for s, n := range styleNames {
		if n == name && n != "" {
			return Style(s)
		}
	}
	return 0
}

// Delimiter separates the items of an array in one value, for the query
// styles that do not use form's ","; "" for the others.
func (s Style) Delimiter() string {
	switch s {
	case StyleSpaceDelimited:
		return " "
	case StylePipeDelimited:
		return "|"
	}
	return ""
}

// Shape is what a parameter's value is, as the wire sees it.
type Shape uint8

const (
	ShapeScalar Shape = iota // one value
	ShapeArray               // a slice of single values
	ShapeObject              // a struct of single values, member by member (query)
	ShapeMap                 // a map of free keys to single values (query)
)

// Encoding is how a parameter travels. Its fields are normalised where
// the definition can say one thing two ways: Explode is set for arrays
// and objects only, Raw and Reserved in a path only, and an exploded
// spaceDelimited or pipeDelimited array is form (all three repeat the
// key).
type Encoding struct {
	In      Location
	Style   Style
	Explode bool // arrays: one prefix (label, matrix) or key (form) per item; objects: one key per member
	// Reserved: RFC 6570 reserved expansion ({+name}): a path value whose
	// '/' is sent as it is, so that it may span segments.
	Reserved bool
	Raw      bool // x-ms-skip-url-encoding: a path value sent as given, not escaped
	Shape    Shape
	// QueryString: an OpenAPI 3.2 querystring parameter, the whole query
	// string as one object, which travels as a query object in form
	// style, exploded (a key per member): its name never reaches the
	// wire. The change report compares it by its members.
	QueryString bool
}

// PathStyled reports whether a path value is written in its style
// (a prefix, separators between items) rather than as one escaped value.
// A simple array is, so that its commas stay separators and commas inside
// items are escaped.
func (e Encoding) PathStyled() bool {
	return e.In == InPath && !e.Raw && (e.Style != StyleSimple || e.Shape == ShapeArray)
}

// IsObject reports whether the value travels member by member (a struct
// or a map in a query).
func (e Encoding) IsObject() bool { return e.Shape == ShapeObject || e.Shape == ShapeMap }

// wireType is the type a parameter of type t travels as, in location
// in: a named primitive as its base type, an object of free keys in a
// query as a map of text, and what cannot travel there as a plain
// string, with a warning. object reports a query object, which
// finishObjectParams keeps or demotes once the types are final.
func (b *builder) wireType(pv *openapi3.Parameter, in Location, t TypeRef, ptr string) (_ TypeRef, object bool) {
	if t.Kind == KindNamed && t.Decl.Kind == DeclAlias && t.Decl.Underlying.Kind == KindBuiltin {
		t = *t.Decl.Underlying
	}
	if in == InQuery && t.Kind == KindMap && t.Elem.Kind == KindBuiltin && t.Elem.Name == "any" {
		t = TypeRef{Kind: KindMap, Elem: &TypeRef{Kind: KindBuiltin, Name: "string"}}
	}
	object = in == InQuery && objectType(t)
	if !simpleParamType(t) && !object {
		b.warnf(ptr, "parameter %q of a structured type: sent as a plain string", pv.Name)
		t = TypeRef{Kind: KindBuiltin, Name: "string"}
	}
	return t, object
}

// shapeOf is the shape of a parameter of type t; an object is one only
// once finishObjectParams has kept it.
func shapeOf(t TypeRef) Shape {
	switch {
	case t.Kind == KindSlice:
		return ShapeArray
	case t.Kind == KindMap:
		return ShapeMap
	case structType(t):
		return ShapeObject
	}
	return ShapeScalar
}

// encoding decides how parameter pv, of type t and location in, travels
// (the style a path template writes is applied by templateStyle).
func (b *builder) encoding(pv *openapi3.Parameter, in Location, t TypeRef, ptr string) Encoding {
	e := Encoding{In: in, Shape: shapeOf(t)}
	e.Style = b.paramStyle(pv, in, t, ptr)
	if e.In == InPath {
		e.Raw, _ = pv.Extensions["x-ms-skip-url-encoding"].(bool)
	}
	switch e.Shape {
	case ShapeObject, ShapeMap:
		// form's default is explode; deepObject is always exploded.
		e.Explode = pv.Explode == nil || *pv.Explode || e.Style == StyleDeepObject
	case ShapeArray:
		switch {
		case pv.Explode != nil:
			e.Explode = *pv.Explode
		case b.doc.Swagger2:
			// No collectionFormat: csv. The conversion to OpenAPI 3 sets
			// explode for every other (true for multi only).
		default:
			e.Explode = e.Style == StyleForm // OpenAPI 3's default for form style
		}
		if e.Explode && e.Style.Delimiter() != "" {
			e.Style = StyleForm
		}
	}
	return e
}

// paramStyle is a parameter's OpenAPI 3 style, checked for its location
// and type; an unsupported one is warned about and replaced by the
// location's default (path styles were checked by resolvedParams).
func (b *builder) paramStyle(pv *openapi3.Parameter, in Location, t TypeRef, ptr string) Style {
	st := pv.Style
	switch in {
	case InPath:
		if st == "" {
			return StyleSimple
		}
		return styleOf(st)
	case InQuery:
		switch {
		case st == "" || st == "form":
			return StyleForm
		case (st == "spaceDelimited" || st == "pipeDelimited") && t.Kind == KindSlice:
			return styleOf(st)
		case st == "deepObject" && objectType(t):
			return StyleDeepObject
		case st == "spaceDelimited" || st == "pipeDelimited":
			b.warnf(ptr+"/style", "query parameter %q: style %s applies to arrays only: sent in form style", pv.Name, st)
		case st == "deepObject":
			b.warnf(ptr+"/style", "query parameter %q: style deepObject applies to objects only: sent in form style", pv.Name)
		default:
			b.warnf(ptr+"/style", "query parameter %q: style %q is not a query style: sent in form style", pv.Name, st)
		}
		return StyleForm
	}
	if st != "" && st != "simple" {
		b.warnf(ptr+"/style", "%s parameter %q: style %q is not supported: sent in simple style", pv.In, pv.Name, st)
	}
	return StyleSimple
}

func structType(t TypeRef) bool {
	return t.Kind == KindNamed && t.Decl != nil && t.Decl.Kind == DeclStruct
}

// objectType: a struct or a map, which a query may carry as an object
// (whether it does is travelsAsObject's to say once the types are final).
func objectType(t TypeRef) bool { return structType(t) || t.Kind == KindMap }

// objectParam is a query parameter of a struct type and where it is
// declared, until finishObjectParams decides how it travels.
type objectParam struct {
	p   *Param
	ptr string
}

// finishObjectParams keeps the query objects whose final types travel as
// objects (travelsAsObject); the others are sent as plain strings, with a
// located warning, as any other structured parameter.
func (b *builder) finishObjectParams() {
	for _, o := range b.objectParams {
		switch {
		case o.p.Shape == ShapeMap && travelsAsObject(o.p.Type) && o.p.Style == StyleForm && o.p.Explode:
			b.warnf(o.ptr, "parameter %q: an object of free keys in form style, exploded, cannot be told from the other query parameters: sent as a plain string", o.p.Wire)
		case travelsAsObject(o.p.Type):
			continue
		default:
			b.warnf(o.ptr, "parameter %q of a structured type: sent as a plain string", o.p.Wire)
		}
		o.p.Type = TypeRef{Kind: KindBuiltin, Name: "string"}
		o.p.Style, o.p.Explode, o.p.Shape, o.p.QueryString = StyleForm, false, ShapeScalar, false
	}
}

// travelsAsObject reports whether a query parameter of type t travels as an
// object, in form or deepObject style: a struct whose members are all
// single values (no arrays, objects or Nullable members), or a map of
// such values (free keys: deepObject, or form not exploded).
func travelsAsObject(t TypeRef) bool {
	if t.Kind == KindMap {
		return t.Elem.Kind != KindSlice && simpleParamType(*t.Elem)
	}
	if !structType(t) || len(t.Decl.Fields) == 0 {
		return false
	}
	for _, f := range t.Decl.Fields {
		if f.ThreeState || f.Type.Kind == KindSlice || !simpleParamType(f.Type) || f.JSONName == "-" {
			return false
		}
	}
	return true
}

// simpleParamType: what can travel in a path, query or header.
func simpleParamType(t TypeRef) bool {
	switch t.Kind {
	case KindBuiltin:
		return t.Name != "any"
	case KindTime, KindUUID, KindExternal:
		return true
	case KindNamed:
		d := t.Decl
		return d.Kind == DeclEnum || d.Kind == DeclAlias && d.Underlying.Kind == KindBuiltin && d.Underlying.Name != "any"
	case KindSlice:
		return t.Elem.Kind != KindSlice && simpleParamType(*t.Elem)
	}
	return false
}
