package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/oasgen/oasgen/internal/peers"
)

// The test binary doubles as a measured child process: with
// OASGEN_BENCH_CHILD set it touches that many MiB, prints, and exits with
// OASGEN_BENCH_EXIT.
func TestMain(m *testing.M) {
	if v := os.Getenv("OASGEN_BENCH_CHILD"); v != "" {
		var mb int
		fmt.Sscan(v, &mb)
		buf := make([]byte, mb<<20)
		for i := range buf {
			buf[i] = byte(i)
		}
		fmt.Println("child done", len(buf))
		if os.Getenv("OASGEN_BENCH_EXIT") != "" {
			fmt.Fprintln(os.Stderr, "child: error: asked to fail")
			os.Exit(3)
		}
		if os.Getenv("OASGEN_BENCH_SLEEP") != "" {
			time.Sleep(time.Minute)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func child(env ...string) runOpts {
	return runOpts{Env: append(os.Environ(), env...), Timeout: time.Minute}
}

func TestRunMeasured(t *testing.T) {
	s := runMeasured(context.Background(), []string{os.Args[0]}, child("OASGEN_BENCH_CHILD=64"))
	if s.Err != nil {
		t.Fatalf("err = %v, output %q", s.Err, s.Output)
	}
	if s.MaxRSSKB < 64<<10 {
		t.Errorf("MaxRSSKB = %d, want at least 64 MiB", s.MaxRSSKB)
	}
	if s.Wall <= 0 || s.CPU <= 0 {
		t.Errorf("wall %v, cpu %v: want both > 0", s.Wall, s.CPU)
	}
	if !strings.Contains(s.Output, "child done") {
		t.Errorf("output %q", s.Output)
	}
}

func TestRunMeasuredFailure(t *testing.T) {
	s := runMeasured(context.Background(), []string{os.Args[0]}, child("OASGEN_BENCH_CHILD=1", "OASGEN_BENCH_EXIT=1"))
	if s.Err == nil || !strings.Contains(s.Err.Error(), "asked to fail") {
		t.Errorf("err = %v, want the child's error line", s.Err)
	}
	o := child("OASGEN_BENCH_CHILD=1", "OASGEN_BENCH_SLEEP=1")
	o.Timeout = 300 * time.Millisecond
	s = runMeasured(context.Background(), []string{os.Args[0]}, o)
	if s.Err == nil || !strings.Contains(s.Err.Error(), "timeout") {
		t.Errorf("err = %v, want a timeout", s.Err)
	}
	o = child("OASGEN_BENCH_CHILD=200", "OASGEN_BENCH_SLEEP=1")
	o.MaxRSS = 50 << 20
	o.Timeout = 10 * time.Minute // killed for memory however slowly it allocates
	s = runMeasured(context.Background(), []string{os.Args[0]}, o)
	if s.Err == nil || !strings.Contains(s.Err.Error(), "resident memory") {
		t.Errorf("err = %v, want killed for memory", s.Err)
	}
	s = runMeasured(context.Background(), []string{filepath.Join(t.TempDir(), "missing")}, runOpts{})
	if s.Err == nil {
		t.Error("missing binary: no error")
	}
}

func TestMedians(t *testing.T) {
	d := []time.Duration{5, 1, 3}
	if got := medianDur(d); got != 3 {
		t.Errorf("medianDur = %v", got)
	}
	if got := medianDur([]time.Duration{4, 1, 3, 2}); got != 2 { // (2+3)/2 truncated
		t.Errorf("medianDur even = %v", got)
	}
	if d[0] != 5 {
		t.Error("medianDur sorted its argument")
	}
	if got := medianInt([]int64{10, 30, 20, 40}); got != 25 {
		t.Errorf("medianInt = %d", got)
	}
	if medianDur(nil) != 0 || medianInt(nil) != 0 || minDur(nil) != 0 {
		t.Error("empty input")
	}
	if got := minDur([]time.Duration{4, 2, 9}); got != 2 {
		t.Errorf("minDur = %v", got)
	}
}

func TestLeastSquares(t *testing.T) {
	x := []float64{1, 2, 3, 4}
	y := []float64{3, 5, 7, 9} // 1 + 2x
	f := leastSquares(x, y)
	if math.Abs(f.A-1) > 1e-9 || math.Abs(f.B-2) > 1e-9 || math.Abs(f.R2-1) > 1e-9 || f.N != 4 {
		t.Errorf("fit = %+v", f)
	}
	sq := []float64{1, 4, 9, 16}
	if k := logLogSlope(x, sq); math.Abs(k.B-2) > 1e-9 {
		t.Errorf("log-log slope of x² = %v, want 2", k.B)
	}
	if k := logLogSlope([]float64{0, 1, 2}, []float64{5, 3, 6}); k.N != 2 {
		t.Errorf("non-positive points not dropped: %+v", k)
	}
	if f := leastSquares([]float64{1}, []float64{1}); f.B != 0 {
		t.Errorf("one point: %+v", f)
	}
	noisy := leastSquares([]float64{1, 2, 3}, []float64{1, 3, 2})
	if noisy.R2 <= 0 || noisy.R2 >= 1 {
		t.Errorf("R² = %v", noisy.R2)
	}
}

func TestPickBySize(t *testing.T) {
	var files []specFile
	for i := range 200 {
		files = append(files, specFile{Path: fmt.Sprintf("api/f%03d.json", i), Size: int64(100 * math.Pow(1.1, float64(i)))})
	}
	files = append(files, specFile{Path: "api/tiny.json", Size: 10}, specFile{Path: "api/batch.json", Size: 5000})
	sortSpecFiles(files)
	got := pickBySize(files, 12, 1000, 0, "api/batch.json")
	if len(got) != 13 {
		t.Fatalf("picked %d, want 12 + batch", len(got))
	}
	if got[len(got)-1].Path != "api/f199.json" {
		t.Errorf("largest not picked: %v", got[len(got)-1])
	}
	seen := map[string]bool{}
	for i, f := range got {
		if f.Size < 1000 {
			t.Errorf("%s below the minimum", f.Path)
		}
		if seen[f.Path] {
			t.Errorf("%s picked twice", f.Path)
		}
		seen[f.Path] = true
		if i > 0 && got[i-1].Size > f.Size {
			t.Error("not sorted by size")
		}
	}
	if !seen["api/batch.json"] {
		t.Error("always-file missing")
	}
	// Roughly geometric: consecutive picks (batch aside) grow by similar factors.
	var ratios []float64
	for i := 1; i < len(got); i++ {
		if got[i].Path != "api/batch.json" && got[i-1].Path != "api/batch.json" {
			ratios = append(ratios, float64(got[i].Size)/float64(got[i-1].Size))
		}
	}
	for _, r := range ratios {
		if r < 1.5 || r > 10 {
			t.Errorf("uneven spread: ratios %v", ratios)
			break
		}
	}
	if got := pickBySize(files[:3], 12, 0, 0); len(got) != 3 {
		t.Errorf("fewer files than points: got %d", len(got))
	}
	capped := pickBySize(files, 4, 1000, 3000, "api/batch.json")
	if len(capped) != 5 || capped[3].Size > 3000 || capped[4].Path != "api/batch.json" {
		t.Errorf("maxSize: got %v", capped)
	}
}

func TestListSpecFiles(t *testing.T) {
	root := t.TempDir()
	for name, size := range map[string]int{"api/a/b.json": 30, "api/c.json": 10, "api/d.yaml": 5} {
		p := filepath.Join(root, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, bytes.Repeat([]byte("x"), size), 0o644)
	}
	got, err := listSpecFiles(root)
	if err != nil {
		t.Fatal(err)
	}
	want := []specFile{{"api/c.json", 10}, {"api/a/b.json", 30}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

const untypedSrc = `package p

import "encoding/json"

type Typed struct {
	A string
	B []int
}

type Loose struct {
	A    any
	B, C *interface{}
	D    map[string]json.RawMessage
	E    []jx.Raw
	F    struct{ G any }
	H    interface{ M() }
	I    Typed
}

type Raw jx.Raw
type Bag map[string]any
type Alias = string

func f() {
	var seen struct{ X json.RawMessage }
	_ = seen
}
`

func TestCountUntyped(t *testing.T) {
	types, fields := countUntyped([]byte(untypedSrc))
	if types != 2 || fields != 6 {
		t.Errorf("countUntyped = %d types, %d fields; want 2, 6", types, fields)
	}
	if ty, f := countUntyped([]byte("not go")); ty+f != 0 {
		t.Error("unparsable file counted")
	}
}

func TestCountGo(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "a.go"), []byte(untypedSrc), 0o644)
	os.WriteFile(filepath.Join(dir, "b.go"), []byte("package p\n\nvar x = 1"), 0o644) // no final newline
	os.WriteFile(filepath.Join(dir, "a_test.go"), []byte("package p\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "README"), []byte("x\n"), 0o644)
	st, err := countGo(dir)
	if err != nil {
		t.Fatal(err)
	}
	wantLines := strings.Count(untypedSrc, "\n") + 3
	if st.Files != 2 || st.Lines != wantLines || st.UntypedTypes != 2 || st.UntypedFields != 6 {
		t.Errorf("countGo = %+v, want 2 files, %d lines, 2/6 untyped", st, wantLines)
	}
	if st.Bytes != int64(len(untypedSrc)+len("package p\n\nvar x = 1")) {
		t.Errorf("bytes = %d", st.Bytes)
	}
}

func TestOapiConfig(t *testing.T) {
	var cfg struct {
		Package  string
		Output   string
		Generate map[string]bool
	}
	if err := json.Unmarshal(peers.OapiConfig("batch", "/x/batch.gen.go"), &cfg); err != nil {
		t.Fatal(err)
	}
	if cfg.Package != "batch" || cfg.Output != "/x/batch.gen.go" {
		t.Errorf("cfg = %+v", cfg)
	}
	for _, k := range []string{"models", "client", "chi-server", "strict-server"} {
		if !cfg.Generate[k] {
			t.Errorf("generate.%s not set", k)
		}
	}
}

func TestLastLine(t *testing.T) {
	out := "INFO starting\nerror: bad thing at #/paths\nwarning x\n"
	if got := lastLine(out); got != "error: bad thing at #/paths" {
		t.Errorf("lastLine = %q", got)
	}
	if got := lastLine("a\npanic: boom\nerror: later\n"); got != "panic: boom" {
		t.Errorf("lastLine panic = %q", got)
	}
	if got := lastLine("just this\n\n"); got != "just this" {
		t.Errorf("lastLine plain = %q", got)
	}
}

func TestTailBuffer(t *testing.T) {
	var b tailBuffer
	b.Write(bytes.Repeat([]byte("a"), tailMax))
	b.Write([]byte("END"))
	s := b.String()
	if len(s) != tailMax || !strings.HasSuffix(s, "END") {
		t.Errorf("len %d, suffix %q", len(s), s[len(s)-3:])
	}
}

func fakeReport() *report {
	mk := func(name string, wall time.Duration, rss int64, lines int, build time.Duration) *genResult {
		r := &genResult{Gen: &generator{Name: name, Version: "v1", Settings: "s"}}
		for i := range 3 {
			r.Samples = append(r.Samples, sample{Wall: wall + time.Duration(i)*time.Millisecond, CPU: wall, MaxRSSKB: rss})
		}
		r.Stats = goStats{Files: 2, Lines: lines, Bytes: int64(lines * 40)}
		r.Build = buildResult{Clean: []time.Duration{build}, CleanCPU: []time.Duration{build}, Pkg: []time.Duration{build / 10}}
		return r
	}
	failed := &genResult{Gen: &generator{Name: "broken"}, Err: errors.New("exit | 1")}
	return &report{
		Date:      time.Date(2026, 1, 2, 3, 4, 0, 0, time.UTC),
		Machine:   machine{NProc: 2, CPU: "Example", GoVersion: "go1.26", LoadStart: "0.1 0.2 0.3"},
		LoadEnd:   "0.4 0.5 0.6",
		Spec:      "/c/package/api/azure.com/batch-BatchService.json",
		SpecSize:  587046,
		Runs:      3,
		BuildRuns: 1,
		Results: []*genResult{
			mk("oasgen", 100*time.Millisecond, 50<<10, 1000, 10*time.Second),
			mk("oapi-codegen", 400*time.Millisecond, 100<<10, 4000, 20*time.Second),
			failed,
		},
		Scaling: []*scalePoint{
			{Spec: specFile{"api/small.json", 1 << 20}, Samples: []sample{{Wall: time.Second, CPU: time.Second / 2, MaxRSSKB: 100 << 10}}},
			{Spec: specFile{"api/big.json", 4 << 20}, Samples: []sample{{Wall: 4 * time.Second, CPU: 2 * time.Second, MaxRSSKB: 400 << 10}}},
			{Spec: specFile{"api/bad.json", 8 << 20}, Samples: []sample{{Wall: time.Second / 2, CPU: time.Second / 2, MaxRSSKB: 10 << 10}}, Err: "oasgen: bad | ref"},
		},
	}
}

func TestWriteMarkdown(t *testing.T) {
	var b strings.Builder
	writeMarkdown(&b, fakeReport())
	md := b.String()
	for _, want := range []string{
		"| nproc | 2 |",
		"| oasgen | v1 | 0.101 s | 0.100 s | 0.100 s | 50.0 MiB | 2 | 1,000 |",
		"| oapi-codegen | 0.25 | 0.25 | 0.50 | 0.25 | 1.00 | 0.25 | 0.50 | 0.50 | 0.50 |",
		"| oasgen | 0 (0) | 10.0 s | 10.0 s | 1.000 s |",
		"| broken |  | failed: exit \\| 1 |",
		"| api/big.json | 4.0 MiB | 4.000 s | 2.000 s | 0.50 | 1.00 | 400.0 MiB | 100.0× | 0 | ok |",
		"error: oasgen: bad \\| ref",
		"| all | 3 |",
		"| successful | 2 | 0.000 s +1.000 s/MiB (1.000) | 1.00 | 0.000 s +0.500 s/MiB (1.000) | 1.00 | 0 MiB +100.0 MiB/MiB (1.000) | 1.00 |",
		"| successful, input ≥ 1 MiB | 2 |",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("report lacks %q:\n%s", want, md)
		}
	}
}

func TestCommasAndBytes(t *testing.T) {
	for in, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 1234567: "1,234,567"} {
		if got := commas(in); got != want {
			t.Errorf("commas(%d) = %q", in, got)
		}
	}
	if humanBytes(587046) != "573.3 KiB" || humanBytes(47125053) != "44.9 MiB" || humanBytes(12) != "12 B" {
		t.Error("humanBytes")
	}
	if ratio(1, 0) != "–" || ratio(1, 4) != "0.25" {
		t.Error("ratio")
	}
}

// TestRunSmall runs the tool end to end on the real corpus, without peers,
// builds or large definitions: it builds oasgen from this repository.
func TestRunSmall(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go build")
	}
	cache := defaultCacheDir()
	if _, err := os.Stat(filepath.Join(cache, "package", filepath.FromSlash(batchSpec))); err != nil {
		t.Skipf("corpus not found in %s", cache)
	}
	var out, log bytes.Buffer
	file := filepath.Join(t.TempDir(), "r", "bench.md")
	err := run(context.Background(), config{
		Cache: cache, Repo: "../../..", Runs: 1, Points: 2, ScalingRuns: 1, ScalingMin: 4096, ScalingMax: 20000,
		Timeout: 2 * time.Minute, Out: file, Stdout: &out, Stderr: &log, NowFunc: time.Now,
	})
	if err != nil {
		t.Fatalf("%v\n%s", err, log.String())
	}
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if string(data) != out.String() {
		t.Error("-o file differs from stdout")
	}
	for _, want := range []string{"| oasgen | ", "| 0 / 0 |", "api/azure.com/batch-BatchService.json | 573.3 KiB |", "| all | 3 |"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, out.String())
		}
	}
}

func TestExportRev(t *testing.T) {
	if testing.Short() {
		t.Skip("runs git")
	}
	dir, err := exportRev(context.Background(), "../../..", "HEAD", filepath.Join(t.TempDir(), "src"))
	if err != nil {
		t.Skipf("no git history here: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "cmd", "oasgen", "main.go")); err != nil {
		t.Errorf("exported tree lacks cmd/oasgen: %v", err)
	}
	if v := peers.GitVersion(dir); v == "" || v == "unknown" || strings.Contains(v, "dirty") {
		t.Errorf("gitVersion of the export = %q", v)
	}
}
