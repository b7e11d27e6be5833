// Command oasgen-bench measures oasgen's generation speed, memory and output
// against its peers oapi-codegen and ogen, on one machine in one run, and
// prints a Markdown report (also written to -o):
//
//	go run ./internal/cmd/oasgen-bench -o /tmp/bench.md
//
// What it measures:
//
//   - Whole-process generation of Microsoft's Batch definition
//     2019-08-01.10.0 (api/azure.com/batch-BatchService.json of the public
//     corpus) by oasgen (built once with go build), oapi-codegen v2.8.2
//     (models, client, chi server, strict server) and ogen v1.24.0: after
//     -warmup unmeasured rounds, -runs rounds in which each generator runs
//     once (interleaved, so that a change in machine load hits all alike),
//     each into an empty folder. Reported: median and minimum wall time,
//     median CPU time (user+system), median peak RSS (rusage ru_maxrss from
//     ProcessState.SysUsage), and the generated files, lines, bytes and
//     untyped struct fields (any, interface{}, json.RawMessage, jx.Raw).
//   - `go build` of each generated package in a throwaway module: first
//     `go mod tidy` fetches the generator's runtime dependencies into the
//     module cache (not timed), then each build runs with GOCACHE set to a
//     new empty folder and GOPROXY=off, so the time is compiling only: the
//     package, its dependencies and the standard library ("clean"). A second
//     build in the same cache, with one file added to the package, times the
//     generated package alone ("package only").
//   - Scaling: oasgen over -scaling-points corpus definitions whose sizes are
//     spread geometrically from -scaling-min up to the largest file (plus
//     the Batch file), with wall time and peak RSS against input size, per-MB
//     ratios, a least-squares line and the log-log slope (1 = linear). A
//     definition oasgen fails on is still a point; its error is reported.
//
// The corpus is found like internal/cmd/oasgen-corpus finds it (-cache, default
// $OASGEN_CORPUS_CACHE or the user cache folder's oasgen/corpus) and, when
// absent, fetched by running `go run ./internal/cmd/oasgen-corpus -fetch-only`.
// The peers are installed with `go install` into the work folder.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/oasgen/oasgen/internal/peers"
	"github.com/oasgen/oasgen/internal/proc"
)

// batchSpec is the measured definition, relative to the unpacked package.
const batchSpec = "api/azure.com/batch-BatchService.json"

type config struct {
	Cache       string
	Repo        string
	Rev         string
	Spec        string
	Peers       string
	Runs        int
	Warmup      int
	BuildRuns   int
	NoClean     bool // package-only builds in one shared GOCACHE, no clean builds
	Points      int
	ScalingRuns int
	ScalingMin  int64
	ScalingMax  int64
	Timeout     time.Duration
	MaxRSSMiB   int64
	Out         string
	Work        string
	Keep        bool
	Fetch       bool
	Stdout      io.Writer
	Stderr      io.Writer
	NowFunc     func() time.Time
	skipMachine bool // tests
}

func main() {
	cfg := config{Stdout: os.Stdout, Stderr: os.Stderr, NowFunc: time.Now}
	flag.StringVar(&cfg.Cache, "cache", defaultCacheDir(), "corpus cache `dir` (as internal/cmd/oasgen-corpus -cache)")
	flag.StringVar(&cfg.Repo, "repo", ".", "oasgen repository `dir` (to build ./cmd/oasgen)")
	flag.StringVar(&cfg.Rev, "rev", "", "build oasgen from this git revision of -repo (exported with git archive) instead of the working tree")
	flag.StringVar(&cfg.Spec, "spec", "", "definition to measure (default: the cache's "+batchSpec+")")
	flag.StringVar(&cfg.Peers, "peers", "oapi-codegen,ogen", "comma-separated peers to compare with (empty: none)")
	flag.IntVar(&cfg.Runs, "runs", 7, "measured rounds per generator")
	flag.IntVar(&cfg.Warmup, "warmup", 1, "unmeasured warm-up rounds")
	flag.IntVar(&cfg.BuildRuns, "build-runs", 3, "clean go builds per generated package (0 = skip)")
	flag.BoolVar(&cfg.NoClean, "no-clean", false, "skip the clean builds: time -build-runs package-only builds per package in one shared GOCACHE, interleaved across generators (much faster on a loaded machine)")
	flag.IntVar(&cfg.Points, "scaling-points", 12, "corpus definitions for the scaling table (0 = skip)")
	flag.IntVar(&cfg.ScalingRuns, "scaling-runs", 3, "runs per scaling point (one only when a run takes over 10s)")
	flag.Int64Var(&cfg.ScalingMin, "scaling-min", 4096, "smallest definition size in bytes for the scaling table")
	flag.Int64Var(&cfg.ScalingMax, "scaling-max", 0, "largest definition size in bytes for the scaling table (0 = the largest file)")
	flag.DurationVar(&cfg.Timeout, "timeout", 10*time.Minute, "timeout per generator run and per go build")
	flag.Int64Var(&cfg.MaxRSSMiB, "maxrss", 16384, "kill a generator run above this resident memory, in MiB (0 = no bound)")
	flag.StringVar(&cfg.Out, "o", "", "also write the Markdown report to `file`")
	flag.StringVar(&cfg.Work, "work", "", "work `dir` (default: a temp dir, removed afterwards)")
	flag.BoolVar(&cfg.Keep, "keep", false, "keep the work dir")
	flag.BoolVar(&cfg.Fetch, "fetch", true, "fetch the corpus with internal/cmd/oasgen-corpus -fetch-only when it is missing")
	flag.Parse()
	if flag.NArg() > 0 {
		fmt.Fprintf(os.Stderr, "oasgen-bench: unexpected arguments %q\n", flag.Args())
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, cfg); err != nil {
		fmt.Fprintf(os.Stderr, "oasgen-bench: %v\n", err)
		os.Exit(1)
	}
}

