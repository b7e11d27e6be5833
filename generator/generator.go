// Package generator runs oasgen's pipeline: load (kin-openapi) → model
// (plain structs with final Go names) → emit (jennifer) → write (only
// changed files, only after everything succeeded). cmd/oasgen is a thin
// wrapper around Run; tests call Generate in-process.
package generator

import (
	"errors"
	"fmt"
	"go/token"
	"io"
	"path/filepath"
	"strings"
	"unicode"

	"github.com/oasgen/oasgen/generator/diag"
	"github.com/oasgen/oasgen/generator/emit"
	"github.com/oasgen/oasgen/generator/load"
	"github.com/oasgen/oasgen/generator/model"
	"github.com/oasgen/oasgen/generator/write"
	"github.com/oasgen/oasgen/templates"
)

// Config is everything one generation needs. The YAML names are those of
// the config file (see cmd/oasgen).
type Config struct {
	Spec       string            `yaml:"spec"`
	Output     string            `yaml:"output"`
	Package    string            `yaml:"package"`
	Generate   []string          `yaml:"generate"`
	Tags       []string          `yaml:"tags"`
	Operations []string          `yaml:"operations"`
	Formats    map[string]string `yaml:"formats"`
	// Validate: auto (default; skipped for definitions over 8 MiB), always
	// or never. Findings are warnings, never errors.
	Validate string `yaml:"validate"`
	// JSON: generated (default; reflection-free MarshalJSON/UnmarshalJSON)
	// or reflect (encoding/json alone: slower, but the package compiles
	// several times faster).
	JSON string `yaml:"json"`
	// Source locates the settings read from a config file, so that an
	// error about one names the file and line; nil without a file.
	Source *Source `yaml:"-"`
}

// Source is where a config's settings were read from: Lines maps a key
// as model.ConfigError names it ("tags", "tags[0]", "formats.date") to
// its line in File.
type Source struct {
	File  string
	Lines map[string]int
}

// locate prefixes a model.ConfigError with the file and line of its key
// (or of the enclosing key) when the setting came from a config file.
func (c *Config) locate(err error) error {
	var ce *model.ConfigError
	if c.Source == nil || !errors.As(err, &ce) {
		return err
	}
	key := ce.Key
	for key != "" && c.Source.Lines[key] == 0 {
		key = key[:max(strings.LastIndexAny(key, ".["), 0)]
	}
	if key == "" {
		return fmt.Errorf("%s: %s: %s", c.Source.File, ce.Key, ce.Msg)
	}
	return fmt.Errorf("%s:%d: %s: %s", c.Source.File, c.Source.Lines[key], ce.Key, ce.Msg)
}

// Parts are the values -generate accepts.
var Parts = []string{"models", "client", "server"}

func (c *Config) parts() (emit.Parts, error) {
	gen := c.Generate
	if len(gen) == 0 {
		gen = Parts
	}
	var p emit.Parts
	for _, g := range gen {
		switch strings.TrimSpace(g) {
		case "models":
			p.Models = true
		case "client":
			p.Client = true
		case "server":
			p.Server = true
		default:
			return p, fmt.Errorf("unknown part %q in generate: want some of %s", g, strings.Join(Parts, ","))
		}
	}
	switch c.JSON {
	case "", "generated":
	case "reflect":
		p.ReflectJSON = true
	default:
		return p, &model.ConfigError{Key: "json", Msg: fmt.Sprintf("%q is not generated or reflect", c.JSON)}
	}
	return p, nil
}

// PackageName derives a package name from the output folder.
func PackageName(dir string) string {
	base := filepath.Base(filepath.Clean(dir))
	var b strings.Builder
	for _, r := range strings.ToLower(base) {
		if r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			b.WriteRune(r)
		}
	}
	n := b.String()
	if n == "" || !unicode.IsLetter(rune(n[0])) || token.IsKeyword(n) {
		n = "api" + n
	}
	return n
}

// Output is a generation's result.
type Output struct {
	Files    []write.File
	Warnings []diag.Warning
	API      *model.API
}

// Generate runs load, model and emit; it writes nothing. A panic inside
// the pipeline is a bug in oasgen; it is returned as an error naming the
// definition, so that nothing is written and the user can report it.
func Generate(cfg Config) (out *Output, err error) {
	defer func() {
		if v := recover(); v != nil {
			out, err = nil, fmt.Errorf("%s: internal error in oasgen (please report it with the definition): %v", cfg.Spec, v)
		}
	}()
	return generate(cfg)
}

func generate(cfg Config) (*Output, error) {
	if cfg.Spec == "" {
		return nil, errors.New("no definition given")
	}
	if cfg.Package == "" {
		cfg.Package = PackageName(cfg.Output)
	}
	if !token.IsIdentifier(cfg.Package) || token.IsKeyword(cfg.Package) {
		return nil, fmt.Errorf("invalid package name %q", cfg.Package)
	}
	parts, err := cfg.parts()
	if err != nil {
		return nil, cfg.locate(err)
	}
	switch cfg.Validate {
	case "", "auto", "always", "never":
	default:
		return nil, fmt.Errorf("validate: %q is not auto, always or never", cfg.Validate)
	}
	if err := model.CheckFormats(cfg.Formats); err != nil {
		return nil, cfg.locate(err) // before reading a definition that may be large
	}
	doc, warns, err := load.Load(cfg.Spec, load.Options{Validate: cfg.Validate})
	if err != nil {
		return nil, err
	}
	reserved, err := templates.SupportNames()
	if err != nil {
		return nil, err
	}
	api, mwarns, err := model.Build(doc, model.Config{
		Package:     cfg.Package,
		Tags:        cfg.Tags,
		Operations:  cfg.Operations,
		Formats:     cfg.Formats,
		Reserved:    reserved,
		ReflectJSON: parts.ReflectJSON,
		// A filtered client or server keeps only the types its
		// operations reach; models alone are all the definition's.
		Prune: (len(cfg.Tags) > 0 || len(cfg.Operations) > 0) && (parts.Client || parts.Server),
	})
	if err != nil {
		return nil, cfg.locate(err)
	}
	doc = nil // the model holds no reference into it; let the GC take it before emitting
	files, err := emit.Generate(api, parts)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", cfg.Spec, err)
	}
	return &Output{Files: files, Warnings: append(warns, mwarns...), API: api}, nil
}

// Run generates and writes (or, with check, compares). Warnings go to
// warn once each. With check, a stale output is an error carrying the
// unified diff.
func Run(cfg Config, check bool, warn io.Writer) (*write.Result, error) {
	if cfg.Output == "" {
		return nil, errors.New("no output folder given")
	}
	out, err := Generate(cfg)
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	for _, w := range out.Warnings {
		if s := w.String(); !seen[s] {
			seen[s] = true
			fmt.Fprintln(warn, s)
		}
	}
	if check {
		d, err := write.Check(cfg.Output, emit.Header, out.Files)
		if err != nil {
			return nil, err
		}
		if d != "" {
			return nil, &StaleError{Dir: cfg.Output, Diff: d}
		}
		return &write.Result{}, nil
	}
	res, err := write.Write(cfg.Output, emit.Header, out.Files)
	return &res, err
}

// StaleError reports that -check found differences.
type StaleError struct {
	Dir  string
	Diff string
}

func (e *StaleError) Error() string { return e.Dir + " is stale: regenerate it" }
