package main

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

// writeTree creates files (path → content) under a new temp dir.
func writeTree(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

const okSpec = `{"swagger": "2.0", "info": {"title": "t", "version": "1"},
 "paths": {"/pets/{id}": {"get": {"operationId": "Pets_Get",
   "parameters": [{"name": "id", "in": "path", "required": true, "type": "string"}],
   "responses": {"200": {"description": "ok", "schema": {"$ref": "#/definitions/Pet"}}}}}},
 "definitions": {"Pet": {"properties": {"name": {"type": "string"}}}}}`

func TestBadInput(t *testing.T) {
	for _, c := range []struct {
		name  string
		files map[string]string
		spec  string
		want  string // regexp the one-line error must match
	}{
		{"missing file", nil, "nope.json", `^oasgen: \S*nope.json: cannot read: no such file or directory$`},
		{"invalid JSON", map[string]string{"s.json": "{\"swagger\": \"2.0\",\n \"paths\": {,}}"}, "s.json",
			`^oasgen: \S*s.json: invalid JSON at line 2, column \d+: .*$`},
		{"invalid YAML", map[string]string{"s.yaml": "openapi: 3.0.0\npaths: [\n  - a: b\n c"}, "s.yaml",
			`^oasgen: \S*s.yaml: invalid YAML: .*line \d+.*$`},
		{"unknown ref", map[string]string{"s.json": strings.Replace(okSpec, `"#/definitions/Pet"`, `"#/definitions/Missing"`, 1)}, "s.json",
			`^oasgen: \S*s.json: #/paths/~1pets~1\{id\}/get/responses/200/schema: \$ref "#/definitions/Missing": no such element in \S*s.json$`},
		{"ref escaping the folder", map[string]string{
			"outside.json": `{"definitions": {"Pet": {"type": "object"}}}`,
			"spec/s.json":  strings.Replace(okSpec, `"#/definitions/Pet"`, `"../outside.json#/definitions/Pet"`, 1)}, "spec/s.json",
			`^oasgen: \S*s.json: #/paths/~1pets~1\{id\}/get/responses/200/schema: \$ref "\.\./outside.json#/definitions/Pet" points outside the definition's folder .*$`},
		{"remote ref", map[string]string{"s.json": strings.Replace(okSpec, `"#/definitions/Pet"`, `"https://example.com/pet.json"`, 1)}, "s.json",
			`^oasgen: \S*s.json: #/paths/~1pets~1\{id\}/get/responses/200/schema: \$ref "https://example.com/pet.json": remote references are not allowed.*$`},
		{"unsupported version", map[string]string{"s.json": `{"swagger": "1.2", "paths": {}}`}, "s.json",
			`^oasgen: \S*s.json: #/swagger: unsupported Swagger version 1.2: want 2.0$`},
		{"not a definition", map[string]string{"s.json": `{"hello": "world"}`}, "s.json",
			`^oasgen: \S*s.json: not an OpenAPI or Swagger definition: no "openapi" or "swagger" field$`},
		{"path parameter not in template", map[string]string{"s.json": strings.Replace(okSpec, `"/pets/{id}"`, `"/pets/{petId}"`, 1)}, "s.json",
			`^oasgen: \S*s.json: #/paths/~1pets~1\{petId\}/get \(Pets_Get\): path template names \{petId\} but the operation has no such path parameter \(declared but not in the template: "id"\)$`},
		{"wrong JSON type where it matters", map[string]string{"s.yaml": `openapi: 3.0.0
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
    Pet: {type: object, required: name, properties: {name: {type: string}}}
`}, "s.yaml", `^oasgen: \S*s.yaml: #/components/schemas/Pet/required: invalid OpenAPI 3 definition: .*cannot unmarshal string.*$`},
		{"unsupported parameter location", map[string]string{"s.yaml": `openapi: 3.0.0
info: {title: t, version: "1"}
paths:
  /pets:
    get:
      operationId: Pets_List
      parameters:
        - {name: x, in: matrix, schema: {type: string}}
      responses: {"200": {description: ok}}
`}, "s.yaml", `^oasgen: \S*s.yaml: .*(#/paths/~1pets/get/parameters/0 \(Pets_List\): parameter "x": unsupported location "matrix"|matrix).*$`},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := writeTree(t, c.files)
			out := filepath.Join(dir, "out")
			var stdout, stderr bytes.Buffer
			code := run([]string{"-o", out, "-package", "x", filepath.Join(dir, c.spec)}, &stdout, &stderr)
			if code != 1 {
				t.Fatalf("exit code %d, want 1; stderr:\n%s", code, stderr.String())
			}
			msg := strings.TrimRight(stderr.String(), "\n")
			if strings.Contains(msg, "\n") {
				t.Errorf("error is not one line:\n%s", msg)
			}
			if !regexp.MustCompile(c.want).MatchString(msg) {
				t.Errorf("error\n  %s\ndoes not match\n  %s", msg, c.want)
			}
			if _, err := os.Stat(out); !os.IsNotExist(err) {
				t.Errorf("output folder was created despite the error")
			}
		})
	}
}

