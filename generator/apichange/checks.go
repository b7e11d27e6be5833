package apichange

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/oasgen/oasgen/generator/model"
)

// checksChange compares the validations the server applies to a value.
// tighter is set when some value old clients may send is now rejected
// (a pattern that changed counts, since it cannot be compared); what
// lists the differences.
func checksChange(o, n model.Checks) (what string, tighter bool) {
	var diffs []string
	bound := func(name string, ov, nv *float64, oex, nex bool, up bool) {
		if fmtBound(ov, oex) == fmtBound(nv, nex) {
			return
		}
		diffs = append(diffs, fmt.Sprintf("%s %s → %s", name, fmtBound(ov, oex), fmtBound(nv, nex)))
		switch {
		case nv == nil:
		case ov == nil:
			tighter = true
		case up && (*nv < *ov || *nv == *ov && nex && !oex):
			tighter = true
		case !up && (*nv > *ov || *nv == *ov && nex && !oex):
			tighter = true
		}
	}
	bound("minimum", o.Min, n.Min, o.ExclusiveMin, n.ExclusiveMin, false)
	bound("maximum", o.Max, n.Max, o.ExclusiveMax, n.ExclusiveMax, true)
	if o.MinLength != n.MinLength {
		diffs = append(diffs, fmt.Sprintf("minLength %d → %d", o.MinLength, n.MinLength))
		tighter = tighter || n.MinLength > o.MinLength
	}
	if o.MaxLength != n.MaxLength {
		diffs = append(diffs, fmt.Sprintf("maxLength %s → %s", fmtLen(o.MaxLength), fmtLen(n.MaxLength)))
		tighter = tighter || n.MaxLength >= 0 && (o.MaxLength < 0 || n.MaxLength < o.MaxLength)
	}
	if o.Pattern != n.Pattern {
		diffs = append(diffs, fmt.Sprintf("pattern %q → %q", o.Pattern, n.Pattern))
		tighter = tighter || n.Pattern != ""
	}
	return strings.Join(diffs, ", "), tighter
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

// checks reports a change of validations on a field or parameter.
func checks(label string, o, n model.Checks, at func(what string, v Verdict, who string)) {
	what, tighter := checksChange(o, n)
	switch {
	case what == "":
	case tighter:
		at(fmt.Sprintf("%s: validation tightened (%s): the new server rejects values old clients may send", label, what), BreaksWire, "old clients")
	default:
		at(fmt.Sprintf("%s: validation loosened (%s)", label, what), Compatible, "")
	}
}
