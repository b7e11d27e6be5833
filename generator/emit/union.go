package emit

import (
	"fmt"
	"strconv"

	"github.com/dave/jennifer/jen"

	"github.com/oasgen/oasgen/generator/model"
)

// A union (model.DeclUnion) is a sealed interface: an unexported marker
// method (and Get<Base> when the kinds share the base's properties),
// implemented by pointers to its kinds. An interface cannot have methods,
// so its JSON code is a pair of functions, encode<Name> and decode<Name>,
// called wherever a value of it is written or read (validate<Name> too).

func unionDecl(t *model.Type) jen.Code {
	u := t.Union
	s := jen.Add(doc(t.Name, t.Doc))
	if t.Doc != "" {
		s.Add(paragraphBreak())
	}
	s.Add(note(fmt.Sprintf("%s holds one of these, told apart by the %q property:", t.Name, u.Property)))
	s.Add(paragraphBreak())
	for _, v := range u.Variants {
		s.Add(commentf("  - %s: *%s", strconv.Quote(v.Value), v.Type.Name))
	}
	if u.Base != nil {
		s.Add(commentf("  - any other value, or none: *%s", u.Base.Name))
	}
	methods := []jen.Code{jen.Id(u.Marker).Params()}
	if u.Getter != "" {
		methods = []jen.Code{
			commentf("%s returns the %s properties of the value.", u.Getter, u.Base.Name).Id(u.Getter).Params().Op("*").Id(u.Base.Name),
			jen.Id(u.Marker).Params(),
		}
	}
	s.Type().Id(t.Name).Interface(methods...).Line().Line()
	for _, k := range u.Kinds() {
		s.Func().Params(jen.Op("*").Id(k.Name)).Id(u.Marker).Params().Block().Line().Line()
		if u.Getter != "" {
			s.Add(getterMethod(u, k))
		}
	}
	return s
}

// getterMethod is a kind's Get<Base>: the base itself, or a new base
// holding the kind's values of the base's properties (slices and maps
// shared, not copied).
func getterMethod(u *model.Union, k *model.Type) jen.Code {
	base := u.Base
	sig := commentf("%s returns the %s properties of a %s.", u.Getter, base.Name, k.Name).
		Func().Params(jen.Id("m").Op("*").Id(k.Name)).Id(u.Getter).Params().Op("*").Id(base.Name)
	if k == base {
		return sig.Block(jen.Return(jen.Id("m"))).Line().Line()
	}
	byJSON := map[string]*model.Field{}
	for _, f := range k.Fields {
		byJSON[f.JSONName] = f
	}
	values := jen.Dict{}
	for _, bf := range base.Fields {
		values[jen.Id(bf.GoName)] = jen.Id("m").Dot(byJSON[bf.JSONName].GoName)
	}
	return sig.Block(
		jen.If(jen.Id("m").Op("==").Nil()).Block(jen.Return(jen.Nil())),
		jen.Return(jen.Op("&").Id(base.Name).Values(values)),
	).Line().Line()
}

// nameKind fills in the kind's discriminator value, on a copy, when the
// caller left it empty and the kind's own encoder would not: a kind that
// is in several unions under different values learns its value here.
func nameKind(u *model.Union, k *model.Type) jen.Code {
	var v *model.Variant
	for _, x := range u.Variants {
		if x.Type == k {
			v = x
			break
		}
	}
	if v == nil || v.Field == nil || k.Tag != nil && k.Tag.Value == v.Value {
		return jen.Null()
	}
	f := jen.Id("v").Dot(v.Field.GoName)
	if !v.Field.Pointer {
		return jen.If(f.Clone().Op("==").Lit("")).Block(
			jen.Id("c").Op(":=").Op("*").Id("v"),
			jen.Id("c").Dot(v.Field.GoName).Op("=").Lit(v.Value),
			jen.Id("v").Op("=").Op("&").Id("c"),
		)
	}
	return jen.If(f.Clone().Op("==").Nil()).Block(
		jen.Id("c").Op(",").Id("kind").Op(":=").Op("*").Id("v").Op(",").Add(goType(v.Field.Type)).Call(jen.Lit(v.Value)),
		jen.Id("c").Dot(v.Field.GoName).Op("=").Op("&").Id("kind"),
		jen.Id("v").Op("=").Op("&").Id("c"),
	)
}

