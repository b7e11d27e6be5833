package generator_test

import (
	"encoding/json"
	"fmt"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/oasgen/oasgen/generator"
	"github.com/oasgen/oasgen/generator/emit"
	"github.com/oasgen/oasgen/internal/testkit"
	"github.com/oasgen/oasgen/templates"
)

// fuzzBytes reads a fuzzer's input as a stream of choices; past its end
// every choice is the first.
type fuzzBytes struct {
	b []byte
	i int
}

func (f *fuzzBytes) next() int {
	if f.i >= len(f.b) {
		return 0
	}
	f.i++
	return int(f.b[f.i-1])
}

func (f *fuzzBytes) pick(n int) int { return f.next() % n }

// name is a name from the pool of names that once broke generation (the
// generator's own declarations, support functions, emitter locals, Go
// keywords and predeclared names, odd text), or up to 12 bytes of the
// input as they are.
func (f *fuzzBytes) name(pool []string) string {
	if c := f.next(); c < 200 {
		return pool[c%len(pool)]
	}
	n := f.pick(12) + 1
	var s []byte
	for range n {
		s = append(s, byte(f.next()))
	}
	return string(s)
}

// number is a JSON number at the edges of Go's numeric types.
func (f *fuzzBytes) number() any {
	edges := []any{0, 1, -1, 2.5, math.MaxInt32, math.MaxInt32 + 1, math.MinInt32 - 1, int64(math.MaxInt64), 1e19, -1e19,
		math.MaxFloat32, 1e39, 1e300, -1e300, 0.1, 1e-300, 5000000000, -3000000000}
	return edges[f.pick(len(edges))]
}

var fuzzPool = sync.OnceValue(func() []string {
	pool := []string{"", "_", "a b", "1x", "é", "Ω", "a-b", "a.b", "a/b", "a,b", "a`b", `a"b`, "x-ms", "$", "%", "Error", "Client",
		"break", "func", "type", "string", "int", "error", "nil", "true", "any", "len", "iota", "init", "main", "Kind", "Value", "Values",
		"Get", "List", "Default", "Model", "Options", "Response", "Body", "ID", "JSON", "UUID", "Nullable", "Secret", "Servers"}
	pool = append(pool, emit.Declared...)
	pool = append(pool, emit.Locals()...)
	if names, err := templates.SupportNames(); err == nil {
		pool = append(pool, names...)
	}
	return pool
})

// fuzzDefinition builds an OpenAPI 3.0 definition from f: schemas
// (objects with typed, enumerated, bounded, defaulted, array, map and
// $ref properties, plain $refs, allOf children of one another, enums)
// and operations (ids, path, query and header parameters, bodies and
// responses of those schemas), every name from the pool.
func fuzzDefinition(f *fuzzBytes) map[string]any {
	pool := fuzzPool()
	schemas := map[string]any{}
	var names []string
	for range f.pick(6) + 1 {
		n := f.name(pool)
		if n == "" || strings.ContainsAny(n, "/~#%") || schemas[n] != nil {
			continue
		}
		names = append(names, n)
		schemas[n] = map[string]any{}
	}
	ref := func() map[string]any {
		if len(names) == 0 {
			return map[string]any{"type": "string"}
		}
		return map[string]any{"$ref": "#/components/schemas/" + names[f.pick(len(names))]}
	}
	scalar := func() map[string]any {
		switch f.pick(6) {
		case 0:
			return map[string]any{"type": "integer", "format": "int32", "minimum": f.number(), "maximum": f.number(), "default": f.number()}
		case 1:
			return map[string]any{"type": "integer", "enum": []any{f.number(), f.number()}}
		case 2:
			return map[string]any{"type": "number", "format": "float", "default": f.number(), "multipleOf": 0.5}
		case 3:
			return map[string]any{"type": "string", "enum": []any{f.name(pool), f.name(pool)}}
		case 4:
			return map[string]any{"type": "string", "format": []string{"uuid", "date-time", "byte", "date"}[f.pick(4)], "nullable": true}
		}
		return map[string]any{"type": "boolean"}
	}
	for i, n := range names {
		var s map[string]any
		switch f.pick(5) {
		case 0:
			s = ref()
		case 1:
			s = scalar()
		default:
			props := map[string]any{}
			var required []any
			for range f.pick(5) {
				p := f.name(pool)
				switch f.pick(4) {
				case 0:
					props[p] = ref()
				case 1:
					props[p] = map[string]any{"type": "array", "items": ref(), "minItems": 1}
				case 2:
					props[p] = map[string]any{"type": "object", "additionalProperties": scalar()}
				default:
					props[p] = scalar()
				}
				if f.pick(2) == 0 {
					required = append(required, p)
				}
			}
			s = map[string]any{"type": "object", "properties": props}
			if len(required) > 0 {
				s["required"] = required
			}
			if i > 0 && f.pick(3) == 0 {
				s["allOf"] = []any{map[string]any{"$ref": "#/components/schemas/" + names[f.pick(i)]}}
			}
		}
		schemas[n] = s
	}
	paths := map[string]any{}
	for k := range f.pick(4) + 1 {
		id := f.name(pool)
		if f.pick(2) == 0 {
			id += "_" + f.name(pool)
		}
		pname := f.name(pool)
		if pname == "" || strings.ContainsAny(pname, "{}/?#") {
			pname = "id"
		}
		params := []any{map[string]any{"name": pname, "in": "path", "required": true, "schema": scalar()}}
		for range f.pick(3) {
			in := []string{"query", "header"}[f.pick(2)]
			params = append(params, map[string]any{"name": f.name(pool), "in": in, "required": f.pick(2) == 0, "schema": scalar()})
		}
		op := map[string]any{"operationId": id, "parameters": params,
			"responses": map[string]any{"200": map[string]any{"description": "ok", "content": map[string]any{"application/json": map[string]any{"schema": ref()}}}}}
		method := "get"
		if f.pick(2) == 0 {
			method = "post"
			op["requestBody"] = map[string]any{"required": f.pick(2) == 0, "content": map[string]any{"application/json": map[string]any{"schema": ref()}}}
		}
		paths[fmt.Sprintf("/p%d/{%s}", k, pname)] = map[string]any{method: op}
	}
	return map[string]any{"openapi": "3.0.3", "info": map[string]any{"title": "fuzz", "version": "1"},
		"paths": paths, "components": map[string]any{"schemas": schemas}}
}

