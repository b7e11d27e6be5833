package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/oasgen/oasgen/internal/testkit"
)

// upstreamBatch finds a real Batch definition in the corpus cache
// (make corpus-fetch), skipping without it.
func upstreamBatch(t *testing.T, rel string) string { return testkit.CorpusFile(t, rel) }

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
		"API changes:\n  Go API: 28 breaking changes",
		"    (*PoolClient).UpgradeOS: removed\n",
		"  … and 18 more\n",
		"warning: " + spec + ": definition does not fully validate", // once, with the stale report
		"oasgen: " + out + " is stale; regenerate with: oasgen -o " + out + " -package batch " + spec + "\n",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("no %q in:\n%s", want, all)
		}
	}
	if n := strings.Count(all, "warning: "); n != 1 {
		t.Errorf("%d warnings, want 1", n)
	}
	if strings.Contains(all, "@@") {
		t.Errorf("the default report holds a diff")
	}
	t.Logf("%d lines:\n%s", strings.Count(all, "\n"), all)
}

// The command in the stale message repeats the flags given (quoted for a
// shell when needed); under go generate it says which folder to run it in.
func TestCheckRegenCommand(t *testing.T) {
	dir := writeTree(t, map[string]string{"my spec.json": okSpec})
	spec := filepath.Join(dir, "my spec.json")
	out := filepath.Join(dir, "out")
	var so, se bytes.Buffer
	if code := run([]string{"-check", "-diff", "-q", "-generate", "models", "-o", out, spec}, &so, &se); code != 1 {
		t.Fatalf("exit %d: %s", code, se.String())
	}
	want := "regenerate with: oasgen -generate models -o " + out + " -q '" + spec + "'\n"
	if !strings.HasSuffix(se.String(), want) {
		t.Errorf("stderr %q, want it to end in %q", se.String(), want)
	}
	t.Setenv("GOFILE", "generate.go")
	t.Setenv("GOPACKAGE", "out")
	wd, _ := os.Getwd()
	se.Reset()
	run([]string{"-check", "-o", out, spec}, &so, &se)
	if want := "regenerate with: cd " + wd + " && oasgen -o " + out + " '" + spec + "'\n"; !strings.HasSuffix(se.String(), want) {
		t.Errorf("under go generate: stderr %q, want it to end in %q", se.String(), want)
	}
}

// The regenerating command says go tool oasgen where the module around
// the working folder has oasgen as a tool.
func TestInvokedAs(t *testing.T) {
	for mod, want := range map[string]string{
		"module m\n\ngo 1.26\n\ntool github.com/oasgen/oasgen/cmd/oasgen\n":                "go tool oasgen",
		"module m\n\ngo 1.26\n\ntool (\n\tgithub.com/oasgen/oasgen/cmd/oasgen\n\tx/y\n)\n": "go tool oasgen",
		"module m\n\ngo 1.26\n\nrequire github.com/oasgen/oasgen v1.0.0\n":                 "oasgen",
	} {
		dir := writeTree(t, map[string]string{"go.mod": mod, "api/batch/x.go": "package batch\n"})
		t.Chdir(filepath.Join(dir, "api", "batch"))
		if got := invokedAs(); got != want {
			t.Errorf("with go.mod\n%s: %q, want %q", mod, got, want)
		}
	}
}
