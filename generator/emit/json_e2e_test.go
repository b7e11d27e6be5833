package emit_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/oasgen/oasgen/generator"
	"github.com/oasgen/oasgen/generator/emit"
	"github.com/oasgen/oasgen/generator/model"
	"github.com/oasgen/oasgen/internal/testkit"
)

// TestJSONMatchesEncodingJSON generates, for every definition under
// specs/ and for a synthetic model using every kind of type, a package
// with generated JSON methods on every type (AllCodecs, "real": the codec
// emitter on every kind of type), one as generated (json: std, "std",
// methods only where encoding/json cannot do the job) and one without any
// ("plain"), and checks in a temporary module that the first two encode
// and decode exactly as encoding/json does with the plain one, on random
// values. OASGEN_JSON_BENCH=1 also runs the benchmarks.
func TestJSONMatchesEncodingJSON(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and tests generated packages")
	}
	dir := t.TempDir()
	if d := os.Getenv("OASGEN_JSON_DIR"); d != "" {
		dir = d // kept, to experiment in
	}
	write := func(name string, content []byte) {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, content, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("go.mod", []byte("module jsontest\n\ngo 1.26\n"))
	harness, err := os.ReadFile("json_harness_test.go")
	if err != nil {
		t.Fatal(err)
	}
	write("harness/harness.go", bytes.Replace(harness, []byte("package emit_test\n"), []byte("package harness\n"), 1))

	specs := map[string]string{
		"batch":    "../../specs/batch/2020-09-01.12.0/BatchService.json",
		"allof":    "../../specs/fixtures/allof/openapi.yaml",
		"arrays":   "../../specs/fixtures/arrays/openapi.json",
		"enums":    "../../specs/fixtures/enums/swagger.json",
		"maps":     "../../specs/fixtures/maps/openapi.yaml",
		"nested":   "../../specs/fixtures/nested/swagger.json",
		"nullable": "../../specs/fixtures/nullable/openapi.yaml",
		"patch":    "../../specs/fixtures/patch/openapi.yaml",
		"petstore": "../../specs/fixtures/petstore-oas3/openapi.yaml",
	}
	var realAPI *model.API
	for name, spec := range specs {
		for _, pkg := range []string{"real", "std", "plain"} {
			out, err := generator.Generate(generator.Config{Spec: spec, Package: pkg, Generate: []string{"models"}, AllCodecs: pkg == "real"})
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range out.Files {
				if pkg != "plain" || f.Name != "models_json.go" {
					write(name+"/"+pkg+"/"+f.Name, f.Content)
				}
			}
			switch pkg {
			case "real":
				realAPI = out.API
			case "std":
				write(name+"/compare_test.go", compareTest(name, realAPI, out.API))
			}
		}
	}
	for _, pkg := range []string{"real", "std", "plain"} {
		api := syntheticAPI(pkg)
		model.MarkCodecs(api.Types, pkg == "real")
		files, err := emit.Generate(api, emit.Parts{Models: true})
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			if pkg != "plain" || f.Name != "models_json.go" {
				write("synthetic/"+pkg+"/"+f.Name, f.Content)
			}
		}
		switch pkg {
		case "real":
			realAPI = api
		case "std":
			write("synthetic/compare_test.go", compareTest("synthetic", realAPI, api))
			write("synthetic/special_test.go", []byte(specialTest))
			// json: std gives these types codecs too; the same checks apply.
			std := strings.NewReplacer("real", "std", "func Test", "func TestStd").Replace(specialTest)
			write("synthetic/special_std_test.go", []byte(std))
		}
	}
	write("batch/bench_test.go", []byte(benchTest))

	run := func(args ...string) string { t.Helper(); return testkit.GoRun(t, dir, args...) }
	run("vet", "./...")
	t.Log(run("test", "-count=1", "-v", "./..."))
	if os.Getenv("OASGEN_JSON_BENCH") != "" {
		t.Log(run("test", "-run=^$", "-bench=.", "-benchmem", "./batch/"))
	}
}

