package apichange

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/oasgen/oasgen/generator/model"
)

// The server checks a request against its definition's schemas keyword
// by keyword (model.Schema), including keywords no Go type shows:
// contains, if/then/else, not, prefixItems, patternProperties, an untyped
// oneOf, a property of an untyped object. Fields and parameters compare
// their own Checks (checksChange); schemaChange compares the rest, by
// walking the old and the new request schema side by side.

// schemaNode is where a walk stands in a request's schema: typed nodes
// are values a Go type holds (the body, its properties, items and map
// values through the types), whose Go type and Checks other comparisons
// cover; below any other keyword every keyword counts.
type schemaNode int

const (
	nodeRoot     schemaNode = iota // a JSON body: its own Checks count
	nodeParam                      // a parameter: its Checks are the Param's
	nodeProperty                   // a property: its Checks are the Field's
	nodeItems                      // items or additionalProperties of a typed value
)

// typedKeyword reports whether keyword name of a typed node is one the
// Go types and the field comparisons already cover, and whether to walk
// into its subschema as a typed node.
func typedKeyword(name string) (covered bool, walk schemaNode, ok bool) {
	switch {
	case name == "type", name == "numberString":
		return true, 0, false
	case strings.HasPrefix(name, "properties/"):
		return true, nodeProperty, true
	case strings.HasPrefix(name, "required/"), strings.HasPrefix(name, "readOnly/"):
		return true, 0, false
	case name == "items", name == "additionalProperties":
		return true, nodeItems, true
	case strings.HasPrefix(name, "allOf/"):
		return true, nodeItems, true // the parts of a Go struct: their properties are its fields
	case strings.HasPrefix(name, "discriminator"):
		return true, 0, false // the union's kinds are compared with its type
	}
	return false, 0, false
}

// schemaChange lists the keywords of a request's schema that changed and
// that the Go types and Checks do not show.
func schemaChange(o, n *model.Schema, at schemaNode) []checkDiff {
	w := schemaWalk{seen: map[[2]*model.Schema]bool{}}
	w.walk("", o, n, at, true)
	return w.diffs
}

type schemaWalk struct {
	seen  map[[2]*model.Schema]bool
	diffs []checkDiff
}

func (w *schemaWalk) add(path, what string, tighter, loose bool) {
	w.diffs = append(w.diffs, checkDiff{where(path) + what, tighter, loose})
}

// walk compares o and n at path. typed: the value is one a Go type holds
// (its type, properties and required members are compared as Go types
// and fields); otherwise every keyword counts.
func (w *schemaWalk) walk(path string, o, n *model.Schema, at schemaNode, typed bool) {
	if o == n || w.seen[[2]*model.Schema{o, n}] {
		return
	}
	w.seen[[2]*model.Schema{o, n}] = true
	oc, nc := model.NoChecks, model.NoChecks
	if o != nil {
		oc = o.Checks
	}
	if n != nil {
		nc = n.Checks
	}
	if !typed || at != nodeParam && at != nodeProperty {
		for _, d := range checksChange(oc, nc) {
			w.add(path, d.what, d.tighter, d.loose)
		}
	}
	// The keywords of Checks: checksChange above, or the field's or
	// parameter's Checks.
	inChecks := map[string]bool{}
	for _, k := range append(oc.Keywords(), nc.Keywords()...) {
		inChecks[k.Name] = true
	}
	ok, nk := o.Keywords(), n.Keywords()
	groups := map[string]bool{}
	for _, name := range keywordNames(ok, nk) {
		if inChecks[name] {
			continue
		}
		ov, oin := keywordOf(ok, name)
		nv, nin := keywordOf(nk, name)
		if g, _, list := strings.Cut(name, "/"); list && (g == "anyOf" || g == "oneOf" || g == "prefixItems") {
			if !groups[g] {
				groups[g] = true
				w.group(path, g, ok, nk)
			}
			continue
		}
		if typed {
			if covered, next, sub := typedKeyword(name); covered {
				if sub && (oin && nin || hasPart(o, name) && hasPart(n, name)) {
					w.walk(path+"/"+name, ov.Sub, nv.Sub, next, true)
				}
				continue
			}
		} else if w.untyped(path, name, o, n, ov, nv, oin, nin) {
			continue
		}
		if keywordText(ov, oin) == keywordText(nv, nin) {
			continue
		}
		switch {
		case !oin:
			w.add(path, name+" added", true, false) // a keyword added constrains
		case !nin:
			w.add(path, name+" removed", false, true)
		case name == "minContains" || name == "maxContains":
			o, _ := strconv.Atoi(ov.Value)
			n, _ := strconv.Atoi(nv.Value)
			up := n > o
			if name == "maxContains" {
				up = n < o
			}
			w.add(path, fmt.Sprintf("%s %d → %d", name, o, n), up, !up)
		default:
			w.add(path, name+" changed", true, true) // two subschemas do not compare
		}
	}
}

