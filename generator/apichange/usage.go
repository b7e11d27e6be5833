package apichange

import (
	"slices"

	"github.com/oasgen/oasgen/generator/model"
)

// Which way each type travels: the types an operation's request carries
// (its parameters and body, and every type they hold) and those its
// response carries (body, headers, pager items, error models).

// usesOf returns, per type, the operations that carry it and which way,
// and the anchors of the types operations use directly.
func usesOf(api *model.API) (map[*model.Type][]Use, map[*model.Type][]string) {
	dirs := map[*model.Type]map[string]Direction{}
	anchors := map[*model.Type][]string{}
	var order []string
	for _, g := range api.AllGroups() {
		for _, op := range g.Operations {
			name := g.Name + "." + op.GoName
			order = append(order, name)
			key := opKey(op)
			mark := func(t model.TypeRef, d Direction, anchor string) {
				if anchor != "" {
					if d := direct(t); d != nil {
						anchors[d] = append(anchors[d], key+" "+anchor)
					}
				}
				reach(t, map[*model.Type]bool{}, func(x *model.Type) {
					if dirs[x] == nil {
						dirs[x] = map[string]Direction{}
					}
					dirs[x][name] |= d
				})
			}
			for _, p := range op.Positional {
				mark(p.Type, Request, "")
			}
			if op.Options != nil {
				for _, p := range op.Options.Params {
					mark(p.Type, Request, "")
				}
			}
			if op.Body != nil {
				mark(op.Body.Type, Request, "body")
			}
			if r := op.Response; r != nil {
				if r.Body != nil {
					mark(*r.Body, Response, "response")
				}
				if r.Items != nil {
					mark(r.Items.Item, Response, "stream")
				}
				for _, h := range r.Headers {
					mark(h.Type, Response, "")
				}
			}
			if op.Pageable != nil {
				mark(op.Pageable.Item, Response, "item")
			}
			for _, e := range op.Errors {
				mark(e.Type, Response, "error "+errorKey(e))
			}
		}
	}
	uses := map[*model.Type][]Use{}
	for t, m := range dirs {
		for _, name := range order {
			if d := m[name]; d != 0 {
				uses[t] = append(uses[t], Use{Op: name, Dir: d})
			}
		}
	}
	for t := range anchors {
		anchors[t] = slices.Compact(slices.Sorted(slices.Values(anchors[t])))
	}
	return uses, anchors
}

// direct is the named type a reference holds, through slices, maps and
// typed streams (their items).
func direct(t model.TypeRef) *model.Type {
	for (t.Kind == model.KindSlice || t.Kind == model.KindMap || t.Kind == model.KindEvents) && t.Elem != nil {
		t = *t.Elem
	}
	if t.Kind == model.KindNamed {
		return t.Decl
	}
	return nil
}

// reach calls f for every named type t holds, itself included: fields,
// elements, underlying types, union kinds and bases.
func reach(t model.TypeRef, seen map[*model.Type]bool, f func(*model.Type)) {
	d := direct(t)
	if d == nil || seen[d] {
		return
	}
	seen[d] = true
	f(d)
	for _, fl := range d.Fields {
		reach(fl.Type, seen, f)
	}
	if d.Underlying != nil {
		reach(*d.Underlying, seen, f)
	}
	if u := d.Union; u != nil {
		for _, v := range u.Variants {
			reach(model.TypeRef{Kind: model.KindNamed, Name: v.Type.Name, Decl: v.Type}, seen, f)
		}
		if u.Base != nil {
			reach(model.TypeRef{Kind: model.KindNamed, Name: u.Base.Name, Decl: u.Base}, seen, f)
		}
	}
}

// travels is the union of the ways a type's uses carry it.
func travels(uses []Use) Direction {
	var d Direction
	for _, u := range uses {
		d |= u.Dir
	}
	return d
}
