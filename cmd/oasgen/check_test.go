package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// upstreamBatch finds a real Batch definition in the corpus cache
// (go run ./cmd/oasgen-corpus -fetch-only), skipping without it.
func upstreamBatch(t *testing.T, rel string) string {
	t.Helper()
	cache := os.Getenv("OASGEN_CORPUS_CACHE")
	if cache == "" {
		home, _ := os.UserHomeDir()
		cache = filepath.Join(home, ".cache", "oasgen", "corpus")
	}
	p := filepath.Join(cache, "package", filepath.FromSlash(rel))
	if _, err := os.Stat(p); err != nil {
		if os.Getenv("OASGEN_REQUIRE_CORPUS") != "" {
			t.Fatal(err)
		}
		t.Skipf("corpus not found in %s", cache)
	}
	return p
}

// A stale tree from the 2018 → 2019 Batch bump: the default report fits a
// CI log screen and says which folder and which command.
func TestCheckReportBatchBump(t *testing.T) {
	old := upstreamBatch(t, "api/windows.net/batch-BatchService.json")
	spec := upstreamBatch(t, "api/azure.com/batch-BatchService.json")
	out := filepath.Join(t.TempDir(), "batch")
	var so, se bytes.Buffer
	if code := run([]string{"-o", out, "-package", "batch", old}, &so, &se); code != 0 {
		t.Fatalf("exit %d: %s", code, se.String())
	}
	so.Reset()
	se.Reset()
	if code := run([]string{"-check", "-o", out, "-package", "batch", spec}, &so, &se); code != 1 {
		t.Fatalf("exit %d, want 1: %s", code, se.String())
	}
	all := so.String() + se.String()
	if n := strings.Count(all, "\n"); n > 60 {
		t.Errorf("%d lines:\n%s", n, all)
	}
	for _, want := range []string{
		out + ": 0 added, ",
		"  changed  models.go  ",
		"oasgen: " + out + " is stale; regenerate with: oasgen -o " + out + " -package batch " + spec + "\n",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("no %q in:\n%s", want, all)
		}
	}
	if strings.Contains(all, "@@") {
		t.Errorf("the default report holds a diff")
	}
	t.Logf("%d lines:\n%s", strings.Count(all, "\n"), all)
}
