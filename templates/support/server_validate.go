package support

import (
	"encoding/json"
	"errors"
	"regexp"
	"strings"
)

// The server checks a decoded request body against the schema by walking
// its raw JSON with a table the generator writes (models_validate.go):
// one bodyRule per type that has something to check. Data instead of a
// method per type keeps the generated package light to compile.

// bodyRules are a package's rules, indexed by the rule constants the
// generator declares (index 0 is unused: a field's rule 0 means none).
type bodyRules []bodyRule

// bodyRule checks an object's properties (fields, in order), or for a
// union the object with the rule of the kind its property names (base
// for any other value; 0 when that kind has nothing to check).
type bodyRule struct {
	fields   []fieldRule
	property string
	kinds    []kindRule
	base     int
}

// kindRule is the rule of a union's kind, by its discriminator value.
type kindRule struct {
	value string
	rule  int
}

// fieldRule checks one property: that it is present (and not null
// unless nullable) when required, then its value's checks, then the
// nested object or union rule (for each item of an array when items).
type fieldRule struct {
	name     string
	required bool
	nullable bool
	checks   []valueCheck
	rule     int
	items    bool
}

// valueCheck returns why a property's value (present, not null) breaks
// a schema rule, or "".
type valueCheck interface {
	violation(raw json.RawMessage) string
}

// check validates raw, a JSON value, against rules[i].
func (rs bodyRules) check(raw json.RawMessage, i int) error {
	r := &rs[i]
	if r.property != "" {
		return rs.union(raw, r)
	}
	members, err := jsonMembers(raw, r.fields)
	if err != nil {
		return err
	}
	for k := range r.fields {
		if err := rs.field(&r.fields[k], members[k]); err != nil {
			return err
		}
	}
	return nil
}

// checkItems validates each item of the JSON array raw against rules[i].
func (rs bodyRules) checkItems(raw json.RawMessage, i int) error {
	if null(raw) {
		return nil
	}
	w := jsonWalk{data: raw}
	err := w.elements(func(n int) error {
		w.ws()
		start := w.pos
		if err := w.value(nil); err != nil {
			return err
		}
		if err := rs.check(raw[start:w.pos], i); err != nil {
			return nestErr(indexName(n), err)
		}
		return nil
	})
	if err == errJSONWalk {
		return errors.New("invalid JSON array")
	}
	return err
}

func (rs bodyRules) field(f *fieldRule, v json.RawMessage) error {
	if f.required && (absent(v) || !f.nullable && null(v)) {
		return fieldErr(f.name, "missing required property")
	}
	if absent(v) || null(v) {
		return nil
	}
	for _, c := range f.checks {
		if r := c.violation(v); r != "" {
			return fieldErr(f.name, r)
		}
	}
	var err error
	switch {
	case f.rule == 0:
	case f.items:
		err = rs.checkItems(v, f.rule)
	default:
		err = rs.check(v, f.rule)
	}
	if err != nil {
		return nestErr(f.name, err)
	}
	return nil
}

// union checks raw with the rule of the kind its discriminator names, as
// the decoder picked it (the last member of that exact name); null is a
// nil value, with nothing to check.
func (rs bodyRules) union(raw json.RawMessage, r *bodyRule) error {
	if null(raw) {
		return nil
	}
	var kind string
	err := jsonObject(raw, func(key string, v json.RawMessage) {
		if key == r.property {
			kind = ""
			_ = json.Unmarshal(v, &kind)
		}
	})
	if err != nil {
		return err
	}
	rule := r.base
	for _, k := range r.kinds {
		if k.value == kind {
			rule = k.rule
			break
		}
	}
	if rule == 0 {
		return nil
	}
	return rs.check(raw, rule)
}

// jsonMembers returns the values of the object raw's members named by
// fields (nil when absent), matched as encoding/json matches keys to
// struct fields: the exact name first, else any case, the last wins.
// null is an object without members, as encoding/json reads it.
func jsonMembers(raw json.RawMessage, fields []fieldRule) ([]json.RawMessage, error) {
	out := make([]json.RawMessage, len(fields))
	if null(raw) {
		return out, nil
	}
	err := jsonObject(raw, func(key string, v json.RawMessage) {
		if i := memberIndex(fields, key); i >= 0 {
			out[i] = v
		}
	})
	return out, err
}

// jsonObject calls member for each member of the JSON object raw, in
// order, with the value as it stands in raw. Nothing is copied: a body
// nested d deep is read d times, but never held d times over (copies of
// each level took 4 GB for a 1 MB body nested 400 deep).
func jsonObject(raw json.RawMessage, member func(key string, v json.RawMessage)) error {
	w := jsonWalk{data: raw}
	err := w.members(func(key []byte) error {
		w.ws()
		start := w.pos
		if err := w.value(nil); err != nil {
			return err
		}
		member(string(key), raw[start:w.pos])
		return nil
	})
	if err == errJSONWalk {
		return errors.New("invalid JSON object")
	}
	return err
}

func memberIndex(fields []fieldRule, key string) int {
	fold := -1
	for i := range fields {
		switch {
		case fields[i].name == key:
			return i
		case fold < 0 && strings.EqualFold(fields[i].name, key):
			fold = i
		}
	}
	return fold
}

// bodyValue decodes a property's value as the body's decoder did; a
// number written as a JSON string (the ",string" option) is read from
// inside the quotes.
func bodyValue[T any](raw json.RawMessage) (v T, ok bool) {
	if json.Unmarshal(raw, &v) == nil {
		return v, true
	}
	var s string
	if json.Unmarshal(raw, &s) == nil && json.Unmarshal([]byte(s), &v) == nil {
		return v, true
	}
	return v, false
}

// bodyBound checks a number against its schema's minimum, or its
// maximum when max.
type bodyBound[T number] struct {
	limit          T
	max, exclusive bool
}

func (c bodyBound[T]) violation(raw json.RawMessage) string {
	v, ok := bodyValue[T](raw)
	switch {
	case !ok:
		return ""
	case c.max:
		return violatesMax(v, c.limit, c.exclusive)
	}
	return violatesMin(v, c.limit, c.exclusive)
}

// bodyLength checks a string's length in characters; max < 0 is none.
type bodyLength struct{ min, max int }

func (c bodyLength) violation(raw json.RawMessage) string {
	if v, ok := bodyValue[string](raw); ok {
		return violatesLength(v, c.min, c.max)
	}
	return ""
}

// bodyPattern checks a string against a pattern.
type bodyPattern struct{ re *regexp.Regexp }

func (c bodyPattern) violation(raw json.RawMessage) string {
	if v, ok := bodyValue[string](raw); ok {
		return violatesPattern(v, c.re)
	}
	return ""
}

// bodyEnum checks a value of a closed enum type against its values.
type bodyEnum[T listedEnum[T]] struct{}

func (bodyEnum[T]) violation(raw json.RawMessage) string {
	if v, ok := bodyValue[T](raw); ok {
		return violatesEnum(v, v.Values())
	}
	return ""
}
