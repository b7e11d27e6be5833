// Package generator runs oasgen's pipeline: load (kin-openapi) → model
// (plain structs with final Go names) → emit (jennifer) → write (only
// changed files, only after everything succeeded). cmd/oasgen is a thin
// wrapper around Run; tests call Generate in-process.
package generator

import (
	"bytes"
	"errors"
	"fmt"
	"go/token"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"text/tabwriter"
	"unicode"

	"github.com/oasgen/oasgen/generator/apichange"
	"github.com/oasgen/oasgen/generator/diag"
	"github.com/oasgen/oasgen/generator/emit"
	"github.com/oasgen/oasgen/generator/load"
	"github.com/oasgen/oasgen/generator/model"
	"github.com/oasgen/oasgen/generator/write"
	"github.com/oasgen/oasgen/templates"
)

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
	api, parts, warns, err := buildModel(cfg)
	if err != nil {
		return nil, err
	}
	files, err := emit.Generate(api, parts)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", cfg.Spec, err)
	}
	if err := checkSize(cfg.Spec, files, MaxOutputBytes); err != nil {
		return nil, err
	}
	return &Output{Files: files, Warnings: warns, API: api}, nil
}

// buildModel runs load and model: everything a generation decides
// before a file is rendered.
func buildModel(cfg Config) (*model.API, emit.Parts, []diag.Warning, error) {
	if cfg.Package == "" {
		cfg.Package = PackageName(cfg.Output)
	}
	// Every setting is checked here, before a definition that may be
	// large is read.
	parts, err := cfg.check()
	if err != nil {
		return nil, parts, nil, err
	}
	parts.Definition = filepath.Base(cfg.Spec)
	doc, warns, err := load.Load(cfg.Spec, load.Options{Validate: cfg.Validate})
	if err != nil {
		return nil, parts, nil, err
	}
	reserved, err := templates.SupportNames()
	if err != nil {
		return nil, parts, nil, err
	}
	members, err := templates.Members("serverCore")
	if err != nil {
		return nil, emit.Parts{}, nil, err
	}
	api, mwarns, err := model.Build(doc, model.Config{
		Package:         cfg.Package,
		Tags:            cfg.Tags,
		Operations:      cfg.Operations,
		Formats:         cfg.Formats,
		Names:           cfg.Names,
		Reserved:        append(reserved, emit.Declared...),
		HandlerReserved: append(members, emit.HandlerFields...),
		Locals:          emit.Locals(),
		AllCodecs:       cfg.AllCodecs,
		NullablePointer: cfg.Nullable == "pointer",
		// A filtered client or server keeps only the types its
		// operations reach; models alone are all the definition's.
		Prune: (len(cfg.Tags) > 0 || len(cfg.Operations) > 0) && (parts.Client || parts.Server),
	})
	if err != nil {
		return nil, parts, nil, cfg.locate(err)
	}
	// The model holds no reference into doc; the GC may take it before
	// anything is emitted.
	return api, parts, slices.Concat(cfg.retiredJSON(), warns, mwarns), nil
}

// MaxOutputBytes bounds the generated package: a definition that would
// need more is refused, nothing written. The largest definition of the
// public corpus, Microsoft Graph beta (45 MiB), makes 4.4 million lines
// (docs/performance.md), well under it.
const MaxOutputBytes = 512 << 20

func checkSize(spec string, files []write.File, limit int) error {
	total := 0
	for _, f := range files {
		total += len(f.Content)
	}
	if total > limit {
		return fmt.Errorf("%s: the generated package would be %.1f MiB, over oasgen's limit of %.1f MiB: generate a part of it (tags or operations in the config)", spec, float64(total)/(1<<20), float64(limit)/(1<<20))
	}
	return nil
}

// RunOptions say how Run writes or checks.
type RunOptions struct {
	// Check compares instead of writing: a stale output is a *StaleError
	// carrying a CheckReport.
	Check bool
	// Warn receives each warning once; nil discards them. Warnings never
	// make Run fail, and a check that finds the output fresh prints none.
	Warn io.Writer
	// GoGenerate tells that oasgen runs under go generate, which may still
	// read any file it listed before starting: a file no longer produced
	// is then replaced by a placeholder instead of being removed (see
	// package write).
	GoGenerate bool
	// APISummary, when set, describes in a few lines how the API of the
	// package generated now (new) differs from the one in the output
	// folder (old), both given as their files; a stale check's report
	// shows them under "API changes". Its error fails the check.
	// GoAPISummary is the one cmd/oasgen uses.
	APISummary func(old, new []write.File) ([]string, error)
}

