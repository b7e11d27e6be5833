// Package load reads an API definition — Swagger 2.0 or OpenAPI 3.x, JSON
// or YAML — into kin-openapi's OpenAPI 3 model. It is the only stage that
// touches the file system for input. External references are resolved
// only inside the folder of the definition.
package load

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi2"
	"github.com/getkin/kin-openapi/openapi2conv"
	"github.com/getkin/kin-openapi/openapi3"
	"go.yaml.in/yaml/v4"

	"github.com/oasgen/oasgen/generator/diag"
)

// Document is a loaded definition.
type Document struct {
	File     string // as given by the user; used in messages
	Swagger2 bool   // the source was Swagger 2.0 (pointers use its layout)
	T        *openapi3.T
	// Examples holds the resolved x-ms-examples of each operation, keyed by
	// operation id, then example name; values are raw JSON.
	Examples map[string]map[string]json.RawMessage
}

// Options tune loading.
type Options struct {
	// Validate runs kin-openapi's validation, whose findings become
	// warnings: "auto" (the default) skips it for definitions over
	// AutoValidateLimit bytes, where it costs far more than generating;
	// "always" and "never" do what they say.
	Validate string
}

// AutoValidateLimit is the size above which "auto" skips validation.
const AutoValidateLimit = 8 << 20

