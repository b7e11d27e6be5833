// Package peers pins and installs the code generators oasgen is measured
// against (installed with `go install`, never vendored) and builds oasgen
// itself, for the measurement commands internal/cmd/oasgen-bench and
// internal/cmd/oasgen-corpus.
package peers

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// The pinned peers.
const (
	OapiCodegenPkg     = "github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen"
	OapiCodegenVersion = "v2.8.2"
	OgenPkg            = "github.com/ogen-go/ogen/cmd/ogen"
	OgenVersion        = "v1.24.0"
)

// Install runs `go install pkg@version` with GOBIN=binDir and returns the
// path of the binary called name.
func Install(pkg, version, binDir, name string, logf func(string, ...any)) (string, error) {
	logf("installing %s@%s", pkg, version)
	cmd := exec.Command("go", "install", pkg+"@"+version)
	cmd.Env = append(os.Environ(), "GOBIN="+binDir, "GOWORK=off")
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("go install %s@%s: %w", pkg, version, err)
	}
	return filepath.Join(binDir, name), nil
}

// BuildOasgen builds repo's ./cmd/oasgen into binDir and returns the
// binary's absolute path.
func BuildOasgen(repo, binDir string, logf func(string, ...any)) (string, error) {
	bin, err := filepath.Abs(filepath.Join(binDir, "oasgen"))
	if err != nil {
		return "", err
	}
	logf("building oasgen from %s", repo)
	cmd := exec.Command("go", "build", "-o", bin, "./cmd/oasgen")
	cmd.Dir = repo
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("building oasgen: %w", err)
	}
	return bin, nil
}

// OapiConfig is the oapi-codegen configuration both tools use: models,
// client, chi server and strict server, in one file. (JSON is YAML.)
func OapiConfig(pkg, output string) []byte {
	data, _ := json.Marshal(map[string]any{
		"package": pkg,
		"generate": map[string]bool{
			"models":        true,
			"client":        true,
			"chi-server":    true,
			"strict-server": true,
		},
		"output": output,
	})
	return data
}

// VersionFile, in a tree exported from git (no .git), holds the
// revision it was exported at.
const VersionFile = ".oasgen-bench-version"

// GitVersion describes repo's revision: VersionFile's content, else `git
// describe --always --dirty`, else "unknown".
func GitVersion(repo string) string {
	if repo == "" {
		return "unknown"
	}
	if b, err := os.ReadFile(filepath.Join(repo, VersionFile)); err == nil {
		return strings.TrimSpace(string(b))
	}
	out, err := exec.Command("git", "-C", repo, "describe", "--always", "--dirty").Output()
	if err != nil {
		return "unknown"
	}
	return strings.TrimSpace(string(out))
}
