package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"io"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"
)

// Type checking with go/types (-compile-mode types, the default). The Go
// compiler spends most of its time after type checking (SSA, code
// generation), which says nothing about whether generated code is valid;
// on a 2-core machine `go build` of 2,600 generated packages takes hours.
// Here the imports of all packages are compiled once by `go list -export`,
// and the packages themselves are parsed and checked by worker processes
// (this program, with -typecheck-worker) that run under the same time and
// memory bounds as a generator: a package too large to check (Microsoft
// Graph: the compiler needs more than 24 GB for it) fails alone.

// typecheckPackages checks pkgs (directories under outDir) in batches.
func typecheckPackages(ctx context.Context, outDir string, pkgs []string, opt compileOptions) map[string]compileResult {
	res := make(map[string]compileResult, len(pkgs))
	exports, err := exportData(ctx, outDir, pkgs)
	if err == nil {
		var b []byte
		b, err = json.Marshal(exports)
		if err == nil {
			err = os.WriteFile(filepath.Join(outDir, "exports.json"), b, 0o644)
		}
	}
	if err != nil {
		for _, p := range pkgs {
			res[p] = compileResult{Error: "export data of imports: " + truncate(err.Error(), 140)}
		}
		return res
	}
	self, err := os.Executable()
	if err != nil {
		for _, p := range pkgs {
			res[p] = compileResult{Error: err.Error()}
		}
		return res
	}
	small, big := splitBig(outDir, pkgs, opt.BigBytes)
	var batches [][]string
	for start := 0; start < len(small); start += opt.BatchSize {
		batches = append(batches, small[start:min(start+opt.BatchSize, len(small))])
	}
	var mu sync.Mutex
	check := func(batch []string, timeout time.Duration) {
		for p, r := range typecheckBatch(ctx, self, outDir, batch, timeout, opt) {
			mu.Lock()
			res[p] = r
			mu.Unlock()
		}
	}
	work := make(chan []string)
	var wg sync.WaitGroup
	for range max(1, opt.Parallel) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for b := range work {
				check(b, opt.BatchTimeout)
			}
		}()
	}
	for i, b := range batches {
		opt.Logf("type-checking packages %s-%s (batch %d of %d, go/types)", b[0], b[len(b)-1], i+1, len(batches))
		work <- b
	}
	close(work)
	wg.Wait()
	for _, p := range big {
		start := time.Now()
		check([]string{p}, opt.BigTimeout)
		opt.Logf("%s (more than %d MiB of Go) checked on its own in %.0fs: %+v", p, opt.BigBytes>>20, time.Since(start).Seconds(), res[p])
	}
	return res
}

// typecheckBatch runs one worker over batch. When the worker dies (memory,
// time, crash) the batch is checked again one package at a time, so that
// one giant package fails alone.
func typecheckBatch(ctx context.Context, self, outDir string, batch []string, timeout time.Duration, opt compileOptions) map[string]compileResult {
	argv := append([]string{self, "-typecheck-worker", outDir}, batch...)
	lim := limits{Timeout: timeout, MaxRSS: opt.MaxRSS, OutLimit: 4 << 20}
	out := runLimited(ctx, argv, outDir, os.Environ(), lim)
	res := map[string]compileResult{}
	sc := bufio.NewScanner(strings.NewReader(out.Output))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		p, verdict, ok := strings.Cut(sc.Text(), "\t")
		if !ok || !slices.Contains(batch, p) {
			continue
		}
		if verdict == "ok" {
			res[p] = compileResult{OK: true}
		} else {
			res[p] = compileResult{Error: truncate(verdict, 160)}
		}
	}
	if len(res) == len(batch) {
		return res
	}
	if len(batch) > 1 {
		for _, p := range batch {
			if _, done := res[p]; !done {
				maps.Copy(res, typecheckBatch(ctx, self, outDir, []string{p}, timeout, opt))
			}
		}
		return res
	}
	why := "type-check failed: " + firstErrorLine(out.Output, 120)
	switch {
	case out.OOMKilled:
		why = fmt.Sprintf("type-check exceeded the memory bound (%d MiB)", opt.MaxRSS>>20)
	case out.TimedOut:
		why = fmt.Sprintf("type-check timed out (%s)", timeout)
	case out.Signal != "":
		why = "type-check killed: " + out.Signal
	}
	res[batch[0]] = compileResult{Error: why}
	return res
}

