package crosscheck_test

import (
	"flag"
	"fmt"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/exp/apidiff"

	"github.com/oasgen/oasgen/generator"
	"github.com/oasgen/oasgen/generator/apichange"
	"github.com/oasgen/oasgen/generator/write"
	"github.com/oasgen/oasgen/internal/testkit"
)

// The report's Go-level verdicts are checked against apidiff, which
// compares the two generated packages as go/types sees them: every change
// apidiff calls incompatible must be among the breaking Go changes the
// report's entries hold (by Go identifier), and nothing apidiff calls
// compatible may be. The report's Go view reads the generated
// declarations by syntax alone (no go/types, no go command); apidiff
// stays a test dependency. The model adds what apidiff cannot know
// (wire-level breaks and their direction, JSON pointers, the operation
// behind a Go name).

var (
	docs = flag.Bool("docs", false, "rewrite docs/bump-report.md from the Batch pair (make bump-report)")
)

func TestFixturePairs(t *testing.T) {
	for _, p := range testkit.FixturePairs(t, filepath.Join("..", "..", "..", "specs", "fixtures", "apichange")) {
		t.Run(p.Name, func(t *testing.T) {
			rep, diffs, files, _ := compareBoth(t, p.Old, p.New)
			crossCheck(t, "the report", reportIdents(rep), diffs)
			crossCheck(t, "CompareFiles", summaryIdents(files), diffs)
		})
	}
}

// TestBatchBump cross-checks the real Batch 2018-08-01.7.0 → 2019-08-01.10.0
// bump (corpus cache; skipped without it unless OASGEN_REQUIRE_CORPUS=1).
func TestBatchBump(t *testing.T) {
	old, new := batchPair(t)
	rep, diffs, files, raw := compareBoth(t, old, new)
	crossCheck(t, "the report", reportIdents(rep), diffs)
	crossCheck(t, "CompareFiles", summaryIdents(files), diffs)
	incompatible := 0
	for _, c := range diffs.Changes {
		if !c.Compatible {
			incompatible++
		}
	}
	if incompatible != 28 {
		t.Errorf("apidiff finds %d incompatible changes, the issue measured 28", incompatible)
	}
	if len(files.Breaking) != incompatible {
		t.Errorf("CompareFiles finds %d breaking changes, apidiff %d:\n%s", len(files.Breaking), incompatible, strings.Join(files.Breaking, "\n"))
	}
	if compatible := len(diffs.Changes) - incompatible; len(files.Compatible) != compatible {
		t.Errorf("CompareFiles finds %d compatible changes, apidiff %d:\n%s", len(files.Compatible), compatible, strings.Join(files.Compatible, "\n"))
	}
	if rep.GoAPI.Breaking != len(files.Breaking) || rep.GoAPI.Compatible != len(files.Compatible) {
		t.Errorf("the report counts %+v Go changes, CompareFiles (-check) %d breaking, %d compatible", rep.GoAPI, len(files.Breaking), len(files.Compatible))
	}
	var b strings.Builder
	if err := rep.WriteText(&b); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(b.String(), "\n"); n > 200 {
		t.Errorf("text report is %d lines, want at most 200", n)
	}
	for _, c := range rep.Changes {
		if c.Verdict.Breaking() && c.Old == "" && c.New == "" && c.Section != "package" {
			t.Errorf("breaking change without a JSON pointer: %+v", c)
		}
	}
	if *docs {
		writeBumpReport(t, rep, b.String(), diffs, files, raw)
	}
}

