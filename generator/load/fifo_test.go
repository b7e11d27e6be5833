//go:build unix

package load

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// A $ref to a FIFO inside the folder used to hang the generator: only
// regular files are read.
func TestRefToFIFO(t *testing.T) {
	dir := t.TempDir()
	if err := syscall.Mkfifo(filepath.Join(dir, "pipe.json"), 0o644); err != nil {
		t.Skip("no FIFO:", err)
	}
	spec := filepath.Join(dir, "openapi.json")
	os.WriteFile(spec, []byte(`{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {},
		"components": {"schemas": {"A": {"$ref": "pipe.json#/A"}}}}`), 0o644)
	_, _, err := Load(spec)
	if err == nil || !strings.Contains(err.Error(), "#/components/schemas/A") || !strings.Contains(err.Error(), "not a regular file") {
		t.Fatalf("err %v, want a located refusal", err)
	}
	// The definition itself, too.
	if _, _, err := Load(filepath.Join(dir, "pipe.json")); err == nil || !strings.Contains(err.Error(), "not a regular file") {
		t.Fatalf("err %v", err)
	}
}
