package emit

import (
	"encoding/json"
	"fmt"

	"github.com/dave/jennifer/jen"

	"github.com/oasgen/oasgen/generator/model"
)

// Reflection-free JSON: a type with Codec set (only unions, their kinds
// and the types holding them or RFC 1123 times; all of them in tests, with
// model.Config.AllCodecs) gets MarshalJSON and UnmarshalJSON built on
// encodeJSON / decodeJSON and the jsonWriter / jsonReader of
// templates/support/json.go; they hand values of the other (plain) types
// to encoding/json. The output matches what encoding/json writes for the
// same struct tags; see support/json.go.

// jsonMethods returns the JSON methods of t; nothing for a plain type or
// one that is an interface (a named any), which cannot have methods.
func jsonMethods(t *model.Type) jen.Code {
	if !t.Codec || isIface(model.TypeRef{Kind: model.KindNamed, Name: t.Name, Decl: t}) {
		return jen.Null()
	}
	var enc, dec jen.Code
	switch t.Kind {
	case model.DeclUnion:
		return unionJSON(t)
	case model.DeclStruct:
		enc, dec = structEncoder(t), structDecoder(t)
	case model.DeclEnum:
		enc, dec = enumEncoder(t), enumDecoder(t)
	default:
		enc, dec = aliasEncoder(t), aliasDecoder(t)
	}
	return jen.Add(marshalJSON(t), enc, unmarshalJSON(t), dec)
}

func marshalJSON(t *model.Type) jen.Code {
	return comment("MarshalJSON implements json.Marshaler without reflection.").
		Func().Params(jen.Id("m").Id(t.Name)).Id("MarshalJSON").Params().Params(jen.Index().Byte(), jen.Error()).Block(
		jen.Id("w").Op(":=").Id("jsonWriter").Values(jen.Dict{
			// A fixed start: a size derived from the type would change with
			// nested types and add noise to regenerated diffs.
			jen.Id("buf"): jen.Make(jen.Index().Byte(), jen.Lit(0), jen.Id("jsonInitialBuf")),
		}),
		jen.Id("m").Dot("encodeJSON").Call(jen.Op("&").Id("w")),
		jen.Return(jen.Id("w").Dot("result").Call()),
	).Line().Line()
}

func unmarshalJSON(t *model.Type) jen.Code {
	return comment("UnmarshalJSON implements json.Unmarshaler without reflection.").
		Func().Params(jen.Id("m").Op("*").Id(t.Name)).Id("UnmarshalJSON").Params(jen.Id("data").Index().Byte()).Error().Block(
		jen.Id("r").Op(":=").Id("jsonReader").Values(jen.Dict{jen.Id("data"): jen.Id("data")}),
		jen.If(jen.Err().Op(":=").Id("m").Dot("decodeJSON").Call(jen.Op("&").Id("r")), jen.Err().Op("!=").Nil()).Block(
			jen.Return(jen.Err())),
		jen.Return(jen.Id("r").Dot("end").Call()),
	).Line().Line()
}

// jsonField is a struct field as encoding/json sees it.
type jsonField struct {
	*model.Field
	name string // the member name
	key  string // `"name":`, escaped as encoding/json writes it
	omit bool   // omitempty
}

// jsonFields are the fields of t with their exact member names: the
// codec is generated, so a name no struct tag can express ("a,b", "-",
// "", a quote or a backtick) is still read and written as the definition
// spells it.
func jsonFields(t *model.Type) []jsonField {
	out := make([]jsonField, 0, len(t.Fields))
	for _, f := range t.Fields {
		k, _ := json.Marshal(f.JSONName) // escaped as encoding/json escapes keys
		out = append(out, jsonField{Field: f, name: f.JSONName, key: string(k) + ":", omit: f.OmitEmpty})
	}
	return out
}

