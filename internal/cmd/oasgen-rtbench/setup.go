package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/oasgen/oasgen/internal/peers"
)

// The peers are the ones pinned in internal/peers, installed with
// `go install` into a temporary GOBIN, never vendored.
const (
	oapiCodegenPkg     = peers.OapiCodegenPkg
	oapiCodegenVersion = peers.OapiCodegenVersion
	ogenPkg            = peers.OgenPkg
	ogenVersion        = peers.OgenVersion

	// specRel is the Batch definition inside the corpus cache.
	specRel     = "package/api/azure.com/batch-BatchService.json"
	specVersion = "2019-08-01.10.0"
	moduleName  = "rtbench"
)

// The benchmarked packages of the temporary module, in report order.
type benchPkg struct {
	Dir   string // package directory and name
	Label string // how the report names it
}

var (
	pkgOasgen    = benchPkg{"oasgenpkg", "oasgen"}
	pkgOgen      = benchPkg{"ogenpkg", "ogen"}
	pkgOgenTyped = benchPkg{"ogentyped", "ogen (typed Certificate)"}
	pkgOapi      = benchPkg{"oapipkg", "oapi-codegen"}
	pkgBaseline  = benchPkg{"baseline", "baseline"}
	benchPkgs    = []benchPkg{pkgOasgen, pkgOgen, pkgOgenTyped, pkgOapi, pkgBaseline}
)

// typedSchemas get "type": "object" in the patched definition: Certificate
// and the object schemas it references. Without it ogen leaves them (and 50
// other Batch schemas) as jx.Raw.
var typedSchemas = []string{"Certificate", "DeleteCertificateError", "NameValuePair"}

type runner struct {
	logf func(string, ...any)
	env  []string // environment for every go command
}

func (r *runner) run(dir string, argv ...string) error {
	_, err := r.output(dir, argv...)
	return err
}

func (r *runner) output(dir string, argv ...string) ([]byte, error) {
	r.logf("%s$ %s", shortDir(dir), strings.Join(argv, " "))
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Dir = dir
	cmd.Env = r.env
	var out, stderr bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return out.Bytes(), fmt.Errorf("%s: %w\n%s%s", strings.Join(argv, " "), err, tail(out.String(), 4000), tail(stderr.String(), 4000))
	}
	return out.Bytes(), nil
}

func shortDir(dir string) string {
	if dir == "" {
		return ""
	}
	return filepath.Base(dir) + " "
}

func tail(s string, n int) string {
	if len(s) > n {
		return "..." + s[len(s)-n:]
	}
	return s
}

// goEnv is the environment for go commands in the temporary module: no
// workspace, and no -mod=readonly inherited from CI (go mod tidy must write).
func goEnv(extra ...string) []string {
	var env []string
	for _, kv := range os.Environ() {
		if strings.HasPrefix(kv, "GOWORK=") || strings.HasPrefix(kv, "GOFLAGS=") {
			continue
		}
		env = append(env, kv)
	}
	return append(append(env, "GOWORK=off", "GOFLAGS="), extra...)
}

// resolveSpec returns the Batch definition: spec if set, else the corpus
// cache's copy, fetched with internal/cmd/oasgen-corpus -fetch-only when missing.
func (r *runner) resolveSpec(spec, cache, repo string) (string, error) {
	if spec == "" {
		spec = filepath.Join(cache, specRel)
		if _, err := os.Stat(spec); err != nil {
			r.logf("%s missing: fetching the corpus", spec)
			if err := r.run(repo, "go", "run", "./internal/cmd/oasgen-corpus", "-cache", cache, "-fetch-only"); err != nil {
				return "", err
			}
		}
	}
	data, err := os.ReadFile(spec)
	if err != nil {
		return "", err
	}
	var doc struct {
		Info struct{ Version string }
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		return "", fmt.Errorf("%s: %w", spec, err)
	}
	if doc.Info.Version != specVersion {
		return "", fmt.Errorf("%s is version %q, want %s", spec, doc.Info.Version, specVersion)
	}
	return filepath.Abs(spec)
}

// patchSpec adds "type": "object" to the named component schemas, keeping
// everything else. It fails if a schema is missing or already has a type.
func patchSpec(data []byte, names []string) ([]byte, error) {
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, err
	}
	comps, _ := doc["components"].(map[string]any)
	schemas, _ := comps["schemas"].(map[string]any)
	for _, n := range names {
		s, ok := schemas[n].(map[string]any)
		if !ok {
			return nil, fmt.Errorf("schema %s not found", n)
		}
		if t, ok := s["type"]; ok {
			return nil, fmt.Errorf("schema %s already has type %v", n, t)
		}
		if _, ok := s["properties"]; !ok {
			return nil, fmt.Errorf("schema %s has no properties", n)
		}
		s["type"] = "object"
	}
	return json.Marshal(doc)
}