// untyped compares a keyword of a value no Go type holds (raw JSON):
// its types, required members and the subschemas that apply to parts of
// it (walked); false leaves the keyword to the generic comparison.
func (w *schemaWalk) untyped(path, name string, o, n *model.Schema, ov, nv model.Keyword, oin, nin bool) bool {
	switch {
	case name == "type":
		ot, nt := typeSet(ov.Value, oin), typeSet(nv.Value, nin)
		if !slices.Equal(ot, nt) {
			w.add(path, fmt.Sprintf("type %s → %s", typeText(ot), typeText(nt)), !subset(ot, nt), !subset(nt, ot))
		}
		return true
	case strings.HasPrefix(name, "required/"):
		if oin != nin {
			w.add(path, name+map[bool]string{true: " added", false: " removed"}[nin], nin, oin)
		}
		return true
	case strings.HasPrefix(name, "readOnly/"):
		return true
	case strings.HasPrefix(name, "properties/"), strings.HasPrefix(name, "allOf/"), name == "items", name == "additionalProperties",
		name == "contains", name == "propertyNames", strings.HasPrefix(name, "patternProperties/"), strings.HasPrefix(name, "dependentSchemas/"):
		if oin && nin || hasPart(o, name) && hasPart(n, name) {
			w.walk(path+"/"+name, ov.Sub, nv.Sub, nodeItems, false)
			return true
		}
	}
	return false
}

// typeSet is the JSON types a type keyword allows, all of them when it is
// absent; "integer" stands for itself only where "number" is absent.
func typeSet(v string, present bool) []string {
	if !present || v == "" {
		return []string{"array", "boolean", "null", "number", "object", "string"}
	}
	ts := strings.Split(v, ",")
	slices.Sort(ts)
	return ts
}

func typeText(ts []string) string {
	if len(ts) == 6 {
		return "any"
	}
	return strings.Join(ts, "|")
}

func keywordOf(ks []model.Keyword, name string) (model.Keyword, bool) {
	i, found := slices.BinarySearchFunc(ks, name, func(k model.Keyword, name string) int { return strings.Compare(k.Name, name) })
	if !found {
		return model.Keyword{}, false
	}
	return ks[i], true
}

