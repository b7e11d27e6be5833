package main

import (
	"bufio"
	"context"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"time"
)

// The generated packages live in one temporary module, outDir, as
// corpusModule/pNNNN.
const corpusModule = "oasgen.corpus/gen"

// compileOptions control the type-check step.
type compileOptions struct {
	// Mode is "build" (`go build`; non-main packages' objects are
	// discarded) or "vet" (`go vet -unusedresult`, which compiles each
	// package and then type-checks it again with go/types: slower).
	Mode         string
	BatchSize    int
	BatchTimeout time.Duration
	Parallel     int   // go -p; checker processes in types mode
	MaxRSS       int64 // memory bound per checker process (types mode)
	// Packages with more than BigBytes of Go source are checked one at a
	// time after all the others, each with BigTimeout, so that a giant
	// package (Microsoft Graph: over 100 MB of Go) neither holds up a
	// batch of small ones nor is cut short by the batch timeout.
	BigBytes   int64
	BigTimeout time.Duration
	Logf       func(string, ...any)
}

// splitBig separates packages with more than limit bytes of Go source.
func splitBig(outDir string, pkgs []string, limit int64) (small, big []string) {
	if limit <= 0 {
		return pkgs, nil
	}
	for _, p := range pkgs {
		var n int64
		files, _ := filepath.Glob(filepath.Join(outDir, p, "*.go"))
		for _, f := range files {
			if fi, err := os.Stat(f); err == nil {
				n += fi.Size()
			}
		}
		if n > limit {
			big = append(big, p)
		} else {
			small = append(small, p)
		}
	}
	return small, big
}

// writeModule writes outDir/go.mod for the generated packages and runs
// `go mod tidy -e` so that peers' runtime dependencies are resolved.
func writeModule(ctx context.Context, outDir string, g *generator, logf func(string, ...any)) error {
	var b strings.Builder
	fmt.Fprintf(&b, "module %s\n\ngo 1.24\n", corpusModule)
	if len(g.Requires) > 0 {
		b.WriteString("\nrequire (\n")
		for _, r := range g.Requires {
			fmt.Fprintf(&b, "\t%s\n", r)
		}
		b.WriteString(")\n")
	}
	for _, r := range g.Replaces {
		fmt.Fprintf(&b, "\nreplace %s\n", r)
	}
	if err := os.WriteFile(filepath.Join(outDir, "go.mod"), []byte(b.String()), 0o644); err != nil {
		return err
	}
	logf("go mod tidy -e in %s", outDir)
	cmd := exec.CommandContext(ctx, "go", "mod", "tidy", "-e")
	cmd.Dir = outDir
	cmd.Env = goEnv()
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("go mod tidy: %v\n%s", err, truncate(string(out), 2000))
	}
	return nil
}

func goEnv() []string {
	return append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod -buildvcs=false")
}

// compileResult is the verdict for one package.
type compileResult struct {
	OK    bool
	Error string
}

// compilePackages type-checks the packages (directory names under outDir)
// in batches and attributes errors to packages by the file paths in the go
// command's output. A package with no attributed error compiled, unless
// its batch failed without any attributable error or timed out.
func compilePackages(ctx context.Context, outDir string, pkgs []string, opt compileOptions) map[string]compileResult {
	res := make(map[string]compileResult, len(pkgs))
	if opt.BatchSize <= 0 {
		opt.BatchSize = 200
	}
	small, big := splitBig(outDir, pkgs, opt.BigBytes)
	pkgs = small
	for start := 0; start < len(pkgs); start += opt.BatchSize {
		batch := pkgs[start:min(start+opt.BatchSize, len(pkgs))]
		opt.Logf("type-checking packages %d-%d of %d (%s)", start+1, start+len(batch), len(pkgs), opt.Mode)
		args := []string{"build"}
		if opt.Mode == "vet" {
			args = []string{"vet", "-unusedresult"}
		}
		if opt.Parallel > 0 {
			args = append(args, fmt.Sprintf("-p=%d", opt.Parallel))
		}
		for _, p := range batch {
			args = append(args, "./"+p)
		}
		bctx := ctx
		var cancel context.CancelFunc = func() {}
		if opt.BatchTimeout > 0 {
			bctx, cancel = context.WithTimeout(ctx, opt.BatchTimeout)
		}
		cmd := exec.CommandContext(bctx, "go", args...)
		cmd.Dir = outDir
		cmd.Env = goEnv()
		out, err := cmd.CombinedOutput()
		timedOut := bctx.Err() != nil
		cancel()
		errs := attributeErrors(string(out), batch)
		if timedOut && len(batch) > 1 {
			// One huge package must not fail its neighbours: check the
			// batch again one package at a time (finished ones are in
			// the build cache and cost nothing).
			one := opt
			one.BatchSize = 1
			for p, r := range compilePackages(ctx, outDir, batch, one) {
				res[p] = r
			}
			continue
		}
		for _, p := range batch {
			switch {
			case errs[p] != "":
				res[p] = compileResult{Error: errs[p]}
			case timedOut:
				res[p] = compileResult{Error: "type-check timed out"}
			case err != nil && len(errs) == 0:
				res[p] = compileResult{Error: "batch failed: " + firstErrorLine(string(out), 160)}
			default:
				res[p] = compileResult{OK: true}
			}
		}
	}
	one := opt
	one.BatchSize, one.BigBytes = 1, 0
	if opt.BigTimeout > 0 {
		one.BatchTimeout = opt.BigTimeout
	}
	for _, p := range big {
		start := time.Now()
		maps.Copy(res, compilePackages(ctx, outDir, []string{p}, one))
		opt.Logf("%s (more than %d MiB of Go) checked on its own in %.0fs: %+v", p, opt.BigBytes>>20, time.Since(start).Seconds(), res[p])
	}
	return res
}

var (
	// p0001/file.go:12:3: message   (optionally prefixed by "vet: " or "./")
	posLine = regexp.MustCompile(`^(?:vet: )?(?:\./)?(p\d+)/[^:\s]+\.go:\d+(?::\d+)?: (.*)$`)
	// # oasgen.corpus/gen/p0001
	headerLine = regexp.MustCompile(`^# ` + regexp.QuoteMeta(corpusModule) + `/(p\d+)\b`)
	// package oasgen.corpus/gen/p0001: ... or oasgen.corpus/gen/p0001: ...
	pkgLine = regexp.MustCompile(`^(?:package )?` + regexp.QuoteMeta(corpusModule) + `/(p\d+)(?:\s*:|\s)\s*(.*)$`)
)

// attributeErrors maps package dir -> first error line from go build/vet
// output.
func attributeErrors(out string, batch []string) map[string]string {
	inBatch := make(map[string]bool, len(batch))
	for _, p := range batch {
		inBatch[p] = true
	}
	errs := map[string]string{}
	set := func(p, msg string) {
		if inBatch[p] && errs[p] == "" && msg != "" {
			errs[p] = truncate(strings.TrimSpace(msg), 160)
		}
	}
	cur := ""
	sc := bufio.NewScanner(strings.NewReader(out))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		if m := headerLine.FindStringSubmatch(line); m != nil {
			cur = m[1]
			continue
		}
		if m := posLine.FindStringSubmatch(line); m != nil {
			set(m[1], m[2])
			continue
		}
		if m := pkgLine.FindStringSubmatch(line); m != nil {
			set(m[1], m[2])
			continue
		}
		if cur != "" && !strings.HasPrefix(line, "go: ") {
			set(cur, strings.TrimPrefix(line, "vet: "))
		}
	}
	return errs
}
