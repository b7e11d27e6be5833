package generator_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/tools/txtar"

	"github.com/oasgen/oasgen/generator"
	"github.com/oasgen/oasgen/generator/emit"
	"github.com/oasgen/oasgen/generator/write"
	"github.com/oasgen/oasgen/internal/testkit"
	"github.com/oasgen/oasgen/templates"
)

var update = flag.Bool("update", false, "rewrite golden files and generated/ from the current generator")

// goldenSpecs maps each definition under specs/ to its golden archive and
// package name; entries with ops are a filtered package of a definition
// listed before (operations: ops), which keeps only the types they reach.
var goldenSpecs = []struct {
	name, spec string
	ops        []string
}{
	{"batch", "specs/batch/2020-09-01.12.0/BatchService.json", nil},
	{"batch2025", "specs/batch/2025-06-01.21.0/BatchService.json", nil},
	{"allof", "specs/fixtures/allof/openapi.yaml", nil},
	{"arrays", "specs/fixtures/arrays/openapi.json", nil},
	{"enums", "specs/fixtures/enums/swagger.json", nil},
	{"maps", "specs/fixtures/maps/openapi.yaml", nil},
	{"nested", "specs/fixtures/nested/swagger.json", nil},
	{"nullable", "specs/fixtures/nullable/openapi.yaml", nil},
	{"petstore", "specs/fixtures/petstore-oas3/openapi.yaml", nil},
	{"polymorphic", "specs/fixtures/polymorphic/swagger.json", nil},
	{"oneof", "specs/fixtures/oneof/openapi.yaml", nil},
	{"streaming", "specs/fixtures/streaming/swagger.json", nil},
	{"hostilenames", "specs/fixtures/hostilenames/openapi.yaml", nil},
	{"oas31", "specs/fixtures/oas31/openapi.yaml", nil},
	{"styles", "specs/fixtures/styles/openapi.yaml", nil},
	{"mockpets", "specs/fixtures/mockpets/openapi.yaml", nil},
	{"patch", "specs/fixtures/patch/openapi.yaml", nil},
	{"validation", "specs/fixtures/validation/openapi.yaml", nil},
	{"sse", "specs/fixtures/sse/openapi.yaml", nil},
	{"jsonlines", "specs/fixtures/jsonlines/openapi.yaml", nil},
	{"oas32", "specs/fixtures/oas32/openapi.yaml", nil},
	{"filteredbatch", "specs/batch/2020-09-01.12.0/BatchService.json", []string{"Certificate_CancelDeletion"}},
	{"filteredshark", "specs/fixtures/polymorphic/swagger.json", []string{"Shark_Add"}},
}

// root is the repository root, from generator/.
const root = ".."

func generate(t *testing.T, name, spec string, ops ...string) []write.File {
	t.Helper()
	return generateOutput(t, name, spec, ops...).Files
}