const lenientSpec = `openapi: 3.0.0
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
    Pet:
      type: object
      examples: {first: {value: {name: x}}}
      properties:
        name: {type: string, pattern: 0}
`

// A documentation keyword (or a pattern) of the wrong JSON type is
// dropped with a located warning instead of failing the definition.
func TestLenientDocKeywords(t *testing.T) {
	dir := writeTree(t, map[string]string{"s.yaml": lenientSpec})
	var stdout, stderr bytes.Buffer
	if code := run([]string{"-o", filepath.Join(dir, "out"), "-package", "x", filepath.Join(dir, "s.yaml")}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit code %d:\n%s", code, stderr.String())
	}
	for _, want := range []string{"#/components/schemas/Pet/examples: not valid OpenAPI 3.0", "#/components/schemas/Pet/properties/name/pattern: not valid OpenAPI 3.0"} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("no warning %q in:\n%s", want, stderr.String())
		}
	}
	models, err := os.ReadFile(filepath.Join(dir, "out", "models.go"))
	if err != nil || !strings.Contains(string(models), "type Pet struct") {
		t.Errorf("models.go: %v", err)
	}
}

func TestWritesOnlyChangedAndCheck(t *testing.T) {
	dir := writeTree(t, map[string]string{"s.json": okSpec, "out/keep_test.go": "package x\n"})
	out := filepath.Join(dir, "out")
	spec := filepath.Join(dir, "s.json")
	var so, se bytes.Buffer
	if code := run([]string{"-o", out, "-package", "x", spec}, &so, &se); code != 0 {
		t.Fatalf("exit %d: %s", code, se.String())
	}
	models := filepath.Join(out, "models.go")
	st1, err := os.Stat(models)
	if err != nil {
		t.Fatal(err)
	}
	// An unchanged second run writes nothing.
	old := st1.ModTime().Add(-2 * time.Second)
	os.Chtimes(models, old, old)
	se.Reset()
	if code := run([]string{"-o", out, "-package", "x", spec}, &so, &se); code != 0 {
		t.Fatalf("exit %d: %s", code, se.String())
	}
	if st2, _ := os.Stat(models); !st2.ModTime().Equal(old) {
		t.Errorf("unchanged file was rewritten")
	}
	if se.Len() != 0 {
		t.Errorf("an up-to-date run printed %q", se.String())
	}
	// -check is quiet when up to date ...
	so.Reset()
	se.Reset()
	if code := run([]string{"-check", "-o", out, "-package", "x", spec}, &so, &se); code != 0 || so.Len() != 0 {
		t.Fatalf("check on fresh output: exit %d, stdout %q, stderr %q", code, so.String(), se.String())
	}
	// ... and fails with a short report when a file was edited or a
	// generated file is left over; the unified diff only with -diff.
	os.WriteFile(models, []byte("// Code generated by oasgen. DO NOT EDIT.\n\npackage x\n"), 0o644)
	os.WriteFile(filepath.Join(out, "old_client.go"), []byte("// Code generated by oasgen. DO NOT EDIT.\n\npackage x\n"), 0o644)
	so.Reset()
	se.Reset()
	if code := run([]string{"-check", "-o", out, "-package", "x", spec}, &so, &se); code != 1 {
		t.Fatalf("check on stale output: exit %d", code)
	}
	report := so.String()
	if want := `^\Q` + out + `\E: 0 added, 1 changed, 1 removed \(\+\d+ -\d+ lines\)\n  changed +models\.go +\+\d+\n  removed +old_client\.go +-3\nAPI changes:\n  Go API: 0 breaking changes \(compilation of callers or implementers\), \d+ compatible\n$`; !regexp.MustCompile(want).MatchString(report) {
		t.Errorf("report\n%s\ndoes not match\n%s", report, want)
	}
	if strings.Contains(report, "@@") {
		t.Errorf("report holds a diff without -diff:\n%s", report)
	}
	if want := "oasgen: " + out + " is stale; regenerate with: oasgen -o " + out + " -package x " + spec + "\n"; se.String() != want {
		t.Errorf("stderr\n%q\nwant\n%q", se.String(), want)
	}
	so.Reset()
	if code := run([]string{"-check", "-diff", "-o", out, "-package", "x", spec}, &so, &se); code != 1 {
		t.Fatalf("check -diff on stale output: exit %d", code)
	}
	d := so.String()
	for _, want := range []string{report, "--- " + models, "+++ " + models, "@@ ", "+type Pet struct", "+++ /dev/null"} {
		if !strings.Contains(d, want) {
			t.Errorf("-diff output lacks %q:\n%s", want, d)
		}
	}
	// -check wrote nothing.
	if b, _ := os.ReadFile(models); !bytes.HasSuffix(b, []byte("package x\n")) || len(b) > 60 {
		t.Errorf("-check modified %s", models)
	}
	// A normal run repairs it, removes the stale generated file and keeps the hand-written one.
	if code := run([]string{"-o", out, "-package", "x", spec}, &so, &se); code != 0 {
		t.Fatal(se.String())
	}
	if _, err := os.Stat(filepath.Join(out, "old_client.go")); !os.IsNotExist(err) {
		t.Errorf("stale generated file kept")
	}
	if _, err := os.Stat(filepath.Join(out, "keep_test.go")); err != nil {
		t.Errorf("hand-written file removed: %v", err)
	}
}