// Load reads and resolves the definition at path. Warnings are problems
// that do not stop generation, such as an example that does not match its
// schema.
func Load(path string, opts ...Options) (*Document, []diag.Warning, error) {
	var o Options
	if len(opts) > 0 {
		o = opts[0]
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, nil, &diag.Error{File: path, Msg: err.Error()}
	}
	root := filepath.Dir(abs)
	fs := &folder{root: root, display: path, absMain: abs, cache: map[string]any{}, jsonSrc: map[string][]byte{}}
	raw, err := fs.readTree(abs)
	if err != nil {
		return nil, nil, err
	}
	top, ok := raw.(map[string]any)
	if !ok {
		return nil, nil, &diag.Error{File: path, Msg: "not an OpenAPI or Swagger definition: the top level is not an object"}
	}
	fs.swagger2 = top["swagger"] != nil
	if err := fs.checkRefs(abs, raw, "#", map[string]bool{}); err != nil {
		return nil, nil, err
	}
	if v, _ := top["openapi"].(string); strings.HasPrefix(v, "3.2") {
		fs.warnings = append(fs.warnings, oas32Warnings(path, top)...)
	}
	siblings := refSiblings(raw)
	var d3 *openapi3.T
	if top["openapi"] != nil {
		if d3 = new(openapi3.T); decodeTree(raw, d3) != nil {
			d3 = nil // the JSON decoder below says what is wrong
		}
	}
	// The JSON text for kin-openapi's JSON decoder, when needed: JSON
	// input as it is, else re-encoded with the properties' $ref siblings
	// kept.
	var data []byte
	if d3 == nil {
		data = fs.jsonSrc[abs]
		if data == nil || siblings || fs.dropped {
			if data, err = json.Marshal(raw); err != nil {
				return nil, nil, &diag.Error{File: path, Msg: err.Error()}
			}
		}
	}

	loader := openapi3.NewLoader()
	loader.IsExternalRefsAllowed = true
	loader.ReadFromURIFunc = fs.readForLoader
	loc := &url.URL{Path: filepath.ToSlash(abs)}

	doc := &Document{File: path, Examples: collectExamples(raw, fs)}
	var repairs []diag.Warning
	swagger, openapi := top["swagger"], top["openapi"]
	// The plain tree has served; kin-openapi builds its own, and on a large
	// definition the two together would double the peak memory.
	delete(fs.cache, abs)
	raw, top = nil, nil
	switch {
	case swagger != nil:
		if v, _ := swagger.(string); v != "2.0" {
			return nil, nil, &diag.Error{File: path, Pointer: "#/swagger", Msg: fmt.Sprintf("unsupported Swagger version %v: want 2.0", swagger)}
		}
		doc.Swagger2 = true
		var d2 openapi2.T
		if err := json.Unmarshal(data, &d2); err != nil {
			return nil, nil, &diag.Error{File: path, Msg: "invalid Swagger 2.0 definition: " + err.Error()}
		}
		d3, err := openapi2conv.ToV3WithLoader(&d2, loader, loc)
		if err != nil {
			return nil, nil, &diag.Error{File: path, Msg: v2Pointers(err.Error())}
		}
		doc.T = d3
	case openapi != nil:
		v, _ := openapi.(string)
		if !strings.HasPrefix(v, "3.") {
			return nil, nil, &diag.Error{File: path, Pointer: "#/openapi", Msg: fmt.Sprintf("unsupported OpenAPI version %v: want 3.x", openapi)}
		}
		// Decoded from the tree above, or when that failed, as JSON: an
		// error then says where, or dropped keywords let it decode.
		if d3 == nil {
			d3 = &openapi3.T{}
			if err := json.Unmarshal(data, d3); err != nil {
				d3, err = lenientDecode(data, err, path, &repairs)
				if err != nil {
					return nil, nil, err
				}
			}
		}
		if err := loader.ResolveRefsIn(d3, loc); err != nil {
			return nil, nil, &diag.Error{File: path, Msg: err.Error()}
		}
		doc.T = d3
	default:
		return nil, nil, &diag.Error{File: path, Msg: `not an OpenAPI or Swagger definition: no "openapi" or "swagger" field`}
	}
	if doc.T.Paths == nil {
		doc.T.Paths = openapi3.NewPaths()
	}
	if doc.T.Components == nil {
		doc.T.Components = &openapi3.Components{}
	}
	// OpenAPI 3.1's components/pathItems: kin-openapi keeps them as an
	// unknown member, which its validation reports, but resolves the
	// $refs from paths to them; the operations generate from there.
	if doc.T.IsOpenAPI31OrLater() {
		delete(doc.T.Components.Extensions, "pathItems")
		refDescriptions(doc.T)
	}

	warns := append(fs.warnings, repairs...)
	// One validation pass: a definition that does not fully validate (an
	// example that does not match its schema, say) is still generated.
	size := 0
	for _, b := range fs.jsonSrc {
		size += len(b)
	}
	switch {
	case o.Validate == "never":
	case o.Validate != "always" && size > AutoValidateLimit:
		warns = append(warns, diag.Warning{File: path, Msg: fmt.Sprintf("definition is over %d MiB: validation skipped (-validate always forces it)", AutoValidateLimit>>20)})
	default:
		restore := plainTemplates(doc.T)
		err := doc.T.Validate(context.Background(), openapi3.EnableExamplesValidation())
		restore()
		if err != nil {
			warns = append(warns, diag.Warning{File: path, Msg: "definition does not fully validate (generating anyway): " + v2PointersIf(doc.Swagger2, err.Error())})
		}
	}
	return doc, warns, nil
}

// plainTemplates lets kin-openapi validate path templates that write
// OpenAPI's label, matrix and explode styles as RFC 6570 operators
// ({.id*}, {;id}, {+id}), which it reads as parameter names: the paths are
// validated as {id}. restore puts the definition's own paths back.
func plainTemplates(t *openapi3.T) (restore func()) {
	orig := t.Paths
	if orig == nil {
		return func() {}
	}
	plain := openapi3.NewPaths()
	plain.Extensions = orig.Extensions
	changed := false
	for _, k := range orig.InMatchingOrder() {
		p := styleOperators.ReplaceAllString(k, "{$1}")
		changed = changed || p != k
		plain.Set(p, orig.Value(k))
	}
	if !changed {
		return func() {}
	}
	t.Paths = plain
	return func() { t.Paths = orig }
}

// styleOperators matches {.id}, {.id*}, {;id}, {;id*}, {+id} and {id*}.
var styleOperators = regexp.MustCompile(`\{[.;+]?([^{}.;+#/?&*]+)\*?\}`)