func generateOutput(t *testing.T, name, spec string, ops ...string) *generator.Output {
	t.Helper()
	out, err := generator.Generate(generator.Config{Spec: filepath.Join(root, spec), Package: name, Operations: ops})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// archive is a golden archive of a generated package. A support file
// that is exactly its template (templates/support, renamed into the
// package) is held as a reference with the hash of its bytes: the golden
// pins every byte of the output and shows which support files a package
// gets, while the support code itself is reviewed and tested where it
// lives, not once more in every golden.
func archive(t *testing.T, pkg string, files []write.File) []byte {
	t.Helper()
	var a txtar.Archive
	for _, f := range files {
		data := f.Content
		if tmpl, ok := strings.CutPrefix(f.Name, "support_"); ok && bytes.Equal(data, supportFile(t, pkg, tmpl)) {
			data = []byte(fmt.Sprintf("support file: templates/support/%s (sha256 %s)\n", tmpl, shortHash(data)))
		}
		a.Files = append(a.Files, txtar.File{Name: f.Name, Data: data})
	}
	return txtar.Format(&a)
}

// supportRef matches a support file's reference in a golden archive.
var supportRef = regexp.MustCompile(`^support file: templates/support/(\S+) \(sha256 ([0-9a-f]{16})\)\n$`)

// readGolden reads the golden package name with its support files
// restored from templates/support, each checked against its hash.
func readGolden(t *testing.T, name string) []write.File {
	t.Helper()
	a, err := txtar.ParseFile(filepath.Join(root, "golden", name+".txtar"))
	if err != nil {
		t.Fatal(err)
	}
	var out []write.File
	for _, f := range a.Files {
		data := f.Data
		if m := supportRef.FindSubmatch(data); m != nil {
			data = supportFile(t, name, string(m[1]))
			if h := shortHash(data); h != string(m[2]) {
				t.Fatalf("golden/%s.txtar: %s: templates/support/%s has changed since (sha256 %s, golden %s): run go test ./generator -run Golden -update", name, f.Name, m[1], h, m[2])
			}
		}
		out = append(out, write.File{Name: f.Name, Content: data})
	}
	return out
}

// supportFile is templates/support/name as a package named pkg gets it,
// or nil when there is no such template.
func supportFile(t *testing.T, pkg, name string) []byte {
	t.Helper()
	files, err := templates.Support()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if f.Name == name {
			b, err := templates.Rewrite(f.Src, pkg, emit.Header)
			if err != nil {
				t.Fatal(err)
			}
			return b
		}
	}
	return nil
}

func shortHash(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:8])
}

// TestGolden compares the output for every definition under specs/ with
// golden/NAME.txtar. Run with -update to rewrite them, then review the
// diff like any other change.
func TestGolden(t *testing.T) {
	// Every definition under specs/ must have a golden, except the old/new
	// pairs of specs/fixtures/apichange, which generator/apichange
	// generates, type-checks and compares.
	var found []string
	filepath.WalkDir(filepath.Join(root, "specs"), func(p string, d os.DirEntry, err error) error {
		if d != nil && d.IsDir() && d.Name() == "apichange" {
			return filepath.SkipDir
		}
		if err == nil && !d.IsDir() && !strings.Contains(p, string(filepath.Separator)+"examples"+string(filepath.Separator)) {
			found = append(found, p)
		}
		return nil
	})
	listed := map[string]bool{}
	for _, g := range goldenSpecs {
		listed[g.spec] = true
	}
	if len(found) != len(listed) {
		t.Errorf("specs/ holds %d definitions but goldenSpecs lists %d: add the new one", len(found), len(listed))
	}
	for _, g := range goldenSpecs {
		t.Run(g.name, func(t *testing.T) {
			got := archive(t, g.name, generate(t, g.name, g.spec, g.ops...))
			path := filepath.Join(root, "golden", g.name+".txtar")
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./generator -run Golden -update)", err)
			}
			if !bytes.Equal(want, got) {
				t.Errorf("%s is stale (run go test ./generator -run Golden -update and review):\n%s", path, archiveDiff(want, got))
			}
		})
	}
}

// generatedPackages are the packages under generated/, each from its
// definition: the bundled Batch definition in AutoRest's style, ours in
// the style of TypeSpec's emitter (2025-06-01.21.0), and the request
// validation fixture, whose server the differential fuzz test
// (generated/validation) checks against an independent validator.
var generatedPackages = []struct{ name, spec string }{
	{"batch", "specs/batch/2020-09-01.12.0/BatchService.json"},
	{"batch2025", "specs/batch/2025-06-01.21.0/BatchService.json"},
	{"validation", "specs/fixtures/validation/openapi.yaml"},
}

// TestGeneratedUpToDate fails when a package under generated/ differs
// from what the generator produces now.
func TestGeneratedUpToDate(t *testing.T) {
	for _, g := range generatedPackages {
		files := generate(t, g.name, g.spec)
		dir := filepath.Join(root, "generated", g.name)
		if *update {
			if _, err := write.Write(dir, emit.Header, files); err != nil {
				t.Fatal(err)
			}
			continue
		}
		diff, err := write.Check(dir, emit.Header, files)
		if err != nil {
			t.Fatal(err)
		}
		if diff != "" {
			t.Errorf("generated/%s is stale; run `make generate`:\n%s", g.name, diff)
		}
	}
}

