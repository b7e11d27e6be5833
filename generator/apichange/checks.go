package apichange

import (
	"fmt"
	"math/big"
	"slices"
	"strconv"
	"strings"

	"github.com/oasgen/oasgen/generator/model"
)

// checkDiff is one validation keyword that changed: tighter when some
// value valid before is not any more, looser when some value invalid
// before is valid now (a changed pattern is both).
type checkDiff struct {
	what           string
	tighter, loose bool
}

// applies keeps the checks that apply to values of type t: lengths and
// patterns to strings (and to a body that is not JSON, which is text),
// bounds to numbers (JSON Schema ignores the others, and so does the
// generated server).
func applies(t model.TypeRef, c model.Checks) model.Checks {
	sh := shapeOf(t)
	switch sh.kind {
	case "binary":
	case "string":
		c.Min, c.Max, c.ExclusiveMin, c.ExclusiveMax = nil, nil, false, false
	case "integer", "number":
		c.MinLength, c.MaxLength, c.Pattern = 0, -1, ""
	default:
		c.Min, c.Max, c.ExclusiveMin, c.ExclusiveMax = nil, nil, false, false
		c.MinLength, c.MaxLength, c.Pattern = 0, -1, ""
	}
	if sh.kind != "any" {
		if sh.kind != "integer" && sh.kind != "number" {
			c.MultipleOf = ""
		}
		if sh.kind != "array" {
			c.MinItems, c.MaxItems, c.UniqueItems = 0, -1, false
		}
		if sh.kind != "object" && sh.kind != "map" {
			c.MinProperties, c.MaxProperties, c.DependentRequired = 0, -1, nil
		}
	}
	if sh.enum {
		// A closed enum type: its values are compared with the type.
		c.Enum, c.Const = nil, false
	}
	return c
}

// checksChange compares the validations of a value: the bounds, lengths
// and pattern the model holds now, and the keywords of keywordChecks.
func checksChange(o, n model.Checks) []checkDiff {
	var diffs []checkDiff
	bound := func(name string, ov, nv *float64, oex, nex bool, up bool) {
		if fmtBound(ov, oex) == fmtBound(nv, nex) {
			return
		}
		d := checkDiff{what: fmt.Sprintf("%s %s → %s", name, fmtBound(ov, oex), fmtBound(nv, nex))}
		switch {
		case nv == nil:
			d.loose = true
		case ov == nil:
			d.tighter = true
		case up && (*nv < *ov || *nv == *ov && nex && !oex), !up && (*nv > *ov || *nv == *ov && nex && !oex):
			d.tighter = true
		default:
			d.loose = true
		}
		diffs = append(diffs, d)
	}
	bound("minimum", o.Min, n.Min, o.ExclusiveMin, n.ExclusiveMin, false)
	bound("maximum", o.Max, n.Max, o.ExclusiveMax, n.ExclusiveMax, true)
	if o.MinLength != n.MinLength {
		diffs = append(diffs, checkDiff{fmt.Sprintf("minLength %d → %d", o.MinLength, n.MinLength), n.MinLength > o.MinLength, n.MinLength < o.MinLength})
	}
	if o.MaxLength != n.MaxLength {
		tighter := n.MaxLength >= 0 && (o.MaxLength < 0 || n.MaxLength < o.MaxLength)
		diffs = append(diffs, checkDiff{fmt.Sprintf("maxLength %s → %s", fmtLen(o.MaxLength), fmtLen(n.MaxLength)), tighter, !tighter})
	}
	if o.Pattern != n.Pattern {
		// Two patterns cannot be compared: the new one may reject what
		// the old one accepted, and accept what it rejected.
		diffs = append(diffs, checkDiff{fmt.Sprintf("pattern %q → %q", o.Pattern, n.Pattern), n.Pattern != "", o.Pattern != ""})
	}
	return append(diffs, keywordChecks(o, n)...)
}

