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
// them as raw JSON, keyed by operation id), sorted by name, then its
// OpenAPI 3 examples. An x-ms-examples file that does not parse, or that
// has no response, is left out.
func (b *builder) attachExamples(ops []*opSource) {
	for _, o := range ops {
		op := o.model
		exs := b.doc.Examples[op.ID]
		for _, name := range sortedKeys(exs) {
			if ex := parseExample(op, name, exs[name]); ex != nil {
				op.Examples = append(op.Examples, ex)
			}
		}
		if !b.doc.Swagger2 {
			op.Examples = append(op.Examples, b.oas3Examples(o)...)
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
	ex := &Example{Name: name}
	params := exampleParams(op)
	for k, v := range file.Parameters {
		if op.Body != nil && k == op.Body.Wire {
			ex.Body = compact(v)
			continue
		}
		if p := findParam(params, k); p != nil {
			ex.setParam(p, v)
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
			ex.Headers = setText(ex.Headers, k, s)
		}
	}
	if len(r.Body) > 0 && string(r.Body) != "null" {
		ex.Resp = compact(r.Body)
	}
	return ex
}

// exampleParams are an operation's path, query and header parameters.
func exampleParams(op *Operation) []*Param {
	ps := slices.Clone(op.PathParams)
	for _, p := range op.Positional {
		if p.In != InPath {
			ps = append(ps, p)
		}
	}
	return append(ps, op.Options.fields()...)
}

// findParam finds the parameter an example names: by its wire name, or a
// header's case-insensitively (HTTP header names are).
func findParam(ps []*Param, name string) *Param {
	for _, p := range ps {
		if p.Wire == name {
			return p
		}
	}
	for _, p := range ps {
		if p.In == InHeader && strings.EqualFold(p.Wire, name) {
			return p
		}
	}
	return nil
}

// setParam records v, a JSON value, as p's text under p's wire name: a
// path parameter in Path, the others in Params. An array parameter's
// value is its elements comma-joined, as the example server formats a
// call's (a JSON array, or text already so joined); objects are left out.
func (ex *Example) setParam(p *Param, v json.RawMessage) {
	s, ok := jsonText(v)
	if !ok && p.Type.Kind == KindSlice {
		s, ok = joinedText(v)
	}
	if !ok {
		return
	}
	if p.In == InPath {
		ex.Path = setText(ex.Path, p.Wire, s)
	} else {
		ex.Params = setText(ex.Params, p.Wire, s)
	}
}

func setText(m map[string]string, k, v string) map[string]string {
	if m == nil {
		m = map[string]string{}
	}
	m[k] = v
	return m
}

// joinedText is a JSON array of scalars as comma-joined text.
func joinedText(v json.RawMessage) (string, bool) {
	var elems []json.RawMessage
	if json.Unmarshal(v, &elems) != nil {
		return "", false
	}
	texts := make([]string, len(elems))
	for i, e := range elems {
		s, ok := jsonText(e)
		if !ok {
			return "", false
		}
		texts[i] = s
	}
	return strings.Join(texts, ","), true
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
