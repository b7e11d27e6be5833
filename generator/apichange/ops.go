package apichange

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/oasgen/oasgen/generator/diag"
	"github.com/oasgen/oasgen/generator/model"
)

// groupOp is an operation with its group.
type groupOp struct {
	g  *model.Group
	op *model.Operation
}

var templateVar = regexp.MustCompile(`\{[^}]*\}`)

// opKey identifies an operation across versions: its method and path
// template, parameter names left out (renaming {poolId} is not a new
// operation).
func opKey(op *model.Operation) string {
	if op.Webhook != "" {
		return op.Method + " webhook " + op.Webhook
	}
	return op.Method + " " + templateVar.ReplaceAllString(op.Path, "{}")
}

func opsOf(api *model.API) (map[string]groupOp, []string) {
	m := map[string]groupOp{}
	var keys []string
	for _, g := range api.AllGroups() {
		for _, op := range g.Operations {
			k := opKey(op)
			if _, dup := m[k]; !dup {
				keys = append(keys, k)
			}
			m[k] = groupOp{g, op}
		}
	}
	return m, keys
}

func section(g *model.Group) string {
	if g.Webhooks {
		return "webhooks"
	}
	return "operations " + g.Name
}

func subject(o groupOp) string { return o.g.Name + "." + o.op.GoName }

func label(op *model.Operation) string {
	if op.Webhook != "" {
		return strings.TrimPrefix(op.ID+", ", ", ") + op.Method + " webhook " + op.Webhook
	}
	if op.ID != "" {
		return op.ID + ", " + op.Method + " " + op.Path
	}
	return op.Method + " " + op.Path
}

// methodIdents are the Go identifiers whose signature is the operation's:
// the client method (and pager) and the server interface method (and its
// Unimplemented default).
func (c *comparer) methodIdents(o groupOp) []string {
	var ids []string
	if c.parts.Client {
		ids = append(ids, fmt.Sprintf("(*%s).%s", o.g.Client, o.op.GoName))
		if o.op.Pageable != nil {
			ids = append(ids, fmt.Sprintf("(*%s).%s", o.g.Client, o.op.Pageable.Name))
		}
	}
	if c.parts.Server {
		ids = append(ids, o.g.Server+"."+o.op.GoName, o.g.Unimpl+"."+o.op.GoName)
	}
	return ids
}

// declIdents are the method identifiers plus the operation's own types.
func (c *comparer) declIdents(o groupOp) []string {
	ids := append(c.methodIdents(o), o.op.Response.Name)
	if o.op.Options != nil {
		ids = append(ids, o.op.Options.Name)
	}
	return ids
}

// sigIdent is the identifier whose signature the Go view reads an
// operation's argument types from.
func (c *comparer) sigIdent(o groupOp) string {
	if c.parts.Client {
		return fmt.Sprintf("(*%s).%s", o.g.Client, o.op.GoName)
	}
	return o.g.Server + "." + o.op.GoName
}

// atFunc records a change of the subject at hand: what changed, its
// wire effects on requests and responses, and the Go identifiers whose
// Go view changes it accounts for.
type atFunc func(what string, req, resp Wire, ids ...string)

func (c *comparer) operations(old, new *model.API) {
	if !c.parts.Client && !c.parts.Server {
		return
	}
	om, okeys := opsOf(old)
	nm, nkeys := opsOf(new)
	for _, k := range okeys {
		o := om[k]
		n, ok := nm[k]
		if !ok {
			c.add(Change{Section: section(o.g), Subject: subject(o), What: "operation removed (" + label(o.op) + ")",
				Request: WireBreaks, Old: o.op.Pointer, Go: c.declIdents(o)})
			continue
		}
		c.operation(o, n)
	}
	for _, k := range nkeys {
		n := nm[k]
		if _, ok := om[k]; ok {
			continue
		}
		c.add(Change{Section: section(n.g), Subject: subject(n), What: "operation added (" + label(n.op) + ")", New: n.op.Pointer,
			Go: slices.DeleteFunc(c.declIdents(n), func(id string) bool { return id == n.g.Server+"."+n.op.GoName })})
		if c.parts.Server {
			// A new interface method: implementations that embed
			// Unimplemented…Server still compile (and answer 501); others
			// do not.
			c.add(Change{Section: section(n.g), Subject: subject(n), What: "method added to the server interface " + n.g.Server +
				" (implementations that embed " + n.g.Unimpl + " still compile)", New: n.op.Pointer, Go: []string{n.g.Server + "." + n.op.GoName}})
		}
	}
	c.groups(old, new, om, nm)
}

// groupIdents are the identifiers of an operation group: its client,
// server interface and fields in Client and Servers.
func (c *comparer) groupIdents(g *model.Group) []string {
	var ids []string
	if c.parts.Client {
		ids = append(ids, g.Client, "Client."+g.Name)
	}
	if c.parts.Server {
		ids = append(ids, g.Server, g.Unimpl, "Servers."+g.Name)
	}
	return ids
}

