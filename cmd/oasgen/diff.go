package main

import (
	"flag"
	"fmt"
	"io"
	"slices"

	"github.com/oasgen/oasgen/generator"
	"github.com/oasgen/oasgen/generator/apichange"
)

var diffUsage = "usage: oasgen diff [-package NAME] [-generate " + partList + "] [-config oasgen.yaml] [-validate V] [-q] [-format text|markdown|json] [-md-budget BYTES] [-full-report WHERE] [-fail-on breaking|none] OLD NEW"

// runDiff is `oasgen diff OLD NEW`: both definitions are built with the
// same flags and config as a generation would use, and compared (their
// models, and the Go API the emitter would declare). Exit status: 0, 1 when -fail-on breaking finds a breaking
// change, 2 for bad usage or a definition that does not generate.
func runDiff(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("oasgen diff", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("o", "", "output folder, only to derive the package name (default \".\")")
	pkg := fs.String("package", "", "package name (default: from the output folder)")
	gen := fs.String("generate", "", "parts generated: "+partList+" (default all)")
	cfgFile := fs.String("config", "", "YAML config file (its spec is ignored)")
	quiet := fs.Bool("q", false, "do not print warnings")
	validate := fs.String("validate", "", "validate the definitions: auto (skip over 8 MiB), always, never")
	format := fs.String("format", "text", "report format: text, markdown or json")
	failOn := fs.String("fail-on", "none", "exit 1 when there is a change of this kind: breaking or none")
	budget := fs.Int("md-budget", apichange.DefaultBudget, "markdown: the report's size in bytes, breaking changes first, the rest counted (-1: no limit)")
	full := fs.String("full-report", "", "markdown: where the full report is (a URL, say), named when changes are left out")
	fs.Usage = func() {
		fmt.Fprintln(stderr, diffUsage)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() != 2 || !slices.Contains([]string{"text", "markdown", "md", "json"}, *format) || (*failOn != "breaking" && *failOn != "none") || *budget == 0 || *budget < -1 {
		fs.Usage()
		return 2
	}
	var cfg generator.Config
	if *cfgFile != "" {
		c, err := readConfig(*cfgFile)
		if err != nil {
			fmt.Fprintln(stderr, "oasgen diff:", err)
			return 2
		}
		cfg = c
	}
	applyFlags(&cfg, *out, *pkg, *gen, *validate)
	warn := stderr
	if *quiet {
		warn = io.Discard
	}
	rep, err := generator.Diff(cfg, fs.Arg(0), fs.Arg(1), warn)
	if err != nil {
		fmt.Fprintln(stderr, "oasgen diff:", err)
		return 2
	}
	if *format == "markdown" || *format == "md" {
		err = rep.WriteMarkdownOptions(stdout, apichange.MarkdownOptions{Budget: *budget, Full: *full})
	} else {
		err = rep.Write(stdout, *format)
	}
	if err != nil {
		fmt.Fprintln(stderr, "oasgen diff:", err)
		return 2
	}
	if *failOn == "breaking" && rep.Breaking() {
		return 1
	}
	return 0
}
