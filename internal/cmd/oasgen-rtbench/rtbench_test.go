package main

import (
	"encoding/json"
	"go/format"
	"go/parser"
	"go/token"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

const sampleOutput = `goos: linux
goarch: amd64
pkg: rtbench/oasgenpkg
cpu: AMD EPYC
BenchmarkCancelDeleteServer-2   	   52678	      3000 ns/op	    1600 B/op	      16 allocs/op
BenchmarkCancelDeleteServer-2   	   52678	      3200 ns/op	    1600 B/op	      16 allocs/op
BenchmarkCancelDeleteServer-2   	   52678	      3100 ns/op	    1600 B/op	      16 allocs/op
--- FAIL: BenchmarkGetClient
    rtbench_common_test.go:207: client-request-id ""
BenchmarkCertEncode-2           	   30873	      3000 ns/op	    2144 B/op	       3 allocs/op
PASS
ok  	rtbench/oasgenpkg	0.636s
pkg: rtbench/ogenpkg
BenchmarkCancelDeleteServer-2   	   19093	      6000 ns/op	    4560 B/op	      60 allocs/op
BenchmarkCancelDeleteServer-2   	   19093	      6200 ns/op	    4560 B/op	      60 allocs/op
BenchmarkCancelDeleteServer-2   	   19093	      6100 ns/op	    4560 B/op	      60 allocs/op
BenchmarkCertEncode-2           	  161152	      1000 ns/op	    2048 B/op	       1 allocs/op
pkg: rtbench/ogentyped
BenchmarkCertEncode-2           	   35020	      2500 ns/op	    5240 B/op	       9 allocs/op
pkg: rtbench/oapipkg
BenchmarkCancelDeleteServer-2   	   17473	      6731 ns/op	    3633 B/op	      56 allocs/op
BenchmarkCancelDeleteServer      	   17473	      6700 ns/op	    3633 B/op	      56 allocs/op
`

func TestParseBench(t *testing.T) {
	res, err := parseBench(strings.NewReader(sampleOutput))
	if err != nil {
		t.Fatal(err)
	}
	m := res.get("oasgenpkg", "CancelDeleteServer")
	if m == nil || !reflect.DeepEqual(m.NsOp, []float64{3000, 3200, 3100}) || len(m.BOp) != 3 || m.AllocsOp[0] != 16 {
		t.Fatalf("oasgen CancelDeleteServer = %+v", m)
	}
	if res.get("oasgenpkg", "GetClient") != nil {
		t.Error("a failed benchmark has results")
	}
	if m := res.get("oapipkg", "CancelDeleteServer"); m == nil || len(m.NsOp) != 2 {
		t.Errorf("oapi CancelDeleteServer (with and without -N suffix) = %+v", m)
	}
	if got := median(res.get("ogenpkg", "CancelDeleteServer").NsOp); got != 6100 {
		t.Errorf("median = %v, want 6100", got)
	}
	if _, err := parseBench(strings.NewReader("BenchmarkX-2 1 5 ns/op\n")); err == nil {
		t.Error("a benchmark line before any pkg: line was accepted")
	}
}

func TestStats(t *testing.T) {
	if got := median([]float64{4, 1, 3, 2}); got != 2.5 {
		t.Errorf("median even = %v", got)
	}
	if got := spread([]float64{90, 100, 110}); math.Abs(got-0.2) > 1e-9 {
		t.Errorf("spread = %v", got)
	}
	if r, ok := ratio([]float64{1}, []float64{4}); !ok || r != 0.25 {
		t.Errorf("ratio = %v %v", r, ok)
	}
	if r, ok := ratio([]float64{0}, []float64{0}); !ok || r != 1 {
		t.Errorf("0/0 ratio = %v %v", r, ok)
	}
	if _, ok := ratio([]float64{3}, []float64{0}); ok {
		t.Error("x/0 ratio is ok")
	}
	if got := fmtRatio([]float64{3}, []float64{2}); got != "1.50×" {
		t.Errorf("fmtRatio = %q", got)
	}
}

func TestPatchSpec(t *testing.T) {
	doc := `{"openapi":"3.0.0","components":{"schemas":{
		"Certificate":{"properties":{"url":{"type":"string"}}},
		"Typed":{"type":"object","properties":{}},
		"Enum":{"type":"string","enum":["a"]},
		"Bare":{"title":"no properties"}}}}`
	out, err := patchSpec([]byte(doc), []string{"Certificate"})
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Components struct{ Schemas map[string]map[string]any }
	}
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatal(err)
	}
	if got.Components.Schemas["Certificate"]["type"] != "object" || got.Components.Schemas["Certificate"]["properties"] == nil {
		t.Errorf("patched Certificate = %v", got.Components.Schemas["Certificate"])
	}
	for _, bad := range []string{"Missing", "Typed", "Bare"} {
		if _, err := patchSpec([]byte(doc), []string{bad}); err == nil {
			t.Errorf("patching %s succeeded", bad)
		}
	}
	untyped, err := untypedSchemas([]byte(doc))
	if err != nil || !reflect.DeepEqual(untyped, []string{"Certificate"}) {
		t.Errorf("untypedSchemas = %v, %v", untyped, err)
	}
}

