package load

import "github.com/getkin/kin-openapi/openapi3"

// refSiblings keeps what definitions write beside a property's $ref.
// Swagger 2.0 (and OpenAPI 3.0) ignore a $ref's siblings, but AutoRest
// honours them and TypeSpec's autorest emitter relies on that: a property
// "state": {"$ref": ".../BatchJobState", "readOnly": true,
// "x-ms-client-name": "jobState"} is read-only and renamed. kin-openapi
// drops them, so each such property becomes {"allOf": [{"$ref": …}],
// <siblings>}, which means the same in every version and which the model
// reads as the referenced type with the property's own keywords. It
// reports whether it changed anything.
func refSiblings(v any) bool {
	changed := false
	switch t := v.(type) {
	case map[string]any:
		if props, ok := t["properties"].(map[string]any); ok {
			for name, p := range props {
				if m, ok := p.(map[string]any); ok && wrapRef(m) {
					props[name] = m
					changed = true
				}
			}
		}
		for _, c := range t {
			changed = refSiblings(c) || changed
		}
	case []any:
		for _, c := range t {
			changed = refSiblings(c) || changed
		}
	}
	return changed
}

// wrapRef rewrites m in place when it holds a $ref with siblings.
func wrapRef(m map[string]any) bool {
	ref, ok := m["$ref"].(string)
	if !ok || len(m) == 1 {
		return false
	}
	if _, ok := m["allOf"]; ok {
		return false
	}
	delete(m, "$ref")
	m["allOf"] = []any{map[string]any{"$ref": ref}}
	return true
}

// refDescriptions applies OpenAPI 3.1's Reference Object description: a
// parameter or request body written as {"$ref": …, "description": …} is
// described by its own description, not the component's. kin-openapi
// keeps it beside the reference; each such use gets a copy of the
// component with that description (the component itself is shared).
func refDescriptions(t *openapi3.T) {
	items := []*openapi3.PathItem{}
	for _, it := range t.Paths.Map() {
		items = append(items, it)
	}
	for _, it := range t.Webhooks {
		items = append(items, it)
	}
	params := func(ps openapi3.Parameters) {
		for _, p := range ps {
			if p != nil && p.Value != nil && p.Description != nil {
				v := *p.Value
				v.Description = *p.Description
				p.Value = &v
			}
		}
	}
	for _, it := range items {
		if it == nil {
			continue
		}
		params(it.Parameters)
		for _, op := range it.Operations() {
			params(op.Parameters)
			if rb := op.RequestBody; rb != nil && rb.Value != nil && rb.Description != nil {
				v := *rb.Value
				v.Description = *rb.Description
				rb.Value = &v
			}
		}
	}
}
