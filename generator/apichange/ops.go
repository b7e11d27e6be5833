package apichange

import (
	"fmt"
	"maps"
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

func (c *comparer) who() string {
	switch {
	case c.parts.Client && c.parts.Server:
		return "callers and implementers"
	case c.parts.Server:
		return "implementers"
	}
	return "callers"
}

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
				Verdict: BreaksCompilation, Who: "callers", Old: o.op.Pointer, Go: c.declIdents(o)})
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
			c.add(Change{Section: section(n.g), Subject: subject(n), What: "method added to the server interface " + n.g.Server, New: n.op.Pointer,
				Verdict: BreaksCompilation, Who: "implementers that do not embed " + n.g.Unimpl, Go: []string{n.g.Server + "." + n.op.GoName}})
		}
	}
	c.groups(old, new)
}

// groups reports operation groups that appear or disappear: their client,
// server interface and fields in Client and Servers.
func (c *comparer) groups(old, new *model.API) {
	find := func(gs []*model.Group, name string) bool {
		return slices.ContainsFunc(gs, func(g *model.Group) bool { return g.Name == name })
	}
	idents := func(g *model.Group) []string {
		var ids []string
		if c.parts.Client {
			ids = append(ids, g.Client, "Client."+g.Name)
		}
		if c.parts.Server {
			ids = append(ids, g.Server, g.Unimpl, "Servers."+g.Name)
		}
		return ids
	}
	for _, g := range old.Groups {
		if !find(new.Groups, g.Name) {
			c.add(Change{Section: section(g), Subject: g.Name, What: "operation group removed", Verdict: BreaksCompilation, Who: "callers", Go: idents(g)})
		}
	}
	for _, g := range new.Groups {
		if !find(old.Groups, g.Name) {
			c.add(Change{Section: section(g), Subject: g.Name, What: "operation group added", Go: idents(g)})
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
		c.add(Change{Section: section(o), Subject: o.Name, What: "webhooks removed", Verdict: BreaksCompilation, Who: "callers", Go: hooks(o)})
	case o == nil && n != nil:
		c.add(Change{Section: section(n), Subject: n.Name, What: "webhooks added", Go: hooks(n)})
	}
	if c.parts.Server {
		c.hookHandlers(old, new)
	}
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
				Verdict: BreaksCompilation, Who: "receivers", Old: diag.Pointer("webhooks", h.Name), Go: []string{"WebhookHandlers." + h.GoName}})
		}
	}
	for _, h := range new.Hooks {
		if om[h.Name] == nil {
			c.add(Change{Section: "webhooks", Subject: "WebhookHandlers." + h.GoName, What: "webhook " + h.Name + " added", New: diag.Pointer("webhooks", h.Name), Go: []string{"WebhookHandlers." + h.GoName}})
		}
	}
}

// operation compares one operation present in both definitions.
func (c *comparer) operation(o, n groupOp) {
	base := Change{Section: section(n.g), Subject: subject(n), Old: o.op.Pointer, New: n.op.Pointer}
	at := func(what string, v Verdict, who string, ids ...string) {
		ch := base
		ch.What, ch.Verdict, ch.Who, ch.Go = what, v, who, ids
		c.add(ch)
	}
	renamed := o.g.Name != n.g.Name || o.op.GoName != n.op.GoName
	if renamed {
		at(fmt.Sprintf("operation renamed: %s → %s (%s)", subject(o), subject(n), label(n.op)), BreaksCompilation, c.who(),
			c.renamedIdents(o, n)...)
	} else if o.op.ID != n.op.ID {
		at(fmt.Sprintf("operation id %s → %s", o.op.ID, n.op.ID), Compatible, "")
	}
	if o.op.Deprecated != n.op.Deprecated {
		what := "deprecated"
		if !n.op.Deprecated {
			what = "no longer deprecated"
		}
		at(what, Compatible, "")
	}
	// A signature change breaks the methods; for a renamed operation the
	// new methods are new (the rename entry holds the old ones), only the
	// server interface method is a break.
	methods := c.methodIdents(n)
	if renamed {
		methods = slices.DeleteFunc(methods, func(id string) bool { return id != n.g.Server+"."+n.op.GoName })
	}
	sigChanged := c.params(o, n, methods, at)
	if !sigChanged && signature(o.op) != signature(n.op) {
		at(fmt.Sprintf("signature %s → %s", signature(o.op), signature(n.op)), BreaksCompilation, c.who(), methods...)
	}
	c.consts(o.op, n.op, at)
	c.response(o, n, at)
	c.pageable(o, n, at)
}