// writeBumpReport writes docs/bump-report.md: oasgen diff's report of
// the Batch bump beside apidiff's verdicts and the raw diff's size.
func writeBumpReport(t *testing.T, rep *apichange.Report, text string, diffs apidiff.Report, files *apichange.GoSummary, raw rawDiff) {
	var inc, comp []string
	for _, d := range diffs.Changes {
		if d.Compatible {
			comp = append(comp, d.Message)
		} else {
			inc = append(inc, d.Message)
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "# API-change report of the Batch bump\n\n")
	fmt.Fprintf(&b, "Batch `2018-08-01.7.0` (`api/windows.net/batch-BatchService.json`) → `2019-08-01.10.0` (`api/azure.com/batch-BatchService.json`), ")
	fmt.Fprintf(&b, "both generated with the default config. Regenerate with `make bump-report` (needs the corpus). The classified raw diff is in [bump-diff.md](bump-diff.md).\n\n")
	fmt.Fprintf(&b, "| what a reviewer reads | size | breaking | compatible |\n| --- | ---: | ---: | ---: |\n")
	n := rep.Counts()
	fmt.Fprintf(&b, "| `oasgen diff` (text), entries | %d lines | %d (%d compilation, %d wire, %d may break) | %d |\n", strings.Count(text, "\n"), n.Compile+n.Wire+n.MayBreak, n.Compile, n.Wire, n.MayBreak, n.Compatible)
	fmt.Fprintf(&b, "| `oasgen diff`, its Go view | %d changes | %d | %d |\n", rep.GoAPI.Breaking+rep.GoAPI.Compatible, rep.GoAPI.Breaking, rep.GoAPI.Compatible)
	fmt.Fprintf(&b, "| apidiff over the two generated packages | %d changes | %d incompatible | %d |\n", len(diffs.Changes), len(inc), len(comp))
	fmt.Fprintf(&b, "| `CompareFiles` (what `-check` can show) | %d changes | %d | %d |\n", len(files.Breaking)+len(files.Compatible), len(files.Breaking), len(files.Compatible))
	fmt.Fprintf(&b, "| raw diff of the generated files | %d lines, %d of %d files, +%d/−%d | – | – |\n\n", raw.lines, raw.changed, raw.files, raw.added, raw.removed)
	fmt.Fprintf(&b, "Every one of apidiff's %d incompatible changes is in a \"breaks compilation\" entry of the report below (matched by Go identifier; the test `TestBatchBump` checks it), and none of its compatible ones is.\n\n", len(inc))
	fmt.Fprintf(&b, "## `oasgen diff` (text format)\n\n```\n%s```\n\n", text)
	fmt.Fprintf(&b, "## apidiff: the %d incompatible changes\n\n", len(inc))
	for _, m := range inc {
		fmt.Fprintf(&b, "- `%s`\n", m)
	}
	fmt.Fprintf(&b, "\n## apidiff: the %d compatible changes\n\n", len(comp))
	for _, m := range comp {
		fmt.Fprintf(&b, "- `%s`\n", m)
	}
	if err := os.WriteFile(filepath.Join("..", "..", "..", "docs", "bump-report.md"), []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

func batchPair(t *testing.T) (string, string) {
	return testkit.CorpusFile(t, "api/windows.net/batch-BatchService.json"), testkit.CorpusFile(t, "api/azure.com/batch-BatchService.json")
}

// compareBoth generates both definitions, compares their models, runs
// apidiff over the two generated packages and compares their files.
func compareBoth(t *testing.T, oldSpec, newSpec string) (*apichange.Report, apidiff.Report, *apichange.GoSummary, rawDiff) {
	t.Helper()
	cfg := generator.Config{Package: "api", Output: t.TempDir(), Validate: "never"}
	gen := func(spec string) *generator.Output {
		c := cfg
		c.Spec = spec
		out, err := generator.Generate(c)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	old, new := gen(oldSpec), gen(newSpec)
	files, err := apichange.CompareFiles(old.Files, new.Files)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := apichange.Compare(apichange.Input{API: old.API, Files: old.Files}, apichange.Input{API: new.API, Files: new.Files}, apichange.AllParts)
	if err != nil {
		t.Fatal(err)
	}
	return rep, apidiff.Changes(typeCheck(t, old), typeCheck(t, new)), files, diffFiles(old.Files, new.Files)
}

// rawDiff is the size of the unified diff between two generations.
type rawDiff struct{ files, changed, lines, added, removed int }

func diffFiles(old, new []write.File) rawDiff {
	content := func(fs []write.File) map[string]string {
		m := map[string]string{}
		for _, f := range fs {
			m[f.Name] = string(f.Content)
		}
		return m
	}
	o, n := content(old), content(new)
	names := slices.Concat(slices.Collect(maps.Keys(o)), slices.Collect(maps.Keys(n)))
	slices.Sort(names)
	var r rawDiff
	for _, name := range slices.Compact(names) {
		r.files++
		d := write.Unified("a/"+name, "b/"+name, o[name], n[name])
		if d == "" {
			continue
		}
		r.changed++
		for _, l := range strings.Split(strings.TrimSuffix(d, "\n"), "\n") {
			r.lines++
			switch {
			case strings.HasPrefix(l, "+++"), strings.HasPrefix(l, "---"):
			case strings.HasPrefix(l, "+"):
				r.added++
			case strings.HasPrefix(l, "-"):
				r.removed++
			}
		}
	}
	return r
}

// stdlib imports the standard library (all generated code imports) from
// export data the go command builds and caches.
var stdlib = importer.Default()

func typeCheck(t *testing.T, out *generator.Output) *types.Package {
	t.Helper()
	fset := token.NewFileSet()
	var files []*ast.File
	for _, f := range out.Files {
		af, err := parser.ParseFile(fset, f.Name, f.Content, 0)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, af)
	}
	conf := types.Config{Importer: stdlib}
	pkg, err := conf.Check("example.com/api", fset, files, nil)
	if err != nil {
		t.Fatalf("generated package does not type-check: %v", err)
	}
	return pkg
}

// reportIdents are the Go identifiers of the breaking Go changes the
// report's entries hold.
func reportIdents(rep *apichange.Report) map[string]bool {
	ids := map[string]bool{}
	for _, c := range rep.Changes {
		for _, g := range c.GoAPI {
			if g.Breaking {
				ids[g.Ident] = true
			}
		}
		if c.Verdict == apichange.BreaksCompilation && !c.GoBreaking() {
			panic(fmt.Sprintf("%s: %s breaks compilation with no breaking Go change", c.Subject, c.What))
		}
	}
	return ids
}

// summaryIdents are the identifiers of CompareFiles's breaking messages.
func summaryIdents(s *apichange.GoSummary) map[string]bool {
	ids := map[string]bool{}
	for _, m := range s.Breaking {
		id, _, _ := strings.Cut(m, ": ")
		ids[id] = true
	}
	return ids
}

// hasMember reports whether ids holds a field or method of type t.
func hasMember(ids map[string]bool, t string) bool {
	for id := range ids {
		if strings.HasPrefix(id, t+".") {
			return true
		}
	}
	return false
}

// crossCheck matches apidiff's messages ("Ident: what") against the
// identifiers a comparison calls breaking: apidiff's incompatible changes
// must be among them, its compatible ones must not.
func crossCheck(t *testing.T, who string, breaking map[string]bool, diffs apidiff.Report) {
	t.Helper()
	for _, d := range diffs.Changes {
		id, _, _ := strings.Cut(d.Message, ": ")
		if _, t, ok := strings.Cut(id, ", method set of "); ok {
			// a method set changed because an embedded field went: the
			// comparison names the struct or its embedded field
			id = strings.TrimPrefix(t, "*")
			if !breaking[id] && hasMember(breaking, id) {
				breaking[id] = true
			}
		}
		switch {
		case !d.Compatible && !breaking[id]:
			t.Errorf("apidiff: %q is incompatible; %s does not call %s breaking", d.Message, who, id)
		case d.Compatible && breaking[id]:
			t.Errorf("apidiff: %q is compatible; %s calls %s breaking", d.Message, who, id)
		}
	}
}