// v2Pointers rewrites OpenAPI 3 component pointers produced by conversion
// back into the Swagger 2.0 layout the user wrote.
func v2Pointers(s string) string {
	return strings.NewReplacer(
		"#/components/schemas/", "#/definitions/",
		"#/components/parameters/", "#/parameters/",
		"#/components/responses/", "#/responses/",
	).Replace(s)
}

func v2PointersIf(v2 bool, s string) string {
	if v2 {
		return v2Pointers(s)
	}
	return s
}

// folder reads files under root only.
type folder struct {
	swagger2 bool // the definition is Swagger 2.0: "examples" hold values
	root     string
	display  string // the main file as the user named it
	absMain  string
	cache    map[string]any
	jsonSrc  map[string][]byte // files that were JSON, as read
	// warnings found while checking references
	warnings []diag.Warning
	total    int64 // bytes read so far, for MaxTotalBytes
	dropped  bool  // dropLocalURIs changed a tree
}

func (f *folder) name(abs string) string {
	if abs == f.absMain {
		return f.display
	}
	if rel, err := filepath.Rel(filepath.Dir(f.absMain), abs); err == nil {
		return filepath.Join(filepath.Dir(f.display), rel)
	}
	return abs
}

// inside reports whether abs lies in the definition's folder, after
// following symbolic links. (readFile checks again: this is for messages
// that name the $ref.)
func (f *folder) inside(abs string) bool {
	p, err := filepath.EvalSymlinks(abs)
	if err != nil {
		p = abs // a missing file: reading it says so
	}
	return f.insideReal(p)
}

// readTree reads a JSON or YAML file into plain Go values.
func (f *folder) readTree(abs string) (any, error) {
	if v, ok := f.cache[abs]; ok {
		return v, nil
	}
	b, err := f.readFile(abs)
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, &diag.Error{File: f.name(abs), Msg: "cannot read: " + err.Error()}
	}
	v, err := decode(b)
	if err != nil {
		return nil, &diag.Error{File: f.name(abs), Msg: err.Error()}
	}
	if ptr := tooDeep(v, nil); ptr != "" {
		return nil, &diag.Error{File: f.name(abs), Pointer: ptr, Msg: fmt.Sprintf("nested more than %d levels deep (oasgen's limit)", MaxNesting)}
	}
	if t := bytes.TrimSpace(b); len(t) > 0 && t[0] == '{' {
		f.jsonSrc[abs] = b
	}
	f.cache[abs] = v
	return v, nil
}

// MaxNesting is how deeply objects and arrays may nest in a file.
// kin-openapi decodes each schema level by re-reading the text below it,
// so its time grows with the square of the depth (1,500 nested arrays:
// 5 s; 5,000: 100 s and 600 MB); no real definition comes near.
const MaxNesting = 256

// tooDeep returns the JSON pointer of the first value, in sorted key
// order, nested deeper than MaxNesting in v, or "". path holds the tokens
// leading to v.
func tooDeep(v any, path []string) string {
	if depth(v, len(path)) <= MaxNesting {
		return "" // the common case, without sorting keys
	}
	if len(path) > MaxNesting {
		return diag.Pointer(path...)
	}
	switch x := v.(type) {
	case map[string]any:
		for _, k := range slices.Sorted(maps.Keys(x)) {
			if p := tooDeep(x[k], append(path, k)); p != "" {
				return p
			}
		}
	case []any:
		for i, e := range x {
			if p := tooDeep(e, append(path, strconv.Itoa(i))); p != "" {
				return p
			}
		}
	}
	return ""
}

// depth is how deeply v nests, counted from d and at most MaxNesting+1.
func depth(v any, d int) int {
	if d > MaxNesting {
		return d
	}
	deepest := d
	switch x := v.(type) {
	case map[string]any:
		for _, e := range x {
			deepest = max(deepest, depth(e, d+1))
		}
	case []any:
		for _, e := range x {
			deepest = max(deepest, depth(e, d+1))
		}
	}
	return deepest
}