// group compares a list keyword's subschemas, paired by where they are
// written (a component's pointer for a $ref), then by their keywords:
// paired ones are walked; an anyOf that gained alternatives is looser,
// one that lost some tighter; a oneOf that gained or lost one may be
// both (a value may now match two, or none); prefixItems by position.
func (w *schemaWalk) group(path, g string, ok, nk []model.Keyword) {
	subs := func(ks []model.Keyword) []*model.Schema {
		var out []*model.Schema
		for _, k := range ks {
			if strings.HasPrefix(k.Name, g+"/") {
				out = append(out, k.Sub)
			}
		}
		return out
	}
	os, ns := subs(ok), subs(nk)
	text := func(s *model.Schema) string {
		if s == nil {
			return "{}"
		}
		var b strings.Builder
		writeSchema(&b, s, map[*model.Schema]bool{})
		return b.String()
	}
	pairs := make([]int, len(os)) // the new index of each old subschema, -1: none
	used := make([]bool, len(ns))
	for i := range pairs {
		pairs[i] = -1
	}
	paired := 0
	pair := func(same func(a, b *model.Schema) bool) {
		for i, a := range os {
			for j, b := range ns {
				if pairs[i] < 0 && !used[j] && same(a, b) && (g != "prefixItems" || i == j) {
					pairs[i], used[j] = j, true
					paired++
				}
			}
		}
	}
	pair(func(a, b *model.Schema) bool { return a != nil && b != nil && a.Pointer == b.Pointer })
	pair(func(a, b *model.Schema) bool { return text(a) == text(b) })
	added, removed := len(ns)-paired, len(os)-paired
	for i, j := range pairs {
		if j >= 0 {
			w.walk(fmt.Sprintf("%s/%s/%d", path, g, i), os[i], ns[j], nodeItems, false)
		}
	}
	if added == 0 && removed == 0 {
		return
	}
	var parts []string
	if added > 0 {
		parts = append(parts, fmt.Sprintf("%d added", added))
	}
	if removed > 0 {
		parts = append(parts, fmt.Sprintf("%d removed", removed))
	}
	what := fmt.Sprintf("%s subschemas: %s", g, strings.Join(parts, ", "))
	switch g {
	case "anyOf":
		w.add(path, what, removed > 0 || len(os) == 0, added > 0 || len(ns) == 0)
	case "prefixItems":
		w.add(path, what, added > 0, removed > 0)
	default:
		w.add(path, what, true, true)
	}
}

// hasPart reports whether s has the property, items or allOf part that
// keyword name walks into, even one that accepts every value (and so is
// no keyword): a property both versions have is compared, one added or
// removed is the field comparison's.
func hasPart(s *model.Schema, name string) bool {
	if s == nil {
		return false
	}
	if p, ok := strings.CutPrefix(name, "properties/"); ok {
		return slices.ContainsFunc(s.Properties, func(x *model.Property) bool { return x.Name == p })
	}
	if i, ok := strings.CutPrefix(name, "allOf/"); ok {
		n, err := strconv.Atoi(i)
		return err == nil && n < len(s.AllOf)
	}
	return s.Types == 0 || s.Types&(model.JSONArray|model.JSONObject) != 0
}

func keywordNames(a, b []model.Keyword) []string {
	var names []string
	for _, k := range a {
		names = append(names, k.Name)
	}
	for _, k := range b {
		names = append(names, k.Name)
	}
	slices.Sort(names)
	return slices.Compact(names)
}

func where(path string) string {
	if path == "" {
		return ""
	}
	return strings.TrimPrefix(path, "/") + ": "
}

// keywordText is a keyword and its subschema as canonical text, to tell
// whether it changed; "" when absent.
func keywordText(k model.Keyword, present bool) string {
	if !present {
		return ""
	}
	var b strings.Builder
	writeKeyword(&b, k, map[*model.Schema]bool{})
	return b.String()
}

func writeKeyword(b *strings.Builder, k model.Keyword, seen map[*model.Schema]bool) {
	b.WriteString(k.Name)
	if k.Value != "" {
		b.WriteString("=" + k.Value)
	}
	if k.Sub != nil {
		writeSchema(b, k.Sub, seen)
	}
}

func writeSchema(b *strings.Builder, s *model.Schema, seen map[*model.Schema]bool) {
	if seen[s] {
		b.WriteString("{#" + s.Pointer + "}") // a recursive schema: named once
		return
	}
	seen[s] = true
	defer delete(seen, s)
	b.WriteString("{")
	for i, k := range s.Keywords() {
		if i > 0 {
			b.WriteString(" ")
		}
		writeKeyword(b, k, seen)
	}
	b.WriteString("}")
}
