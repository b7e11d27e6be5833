package generator_test

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/oasgen/oasgen/generator"
	"github.com/oasgen/oasgen/generator/load"
	"github.com/oasgen/oasgen/generator/model"
	"github.com/oasgen/oasgen/internal/testkit"
)

// TestDifferential runs internal/valdiff on the server of every fixture
// with a JSON request body, and of a sample of corpus definitions: each
// package is generated into a throwaway module under oasgen's module path
// (so that its test may import internal/valdiff), and one test there
// compares each server with the independent validator on the same
// bodies. Any disagreement that is not a documented one fails.
// generated/validation runs the same comparison (and its fuzz test) on
// the validation fixture in place.
func TestDifferential(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the go command")
	}
	var specs []diffSpec
	for _, g := range goldenSpecs {
		if g.ops == nil {
			specs = append(specs, diffSpec{g.name, filepath.Join(root, g.spec)})
		}
	}
	specs = append(specs, corpusSample(t, diffCorpusSample, 1)...)
	runDifferential(t, specs)
}

// diffCorpusSample is how many corpus definitions with JSON request
// bodies TestDifferential compares.
const diffCorpusSample = 30

type diffSpec struct{ name, path string }

// corpusSample picks n corpus definitions (at most 256 KiB) that oasgen
// generates and that have a JSON request body, in the order of a seeded
// permutation of the corpus; none (or a failure, with
// OASGEN_REQUIRE_CORPUS) without the corpus.
func corpusSample(t *testing.T, n int, seed uint64) []diffSpec {
	dir := filepath.Join(testkit.CorpusCache(), "package", "api")
	var all []string
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && (strings.HasSuffix(p, ".json") || strings.HasSuffix(p, ".yaml")) {
			if info, err := d.Info(); err == nil && info.Size() <= 256<<10 {
				all = append(all, p)
			}
		}
		return nil
	})
	if len(all) == 0 {
		if testkit.CorpusRequired() {
			t.Fatalf("corpus required: no definitions under %s", dir)
		}
		t.Logf("corpus not fetched (make corpus-fetch): fixtures only")
		return nil
	}
	slices.Sort(all)
	r := rand.New(rand.NewPCG(seed, seed))
	r.Shuffle(len(all), func(i, j int) { all[i], all[j] = all[j], all[i] })
	var out []diffSpec
	for _, p := range all {
		if len(out) == n {
			break
		}
		res, err := generator.Generate(generator.Config{Spec: p, Package: "x"})
		if err != nil || !hasJSONBody(res.API) {
			continue
		}
		rel, _ := filepath.Rel(dir, p)
		out = append(out, diffSpec{"c" + strconv.Itoa(len(out)) + "_" + packageSafe(rel), p})
	}
	return out
}

// hasJSONBody reports whether an operation of api has a JSON request
// body and a path a request can name (not AWS's "/#X-Amz-Target=…").
func hasJSONBody(api *model.API) bool {
	for _, g := range api.Groups {
		for _, op := range g.Operations {
			if op.Body != nil && op.Body.JSON && !strings.Contains(op.Path, "#") {
				return true
			}
		}
	}
	return false
}

var unsafeName = regexp.MustCompile(`[^a-z0-9]+`)

// packageSafe makes a corpus path a short package name suffix.
func packageSafe(rel string) string {
	s := unsafeName.ReplaceAllString(strings.ToLower(strings.TrimSuffix(rel, filepath.Ext(rel))), "")
	if len(s) > 24 {
		s = s[:24]
	}
	return s
}

// runDifferential generates each spec's package into one module, with
// one test that compares them all, runs it and logs the figures.
func runDifferential(t *testing.T, specs []diffSpec) {
	dir := t.TempDir()
	abs, err := filepath.Abs(root)
	if err != nil {
		t.Fatal(err)
	}
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	const module = "github.com/oasgen/oasgen/difftmp"
	gomod := fmt.Sprintf("module %s\n\ngo 1.26\n\nrequire github.com/oasgen/oasgen v0.0.0\n\nreplace github.com/oasgen/oasgen => %s\n", module, abs)
	writeFile(t, filepath.Join(dir, "go.mod"), []byte(gomod))
	writeFile(t, filepath.Join(dir, "go.sum"), sum)
	var imports, cases strings.Builder
	for _, s := range specs {
		res, err := generator.Generate(generator.Config{Spec: s.path, Package: s.name})
		if err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		if !hasJSONBody(res.API) {
			continue
		}
		doc, _, err := load.Load(s.path)
		if err != nil {
			t.Fatal(err)
		}
		b, err := json.Marshal(doc.T)
		if err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		pkg := filepath.Join(dir, s.name)
		os.MkdirAll(pkg, 0o755)
		for _, f := range res.Files {
			writeFile(t, filepath.Join(pkg, f.Name), f.Content)
		}
		writeFile(t, filepath.Join(dir, s.name+".json"), b)
		fmt.Fprintf(&imports, "\t%q\n", module+"/"+s.name)
		fmt.Fprintf(&cases, "\t{%q, %s.NewHandler(%s.Servers{})},\n", s.name, s.name, s.name)
	}
	harness := strings.NewReplacer("IMPORTS\n", imports.String(), "CASES\n", cases.String()).Replace(diffHarness)
	writeFile(t, filepath.Join(dir, "diff_test.go"), []byte(harness))
	out := testkit.GoRun(t, dir, "test", "-count=1", "-v", "-run", "TestDifferential", ".")
	var defs, ops, bodies, valid, mutations int
	for _, line := range strings.Split(out, "\n") {
		if _, rest, ok := strings.Cut(line, "DIFF "); ok {
			t.Log(rest)
			var name string
			var o, b, v, m int
			if _, err := fmt.Sscanf(rest, "%s %d operations, %d bodies (%d valid, %d keyword mutations)", &name, &o, &b, &v, &m); err == nil {
				defs++
				ops, bodies, valid, mutations = ops+o, bodies+b, valid+v, mutations+m
			}
		}
	}
	t.Logf("%d definitions, %d operations, %d bodies (%d valid, %d keyword mutations): no disagreement but the documented ones", defs, ops, bodies, valid, mutations)
}

func writeFile(t *testing.T, path string, b []byte) {
	t.Helper()
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// diffHarness is the throwaway module's test: IMPORTS and CASES are the
// generated packages and their handlers.
const diffHarness = `package difftmp

import (
	"fmt"
	"net/http"
	"os"
	"testing"

IMPORTS
	"github.com/oasgen/oasgen/internal/valdiff"
)

var cases = []struct {
	name string
	h    http.Handler
}{
CASES
}

func TestDifferential(t *testing.T) {
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			doc, err := os.ReadFile(c.name + ".json")
			if err != nil {
				t.Fatal(err)
			}
			ch, err := valdiff.New(doc, c.h, 1)
			if err != nil {
				t.Fatal(err)
			}
			rep := ch.Run(1, 3, 60)
			fmt.Printf("DIFF %s %s\n", c.name, rep)
			for _, s := range rep.Skipped {
				t.Logf("skipped: %s", s)
			}
			for i, d := range rep.Disagreements {
				if i == 10 {
					t.Errorf("… and %d more", len(rep.Disagreements)-10)
					break
				}
				t.Errorf("disagreement: %s", d)
			}
		})
	}
}
`
