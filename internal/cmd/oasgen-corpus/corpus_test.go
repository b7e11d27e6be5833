package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/sha512"
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
)

func TestSampleDeterministic(t *testing.T) {
	var all []string
	for i := range 500 {
		all = append(all, fmt.Sprintf("api/x%03d.json", i))
	}
	all = append(all, mandatorySpecs...)
	slices.Sort(all)

	a := sampleSpecs(all, 50, 1)
	b := sampleSpecs(all, 50, 1)
	if d := diff(a, b); d != "" {
		t.Fatalf("same seed, different samples (-a +b):\n%s", d)
	}
	if len(a) != 50 {
		t.Fatalf("len = %d, want 50", len(a))
	}
	if !slices.IsSorted(a) {
		t.Errorf("sample not sorted")
	}
	if len(slices.Compact(slices.Clone(a))) != len(a) {
		t.Errorf("sample has duplicates")
	}
	for _, m := range mandatorySpecs {
		if !slices.Contains(a, m) {
			t.Errorf("sample lacks mandatory %s", m)
		}
	}
	if c := sampleSpecs(all, 50, 2); slices.Equal(a, c) {
		t.Errorf("seeds 1 and 2 gave the same sample")
	}
	// Pin the generator: a change of algorithm would silently change the
	// committed sample report.
	first := sampleSpecs(all, 5, 1)
	pinned := []string{"api/azure.com/batch-BatchService.json", "api/windows.net/batch-BatchService.json", "api/x164.json", "api/x325.json", "api/x426.json"}
	if d := diff(pinned, first); d != "" {
		t.Errorf("sample of 5, seed 1 changed:\n%s", d)
	}
	if got := sampleSpecs(all, 1000, 1); len(got) != len(all) {
		t.Errorf("oversized sample: len %d, want %d", len(got), len(all))
	}
	// Mandatory specs absent from the corpus are simply not included.
	small := []string{"api/a.json", "api/b.json", "api/c.json"}
	if got := sampleSpecs(small, 2, 7); len(got) != 2 {
		t.Errorf("small sample = %v", got)
	}
}

