package model

import (
	"slices"
	"strings"
)

// markNullables makes each optional nullable property a Nullable[T]
// (Field.ThreeState), so that absent, null and a value travel apart, as a
// JSON merge patch needs. The properties whose *T or plain shape other
// generated code relies on keep it: those of error models (errorText and
// the server's own error bodies fill them), a pager's next link and items,
// a union's discriminator, read-only, write-only and secret properties and
// those holding such values (the copies made without them), and
// a property whose struct type holds its own holder by value (Nullable[T]
// holds T by value, so it would make an invalid recursive type).
func (b *builder) markNullables() {
	keep := b.shapeRoles()
	sorted := slices.Clone(b.types)
	slices.SortFunc(sorted, func(a, b *Type) int { return strings.Compare(a.Name, b.Name) })
	for _, t := range sorted {
		for _, f := range t.Fields {
			if !threeStateCandidate(f) || keep[f] {
				continue
			}
			if s := heldByValue(f.Type); s != nil && holdsByValue(s, t, map[*Type]bool{}) {
				continue
			}
			f.ThreeState, f.Pointer, f.OmitEmpty = true, false, true
		}
	}
	for _, t := range sorted {
		if t.Union != nil && t.Union.Getter != "" {
			t.Union.Getter = getter(t.Union) // a kind may now hold a base property another way
		}
	}
}

// threeStateCandidate reports whether f is an optional nullable property
// that can be a Nullable[T]: a json.RawMessage already keeps null apart
// (it holds the four bytes), and a stream is never a property.
func threeStateCandidate(f *Field) bool {
	return f.Nullable && !f.Required && (f.Pointer || f.Type.Nillable()) &&
		f.Type.Kind != KindRaw && f.Type.Kind != KindStream &&
		!f.ReadOnly && !f.WriteOnly && !f.Secret && !HoldsReadOnly(f.Type) && !HoldsWriteOnly(f.Type) && !HoldsSecret(f.Type)
}

// holdsByValue reports whether a value of struct type s contains one of
// type t in its own memory, through fields that are not pointers.
func holdsByValue(s, t *Type, seen map[*Type]bool) bool {
	if s == t {
		return true
	}
	if seen[s] {
		return false
	}
	seen[s] = true
	for _, f := range s.Fields {
		if next := heldByValue(f.Type); !f.Pointer && next != nil && holdsByValue(next, t, seen) {
			return true
		}
	}
	return false
}

// shapeRoles are the fields other generated code reads or fills as *T
// (or T): see markNullables.
func (b *builder) shapeRoles() map[*Field]bool {
	keep := map[*Field]bool{}
	add := func(fs ...*Field) {
		for _, f := range fs {
			if f != nil {
				keep[f] = true
			}
		}
	}
	if em := b.api.ErrorModel; em != nil {
		add(em.Code, em.Message, em.MessageValue, em.MessageLang, em.Details, em.DetailKey, em.DetailValue)
	}
	for _, t := range b.types {
		if t.Error != nil {
			add(t.Error.Code, t.Error.Message, t.Error.MessageValue)
		}
		if t.Union != nil {
			for _, v := range t.Union.Variants {
				add(v.Field)
			}
		}
		for _, f := range t.Fields {
			if t.Tag != nil && f.JSONName == t.Tag.Property {
				add(f)
			}
		}
	}
	for _, g := range b.api.Groups {
		for _, op := range g.Operations {
			if pg := op.Pageable; pg != nil {
				for _, f := range op.Response.Body.Decl.Fields {
					if f.GoName == pg.NextName || f.GoName == pg.ItemsName {
						add(f)
					}
				}
			}
		}
	}
	return keep
}
