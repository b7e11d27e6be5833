package model

import (
	"bytes"
	"encoding/json"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// attachExamples gives each operation its x-ms-examples (load collected
// them as raw JSON, keyed by operation id), sorted by name. An example
// whose file does not parse, or that has no response, is left out.
func (b *builder) attachExamples() {
	if b.doc == nil || len(b.doc.Examples) == 0 {
		return
	}
	for _, g := range b.api.Groups {
		for _, op := range g.Operations {
			exs := b.doc.Examples[op.ID]
			for _, name := range sortedKeys(exs) {
				if ex := parseExample(op, name, exs[name]); ex != nil {
					op.Examples = append(op.Examples, ex)
				}
			}
		}
	}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func parseExample(op *Operation, name string, raw json.RawMessage) *Example {
	var file struct {
		Parameters map[string]json.RawMessage `json:"parameters"`
		Responses  map[string]struct {
			Headers map[string]json.RawMessage `json:"headers"`
			Body    json.RawMessage            `json:"body"`
		} `json:"responses"`
	}
	if err := json.Unmarshal(raw, &file); err != nil || len(file.Responses) == 0 {
		return nil
	}
	ex := &Example{Name: name, Params: map[string]string{}, Headers: map[string]string{}}
	wires := map[string]bool{}
	for _, p := range op.PathParams {
		wires[p.Wire] = true
	}
	for _, p := range op.Positional {
		if !p.Body {
			wires[p.Wire] = true
		}
	}
	if op.Options != nil {
		for _, p := range op.Options.Fields {
			if !p.Body {
				wires[p.Wire] = true
			}
		}
	}
	for k, v := range file.Parameters {
		if op.Body != nil && k == op.Body.Wire {
			ex.Body = compact(v)
			continue
		}
		if wires[k] {
			if s, ok := jsonText(v); ok {
				ex.Params[k] = s
			}
		}
	}
	// The first response: the lowest success status, else the lowest.
	var statuses []int
	for k := range file.Responses {
		if n, err := strconv.Atoi(k); err == nil {
			statuses = append(statuses, n)
		}
	}
	if len(statuses) == 0 {
		return nil
	}
	slices.Sort(statuses)
	ex.Status = statuses[0]
	for _, s := range statuses {
		if s >= 200 && s < 300 {
			ex.Status = s
			break
		}
	}
	r := file.Responses[strconv.Itoa(ex.Status)]
	for k, v := range r.Headers {
		if s, ok := jsonText(v); ok {
			ex.Headers[k] = s
		}
	}
	if len(r.Body) > 0 && string(r.Body) != "null" {
		ex.Resp = compact(r.Body)
	}
	return ex
}

// jsonText is a scalar JSON value as a parameter's text: a string as
// itself, a number or boolean as written.
func jsonText(v json.RawMessage) (string, bool) {
	var s string
	if json.Unmarshal(v, &s) == nil {
		return s, true
	}
	t := strings.TrimSpace(string(v))
	if t == "" || t == "null" || t[0] == '{' || t[0] == '[' {
		return "", false
	}
	return t, true
}

func compact(v json.RawMessage) string {
	var b bytes.Buffer
	if err := json.Compact(&b, v); err != nil {
		return string(v)
	}
	return b.String()
}
