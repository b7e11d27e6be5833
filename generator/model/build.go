package model

import (
	"fmt"
	"maps"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/oasgen/oasgen/generator/diag"
	"github.com/oasgen/oasgen/generator/load"
)

// Config selects and shapes what is modelled.
type Config struct {
	Package    string
	Tags       []string          // keep only operations with one of these tags
	Operations []string          // keep only these operation ids
	Formats    map[string]string // format → Go type ("int64" or "example.com/pkg.Type")
	// Names maps a wire name or a JSON pointer to a Go name, for what no
	// naming rule can know (see memberName).
	Names    map[string]string
	Reserved []string // package-level names already taken (support code)
	// Locals are the names the emitted methods of an operation declare or
	// refer to besides its arguments (emit.Locals). No argument takes one
	// of them or of Reserved, so that none shadows what the method uses.
	Locals []string
	// FastJSON: every type gets generated JSON codecs (json: fast), not
	// only those encoding/json cannot handle (see MarkCodecs).
	FastJSON bool
	// Prune drops the types no selected operation reaches.
	Prune bool
	// NullablePointer keeps optional nullable properties as *T, where
	// absent and null are the same (nullable: pointer), instead of
	// Nullable[T].
	NullablePointer bool
}

// Infrastructure names every generated package may declare.
var infrastructure = []string{"Client", "NewClient", "Servers", "NewHandler", "APIVersion", "DefaultEndpoint", "handler"}

type builder struct {
	doc          *load.Document
	cfg          Config
	api          *API
	ns           *namespace
	components   map[string]*Type
	byValue      map[*openapi3.Schema]*Type
	enumByName   map[string]*Type
	types        []*Type
	untypedCount int
	unionOf      map[*Type]*Type // base struct → its union
	warnings     []diag.Warning
	methods      map[*Group]*namespace // method names per group, exported and not
	formats      map[string]bool       // formats of the string and integer schemas modelled
	namesUsed    map[string]bool       // keys of cfg.Names that named something
	prims        map[string]TypeRef    // definitions that only rename a primitive
	secret       *Type                 // the type of secret strings, once one is seen
	warned       map[string]bool       // warnOnce's pointer and message pairs
	objectParams []objectParam         // query parameters of struct types
	argNames     *namespace            // what no argument is named: cfg.Locals and cfg.Reserved (see within)
	depth        int                   // nesting of the inline schema being converted
	err          error                 // the first error of a conversion (fail)
}

// Build turns a loaded definition into the model.
func Build(doc *load.Document, cfg Config) (*API, []diag.Warning, error) {
	b := &builder{
		doc:        doc,
		cfg:        cfg,
		api:        &API{Package: cfg.Package},
		ns:         newNamespace(append(slices.Clone(cfg.Reserved), infrastructure...)...),
		components: map[string]*Type{},
		byValue:    map[*openapi3.Schema]*Type{},
		enumByName: map[string]*Type{},
		methods:    map[*Group]*namespace{},
		unionOf:    map[*Type]*Type{},
		formats:    map[string]bool{},
		namesUsed:  map[string]bool{},
		prims:      map[string]TypeRef{},
		warned:     map[string]bool{},
		argNames:   newNamespace(slices.Concat(cfg.Locals, cfg.Reserved)...),
	}
	if err := CheckFormats(cfg.Formats); err != nil {
		return nil, nil, err
	}
	if err := checkNames(cfg.Names); err != nil {
		return nil, nil, err
	}
	t := doc.T
	if t.Info != nil {
		b.api.Title, b.api.Doc, b.api.Version = t.Info.Title, t.Info.Description, t.Info.Version
		b.api.License = license(t.Info.License)
	}
	ops, err := b.collectOperations()
	if err != nil {
		return nil, nil, err
	}
	b.unsupported31()
	b.declareGroups(ops)
	b.declareComponents()
	b.declareUnions()
	b.defineComponents()
	for _, o := range ops {
		if err := b.buildOperation(o); err != nil {
			return nil, nil, err
		}
	}
	if b.err != nil {
		return nil, nil, b.err
	}
	b.finishGroups(ops)
	b.finishUnions()
	breakCycles(b.types)
	b.unusedFormats()
	b.unusedNames()
	b.markHolders()
	b.markValidation()
	b.markErrors()
	b.api.ErrorModel = b.errorModel()
	if !b.cfg.NullablePointer {
		b.markNullables()
	}
	b.finishObjectParams()
	b.api.Endpoint = b.endpoint()
	b.api.RequestID = b.requestIDHeader()
	b.api.Scopes = b.scopes()
	b.attachExamples(ops)
	sort.Slice(b.types, func(i, j int) bool { return b.types[i].Name < b.types[j].Name })
	b.api.Types = b.types
	b.api.Untyped = b.untypedCount
	if b.cfg.Prune {
		Prune(b.api)
	}
	MarkCodecs(b.api.Types, b.cfg.FastJSON)
	return b.api, b.warnings, nil
}

