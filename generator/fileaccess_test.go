package generator_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/oasgen/oasgen/generator"
	"github.com/oasgen/oasgen/internal/testkit"
)

// secretMarker is the content of the file outside the definition's folder
// that every route of TestNoFileOutsideFolder tries to reach.
const secretMarker = "OUTSIDE-SECRET-7f3a"

// TestNoFileOutsideFolder: whatever names a file (a schema $ref, through a
// symbolic link or a linked folder, an absolute path, a $ref inside a
// referenced file, an x-ms-examples $ref, an OpenAPI 3 example's $ref or
// externalValue, a parameter $ref that Swagger 2.0 conversion follows, an
// OpenAPI 3.1 $schema, $id or $dynamicRef that kin-openapi's validation
// would load), generation never opens a file outside the definition's
// folder: the file is a tripwire that reports any open, and its content
// appears in no output, warning or error. Each route either fails with an
// error located at the place that names the file or generates with a
// located warning.
func TestNoFileOutsideFolder(t *testing.T) {
	const oas3 = `{"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {"/a": {"get": {"operationId": "A_Get",
		"responses": {"200": {"description": "ok", "content": {"application/json": {%s}}}}}}}, "components": {"schemas": {"S": %s}}}`
	const swagger = `{"swagger": "2.0", "info": {"title": "t", "version": "1"}, "host": "x", "paths": {"/a": {"get": {"operationId": "A_Get",
		%s "responses": {"200": {"description": "ok", "schema": {"type": "object", "properties": {"secret": {"type": "string"}}}}}}}}}`
	cases := []struct {
		name    string
		spec    string            // the definition; SECRET is the outside file's absolute path
		files   map[string]string // more files in the folder
		links   map[string]string // symbolic links in the folder: name → target (SECRET, OUTSIDE: its folder)
		fails   string            // the error names this pointer, or
		warns   string            // generation succeeds with a warning at this pointer
		fileExt string            // the definition's file name
	}{
		{name: "schema $ref", spec: fmt.Sprintf(oas3, `"schema": {"$ref": "#/components/schemas/S"}`, `{"$ref": "../secret.json"}`),
			fails: "#/components/schemas/S"},
		{name: "absolute $ref", spec: fmt.Sprintf(oas3, `"schema": {"$ref": "#/components/schemas/S"}`, `{"$ref": "SECRET"}`),
			fails: "#/components/schemas/S"},
		{name: "file: $ref", spec: fmt.Sprintf(oas3, `"schema": {"$ref": "#/components/schemas/S"}`, `{"$ref": "file://SECRET"}`),
			fails: "#/components/schemas/S"},
		{name: "$ref through a symbolic link", spec: fmt.Sprintf(oas3, `"schema": {"$ref": "#/components/schemas/S"}`, `{"$ref": "link.json"}`),
			links: map[string]string{"link.json": "SECRET"}, fails: "#/components/schemas/S"},
		{name: "$ref through a linked folder", spec: fmt.Sprintf(oas3, `"schema": {"$ref": "#/components/schemas/S"}`, `{"$ref": "up/secret.json"}`),
			links: map[string]string{"up": "OUTSIDE"}, fails: "#/components/schemas/S"},
		{name: "$ref inside a referenced file", spec: fmt.Sprintf(oas3, `"schema": {"$ref": "#/components/schemas/S"}`, `{"$ref": "inner.json#/S"}`),
			files: map[string]string{"inner.json": `{"S": {"$ref": "../secret.json"}}`}, fails: "#/S"},
		{name: "x-ms-examples $ref", spec: fmt.Sprintf(swagger, `"x-ms-examples": {"ex": {"$ref": "../secret.json"}},`),
			warns: "#/paths/~1a/get/x-ms-examples/ex"},
		{name: "x-ms-examples $ref through a symbolic link", spec: fmt.Sprintf(swagger, `"x-ms-examples": {"ex": {"$ref": "ex.json"}},`),
			links: map[string]string{"ex.json": "SECRET"}, warns: "#/paths/~1a/get/x-ms-examples/ex"},
		{name: "Swagger parameter $ref", spec: fmt.Sprintf(swagger, `"parameters": [{"$ref": "../secret.json#/P"}],`),
			fails: "#/paths/~1a/get/parameters/0"},
		{name: "example $ref", spec: fmt.Sprintf(oas3, `"schema": {"type": "string"}, "examples": {"e": {"$ref": "../secret.json"}}`, `{"type": "string"}`),
			fails: "#/paths/~1a/get/responses/200/content/application~1json/examples/e"},
		{name: "externalValue", spec: fmt.Sprintf(oas3, `"schema": {"type": "string"}, "examples": {"e": {"externalValue": "../secret.json"}, "f": {"externalValue": "file://SECRET"}}`, `{"type": "string"}`),
			warns: "#/paths/~1a/get/responses/200/content/application~1json/examples/e"},
		{name: "$schema", spec: fmt.Sprintf(oas3, `"schema": {"$ref": "#/components/schemas/S"}, "example": "x"`, `{"$schema": "file://SECRET", "type": "string"}`),
			warns: "#/components/schemas/S/$schema"},
		{name: "$dynamicRef", spec: fmt.Sprintf(oas3, `"schema": {"$ref": "#/components/schemas/S"}, "example": "x"`, `{"$dynamicRef": "file://SECRET", "type": "string"}`),
			warns: "#/components/schemas/S/$dynamicRef"},
		{name: "$id as a base", spec: fmt.Sprintf(oas3, `"schema": {"$ref": "#/components/schemas/S"}, "example": {"p": "x"}`,
			`{"$id": "file://OUTSIDE/", "type": "object", "properties": {"p": {"$ref": "secret.json"}}}`),
			files: map[string]string{"secret.json": `{"type": "string"}`}, warns: "#/components/schemas/S/$id"},
		{name: "YAML definition, schema $ref", fileExt: "yaml", spec: "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    S: {$ref: '../secret.json'}\n",
			fails: "#/components/schemas/S"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			outside := t.TempDir()
			secret := filepath.Join(outside, "secret.json")
			opened := testkit.Tripwire(t, secret, `{"type": "string", "enum": ["`+secretMarker+`"], "P": {"name": "`+secretMarker+`", "in": "query", "type": "string"},
				"parameters": {}, "responses": {"200": {"body": {"secret": "`+secretMarker+`"}}}}`)
			dir := filepath.Join(outside, "def")
			os.Mkdir(dir, 0o755)
			subst := strings.NewReplacer("SECRET", secret, "OUTSIDE", outside)
			for name, body := range c.files {
				os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644)
			}
			for name, target := range c.links {
				if err := os.Symlink(subst.Replace(target), filepath.Join(dir, name)); err != nil {
					t.Skip("no symbolic links:", err)
				}
			}
			ext := c.fileExt
			if ext == "" {
				ext = "json"
			}
			spec := filepath.Join(dir, "def."+ext)
			os.WriteFile(spec, []byte(subst.Replace(c.spec)), 0o644)

			out, err := generator.Generate(generator.Config{Spec: spec, Package: "p", Validate: "always"})
			var seen strings.Builder
			if err != nil {
				seen.WriteString(err.Error())
			}
			if out != nil {
				for _, w := range out.Warnings {
					seen.WriteString(w.String() + "\n")
				}
				for _, f := range out.Files {
					seen.Write(f.Content)
				}
			}
			if opened() {
				t.Errorf("generation opened %s, outside the definition's folder", secret)
			}
			if strings.Contains(seen.String(), secretMarker) {
				t.Errorf("the outside file's content reached the output, a warning or the error")
			}
			switch {
			case c.fails != "":
				if err == nil || !strings.Contains(err.Error(), c.fails+":") {
					t.Errorf("err = %v, want an error at %s", err, c.fails)
				}
			case err != nil:
				t.Errorf("err = %v, want success with a warning at %s", err, c.warns)
			default:
				found := false
				for _, w := range out.Warnings {
					found = found || w.Pointer == c.warns
				}
				if !found {
					t.Errorf("no warning at %s: %v", c.warns, out.Warnings)
				}
			}
		})
	}
}
