package apichange

import (
	"fmt"
	"slices"
	"strings"

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
	for _, t := range old.Types {
		nt := c.newOf(t)
		switch {
		case nt == nil:
			c.add(Change{Section: models, Subject: t.Name, What: kindNames[t.Kind] + " removed", Old: t.Pointer, Go: typeIdents(t), Uses: c.usesOf(t, nil)})
			continue
		case nt.Name != t.Name:
			c.add(Change{Section: models, Subject: nt.Name, From: t.Name, What: fmt.Sprintf("type renamed %s → %s (matched by %s)", t.Name, nt.Name, c.why[nt]),
				Old: t.Pointer, New: nt.Pointer, Go: slices.Concat(typeIdents(t), typeIdents(nt)), Uses: c.usesOf(t, nt)})
		}
		c.typ(t, nt)
	}
	for _, t := range new.Types {
		if c.oldOf[t] == nil {
			c.add(Change{Section: models, Subject: t.Name, What: kindNames[t.Kind] + " added", New: t.Pointer, Go: typeIdents(t), Uses: c.usesOf(nil, t)})
		}
	}
}

// usesOf merges the uses of a type in both versions, the new version's
// first.
func (c *comparer) usesOf(o, n *model.Type) []Use {
	var out []Use
	add := func(us []Use) {
		for _, u := range us {
			if i := slices.IndexFunc(out, func(x Use) bool { return x.Op == u.Op }); i >= 0 {
				out[i].Dir |= u.Dir
			} else {
				out = append(out, u)
			}
		}
	}
	if n != nil {
		add(c.new.uses[n])
	}
	if o != nil {
		add(c.old.uses[o])
	}
	return out
}

// typeAt records the changes of one type.
type typeAt struct {
	c    *comparer
	base Change
	dir  Direction // which way the type travels; 0 when no operation carries it
	// wire, when set, records only wire effects, each What after this
	// prefix: the properties of an operation's body or response whose
	// schema was replaced by another (structWire).
	wire string
}

func (t typeAt) at(what string, req, resp Wire, ids ...string) {
	ch := t.base
	ch.What, ch.Request, ch.Response, ch.Go = what, req, resp, ids
	if t.wire != "" {
		if req == "" && resp == "" {
			return
		}
		ch.What, ch.Go = t.wire+what, nil
	}
	t.c.add(ch)
}

// within limits a direction to where the type travels (both when no
// operation carries it: a models-only package, say).
func (t typeAt) within(d Direction) Direction {
	if t.dir == 0 {
		return d
	}
	return d & t.dir
}

// sides returns the wire effects to record on the sides in d that the
// type travels.
func (t typeAt) sides(d Direction, req, resp Wire) (Wire, Wire) {
	d = t.within(d)
	if d&Request == 0 {
		req = ""
	}
	if d&Response == 0 {
		resp = ""
	}
	return req, resp
}

// typ compares one type present in both definitions (n may be o renamed).
func (c *comparer) typ(o, n *model.Type) {
	uses := c.usesOf(o, n)
	t := typeAt{c: c, base: Change{Section: models, Subject: n.Name, Old: o.Pointer, New: n.Pointer, Uses: uses}, dir: travels(uses)}
	if o.Name != n.Name {
		t.base.From = o.Name
	}
	if o.Kind != n.Kind {
		what, req, resp := valueChange(named(o), named(n), false, t.within(Both))
		t.at(fmt.Sprintf("%s → %s %s", kindNames[o.Kind], kindNames[n.Kind], what), req, resp, typeIdents(o)...)
		return
	}
	if (o.Error == nil) != (n.Error == nil) {
		if n.Error == nil {
			t.at("no longer an error type", "", "", fmt.Sprintf("(*%s).Error", o.Name))
		} else {
			t.at("now an error type", "", "", fmt.Sprintf("(*%s).Error", n.Name))
		}
	}
	switch n.Kind {
	case model.DeclStruct:
		c.fields(o, n, t)
		switch {
		case !o.Strict && n.Strict:
			t.at("unknown properties now rejected (additionalProperties: false)", t.pick(Request, WireBreaks), "")
		case o.Strict && !n.Strict:
			t.at("unknown properties now accepted", t.pick(Request, WireNeedsNewServer), t.pick(Response, WireMayBreakReaders))
		}
	case model.DeclEnum:
		c.enum(o, n, t)
	case model.DeclAlias:
		if ot, nt := c.old.view.text(o.Name), c.new.view.text(n.Name); ot != nt && !c.corresponds(*o.Underlying, *n.Underlying) {
			t.at(fmt.Sprintf("retyped %s → %s", ot, nt), "", "", n.Name)
		}
		if what, req, resp := valueChange(*o.Underlying, *n.Underlying, false, t.within(Both)); what != "" {
			t.at(what, req, resp)
		}
	case model.DeclUnion:
		c.union(o, n, t)
	}
}

