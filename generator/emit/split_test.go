package emit

import (
	"fmt"
	"go/build"
	"io"
	"slices"
	"strings"
	"testing"

	"github.com/oasgen/oasgen/generator/model"
)

// Up to splitModelsAbove types the models are one file; above, one file
// per initial, and a crowded initial again by the next character; each
// type in exactly one file, every file built on every system.
func TestModelFiles(t *testing.T) {
	api := &model.API{}
	for i := range splitModelsAbove {
		api.Types = append(api.Types, &model.Type{Name: fmt.Sprintf("%c%d", 'A'+i%3, i)})
	}
	if files := modelFiles(api); files != nil {
		t.Fatalf("%d types: %v", len(api.Types), files)
	}
	api.Types = append(api.Types, &model.Type{Name: "Xylo"}, &model.Type{Name: "Ünit"})
	// 1,500 types under "Linux…" (a GOOS), 10 of them "Linux" plus a
	// digit: the "L" file splits into "li", then "lin", … "linux", whose
	// file must not be read as Linux-only; "Test…" and "Json…" likewise.
	for i := range 1500 {
		api.Types = append(api.Types, &model.Type{Name: fmt.Sprintf("Linux%c%d", 'A'+i%2, i)})
	}
	for i := range 1001 {
		api.Types = append(api.Types, &model.Type{Name: fmt.Sprintf("Test%d", i)}, &model.Type{Name: fmt.Sprintf("Json%d", i)})
	}
	api.Types = append(api.Types, &model.Type{Name: "Linux"}, &model.Type{Name: "Test"})
	files := modelFiles(api)
	var names []string
	seen := map[string]string{}
	for _, f := range files {
		names = append(names, f.Name)
		if f.JSONName != strings.TrimSuffix(f.Name, ".go")+"_json.go" {
			t.Errorf("%s: codecs in %s", f.Name, f.JSONName)
		}
		if len(f.Types) > maxTypesPerFile {
			t.Errorf("%s: %d types", f.Name, len(f.Types))
		}
		for i, ty := range f.Types {
			if prev, dup := seen[ty.Name]; dup {
				t.Errorf("%s in %s and %s", ty.Name, prev, f.Name)
			}
			seen[ty.Name] = f.Name
			if i > 0 && slices.Index(api.Types, f.Types[i-1]) > slices.Index(api.Types, ty) {
				t.Errorf("%s: %s before %s, not in the model's order", f.Name, f.Types[i-1].Name, ty.Name)
			}
		}
		for _, n := range []string{f.Name, f.JSONName} {
			for _, sys := range [][2]string{{"linux", "amd64"}, {"windows", "arm64"}, {"js", "wasm"}, {"plan9", "386"}} {
				ctx := build.Context{GOOS: sys[0], GOARCH: sys[1], Compiler: "gc",
					OpenFile: func(string) (io.ReadCloser, error) { return io.NopCloser(strings.NewReader("package p")), nil }}
				if ok, err := ctx.MatchFile(".", n); !ok || err != nil || strings.HasSuffix(n, "_test.go") {
					t.Errorf("%s is not built on %s/%s", n, sys[0], sys[1])
				}
			}
		}
	}
	if len(seen) != len(api.Types) {
		t.Errorf("%d of %d types placed", len(seen), len(api.Types))
	}
	for name, file := range map[string]string{"Xylo": "models_x.go", "Ünit": "models_0.go", "A3": "models_a.go",
		"Linux": "models_linux_0.go", "LinuxA0": "models_linuxa.go", "Test": "models_test_0.go", "Test12": "models_test1.go", "Json7": "models_json7.go"} {
		if seen[name] != file {
			t.Errorf("%s in %s, want %s (files %v)", name, seen[name], file, names)
		}
	}
	if slices.Contains(names, "models.go") || slices.Contains(names, "models_json.go") || slices.Contains(names, "models_validate.go") {
		t.Errorf("files %v take the name of another", names)
	}
}
