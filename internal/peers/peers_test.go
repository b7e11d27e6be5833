package peers

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

func TestOapiConfig(t *testing.T) {
	var cfg struct {
		Package  string
		Generate map[string]bool
		Output   string
	}
	if err := json.Unmarshal(OapiConfig("p", "/o/p.gen.go"), &cfg); err != nil {
		t.Fatal(err)
	}
	if cfg.Package != "p" || cfg.Output != "/o/p.gen.go" || len(cfg.Generate) != 4 || !cfg.Generate["chi-server"] || !cfg.Generate["strict-server"] {
		t.Errorf("config = %+v", cfg)
	}
}

func TestGitVersion(t *testing.T) {
	dir := t.TempDir()
	if v := GitVersion(dir); v != "unknown" {
		t.Errorf("outside git: %q", v)
	}
	os.WriteFile(filepath.Join(dir, VersionFile), []byte("abc1234\n"), 0o644)
	if v := GitVersion(dir); v != "abc1234" {
		t.Errorf("exported tree: %q", v)
	}
	if v := GitVersion(""); v != "unknown" {
		t.Errorf("no repo: %q", v)
	}
}
