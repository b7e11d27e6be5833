package emit

import (
	"github.com/dave/jennifer/jen"

	"github.com/oasgen/oasgen/generator/model"
)

// Struct types that hold secret or read-only fields (model.Type.Secret,
// ReadOnly; model/holders.go marks them): secrets that fmt and slog never
// show, and request bodies sent without their read-only fields.

// redactedText is what fmt and slog show for a secret.
const redactedText = "[REDACTED]"

// holderMethods are the methods of t that secrets and read-only fields
// call for.
func holderMethods(t *model.Type, parts Parts) jen.Code {
	s := jen.Null()
	if t.Redact {
		s.Add(secretMethods(t))
	}
	if t.Secret {
		s.Add(copyWithout(t, "redacted", "returns a copy of m whose secrets (and those of the values it holds) read "+redactedText+".",
			clearSecret, model.HoldsSecret))
		s.Add(holderLogValue(t))
	}
	if t.ReadOnly && (parts.Client || parts.Server) {
		s.Add(copyWithout(t, "withoutReadOnly", "returns a copy of m without the read-only fields the service sets (in it and in the values it holds): what the client sends, and what the server method gets.",
			clearReadOnly, model.HoldsReadOnly))
	}
	if t.ReadOnly && parts.Client {
		s.Add(comment("sendBody is m as the client sends it (sendable): without its read-only fields.").
			Func().Params(jen.Id("m").Op("*").Id(t.Name)).Id("sendBody").Params().Any().Block(
			jen.Return(jen.Id("m").Dot("withoutReadOnly").Call())).Line().Line())
	}
	if t.WriteOnly && parts.Server {
		s.Add(copyWithout(t, "withoutWriteOnly", "returns a copy of m without the write-only fields (in it and in the values it holds): what the server sends.",
			clearWriteOnly, model.HoldsWriteOnly))
	}
	return s
}

// secretMethods make the secret string type print and log as
// [REDACTED] whatever the verb, alone or inside any struct; value
// receivers, so that a *Secret prints the same way.
func secretMethods(t *model.Type) jen.Code {
	recv := jen.Id(t.Name)
	return comment("String implements fmt.Stringer without showing the secret.").
		Func().Params(recv).Id("String").Params().String().Block(jen.Return(jen.Lit(redactedText))).Line().Line().
		Add(comment("GoString implements fmt.GoStringer without showing the secret.")).
		Func().Params(recv).Id("GoString").Params().String().Block(jen.Return(jen.Lit(`"`+redactedText+`"`))).Line().Line().
		Add(comment("Format implements fmt.Formatter: every verb (%s, %q, %x, %v …) shows "+redactedText+".")).
		Func().Params(recv).Id("Format").Params(jen.Id("f").Qual("fmt", "State"), jen.Id("_").Rune()).Block(
		jen.Qual("io", "WriteString").Call(jen.Id("f"), jen.Lit(redactedText))).Line().Line().
		Add(comment("LogValue implements slog.LogValuer without showing the secret.")).
		Func().Params(recv).Id("LogValue").Params().Qual("log/slog", "Value").Block(
		jen.Return(jen.Qual("log/slog", "StringValue").Call(jen.Lit(redactedText)))).Line().Line()
}

// holderLogValue logs a struct holding secrets as a copy with them
// redacted; through a local type without methods, so that slog's JSON
// handler encodes the copy rather than calling LogValue again.
func holderLogValue(t *model.Type) jen.Code {
	return comment("LogValue implements slog.LogValuer: m with its secrets redacted, for every handler.").
		Func().Params(jen.Id("m").Id(t.Name)).Id("LogValue").Params().Qual("log/slog", "Value").Block(
		jen.Type().Id("plain").Id(t.Name),
		jen.Return(jen.Qual("log/slog", "AnyValue").Call(jen.Id("plain").Call(jen.Id("m").Dot("redacted").Call()))),
	).Line().Line()
}