// keywordChecks compares the keywords of Checks beyond bounds, lengths
// and pattern: multipleOf, the sizes of arrays and objects, uniqueItems,
// format, dependentRequired and enum/const. Each is tighter when a value
// valid before is not any more, looser the other way.
func keywordChecks(o, n model.Checks) []checkDiff {
	var diffs []checkDiff
	add := func(what string, tighter, loose bool) {
		diffs = append(diffs, checkDiff{what, tighter, loose})
	}
	if o.MultipleOf != n.MultipleOf {
		t, l := multipleOfChange(o.MultipleOf, n.MultipleOf)
		add(fmt.Sprintf("multipleOf %s → %s", noneIfEmpty(o.MultipleOf), noneIfEmpty(n.MultipleOf)), t, l)
	}
	minSize := func(name string, ov, nv int) {
		if ov != nv {
			add(fmt.Sprintf("%s %d → %d", name, ov, nv), nv > ov, nv < ov)
		}
	}
	maxSize := func(name string, ov, nv int) {
		if ov != nv {
			tighter := nv >= 0 && (ov < 0 || nv < ov)
			add(fmt.Sprintf("%s %s → %s", name, fmtLen(ov), fmtLen(nv)), tighter, !tighter)
		}
	}
	minSize("minItems", o.MinItems, n.MinItems)
	maxSize("maxItems", o.MaxItems, n.MaxItems)
	if o.UniqueItems != n.UniqueItems {
		add(fmt.Sprintf("uniqueItems %t → %t", o.UniqueItems, n.UniqueItems), n.UniqueItems, o.UniqueItems)
	}
	minSize("minProperties", o.MinProperties, n.MinProperties)
	maxSize("maxProperties", o.MaxProperties, n.MaxProperties)
	if o.Format != n.Format {
		add(fmt.Sprintf("format %s → %s", noneIfEmpty(o.Format), noneIfEmpty(n.Format)), n.Format != "", o.Format != "")
	}
	od, nd := dependencies(o.DependentRequired), dependencies(n.DependentRequired)
	for _, p := range sortedUnion(od, nd) {
		ov, nv := od[p], nd[p]
		if !sameSet(ov, nv) {
			add(fmt.Sprintf("dependentRequired %q: [%s] → [%s]", p, strings.Join(ov, ","), strings.Join(nv, ",")),
				!subset(nv, ov), !subset(ov, nv))
		}
	}
	if !sameSet(o.Enum, n.Enum) || (o.Enum == nil) != (n.Enum == nil) || o.Const != n.Const {
		name := func(c model.Checks) string {
			switch {
			case c.Enum == nil:
				return "none"
			case c.Const:
				return "const " + c.Enum[0]
			}
			return "enum [" + strings.Join(c.Enum, ",") + "]"
		}
		tighter := n.Enum != nil && (o.Enum == nil || !subset(o.Enum, n.Enum))
		loose := o.Enum != nil && (n.Enum == nil || !subset(n.Enum, o.Enum))
		add(name(o)+" → "+name(n), tighter, loose)
	}
	return diffs
}

// multipleOfChange: every multiple of o is a multiple of n when n divides
// o (looser); the other way, tighter; else both.
func multipleOfChange(o, n string) (tighter, loose bool) {
	switch {
	case o == "":
		return true, false
	case n == "":
		return false, true
	}
	or, ok1 := new(big.Rat).SetString(o)
	nr, ok2 := new(big.Rat).SetString(n)
	if !ok1 || !ok2 || nr.Sign() == 0 || or.Sign() == 0 {
		return true, true
	}
	divides := func(a, b *big.Rat) bool { return new(big.Rat).Quo(b, a).IsInt() } // a divides b
	return !divides(nr, or), !divides(or, nr)
}

func noneIfEmpty(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

func dependencies(ds []model.Dependency) map[string][]string {
	m := map[string][]string{}
	for _, d := range ds {
		m[d.Property] = d.Required
	}
	return m
}

func sortedUnion(a, b map[string][]string) []string {
	var keys []string
	for k := range a {
		keys = append(keys, k)
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	return keys
}

// subset reports whether every element of a is in b.
func subset(a, b []string) bool {
	for _, x := range a {
		if !slices.Contains(b, x) {
			return false
		}
	}
	return true
}

func sameSet(a, b []string) bool { return subset(a, b) && subset(b, a) }

func fmtBound(v *float64, exclusive bool) string {
	if v == nil {
		return "none"
	}
	s := strconv.FormatFloat(*v, 'g', -1, 64)
	if exclusive {
		s += " (exclusive)"
	}
	return s
}

func fmtLen(n int) string {
	if n < 0 {
		return "none"
	}
	return strconv.Itoa(n)
}

// checkEffects are the wire effects of changed validations on a value
// that travels d: tightened in requests, old clients' values are
// rejected; loosened in requests, new clients' values may be rejected by
// old servers; loosened in responses, old readers may get values they
// never had to handle. Tightened in responses it is nothing the wire
// shows: the generated client does not validate responses.
func checkEffects(diffs []checkDiff, d Direction) (what string, req, resp Wire) {
	if len(diffs) == 0 {
		return "", "", ""
	}
	var ws []string
	var tighter, loose bool
	for _, x := range diffs {
		ws = append(ws, x.what)
		tighter, loose = tighter || x.tighter, loose || x.loose
	}
	if d == 0 {
		d = Both
	}
	if d&Request != 0 {
		switch {
		case tighter:
			req = WireBreaks
		case loose:
			req = WireNeedsNewServer
		}
	}
	// The generated client does not validate responses: values an old
	// server may send beyond a tightened constraint still decode.
	if d&Response != 0 && loose {
		resp = WireMayBreakReaders
	}
	verb := "tightened"
	switch {
	case tighter && loose:
		verb = "changed"
	case loose:
		verb = "loosened"
	}
	return "validation " + verb + " (" + strings.Join(ws, ", ") + ")", req, resp
}
