package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// twoGroups has operation groups Alpha and Zulu; dropping Zulu removes
// zulu_*.go, which sort after the directive files below, so go generate
// has listed them but not read them yet when oasgen runs.
const twoGroups = `{"swagger": "2.0", "info": {"title": "t", "version": "1"},
 "paths": {
  "/a": {"get": {"operationId": "Alpha_Get", "responses": {"200": {"description": "ok", "schema": {"$ref": "#/definitions/Pet"}}}}},
  "/z": {"get": {"operationId": "Zulu_Get", "responses": {"200": {"description": "ok"}}}}},
 "definitions": {"Pet": {"properties": {"name": {"type": "string"}}}}}`

// TestGoGenerateRemovesFiles runs `go generate ./...` in a temp module
// twice, the second time on a definition with one operation group less, in
// both layouts: the directive inside the output folder (-o .) and the
// directive in a parent package writing into a subfolder. go generate
// lists every package's files before running any directive, so removing
// a listed file made it fail; now the run succeeds, the package builds,
// -check is satisfied, and the next run cleans up.
func TestGoGenerateRemovesFiles(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the go command")
	}
	bin := t.TempDir()
	build := exec.Command("go", "build", "-o", filepath.Join(bin, "oasgen"), ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	mod := writeTree(t, map[string]string{
		"go.mod":            "module example.com/m\n\ngo 1.24\n",
		"spec.json":         twoGroups,
		"inside/gen.go":     "package inside\n\n//go:generate oasgen -o . -package inside ../spec.json\n",
		"parent/gen.go":     "package parent\n\n//go:generate oasgen -o child -package child ../spec.json\n",
		"parent/child/x.go": "package child\n",
	})
	env := append(os.Environ(), "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"), "GOFLAGS=-mod=mod", "GOPROXY=off", "GOWORK=off")
	gocmd := func(args ...string) string {
		t.Helper()
		c := exec.Command("go", args...)
		c.Dir, c.Env = mod, env
		out, err := c.CombinedOutput()
		if err != nil {
			t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return string(out)
	}
	exists := func(rel string) bool {
		_, err := os.Stat(filepath.Join(mod, rel))
		return err == nil
	}
	gocmd("generate", "./...")
	if !exists("inside/zulu_client.go") || !exists("parent/child/zulu_client.go") {
		t.Fatal("first generation wrote no zulu_client.go")
	}
	oneGroup := strings.Replace(twoGroups, `"/z": {"get": {"operationId": "Zulu_Get"`, `"/z": {"get": {"operationId": "Alpha_List"`, 1)
	if err := os.WriteFile(filepath.Join(mod, "spec.json"), []byte(oneGroup), 0o644); err != nil {
		t.Fatal(err)
	}
	out := gocmd("generate", "./...")
	if !strings.Contains(out, "emptied for go generate") {
		t.Errorf("go generate output does not mention the placeholders:\n%s", out)
	}
	gocmd("build", "./...")
	gocmd("vet", "./...")
	for _, dir := range []string{"inside", "parent/child"} {
		c := exec.Command(filepath.Join(bin, "oasgen"), "-check", "-o", dir, "-package", filepath.Base(dir), "spec.json")
		c.Dir = mod
		if out, err := c.CombinedOutput(); err != nil {
			t.Errorf("-check %s after go generate: %v\n%s", dir, err, out)
		}
	}
	gocmd("generate", "./...")
	gocmd("build", "./...")
	for _, f := range []string{"inside/zulu_client.go", "parent/child/zulu_client.go"} {
		if exists(f) {
			t.Errorf("%s is still there after a second go generate", f)
		}
	}
	if !exists("parent/child/x.go") || !exists("inside/gen.go") {
		t.Error("a hand-written file was removed")
	}
}