func (b *builder) warnf(ptr, format string, args ...any) {
	b.warnings = append(b.warnings, diag.Warning{File: b.doc.File, Pointer: ptr, Msg: fmt.Sprintf(format, args...)})
}

// warnOnce is warnf for a schema that may be converted more than once.
func (b *builder) warnOnce(ptr, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if !b.warned[ptr+"\x00"+msg] {
		b.warned[ptr+"\x00"+msg] = true
		b.warnf(ptr, "%s", msg)
	}
}

// unsupported31 warns about OpenAPI 3.1 parts oasgen reads differently.
func (b *builder) unsupported31() {
	t := b.doc.T
	if d := t.JSONSchemaDialect; d != "" && d != "https://spec.openapis.org/oas/3.1/dialect/base" {
		b.warnf("#/jsonSchemaDialect", "schema dialect %s is read as OpenAPI 3.1's default dialect", d)
	}
}

// opSource is an operation before it is modelled.
type opSource struct {
	path, method string
	webhook      string // the webhook's name, for a webhook's operation (path is then "")
	item         *openapi3.PathItem
	op           *openapi3.Operation
	group        *Group
	model        *Operation
}

var methodOrder = []string{"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE"}

func (b *builder) collectOperations() ([]*opSource, error) {
	var all, out []*opSource
	paths := b.doc.T.Paths.Map()
	for _, path := range slices.Sorted(maps.Keys(paths)) {
		all = appendOps(all, &opSource{path: path, item: paths[path]})
	}
	hooks := b.doc.T.Webhooks
	for _, name := range slices.Sorted(maps.Keys(hooks)) {
		all = appendOps(all, &opSource{webhook: name, item: hooks[name]})
	}
	if err := b.checkFilters(all); err != nil {
		return nil, err
	}
	for _, o := range all {
		if b.selected(o.op) {
			out = append(out, o)
		}
	}
	return out, nil
}

// appendOps appends the operations of at's path item (nil: none), in
// methodOrder, each a copy of at.
func appendOps(all []*opSource, at *opSource) []*opSource {
	if at.item == nil {
		return all
	}
	for _, m := range methodOrder {
		if op := at.item.GetOperation(m); op != nil {
			o := *at
			o.method, o.op = m, op
			all = append(all, &o)
		}
	}
	return all
}

func (b *builder) selected(op *openapi3.Operation) bool {
	if len(b.cfg.Operations) > 0 && !slices.Contains(b.cfg.Operations, op.OperationID) {
		return false
	}
	if len(b.cfg.Tags) > 0 {
		for _, t := range op.Tags {
			if slices.Contains(b.cfg.Tags, t) {
				return true
			}
		}
		return false
	}
	return true
}

// splitOperationID follows the Azure convention Group_Method; other
// definitions are grouped by their first tag.
func splitOperationID(op *openapi3.Operation, method, path string) (group, name string) {
	id := op.OperationID
	if i := strings.Index(id, "_"); i > 0 && i < len(id)-1 {
		return GoName(id[:i]), GoName(id[i+1:])
	}
	if len(op.Tags) > 0 && GoName(op.Tags[0]) != "" {
		group = GoName(op.Tags[0])
	} else {
		group = "Default"
	}
	if id != "" && GoName(id) != "" {
		return group, GoName(id)
	}
	return group, GoName(strings.ToLower(method) + " " + path)
}

// declareGroups names groups, their operations and every package-level
// name they derive, before schemas claim theirs.
func (b *builder) declareGroups(ops []*opSource) {
	byName := map[string]*Group{}
	var hooks []*opSource
	for _, o := range ops {
		if o.webhook != "" {
			hooks = append(hooks, o)
			continue
		}
		g, name := splitOperationID(o.op, o.method, o.path)
		grp := byName[g]
		if grp == nil {
			grp = &Group{Name: g}
			byName[g] = grp
		}
		o.group = grp
		o.model = &Operation{GoName: name}
	}
	files := newNamespace("support") // support_*.go are the runtime's files
	for _, g := range slices.Sorted(maps.Keys(byName)) {
		grp := byName[g]
		grp.Client = b.ns.claim(g+"Client", "")
		grp.Server = b.ns.claim(g+"Server", "")
		grp.Unimpl = b.ns.claim("Unimplemented"+g+"Server", "")
		grp.File = files.claim(strings.ToLower(g), "_")
		b.api.Groups = append(b.api.Groups, grp)
	}
	b.declareWebhooks(hooks, files)
	methods := b.methods
	for _, o := range ops {
		ns := methods[o.group]
		if ns == nil {
			ns = newNamespace()
			methods[o.group] = ns
		}
		o.model.GoName = ns.claim(o.model.GoName, "")
		o.group.Operations = append(o.group.Operations, o.model)
	}
	for _, o := range ops {
		prefix := o.group.Name + o.model.GoName
		o.model.Response = &Response{Name: b.ns.claim(prefix+"Response", "")}
		o.model.HandlerName = lowerName(prefix)
	}
	for _, o := range ops {
		if hasOptional(o) {
			o.model.Options = &Options{Name: b.ns.claim(optionsName(o), "")}
		}
	}
}

