// Command oasgen-rtbench compares the runtime cost of the Go server and
// client that oasgen, ogen and oapi-codegen generate from the same upstream
// Batch definition (2019-08-01.10.0), in one run on one machine.
//
// It builds oasgen from -repo, installs the pinned peers with `go install`
// into a temporary GOBIN, generates the three packages into a temporary
// module, writes a benchmark file for each (see benchsrc.go), runs
// `go test -bench . -benchmem -count N -p 1` there and writes a markdown
// report of the ratios oasgen ÷ peer. Nothing generated is kept unless -keep.
//
//	go run ./internal/cmd/oasgen-rtbench -out docs/runtime-benchmarks.md
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/oasgen/oasgen/internal/proc"
)

func main() {
	repo := flag.String("repo", ".", "oasgen repository to build oasgen from")
	spec := flag.String("spec", "", "Batch 2019-08-01.10.0 definition (default: CACHE/"+specRel+", fetched if missing)")
	cache := flag.String("cache", defaultCache(), "corpus cache (as for internal/cmd/oasgen-corpus)")
	out := flag.String("out", "docs/runtime-benchmarks.md", "report file; - for stdout")
	count := flag.Int("count", 5, "go test -count")
	benchtime := flag.String("benchtime", "", "go test -benchtime (default: go test's)")
	bench := flag.String("bench", ".", "go test -bench regexp")
	rounds := flag.Bool("rounds", true, "run -count 1 over all packages COUNT times (interleaved, so load drift hits every generator alike) instead of one go test -count COUNT")
	profile := flag.Bool("profile", true, "profile oasgen's CancelDeleteServer and add pprof -top to the report")
	work := flag.String("work", "", "work directory (default: a new temporary directory)")
	keep := flag.Bool("keep", false, "keep the work directory")
	quiet := flag.Bool("q", false, "do not log commands")
	flag.Parse()

	logf := func(format string, args ...any) {
		if !*quiet {
			fmt.Fprintf(os.Stderr, "rtbench: "+format+"\n", args...)
		}
	}
	if err := run(config{
		repo: *repo, spec: *spec, cache: *cache, out: *out, count: *count, benchtime: *benchtime,
		bench: *bench, profile: *profile, work: *work, keep: *keep, rounds: *rounds,
	}, logf); err != nil {
		fmt.Fprintln(os.Stderr, "oasgen-rtbench:", err)
		os.Exit(1)
	}
}

type config struct {
	repo, spec, cache, out, benchtime, bench, work string
	count                                          int
	profile, keep, rounds                          bool
}

func defaultCache() string {
	if c := os.Getenv("OASGEN_CORPUS_CACHE"); c != "" {
		return c
	}
	dir, err := os.UserCacheDir()
	if err != nil {
		return filepath.Join(os.TempDir(), "oasgen-corpus-cache")
	}
	return filepath.Join(dir, "oasgen", "corpus")
}

func run(cfg config, logf func(string, ...any)) error {
	repo, err := filepath.Abs(cfg.repo)
	if err != nil {
		return err
	}
	r := &runner{logf: logf, env: goEnv()}
	spec, err := r.resolveSpec(cfg.spec, cfg.cache, repo)
	if err != nil {
		return err
	}
	work := cfg.work
	if work == "" {
		if work, err = os.MkdirTemp("", "oasgen-rtbench-"); err != nil {
			return err
		}
	}
	if !cfg.keep {
		defer os.RemoveAll(work)
	} else {
		logf("work directory: %s", work)
	}
	binDir, modDir := filepath.Join(work, "bin"), filepath.Join(work, "mod")
	os.RemoveAll(modDir) // generators write into it afresh
	for _, d := range []string{binDir, modDir} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return err
		}
	}
	t, err := r.installTools(repo, binDir)
	if err != nil {
		return err
	}
	gen, err := r.setupModule(modDir, repo, spec, t)
	if err != nil {
		return err
	}
	// Compile everything first (in parallel), so that a broken stub fails
	// fast and the timed run is not compiling.
	if err := r.run(modDir, "go", "test", "-count=1", "-run", "^$", "./..."); err != nil {
		return err
	}

	n, rounds := cfg.count, 1
	if cfg.rounds {
		n, rounds = 1, cfg.count
	}
	args := []string{"go", "test", "-run", "^$", "-bench", cfg.bench, "-benchmem", "-count", strconv.Itoa(n), "-p", "1"}
	if cfg.benchtime != "" {
		args = append(args, "-benchtime", cfg.benchtime)
	}
	args = append(args, "./...")
	command := strings.Join(args, " ")
	if rounds > 1 {
		command = fmt.Sprintf("%d rounds of `%s`", rounds, command)
	} else {
		command = "`" + command + "`"
	}
	mach := describeMachine(r)
	mach.LoadBefore = proc.LoadAvg()
	stop := sampleLoad(&mach)
	var outBytes []byte
	for i := 0; i < rounds; i++ {
		out, err := r.output(modDir, args...)
		if err != nil {
			stop()
			return err
		}
		outBytes = append(outBytes, out...)
	}
	stop()
	mach.LoadAfter = proc.LoadAvg()
	if err := os.WriteFile(filepath.Join(work, "bench.txt"), outBytes, 0o644); err != nil {
		return err
	}
	res, err := parseBench(bytes.NewReader(outBytes))
	if err != nil {
		return err
	}
	if res.get(pkgOasgen.Dir, "CancelDeleteServer") == nil && cfg.bench == "." {
		return fmt.Errorf("no oasgen results in:\n%s", outBytes)
	}

	prof := ""
	if cfg.profile {
		if prof, err = r.profileOasgen(modDir); err != nil {
			return err
		}
	}
	report := renderReport(reportInput{
		Res: res, Gen: gen, Mach: mach, Count: cfg.count, Profile: prof,
		Command: command,
	})
	if cfg.out == "-" {
		_, err = os.Stdout.WriteString(report)
		return err
	}
	out := cfg.out
	if !filepath.IsAbs(out) {
		out = filepath.Join(repo, out)
	}
	logf("writing %s", out)
	return os.WriteFile(out, []byte(report), 0o644)
}

