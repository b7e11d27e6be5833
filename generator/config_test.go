package generator_test

import (
	"bytes"
	"path/filepath"
	"slices"
	"testing"

	"github.com/oasgen/oasgen/generator"
	"github.com/oasgen/oasgen/generator/write"
)

// json: fast (and generated, its older name) is retired: a config that
// still says it generates exactly what json: std does, and warns once,
// at the setting's place, that the setting can go. The definition has
// unions, so std has codecs to generate too.
func TestJSONFastRetired(t *testing.T) {
	spec := filepath.Join(root, "specs/fixtures/polymorphic/swagger.json")
	std, err := generator.Generate(generator.Config{Spec: spec, Package: "poly", JSON: "std"})
	if err != nil {
		t.Fatal(err)
	}
	if len(std.Warnings) != 0 {
		t.Fatalf("json: std warns: %v", std.Warnings)
	}
	const msg = ` is retired and means std: the default table codec is as fast at run time and builds at half the cost; remove the setting`
	for _, c := range []struct {
		json string
		src  *generator.Source
		want string
	}{
		// As cmd/oasgen reads it from a config file.
		{"fast", &generator.Source{File: "oasgen.yaml", Lines: map[string]int{"spec": 1, "json": 3}}, `warning: oasgen.yaml:3: json: "fast"` + msg},
		{"generated", &generator.Source{File: "oasgen.yaml", Lines: map[string]int{"json": 2}}, `warning: oasgen.yaml:2: json: "generated"` + msg},
		// A Config built in a program: the definition's, as the model's
		// warnings about settings are.
		{"fast", nil, "warning: " + spec + `: config json: "fast"` + msg},
	} {
		out, err := generator.Generate(generator.Config{Spec: spec, Package: "poly", JSON: c.json, Source: c.src})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.EqualFunc(out.Files, std.Files, func(a, b write.File) bool { return a.Name == b.Name && bytes.Equal(a.Content, b.Content) }) {
			t.Errorf("json: %s generates other files than json: std", c.json)
		}
		if len(out.Warnings) != 1 || out.Warnings[0].String() != c.want {
			t.Errorf("json: %s: warnings %q, want one:\n%s", c.json, out.Warnings, c.want)
		}
	}
}