// TestDeterministic generates each definition repeatedly and requires
// identical bytes: no map order or other accident may leak into output.
func TestDeterministic(t *testing.T) {
	for _, g := range goldenSpecs {
		first := archive(t, g.name, generate(t, g.name, g.spec, g.ops...))
		for i := 0; i < 5; i++ {
			if again := archive(t, g.name, generate(t, g.name, g.spec, g.ops...)); !bytes.Equal(first, again) {
				t.Fatalf("%s: run %d differs:\n%s", g.name, i+2, cmp.Diff(string(first), string(again)))
			}
		}
	}
}

// TestGoldenCompiles builds and vets every golden package together in a
// throwaway module with no requirements and the oldest go line the README
// promises (goMinimum): the output must compile with it and depend on the
// standard library only. golden/batch.txtar is generated/batch
// (TestGeneratedUpToDate), so this covers that package too. The examples
// of each package comment are built too, as programs using the package.
func TestGoldenCompiles(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the go command")
	}
	dir := minimumModule(t, "goldencheck")
	for _, g := range goldenSpecs {
		pkg := filepath.Join(dir, g.name)
		if err := os.MkdirAll(pkg, 0o755); err != nil {
			t.Fatal(err)
		}
		for _, f := range readGolden(t, g.name) {
			if err := writeVetted(filepath.Join(pkg, f.Name), f.Content); err != nil {
				t.Fatal(err)
			}
		}
		writeDocExamples(t, dir, "goldencheck", g.name)
	}
	testkit.GoRun(t, dir, "vet", "./...")
}

// TestGoldenBehaviour runs the hand-written tests under
// testdata/behaviour/NAME inside the golden package NAME: what the
// generated code does, not only that it compiles (unions, for one, need a
// client and a server talking). They run again in the package generated
// with codecs on every type (AllCodecs, folder NAME_allcodecs), so that
// the codec emitter behaves as the table codec and encoding/json do on
// every kind of type, not only on the few that need it.
func TestGoldenBehaviour(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the go command")
	}
	dirs, err := os.ReadDir("testdata/behaviour")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module behaviour\n\ngo 1.24\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(root, "golden", d.Name()+".txtar")); err != nil {
			t.Fatalf("testdata/behaviour/%s has no golden package: %v", d.Name(), err)
		}
		writeBehaviour(t, filepath.Join(dir, d.Name()), d.Name(), readGolden(t, d.Name()))
		for _, g := range goldenSpecs {
			if g.name == d.Name() {
				out, err := generator.Generate(generator.Config{Spec: filepath.Join(root, g.spec), Package: g.name, Operations: g.ops, AllCodecs: true})
				if err != nil {
					t.Fatal(err)
				}
				writeBehaviour(t, filepath.Join(dir, d.Name()+"_allcodecs"), d.Name(), out.Files)
			}
		}
	}
	testkit.GoRun(t, dir, "test", "./...")
}

