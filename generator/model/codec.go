package model

import (
	"slices"
	"strings"
	"unicode"
)

// MarkCodecs sets Type.Codec: on every type with all, else only where
// encoding/json cannot do the job by itself — a union (an interface
// encoding/json cannot decode), a kind of one (its encoder names the kind,
// the union's decoder calls it), a struct with a member whose name no
// struct tag can hold ("a,b", "", quotes: TagName) or with a Nullable
// member (omitempty never leaves a struct out, and Go 1.23 has no
// omitzero, so only a codec leaves an absent one out), and any type holding
// such a type or an RFC 1123 time, at any depth, or an integer carried
// as a string inside an array or a map. Generated codecs hand the other types to
// encoding/json, so the rest of the package stays plain structs and tags,
// read and written by the table codec (templates/support/jsontable.go).
func MarkCodecs(types []*Type, all bool) {
	for _, t := range types {
		t.Codec = all || t.Kind == DeclUnion || t.Tag != nil || t.Kind == DeclAlias && losesMethods(t.Underlying.Kind) ||
			slices.ContainsFunc(t.Fields, func(f *Field) bool { return f.JSONName != "-" && !TagName(f.JSONName) || f.ThreeState })
	}
	for _, t := range types {
		if t.Kind == DeclUnion {
			for _, k := range t.Union.Kinds() {
				k.Codec = true
			}
		}
	}
	for changed := true; changed; {
		changed = false
		for _, t := range types {
			if !t.Codec && holdsCodec(t) {
				t.Codec, changed = true, true
			}
		}
	}
}

// holdsCodec reports whether a field or the underlying type of t needs a
// generated codec.
func holdsCodec(t *Type) bool {
	if t.Underlying != nil && needsCodec(*t.Underlying) {
		return true
	}
	for _, f := range t.Fields {
		if needsCodec(f.Type) {
			return true
		}
	}
	return false
}

func needsCodec(t TypeRef) bool {
	nested := false
	for t.Kind == KindSlice || t.Kind == KindMap {
		t, nested = *t.Elem, true
	}
	if nested && t.String {
		return true // an integer carried as a string: encoding/json's ",string" applies to a field, not to its items
	}
	switch t.Kind {
	case KindNamed:
		return t.Decl != nil && t.Decl.Codec
	case KindTime:
		return t.Format == "date-time-rfc1123"
	}
	return false
}

// losesMethods reports whether a defined type over a type of kind k loses
// the JSON methods (or text marshalling) encoding/json relies on.
func losesMethods(k Kind) bool {
	return k == KindTime || k == KindUUID || k == KindRaw || k == KindExternal
}

// TagName reports whether a struct tag can carry name: encoding/json can
// take it (its isValidTag: not empty, and only letters, digits and
// !#$%&()*+-./:;<=>?@[]^_{|}~ and space) and go vet accepts it (its
// structtag check flags a space in a tag value). A field whose name fails
// has no name in its tag; its type's generated codec writes the name.
func TagName(name string) bool {
	if name == "" {
		return false
	}
	for _, c := range name {
		switch {
		case strings.ContainsRune("!#$%&()*+-./:;<=>?@[]^_{|}~", c):
		case !unicode.IsLetter(c) && !unicode.IsDigit(c):
			return false
		}
	}
	return true
}
