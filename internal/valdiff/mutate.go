package valdiff

import (
	"encoding/json"
	"fmt"
	"maps"
	"math/big"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// step is one step of a path into a JSON value: a member name, or an
// item index when name is "".
type step struct {
	name  string
	index int
}

// mutation is a body that breaks one keyword at one place.
type mutation struct {
	keyword string
	body    any
}

// applying lists the schemas that apply to v in place of s: s, $ref,
// allOf, the alternatives of oneOf and anyOf v matches, if, and then or
// else as if decides.
func applying(s *jsonschema.Schema, v any, out []*jsonschema.Schema, depth int) []*jsonschema.Schema {
	if s == nil || depth > 32 || slices.Contains(out, s) {
		return out
	}
	out = append(out, s)
	out = applying(s.Ref, v, out, depth+1)
	for _, a := range s.AllOf {
		out = applying(a, v, out, depth+1)
	}
	for _, a := range slices.Concat(s.OneOf, s.AnyOf) {
		if a.Validate(v) == nil {
			out = applying(a, v, out, depth+1)
		}
	}
	if s.If != nil {
		out = applying(s.If, v, out, depth+1)
		if s.If.Validate(v) == nil {
			out = applying(s.Then, v, out, depth+1)
		} else {
			out = applying(s.Else, v, out, depth+1)
		}
	}
	for name, d := range s.DependentSchemas {
		if m, ok := v.(map[string]any); ok {
			if _, ok := m[name]; ok {
				out = applying(d, v, out, depth+1)
			}
		}
	}
	return out
}

// palette are values of every JSON type, for breaking the type keyword.
var palette = []any{nil, true, json.Number("1.5"), json.Number("7"), "str", []any{}, map[string]any{}}

// typeOf names a JSON value's type as the type keyword does.
func typeOf(v any) []string {
	switch x := v.(type) {
	case nil:
		return []string{"null"}
	case bool:
		return []string{"boolean"}
	case json.Number:
		if r, ok := new(big.Rat).SetString(string(x)); ok && r.IsInt() {
			return []string{"number", "integer"}
		}
		return []string{"number"}
	case string:
		return []string{"string"}
	case []any:
		return []string{"array"}
	}
	return []string{"object"}
}

// otherType is a value of a type ss do not all allow, nil when none.
func otherType(ss []*jsonschema.Schema) (any, bool) {
	for _, v := range palette {
		for _, s := range ss {
			if s.Types == nil || s.Types.IsEmpty() {
				continue
			}
			allowed := s.Types.ToStrings()
			if !slices.ContainsFunc(typeOf(v), func(t string) bool { return slices.Contains(allowed, t) }) {
				return v, true
			}
		}
	}
	return nil, false
}

// mutations are bodies that each break one keyword somewhere in root,
// which s governs.
func (g *generator) mutations(root any, s *jsonschema.Schema) []mutation {
	var out []mutation
	var visit func(path []step, v any, ss []*jsonschema.Schema, depth int)
	visit = func(path []step, v any, ss []*jsonschema.Schema, depth int) {
		if depth > 12 {
			return
		}
		var all []*jsonschema.Schema
		for _, x := range ss {
			all = applying(x, v, all, 0)
		}
		add := func(keyword string, nv any) {
			out = append(out, mutation{keyword, replaced(root, path, nv)})
		}
		for _, x := range all {
			g.keywordMutations(x, v, all, add)
		}
		switch x := v.(type) {
		case map[string]any:
			for _, k := range sortedKeys(x) {
				visit(append(slices.Clone(path), step{name: k}), x[k], memberSchemas(all, k), depth+1)
			}
		case []any:
			for i, e := range x {
				visit(append(slices.Clone(path), step{index: i}), e, itemSchemas(all, i), depth+1)
			}
		}
	}
	visit(nil, root, []*jsonschema.Schema{s}, 0)
	return out
}

// memberSchemas are the schemas of member k of an object all govern:
// its property's, the patterns' it matches, else additionalProperties.
func memberSchemas(all []*jsonschema.Schema, k string) []*jsonschema.Schema {
	var out []*jsonschema.Schema
	for _, s := range all {
		if p, ok := s.Properties[k]; ok {
			out = append(out, p)
			continue
		}
		matched := false
		for re, p := range s.PatternProperties {
			if re.MatchString(k) {
				out = append(out, p)
				matched = true
			}
		}
		if ap, ok := s.AdditionalProperties.(*jsonschema.Schema); ok && !matched {
			out = append(out, ap)
		}
	}
	return out
}

// itemSchemas are the schemas of item i of an array all govern.
func itemSchemas(all []*jsonschema.Schema, i int) []*jsonschema.Schema {
	var out []*jsonschema.Schema
	for _, s := range all {
		switch {
		case i < len(s.PrefixItems):
			out = append(out, s.PrefixItems[i])
		case s.Items2020 != nil:
			out = append(out, s.Items2020)
		}
	}
	return out
}

// keywordMutations adds, for each keyword of s, a value for v's place
// that breaks it (all are the schemas at that place).
func (g *generator) keywordMutations(s *jsonschema.Schema, v any, all []*jsonschema.Schema, add func(string, any)) {
	if s.Types != nil && !s.Types.IsEmpty() {
		if o, ok := otherType([]*jsonschema.Schema{s}); ok {
			add("type", o)
		}
	}
	if s.Const != nil {
		add("const", "zz-not-the-const")
	}
	if s.Enum != nil {
		add("enum", "zz-not-in-enum")
		add("enum", json.Number("123456789"))
	}
	if s.Not != nil {
		add("not", g.value([]*jsonschema.Schema{s.Not}, 0))
	}
	if len(s.OneOf) > 1 {
		add("oneOf", g.value([]*jsonschema.Schema{s.OneOf[0], s.OneOf[1]}, 0))
	}
	if len(s.AnyOf) > 0 {
		if o, ok := otherType(s.AnyOf); ok {
			add("anyOf", o)
		}
	}
	if s.If != nil {
		add("if", g.value([]*jsonschema.Schema{s.If}, 0))
	}
	switch x := v.(type) {
	case string:
		g.stringMutations(s, x, add)
	case json.Number:
		numberMutations(s, x, add)
	case []any:
		g.arrayMutations(s, x, all, add)
	case map[string]any:
		g.objectMutations(s, x, all, add)
	}
}

func (g *generator) stringMutations(s *jsonschema.Schema, x string, add func(string, any)) {
	n := utf8.RuneCountInString(x)
	if s.MinLength != nil && *s.MinLength > 0 {
		add("minLength", string([]rune(x)[:min(n, *s.MinLength-1)]))
	}
	if s.MaxLength != nil {
		add("maxLength", x+strings.Repeat("é", max(1, *s.MaxLength+1-n)))
	}
	if s.Pattern != nil {
		for _, c := range []string{"", "~", "0", "A", "zz ~ zz", "é"} {
			if !s.Pattern.MatchString(c) {
				add("pattern", c)
				break
			}
		}
	}
	if s.Format != nil {
		add("format", "~not a "+s.Format.Name+"~")
		add("format", x+"x")
		if len(x) > 1 {
			add("format", x[:len(x)-1])
		}
	}
}

func numberMutations(s *jsonschema.Schema, x json.Number, add func(string, any)) {
	v, ok := new(big.Rat).SetString(string(x))
	if !ok {
		return
	}
	one := big.NewRat(1, 1)
	if s.Minimum != nil {
		add("minimum", json.Number(ratText(new(big.Rat).Sub(s.Minimum, one))))
	}
	if s.ExclusiveMinimum != nil {
		add("exclusiveMinimum", json.Number(ratText(s.ExclusiveMinimum)))
	}
	if s.Maximum != nil {
		add("maximum", json.Number(ratText(new(big.Rat).Add(s.Maximum, one))))
	}
	if s.ExclusiveMaximum != nil {
		add("exclusiveMaximum", json.Number(ratText(s.ExclusiveMaximum)))
	}
	if m := s.MultipleOf; m != nil && m.Sign() > 0 {
		half := new(big.Rat).Quo(m, big.NewRat(2, 1))
		add("multipleOf", json.Number(ratText(new(big.Rat).Add(v, half))))
		// The float64 drift case: v + m written with its decimals.
		add("multipleOf", json.Number(ratText(new(big.Rat).Add(v, new(big.Rat).Quo(m, big.NewRat(10, 1))))))
	}
	if s.Format != nil {
		add("format", json.Number("1e30"))
		add("format", json.Number("0.5"))
	}
}

func (g *generator) arrayMutations(s *jsonschema.Schema, x []any, all []*jsonschema.Schema, add func(string, any)) {
	if s.MinItems != nil && *s.MinItems > 0 {
		add("minItems", slices.Clone(x[:min(len(x), *s.MinItems-1)]))
	}
	if s.MaxItems != nil {
		longer := slices.Clone(x)
		for len(longer) <= *s.MaxItems {
			longer = append(longer, g.value(itemSchemas(all, len(longer)), 1))
		}
		add("maxItems", longer)
	}
	if s.UniqueItems && len(x) > 0 {
		add("uniqueItems", append(slices.Clone(x), x[0]))
	}
	if s.Contains != nil {
		var without, matching []any
		for _, e := range x {
			if s.Contains.Validate(e) == nil {
				matching = append(matching, e)
			} else {
				without = append(without, e)
			}
		}
		add("contains", without)
		if s.MinContains != nil && *s.MinContains > 0 && len(matching) > 0 {
			add("minContains", append(slices.Clone(without), matching[:min(len(matching), *s.MinContains-1)]...))
		}
		if s.MaxContains != nil {
			more := slices.Clone(x)
			for i := 0; i <= *s.MaxContains; i++ {
				more = append(more, g.value([]*jsonschema.Schema{s.Contains}, 1))
			}
			add("maxContains", more)
		}
	}
	if s.Items2020 != nil && s.Items2020.Bool != nil && !*s.Items2020.Bool || s.UnevaluatedItems != nil {
		add("items", append(slices.Clone(x), json.Number("1")))
	}
	if len(s.PrefixItems) > 0 && len(x) > 0 {
		if o, ok := otherType([]*jsonschema.Schema{s.PrefixItems[0]}); ok {
			y := slices.Clone(x)
			y[0] = o
			add("prefixItems", y)
		}
	}
}

func (g *generator) objectMutations(s *jsonschema.Schema, x map[string]any, all []*jsonschema.Schema, add func(string, any)) {
	without := func(keys ...string) map[string]any {
		y := make(map[string]any, len(x))
		for k, v := range x {
			if !slices.Contains(keys, k) {
				y[k] = v
			}
		}
		return y
	}
	with := func(k string, v any) map[string]any {
		y := without()
		y[k] = v
		return y
	}
	for _, r := range s.Required {
		if _, ok := x[r]; ok {
			add("required", without(r))
		}
	}
	if s.MinProperties != nil && *s.MinProperties > 0 {
		keys := sortedKeys(x)
		add("minProperties", without(keys[:max(0, len(keys)-*s.MinProperties+1)]...))
	}
	if s.MaxProperties != nil {
		y := without()
		for i := 0; len(y) <= *s.MaxProperties; i++ {
			y[fmt.Sprintf("zz%d", i)] = json.Number("1")
		}
		add("maxProperties", y)
	}
	switch ap := s.AdditionalProperties.(type) {
	case bool:
		if !ap {
			add("additionalProperties", with("zzExtra", json.Number("1")))
		}
	case *jsonschema.Schema:
		if ap.Bool != nil && !*ap.Bool {
			add("additionalProperties", with("zzExtra", json.Number("1")))
		} else if o, ok := otherType([]*jsonschema.Schema{ap}); ok {
			add("additionalProperties", with("zzExtra", o))
		}
	}
	if s.UnevaluatedProperties != nil {
		add("unevaluatedProperties", with("zzUnevaluated", json.Number("1")))
	}
	if s.PropertyNames != nil {
		add("propertyNames", with("~~ZZ not a name that fits any rule, long enough to break a maxLength~~", json.Number("1")))
	}
	patterns := make([]jsonschema.Regexp, 0, len(s.PatternProperties))
	for re := range s.PatternProperties {
		patterns = append(patterns, re)
	}
	sort.Slice(patterns, func(i, j int) bool { return patterns[i].String() < patterns[j].String() })
	for _, re := range patterns {
		key := g.fromPattern(re.String())
		if o, ok := otherType([]*jsonschema.Schema{s.PatternProperties[re]}); ok && key != "" {
			add("patternProperties", with(key, o))
		}
	}
	for _, trigger := range sortedKeys(s.DependentRequired) {
		deps := s.DependentRequired[trigger]
		if _, ok := x[trigger]; ok {
			for _, d := range deps {
				add("dependentRequired", without(d))
			}
		} else {
			y := without(deps...)
			y[trigger] = g.value(memberSchemas(all, trigger), 1)
			add("dependentRequired", y)
		}
	}
	for _, trigger := range sortedKeys(s.DependentSchemas) {
		if _, ok := x[trigger]; !ok {
			add("dependentSchemas", with(trigger, g.value(memberSchemas(all, trigger), 1)))
		}
	}
	// A member whose name differs from a property's only in case.
	for _, k := range sortedKeys(s.Properties) {
		if _, ok := x[k]; ok {
			if up := strings.ToUpper(k); up != k {
				if _, taken := x[up]; !taken {
					add("properties", with(up, x[k]))
				}
			}
			break
		}
	}
}

// replaced is a copy of root with the value at path replaced by v.
func replaced(root any, path []step, v any) any {
	if len(path) == 0 {
		return v
	}
	switch x := root.(type) {
	case map[string]any:
		y := make(map[string]any, len(x))
		for k, e := range x {
			y[k] = e
		}
		y[path[0].name] = replaced(x[path[0].name], path[1:], v)
		return y
	case []any:
		y := slices.Clone(x)
		y[path[0].index] = replaced(x[path[0].index], path[1:], v)
		return y
	}
	return root
}

func sortedKeys[V any](m map[string]V) []string { return slices.Sorted(maps.Keys(m)) }

// edgeValues are values fuzzing puts anywhere.
var edgeValues = []any{
	nil, true, false, json.Number("0"), json.Number("-0"), json.Number("1.0"), json.Number("1e2"),
	json.Number("-1"), json.Number("0.1"), json.Number("1e400"), json.Number("-1e400"), json.Number("9007199254740993"),
	json.Number("2147483648"), json.Number("9223372036854775808"), json.Number("3.4e39"), json.Number("0.30000000000000004"),
	"", "x", "é", "\u0000", "2020-01-02T03:04:05Z", "2020-13-01", "aGk=", "::1", "a@b.c", strings.Repeat("z", 70),
	[]any{}, []any{json.Number("1"), json.Number("1.0")}, map[string]any{}, map[string]any{"a": nil},
}

// perturb changes root at 1 to 3 random places: a value replaced by an
// edge value or one of another type, a member removed or added (some
// with a property's name in another case), an item repeated.
func (g *generator) perturb(root any) any {
	for n := 1 + g.rnd.IntN(3); n > 0; n-- {
		var paths [][]step
		var collect func(path []step, v any, depth int)
		collect = func(path []step, v any, depth int) {
			paths = append(paths, path)
			if depth > 10 {
				return
			}
			switch x := v.(type) {
			case map[string]any:
				for _, k := range sortedKeys(x) {
					collect(append(slices.Clone(path), step{name: k}), x[k], depth+1)
				}
			case []any:
				for i, e := range x {
					collect(append(slices.Clone(path), step{index: i}), e, depth+1)
				}
			}
		}
		collect(nil, root, 0)
		path := paths[g.rnd.IntN(len(paths))]
		cur := at(root, path)
		switch g.rnd.IntN(5) {
		case 0, 1:
			root = replaced(root, path, edgeValues[g.rnd.IntN(len(edgeValues))])
		case 2:
			if m, ok := cur.(map[string]any); ok && len(m) > 0 {
				keys := sortedKeys(m)
				k := keys[g.rnd.IntN(len(keys))]
				y := make(map[string]any, len(m))
				for kk, v := range m {
					if kk != k {
						y[kk] = v
					}
				}
				if g.rnd.IntN(2) == 0 {
					y[strings.ToUpper(k[:1])+k[1:]] = m[k] // the same name in another case
				}
				root = replaced(root, path, y)
			}
		case 3:
			if m, ok := cur.(map[string]any); ok {
				y := make(map[string]any, len(m)+1)
				for k, v := range m {
					y[k] = v
				}
				y[fmt.Sprintf("zz%d", g.rnd.IntN(3))] = edgeValues[g.rnd.IntN(len(edgeValues))]
				root = replaced(root, path, y)
			}
		case 4:
			if a, ok := cur.([]any); ok && len(a) > 0 {
				root = replaced(root, path, append(slices.Clone(a), a[g.rnd.IntN(len(a))]))
			}
		}
	}
	return root
}

// at is the value at path in root.
func at(root any, path []step) any {
	for _, s := range path {
		switch x := root.(type) {
		case map[string]any:
			root = x[s.name]
		case []any:
			root = x[s.index]
		}
	}
	return root
}
