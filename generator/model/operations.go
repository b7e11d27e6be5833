package model

import (
	"fmt"
	"hash/fnv"
	"maps"
	"slices"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/oasgen/oasgen/generator/diag"
)

// Operations: collected from the paths and webhooks, filtered, grouped
// and named before any schema claims a name (declareGroups), then built
// from their parameters, body and responses (buildOperation).

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
	if i := strings.Index(id, "_"); i > 0 && i < len(id)-1 && GoName(id[:i]) != "" && GoName(id[i+1:]) != "" {
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
		grp.File = files.claim(fileStem(g), "_")
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
		o.model.HandlerName = b.handlers.claim(lowerName(prefix), "")
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
	m.Security = b.securityOf(o.op)
	m.Idempotent = o.method != "POST" && o.method != "PATCH"
	if v, ok := o.op.Extensions["x-oasgen-idempotent"].(bool); ok {
		m.Idempotent = v
	}
	prefix := o.group.Name + m.GoName
	args := b.argNames.within()
	params, err := b.resolvedParams(o)
	if err != nil {
		return err
	}
	inTemplate, err := b.pathParams(o, params, prefix, args)
	if err != nil {
		return err
	}
	optional, err := b.otherParams(o, params, queryNames, inTemplate, prefix, args)
	if err != nil {
		return err
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
// The id is the parameter marked x-ms-client-request-id, else, as Azure's
// convention has it whether or not the definition marks it, the header
// parameter client-request-id.
func echoOf(m *Operation) *Echo {
	if m.Options == nil {
		return nil
	}
	id := m.ClientRequestID
	for _, p := range m.Options.Params {
		if id == "" && p.In == InHeader && strings.EqualFold(p.Wire, "client-request-id") {
			id = p.Wire
		}
	}
	if id == "" {
		return nil
	}
	e := &Echo{Wire: id}
	for _, p := range m.Options.Params {
		switch {
		case p.In == InHeader && p.Wire == id:
			e.IDField = p.GoName
		case p.In == InHeader && strings.EqualFold(p.Wire, "return-client-request-id") && p.Type.Kind == KindBuiltin && p.Type.Name == "bool":
			e.ReturnField = p.GoName
		}
	}
	for _, h := range m.Response.Headers {
		if strings.EqualFold(h.Wire, id) {
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

// maxFileStem bounds the part of a file name taken from a group's name
// (GROUP_client.go): file systems refuse names over 255 bytes.
const maxFileStem = 64

// fileStem is a group's Go name as the start of its files' names: lower
// case, and when longer than maxFileStem, cut with a hash of the whole
// name appended, so that two long names stay apart.
func fileStem(group string) string {
	s := strings.ToLower(group)
	if len(s) <= maxFileStem {
		return s
	}
	h := fnv.New32a()
	h.Write([]byte(s))
	return fmt.Sprintf("%s_%08x", s[:maxFileStem-9], h.Sum32())
}
