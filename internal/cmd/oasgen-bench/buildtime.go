package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// buildModule is the throwaway module holding one generated package.
const buildModule = "bench.local/gen"

// buildResult is the `go build` timing of one generated package.
type buildResult struct {
	Clean    []time.Duration // fresh GOCACHE: the package, its dependencies and the standard library
	CleanCPU []time.Duration
	Pkg      []time.Duration // dependencies cached: the generated package alone
	PkgCPU   []time.Duration // its CPU (go command and compiler)
	PkgRSSKB []int64         // its peak RSS: the compiler's, which dwarfs the go command's
	// Deps and NonStd count the packages a clean build compiles (go list
	// -deps, the generated package included) and those outside the
	// standard library.
	Deps, NonStd int
	Err          error
}

// countDeps lists the packages `go build ./pkg` compiles.
func countDeps(ctx context.Context, dir, pkg string) (all, nonStd int, err error) {
	cmd := exec.CommandContext(ctx, "go", "list", "-deps", "-f", "{{.Standard}}", "./"+pkg)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOPROXY=off", "GOFLAGS=-mod=mod")
	out, err := cmd.Output()
	if err != nil {
		return 0, 0, fmt.Errorf("go list -deps: %w", err)
	}
	for _, l := range strings.Fields(string(out)) {
		all++
		if l == "false" {
			nonStd++
		}
	}
	return all, nonStd, nil
}

// prepareBuildModule copies the generated package (only its .go files)
// into a new module dir/pkg and resolves the generator's runtime
// dependencies with `go mod tidy`, which downloads them into the module
// cache. That happens before, and is not part of, any timed build; the
// timed builds then run with GOPROXY=off so that nothing is fetched.
func prepareBuildModule(ctx context.Context, src, dir, pkg string, g *generator) error {
	if err := os.MkdirAll(filepath.Join(dir, pkg), 0o755); err != nil {
		return err
	}
	entries, err := os.ReadDir(src)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".go") {
			continue
		}
		data, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, pkg, e.Name()), data, 0o644); err != nil {
			return err
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "module %s\n\ngo 1.24\n", buildModule)
	for _, r := range g.Requires {
		fmt.Fprintf(&b, "\nrequire %s\n", r)
	}
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte(b.String()), 0o644); err != nil {
		return err
	}
	cmd := exec.CommandContext(ctx, "go", "mod", "tidy")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod")
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("go mod tidy: %v\n%s", err, clip(string(out), 2000))
	}
	return nil
}

// timeBuilds runs `go build ./pkg` runs times, each with GOCACHE set to a
// new empty folder (a clean build: the standard library and the runtime
// dependencies are compiled too), and after each clean build once more in
// the same cache with one extra file added to the package, which
// recompiles the generated package alone. (-no-clean times only the
// latter, interleaved across generators: warmPackageBuild,
// timePackageBuild.)
func timeBuilds(ctx context.Context, dir, pkg string, runs int, timeout time.Duration, logf func(string, ...any)) buildResult {
	var r buildResult
	for i := range runs {
		cache, err := os.MkdirTemp("", "oasgen-bench-gocache-")
		if err != nil {
			r.Err = err
			return r
		}
		env := buildEnv(cache)
		argv := []string{"go", "build", "./" + pkg}
		s := runMeasured(ctx, argv, runOpts{Dir: dir, Env: env, Timeout: timeout})
		if s.Err != nil {
			os.RemoveAll(cache)
			r.Err = fmt.Errorf("go build: %v", s.Err)
			return r
		}
		r.Clean = append(r.Clean, s.Wall)
		r.CleanCPU = append(r.CleanCPU, s.CPU)
		extra := filepath.Join(dir, pkg, "zz_bench_touch.go")
		if err := os.WriteFile(extra, fmt.Appendf(nil, "package %s\n\nconst benchTouch%d = %d\n", pkg, i, i), 0o644); err != nil {
			os.RemoveAll(cache)
			r.Err = err
			return r
		}
		s2 := runMeasured(ctx, argv, runOpts{Dir: dir, Env: env, Timeout: timeout})
		os.Remove(extra)
		os.RemoveAll(cache)
		if s2.Err != nil {
			r.Err = fmt.Errorf("go build (package only): %v", s2.Err)
			return r
		}
		r.addPkg(s2)
		logf("  build %d/%d: clean %.1fs (cpu %.1fs), package only %.1fs (cpu %.1fs, %.0f MiB)", i+1, runs, s.Wall.Seconds(), s.CPU.Seconds(), s2.Wall.Seconds(), s2.CPU.Seconds(), float64(s2.MaxRSSKB)/1024)
	}
	return r
}

// buildEnv is the environment of a timed go build in the GOCACHE folder
// cache: offline, outside any workspace, module graph as go.mod says.
func buildEnv(cache string) []string {
	return append(os.Environ(), "GOCACHE="+cache, "GOWORK=off", "GOPROXY=off", "GOFLAGS=-mod=mod -buildvcs=false")
}

// warmPackageBuild builds pkg once, untimed, in the shared GOCACHE folder
// cache: the dependencies then compile once for every generator, and
// timePackageBuild times the generated package alone.
func warmPackageBuild(ctx context.Context, dir, pkg, cache string, timeout time.Duration) error {
	env := buildEnv(cache)
	if s := runMeasured(ctx, []string{"go", "build", "./" + pkg}, runOpts{Dir: dir, Env: env, Timeout: timeout}); s.Err != nil {
		return fmt.Errorf("go build: %v", s.Err)
	}
	return nil
}

// timePackageBuild times build i of pkg alone in the shared GOCACHE
// folder cache: a new constant in an extra file makes the package
// recompile, its dependencies come from the cache.
func timePackageBuild(ctx context.Context, dir, pkg string, i int, cache string, timeout time.Duration) (sample, error) {
	env := buildEnv(cache)
	extra := filepath.Join(dir, pkg, "zz_bench_touch.go")
	defer os.Remove(extra)
	if err := os.WriteFile(extra, fmt.Appendf(nil, "package %s\n\nconst benchTouch%d = %d\n", pkg, i, i), 0o644); err != nil {
		return sample{}, err
	}
	s := runMeasured(ctx, []string{"go", "build", "./" + pkg}, runOpts{Dir: dir, Env: env, Timeout: timeout})
	if s.Err != nil {
		return s, fmt.Errorf("go build (package only): %v", s.Err)
	}
	return s, nil
}

// addPkg records a package-only build.
func (r *buildResult) addPkg(s sample) {
	r.Pkg = append(r.Pkg, s.Wall)
	r.PkgCPU = append(r.PkgCPU, s.CPU)
	r.PkgRSSKB = append(r.PkgRSSKB, s.MaxRSSKB)
}
