// Package testkit holds what several test packages of the generator
// share: running the go command in the throwaway modules that tests build
// generated packages in, and telling a directive from a comment.
package testkit

import (
	"go/build/constraint"
	"os"
	"os/exec"
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
