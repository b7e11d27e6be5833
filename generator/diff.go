package generator

import (
	"fmt"
	"io"
	"sync"

	"github.com/oasgen/oasgen/generator/apichange"
	"github.com/oasgen/oasgen/generator/diag"
	"github.com/oasgen/oasgen/generator/emit"
)

// Diff builds the models of the old and the new definition with the same
// config (its Spec is ignored) and compares them: what changed for the
// code that calls or implements the generated package, and on the wire.
// The report's Go view reads the files that declare the package's API,
// rendered as a generation would but not formatted (emit.GoAPI); nothing
// else is emitted. The two sides are built at once. Warnings of both go
// to warn once each, the old definition's first.
func Diff(cfg Config, oldSpec, newSpec string, warn io.Writer) (*apichange.Report, error) {
	type side struct {
		in    apichange.Input
		parts emit.Parts
		warns []diag.Warning
		err   error
	}
	build := func(spec string) (s side) {
		defer func() {
			if v := recover(); v != nil {
				s.err = fmt.Errorf("%s: internal error in oasgen (please report it with the definition): %v", spec, v)
			}
		}()
		c := cfg
		c.Spec = spec
		api, parts, warns, err := buildModel(c)
		if err != nil {
			return side{err: err}
		}
		files, err := emit.GoAPI(api, parts)
		if err != nil {
			return side{err: fmt.Errorf("%s: %w", spec, err)}
		}
		return side{apichange.Input{API: api, Files: files}, parts, warns, nil}
	}
	var old, new side
	var wg sync.WaitGroup
	wg.Go(func() { old = build(oldSpec) })
	new = build(newSpec)
	wg.Wait()
	for _, s := range []side{old, new} {
		if s.err != nil {
			return nil, s.err
		}
	}
	warnOnce(warn, append(old.warns, new.warns...))
	return apichange.Compare(old.in, new.in, apichange.Parts{Client: old.parts.Client, Server: old.parts.Server})
}
