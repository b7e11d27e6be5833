package main

import (
	"bytes"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// repoRoot is the checkout, from cmd/oasgen.
const repoRoot = "../.."

// cloneDir stands for the user's local clone of oasgen in the README's
// recipe; the test puts this checkout in its place.
const cloneDir = "/path/to/oasgen"

// downstreamGo is the go line of the user's module. oasgen must not raise
// it: a go line of oasgen's own above it would.
const downstreamGo = "1.26.0"

// The bundled definition the user's module generates from: its folder is
// copied (examples included) to where the README's directive points.
const downstreamSpec = "specs/batch/2020-09-01.12.0/BatchService.json"

// recipe is the README's "Using it from go generate" section as a test
// runs it: the local-clone commands, and the hand-written file that holds
// the //go:generate directive. The README is the fixture, so that the
// recipe users read is the one tested; change the layout there.
type recipe struct {
	commands [][]string // each command's fields, cloneDir not yet replaced
	file     string     // slash path of the directive file in the module
	source   string     // its content
	spec     string     // slash path of the definition in the module
}

var (
	fileBeforeBlock = regexp.MustCompile("`([^`]+\\.go)`:$")
	directiveLine   = regexp.MustCompile(`(?m)^//go:generate (.+)$`)
)

// readRecipe parses the recipe out of README.md: the indented commands
// that follow the paragraph naming cloneDir, and the ```go block that
// follows the paragraph ending with the directive file's name.
func readRecipe(t *testing.T) recipe {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(repoRoot, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	const heading = "## Using it from `go generate`\n"
	text := string(b)
	start := strings.Index(text, heading)
	if start < 0 {
		t.Fatalf("README.md has no %q section", strings.TrimSpace(heading))
	}
	section := text[start+len(heading):]
	if end := strings.Index(section, "\n## "); end >= 0 {
		section = section[:end]
	}
	var r recipe
	for _, blk := range codeBlocks(section) {
		switch {
		case blk.lang == "" && strings.Contains(blk.after, "`"+cloneDir+"`"):
			for _, line := range strings.Split(strings.TrimSpace(blk.body), "\n") {
				r.commands = append(r.commands, strings.Fields(line))
			}
		case blk.lang == "go" && fileBeforeBlock.MatchString(blk.after):
			r.file = fileBeforeBlock.FindStringSubmatch(blk.after)[1]
			r.source = blk.body
		}
	}
	if len(r.commands) == 0 || r.file == "" {
		t.Fatalf("README.md's go generate section: found %d local-clone commands and directive file %q; want both", len(r.commands), r.file)
	}
	m := directiveLine.FindStringSubmatch(r.source)
	if m == nil {
		t.Fatalf("README.md: %s has no //go:generate line", r.file)
	}
	args := strings.Fields(m[1])
	// go generate runs the command in the directive file's folder.
	r.spec = path.Join(path.Dir(r.file), args[len(args)-1])
	return r
}

// block is a code block of Markdown text: indented (lang "") or fenced,
// with the paragraph before it (lines joined by spaces).
type block struct{ lang, after, body string }

func codeBlocks(text string) []block {
	var blocks []block
	var para []string
	ended := false // a blank line ended para; a new line starts another
	lines := strings.Split(text, "\n")
	for i := 0; i < len(lines); i++ {
		line := lines[i]
		switch {
		case strings.HasPrefix(line, "```"):
			var body strings.Builder
			for i++; i < len(lines) && !strings.HasPrefix(lines[i], "```"); i++ {
				body.WriteString(lines[i] + "\n")
			}
			blocks = append(blocks, block{strings.TrimPrefix(line, "```"), strings.Join(para, " "), body.String()})
		case strings.HasPrefix(line, "    "):
			var body strings.Builder
			for ; i < len(lines) && strings.HasPrefix(lines[i], "    "); i++ {
				body.WriteString(strings.TrimPrefix(lines[i], "    ") + "\n")
			}
			i--
			blocks = append(blocks, block{"", strings.Join(para, " "), body.String()})
		case strings.TrimSpace(line) == "":
			ended = true
		default:
			if ended {
				para, ended = nil, false
			}
			para = append(para, line)
		}
	}
	return blocks
}

// TestDownstream follows the README's recipe as a user would, in a fresh
// module of its own: go.mod with a go line and nothing else, then the
// README's local-clone commands (the clone being this checkout), the
// directive file, go generate ./..., go build ./... and go vet ./... .
// Offline: modules come from the module cache (GOPROXY=off; CI has run
// go mod download), and the checksums a user's go command would look up
// in sum.golang.org come from this checkout's go.sum, the same hashes.
func TestDownstream(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the go command")
	}
	r := readRecipe(t)
	t.Logf("README recipe: %q, then %s (definition at %s)", r.commands, r.file, r.spec)
	root, err := filepath.Abs(repoRoot)
	if err != nil {
		t.Fatal(err)
	}
	mod := t.TempDir()
	inMod := func(slash string) string { return filepath.Join(mod, filepath.FromSlash(slash)) }
	gomod := "module example.com/downstream\n\ngo " + downstreamGo + "\n"
	if err := os.WriteFile(inMod("go.mod"), []byte(gomod), 0o644); err != nil {
		t.Fatal(err)
	}
	sums, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(inMod("go.sum"), sums, 0o644); err != nil {
		t.Fatal(err)
	}
	// The definition's folder holds the examples its x-ms-examples name.
	spec := filepath.Join(root, filepath.FromSlash(downstreamSpec))
	if err := os.CopyFS(filepath.Dir(inMod(r.spec)), os.DirFS(filepath.Dir(spec))); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(filepath.Join(filepath.Dir(inMod(r.spec)), filepath.Base(spec)), inMod(r.spec)); err != nil {
		t.Fatal(err)
	}

	env := append(os.Environ(), "GOFLAGS=-mod=mod", "GOPROXY=off", "GOWORK=off")
	run := func(args ...string) {
		t.Helper()
		cmd := exec.Command(args[0], args[1:]...)
		cmd.Dir = mod
		cmd.Env = env
		if out, err := cmd.CombinedOutput(); err != nil {
			hint := ""
			if bytes.Contains(out, []byte("GOPROXY=off")) {
				hint = "\n(offline: run go mod download in the checkout first)"
			}
			t.Fatalf("%s: %v\n%s%s", strings.Join(args, " "), err, out, hint)
		}
	}
	for _, c := range r.commands {
		if c[0] != "go" {
			t.Fatalf("README.md recipe: %q is not a go command", strings.Join(c, " "))
		}
		for i := range c {
			c[i] = strings.ReplaceAll(c[i], cloneDir, root)
		}
		run(c...)
	}
	if err := os.MkdirAll(filepath.Dir(inMod(r.file)), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(inMod(r.file), []byte(r.source), 0o644); err != nil {
		t.Fatal(err)
	}
	run("go", "generate", "./...")
	if _, err := os.Stat(filepath.Join(filepath.Dir(inMod(r.file)), "models.go")); err != nil {
		t.Fatalf("go generate wrote no models.go next to %s: %v", r.file, err)
	}
	run("go", "build", "./...")
	run("go", "vet", "./...")

	b, err := os.ReadFile(inMod("go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	if m := goLine.FindSubmatch(b); m == nil || string(m[1]) != downstreamGo {
		t.Errorf("the downstream go.mod's go line changed from %s:\n%s", downstreamGo, b)
	}
	if !bytes.Contains(b, []byte("\ntool github.com/oasgen/oasgen/cmd/oasgen\n")) {
		t.Errorf("the downstream go.mod lists no oasgen tool:\n%s", b)
	}
}

var goLine = regexp.MustCompile(`(?m)^go (\S+)$`)
