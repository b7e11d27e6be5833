package emit

import (
	"fmt"
	"strings"
	"testing"

	"github.com/dave/jennifer/jen"

	"github.com/oasgen/oasgen/generator/model"
)

// TestExampleTextKind: an example server's table says how a value is
// written and read (textKind) where the client calls formatFunc and
// parseFunc; the three must agree, or the example server would compare
// other text than the client sends.
func TestExampleTextKind(t *testing.T) {
	builtin := func(name string) model.TypeRef { return model.TypeRef{Kind: model.KindBuiltin, Name: name} }
	enum := func(base string) model.TypeRef {
		return model.TypeRef{Kind: model.KindNamed, Name: "E", Decl: &model.Type{Name: "E", Kind: model.DeclEnum, Enum: &model.Enum{Base: base}}}
	}
	alias := func(base string) model.TypeRef {
		u := builtin(base)
		return model.TypeRef{Kind: model.KindNamed, Name: "A", Decl: &model.Type{Name: "A", Kind: model.DeclAlias, Underlying: &u}}
	}
	types := []model.TypeRef{
		builtin("string"), builtin("bool"), builtin("int32"), builtin("int64"), builtin("float32"), builtin("float64"),
		{Kind: model.KindUUID},
		{Kind: model.KindTime, Format: "date-time-rfc1123"},
		{Kind: model.KindTime, Format: "date-time"},
		{Kind: model.KindExternal, Name: "Big", Import: "math/big"},
		enum("string"), enum("int32"), enum("int64"),
		alias("string"), alias("int32"), alias("int64"),
	}
	// The kind of each support function (templates/support/format.go).
	kinds := map[string]string{
		"formatString": "wString", "parseString": "wString", "parseEnum": "wString",
		"formatInt": "wInt", "parseInt32": "wInt", "parseInt64": "wInt", "parseEnumInt": "wInt",
		"formatFloat": "wFloat", "parseFloat32": "wFloat", "parseFloat64": "wFloat",
		"formatBool": "wBool", "parseBool": "wBool",
		"formatUUID": "wUUID", "ParseUUID": "wUUID",
		"formatRFC1123": "wRFC1123", "parseRFC1123": "wRFC1123",
		"formatDateTime": "wDateTime", "parseDateTime": "wDateTime",
		"formatText": "wMarshaler", "parseText": "wMarshaler",
	}
	name := func(c jen.Code) string {
		s := fmt.Sprintf("%#v", jen.Add(c))
		if i := strings.IndexAny(s, "[("); i >= 0 {
			s = s[:i]
		}
		return s
	}
	for _, typ := range types {
		k := textKind(typ)
		for _, fn := range []string{name(formatFunc(typ)), name(parseFunc(typ))} {
			if kinds[fn] != k {
				t.Errorf("%#v: textKind %s, but %s is %q", typ, k, fn, kinds[fn])
			}
		}
	}
}
