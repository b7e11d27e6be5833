// Package valdiff checks the request validation of a server oasgen
// generated against an independent JSON Schema implementation
// (github.com/santhosh-tekuri/jsonschema/v6, the oracle; see oracle.go):
// for each operation with a JSON request body it sends the server bodies
// the oracle accepts (the definition's examples, generated ones),
// mutations of them that each break one keyword, and random
// perturbations, and compares the server's verdict (400 before the
// server method, or the method's 501 when its methods are unimplemented)
// with the oracle's. A disagreement that is not one of the documented,
// deliberate ones (deviations) is a failure.
//
// Tests only: the generated code and oasgen itself never import it.
package valdiff

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// Operation is one operation whose request body is compared.
type Operation struct {
	ID       string // operationId, or METHOD path
	Method   string
	Target   string // the request URI, parameters filled with valid values
	Header   http.Header
	Pointer  string // where the body's schema is, in the document
	Required bool   // the body is required
	schema   *jsonschema.Schema
}

// Checker compares one server with the oracle.
type Checker struct {
	o        *oracle
	h        http.Handler
	ops      []*Operation
	skipped  []string
	names    map[string]bool // every property name of the definition
	examples map[*Operation][]any
}

// New prepares a Checker for the OpenAPI 3.0 or 3.1 document doc (JSON,
// as kin-openapi writes it) and the server h generated from it, whose
// server methods answer 501 (a Servers without implementations).
func New(doc []byte, h http.Handler, seed uint64) (*Checker, error) {
	d := json.NewDecoder(bytes.NewReader(doc))
	d.UseNumber()
	var m map[string]any
	if err := d.Decode(&m); err != nil {
		return nil, err
	}
	orig := deepCopy(m).(map[string]any)
	o, err := newOracle(m)
	if err != nil {
		return nil, err
	}
	c := &Checker{o: o, h: h, names: map[string]bool{}, examples: map[*Operation][]any{}}
	walkDoc(orig, func(s map[string]any) {
		if p, ok := s["properties"].(map[string]any); ok {
			for n := range p {
				c.names[n] = true
			}
		}
	})
	g := &generator{rnd: rand.New(rand.NewPCG(seed, 7))}
	c.collect(orig, g)
	return c, nil
}

// Operations are the operations compared.
func (c *Checker) Operations() []*Operation { return c.ops }

// Skipped lists the operations with a JSON body not compared, and why.
func (c *Checker) Skipped() []string { return c.skipped }

// collect finds the operations with a JSON request body and a request
// that reaches the server with valid parameters.
func (c *Checker) collect(doc map[string]any, g *generator) {
	paths, _ := doc["paths"].(map[string]any)
	for _, p := range sortedKeys(paths) {
		item, _ := paths[p].(map[string]any)
		for _, method := range methods {
			op, ok := item[method].(map[string]any)
			if !ok {
				continue
			}
			id, _ := op["operationId"].(string)
			if id == "" {
				id = strings.ToUpper(method) + " " + p
			}
			bodyPtr := "/paths/" + escape(p) + "/" + method + "/requestBody"
			rb, _ := op["requestBody"].(map[string]any)
			if ref, ok := rb["$ref"].(string); ok {
				bodyPtr = strings.TrimPrefix(ref, "#")
				rb = resolve(doc, ref)
			}
			if rb == nil {
				continue
			}
			content, _ := rb["content"].(map[string]any)
			ct := jsonContent(content)
			if ct == "" {
				continue
			}
			mt, _ := content[ct].(map[string]any)
			if _, ok := mt["schema"]; !ok {
				continue
			}
			if strings.ContainsAny(p, "#?") {
				// AWS's "/#X-Amz-Target=…": operations told apart by what
				// a server's router never sees.
				c.skipped = append(c.skipped, id+": the path holds a fragment or a query")
				continue
			}
			o := &Operation{ID: id, Method: strings.ToUpper(method), Header: http.Header{}, Pointer: bodyPtr + "/content/" + escape(ct) + "/schema"}
			o.Required, _ = rb["required"].(bool)
			o.Header.Set("Content-Type", ct)
			sch, err := c.o.compile(o.Pointer)
			if err != nil {
				c.skipped = append(c.skipped, fmt.Sprintf("%s: the oracle cannot compile the body's schema: %v", id, firstLine(err)))
				continue
			}
			o.schema = sch
			target, header, why := c.target(doc, p, "/paths/"+escape(p)+"/"+method, item, op, g)
			if why != "" {
				c.skipped = append(c.skipped, id+": "+why)
				continue
			}
			o.Target = target
			for k, v := range header {
				o.Header[k] = v
			}
			c.ops = append(c.ops, o)
			for _, ex := range examples(mt) {
				c.examples[o] = append(c.examples[o], ex)
			}
		}
	}
}

