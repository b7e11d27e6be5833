package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/oasgen/oasgen/internal/peers"
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
		bin, err := peers.BuildOasgen(repo, binDir, logf)
		if err != nil {
			return nil, err
		}
		return &generator{
			Name:     name,
			Version:  peers.GitVersion(repo),
			Settings: "`oasgen -q -o DIR -package batch SPEC` (models, client, server: the default)",
			Command: func(spec, dir, _, pkg string) ([]string, error) {
				return []string{bin, "-q", "-o", dir, "-package", pkg, spec}, nil
			},
		}, nil
	case "oapi-codegen":
		bin, err := peers.Install(peers.OapiCodegenPkg, peers.OapiCodegenVersion, binDir, "oapi-codegen", logf)
		if err != nil {
			return nil, err
		}
		return &generator{
			Name:     "oapi-codegen",
			Version:  peers.OapiCodegenVersion,
			Settings: "config file `generate: {models, client, chi-server, strict-server}`, one output file",
			Command: func(spec, dir, aux, pkg string) ([]string, error) {
				if err := os.MkdirAll(dir, 0o755); err != nil {
					return nil, err
				}
				cfg := peers.OapiConfig(pkg, filepath.Join(dir, pkg+".gen.go"))
				file := filepath.Join(aux, "oapi-codegen.yaml")
				if err := os.WriteFile(file, cfg, 0o644); err != nil {
					return nil, err
				}
				return []string{bin, "-config", file, spec}, nil
			},
		}, nil
	case "ogen":
		bin, err := peers.Install(peers.OgenPkg, peers.OgenVersion, binDir, "ogen", logf)
		if err != nil {
			return nil, err
		}
		return &generator{
			Name:     "ogen",
			Version:  peers.OgenVersion,
			Settings: "`ogen --target DIR --package batch --clean SPEC` (defaults: client + server)",
			Command: func(spec, dir, _, pkg string) ([]string, error) {
				return []string{bin, "--target", dir, "--package", pkg, "--clean", spec}, nil
			},
			Requires: []string{"github.com/ogen-go/ogen " + peers.OgenVersion},
		}, nil
	}
	return nil, fmt.Errorf("unknown generator %q (want oasgen, oapi-codegen or ogen)", name)
}
