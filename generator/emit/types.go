package emit

import (
	"go/build"
	"io"
	"maps"
	"slices"
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/oasgen/oasgen/generator/model"
)

// goType renders a type reference. Streams are readers in requests and
// read-closers in responses.
func goType(t model.TypeRef) *jen.Statement {
	switch t.Kind {
	case model.KindNamed:
		return jen.Id(t.Name)
	case model.KindSlice:
		return jen.Index().Add(goType(*t.Elem))
	case model.KindMap:
		return jen.Map(jen.String()).Add(goType(*t.Elem))
	case model.KindTime:
		return jen.Qual("time", "Time")
	case model.KindUUID:
		return jen.Id("UUID")
	case model.KindBytes:
		return jen.Index().Byte()
	case model.KindRaw:
		return jen.Qual("encoding/json", "RawMessage")
	case model.KindStream:
		return jen.Qual("io", "Reader")
	case model.KindExternal:
		return jen.Qual(t.Import, t.Name)
	case model.KindEvents:
		return eventStreamType(*t.Elem)
	}
	return jen.Id(t.Name)
}

// modelsFile holds the API of the models: types, enum constants, union
// interfaces and error methods. Their codecs and checks live in
// models_json.go and models_validate.go, so that a reviewer of a
// regenerated package reads the API here and skips the machinery.
func modelsFile(f *jen.File, api *model.API, types []*model.Type, parts Parts) *jen.File {
	f.Add(constants(api))
	return modelTypes(f, types, parts)
}

// splitModelsAbove is the number of types above which the models are
// split: models.go keeps the constants, and the types go to one file per
// initial letter of their names, models_a.go … models_z.go (other initials
// in models_0.go), each with its codecs beside it in models_a_json.go …
// when it has any. A letter with more than maxTypesPerFile types is split
// again by the next character (models_me.go, models_mi.go …), and so on.
// gofmt'ing one 18 MB file (Microsoft Graph beta's "M" types) set the
// generator's peak memory, and with it the time its collector took. The
// names, not counts, decide, so that a type added by an api-version bump
// moves no other type unless its file crosses the bound.
const (
	splitModelsAbove = 2000
	maxTypesPerFile  = 1000
)

// modelFile is one models file of a split package: its name, the name of
// its codecs' file, and its types in the model's order.
type modelFile struct {
	Name, JSONName string
	Types          []*model.Type
}

// modelFiles names the models' files and the types each holds; nil when
// the package is not split (models.go and models_json.go hold all).
func modelFiles(api *model.API) []modelFile {
	if len(api.Types) <= splitModelsAbove {
		return nil
	}
	byKey := map[string][]*model.Type{}
	var place func(types []*model.Type, n int)
	place = func(types []*model.Type, n int) {
		groups := map[string][]*model.Type{}
		for _, t := range types {
			k := fileKey(t.Name, n)
			groups[k] = append(groups[k], t)
		}
		for k, g := range groups {
			if len(g) > maxTypesPerFile && slices.ContainsFunc(g, func(t *model.Type) bool { return len(t.Name) > n }) {
				place(g, n+1)
			} else {
				byKey[k] = append(byKey[k], g...)
			}
		}
	}
	place(api.Types, 1)
	var files []modelFile
	for _, k := range slices.Sorted(maps.Keys(byKey)) {
		// Each key is filled once (a split group's short names take
		// its own key in the next pass), in the model's order.
		ts := byKey[k]
		k = fileNamePart(k)
		files = append(files, modelFile{Name: "models_" + k + ".go", JSONName: "models_" + k + "_json.go", Types: ts})
	}
	return files
}

// fileKey is the first n characters of a type name, the key types are
// grouped by: lower-case letters and digits, anything else 0.
func fileKey(name string, n int) string {
	b := make([]byte, 0, n)
	for i := 0; i < n && i < len(name); i++ {
		c := name[i]
		switch {
		case 'A' <= c && c <= 'Z':
			c += 'a' - 'A'
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
		default:
			c = '0'
		}
		b = append(b, c)
	}
	return string(b)
}

