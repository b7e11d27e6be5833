package apichange

import (
	"path"

	"github.com/oasgen/oasgen/generator/model"
)

// goType renders a type reference as the Go type the emitter writes.
func goType(t model.TypeRef) string {
	switch t.Kind {
	case model.KindSlice:
		return "[]" + goType(*t.Elem)
	case model.KindMap:
		return "map[string]" + goType(*t.Elem)
	case model.KindTime:
		return "time.Time"
	case model.KindUUID:
		return "UUID"
	case model.KindBytes:
		return "[]byte"
	case model.KindRaw:
		return "json.RawMessage"
	case model.KindStream:
		return "io.Reader"
	case model.KindExternal:
		return path.Base(t.Import) + "." + t.Name
	case model.KindEvents:
		return "*EventStream[" + goType(*t.Elem) + "]"
	}
	return t.Name
}

// fieldType is a struct field's Go type.
func fieldType(f *model.Field) string {
	if f.Pointer {
		return "*" + goType(f.Type)
	}
	return goType(f.Type)
}

// optionType is an Options field's Go type: a pointer unless nil is
// already the zero value.
func optionType(t model.TypeRef) string {
	if t.Nillable() {
		return goType(t)
	}
	return "*" + goType(t)
}

// comparable reports whether values of t can be compared with ==; a
// struct that loses it breaks callers that compare or use it as a map key.
func comparable(t model.TypeRef, seen map[*model.Type]bool) bool {
	switch t.Kind {
	case model.KindSlice, model.KindMap, model.KindBytes, model.KindRaw:
		return false
	case model.KindNamed:
		if t.Decl == nil {
			return true
		}
		switch t.Decl.Kind {
		case model.DeclStruct:
			return structComparable(t.Decl, seen)
		case model.DeclAlias:
			return comparable(*t.Decl.Underlying, seen)
		}
	}
	return true // builtins, time.Time, UUID, interfaces; external types are assumed to be
}

func structComparable(d *model.Type, seen map[*model.Type]bool) bool {
	if seen == nil {
		seen = map[*model.Type]bool{}
	}
	if seen[d] {
		return true
	}
	seen[d] = true
	for _, f := range d.Fields {
		if !f.Pointer && !comparable(f.Type, seen) {
			return false
		}
	}
	return true
}

// responseComparable reports whether an operation's response struct is
// comparable: headers are pointers, a stream an interface.
func responseComparable(r *model.Response) bool {
	if r.Body == nil || r.Stream {
		return true
	}
	return comparable(*r.Body, nil)
}

// optionsComparable reports whether an Options struct of these fields is
// comparable.
func optionsComparable(fields []input) bool {
	for _, f := range fields {
		if f.typ.Nillable() && !comparable(f.typ, nil) {
			return false
		}
	}
	return true
}
