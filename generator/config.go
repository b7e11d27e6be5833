package generator

import (
	"errors"
	"fmt"
	"go/token"
	"slices"
	"strings"

	"github.com/oasgen/oasgen/generator/emit"
	"github.com/oasgen/oasgen/generator/model"
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
	// Names: a wire name or JSON pointer → Go name, for names no rule
	// can know (model.Config.Names).
	Names map[string]string `yaml:"names"`
	// Validate: auto (default; skipped for definitions over 8 MiB), always
	// or never. Findings are warnings, never errors.
	Validate string `yaml:"validate"`
	// JSON: std (default) leaves JSON to encoding/json and struct tags,
	// generating reflection-free codecs only where encoding/json cannot do
	// the job (unions and their kinds, RFC 1123 times, and the types
	// holding them); fast generates them for every type (faster at run
	// time, several times slower to compile). "reflect" and "generated",
	// the older names, mean std and fast.
	JSON string `yaml:"json"`
	// Nullable: three-state (default) makes an optional property whose
	// schema is nullable a Nullable[T], which tells absent, null and a
	// value apart; pointer keeps it a *T, where absent and null are the
	// same (oasgen's shape before Nullable).
	Nullable string `yaml:"nullable"`
	// Source locates the settings read from a config file, so that an
	// error about one names the file and line; nil without a file.
	Source *Source `yaml:"-"`
}

// Source is where a config's settings came from: Lines maps a key as
// model.ConfigError names it ("tags", "tags[0]", "formats.date") to its
// line in File; Flags maps a key to the command-line flag that set it
// (flags win over the file).
type Source struct {
	File  string
	Lines map[string]int
	Flags map[string]string
}

// SetByFlag records that flag set key, in place of any line of the file.
func (s *Source) SetByFlag(key, flag string) {
	if s.Flags == nil {
		s.Flags = map[string]string{}
	}
	s.Flags[key] = flag
}

// locate puts a model.ConfigError in the one style of configuration
// errors: "FILE:LINE: key: message" for a setting of a config file (the
// line of the key, or of the key that encloses it), "-flag: message" for a
// command-line flag, "config key: message" otherwise (a Config built in a
// program). Other errors pass unchanged.
func (c *Config) locate(err error) error {
	var ce *model.ConfigError
	if !errors.As(err, &ce) || c.Source == nil {
		return err
	}
	key := ce.Key
	for key != "" && c.Source.Lines[key] == 0 && c.Source.Flags[key] == "" {
		key = key[:max(strings.LastIndexAny(key, ".["), 0)]
	}
	switch {
	case key == "":
		return err
	case c.Source.Flags[key] != "":
		return fmt.Errorf("%s: %s", c.Source.Flags[key], ce.Msg)
	}
	return fmt.Errorf("%s:%d: %s: %s", c.Source.File, c.Source.Lines[key], ce.Key, ce.Msg)
}

// Parts are the values -generate accepts.
var Parts = emit.PartNames

// check checks every setting, in one place and one error style (see
// locate), and returns the parts to emit.
func (c *Config) check() (emit.Parts, error) {
	p, err := c.checkSettings()
	return p, c.locate(err)
}

func (c *Config) checkSettings() (emit.Parts, error) {
	var p emit.Parts
	if c.Spec == "" {
		return p, &model.ConfigError{Key: "spec", Msg: "no definition given"}
	}
	if !token.IsIdentifier(c.Package) || token.IsKeyword(c.Package) {
		return p, &model.ConfigError{Key: "package", Msg: fmt.Sprintf("%q is not a valid Go package name", c.Package)}
	}
	gen := c.Generate
	if len(gen) == 0 {
		gen = Parts
	}
	for i, g := range gen {
		switch strings.TrimSpace(g) {
		case "models":
			p.Models = true
		case "client":
			p.Client = true
		case "server":
			p.Server = true
		default:
			return p, &model.ConfigError{Key: fmt.Sprintf("generate[%d]", i), Msg: fmt.Sprintf("unknown part %q: want some of %s", g, strings.Join(Parts, ","))}
		}
	}
	for _, s := range []struct{ key, val, want string }{
		{"json", c.JSON, "std or fast"},
		{"nullable", c.Nullable, "three-state or pointer"},
		{"validate", c.Validate, "auto, always or never"},
	} {
		if !slices.Contains(settingValues[s.key], s.val) {
			return p, &model.ConfigError{Key: s.key, Msg: fmt.Sprintf("%q is not %s", s.val, s.want)}
		}
	}
	return p, model.CheckConfig(model.Config{Formats: c.Formats, Names: c.Names})
}

// settingValues are the values each enumerated setting takes ("" is its
// default; "reflect" and "generated" are json's older names).
var settingValues = map[string][]string{
	"json":     {"", "std", "reflect", "fast", "generated"},
	"nullable": {"", "three-state", "pointer"},
	"validate": {"", "auto", "always", "never"},
}

// fastJSON reports whether every type gets generated codecs.
func (c *Config) fastJSON() bool { return c.JSON == "fast" || c.JSON == "generated" }
