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
// recompiles the generated package alone. With a shared cache folder it
// builds once untimed in that cache (the dependencies compile once for
// every generator) and then times runs package-only builds.
func timeBuilds(ctx context.Context, dir, pkg string, runs int, shared string, timeout time.Duration, logf func(string, ...any)) buildResult {
	if shared != "" {
		return timePackageBuilds(ctx, dir, pkg, runs, shared, timeout, logf)
	}
	var r buildResult
	for i := range runs {
		cache, err := os.MkdirTemp("", "oasgen-bench-gocache-")
		if err != nil {
			r.Err = err
			return r
		}
		env := append(os.Environ(), "GOCACHE="+cache, "GOWORK=off", "GOPROXY=off", "GOFLAGS=-mod=mod -buildvcs=false")
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

// timePackageBuilds is timeBuilds without clean builds, in the shared
// GOCACHE folder cache.
func timePackageBuilds(ctx context.Context, dir, pkg string, runs int, cache string, timeout time.Duration, logf func(string, ...any)) buildResult {
	var r buildResult
	env := append(os.Environ(), "GOCACHE="+cache, "GOWORK=off", "GOPROXY=off", "GOFLAGS=-mod=mod -buildvcs=false")
	argv := []string{"go", "build", "./" + pkg}
	if s := runMeasured(ctx, argv, runOpts{Dir: dir, Env: env, Timeout: timeout}); s.Err != nil {
		r.Err = fmt.Errorf("go build: %v", s.Err)
		return r
	}
	extra := filepath.Join(dir, pkg, "zz_bench_touch.go")
	defer os.Remove(extra)
	for i := range runs {
		// A new constant each time, so that the package recompiles.
		if err := os.WriteFile(extra, fmt.Appendf(nil, "package %s\n\nconst benchTouch%d = %d\n", pkg, i, i), 0o644); err != nil {
			r.Err = err
			return r
		}
		s := runMeasured(ctx, argv, runOpts{Dir: dir, Env: env, Timeout: timeout})
		if s.Err != nil {
			r.Err = fmt.Errorf("go build (package only): %v", s.Err)
			return r
		}
		r.addPkg(s)
		logf("  package-only build %d/%d: %.1fs (cpu %.1fs, %.0f MiB)", i+1, runs, s.Wall.Seconds(), s.CPU.Seconds(), float64(s.MaxRSSKB)/1024)
	}
	return r
}

// addPkg records a package-only build.
func (r *buildResult) addPkg(s sample) {
	r.Pkg = append(r.Pkg, s.Wall)
	r.PkgCPU = append(r.PkgCPU, s.CPU)
	r.PkgRSSKB = append(r.PkgRSSKB, s.MaxRSSKB)
}
