package load

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A path template writing OpenAPI's path styles as RFC 6570 operators
// validates as its {name} form, so that kin-openapi reports the
// definition's real problems (here, a missing response description)
// rather than parameters missing from the template; the paths are left
// as written.
func TestValidateStyledTemplates(t *testing.T) {
	spec := filepath.Join(t.TempDir(), "s.yaml")
	os.WriteFile(spec, []byte(`openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /x/{.id*}/{;n}/{m*}/{+r}:
    get:
      parameters:
        - {name: id, in: path, required: true, schema: {type: array, items: {type: string}}}
        - {name: n, in: path, required: true, schema: {type: string}}
        - {name: m, in: path, required: true, schema: {type: string}}
        - {name: r, in: path, required: true, schema: {type: string}}
      responses: {"204": {description: ok}}
  /y:
    get:
      responses: {"204": {}}
`), 0o644)
	doc, warns, err := Load(spec, Options{Validate: "always"})
	if err != nil {
		t.Fatal(err)
	}
	if len(warns) != 1 || !strings.Contains(warns[0].Msg, "description") || strings.Contains(warns[0].Msg, "path parameters") {
		t.Errorf("warnings %v", warns)
	}
	if doc.T.Paths.Value("/x/{.id*}/{;n}/{m*}/{+r}") == nil {
		t.Errorf("paths changed: %v", doc.T.Paths.InMatchingOrder())
	}
}
