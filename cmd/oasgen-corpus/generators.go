package main

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// Pinned peer generators. They are installed with `go install` into a
// temporary GOBIN, never vendored.
const (
	oapiCodegenPkg     = "github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen"
	oapiCodegenVersion = "v2.8.2"
	ogenPkg            = "github.com/ogen-go/ogen/cmd/ogen"
	ogenVersion        = "v1.24.0"
	oasgenModule       = "github.com/oasgen/oasgen"
)

// generator knows how to run one code generator on one spec.
type generator struct {
	Name    string
	Version string
	Bin     string
	// Settings describes the options used, for the report.
	Settings string
	// Command returns the argv that generates package pkg from spec into
	// outDir/pkg; it may write helper files under auxDir.
	Command func(spec, outDir, auxDir, pkg string) ([]string, error)
	// Requires are "module version" lines for the type-check module.
	Requires []string
	// Replaces are "module => dir" lines for the type-check module.
	Replaces []string
}

// setupGenerator builds or installs the named generator into binDir. bin,
// if set, is a prebuilt binary to use instead (oasgen only).
func setupGenerator(name, bin, repo, binDir string, logf func(string, ...any)) (*generator, error) {
	switch name {
	case "oasgen":
		g := &generator{
			Name:     "oasgen",
			Settings: "`oasgen -o OUT/pNNNN -package pNNNN SPEC`",
		}
		if bin == "" {
			if repo == "" {
				return nil, fmt.Errorf("oasgen: need -repo or -gen-bin")
			}
			bin = filepath.Join(binDir, "oasgen")
			logf("building oasgen from %s", repo)
			cmd := exec.Command("go", "build", "-o", bin, "./cmd/oasgen")
			cmd.Dir = repo
			cmd.Stdout = os.Stderr
			cmd.Stderr = os.Stderr
			if err := cmd.Run(); err != nil {
				return nil, fmt.Errorf("building oasgen: %w", err)
			}
		}
		abs, err := filepath.Abs(bin)
		if err != nil {
			return nil, err
		}
		bin = abs
		g.Bin = bin
		g.Command = func(spec, outDir, _, pkg string) ([]string, error) {
			return []string{bin, "-o", filepath.Join(outDir, pkg), "-package", pkg, spec}, nil
		}
		g.Version = gitVersion(repo)
		if repo != "" {
			// Generated code may import oasgen's own runtime packages.
			absRepo, err := filepath.Abs(repo)
			if err != nil {
				return nil, err
			}
			g.Requires = []string{oasgenModule + " v0.0.0"}
			g.Replaces = []string{oasgenModule + " => " + absRepo}
		}
		return g, nil
	case "oapi-codegen":
		b, err := goInstall(oapiCodegenPkg, oapiCodegenVersion, binDir, "oapi-codegen", logf)
		if err != nil {
			return nil, err
		}
		return &generator{
			Name:     "oapi-codegen",
			Version:  oapiCodegenVersion,
			Bin:      b,
			Settings: "config: `generate: {models, client, chi-server, strict-server}`, one file OUT/pNNNN/pNNNN.gen.go (chi chosen as the server flavour)",
			Command: func(spec, outDir, auxDir, pkg string) ([]string, error) {
				if err := os.MkdirAll(filepath.Join(outDir, pkg), 0o755); err != nil {
					return nil, err
				}
				cfg := map[string]any{
					"package": pkg,
					"generate": map[string]bool{
						"models":        true,
						"client":        true,
						"chi-server":    true,
						"strict-server": true,
					},
					"output": filepath.Join(outDir, pkg, pkg+".gen.go"),
				}
				data, _ := json.Marshal(cfg) // JSON is YAML
				cfgFile := filepath.Join(auxDir, pkg+".yaml")
				if err := os.WriteFile(cfgFile, data, 0o644); err != nil {
					return nil, err
				}
				return []string{b, "-config", cfgFile, spec}, nil
			},
			// Runtime deps resolved by `go mod tidy` (latest versions).
		}, nil
	case "ogen":
		b, err := goInstall(ogenPkg, ogenVersion, binDir, "ogen", logf)
		if err != nil {
			return nil, err
		}
		return &generator{
			Name:     "ogen",
			Version:  ogenVersion,
			Bin:      b,
			Settings: "`ogen --target OUT/pNNNN --package pNNNN --clean SPEC` (defaults: client + server)",
			Command: func(spec, outDir, _, pkg string) ([]string, error) {
				return []string{b, "--target", filepath.Join(outDir, pkg), "--package", pkg, "--clean", spec}, nil
			},
			Requires: []string{"github.com/ogen-go/ogen " + ogenVersion},
		}, nil
	}
	return nil, fmt.Errorf("unknown generator %q (want oasgen, oapi-codegen or ogen)", name)
}

func goInstall(pkg, version, binDir, name string, logf func(string, ...any)) (string, error) {
	logf("installing %s@%s", pkg, version)
	cmd := exec.Command("go", "install", pkg+"@"+version)
	cmd.Env = append(os.Environ(), "GOBIN="+binDir, "GOWORK=off")
	cmd.Stdout = os.Stderr
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("go install %s@%s: %w", pkg, version, err)
	}
	return filepath.Join(binDir, name), nil
}

// gitVersion describes the repository's revision, or "unknown".
func gitVersion(repo string) string {
	if repo == "" {
		return "unknown"
	}
	out, err := exec.Command("git", "-C", repo, "describe", "--always", "--dirty").Output()
	if err != nil {
		return "unknown (no commit)"
	}
	return strings.TrimSpace(string(out))
}