// jsonContent picks the JSON media type of a body, as oasgen does.
func jsonContent(content map[string]any) string {
	for _, k := range sortedKeys(content) {
		mt := strings.ToLower(strings.TrimSpace(strings.SplitN(k, ";", 2)[0]))
		if mt == "application/json" || strings.HasSuffix(mt, "+json") || mt == "text/json" {
			return k
		}
	}
	return ""
}

// examples are a media type's example and examples' values.
func examples(mt map[string]any) []any {
	var out []any
	if ex, ok := mt["example"]; ok {
		out = append(out, ex)
	}
	if exs, ok := mt["examples"].(map[string]any); ok {
		for _, k := range sortedKeys(exs) {
			if e, ok := exs[k].(map[string]any); ok {
				if v, ok := e["value"]; ok {
					out = append(out, v)
				}
			}
		}
	}
	return out
}

// target fills an operation's path and required query and header
// parameters with valid values; why says why it cannot.
func (c *Checker) target(doc map[string]any, path, opAt string, item, op map[string]any, g *generator) (string, http.Header, string) {
	params := map[string]map[string]any{}
	var order []string
	for li, list := range []any{item["parameters"], op["parameters"]} {
		ps, _ := list.([]any)
		for i, p := range ps {
			pm, _ := p.(map[string]any)
			at := "/paths/" + escape(path) + "/parameters/" + fmt.Sprint(i)
			if li == 1 {
				at = opAt + "/parameters/" + fmt.Sprint(i)
			}
			ptr := ""
			if ref, ok := pm["$ref"].(string); ok {
				ptr = strings.TrimPrefix(ref, "#")
				pm = resolve(doc, ref)
			}
			if pm == nil {
				return "", nil, "unresolved parameter"
			}
			in, _ := pm["in"].(string)
			name, _ := pm["name"].(string)
			key := in + " " + name
			if _, ok := params[key]; !ok {
				order = append(order, key)
			}
			pm = shallowCopy(pm)
			pm["·ptr"], pm["·at"] = ptr, at
			params[key] = pm
		}
	}
	query := url.Values{}
	header := http.Header{}
	for _, key := range order {
		p := params[key]
		in, _ := p["in"].(string)
		name, _ := p["name"].(string)
		required, _ := p["required"].(bool)
		if in != "path" && !required || in == "cookie" {
			continue
		}
		if in == "header" && slices.Contains([]string{"accept", "content-type", "authorization"}, strings.ToLower(name)) {
			continue
		}
		if _, ok := p["schema"]; !ok {
			return "", nil, "parameter " + name + " has no schema"
		}
		value, why := c.paramValue(doc, p, g, key)
		if why != "" {
			return "", nil, "parameter " + name + ": " + why
		}
		switch in {
		case "path":
			if !strings.Contains(path, "{"+name+"}") {
				continue
			}
			path = strings.ReplaceAll(path, "{"+name+"}", url.PathEscape(value))
		case "query":
			if explode(p) {
				for _, v := range strings.Split(value, ",") {
					query.Add(name, v)
				}
			} else {
				query.Set(name, value)
			}
		case "header":
			header.Set(name, value)
		}
	}
	if strings.ContainsAny(path, "{}") {
		return "", nil, "a path parameter the template names is not declared"
	}
	t := path
	if len(query) > 0 {
		t += "?" + query.Encode()
	}
	return t, header, ""
}

