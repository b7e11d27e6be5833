package apichange

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/oasgen/oasgen/generator/model"
)

// Types are paired across versions by name; a type whose name is gone is
// paired with a new one it was renamed to, found by its JSON pointer, or
// by where it is used (the same operation's body, response, items or
// error, or the same property of types already paired) and how much of
// its structure it keeps (property names, enum values, union kinds).
// TypeSpec renamed most of Batch's models (CloudPool → BatchPool); a
// rename is reported once, with the changes inside the type under it.

// pairTypes fills c.renamed, c.oldOf and c.why.
func (c *comparer) pairTypes() {
	c.renamed, c.oldOf, c.why = map[*model.Type]*model.Type{}, map[*model.Type]*model.Type{}, map[*model.Type]string{}
	pair := func(o, n *model.Type, why string) {
		c.renamed[o], c.oldOf[n] = n, o
		if why != "" {
			c.why[n] = why
		}
	}
	for _, t := range c.old.api.Types {
		if n := c.new.typeNamed(t.Name); n != nil {
			pair(t, n, "")
		}
	}
	for _, t := range c.old.api.Types {
		if c.renamed[t] != nil {
			continue
		}
		for _, n := range c.new.api.Types {
			if c.oldOf[n] == nil && n.Pointer == t.Pointer && n.Kind == t.Kind {
				pair(t, n, "the same JSON pointer")
				break
			}
		}
	}
	for range 8 { // each round may pair the types of paired types' properties
		c.uses = c.propertyAnchors()
		var cands []candidate
		for _, o := range c.old.api.Types {
			if c.renamed[o] != nil {
				continue
			}
			for _, n := range c.new.api.Types {
				if c.oldOf[n] != nil || n.Kind != o.Kind {
					continue
				}
				if cd, ok := c.candidate(o, n); ok {
					cands = append(cands, cd)
				}
			}
		}
		slices.SortFunc(cands, func(a, b candidate) int {
			return cmp.Or(cmp.Compare(b.score, a.score), strings.Compare(a.o.Name, b.o.Name), strings.Compare(a.n.Name, b.n.Name))
		})
		paired := 0
		for _, cd := range cands {
			if c.renamed[cd.o] == nil && c.oldOf[cd.n] == nil {
				pair(cd.o, cd.n, cd.why)
				paired++
			}
		}
		if paired == 0 {
			break
		}
	}
}

type candidate struct {
	o, n  *model.Type
	score float64
	why   string
}

// candidate scores old type o as renamed to n: it needs a shared use and
// some of its structure (a third of both, or half of the smaller: our
// own 2025 Batch models hold a subset of the properties), or most of its
// structure alone.
func (c *comparer) candidate(o, n *model.Type) (candidate, bool) {
	sim, inter, no, nn := similarity(o, n)
	anchor := c.sharedAnchor(o, n)
	contained := inter > 0 && float64(inter) >= 0.5*float64(min(no, nn))
	switch {
	case anchor != "" && (sim >= 0.3 || contained):
	case anchor == "" && sim >= 0.75 && no+nn-inter >= 3:
	default:
		return candidate{}, false
	}
	score := sim + nameSimilarity(o.Name, n.Name)/2
	why := fmt.Sprintf("%d of its %d %s kept", inter, no, structureNoun(o))
	if o.Kind == model.DeclAlias {
		why = "the same underlying type"
	}
	if anchor != "" {
		score++
		why = anchor + ", " + why
	}
	return candidate{o, n, score, why}, true
}

func structureNoun(t *model.Type) string {
	switch t.Kind {
	case model.DeclEnum:
		return "values"
	case model.DeclUnion:
		return "kinds"
	case model.DeclAlias:
		return "type"
	}
	return "properties"
}