// decode parses JSON (when the text starts with '{' or '[') or YAML.
func decode(b []byte) (any, error) {
	t := bytes.TrimSpace(bytes.TrimPrefix(b, []byte("\xef\xbb\xbf")))
	if len(t) > 0 && (t[0] == '{' || t[0] == '[') {
		d := json.NewDecoder(bytes.NewReader(t))
		d.UseNumber()
		var v any
		if err := d.Decode(&v); err != nil {
			return nil, jsonError(t, err)
		}
		if d.More() {
			return nil, errors.New("invalid JSON: data after the top-level value")
		}
		return normalizeNumbers(v), nil
	}
	var v any
	if err := yaml.Unmarshal(t, &v); err != nil {
		return nil, fmt.Errorf("invalid YAML: %s", strings.TrimPrefix(err.Error(), "yaml: "))
	}
	return normalizeYAML(v)
}

func jsonError(b []byte, err error) error {
	var se *json.SyntaxError
	var off int64 = -1
	if errors.As(err, &se) {
		off = se.Offset
	}
	var ue *json.UnmarshalTypeError
	if errors.As(err, &ue) {
		off = ue.Offset
	}
	if off < 0 {
		return fmt.Errorf("invalid JSON: %v", err)
	}
	line, col := 1, 1
	for _, c := range b[:min(int(off), len(b))] {
		if c == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
	}
	return fmt.Errorf("invalid JSON at line %d, column %d: %v", line, col, err)
}

// normalizeNumbers keeps integers as int64 where they fit, so that
// defaults and enums keep their exact value.
func normalizeNumbers(v any) any {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			x[k] = normalizeNumbers(e)
		}
	case []any:
		for i, e := range x {
			x[i] = normalizeNumbers(e)
		}
	case json.Number:
		if i, err := x.Int64(); err == nil {
			return i
		}
		f, _ := x.Float64()
		return f
	}
	return v
}

func normalizeYAML(v any) (any, error) {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			n, err := normalizeYAML(e)
			if err != nil {
				return nil, err
			}
			x[k] = n
		}
		return x, nil
	case map[any]any:
		m := make(map[string]any, len(x))
		for k, e := range x {
			n, err := normalizeYAML(e)
			if err != nil {
				return nil, err
			}
			m[fmt.Sprint(k)] = n
		}
		return m, nil
	case []any:
		for i, e := range x {
			n, err := normalizeYAML(e)
			if err != nil {
				return nil, err
			}
			x[i] = n
		}
		return x, nil
	case int:
		return int64(x), nil
	case uint64:
		return float64(x), nil
	}
	return v, nil
}

// checkRefs walks a tree and verifies every $ref before kin-openapi sees
// it, so that a dangling or escaping reference is reported with the
// pointer where it is written. Values that are data (examples, defaults,
// enums) are not walked: a "$ref" member there is part of the example
// (GitHub's definition has such examples), not a reference.
func (f *folder) checkRefs(file string, v any, ptr string, seen map[string]bool) error {
	return f.walkRefs(file, v, ptr, inObject, seen)
}

// where says what a JSON value is, to tell data from references.
type where int

const (
	inObject    where = iota // an OpenAPI object or a schema
	inNames                  // a map from names to objects: properties, paths, …
	inExamples               // OpenAPI 3 examples: names to Example objects
	inExample                // an Example object, whose value is data
	inExtension              // under an x- key: only $refs matter
)

// nameMaps are the keys whose value maps names to OpenAPI objects, so
// that a member named "example" or "$ref" there is not what it seems.
var nameMaps = map[string]bool{
	"properties": true, "patternProperties": true, "definitions": true, "schemas": true, "$defs": true,
	"paths": true, "x-ms-paths": true, "webhooks": true, "pathItems": true, "responses": true, "headers": true,
	"content": true, "parameters": true, "requestBodies": true, "securitySchemes": true,
	"securityDefinitions": true, "callbacks": true, "links": true, "encoding": true, "variables": true,
	"dependentSchemas": true,
}

