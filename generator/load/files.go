package load

import (
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/oasgen/oasgen/generator/diag"
)

// The limits on what the loader reads. The largest definition of the
// public corpus (Microsoft Graph beta) is 45 MiB in one file.
const (
	// MaxFileBytes bounds one file of a definition.
	MaxFileBytes = 128 << 20
	// MaxTotalBytes bounds all files of one definition together.
	MaxTotalBytes = 256 << 20
)

// errOutside is the refusal of a file outside the definition's folder.
var errOutside = errors.New("outside the definition's folder")

// readFile is the only way the loader reads a file, whoever names it (the
// definition the user gave, a $ref, an x-ms-examples $ref, kin-openapi's
// loader). One rule for all: after following symbolic links, the file lies
// inside the definition's folder (the definition itself may be anywhere:
// the user named it), is a regular file on a real file system (not procfs
// or sysfs, whose files claim a size they do not have), and is no larger
// than MaxFileBytes, nor all files together than MaxTotalBytes.
func (f *folder) readFile(abs string) ([]byte, error) {
	real, err := filepath.EvalSymlinks(abs)
	if err != nil {
		return nil, err
	}
	if abs != f.absMain && !f.insideReal(real) {
		return nil, &os.PathError{Op: "read", Path: abs, Err: errOutside}
	}
	b, err := readRegular(real, min(MaxFileBytes, MaxTotalBytes-f.total))
	if err != nil {
		return nil, err
	}
	f.total += int64(len(b))
	return b, nil
}

// insideReal reports whether real, a path with its symbolic links
// resolved, lies in the definition's folder.
func (f *folder) insideReal(real string) bool {
	root, err := filepath.EvalSymlinks(f.root)
	if err != nil {
		return false
	}
	rel, err := filepath.Rel(root, real)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

// readRegular reads the regular file at path (symbolic links already
// resolved), at most limit bytes. A FIFO would block the read for ever, a
// device (/dev/zero) or a procfs file (/proc/self/pagemap) never end: the
// file is checked before it is opened, opened without following a link and
// without blocking, checked again through the open descriptor (it must be
// the file that was checked), and read no further than the size it
// declares.
func readRegular(path string, limit int64) ([]byte, error) {
	fail := func(msg string) error { return &os.PathError{Op: "read", Path: path, Err: errors.New(msg)} }
	fi, err := os.Lstat(path)
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, fail("not a regular file")
	}
	if fi.Size() > limit {
		return nil, fail(tooLarge(limit))
	}
	fd, err := openFile(path)
	if err != nil {
		return nil, err
	}
	defer fd.Close()
	st, err := fd.Stat()
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() || !os.SameFile(fi, st) {
		return nil, fail("the file changed while it was opened")
	}
	if virtualFS(fd) {
		return nil, fail("a file of procfs or sysfs, not of a definition")
	}
	if st.Size() > limit {
		return nil, fail(tooLarge(limit))
	}
	b, err := io.ReadAll(io.LimitReader(fd, st.Size()+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > st.Size() {
		return nil, fail(fmt.Sprintf("longer than the %d bytes it declares (a file that grows while read)", st.Size()))
	}
	return b, nil
}

func tooLarge(limit int64) string {
	if limit < MaxFileBytes {
		return fmt.Sprintf("the definition's files together are larger than %d MiB (oasgen's limit)", MaxTotalBytes>>20)
	}
	return fmt.Sprintf("larger than %d MiB (oasgen's limit)", MaxFileBytes>>20)
}

// uriKeywords are the JSON Schema keywords whose value a JSON Schema
// implementation may load: kin-openapi's OpenAPI 3.1 validation hands
// schemas to one that opens file: URLs (a "$schema" naming a FIFO hung
// the generator; an outside file's enum reached the warnings). "$ref" is
// checked like every reference (checkRef).
var uriKeywords = []string{"$schema", "$id", "$dynamicRef", "$recursiveRef"}

// dropLocalURIs removes from the schema-like object x the URI keywords
// whose value could name a local file (a file: URL, or any scheme but
// http, https, urn and tag), with a located warning each: nothing opens a
// file the loader would not. A relative value stays: it resolves against
// the validator's https base. Generation does not use these keywords.
func (f *folder) dropLocalURIs(file string, x map[string]any, ptr string) {
	for _, k := range uriKeywords {
		v, ok := x[k].(string)
		if !ok || safeURI(v) {
			continue
		}
		delete(x, k)
		f.dropped = true
		f.warnings = append(f.warnings, diag.Warning{File: f.name(file), Pointer: ptr + "/" + diag.EscapeToken(k),
			Msg: fmt.Sprintf("%s %q could name a local file: ignored (oasgen reads no file but the definition's own, inside its folder)", k, v)})
	}
}

// safeURI: a URI reference no loader in the process can turn into a
// file (nothing here fetches http or https).
func safeURI(v string) bool {
	u, err := url.Parse(v)
	if err != nil {
		return false
	}
	switch u.Scheme {
	case "", "http", "https", "urn", "tag":
		return true
	}
	return false
}

// ReadUserFile reads a file the user named (a config file) by the rule
// for the definition itself: a regular file, no larger than MaxFileBytes.
func ReadUserFile(path string) ([]byte, error) {
	real, err := filepath.EvalSymlinks(path)
	if err != nil {
		return nil, err
	}
	return readRegular(real, MaxFileBytes)
}