// pick is w when the type travels in direction d, else nothing.
func (t typeAt) pick(d Direction, w Wire) Wire {
	if t.within(d) == 0 {
		return ""
	}
	return w
}

func named(t *model.Type) model.TypeRef {
	return model.TypeRef{Kind: model.KindNamed, Name: t.Name, Decl: t}
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

// fieldPairs pairs the fields of two versions of a struct: by JSON name,
// then the rest by Go name (a property renamed on the wire whose
// x-ms-client-name kept its Go name).
func fieldPairs(o, n *model.Type) (pairs [][2]*model.Field, removed, added []*model.Field) {
	taken := map[*model.Field]bool{}
	var rest []*model.Field
	for _, f := range o.Fields {
		i := slices.IndexFunc(n.Fields, func(x *model.Field) bool { return x.JSONName == f.JSONName })
		if i < 0 {
			rest = append(rest, f)
			continue
		}
		pairs, taken[n.Fields[i]] = append(pairs, [2]*model.Field{f, n.Fields[i]}), true
	}
	for _, f := range rest {
		i := slices.IndexFunc(n.Fields, func(x *model.Field) bool { return !taken[x] && x.GoName == f.GoName })
		if i < 0 {
			removed = append(removed, f)
			continue
		}
		pairs, taken[n.Fields[i]] = append(pairs, [2]*model.Field{f, n.Fields[i]}), true
	}
	for _, f := range n.Fields {
		if !taken[f] {
			added = append(added, f)
		}
	}
	return pairs, removed, added
}

// fieldDir is where a field travels now: a read-only one is not sent by
// clients (the new server ignores it), a write-only one is not in
// responses; that it became so is fieldAccess's to report.
func fieldDir(n *model.Field) Direction {
	d := Both
	if n.ReadOnly {
		d &^= Request
	}
	if n.WriteOnly {
		d &^= Response
	}
	return d
}

func (c *comparer) fields(o, n *model.Type, t typeAt) {
	renamedType := o.Name != n.Name
	at := func(what string, req, resp Wire, old, new string, ids ...string) {
		ch := t.base
		ch.What, ch.Request, ch.Response, ch.Old, ch.New, ch.Go = what, req, resp, old, new, ids
		if t.wire != "" {
			if req == "" && resp == "" {
				return
			}
			ch.What, ch.Go = t.wire+what, nil
		}
		c.add(ch)
	}
	pairs, removed, added := fieldPairs(o, n)
	for _, f := range removed {
		// Old clients still send it (the new server ignores it, or
		// rejects it when the type is closed); old readers no longer
		// get it.
		req, resp := t.sides(fieldDir(f), WireBehaviour, WireMayBreakReaders)
		if n.Strict {
			req, resp = t.sides(fieldDir(f), WireBreaks, WireMayBreakReaders)
		}
		at(fmt.Sprintf("field %s (%s) removed", f.JSONName, f.GoName), req, resp,
			fieldPointer(o, f), "", c.promoted(c.old, o.Name, f.GoName)...)
		if f.Required && !f.ReadOnly {
			if req, _ := t.sides(fieldDir(f), WireNeedsNewServer, ""); req != "" {
				at(fmt.Sprintf("field %s was required: new clients no longer send it", f.JSONName), req, "", fieldPointer(o, f), "")
			}
		}
	}
	for _, p := range pairs {
		f, nf := p[0], p[1]
		op, np := fieldPointer(o, f), fieldPointer(n, nf)
		fat := func(what string, req, resp Wire, ids ...string) { at(what, req, resp, op, np, ids...) }
		label := "field " + nf.JSONName
		d := fieldDir(nf)
		if f.JSONName != nf.JSONName {
			req, resp := t.sides(d, WireEncoding, WireEncoding)
			fat(fmt.Sprintf("field %s: property renamed %q → %q on the wire (Go name %s kept)", nf.GoName, f.JSONName, nf.JSONName, nf.GoName), req, resp)
		}
		if nf.GoName != f.GoName && !renamedType {
			fat(fmt.Sprintf("%s: Go name %s → %s", label, f.GoName, nf.GoName), "", "", c.promoted(c.old, o.Name, f.GoName)...)
		}
		if ot, nt := c.old.view.text(o.Name+"."+f.GoName), c.new.view.text(n.Name+"."+nf.GoName); ot != nt && ot != "" && nt != "" {
			switch {
			case renamedType && c.corresponds(f.Type, nf.Type) && f.Pointer == nf.Pointer && f.ThreeState == nf.ThreeState:
				// the same field of a renamed type: the rename says it
			case c.corresponds(f.Type, nf.Type) && f.Pointer == nf.Pointer && f.ThreeState == nf.ThreeState:
				fat(fmt.Sprintf("%s retyped %s → %s (its type was renamed)", label, ot, nt), "", "", c.promoted(c.new, n.Name, nf.GoName)...)
			default:
				fat(fmt.Sprintf("%s retyped %s → %s", label, ot, nt), "", "", c.promoted(c.new, n.Name, nf.GoName)...)
			}
		}
		switch {
		case !f.Required && nf.Required:
			req, resp := t.sides(d, WireBreaks, WireNeedsNewServer)
			fat(label+" now required", req, resp)
		case f.Required && !nf.Required:
			req, resp := t.sides(d, WireNeedsNewServer, WireMayBreakReaders)
			fat(label+" now optional", req, resp)
		}
		if !c.corresponds(f.Type, nf.Type) { // a paired type's own changes are its entries
			if t.wire != "" && f.Type.IsStruct() && nf.Type.IsStruct() && depth(t.wire) < 3 {
				c.structWire(t.wire+label+": ", f.Type.Decl, nf.Type.Decl, t.within(d), t.base)
			}
			if what, req, resp := valueChange(f.Type, nf.Type, false, t.within(d)); what != "" {
				fat(label+": "+what, req, resp)
			}
		}
		// A null for an optional property is read as its absence; only
		// a required one refuses it. The generated client does not
		// validate responses.
		switch {
		case !f.Nullable && nf.Nullable && f.Required:
			req, resp := t.sides(d, WireNeedsNewServer, WireMayBreakReaders)
			fat(label+" now nullable (old servers refuse null: the property is required)", req, resp)
		case !f.Nullable && nf.Nullable:
			req, resp := t.sides(d, WireBehaviour, WireMayBreakReaders)
			fat(label+" now nullable (old servers take null for absent)", req, resp)
		case f.Nullable && !nf.Nullable && nf.Required:
			req, _ := t.sides(d, WireBreaks, "")
			fat(label+" no longer nullable (the new server refuses null: the property is required)", req, "")
		case f.Nullable && !nf.Nullable:
			req, _ := t.sides(d, WireBehaviour, "")
			fat(label+" no longer nullable (the new server takes null for absent)", req, "")
		}
		if what, req, resp := checkEffects(checksChange(applies(f.Type, f.Checks), applies(nf.Type, nf.Checks)), t.within(d)); what != "" {
			fat(label+": "+what, req, resp)
		}
		c.fieldAccess(label, f, nf, t, fat)
		if od, nd := fmtDefault(f.Default), fmtDefault(nf.Default); od != nd {
			req, resp := t.sides(d, WireBehaviour, WireBehaviour)
			fat(fmt.Sprintf("%s: default %s → %s (what an absent value means)", label, od, nd), req, resp)
		}
		c.annotations(label, f.Annotations, nf.Annotations, t.within(d), fat)
	}
	for _, f := range added {
		what := fmt.Sprintf("field %s (%s) added", f.JSONName, f.GoName)
		var req Wire
		if f.Required && !f.ReadOnly {
			what, req = "required "+what+" (old clients do not send it)", t.pick(Request, WireBreaks)
		}
		at(what, req, "", "", fieldPointer(n, f), c.promoted(c.new, n.Name, f.GoName)...)
	}
}

// structWire compares, on the wire only, two struct types that are not
// one type in both versions: an operation's body or response whose
// schema was replaced by another (CertificateAddParameter →
// BatchCertificate), the properties an old side writes and a new side
// reads, recorded under the operation (base) with their direction d.
// Properties of struct types again replaced are compared the same way,
// three levels deep.
func (c *comparer) structWire(prefix string, o, n *model.Type, d Direction, base Change) {
	t := typeAt{c: c, base: base, dir: d, wire: prefix}
	c.fields(o, n, t)
	switch {
	case !o.Strict && n.Strict:
		t.at("unknown properties now rejected (additionalProperties: false)", t.pick(Request, WireBreaks), "")
	}
}

// depth counts the levels of a structWire prefix.
func depth(prefix string) int { return strings.Count(prefix, ": ") }

// fieldAccess compares readOnly and writeOnly.
func (c *comparer) fieldAccess(label string, o, n *model.Field, t typeAt, at atFunc) {
	switch {
	case !o.ReadOnly && n.ReadOnly:
		at(label+" now read-only: the new client no longer sends it, and the server ignores what old clients send", t.pick(Request, WireBehaviour), "")
	case o.ReadOnly && !n.ReadOnly:
		at(label+" no longer read-only: clients may send it", t.pick(Request, WireNeedsNewServer), "")
	}
	switch {
	case !o.WriteOnly && n.WriteOnly:
		at(label+" now write-only: responses no longer carry it", "", t.pick(Response, WireMayBreakReaders))
	case o.WriteOnly && !n.WriteOnly:
		at(label+" no longer write-only: responses may carry it", "", "")
	}
}

func (c *comparer) enum(o, n *model.Type, t typeAt) {
	oe, ne := o.Enum, n.Enum
	if oe.Base != ne.Base {
		req, resp := t.sides(Both, WireEncoding, WireEncoding)
		t.at(fmt.Sprintf("enum base %s → %s", oe.Base, ne.Base), req, resp, n.Name)
	}
	find := func(vs []*model.EnumValue, v any) *model.EnumValue {
		for _, x := range vs {
			if fmt.Sprint(x.Value) == fmt.Sprint(v) {
				return x
			}
		}
		return nil
	}
	// A renamed type's old constants are gone with it: its rename entry
	// holds them.
	constant := func(v *model.EnumValue) []string {
		if o.Name != n.Name {
			return nil
		}
		return []string{v.GoName}
	}
	for _, v := range oe.Values {
		switch nv := find(ne.Values, v.Value); {
		case nv == nil && !ne.Open:
			t.at(fmt.Sprintf("enum value %q removed (old clients may still send it)", fmt.Sprint(v.Value)), t.pick(Request, WireBreaks), "", constant(v)...)
		case nv == nil:
			t.at(fmt.Sprintf("enum value %q removed (still accepted: the enum is open)", fmt.Sprint(v.Value)), t.pick(Request, WireBehaviour), "", constant(v)...)
		case nv.GoName != v.GoName && o.Name == n.Name: // a renamed type's constants are in its entry
			t.at(fmt.Sprintf("enum value %q: constant %s → %s", fmt.Sprint(v.Value), v.GoName, nv.GoName), "", "", v.GoName)
		}
	}
	var added []string
	var ids []string
	for _, v := range ne.Values {
		if find(oe.Values, v.Value) == nil {
			added = append(added, fmt.Sprintf("%q", fmt.Sprint(v.Value)))
			ids = append(ids, v.GoName)
		}
	}
	if len(added) > 0 {
		t.at(fmt.Sprintf("enum values %s added (old readers may get values they do not know; the generated client decodes them)", joinMax(added, 8)),
			t.pick(Request, WireNeedsNewServer), t.pick(Response, WireMayBreakReaders), ids...)
	}
	switch {
	case oe.Open && !ne.Open:
		t.at("enum closed: values outside the list are now rejected", t.pick(Request, WireBreaks), "")
	case !oe.Open && ne.Open:
		t.at("enum opened: values outside the list are now accepted", t.pick(Request, WireNeedsNewServer), t.pick(Response, WireMayBreakReaders))
	}
}

func (c *comparer) union(o, n *model.Type, t typeAt) {
	ou, nu := o.Union, n.Union
	if ou.Property != nu.Property {
		req, resp := t.sides(Both, WireEncoding, WireEncoding)
		t.at(fmt.Sprintf("discriminator property %s → %s", ou.Property, nu.Property), req, resp)
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
		case nv == nil && nu.Base != nil:
			t.at(fmt.Sprintf("discriminator kind %q (%s) removed (old clients may still send it: the new server reads it as %s, without its own properties)", v.Value, v.Type.Name, nu.Base.Name), t.pick(Request, WireBehaviour), "")
		case nv == nil:
			t.at(fmt.Sprintf("discriminator kind %q (%s) removed (old clients may still send it)", v.Value, v.Type.Name), t.pick(Request, WireBreaks), "")
		case c.newOf(v.Type) != nv.Type:
			req, resp := t.sides(Both, WireEncoding, WireEncoding)
			t.at(fmt.Sprintf("discriminator kind %q: %s → %s (the mapping changed)", v.Value, v.Type.Name, nv.Type.Name), req, resp)
		}
	}
	for _, v := range nu.Variants {
		if find(ou.Variants, v.Value) != nil {
			continue
		}
		what, resp := fmt.Sprintf("discriminator kind %q (%s) added: old clients decode it as %s", v.Value, v.Type.Name, nameOr(ou.Base)), WireMayBreakReaders
		if ou.Base == nil {
			what, resp = fmt.Sprintf("discriminator kind %q (%s) added: old clients fail to decode it (no base type)", v.Value, v.Type.Name), WireBreaks
		}
		t.at(what, t.pick(Request, WireNeedsNewServer), t.pick(Response, resp))
	}
	if ou.Getter != "" && ou.Getter != nu.Getter {
		ids := []string{n.Name + "." + ou.Getter}
		for _, k := range ou.Kinds() {
			ids = append(ids, fmt.Sprintf("(*%s).%s", k.Name, ou.Getter))
		}
		t.at(fmt.Sprintf("method %s removed (not every kind holds the base's properties any more)", ou.Getter), "", "", ids...)
	}
	switch {
	case ou.Base == nil && nu.Base != nil:
		t.at("unknown kinds now decode into the base type", "", "")
	case ou.Base != nil && nu.Base == nil:
		t.at("unknown kinds are now an error", "", t.pick(Response, WireNeedsNewServer))
	}
}

func nameOr(t *model.Type) string {
	if t == nil {
		return "nothing"
	}
	return t.Name
}

// joinMax joins at most n items, counting the rest.
func joinMax(items []string, n int) string {
	if len(items) <= n {
		return joinList(items)
	}
	return joinList(items[:n]) + fmt.Sprintf(" and %d more", len(items)-n)
}

func joinList(items []string) string {
	out := ""
	for i, s := range items {
		if i > 0 {
			out += ", "
		}
		out += s
	}
	return out
}
