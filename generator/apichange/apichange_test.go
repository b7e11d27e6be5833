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

// FixturePairs are old/new definitions under specs/fixtures/apichange,
// each changing one thing per operation or model.
var fixturePairs = []struct{ name, old, new string }{
	{"operations", "operations/old.yaml", "operations/new.yaml"},
	{"models", "models/old.yaml", "models/new.yaml"},
	{"unions", "unions/old.json", "unions/new.json"},
}

func compare(t *testing.T, oldSpec, newSpec string) *apichange.Report {
	t.Helper()
	gen := func(spec string) *generator.Output {
		out, err := generator.Generate(generator.Config{Spec: spec, Package: "api", Validate: "never"})
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	return apichange.Compare(gen(oldSpec).API, gen(newSpec).API, apichange.AllParts)
}

func TestFixturePairs(t *testing.T) {
	dir := filepath.Join("..", "..", "specs", "fixtures", "apichange")
	for _, p := range fixturePairs {
		t.Run(p.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := compare(t, filepath.Join(dir, p.old), filepath.Join(dir, p.new)).WriteText(&b); err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("testdata", p.name+".txt")
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
	if c, _, _ := rep.Counts(); c == 0 {
		t.Error("no change breaks compilation")
	}
	for _, c := range rep.Changes {
		if c.Verdict.Breaking() && c.Old == "" && c.New == "" && c.Subject != "DefaultEndpoint" {
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