// groups reports operation groups that appear, disappear or are
// renamed: a group gone whose operations (by method and path) mostly
// went to one new group was renamed.
func (c *comparer) groups(old, new *model.API, om, nm map[string]groupOp) {
	find := func(gs []*model.Group, name string) bool {
		return slices.ContainsFunc(gs, func(g *model.Group) bool { return g.Name == name })
	}
	renamedTo := map[string]*model.Group{}
	taken := map[string]bool{}
	for _, g := range old.Groups {
		if find(new.Groups, g.Name) {
			continue
		}
		count := map[string]int{}
		var best *model.Group
		for _, op := range g.Operations {
			if n, ok := nm[opKey(op)]; ok && !n.g.Webhooks && !find(old.Groups, n.g.Name) && !taken[n.g.Name] {
				count[n.g.Name]++
				if best == nil || count[n.g.Name] > count[best.Name] || count[n.g.Name] == count[best.Name] && n.g.Name < best.Name {
					best = n.g
				}
			}
		}
		if best != nil && 2*count[best.Name] >= len(g.Operations) {
			renamedTo[g.Name], taken[best.Name] = best, true
		}
	}
	for _, g := range old.Groups {
		switch n := renamedTo[g.Name]; {
		case n != nil:
			c.add(Change{Section: section(n), Subject: n.Name, From: g.Name, What: fmt.Sprintf("operation group renamed %s → %s (%d of its %d operations are in %s; each is listed below)",
				g.Name, n.Name, countIn(g, nm, n), len(g.Operations), n.Name), Go: slices.Concat(c.groupIdents(g), c.groupIdents(n))})
		case !find(new.Groups, g.Name):
			c.add(Change{Section: section(g), Subject: g.Name, What: "operation group removed", Go: c.groupIdents(g)})
		}
	}
	for _, g := range new.Groups {
		if !find(old.Groups, g.Name) && !taken[g.Name] {
			c.add(Change{Section: section(g), Subject: g.Name, What: "operation group added", Go: c.groupIdents(g)})
		}
	}
	hooks := func(g *model.Group) []string {
		var ids []string
		if c.parts.Client {
			ids = append(ids, g.Client, "NewWebhookSender")
		}
		if c.parts.Server {
			ids = append(ids, g.Server, g.Unimpl, "WebhookHandlers", "NewWebhookHandlers")
		}
		return ids
	}
	switch o, n := old.Webhooks, new.Webhooks; {
	case o != nil && n == nil:
		c.add(Change{Section: section(o), Subject: o.Name, What: "webhooks removed", Go: hooks(o)})
	case o == nil && n != nil:
		c.add(Change{Section: section(n), Subject: n.Name, What: "webhooks added", Go: hooks(n)})
	}
	if c.parts.Server {
		c.hookHandlers(old, new)
	}
}

func countIn(g *model.Group, nm map[string]groupOp, n *model.Group) int {
	k := 0
	for _, op := range g.Operations {
		if x, ok := nm[opKey(op)]; ok && x.g == n {
			k++
		}
	}
	return k
}

// hookHandlers reports webhooks that appear or disappear: their fields in
// WebhookHandlers (each webhook's http.Handler).
func (c *comparer) hookHandlers(old, new *model.API) {
	byName := func(hs []*model.Hook) map[string]*model.Hook {
		m := map[string]*model.Hook{}
		for _, h := range hs {
			m[h.Name] = h
		}
		return m
	}
	om, nm := byName(old.Hooks), byName(new.Hooks)
	for _, h := range old.Hooks {
		if nm[h.Name] == nil {
			c.add(Change{Section: "webhooks", Subject: "WebhookHandlers." + h.GoName, What: "webhook " + h.Name + " removed",
				Old: diag.Pointer("webhooks", h.Name), Go: []string{"WebhookHandlers." + h.GoName}})
		}
	}
	for _, h := range new.Hooks {
		if om[h.Name] == nil {
			c.add(Change{Section: "webhooks", Subject: "WebhookHandlers." + h.GoName, What: "webhook " + h.Name + " added", New: diag.Pointer("webhooks", h.Name), Go: []string{"WebhookHandlers." + h.GoName}})
		}
	}
}

// opBase is the start of every change of an operation present in both.
func (c *comparer) opBase(o, n groupOp) Change {
	ch := Change{Section: section(n.g), Subject: subject(n), Old: o.op.Pointer, New: n.op.Pointer}
	if subject(o) != subject(n) {
		ch.From = subject(o)
	}
	return ch
}

// operation compares one operation present in both definitions.
func (c *comparer) operation(o, n groupOp) {
	base := c.opBase(o, n)
	at := func(what string, req, resp Wire, ids ...string) {
		ch := base
		ch.What, ch.Request, ch.Response, ch.Go = what, req, resp, ids
		c.add(ch)
	}
	renamed := o.g.Name != n.g.Name || o.op.GoName != n.op.GoName
	if renamed {
		at(fmt.Sprintf("operation renamed: %s → %s (%s)", subject(o), subject(n), label(n.op)), "", "", c.renamedIdents(o, n)...)
	} else if o.op.ID != n.op.ID {
		at(fmt.Sprintf("operation id %s → %s", o.op.ID, n.op.ID), "", "")
	}
	if o.op.Deprecated != n.op.Deprecated {
		what := "deprecated"
		if !n.op.Deprecated {
			what = "no longer deprecated"
		}
		at(what, "", "")
	}
	// A signature change breaks the methods; for a renamed operation the
	// new methods are new (the rename entry holds the old ones), only the
	// server interface method is a break.
	methods := c.methodIdents(n)
	if renamed {
		methods = slices.DeleteFunc(methods, func(id string) bool { return id != n.g.Server+"."+n.op.GoName })
	}
	c.params(o, n, methods, at)
	c.body(o, n, methods, at)
	c.consts(o.op, n.op, at)
	c.security(o.op, n.op, at)
	c.response(o, n, at)
	c.pageable(o, n, at)
}