// optionsName names an operation's Options struct: <Group><Op>Options,
// unless its optional parameters agree on one x-ms-parameter-grouping,
// whose name, or <Group><Op> and its postfix, is used as AutoRest does.
func optionsName(o *opSource) string {
	base := o.group.Name + o.model.GoName
	name := ""
	for _, p := range mergedParams(o) {
		if p.Value == nil || p.Value.Required || p.Value.In == "cookie" || ignoredHeader(p.Value) {
			continue
		}
		g, _ := p.Value.Extensions["x-ms-parameter-grouping"].(map[string]any)
		n := base + "Options"
		if s, _ := g["name"].(string); s != "" && GoName(s) != "" {
			n = GoName(s)
		} else if s, _ := g["postfix"].(string); s != "" && GoName(s) != "" {
			n = base + GoName(s)
		}
		if name != "" && n != name {
			return base + "Options" // several groups: one struct, the default name
		}
		name = n
	}
	if name == "" {
		name = base + "Options"
	}
	return name
}

// hasOptional reports whether an operation has optional parameters or an
// optional body (its Options struct is then declared).
func hasOptional(o *opSource) bool {
	for _, p := range mergedParams(o) {
		if p.Value != nil && !p.Value.Required && p.Value.In != "cookie" && !ignoredHeader(p.Value) {
			return true
		}
	}
	rb := o.op.RequestBody
	return rb != nil && rb.Value != nil && !rb.Value.Required
}

func (b *builder) finishGroups(ops []*opSource) {
	for _, g := range b.api.AllGroups() {
		sort.Slice(g.Operations, func(i, j int) bool { return g.Operations[i].GoName < g.Operations[j].GoName })
	}
}

// mergedParams are the path item's parameters overridden by the
// operation's, in definition order.
func mergedParams(o *opSource) openapi3.Parameters {
	var out openapi3.Parameters
	own := map[string]bool{}
	for _, p := range o.op.Parameters {
		if p != nil && p.Value != nil {
			own[p.Value.In+" "+p.Value.Name] = true
		}
	}
	for _, p := range o.item.Parameters {
		if p != nil && p.Value != nil && !own[p.Value.In+" "+p.Value.Name] {
			out = append(out, p)
		}
	}
	return append(out, o.op.Parameters...)
}

// ignoredHeader: OpenAPI says these header parameters are ignored; the
// transport owns them.
func ignoredHeader(p *openapi3.Parameter) bool {
	if p.In != "header" {
		return false
	}
	switch strings.ToLower(p.Name) {
	case "accept", "content-type", "authorization":
		return true
	}
	return false
}

func (b *builder) opPointer(o *opSource) string {
	if o.webhook != "" {
		return diag.Pointer("webhooks", o.webhook, strings.ToLower(o.method))
	}
	return diag.Pointer("paths", o.path, strings.ToLower(o.method))
}

