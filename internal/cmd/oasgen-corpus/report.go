package main

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"regexp"
	"sort"
	"strings"
)

// Result is the outcome for one spec.
type Result struct {
	Spec         string  `json:"spec"`
	Package      string  `json:"package"`
	Generated    bool    `json:"generated"`
	Compiled     bool    `json:"compiled"`
	Panicked     bool    `json:"panicked,omitempty"`
	TimedOut     bool    `json:"timed_out,omitempty"`
	OOMKilled    bool    `json:"oom_killed,omitempty"`
	ExitCode     int     `json:"exit_code"`
	Signal       string  `json:"signal,omitempty"`
	Seconds      float64 `json:"seconds"`
	PeakRSSMiB   float64 `json:"peak_rss_mib"`
	GoFiles      int     `json:"go_files"`
	GoBytes      int64   `json:"go_bytes"`
	GenError     string  `json:"gen_error,omitempty"`
	CompileError string  `json:"compile_error,omitempty"`
}

// FirstError is the error shown for a spec: generation's, else compile's.
func (r Result) FirstError() string {
	if r.GenError != "" {
		return corpusRelative(r.GenError)
	}
	return corpusRelative(r.CompileError)
}

// corpusRelative drops the machine's cache directory from paths into the
// corpus (…/package/api/x.json → api/x.json), so that reports compare
// across machines.
func corpusRelative(s string) string {
	for {
		i := strings.Index(s, "/package/api/")
		if i < 0 {
			return s
		}
		start := strings.LastIndexAny(s[:i], " \t\"'`(:") + 1
		s = s[:start] + s[i+len("/package/"):]
	}
}

// Category is the failure category of a failed spec, "" if it passed.
func (r Result) Category() string {
	switch {
	case r.TimedOut:
		return "gen: timeout"
	case r.OOMKilled:
		return "gen: memory limit exceeded"
	case !r.Generated:
		return "gen: " + categorize(r.GenError)
	case !r.Compiled:
		return "compile: " + categorize(r.CompileError)
	}
	return ""
}

// Summary holds the totals of a run.
type Summary struct {
	Specs     int     `json:"specs"`
	Generated int     `json:"generated"`
	Compiled  int     `json:"compiled"`
	Panics    int     `json:"panics"`
	Timeouts  int     `json:"timeouts"`
	OOMKilled int     `json:"oom_killed"`
	Median    float64 `json:"median_seconds"`
	P95       float64 `json:"p95_seconds"`
	Total     float64 `json:"total_seconds"`
	MaxRSSMiB float64 `json:"max_peak_rss_mib"`
}

func summarize(rs []Result) Summary {
	s := Summary{Specs: len(rs)}
	var secs []float64
	for _, r := range rs {
		if r.Generated {
			s.Generated++
		}
		if r.Generated && r.Compiled {
			s.Compiled++
		}
		if r.Panicked {
			s.Panics++
		}
		if r.TimedOut {
			s.Timeouts++
		}
		if r.OOMKilled {
			s.OOMKilled++
		}
		s.Total += r.Seconds
		s.MaxRSSMiB = math.Max(s.MaxRSSMiB, r.PeakRSSMiB)
		secs = append(secs, r.Seconds)
	}
	s.Median = percentile(secs, 50)
	s.P95 = percentile(secs, 95)
	return s
}

// percentile uses the nearest-rank method.
func percentile(xs []float64, p float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	rank := int(math.Ceil(p / 100 * float64(len(s))))
	return s[max(rank, 1)-1]
}