// renamedIdents are the old operation's identifiers, which are gone, and
// the new one's, which replace them (the new server interface method is
// one implementers lack).
func (c *comparer) renamedIdents(o, n groupOp) []string {
	return slices.Concat(c.declIdents(o), c.declIdents(n))
}

// input is a parameter as the signature holds it: an argument or an
// Options field.
type input struct {
	key   string // identifies it across versions
	label string
	p     *model.Param
	arg   int // its place among the arguments (the context is 0); -1 for an Options field
}

// paramKey identifies a parameter across versions: a path parameter by
// its place in the template (its name is neither Go API nor wire), a
// header by its name in any case, a query parameter by its name.
func paramKey(op *model.Operation, p *model.Param) string {
	switch {
	case p.In == model.InPath:
		return "path " + strconv.Itoa(slices.Index(op.PathParams, p))
	case p.In == model.InHeader:
		return "header " + strings.ToLower(p.Wire)
	}
	return p.In.String() + " " + p.Wire
}

// inputs are an operation's parameters: the arguments in signature
// order, then its Options fields. The body is compared on its own, by
// position (body): its parameter name never reaches the wire.
func inputs(op *model.Operation) (args, opts []input) {
	in := func(p *model.Param, arg int) input {
		where := p.In.String()
		if p.QueryString {
			where = "querystring"
		}
		return input{paramKey(op, p), fmt.Sprintf("parameter %s (%s)", p.Wire, where), p, arg}
	}
	for i, p := range op.Positional {
		args = append(args, in(p, i+1))
	}
	if op.Options != nil {
		for _, p := range op.Options.Params {
			opts = append(opts, in(p, -1))
		}
	}
	return args, opts
}

func find(ins []input, key string) *input {
	for i := range ins {
		if ins[i].key == key {
			return &ins[i]
		}
	}
	return nil
}

// order lists the keys of an operation's arguments that the other
// operation also takes as arguments, in signature order (the body as
// "body"): two arguments of one type that swap places compile, and are
// still a break.
func order(op *model.Operation, args, other []input, otherBody bool) string {
	var ks []string
	for _, a := range args {
		if find(other, a.key) != nil {
			ks = append(ks, a.key)
		}
	}
	if op.Body != nil && op.Body.Required && otherBody {
		ks = append(ks, "body")
	}
	return strings.Join(ks, ",")
}

// goTypeOf is an input's Go type in its version, from the Go view: an
// argument's, or its Options field's.
func (c *comparer) goTypeOf(ix *apiIndex, o groupOp, in input) string {
	if in.arg >= 0 {
		return ix.view.param(c.sigIdent(o), in.arg)
	}
	return ix.view.text(o.op.Options.Name + "." + in.p.GoName)
}

// params compares arguments and Options fields.
func (c *comparer) params(o, n groupOp, methods []string, at atFunc) {
	oa, oo := inputs(o.op)
	na, no := inputs(n.op)
	c.wireRenames(slices.Concat(oa, oo), na, no, at)
	queryStringRenames(n.op, slices.Concat(oa, oo), na, no, at)
	for _, p := range oa {
		switch np, nopt := find(na, p.key), find(no, p.key); {
		case np == nil && nopt != nil:
			at(p.label+" made optional", WireNeedsNewServer, "", slices.Concat(methods, []string{n.op.Options.Name + "." + nopt.p.GoName})...)
		case np == nil:
			// Old clients still send it and the new server ignores it;
			// new clients no longer send what old servers require.
			at(p.label+" removed (the new server ignores it)", WireBehaviour, "", methods...)
			at(p.label+" was required: new clients no longer send it", WireNeedsNewServer, "")
		default:
			if ot, nt := c.goTypeOf(c.old, o, p), c.goTypeOf(c.new, n, *np); ot != nt {
				at(fmt.Sprintf("%s retyped %s → %s", p.label, ot, nt), "", "", methods...)
			}
		}
	}
	for _, p := range na {
		if find(oa, p.key) != nil {
			continue
		}
		what, ids := "required "+p.label+" added", methods
		if op := find(oo, p.key); op != nil {
			what, ids = p.label+" made required", slices.Concat(ids, []string{o.op.Options.Name + "." + op.p.GoName})
		}
		at(what+" (old clients may not send it)", WireBreaks, "", ids...)
	}
	if order(o.op, oa, na, n.op.Body != nil && n.op.Body.Required) != order(n.op, na, oa, o.op.Body != nil && o.op.Body.Required) {
		if c.old.view.text(c.sigIdent(o)) == c.new.view.text(c.sigIdent(n)) {
			// Not a wire change (each value still travels under its name):
			// callers' code, recompiled, means something else.
			ch := c.opBase(o, n)
			ch.What, ch.goMeaning = "required parameters reordered: same types, so callers compile and their arguments go to other parameters", true
			c.add(ch)
		} else {
			at("required parameters reordered", "", "", methods...)
		}
	}
	if (o.op.Options == nil) != (n.op.Options == nil) {
		what, ids := "options struct added", methods
		if n.op.Options == nil {
			what, ids = "options struct removed", append(slices.Clip(ids), o.op.Options.Name)
		} else {
			ids = append(slices.Clip(ids), n.op.Options.Name)
		}
		at(what, "", "", ids...)
	}
	for _, p := range oo {
		switch np := find(no, p.key); {
		case np == nil && find(na, p.key) == nil:
			at(p.label+" removed (the new server ignores it)", WireBehaviour, "", o.op.Options.Name+"."+p.p.GoName)
		case np == nil:
		case np.p.GoName != p.p.GoName:
			at(fmt.Sprintf("%s: field %s.%s renamed %s", p.label, o.op.Options.Name, p.p.GoName, np.p.GoName), "", "", o.op.Options.Name+"."+p.p.GoName)
		default:
			if ot, nt := c.goTypeOf(c.old, o, p), c.goTypeOf(c.new, n, *np); ot != nt {
				at(fmt.Sprintf("%s retyped %s → %s", p.label, ot, nt), "", "", n.op.Options.Name+"."+np.p.GoName)
			}
		}
	}
	for _, p := range no {
		if find(oo, p.key) == nil && find(oa, p.key) == nil {
			at("optional "+p.label+" added", "", "", n.op.Options.Name+"."+p.p.GoName)
		}
	}
	for _, p := range slices.Concat(oa, oo) {
		np := find(na, p.key)
		if np == nil {
			np = find(no, p.key)
		}
		if np != nil {
			c.paramWire(p.label, p.p, np.p, at)
		}
	}
	if o.op.Options != nil && n.op.Options != nil && o.op.Options.Name != n.op.Options.Name && subject(o) == subject(n) {
		at(fmt.Sprintf("options struct renamed %s → %s", o.op.Options.Name, n.op.Options.Name), "", "", o.op.Options.Name)
	}
}

