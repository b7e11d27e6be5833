package generator_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"

	"github.com/dave/jennifer/jen"

	"github.com/oasgen/oasgen/generator"
	"github.com/oasgen/oasgen/generator/model"
	"github.com/oasgen/oasgen/internal/testkit"
)

// The two real Batch definitions of the public corpus (see
// shared/corpus/README.md). No test downloads them and they are never
// committed: `make corpus-fetch` (go run ./internal/cmd/oasgen-corpus
// -fetch-only) puts them into the cache.
var upstreamBatch = []string{
	"api/windows.net/batch-BatchService.json", // 2018-08-01.7.0
	"api/azure.com/batch-BatchService.json",   // 2019-08-01.10.0
}

// corpusSkips counts the tests and benchmarks skipped for want of the
// corpus, for the summary line TestMain prints.
var corpusSkips atomic.Int32

// TestMain ends the package's output with one line when tests skipped for
// want of the corpus, so that a skip is not silent. (go test ./... shows a
// passing package's output only with -v; go test in this folder, or
// -json, shows it too.)
func TestMain(m *testing.M) {
	code := m.Run()
	if n := corpusSkips.Load(); n > 0 {
		fmt.Printf("generator: %d upstream test(s) skipped: corpus not found in %s (make corpus-fetch)\n", n, testkit.CorpusCache())
	}
	os.Exit(code)
}

// corpusDir finds the unpacked corpus, skipping the test when it is absent
// unless OASGEN_REQUIRE_CORPUS is set (as CI does after fetching it).
func corpusDir(tb testing.TB) string {
	tb.Helper()
	cache := testkit.CorpusCache()
	dir := filepath.Join(cache, "package")
	for _, rel := range upstreamBatch {
		if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(rel))); err != nil {
			if testkit.CorpusRequired() {
				tb.Fatalf("corpus not found in %s: run make corpus-fetch", cache)
			}
			corpusSkips.Add(1)
			tb.Skipf("corpus not found in %s (make corpus-fetch)", cache)
		}
	}
	return dir
}

// TestUpstreamBatch generates both real Batch definitions and checks, in a
// throwaway module at goMinimum: every schema typed, the package vets, and every
// operation is routed by the generated handler to the right server method
// with its path values intact, driven through the generated client.
func TestUpstreamBatch(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the go command")
	}
	dir := corpusDir(t)
	mod := minimumModule(t, "upstream")
	for i, rel := range upstreamBatch {
		name := []string{"batch2018", "batch2019"}[i]
		out, err := generator.Generate(generator.Config{Spec: filepath.Join(dir, rel), Package: name})
		if err != nil {
			t.Fatal(err)
		}
		if n := out.API.Untyped; n != 0 {
			t.Errorf("%s: %d schemas generated as json.RawMessage, want 0", rel, n)
		}
		pkg := filepath.Join(mod, name)
		os.MkdirAll(pkg, 0o755)
		for _, f := range withExampleTablesTest(t, name, out.Files) {
			if err := writeVetted(filepath.Join(pkg, f.Name), f.Content); err != nil {
				t.Fatal(err)
			}
		}
		var b bytes.Buffer
		if err := routeTest(out.API).Render(&b); err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(pkg, "route_test.go"), b.Bytes(), 0o644)
		ops := 0
		for _, g := range out.API.Groups {
			ops += len(g.Operations)
		}
		t.Logf("%s: %d groups, %d operations, %d types, %d files", rel, len(out.API.Groups), ops, len(out.API.Types), len(out.Files))
	}
	testkit.GoRun(t, mod, "vet", "./...")
	testkit.GoRun(t, mod, "test", "-count=1", "./...")
}

// tricky is a path value with every character that could confuse an OData
// key segment or a path template.
const tricky = "a,b)(c'd/e f=g%h+ü"

