package load

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