// exportData compiles every package the generated ones import and
// returns import path → export data file.
func exportData(ctx context.Context, outDir string, pkgs []string) (map[string]string, error) {
	imports := map[string]bool{}
	fset := token.NewFileSet()
	for _, p := range pkgs {
		files, _ := filepath.Glob(filepath.Join(outDir, p, "*.go"))
		for _, f := range files {
			af, err := parser.ParseFile(fset, f, nil, parser.ImportsOnly)
			if err != nil {
				continue // reported by the check itself
			}
			for _, s := range af.Imports {
				if path := strings.Trim(s.Path.Value, "\"`"); path != "unsafe" && path != "C" {
					imports[path] = true
				}
			}
		}
	}
	if len(imports) == 0 {
		return map[string]string{}, nil
	}
	args := append([]string{"list", "-e", "-export", "-deps", "-f", "{{.ImportPath}}\t{{.Export}}"}, slices.Sorted(maps.Keys(imports))...)
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = outDir
	cmd.Env = goEnv()
	var stderr strings.Builder
	cmd.Stderr = &stderr
	b, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("go list -export: %v: %s", err, truncate(stderr.String(), 400))
	}
	exports := map[string]string{}
	for line := range strings.SplitSeq(string(b), "\n") {
		if path, file, ok := strings.Cut(line, "\t"); ok && file != "" {
			exports[path] = file
		}
	}
	return exports, nil
}

// typecheckWorker is the worker process: it checks each package under
// dir and prints "pkg\tok" or "pkg\tfirst error", one line each.
func typecheckWorker(w io.Writer, dir string, pkgs []string) error {
	b, err := os.ReadFile(filepath.Join(dir, "exports.json"))
	if err != nil {
		return err
	}
	var exports map[string]string
	if err := json.Unmarshal(b, &exports); err != nil {
		return err
	}
	fset := token.NewFileSet()
	imp := importer.ForCompiler(fset, "gc", func(path string) (io.ReadCloser, error) {
		f, ok := exports[path]
		if !ok {
			return nil, fmt.Errorf("no export data for %q", path)
		}
		return os.Open(f)
	})
	for _, p := range pkgs {
		fmt.Fprintf(w, "%s\t%s\n", p, checkPackage(fset, imp, dir, p))
	}
	return nil
}

// checkPackage type-checks one package; "ok" or its first error, with
// file names relative to dir (p0001/models.go:12:3: ...).
func checkPackage(fset *token.FileSet, imp types.Importer, dir, p string) string {
	names, _ := filepath.Glob(filepath.Join(dir, p, "*.go"))
	var files []*ast.File
	for _, n := range names {
		if strings.HasSuffix(n, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, n, nil, parser.SkipObjectResolution)
		if err != nil {
			return relError(err, dir)
		}
		files = append(files, f)
	}
	if len(files) == 0 {
		return "no Go files"
	}
	var first error
	conf := types.Config{
		Importer:  imp,
		GoVersion: "go1.24",
		Sizes:     types.SizesFor("gc", "amd64"),
		Error: func(err error) {
			if first == nil {
				first = err
			}
		},
	}
	conf.Check(corpusModule+"/"+p, fset, files, nil)
	if first != nil {
		return relError(first, dir)
	}
	return "ok"
}

func relError(err error, dir string) string {
	s := strings.ReplaceAll(err.Error(), dir+string(filepath.Separator), "")
	return strings.ReplaceAll(s, "\n", " ")
}
