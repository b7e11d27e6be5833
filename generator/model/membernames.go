package model

import (
	"go/token"
	"maps"
	"slices"
	"strings"
)

// Which Go name a parameter, property, header or definition gets: x-go-name,
// the config's names, x-ms-client-name or the wire name (spelled by GoName,
// names.go).

// memberName picks the Go name of a parameter, property or header, first
// rule that applies:
//  1. x-go-name on it;
//  2. the config's names, by JSON pointer (ptr) or by wire name;
//  3. x-ms-client-name, unless it only re-cases the wire name: then the
//     wire name, whose word breaks are better ("ocp-date" → OCPDate, where
//     the client name "ocpdate" would give Ocpdate);
//  4. the wire name.
//
// Names are then spelled by GoName: initialisms in one case (IDs, OCP,
// IOPS) and the run-together words of runTogether.
func (b *builder) memberName(wire string, ext map[string]any, ptr string) string {
	if n := b.override(wire, ext, ptr); n != "" {
		return n
	}
	if c := clientName(ext); c != "" && !sameLetters(c, wire) {
		return GoName(c)
	}
	return GoName(wire)
}

// typeName is memberName for a definition: its name without a TypeSpec
// namespace.
func (b *builder) typeName(name string, ext map[string]any, ptr string) string {
	if n := b.override(name, ext, ptr); n != "" {
		return n
	}
	if c := clientName(ext); c != "" {
		return GoName(c)
	}
	return GoName(stripNamespace(name))
}

// override is the Go name x-go-name or the config's names give; "" when
// neither does. A key of names is a JSON pointer ("#/definitions/Pool",
// with or without the #) or a wire name, which applies everywhere it is
// used.
func (b *builder) override(wire string, ext map[string]any, ptr string) string {
	if n, ok := ext["x-go-name"].(string); ok {
		if exportedIdent(n) {
			return n
		}
		b.warnf(ptr+"/x-go-name", "x-go-name %q is not an exported Go identifier: ignored", n)
	}
	for _, key := range []string{ptr, strings.TrimPrefix(ptr, "#"), wire} {
		if n, ok := b.cfg.Names[key]; ok && key != "" {
			b.namesUsed[key] = true
			return n
		}
	}
	return ""
}

func exportedIdent(n string) bool {
	return token.IsIdentifier(n) && token.IsExported(n) && isASCIIIdent(n)
}

// unusedNames warns of names keys that named nothing.
func (b *builder) unusedNames() {
	for _, key := range slices.Sorted(maps.Keys(b.cfg.Names)) {
		if !b.namesUsed[key] {
			b.warnf("", "config names.%s: no parameter, property, header or definition has this wire name or pointer", key)
		}
	}
}
