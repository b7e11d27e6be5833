package valdiff

import (
	"encoding/json"
	"fmt"
	"math/big"
	"math/rand/v2"
	"regexp/syntax"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// generator makes JSON values (as encoding/json decodes them with
// UseNumber) that likely match a compiled schema: the oracle decides
// which do. Its choices come from rnd, so a seed repeats a value.
type generator struct {
	rnd *rand.Rand
}

// maxGenDepth bounds how deeply generated values nest (recursive schemas).
const maxGenDepth = 6

// expand lists the schemas that apply to one value: s, what it applies
// in place ($ref, allOf), one alternative of each oneOf and anyOf, and
// then or else of an if (chosen at random; the oracle judges).
func (g *generator) expand(s *jsonschema.Schema, out []*jsonschema.Schema, depth int) []*jsonschema.Schema {
	if s == nil || depth > 32 || slices.Contains(out, s) {
		return out
	}
	out = append(out, s)
	out = g.expand(s.Ref, out, depth+1)
	for _, a := range s.AllOf {
		out = g.expand(a, out, depth+1)
	}
	for _, alts := range [][]*jsonschema.Schema{s.OneOf, s.AnyOf} {
		if len(alts) > 0 {
			out = g.expand(alts[g.rnd.IntN(len(alts))], out, depth+1)
		}
	}
	if s.If != nil {
		if g.rnd.IntN(2) == 0 && s.Then != nil {
			out = g.expand(s.If, out, depth+1)
			out = g.expand(s.Then, out, depth+1)
		} else if s.Else != nil {
			out = g.expand(s.Else, out, depth+1)
		}
	}
	return out
}

// value makes a value for the schemas ss, which all apply.
func (g *generator) value(ss []*jsonschema.Schema, depth int) any {
	var all []*jsonschema.Schema
	for _, s := range ss {
		all = g.expand(s, all, 0)
	}
	for _, s := range all {
		if s.Bool != nil && !*s.Bool {
			return nil // nothing matches false
		}
		if s.Const != nil {
			return *s.Const
		}
	}
	for _, s := range all {
		if s.Enum != nil && len(s.Enum.Values) > 0 {
			return s.Enum.Values[g.rnd.IntN(len(s.Enum.Values))]
		}
	}
	switch g.pickType(all) {
	case "null":
		return nil
	case "boolean":
		return g.rnd.IntN(2) == 0
	case "object":
		return g.object(all, depth)
	case "array":
		return g.array(all, depth)
	case "integer":
		return g.number(all, true)
	case "number":
		return g.number(all, false)
	}
	return g.str(all)
}

// pickType chooses a JSON type every schema with a type allows, else one
// their keywords suggest.
func (g *generator) pickType(all []*jsonschema.Schema) string {
	allowed := []string{"object", "array", "string", "number", "integer", "boolean", "null"}
	typed := false
	for _, s := range all {
		if s.Types == nil || s.Types.IsEmpty() {
			continue
		}
		typed = true
		ts := s.Types.ToStrings()
		if slices.Contains(ts, "number") && !slices.Contains(ts, "integer") {
			ts = append(ts, "integer")
		}
		allowed = slices.DeleteFunc(allowed, func(t string) bool { return !slices.Contains(ts, t) })
	}
	if len(allowed) == 0 {
		return "string"
	}
	if !typed {
		for _, s := range all {
			switch {
			case len(s.Properties) > 0 || len(s.Required) > 0 || s.AdditionalProperties != nil:
				return "object"
			case s.Items2020 != nil || len(s.PrefixItems) > 0 || s.Contains != nil:
				return "array"
			case s.Minimum != nil || s.Maximum != nil || s.MultipleOf != nil:
				return "number"
			case s.Pattern != nil || s.Format != nil || s.MinLength != nil || s.MaxLength != nil:
				return "string"
			}
		}
		return "string"
	}
	// Prefer what carries content: null only when nothing else is allowed.
	if len(allowed) > 1 {
		allowed = slices.DeleteFunc(allowed, func(t string) bool { return t == "null" })
	}
	if slices.Contains(allowed, "integer") && slices.Contains(allowed, "number") && g.rnd.IntN(2) == 0 {
		return "integer"
	}
	return allowed[g.rnd.IntN(len(allowed))]
}

func (g *generator) object(all []*jsonschema.Schema, depth int) any {
	props := map[string][]*jsonschema.Schema{}
	required := map[string]bool{}
	minProps, maxProps := 0, 1<<30
	for _, s := range all {
		for n, p := range s.Properties {
			props[n] = append(props[n], p)
		}
		for _, r := range s.Required {
			required[r] = true
		}
		if s.MinProperties != nil {
			minProps = max(minProps, *s.MinProperties)
		}
		if s.MaxProperties != nil {
			maxProps = min(maxProps, *s.MaxProperties)
		}
	}
	names := make([]string, 0, len(props)+len(required))
	for n := range props {
		names = append(names, n)
	}
	for n := range required {
		if props[n] == nil {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	out := map[string]any{}
	add := func(n string) {
		if _, ok := out[n]; ok {
			return
		}
		out[n] = g.value(append(slices.Clone(props[n]), patternSchemas(all, n)...), depth+1)
	}
	for _, n := range names {
		if required[n] {
			add(n)
		}
	}
	if depth < maxGenDepth {
		for _, n := range names {
			if len(out) < maxProps && !required[n] && g.rnd.IntN(3) > 0 {
				add(n)
			}
		}
	}
	// Dependencies of what is there.
	for _, s := range all {
		for trigger, deps := range s.DependentRequired {
			if _, ok := out[trigger]; ok {
				for _, d := range deps {
					add(d)
				}
			}
		}
	}
	for i := 0; len(out) < minProps && i < minProps+len(names); i++ {
		if i < len(names) {
			add(names[i])
			continue
		}
		key := fmt.Sprintf("p%d", i)
		var extra []*jsonschema.Schema
		for _, s := range all {
			if ap, ok := s.AdditionalProperties.(*jsonschema.Schema); ok {
				extra = append(extra, ap)
			}
		}
		out[key] = g.value(append(extra, patternSchemas(all, key)...), depth+1)
	}
	return out
}

// patternSchemas are the patternProperties entries of all that name
// matches.
func patternSchemas(all []*jsonschema.Schema, name string) []*jsonschema.Schema {
	var out []*jsonschema.Schema
	for _, s := range all {
		for re, p := range s.PatternProperties {
			if re.MatchString(name) {
				out = append(out, p)
			}
		}
	}
	return out
}

func (g *generator) array(all []*jsonschema.Schema, depth int) any {
	minItems, maxItems := 0, 1<<30
	var items, contains []*jsonschema.Schema
	var prefix []*jsonschema.Schema
	unique := false
	minContains := 0
	for _, s := range all {
		if s.MinItems != nil {
			minItems = max(minItems, *s.MinItems)
		}
		if s.MaxItems != nil {
			maxItems = min(maxItems, *s.MaxItems)
		}
		if s.Items2020 != nil {
			items = append(items, s.Items2020)
		}
		if len(s.PrefixItems) > len(prefix) {
			prefix = s.PrefixItems
		}
		unique = unique || s.UniqueItems
		if s.Contains != nil {
			contains = append(contains, s.Contains)
			n := 1
			if s.MinContains != nil {
				n = *s.MinContains
			}
			minContains = max(minContains, n)
		}
	}
	n := minItems
	if depth < maxGenDepth {
		n += g.rnd.IntN(3)
	}
	n = max(n, len(prefix), minContains)
	n = min(n, maxItems, minItems+8)
	out := []any{}
	seen := map[string]bool{}
	for i := 0; i < n; i++ {
		ss := items
		switch {
		case i < len(prefix):
			ss = []*jsonschema.Schema{prefix[i]}
		case i-len(prefix) < minContains && len(contains) > 0:
			ss = append(slices.Clone(items), contains...)
		}
		var v any
		for try := 0; try < 8; try++ {
			v = g.value(ss, depth+1)
			if !unique || !seen[canonical(v)] {
				break
			}
		}
		seen[canonical(v)] = true
		out = append(out, v)
	}
	return out
}

// number makes a number within the bounds of all, a multiple of their
// multipleOf.
func (g *generator) number(all []*jsonschema.Schema, integer bool) any {
	var lo, hi *big.Rat
	loEx, hiEx := false, false
	step := big.NewRat(1, 1)
	if !integer {
		step = big.NewRat(1, 4)
	}
	setLo := func(v *big.Rat, ex bool) {
		if v != nil && (lo == nil || v.Cmp(lo) > 0 || v.Cmp(lo) == 0 && ex) {
			lo, loEx = v, ex
		}
	}
	setHi := func(v *big.Rat, ex bool) {
		if v != nil && (hi == nil || v.Cmp(hi) < 0 || v.Cmp(hi) == 0 && ex) {
			hi, hiEx = v, ex
		}
	}
	for _, s := range all {
		setLo(s.Minimum, false)
		setLo(s.ExclusiveMinimum, true)
		setHi(s.Maximum, false)
		setHi(s.ExclusiveMaximum, true)
		if s.MultipleOf != nil {
			step = lcmRat(step, s.MultipleOf, integer)
		}
		if s.Format != nil {
			switch s.Format.Name {
			case "int32":
				setLo(big.NewRat(-1<<31, 1), false)
				setHi(big.NewRat(1<<31-1, 1), false)
			case "int64":
				setLo(new(big.Rat).SetInt64(-1<<63), false)
				setHi(new(big.Rat).SetInt64(1<<63-1), false)
			}
		}
	}
	// Start at a multiple of step near the bounds (or near zero), then
	// move by whole steps inside them.
	start := new(big.Rat)
	switch {
	case lo != nil:
		start = ceilMultiple(lo, step)
		if loEx && start.Cmp(lo) == 0 {
			start.Add(start, step)
		}
	case hi != nil && hi.Sign() < 0:
		start = floorMultiple(hi, step)
	}
	v := new(big.Rat).Add(start, new(big.Rat).Mul(step, big.NewRat(int64(g.rnd.IntN(4)), 1)))
	if hi != nil && (v.Cmp(hi) > 0 || hiEx && v.Cmp(hi) == 0) {
		v = start
	}
	return json.Number(ratText(v))
}

// lcmRat is a step that is a multiple of both a and b (for decimals: the
// product, made integral when integer).
func lcmRat(a, b *big.Rat, integer bool) *big.Rat {
	// a*b/gcd over the common denominator.
	den := new(big.Int).Mul(a.Denom(), b.Denom())
	an := new(big.Int).Mul(a.Num(), b.Denom())
	bn := new(big.Int).Mul(b.Num(), a.Denom())
	gcd := new(big.Int).GCD(nil, nil, an, bn)
	l := new(big.Int).Div(new(big.Int).Mul(an, bn), gcd)
	r := new(big.Rat).SetFrac(l, den)
	if integer && !r.IsInt() {
		r.Mul(r, new(big.Rat).SetInt(r.Denom()))
	}
	return r
}

// ceilMultiple is the least multiple of step at or above v.
func ceilMultiple(v, step *big.Rat) *big.Rat {
	q := new(big.Rat).Quo(v, step)
	n := new(big.Int).Div(q.Num(), q.Denom()) // Euclidean: the floor, as the denominator is positive
	if !q.IsInt() {
		n.Add(n, big.NewInt(1))
	}
	return new(big.Rat).Mul(new(big.Rat).SetInt(n), step)
}

// floorMultiple is the greatest multiple of step at or below v.
func floorMultiple(v, step *big.Rat) *big.Rat {
	q := new(big.Rat).Quo(v, step)
	n := new(big.Int).Div(q.Num(), q.Denom())
	return new(big.Rat).Mul(new(big.Rat).SetInt(n), step)
}

// ratText writes a rational as a JSON number: exact when it has a finite
// decimal expansion, else to 20 places.
func ratText(r *big.Rat) string {
	if r.IsInt() {
		return r.Num().String()
	}
	s := r.FloatString(20)
	s = strings.TrimRight(s, "0")
	return strings.TrimSuffix(s, ".")
}

// formatSamples are values of the formats the oracle asserts.
var formatSamples = map[string][]string{
	"date-time":             {"2020-01-02T03:04:05Z", "1999-12-31T23:59:59.5+01:00"},
	"date":                  {"2020-02-29", "1999-12-31"},
	"time":                  {"03:04:05Z", "23:59:59.9-08:00"},
	"duration":              {"P1D", "PT1H30M", "P2W"},
	"email":                 {"a@example.com", "first.last@sub.example.org"},
	"hostname":              {"example.com", "a-b.c"},
	"ipv4":                  {"10.0.0.1", "255.255.255.255"},
	"ipv6":                  {"::1", "2001:db8::7"},
	"uri":                   {"https://example.com/a?b=c#d", "urn:isbn:0451450523"},
	"uri-reference":         {"/a/b", "https://example.com", "#frag"},
	"iri":                   {"https://example.com/é"},
	"iri-reference":         {"/é"},
	"uri-template":          {"/a/{b}", "https://example.com/{x*}"},
	"uuid":                  {"2eb8aa08-aa98-11ea-b4aa-73b441d16380"},
	"json-pointer":          {"/a/b", ""},
	"relative-json-pointer": {"0/a", "1#"},
	"byte":                  {"aGk=", "aGVsbG8="},
	"int32":                 {"12"},
	"int64":                 {"1234"},
	"date-time-rfc1123":     {"Mon, 02 Jan 2006 15:04:05 GMT"},
	"date-time-rfc7231":     {"Mon, 02 Jan 2006 15:04:05 GMT"},
	"base64url":             {"aGk"},
	"unixtime":              {"1234567890"},
}

func (g *generator) str(all []*jsonschema.Schema) any {
	minLen, maxLen := 0, 40
	var patterns []string
	for _, s := range all {
		if s.MinLength != nil {
			minLen = max(minLen, *s.MinLength)
		}
		if s.MaxLength != nil {
			maxLen = min(maxLen, *s.MaxLength)
		}
		if s.Pattern != nil {
			patterns = append(patterns, s.Pattern.String())
		}
		if s.Format != nil {
			if samples := formatSamples[s.Format.Name]; len(samples) > 0 {
				return samples[g.rnd.IntN(len(samples))]
			}
		}
	}
	var v string
	if len(patterns) > 0 {
		v = g.fromPattern(patterns[0])
	} else {
		v = "v" + fmt.Sprint(g.rnd.IntN(1000))
	}
	for utf8.RuneCountInString(v) < minLen {
		v += "a"
	}
	if r := []rune(v); len(r) > maxLen && maxLen >= 0 {
		v = string(r[:maxLen])
	}
	return v
}

// fromPattern makes a string the pattern matches (a search, so the match
// alone will do).
func (g *generator) fromPattern(pattern string) string {
	re, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		return ""
	}
	var b strings.Builder
	g.regexp(&b, re.Simplify(), 0)
	return b.String()
}

func (g *generator) regexp(b *strings.Builder, re *syntax.Regexp, depth int) {
	if depth > 50 {
		return
	}
	switch re.Op {
	case syntax.OpLiteral:
		for _, r := range re.Rune {
			b.WriteRune(r)
		}
	case syntax.OpCharClass:
		b.WriteRune(g.classRune(re.Rune))
	case syntax.OpAnyChar, syntax.OpAnyCharNotNL:
		b.WriteRune('a')
	case syntax.OpCapture:
		g.regexp(b, re.Sub[0], depth+1)
	case syntax.OpConcat:
		for _, s := range re.Sub {
			g.regexp(b, s, depth+1)
		}
	case syntax.OpAlternate:
		g.regexp(b, re.Sub[g.rnd.IntN(len(re.Sub))], depth+1)
	case syntax.OpStar, syntax.OpPlus, syntax.OpQuest, syntax.OpRepeat:
		lo, hi := 0, 2
		switch re.Op {
		case syntax.OpPlus:
			lo = 1
		case syntax.OpQuest:
			hi = 1
		case syntax.OpRepeat:
			lo, hi = re.Min, re.Max
			if hi < 0 {
				hi = lo + 2
			}
		}
		n := lo + g.rnd.IntN(min(hi, lo+3)-lo+1)
		for i := 0; i < n; i++ {
			g.regexp(b, re.Sub[0], depth+1)
		}
	}
}

// classRune picks a rune of a character class, preferring letters and
// digits.
func (g *generator) classRune(ranges []rune) rune {
	var good []rune
	for i := 0; i+1 < len(ranges); i += 2 {
		for r := ranges[i]; r <= ranges[i+1] && r < 0x80 && len(good) < 64; r++ {
			if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.' {
				good = append(good, r)
			}
		}
	}
	if len(good) > 0 {
		return good[g.rnd.IntN(len(good))]
	}
	if len(ranges) > 0 {
		return ranges[0]
	}
	return 'a'
}

// canonical writes a JSON value so that equal values read the same.
func canonical(v any) string {
	b, _ := json.Marshal(normalize(v))
	return string(b)
}

// normalize makes numbers comparable: json.Number as the exact rational.
func normalize(v any) any {
	switch x := v.(type) {
	case json.Number:
		r, ok := new(big.Rat).SetString(string(x))
		if !ok {
			return string(x)
		}
		return "#" + r.RatString()
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = normalize(e)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = normalize(e)
		}
		return out
	}
	return v
}