var (
	reGoPos    = regexp.MustCompile(`^(?:vet: )?\S+?\.(?:go|json|ya?ml):\d+(?::\d+)?:\s*`)
	reQuoted   = regexp.MustCompile("\"(?:[^\"\\\\]|\\\\.)*\"|'[^']*'|`[^`]*`|«[^»]*»")
	reParens   = regexp.MustCompile(`\s*\([^()]*\)`)
	reOpenTail = regexp.MustCompile(`\s*[(\[{][^()\[\]{}]*$`) // cut off by truncation
	reBrackets = regexp.MustCompile(`\[[^\[\]]*\]`)
	reHex      = regexp.MustCompile(`\b0x[0-9a-fA-F]+\b`)
	reNumber   = regexp.MustCompile(`\b\d+(?:\.\d+)?\b`)
	rePathish  = regexp.MustCompile(`(?:#/|/)[\w./#{}~%-]+`)
	// Identifiers that carry case or digits in their middle (FooBar,
	// p0001.Foo, getHTTP) are names from the spec, not words of a message.
	reIdent  = regexp.MustCompile(`\b[A-Za-z_][a-z0-9_]*[A-Z0-9_][A-Za-z0-9_]*(?:\.[A-Za-z_]\w*)*\b|\b[A-Za-z_]\w*\.[A-Za-z_]\w*\b`)
	reSpaces = regexp.MustCompile(`\s+`)
)

// categorize turns an error line into a readable category: positions,
// quoted strings, parenthesised details, paths, numbers and spec-derived
// identifiers are normalised away, then the message is cut to its leading
// "a: b" part (the wrapper plus the first cause) when it has three or more
// ": "-separated parts, or to its first part otherwise.
func categorize(line string) string {
	s := strings.TrimSpace(line)
	if s == "" {
		return "(no error output)"
	}
	// oasgen's located errors: "oasgen: FILE: #/POINTER (OPID): message";
	// the message is the category.
	s = strings.TrimPrefix(s, "oasgen: ")
	if i := strings.Index(s, ": "); i > 0 && !strings.Contains(s[:i], " ") && strings.Contains(s[:i], "/") {
		s = s[i+2:]
	}
	if strings.HasPrefix(s, "#/") {
		if i := strings.Index(s, ": "); i > 0 {
			s = s[i+2:]
		}
	}
	s = reGoPos.ReplaceAllString(s, "")
	s = reQuoted.ReplaceAllString(s, "Q")
	s = reParens.ReplaceAllString(s, "")
	s = reOpenTail.ReplaceAllString(s, "")
	s = reBrackets.ReplaceAllString(s, "[…]")
	s = rePathish.ReplaceAllString(s, "PATH")
	s = reHex.ReplaceAllString(s, "N")
	s = reNumber.ReplaceAllString(s, "N")
	s = reIdent.ReplaceAllStringFunc(s, func(id string) string {
		switch id {
		case "Q", "N", "PATH":
			return id
		}
		return "X"
	})
	s = reSpaces.ReplaceAllString(s, " ")
	parts := strings.Split(s, ": ")
	cat := parts[0]
	if len(parts) >= 3 {
		cat += ": " + parts[1]
	}
	cat = strings.TrimRight(strings.TrimSpace(cat), ":")
	return truncate(cat, 90)
}

type category struct {
	Name    string
	Count   int
	Example string
}

func topCategories(rs []Result, n int) []category {
	idx := map[string]int{}
	var cats []category
	for _, r := range rs {
		c := r.Category()
		if c == "" {
			continue
		}
		i, ok := idx[c]
		if !ok {
			i = len(cats)
			idx[c] = i
			cats = append(cats, category{Name: c, Example: r.Spec})
		}
		cats[i].Count++
	}
	sort.SliceStable(cats, func(i, j int) bool {
		if cats[i].Count != cats[j].Count {
			return cats[i].Count > cats[j].Count
		}
		return cats[i].Name < cats[j].Name
	})
	if len(cats) > n {
		cats = cats[:n]
	}
	return cats
}

// reportMeta describes the run in the report header.
type reportMeta struct {
	Generator string `json:"generator"`
	Version   string `json:"version"`
	Settings  string `json:"settings"`
	Corpus    string `json:"corpus"`
	Selection string `json:"selection"`
	Limits    string `json:"limits"`
	Compile   string `json:"compile"`
}

