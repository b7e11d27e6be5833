package support

import (
	"bytes"
	"encoding/json"
	"errors"
	"math/big"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The server checks a request body, or a parameter, against its schema by
// walking the raw JSON with a table the generator writes
// (models_validate.go): one schemaRule per schema of the definition a
// request reaches, keyword by keyword as JSON Schema defines them. What
// the value's Go type already enforces is left out of the table; what is
// left is checked here before the server method runs. Data instead of a
// method per schema keeps the generated package light to compile.

// schemaRules are a package's schemas, indexed by the constants the
// generator declares; a subschema 0 accepts every value (index 0 is
// unused).
type schemaRules []schemaRule

// jsonTypes is a set of JSON types (the type keyword); 0 is any.
type jsonTypes uint8

const (
	jsonNull jsonTypes = 1 << iota
	jsonBoolean
	jsonObject
	jsonArray
	jsonNumber
	jsonInteger // a number without a fractional part (1.0 is one)
	jsonString

	jsonNotNull = jsonBoolean | jsonObject | jsonArray | jsonNumber | jsonInteger | jsonString
)

// sizes bounds a count: a string's characters, an array's items, an
// object's members, an array's items that match contains. max < 0 is
// no bound.
type sizes struct{ min, max int }

// schemaRule is one schema. Numbers are written as decimals, compared
// and divided exactly.
type schemaRule struct {
	types jsonTypes
	never bool // the schema false

	enum    []string // allowed values as JSON, compared by JSON equality
	isConst bool     // enum holds const

	min, max                   string // minimum and maximum, "" none
	exclusiveMin, exclusiveMax bool
	multipleOf                 string
	numberString               bool // the number keywords read an integer carried as a JSON string

	length  *sizes
	pattern *regexp.Regexp
	format  *valueFormat // nil: none

	items         int
	prefixItems   []int
	itemCount     *sizes
	unique        bool
	contains      int
	containsCount *sizes // nil: at least one
	unevalItems   int

	props             []propRule // sorted by name
	fold              bool       // members match props as encoding/json matches struct fields
	additional        int        // members props and patternProps do not take
	patternProps      []patternRule
	propertyNames     int
	propCount         *sizes
	dependentRequired []dependency
	dependentSchemas  []propRule
	unevalProps       int

	allOf, anyOf, oneOf []int
	not                 int
	ifRule, then, els   int

	// A union: the rule of the kind the member named discriminator
	// holds (exactly that name, the last one), else other; closed makes
	// another kind an error.
	discriminator string
	kinds         []kindRule
	other         int
	closed        bool
}

// valueFormat is a format the server checks: valid says whether a string
// is one (nil: an integer of that range, int32 or int64, as a number or
// written in a string).
type valueFormat struct {
	name  string
	valid func(string) bool
}

// The formats of numbers; those of strings are in server_formats.go,
// which a package gets when it checks one.
var (
	fmtInt32 = &valueFormat{name: "int32"}
	fmtInt64 = &valueFormat{name: "int64"}
)

// propRule is one property: its value's rule (0: any), and whether it
// must be present. A read-only property is listed without either.
type propRule struct {
	name     string
	rule     int
	required bool
}

// patternRule is one entry of patternProperties.
type patternRule struct {
	re   *regexp.Regexp
	rule int
}

// dependency is one entry of dependentRequired.
type dependency struct {
	name     string
	required []string
}

// kindRule is the rule of a union's kind, by its discriminator value.
type kindRule struct {
	value string
	rule  int
}

// check validates raw, one JSON value, against rules[i]: nil, or a
// *fieldError naming the JSON path (empty for the value itself) and
// the keyword.
func (rs schemaRules) check(raw []byte, i int) error {
	v, err := parseJSONValue(raw)
	if err != nil {
		return err
	}
	if e := rs.validate(&v, i, nil); e != nil {
		return e
	}
	return nil
}

// checkParam checks a parameter's value v against rules[rule], as JSON.
func (rs schemaRules) checkParam(p *paramReader, in, name string, v any, rule int) {
	raw, err := json.Marshal(v)
	if err != nil {
		p.fail(in, name, "", err.Error())
		return
	}
	val, err := parseJSONValue(raw)
	if err != nil {
		p.fail(in, name, string(raw), err.Error())
		return
	}
	if e := rs.validate(&val, rule, nil); e != nil {
		text := string(raw)
		if val.kind == 's' {
			text = val.text
		}
		reason := e.reason
		if e.path != "" {
			reason = e.path + ": " + reason
		}
		p.fail(in, name, text, reason)
	}
}

// evaluated records which members of an object, or items of an array,
// some keyword looked at: what unevaluatedProperties and
// unevaluatedItems leave alone. Only kept where such a keyword is.
type evaluated struct{ seen []bool }

func newEvaluated(v *jsonValue) *evaluated {
	return &evaluated{seen: make([]bool, len(v.items))}
}

func (e *evaluated) mark(i int) {
	if e != nil {
		e.seen[i] = true
	}
}

func (e *evaluated) merge(o *evaluated) {
	if e != nil && o != nil {
		for i, s := range o.seen {
			e.seen[i] = e.seen[i] || s
		}
	}
}

// sub is a fresh record for a subschema's evaluation when ev is kept.
func (e *evaluated) sub(v *jsonValue) *evaluated {
	if e == nil {
		return nil
	}
	return newEvaluated(v)
}

// validate checks v against rules[i] (0: any value); ev, when not nil,
// collects what it evaluated of v.
func (rs schemaRules) validate(v *jsonValue, i int, ev *evaluated) *fieldError {
	if i == 0 {
		return nil
	}
	r := &rs[i]
	if r.never {
		return &fieldError{reason: "no value is allowed (false)"}
	}
	if e := r.checkType(v); e != nil {
		return e
	}
	if r.enum != nil {
		if e := r.checkEnum(v); e != nil {
			return e
		}
	}
	if e := r.checkValue(v); e != nil {
		return e
	}
	if r.unevalProps != 0 || r.unevalItems != 0 {
		if (v.kind == 'o' || v.kind == 'a') && ev == nil {
			ev = newEvaluated(v) // this rule's own record
		}
	}
	switch v.kind {
	case 'o':
		if e := rs.object(v, r, ev); e != nil {
			return e
		}
	case 'a':
		if e := rs.array(v, r, ev); e != nil {
			return e
		}
	}
	if e := rs.inPlace(v, r, ev); e != nil {
		return e
	}
	switch {
	case v.kind == 'o' && r.unevalProps != 0:
		for k := range v.keys {
			if ev.seen[k] || v.shadowed(k) {
				continue
			}
			if e := rs.member(v, k, r.unevalProps, "unevaluatedProperties"); e != nil {
				return e
			}
			ev.mark(k)
		}
	case v.kind == 'a' && r.unevalItems != 0:
		for k := range v.items {
			if ev.seen[k] {
				continue
			}
			if e := rs.item(v, k, r.unevalItems, "unevaluatedItems"); e != nil {
				return e
			}
			ev.mark(k)
		}
	}
	return nil
}

func (r *schemaRule) checkType(v *jsonValue) *fieldError {
	if r.types == 0 {
		return nil
	}
	var t jsonTypes
	switch v.kind {
	case 'n':
		if r.types&jsonNull == 0 {
			if r.types == jsonNotNull {
				return &fieldError{reason: "must not be null (type)"}
			}
			return &fieldError{reason: "must be " + r.types.String() + " (type)"}
		}
		return nil
	case 'b':
		t = jsonBoolean
	case 'o':
		t = jsonObject
	case 'a':
		t = jsonArray
	case 's':
		t = jsonString
	case 'd':
		t = jsonNumber
		if r.types&jsonNumber == 0 && r.types&jsonInteger != 0 {
			if d, ok := parseDecimal(v.text); ok && d.isInteger() {
				return nil
			}
			return &fieldError{reason: "must be " + r.types.String() + " (type)"}
		}
	}
	if r.types&t == 0 {
		return &fieldError{reason: "must be " + r.types.String() + " (type)"}
	}
	return nil
}

// String names the types, as the type keyword would.
func (t jsonTypes) String() string {
	var names []string
	for i, n := range []string{"null", "boolean", "object", "array", "number", "integer", "string"} {
		if t&(1<<i) != 0 && !(n == "integer" && t&jsonNumber != 0) {
			names = append(names, n)
		}
	}
	return strings.Join(names, " or ")
}

func (r *schemaRule) checkEnum(v *jsonValue) *fieldError {
	for _, text := range r.enum {
		if v.equalText(text) {
			return nil
		}
	}
	if r.isConst {
		return &fieldError{reason: "must be " + r.enum[0] + " (const)"}
	}
	shown := make([]string, len(r.enum))
	for i, text := range r.enum {
		shown[i] = text
		if s, err := strconv.Unquote(text); err == nil && strings.HasPrefix(text, `"`) {
			shown[i] = s
		}
	}
	return &fieldError{reason: "not one of [" + strings.Join(shown, " ") + "]"}
}

// checkValue checks the keywords of numbers and strings.
func (r *schemaRule) checkValue(v *jsonValue) *fieldError {
	num := v.kind == 'd' || r.numberString && v.kind == 's'
	if num && (r.min != "" || r.max != "" || r.multipleOf != "") {
		if d, ok := parseDecimal(v.text); ok {
			if e := r.checkNumber(d); e != nil {
				return e
			}
		}
	}
	if v.kind != 's' {
		if r.format != nil && r.format.valid == nil {
			return checkIntFormat(v, r.format.name)
		}
		return nil
	}
	if l := r.length; l != nil {
		if reason := violatesLength(v.text, l.min, l.max); reason != "" {
			return &fieldError{reason: reason}
		}
	}
	if r.pattern != nil {
		if reason := violatesPattern(v.text, r.pattern); reason != "" {
			return &fieldError{reason: reason}
		}
	}
	switch f := r.format; {
	case f == nil:
	case f.valid == nil:
		// An integer carried as a string (TypeSpec's int64): the number
		// in the quotes, written as JSON writes integers.
		if _, ok := parseDecimal(v.text); !ok || strings.ContainsAny(v.text, ".eE") || checkIntFormat(&jsonValue{kind: 'd', text: v.text}, f.name) != nil {
			return &fieldError{reason: "must be a valid " + f.name + " (format)"}
		}
	case !f.valid(v.text):
		return &fieldError{reason: "must be a valid " + f.name + " (format)"}
	}
	return nil
}

func (r *schemaRule) checkNumber(d decimal) *fieldError {
	bound := func(limit string, max, exclusive bool) *fieldError {
		l, ok := parseDecimal(limit)
		if !ok {
			return nil
		}
		c := d.cmp(l)
		if max && (c > 0 || exclusive && c == 0) {
			return &fieldError{reason: "must be " + cmpWord("<", exclusive) + " " + limit}
		}
		if !max && (c < 0 || exclusive && c == 0) {
			return &fieldError{reason: "must be " + cmpWord(">", exclusive) + " " + limit}
		}
		return nil
	}
	if r.min != "" {
		if e := bound(r.min, false, r.exclusiveMin); e != nil {
			return e
		}
	}
	if r.max != "" {
		if e := bound(r.max, true, r.exclusiveMax); e != nil {
			return e
		}
	}
	if r.multipleOf != "" {
		if m, ok := parseDecimal(r.multipleOf); ok && !d.multipleOf(m) {
			return &fieldError{reason: "must be a multiple of " + r.multipleOf + " (multipleOf)"}
		}
	}
	return nil
}

// checkIntFormat checks a number against format int32 or int64: an
// integer in the range of that many bits.
func checkIntFormat(v *jsonValue, format string) *fieldError {
	if v.kind != 'd' {
		return nil
	}
	d, ok := parseDecimal(v.text)
	lo, hi := "-2147483648", "2147483647"
	if format == "int64" {
		lo, hi = "-9223372036854775808", "9223372036854775807"
	}
	l, _ := parseDecimal(lo)
	h, _ := parseDecimal(hi)
	if !ok || !d.isInteger() || d.cmp(l) < 0 || d.cmp(h) > 0 {
		return &fieldError{reason: "must be a valid " + format + " (format)"}
	}
	return nil
}

// object checks the keywords of objects.
func (rs schemaRules) object(v *jsonValue, r *schemaRule, ev *evaluated) *fieldError {
	if c := r.propCount; c != nil {
		n := v.distinctKeys()
		if n < c.min {
			return &fieldError{reason: "must have at least " + strconv.Itoa(c.min) + " properties (minProperties)"}
		}
		if c.max >= 0 && n > c.max {
			return &fieldError{reason: "must have at most " + strconv.Itoa(c.max) + " properties (maxProperties)"}
		}
	}
	if len(r.props) > 0 {
		at := v.memberOf(r.props, r.fold) // the member each property takes, -1: absent
		for k, p := range r.props {
			m := at[k]
			if m < 0 {
				if p.required {
					return &fieldError{path: p.name, reason: "missing required property"}
				}
				continue
			}
			if e := rs.validate(&v.items[m], p.rule, nil); e != nil {
				return e.under(p.name)
			}
		}
		if ev != nil {
			for j, key := range v.keys {
				if foldMatch(r.props, key, r.fold) >= 0 {
					ev.mark(j)
				}
			}
		}
	}
	for _, d := range r.dependentRequired {
		if v.has(d.name, r) {
			for _, req := range d.required {
				if !v.has(req, r) {
					return &fieldError{path: req, reason: "missing property required with " + strconv.Quote(d.name) + " (dependentRequired)"}
				}
			}
		}
	}
	if r.additional == 0 && len(r.patternProps) == 0 && r.propertyNames == 0 {
		return nil
	}
	for k, key := range v.keys {
		if v.shadowed(k) {
			continue
		}
		if r.propertyNames != 0 {
			name := jsonValue{kind: 's', text: key}
			if e := rs.validate(&name, r.propertyNames, nil); e != nil {
				return &fieldError{path: key, reason: "property name " + e.reason + " (propertyNames)"}
			}
		}
		matched := false
		for _, pp := range r.patternProps {
			if pp.re.MatchString(key) {
				matched = true
				if e := rs.member(v, k, pp.rule, "patternProperties"); e != nil {
					return e
				}
			}
		}
		if matched {
			ev.mark(k)
			continue
		}
		if foldMatch(r.props, key, r.fold) >= 0 || r.additional == 0 {
			continue
		}
		if e := rs.member(v, k, r.additional, "additionalProperties"); e != nil {
			return e
		}
		ev.mark(k)
	}
	return nil
}

// member checks the value of v's member k against rule, which keyword
// applies; a rule of false names the keyword.
func (rs schemaRules) member(v *jsonValue, k, rule int, keyword string) *fieldError {
	if rs[rule].never {
		return &fieldError{path: v.keys[k], reason: "not allowed (" + keyword + ")"}
	}
	if e := rs.validate(&v.items[k], rule, nil); e != nil {
		return e.under(v.keys[k])
	}
	return nil
}

// item is member for an array's item k.
func (rs schemaRules) item(v *jsonValue, k, rule int, keyword string) *fieldError {
	if rs[rule].never {
		return &fieldError{path: indexName(k), reason: "not allowed (" + keyword + ")"}
	}
	if e := rs.validate(&v.items[k], rule, nil); e != nil {
		return e.under(indexName(k))
	}
	return nil
}

// has reports whether v has a member the property name takes (as props
// match, in any case with fold).
func (v *jsonValue) has(name string, r *schemaRule) bool {
	for _, key := range v.keys {
		if key == name {
			return true
		}
		if r.fold {
			if p := foldMatch(r.props, key, true); p >= 0 && r.props[p].name == name {
				return true
			}
		}
	}
	return false
}

// array checks the keywords of arrays.
func (rs schemaRules) array(v *jsonValue, r *schemaRule, ev *evaluated) *fieldError {
	n := len(v.items)
	if c := r.itemCount; c != nil {
		if n < c.min {
			return &fieldError{reason: "must have at least " + strconv.Itoa(c.min) + " items (minItems)"}
		}
		if c.max >= 0 && n > c.max {
			return &fieldError{reason: "must have at most " + strconv.Itoa(c.max) + " items (maxItems)"}
		}
	}
	if r.unique && n > 1 {
		seen := make(map[string]int, n)
		for k := range v.items {
			key := v.items[k].canonical()
			if j, dup := seen[key]; dup {
				return &fieldError{reason: "items " + indexName(j) + " and " + indexName(k) + " are equal (uniqueItems)"}
			}
			seen[key] = k
		}
	}
	for k, rule := range r.prefixItems {
		if k >= n {
			break
		}
		if e := rs.item(v, k, rule, "prefixItems"); e != nil {
			return e
		}
		ev.mark(k)
	}
	if r.items != 0 {
		for k := len(r.prefixItems); k < n; k++ {
			if e := rs.item(v, k, r.items, "items"); e != nil {
				return e
			}
			ev.mark(k)
		}
	}
	if r.contains != 0 {
		min, max := 1, -1
		if c := r.containsCount; c != nil {
			min, max = c.min, c.max
		}
		count := 0
		for k := range v.items {
			if rs.validate(&v.items[k], r.contains, nil) == nil {
				count++
				ev.mark(k)
			}
		}
		switch {
		case count < min && (r.containsCount == nil || min == 1):
			return &fieldError{reason: "must contain an item that matches contains (contains)"}
		case count < min:
			return &fieldError{reason: "must contain at least " + strconv.Itoa(min) + " items that match contains (minContains)"}
		case max >= 0 && count > max:
			return &fieldError{reason: "must contain at most " + strconv.Itoa(max) + " items that match contains (maxContains)"}
		}
	}
	return nil
}

// inPlace checks the keywords that apply other schemas to v itself.
func (rs schemaRules) inPlace(v *jsonValue, r *schemaRule, ev *evaluated) *fieldError {
	for _, a := range r.allOf {
		sub := ev.sub(v)
		if e := rs.validate(v, a, sub); e != nil {
			return e
		}
		ev.merge(sub)
	}
	if len(r.anyOf) > 0 {
		ok := false
		for _, a := range r.anyOf {
			sub := ev.sub(v)
			if rs.validate(v, a, sub) == nil {
				ok = true
				ev.merge(sub)
				if ev == nil {
					break // nothing to collect from the others
				}
			}
		}
		if !ok {
			return &fieldError{reason: "must match a schema of anyOf (anyOf)"}
		}
	}
	if len(r.oneOf) > 0 {
		matches := 0
		var first *evaluated
		for _, a := range r.oneOf {
			sub := ev.sub(v)
			if rs.validate(v, a, sub) == nil {
				matches++
				first = sub
			}
		}
		if matches != 1 {
			return &fieldError{reason: "must match exactly one schema of oneOf, matches " + strconv.Itoa(matches) + " (oneOf)"}
		}
		ev.merge(first)
	}
	if r.not != 0 && rs.validate(v, r.not, nil) == nil {
		return &fieldError{reason: "must not match the schema of not (not)"}
	}
	if r.ifRule != 0 {
		sub := ev.sub(v)
		branch := r.els
		if rs.validate(v, r.ifRule, sub) == nil {
			ev.merge(sub)
			branch = r.then
		}
		sub = ev.sub(v)
		if e := rs.validate(v, branch, sub); e != nil {
			return e
		}
		ev.merge(sub)
	}
	if v.kind == 'o' {
		for _, d := range r.dependentSchemas {
			if v.has(d.name, r) {
				sub := ev.sub(v)
				if e := rs.validate(v, d.rule, sub); e != nil {
					return e
				}
				ev.merge(sub)
			}
		}
	}
	if r.discriminator != "" && v.kind == 'o' {
		return rs.union(v, r, ev)
	}
	return nil
}

// union checks v with the rule of the kind its discriminator names, as
// the decoder picked it: the last member of exactly that name; a value
// that is no string names no kind.
func (rs schemaRules) union(v *jsonValue, r *schemaRule, ev *evaluated) *fieldError {
	kind, named := "", false
	for k, key := range v.keys {
		if key == r.discriminator {
			kind, named = "", false
			if v.items[k].kind == 's' {
				kind, named = v.items[k].text, true
			}
		}
	}
	rule, known := r.other, false
	for _, k := range r.kinds {
		if named && k.value == kind {
			rule, known = k.rule, true
			break
		}
	}
	if !known && r.closed {
		return &fieldError{path: r.discriminator, reason: "unknown kind " + strconv.Quote(kind) + " (discriminator)"}
	}
	sub := ev.sub(v)
	if e := rs.validate(v, rule, sub); e != nil {
		return e
	}
	ev.merge(sub)
	return nil
}

// under is e nested in a member or item of its value.
func (e *fieldError) under(name string) *fieldError {
	switch {
	case e.path == "":
		return &fieldError{path: name, reason: e.reason}
	case strings.HasPrefix(e.path, "["):
		return &fieldError{path: name + e.path, reason: e.reason}
	}
	return &fieldError{path: name + "." + e.path, reason: e.reason}
}

// memberOf returns, for each property, the member whose value it takes
// (-1: none): the last member of its name; with fold, the members
// encoding/json gives its field (the exact name, else any case of it).
func (v *jsonValue) memberOf(props []propRule, fold bool) []int {
	at := make([]int, len(props))
	for i := range at {
		at[i] = -1
	}
	for k, key := range v.keys {
		if p := foldMatch(props, key, fold); p >= 0 {
			at[p] = k
		}
	}
	return at
}

// foldMatch is the property a member name takes, -1 none: the one of
// that name, else with fold the first whose name folds to it.
func foldMatch(props []propRule, key string, fold bool) int {
	i := sort.Search(len(props), func(i int) bool { return props[i].name >= key })
	if i < len(props) && props[i].name == key {
		return i
	}
	if fold {
		for i := range props {
			if strings.EqualFold(props[i].name, key) {
				return i
			}
		}
	}
	return -1
}

// jsonValue is a parsed JSON value: its kind ('n' null, 'b' boolean, 'd'
// number, 's' string, 'a' array, 'o' object), text (a string's value, a
// number as written, "true" or "false"), and an array's items or an
// object's member values with their keys, in order.
type jsonValue struct {
	kind  byte
	text  string
	items []jsonValue
	keys  []string
}

// maxJSONDepth is how deeply values may nest, as for the decoders.
const maxJSONDepth = 10000

// parseJSONValue parses data, one JSON value with nothing after it but
// spaces.
func parseJSONValue(data []byte) (jsonValue, error) {
	p := jsonParser{data: data}
	v, err := p.value(0)
	if err != nil {
		return v, err
	}
	if p.ws(); p.pos < len(data) {
		return v, errors.New("unexpected data after the JSON value")
	}
	return v, nil
}

type jsonParser struct {
	data []byte
	pos  int
}

var errJSONSyntax = errors.New("invalid JSON")

func (p *jsonParser) ws() {
	for p.pos < len(p.data) {
		switch p.data[p.pos] {
		case ' ', '\t', '\n', '\r':
			p.pos++
		default:
			return
		}
	}
}

func (p *jsonParser) value(depth int) (jsonValue, error) {
	if depth > maxJSONDepth {
		return jsonValue{}, errors.New("JSON nested too deeply")
	}
	p.ws()
	if p.pos >= len(p.data) {
		return jsonValue{}, errJSONSyntax
	}
	switch c := p.data[p.pos]; {
	case c == '{':
		return p.object(depth)
	case c == '[':
		return p.array(depth)
	case c == '"':
		s, err := p.str()
		return jsonValue{kind: 's', text: s}, err
	case c == 't':
		return jsonValue{kind: 'b', text: "true"}, p.word("true")
	case c == 'f':
		return jsonValue{kind: 'b', text: "false"}, p.word("false")
	case c == 'n':
		return jsonValue{kind: 'n'}, p.word("null")
	case c == '-' || c >= '0' && c <= '9':
		start := p.pos
		for p.pos < len(p.data) && strings.IndexByte("+-.eE0123456789", p.data[p.pos]) >= 0 {
			p.pos++
		}
		text := string(p.data[start:p.pos])
		if _, ok := parseDecimal(text); !ok {
			return jsonValue{}, errJSONSyntax
		}
		return jsonValue{kind: 'd', text: text}, nil
	}
	return jsonValue{}, errJSONSyntax
}

func (p *jsonParser) word(w string) error {
	if !bytes.HasPrefix(p.data[p.pos:], []byte(w)) {
		return errJSONSyntax
	}
	p.pos += len(w)
	return nil
}

// str reads a string as encoding/json does (invalid UTF-8 and lone
// surrogates become U+FFFD).
func (p *jsonParser) str() (string, error) {
	start := p.pos
	p.pos++
	plain := true
	for p.pos < len(p.data) {
		switch c := p.data[p.pos]; {
		case c == '"':
			p.pos++
			raw := p.data[start+1 : p.pos-1]
			if plain && utf8.Valid(raw) {
				return string(raw), nil
			}
			var s string
			if err := json.Unmarshal(p.data[start:p.pos], &s); err != nil {
				return "", errJSONSyntax
			}
			return s, nil
		case c == '\\':
			plain = false
			p.pos += 2
		case c < 0x20:
			return "", errJSONSyntax
		default:
			p.pos++
		}
	}
	return "", errJSONSyntax
}

func (p *jsonParser) array(depth int) (jsonValue, error) {
	v := jsonValue{kind: 'a'}
	p.pos++
	if p.ws(); p.pos < len(p.data) && p.data[p.pos] == ']' {
		p.pos++
		return v, nil
	}
	for {
		item, err := p.value(depth + 1)
		if err != nil {
			return v, err
		}
		v.items = append(v.items, item)
		if p.ws(); p.pos >= len(p.data) {
			return v, errJSONSyntax
		}
		switch p.data[p.pos] {
		case ',':
			p.pos++
		case ']':
			p.pos++
			return v, nil
		default:
			return v, errJSONSyntax
		}
	}
}

func (p *jsonParser) object(depth int) (jsonValue, error) {
	v := jsonValue{kind: 'o'}
	p.pos++
	if p.ws(); p.pos < len(p.data) && p.data[p.pos] == '}' {
		p.pos++
		return v, nil
	}
	for {
		if p.ws(); p.pos >= len(p.data) || p.data[p.pos] != '"' {
			return v, errJSONSyntax
		}
		key, err := p.str()
		if err != nil {
			return v, err
		}
		if p.ws(); p.pos >= len(p.data) || p.data[p.pos] != ':' {
			return v, errJSONSyntax
		}
		p.pos++
		val, err := p.value(depth + 1)
		if err != nil {
			return v, err
		}
		v.keys = append(v.keys, key)
		v.items = append(v.items, val)
		if p.ws(); p.pos >= len(p.data) {
			return v, errJSONSyntax
		}
		switch p.data[p.pos] {
		case ',':
			p.pos++
		case '}':
			p.pos++
			return v, nil
		default:
			return v, errJSONSyntax
		}
	}
}

// shadowed reports whether a later member of v has member k's name: JSON
// Schema sees the last one only, as a decoder into a map keeps it.
func (v *jsonValue) shadowed(k int) bool {
	for _, key := range v.keys[k+1:] {
		if key == v.keys[k] {
			return true
		}
	}
	return false
}

// distinctKeys counts v's member names, each once.
func (v *jsonValue) distinctKeys() int {
	n := 0
	for k := range v.keys {
		if !v.shadowed(k) {
			n++
		}
	}
	return n
}

// canonical writes v so that JSON-equal values read the same: numbers as
// decimals, members once (the last) and sorted by name.
func (v *jsonValue) canonical() string {
	var b strings.Builder
	v.writeCanonical(&b)
	return b.String()
}

func (v *jsonValue) writeCanonical(b *strings.Builder) {
	switch v.kind {
	case 'n':
		b.WriteString("null")
	case 'b':
		b.WriteString(v.text)
	case 's':
		b.WriteString(strconv.Quote(v.text))
	case 'd':
		d, _ := parseDecimal(v.text)
		b.WriteString(d.String())
	case 'a':
		b.WriteByte('[')
		for i := range v.items {
			if i > 0 {
				b.WriteByte(',')
			}
			v.items[i].writeCanonical(b)
		}
		b.WriteByte(']')
	case 'o':
		var order []int
		for k := range v.keys {
			if !v.shadowed(k) {
				order = append(order, k)
			}
		}
		sort.Slice(order, func(i, j int) bool { return v.keys[order[i]] < v.keys[order[j]] })
		b.WriteByte('{')
		for i, k := range order {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(strconv.Quote(v.keys[k]))
			b.WriteByte(':')
			v.items[k].writeCanonical(b)
		}
		b.WriteByte('}')
	}
}

// equalText reports whether v equals the JSON value text by JSON
// equality: numbers by value (1 and 1.0 are equal), objects whatever the
// order of their members.
func (v *jsonValue) equalText(text string) bool {
	switch {
	case v.kind == 's' && len(text) >= 2 && text[0] == '"' && strings.IndexByte(text, '\\') < 0:
		return text[1:len(text)-1] == v.text
	case v.kind == 'd' && text != "" && (text[0] == '-' || text[0] >= '0' && text[0] <= '9'):
		a, ok1 := parseDecimal(v.text)
		b, ok2 := parseDecimal(text)
		return ok1 && ok2 && a.cmp(b) == 0
	case v.kind == 'n' || v.kind == 'b':
		return v.text == text || v.kind == 'n' && text == "null"
	}
	w, err := parseJSONValue([]byte(text))
	return err == nil && v.canonical() == w.canonical()
}

// decimal is a JSON number exactly: ±digits × 10^exp, digits without
// leading or trailing zeros ("" for zero).
type decimal struct {
	neg    bool
	digits string
	exp    int64
}

// maxExponent bounds exponents: 1e999999999999 compares as 1e1000000000,
// larger than any number a request can write in full.
const maxExponent = 1_000_000_000

// parseDecimal reads a JSON number.
func parseDecimal(s string) (decimal, bool) {
	var d decimal
	i := 0
	if i < len(s) && s[i] == '-' {
		d.neg = true
		i++
	}
	start := i
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	intPart := s[start:i]
	if intPart == "" || len(intPart) > 1 && intPart[0] == '0' {
		return d, false
	}
	var frac string
	if i < len(s) && s[i] == '.' {
		i++
		fs := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		frac = s[fs:i]
		if frac == "" {
			return d, false
		}
	}
	var exp int64
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		neg := false
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			neg = s[i] == '-'
			i++
		}
		es := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			if exp < maxExponent {
				exp = exp*10 + int64(s[i]-'0')
			}
			i++
		}
		if i == es {
			return d, false
		}
		if neg {
			exp = -exp
		}
	}
	if i != len(s) {
		return d, false
	}
	digits := strings.TrimLeft(intPart+frac, "0")
	exp -= int64(len(frac))
	trimmed := strings.TrimRight(digits, "0")
	exp += int64(len(digits) - len(trimmed))
	if trimmed == "" {
		return decimal{}, true
	}
	d.digits, d.exp = trimmed, exp
	return d, true
}

