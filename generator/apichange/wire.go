package apichange

import (
	"fmt"

	"github.com/oasgen/oasgen/generator/model"
)

// The wire view of a type: what its values look like in JSON (or, for a
// parameter, as text), read from the model, which decides encodings. Go
// types are the Go view's; this is the other question: do the bytes an
// old side writes still read on the new side, and the other way?

// relation is how the set of values of a new type relates to the old.
type relation int

const (
	same relation = iota
	// wider: the new type admits every old value and more; decodes says
	// whether the old generated code still decodes every new value.
	wider
	narrower
	// different: values are written differently (an encoding change).
	different
)

// valueShape is a type as the wire sees it.
type valueShape struct {
	kind   string // string, integer, number, boolean, array, object, any, binary
	format string // a string's format (date-time, uuid, byte, …); an integer's width
	quoted bool   // an integer carried as a JSON string
	enum   bool   // a closed set of values (a closed enum)
	elem   *valueShape
}

func (s valueShape) String() string {
	switch s.kind {
	case "array":
		return "array of " + s.elem.String()
	case "map":
		return "map of " + s.elem.String()
	}
	out := s.kind
	if s.format != "" {
		out += " (" + s.format + ")"
	}
	if s.enum {
		out += " of a closed enum"
	}
	if s.quoted {
		out += " as a JSON string"
	}
	return out
}

func shapeOf(t model.TypeRef) valueShape {
	switch t.Kind {
	case model.KindBuiltin:
		switch t.Name {
		case "string":
			return valueShape{kind: "string"}
		case "bool":
			return valueShape{kind: "boolean"}
		case "int32", "int64", "int", "uint32", "uint64":
			return valueShape{kind: "integer", format: t.Name, quoted: t.String}
		case "float32", "float64":
			return valueShape{kind: "number", format: t.Name}
		}
		return valueShape{kind: "any"}
	case model.KindNamed:
		d := t.Decl
		if d == nil {
			return valueShape{kind: "any"}
		}
		switch d.Kind {
		case model.DeclEnum:
			s := valueShape{kind: "string", enum: !d.Enum.Open}
			if d.Enum.Base != "string" {
				s.kind, s.format = "integer", d.Enum.Base
			}
			return s
		case model.DeclAlias:
			return shapeOf(*d.Underlying)
		}
		return valueShape{kind: "object"}
	case model.KindSlice:
		e := shapeOf(*t.Elem)
		return valueShape{kind: "array", elem: &e}
	case model.KindMap:
		e := shapeOf(*t.Elem)
		return valueShape{kind: "map", elem: &e}
	case model.KindTime:
		return valueShape{kind: "string", format: t.Format}
	case model.KindUUID:
		return valueShape{kind: "string", format: "uuid"}
	case model.KindBytes:
		return valueShape{kind: "string", format: "base64"}
	case model.KindStream:
		return valueShape{kind: "binary"}
	case model.KindExternal:
		return valueShape{kind: "string", format: t.Import + "." + t.Name}
	}
	return valueShape{kind: "any"}
}

// relate compares an old and a new shape. text: the values travel as
// text (a parameter), where any value is also a string and JSON's
// quoting does not apply. decodes is meaningful for wider: whether the
// old generated code reads every new value.
func relate(o, n valueShape, text bool) (rel relation, decodes bool) {
	if text {
		o.quoted, n.quoted = false, false
		if o.kind == "map" {
			o.kind = "object"
		}
		if n.kind == "map" {
			n.kind = "object"
		}
	}
	if o.kind == "map" && n.kind == "map" {
		return relate(*o.elem, *n.elem, text)
	}
	if o.kind == "map" {
		o.kind = "object" // a struct and a map are both JSON objects
	}
	if n.kind == "map" {
		n.kind = "object"
	}
	switch {
	case o.kind == "any" && n.kind == "any":
		return same, true
	case n.kind == "any":
		return wider, false
	case o.kind == "any":
		return narrower, true
	case o.kind == "array" && n.kind == "array":
		return relate(*o.elem, *n.elem, text)
	case o.quoted != n.quoted:
		return different, false
	case o.kind != n.kind:
		switch {
		case o.kind == "integer" && n.kind == "number":
			return wider, false
		case o.kind == "number" && n.kind == "integer":
			return narrower, true
		case text && n.kind == "string" && n.format == "" && !n.enum && o.kind != "array":
			return wider, false
		case text && o.kind == "string" && o.format == "" && !o.enum && n.kind != "array":
			return narrower, true
		}
		return different, false
	case o.kind == "integer" || o.kind == "number":
		switch {
		case o.format == n.format || o.format == "" || n.format == "":
		case o.format < n.format: // int32 < int64, float32 < float64
			return wider, false
		default:
			return narrower, true
		}
	case o.kind == "string":
		switch {
		case o.format == n.format:
		case o.format == "":
			return narrower, true
		case n.format == "":
			return wider, false
		default:
			return different, false
		}
	}
	switch {
	case o.enum && !n.enum:
		return wider, true
	case !o.enum && n.enum:
		return narrower, true
	}
	return same, true
}

// effects maps a relation onto the directions a value travels: in
// requests, wider values are new clients' problem with old servers and
// narrower ones break old clients; in responses, wider values may break
// old readers (or break the old generated client, when it cannot decode
// them) and narrower ones are new clients' problem with old servers.
func effects(rel relation, decodes bool, d Direction) (req, resp Wire) {
	if d == 0 {
		d = Both // not carried by any operation: assume the worst
	}
	if d&Request != 0 {
		switch rel {
		case wider:
			req = WireNeedsNewServer
		case narrower:
			req = WireBreaks
		case different:
			req = WireEncoding
		}
	}
	if d&Response != 0 {
		switch {
		case rel == wider && decodes:
			resp = WireMayBreakReaders
		case rel == wider:
			resp = WireBreaks
		case rel == narrower:
			resp = WireNeedsNewServer
		case rel == different:
			resp = WireEncoding
		}
	}
	return req, resp
}

// valueChange compares two types as the wire sees them; what is empty
// when their values look alike.
func valueChange(o, n model.TypeRef, text bool, d Direction) (what string, req, resp Wire) {
	os, ns := shapeOf(o), shapeOf(n)
	rel, decodes := relate(os, ns, text)
	if rel == same {
		return "", "", ""
	}
	req, resp = effects(rel, decodes, d)
	what = fmt.Sprintf("on the wire %s → %s", os, ns)
	switch {
	case rel == different:
		what += " (an encoding change: neither side reads the other's values)"
	case rel == wider && !decodes && d&Response != 0:
		what += " (old clients fail to decode the new values)"
	}
	return what, req, resp
}