// profileOasgen profiles the oasgen cancel-delete benchmark and returns
// the top of its CPU and allocation profiles.
func (r *runner) profileOasgen(modDir string) (string, error) {
	dir := filepath.Join(modDir, pkgOasgen.Dir)
	profDir, err := os.MkdirTemp(modDir, "_prof")
	if err != nil {
		return "", err
	}
	cpu, mem := filepath.Join(profDir, "cpu.out"), filepath.Join(profDir, "mem.out")
	bin := filepath.Join(profDir, "oasgen.test")
	// Two runs: recording every allocation (-memprofilerate 1) would swamp
	// the CPU profile with stack unwinding.
	base := []string{"go", "test", "-run", "^$", "-bench", "^BenchmarkCancelDeleteServer$", "-benchmem", "-o", bin}
	if err := r.run(dir, append(base, "-benchtime", "3s", "-cpuprofile", cpu)...); err != nil {
		return "", err
	}
	if err := r.run(dir, append(base, "-benchtime", "200000x", "-memprofile", mem, "-memprofilerate", "1")...); err != nil {
		return "", err
	}
	var b strings.Builder
	for _, v := range []struct{ title, args string }{
		{"CPU (flat)", "-top -nodecount 25 " + cpu},
		{"allocated objects (flat)", "-top -nodecount 20 -sample_index alloc_objects " + mem},
		{"allocated bytes (flat)", "-top -nodecount 15 -sample_index alloc_space " + mem},
	} {
		out, err := r.output(dir, append([]string{"go", "tool", "pprof"}, strings.Fields(v.args)...)...)
		if err != nil {
			return "", err
		}
		fmt.Fprintf(&b, "== %s\n%s\n", v.title, trimPprof(string(out)))
	}
	return b.String(), nil
}

// trimPprof drops pprof's header lines that name local files.
func trimPprof(s string) string {
	var keep []string
	for _, line := range strings.Split(s, "\n") {
		if strings.HasPrefix(line, "File: ") || strings.HasPrefix(line, "Build ID: ") || strings.HasPrefix(line, "Time: ") {
			continue
		}
		keep = append(keep, line)
	}
	return strings.TrimRight(strings.Join(keep, "\n"), "\n") + "\n"
}

func describeMachine(r *runner) machine {
	m := machine{NumCPU: runtime.NumCPU(), GOOSArch: runtime.GOOS + "/" + runtime.GOARCH, CPUModel: "unknown CPU"}
	if data, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		m.CPUModel = proc.CPUModel(string(data), m.CPUModel)
	}
	if out, err := r.output("", "go", "version"); err == nil {
		m.GoVersion = strings.TrimSpace(strings.TrimPrefix(string(out), "go version "))
	}
	return m
}

// sampleLoad records the range of the 1-minute load average every 5s until
// the returned stop is called.
func sampleLoad(m *machine) (stop func()) {
	var mu sync.Mutex
	first := true
	sample := func() {
		f := strings.Fields(proc.LoadAvg())
		if len(f) == 0 {
			return
		}
		v, err := strconv.ParseFloat(f[0], 64)
		if err != nil {
			return
		}
		mu.Lock()
		defer mu.Unlock()
		if first || v < m.LoadMin {
			m.LoadMin = v
		}
		if first || v > m.LoadMax {
			m.LoadMax = v
		}
		first = false
	}
	sample()
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		tick := time.NewTicker(5 * time.Second)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
				sample()
			}
		}
	}()
	return func() {
		close(done)
		wg.Wait()
		sample()
	}
}
