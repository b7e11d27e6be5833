package model

// Request validation: which struct types the server checks.

// markValidation flags the struct types reachable from request bodies
// that have something for the server to check.
func (b *builder) markValidation() {
	reached := b.bodyTypes()
	// A fixed point: a type validates if a field of it has a check or a
	// type that validates.
	for changed := true; changed; {
		changed = false
		for _, t := range b.types {
			if !reached[t] || t.Validate {
				continue
			}
			if t.Kind == DeclUnion {
				for _, k := range t.Union.Kinds() {
					if k.Validate {
						t.Validate, changed = true, true
						break
					}
				}
				continue
			}
			if t.Kind != DeclStruct {
				continue
			}
			for _, f := range t.Fields {
				if f.Required || fieldChecks(f) || f.Type.ValidatesElems() {
					t.Validate, changed = true, true
					break
				}
			}
		}
	}
}

// fieldChecks reports whether a field's own value has a check.
func fieldChecks(f *Field) bool {
	c := f.Checks
	switch t := f.Type; {
	case t.Kind == KindNamed && t.Decl.Kind == DeclEnum:
		return !t.Decl.Enum.Open
	case t.Kind == KindBuiltin && t.Name == "string":
		return c.MinLength > 0 || c.MaxLength >= 0 || c.Pattern != ""
	case t.Kind == KindBuiltin && t.Name != "bool" && t.Name != "any":
		return c.Min != nil || c.Max != nil
	}
	return false
}
