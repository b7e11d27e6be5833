package apichange

import (
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"
)

// maxLine bounds every line of the text and Markdown reports: lists are
// cut with a count of what was left out (the JSON report has it all).
const maxLine = 300

// DefaultBudget is the Markdown report's default size: what a GitHub
// pull-request comment holds.
const DefaultBudget = 65536

// Headline is the report's first line: versions and counts.
func (r *Report) Headline() string {
	n := r.Counts()
	return fmt.Sprintf("API changes %s → %s: %d breaking (%d break compilation, %d break on the wire, %d may break), %d compatible",
		orNone(r.OldVersion), orNone(r.NewVersion), n.Compile+n.Wire+n.MayBreak, n.Compile, n.Wire, n.MayBreak, n.Compatible)
}

// GoLine counts the Go view's changes, as -check counts them.
func (r *Report) GoLine() string {
	return fmt.Sprintf("Go API: %d breaking changes (compilation of callers or implementers), %d compatible", r.GoAPI.Breaking, r.GoAPI.Compatible)
}

func orNone(s string) string {
	if s == "" {
		return "(no version)"
	}
	return s
}

// item is what the text and Markdown reports show for one change, or
// for the same change in several operations or types.
type item struct {
	Change
	section  string
	subjects []string // more than one: the change is the same in each
	goN      int      // Go changes of all of them
}

// sectionClass groups sections whose identical changes are shown once.
func sectionClass(s string) string {
	if strings.HasPrefix(s, "operations") {
		return "operations"
	}
	return s
}

const acrossGroups = "operations, the same change in several groups"

// items groups identical changes (same words, verdict and wire effects)
// across operations, and across types, keeping the report's order.
func (r *Report) items() []item {
	type key struct {
		class, what string
		v           Verdict
		req, resp   Wire
	}
	at := map[key]int{}
	var out []item
	for _, c := range r.Changes {
		k := key{sectionClass(c.Section), c.What, c.Verdict, c.Request, c.Response}
		if i, ok := at[k]; ok && c.Section != "package" {
			it := &out[i]
			it.subjects = append(it.subjects, c.Subject)
			it.goN += len(c.GoAPI)
			if it.section != c.Section {
				it.section = acrossGroups
			}
			continue
		}
		at[k] = len(out)
		out = append(out, item{Change: c, section: c.Section, subjects: []string{c.Subject}, goN: len(c.GoAPI)})
	}
	for i := range out {
		out[i].subjects = slices.Compact(out[i].subjects)
	}
	return out
}

// sections orders items for display: by section, the groups across
// operation groups after the package; in a section, changes made in
// several places first, then each subject's changes together (a
// rename first), subjects in order of their worst verdict.
func orderItems(items []item) {
	worst := map[string]int{}
	for _, it := range items {
		k := it.section + "\x00" + it.Subject
		if r, ok := worst[k]; !ok || it.Verdict.rank() < r {
			worst[k] = it.Verdict.rank()
		}
	}
	rank := func(s string) int {
		if s == acrossGroups {
			return 1
		}
		return 2 * sectionRank(s)
	}
	first := func(it item) int {
		if strings.HasPrefix(it.What, "type renamed") || strings.HasPrefix(it.What, "operation renamed") || strings.HasPrefix(it.What, "operation group renamed") {
			return 0
		}
		return 1
	}
	slices.SortStableFunc(items, func(a, b item) int {
		ma, mb := len(a.subjects) > 1, len(b.subjects) > 1
		return cmp.Or(cmp.Compare(rank(a.section), rank(b.section)), cmp.Compare(a.section, b.section),
			-boolCmp(ma, mb), cmp.Compare(worst[a.section+"\x00"+a.Subject], worst[b.section+"\x00"+b.Subject]),
			cmp.Compare(a.Subject, b.Subject), cmp.Compare(first(a), first(b)), cmp.Compare(a.Verdict.rank(), b.Verdict.rank()), cmp.Compare(a.What, b.What))
	})
}

func boolCmp(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}

// subjectText names an item's subject, or counts its subjects when
// grouped.
func (it item) subjectText() string {
	if len(it.subjects) <= 1 {
		return it.Subject
	}
	noun := "operations"
	switch {
	case sectionClass(it.section) == models:
		noun = "types"
	case !strings.Contains(it.subjects[0], "."):
		noun = "operation groups"
	}
	return fmt.Sprintf("%d %s", len(it.subjects), noun)
}

// listMax joins items up to about max bytes, counting the rest.
func listMax(items []string, max int) string {
	var b strings.Builder
	for i, s := range items {
		more := fmt.Sprintf(" and %d more", len(items)-i)
		if i > 0 && b.Len()+len(s)+2+len(more) > max {
			b.WriteString(more)
			break
		}
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(s)
	}
	return b.String()
}

// clip cuts s to at most n bytes, on a rune boundary, marking the cut.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n - len("…")
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