// typeChecker checks generated packages with go/types, the standard
// library's export data found once per process.
var typeChecker = sync.OnceValue(func() *token.FileSet { return token.NewFileSet() })
var typeImporter = sync.OnceValue(func() types.Importer { return importer.ForCompiler(typeChecker(), "gc", nil) })

func typeCheck(files map[string][]byte) error {
	fset := typeChecker()
	var parsed []*ast.File
	for name, src := range files {
		f, err := parser.ParseFile(fset, name, src, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		parsed = append(parsed, f)
	}
	conf := types.Config{Importer: typeImporter()}
	_, err := conf.Check("p", fset, parsed, nil)
	return err
}

// warmTypeImporter imports, once per process, every package the support
// code imports, so that typeCheck's importer has asked the go command for
// their export data before the first fuzz input: a fuzz worker must finish
// each input within 10 s (internal/fuzz), and on a loaded machine the
// first input paid for all of them and overran.
func warmTypeImporter() error {
	files, err := templates.Support()
	if err != nil {
		return err
	}
	seen := map[string]bool{}
	for _, sf := range files {
		f, err := parser.ParseFile(token.NewFileSet(), sf.Name, sf.Src, parser.ImportsOnly)
		if err != nil {
			return err
		}
		for _, im := range f.Imports {
			path := strings.Trim(im.Path.Value, `"`)
			if seen[path] {
				continue
			}
			seen[path] = true
			if _, err := typeImporter().Import(path); err != nil {
				return err
			}
		}
	}
	return nil
}

// FuzzDefinition generates whole definitions from the fuzzer's bytes:
// names from the pool of generator-declared and awkward names, numbers at
// the edges of Go's types, nesting, inheritance and $ref chains. Each must
// either fail with a located error or generate a package that type-checks;
// never panic (an "internal error"), never open a file outside the
// definition's folder (a tripwire beside it). A short run is in .ci/run;
// a longer one: go test ./generator -run '^$' -fuzz FuzzDefinition -fuzztime 10m.
func FuzzDefinition(f *testing.F) {
	for _, seed := range []string{"", "\x01\x02\x03\x04", "\xff\xfe\x10\x20\x30\x40\x50\x60\x70\x80\x90", strings.Repeat("\x05\x07", 40), strings.Repeat("\xc8abc", 30)} {
		f.Add([]byte(seed))
	}
	if err := warmTypeImporter(); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		def := fuzzDefinition(&fuzzBytes{b: data})
		b, err := json.Marshal(def)
		if err != nil {
			t.Skip(err)
		}
		outside := t.TempDir()
		opened := testkit.Tripwire(t, filepath.Join(outside, "secret.json"), `{"type": "string"}`)
		dir := filepath.Join(outside, "def")
		if err := os.Mkdir(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		spec := filepath.Join(dir, "openapi.json")
		if err := os.WriteFile(spec, b, 0o644); err != nil {
			t.Fatal(err)
		}
		out, err := generator.Generate(generator.Config{Spec: spec, Package: "p", Validate: "never"})
		if opened() {
			t.Errorf("generation opened a file outside the definition's folder")
		}
		if err != nil {
			if strings.Contains(err.Error(), "internal error") {
				t.Fatalf("%v\n%s", err, b)
			}
			return // a located error: the definition is refused
		}
		files := map[string][]byte{}
		for _, f := range out.Files {
			files[f.Name] = f.Content
		}
		if err := typeCheck(files); err != nil {
			t.Fatalf("the output does not type-check: %v\n%s", err, b)
		}
	})
}

// TestRandomDefinitions runs FuzzDefinition's property on 100 definitions
// from a fixed seed, so that every go test covers more than the seeds (the
// first run of this found body bounds that overflowed int32 in the
// validation tables).
func TestRandomDefinitions(t *testing.T) {
	if testing.Short() {
		t.Skip("type-checks 100 packages")
	}
	r := rand.New(rand.NewPCG(1, 2))
	for i := range 100 {
		data := make([]byte, 96)
		for j := range data {
			data[j] = byte(r.Uint32())
		}
		def := fuzzDefinition(&fuzzBytes{b: data})
		b, err := json.Marshal(def)
		if err != nil {
			t.Fatal(err)
		}
		spec := filepath.Join(t.TempDir(), "openapi.json")
		if err := os.WriteFile(spec, b, 0o644); err != nil {
			t.Fatal(err)
		}
		out, err := generator.Generate(generator.Config{Spec: spec, Package: "p", Validate: "never"})
		if err != nil {
			if strings.Contains(err.Error(), "internal error") {
				t.Fatalf("definition %d: %v\n%s", i, err, b)
			}
			continue
		}
		files := map[string][]byte{}
		for _, f := range out.Files {
			files[f.Name] = f.Content
		}
		if err := typeCheck(files); err != nil {
			t.Errorf("definition %d does not type-check: %v\n%s", i, err, b)
		}
	}
}