func TestRefusesToOverwriteHandWritten(t *testing.T) {
	dir := writeTree(t, map[string]string{"s.json": okSpec, "out/models.go": "package x\n// mine\n"})
	var so, se bytes.Buffer
	if code := run([]string{"-o", filepath.Join(dir, "out"), "-package", "x", filepath.Join(dir, "s.json")}, &so, &se); code != 1 {
		t.Fatalf("exit %d", code)
	}
	if !strings.Contains(se.String(), "not generated by oasgen") {
		t.Errorf("stderr: %s", se.String())
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "out", "models.go")); string(b) != "package x\n// mine\n" {
		t.Errorf("hand-written file changed")
	}
}

// A hand-written doc.go, where the //go:generate line used to live, gets
// told where to go.
func TestHandWrittenDocGo(t *testing.T) {
	dir := writeTree(t, map[string]string{"s.json": okSpec, "out/doc.go": "// Package x is mine.\npackage x\n"})
	var so, se bytes.Buffer
	if code := run([]string{"-o", filepath.Join(dir, "out"), "-package", "x", filepath.Join(dir, "s.json")}, &so, &se); code != 1 {
		t.Fatalf("exit %d", code)
	}
	if want := "doc.go exists and was not generated by oasgen; refusing to overwrite it: oasgen writes the package comment there; move what it holds (a //go:generate line, say) to another file, such as generate.go, and remove it\n"; !strings.HasSuffix(se.String(), want) {
		t.Errorf("stderr: %s", se.String())
	}
}

func TestConfigFile(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"api/s.json":  okSpec,
		"oasgen.yaml": "spec: api/s.json\noutput: gen/pets\ngenerate: [models]\n",
		"bad.yaml":    "spec: api/s.json\noutptu: x\n",
	})
	var so, se bytes.Buffer
	if code := run([]string{"-config", filepath.Join(dir, "oasgen.yaml")}, &so, &se); code != 0 {
		t.Fatalf("exit %d: %s", code, se.String())
	}
	if _, err := os.Stat(filepath.Join(dir, "gen/pets/models.go")); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "gen/pets/client.go")); !os.IsNotExist(err) {
		t.Errorf("generate: [models] still wrote the client")
	}
	b, _ := os.ReadFile(filepath.Join(dir, "gen/pets/models.go"))
	if !bytes.Contains(b, []byte("package pets")) {
		t.Errorf("package name not derived from the output folder")
	}
	se.Reset()
	if code := run([]string{"-config", filepath.Join(dir, "bad.yaml")}, &so, &se); code != 1 || !strings.Contains(se.String(), "outptu") {
		t.Errorf("unknown key: exit %d, %s", code, se.String())
	}
}

