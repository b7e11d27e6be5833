package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
)

// runFile is what -json writes.
type runFile struct {
	Meta    reportMeta `json:"meta"`
	Summary Summary    `json:"summary"`
	Results []Result   `json:"results"`
}

// readRun reads what -json wrote.
func readRun(file string) (runFile, error) {
	var r runFile
	b, err := os.ReadFile(file)
	if err != nil {
		return r, err
	}
	if err := json.Unmarshal(b, &r); err != nil {
		return r, fmt.Errorf("%s: %v", file, err)
	}
	return r, nil
}

// report is -render (one run's Markdown report again) or -compare (runs
// side by side, preface on top), written to out (stdout when empty). The
// inputs are read before out is created.
func report(out, render, compareFiles, preface string) error {
	if render != "" {
		r, err := readRun(render)
		if err != nil {
			return err
		}
		return writeOut(out, os.Stdout, func(w io.Writer) error { return writeMarkdown(w, r.Meta, r.Results) })
	}
	var runs []runFile
	for _, f := range strings.Split(compareFiles, ",") {
		r, err := readRun(f)
		if err != nil {
			return err
		}
		runs = append(runs, r)
	}
	var pre []byte
	if preface != "" {
		b, err := os.ReadFile(preface)
		if err != nil {
			return err
		}
		pre = b
	}
	return writeOut(out, os.Stdout, func(w io.Writer) error { return compare(w, runs, pre) })
}

// compare writes runs over the same list side by side.
func compare(w io.Writer, runs []runFile, preface []byte) error {
	if len(runs) == 0 {
		return fmt.Errorf("-compare: no files")
	}
	fmt.Fprintf(w, "# Corpus: oasgen and its peers on the same definitions\n\n")
	if len(preface) > 0 {
		w.Write(bytes.TrimSpace(preface))
		fmt.Fprintf(w, "\n\n## Figures\n\n")
	}
	fmt.Fprintf(w, "Corpus: %s. Selection: %s. Each generator ran through `internal/cmd/oasgen-corpus` with the same limits (%s); output type-checked with %s.\n\n",
		runs[0].Meta.Corpus, runs[0].Meta.Selection, runs[0].Meta.Limits, runs[0].Meta.Compile)
	fmt.Fprintf(w, "| metric |")
	for _, r := range runs {
		fmt.Fprintf(w, " %s |", r.Meta.Generator)
	}
	fmt.Fprintf(w, "\n| --- |%s\n", strings.Repeat(" ---: |", len(runs)))
	row := func(name string, f func(s Summary) string) {
		fmt.Fprintf(w, "| %s |", name)
		for _, r := range runs {
			fmt.Fprintf(w, " %s |", f(r.Summary))
		}
		fmt.Fprintln(w)
	}
	row("specs", func(s Summary) string { return fmt.Sprint(s.Specs) })
	row("generated", func(s Summary) string { return fmt.Sprintf("%d (%s)", s.Generated, pct(s.Generated, s.Specs)) })
	row("generated and compiled", func(s Summary) string { return fmt.Sprintf("%d (%s)", s.Compiled, pct(s.Compiled, s.Specs)) })
	row("panics", func(s Summary) string { return fmt.Sprint(s.Panics) })
	row("timeouts", func(s Summary) string { return fmt.Sprint(s.Timeouts) })
	row("memory limit hit", func(s Summary) string { return fmt.Sprint(s.OOMKilled) })
	row("median seconds / spec", func(s Summary) string { return fmt.Sprintf("%.2f", s.Median) })
	row("p95 seconds / spec", func(s Summary) string { return fmt.Sprintf("%.2f", s.P95) })
	row("max peak RSS (MiB)", func(s Summary) string { return fmt.Sprintf("%.0f", s.MaxRSSMiB) })
	fmt.Fprintln(w)
	for _, r := range runs {
		fmt.Fprintf(w, "Settings for %s: %s.\n\n", r.Meta.Generator, r.Meta.Settings)
	}
	overlap(w, runs)
	for _, r := range runs {
		fmt.Fprintf(w, "## Top failure categories: %s\n\n", r.Meta.Generator)
		cats := topCategories(r.Results, 12)
		if len(cats) == 0 {
			fmt.Fprintf(w, "No failures.\n\n")
			continue
		}
		fmt.Fprintf(w, "| count | category | example |\n| ---: | --- | --- |\n")
		for _, c := range cats {
			fmt.Fprintf(w, "| %d | %s | %s |\n", c.Count, mdEscape(c.Name), mdEscape(c.Example))
		}
		fmt.Fprintln(w)
	}
	// Specs where any generator failed, side by side.
	fmt.Fprintf(w, "## Specs that fail for any generator\n\n")
	fmt.Fprintf(w, "g = generated, c = compiled, - = failed. Full per-spec tables: the per-generator reports beside this file.\n\n| spec |")
	for _, r := range runs {
		fmt.Fprintf(w, " %s |", r.Meta.Generator)
	}
	fmt.Fprintf(w, " first oasgen error |\n| --- |%s --- |\n", strings.Repeat(" --- |", len(runs)))
	by := make([]map[string]Result, len(runs))
	specs := map[string]bool{}
	for i, r := range runs {
		by[i] = map[string]Result{}
		for _, x := range r.Results {
			by[i][x.Spec] = x
			specs[x.Spec] = true
		}
	}
	var names []string
	for s := range specs {
		names = append(names, s)
	}
	sort.Strings(names)
	for _, s := range names {
		failed := false
		for i := range runs {
			if x := by[i][s]; !(x.Generated && x.Compiled) {
				failed = true
			}
		}
		if !failed {
			continue
		}
		fmt.Fprintf(w, "| %s |", s)
		for i := range runs {
			x := by[i][s]
			mark := "-"
			switch {
			case x.Generated && x.Compiled:
				mark = "gc"
			case x.Generated:
				mark = "g-"
			}
			fmt.Fprintf(w, " %s |", mark)
		}
		first := ""
		if x, ok := by[0][s]; ok {
			first = x.FirstError()
			if len(first) > 140 {
				first = first[:140] + "…"
			}
		}
		fmt.Fprintf(w, " %s |\n", mdEscape(first))
	}
	return nil
}

// overlap tells, for the first run against each other one, on how many
// specs both produce a compiling package, only one does, or neither.
func overlap(w io.Writer, runs []runFile) {
	if len(runs) < 2 {
		return
	}
	ok := func(r runFile) map[string]bool {
		m := map[string]bool{}
		for _, x := range r.Results {
			m[x.Spec] = x.Generated && x.Compiled
		}
		return m
	}
	first := ok(runs[0])
	a := runs[0].Meta.Generator
	fmt.Fprintf(w, "## %s against each peer, spec by spec (generated and compiled)\n\n", a)
	fmt.Fprintf(w, "| peer | both | only %s | only the peer | neither |\n| --- | ---: | ---: | ---: | ---: |\n", a)
	for _, r := range runs[1:] {
		other := ok(r)
		var both, onlyA, onlyB, neither int
		for spec, x := range first {
			switch y := other[spec]; {
			case x && y:
				both++
			case x:
				onlyA++
			case y:
				onlyB++
			default:
				neither++
			}
		}
		fmt.Fprintf(w, "| %s | %d | %d | %d | %d |\n", r.Meta.Generator, both, onlyA, onlyB, neither)
	}
	fmt.Fprintln(w)
}