// Run generates and writes (or, with opts.Check, compares).
func Run(cfg Config, opts RunOptions) (*write.Result, error) {
	if cfg.Output == "" {
		return nil, errors.New("no output folder given")
	}
	out, err := Generate(cfg)
	if err != nil {
		return nil, err
	}
	if opts.Check {
		// A fresh check is silent: the warnings were shown when the
		// output was generated from this same definition.
		err := check(cfg.Output, out, opts)
		if _, stale := err.(*StaleError); stale {
			warnOnce(opts.Warn, out.Warnings)
		}
		return &write.Result{}, err
	}
	warnOnce(opts.Warn, out.Warnings)
	res, err := write.Options{GoGenerate: opts.GoGenerate}.Write(cfg.Output, emit.Header, out.Files)
	if ng := (*write.NotGeneratedError)(nil); errors.As(err, &ng) && filepath.Base(ng.Path) == "doc.go" {
		// Before oasgen wrote the package comment, doc.go was the place
		// for a hand-written one and for the //go:generate line.
		err = fmt.Errorf("%w: oasgen writes the package comment there; move what it holds (a //go:generate line, say) to another file, such as generate.go, and remove it", err)
	}
	return &res, err
}

func warnOnce(w io.Writer, warns []diag.Warning) {
	if w == nil {
		return
	}
	seen := map[string]bool{}
	for _, x := range warns {
		if s := x.String(); !seen[s] {
			seen[s] = true
			fmt.Fprintln(w, s)
		}
	}
}

func check(dir string, out *Output, opts RunOptions) error {
	changes, err := write.Compare(dir, emit.Header, out.Files)
	if err != nil || len(changes) == 0 {
		return err
	}
	r := &CheckReport{Dir: dir, Changes: changes}
	if opts.APISummary != nil {
		if r.APISummary, err = opts.APISummary(oldFiles(out.Files, changes), out.Files); err != nil {
			return err
		}
	}
	return &StaleError{Report: r}
}

// oldFiles rebuilds the package in the output folder from the new one and
// the changes: changed files as they were, added ones left out, removed
// ones back.
func oldFiles(files []write.File, changes []write.Change) []write.File {
	was := map[string]write.Change{}
	for _, c := range changes {
		was[c.Name] = c
	}
	var out []write.File
	for _, f := range files {
		c, changed := was[f.Name]
		switch {
		case !changed:
			out = append(out, f)
		case c.Old != nil:
			out = append(out, write.File{Name: f.Name, Content: c.Old})
		}
	}
	for _, c := range changes {
		if c.New == nil {
			out = append(out, write.File{Name: c.Name, Content: c.Old})
		}
	}
	return out
}

// GoAPISummary describes how a package's exported Go API changed, from
// its files alone (apichange.CompareFiles): a headline of counts and at
// most max breaking changes; nothing when the API is the same.
func GoAPISummary(max int) func(old, new []write.File) ([]string, error) {
	return func(old, new []write.File) ([]string, error) {
		s, err := apichange.CompareFiles(old, new)
		if err != nil || len(s.Breaking)+len(s.Compatible) == 0 {
			return nil, err
		}
		return s.Lines(max), nil
	}
}

// StaleError reports that a check found differences.
type StaleError struct {
	Report *CheckReport
}

func (e *StaleError) Error() string { return e.Report.Dir + " is stale" }

// CheckReport is what a check found in a stale output folder.
type CheckReport struct {
	Dir     string
	Changes []write.Change // sorted by file name
	// APISummary is RunOptions.APISummary's description, if any.
	APISummary []string
}

// Summary is the short report: one line of totals, one per file (at most
// maxFiles, then a count of the rest) and the API summary.
func (r *CheckReport) Summary(maxFiles int) string {
	var b strings.Builder
	count := map[string]int{}
	var plus, minus int
	var rows bytes.Buffer
	for i, c := range r.Changes {
		a, d := c.Lines()
		plus, minus = plus+a, minus+d
		count[c.Kind()]++
		if i < maxFiles {
			fmt.Fprintf(&rows, "  %s\t%s\t%s\n", c.Kind(), c.Name, lineCounts(a, d))
		}
	}
	fmt.Fprintf(&b, "%s: %d added, %d changed, %d removed (%s lines)\n", r.Dir, count["added"], count["changed"], count["removed"], lineCounts(plus, minus))
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	tw.Write(rows.Bytes())
	tw.Flush()
	switch more := len(r.Changes) - maxFiles; {
	case more == 1:
		b.WriteString("  … and 1 more file\n")
	case more > 1:
		fmt.Fprintf(&b, "  … and %d more files\n", more)
	}
	if len(r.APISummary) > 0 {
		b.WriteString("API changes:\n")
		for _, l := range r.APISummary {
			fmt.Fprintf(&b, "  %s\n", l)
		}
	}
	return b.String()
}

func lineCounts(added, deleted int) string {
	switch {
	case deleted == 0:
		return fmt.Sprintf("+%d", added)
	case added == 0:
		return fmt.Sprintf("-%d", deleted)
	}
	return fmt.Sprintf("+%d -%d", added, deleted)
}

// Diff is the full unified diff of the report's changes.
func (r *CheckReport) Diff() string { return write.Diff(r.Dir, r.Changes) }
