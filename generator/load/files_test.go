package load

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// readRegular refuses what is not data at rest, before reading it: procfs
// files (which claim to be empty regular files and never end, like
// /proc/self/pagemap), files over the limit (a sparse file here, so the
// test writes nothing), and a limit that a file's declared size passes.
func TestReadRegularRefuses(t *testing.T) {
	if runtime.GOOS == "linux" {
		for _, p := range []string{"/proc/self/status", "/proc/self/pagemap"} {
			if _, err := readRegular(p, MaxFileBytes); err == nil || !strings.Contains(err.Error(), "procfs") {
				t.Errorf("%s: err = %v, want a refusal", p, err)
			}
		}
	}
	big := filepath.Join(t.TempDir(), "big.json")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(MaxFileBytes + 1); err != nil {
		t.Skip("no sparse file:", err)
	}
	f.Close()
	if _, err := readRegular(big, MaxFileBytes); err == nil || !strings.Contains(err.Error(), "larger than 128 MiB") {
		t.Errorf("err = %v, want larger than 128 MiB", err)
	}
	small := filepath.Join(t.TempDir(), "s.json")
	os.WriteFile(small, []byte(`{"a": 1}`), 0o644)
	if b, err := readRegular(small, 8); err != nil || string(b) != `{"a": 1}` {
		t.Errorf("a file of exactly the limit: %q, %v", b, err)
	}
	if _, err := readRegular(small, 7); err == nil {
		t.Errorf("a file over the limit was read")
	}
}

// All files of a definition together are bounded too: a definition whose
// $refs name many files each under MaxFileBytes stops at MaxTotalBytes.
func TestReadFileTotal(t *testing.T) {
	dir := t.TempDir()
	main := filepath.Join(dir, "openapi.json")
	os.WriteFile(main, []byte(`{}`), 0o644)
	part := filepath.Join(dir, "part.json")
	os.WriteFile(part, []byte(`{"a": 1}`), 0o644)
	f := &folder{root: dir, absMain: main, display: "openapi.json"}
	f.total = MaxTotalBytes - 8
	if _, err := f.readFile(part); err != nil {
		t.Fatalf("8 bytes under the total: %v", err)
	}
	if _, err := f.readFile(part); err == nil || !strings.Contains(err.Error(), "together are larger than 256 MiB") {
		t.Errorf("err = %v, want the total's refusal", err)
	}
}

// The definition itself may lie anywhere (the user named it), but the
// files it names must lie in its folder once links are followed.
func TestReadFileOutside(t *testing.T) {
	outside := t.TempDir()
	dir := filepath.Join(outside, "def")
	os.Mkdir(dir, 0o755)
	secret := filepath.Join(outside, "secret.json")
	os.WriteFile(secret, []byte(`{}`), 0o644)
	link := filepath.Join(dir, "link.json")
	if err := os.Symlink(secret, link); err != nil {
		t.Skip(err)
	}
	f := &folder{root: dir, absMain: filepath.Join(dir, "openapi.json")}
	for _, p := range []string{secret, link, filepath.Join(dir, "..", "secret.json")} {
		if _, err := f.readFile(p); err == nil || !strings.Contains(err.Error(), "outside the definition's folder") {
			t.Errorf("%s: err = %v, want a refusal", p, err)
		}
	}
	// The user's own definition, through a link from elsewhere, is read.
	f = &folder{root: dir, absMain: link}
	if _, err := f.readFile(link); err != nil {
		t.Errorf("the definition itself: %v", err)
	}
}