// writeBehaviour writes a generated package and the behaviour tests of
// name into dir.
func writeBehaviour(t *testing.T, dir, name string, files []write.File) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	files = withExampleTablesTest(t, name, files)
	tests, _ := filepath.Glob(filepath.Join("testdata/behaviour", name, "*_test.go"))
	for _, src := range tests {
		b, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, write.File{Name: filepath.Base(src), Content: b})
	}
	for _, f := range files {
		if err := os.WriteFile(filepath.Join(dir, f.Name), f.Content, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// withExampleTablesTest adds testdata/exampletables_test.go to the files
// of package pkg when it has example servers: every example server
// method's table fits its structs.
func withExampleTablesTest(t *testing.T, pkg string, files []write.File) []write.File {
	t.Helper()
	if !slices.ContainsFunc(files, func(f write.File) bool { return f.Name == "examples.go" }) {
		return files
	}
	b, err := os.ReadFile("testdata/exampletables_test.go")
	if err != nil {
		t.Fatal(err)
	}
	src, ok := bytes.CutPrefix(b, []byte("// The generator's tests copy this file into generated packages with\n// example servers, its package clause renamed.\n\npackage mockpets\n"))
	if !ok {
		t.Fatal("testdata/exampletables_test.go: no package clause to rename")
	}
	return append(slices.Clone(files), write.File{Name: "exampletables_test.go", Content: append([]byte("package "+pkg+"\n"), src...)})
}

// TestPartsCompile: each part generated alone still compiles (models
// without client or server, and so on).
func TestPartsCompile(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the go command")
	}
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module partscheck\n\ngo 1.24\n"), 0o644)
	for _, parts := range [][]string{{"models"}, {"client"}, {"server"}, {"models", "client"}} {
		name := strings.Join(parts, "")
		out, err := generator.Generate(generator.Config{Spec: filepath.Join(root, goldenSpecs[0].spec), Package: name, Generate: parts})
		if err != nil {
			t.Fatal(err)
		}
		os.MkdirAll(filepath.Join(dir, name), 0o755)
		for _, f := range out.Files {
			os.WriteFile(filepath.Join(dir, name, f.Name), f.Content, 0o644)
		}
	}
	testkit.GoRun(t, dir, "vet", "./...")
}

// archiveDiff shows, file by file, how two golden archives differ: a
// unified diff for changed files (readable in a failing CI log), and
// cmp.Diff of the file lists when files appear or disappear.
func archiveDiff(want, got []byte) string {
	a, b := txtar.Parse(want), txtar.Parse(got)
	files := func(ar *txtar.Archive) map[string]string {
		m := map[string]string{}
		for _, f := range ar.Files {
			m[f.Name] = string(f.Data)
		}
		return m
	}
	fa, fb := files(a), files(b)
	var names []string
	for n := range fa {
		names = append(names, n)
	}
	for n := range fb {
		if _, ok := fa[n]; !ok {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	var out strings.Builder
	for _, n := range names {
		out.WriteString(write.Unified("want/"+n, "got/"+n, fa[n], fb[n]))
	}
	if out.Len() == 0 {
		return cmp.Diff(string(want), string(got))
	}
	return out.String()
}

// TestAllCodecsCompile: with AllCodecs every type gets generated JSON
// codecs (json: std gives them only to the types encoding/json cannot
// handle), and whole packages, client and server included, still build
// and vet: the codec emitter on every type of both Batch versions and of
// the union fixtures.
func TestAllCodecsCompile(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the go command")
	}
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module allcodecscheck\n\ngo 1.24\n"), 0o644)
	for _, spec := range []string{goldenSpecs[0].spec, goldenSpecs[1].spec, "specs/fixtures/polymorphic/swagger.json", "specs/fixtures/oneof/openapi.yaml"} {
		pkg := "p" + strings.TrimSuffix(filepath.Base(filepath.Dir(spec)), ".0")
		pkg = strings.NewReplacer(".", "", "-", "").Replace(pkg)
		out, err := generator.Generate(generator.Config{Spec: filepath.Join(root, spec), Package: pkg, AllCodecs: true})
		if err != nil {
			t.Fatal(err)
		}
		os.MkdirAll(filepath.Join(dir, pkg), 0o755)
		for _, f := range out.Files {
			if f.Name == "models_json.go" && bytes.Count(f.Content, []byte(") MarshalJSON()")) < len(out.API.Types)/2 {
				t.Errorf("%s: AllCodecs generated MarshalJSON for only some types", spec)
			}
			os.WriteFile(filepath.Join(dir, pkg, f.Name), f.Content, 0o644)
		}
	}
	testkit.GoRun(t, dir, "vet", "./...")
}
