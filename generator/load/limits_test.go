package load

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeSpec(t *testing.T, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "openapi.json")
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// Nesting beyond MaxNesting is refused before kin-openapi, whose decoding
// is quadratic in the depth, reads it: at the first too-deep value.
func TestTooDeep(t *testing.T) {
	items := strings.Repeat(`{"type": "array", "items": `, 5000) + `{"type": "string"}` + strings.Repeat("}", 5000)
	spec := writeSpec(t, `{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {},
		"components": {"schemas": {"A": {"type": "string"}, "Deep": `+items+`}}}`)
	_, _, err := Load(spec)
	want := "#/components/schemas/Deep" + strings.Repeat("/items", MaxNesting-2) + ": nested more than 256 levels deep (oasgen's limit)"
	if err == nil || !strings.HasSuffix(err.Error(), want) {
		t.Fatalf("err %v\nwant …%s", err, want)
	}
}
