package load

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

// TestDecodeTree checks that the tree decoder gives what kin-openapi's
// JSON decoder gives, on every fixture.
func TestDecodeTree(t *testing.T) {
	var files []string
	for _, g := range []string{"../../specs/fixtures/*/*.*", "../../specs/fixtures/apichange/*/*.*", "../../specs/batch/*/*.json"} {
		m, _ := filepath.Glob(g)
		files = append(files, m...)
	}
	if env := os.Getenv("OASGEN_CORPUS_CACHE"); env != "" {
		files = append(files, filepath.Join(env, "package/api/azure.com/batch-BatchService.json"))
	}
	compared := 0
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		tree, err := decode(src)
		if err != nil {
			t.Fatal(err)
		}
		if m, ok := tree.(map[string]any); !ok || m["openapi"] == nil {
			continue
		}
		refSiblings(tree)
		b, _ := json.Marshal(tree)
		var viaJSON, viaTree openapi3.T
		if err := json.Unmarshal(b, &viaJSON); err != nil {
			continue
		}
		if err := decodeTree(tree, &viaTree); err != nil {
			t.Errorf("%s: %v", f, err)
			continue
		}
		compared++
		a, _ := json.Marshal(&viaJSON)
		c, _ := json.Marshal(&viaTree)
		if string(a) != string(c) || !reflect.DeepEqual(&viaJSON, &viaTree) {
			t.Errorf("%s: decoded differently", f)
		}
	}
	if compared < 10 {
		t.Errorf("compared %d definitions, want all the OpenAPI 3 fixtures", compared)
	}
}

// TestDecodeTreePieces covers what the fixtures may not: the paths and
// schemas decoded entry by entry next to extensions of the maps
// themselves, empty maps, and a definition with neither.
func TestDecodeTreePieces(t *testing.T) {
	for _, src := range []string{
		`{"openapi":"3.0.3","info":{"title":"t","version":"1"},"paths":{"x-paths":{"a":1},"/b":{"get":{"responses":{"200":{"description":"ok","content":{"application/json":{"schema":{"$ref":"#/components/schemas/B"}}}}}}},"/a":{"x-item":true,"parameters":[{"name":"q","in":"query","schema":{"type":"string"}}]}},"components":{"x-comps":"c","schemas":{"B":{"type":"object","properties":{"a":{"$ref":"#/components/schemas/A"}}},"A":{"type":"string","x-s":[1,2]}},"parameters":{"P":{"name":"p","in":"header","schema":{"type":"integer"}}}}}`,
		`{"openapi":"3.0.3","info":{"title":"t","version":"1"},"paths":{},"components":{"schemas":{}}}`,
		`{"openapi":"3.0.3","info":{"title":"t","version":"1"},"paths":{"/a":{}},"components":{"responses":{"R":{"description":"r"}}}}`,
		`{"openapi":"3.1.0","info":{"title":"t","version":"1"},"webhooks":{"w":{"post":{"responses":{"200":{"description":"ok"}}}}}}`,
	} {
		tree, err := decode([]byte(src))
		if err != nil {
			t.Fatal(err)
		}
		var viaJSON, viaTree openapi3.T
		if err := json.Unmarshal([]byte(src), &viaJSON); err != nil {
			t.Fatal(err)
		}
		if err := decodeTree(tree, &viaTree); err != nil {
			t.Fatalf("%s: %v", src, err)
		}
		a, _ := json.Marshal(&viaJSON)
		c, _ := json.Marshal(&viaTree)
		if string(a) != string(c) || !reflect.DeepEqual(&viaJSON, &viaTree) {
			t.Errorf("decoded differently:\n%s\n%s", a, c)
		}
	}
}
