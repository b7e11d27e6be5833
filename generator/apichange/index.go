package apichange

import (
	"slices"
	"strings"

	"github.com/oasgen/oasgen/generator/model"
)

// apiIndex holds what the comparison looks up in one version.
type apiIndex struct {
	api  *model.API
	view *goView
	// embedders lists, per struct type name, the response structs that
	// embed it: their promoted fields change with the type's.
	embedders map[string][]string
	// subjects maps a Go identifier to the model entity it comes from,
	// so that a Go view change no model entry accounts for is reported
	// under its operation or type.
	subjects map[string]subjectRef
	// uses are the operations that carry each type, and which way.
	uses map[*model.Type][]Use
	// anchors are where a type is used directly (an operation's body,
	// response, item or error, a type's property): renames are paired by
	// them (renames.go).
	anchors map[*model.Type][]string
}

type subjectRef struct {
	section, subject, pointer string
}

func index(api *model.API, view *goView) *apiIndex {
	ix := &apiIndex{api: api, view: view, embedders: map[string][]string{}, subjects: map[string]subjectRef{}}
	for _, g := range api.AllGroups() {
		for _, op := range g.Operations {
			if r := op.Response; r != nil && r.Embed && r.Body != nil {
				ix.embedders[r.Body.Name] = append(ix.embedders[r.Body.Name], r.Name)
			}
		}
	}
	ix.indexSubjects()
	ix.uses, ix.anchors = usesOf(api)
	return ix
}

// indexSubjects names the model entity behind each identifier the
// emitter derives from it.
func (ix *apiIndex) indexSubjects() {
	api := ix.api
	set := func(ref subjectRef, ids ...string) {
		for _, id := range ids {
			if _, ok := ix.subjects[id]; !ok {
				ix.subjects[id] = ref
			}
		}
	}
	for _, g := range api.AllGroups() {
		sec := section(g)
		for _, op := range g.Operations {
			ref := subjectRef{sec, g.Name + "." + op.GoName, op.Pointer}
			o := groupOp{g, op}
			set(ref, (&comparer{parts: AllParts}).declIdents(o)...)
			if op.Options != nil {
				for _, p := range op.Options.Params {
					set(ref, op.Options.Name+"."+p.GoName)
				}
				if b := op.OptionalBody(); b != nil {
					set(ref, op.Options.Name+"."+b.GoName)
				}
			}
			if r := op.Response; r != nil {
				set(ref, r.Name+".StatusCode", r.Name+".UnparsedHeaders", r.Name+"."+r.BodyName)
				for _, h := range r.Headers {
					set(ref, r.Name+"."+h.GoName)
				}
			}
		}
		ref := subjectRef{sec, g.Name, ""}
		set(ref, g.Client, g.Server, g.Unimpl, "Client."+g.Name, "Servers."+g.Name)
	}
	for _, h := range api.Hooks {
		set(subjectRef{"webhooks", "WebhookHandlers." + h.GoName, ""}, "WebhookHandlers."+h.GoName)
	}
	for _, t := range api.Types {
		ref := subjectRef{models, t.Name, t.Pointer}
		set(ref, typeIdents(t)...)
	}
}

// subjectOf is the subject a Go identifier belongs to: its own entity,
// else its owner type's, else the package.
func (c *comparer) subjectOf(id string, removed bool) subjectRef {
	first, second := c.new, c.old
	if removed {
		first, second = c.old, c.new
	}
	for _, k := range []string{id, owner(id)} {
		for _, ix := range []*apiIndex{first, second} {
			if r, ok := ix.subjects[k]; ok {
				return r
			}
			// a member of a type: T.F, (*T).M, T.M
			if t := ix.typeNamed(owner(k)); t != nil && k != id {
				return subjectRef{models, t.Name, t.Pointer}
			}
		}
	}
	return subjectRef{"package", owner(id), ""}
}

func (ix *apiIndex) typeNamed(name string) *model.Type {
	i, ok := slices.BinarySearchFunc(ix.api.Types, name, func(t *model.Type, n string) int { return strings.Compare(t.Name, n) })
	if !ok {
		return nil
	}
	return ix.api.Types[i]
}

// attach gives each Go view change to the first entry (in the order the
// comparison added them: an operation's removal before its parameters)
// that names its identifier; a change no entry names becomes an entry
// of its own, under the subject its identifier comes from.
func (c *comparer) attach(gs []GoChange) {
	claim := map[string]int{}
	for i := len(c.out) - 1; i >= 0; i-- {
		if c.out[i].claims {
			for _, id := range c.out[i].Go {
				claim[id] = i
			}
		}
	}
	breaks := map[string]bool{}
	for _, g := range gs {
		breaks[g.Ident] = breaks[g.Ident] || g.Breaking
	}
	for i := range c.out {
		if c.out[i].claims && slices.ContainsFunc(c.out[i].Go, func(id string) bool { return breaks[id] && claim[id] != i }) {
			c.out[i].shared = true
		}
	}
	for _, g := range gs {
		if i, ok := claim[g.Ident]; ok {
			c.out[i].GoAPI = append(c.out[i].GoAPI, g)
			continue
		}
		ref := c.subjectOf(g.Ident, g.Kind == GoRemoved)
		c.out = append(c.out, Change{Section: ref.section, Subject: ref.subject, What: goWhat(g, ref.subject), Go: []string{g.Ident}, GoAPI: []GoChange{g},
			Old: ifSide(g.Kind != GoAdded, ref.pointer), New: ifSide(g.Kind != GoRemoved, ref.pointer)})
	}
}

func ifSide(ok bool, s string) string {
	if ok {
		return s
	}
	return ""
}

// goWhat describes a Go view change no model entry accounts for, under
// subject.
func goWhat(g GoChange, subject string) string {
	id := g.Ident + " "
	if g.Ident == subject {
		id = ""
	}
	switch g.Kind {
	case GoChanged:
		o, n := elide(g.Old, g.New)
		return "Go: " + id + "changed from " + o + " to " + n
	case GoValue:
		return "Go: " + id + "value changed from " + g.Old + " to " + g.New
	case GoIncomparable:
		return "Go: " + id + "no longer comparable (a field of slice, map or function type)"
	}
	return "Go: " + id + string(g.Kind)
}