// fileNamePart is a key as a file name part: one the go command or this
// package would read as more than a name — a GOOS or GOARCH suffix
// (models_linux.go builds only on Linux), _test, or the name of another
// models file — gets a trailing _0 (no key has a "_", so none is taken).
func fileNamePart(k string) string {
	if k == "test" || k == "json" || k == "validate" || !plainFileName("models_"+k+".go") {
		return k + "_0"
	}
	return k
}

// plainFileName reports whether the go command builds a file of this name
// on every system: none of its _-separated parts is read as a GOOS or
// GOARCH (a context whose GOOS and GOARCH are no known value matches only
// such files).
func plainFileName(name string) bool {
	ctx := build.Context{GOOS: "oasgen", GOARCH: "oasgen", Compiler: "gc",
		OpenFile: func(string) (io.ReadCloser, error) { return io.NopCloser(strings.NewReader("package p")), nil }}
	ok, err := ctx.MatchFile(".", name)
	return ok && err == nil
}

// modelTypes adds the declarations of types and their methods.
func modelTypes(f *jen.File, types []*model.Type, parts Parts) *jen.File {
	for _, t := range types {
		f.Add(typeDecl(t))
		if t.Kind == model.DeclEnum {
			f.Add(enumConsts(t))
			f.Add(enumValues(t))
		}
		if t.Error != nil {
			f.Add(errorMethod(t))
		}
		f.Add(holderMethods(t, parts))
	}
	return f
}

// modelsJSONFile holds the generated JSON codecs; nil when no type has
// one.
func modelsJSONFile(f *jen.File, types []*model.Type) *jen.File {
	if !slices.ContainsFunc(types, func(t *model.Type) bool { return t.Codec }) {
		return nil
	}
	for _, t := range types {
		f.Add(jsonMethods(t))
	}
	return f
}

// modelsValidateFile holds the checks the server runs on request bodies
// and the patterns it checks; nil when there are none.
func modelsValidateFile(f *jen.File, api *model.API) *jen.File {
	pats := patterns(api)
	if len(pats) == 0 && len(api.Schemas) == 0 {
		return nil
	}
	f.Add(validationRules(api))
	f.Add(patternVars(pats))
	return f
}

func typeDecl(t *model.Type) jen.Code {
	s := jen.Add(doc(t.Name, t.Doc)).Type().Id(t.Name)
	switch t.Kind {
	case model.DeclStruct:
		return s.StructFunc(func(g *jen.Group) {
			for i, fl := range t.Fields {
				if i > 0 {
					g.Line() // a blank line keeps gofmt from re-aligning neighbours
				}
				g.Add(structField(fl))
			}
		}).Line()
	case model.DeclEnum:
		return s.Id(t.Enum.Base).Line()
	case model.DeclUnion:
		return unionDecl(t)
	}
	return s.Add(goType(*t.Underlying)).Line()
}

func structField(f *model.Field) jen.Code {
	typ := goType(f.Type)
	if f.Pointer {
		typ = jen.Op("*").Add(typ)
	}
	if f.ThreeState {
		typ = jen.Id("Nullable").Types(typ)
	}
	c := withDeprecated(doc(f.GoName, f.Doc), f.Doc != "", f.Deprecated, "property")
	tag := jsonTag(f)
	if f.JSONName != "-" && !model.TagName(f.JSONName) {
		// No tag can hold the name (model.TagName): the type's codec
		// (model.MarkCodecs) writes it, and reflection skips the field.
		tag = "-"
	}
	return jen.Add(c).Id(f.GoName).Add(typ).Tag(map[string]string{"json": tag})
}

