package wiretruth

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/oasgen/oasgen/generator/apichange"
	"github.com/oasgen/oasgen/generator/apichange/internal/wiretruth/drive"
	"github.com/oasgen/oasgen/generator/diag"
	"github.com/oasgen/oasgen/generator/model"
)

// sideOf is the plan of one version, from its model.
func sideOf(pkg string, api *model.API) *drive.Side {
	s := &drive.Side{Package: pkg, Types: map[string]*drive.Type{}, Ops: map[string]*drive.Op{}}
	if api.APIVersion != nil {
		s.APIVersion = api.APIVersion.Value
	}
	for _, t := range api.Types {
		s.Types[t.Name] = typeOf(t)
	}
	for _, g := range api.Groups {
		for _, op := range g.Operations {
			s.Ops[g.Name+"."+op.GoName] = opOf(op)
		}
	}
	return s
}

func typeOf(t *model.Type) *drive.Type {
	out := &drive.Type{}
	switch t.Kind {
	case model.DeclStruct:
		out.Kind = "struct"
		for _, f := range t.Fields {
			out.Fields = append(out.Fields, &drive.Field{Go: f.GoName, JSON: f.JSONName, Pointer: FieldPointer(t, f), Required: f.Required,
				ReadOnly: f.ReadOnly, WriteOnly: f.WriteOnly, Nullable: f.Nullable, Default: f.Default, Value: valueOf(f.Type, f.Checks, f.Annotations), Type: named(f.Type)})
		}
		if t.Tag != nil {
			out.Tag = variantOf(t.Tag)
		}
	case model.DeclEnum:
		out.Kind, out.Open = "enum", t.Enum.Open
		for _, v := range t.Enum.Values {
			out.Enum = append(out.Enum, v.Value)
		}
	case model.DeclAlias:
		out.Kind = "alias"
		out.Value = valueOf(*t.Underlying, model.NoChecks, model.Annotations{})
	case model.DeclUnion:
		out.Kind, out.Property = "union", t.Union.Property
		if t.Union.Base != nil {
			out.Base = t.Union.Base.Name
		}
		for _, v := range t.Union.Variants {
			out.Variants = append(out.Variants, *variantOf(v))
		}
	}
	return out
}

func variantOf(v *model.Variant) *drive.Variant {
	out := &drive.Variant{Value: v.Value, Type: v.Type.Name}
	if v.Field != nil {
		out.Field = v.Field.GoName
	}
	return out
}

// FieldPointer is where a field's property is defined, as the report
// writes it.
func FieldPointer(t *model.Type, f *model.Field) string {
	if f.Source != "" {
		return f.Source
	}
	return t.Pointer + "/properties/" + diag.EscapeToken(f.JSONName)
}

func valueOf(t model.TypeRef, c model.Checks, a model.Annotations) *drive.Value {
	v := &drive.Value{Min: c.Min, Max: c.Max, ExclusiveMin: c.ExclusiveMin, ExclusiveMax: c.ExclusiveMax,
		MinLength: c.MinLength, MaxLength: c.MaxLength, Pattern: c.Pattern, Extensible: a.Extensible}
	switch {
	case t.Kind == model.KindTime:
		v.Format = t.Format
	case c.Format != "":
		v.Format = c.Format // a string format the server checks
	}
	v.MinItems, v.MaxItems = c.MinItems, c.MaxItems
	if (t.Kind == model.KindSlice || t.Kind == model.KindMap) && t.Elem != nil {
		v.Elem = valueOf(*t.Elem, model.NoChecks, model.Annotations{})
	}
	return v
}

// paramKey names a parameter the same way in both versions: a path
// parameter by its place in the template, a header by its name in lower
// case, a query parameter by its name (as the report pairs them).
func paramKey(op *model.Operation, p *model.Param) string {
	switch p.In {
	case model.InPath:
		return "path " + strconv.Itoa(slices.Index(op.PathParams, p))
	case model.InHeader:
		return "header " + strings.ToLower(p.Wire)
	}
	return p.In.String() + " " + p.Wire
}