func mdEscape(s string) string {
	s = strings.ReplaceAll(s, "|", `\|`)
	s = strings.ReplaceAll(s, "\n", " ")
	s = strings.ReplaceAll(s, "<", "&lt;")
	return s
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// writeMarkdown renders the report. It carries no timestamps so that a
// committed report diffs cleanly between runs.
func writeMarkdown(w io.Writer, meta reportMeta, rs []Result) error {
	s := summarize(rs)
	var b strings.Builder
	fmt.Fprintf(&b, "# Corpus report: %s\n\n", meta.Generator)
	fmt.Fprintf(&b, "- Generator: %s %s\n", meta.Generator, meta.Version)
	if meta.Settings != "" {
		fmt.Fprintf(&b, "- Settings: %s\n", meta.Settings)
	}
	fmt.Fprintf(&b, "- Corpus: %s\n", meta.Corpus)
	fmt.Fprintf(&b, "- Selection: %s\n", meta.Selection)
	fmt.Fprintf(&b, "- Limits: %s\n", meta.Limits)
	fmt.Fprintf(&b, "- Type check: %s\n", meta.Compile)
	fmt.Fprintf(&b, "- Generated and compiled: **%d / %d** (%s)\n\n", s.Compiled, s.Specs, pct(s.Compiled, s.Specs))

	b.WriteString("## Totals\n\n| metric | value |\n| --- | ---: |\n")
	fmt.Fprintf(&b, "| specs | %d |\n", s.Specs)
	fmt.Fprintf(&b, "| generated | %d (%s) |\n", s.Generated, pct(s.Generated, s.Specs))
	fmt.Fprintf(&b, "| generated and compiled | %d (%s) |\n", s.Compiled, pct(s.Compiled, s.Specs))
	fmt.Fprintf(&b, "| panics | %d |\n", s.Panics)
	fmt.Fprintf(&b, "| timeouts | %d |\n", s.Timeouts)
	fmt.Fprintf(&b, "| OOM-killed | %d |\n", s.OOMKilled)
	fmt.Fprintf(&b, "| median seconds | %.2f |\n", s.Median)
	fmt.Fprintf(&b, "| p95 seconds | %.2f |\n", s.P95)
	fmt.Fprintf(&b, "| total generator seconds | %.0f |\n", s.Total)
	fmt.Fprintf(&b, "| max peak RSS (MiB) | %.0f |\n\n", s.MaxRSSMiB)

	cats := topCategories(rs, 25)
	b.WriteString("## Top failure categories\n\n")
	if len(cats) == 0 {
		b.WriteString("No failures.\n\n")
	} else {
		b.WriteString("| count | category | example spec |\n| ---: | --- | --- |\n")
		for _, c := range cats {
			fmt.Fprintf(&b, "| %d | %s | %s |\n", c.Count, mdEscape(c.Name), mdEscape(c.Example))
		}
		b.WriteString("\n")
	}

	b.WriteString("## Per spec\n\n| spec | generated | compiled | seconds | first error |\n| --- | --- | --- | ---: | --- |\n")
	for _, r := range rs {
		gen := yesNo(r.Generated)
		switch {
		case r.TimedOut:
			gen = "timeout"
		case r.OOMKilled:
			gen = "oom"
		case r.Panicked:
			gen = "panic"
		}
		comp := yesNo(r.Compiled)
		if !r.Generated {
			comp = "-"
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %.1f | %s |\n", mdEscape(r.Spec), gen, comp, r.Seconds, mdEscape(r.FirstError()))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func pct(n, d int) string {
	if d == 0 {
		return "0%"
	}
	return fmt.Sprintf("%.1f%%", 100*float64(n)/float64(d))
}

// writeJSON writes the machine-readable results.
func writeJSON(w io.Writer, meta reportMeta, rs []Result) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(struct {
		Meta    reportMeta `json:"meta"`
		Summary Summary    `json:"summary"`
		Results []Result   `json:"results"`
	}{meta, summarize(rs), rs})
}
