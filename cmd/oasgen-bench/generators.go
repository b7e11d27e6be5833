package main

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// The pinned peers, the same as cmd/oasgen-corpus uses. They are installed
// with `go install` into the work folder's bin, never vendored.
const (
	oapiCodegenPkg     = "github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen"
	oapiCodegenVersion = "v2.8.2"
	ogenPkg            = "github.com/ogen-go/ogen/cmd/ogen"
	ogenVersion        = "v1.24.0"
)

// generator runs one code generator.
type generator struct {
	Name     string
	Version  string
	Settings string
	// Command returns the argv that generates package pkg from spec into
	// the folder dir; it may write helper files into aux.
	Command func(spec, dir, aux, pkg string) ([]string, error)
	// Requires are "module version" lines the generated code needs.
	Requires []string
}

// setupGenerator builds oasgen (once, with go build) from repo or installs
// a peer into binDir.
func setupGenerator(name, repo, binDir string, logf func(string, ...any)) (*generator, error) {
	switch name {
	case "oasgen":
		bin := filepath.Join(binDir, "oasgen")
		logf("building oasgen from %s", repo)
		cmd := exec.Command("go", "build", "-o", bin, "./cmd/oasgen")
		cmd.Dir = repo
		cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
		if err := cmd.Run(); err != nil {
			return nil, fmt.Errorf("building oasgen: %w", err)
		}
		return &generator{
			Name:     "oasgen",
			Version:  gitVersion(repo),
			Settings: "`oasgen -q -o DIR -package batch SPEC` (models, client, server: the default)",
			Command: func(spec, dir, _, pkg string) ([]string, error) {
				return []string{bin, "-q", "-o", dir, "-package", pkg, spec}, nil
			},
		}, nil
	case "oapi-codegen":
		bin, err := goInstall(oapiCodegenPkg, oapiCodegenVersion, binDir, "oapi-codegen", logf)
		if err != nil {
			return nil, err
		}
		return &generator{
			Name:     "oapi-codegen",
			Version:  oapiCodegenVersion,
			Settings: "config file `generate: {models, client, chi-server, strict-server}`, one output file",
			Command: func(spec, dir, aux, pkg string) ([]string, error) {
				if err := os.MkdirAll(dir, 0o755); err != nil {
					return nil, err
				}
				cfg := oapiConfig(pkg, filepath.Join(dir, pkg+".gen.go"))
				file := filepath.Join(aux, "oapi-codegen.yaml")
				if err := os.WriteFile(file, cfg, 0o644); err != nil {
					return nil, err
				}
				return []string{bin, "-config", file, spec}, nil
			},
		}, nil
	case "ogen":
		bin, err := goInstall(ogenPkg, ogenVersion, binDir, "ogen", logf)
		if err != nil {
			return nil, err
		}
		return &generator{
			Name:     "ogen",
			Version:  ogenVersion,
			Settings: "`ogen --target DIR --package batch --clean SPEC` (defaults: client + server)",
			Command: func(spec, dir, _, pkg string) ([]string, error) {
				return []string{bin, "--target", dir, "--package", pkg, "--clean", spec}, nil
			},
			Requires: []string{"github.com/ogen-go/ogen " + ogenVersion},
		}, nil
	}
	return nil, fmt.Errorf("unknown generator %q (want oasgen, oapi-codegen or ogen)", name)
}

// oapiConfig is oapi-codegen's configuration: models, client, chi server
// and strict server in one file. JSON is YAML.
func oapiConfig(pkg, output string) []byte {
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

func goInstall(pkg, version, binDir, name string, logf func(string, ...any)) (string, error) {
	logf("installing %s@%s", pkg, version)
	cmd := exec.Command("go", "install", pkg+"@"+version)
	cmd.Env = append(os.Environ(), "GOBIN="+binDir, "GOWORK=off")
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("go install %s@%s: %w", pkg, version, err)
	}
	return filepath.Join(binDir, name), nil
}

// gitVersion describes the repository's revision, or "unknown". A tree
// exported by exportRev carries its description in a file.
func gitVersion(repo string) string {
	if b, err := os.ReadFile(filepath.Join(repo, ".oasgen-bench-version")); err == nil {
		return strings.TrimSpace(string(b))
	}
	out, err := exec.Command("git", "-C", repo, "describe", "--always", "--dirty").Output()
	if err != nil {
		return "unknown"
	}
	return strings.TrimSpace(string(out))
}