// dataKeys hold values, never references.
var dataKeys = map[string]bool{"example": true, "default": true, "enum": true, "const": true}

func (f *folder) walkRefs(file string, v any, ptr string, at where, seen map[string]bool) error {
	switch x := v.(type) {
	case map[string]any:
		if at != inNames && at != inExamples {
			if err := f.checkObjectRefs(file, x, ptr, seen); err != nil {
				// x-ms-examples are documentation: a definition copied
				// without its examples folder (the usual case for one
				// emitted by TypeSpec) still generates.
				var de *diag.Error
				if !strings.Contains(ptr, "/x-ms-examples/") || !errors.As(err, &de) {
					return err
				}
				f.warnings = append(f.warnings, diag.Warning{File: de.File, Pointer: de.Pointer, Msg: de.Msg + " (an example, which is documentation: left out)"})
			}
		}
		for _, k := range slices.Sorted(maps.Keys(x)) {
			if k == "$ref" && at != inNames && at != inExamples {
				continue
			}
			next, skip := f.member(at, k, x[k])
			if skip {
				continue
			}
			kptr := ptr + "/" + diag.EscapeToken(k)
			if next == inObject {
				if _, tuple := x[k].([]any); tuple && k == "items" {
					return &diag.Error{File: f.name(file), Pointer: kptr, Msg: "items is an array (a tuple, draft 4): not supported; give one schema for every element"}
				}
			}
			if err := f.walkRefs(file, x[k], kptr, next, seen); err != nil {
				return err
			}
		}
	case []any:
		for i, e := range x {
			next := inObject
			if at == inExtension {
				next = inExtension
			}
			if err := f.walkRefs(file, e, fmt.Sprintf("%s/%d", ptr, i), next, seen); err != nil {
				return err
			}
		}
	}
	return nil
}

// member says what the member k (value v) of an object found at `at` is,
// and whether it is data to skip.
func (f *folder) member(at where, k string, v any) (where, bool) {
	switch at {
	case inNames:
		return inObject, false
	case inExamples:
		return inExample, false
	case inExtension:
		return inExtension, false
	case inExample:
		if k == "value" {
			return 0, true
		}
	}
	switch {
	case dataKeys[k]:
		return 0, true
	case k == "examples":
		if _, isMap := v.(map[string]any); !isMap || f.swagger2 {
			return 0, true // a 3.1 schema's list, or Swagger 2.0's media type → value map
		}
		return inExamples, false
	case strings.HasPrefix(k, "x-"):
		return inExtension, false
	case nameMaps[k]:
		if _, isMap := v.(map[string]any); isMap {
			return inNames, false
		}
	}
	return inObject, false
}

// checkObjectRefs checks an object's $ref and its discriminator mapping,
// whose values are schema names or references.
func (f *folder) checkObjectRefs(file string, x map[string]any, ptr string, seen map[string]bool) error {
	f.dropLocalURIs(file, x, ptr)
	if ref, ok := x["$ref"].(string); ok {
		if err := f.checkRef(file, ptr, ref, seen); err != nil {
			return err
		}
	}
	d, _ := x["discriminator"].(map[string]any)
	m, _ := d["mapping"].(map[string]any)
	for _, k := range slices.Sorted(maps.Keys(m)) {
		if ref, ok := m[k].(string); ok && strings.ContainsAny(ref, "#/") {
			if err := f.checkRef(file, ptr+"/discriminator/mapping/"+diag.EscapeToken(k), ref, seen); err != nil {
				return err
			}
		}
	}
	return nil
}