func paramOf(op *model.Operation, p *model.Param) *drive.Param {
	v := valueOf(p.Type, p.Checks, p.Annotations)
	if s := p.Schema; s != nil && s.Items != nil && v.Elem != nil && p.Type.Elem != nil {
		v.Elem = valueOf(*p.Type.Elem, s.Items.Checks, model.Annotations{}) // an array's items' pattern, lengths, format
	}
	return &drive.Param{Key: paramKey(op, p), Required: p.Required, Default: p.Default, Value: v, Type: named(p.Type),
		Select: p.In == model.InQuery && strings.EqualFold(p.Wire, "$select")}
}

func bodyOf(b *model.Body) *drive.Param {
	c := b.Checks
	if b.JSON && b.Schema != nil {
		c = b.Schema.Checks // a JSON body's own keywords (minItems of an array body)
	}
	return &drive.Param{Key: "body", Body: true, Stream: !b.JSON, Required: b.Required, Value: valueOf(b.Type, c, b.Annotations), Type: named(b.Type)}
}

func opOf(op *model.Operation) *drive.Op {
	out := &drive.Op{Pointer: op.Pointer, Method: op.Method, RequestID: strings.ToLower(op.ClientRequestID)}
	for _, p := range op.Positional {
		out.Args = append(out.Args, paramOf(op, p))
	}
	if b := op.Body; b != nil && b.Required {
		out.Args = append(out.Args, bodyOf(b))
	}
	if op.Options != nil {
		out.Options = map[string]*drive.Param{}
		for _, p := range op.Options.Params {
			out.Options[p.GoName] = paramOf(op, p)
		}
		if b := op.OptionalBody(); b != nil {
			out.Options[b.GoName] = bodyOf(b)
		}
	}
	r := op.Response
	resp := &drive.Response{Statuses: r.Statuses, Stream: r.Stream, Headers: map[string]string{}}
	if r.Body != nil {
		resp.Body = r.BodyName
		if r.Embed {
			resp.Body, resp.Embed = r.Body.Name, true
		}
		resp.Value, resp.Type = valueOf(*r.Body, model.NoChecks, model.Annotations{}), named(*r.Body)
	}
	for _, h := range r.Headers {
		resp.Headers[h.GoName] = strings.ToLower(h.Wire)
	}
	out.Response = resp
	for _, e := range op.Errors {
		out.Errors = append(out.Errors, drive.ErrorCase{Status: e.Status, Class: e.Class, Type: e.Type.Name})
	}
	return out
}

// named is the model type a reference holds, through slices and maps.
func named(t model.TypeRef) string {
	for (t.Kind == model.KindSlice || t.Kind == model.KindMap) && t.Elem != nil {
		t = *t.Elem
	}
	if t.Kind == model.KindNamed {
		return t.Name
	}
	return ""
}

var templateVar = regexp.MustCompile(`\{[^}]*\}`)

// opKey identifies an operation across versions by its method and path.
func opKey(op *model.Operation) string {
	return op.Method + " " + templateVar.ReplaceAllString(op.Path, "{}")
}

