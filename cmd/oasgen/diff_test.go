package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

func TestDiff(t *testing.T) {
	const dir = "../../specs/fixtures/apichange/unions/"
	old, new := dir+"old.json", dir+"new.json"
	for _, c := range []struct {
		name string
		args []string
		code int
		want string // in stdout, or in stderr when code is 2
	}{
		{"text", []string{old, new}, 0, "BREAKS COMPILATION Goblin: struct removed"},
		{"fail on breaking", []string{"-fail-on", "breaking", old, new}, 1, "API changes 2024-01-01 → 2025-01-01: 11 breaking"},
		{"same definition", []string{"-fail-on", "breaking", old, old}, 0, "0 breaking"},
		{"markdown", []string{"-format", "markdown", old, new}, 0, "<details open><summary><b>Breaking: 7</b></summary>"},
		{"json", []string{"-format", "json", old, new}, 0, `"breaksCompilation": 5`},
		{"models only", []string{"-generate", "models", old, new}, 0, "Goblin: struct removed"},
		{"one definition", []string{old}, 2, "usage: oasgen diff"},
		{"bad format", []string{"-format", "html", old, new}, 2, "usage: oasgen diff"},
		{"bad fail-on", []string{"-fail-on", "wire", old, new}, 2, "usage: oasgen diff"},
		{"missing file", []string{old, dir + "nope.json"}, 2, "oasgen diff: "},
	} {
		t.Run(c.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(append([]string{"diff", "-q"}, c.args...), &stdout, &stderr)
			if code != c.code {
				t.Fatalf("exit %d, want %d; stderr: %s", code, c.code, stderr.String())
			}
			got := stdout.String()
			if code == 2 {
				got = stderr.String()
				if n := strings.Count(strings.TrimSpace(got), "\n"); c.name == "missing file" && n != 0 {
					t.Errorf("error is %d lines, want one: %s", n+1, got)
				}
			}
			if !strings.Contains(got, c.want) {
				t.Errorf("output lacks %q:\n%s", c.want, got)
			}
			if c.name == "json" && !json.Valid(stdout.Bytes()) {
				t.Errorf("invalid JSON:\n%s", got)
			}
		})
	}
}
