package generator

import (
	"fmt"
	"io"

	"github.com/oasgen/oasgen/generator/apichange"
)

// Diff generates the old and the new definition with the same config (its
// Spec is ignored) and compares the two models: what changed for the code
// that calls or implements the generated package. Warnings of both go to
// warn once each.
func Diff(cfg Config, oldSpec, newSpec string, warn io.Writer) (*apichange.Report, error) {
	c := cfg
	c.Spec = oldSpec
	if c.Package == "" {
		c.Package = PackageName(c.Output)
	}
	parts, err := c.check()
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	build := func(spec string) (*Output, error) {
		c := cfg
		c.Spec = spec
		out, err := Generate(c)
		if err != nil {
			return nil, err
		}
		for _, w := range out.Warnings {
			if s := w.String(); !seen[s] {
				seen[s] = true
				fmt.Fprintln(warn, s)
			}
		}
		return out, nil
	}
	old, err := build(oldSpec)
	if err != nil {
		return nil, err
	}
	new, err := build(newSpec)
	if err != nil {
		return nil, err
	}
	return apichange.Compare(old.API, new.API, apichange.Parts{Client: parts.Client, Server: parts.Server}), nil
}
