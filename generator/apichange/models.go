package apichange

import (
	"fmt"
	"slices"

	"github.com/oasgen/oasgen/generator/diag"
	"github.com/oasgen/oasgen/generator/model"
)

const models = "models"

var kindNames = map[model.DeclKind]string{model.DeclStruct: "struct", model.DeclEnum: "enum", model.DeclAlias: "defined type", model.DeclUnion: "union interface"}

// typeIdents are a type's name and, for an enum, its constants.
func typeIdents(t *model.Type) []string {
	ids := []string{t.Name}
	if t.Enum != nil {
		for _, v := range t.Enum.Values {
			ids = append(ids, v.GoName)
		}
	}
	return ids
}

func fieldPointer(t *model.Type, f *model.Field) string {
	if f.Source != "" {
		return f.Source
	}
	return t.Pointer + "/properties/" + diag.EscapeToken(f.JSONName)
}

func (c *comparer) models(old, new *model.API) {
	byName := func(ts []*model.Type, name string) *model.Type {
		i, ok := slices.BinarySearchFunc(ts, name, func(t *model.Type, n string) int {
			switch {
			case t.Name < n:
				return -1
			case t.Name > n:
				return 1
			}
			return 0
		})
		if !ok {
			return nil
		}
		return ts[i]
	}
	// A type whose Go name changed but whose schema did not move is a
	// rename, not a removal and an addition.
	renamed := map[*model.Type]*model.Type{}
	taken := map[*model.Type]bool{}
	for _, t := range old.Types {
		if byName(new.Types, t.Name) != nil {
			continue
		}
		for _, nt := range new.Types {
			if !taken[nt] && nt.Pointer == t.Pointer && nt.Kind == t.Kind && byName(old.Types, nt.Name) == nil {
				renamed[t], taken[nt] = nt, true
				break
			}
		}
	}
	for _, t := range old.Types {
		nt := byName(new.Types, t.Name)
		if r := renamed[t]; r != nil {
			c.add(Change{Section: models, Subject: r.Name, What: fmt.Sprintf("type renamed %s → %s", t.Name, r.Name), Verdict: BreaksCompilation, Who: "callers",
				Old: t.Pointer, New: r.Pointer, Go: typeIdents(t)})
			nt = r
		}
		if nt == nil {
			c.add(Change{Section: models, Subject: t.Name, What: kindNames[t.Kind] + " removed", Verdict: BreaksCompilation, Who: "callers", Old: t.Pointer, Go: typeIdents(t)})
			continue
		}
		c.typ(t, nt)
	}
	for _, t := range new.Types {
		if byName(old.Types, t.Name) == nil && !taken[t] {
			c.add(Change{Section: models, Subject: t.Name, What: kindNames[t.Kind] + " added", New: t.Pointer, Go: typeIdents(t)})
		}
	}
}

// typ compares one type present in both definitions.
func (c *comparer) typ(o, n *model.Type) {
	base := Change{Section: models, Subject: n.Name, Old: o.Pointer, New: n.Pointer}
	at := func(what string, v Verdict, who string, ids ...string) {
		ch := base
		ch.What, ch.Verdict, ch.Who, ch.Go = what, v, who, ids
		c.add(ch)
	}
	if o.Kind != n.Kind {
		at(fmt.Sprintf("%s → %s", kindNames[o.Kind], kindNames[n.Kind]), BreaksCompilation, "callers", typeIdents(o)...)
		return
	}
	if (o.Error == nil) != (n.Error == nil) {
		if n.Error == nil {
			at("no longer an error type", BreaksCompilation, "callers", fmt.Sprintf("(*%s).Error", o.Name))
		} else {
			at("now an error type", Compatible, "", fmt.Sprintf("(*%s).Error", n.Name))
		}
	}
	switch n.Kind {
	case model.DeclStruct:
		c.fields(o, n, base)
		if structComparable(o, nil) && !structComparable(n, nil) {
			at("no longer comparable (a field of slice or map type was added)", BreaksCompilation, "callers", n.Name)
		}
		if !o.Strict && n.Strict {
			at("unknown properties now rejected (additionalProperties: false)", BreaksWire, "old clients")
		}
	case model.DeclEnum:
		c.enum(o, n, at)
	case model.DeclAlias:
		if goType(*o.Underlying) != goType(*n.Underlying) {
			at(fmt.Sprintf("retyped %s → %s", goType(*o.Underlying), goType(*n.Underlying)), BreaksCompilation, "callers", n.Name)
		}
	case model.DeclUnion:
		c.union(o, n, at)
	}
}

// promoted are the identifiers of a field promoted into the response
// structs that embed its type.
func (c *comparer) promoted(ix *apiIndex, t string, f string) []string {
	ids := []string{t + "." + f}
	for _, r := range ix.embedders[t] {
		ids = append(ids, r+"."+f)
	}
	return ids
}