// json: fast in a config file still works, as std, and the warning names
// the file and line to remove it from.
func TestConfigJSONFastRetired(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"s.json":    okSpec,
		"std.yaml":  "spec: s.json\noutput: std\npackage: pets\n",
		"fast.yaml": "spec: s.json\noutput: fast\npackage: pets\njson: fast\n",
	})
	for _, c := range []struct{ name, warning string }{
		{"std", ""},
		{"fast", "warning: " + filepath.Join(dir, "fast.yaml") + `:4: json: "fast" is retired and means std: `},
	} {
		var so, se bytes.Buffer
		if code := run([]string{"-config", filepath.Join(dir, c.name+".yaml")}, &so, &se); code != 0 {
			t.Fatalf("%s.yaml: exit %d: %s", c.name, code, se.String())
		}
		var warnings []string
		for _, l := range strings.Split(se.String(), "\n") {
			if strings.HasPrefix(l, "warning:") {
				warnings = append(warnings, l)
			}
		}
		if c.warning == "" && len(warnings) != 0 || c.warning != "" && (len(warnings) != 1 || !strings.HasPrefix(warnings[0], c.warning)) {
			t.Errorf("%s.yaml: warnings %q, want %q", c.name, warnings, c.warning)
		}
	}
	std, fast := os.DirFS(filepath.Join(dir, "std")), os.DirFS(filepath.Join(dir, "fast"))
	names, err := fs.Glob(std, "*")
	if err != nil || len(names) == 0 {
		t.Fatal(names, err)
	}
	if got, _ := fs.Glob(fast, "*"); !slices.Equal(got, names) {
		t.Errorf("json: fast wrote %v, json: std %v", got, names)
	}
	for _, n := range names {
		a, _ := fs.ReadFile(std, n)
		b, _ := fs.ReadFile(fast, n)
		if !bytes.Equal(a, b) {
			t.Errorf("%s differs between json: std and json: fast", n)
		}
	}
}

// With -check, exit 0 means fresh, 1 stale and 2 bad input or usage;
// generating keeps 1 for bad input. Warnings never fail a check.
func TestCheckExitCodes(t *testing.T) {
	dir := writeTree(t, map[string]string{"s.json": okSpec, "bad.json": "{", "bad.yaml": "nope: 1\n", "warn.yaml": lenientSpec})
	out := filepath.Join(dir, "out")
	spec := filepath.Join(dir, "s.json")
	for _, c := range []struct {
		args []string
		want int
	}{
		{[]string{"-check", "-o", out, spec}, 1}, // nothing generated yet
		{[]string{"-check", "-o", out, filepath.Join(dir, "bad.json")}, 2},
		{[]string{"-check", "-config", filepath.Join(dir, "bad.yaml")}, 2},
		{[]string{"-check", "-nosuchflag", spec}, 2},
		{[]string{"-diff", "-o", out, spec}, 2},
		{[]string{"-o", out, filepath.Join(dir, "bad.json")}, 1},
		{[]string{"-o", out, spec}, 0},
		{[]string{"-check", "-o", out, spec}, 0},
		{[]string{"-o", out, filepath.Join(dir, "warn.yaml")}, 0},
		{[]string{"-check", "-o", out, filepath.Join(dir, "warn.yaml")}, 0},
	} {
		var so, se bytes.Buffer
		if code := run(c.args, &so, &se); code != c.want {
			t.Errorf("oasgen %s: exit %d, want %d\n%s", strings.Join(c.args, " "), code, c.want, se.String())
		}
		if c.want == 0 && c.args[0] == "-check" && so.Len()+se.Len() != 0 {
			t.Errorf("a fresh check printed %q %q", so.String(), se.String())
		}
	}
}