// elide shortens two long texts that differ in a part (two signatures)
// to that part, with … for what they share.
func elide(a, b string) (string, string) {
	if len(a)+len(b) < 120 {
		return a, b
	}
	p := 0
	for p < len(a) && p < len(b) && a[p] == b[p] {
		p++
	}
	for p > 0 && !strings.ContainsRune("(,[ ", rune(a[p-1])) {
		p--
	}
	s := 0
	for s < len(a)-p && s < len(b)-p && a[len(a)-1-s] == b[len(b)-1-s] {
		s++
	}
	for s > 0 && !strings.ContainsRune("),] ", rune(a[len(a)-s])) {
		s--
	}
	pre, suf := "", ""
	if p > 8 {
		pre = "…"
	} else {
		p = 0
	}
	if s > 8 {
		suf = "…"
	} else {
		s = 0
	}
	return pre + a[p:len(a)-s] + suf, pre + b[p:len(b)-s] + suf
}

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

var textMark = map[Verdict]string{BreaksCompilation: "BREAKS COMPILATION", BreaksWire: "BREAKS WIRE", MayBreak: "MAY BREAK", Compatible: "compatible"}

// goList is an item's Go identifiers, or its count of Go changes when
// grouped.
func (it item) goList(max int) string {
	if len(it.subjects) > 1 {
		if it.goN == 0 {
			return ""
		}
		return fmt.Sprintf("%d Go changes", it.goN)
	}
	return listMax(it.Go, max)
}