func enumConsts(t *model.Type) jen.Code {
	return jen.Const().DefsFunc(func(g *jen.Group) {
		for i, v := range t.Enum.Values {
			if i > 0 {
				g.Line()
			}
			val := v.Value
			if n, ok := val.(int64); ok {
				val = int(n)
			}
			g.Add(doc(v.GoName, v.Doc)).Id(v.GoName).Id(t.Name).Op("=").Lit(val)
		}
	}).Line()
}

func enumValues(t *model.Type) jen.Code {
	what := "the values the definition lists"
	if t.Enum.Open {
		what = "the known values; others are allowed"
	}
	return comment("Values returns " + what + ".").
		Func().Params(jen.Id(t.Name)).Id("Values").Params().Index().Id(t.Name).Block(
		jen.Return(jen.Index().Id(t.Name).CustomFunc(multi, func(g *jen.Group) {
			for _, v := range t.Enum.Values {
				g.Id(v.GoName)
			}
		})),
	).Line()
}

// errorMethod makes an error model an error.
func errorMethod(t *model.Type) jen.Code {
	e := t.Error
	stringPtr := func(f *model.Field, on jen.Code) jen.Code {
		v := jen.Add(on).Dot(f.GoName)
		if !f.Pointer {
			v = jen.Op("&").Add(on).Dot(f.GoName)
		}
		if f.Type.Kind == model.KindNamed {
			return jen.Parens(jen.Op("*").String()).Call(v)
		}
		return v
	}
	var code jen.Code = jen.Nil()
	if e.Code != nil {
		code = jen.Add(stringPtr(e.Code, jen.Id("e")))
	}
	var body []jen.Code
	var msg jen.Code = jen.Nil()
	switch {
	case e.MessageValue != nil && e.Message.Pointer:
		body = append(body, jen.Var().Id("msg").Op("*").String(),
			jen.If(jen.Id("e").Dot(e.Message.GoName).Op("!=").Nil()).Block(
				jen.Id("msg").Op("=").Add(stringPtr(e.MessageValue, jen.Id("e").Dot(e.Message.GoName))),
			))
		msg = jen.Id("msg")
	case e.MessageValue != nil:
		msg = stringPtr(e.MessageValue, jen.Id("e").Dot(e.Message.GoName))
	case e.Message != nil:
		msg = stringPtr(e.Message, jen.Id("e"))
	}
	body = append(body, jen.Return(jen.Id("errorText").Call(jen.Lit(t.Name), code, msg)))
	recv := jen.Id("e").Op("*").Id(t.Name)
	if t.Kind != model.DeclStruct {
		return comment("Error implements error.").
			Func().Params(recv).Id("Error").Params().String().Block(
			jen.Return(jen.Id("errorText").Call(jen.Lit(t.Name), jen.Nil(), jen.Nil()))).Line().Line().
			Func().Params(jen.Op("*").Id(t.Name)).Id("errorModel").Params().Block().Line()
	}
	return comment("Error implements error, so that the client can return it.").
		Func().Params(recv).Id("Error").Params().String().Block(body...).Line().Line().
		Func().Params(jen.Op("*").Id(t.Name)).Id("errorModel").Params().Block().Line()
}

// multi renders a composite literal one element per line, so that adding
// an element adds a line instead of rewriting one.
var multi = jen.Options{Open: "{", Close: "}", Separator: ",", Multi: true}

// multiCall is a call's arguments, one a line.
var multiCall = jen.Options{Open: "(", Close: ")", Separator: ",", Multi: true}

// constants are the package-level constants client and server share.
func constants(api *model.API) jen.Code {
	s := jen.Null()
	if c := api.APIVersion; c != nil {
		s.Add(comment("APIVersion is the api-version this package was generated for; the client always sends it\n" +
			"and the server accepts only it.")).
			Const().Id(c.GoName).Op("=").Lit(c.Value).Line().Line()
	}
	if api.Endpoint != "" {
		s.Add(comment("DefaultEndpoint is the server the definition names.")).
			Const().Id("DefaultEndpoint").Op("=").Lit(api.Endpoint).Line().Line()
	}
	return s
}