// paramValue is a valid value of a parameter as its wire text.
func (c *Checker) paramValue(doc map[string]any, p map[string]any, g *generator, key string) (string, string) {
	name, _ := p["name"].(string)
	in, _ := p["in"].(string)
	s, _ := p["schema"].(map[string]any)
	if name == "api-version" && in == "query" {
		// oasgen checks the definition's version (or the schema's one enum
		// value, or its default).
		if enum, ok := s["enum"].([]any); ok && len(enum) == 1 {
			return fmt.Sprint(enum[0]), ""
		}
		if def, ok := s["default"]; ok {
			return fmt.Sprint(def), ""
		}
		info, _ := doc["info"].(map[string]any)
		return fmt.Sprint(info["version"]), ""
	}
	if st, _ := p["style"].(string); st != "" && st != "simple" && st != "form" {
		return "", "style " + st
	}
	ptr, _ := p["·ptr"].(string)
	if ptr == "" {
		ptr = p["·at"].(string)
	}
	sch, err := c.o.compile(ptr + "/schema")
	if err != nil {
		return "", "the oracle cannot compile its schema"
	}
	for try := 0; try < 20; try++ {
		v := g.value([]*jsonschema.Schema{sch}, 3)
		if sch.Validate(v) != nil {
			continue
		}
		switch x := v.(type) {
		case string:
			if x != "" {
				return x, ""
			}
		case json.Number:
			return string(x), ""
		case bool:
			return fmt.Sprint(x), ""
		case []any:
			var parts []string
			for _, e := range x {
				switch e.(type) {
				case string, json.Number, bool:
					parts = append(parts, fmt.Sprint(e))
				default:
					return "", "an array of structured values"
				}
			}
			if len(parts) > 0 {
				return strings.Join(parts, ","), ""
			}
		default:
			return "", "a structured value"
		}
	}
	return "", "no valid value found"
}

func explode(p map[string]any) bool {
	if e, ok := p["explode"].(bool); ok {
		return e
	}
	st, _ := p["style"].(string)
	return st == "" || st == "form"
}

// Verdict is how the server and the oracle judged one body.
type Verdict struct {
	Body        []byte
	OracleValid bool
	Oracle      string // the oracle's error
	Status      int
	Server      string // the server's answer
	Deviation   string // the documented disagreement it is, "" for none
}

// Agree reports whether server and oracle agree, or disagree as
// documented.
func (v Verdict) Agree() bool {
	return v.OracleValid == (v.Status != http.StatusBadRequest) || v.Deviation != ""
}

func (v Verdict) String() string {
	return fmt.Sprintf("body %s\n  oracle: valid %v %s\n  server: %d %s", short(v.Body), v.OracleValid, v.Oracle, v.Status, v.Server)
}

// Judge sends body to the server for op and asks the oracle about it;
// ok is false when the server answered something other than 400 for the
// body or 501 (a route or parameter problem, not the body's).
func (c *Checker) Judge(op *Operation, body []byte) (Verdict, bool) {
	v := Verdict{Body: body}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(body))
	switch {
	case err != nil || !json.Valid(body) || !utf8.Valid(body):
		// JSON exchanged between systems is UTF-8 (RFC 8259 §8.1), and the
		// server refuses other bytes (README, security); json.Valid does
		// not look inside strings.
		v.Oracle = "not JSON"
	default:
		if e := op.schema.Validate(inst); e != nil {
			v.Oracle = firstLine(e)
		} else {
			v.OracleValid = true
		}
	}
	r := httptest.NewRequest(op.Method, op.Target, bytes.NewReader(body))
	for k, vs := range op.Header {
		r.Header[k] = vs
	}
	w := httptest.NewRecorder()
	c.h.ServeHTTP(w, r)
	v.Status, v.Server = w.Code, strings.TrimSpace(w.Body.String())
	switch {
	case v.Status == http.StatusNotImplemented:
	case v.Status == http.StatusBadRequest && strings.Contains(v.Server, "The request body"):
	default:
		return v, false
	}
	if !v.Agree() {
		v.Deviation = c.deviation(op, v, inst)
	}
	return v, true
}

// Report counts what a Run compared.
type Report struct {
	Operations    int            // operations compared
	Bodies        int            // bodies sent
	Valid         int            // of them, bodies the oracle accepted
	Mutations     map[string]int // keyword mutations sent, by keyword
	Deviations    map[string]int // documented disagreements, by name
	Disagreements []string       // what fails the test
	Skipped       []string       // operations not compared, and why
}