func (b *builder) buildOperation(o *opSource) error {
	m := o.model
	m.ID, m.Method, m.Path, m.Webhook = o.op.OperationID, o.method, o.path, o.webhook
	var queryNames []string
	if i := queryStart(m.Path); i >= 0 {
		// Some definitions write query parameters into the path template
		// ("/uploads?convert={convert}"): the path routes, and parameters
		// named only there are sent in the query.
		b.warnf(diag.Pointer("paths", o.path), "query string in the path template is sent as query parameters: %s", m.Path[i:])
		queryNames = templateNames(m.Path[i:])
		m.Path = m.Path[:i]
	}
	m.Pointer = b.opPointer(o)
	m.Summary, m.Doc, m.Deprecated = o.op.Summary, o.op.Description, o.op.Deprecated
	m.Idempotent = o.method != "POST" && o.method != "PATCH"
	if v, ok := o.op.Extensions["x-oasgen-idempotent"].(bool); ok {
		m.Idempotent = v
	}
	prefix := o.group.Name + m.GoName
	args := b.argNames.within()

	// Path parameters in template order.
	names := templateNames(m.Path)
	params := mergedParams(o)
	for i, pr := range params {
		if pr == nil || pr.Value == nil {
			return diag.Errorf(b.doc.File, fmt.Sprintf("%s/parameters/%d", m.Pointer, i), m.ID, "unresolved parameter")
		}
	}
	for i, pr := range params {
		if st := pr.Value.Style; pr.Value.In == "path" && st != "" && st != "simple" && st != "label" && st != "matrix" {
			return diag.Errorf(b.doc.File, fmt.Sprintf("%s/parameters/%d/style", m.Pointer, i), m.ID, "path parameter %q: style %q is not a path style (simple, label or matrix)", pr.Value.Name, st)
		}
	}
	raw := slices.Clone(names) // the expressions as written: {.format} is raw ".format", name "format"
	vars := make([]templateVar, len(names))
	// inTemplate: the template names the parameter, by its variable or
	// by the whole expression (".format" for {.format}).
	inTemplate := func(name string) bool { return slices.Contains(names, name) || slices.Contains(raw, name) }
	for i, n := range names {
		v, why := parseTemplateVar(n)
		if why != "" {
			return diag.Errorf(b.doc.File, diag.Pointer("paths", o.path), m.ID, "path template %s: {%s} is %s, which oasgen does not support; only {name}, {name*}, {+name}, {.name}, {.name*}, {;name} and {;name*}", m.Path, n, why)
		}
		vars[i], names[i] = v, v.name
		m.Path = strings.Replace(m.Path, "{"+n+"}", "{"+v.name+"}", 1)
	}
	for vi, n := range names {
		var found *openapi3.Parameter
		ptr := m.Pointer
		for i, pr := range params {
			// A parameter named like the whole expression (".format" for
			// {.format}) is what its author meant.
			if pr.Value.In == "path" && (pr.Value.Name == n || found == nil && pr.Value.Name == raw[vi]) {
				found, ptr = pr.Value, fmt.Sprintf("%s/parameters/%d", m.Pointer, i)
			}
		}
		if found == nil {
			// Lenient where the intent is clear: the template says the
			// segment varies and no declaration is left over for it, so it
			// is a string. With one left over ({petId} and "id"), which
			// was meant is the author's call.
			var unused []string
			for _, pr := range params {
				if pr.Value.In == "path" && !inTemplate(pr.Value.Name) {
					unused = append(unused, strconv.Quote(pr.Value.Name))
				}
			}
			if len(unused) > 0 {
				return diag.Errorf(b.doc.File, m.Pointer, m.ID, "path template names {%s} but the operation has no such path parameter (declared but not in the template: %s)", n, strings.Join(unused, ", "))
			}
			b.warnf(m.Pointer, "path template names {%s} but the operation declares no such path parameter: taken as a required string", n)
			found = &openapi3.Parameter{Name: n, In: "path", Required: true, Schema: openapi3.NewStringSchema().NewRef()}
		}
		p := b.param(found, prefix, m.Pointer)
		p.Wire = n // the expression's variable name, also for a parameter named ".format"
		b.templateStyle(p, found, vars[vi], ptr)
		p.Required = true
		p.Arg = args.claim(lowerName(p.GoName), "Param")
		m.PathParams = append(m.PathParams, p)
		m.Positional = append(m.Positional, p)
	}
	var optional []*Param
	for i, pr := range params {
		pv := pr.Value
		ptr := fmt.Sprintf("%s/parameters/%d", m.Pointer, i)
		switch {
		case pv.In == "path" && !inTemplate(pv.Name) && slices.Contains(queryNames, pv.Name):
			q := *pv
			q.In = "query"
			pv = &q
		case pv.In == "path":
			if !inTemplate(pv.Name) {
				// Apache Superset's definition has such; ogen drops them too.
				b.warnf(ptr, "path parameter %q does not appear in the path template %s: left out", pv.Name, m.Path)
			}
			continue
		case pv.In == "cookie":
			b.warnf(ptr, "cookie parameter %q is not supported and is left out", pv.Name)
			continue
		case ignoredHeader(pv):
			continue
		case pv.In != "query" && pv.In != "header":
			return diag.Errorf(b.doc.File, ptr, m.ID, "parameter %q: unsupported location %q", pv.Name, pv.In)
		}
		if c := b.constant(pv); c != nil {
			m.Consts = append(m.Consts, c)
			continue
		}
		p := b.param(pv, prefix, ptr)
		if v, _ := pv.Extensions["x-ms-client-request-id"].(bool); v && pv.In == "header" {
			m.ClientRequestID = pv.Name
		}
		if p.Required {
			p.Arg = args.claim(lowerName(p.GoName), "Param")
			m.Positional = append(m.Positional, p)
		} else {
			optional = append(optional, p)
		}
	}
	if err := b.requestBody(o, prefix, args); err != nil {
		return err
	}
	if m.Options != nil {
		optionFields(m.Options, optional, m.OptionalBody())
	}
	b.responses(o, prefix)
	b.pageable(o)
	m.Echo = echoOf(m)
	return nil
}

