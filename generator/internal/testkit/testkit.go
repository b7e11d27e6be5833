// Package testkit holds what several test packages of the generator
// share: running the go command in the throwaway modules that tests build
// generated packages in, and telling a directive from a comment.
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

// CorpusFile is the path of a definition of the public corpus (rel as in
// the corpus, e.g. "api/azure.com/batch-BatchService.json") in the cache
// make corpus-fetch fills ($OASGEN_CORPUS_CACHE, else the user cache
// folder). Without it the test is skipped, or fails when
// OASGEN_REQUIRE_CORPUS=1 (as in CI).
func CorpusFile(t testing.TB, rel string) string {
	t.Helper()
	cache := os.Getenv("OASGEN_CORPUS_CACHE")
	if cache == "" {
		if h, err := os.UserCacheDir(); err == nil {
			cache = filepath.Join(h, "oasgen", "corpus")
		}
	}
	p := filepath.Join(cache, "package", filepath.FromSlash(rel))
	if _, err := os.Stat(p); err != nil {
		if os.Getenv("OASGEN_REQUIRE_CORPUS") == "1" {
			t.Fatalf("corpus required: %v", err)
		}
		t.Skipf("corpus not fetched (make corpus-fetch): %v", err)
	}
	return p
}