// Config mistakes are one line naming the file, the line and the key, with
// the closest valid value; no Go type names.
func TestConfigErrors(t *testing.T) {
	for name, c := range map[string]struct{ config, want string }{
		"unknown key":      {"spec: s.json\noperatons: [Pets_Get]\n", `c.yaml:2: unknown key "operatons"; did you mean operations\? \(keys: formats, generate, json, names, nullable, operations, output, package, spec, tags, validate\)$`},
		"list as text":     {"spec: s.json\ntags: Pets\n", `c.yaml:2: tags: want a list of text, e.g. \[a, b\], got "Pets"$`},
		"mapping in list":  {"spec: s.json\noperations:\n  - Pets_Get\n  - {a: b}\n", `c.yaml:4: operations: want a list of text, e.g. \[a, b\], got a list holding a mapping$`},
		"formats as list":  {"spec: s.json\nformats: [date]\n", `c.yaml:2: formats: want a mapping of text to text, got a list$`},
		"text as list":     {"spec: s.json\npackage: [x]\n", `c.yaml:2: package: want text, got a list$`},
		"key twice":        {"spec: s.json\nspec: t.json\n", `c.yaml:2: spec is set twice \(first on line 1\)$`},
		"not a mapping":    {"- spec\n", `c.yaml:1: want a mapping of settings .*, got a list$`},
		"unknown tag":      {"spec: s.json\ntags:\n  - Pet\n", `c.yaml:3: tags\[0\]: no operation of \S+s.json has the tag "Pet"; did you mean Pets\? valid tags, closest first: Pets$`},
		"unknown op":       {"spec: s.json\noperations: [Pets_Get,\n  Pets_Lst]\n", `c.yaml:3: operations\[1\]: \S+s.json has no operation "Pets_Lst"; did you mean Pets_Get\? valid operation ids, closest first: Pets_Get$`},
		"bad format type":  {"spec: s.json\nformats:\n  date: string\n  date-time: strin\n", `c.yaml:4: formats.date-time: "strin" is not a Go type; did you mean string\?$`},
		"bad json setting": {"spec: s.json\njson: refl\n", `c.yaml:2: json: "refl" is not std$`},
		"bad nullable":     {"spec: s.json\nnullable: pointers\n", `c.yaml:2: nullable: "pointers" is not three-state or pointer$`},
		"bad Go name":      {"spec: s.json\nnames:\n  petId: pet_id\n", `c.yaml:3: names.petId: "pet_id" is not an exported Go identifier$`},
		"bad validate":     {"spec: s.json\nvalidate: sometimes\n", `c.yaml:2: validate: "sometimes" is not auto, always or never$`},
		"bad part":         {"spec: s.json\ngenerate: [models,\n  clients]\n", `c.yaml:3: generate\[1\]: unknown part "clients": want some of models,client,server$`},
		"bad package":      {"spec: s.json\npackage: 1pkg\n", `c.yaml:2: package: "1pkg" is not a valid Go package name$`},
	} {
		t.Run(name, func(t *testing.T) {
			spec := strings.Replace(okSpec, `"operationId": "Pets_Get",`, `"operationId": "Pets_Get", "tags": ["Pets"],`, 1)
			dir := writeTree(t, map[string]string{"s.json": spec, "c.yaml": c.config})
			var so, se bytes.Buffer
			if code := run([]string{"-o", filepath.Join(dir, "out"), "-config", filepath.Join(dir, "c.yaml")}, &so, &se); code != 1 {
				t.Fatalf("exit %d, want 1: %s", code, se.String())
			}
			msg := strings.TrimSuffix(se.String(), "\n")
			if strings.Contains(msg, "\n") || strings.Contains(msg, "generator.") || !regexp.MustCompile(`^oasgen: \S*`+c.want).MatchString(msg) {
				t.Errorf("error\n  %s\ndoes not match\n  %s", msg, c.want)
			}
		})
	}
}

// A bad value given by a flag is named by the flag, also when a config
// file sets the same key (the flag wins).
func TestFlagErrors(t *testing.T) {
	dir := writeTree(t, map[string]string{"s.json": okSpec, "c.yaml": "spec: s.json\nvalidate: always\n"})
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"-validate", "sometimes"}, `oasgen: -validate: "sometimes" is not auto, always or never`},
		{[]string{"-generate", "models,cli"}, `oasgen: -generate: unknown part "cli": want some of models,client,server`},
		{[]string{"-package", "func"}, `oasgen: -package: "func" is not a valid Go package name`},
	} {
		var so, se bytes.Buffer
		args := append([]string{"-o", filepath.Join(dir, "out"), "-config", filepath.Join(dir, "c.yaml")}, c.args...)
		if code := run(args, &so, &se); code != 1 || strings.TrimSuffix(se.String(), "\n") != c.want {
			t.Errorf("%v: exit %d, %q; want 1, %q", c.args, code, se.String(), c.want)
		}
	}
}