// renamedIdents are the old operation's identifiers, which are gone, and
// the new server interface method, which implementers lack.
func (c *comparer) renamedIdents(o, n groupOp) []string {
	ids := c.declIdents(o)
	if c.parts.Server {
		ids = append(ids, n.g.Server+"."+n.op.GoName)
	}
	return ids
}

// signature renders the parameter types of an operation's methods.
func signature(op *model.Operation) string {
	var ps []string
	for _, a := range op.Args() {
		ps = append(ps, goType(a.Type))
	}
	if op.Options != nil {
		ps = append(ps, "*"+op.Options.Name)
	}
	return "(" + strings.Join(ps, ", ") + ")"
}

// input is what an operation's methods take besides the context: a
// parameter, or the request body.
type input struct {
	key    string // identifies it across versions
	label  string
	goName string // its Options field
	typ    model.TypeRef
	param  *model.Param // nil: the body
}

// inputs are an operation's arguments, in signature order, and its
// Options fields. A path parameter is keyed by its place in the template
// (its name is not part of the Go API or the wire), the body by its
// parameter name, the others by location and name.
func inputs(op *model.Operation) (args, opts []input) {
	param := func(p *model.Param) input {
		key := p.In.String() + " " + strings.ToLower(p.Wire)
		if i := slices.Index(op.PathParams, p); i >= 0 {
			key = "path " + strconv.Itoa(i)
		}
		return input{key, fmt.Sprintf("parameter %s (%s)", p.Wire, p.In), p.GoName, p.Type, p}
	}
	body := func(b *model.Body) input {
		return input{"body " + strings.ToLower(b.Wire), "request body", b.GoName, b.Type, nil}
	}
	for _, p := range op.Positional {
		args = append(args, param(p))
	}
	if b := op.Body; b != nil && b.Required {
		args = append(args, body(b))
	}
	if op.Options != nil {
		for _, p := range op.Options.Params {
			opts = append(opts, param(p))
		}
		if b := op.OptionalBody(); b != nil {
			opts = append(opts, body(b))
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
// operation also takes as arguments, in signature order: two arguments
// of one type that swap places compile, and are still a break.
func order(args, other []input) string {
	var ks []string
	for _, a := range args {
		if find(other, a.key) != nil {
			ks = append(ks, a.key)
		}
	}
	return strings.Join(ks, ",")
}

type atFunc func(what string, v Verdict, who string, ids ...string)

// params compares arguments and Options fields; it reports whether it
// found a change of the methods' signature.
func (c *comparer) params(o, n groupOp, methods []string, at atFunc) bool {
	sig := false
	oa, oo := inputs(o.op)
	na, no := inputs(n.op)
	for _, p := range oa {
		switch np, nopt := find(na, p.key), find(no, p.key); {
		case np == nil && nopt != nil:
			sig = true
			at(p.label+" made optional", BreaksCompilation, c.who(), methods...)
		case np == nil:
			sig = true
			at(p.label+" removed", BreaksCompilation, c.who(), methods...)
		case goType(p.typ) != goType(np.typ):
			sig = true
			at(fmt.Sprintf("%s retyped %s → %s", p.label, goType(p.typ), goType(np.typ)), BreaksCompilation, c.who(), methods...)
		}
	}
	for _, p := range na {
		if find(oa, p.key) != nil {
			continue
		}
		sig = true
		what, ids := "required "+p.label+" added", methods
		if op := find(oo, p.key); op != nil {
			what, ids = p.label+" made required", slices.Concat(ids, []string{o.op.Options.Name + "." + op.goName})
		}
		at(what+" (old clients do not send it)", BreaksCompilation, c.who(), ids...)
	}
	if order(oa, na) != order(na, oa) {
		sig = true
		if signature(o.op) != signature(n.op) {
			at("required parameters reordered", BreaksCompilation, c.who(), methods...)
		} else {
			at("required parameters reordered: same types, so callers compile and their arguments go to other parameters", BreaksWire, "callers")
		}
	}
	if (o.op.Options == nil) != (n.op.Options == nil) {
		sig = true
		what := "options struct added"
		if n.op.Options == nil {
			what = "options struct removed"
		}
		at(what, BreaksCompilation, c.who(), methods...)
	}
	for _, p := range oo {
		switch np := find(no, p.key); {
		case np == nil && find(na, p.key) == nil:
			at(p.label+" removed", BreaksCompilation, "callers", o.op.Options.Name+"."+p.goName)
		case np == nil:
		case np.goName != p.goName:
			at(fmt.Sprintf("%s: field %s.%s renamed %s", p.label, o.op.Options.Name, p.goName, np.goName), BreaksCompilation, "callers", o.op.Options.Name+"."+p.goName)
		case optionType(p.typ) != optionType(np.typ):
			at(fmt.Sprintf("%s retyped %s → %s", p.label, optionType(p.typ), optionType(np.typ)), BreaksCompilation, "callers", n.op.Options.Name+"."+np.goName)
		}
	}
	for _, p := range no {
		if find(oo, p.key) == nil && find(oa, p.key) == nil {
			at("optional "+p.label+" added", Compatible, "", n.op.Options.Name+"."+p.goName)
		}
	}
	paramChecks(slices.Concat(oa, oo), slices.Concat(na, no), at)
	if o.op.Options != nil && n.op.Options != nil && optionsComparable(oo) && !optionsComparable(no) {
		at(n.op.Options.Name+" no longer comparable", BreaksCompilation, "callers", n.op.Options.Name)
	}
	if o.op.Body != nil && n.op.Body != nil && o.op.Body.ContentType != n.op.Body.ContentType {
		at(fmt.Sprintf("request content type %s → %s", o.op.Body.ContentType, n.op.Body.ContentType), BreaksWire, "old clients and servers")
	}
	return sig
}

// paramChecks compares the validations of parameters present in both.
func paramChecks(old, cur []input, at atFunc) {
	byKey := func(ins []input) map[string]input {
		m := map[string]input{}
		for _, in := range ins {
			m[in.key] = in
		}
		return m
	}
	om, nm := byKey(old), byKey(cur)
	for _, k := range slices.Sorted(maps.Keys(om)) {
		if q, ok := nm[k]; ok && q.param != nil && om[k].param != nil {
			checks(om[k].label, om[k].param.Checks, q.param.Checks, func(what string, v Verdict, who string) { at(what, v, who) })
		}
	}
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
			at(fmt.Sprintf("constant %s %s=%s no longer sent", ok.In, ok.Wire, ok.Value), BreaksWire, "old clients and servers")
		case n.Consts[i].Value != ok.Value:
			at(fmt.Sprintf("constant %s %s: %s → %s", ok.In, ok.Wire, ok.Value, n.Consts[i].Value), BreaksWire, "old clients and servers")
		}
	}
	for _, nk := range n.Consts {
		if !skip(nk) && !slices.ContainsFunc(o.Consts, func(k *model.Const) bool { return key(k) == key(nk) }) {
			at(fmt.Sprintf("constant %s %s=%s now sent", nk.In, nk.Wire, nk.Value), BreaksWire, "old clients and servers")
		}
	}
}

func statusList(s []int) string {
	var out []string
	for _, v := range s {
		out = append(out, strconv.Itoa(v))
	}
	return strings.Join(out, ", ")
}

// bodyShape renders how the response struct holds the body.
func bodyShape(r *model.Response) (shape, ident string) {
	switch {
	case r.Body == nil:
		return "", ""
	case r.Embed:
		return "embedded " + r.Body.Name, r.Name + "." + r.Body.Name
	case r.Stream:
		return r.BodyName + " io.ReadCloser", r.Name + "." + r.BodyName
	}
	return r.BodyName + " " + goType(*r.Body), r.Name + "." + r.BodyName
}

// response compares success statuses, the body, headers and error models.
func (c *comparer) response(o, n groupOp, at atFunc) {
	or, nr := o.op.Response, n.op.Response
	for _, s := range nr.Statuses {
		if !slices.Contains(or.Statuses, s) {
			at(fmt.Sprintf("success status %d added (old clients take it for an error)", s), BreaksWire, "old clients")
		}
	}
	for _, s := range or.Statuses {
		if !slices.Contains(nr.Statuses, s) {
			at(fmt.Sprintf("success status %d removed", s), Compatible, "")
		}
	}
	if (len(or.Statuses) > 1) && len(nr.Statuses) <= 1 {
		at("StatusCode field removed (one success status left)", BreaksCompilation, "callers", nr.Name+".StatusCode")
	}
	os, oid := bodyShape(or)
	ns, nid := bodyShape(nr)
	switch {
	case os == ns:
	case os == "":
		at("response body added: "+ns, Compatible, "", nid)
	default:
		ids := []string{nr.Name, oid}
		if or.Embed {
			// the embedded type's fields were promoted into the response
			for _, f := range or.Body.Decl.Fields {
				ids = append(ids, nr.Name+"."+f.GoName)
			}
		}
		what := "response body removed: " + os
		if ns != "" {
			what = fmt.Sprintf("response body retyped: %s → %s", os, ns)
		}
		at(what, BreaksCompilation, "callers and implementers", ids...)
	}
	if responseComparable(or) && !responseComparable(nr) {
		at(nr.Name+" no longer comparable", BreaksCompilation, "callers", nr.Name)
	}
	c.headers(or, nr, at)
	c.errors(o.op, n.op, at)
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
		switch nh := find(nr.Headers, h.Wire); {
		case nh == nil:
			at(fmt.Sprintf("response header %s removed", h.Wire), BreaksCompilation, "callers and implementers", or.Name+"."+h.GoName)
		case nh.GoName != h.GoName:
			at(fmt.Sprintf("response header %s: field %s renamed %s", h.Wire, h.GoName, nh.GoName), BreaksCompilation, "callers and implementers", or.Name+"."+h.GoName)
		case goType(h.Type) != goType(nh.Type):
			at(fmt.Sprintf("response header %s retyped *%s → *%s", h.Wire, goType(h.Type), goType(nh.Type)), BreaksCompilation, "callers and implementers", nr.Name+"."+nh.GoName)
		}
	}
	for _, h := range nr.Headers {
		if find(or.Headers, h.Wire) == nil {
			at(fmt.Sprintf("response header %s added", h.Wire), Compatible, "", nr.Name+"."+h.GoName)
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
			at(fmt.Sprintf("error status %s (%s) removed", errorKey(e), goType(e.Type)), Compatible, "")
		case goType(ne.Type) != goType(e.Type):
			at(fmt.Sprintf("error status %s model %s → %s (errors.As on the old type no longer matches)", errorKey(e), goType(e.Type), goType(ne.Type)), BreaksWire, "callers")
		}
	}
	for _, e := range n.Errors {
		if find(o.Errors, errorKey(e)) == nil {
			at(fmt.Sprintf("error status %s (%s) added", errorKey(e), goType(e.Type)), Compatible, "")
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
		at("now pageable: "+np.Name+" iterates every page", Compatible, "", pager(n))
	case op != nil && np == nil:
		at("no longer pageable: "+op.Name+" removed", BreaksCompilation, "callers", pager(o))
	case op != nil && (op.Name != np.Name || goType(op.Item) != goType(np.Item)):
		at(fmt.Sprintf("pager %s of %s → %s of %s", op.Name, goType(op.Item), np.Name, goType(np.Item)), BreaksCompilation, "callers", pager(o), pager(n))
	}
}
