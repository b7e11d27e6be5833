package generator_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/oasgen/oasgen/generator"
	"github.com/oasgen/oasgen/generator/model"
)

// scaled writes a definition whose size grows with n in one of the shapes
// that once made oasgen super-linear, and returns its path:
//
//   - allof: S_i = {allOf: [S_{i-1} ×10]}, exponential when allOf parts
//     were flattened without memory;
//   - arrays: n arrays nested inline, quadratic output (each level's Go
//     type spells all below it);
//   - objects: n objects nested inline;
//   - oneof: S_i = {oneOf: [S_{i-1}, …]} of structs.
func scaled(tb testing.TB, shape string, n int) string {
	tb.Helper()
	schemas := map[string]any{"S0": map[string]any{"type": "object", "properties": map[string]any{"x": map[string]any{"type": "string"}}}}
	top := "S0"
	switch shape {
	case "allof", "oneof":
		key := map[string]string{"allof": "allOf", "oneof": "anyOf"}[shape]
		for i := 1; i <= n; i++ {
			parts := make([]any, 10)
			for j := range parts {
				parts[j] = map[string]any{"$ref": fmt.Sprintf("#/components/schemas/S%d", i-1)}
			}
			schemas[fmt.Sprint("S", i)] = map[string]any{"type": "object", key: parts,
				"properties": map[string]any{fmt.Sprint("p", i): map[string]any{"type": "integer"}}}
		}
		top = fmt.Sprint("S", n)
	case "arrays", "objects":
		var s any = map[string]any{"type": "string"}
		for range n {
			if shape == "arrays" {
				s = map[string]any{"type": "array", "items": s}
			} else {
				s = map[string]any{"type": "object", "properties": map[string]any{"a": s}}
			}
		}
		schemas["Deep"], top = s, "Deep"
	default:
		tb.Fatalf("unknown shape %s", shape)
	}
	doc := map[string]any{
		"openapi": "3.0.3", "info": map[string]any{"title": "t", "version": "1"},
		"paths": map[string]any{"/x": map[string]any{"post": map[string]any{
			"operationId": "post",
			"requestBody": map[string]any{"required": true, "content": map[string]any{"application/json": map[string]any{
				"schema": map[string]any{"$ref": "#/components/schemas/" + top}}}},
			"responses": map[string]any{"200": map[string]any{"description": "ok", "content": map[string]any{"application/json": map[string]any{
				"schema": map[string]any{"$ref": "#/components/schemas/" + top}}}}},
		}}},
		"components": map[string]any{"schemas": schemas},
	}
	b, err := json.Marshal(doc)
	if err != nil {
		tb.Fatal(err)
	}
	p := filepath.Join(tb.TempDir(), fmt.Sprintf("%s%d.json", shape, n))
	if err := os.WriteFile(p, b, 0o644); err != nil {
		tb.Fatal(err)
	}
	return p
}

// BenchmarkScaling generates definitions of growing size in the shapes of
// scaled. ns/level is the time per unit of n: it must stay about flat as
// n doubles; growth by the doubling factor or more is a super-linear pass.
//
//	go test ./generator -run '^$' -bench Scaling -benchtime 3x
func BenchmarkScaling(b *testing.B) {
	for _, tc := range []struct {
		shape string
		ns    []int
	}{
		{"allof", []int{8, 16, 32}},
		{"oneof", []int{8, 16, 32}},
		{"arrays", []int{16, 32, 64}},
		{"objects", []int{16, 32, 64}},
	} {
		for _, n := range tc.ns {
			b.Run(fmt.Sprintf("%s/n=%d", tc.shape, n), func(b *testing.B) {
				spec := scaled(b, tc.shape, n)
				for b.Loop() {
					if _, err := generator.Generate(generator.Config{Spec: spec, Package: "p"}); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/level")
			})
		}
	}
}

// Inline schemas nest at most model.MaxDepth levels: one more is a
// located error, not 23 MB of code. allOf fan-out 30 levels deep (10^30
// paths) generates.
func TestScalingLimits(t *testing.T) {
	if _, err := generator.Generate(generator.Config{Spec: scaled(t, "arrays", model.MaxDepth), Package: "p"}); err != nil {
		t.Fatalf("%d nested arrays: %v", model.MaxDepth, err)
	}
	for _, shape := range []string{"arrays", "objects"} {
		_, err := generator.Generate(generator.Config{Spec: scaled(t, shape, model.MaxDepth+1), Package: "p"})
		if err == nil || !strings.Contains(err.Error(), ": #/components/schemas/Deep/") || !strings.Contains(err.Error(), "nested more than 64 levels deep") {
			t.Errorf("%s %d deep: err %v, want a located limit", shape, model.MaxDepth+1, err)
		}
	}
	if _, err := generator.Generate(generator.Config{Spec: scaled(t, "allof", 30), Package: "p"}); err != nil {
		t.Fatal(err)
	}
}