// echoOf finds the optional client request id, the optional boolean
// return-client-request-id and the response header that echoes the id.
func echoOf(m *Operation) *Echo {
	if m.ClientRequestID == "" || m.Options == nil {
		return nil
	}
	e := &Echo{}
	for _, p := range m.Options.Params {
		switch {
		case p.In == InHeader && p.Wire == m.ClientRequestID:
			e.IDField = p.GoName
		case p.In == InHeader && strings.EqualFold(p.Wire, "return-client-request-id") && p.Type.Kind == KindBuiltin && p.Type.Name == "bool":
			e.ReturnField = p.GoName
		}
	}
	for _, h := range m.Response.Headers {
		if strings.EqualFold(h.Wire, m.ClientRequestID) {
			e.HeaderField = h.GoName
			for _, p := range m.Options.Params {
				if p.GoName == e.IDField && !sameType(p.Type, h.Type) {
					return nil
				}
			}
		}
	}
	if e.IDField == "" || e.ReturnField == "" || e.HeaderField == "" {
		return nil
	}
	return e
}

// templateVar is one {expression} of a path template. RFC 6570's label
// ({.id}), matrix ({;id}) and explode ({id*}) forms are OpenAPI 3's path
// styles written in the template; reserved expansion ({+id}) is simple
// style with '/' unescaped.
type templateVar struct {
	name     string
	style    Style // simple, label or matrix
	explode  bool
	reserved bool // {+name}
	styled   bool // an operator or '*' is written: the template sets the style
}

// parseTemplateVar reads one template expression; why names the RFC 6570
// form it is when oasgen does not support it.
func parseTemplateVar(e string) (v templateVar, why string) {
	v.style = StyleSimple
	if e == "" {
		return v, "an empty expression"
	}
	switch e[0] {
	case '.':
		v.style, v.styled, e = StyleLabel, true, e[1:]
	case ';':
		v.style, v.styled, e = StyleMatrix, true, e[1:]
	case '+':
		v.reserved, v.styled, e = true, true, e[1:]
	case '#':
		return v, "an RFC 6570 fragment expansion"
	case '/':
		return v, "an RFC 6570 path segment expansion"
	case '?', '&':
		return v, "an RFC 6570 query expansion"
	}
	if n, ok := strings.CutSuffix(e, "*"); ok {
		v.explode, v.styled, e = true, true, n
	}
	if e == "" || strings.ContainsAny(e[:1], "+#./;?&") || strings.HasSuffix(e, "*") {
		return v, "not an RFC 6570 expression oasgen reads"
	}
	v.name = e
	return v, ""
}

// templateStyle applies the style a path template writes ({.id*}) to a
// path parameter; when the parameter declares another, the template wins.
func (b *builder) templateStyle(p *Param, pv *openapi3.Parameter, v templateVar, ptr string) {
	if !v.styled {
		return
	}
	if pv.Style != "" && styleOf(pv.Style) != v.style || pv.Explode != nil && *pv.Explode != v.explode {
		declared := pv.Style
		if declared == "" {
			declared = "simple"
		}
		b.warnf(ptr, "path parameter %q: the template writes style %s explode %t but the parameter declares style %s explode %t: the template's is used", pv.Name, v.style, v.explode, declared, pv.Explode != nil && *pv.Explode)
	}
	p.Style = v.style
	p.Explode = v.explode && p.Shape == ShapeArray
	p.Reserved = v.reserved
}

// queryStart is the index of the '?' that starts a query string in a
// path template, or -1; a '?' inside braces is RFC 6570's {?query}.
func queryStart(path string) int {
	depth := 0
	for i, c := range path {
		switch {
		case c == '{':
			depth++
		case c == '}' && depth > 0:
			depth--
		case c == '?' && depth == 0:
			return i
		}
	}
	return -1
}

// templateNames lists the {names} of a path template in order.
func templateNames(path string) []string {
	var out []string
	for {
		i := strings.IndexByte(path, '{')
		j := strings.IndexByte(path, '}')
		if i < 0 || j < i {
			return out
		}
		out = append(out, path[i+1:j])
		path = path[j+1:]
	}
}

// constant recognises the api-version parameter: sent by the client with
// the definition's version, checked by the server.
func (b *builder) constant(p *openapi3.Parameter) *Const {
	if p.Name != "api-version" || p.In != "query" || !p.Required {
		return nil
	}
	value := b.api.Version
	if s := p.Schema; s != nil && s.Value != nil {
		switch {
		case len(enumOf(s.Value)) == 1:
			value = fmt.Sprint(enumOf(s.Value)[0])
		case len(enumOf(s.Value)) > 1:
			return nil
		case s.Value.Default != nil:
			value = fmt.Sprint(s.Value.Default)
		}
	}
	c := &Const{GoName: "APIVersion", Wire: p.Name, In: InQuery, Value: value}
	if b.api.APIVersion == nil {
		b.api.APIVersion = c
	}
	if b.api.APIVersion.Value != value {
		return nil // several versions in one definition: a plain parameter
	}
	return b.api.APIVersion
}

