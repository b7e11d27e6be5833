package generator

import (
	"errors"
	"fmt"
	"go/token"
	"slices"
	"strings"

	"github.com/oasgen/oasgen/generator/diag"
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
	// JSON: std (the default and only mode) leaves JSON to struct tags,
	// read by encoding/json and the table codec, generating
	// reflection-free codecs only where encoding/json cannot do the job
	// (unions and their kinds, RFC 1123 times, and the types holding
	// them). "reflect" is an older name of std; "fast" and "generated"
	// (codecs for every type) are retired: they mean std, with a warning
	// (see retiredJSON).
	JSON string `yaml:"json"`
	// Nullable: three-state (default) makes an optional property whose
	// schema is nullable a Nullable[T], which tells absent, null and a
	// value apart; pointer keeps it a *T, where absent and null are the
	// same (oasgen's shape before Nullable).
	Nullable string `yaml:"nullable"`
	// Source locates the settings read from a config file, so that an
	// error about one names the file and line; nil without a file.
	Source *Source `yaml:"-"`
	// AllCodecs gives every type generated JSON codecs, not only those
	// encoding/json cannot handle. It is for tests of the codec emitter,
	// which must be right on every kind of type; it is not a setting, and
	// no config file or flag reaches it.
	AllCodecs bool `yaml:"-"`
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
// errors (see located). Other errors pass unchanged.
func (c *Config) locate(err error) error {
	var ce *model.ConfigError
	if !errors.As(err, &ce) {
		return err
	}
	if where, msg := c.located(ce.Key, ce.Msg); where != "" {
		return fmt.Errorf("%s: %s", where, msg)
	}
	return err
}

// warn is a warning about setting key, located as an error about it
// would be; without a place, it is the definition's, as the model's
// warnings about settings are.
func (c *Config) warn(key, msg string) diag.Warning {
	where, msg := c.located(key, msg)
	if where == "" {
		where = c.Spec
	}
	return diag.Warning{File: where, Msg: msg}
}

// located is the one style of messages about a setting: "FILE:LINE" and
// "key: message" for a setting of a config file (the line of the key, or
// of the key that encloses it), "-flag" and "message" for a command-line
// flag, no place and "config key: message" otherwise (a Config built in
// a program).
func (c *Config) located(key, msg string) (where, text string) {
	k := key
	for c.Source != nil && k != "" && c.Source.Lines[k] == 0 && c.Source.Flags[k] == "" {
		k = k[:max(strings.LastIndexAny(k, ".["), 0)]
	}
	switch {
	case c.Source == nil || k == "":
		return "", "config " + key + ": " + msg
	case c.Source.Flags[k] != "":
		return c.Source.Flags[k], msg
	}
	return fmt.Sprintf("%s:%d", c.Source.File, c.Source.Lines[k]), key + ": " + msg
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
		{"json", c.JSON, "std"},
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
// default; "reflect" is an older name of std, "fast" and "generated" are
// retired: see retiredJSON).
var settingValues = map[string][]string{
	"json":     {"", "std", "reflect", "fast", "generated"},
	"nullable": {"", "three-state", "pointer"},
	"validate": {"", "auto", "always", "never"},
}

// retiredJSON warns about json: fast (or generated, its older name),
// which generated codecs for every type. The table codec of json: std
// decodes and encodes at least as fast at half the build cost
// (docs/performance.md, issue 25), so fast now means std; a config that
// still says it keeps working.
func (c *Config) retiredJSON() []diag.Warning {
	if c.JSON != "fast" && c.JSON != "generated" {
		return nil
	}
	return []diag.Warning{c.warn("json", fmt.Sprintf("%q is retired and means std: the default table codec is as fast at run time and builds at half the cost; remove the setting", c.JSON))}
}