// special lists types whose JSON intentionally differs from what
// encoding/json does for the plain declaration: date-time-rfc1123 fields
// (encoding/json writes RFC 3339) and defined types over time.Time, UUID
// or json.RawMessage, which lose those types' methods. special_test.go
// covers them.
func special(t *model.Type) bool {
	seen := map[*model.Type]bool{}
	var bad func(r model.TypeRef) bool
	bad = func(r model.TypeRef) bool {
		switch r.Kind {
		case model.KindTime:
			return r.Format == "date-time-rfc1123"
		case model.KindSlice, model.KindMap:
			return bad(*r.Elem)
		case model.KindNamed:
			d := r.Decl
			if seen[d] {
				return false
			}
			seen[d] = true
			switch d.Kind {
			case model.DeclAlias:
				u := d.Underlying
				return u.Kind == model.KindTime || u.Kind == model.KindUUID || u.Kind == model.KindRaw || bad(*u)
			case model.DeclStruct:
				for _, f := range d.Fields {
					if bad(f.Type) {
						return true
					}
				}
			}
		}
		return false
	}
	return bad(model.TypeRef{Kind: model.KindNamed, Name: t.Name, Decl: t})
}

// compareTest compares every type of api (AllCodecs) and those of std
// (json: std) that have JSON methods with the plain declarations.
func compareTest(name string, api, std *model.API) []byte {
	stdCodec := map[string]bool{}
	for _, t := range std.Types {
		stdCodec[t.Name] = t.Codec
	}
	var b strings.Builder
	n, stdImport := 0, ""
	for _, typ := range api.Types {
		if special(typ) || typ.Kind == model.DeclAlias && typ.Underlying.Kind == model.KindBuiltin && typ.Underlying.Name == "any" {
			continue
		}
		n++
		fmt.Fprintf(&b, "\t\t{Name: %q, Real: func() any { return new(real.%[1]s) }, Plain: func() any { return new(plain.%[1]s) }},\n", typ.Name)
		if stdCodec[typ.Name] {
			stdImport = fmt.Sprintf("\tstd \"jsontest/%s/std\"\n", name)
			fmt.Fprintf(&b, "\t\t{Name: \"std.%[1]s\", Real: func() any { return new(std.%[1]s) }, Plain: func() any { return new(plain.%[1]s) }},\n", typ.Name)
		}
	}
	if n == 0 {
		return []byte("package compare_test\n")
	}
	head := fmt.Sprintf("package compare_test\n\nimport (\n\t\"testing\"\n\n\t\"jsontest/harness\"\n\tplain \"jsontest/%s/plain\"\n\treal \"jsontest/%s/real\"\n%s)\n\n", name, name, stdImport)
	return []byte(head + "func TestCompare(t *testing.T) {\n\tharness.Run(t, []harness.Case{\n" + b.String() + "\t}, 300)\n}\n")
}