// wireRenames pairs a query parameter gone with a new one whose name
// differs only in case (TypeSpec wrote timeout as timeOut): the same
// parameter, whose old name the new server no longer reads. The new one
// takes the old one's key.
func (c *comparer) wireRenames(old, args, opts []input, at atFunc) {
	gone := func(k string) bool { return find(args, k) == nil && find(opts, k) == nil }
	for _, ins := range [][]input{args, opts} {
		for i := range ins {
			n := &ins[i]
			if n.p.In != model.InQuery || !gone(n.key) && find(old, n.key) != nil {
				continue
			}
			for _, o := range old {
				if o.p.In == model.InQuery && o.p.Wire != n.p.Wire && strings.EqualFold(o.p.Wire, n.p.Wire) && gone(o.key) && find(old, n.key) == nil {
					at(fmt.Sprintf("%s renamed %s on the wire: the new server ignores the old name", o.label, n.p.Wire), WireBehaviour, "")
					n.key = o.key
					break
				}
			}
		}
	}
}

// queryStringRenames pairs an OpenAPI 3.2 querystring parameter gone
// with a new one under another name: the whole query string both, whose
// name never reaches the wire. The new one takes the old one's key.
func queryStringRenames(op *model.Operation, old, args, opts []input, at atFunc) {
	gone := func(k string) bool { return find(args, k) == nil && find(opts, k) == nil }
	for _, ins := range [][]input{args, opts} {
		for i := range ins {
			n := &ins[i]
			if !n.p.QueryString || find(old, n.key) != nil {
				continue
			}
			for _, o := range old {
				if o.p.QueryString && gone(o.key) {
					var ids []string
					if n.arg < 0 {
						ids = []string{op.Options.Name + "." + n.p.GoName}
					}
					at(fmt.Sprintf("%s renamed %s (the whole query string: its name never reaches the wire)", o.label, n.p.Wire), "", "", ids...)
					n.key = o.key
					break
				}
			}
		}
	}
}

// paramWire compares how a parameter present in both versions travels:
// its values, encoding, default, validations and annotations.
func (c *comparer) paramWire(label string, o, n *model.Param, at atFunc) {
	switch what, req, _ := valueChange(o.Type, n.Type, true, Request); {
	case what == "" || listAsText(o, n) || listAsText(n, o):
	case listExploded(o, n):
		at(label+": a single value → a list, one key per item (old clients' value reads as a list of one; old servers refuse several)", WireNeedsNewServer, "")
	case listExploded(n, o):
		at(label+": a list, one key per item → a single value (the new server refuses several)", WireBreaks, "")
	default:
		at(label+": "+what, req, "")
	}
	if what := encodingChange(o.Encoding, n.Encoding); what != "" {
		at(label+": "+what+" (old clients write what the new server does not read, and the other way)", WireEncoding, "")
	}
	if o.Shape == model.ShapeObject && n.Shape == model.ShapeObject && o.Type.IsStruct() && n.Type.IsStruct() && !c.corresponds(o.Type, n.Type) {
		members(label, o.Type.Decl, n.Type.Decl, at)
	}
	if od, nd := fmtDefault(o.Default), fmtDefault(n.Default); od != nd {
		at(fmt.Sprintf("%s: default %s → %s (the server applies it: callers that omit it get the new one)", label, od, nd), WireBehaviour, "")
	}
	diffs := append(checksChange(applies(o.Type, o.Checks), applies(n.Type, n.Checks)), schemaChange(o.Schema, n.Schema, nodeParam)...)
	if what, req, _ := checkEffects(diffs, Request); what != "" {
		at(label+": "+what, req, "")
	}
	c.annotations(label, o.Annotations, n.Annotations, Request, at)
}

