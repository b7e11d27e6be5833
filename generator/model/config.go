package model

import (
	"fmt"
	"go/token"
	"maps"
	"slices"
	"strings"
	"unicode/utf8"
)

// ConfigError is a setting that is not valid or does not fit the
// definition. Key names it as a config file does: "tags[0]",
// "operations[1]", "formats.date-time".
type ConfigError struct {
	Key string
	Msg string
}

func (e *ConfigError) Error() string { return "config " + e.Key + ": " + e.Msg }

// Suggest orders valid by closeness to s (edit distance, ignoring case;
// ties by name) and returns it with the closest one when it is close
// enough to be a likely typo ("" otherwise).
func Suggest(s string, valid []string) (sorted []string, closest string) {
	dist := map[string]int{}
	for _, v := range valid {
		dist[v] = editDistance(strings.ToLower(s), strings.ToLower(v))
	}
	sorted = slices.Sorted(maps.Keys(dist))
	slices.SortStableFunc(sorted, func(a, b string) int { return dist[a] - dist[b] })
	if len(sorted) > 0 && dist[sorted[0]] <= 1+utf8.RuneCountInString(s)/3 {
		closest = sorted[0]
	}
	return sorted, closest
}

// didYouMean is Suggest's answer as the end of a message: "did you mean
// X? " when one is close, then what (e.g. "valid tags") closest first.
func didYouMean(s, what string, valid []string) string {
	sorted, closest := Suggest(s, valid)
	msg := ""
	if closest != "" {
		msg = "did you mean " + closest + "? "
	}
	if len(sorted) == 0 {
		return msg + what + ": none"
	}
	more := ""
	if len(sorted) > maxListed {
		more = fmt.Sprintf(" and %d more", len(sorted)-maxListed)
		sorted = sorted[:maxListed]
	}
	return msg + what + ", closest first: " + strings.Join(sorted, ", ") + more
}

// maxListed bounds the valid values an error lists: a large definition
// has hundreds of operation ids.
const maxListed = 20