// jsonTag is a field's json struct tag: ",string" for an integer carried
// as a JSON string, which encoding/json then reads and writes the same. A
// name a tag cannot hold (model.TagName) is written as it is; the type's
// generated codec (model.MarkCodecs) then reads and writes the exact name.
func jsonTag(f *model.Field) string {
	tag := f.JSONName
	if tag == "-" {
		tag = "-," // "-" alone would leave the field out
	}
	switch {
	case f.ThreeState:
		// omitempty never leaves a struct out; omitzero (Go 1.24) leaves
		// out an absent Nullable where encoding/json sees the plain
		// struct. The generated codec does so on every Go version.
		tag += ",omitzero"
	case f.OmitEmpty:
		tag += ",omitempty"
	}
	if f.Type.String {
		tag += ",string"
	}
	return tag
}

// isIface reports whether t is an interface type: any, a stream, or a
// named type over one.
func isIface(t model.TypeRef) bool {
	switch t.Kind {
	case model.KindBuiltin:
		return t.Name == "any"
	case model.KindStream:
		return true
	case model.KindNamed:
		return t.Decl != nil && t.Decl.Kind == model.DeclAlias && isIface(*t.Decl.Underlying)
	}
	return false
}

func structEncoder(t *model.Type) jen.Code {
	fields := jsonFields(t)
	if len(fields) == 0 {
		return jen.Func().Params(jen.Id("m").Op("*").Id(t.Name)).Id("encodeJSON").Params(jen.Id("w").Op("*").Id("jsonWriter")).
			Block(jen.Id("w").Dot("lit").Call(jen.Lit("{}"))).Line().Line()
	}
	body := []jen.Code{jen.Id("o").Op(":=").Id("w").Dot("object").Call()}
	for _, f := range fields {
		v := jen.Id("m").Dot(f.GoName)
		start := jen.Id("w").Dot("field").Call(jen.Id("o"), jen.Lit(f.key))
		switch {
		case t.Tag != nil && f.JSONName == t.Tag.Property:
			// A kind of a union names itself when the caller left the
			// discriminator empty; a decoded value keeps what it read.
			empty := v.Clone().Op("==").Lit("")
			if f.Pointer {
				empty = v.Clone().Op("==").Nil()
			}
			body = append(body, start, jen.If(empty).Block(
				jen.Id("w").Dot("str").Call(jen.Lit(t.Tag.Value)),
			).Else().Block(encodeValue(v, f.Pointer, f.Type, 0)))
		case f.ThreeState:
			body = append(body, nullableEncoder(v, start, f.Type))
		case f.Pointer && f.omit:
			body = append(body, jen.If(v.Clone().Op("!=").Nil()).Block(start, encodeValue(v, true, f.Type, 0)))
		case f.Pointer:
			body = append(body, start, jen.If(v.Clone().Op("==").Nil()).Block(
				jen.Id("w").Dot("null").Call(),
			).Else().Block(encodeValue(v, true, f.Type, 0)))
		case f.omit && nonEmpty(v, f.Type) != nil:
			body = append(body, jen.If(nonEmpty(v, f.Type)).Block(start, encodeValue(v, false, f.Type, 0)))
		default:
			body = append(body, start, encodeValue(v, false, f.Type, 0))
		}
	}
	body = append(body, jen.Id("w").Dot("char").Call(jen.LitRune('}')))
	return jen.Func().Params(jen.Id("m").Op("*").Id(t.Name)).Id("encodeJSON").Params(jen.Id("w").Op("*").Id("jsonWriter")).
		Block(body...).Line().Line()
}

func structDecoder(t *model.Type) jen.Code {
	fields := jsonFields(t)
	var fn []jen.Code
	if len(fields) > 0 {
		// The key is matched to a field's JSON name (exactly, then ignoring
		// case) and dispatched on that name: no field numbers, so adding a
		// property does not renumber its neighbours in a regenerated diff.
		names := []jen.Code{jen.Id("key")}
		for _, f := range fields {
			names = append(names, jen.Lit(f.name))
		}
		which := jen.Switch(jen.Id("jsonFieldName").Call(names...)).BlockFunc(func(g *jen.Group) {
			for _, f := range fields {
				g.Case(jen.Lit(f.name)).Block(decodeField(f)...)
			}
		})
		fn = append(fn, which)
	}
	fn = append(fn, jen.Return(jen.Id("r").Dot("unknown").Call(jen.Id("key"))))
	// The members are read by a method of their own, not a function
	// literal in the call: gofmt sizes up every multi-line argument by
	// printing it, so a decoder written inline was printed twice.
	recv := jen.Id("m").Op("*").Id(t.Name)
	return jen.Func().Params(recv).Id("decodeJSON").Params(jen.Id("r").Op("*").Id("jsonReader")).Error().Block(
		jen.Return(jen.Id("r").Dot("readFields").Call(jen.Id("m").Dot("decodeField"))),
	).Line().Line().
		Func().Params(recv.Clone()).Id("decodeField").Params(jen.Id("r").Op("*").Id("jsonReader"), jen.Id("key").Index().Byte()).Error().Block(fn...).Line().Line()
}