// defaultCacheDir is where internal/cmd/oasgen-corpus and the upstream tests look:
// $OASGEN_CORPUS_CACHE, else the user cache folder's oasgen/corpus.
func defaultCacheDir() string {
	if c := os.Getenv("OASGEN_CORPUS_CACHE"); c != "" {
		return c
	}
	dir, err := os.UserCacheDir()
	if err != nil {
		return filepath.Join(os.TempDir(), "oasgen-corpus-cache")
	}
	return filepath.Join(dir, "oasgen", "corpus")
}

// genResult is one generator's Batch measurement.
type genResult struct {
	Gen     *generator
	Samples []sample
	Stats   goStats
	Build   buildResult
	Err     error
}

// scalePoint is one definition of the scaling table.
type scalePoint struct {
	Spec    specFile
	Samples []sample
	Stats   goStats
	Err     string
}

type report struct {
	Date      time.Time
	Machine   machine
	Spec      string
	SpecSize  int64
	Runs      int
	Warmup    int
	BuildRuns int
	Results   []*genResult
	Scaling   []*scalePoint
	LoadEnd   string
	Elapsed   time.Duration
}

func run(ctx context.Context, cfg config) error {
	logf := func(format string, args ...any) { fmt.Fprintf(cfg.Stderr, "oasgen-bench: "+format+"\n", args...) }
	if cfg.Runs < 1 {
		cfg.Runs = 1
	}
	start := cfg.NowFunc()
	repo, err := filepath.Abs(cfg.Repo)
	if err != nil {
		return err
	}
	root := filepath.Join(cfg.Cache, "package")
	spec := cfg.Spec
	if spec == "" {
		spec = filepath.Join(root, filepath.FromSlash(batchSpec))
	}
	needCorpus := cfg.Spec == "" || cfg.Points > 0
	if _, err := os.Stat(filepath.Join(root, "api")); err != nil && needCorpus {
		if !cfg.Fetch {
			return fmt.Errorf("corpus not found in %s (go run ./internal/cmd/oasgen-corpus -fetch-only)", cfg.Cache)
		}
		logf("corpus not found in %s: fetching it with internal/cmd/oasgen-corpus -fetch-only", cfg.Cache)
		cmd := exec.CommandContext(ctx, "go", "run", "./internal/cmd/oasgen-corpus", "-cache", cfg.Cache, "-fetch-only")
		cmd.Dir = repo
		cmd.Stdout, cmd.Stderr = cfg.Stderr, cfg.Stderr
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("fetching the corpus: %w", err)
		}
	}
	info, err := os.Stat(spec)
	if err != nil {
		return err
	}

	work := cfg.Work
	if work == "" {
		if work, err = os.MkdirTemp("", "oasgen-bench-"); err != nil {
			return err
		}
	} else if work, err = filepath.Abs(work); err != nil {
		return err
	}
	if !cfg.Keep {
		defer os.RemoveAll(work)
	} else {
		logf("work dir: %s", work)
	}
	binDir := filepath.Join(work, "bin")
	aux := filepath.Join(work, "aux")
	for _, d := range []string{binDir, aux} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return err
		}
	}

	rep := &report{Date: start.UTC(), Spec: spec, SpecSize: info.Size(), Runs: cfg.Runs, Warmup: cfg.Warmup, BuildRuns: cfg.BuildRuns}
	if !cfg.skipMachine {
		rep.Machine = probeMachine()
	}
	buildRepo := repo
	if cfg.Rev != "" {
		if buildRepo, err = exportRev(ctx, repo, cfg.Rev, filepath.Join(work, "src")); err != nil {
			return err
		}
	}
	names := []string{"oasgen"}
	for _, p := range strings.Split(cfg.Peers, ",") {
		if p = strings.TrimSpace(p); p != "" && p != "oasgen" {
			names = append(names, p)
		}
	}
	for _, n := range names {
		g, err := setupGenerator(n, buildRepo, binDir, logf)
		if err != nil {
			return err
		}
		rep.Results = append(rep.Results, &genResult{Gen: g})
	}
	lim := runOpts{Env: os.Environ(), Timeout: cfg.Timeout, MaxRSS: cfg.MaxRSSMiB << 20}

	// Generation: warm-up rounds, then measured rounds, interleaved.
	const pkg = "batch"
	outOf := func(r *genResult) string { return filepath.Join(work, "gen", r.Gen.Name, pkg) }
	for round := range cfg.Warmup + cfg.Runs {
		measured := round >= cfg.Warmup
		for _, r := range rep.Results {
			if r.Err != nil {
				continue
			}
			dir := outOf(r)
			os.RemoveAll(dir)
			argv, err := r.Gen.Command(spec, dir, aux, pkg)
			if err != nil {
				return err
			}
			lim.Dir = aux
			s := runMeasured(ctx, argv, lim)
			if ctx.Err() != nil {
				return ctx.Err()
			}
			if s.Err != nil {
				r.Err = s.Err
				logf("%s failed: %v", r.Gen.Name, s.Err)
				continue
			}
			kind := "warm-up"
			if measured {
				kind = fmt.Sprintf("run %d/%d", round-cfg.Warmup+1, cfg.Runs)
				r.Samples = append(r.Samples, s)
			}
			logf("%-12s %s: %.3fs, cpu %.3fs, %.0f MiB", r.Gen.Name, kind, s.Wall.Seconds(), s.CPU.Seconds(), float64(s.MaxRSSKB)/1024)
		}
	}
	for _, r := range rep.Results {
		if r.Err != nil {
			continue
		}
		if r.Stats, err = countGo(outOf(r)); err != nil {
			return err
		}
	}

	// go build of each generated package.
	if cfg.BuildRuns > 0 {
		for _, r := range rep.Results {
			if r.Err != nil {
				continue
			}
			mod := filepath.Join(work, "build", r.Gen.Name)
			logf("%s: go mod tidy in %s (fetches runtime dependencies; not timed)", r.Gen.Name, mod)
			if err := prepareBuildModule(ctx, outOf(r), mod, pkg, r.Gen); err != nil {
				r.Build.Err = err
				logf("%s: %v", r.Gen.Name, err)
				continue
			}
			logf("%s: timing go build with a fresh GOCACHE", r.Gen.Name)
			deps, nonStd, err := countDeps(ctx, mod, pkg)
			if err != nil {
				r.Build.Err = err
				logf("%s: %v", r.Gen.Name, err)
				continue
			}
			if cfg.NoClean {
				// Timed below, interleaved with the other generators'.
				if err := warmPackageBuild(ctx, mod, pkg, filepath.Join(work, "gocache"), cfg.Timeout); err != nil {
					r.Build.Err = err
					logf("%s: %v", r.Gen.Name, err)
				}
				r.Build.Deps, r.Build.NonStd = deps, nonStd
				continue
			}
			r.Build = timeBuilds(ctx, mod, pkg, cfg.BuildRuns, cfg.Timeout, logf)
			r.Build.Deps, r.Build.NonStd = deps, nonStd
			if ctx.Err() != nil {
				return ctx.Err()
			}
			if r.Build.Err != nil {
				logf("%s: %v", r.Gen.Name, r.Build.Err)
			}
		}
		// Package-only builds in one shared cache: round by round, one
		// build of each generator's package per round, so that a change in
		// the machine's load falls on all of them alike.
		for i := range cfg.BuildRuns {
			if !cfg.NoClean {
				break
			}
			for _, r := range rep.Results {
				if r.Err != nil || r.Build.Err != nil {
					continue
				}
				mod := filepath.Join(work, "build", r.Gen.Name)
				s, err := timePackageBuild(ctx, mod, pkg, i, filepath.Join(work, "gocache"), cfg.Timeout)
				if ctx.Err() != nil {
					return ctx.Err()
				}
				if err != nil {
					r.Build.Err = err
					logf("%s: %v", r.Gen.Name, err)
					continue
				}
				r.Build.addPkg(s)
				logf("%-12s package-only build %d/%d: %.1fs (cpu %.1fs, %.0f MiB)", r.Gen.Name, i+1, cfg.BuildRuns, s.Wall.Seconds(), s.CPU.Seconds(), float64(s.MaxRSSKB)/1024)
			}
		}
	}

	// Scaling.
	if cfg.Points > 0 {
		files, err := listSpecFiles(root)
		if err != nil {
			return err
		}
		var always []string
		if rel, err := filepath.Rel(root, spec); err == nil && !strings.HasPrefix(rel, "..") {
			always = append(always, filepath.ToSlash(rel))
		}
		picked := pickBySize(files, cfg.Points, cfg.ScalingMin, cfg.ScalingMax, always...)
		oasgen := rep.Results[0]
		for i, f := range picked {
			p := &scalePoint{Spec: f}
			dir := filepath.Join(work, "scale", "p")
			for k := range max(1, cfg.ScalingRuns) {
				os.RemoveAll(dir)
				argv, _ := oasgen.Gen.Command(filepath.Join(root, filepath.FromSlash(f.Path)), dir, aux, "p")
				s := runMeasured(ctx, argv, lim)
				if ctx.Err() != nil {
					return ctx.Err()
				}
				p.Samples = append(p.Samples, s)
				if s.Err != nil {
					p.Err = s.Err.Error()
					break
				}
				if k == 0 {
					if p.Stats, err = countGo(dir); err != nil {
						return err
					}
				}
				if s.Wall > 10*time.Second {
					break
				}
			}
			os.RemoveAll(dir)
			last := p.Samples[len(p.Samples)-1]
			status := "ok"
			if p.Err != "" {
				status = "FAIL " + p.Err
			}
			logf("scaling %d/%d %s (%s): %.3fs, %.0f MiB, %s", i+1, len(picked), f.Path, humanBytes(f.Size), last.Wall.Seconds(), float64(last.MaxRSSKB)/1024, clip(status, 120))
			rep.Scaling = append(rep.Scaling, p)
		}
	}

	if !cfg.skipMachine {
		rep.LoadEnd = proc.LoadAvg()
	}
	rep.Elapsed = cfg.NowFunc().Sub(start)
	var b strings.Builder
	writeMarkdown(&b, rep)
	fmt.Fprint(cfg.Stdout, b.String())
	if cfg.Out != "" {
		if err := os.MkdirAll(filepath.Dir(cfg.Out), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(cfg.Out, []byte(b.String()), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// exportRev writes the tree of rev into dir with git archive, so that
// oasgen is built from a committed revision whatever the working tree
// holds, and returns dir. The version shown is rev's description.
func exportRev(ctx context.Context, repo, rev, dir string) (string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	cmd := exec.CommandContext(ctx, "sh", "-c", `git -C "$1" archive --format=tar "$2" | tar -x -C "$3"`, "sh", repo, rev, dir)
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("exporting %s: %v\n%s", rev, err, out)
	}
	desc, err := exec.CommandContext(ctx, "git", "-C", repo, "describe", "--always", rev).Output()
	if err != nil {
		return "", fmt.Errorf("git describe %s: %w", rev, err)
	}
	return dir, os.WriteFile(filepath.Join(dir, peers.VersionFile), desc, 0o644)
}

// machine describes where the figures were taken.
type machine struct {
	NProc     int
	CPU       string
	MemTotal  string
	GoVersion string
	Kernel    string
	LoadStart string
}

func probeMachine() machine {
	m := machine{NProc: runtime.NumCPU(), LoadStart: proc.LoadAvg()}
	if data, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		m.CPU = proc.CPUModel(string(data), "unknown")
	}
	if data, err := os.ReadFile("/proc/meminfo"); err == nil {
		for _, l := range strings.Split(string(data), "\n") {
			if rest, ok := strings.CutPrefix(l, "MemTotal:"); ok {
				m.MemTotal = strings.TrimSpace(rest)
			}
		}
	}
	if out, err := exec.Command("go", "version").Output(); err == nil {
		m.GoVersion = strings.TrimSpace(string(out))
	}
	if data, err := os.ReadFile("/proc/sys/kernel/osrelease"); err == nil {
		m.Kernel = strings.TrimSpace(string(data))
	}
	return m
}