// editDistance is the Levenshtein distance between a and b, in runes.
func editDistance(a, b string) int {
	x, y := []rune(a), []rune(b)
	prev := make([]int, len(y)+1)
	cur := make([]int, len(y)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(x); i++ {
		cur[0] = i
		for j := 1; j <= len(y); j++ {
			cost := 1
			if x[i-1] == y[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(y)]
}

// checkFilters makes sure that every tag and operation id the config
// names exists and selects something: a typo must not silently give a
// package without operations.
func (b *builder) checkFilters(all []*opSource) error {
	tags, ids := map[string]bool{}, map[string]bool{}
	for _, o := range all {
		for _, t := range o.op.Tags {
			tags[t] = true
		}
		if o.op.OperationID != "" {
			ids[o.op.OperationID] = true
		}
	}
	for i, t := range b.cfg.Tags {
		if !tags[t] {
			return &ConfigError{Key: fmt.Sprintf("tags[%d]", i), Msg: fmt.Sprintf("no operation of %s has the tag %q; %s", b.doc.File, t, didYouMean(t, "valid tags", slices.Collect(maps.Keys(tags))))}
		}
	}
	for i, id := range b.cfg.Operations {
		if !ids[id] {
			return &ConfigError{Key: fmt.Sprintf("operations[%d]", i), Msg: fmt.Sprintf("%s has no operation %q; %s", b.doc.File, id, didYouMean(id, "valid operation ids", slices.Collect(maps.Keys(ids))))}
		}
	}
	if len(b.cfg.Tags) == 0 || len(b.cfg.Operations) == 0 {
		return nil
	}
	// Both: an operation is kept when it has one of the tags. Each named
	// operation must pass, and each tag must keep one of them.
	used := map[string]bool{}
	for i, id := range b.cfg.Operations {
		for _, o := range all {
			if o.op.OperationID != id {
				continue
			}
			kept := false
			for _, t := range o.op.Tags {
				if slices.Contains(b.cfg.Tags, t) {
					used[t], kept = true, true
				}
			}
			if !kept {
				return &ConfigError{Key: fmt.Sprintf("operations[%d]", i), Msg: fmt.Sprintf("operation %q has none of the tags %s (its tags: %s), so tags and operations together leave it out", id, strings.Join(b.cfg.Tags, ", "), strings.Join(o.op.Tags, ", "))}
			}
		}
	}
	for i, t := range b.cfg.Tags {
		if !used[t] {
			return &ConfigError{Key: fmt.Sprintf("tags[%d]", i), Msg: fmt.Sprintf("no operation in operations has the tag %q, so it selects nothing", t)}
		}
	}
	return nil
}

// BuiltinFormats are the unqualified Go types a format can map to: the
// ones the generated code reads and writes.
var BuiltinFormats = []string{"string", "int32", "int64", "float32", "float64", "bool"}

// CheckFormats checks the Go type of each format mapping: one of
// BuiltinFormats or import/path.Type. Whether a qualified type implements
// encoding.TextMarshaler and TextUnmarshaler, the Go compiler tells. Build
// checks too; this lets a caller fail before loading the definition.
func CheckFormats(formats map[string]string) error {
	for _, f := range slices.Sorted(maps.Keys(formats)) {
		if msg := goTypeProblem(formats[f]); msg != "" {
			return &ConfigError{Key: "formats." + f, Msg: msg}
		}
	}
	return nil
}

// unusedFormats warns about a formats mapping that no schema uses, most
// likely a typo in the format's name.
func (b *builder) unusedFormats() {
	for _, f := range slices.Sorted(maps.Keys(b.cfg.Formats)) {
		if !b.formats[f] {
			b.warnf("", "config formats.%s: no string or integer schema has this format, so the mapping does nothing; %s", f, didYouMean(f, "formats in use", slices.Collect(maps.Keys(b.formats))))
		}
	}
}

func goTypeProblem(typ string) string {
	want := "; want one of " + strings.Join(BuiltinFormats, ", ") + " or import/path.Type, a type implementing encoding.TextMarshaler and encoding.TextUnmarshaler"
	i := strings.LastIndex(typ, ".")
	if i < 0 {
		if slices.Contains(BuiltinFormats, typ) {
			return ""
		}
		if _, closest := Suggest(typ, BuiltinFormats); closest != "" {
			return fmt.Sprintf("%q is not a Go type; did you mean %s?", typ, closest)
		}
		return fmt.Sprintf("%q is not a Go type oasgen can map a format to%s", typ, want)
	}
	path, name := typ[:i], typ[i+1:]
	if err := checkImportPath(path); err != "" {
		return fmt.Sprintf("%q: import path %q: %s%s", typ, path, err, want)
	}
	if !token.IsIdentifier(name) || !token.IsExported(name) {
		return fmt.Sprintf("%q: %q is not an exported Go identifier%s", typ, name, want)
	}
	return ""
}

// checkImportPath follows golang.org/x/mod/module.CheckImportPath (not a
// dependency for one function): non-empty slash-separated elements of
// ASCII letters, digits and -._~+, none only dots, none ending in a dot.
func checkImportPath(path string) string {
	switch {
	case path == "":
		return "empty"
	case path[0] == '-':
		return "leading dash"
	case strings.Contains(path, "//"):
		return "double slash"
	case strings.HasPrefix(path, "/") || strings.HasSuffix(path, "/"):
		return "leading or trailing slash"
	}
	for _, elem := range strings.Split(path, "/") {
		if strings.Trim(elem, ".") == "" || strings.HasSuffix(elem, ".") {
			return fmt.Sprintf("invalid path element %q", elem)
		}
		for _, r := range elem {
			if !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' || strings.ContainsRune("-._~+", r)) {
				return fmt.Sprintf("invalid character %q", r)
			}
		}
	}
	return ""
}

// CheckConfig checks the settings Build takes from the user (formats and
// names) before a definition is read; Build expects a config that passed.
func CheckConfig(cfg Config) error {
	if err := CheckFormats(cfg.Formats); err != nil {
		return err
	}
	return checkNames(cfg.Names)
}

// checkNames requires every names value to be an exported Go identifier.
func checkNames(names map[string]string) error {
	for _, key := range slices.Sorted(maps.Keys(names)) {
		if !exportedIdent(names[key]) {
			return &ConfigError{Key: "names." + key, Msg: fmt.Sprintf("%q is not an exported Go identifier", names[key])}
		}
	}
	return nil
}