func decodeField(f jsonField) []jen.Code {
	v := jen.Id("m").Dot(f.GoName)
	if f.ThreeState {
		return nullableDecoder(v, f.Type)
	}
	if !f.Pointer {
		return []jen.Code{jen.Return(decodeInto(v, false, f.Type))}
	}
	return []jen.Code{
		jen.If(jen.Id("r").Dot("null").Call()).Block(
			v.Clone().Op("=").Nil(),
			jen.Return(jen.Nil()),
		),
		jen.If(v.Clone().Op("==").Nil()).Block(
			v.Clone().Op("=").New(goType(f.Type)),
		),
		jen.Return(decodeInto(v, true, f.Type)),
	}
}

// nullableEncoder writes a Nullable field v: nothing when absent, null,
// or its value; start writes the member name.
func nullableEncoder(v *jen.Statement, start jen.Code, t model.TypeRef) jen.Code {
	return jen.If(v.Clone().Dot("set")).Block(start,
		jen.If(v.Clone().Dot("null")).Block(jen.Id("w").Dot("null").Call()).
			Else().Block(encodeValue(v.Clone().Dot("value"), false, t, 0)))
}

// nullableDecoder reads a Nullable field v: null, or a value decoded in
// place.
func nullableDecoder(v *jen.Statement, t model.TypeRef) []jen.Code {
	return []jen.Code{
		jen.If(jen.Id("r").Dot("null").Call()).Block(
			v.Clone().Dot("SetNull").Call(),
			jen.Return(jen.Nil()),
		),
		jen.Return(decodeInto(v.Clone().Dot("fill").Call(), true, t)),
	}
}

func enumEncoder(t *model.Type) jen.Code {
	return jen.Func().Params(jen.Id("m").Id(t.Name)).Id("encodeJSON").Params(jen.Id("w").Op("*").Id("jsonWriter")).Block(
		encodeBuiltin(jen.Id("m"), true, t.Enum.Base),
	).Line().Line()
}

func enumDecoder(t *model.Type) jen.Code {
	return jen.Func().Params(jen.Id("m").Op("*").Id(t.Name)).Id("decodeJSON").Params(jen.Id("r").Op("*").Id("jsonReader")).Error().Block(
		jen.Return(decodeBuiltin(jen.Id("m"), t.Enum.Base)),
	).Line().Line()
}

func aliasEncoder(t *model.Type) jen.Code {
	u := *t.Underlying
	var body []jen.Code
	switch u.Kind {
	case model.KindNamed, model.KindExternal:
		body = []jen.Code{jen.Id("v").Op(":=").Add(goType(u)).Call(jen.Id("m")), encodeValue(jen.Id("v"), false, u, 0)}
	case model.KindBuiltin:
		body = []jen.Code{encodeBuiltin(jen.Id("m"), true, u.Name)}
	default:
		body = []jen.Code{encodeValue(jen.Add(goType(u)).Call(jen.Id("m")), false, u, 0)}
	}
	return jen.Func().Params(jen.Id("m").Id(t.Name)).Id("encodeJSON").Params(jen.Id("w").Op("*").Id("jsonWriter")).
		Block(body...).Line().Line()
}

func aliasDecoder(t *model.Type) jen.Code {
	u := *t.Underlying
	p := jen.Parens(jen.Op("*").Add(goType(u))).Call(jen.Id("m"))
	return jen.Func().Params(jen.Id("m").Op("*").Id(t.Name)).Id("decodeJSON").Params(jen.Id("r").Op("*").Id("jsonReader")).Error().Block(
		jen.Return(decodeInto(p, true, u)),
	).Line().Line()
}

