package model

import (
	"strings"
)

// Error models: the types error responses decode into, which get an
// Error method, and the one the server fills for its own errors.

// markErrors gives every error-model type an Error method.
func (b *builder) markErrors() {
	for _, g := range b.api.AllGroups() {
		for _, op := range g.Operations {
			for _, e := range op.Errors {
				t := e.Type.Decl
				if t == nil || t.Error != nil {
					continue
				}
				em := &ErrorMethod{}
				taken := map[string]bool{}
				for _, f := range t.Fields {
					taken[f.GoName] = true
				}
				for _, f := range t.Fields {
					if f.GoName == "Error" { // the Error method needs the name
						for _, alt := range []string{"ErrorValue", "ErrorField", "Error_"} {
							if !taken[alt] {
								f.GoName, taken[alt] = alt, true
								break
							}
						}
					}
					switch strings.ToLower(f.JSONName) {
					case "code":
						if isStringish(f.Type) {
							em.Code = f
						}
					case "message":
						if isStringish(f.Type) {
							em.Message = f
						} else if f.Type.IsStruct() {
							for _, g := range f.Type.Decl.Fields {
								if strings.ToLower(g.JSONName) == "value" && isStringish(g.Type) {
									em.Message, em.MessageValue = f, g
								}
							}
						}
					}
				}
				t.Error = em
			}
		}
	}
}

func isStringish(t TypeRef) bool {
	return t.Kind == KindBuiltin && t.Name == "string" || t.Kind == KindNamed && t.Decl.Kind == DeclEnum && t.Decl.Enum.Base == "string"
}

// canBeError: a named type that can carry an Error method (not an
// interface such as any).
func canBeError(t TypeRef) bool {
	if t.Kind != KindNamed || t.Decl == nil {
		return false
	}
	d := t.Decl
	if d.Kind == DeclUnion {
		return false // an interface: its kinds are pointers, the union is not
	}
	if d.Kind == DeclAlias {
		u := d.Underlying
		return !(u.Kind == KindBuiltin && u.Name == "any") && u.Kind != KindNamed
	}
	return true
}

// errorModel picks the error type most operations use for "default" and
// works out how to fill it, for the server's own error responses.
func (b *builder) errorModel() *ErrorModel {
	count := map[*Type]int{}
	for _, g := range b.api.AllGroups() {
		for _, op := range g.Operations {
			for _, e := range op.Errors {
				count[e.Type.Decl]++
			}
		}
	}
	var best *Type
	for t, n := range count {
		if best == nil || n > count[best] || n == count[best] && t.Name < best.Name {
			best = t
		}
	}
	if best == nil || best.Kind != DeclStruct || best.Error == nil || best.Error.Code == nil || best.Error.Message == nil {
		return nil
	}
	if best.Error.Code.Type.Kind != KindBuiltin {
		return nil
	}
	em := &ErrorModel{Type: best.Name, Code: best.Error.Code, Message: best.Error.Message, MessageValue: best.Error.MessageValue}
	if em.Message.Type.Kind == KindNamed {
		if em.Message.Type.Decl.Kind != DeclStruct {
			return nil
		}
		em.MessageType = em.Message.Type.Name
		for _, f := range em.Message.Type.Decl.Fields {
			if f.JSONName == "lang" && f.Type.Kind == KindBuiltin && f.Type.Name == "string" {
				em.MessageLang = f
			}
		}
	}
	for _, f := range best.Fields {
		if (f.JSONName == "values" || f.JSONName == "details") && f.Type.Kind == KindSlice && f.Type.Elem.IsStruct() {
			d := f.Type.Elem.Decl
			var key, val *Field
			for _, g := range d.Fields {
				switch {
				case (g.JSONName == "key" || g.JSONName == "name") && g.Type.Kind == KindBuiltin && g.Type.Name == "string":
					key = g
				case g.JSONName == "value" && g.Type.Kind == KindBuiltin && g.Type.Name == "string":
					val = g
				}
			}
			if key != nil && val != nil {
				em.Details, em.DetailType, em.DetailKey, em.DetailValue = f, d.Name, key, val
			}
		}
	}
	return em
}
