// Package wiretruth is the wire-truth harness: for a pair of definitions
// it generates both packages, builds them with a driver (package drive,
// copied as it is) in one throwaway module, and drives every operation
// the two have in common — paired through renames by the change report —
// old client against new server and new client against old server, in
// process, with values made from the schemas. Then it holds the report
// to what happened (cover.go): every failure must be covered by a wire
// change the report names on that operation or a type it carries that
// way, and every wire break the report claims must show as a failure, or
// belong to a class a call cannot show (Unprovable).
package wiretruth

import (
	"embed"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/oasgen/oasgen/generator"
	"github.com/oasgen/oasgen/generator/apichange"
	"github.com/oasgen/oasgen/generator/apichange/internal/wiretruth/drive"
	"github.com/oasgen/oasgen/internal/testkit"
)

//go:embed drive/*.go
var driveSource embed.FS

// GoMinimum is the go line of the throwaway module: the oldest Go the
// README promises the generated code builds with.
const GoMinimum = "1.23"

const module = "wiretruth"

// Pair is a definition pair to drive.
type Pair struct {
	Name     string
	Old, New string // definition files
}

// Result is what driving a pair showed.
type Result struct {
	Pair   Pair
	Report *apichange.Report
	Plan   *drive.PairPlan
	Driven *drive.PairResult
	Cover  *Coverage
	// Err is why the pair could not be driven (a definition that does
	// not generate).
	Err error
}

// Run generates every pair, builds them in one module with the driver
// and runs it; the results are in the order of pairs. A pair that does
// not generate has Err set; a package that does not compile fails t.
func Run(t testing.TB, pairs []Pair) []*Result {
	t.Helper()
	dir := t.TempDir()
	write := func(name string, content []byte) {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, content, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("go.mod", []byte("module "+module+"\n\ngo "+GoMinimum+"\n"))
	entries, err := driveSource.ReadDir("drive")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), "_test.go") {
			continue
		}
		b, _ := driveSource.ReadFile("drive/" + e.Name())
		write("drive/"+e.Name(), b)
	}
	results := make([]*Result, len(pairs))
	plan := &drive.Plan{}
	var pkgs []string
	for i, p := range pairs {
		r := &Result{Pair: p}
		results[i] = r
		names := [2]string{fmt.Sprintf("w%02dold", i), fmt.Sprintf("w%02dnew", i)}
		var outs [2]*generator.Output
		for k, spec := range []string{p.Old, p.New} {
			out, err := generator.Generate(generator.Config{Spec: spec, Package: names[k], Validate: "never"})
			if err != nil {
				r.Err = err
				break
			}
			outs[k] = out
		}
		if r.Err != nil {
			continue
		}
		rep, err := apichange.Compare(apichange.Input{API: outs[0].API, Files: outs[0].Files}, apichange.Input{API: outs[1].API, Files: outs[1].Files}, apichange.AllParts)
		if err != nil {
			r.Err = err
			continue
		}
		r.Report = rep
		ops, removed, err := opPairs(rep, outs[0].API, outs[1].API)
		if err != nil {
			t.Errorf("%s: %v", p.Name, err)
			r.Err = err
			continue
		}
		ops, removed, streamed := withoutStreams(ops, removed, outs[0].API, outs[1].API)
		old, new := sideOf(names[0], outs[0].API), sideOf(names[1], outs[1].API)
		r.Plan = &drive.PairPlan{Name: p.Name, Old: old, New: new, Ops: ops, Removed: removed, Streamed: streamed, Rounds: rounds(old, new)}
		alignQueryStrings(r.Plan, outs[0].API, outs[1].API)
		for k, out := range outs {
			for _, f := range out.Files {
				write(names[k]+"/"+f.Name, f.Content)
			}
			g, err := glue(out.API, out.Files, module)
			if err != nil {
				t.Fatalf("%s: %v", p.Name, err)
			}
			write(names[k]+"/wiretruth_glue.go", g)
			pkgs = append(pkgs, names[k])
		}
		plan.Pairs = append(plan.Pairs, r.Plan)
	}
	if len(plan.Pairs) == 0 {
		return results
	}
	var main strings.Builder
	main.WriteString("package main\n\nimport (\n\t\"os\"\n\n\t\"" + module + "/drive\"\n")
	for _, p := range pkgs {
		fmt.Fprintf(&main, "\t%q\n", module+"/"+p)
	}
	main.WriteString(")\n\nfunc main() {\n\tdrive.Main(os.Args[1:], map[string]drive.Package{\n")
	for _, p := range pkgs {
		fmt.Fprintf(&main, "\t\t%q: %s.WireTruth,\n", p, p)
	}
	main.WriteString("\t})\n}\n")
	write("main.go", []byte(main.String()))
	b, err := json.Marshal(plan)
	if err != nil {
		t.Fatal(err)
	}
	write("plan.json", b)
	testkit.GoRun(t, dir, "build", "-o", "driver", ".")
	cmd := exec.Command(filepath.Join(dir, "driver"), filepath.Join(dir, "plan.json"), filepath.Join(dir, "results.json"))
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("driver: %v\n%s", err, out)
	}
	b, err = os.ReadFile(filepath.Join(dir, "results.json"))
	if err != nil {
		t.Fatal(err)
	}
	var driven []*drive.PairResult
	if err := json.Unmarshal(b, &driven); err != nil {
		t.Fatal(err)
	}
	byName := map[string]*drive.PairResult{}
	for _, d := range driven {
		byName[d.Name] = d
	}
	for _, r := range results {
		if r.Plan != nil {
			r.Driven = byName[r.Pair.Name]
			r.Cover = cover(r.Report, r.Plan, r.Driven)
		}
	}
	return results
}