func (c *comparer) fields(o, n *model.Type, base Change) {
	field := func(fs []*model.Field, json string) *model.Field {
		for _, f := range fs {
			if f.JSONName == json {
				return f
			}
		}
		return nil
	}
	at := func(what string, v Verdict, who, old, new string, ids ...string) {
		ch := base
		ch.What, ch.Verdict, ch.Who, ch.Old, ch.New, ch.Go = what, v, who, old, new, ids
		c.add(ch)
	}
	for _, f := range o.Fields {
		nf := field(n.Fields, f.JSONName)
		if nf == nil {
			at(fmt.Sprintf("field %s (%s) removed", f.JSONName, f.GoName), BreaksCompilation, "callers", fieldPointer(o, f), "", c.promoted(c.old, o.Name, f.GoName)...)
			continue
		}
		op, np := fieldPointer(o, f), fieldPointer(n, nf)
		if nf.GoName != f.GoName {
			at(fmt.Sprintf("field %s: Go name %s → %s", f.JSONName, f.GoName, nf.GoName), BreaksCompilation, "callers", op, np, c.promoted(c.old, o.Name, f.GoName)...)
		}
		ot, nt := fieldType(f), fieldType(nf)
		req := ""
		switch {
		case !f.Required && nf.Required:
			req = ", now required"
		case f.Required && !nf.Required:
			req = ", now optional"
		}
		switch {
		case ot != nt:
			at(fmt.Sprintf("field %s retyped %s → %s%s", f.JSONName, ot, nt, req), BreaksCompilation, "callers", op, np, c.promoted(c.new, n.Name, nf.GoName)...)
		case req == ", now required":
			at(fmt.Sprintf("field %s now required (old clients may omit it)", f.JSONName), BreaksWire, "old clients", op, np, n.Name+"."+nf.GoName)
		case req != "":
			at(fmt.Sprintf("field %s now optional", f.JSONName), Compatible, "", op, np, n.Name+"."+nf.GoName)
		}
		checks("field "+f.JSONName, f.Checks, nf.Checks, func(what string, v Verdict, who string) { at(what, v, who, op, np) })
	}
	for _, f := range n.Fields {
		if field(o.Fields, f.JSONName) != nil {
			continue
		}
		v, who, what := Compatible, "", fmt.Sprintf("field %s (%s %s) added", f.JSONName, f.GoName, fieldType(f))
		if f.Required {
			v, who, what = BreaksWire, "old clients", "required "+what+" (old clients do not send it)"
		}
		at(what, v, who, "", fieldPointer(n, f), c.promoted(c.new, n.Name, f.GoName)...)
	}
}

func (c *comparer) enum(o, n *model.Type, at atFunc) {
	oe, ne := o.Enum, n.Enum
	if oe.Base != ne.Base {
		at(fmt.Sprintf("enum base %s → %s", oe.Base, ne.Base), BreaksCompilation, "callers", n.Name)
	}
	find := func(vs []*model.EnumValue, v any) *model.EnumValue {
		for _, x := range vs {
			if fmt.Sprint(x.Value) == fmt.Sprint(v) {
				return x
			}
		}
		return nil
	}
	for _, v := range oe.Values {
		switch nv := find(ne.Values, v.Value); {
		case nv == nil && !ne.Open:
			at(fmt.Sprintf("enum value %q removed (old clients may still send it)", fmt.Sprint(v.Value)), BreaksCompilation, "callers and old clients", v.GoName)
		case nv == nil:
			at(fmt.Sprintf("enum value %q removed (still accepted: the enum is open)", fmt.Sprint(v.Value)), BreaksCompilation, "callers", v.GoName)
		case nv.GoName != v.GoName && o.Name == n.Name: // a renamed type's constants are in its entry
			at(fmt.Sprintf("enum value %q: constant %s → %s", fmt.Sprint(v.Value), v.GoName, nv.GoName), BreaksCompilation, "callers", v.GoName)
		}
	}
	for _, v := range ne.Values {
		if find(oe.Values, v.Value) == nil {
			at(fmt.Sprintf("enum value %q added", fmt.Sprint(v.Value)), Compatible, "", v.GoName)
		}
	}
	if oe.Open && !ne.Open {
		at("enum closed: values outside the list are now rejected", BreaksWire, "old clients")
	}
}

func (c *comparer) union(o, n *model.Type, at atFunc) {
	ou, nu := o.Union, n.Union
	if ou.Property != nu.Property {
		at(fmt.Sprintf("discriminator property %s → %s", ou.Property, nu.Property), BreaksWire, "old clients and servers")
	}
	find := func(vs []*model.Variant, value string) *model.Variant {
		for _, v := range vs {
			if v.Value == value {
				return v
			}
		}
		return nil
	}
	for _, v := range ou.Variants {
		switch nv := find(nu.Variants, v.Value); {
		case nv == nil:
			at(fmt.Sprintf("discriminator kind %q (%s) removed (old clients may still send it)", v.Value, v.Type.Name), BreaksWire, "old clients")
		case nv.Type.Name != v.Type.Name:
			at(fmt.Sprintf("discriminator kind %q: %s → %s", v.Value, v.Type.Name, nv.Type.Name), BreaksCompilation, "callers")
		}
	}
	for _, v := range nu.Variants {
		if find(ou.Variants, v.Value) == nil {
			at(fmt.Sprintf("discriminator kind %q (%s) added", v.Value, v.Type.Name), Compatible, "")
		}
	}
	if ou.Getter != "" && ou.Getter != nu.Getter {
		ids := []string{n.Name + "." + ou.Getter}
		for _, k := range ou.Kinds() {
			ids = append(ids, fmt.Sprintf("(*%s).%s", k.Name, ou.Getter))
		}
		at(fmt.Sprintf("method %s removed (not every kind holds the base's properties any more)", ou.Getter), BreaksCompilation, "callers", ids...)
	}
	if (ou.Base == nil) != (nu.Base == nil) {
		what := "unknown kinds now decode into the base type"
		v := Compatible
		if nu.Base == nil {
			what, v = "unknown kinds are now an error", BreaksWire
		}
		at(what, v, "old clients")
	}
}
