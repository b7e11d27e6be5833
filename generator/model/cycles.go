package model

import (
	"slices"
	"strings"
)

// breakCycles makes struct types that hold each other by value legal Go:
// A.b: B and B.a: A, both required, would be an invalid recursive type.
// A depth-first walk over the value (non-pointer) fields, from the types
// in name order and their fields in order, turns each field that closes
// a cycle into a pointer; the JSON shape and required-ness stay as they
// are.
func breakCycles(types []*Type) {
	sorted := slices.Clone(types)
	slices.SortFunc(sorted, func(a, b *Type) int { return strings.Compare(a.Name, b.Name) })
	const (
		unseen = iota
		open
		done
	)
	state := map[*Type]int{}
	var visit func(t *Type)
	visit = func(t *Type) {
		state[t] = open
		for _, f := range t.Fields {
			if f.Pointer {
				continue
			}
			next := heldByValue(f.Type)
			switch {
			case next == nil:
			case state[next] == open:
				f.Pointer = true
			case state[next] == unseen:
				visit(next)
			}
		}
		state[t] = done
	}
	for _, t := range sorted {
		if state[t] == unseen && t.Kind == DeclStruct {
			visit(t)
		}
	}
}

// heldByValue is the struct type a value of r contains in its own
// memory (through defined types over it), or nil.
func heldByValue(r TypeRef) *Type {
	for i := 0; r.Kind == KindNamed && r.Decl != nil && i < 64; i++ {
		switch d := r.Decl; d.Kind {
		case DeclStruct:
			return d
		case DeclAlias:
			r = *d.Underlying
		default:
			return nil
		}
	}
	return nil
}
