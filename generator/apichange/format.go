package apichange

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// Headline is the report's first line: versions and counts.
func (r *Report) Headline() string {
	cmpl, wire, ok := r.Counts()
	return fmt.Sprintf("API changes %s → %s: %d breaking (%d break compilation, %d break on the wire), %d compatible",
		orNone(r.OldVersion), orNone(r.NewVersion), cmpl+wire, cmpl, wire, ok)
}

func orNone(s string) string {
	if s == "" {
		return "(no version)"
	}
	return s
}

// sections splits the sorted changes into runs of one section.
func (r *Report) sections() [][]Change {
	var out [][]Change
	for i, c := range r.Changes {
		if i == 0 || c.Section != r.Changes[i-1].Section {
			out = append(out, nil)
		}
		out[len(out)-1] = append(out[len(out)-1], c)
	}
	return out
}

var textMark = map[Verdict]string{BreaksCompilation: "BREAKS COMPILATION", BreaksWire: "BREAKS WIRE", Compatible: "compatible"}

func pointers(c Change) string {
	o, n := c.Old, c.New
	if o == "" {
		o = "-"
	}
	if n == "" {
		n = "-"
	}
	if o == n {
		return o
	}
	return o + " → " + n
}

// WriteText writes the compact text report: a headline, then per section
// one line per change (breaking ones first), and for a breaking change a
// second line with its JSON pointers and Go identifiers.
func (r *Report) WriteText(w io.Writer) error {
	var b strings.Builder
	b.WriteString(r.Headline() + "\n")
	for _, s := range r.sections() {
		fmt.Fprintf(&b, "\n%s\n", s[0].Section)
		for _, c := range s {
			fmt.Fprintf(&b, "  %-18s %s: %s", textMark[c.Verdict], c.Subject, c.What)
			if !c.Verdict.Breaking() {
				fmt.Fprintf(&b, "  [%s]\n", pointers(c))
				continue
			}
			fmt.Fprintf(&b, " — %s\n  %-18s %s", c.Who, "", pointers(c))
			if len(c.Go) > 0 {
				fmt.Fprintf(&b, "; go: %s", strings.Join(c.Go, ", "))
			}
			b.WriteString("\n")
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

var mdMark = map[Verdict]string{BreaksCompilation: "❌ compilation", BreaksWire: "⚠️ wire", Compatible: "✅"}

func mdCode(s string) string {
	if s == "" {
		return "–"
	}
	return "`" + strings.ReplaceAll(s, "`", "'") + "`"
}

func mdText(s string) string {
	return strings.NewReplacer("|", `\|`, "*", `\*`, "<", "&lt;", ">", "&gt;", "\n", " ").Replace(s)
}

// WriteMarkdown writes the report for a pull-request comment: the
// headline, then one collapsible block per section, sections with
// breaking changes first and open.
func (r *Report) WriteMarkdown(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "### %s\n\n", mdText(r.Headline()))
	if len(r.Changes) == 0 {
		b.WriteString("No changes.\n")
	}
	secs := r.sections()
	for _, breaking := range []bool{true, false} {
		for _, s := range secs {
			// a section's breaking changes sort first
			if s[0].Verdict.Breaking() != breaking {
				continue
			}
			nb := 0
			for _, c := range s {
				if c.Verdict.Breaking() {
					nb++
				}
			}
			open := ""
			if breaking {
				open = " open"
			}
			fmt.Fprintf(&b, "<details%s><summary><b>%s</b>: %d breaking, %d compatible</summary>\n\n", open, mdText(s[0].Section), nb, len(s)-nb)
			b.WriteString("| verdict | subject | change | source (old → new) | Go |\n| --- | --- | --- | --- | --- |\n")
			for _, c := range s {
				var ids []string
				for _, id := range c.Go {
					ids = append(ids, mdCode(id))
				}
				what := mdText(c.What)
				if c.Who != "" {
					what += " — " + mdText(c.Who)
				}
				src := mdCode(c.Old) + " → " + mdCode(c.New)
				if c.Old == c.New {
					src = mdCode(c.Old)
				}
				fmt.Fprintf(&b, "| %s | %s | %s | %s | %s |\n", mdMark[c.Verdict], mdCode(c.Subject), what, src, strings.Join(ids, " "))
			}
			b.WriteString("\n</details>\n\n")
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// WriteJSON writes the report as one indented JSON object with the counts.
func (r *Report) WriteJSON(w io.Writer) error {
	cmpl, wire, ok := r.Counts()
	v := struct {
		*Report
		BreaksCompilation int `json:"breaksCompilation"`
		BreaksWire        int `json:"breaksWire"`
		Compatible        int `json:"compatible"`
	}{r, cmpl, wire, ok}
	e := json.NewEncoder(w)
	e.SetIndent("", "  ")
	return e.Encode(v)
}

// Write writes the report in a format: text, markdown or json.
func (r *Report) Write(w io.Writer, format string) error {
	switch format {
	case "", "text":
		return r.WriteText(w)
	case "markdown", "md":
		return r.WriteMarkdown(w)
	case "json":
		return r.WriteJSON(w)
	}
	return fmt.Errorf("unknown format %q: want text, markdown or json", format)
}