// members compares the members of a query object (a querystring
// parameter's are the query's parameters) of two types: each travels as
// text under its name.
func members(label string, o, n *model.Type, at atFunc) {
	byName := func(fs []*model.Field, name string) *model.Field {
		i := slices.IndexFunc(fs, func(f *model.Field) bool { return f.JSONName == name })
		if i < 0 {
			return nil
		}
		return fs[i]
	}
	for _, f := range o.Fields {
		if byName(n.Fields, f.JSONName) == nil {
			at(fmt.Sprintf("%s: member %s removed (the new server ignores it)", label, f.JSONName), WireBehaviour, "")
		}
	}
	for _, nf := range n.Fields {
		of := byName(o.Fields, nf.JSONName)
		switch {
		case of == nil && nf.Required:
			at(fmt.Sprintf("%s: required member %s added (old clients may not send it)", label, nf.JSONName), WireBreaks, "")
			continue
		case of == nil:
			continue
		case !of.Required && nf.Required:
			at(fmt.Sprintf("%s: member %s now required (old clients may not send it)", label, nf.JSONName), WireBreaks, "")
		}
		if what, req, _ := valueChange(of.Type, nf.Type, true, Request); what != "" {
			at(fmt.Sprintf("%s: member %s: %s", label, nf.JSONName, what), req, "")
		}
		if what, req, _ := checkEffects(checksChange(applies(of.Type, of.Checks), applies(nf.Type, nf.Checks)), Request); what != "" {
			at(fmt.Sprintf("%s: member %s: %s", label, nf.JSONName, what), req, "")
		}
	}
}

// listAsText reports whether a a plain string parameter and b an array
// written as one comma-separated value (form not exploded, or simple),
// which read each other: "a,b" either way.
func listAsText(a, b *model.Param) bool {
	return a.Shape == model.ShapeScalar && a.Type.Kind == model.KindBuiltin && a.Type.Name == "string" &&
		b.Shape == model.ShapeArray && !b.Explode && b.Style.Delimiter() == "" && b.Style != model.StyleLabel && b.Style != model.StyleMatrix
}

// listExploded reports whether a is a plain string parameter and b an
// array of strings written one key per item (form, exploded): a single
// value of a reads as a list of one, several of b are refused by a
// reader of one value.
func listExploded(a, b *model.Param) bool {
	str := func(t model.TypeRef) bool { return t.Kind == model.KindBuiltin && t.Name == "string" }
	return a.Shape == model.ShapeScalar && str(a.Type) && b.Shape == model.ShapeArray && b.Explode && b.Style == model.StyleForm &&
		b.Type.Kind == model.KindSlice && str(*b.Type.Elem)
}

// encodingChange describes how a parameter's encoding changed; "" when
// it did not.
func encodingChange(o, n model.Encoding) string {
	var diffs []string
	if o.In != n.In {
		diffs = append(diffs, fmt.Sprintf("in %s → %s", o.In, n.In))
	}
	if o.Style != n.Style {
		diffs = append(diffs, fmt.Sprintf("style %s → %s", o.Style, n.Style))
	}
	if o.Explode != n.Explode && o.Shape == n.Shape { // a new shape is a new value: valueChange says it
		diffs = append(diffs, fmt.Sprintf("explode %t → %t", o.Explode, n.Explode))
	}
	if o.Reserved != n.Reserved {
		diffs = append(diffs, fmt.Sprintf("reserved expansion %t → %t", o.Reserved, n.Reserved))
	}
	if o.Raw != n.Raw {
		diffs = append(diffs, fmt.Sprintf("x-ms-skip-url-encoding %t → %t", o.Raw, n.Raw))
	}
	if len(diffs) == 0 {
		// A querystring parameter travels as a query object in form
		// style, exploded: becoming one changes nothing on the wire.
		return ""
	}
	if o.QueryString != n.QueryString {
		diffs = append([]string{queryIn(o) + " → " + queryIn(n)}, diffs...)
	}
	return "encoding changed: " + strings.Join(diffs, ", ")
}