// untypedSchemas lists the component schemas that have properties but no
// type: the ones ogen turns into jx.Raw.
func untypedSchemas(data []byte) ([]string, error) {
	var doc struct {
		Components struct {
			Schemas map[string]map[string]json.RawMessage
		}
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, err
	}
	var out []string
	for name, s := range doc.Components.Schemas {
		_, hasType := s["type"]
		_, hasProps := s["properties"]
		if hasProps && !hasType {
			out = append(out, name)
		}
	}
	sort.Strings(out)
	return out, nil
}

// tools are the three generator binaries.
type tools struct {
	oasgen, ogen, oapi string
}

func (r *runner) installTools(repo, binDir string) (tools, error) {
	t := tools{
		oasgen: filepath.Join(binDir, "oasgen"),
		ogen:   filepath.Join(binDir, "ogen"),
		oapi:   filepath.Join(binDir, "oapi-codegen"),
	}
	if err := r.run(repo, "go", "build", "-o", t.oasgen, "./cmd/oasgen"); err != nil {
		return t, err
	}
	inst := &runner{logf: r.logf, env: append(goEnv(), "GOBIN="+binDir)}
	for _, p := range []string{ogenPkg + "@" + ogenVersion, oapiCodegenPkg + "@" + oapiCodegenVersion} {
		if err := inst.run(binDir, "go", "install", p); err != nil {
			return t, err
		}
	}
	return t, nil
}

// generated describes what setupModule produced, for the report.
type generated struct {
	oasgenVersion   string
	untyped         []string          // schemas ogen leaves untyped upstream
	ogenRaw         []string          // types ogen generated as jx.Raw upstream
	ogenCertRaw     bool              // upstream ogen Certificate is jx.Raw
	oasgenPatchSame bool              // oasgen output identical for the patched definition
	oasgenJSONMeth  bool              // oasgen's Certificate has its own MarshalJSON
	oasgenCodecs    bool              // oasgen's package has EncodeJSON and DecodeJSON
	deps            map[string]string // module => version, from go.mod
}

// setupModule creates the temporary module in dir: the generated packages,
// the benchmark files, go.mod, and runs go mod tidy.
func (r *runner) setupModule(dir, repo, spec string, t tools) (*generated, error) {
	g := &generated{oasgenVersion: gitVersion(repo)}
	data, err := os.ReadFile(spec)
	if err != nil {
		return nil, err
	}
	if g.untyped, err = untypedSchemas(data); err != nil {
		return nil, err
	}
	patched, err := patchSpec(data, typedSchemas)
	if err != nil {
		return nil, err
	}
	aux := filepath.Join(dir, "_aux") // ignored by the go command
	if err := os.MkdirAll(aux, 0o755); err != nil {
		return nil, err
	}
	patchedSpec := filepath.Join(aux, "batch-patched.json")
	if err := os.WriteFile(patchedSpec, patched, 0o644); err != nil {
		return nil, err
	}

	// oasgen, and a check that the patch does not change its output.
	oasDir := filepath.Join(dir, pkgOasgen.Dir)
	if err := r.run(dir, t.oasgen, "-q", "-o", oasDir, "-package", pkgOasgen.Dir, spec); err != nil {
		return nil, err
	}
	cmpDir := filepath.Join(aux, pkgOasgen.Dir)
	if err := r.run(dir, t.oasgen, "-q", "-o", cmpDir, "-package", pkgOasgen.Dir, patchedSpec); err != nil {
		return nil, err
	}
	if g.oasgenPatchSame, err = sameTree(oasDir, cmpDir); err != nil {
		return nil, err
	}
	if g.oasgenJSONMeth, err = hasMethod(oasDir, "Certificate", "MarshalJSON"); err != nil {
		return nil, err
	}
	if g.oasgenCodecs, err = hasFunc(oasDir, "DecodeJSON"); err != nil {
		return nil, err
	}

	// ogen, from the upstream and from the patched definition.
	for _, x := range []struct {
		pkg  benchPkg
		spec string
	}{{pkgOgen, spec}, {pkgOgenTyped, patchedSpec}} {
		if err := r.run(dir, t.ogen, "--target", filepath.Join(dir, x.pkg.Dir), "--package", x.pkg.Dir, "--clean", x.spec); err != nil {
			return nil, err
		}
	}
	src, err := os.ReadFile(filepath.Join(dir, pkgOgen.Dir, "oas_schemas_gen.go"))
	if err != nil {
		return nil, err
	}
	g.ogenRaw = rawTypes(src)
	g.ogenCertRaw = slices.Contains(g.ogenRaw, "Certificate")

	// oapi-codegen: models, client, chi server and strict server.
	if err := os.MkdirAll(filepath.Join(dir, pkgOapi.Dir), 0o755); err != nil {
		return nil, err
	}
	cfg, _ := json.Marshal(map[string]any{ // JSON is YAML
		"package":  pkgOapi.Dir,
		"generate": map[string]bool{"models": true, "client": true, "chi-server": true, "strict-server": true},
		"output":   filepath.Join(dir, pkgOapi.Dir, pkgOapi.Dir+".gen.go"),
	})
	cfgFile := filepath.Join(aux, "oapi-codegen.yaml")
	if err := os.WriteFile(cfgFile, cfg, 0o644); err != nil {
		return nil, err
	}
	if err := r.run(dir, t.oapi, "-config", cfgFile, spec); err != nil {
		return nil, err
	}

	// The benchmark files.
	files := map[string]string{
		"go.mod":                                 "module " + moduleName + "\n\ngo 1.26\n\nrequire github.com/ogen-go/ogen " + ogenVersion + "\n",
		filepath.Join(pkgBaseline.Dir, "doc.go"): baselineDoc,
		filepath.Join(pkgBaseline.Dir, "baseline_test.go"):     baselineSource,
		filepath.Join(pkgOasgen.Dir, "rtbench_test.go"):        oasgenSource(pkgOasgen.Dir, g.oasgenCodecs),
		filepath.Join(pkgOgen.Dir, "rtbench_test.go"):          ogenSource(pkgOgen.Dir),
		filepath.Join(pkgOgenTyped.Dir, "rtbench_test.go"):     ogenSource(pkgOgenTyped.Dir),
		filepath.Join(pkgOapi.Dir, "rtbench_test.go"):          oapiSource(pkgOapi.Dir),
		filepath.Join(pkgOasgen.Dir, "rtbench_common_test.go"): commonSource(pkgOasgen.Dir),
	}
	for _, p := range []benchPkg{pkgOgen, pkgOgenTyped, pkgOapi} {
		files[filepath.Join(p.Dir, "rtbench_common_test.go")] = commonSource(p.Dir)
	}
	for name, content := range files {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return nil, err
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			return nil, err
		}
	}
	if err := r.run(dir, "go", "mod", "tidy"); err != nil {
		return nil, err
	}
	gomod, err := os.ReadFile(filepath.Join(dir, "go.mod"))
	if err != nil {
		return nil, err
	}
	g.deps = requiredModules(gomod)
	return g, nil
}