// syntheticAPI has every kind of field the model can describe.
func syntheticAPI(pkg string) *model.API {
	ref := func(name string) model.TypeRef { return model.TypeRef{Kind: model.KindBuiltin, Name: name} }
	slice := func(e model.TypeRef) model.TypeRef { return model.TypeRef{Kind: model.KindSlice, Elem: &e} }
	mapOf := func(e model.TypeRef) model.TypeRef { return model.TypeRef{Kind: model.KindMap, Elem: &e} }
	named := func(t *model.Type) model.TypeRef { return model.TypeRef{Kind: model.KindNamed, Name: t.Name, Decl: t} }
	str := ref("string")
	color := &model.Type{Name: "Color", Kind: model.DeclEnum, Enum: &model.Enum{Base: "string", Values: []*model.EnumValue{{GoName: "ColorRed", Value: "red"}}}}
	prio := &model.Type{Name: "Priority", Kind: model.DeclEnum, Enum: &model.Enum{Base: "int32", Values: []*model.EnumValue{{GoName: "PriorityHigh", Value: int64(1)}}}}
	big := &model.Type{Name: "Big", Kind: model.DeclEnum, Enum: &model.Enum{Base: "int64", Values: []*model.EnumValue{{GoName: "BigOne", Value: int64(1)}}}}
	tags := &model.Type{Name: "TagList", Kind: model.DeclAlias, Underlying: &model.TypeRef{Kind: model.KindSlice, Elem: &str}}
	labels := &model.Type{Name: "Labels", Kind: model.DeclAlias, Underlying: &model.TypeRef{Kind: model.KindMap, Elem: &str}}
	count := &model.Type{Name: "Count", Kind: model.DeclAlias, Underlying: &model.TypeRef{Kind: model.KindBuiltin, Name: "int64"}}
	anyT := &model.Type{Name: "Anything", Kind: model.DeclAlias, Underlying: &model.TypeRef{Kind: model.KindBuiltin, Name: "any"}}
	node := &model.Type{Name: "Node", Kind: model.DeclStruct}
	node.Fields = []*model.Field{
		{GoName: "Children", JSONName: "children", Type: slice(named(node)), OmitEmpty: true},
		{GoName: "Name", JSONName: "name", Type: str, Pointer: true, OmitEmpty: true},
		{GoName: "Next", JSONName: "next", Type: named(node), Pointer: true, OmitEmpty: true},
	}
	empty := &model.Type{Name: "Empty", Kind: model.DeclStruct}
	nodeAlias := &model.Type{Name: "NodeAlias", Kind: model.DeclAlias, Underlying: &model.TypeRef{Kind: model.KindNamed, Name: "Node", Decl: node}}
	f := func(goName, jsonName string, t model.TypeRef, ptr, omit bool) *model.Field {
		return &model.Field{GoName: goName, JSONName: jsonName, Type: t, Pointer: ptr, OmitEmpty: omit}
	}
	all := &model.Type{Name: "All", Kind: model.DeclStruct, Fields: []*model.Field{
		f("S", "s", str, false, false),
		f("SO", "so", str, false, true),
		f("SP", "sp", str, true, false),
		f("SPO", "spo", str, true, true),
		f("I32", "i32", ref("int32"), false, false),
		f("I32O", "i32o", ref("int32"), false, true),
		f("I64P", "i64p", ref("int64"), true, true),
		f("I8", "i8", ref("int8"), false, true),
		f("U16", "u16", ref("uint16"), false, false),
		f("U64", "u64", ref("uint64"), false, true),
		f("F64", "f64", ref("float64"), false, false),
		f("F64O", "f64o", ref("float64"), false, true),
		f("F32", "f32", ref("float32"), false, false),
		f("F32P", "f32p", ref("float32"), true, true),
		f("B", "b", ref("bool"), false, false),
		f("BO", "bo", ref("bool"), false, true),
		f("T", "t", model.TypeRef{Kind: model.KindTime, Format: "date-time"}, false, true),
		f("TP", "tp", model.TypeRef{Kind: model.KindTime, Format: "date-time"}, true, true),
		f("ID", "id", model.TypeRef{Kind: model.KindUUID}, false, true),
		f("IDP", "idp", model.TypeRef{Kind: model.KindUUID}, true, false),
		f("IDs", "ids", slice(model.TypeRef{Kind: model.KindUUID}), false, true),
		f("Data", "data", model.TypeRef{Kind: model.KindBytes}, false, true),
		f("DataN", "dataN", model.TypeRef{Kind: model.KindBytes}, false, false),
		f("Raw", "raw", model.TypeRef{Kind: model.KindRaw}, false, true),
		f("RawN", "rawN", model.TypeRef{Kind: model.KindRaw}, false, false),
		f("Raws", "raws", slice(model.TypeRef{Kind: model.KindRaw}), false, true),
		f("Any", "any", ref("any"), false, false),
		f("AnyO", "anyO", ref("any"), false, true),
		f("Anything", "anything", named(anyT), false, true),
		f("Strs", "strs", slice(str), false, false),
		f("Grid", "grid", slice(slice(ref("int32"))), false, true),
		f("Floats", "floats", slice(ref("float64")), false, true),
		f("Counts", "counts", mapOf(ref("int64")), false, true),
		f("Nodes", "nodes", mapOf(named(node)), false, true),
		f("Deep", "deep", mapOf(slice(mapOf(ref("bool")))), false, true),
		f("Color", "color", named(color), false, false),
		f("ColorP", "colorP", named(color), true, true),
		f("Colors", "colors", slice(named(color)), false, true),
		f("Prio", "prio", named(prio), false, true),
		f("Big", "big", named(big), true, false),
		f("Tags", "tags", named(tags), false, true),
		f("TagsP", "tagsP", named(tags), true, false),
		f("Labels", "labels", named(labels), false, true),
		f("Count", "count", named(count), false, true),
		f("Node", "node", named(node), false, false),
		f("NodeP", "nodeP", named(node), true, true),
		f("NodeAlias", "nodeAlias", named(nodeAlias), true, true),
		f("Empty", "empty", named(empty), false, false),
		f("Dur", "dur", model.TypeRef{Kind: model.KindExternal, Import: "time", Name: "Duration"}, false, true),
		f("Int", "int", model.TypeRef{Kind: model.KindExternal, Import: "math/big", Name: "Int"}, false, true),
		f("IntP", "intP", model.TypeRef{Kind: model.KindExternal, Import: "math/big", Name: "Int"}, true, true),
		f("Addr", "addr", model.TypeRef{Kind: model.KindExternal, Import: "net/netip", Name: "Addr"}, false, false),
		f("HTML", "a<b>&c", str, false, true),
		f("Dotted", "odata.type", str, false, true),
		f("Unicode", "ünï", str, false, true),
		f("Kelvin", "kelvin", str, false, true),
		f("Lower", "abc", str, false, true),
		f("Upper", "ABC", str, false, true),
		// Names no struct tag can express ("-", "", a quote, "a,b", and
		// for vet a space)
		// travel exactly as written, where encoding/json would read the
		// tag's rules: testdata/behaviour/hostilenames covers them.
	}}
	rfc := &model.Type{Name: "RFCHolder", Kind: model.DeclStruct, Fields: []*model.Field{
		f("When", "when", model.TypeRef{Kind: model.KindTime, Format: "date-time-rfc1123"}, false, false),
		f("WhenP", "whenP", model.TypeRef{Kind: model.KindTime, Format: "date-time-rfc1123"}, true, true),
		f("Whens", "whens", slice(model.TypeRef{Kind: model.KindTime, Format: "date-time-rfc1123"}), false, true),
	}}
	stamp := &model.Type{Name: "Stamp", Kind: model.DeclAlias, Underlying: &model.TypeRef{Kind: model.KindTime, Format: "date-time"}}
	types := []*model.Type{all, anyT, big, color, count, empty, labels, node, nodeAlias, prio, rfc, stamp, tags}
	return &model.API{Package: pkg, Types: types}
}