// nonEmpty is encoding/json's omitempty test for v of type t, as a
// condition true when the field is written; nil when it always is.
func nonEmpty(v *jen.Statement, t model.TypeRef) jen.Code {
	if isIface(t) {
		return v.Clone().Op("!=").Nil()
	}
	switch t.Kind {
	case model.KindBuiltin:
		switch {
		case t.Name == "string":
			return v.Clone().Op("!=").Lit("")
		case t.Name == "bool":
			return v.Clone()
		case numeric(t.Name):
			return v.Clone().Op("!=").Lit(0)
		}
	case model.KindNamed:
		switch t.Decl.Kind {
		case model.DeclUnion:
			return v.Clone().Op("!=").Nil()
		case model.DeclEnum:
			return nonEmpty(v, model.TypeRef{Kind: model.KindBuiltin, Name: t.Decl.Enum.Base})
		case model.DeclAlias:
			return nonEmpty(v, *t.Decl.Underlying)
		}
		return nil
	case model.KindSlice, model.KindMap, model.KindBytes, model.KindRaw:
		return jen.Len(v.Clone()).Op("!=").Lit(0)
	case model.KindTime, model.KindUUID:
		return nil
	}
	return jen.Op("!").Id("jsonEmpty").Call(jen.Op("&").Add(v.Clone()))
}

func numeric(name string) bool {
	switch name {
	case "int", "int8", "int16", "int32", "int64", "uint", "uint8", "byte", "uint16", "uint32", "uint64", "uintptr", "float32", "float64":
		return true
	}
	return false
}

// encodeValue writes v of type t; ptr says v is a pointer to the value.
// depth numbers the variables of nested loops.
func encodeValue(v *jen.Statement, ptr bool, t model.TypeRef, depth int) jen.Code {
	arg := v.Clone()
	if ptr {
		arg = jen.Op("*").Add(v.Clone())
	}
	w := jen.Id("w")
	if isIface(t) {
		return w.Dot("value").Call(arg)
	}
	switch t.Kind {
	case model.KindBuiltin:
		if t.String {
			return w.Dot("quotedInt").Call(jen.Int64().Call(arg))
		}
		return encodeBuiltin(arg, false, t.Name)
	case model.KindNamed:
		if t.IsUnion() {
			return jen.Id(t.Decl.Encoder).Call(w, arg)
		}
		if t.Decl.Codec {
			return v.Clone().Dot("encodeJSON").Call(w)
		}
	case model.KindSlice, model.KindMap:
		if ptr {
			arg = jen.Parens(arg)
		}
		i := jen.Id(fmt.Sprintf("i%d", depth))
		var loop jen.Code
		if t.Kind == model.KindSlice {
			loop = jen.For(i.Clone().Op(":=").Range().Add(arg.Clone())).Block(
				jen.If(i.Clone().Op(">").Lit(0)).Block(w.Clone().Dot("char").Call(jen.LitRune(','))),
				encodeValue(arg.Clone().Index(i.Clone()), false, *t.Elem, depth+1),
			)
		} else {
			k := jen.Id(fmt.Sprintf("k%d", depth))
			e := jen.Id(fmt.Sprintf("v%d", depth))
			loop = jen.For(i.Clone().Op(",").Add(k.Clone()).Op(":=").Range().Id("jwSortedKeys").Call(arg.Clone())).Block(
				jen.If(i.Clone().Op(">").Lit(0)).Block(w.Clone().Dot("char").Call(jen.LitRune(','))),
				w.Clone().Dot("str").Call(k.Clone()),
				w.Clone().Dot("char").Call(jen.LitRune(':')),
				e.Clone().Op(":=").Add(arg.Clone()).Index(k.Clone()),
				encodeValue(e, false, *t.Elem, depth+1),
			)
		}
		open, end := '[', ']'
		if t.Kind == model.KindMap {
			open, end = '{', '}'
		}
		return jen.If(arg.Clone().Op("==").Nil()).Block(w.Clone().Dot("null").Call()).Else().Block(
			w.Clone().Dot("char").Call(jen.LitRune(open)),
			loop,
			w.Clone().Dot("char").Call(jen.LitRune(end)),
		)
	case model.KindTime:
		if t.Format == "date-time-rfc1123" {
			return w.Dot("rfc1123").Call(arg)
		}
		return w.Dot("time").Call(arg)
	case model.KindUUID:
		return w.Dot("uuid").Call(arg)
	case model.KindBytes:
		return w.Dot("bytes").Call(arg)
	case model.KindRaw:
		return w.Dot("raw").Call(arg)
	}
	// A plain or user-mapped type: encoding/json, through a pointer so that
	// pointer-receiver marshalers apply as they do to an addressable field.
	if ptr {
		return w.Dot("value").Call(v.Clone())
	}
	return w.Dot("value").Call(jen.Op("&").Add(v.Clone()))
}