// rawTypes lists the types declared as jx.Raw in ogen's schemas file.
func rawTypes(src []byte) []string {
	var out []string
	for _, line := range strings.Split(string(src), "\n") {
		f := strings.Fields(line)
		if len(f) == 3 && f[0] == "type" && f[2] == "jx.Raw" {
			out = append(out, f[1])
		}
	}
	sort.Strings(out)
	return out
}

// sameTree reports whether two directories hold the same files.
func sameTree(a, b string) (bool, error) {
	read := func(root string) (map[string]string, error) {
		m := map[string]string{}
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			data, err := os.ReadFile(p)
			rel, _ := filepath.Rel(root, p)
			m[rel] = string(data)
			return err
		})
		return m, err
	}
	ma, err := read(a)
	if err != nil {
		return false, err
	}
	mb, err := read(b)
	if err != nil {
		return false, err
	}
	if len(ma) != len(mb) {
		return false, nil
	}
	for k, v := range ma {
		if mb[k] != v {
			return false, nil
		}
	}
	return true, nil
}

// hasMethod reports whether a .go file in dir declares method on type
// (value or pointer receiver).
func hasMethod(dir, typ, method string) (bool, error) {
	return anyGoLine(dir, func(line string) bool {
		if !strings.HasPrefix(line, "func (") {
			return false
		}
		recv, rest, ok := strings.Cut(line[len("func ("):], ")")
		fields := strings.Fields(recv)
		return ok && len(fields) > 0 && strings.TrimPrefix(fields[len(fields)-1], "*") == typ &&
			strings.HasPrefix(strings.TrimSpace(rest), method+"(")
	})
}

// hasFunc reports whether a .go file in dir declares function name.
func hasFunc(dir, name string) (bool, error) {
	return anyGoLine(dir, func(line string) bool { return strings.HasPrefix(line, "func "+name+"(") })
}

// anyGoLine reports whether a line of a .go file in dir satisfies match.
func anyGoLine(dir string, match func(string) bool) (bool, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		return false, err
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return false, err
		}
		for _, line := range strings.Split(string(data), "\n") {
			if match(line) {
				return true, nil
			}
		}
	}
	return false, nil
}

// requiredModules parses the require lines of a go.mod.
func requiredModules(gomod []byte) map[string]string {
	deps := map[string]string{}
	inBlock := false
	for _, line := range strings.Split(string(gomod), "\n") {
		line = strings.TrimSpace(line)
		switch {
		case line == "require (":
			inBlock = true
			continue
		case inBlock && line == ")":
			inBlock = false
			continue
		case strings.HasPrefix(line, "require "):
			line = strings.TrimPrefix(line, "require ")
		case !inBlock:
			continue
		}
		f := strings.Fields(line)
		if len(f) >= 2 {
			deps[f[0]] = f[1]
		}
	}
	return deps
}

// gitVersion describes the repository's revision, or "unknown".
func gitVersion(repo string) string {
	out, err := exec.Command("git", "-C", repo, "describe", "--always", "--dirty").Output()
	if err != nil {
		return "unknown"
	}
	return strings.TrimSpace(string(out))
}
