package generator_test

import (
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v4"

	"github.com/oasgen/oasgen/generator"
	"github.com/oasgen/oasgen/generator/diag"
)

// operationMethods are the keys of a path item that hold one operation,
// OpenAPI 3.2's query included; additionalOperations holds more.
var operationMethods = []string{"get", "head", "post", "put", "patch", "delete", "options", "trace", "query"}

// definedOperations lists the JSON pointer of every operation a
// definition writes under paths and webhooks, read from its text, not
// through kin-openapi: what no loader keeps is counted too.
func definedOperations(t *testing.T, spec string) []string {
	t.Helper()
	b, err := os.ReadFile(spec)
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := yaml.Unmarshal(b, &doc); err != nil { // JSON is YAML
		t.Fatal(err)
	}
	var out []string
	for _, top := range []string{"paths", "webhooks"} {
		items, _ := doc[top].(map[string]any)
		for _, p := range slices.Sorted(maps.Keys(items)) {
			item, _ := items[p].(map[string]any)
			for _, m := range operationMethods {
				if _, ok := item[m].(map[string]any); ok {
					out = append(out, diag.Pointer(top, p, m))
				}
			}
			more, _ := item["additionalOperations"].(map[string]any)
			for _, m := range slices.Sorted(maps.Keys(more)) {
				out = append(out, diag.Pointer(top, p, "additionalOperations", m))
			}
		}
	}
	return out
}

// unaccounted are the operations of spec that are neither generated nor
// the subject of a warning at their own pointer.
func unaccounted(t *testing.T, spec string) (missing []string, total int) {
	t.Helper()
	out, err := generator.Generate(generator.Config{Spec: spec, Package: "p", Validate: "never"})
	if err != nil {
		t.Fatal(err)
	}
	done := map[string]bool{}
	for _, g := range out.API.AllGroups() {
		for _, op := range g.Operations {
			done[op.Pointer] = true
		}
	}
	for _, w := range out.Warnings {
		done[w.Pointer] = true
	}
	ops := definedOperations(t, spec)
	for _, ptr := range ops {
		if !done[ptr] {
			missing = append(missing, ptr)
		}
	}
	return missing, len(ops)
}

// TestEveryOperationAccounted: every operation a definition writes
// (fixed methods, OpenAPI 3.2's query and additionalOperations, in paths
// and webhooks) is generated or warned about where it is written; none
// vanishes without a word. It runs over the golden definitions and, when
// the module cache has them, the peers' test definitions.
func TestEveryOperationAccounted(t *testing.T) {
	specs := map[string]string{}
	for _, g := range goldenSpecs {
		if g.ops == nil {
			specs[g.name] = filepath.Join(root, g.spec)
		}
	}
	for name, spec := range specs {
		missing, total := unaccounted(t, spec)
		if len(missing) > 0 {
			t.Errorf("%s: %d of %d operations neither generated nor warned about: %s", name, len(missing), total, strings.Join(missing, ", "))
		}
	}
	// The check must be able to fail: an operation under a method no
	// version of OpenAPI has is neither.
	spec := filepath.Join(t.TempDir(), "x.yaml")
	os.WriteFile(spec, []byte(`openapi: 3.2.0
info: {title: t, version: "1"}
paths:
  /a:
    additionalOperations:
      "BAD METHOD": {responses: {"200": {description: ok}}}
      LINK: {operationId: link, responses: {"200": {description: ok}}}
`), 0o644)
	if missing, _ := unaccounted(t, spec); len(missing) != 0 {
		t.Errorf("a method that is no HTTP token is not warned about: %v", missing)
	}
	if got := fmt.Sprint(definedOperations(t, spec)); got != "[#/paths/~1a/additionalOperations/BAD METHOD #/paths/~1a/additionalOperations/LINK]" {
		t.Errorf("operations %s", got)
	}
}

// TestPeerOperationsAccounted runs the same check over the peers' test
// definitions (ogen's _testdata, oapi-codegen's), from the module cache.
func TestPeerOperationsAccounted(t *testing.T) {
	if testing.Short() {
		t.Skip("generates 120 definitions")
	}
	root := peerModuleDir(t, "github.com/ogen-go/ogen@v1.24.0")
	var n, ops int
	filepath.WalkDir(filepath.Join(root, "_testdata"), func(p string, d os.DirEntry, err error) error {
		rel, _ := filepath.Rel(root, p)
		if err != nil || d.IsDir() || !slices.Contains([]string{".json", ".yml", ".yaml"}, filepath.Ext(p)) ||
			!(strings.HasPrefix(rel, "_testdata/positive") || strings.HasPrefix(rel, "_testdata/examples")) ||
			peerDefinitionFailures["ogen/"+strings.TrimPrefix(filepath.ToSlash(rel), "_testdata/")] != "" {
			return nil
		}
		missing, total := unaccounted(t, p)
		n, ops = n+1, ops+total
		if len(missing) > 0 {
			t.Errorf("%s: %d of %d operations neither generated nor warned about: %s", rel, len(missing), total, strings.Join(missing, ", "))
		}
		return nil
	})
	t.Logf("%d definitions, %d operations: each generated or warned about", n, ops)
}