// encodeBuiltin writes v of a builtin type (or of a named type over it,
// when named).
func encodeBuiltin(v jen.Code, named bool, name string) jen.Code {
	call := func(method, typ string) jen.Code {
		if named || name != typ {
			v = jen.Id(typ).Call(v)
		}
		return jen.Id("w").Dot(method).Call(v)
	}
	switch name {
	case "string":
		return call("str", "string")
	case "bool":
		return call("boolean", "bool")
	case "int", "int8", "int16", "int32", "int64":
		return call("int", "int64")
	case "uint", "uint8", "byte", "uint16", "uint32", "uint64", "uintptr":
		return call("uint", "uint64")
	case "float64":
		return call("f64", "float64")
	case "float32":
		return call("f32", "float32")
	}
	return jen.Id("w").Dot("value").Call(v)
}

// decodeInto reads into v of type t: ptr says v is a pointer to it,
// otherwise v is addressable.
func decodeInto(v *jen.Statement, ptr bool, t model.TypeRef) jen.Code {
	p := v.Clone()
	if !ptr {
		p = jen.Op("&").Add(v.Clone())
	}
	r := jen.Id("r")
	if isIface(t) {
		return jen.Id("jrAny").Call(r, p)
	}
	switch t.Kind {
	case model.KindBuiltin:
		if t.String {
			return jen.Id("jrQuotedInt").Call(r, p)
		}
		return decodeBuiltin(p, t.Name)
	case model.KindNamed:
		if t.IsUnion() {
			return jen.Id(t.Decl.Decoder).Call(r, p)
		}
		if t.Decl.Codec {
			return v.Clone().Dot("decodeJSON").Call(r)
		}
	case model.KindSlice, model.KindMap:
		fn := "jrSlice"
		if t.Kind == model.KindMap {
			fn = "jrMap"
		}
		return jen.Id(fn).Call(r, p, jen.Func().Params(jen.Id("r").Op("*").Id("jsonReader"), jen.Id("v").Op("*").Add(goType(*t.Elem))).Error().Block(
			jen.Return(decodeInto(jen.Id("v"), true, *t.Elem))))
	case model.KindTime:
		if t.Format == "date-time-rfc1123" {
			return jen.Id("jrRFC1123").Call(r, p)
		}
		return jen.Id("jrTime").Call(r, p)
	case model.KindUUID:
		return jen.Id("jrUUID").Call(r, p)
	case model.KindBytes:
		return jen.Id("jrBytes").Call(r, p)
	case model.KindRaw:
		return jen.Id("jrRaw").Call(r, p)
	}
	return jen.Id("jrAny").Call(r, p)
}

// decodeBuiltin reads into p, a pointer to a builtin type or a named type
// over one.
func decodeBuiltin(p jen.Code, name string) jen.Code {
	fn := "jrAny"
	switch name {
	case "string":
		fn = "jrString"
	case "bool":
		fn = "jrBool"
	case "int", "int8", "int16", "int32", "int64":
		fn = "jrInt"
	case "uint", "uint8", "byte", "uint16", "uint32", "uint64", "uintptr":
		fn = "jrUint"
	case "float32", "float64":
		fn = "jrFloat"
	}
	return jen.Id(fn).Call(jen.Id("r"), p)
}