// encodeSource is what setJSON and writeJSON encode for v of type t: v,
// or for a type holding a union a jsonEncodeFunc that writes it with the
// union's encoder (which names each kind).
func encodeSource(v *jen.Statement, t model.TypeRef) jen.Code {
	if !t.HasUnion() {
		return v
	}
	return jen.Id("jsonEncodeFunc").Call(jen.Func().Params(jen.Id("w").Op("*").Id("jsonWriter")).Block(
		encodeValue(v, false, t, 0)))
}

// unionJSON writes a union value with its kind's encoder (null for nil)
// and reads one by its discriminator.
func unionJSON(t *model.Type) jen.Code {
	u := t.Union
	enc := commentf("encode%s writes v with its kind's encoder; nil is null.", t.Name).
		Func().Id(t.Encoder).Params(jen.Id("w").Op("*").Id("jsonWriter"), jen.Id("v").Id(t.Name)).Block(
		jen.Switch(jen.Id("v").Op(":=").Id("v").Assert(jen.Type())).BlockFunc(func(g *jen.Group) {
			for _, k := range u.Kinds() {
				g.Case(jen.Op("*").Id(k.Name)).Block(
					jen.If(jen.Id("v").Op("!=").Nil()).Block(
						nameKind(u, k),
						jen.Id("v").Dot("encodeJSON").Call(jen.Id("w")),
						jen.Return(),
					),
				)
			}
		}),
		jen.Id("w").Dot("null").Call(),
	).Line().Line()

	pick := jen.Switch(jen.Id("kind")).BlockFunc(func(g *jen.Group) {
		for _, v := range u.Variants {
			g.Case(jen.Lit(v.Value)).Block(
				jen.Id("v").Op(":=").New(jen.Id(v.Type.Name)),
				jen.Return(jen.Id("v"), jen.Id("v")),
			)
		}
	})
	var fallback jen.Code = jen.Return(jen.Nil(), jen.Nil())
	if u.Base != nil {
		fallback = jen.Id("v").Op(":=").New(jen.Id(u.Base.Name)).Line().Return(jen.Id("v"), jen.Id("v"))
	}
	what := "an unknown value is an error"
	if u.Base != nil {
		what = fmt.Sprintf("any other value decodes into a %s", u.Base.Name)
	}
	dec := jen.Add(note(fmt.Sprintf("decode%s reads a value of the kind its %q property names; %s.", t.Name, u.Property, what))).
		Func().Id(t.Decoder).Params(jen.Id("r").Op("*").Id("jsonReader"), jen.Id("p").Op("*").Id(t.Name)).Error().Block(
		jen.Return(jen.Id("jrUnion").Call(jen.Id("r"), jen.Id("p"), jen.Lit(u.Property),
			jen.Func().Params(jen.Id("kind").String()).Params(jen.Id(t.Name), jen.Id("jsonDecoder")).Block(pick, fallback))),
	).Line().Line()
	return jen.Add(enc, dec)
}

// decodeTarget is what decodeJSON and readBody decode into for v of type
// t: &v, which encoding/json reads, or for a type with generated codecs
// (a union, or a slice or map of such types) a jsonDecodeFunc that reads
// it with them, strict at every depth when the server asks.
func decodeTarget(v *jen.Statement, t model.TypeRef) jen.Code {
	if !codecBacked(t) {
		return jen.Op("&").Add(v)
	}
	if t.Kind == model.KindNamed && !t.IsUnion() {
		return jen.Id("jsonDecodeFunc").Call(v.Clone().Dot("decodeJSON"))
	}
	return jen.Id("jsonDecodeFunc").Call(jen.Func().Params(jen.Id("r").Op("*").Id("jsonReader")).Error().Block(
		jen.Return(decodeInto(v, false, t))))
}

// codecBacked reports whether values of t are read by generated codecs.
func codecBacked(t model.TypeRef) bool {
	for t.Kind == model.KindSlice || t.Kind == model.KindMap {
		t = *t.Elem
	}
	return t.Kind == model.KindNamed && t.Decl.Codec
}