func fmtDefault(v any) string {
	if v == nil {
		return "none"
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

// onSides keeps each effect on the side a value travelling d takes (both
// when d is 0: no operation carries it).
func onSides(d Direction, req, resp Wire) (Wire, Wire) {
	if d != 0 && d&Request == 0 {
		req = ""
	}
	if d != 0 && d&Response == 0 {
		resp = ""
	}
	return req, resp
}

// annotations compares the keywords no Go type carries, on a value that
// travels d.
func (c *comparer) annotations(label string, o, n model.Annotations, d Direction, at atFunc) {
	if o.ContentEncoding != n.ContentEncoding || o.ContentMediaType != n.ContentMediaType {
		// The generated code carries such a string as it is: what it
		// holds is read by the caller's and the implementation's code.
		req, resp := onSides(d, WireBehaviour, WireBehaviour)
		at(fmt.Sprintf("%s: content %s → %s", label, contentOf(o), contentOf(n)), req, resp)
	}
	gone := func(a, b []string) []string {
		var out []string
		for _, v := range a {
			if !slices.Contains(b, v) {
				out = append(out, strconv.Quote(v))
			}
		}
		return out
	}
	if removed := gone(o.Extensible, n.Extensible); len(removed) > 0 {
		// An x-extensible-enum is open: the generated server accepts any
		// value, and the new one may not know what the old ones mean.
		req, _ := onSides(d, WireBehaviour, "")
		at(fmt.Sprintf("%s: x-extensible-enum values %s removed (old clients may still send them; the server accepts any value)", label, strings.Join(removed, ", ")), req, "")
	}
	if added := gone(n.Extensible, o.Extensible); len(added) > 0 {
		req, resp := onSides(d, WireBehaviour, WireMayBreakReaders)
		at(fmt.Sprintf("%s: x-extensible-enum values %s added", label, strings.Join(added, ", ")), req, resp)
	}
}

func contentOf(a model.Annotations) string {
	var parts []string
	if a.ContentEncoding != "" {
		parts = append(parts, "encoding "+a.ContentEncoding)
	}
	if a.ContentMediaType != "" {
		parts = append(parts, "media type "+a.ContentMediaType)
	}
	if len(parts) == 0 {
		return "plain"
	}
	return strings.Join(parts, ", ")
}

// body compares the request bodies, matched by position: an operation
// has at most one, and its parameter name (Swagger's body → certificate)
// reaches neither the wire nor the Go API.
func (c *comparer) body(o, n groupOp, methods []string, at atFunc) {
	ob, nb := o.op.Body, n.op.Body
	optField := func(g groupOp, b *model.Body) string { return g.op.Options.Name + "." + b.GoName }
	switch {
	case ob == nil && nb == nil:
		return
	case ob == nil && nb.Required:
		at("required request body added (old clients do not send it)", WireBreaks, "", methods...)
		return
	case ob == nil:
		at("optional request body added", "", "", optField(n, nb))
		return
	case nb == nil:
		ids := methods
		if !ob.Required {
			ids = []string{optField(o, ob)}
		}
		at("request body removed (the new server ignores it)", WireBehaviour, "", ids...)
		if ob.Required {
			at("request body was required: new clients no longer send it", WireNeedsNewServer, "")
		}
		return
	}
	label := "request body"
	switch {
	case !ob.Required && nb.Required:
		at("request body made required (old clients may omit it)", WireBreaks, "", slices.Concat(methods, []string{optField(o, ob)})...)
	case ob.Required && !nb.Required:
		at("request body made optional", WireNeedsNewServer, "", slices.Concat(methods, []string{optField(n, nb)})...)
	case c.corresponds(ob.Type, nb.Type) && subject(o) != subject(n):
		// a renamed type in a renamed operation: both renames say it
	case ob.Required:
		if ot, nt := c.old.view.param(c.sigIdent(o), len(o.op.Positional)+1), c.new.view.param(c.sigIdent(n), len(n.op.Positional)+1); ot != nt {
			at(fmt.Sprintf("request body retyped %s → %s", ot, nt), "", "", methods...)
		}
	default:
		if ob.GoName != nb.GoName {
			at(fmt.Sprintf("request body: field %s renamed %s", optField(o, ob), optField(n, nb)), "", "", optField(o, ob))
		} else if ot, nt := c.old.view.text(optField(o, ob)), c.new.view.text(optField(n, nb)); ot != nt {
			at(fmt.Sprintf("request body retyped %s → %s", ot, nt), "", "", optField(n, nb))
		}
	}
	switch {
	case (ob.Items == nil) != (nb.Items == nil):
		at(streamSwitch(label, ob.Items, nb.Items, ob.ContentType, nb.ContentType), WireEncoding, "")
	case ob.Items != nil && ob.Items.Format != nb.Items.Format: // stream says it
	case ob.ContentType != nb.ContentType:
		at(fmt.Sprintf("request content type %s → %s", ob.ContentType, nb.ContentType), WireEncoding, "")
	}
	switch {
	case ob.Items != nil && nb.Items != nil:
		c.stream("request stream", ob.Items, nb.Items, Request, false, c.opBase(o, n), at)
	case ob.Items == nil && nb.Items == nil:
		if what, req, _ := valueChange(ob.Type, nb.Type, false, Request); what != "" {
			at(label+": "+what, req, "")
		}
	}
	if ob.Type.IsStruct() && nb.Type.IsStruct() && !c.corresponds(ob.Type, nb.Type) {
		c.structWire(fmt.Sprintf("request body %s → %s: ", ob.Type.Name, nb.Type.Name), ob.Type.Decl, nb.Type.Decl, Request, c.opBase(o, n))
	}
	strict := func(b *model.Body) bool { return b.Type.IsStruct() && b.Type.Decl.Strict }
	if !strict(ob) && strict(nb) && c.newOf(ob.Type.Decl) != nb.Type.Decl {
		at(label+": unknown properties now rejected (additionalProperties: false)", WireBreaks, "")
	}
	if what, req, _ := checkEffects(checksChange(applies(ob.Type, ob.Checks), applies(nb.Type, nb.Checks)), Request); what != "" {
		if !nb.JSON && req != "" {
			// The generated server reads a body that is not JSON as a
			// stream and checks nothing: the implementation may.
			req, what = WireBehaviour, what+" (the generated server does not check a body that is not JSON)"
		}
		at(label+": "+what, req, "")
	}
	if ob.JSON && nb.JSON {
		if what, req, _ := checkEffects(schemaChange(ob.Schema, nb.Schema, nodeRoot), Request); what != "" {
			at(label+": "+what, req, "")
		}
	}
	c.annotations(label, ob.Annotations, nb.Annotations, Request, at)
}

// consts compares the values the client always sends; the api-version is
// reported once, for the package.
func (c *comparer) consts(o, n *model.Operation, at atFunc) {
	key := func(k *model.Const) string { return k.In.String() + " " + k.Wire }
	skip := func(k *model.Const) bool {
		av := c.new.api.APIVersion
		if av == nil {
			av = c.old.api.APIVersion
		}
		return av != nil && k.Wire == av.Wire && k.In == av.In
	}
	for _, ok := range o.Consts {
		if skip(ok) {
			continue
		}
		i := slices.IndexFunc(n.Consts, func(k *model.Const) bool { return key(k) == key(ok) })
		switch {
		case i < 0:
			at(fmt.Sprintf("constant %s %s=%s no longer sent", ok.In, ok.Wire, ok.Value), WireEncoding, "")
		case n.Consts[i].Value != ok.Value:
			at(fmt.Sprintf("constant %s %s: %s → %s", ok.In, ok.Wire, ok.Value, n.Consts[i].Value), WireEncoding, "")
		}
	}
	for _, nk := range n.Consts {
		if !skip(nk) && !slices.ContainsFunc(o.Consts, func(k *model.Const) bool { return key(k) == key(nk) }) {
			at(fmt.Sprintf("constant %s %s=%s now sent", nk.In, nk.Wire, nk.Value), WireEncoding, "")
		}
	}
}

// security compares the operation's security requirements: a call that
// satisfied an old requirement must satisfy a new one, which holds when
// some new requirement asks for no scheme or scope the old one did not.
func (c *comparer) security(o, n *model.Operation, at atFunc) {
	if reqsText(o.Security) == reqsText(n.Security) {
		return
	}
	covered := func(old model.Requirement, news []model.Requirement) bool {
		if news == nil {
			return true
		}
		return slices.ContainsFunc(news, func(nr model.Requirement) bool { return reqWithin(nr, old) })
	}
	what := fmt.Sprintf("security %s → %s", reqsText(o.Security), reqsText(n.Security))
	tighter := o.Security == nil && n.Security != nil || slices.ContainsFunc(o.Security, func(r model.Requirement) bool { return !covered(r, n.Security) })
	switch {
	case tighter:
		at(what+": callers without the new credentials or scopes get 401 or 403", WireBreaks, "")
	default:
		at(what+": fewer credentials needed", WireNeedsNewServer, "")
	}
}

// reqWithin reports whether requirement a asks for nothing b does not:
// every scheme of a is in b with no more scopes.
func reqWithin(a, b model.Requirement) bool {
	for _, s := range a {
		i := slices.IndexFunc(b, func(x model.SchemeScopes) bool { return x.Scheme == s.Scheme })
		if i < 0 {
			return false
		}
		for _, sc := range s.Scopes {
			if !slices.Contains(b[i].Scopes, sc) {
				return false
			}
		}
	}
	return true
}

func reqsText(rs []model.Requirement) string {
	if rs == nil {
		return "none"
	}
	var alts []string
	for _, r := range rs {
		var parts []string
		for _, s := range r {
			p := s.Scheme
			if len(s.Scopes) > 0 {
				p += " [" + strings.Join(s.Scopes, " ") + "]"
			}
			parts = append(parts, p)
		}
		alts = append(alts, strings.Join(parts, " + "))
	}
	return strings.Join(alts, " or ")
}

func statusList(s []int) string {
	var out []string
	for _, v := range s {
		out = append(out, strconv.Itoa(v))
	}
	return strings.Join(out, ", ")
}

// bodyShape renders how the response struct holds the body, with the Go
// view's type.
func bodyShape(v *goView, r *model.Response) (shape, ident string) {
	switch {
	case r.Body == nil:
		return "", ""
	case r.Embed:
		return "embedded " + r.Body.Name, r.Name + "." + r.Body.Name
	}
	return r.BodyName + " " + v.text(r.Name+"."+r.BodyName), r.Name + "." + r.BodyName
}

// response compares success statuses, the body, headers and error models.
func (c *comparer) response(o, n groupOp, at atFunc) {
	or, nr := o.op.Response, n.op.Response
	for _, s := range nr.Statuses {
		if !slices.Contains(or.Statuses, s) {
			at(fmt.Sprintf("success status %d added (old clients take it for an error)", s), "", WireBreaks)
		}
	}
	for _, s := range or.Statuses {
		if !slices.Contains(nr.Statuses, s) {
			at(fmt.Sprintf("success status %d removed", s), "", WireNeedsNewServer)
		}
	}
	if len(or.Statuses) > 1 && len(nr.Statuses) <= 1 {
		at("StatusCode field removed (one success status left)", "", "", nr.Name+".StatusCode")
	}
	os, oid := bodyShape(c.old.view, or)
	ns, nid := bodyShape(c.new.view, nr)
	renamedEmbed := or.Embed && nr.Embed && c.newOf(or.Body.Decl) == nr.Body.Decl
	switch {
	case os == ns || renamedEmbed:
	case switchedBody(or, nr): // responseStream says it
	case os == "":
		at("response body added: "+ns, "", "", nid)
	case ns == "":
		at("response body removed: "+os, "", WireMayBreakReaders, c.bodyIdents(or, nr, oid)...)
	default:
		at(fmt.Sprintf("response body retyped: %s → %s", os, ns), "", "", c.bodyIdents(or, nr, oid)...)
	}
	if or.Body != nil && nr.Body != nil {
		if what, _, resp := valueChange(*or.Body, *nr.Body, false, Response); what != "" {
			at("response body: "+what, "", resp)
		}
		if ob, nb := direct(*or.Body), direct(*nr.Body); ob != nil && nb != nil && ob.Kind == model.DeclStruct && nb.Kind == model.DeclStruct && c.newOf(ob) != nb {
			c.structWire(fmt.Sprintf("response body %s → %s: ", ob.Name, nb.Name), ob, nb, Response, c.opBase(o, n))
		}
	}
	c.responseStream(o, n, at)
	c.headers(or, nr, at)
	c.errors(o.op, n.op, at)
}

// bodyIdents are the identifiers a changed response body breaks: the
// body field, or the fields an embedded body promoted.
func (c *comparer) bodyIdents(or, nr *model.Response, oid string) []string {
	ids := []string{nr.Name, oid}
	if or.Embed {
		for _, f := range or.Body.Decl.Fields {
			ids = append(ids, nr.Name+"."+f.GoName)
		}
	}
	return ids
}

func (c *comparer) headers(or, nr *model.Response, at atFunc) {
	find := func(hs []*model.Header, wire string) *model.Header {
		for _, h := range hs {
			if strings.EqualFold(h.Wire, wire) {
				return h
			}
		}
		return nil
	}
	for _, h := range or.Headers {
		nh := find(nr.Headers, h.Wire)
		if nh == nil {
			at(fmt.Sprintf("response header %s removed", h.Wire), "", WireMayBreakReaders, or.Name+"."+h.GoName)
			continue
		}
		if nh.GoName != h.GoName {
			at(fmt.Sprintf("response header %s: field %s renamed %s", h.Wire, h.GoName, nh.GoName), "", "", or.Name+"."+h.GoName)
		} else if ot, nt := c.old.view.text(or.Name+"."+h.GoName), c.new.view.text(nr.Name+"."+nh.GoName); ot != nt {
			at(fmt.Sprintf("response header %s retyped %s → %s", h.Wire, ot, nt), "", "", nr.Name+"."+nh.GoName)
		}
		if what, _, resp := valueChange(h.Type, nh.Type, true, Response); what != "" {
			if resp == WireBreaks {
				// The generated client records a header it cannot parse
				// in UnparsedHeaders and carries on.
				resp, what = WireMayBreakReaders, strings.TrimSuffix(what, " (old clients fail to decode the new values)")+" (old clients cannot parse some new values: the field stays nil, the header is listed in UnparsedHeaders)"
			}
			at(fmt.Sprintf("response header %s: %s", h.Wire, what), "", resp)
		}
	}
	for _, h := range nr.Headers {
		if find(or.Headers, h.Wire) == nil {
			at(fmt.Sprintf("response header %s added", h.Wire), "", "", nr.Name+"."+h.GoName)
		}
	}
}

func errorKey(e *model.ErrorResponse) string {
	switch {
	case e.Status != 0:
		return strconv.Itoa(e.Status)
	case e.Class != 0:
		return strconv.Itoa(e.Class) + "XX"
	}
	return "default"
}

// errors compares the error models by status: a caller matching the old
// model with errors.As no longer matches a new one.
func (c *comparer) errors(o, n *model.Operation, at atFunc) {
	find := func(es []*model.ErrorResponse, k string) *model.ErrorResponse {
		for _, e := range es {
			if errorKey(e) == k {
				return e
			}
		}
		return nil
	}
	for _, e := range o.Errors {
		switch ne := find(n.Errors, errorKey(e)); {
		case ne == nil:
			at(fmt.Sprintf("error status %s (%s) removed", errorKey(e), e.Type.Name), "", "")
		case ne.Type.Name != e.Type.Name && c.newOf(e.Type.Decl) != ne.Type.Decl:
			at(fmt.Sprintf("error status %s model %s → %s (errors.As on the old type no longer matches)", errorKey(e), e.Type.Name, ne.Type.Name), "", WireBehaviour)
		}
	}
	for _, e := range n.Errors {
		if find(o.Errors, errorKey(e)) == nil {
			at(fmt.Sprintf("error status %s (%s) added", errorKey(e), e.Type.Name), "", "")
		}
	}
}

func (c *comparer) pageable(o, n groupOp, at atFunc) {
	op, np := o.op.Pageable, n.op.Pageable
	if !c.parts.Client {
		return
	}
	pager := func(g groupOp) string { return fmt.Sprintf("(*%s).%s", g.g.Client, g.op.Pageable.Name) }
	switch {
	case op == nil && np != nil:
		at("now pageable: "+np.Name+" iterates every page", "", "", pager(n))
	case op != nil && np == nil:
		at("no longer pageable: "+op.Name+" removed", "", "", pager(o))
	case op != nil && op.Name != np.Name && subject(o) == subject(n):
		at(fmt.Sprintf("pager %s → %s", op.Name, np.Name), "", "", pager(o), pager(n))
	}
}

// queryIn is where a query parameter is, as the definition says it.
func queryIn(e model.Encoding) string {
	if e.QueryString {
		return "querystring"
	}
	return e.In.String()
}