const specialTest = `package compare_test

import (
	"encoding/json"
	"testing"
	"time"

	real "jsontest/synthetic/real"
)

func TestRFC1123(t *testing.T) {
	when := time.Date(2017, 2, 17, 1, 2, 3, 0, time.FixedZone("", 3600))
	v := real.RFCHolder{When: when, Whens: []time.Time{when.UTC()}}
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	const want = ` + "`" + `{"when":"Fri, 17 Feb 2017 00:02:03 GMT","whens":["Fri, 17 Feb 2017 00:02:03 GMT"]}` + "`" + `
	if string(b) != want {
		t.Fatalf("got %s, want %s", b, want)
	}
	var back real.RFCHolder
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if !back.When.Equal(when) || back.WhenP != nil || len(back.Whens) != 1 {
		t.Fatalf("got %+v", back)
	}
	for _, bad := range []string{` + "`" + `{"when":"2017-02-17T00:00:00Z"}` + "`" + `, ` + "`" + `{"when":1}` + "`" + `, ` + "`" + `{"whenP":"Fri, 17 Feb 2017 00:02:03 PST"}` + "`" + `} {
		if err := json.Unmarshal([]byte(bad), &back); err == nil {
			t.Errorf("%s: no error", bad)
		}
	}
}

func TestStampAlias(t *testing.T) {
	s := real.Stamp(time.Date(2020, 1, 2, 3, 4, 5, 6, time.UTC))
	b, err := json.Marshal(s)
	if err != nil || string(b) != ` + "`" + `"2020-01-02T03:04:05.000000006Z"` + "`" + ` {
		t.Fatalf("%s %v", b, err)
	}
	var back real.Stamp
	if err := json.Unmarshal(b, &back); err != nil || !time.Time(back).Equal(time.Time(s)) {
		t.Fatalf("%v %v", back, err)
	}
}
`

