package load

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/oasgen/oasgen/generator/diag"
)

// OpenAPI 3.2 keywords that kin-openapi keeps nowhere or oasgen does not
// generate from, each reported where it is written: nothing a 3.2
// definition says is dropped without a word. What oasgen generates from
// (the query method, additionalOperations, itemSchema, in: querystring,
// the device authorization flow's scopes) is read by the model.
var oas32Notes = map[string]string{
	"itemEncoding":    "itemEncoding (the encoding of each item of a multipart stream) is not generated: the body is sent and read as a whole",
	"prefixEncoding":  "prefixEncoding (the encoding of the leading parts of a multipart body) is not generated: the body is sent and read as a whole",
	"defaultMapping":  "discriminator defaultMapping is not generated: a value no kind matches is an error (or the base type's, for a hierarchy)",
	"dataValue":       "example dataValue is not used by the example server: it answers with value",
	"serializedValue": "example serializedValue is not used by the example server: it answers with value",
}

// oas32Warnings reports the 3.2 keywords of a definition that oasgen
// does not generate from (oas32Notes, and $self, tag parent and kind,
// response summary, deprecated security schemes, components/mediaTypes),
// with their JSON pointers, in document order of sorted keys.
func oas32Warnings(file string, top map[string]any) []diag.Warning {
	var out []diag.Warning
	warn := func(ptr, format string, args ...any) {
		out = append(out, diag.Warning{File: file, Pointer: ptr, Msg: fmt.Sprintf(format, args...)})
	}
	if v, ok := top["$self"].(string); ok {
		warn("#/$self", "$self %q is not used: references resolve against the definition's own location", v)
	}
	tags, _ := top["tags"].([]any)
	for i, t := range tags {
		tag, _ := t.(map[string]any)
		for _, k := range []string{"parent", "kind", "summary"} {
			if v, ok := tag[k]; ok {
				warn(fmt.Sprintf("#/tags/%d/%s", i, k), "tag %s %v is not used: operations are grouped by their first tag", k, v)
			}
		}
	}
	servers, _ := top["servers"].([]any)
	for i, s := range servers {
		server, _ := s.(map[string]any)
		if v, ok := server["name"]; ok {
			warn(fmt.Sprintf("#/servers/%d/name", i), "server name %v is not used: the client takes its endpoint from the caller", v)
		}
	}
	comps, _ := top["components"].(map[string]any)
	schemes, _ := comps["securitySchemes"].(map[string]any)
	for _, name := range slices.Sorted(maps.Keys(schemes)) {
		s, _ := schemes[name].(map[string]any)
		if d, _ := s["deprecated"].(bool); d {
			warn(diag.Pointer("components", "securitySchemes", name, "deprecated"), "security scheme %q is deprecated", name)
		}
	}
	if _, ok := comps["mediaTypes"]; ok {
		warn("#/components/mediaTypes", "components/mediaTypes are not generated from: a $ref to one is left unresolved")
	}
	walk32(top, "#", "", warn)
	return out
}

// walk32 finds oas32Notes keywords and response summaries anywhere but in
// data (examples, defaults, enums, extensions).
func walk32(v any, ptr, key string, warn func(ptr, format string, args ...any)) {
	switch x := v.(type) {
	case map[string]any:
		for _, k := range slices.Sorted(maps.Keys(x)) {
			kp := ptr + "/" + diag.EscapeToken(k)
			if note, ok := oas32Notes[k]; ok && key != "properties" {
				warn(kp, "%s", note)
				continue
			}
			if k == "summary" && isResponse(ptr) {
				if _, isStr := x[k].(string); isStr {
					warn(kp, "a response's summary is not generated: its description documents the response")
				}
				continue
			}
			if dataKeys[k] || k == "value" || strings.HasPrefix(k, "x-") {
				continue
			}
			walk32(x[k], kp, k, warn)
		}
	case []any:
		for i, e := range x {
			walk32(e, fmt.Sprintf("%s/%d", ptr, i), "", warn)
		}
	}
}

// isResponse reports whether ptr is a response object: .../responses/CODE
// in an operation, or #/components/responses/NAME.
func isResponse(ptr string) bool {
	parts := strings.Split(ptr, "/")
	n := len(parts)
	return n >= 3 && parts[n-2] == "responses" && (n != 4 || parts[1] == "components")
}
