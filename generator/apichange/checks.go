package apichange

import (
	"fmt"
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
	switch shapeOf(t).kind {
	case "binary":
	case "string":
		c.Min, c.Max, c.ExclusiveMin, c.ExclusiveMax = nil, nil, false, false
	case "integer", "number":
		c.MinLength, c.MaxLength, c.Pattern = 0, -1, ""
	default:
		c.Min, c.Max, c.ExclusiveMin, c.ExclusiveMax = nil, nil, false, false
		c.MinLength, c.MaxLength, c.Pattern = 0, -1, ""
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

// keywordChecks compares the JSON Schema keywords the model does not hold
// yet. HOOK for the request-validation work (branch validation), which
// adds to model.Checks: minItems/maxItems, uniqueItems, multipleOf,
// minProperties/maxProperties and the 2020-12 keywords (contains,
// minContains/maxContains, dependentRequired/dependentSchemas,
// patternProperties, propertyNames, unevaluatedProperties/Items,
// if/then/else). Each becomes a checkDiff here — tighter when a value
// valid before is not any more (minItems raised, uniqueItems set, a
// multipleOf that is not a divisor of the old one, a keyword added),
// looser the other way — and the report's direction rules (check) apply
// to it like to the bounds above; fixtures and tests go with it in
// apichange_test.go (TestMeasured).
func keywordChecks(o, n model.Checks) []checkDiff {
	return nil
}

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