const benchTest = `package compare_test

import (
	"encoding/json"
	"testing"
	"time"

	plain "jsontest/batch/plain"
	real "jsontest/batch/real"
)

func ptr[T any](v T) *T { return &v }

func cert() *real.Certificate {
	when := time.Date(2020, 9, 1, 12, 30, 45, 123456789, time.UTC)
	st, prev := real.CertificateStateDeleteFailed, real.CertificateStateActive
	return &real.Certificate{
		DeleteCertificateError: &real.DeleteCertificateError{
			Code:    ptr("CertificateBeingUsed"),
			Message: ptr("The certificate is in use by pools <pool1> & <pool2>."),
			Values: []real.NameValuePair{
				{Name: ptr("Pools"), Value: ptr("pool1,pool2")},
				{Name: ptr("ComputeNodes"), Value: ptr("tvm-1234567890_1-20200901t123045z")},
				{Name: ptr("Truncated"), Value: ptr("false")},
			},
		},
		PreviousState:               &prev,
		PreviousStateTransitionTime: &when,
		PublicData:                  ptr("MIIDSTCCAjGgAwIBAgIQK2bZ8x6aPZpN7XhA1J+4YDANBgkqhkiG9w0BAQsFADAbMRkwFwYDVQQDDBBvYXNnZW4tYmVuY2gtY2VydA=="),
		State:                       &st,
		StateTransitionTime:         ptr(when.Add(time.Hour)),
		Thumbprint:                  ptr("0123456789abcdef0123456789abcdef01234567"),
		ThumbprintAlgorithm:         ptr("sha1"),
		URL:                         ptr("https://account.region.batch.azure.com/certificates(thumbprintAlgorithm=sha1,thumbprint=0123456789abcdef0123456789abcdef01234567)"),
	}
}

func BenchmarkEncode(b *testing.B) {
	c := cert()
	p := (*plain.Certificate)(nil)
	data, _ := json.Marshal(c)
	_ = json.Unmarshal(data, &p)
	b.Run("generated/MarshalJSON", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := c.MarshalJSON(); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("generated/json.Marshal", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := json.Marshal(c); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("encoding-json/json.Marshal", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := json.Marshal(p); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkDecode(b *testing.B) {
	data, _ := json.Marshal(cert())
	b.Logf("%d bytes: %s", len(data), data)
	b.Run("generated/UnmarshalJSON", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			var c real.Certificate
			if err := c.UnmarshalJSON(data); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("generated/json.Unmarshal", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			var c real.Certificate
			if err := json.Unmarshal(data, &c); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("encoding-json/json.Unmarshal", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			var c plain.Certificate
			if err := json.Unmarshal(data, &c); err != nil {
				b.Fatal(err)
			}
		}
	})
}
`