func (b *builder) param(pv *openapi3.Parameter, prefix, ptr string) *Param {
	goName := b.memberName(pv.Name, pv.Extensions, ptr)
	if goName == "" {
		goName = "Param"
	}
	in, _ := locationOf(pv.In) // buildOperation keeps the modelled locations only
	p := &Param{Wire: pv.Name, GoName: goName, Required: pv.Required, Doc: pv.Description}
	p.Checks.MaxLength = -1
	var s *openapi3.Schema
	if pv.Schema != nil {
		s = pv.Schema.Value
	}
	if s == nil {
		if pv.Content != nil {
			b.warnf(ptr, "parameter %q with content: sent as a plain string", pv.Name)
		}
		p.Type = TypeRef{Kind: KindBuiltin, Name: "string"}
		p.Encoding = b.encoding(pv, in, p.Type, ptr)
		return p
	}
	t := b.typeOf(pv.Schema, prefix+goName, ptr+"/schema")
	if t.Kind == KindNamed && t.Decl.Kind == DeclAlias && t.Decl.Underlying.Kind == KindBuiltin {
		t = *t.Decl.Underlying // a named primitive travels as its base type
	}
	// A query object is decided once its type is final (a member may
	// yet become Nullable): finishObjectParams.
	if in == InQuery && t.Kind == KindMap && t.Elem.Kind == KindBuiltin && t.Elem.Name == "any" {
		// An object of free keys in a query: its values are text.
		t = TypeRef{Kind: KindMap, Elem: &TypeRef{Kind: KindBuiltin, Name: "string"}}
	}
	object := in == InQuery && objectType(t)
	if !simpleParamType(t) && !object {
		b.warnf(ptr, "parameter %q of a structured type: sent as a plain string", pv.Name)
		t = TypeRef{Kind: KindBuiltin, Name: "string"}
	}
	p.Type = t
	p.Encoding = b.encoding(pv, in, t, ptr)
	if object {
		b.objectParams = append(b.objectParams, objectParam{p, ptr})
		return p
	}
	p.Default = s.Default
	p.Checks = b.checksOf(s, ptr+"/schema")
	return p
}

// simpleParamType: what can travel in a path, query or header.
func simpleParamType(t TypeRef) bool {
	switch t.Kind {
	case KindBuiltin:
		return t.Name != "any"
	case KindTime, KindUUID, KindExternal:
		return true
	case KindNamed:
		d := t.Decl
		return d.Kind == DeclEnum || d.Kind == DeclAlias && d.Underlying.Kind == KindBuiltin && d.Underlying.Name != "any"
	case KindSlice:
		return t.Elem.Kind != KindSlice && simpleParamType(*t.Elem)
	}
	return false
}

func (b *builder) requestBody(o *opSource, prefix string, args *namespace) error {
	m := o.model
	rb := o.op.RequestBody
	if rb == nil {
		return nil
	}
	if rb.Value == nil {
		return diag.Errorf(b.doc.File, m.Pointer+"/requestBody", m.ID, "unresolved request body")
	}
	name := "body"
	if n, ok := rb.Value.Extensions["x-originalParamName"].(string); ok && n != "" {
		name = n
	}
	ct, mt := pickContent(rb.Value.Content)
	if mt == nil {
		return nil
	}
	body := &Body{Wire: name, ContentType: ct, Required: rb.Value.Required, Doc: rb.Value.Description}
	goName := GoName(name)
	if n := clientName(rb.Value.Extensions); n != "" {
		goName = GoName(n)
	}
	if goName == "" {
		goName = "Body"
	}
	body.GoName = goName
	ptr := m.Pointer + "/requestBody"
	if isJSON(ct) {
		body.JSON = true
		body.Type = b.typeOf(mt.Schema, prefix+"Body", ptr)
		if body.Type.Kind == KindStream {
			body.JSON = false
		}
		body.Strict = body.Type.IsStruct() && body.Type.Decl.Strict
	} else {
		body.Type = TypeRef{Kind: KindStream}
	}
	m.Body = body
	if body.Required {
		body.Arg = args.claim(lowerName(goName), "Param")
	}
	return nil
}

// optionFields sorts the fields of an Options struct by name (the
// optional body's among them), makes the names unique and places the
// body.
func optionFields(opts *Options, params []*Param, body *Body) {
	type field struct {
		name  *string
		param *Param // nil: the body
	}
	fields := make([]field, 0, len(params)+1)
	for _, p := range params {
		fields = append(fields, field{&p.GoName, p})
	}
	if body != nil {
		fields = append(fields, field{&body.GoName, nil})
	}
	sort.SliceStable(fields, func(i, j int) bool { return *fields[i].name < *fields[j].name })
	names := newNamespace()
	for _, f := range fields {
		*f.name = names.claim(*f.name, "_")
		if f.param == nil {
			opts.BodyAt = len(opts.Params)
		} else {
			opts.Params = append(opts.Params, f.param)
		}
	}
}