func TestRawTypesAndMethods(t *testing.T) {
	src := "package p\n\ntype Certificate jx.Raw\n\ntype Pool struct{}\n\ntype AutoScaleRun jx.Raw\n"
	if got := rawTypes([]byte(src)); !reflect.DeepEqual(got, []string{"AutoScaleRun", "Certificate"}) {
		t.Errorf("rawTypes = %v", got)
	}
	dir := t.TempDir()
	code := "package p\n\nfunc (c *Certificate) MarshalJSON() ([]byte, error) { return nil, nil }\nfunc (Pool) UnmarshalJSON([]byte) error { return nil }\n"
	if err := os.WriteFile(filepath.Join(dir, "m.go"), []byte(code), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		typ, method string
		want        bool
	}{{"Certificate", "MarshalJSON", true}, {"Pool", "UnmarshalJSON", true}, {"Pool", "MarshalJSON", false}, {"Cert", "MarshalJSON", false}} {
		if got, err := hasMethod(dir, c.typ, c.method); err != nil || got != c.want {
			t.Errorf("hasMethod(%s, %s) = %v, %v", c.typ, c.method, got, err)
		}
	}
	for name, want := range map[string]bool{"DecodeJSON": false, "Helper": true} {
		os.WriteFile(filepath.Join(dir, "f.go"), []byte("package p\n\nfunc Helper() {}\n"), 0o644)
		if got, err := hasFunc(dir, name); err != nil || got != want {
			t.Errorf("hasFunc(%s) = %v, %v", name, got, err)
		}
	}
	same, err := sameTree(dir, dir)
	if err != nil || !same {
		t.Errorf("sameTree(dir, dir) = %v, %v", same, err)
	}
}

func TestRequiredModules(t *testing.T) {
	gomod := "module rtbench\n\ngo 1.26\n\nrequire github.com/ogen-go/ogen v1.24.0\n\nrequire (\n\tgithub.com/go-chi/chi/v5 v5.2.0\n\tgolang.org/x/net v0.1.0 // indirect\n)\n"
	want := map[string]string{"github.com/ogen-go/ogen": "v1.24.0", "github.com/go-chi/chi/v5": "v5.2.0", "golang.org/x/net": "v0.1.0"}
	if got := requiredModules([]byte(gomod)); !reflect.DeepEqual(got, want) {
		t.Errorf("requiredModules = %v", got)
	}
}

// The benchmark sources must be valid, gofmt-clean Go, and the canonical
// Certificate valid JSON with every property of the schema.
func TestSources(t *testing.T) {
	srcs := map[string]string{
		"common":   commonSource("oasgenpkg"),
		"oasgen":   oasgenSource("oasgenpkg", true),
		"ogen":     ogenSource("ogentyped"),
		"oapi":     oapiSource("oapipkg"),
		"baseline": baselineSource,
	}
	for name, src := range srcs {
		if strings.Contains(src, "%!") || strings.Contains(src, "PKG") {
			t.Errorf("%s: unexpanded template", name)
		}
		if _, err := parser.ParseFile(token.NewFileSet(), name+".go", src, parser.AllErrors); err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if out, err := format.Source([]byte(src)); err != nil || string(out) != src {
			t.Errorf("%s is not gofmt-clean", name)
		}
	}
	var cert map[string]any
	if err := json.Unmarshal([]byte(certificateJSON()), &cert); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"deleteCertificateError", "previousState", "previousStateTransitionTime", "publicData", "state", "stateTransitionTime", "thumbprint", "thumbprintAlgorithm", "url"} {
		if _, ok := cert[k]; !ok {
			t.Errorf("certificateJSON lacks %s", k)
		}
	}
	if n := len(cert["publicData"].(string)); n != 1200 {
		t.Errorf("publicData has %d characters, want 1200", n)
	}
}

func TestRenderReport(t *testing.T) {
	res, err := parseBench(strings.NewReader(sampleOutput))
	if err != nil {
		t.Fatal(err)
	}
	g := &generated{oasgenVersion: "abc123", ogenRaw: []string{"Certificate"}, ogenCertRaw: true, oasgenPatchSame: true,
		untyped: []string{"Certificate", "Pool"}, deps: map[string]string{"github.com/ogen-go/ogen": "v1.24.0", "golang.org/x/net": "v0.1.0"}}
	out := renderReport(reportInput{Res: res, Gen: g, Count: 3, Command: "`go test -bench .`",
		Mach: machine{NumCPU: 2, CPUModel: "Test CPU", GoVersion: "go1.26", LoadMin: 0.1, LoadMax: 0.2}})
	for _, want := range []string{
		"| CancelDeleteServer | 0.51× | 0.50× | 0.35× | 0.27× |", // 3100/6100, 3000/6000, 1600/4560, 16/60
		"| CertEncode | 1.20× | 1.20× | 0.41× | 0.33× |",         // vs typed ogen: 3000/2500
		"| GetClient | n/a | n/a | n/a |",
		"fewer allocations: **met**",
		"Certificate Encode at least as fast as ogen (typed): **not met** — 1.20× ogen (typed Certificate) (fastest runs 1.20×; spreads 0%/0%); 3.00× ogen",
		"**Certificate is one of them**",
		"`github.com/ogen-go/ogen v1.24.0`",
		"2 CPUs (nproc), Test CPU",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	if strings.Contains(out, "golang.org/x/net") {
		t.Error("report lists an unrelated module")
	}
	if strings.Contains(out, "busy during the run") {
		t.Error("an idle machine is reported busy")
	}
}
