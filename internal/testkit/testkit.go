// Package testkit holds what the tests of several packages share: running
// the go command in the throwaway modules that tests build generated
// packages in, telling a directive from a comment, and finding the public
// corpus.
package testkit

import (
	"go/build/constraint"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// GoRun runs go with args in dir and returns its combined output; a failure
// ends the test with that output.
func GoRun(t testing.TB, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod", "GOPROXY=off")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// IsDirective reports whether a comment (its text as go/ast gives it) is
// read by a tool rather than by people: //go: directives, //line,
// //export and //extern, build constraints, and cgo's #cgo lines.
func IsDirective(text string) bool {
	if constraint.IsGoBuild(text) || constraint.IsPlusBuild(text) {
		return true
	}
	for _, p := range []string{"//go:", "//line ", "//export ", "//extern ", "/*line "} {
		if strings.HasPrefix(text, p) {
			return true
		}
	}
	body := strings.TrimPrefix(strings.TrimPrefix(text, "//"), "/*")
	return strings.HasPrefix(strings.TrimSpace(body), "#cgo")
}

// CorpusCache is the corpus cache make corpus-fetch fills, as corpus.mk
// names it: $OASGEN_CORPUS_CACHE, else oasgen/corpus in $XDG_CACHE_HOME or
// ~/.cache.
func CorpusCache() string {
	if cache := os.Getenv("OASGEN_CORPUS_CACHE"); cache != "" {
		return cache
	}
	base := os.Getenv("XDG_CACHE_HOME")
	if base == "" {
		home, _ := os.UserHomeDir()
		base = filepath.Join(home, ".cache")
	}
	return filepath.Join(base, "oasgen", "corpus")
}

// CorpusRequired reports whether a missing corpus fails the tests instead
// of skipping them: OASGEN_REQUIRE_CORPUS is set, as CI sets it after
// fetching the corpus.
func CorpusRequired() bool { return os.Getenv("OASGEN_REQUIRE_CORPUS") != "" }

// CorpusFile is the path of a definition of the public corpus (rel as in
// the corpus, e.g. "api/azure.com/batch-BatchService.json") in
// CorpusCache. Without it the test is skipped, or fails when
// CorpusRequired.
func CorpusFile(t testing.TB, rel string) string {
	t.Helper()
	p := filepath.Join(CorpusCache(), "package", filepath.FromSlash(rel))
	if _, err := os.Stat(p); err != nil {
		if CorpusRequired() {
			t.Fatalf("corpus required: %v", err)
		}
		t.Skipf("corpus not fetched (make corpus-fetch): %v", err)
	}
	return p
}

// FixturePair is an old and a new definition of one fixture pair.
type FixturePair struct{ Name, Old, New string }

// FixturePairs lists the pairs under dir (specs/fixtures/apichange): each
// folder holds old.EXT and new.EXT. A folder without both fails the test.
func FixturePairs(t testing.TB, dir string) []FixturePair {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []FixturePair
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		olds, _ := filepath.Glob(filepath.Join(dir, e.Name(), "old.*"))
		news, _ := filepath.Glob(filepath.Join(dir, e.Name(), "new.*"))
		if len(olds) != 1 || len(news) != 1 {
			t.Fatalf("%s: want one old.* and one new.*, have %v and %v", filepath.Join(dir, e.Name()), olds, news)
		}
		out = append(out, FixturePair{e.Name(), olds[0], news[0]})
	}
	return out
}