func isJSON(ct string) bool {
	mt := strings.ToLower(strings.TrimSpace(strings.SplitN(ct, ";", 2)[0]))
	return mt == "application/json" || strings.HasSuffix(mt, "+json") || mt == "text/json"
}

// pickContent prefers JSON, then the first media type by name.
func pickContent(c openapi3.Content) (string, *openapi3.MediaType) {
	if len(c) == 0 {
		return "", nil
	}
	keys := slices.Sorted(maps.Keys(c))
	for _, k := range keys {
		if isJSON(k) {
			return k, c[k]
		}
	}
	return keys[0], c[keys[0]]
}

func (b *builder) responses(o *opSource, prefix string) {
	m := o.model
	resp := m.Response
	rs := o.op.Responses
	if rs == nil {
		return
	}
	codes := slices.Sorted(maps.Keys(rs.Map()))
	headers := map[string]*Header{}
	for _, code := range codes {
		rr := rs.Value(code)
		if rr == nil || rr.Value == nil {
			continue
		}
		ptr := m.Pointer + "/responses/" + code
		status, ok := statusOf(code)
		success := ok && status >= 200 && status < 300
		if !success {
			if ct, mt := pickContent(rr.Value.Content); mt != nil && isJSON(ct) && mt.Schema != nil {
				t := b.typeOf(mt.Schema, prefix+"Error", ptr)
				if t.IsUnion() && t.Decl.Union.Base != nil {
					t = b.named(t.Decl.Union.Base) // errors are matched by type, not kind
				}
				if t.IsUnion() {
					b.warnf(ptr, "error response %s is a union without a common base: returned as a plain *ResponseError with the raw body", t.Name)
				}
				if canBeError(t) {
					e := &ErrorResponse{Status: status, Type: t}
					switch {
					case code == "default":
						e.Status = 0
					case len(code) == 3 && strings.EqualFold(code[1:], "XX") && code[0] >= '1' && code[0] <= '5':
						e.Status, e.Class = 0, int(code[0]-'0')
					}
					m.Errors = append(m.Errors, e)
				}
			}
			continue
		}
		resp.Statuses = append(resp.Statuses, status)
		for _, hn := range slices.Sorted(maps.Keys(rr.Value.Headers)) {
			h := rr.Value.Headers[hn]
			if h == nil || h.Value == nil || headers[strings.ToLower(hn)] != nil {
				continue
			}
			t := TypeRef{Kind: KindBuiltin, Name: "string"}
			if h.Value.Schema != nil {
				t = b.typeOf(h.Value.Schema, prefix+GoName(hn), ptr+"/headers/"+diag.EscapeToken(hn))
				if t.Kind == KindNamed && t.Decl.Kind == DeclAlias && t.Decl.Underlying.Kind == KindBuiltin {
					t = *t.Decl.Underlying
				}
				if !simpleParamType(t) || t.Kind == KindSlice {
					t = TypeRef{Kind: KindBuiltin, Name: "string"}
				}
			}
			goName := b.memberName(hn, h.Value.Extensions, ptr+"/headers/"+diag.EscapeToken(hn))
			headers[strings.ToLower(hn)] = &Header{Wire: hn, GoName: goName, Type: t, Doc: h.Value.Description}
		}
		if resp.Body != nil || resp.Stream {
			continue
		}
		ct, mt := pickContent(rr.Value.Content)
		switch {
		case mt == nil:
		case isJSON(ct) && mt.Schema != nil:
			t := b.typeOf(mt.Schema, prefix+"Result", ptr)
			if t.Kind == KindStream {
				resp.Stream = true
			}
			resp.Body = &t
		default:
			resp.Stream = true
			t := TypeRef{Kind: KindStream}
			resp.Body = &t
		}
	}
	// Exact statuses first, then classes (4XX), then default.
	rank := func(e *ErrorResponse) int {
		switch {
		case e.Status != 0:
			return e.Status
		case e.Class != 0:
			return 1000 + e.Class
		}
		return 2000
	}
	sort.SliceStable(m.Errors, func(i, j int) bool { return rank(m.Errors[i]) < rank(m.Errors[j]) })
	sort.Ints(resp.Statuses)
	resp.Statuses = slices.Compact(resp.Statuses) // "2XX" and "200" are one status
	fields := newNamespace("StatusCode")
	if resp.Body != nil {
		if resp.Body.IsStruct() && !resp.Stream {
			resp.Embed = true
			fields.claim(resp.Body.Name, "")
		} else {
			resp.BodyName = fields.claim("Body", "")
		}
	}
	for _, k := range slices.Sorted(maps.Keys(headers)) {
		h := headers[k]
		h.GoName = fields.claim(h.GoName, "Header")
		resp.Headers = append(resp.Headers, h)
	}
	sort.SliceStable(resp.Headers, func(i, j int) bool { return resp.Headers[i].GoName < resp.Headers[j].GoName })
}