func writeTarGz(t *testing.T, file string, entries map[string]string) {
	t.Helper()
	var buf bytes.Buffer
	gz := gzip.NewWriter(&buf)
	tw := tar.NewWriter(gz)
	names := make([]string, 0, len(entries))
	for n := range entries {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		body := entries[n]
		if err := tw.WriteHeader(&tar.Header{Name: n, Mode: 0o644, Size: int64(len(body)), Typeflag: tar.TypeReg}); err != nil {
			t.Fatal(err)
		}
		tw.Write([]byte(body))
	}
	tw.Close()
	gz.Close()
	if err := os.WriteFile(file, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

func digest(t *testing.T, file string) string {
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha512.Sum512(data)
	return base64.StdEncoding.EncodeToString(sum[:])
}

func TestVerifyAndUnpack(t *testing.T) {
	cache := t.TempDir()
	tgz := filepath.Join(cache, corpusTarball)
	writeTarGz(t, tgz, map[string]string{
		"package/package.json":       `{}`,
		"package/api/a.com.json":     `{"openapi":"3.0.0"}`,
		"package/api/b.com/x.json":   `{"openapi":"3.0.0"}`,
		"package/api/b.com/notes.md": `no`,
	})
	want := digest(t, tgz)
	if err := verifySHA512(tgz, want); err != nil {
		t.Fatalf("verify: %v", err)
	}
	bad := base64.StdEncoding.EncodeToString(make([]byte, 64))
	err := verifySHA512(tgz, bad)
	if err == nil || !strings.Contains(err.Error(), "sha512 mismatch") {
		t.Fatalf("verify with wrong digest: err = %v", err)
	}
	if err := ensureCorpus(cache, bad, t.Logf); err == nil {
		t.Fatal("ensureCorpus accepted a tarball with the wrong digest")
	}
	if _, err := os.Stat(packageDir(cache)); err == nil {
		t.Fatal("unpacked despite digest mismatch")
	}
	if err := ensureCorpus(cache, want, t.Logf); err != nil {
		t.Fatalf("ensureCorpus: %v", err)
	}
	specs, err := listSpecs(packageDir(cache))
	if err != nil {
		t.Fatal(err)
	}
	if d := diff([]string{"api/a.com.json", "api/b.com/x.json"}, specs); d != "" {
		t.Errorf("listSpecs (-want +got):\n%s", d)
	}
	// Present tree and tarball: still verified.
	if err := ensureCorpus(cache, bad, t.Logf); err == nil {
		t.Error("ensureCorpus did not re-verify an existing tarball")
	}
}

func TestExtractRejectsTraversal(t *testing.T) {
	dir := t.TempDir()
	tgz := filepath.Join(dir, "evil.tgz")
	writeTarGz(t, tgz, map[string]string{"../evil.txt": "x"})
	if err := extractTarGz(tgz, filepath.Join(dir, "out")); err == nil {
		t.Fatal("extracted ../evil.txt")
	}
}

func TestReadList(t *testing.T) {
	f := filepath.Join(t.TempDir(), "list")
	os.WriteFile(f, []byte("# comment\napi/a.json\n\n  api/b/c.json  \n"), 0o644)
	got, err := readList(f)
	if err != nil {
		t.Fatal(err)
	}
	if d := diff([]string{"api/a.json", "api/b/c.json"}, got); d != "" {
		t.Error(d)
	}
}

func TestSizeFlag(t *testing.T) {
	for in, want := range map[string]int64{"2GiB": 2 << 30, "512MiB": 512 << 20, "1.5G": 3 << 29, "100MB": 100e6, "4096": 4096, "0": 0} {
		var s sizeFlag
		if err := s.Set(in); err != nil || int64(s) != want {
			t.Errorf("Set(%q) = %d, %v; want %d", in, s, err, want)
		}
	}
	var s sizeFlag
	if err := s.Set("lots"); err == nil {
		t.Error("Set(lots) succeeded")
	}
	if got := sizeFlag(2 << 30).String(); got != "2GiB" {
		t.Errorf("String = %q", got)
	}
}

func TestCappedBuffer(t *testing.T) {
	b := newCappedBuffer(20)
	b.Write([]byte("0123456789"))
	b.Write([]byte(strings.Repeat("x", 1000)))
	b.Write([]byte("TAIL"))
	s := b.String()
	if !strings.HasPrefix(s, "0123456789") || !strings.HasSuffix(s, "TAIL") || len(s) > 100 {
		t.Errorf("capped buffer = %q", s)
	}
}

// diff reports want/got when they differ (go-cmp is not a dependency).
func diff[T any](want, got T) string {
	if reflect.DeepEqual(want, got) {
		return ""
	}
	return fmt.Sprintf("want %#v\n got %#v", want, got)
}

func TestSplitBig(t *testing.T) {
	dir := t.TempDir()
	for p, size := range map[string]int{"p0": 10, "p1": 300, "p2": 99} {
		if err := os.MkdirAll(filepath.Join(dir, p), 0o755); err != nil {
			t.Fatal(err)
		}
		// Two files: the limit applies to the package, not to one file.
		for _, f := range []string{"a.go", "b.go"} {
			if err := os.WriteFile(filepath.Join(dir, p, f), make([]byte, size/2), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	small, big := splitBig(dir, []string{"p0", "p1", "p2"}, 100)
	if !slices.Equal(small, []string{"p0", "p2"}) || !slices.Equal(big, []string{"p1"}) {
		t.Errorf("splitBig = %v, %v; want [p0 p2], [p1]", small, big)
	}
	if small, big := splitBig(dir, []string{"p0", "p1"}, 0); len(small) != 2 || big != nil {
		t.Errorf("limit 0: %v, %v; want everything small", small, big)
	}
}
