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
func decodeTree(v any, d3 *openapi3.T) error {
	return yamlNode(v).Decode(d3)
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