func statusOf(code string) (int, bool) {
	switch strings.ToUpper(code) {
	case "2XX":
		return 200, true
	case "DEFAULT":
		return 0, false
	}
	n, err := strconv.Atoi(code)
	return n, err == nil
}

func (b *builder) pageable(o *opSource) {
	m := o.model
	x, ok := o.op.Extensions["x-ms-pageable"].(map[string]any)
	if !ok || m.Response.Body == nil || !m.Response.Body.IsStruct() {
		return
	}
	next, _ := x["nextLinkName"].(string)
	items, _ := x["itemName"].(string)
	if items == "" {
		items = "value"
	}
	page := m.Response.Body.Decl
	var pg Pageable
	for _, f := range page.Fields {
		switch f.JSONName {
		case next:
			if f.Type.Kind == KindBuiltin && f.Type.Name == "string" {
				pg.NextName, pg.NextPtr = f.GoName, f.Pointer
			}
		case items:
			if f.Type.Kind == KindSlice {
				pg.ItemsName, pg.Item = f.GoName, *f.Type.Elem
			}
		}
	}
	if pg.ItemsName == "" || next == "" || pg.NextName == "" {
		return
	}
	pg.Name = b.methods[o.group].claim(m.GoName+"All", "")
	pg.Paged = b.methods[o.group].claim(lowerName(m.GoName)+"Page", "")
	m.Pageable = &pg
}

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

func (b *builder) endpoint() string {
	t := b.doc.T
	if len(t.Servers) != 1 {
		return ""
	}
	u := t.Servers[0].URL
	if strings.Contains(u, "{") || !(strings.HasPrefix(u, "https://") || strings.HasPrefix(u, "http://")) {
		return ""
	}
	return strings.TrimSuffix(u, "/")
}

// requestIDHeader is the header named by x-ms-request-id, or a
// conventional request id header the responses declare.
func (b *builder) requestIDHeader() string {
	if v, ok := b.doc.T.Extensions["x-ms-request-id"].(string); ok {
		return v
	}
	count := map[string]int{}
	for _, path := range b.doc.T.Paths.InMatchingOrder() {
		for _, op := range b.doc.T.Paths.Value(path).Operations() {
			if v, ok := op.Extensions["x-ms-request-id"].(string); ok {
				count[v]++
			}
		}
	}
	best := ""
	for _, k := range slices.Sorted(maps.Keys(count)) {
		if best == "" || count[k] > count[best] {
			best = k
		}
	}
	if best != "" {
		return best
	}
	for _, g := range b.api.Groups {
		for _, op := range g.Operations {
			for _, h := range op.Response.Headers {
				switch strings.ToLower(h.Wire) {
				case "request-id", "x-request-id", "x-ms-request-id":
					return h.Wire
				}
			}
		}
	}
	return ""
}

// markValidation flags the struct types reachable from request bodies
// that have something for the server to check.
func (b *builder) markValidation() {
	reached := b.bodyTypes()
	// A fixed point: a type validates if a field of it has a check or a
	// type that validates.
	for changed := true; changed; {
		changed = false
		for _, t := range b.types {
			if !reached[t] || t.Validate {
				continue
			}
			if t.Kind == DeclUnion {
				for _, k := range t.Union.Kinds() {
					if k.Validate {
						t.Validate, changed = true, true
						break
					}
				}
				continue
			}
			if t.Kind != DeclStruct {
				continue
			}
			for _, f := range t.Fields {
				if f.Required || fieldChecks(f) || f.Type.ValidatesElems() {
					t.Validate, changed = true, true
					break
				}
			}
		}
	}
}

// fieldChecks reports whether a field's own value has a check.
func fieldChecks(f *Field) bool {
	c := f.Checks
	switch t := f.Type; {
	case t.Kind == KindNamed && t.Decl.Kind == DeclEnum:
		return !t.Decl.Enum.Open
	case t.Kind == KindBuiltin && t.Name == "string":
		return c.MinLength > 0 || c.MaxLength >= 0 || c.Pattern != ""
	case t.Kind == KindBuiltin && t.Name != "bool" && t.Name != "any":
		return c.Min != nil || c.Max != nil
	}
	return false
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

// scopes collects the OAuth2 scopes of every security scheme.
func (b *builder) scopes() []string {
	seen := map[string]bool{}
	for _, ref := range b.doc.T.Components.SecuritySchemes {
		if ref == nil || ref.Value == nil || ref.Value.Flows == nil {
			continue
		}
		f := ref.Value.Flows
		for _, flow := range []*openapi3.OAuthFlow{f.Implicit, f.Password, f.ClientCredentials, f.AuthorizationCode} {
			if flow != nil {
				for s := range flow.Scopes {
					seen[s] = true
				}
			}
		}
	}
	return slices.Sorted(maps.Keys(seen))
}