// similarity is the Jaccard index of two types' structure (property
// names, enum values or union kinds), with the size of their
// intersection and of each.
func similarity(o, n *model.Type) (sim float64, inter, no, nn int) {
	var a, b []string
	switch o.Kind {
	case model.DeclStruct:
		for _, f := range o.Fields {
			a = append(a, f.JSONName)
		}
		for _, f := range n.Fields {
			b = append(b, f.JSONName)
		}
	case model.DeclEnum:
		for _, v := range o.Enum.Values {
			a = append(a, fmt.Sprint(v.Value))
		}
		for _, v := range n.Enum.Values {
			b = append(b, fmt.Sprint(v.Value))
		}
	case model.DeclUnion:
		for _, v := range o.Union.Variants {
			a = append(a, v.Value)
		}
		for _, v := range n.Union.Variants {
			b = append(b, v.Value)
		}
	case model.DeclAlias:
		if shapeOf(*o.Underlying).String() == shapeOf(*n.Underlying).String() {
			return 1, 1, 1, 1
		}
		return 0, 0, 1, 1
	}
	for _, x := range a {
		if slices.Contains(b, x) {
			inter++
		}
	}
	union := len(a) + len(b) - inter
	if union == 0 {
		return 1, 0, 0, 0
	}
	return float64(inter) / float64(union), inter, len(a), len(b)
}

// nameSimilarity is the share of the longer name's words the two names
// have in common (CloudPool and BatchPool share Pool).
func nameSimilarity(a, b string) float64 {
	wa, wb := words(a), words(b)
	common := 0
	for _, w := range wa {
		if slices.Contains(wb, w) {
			common++
		}
	}
	return float64(common) / float64(max(len(wa), len(wb), 1))
}

func words(s string) []string {
	var out []string
	start := 0
	for i := 1; i <= len(s); i++ {
		if i == len(s) || s[i] >= 'A' && s[i] <= 'Z' && s[i-1] >= 'a' && s[i-1] <= 'z' {
			out = append(out, s[start:i])
			start = i
		}
	}
	return out
}

// propertyAnchors are, on each side, the places a type is used in the
// types already paired: "BatchPool.stats" (a property, by the new
// type's name) or "kind \"x\" of U" (a union's kind).
func (c *comparer) propertyAnchors() [2]map[*model.Type][]string {
	out := [2]map[*model.Type][]string{{}, {}}
	for _, po := range c.old.api.Types {
		pn := c.renamed[po]
		if pn == nil {
			continue
		}
		for i, t := range []*model.Type{po, pn} {
			for _, f := range t.Fields {
				if d := direct(f.Type); d != nil {
					out[i][d] = append(out[i][d], fmt.Sprintf("the type of %s.%s", pn.Name, f.JSONName))
				}
			}
			if t.Union != nil {
				for _, v := range t.Union.Variants {
					out[i][v.Type] = append(out[i][v.Type], fmt.Sprintf("kind %q of %s", v.Value, pn.Name))
				}
			}
		}
	}
	return out
}

// sharedAnchor names a use o and n have in common: an operation's body,
// response, items or error (by method and path), or a property of types
// already paired; "" when there is none.
func (c *comparer) sharedAnchor(o, n *model.Type) string {
	for _, a := range c.old.anchors[o] {
		if slices.Contains(c.new.anchors[n], a) {
			return "its use as the " + anchorText(a)
		}
	}
	for _, a := range c.uses[0][o] {
		if slices.Contains(c.uses[1][n], a) {
			return a
		}
	}
	return ""
}

// anchorText turns an anchor ("POST /pools body") into words.
func anchorText(a string) string {
	for _, role := range []string{" body", " response", " item"} {
		if op, ok := strings.CutSuffix(a, role); ok {
			return role[1:] + " of " + op
		}
	}
	if i := strings.LastIndex(a, " error "); i >= 0 {
		return "error model (" + a[i+len(" error "):] + ") of " + a[:i]
	}
	return a
}

// newOf is the type old type t is in the new version, nil when gone.
func (c *comparer) newOf(t *model.Type) *model.Type {
	if t == nil {
		return nil
	}
	return c.renamed[t]
}

// corresponds reports whether two type references are the same type in
// both versions, a renamed type being the same type.
func (c *comparer) corresponds(o, n model.TypeRef) bool {
	if o.Kind != n.Kind {
		return false
	}
	switch o.Kind {
	case model.KindNamed:
		return o.Decl != nil && c.newOf(o.Decl) == n.Decl
	case model.KindSlice, model.KindMap:
		return c.corresponds(*o.Elem, *n.Elem)
	}
	return o.Name == n.Name && o.Import == n.Import && o.Format == n.Format && o.String == n.String
}