func (d decimal) isInteger() bool { return d.digits == "" || d.exp >= 0 }

// cmp compares d and e: -1, 0 or +1.
func (d decimal) cmp(e decimal) int {
	switch {
	case d.digits == "" && e.digits == "":
		return 0
	case d.digits == "":
		if e.neg {
			return 1
		}
		return -1
	case e.digits == "":
		if d.neg {
			return -1
		}
		return 1
	case d.neg != e.neg:
		if d.neg {
			return -1
		}
		return 1
	}
	c := 0
	// The place of the leading digit decides, then the digits.
	if dl, el := int64(len(d.digits))+d.exp, int64(len(e.digits))+e.exp; dl != el {
		c = 1
		if dl < el {
			c = -1
		}
	} else {
		c = strings.Compare(d.digits, e.digits)
	}
	if d.neg {
		return -c
	}
	return c
}

// multipleOf reports whether d is an integer multiple of m (m > 0):
// m's digits must divide d's digits × 10^(d.exp-m.exp). A negative
// power never divides, since d's digits end in no zero; above 64 the
// powers of 2 and 5 of any m that fits in 19 digits are covered.
func (d decimal) multipleOf(m decimal) bool {
	if d.digits == "" {
		return true
	}
	if m.digits == "" {
		return false
	}
	k := d.exp - m.exp
	if k < 0 {
		return false
	}
	k = min(k, 64)
	if len(m.digits) <= 18 {
		dm, _ := strconv.ParseUint(m.digits, 10, 64)
		var r uint64
		for i := 0; i < len(d.digits); i++ {
			r = (r*10 + uint64(d.digits[i]-'0')) % dm
		}
		for ; k > 0; k-- {
			r = r * 10 % dm
		}
		return r == 0
	}
	dv, _ := new(big.Int).SetString(d.digits, 10)
	dm, _ := new(big.Int).SetString(m.digits, 10)
	dv.Mul(dv, new(big.Int).Exp(big.NewInt(10), big.NewInt(k), nil))
	return dv.Mod(dv, dm).Sign() == 0
}

// String writes d in scientific notation: digits, then the exponent.
func (d decimal) String() string {
	if d.digits == "" {
		return "0"
	}
	s := d.digits + "e" + strconv.FormatInt(d.exp, 10)
	if d.neg {
		return "-" + s
	}
	return s
}
