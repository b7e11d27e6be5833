package emit

import (
	"fmt"
	"slices"
	"testing"

	"github.com/oasgen/oasgen/generator/model"
)

// Up to splitModelsAbove types the models are one file; above, one file
// per initial (models.go keeps the constants), each type in exactly one.
func TestModelFiles(t *testing.T) {
	api := &model.API{}
	for i := range splitModelsAbove {
		api.Types = append(api.Types, &model.Type{Name: fmt.Sprintf("%c%d", 'A'+i%3, i)})
	}
	if names, _ := modelFiles(api); !slices.Equal(names, []string{"models.go"}) {
		t.Fatalf("%d types: %v", len(api.Types), names)
	}
	api.Types = append(api.Types, &model.Type{Name: "Xylo"}, &model.Type{Name: "Ünit"})
	names, types := modelFiles(api)
	if want := []string{"models.go", "models_0.go", "models_a.go", "models_b.go", "models_c.go", "models_x.go"}; !slices.Equal(names, want) {
		t.Fatalf("files %v, want %v", names, want)
	}
	seen := map[string]string{}
	for i, ts := range types {
		for _, ty := range ts {
			if f, dup := seen[ty.Name]; dup {
				t.Errorf("%s in %s and %s", ty.Name, f, names[i])
			}
			seen[ty.Name] = names[i]
		}
	}
	if len(seen) != len(api.Types) || len(types[0]) != 0 || seen["Xylo"] != "models_x.go" || seen["Ünit"] != "models_0.go" {
		t.Errorf("%d of %d types placed; models.go holds %d", len(seen), len(api.Types), len(types[0]))
	}
}