func (f *folder) checkRef(file, ptr, ref string, seen map[string]bool) error {
	fail := func(format string, args ...any) error {
		return &diag.Error{File: f.name(file), Pointer: ptr, Msg: fmt.Sprintf(format, args...)}
	}
	u, err := url.Parse(ref)
	if err != nil {
		return fail("malformed $ref %q", ref)
	}
	if u.Scheme != "" || u.Host != "" {
		return fail("$ref %q: remote references are not allowed; download the file next to the definition", ref)
	}
	target := file
	if u.Path != "" {
		target = filepath.Join(filepath.Dir(file), filepath.FromSlash(u.Path))
		if !f.inside(target) {
			return fail("$ref %q points outside the definition's folder %s", ref, f.root)
		}
	}
	tree, err := f.readTree(target)
	if err != nil {
		var de *diag.Error
		if errors.As(err, &de) && strings.HasPrefix(de.Msg, "cannot read") {
			return fail("$ref %q: %s", ref, de.Msg)
		}
		return err
	}
	if u.Fragment != "" {
		if _, ok := lookup(tree, u.Fragment); !ok {
			return fail("$ref %q: no such element in %s", ref, f.name(target))
		}
	}
	if target != file && !seen[target] {
		seen[target] = true
		return f.checkRefs(target, tree, "#", seen)
	}
	return nil
}

// lookup resolves a JSON pointer fragment ("/definitions/Pet").
func lookup(v any, frag string) (any, bool) {
	if frag == "" || frag == "/" {
		return v, frag == "" || frag == "/"
	}
	if !strings.HasPrefix(frag, "/") {
		return nil, false
	}
	for _, tok := range strings.Split(frag[1:], "/") {
		tok = diag.UnescapeToken(tok)
		switch x := v.(type) {
		case map[string]any:
			e, ok := x[tok]
			if !ok {
				return nil, false
			}
			v = e
		case []any:
			var i int
			if _, err := fmt.Sscanf(tok, "%d", &i); err != nil || i < 0 || i >= len(x) {
				return nil, false
			}
			v = x[i]
		default:
			return nil, false
		}
	}
	return v, true
}

// readForLoader serves kin-openapi's reads of external files: inside the
// definition's folder only, YAML converted to JSON.
func (f *folder) readForLoader(_ *openapi3.Loader, u *url.URL) ([]byte, error) {
	if u.Scheme != "" && u.Scheme != "file" {
		return nil, fmt.Errorf("remote reference %s is not allowed", u)
	}
	abs := filepath.FromSlash(u.Path)
	if !f.inside(abs) {
		return nil, fmt.Errorf("reference %s points outside the definition's folder", u.Path)
	}
	v, err := f.readTree(abs)
	if err != nil {
		return nil, err
	}
	return json.Marshal(v)
}

// collectExamples resolves each operation's x-ms-examples ($ref'd files
// already checked by checkRefs).
func collectExamples(raw any, f *folder) map[string]map[string]json.RawMessage {
	out := map[string]map[string]json.RawMessage{}
	paths, _ := raw.(map[string]any)["paths"].(map[string]any)
	for _, item := range paths {
		ops, _ := item.(map[string]any)
		for _, op := range ops {
			o, _ := op.(map[string]any)
			id, _ := o["operationId"].(string)
			exs, _ := o["x-ms-examples"].(map[string]any)
			if id == "" || len(exs) == 0 {
				continue
			}
			m := map[string]json.RawMessage{}
			for name, ex := range exs {
				v := ex
				if e, ok := ex.(map[string]any); ok {
					if ref, ok := e["$ref"].(string); ok {
						u, _ := url.Parse(ref)
						t, err := f.readTree(filepath.Join(filepath.Dir(f.absMain), filepath.FromSlash(u.Path)))
						if err != nil {
							continue // warned about by checkRefs
						}
						v, _ = lookup(t, u.Fragment)
					}
				}
				if b, err := json.Marshal(v); err == nil {
					m[name] = b
				}
			}
			if len(m) > 0 {
				out[id] = m
			}
		}
	}
	return out
}