// routeTest renders a test for the generated package: a recording
// implementation of every server interface and, per operation, a call
// through the client that must reach exactly that method with the path
// values it was given.
func routeTest(api *model.API) *jen.File {
	f := jen.NewFile(api.Package)
	f.Type().Id("call").Struct(jen.Id("op").String(), jen.Id("args").Index().String())
	for _, g := range api.Groups {
		stub := "stub" + g.Name
		f.Type().Id(stub).Struct(jen.Id(g.Unimpl), jen.Id("got").Op("*").Id("call"))
		for _, op := range g.Operations {
			var params []jen.Code
			params = append(params, jen.Id("ctx").Qual("context", "Context"))
			var recorded []jen.Code
			for i, a := range op.Args() {
				name := "a" + string(rune('0'+i))
				params = append(params, jen.Id(name).Add(typeOf(a.Type)))
				if i < len(op.PathParams) { // path parameters come first
					recorded = append(recorded, jen.Qual("fmt", "Sprint").Call(jen.Id(name)))
				}
			}
			if op.Options != nil {
				params = append(params, jen.Id("opts").Op("*").Id(op.Options.Name))
			}
			f.Func().Params(jen.Id("s").Id(stub)).Id(op.GoName).Params(params...).
				Params(jen.Op("*").Id(op.Response.Name), jen.Error()).Block(
				jen.Op("*").Id("s").Dot("got").Op("=").Id("call").Values(jen.Lit(op.ID), jen.Index().String().Values(recorded...)),
				jen.Return(jen.Op("&").Id(op.Response.Name).Values(), jen.Nil()),
			)
		}
	}
	f.Func().Id("TestEveryOperationRouted").Params(jen.Id("t").Op("*").Qual("testing", "T")).BlockFunc(func(b *jen.Group) {
		b.Id("got").Op(":=").Op("&").Id("call").Values()
		b.Id("srv").Op(":=").Qual("net/http/httptest", "NewServer").Call(jen.Id("NewHandler").Call(jen.Id("Servers").ValuesFunc(func(v *jen.Group) {
			for _, g := range api.Groups {
				v.Id(g.Name).Op(":").Id("stub" + g.Name).Values(jen.Id("got").Op(":").Id("got"))
			}
		})))
		b.Defer().Id("srv").Dot("Close").Call()
		b.List(jen.Id("c"), jen.Err()).Op(":=").Id("NewClient").Call(jen.Id("srv").Dot("URL"))
		b.If(jen.Err().Op("!=").Nil()).Block(jen.Id("t").Dot("Fatal").Call(jen.Err()))
		b.Id("ctx").Op(":=").Qual("context", "Background").Call()
		for _, g := range api.Groups {
			for _, op := range g.Operations {
				var args []jen.Code
				args = append(args, jen.Id("ctx"))
				var want []jen.Code
				for i, a := range op.Args() {
					if i < len(op.PathParams) {
						v := tricky + "-" + op.PathParams[i].Wire + "-" + string(rune('0'+i))
						args = append(args, jen.Lit(v))
						want = append(want, jen.Lit(v))
						continue
					}
					args = append(args, zeroArg(a.Type))
				}
				if op.Options != nil {
					args = append(args, jen.Nil())
				}
				b.Block(
					jen.Op("*").Id("got").Op("=").Id("call").Values(),
					jen.List(jen.Id("_"), jen.Err()).Op(":=").Id("c").Dot(g.Name).Dot(op.GoName).Call(args...),
					jen.If(jen.Err().Op("!=").Nil()).Block(jen.Id("t").Dot("Errorf").Call(jen.Lit(op.ID+": %v"), jen.Err())),
					jen.Id("want").Op(":=").Id("call").Values(jen.Lit(op.ID), jen.Index().String().Values(want...)),
					jen.If(jen.Op("!").Qual("reflect", "DeepEqual").Call(jen.Op("*").Id("got"), jen.Id("want"))).Block(
						jen.Id("t").Dot("Errorf").Call(jen.Lit(op.ID+": server saw %+v, want %+v"), jen.Op("*").Id("got"), jen.Id("want"))),
				)
			}
		}
	})
	return f
}

func typeOf(t model.TypeRef) *jen.Statement {
	switch t.Kind {
	case model.KindNamed:
		return jen.Id(t.Name)
	case model.KindSlice:
		return jen.Index().Add(typeOf(*t.Elem))
	case model.KindMap:
		return jen.Map(jen.String()).Add(typeOf(*t.Elem))
	case model.KindTime:
		return jen.Qual("time", "Time")
	case model.KindUUID:
		return jen.Id("UUID")
	case model.KindStream:
		return jen.Qual("io", "Reader")
	case model.KindBytes:
		return jen.Index().Byte()
	case model.KindRaw:
		return jen.Qual("encoding/json", "RawMessage")
	}
	return jen.Id(t.Name)
}

// zeroArg is a valid value for a required non-path argument: required
// fields filled, enums set to their first value, arrays empty but present.
func zeroArg(t model.TypeRef) jen.Code {
	switch {
	case t.Kind == model.KindNamed && t.Decl.Kind == model.DeclEnum:
		return jen.Id(t.Decl.Enum.Values[0].GoName)
	case t.Kind == model.KindStream:
		return jen.Qual("strings", "NewReader").Call(jen.Lit("data"))
	case t.Kind == model.KindTime:
		return jen.Qual("time", "Now").Call()
	case t.Kind == model.KindSlice:
		return typeOf(t).Values()
	case t.IsStruct():
		return jen.Id(t.Name).ValuesFunc(func(g *jen.Group) {
			for _, f := range t.Decl.Fields {
				if !f.Required {
					continue
				}
				v := zeroArg(f.Type)
				if f.Pointer {
					v = jen.Func().Params().Op("*").Add(typeOf(f.Type)).Block(jen.Id("v").Op(":=").Add(v), jen.Return(jen.Op("&").Id("v"))).Call()
				}
				g.Id(f.GoName).Op(":").Add(v)
			}
		})
	}
	return jen.Op("*").New(typeOf(t))
}