// WriteText writes the text report: the headline and the Go API counts,
// then the breaking changes and the compatible ones, each by section,
// one line per change and, for a breaking one, a second line with its
// JSON pointers and Go identifiers. Identical changes in several
// operations or types are one entry.
func (r *Report) WriteText(w io.Writer) error {
	var b strings.Builder
	b.WriteString(r.Headline() + "\n" + r.GoLine() + "\n")
	items := r.items()
	orderItems(items)
	for _, breaking := range []bool{true, false} {
		sec := ""
		for _, it := range items {
			if it.Verdict.Breaking() != breaking {
				continue
			}
			if it.section != sec {
				sec = it.section
				fmt.Fprintf(&b, "\n%s\n", sec)
			}
			line := fmt.Sprintf("  %-18s %s: %s", textMark[it.Verdict], it.subjectText(), it.What)
			indent := fmt.Sprintf("  %-18s ", "")
			if !breaking {
				if len(it.subjects) == 1 {
					line += "  [" + pointers(it.Change) + "]"
				}
				b.WriteString(clip(line, maxLine) + "\n")
				if len(it.subjects) > 1 {
					b.WriteString(clip(indent+"in "+listMax(it.subjects, maxLine-len(indent)-3), maxLine) + "\n")
				}
				continue
			}
			b.WriteString(clip(line+" — "+it.Who, maxLine) + "\n")
			second := indent + pointers(it.Change)
			if len(it.subjects) > 1 {
				second = indent + "in " + listMax(it.subjects, maxLine-len(indent)-40)
			}
			if g := it.goList(maxLine - len(second) - 10); g != "" {
				second += "; go: " + g
			}
			b.WriteString(clip(second, maxLine) + "\n")
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

var mdMark = map[Verdict]string{BreaksCompilation: "❌", BreaksWire: "⚠️", MayBreak: "❔", Compatible: "✅"}

func mdCode(s string) string {
	if s == "" {
		return "–"
	}
	return "`" + strings.ReplaceAll(s, "`", "'") + "`"
}

func mdText(s string) string {
	return strings.NewReplacer("|", `\|`, "*", `\*`, "_", `\_`, "<", "&lt;", ">", "&gt;", "\n", " ").Replace(s)
}

// MarkdownOptions say how big the Markdown report may be.
type MarkdownOptions struct {
	// Budget is the report's size in bytes: 0 is DefaultBudget, below 0
	// no limit. Breaking changes come first; what does not fit is
	// counted by section.
	Budget int
	// Full names where the whole report is (a URL, or the command that
	// writes it), shown when changes were left out.
	Full string
}

// WriteMarkdown writes the report for a pull-request comment, within
// DefaultBudget.
func (r *Report) WriteMarkdown(w io.Writer) error {
	return r.WriteMarkdownOptions(w, MarkdownOptions{})
}

// WriteMarkdownOptions writes the Markdown report: the headline, the Go
// API counts, the breaking changes (open) and the compatible ones
// (collapsed), each by section, one line per change; identical changes
// in several operations or types are one line. Lines stay under 300
// bytes; when the budget runs out, the rest is counted by section and
// the reader pointed to the full report.
func (r *Report) WriteMarkdownOptions(w io.Writer, opt MarkdownOptions) error {
	budget := opt.Budget
	if budget == 0 {
		budget = DefaultBudget
	}
	if budget < 0 {
		budget = int(^uint(0) >> 1)
	}
	// The closing lines and the count of what was left out: two lines
	// of at most maxLine bytes, the pointer to the full report.
	reserve := 800 + len(opt.Full)
	var b strings.Builder
	fmt.Fprintf(&b, "### %s\n\n", mdText(r.Headline()))
	fmt.Fprintf(&b, "%s (the same count `oasgen -check` gives).\n", mdText(r.GoLine()))
	b.WriteString("❌ breaks compilation · ⚠️ breaks on the wire (an old client against the new server, or both ways) · " +
		"❔ may break old readers, or a call means something else · ✅ compatible when servers are upgraded first\n\n")
	if len(r.Changes) == 0 {
		b.WriteString("No changes.\n")
	}
	items := r.items()
	orderItems(items)
	left := map[bool]map[string]int{true: {}, false: {}}
	full := false
	for _, breaking := range []bool{true, false} {
		var part []item
		for _, it := range items {
			if it.Verdict.Breaking() == breaking {
				part = append(part, it)
			}
		}
		if len(part) == 0 {
			continue
		}
		title, open := "Breaking", " open"
		if !breaking {
			title, open = "Compatible", ""
		}
		head := fmt.Sprintf("<details%s><summary><b>%s: %d</b></summary>\n\n", open, title, len(part))
		if full || b.Len()+len(head)+reserve > budget {
			full = true
			for _, it := range part {
				left[breaking][it.section]++
			}
			continue
		}
		b.WriteString(head)
		sec := ""
		for _, it := range part {
			line := mdLine(it)
			heading := ""
			if it.section != sec {
				heading = "**" + mdText(it.section) + "**\n\n"
				if sec != "" {
					heading = "\n" + heading
				}
			}
			if full || b.Len()+len(heading)+len(line)+reserve > budget {
				full = true
				left[breaking][it.section]++
				continue
			}
			sec = it.section
			b.WriteString(heading + line)
		}
		b.WriteString("\n</details>\n\n")
	}
	if full {
		b.WriteString(leftOut(left, opt.Full, budget))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// mdLine is one change as a Markdown list item, under maxLine bytes: the
// change's words are cut before its subjects, pointers and Go
// identifiers are left out.
func mdLine(it item) string {
	subj := mdCode(it.subjectText())
	if len(it.subjects) > 1 {
		subj = "**" + it.subjectText() + "**"
	}
	who := ""
	if it.Who != "" {
		who = " — *" + mdText(it.Who) + "*"
	}
	head := fmt.Sprintf("- %s %s: ", mdMark[it.Verdict], subj)
	var extra []string
	if len(it.subjects) == 1 {
		if p := pointers(it.Change); p != "-" {
			extra = append(extra, mdCode(p))
		}
	} else {
		extra = append(extra, "in "+mdCode(listMax(it.subjects, 100)))
	}
	if g := it.goList(80); g != "" && it.Verdict == BreaksCompilation {
		extra = append(extra, "Go: "+mdCode(g))
	}
	rest := ""
	if len(extra) > 0 {
		rest = " · " + strings.Join(extra, " · ")
	}
	room := maxLine - 1 - len(head) - len(who) - len(rest)
	if room < 100 && len(it.subjects) == 1 {
		rest, room = "", maxLine-1-len(head)-len(who)
	}
	return clip(head+clip(mdText(it.What), max(room, 60))+who+rest, maxLine-1) + "\n"
}

// leftOut counts what did not fit, by section, and says where it is.
func leftOut(left map[bool]map[string]int, full string, budget int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "**Not shown, to fit %d bytes:**", budget)
	for _, breaking := range []bool{true, false} {
		m := left[breaking]
		if len(m) == 0 {
			continue
		}
		total := 0
		var parts []string
		for _, s := range slices.Sorted(keys(m)) {
			total += m[s]
			parts = append(parts, fmt.Sprintf("%s %d", s, m[s]))
		}
		kind := "compatible"
		if breaking {
			kind = "breaking"
		}
		fmt.Fprintf(&b, "\n- %d %s (%s)", total, kind, clip(strings.Join(parts, ", "), maxLine-60))
	}
	if full == "" {
		full = "`oasgen diff -format json OLD NEW` (or `-format text`)"
	}
	full = clip(full, maxLine-30)
	fmt.Fprintf(&b, "\n\nThe full report: %s.\n", full)
	return b.String()
}

// WriteJSON writes the whole report, every change of every operation and
// type, as one indented JSON object with the counts.
func (r *Report) WriteJSON(w io.Writer) error {
	n := r.Counts()
	v := struct {
		*Report
		BreaksCompilation int `json:"breaksCompilation"`
		BreaksWire        int `json:"breaksWire"`
		MayBreak          int `json:"mayBreak"`
		Compatible        int `json:"compatible"`
	}{r, n.Compile, n.Wire, n.MayBreak, n.Compatible}
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