// mismatchPointer locates a JSON type error that kin-openapi reports
// without a position ("cannot unmarshal number into field Schema.pattern
// of type string"): the first such key, in sorted walk order, whose value
// has the wrong JSON type inside an object that looks like a schema.
func mismatchPointer(raw any, err error) string {
	// kin-openapi flattens encoding/json's error to text, so read it back.
	m := typeErrRE.FindStringSubmatch(err.Error())
	if m == nil {
		return ""
	}
	field := m[2][strings.LastIndexByte(m[2], '.')+1:]
	want := m[3] // a Go type: string, []interface {}, map[string]…, bool, …
	switch {
	case strings.HasPrefix(want, "[]"):
		want = "slice"
	case strings.HasPrefix(want, "map["), strings.HasPrefix(want, "openapi3."):
		want = "map"
	}
	var found string
	var walk func(v any, ptr string)
	walk = func(v any, ptr string) {
		if found != "" {
			return
		}
		switch x := v.(type) {
		case map[string]any:
			keys := make([]string, 0, len(x))
			for k := range x {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			_, schemaish := x["type"]
			_, props := x["properties"]
			for _, k := range keys {
				if k == field && (schemaish || props) && !jsonKindIs(x[k], want) {
					found = ptr + "/" + diag.EscapeToken(k)
					return
				}
				walk(x[k], ptr+"/"+diag.EscapeToken(k))
			}
		case []any:
			for i, e := range x {
				walk(e, fmt.Sprintf("%s/%d", ptr, i))
			}
		}
	}
	walk(raw, "#")
	return found
}

// Documentation keywords of a schema (and pattern, which nothing can
// enforce when it is not a string) that lenientDecode drops when their
// value has the wrong JSON type: 3.1-style "examples" objects in a 3.0
// definition, "pattern": 0.
var droppable = map[string]bool{"examples": true, "example": true, "description": true, "title": true, "pattern": true}

// lenientDecode decodes an OpenAPI 3 definition that encoding/json
// rejected, after dropping droppable schema keywords of the wrong type,
// one warning (with its JSON pointer) each; any other mismatch is the
// located error it was.
func lenientDecode(data []byte, err error, path string, warns *[]diag.Warning) (*openapi3.T, error) {
	tree, _ := decode(data) // read again, on this error path only
	for range 100 {
		ptr := mismatchPointer(tree, err)
		if !dropKey(tree, ptr) {
			return nil, &diag.Error{File: path, Pointer: ptr, Msg: "invalid OpenAPI 3 definition: " + err.Error()}
		}
		*warns = append(*warns, diag.Warning{File: path, Pointer: ptr, Msg: "not valid OpenAPI 3.0 (" + err.Error() + "): ignored"})
		if data, err = json.Marshal(tree); err != nil {
			return nil, &diag.Error{File: path, Msg: err.Error()}
		}
		d3 := &openapi3.T{}
		if err = json.Unmarshal(data, d3); err == nil {
			return d3, nil
		}
	}
	return nil, &diag.Error{File: path, Msg: "invalid OpenAPI 3 definition: " + err.Error()}
}

// dropKey deletes the member ptr names from tree if its key is droppable.
func dropKey(tree any, ptr string) bool {
	i := strings.LastIndexByte(ptr, '/')
	if i < 0 || !droppable[diag.UnescapeToken(ptr[i+1:])] {
		return false
	}
	parent, ok := lookup(tree, ptr[1:i])
	if m, isMap := parent.(map[string]any); ok && isMap {
		delete(m, diag.UnescapeToken(ptr[i+1:]))
		return true
	}
	return false
}

var typeErrRE = regexp.MustCompile(`cannot unmarshal (\w+) into field (\S+) of type (.+)$`)

func jsonKindIs(v any, kind string) bool {
	switch v.(type) {
	case string:
		return kind == "string"
	case bool:
		return kind == "bool"
	case []any:
		return kind == "slice" || kind == "array"
	case map[string]any:
		return kind == "map" || kind == "struct"
	case int64, float64:
		return strings.HasPrefix(kind, "int") || strings.HasPrefix(kind, "uint") || strings.HasPrefix(kind, "float")
	}
	return kind == "interface"
}
