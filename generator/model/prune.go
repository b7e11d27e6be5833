package model

// Reachable is the set of types the operations use: their parameters,
// bodies, responses, headers, errors and pages, the error model, and
// everything these reach through fields, elements, underlying types and
// unions (a union reaches its kinds and its base).
func Reachable(api *API) map[*Type]bool {
	seen := map[*Type]bool{}
	visit := func(t *TypeRef) { reach(seen, t) }
	for _, g := range api.AllGroups() {
		for _, op := range g.Operations {
			params := append(append(append([]*Param{}, op.PathParams...), op.Positional...), op.Options.fields()...)
			for _, p := range params {
				visit(&p.Type)
			}
			if op.Body != nil {
				visit(&op.Body.Type)
			}
			if r := op.Response; r != nil {
				visit(r.Body)
				if r.Items != nil {
					visit(&r.Items.Item)
				}
				for _, h := range r.Headers {
					visit(&h.Type)
				}
			}
			for _, e := range op.Errors {
				visit(&e.Type)
			}
			if op.Pageable != nil {
				visit(&op.Pageable.Item)
			}
		}
	}
	if api.ErrorModel != nil {
		for _, t := range api.Types {
			if t.Name == api.ErrorModel.Type {
				reachDecl(seen, t)
			}
		}
	}
	return seen
}

// Prune drops the types that no operation reaches (see Reachable),
// keeping the order of the rest.
func Prune(api *API) {
	keep := Reachable(api)
	out := api.Types[:0]
	for _, t := range api.Types {
		if keep[t] {
			out = append(out, t)
		}
	}
	clear(api.Types[len(out):])
	api.Types = out
}

func (o *Options) fields() []*Param {
	if o == nil {
		return nil
	}
	return o.Params
}

// reach adds to seen the types t refers to and all they reach.
func reach(seen map[*Type]bool, t *TypeRef) {
	for ; t != nil; t = t.Elem {
		if t.Kind == KindNamed {
			reachDecl(seen, t.Decl)
		}
	}
}

// reachDecl adds d to seen with everything it reaches: its underlying
// type, its fields' types and, for a union, its kinds and base.
func reachDecl(seen map[*Type]bool, d *Type) {
	if d == nil || seen[d] {
		return
	}
	seen[d] = true
	reach(seen, d.Underlying)
	for _, f := range d.Fields {
		reach(seen, &f.Type)
	}
	if d.Union != nil {
		for _, k := range d.Union.Kinds() {
			reachDecl(seen, k)
		}
	}
}
