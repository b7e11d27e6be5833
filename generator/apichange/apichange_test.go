package apichange_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/oasgen/oasgen/generator"
	"github.com/oasgen/oasgen/generator/apichange"
	"github.com/oasgen/oasgen/internal/testkit"
)

// The reports of the fixture pairs are goldens; that their Go-level
// verdicts agree with golang.org/x/exp/apidiff is checked in the nested
// module ./crosscheck (apidiff there keeps x/exp, and the x/tools and go
// line it needs, out of oasgen's go.mod and so out of its users' modules).

var update = flag.Bool("update", false, "rewrite testdata/*.txt")

// fixtureDir holds the old/new pairs, each changing one thing per
// operation or model (measured_test.go checks the verdicts of the cases
// issue 20 measured); testdata/NAME.txt is each pair's text report.
var fixtureDir = filepath.Join("..", "..", "specs", "fixtures", "apichange")

// generate runs a whole generation, as -check sees it.
func generate(t *testing.T, spec string) *generator.Output {
	t.Helper()
	out, err := generator.Generate(generator.Config{Spec: spec, Package: "api", Validate: "never"})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func compare(t *testing.T, oldSpec, newSpec string) *apichange.Report {
	t.Helper()
	o, n := generate(t, oldSpec), generate(t, newSpec)
	rep, err := apichange.Compare(apichange.Input{API: o.API, Files: o.Files}, apichange.Input{API: n.API, Files: n.Files}, apichange.AllParts)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func TestFixturePairs(t *testing.T) {
	for _, p := range testkit.FixturePairs(t, fixtureDir) {
		t.Run(p.Name, func(t *testing.T) {
			var b bytes.Buffer
			if err := compare(t, p.Old, p.New).WriteText(&b); err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("testdata", p.Name+".txt")
			if *update {
				if err := os.WriteFile(golden, b.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update)", err)
			}
			if !bytes.Equal(want, b.Bytes()) {
				t.Errorf("%s is stale (run with -update); got:\n%s", golden, b.String())
			}
		})
	}
}

// TestBatchBump: the real Batch 2018-08-01.7.0 → 2019-08-01.10.0 report
// stays short and locates every breaking entry (corpus cache; skipped
// without it unless OASGEN_REQUIRE_CORPUS=1).
func TestBatchBump(t *testing.T) {
	old := testkit.CorpusFile(t, "api/windows.net/batch-BatchService.json")
	new := testkit.CorpusFile(t, "api/azure.com/batch-BatchService.json")
	rep := compare(t, old, new)
	var b strings.Builder
	if err := rep.WriteText(&b); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(b.String(), "\n"); n > 200 {
		t.Errorf("text report is %d lines, want at most 200", n)
	}
	if rep.Counts().Compile == 0 {
		t.Error("no change breaks compilation")
	}
	for _, c := range rep.Changes {
		if c.Verdict.Breaking() && c.Old == "" && c.New == "" && c.Section != "package" {
			t.Errorf("breaking change without a JSON pointer: %+v", c)
		}
	}
}

// Webhooks are compared like operations, keyed by method and webhook
// name, in a section of their own.
func TestWebhooks(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("..", "..", "specs", "fixtures", "oas31", "openapi.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	old := write("old.yaml", string(src))
	// pet.removed loses its delete; a webhook is added.
	changed := strings.Replace(string(src), `    delete:
      responses:
        "204":
          description: Unsubscribed.
`, `  petFed:
    post:
      responses:
        "204":
          description: Received.
`, 1)
	if changed == string(src) {
		t.Fatal("fixture changed: update the test")
	}
	var b bytes.Buffer
	if err := compare(t, old, write("new.yaml", changed)).WriteText(&b); err != nil {
		t.Fatal(err)
	}
	got := b.String()
	for _, want := range []string{
		"webhooks",
		"Webhooks.DeletePetRemoved: operation removed (DELETE webhook pet.removed)",
		"#/webhooks/pet.removed/delete",
		"(*WebhookSender).DeletePetRemoved",
		"Webhooks.PetFed: operation added (POST webhook petFed)",
		"method added to the server interface WebhooksServer",
		"WebhookHandlers.PetFed: webhook petFed added",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("report lacks %q:\n%s", want, got)
		}
	}
	var none bytes.Buffer
	if err := compare(t, old, old).WriteText(&none); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(none.String(), "webhook") {
		t.Errorf("no change, yet:\n%s", none.String())
	}
}
