package load

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A definition copied without its x-ms-examples files (the usual case for
// one emitted by TypeSpec) loads, with one located warning per example.
func TestMissingExampleFilesWarn(t *testing.T) {
	b, err := os.ReadFile("../../specs/batch/2020-09-01.12.0/BatchService.json")
	if err != nil {
		t.Fatal(err)
	}
	spec := filepath.Join(t.TempDir(), "BatchService.json")
	if err := os.WriteFile(spec, b, 0o644); err != nil {
		t.Fatal(err)
	}
	doc, warns, err := Load(spec, Options{Validate: "never"})
	if err != nil {
		t.Fatalf("a missing example file failed the definition: %v", err)
	}
	n := 0
	for _, w := range warns {
		if s := w.String(); strings.Contains(s, "/x-ms-examples/") && strings.Contains(s, "cannot read") {
			n++
		}
	}
	if n != 6 {
		t.Errorf("%d example warnings, want 6 (one per example): %v", n, warns)
	}
	if len(doc.Examples) != 0 {
		t.Errorf("examples of %d operations kept, want none: their files are missing", len(doc.Examples))
	}
}

// A $ref outside x-ms-examples that cannot be read still fails.
func TestMissingSchemaFileFails(t *testing.T) {
	spec := filepath.Join(t.TempDir(), "s.json")
	os.WriteFile(spec, []byte(`{"swagger":"2.0","info":{"title":"t","version":"1"},"paths":{},"definitions":{"A":{"$ref":"./gone.json#/A"}}}`), 0o644)
	if _, _, err := Load(spec, Options{Validate: "never"}); err == nil || !strings.Contains(err.Error(), "#/definitions/A") {
		t.Errorf("err = %v, want a located error", err)
	}
}