func clearSecret(f *model.Field) jen.Code {
	if !f.Secret {
		return nil
	}
	v := jen.Id("m").Dot(f.GoName)
	if f.Type.Kind == model.KindNamed && f.Type.Decl.Redact {
		if f.Pointer {
			return jen.If(v.Clone().Op("!=").Nil()).Block(
				jen.Id("r").Op(":=").Id(f.Type.Name).Call(jen.Lit(redactedText)),
				v.Clone().Op("=").Op("&").Id("r"))
		}
		return jen.If(v.Clone().Op("!=").Lit("")).Block(v.Clone().Op("=").Lit(redactedText))
	}
	if f.Pointer || f.Type.Nillable() {
		return v.Op("=").Nil()
	}
	return nil
}

func clearReadOnly(f *model.Field) jen.Code {
	if !f.ReadOnly {
		return nil
	}
	if !f.Pointer && !f.Type.Nillable() {
		// Read-only fields are never required, so this is a value the
		// definition wants sent even when empty; leave it.
		return nil
	}
	return jen.Id("m").Dot(f.GoName).Op("=").Nil()
}

func clearWriteOnly(f *model.Field) jen.Code {
	if !f.WriteOnly {
		return nil
	}
	if !f.Pointer && !f.Type.Nillable() {
		return jen.Id("m").Dot(f.GoName).Op("=").Op("*").New(goType(f.Type)) // the zero value, which omitempty leaves out
	}
	return jen.Id("m").Dot(f.GoName).Op("=").Nil()
}

// copyWithout renders method name of t: a copy of m with the fields
// clear empties, and a copy of each value it holds that holds such
// fields, made by the same method; the caller's value is never changed.
func copyWithout(t *model.Type, name, what string, clear func(*model.Field) jen.Code, holds func(model.TypeRef) bool) jen.Code {
	var body []jen.Code
	for _, f := range t.Fields {
		if c := clear(f); c != nil {
			body = append(body, c)
			continue
		}
		if holds(f.Type) {
			body = append(body, copyHeld(f, name))
		}
	}
	body = append(body, jen.Return(jen.Id("m")))
	return comment(wrap(name+" "+what, 100)).
		Func().Params(jen.Id("m").Id(t.Name)).Id(name).Params().Id(t.Name).Block(body...).Line().Line()
}

// copyHeld replaces field f by a copy made with method name.
func copyHeld(f *model.Field, name string) jen.Code {
	v := jen.Id("m").Dot(f.GoName)
	switch f.Type.Kind {
	case model.KindSlice, model.KindMap:
		key, init := jen.Id("i"), jen.Make(goType(f.Type), jen.Len(v.Clone()))
		return jen.If(v.Clone().Op("!=").Nil()).Block(
			jen.Id("c").Op(":=").Add(init),
			jen.For(jen.List(key.Clone(), jen.Id("e")).Op(":=").Range().Add(v.Clone())).Block(
				jen.Id("c").Index(key.Clone()).Op("=").Id("e").Dot(name).Call()),
			v.Clone().Op("=").Id("c"))
	}
	if f.Pointer {
		return jen.If(v.Clone().Op("!=").Nil()).Block(
			jen.Id("c").Op(":=").Add(v.Clone()).Dot(name).Call(),
			v.Clone().Op("=").Op("&").Id("c"))
	}
	return v.Clone().Op("=").Add(v.Clone()).Dot(name).Call()
}

// bodyToSend is the request body v (a value of type t, or a pointer to
// one when ptr) as setJSON takes it: a struct by pointer, which setJSON
// sends without its read-only fields (sendable, through the type's
// sendBody method). The call is the same whether or not the type has
// read-only fields, so a bump that adds or removes one changes the model,
// not every client method that sends it. A struct holding a union is
// encoded by a function of its own (encodeSource), so it is dropped here.
func bodyToSend(v *jen.Statement, t model.TypeRef, ptr bool) *jen.Statement {
	switch {
	case !t.IsStruct():
	case t.HasUnion():
		if ptr {
			v = jen.Op("*").Add(v)
		}
		if model.HoldsReadOnly(t) {
			return v.Dot("withoutReadOnly").Call()
		}
		return v
	case ptr:
		return v
	default:
		return jen.Op("&").Add(v)
	}
	if ptr {
		return jen.Op("*").Add(v)
	}
	return v
}
