package load

import (
	"maps"
	"slices"
	"strconv"

	"github.com/getkin/kin-openapi/openapi3"
	"go.yaml.in/yaml/v4"
)

// decodeTree decodes the definition's tree into kin-openapi's types with
// kin-openapi's YAML decoder, from nodes built here: one pass over the
// tree. Its JSON decoder reads the text under every level at least twice
// (the struct, then the extensions into a map, each nested UnmarshalJSON
// re-validating its part), which made it most of the generation time.
// Numbers are tagged as floats, so that values of type any hold float64,
// as they do when decoded from JSON.
//
// The nodes of a whole large definition outweigh the tree they are built
// from (Microsoft Graph beta: hundreds of MB, alive beside the tree and
// the growing result), so the paths and the component schemas, the bulk
// of any large definition, are built and decoded one entry at a time,
// each through the same map decoder a whole decode would use.
func decodeTree(v any, d3 *openapi3.T) error {
	top, ok := v.(map[string]any)
	if !ok {
		return yamlNode(v).Decode(d3)
	}
	paths, _ := top["paths"].(map[string]any)
	comps, _ := top["components"].(map[string]any)
	schemas, _ := comps["schemas"].(map[string]any)
	if len(paths) == 0 && len(schemas) == 0 {
		return yamlNode(v).Decode(d3)
	}
	// The rest first, with both maps empty (so that they are decoded as
	// maps, as a whole decode would), then one entry at a time.
	rest := maps.Clone(top)
	if paths != nil {
		rest["paths"] = map[string]any{}
	}
	if schemas != nil {
		c := maps.Clone(comps)
		c["schemas"] = map[string]any{}
		rest["components"] = c
	}
	if err := yamlNode(rest).Decode(d3); err != nil {
		return err
	}
	for _, k := range slices.Sorted(maps.Keys(paths)) {
		var one openapi3.Paths
		if err := yamlNode(map[string]any{k: paths[k]}).Decode(&one); err != nil {
			return err
		}
		for p, item := range one.Map() {
			d3.Paths.Set(p, item)
		}
		maps.Copy(d3.Paths.Extensions, one.Extensions)
	}
	if len(schemas) > 0 && d3.Components.Schemas == nil {
		d3.Components.Schemas = openapi3.Schemas{}
	}
	for _, k := range slices.Sorted(maps.Keys(schemas)) {
		var one openapi3.Schemas
		if err := yamlNode(map[string]any{k: schemas[k]}).Decode(&one); err != nil {
			return err
		}
		maps.Copy(d3.Components.Schemas, one)
	}
	return nil
}

func yamlNode(v any) *yaml.Node {
	switch x := v.(type) {
	case map[string]any:
		n := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Content: make([]*yaml.Node, 0, 2*len(x))}
		for _, k := range slices.Sorted(maps.Keys(x)) {
			n.Content = append(n.Content, yamlScalar("!!str", k), yamlNode(x[k]))
		}
		return n
	case []any:
		n := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Content: make([]*yaml.Node, len(x))}
		for i, e := range x {
			n.Content[i] = yamlNode(e)
		}
		return n
	case string:
		return yamlScalar("!!str", x)
	case bool:
		return yamlScalar("!!bool", strconv.FormatBool(x))
	case int64:
		return yamlScalar("!!float", strconv.FormatInt(x, 10))
	case float64:
		return yamlScalar("!!float", strconv.FormatFloat(x, 'g', -1, 64))
	}
	return yamlScalar("!!null", "null")
}

func yamlScalar(tag, value string) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: tag, Value: value}
}