// Run compares every operation's bodies: the definition's examples,
// valid bodies generated from the schema (up to valid), mutations of
// each that break one keyword, and random perturbations.
func (c *Checker) Run(seed uint64, valid, random int) *Report {
	rep := &Report{Mutations: map[string]int{}, Deviations: map[string]int{}, Skipped: slices.Clone(c.skipped)}
	g := &generator{rnd: rand.New(rand.NewPCG(seed, 11))}
	for _, op := range c.ops {
		seen := map[string]bool{}
		judge := func(v any, keyword string) bool {
			body, err := json.Marshal(v)
			if err != nil || seen[string(body)] {
				return true
			}
			seen[string(body)] = true
			verdict, ok := c.Judge(op, body)
			if !ok {
				rep.Skipped = append(rep.Skipped, fmt.Sprintf("%s: the server answered %d, not about the body: %s", op.ID, verdict.Status, short([]byte(verdict.Server))))
				return false
			}
			rep.Bodies++
			if verdict.OracleValid {
				rep.Valid++
			}
			if keyword != "" {
				rep.Mutations[keyword]++
			}
			if verdict.Deviation != "" {
				rep.Deviations[verdict.Deviation]++
			} else if !verdict.Agree() {
				rep.Disagreements = append(rep.Disagreements, op.ID+": "+verdict.String())
			}
			return true
		}
		var bases []any
		for _, ex := range c.examples[op] {
			if op.schema.Validate(ex) == nil {
				bases = append(bases, ex)
			}
		}
		for try := 0; try < 40 && len(bases) < valid; try++ {
			v := g.value([]*jsonschema.Schema{op.schema}, 0)
			if op.schema.Validate(v) == nil && !slices.ContainsFunc(bases, func(b any) bool { return canonical(b) == canonical(v) }) {
				bases = append(bases, v)
			}
		}
		if len(bases) == 0 {
			bases = append(bases, g.value([]*jsonschema.Schema{op.schema}, 0)) // invalid, but mutations still compare
		}
		rep.Operations++
		ok := true
		for _, b := range bases {
			if ok = judge(b, ""); !ok {
				break
			}
			for _, m := range g.mutations(b, op.schema) {
				judge(m.body, m.keyword)
			}
		}
		for i := 0; ok && i < random; i++ {
			judge(g.perturb(bases[i%len(bases)]), "")
		}
	}
	return rep
}

// Bodies are seed bodies for fuzzing op: valid ones and their mutations.
func (c *Checker) Bodies(op *Operation, seed uint64, valid int) [][]byte {
	g := &generator{rnd: rand.New(rand.NewPCG(seed, 13))}
	var out [][]byte
	add := func(v any) {
		if b, err := json.Marshal(v); err == nil {
			out = append(out, b)
		}
	}
	for try, n := 0, 0; try < 40 && n < valid; try++ {
		v := g.value([]*jsonschema.Schema{op.schema}, 0)
		if op.schema.Validate(v) != nil {
			continue
		}
		n++
		add(v)
		for _, m := range g.mutations(v, op.schema) {
			add(m.body)
		}
	}
	return out
}

// String summarises a report.
func (r *Report) String() string {
	var b strings.Builder
	mut := 0
	for _, n := range r.Mutations {
		mut += n
	}
	fmt.Fprintf(&b, "%d operations, %d bodies (%d valid, %d keyword mutations), %d disagreements", r.Operations, r.Bodies, r.Valid, mut, len(r.Disagreements))
	if len(r.Deviations) > 0 {
		fmt.Fprintf(&b, "; documented deviations:")
		for _, k := range sortedKeys(r.Deviations) {
			fmt.Fprintf(&b, " %s %d", k, r.Deviations[k])
		}
	}
	if len(r.Skipped) > 0 {
		fmt.Fprintf(&b, "; %d skipped", len(r.Skipped))
	}
	return b.String()
}

// Keywords lists the mutations by keyword, sorted.
func (r *Report) Keywords() string {
	var parts []string
	for _, k := range sortedKeys(r.Mutations) {
		parts = append(parts, fmt.Sprintf("%s %d", k, r.Mutations[k]))
	}
	return strings.Join(parts, ", ")
}

func escape(tok string) string {
	return strings.NewReplacer("~", "~0", "/", "~1").Replace(tok)
}

// resolve follows a local reference to an object of the document.
func resolve(doc map[string]any, ref string) map[string]any {
	ptr, ok := strings.CutPrefix(ref, "#/")
	if !ok {
		return nil
	}
	var cur any = doc
	for _, tok := range strings.Split(ptr, "/") {
		m, ok := cur.(map[string]any)
		if !ok {
			return nil
		}
		cur = m[strings.NewReplacer("~1", "/", "~0", "~").Replace(tok)]
	}
	m, _ := cur.(map[string]any)
	return m
}

func shallowCopy(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

func deepCopy(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = deepCopy(e)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = deepCopy(e)
		}
		return out
	}
	return v
}

func firstLine(err error) string {
	s := err.Error()
	s = strings.ReplaceAll(s, "\n", " | ")
	if len(s) > 400 {
		s = s[:400] + "…"
	}
	return s
}

func short(b []byte) string {
	if len(b) > 600 {
		return string(b[:300]) + "…" + string(b[len(b)-300:])
	}
	return string(b)
}
