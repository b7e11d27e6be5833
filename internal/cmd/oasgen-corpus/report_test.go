package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func TestCategorize(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{`undefined: FooBarBaz`, "undefined"},
		{`oasgen: /c/api/rev.ai.json: bad data in "#/components/responses/X" (expecting ref to schema object)`, "bad data in Q"},
		{`oasgen: api/x.json: #/paths/~1a/get (Op_Id): path parameter "id" does not appear in the path template /a`, "path parameter Q does not appear in the path template PATH"},
		{`p0001/types.go:12:3: undefined: FooBarBaz`, "undefined"},
		{`vet: p0001/types.go:12:3: FooBar redeclared in this block`, "X redeclared in this block"},
		{`error generating code: error generating code for type definitions: duplicate typename 'ExternalSecuritySolutionKind' detected, can't auto-rename`,
			"error generating code: error generating code for type definitions"},
		{`load spec: resolve "#/components/schemas/Foo": not found`, "load spec: resolve Q"},
		{`load spec: resolve "#/components/schemas/Bar": not found`, "load spec: resolve Q"},
		{`panic: runtime error: index out of range [3] with length 3`, "panic: runtime error"},
		{`panic: interface conversion: interface {} is nil, not string`, "panic: interface conversion"},
		{`invalid receiver type GetTranslateBraille200JSONResponse (pointer or interface type)`, "invalid receiver type X"},
		{`cannot use x (variable of type *Pet) as string value in argument to f`, "cannot use x as string value in argument to f"},
		{`schema at /paths/~1pets/get has 42 problems`, "schema at PATH has N problems"},
		{`*NotFoundException does not satisfy interface{*NotFoundException; error} (type *NotFoundException is pointer to interface, not interface)`,
			"*X does not satisfy interface{*X; error}"},
		{`*ResourceNotFoundException does not satisfy interface{*ResourceNotFoundException; error} (type *ResourceNotFoundException is pointer to interface, not interfac…`,
			"*X does not satisfy interface{*X; error}"},
		{``, "(no error output)"},
	} {
		if got := categorize(tc.in); got != tc.want {
			t.Errorf("categorize(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestFirstErrorLine(t *testing.T) {
	out := "INFO starting\n\npanic: boom\n\ngoroutine 1 [running]:\nmain.main()\n"
	if got := firstErrorLine(out, 160); got != "panic: boom" {
		t.Errorf("panic: got %q", got)
	}
	if !looksPanicked(out) {
		t.Error("looksPanicked = false")
	}
	if got := firstErrorLine("INFO x\nfailed to parse: bad\n", 160); got != "failed to parse: bad" {
		t.Errorf("got %q", got)
	}
	if got := firstErrorLine("something odd\n", 160); got != "something odd" {
		t.Errorf("got %q", got)
	}
	if got := firstErrorLine(strings.Repeat("é", 300), 160); len([]rune(got)) != 160 {
		t.Errorf("not trimmed: %d runes", len([]rune(got)))
	}
}

func TestAttributeErrors(t *testing.T) {
	out := `# oasgen.corpus/gen/p0001
vet: p0001/a.go:2:23: cannot use "x" (untyped string constant) as int value in return statement
# oasgen.corpus/gen/p0003
p0003/a.go:3:12: undefined: thing
p0003/a.go:4:12: undefined: other
p0004/b.go:1:1: expected 'package', found 'EOF'
package oasgen.corpus/gen/p0005: import cycle not allowed
# oasgen.corpus/gen/p0006
too many errors
`
	got := attributeErrors(out, []string{"p0001", "p0002", "p0003", "p0004", "p0005", "p0006"})
	want := map[string]string{
		"p0001": `cannot use "x" (untyped string constant) as int value in return statement`,
		"p0003": "undefined: thing",
		"p0004": "expected 'package', found 'EOF'",
		"p0005": "import cycle not allowed",
		"p0006": "too many errors",
	}
	if d := diff(want, got); d != "" {
		t.Errorf("attributeErrors (-want +got):\n%s", d)
	}
}

func TestPercentile(t *testing.T) {
	xs := []float64{5, 1, 4, 2, 3}
	if got := percentile(xs, 50); got != 3 {
		t.Errorf("median = %v", got)
	}
	if got := percentile(xs, 95); got != 5 {
		t.Errorf("p95 = %v", got)
	}
	if got := percentile(nil, 50); got != 0 {
		t.Errorf("empty = %v", got)
	}
}

func sampleResults() []Result {
	return []Result{
		{Spec: "api/a.json", Package: "p0000", Generated: true, Compiled: true, Seconds: 0.5},
		{Spec: "api/b.json", Package: "p0001", Generated: true, Seconds: 1.5, CompileError: "undefined: FooBar"},
		{Spec: "api/c.json", Package: "p0002", Generated: true, Seconds: 1, CompileError: "undefined: Baz"},
		{Spec: "api/d.json", Package: "p0003", Panicked: true, ExitCode: 2, Seconds: 0.2, GenError: "panic: runtime error: nil map | oops"},
		{Spec: "api/e.json", Package: "p0004", TimedOut: true, ExitCode: -1, Signal: "killed", Seconds: 60, GenError: "timeout after 1m0s"},
	}
}

func TestWriteMarkdown(t *testing.T) {
	meta := reportMeta{Generator: "fake", Version: "v0", Corpus: "test", Selection: "all 5 specs", Limits: "none", Compile: "vet"}
	var buf bytes.Buffer
	if err := writeMarkdown(&buf, meta, sampleResults()); err != nil {
		t.Fatal(err)
	}
	md := buf.String()
	for _, want := range []string{
		"# Corpus report: fake\n",
		"- Generator: fake v0\n",
		"| specs | 5 |",
		"| generated | 3 (60.0%) |",
		"| generated and compiled | 1 (20.0%) |",
		"| panics | 1 |",
		"| timeouts | 1 |",
		"| median seconds | 1.00 |",
		"| p95 seconds | 60.00 |",
		"| 2 | compile: undefined | api/b.json |",
		"| 1 | gen: timeout | api/e.json |",
		"| 1 | gen: panic: runtime error | api/d.json |",
		"| api/a.json | yes | yes | 0.5 |  |",
		"| api/b.json | yes | no | 1.5 | undefined: FooBar |",
		`| api/d.json | panic | - | 0.2 | panic: runtime error: nil map \| oops |`,
		"| api/e.json | timeout | - | 60.0 | timeout after 1m0s |",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("report lacks %q\n%s", want, md)
		}
	}
	if regexp.MustCompile(`\b20\d\d-\d\d-\d\d\b`).MatchString(md) {
		t.Error("report contains a date")
	}
	var again bytes.Buffer
	writeMarkdown(&again, meta, sampleResults())
	if again.String() != md {
		t.Error("report rendering is not deterministic")
	}

	var js bytes.Buffer
	if err := writeJSON(&js, meta, sampleResults()); err != nil {
		t.Fatal(err)
	}
	var decoded struct {
		Summary Summary
		Results []Result
	}
	if err := json.Unmarshal(js.Bytes(), &decoded); err != nil {
		t.Fatal(err)
	}
	if decoded.Summary.Compiled != 1 || len(decoded.Results) != 5 || decoded.Results[1].CompileError != "undefined: FooBar" {
		t.Errorf("json round trip: %+v", decoded)
	}
}

func TestFirstErrorLineChain(t *testing.T) {
	out := "INFO\tconvenient\tConvenient errors are not available\t{\"reason\": \"x\"}\n" +
		"generate:\n    main.run\n        /x/main.go:463\n  - build IR:\n    main.generate\n        /x/main.go:72\n" +
		"  - anonymous type name conflict: \"Foo\":\n    gen.merge\n        /x/tstorage.go:193\n"
	want := `generate: build IR: anonymous type name conflict: "Foo"`
	if got := firstErrorLine(out, 160); got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// compare puts runs side by side, keeps the preface, and counts the specs
// each generator alone compiles.
func TestCompare(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, rs []Result) string {
		var b strings.Builder
		if err := writeJSON(&b, reportMeta{Generator: name, Selection: "all 3 specs"}, rs); err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, name+".json")
		os.WriteFile(p, []byte(b.String()), 0o644)
		return p
	}
	a := write("alpha", []Result{
		{Spec: "api/a.json", Generated: true, Compiled: true},
		{Spec: "api/b.json", Generated: true, Compiled: true},
		{Spec: "api/c.json", GenError: "alpha: unsupported thing"},
	})
	b := write("beta", []Result{
		{Spec: "api/a.json", Generated: true, Compiled: true},
		{Spec: "api/b.json", Generated: true, CompileError: "x redeclared"},
		{Spec: "api/c.json", Generated: true, Compiled: true},
	})
	pre := filepath.Join(dir, "notes.md")
	os.WriteFile(pre, []byte("Some words.\n"), 0o644)
	out := filepath.Join(dir, "report.md")
	if err := report(out, "", a+","+b, pre); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(out)
	got := string(data)
	for _, want := range []string{
		"Some words.\n\n## Figures",
		"| generated and compiled | 2 (66.7%) | 2 (66.7%) |",
		"| beta | 1 | 1 | 1 | 0 |",
		"| api/b.json | gc | g- |",
		"| api/c.json | - | gc | alpha: unsupported thing |",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("report lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "| api/a.json |") {
		t.Error("a spec every generator compiles is listed among the failures")
	}
}

func TestCorpusRelative(t *testing.T) {
	for in, want := range map[string]string{
		`oasgen: /root/.cache/oasgen/corpus/package/api/rev.ai.json: bad data`: `oasgen: api/rev.ai.json: bad data`,
		`open /tmp/c/package/api/a.json and /tmp/c/package/api/b/c.yaml`:       `open api/a.json and api/b/c.yaml`,
		`p0001/models.go:3:1: undefined: X`:                                    `p0001/models.go:3:1: undefined: X`,
	} {
		if got := corpusRelative(in); got != want {
			t.Errorf("corpusRelative(%q) = %q, want %q", in, got, want)
		}
	}
}
