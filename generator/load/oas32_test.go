package load

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// Each OpenAPI 3.2 keyword oasgen does not generate from is reported
// where it is written; data (examples) and a 3.1 definition are not.
func TestOAS32Warnings(t *testing.T) {
	spec := `openapi: 3.2.0
$self: https://example.com/a.yaml
info: {title: t, version: "1"}
servers: [{url: "https://x.example.com", name: prod}]
tags: [{name: a, parent: b, kind: nav}]
paths:
  /a:
    post:
      requestBody:
        content:
          multipart/mixed:
            itemSchema: {type: object}
            itemEncoding: {contentType: text/plain}
            example: {itemEncoding: data}
      responses:
        "200": {summary: Fine., description: ok}
components:
  securitySchemes:
    k: {type: apiKey, in: header, name: K, deprecated: true}
  schemas:
    S: {type: object, properties: {itemEncoding: {type: string}}}
`
	dir := t.TempDir()
	path := filepath.Join(dir, "a.yaml")
	os.WriteFile(path, []byte(spec), 0o644)
	_, warns, err := Load(path, Options{Validate: "never"})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, w := range warns {
		got = append(got, w.Pointer)
	}
	want := []string{
		"#/$self", "#/tags/0/parent", "#/tags/0/kind", "#/servers/0/name",
		"#/components/securitySchemes/k/deprecated",
		"#/paths/~1a/post/requestBody/content/multipart~1mixed/itemEncoding",
		"#/paths/~1a/post/responses/200/summary",
	}
	for _, w := range want {
		if !slices.Contains(got, w) {
			t.Errorf("no warning at %s; got %v", w, got)
		}
	}
	if len(got) != len(want) {
		t.Errorf("warnings at %v, want %v", got, want)
	}
	os.WriteFile(path, []byte(strings.Replace(spec, "3.2.0", "3.1.0", 1)), 0o644)
	if _, warns, _ := Load(path, Options{Validate: "never"}); len(warns) != 0 {
		t.Errorf("3.1 definition: %v", warns)
	}
}