// opPairs pairs the operations of two versions as the report does: an
// operation it calls removed or added has no partner, a renamed one is
// paired with its old name, the rest keep theirs. The pairing must agree
// with the operations' methods and paths.
func opPairs(rep *apichange.Report, old, new *model.API) (pairs []drive.OpPair, removed []string, err error) {
	gone, added, from := map[string]bool{}, map[string]bool{}, map[string]string{}
	for _, c := range rep.Changes {
		if !strings.HasPrefix(c.Section, "operations") {
			continue
		}
		switch {
		case strings.HasPrefix(c.What, "operation removed"):
			gone[c.Subject] = true
		case strings.HasPrefix(c.What, "operation added"):
			added[c.Subject] = true
		case strings.HasPrefix(c.What, "operation renamed"):
			from[c.Subject] = c.From
		}
	}
	oldOps, newOps := map[string]*model.Operation{}, map[string]*model.Operation{}
	for _, g := range old.Groups {
		for _, op := range g.Operations {
			oldOps[g.Name+"."+op.GoName] = op
		}
	}
	for _, g := range new.Groups {
		for _, op := range g.Operations {
			newOps[g.Name+"."+op.GoName] = op
		}
	}
	for _, g := range new.Groups {
		for _, op := range g.Operations {
			n := g.Name + "." + op.GoName
			if added[n] {
				continue
			}
			o := n
			if f, ok := from[n]; ok {
				o = f
			}
			oop := oldOps[o]
			if oop == nil {
				return nil, nil, fmt.Errorf("the report neither adds %s nor pairs it with an old operation", n)
			}
			if opKey(oop) != opKey(op) {
				return nil, nil, fmt.Errorf("the report pairs %s (%s) with %s (%s)", o, opKey(oop), n, opKey(op))
			}
			pairs = append(pairs, drive.OpPair{Old: o, New: n})
		}
	}
	for _, g := range old.Groups {
		for _, op := range g.Operations {
			if o := g.Name + "." + op.GoName; gone[o] {
				removed = append(removed, o)
			}
		}
	}
	return pairs, removed, nil
}

// alignQueryStrings gives an OpenAPI 3.2 querystring parameter renamed
// between the versions the old one's key on the new side, as the report
// pairs them: the whole query string both, whose name never reaches the
// wire.
func alignQueryStrings(plan *drive.PairPlan, old, new *model.API) {
	keys := func(api *model.API) map[string]string {
		m := map[string]string{}
		for _, g := range api.Groups {
			for _, op := range g.Operations {
				ps := op.Positional
				if op.Options != nil {
					ps = slices.Concat(ps, op.Options.Params)
				}
				for _, p := range ps {
					if p.QueryString {
						m[g.Name+"."+op.GoName] = paramKey(op, p)
					}
				}
			}
		}
		return m
	}
	ok, nk := keys(old), keys(new)
	for _, p := range plan.Ops {
		o, n := ok[p.Old], nk[p.New]
		op := plan.New.Ops[p.New]
		if o == "" || n == "" || o == n || op == nil {
			continue
		}
		for _, a := range op.Args {
			if a.Key == n {
				a.Key = o
			}
		}
		for _, a := range op.Options {
			if a.Key == n {
				a.Key = o
			}
		}
	}
}

// withoutStreams leaves out of the operations to drive those that carry
// a typed stream in either version, and returns them (both names) as
// streamed.
func withoutStreams(ops []drive.OpPair, removed []string, old, new *model.API) ([]drive.OpPair, []string, []string) {
	typed := func(api *model.API) map[string]bool {
		m := map[string]bool{}
		for _, g := range api.Groups {
			for _, op := range g.Operations {
				if op.Body != nil && op.Body.Items != nil || op.Response.Items != nil {
					m[g.Name+"."+op.GoName] = true
				}
			}
		}
		return m
	}
	o, n := typed(old), typed(new)
	var streamed []string
	ops = slices.DeleteFunc(ops, func(p drive.OpPair) bool {
		if o[p.Old] || n[p.New] {
			streamed = append(streamed, p.Old, p.New)
			return true
		}
		return false
	})
	removed = slices.DeleteFunc(removed, func(op string) bool {
		if o[op] {
			streamed = append(streamed, op)
			return true
		}
		return false
	})
	return ops, removed, slices.Compact(slices.Sorted(slices.Values(streamed)))
}

// rounds is how many rounds a pair needs for every enum value and union
// kind to be sent: its largest enum or union, at least 5 (one per mode)
// and at most 12.
func rounds(sides ...*drive.Side) int {
	n := 5
	for _, s := range sides {
		for _, t := range s.Types {
			n = max(n, len(t.Enum), len(t.Variants))
		}
	}
	return min(n, 12)
}
