package model

import (
	"go/token"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// initialisms are written in one case in Go names, following Go's review
// comments plus the ones Azure definitions use.
var initialisms = map[string]string{
	"acl": "ACL", "api": "API", "ascii": "ASCII", "cpu": "CPU", "css": "CSS", "dns": "DNS",
	"eof": "EOF", "etag": "ETag", "gpu": "GPU", "guid": "GUID", "html": "HTML", "http": "HTTP",
	"https": "HTTPS", "id": "ID", "ids": "IDs", "iops": "IOPS", "ip": "IP", "ipv4": "IPv4", "ipv6": "IPv6", "json": "JSON", "lhs": "LHS", "ocp": "OCP",
	"odata": "OData", "os": "OS", "qps": "QPS", "ram": "RAM", "rhs": "RHS", "rpc": "RPC", "sas": "SAS",
	"sku": "SKU", "sla": "SLA", "smtp": "SMTP", "sql": "SQL", "ssh": "SSH", "tcp": "TCP", "tls": "TLS",
	"ttl": "TTL", "udp": "UDP", "ui": "UI", "uid": "UID", "uri": "URI", "url": "URL", "utc": "UTC",
	"utf8": "UTF8", "uuid": "UUID", "vm": "VM", "vms": "VMs", "xml": "XML", "xsrf": "XSRF", "xss": "XSS",
}

// words splits an identifier from a definition into words: at every
// character that is not a letter or digit, and at case changes
// ("thumbprintAlgorithm", "HTTPStatus", "odata.nextLink").
func words(s string) []string {
	var out []string
	var cur []rune
	flush := func() {
		if len(cur) > 0 {
			out = append(out, string(cur))
			cur = cur[:0]
		}
	}
	rs := []rune(s)
	for i, r := range rs {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			flush()
			continue
		}
		if len(cur) > 0 {
			prev := cur[len(cur)-1]
			switch {
			case unicode.IsUpper(r) && unicode.IsLower(prev):
				flush()
			case unicode.IsUpper(r) && unicode.IsUpper(prev) && i+1 < len(rs) && unicode.IsLower(rs[i+1]):
				flush()
			case unicode.IsDigit(r) != unicode.IsDigit(prev) && !unicode.IsDigit(r):
				// "v2beta": digits end a word only when letters follow.
				flush()
			}
		}
		cur = append(cur, r)
	}
	flush()
	return out
}

// runTogether are words Go writes as one that definitions split or run
// together differently: "timeOut" is Timeout (as in net/http), "readIOps"
// is ReadIOPS (IOPS is an initialism, whatever case the definition gives
// it), "maxresults" is MaxResults. Keys are the lower-case letters of one
// to three adjacent words.
var runTogether = map[string]string{"iops": "IOPS", "maxresults": "MaxResults", "timeout": "Timeout"}

// joinWords replaces each run of up to three adjacent words that spell a
// runTogether key by its spelling, longest run first.
func joinWords(ws []string) []string {
	out := ws[:0:0]
	for i := 0; i < len(ws); {
		n := 1
		for k := min(3, len(ws)-i); k >= 1; k-- {
			if v, ok := runTogether[strings.ToLower(strings.Join(ws[i:i+k], ""))]; ok {
				out, n = append(out, v), k
				break
			}
			if k == 1 {
				out = append(out, ws[i])
			}
		}
		i += n
	}
	return out
}

// GoName turns an identifier into an exported Go name.
func GoName(s string) string {
	var b strings.Builder
	for _, w := range joinWords(words(s)) {
		if up, ok := initialisms[strings.ToLower(w)]; ok {
			b.WriteString(up)
			continue
		}
		rs := []rune(w)
		b.WriteRune(unicode.ToUpper(rs[0]))
		b.WriteString(string(rs[1:]))
	}
	n := b.String()
	if n == "" {
		return ""
	}
	if r := []rune(n)[0]; !unicode.IsLetter(r) {
		n = "X" + n
	}
	if !isASCIIIdent(n) {
		n = asciiOnly(n)
	}
	return n
}

// lowerName turns an exported Go name into an unexported one:
// ThumbprintAlgorithm → thumbprintAlgorithm, URLPath → urlPath, ID → id.
func lowerName(n string) string {
	rs := []rune(n)
	i := 0
	for i < len(rs) && unicode.IsUpper(rs[i]) {
		i++
	}
	switch {
	case i == 0:
	case i == 1 || i == len(rs):
		i = min(i, len(rs))
	default:
		i-- // keep the last capital: it starts the next word
	}
	for j := 0; j < i; j++ {
		rs[j] = unicode.ToLower(rs[j])
	}
	s := string(rs)
	if token.IsKeyword(s) || predeclared[s] {
		s += "_"
	}
	return s
}

var predeclared = map[string]bool{
	"any": true, "bool": true, "byte": true, "error": true, "string": true, "int": true,
	"int32": true, "int64": true, "float64": true, "true": true, "false": true, "nil": true,
	"len": true, "new": true, "make": true, "append": true, "copy": true, "close": true,
}

func isASCIIIdent(s string) bool {
	for _, r := range s {
		if r > unicode.MaxASCII {
			return false
		}
	}
	return true
}

func asciiOnly(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r <= unicode.MaxASCII {
			b.WriteRune(r)
		} else {
			b.WriteString("U" + strconv.FormatInt(int64(r), 16))
		}
	}
	return b.String()
}

// namespace hands out unique names; the first claim of a name wins, so
// callers must claim in a deterministic (sorted) order.
type namespace struct {
	used   map[string]bool
	shared map[string]bool // taken in every namespace made by within; never written
}

func newNamespace(reserved ...string) *namespace {
	ns := &namespace{used: map[string]bool{}}
	for _, r := range reserved {
		ns.used[r] = true
	}
	return ns
}

// within is a new namespace whose names are taken already: every name
// ns has claimed or reserved, which it shares rather than copies.
func (ns *namespace) within() *namespace {
	return &namespace{used: map[string]bool{}, shared: ns.used}
}

// claim returns want, or want+suffix, or want+suffix+N, whichever is free.
func (ns *namespace) claim(want, suffix string) string {
	if want == "" {
		want = "X"
	}
	if !ns.taken(want) {
		ns.used[want] = true
		return want
	}
	if suffix != "" && !ns.taken(want+suffix) {
		ns.used[want+suffix] = true
		return want + suffix
	}
	for i := 2; ; i++ {
		n := want + suffix + strconv.Itoa(i)
		if !ns.taken(n) {
			ns.used[n] = true
			return n
		}
	}
}

func (ns *namespace) taken(n string) bool { return ns.used[n] || ns.shared[n] }

// deriveNames names the unexported package-level declarations the emitter
// makes for model entities (a type's validation rule, a union's encoder
// and decoder, a group's example server, an operation's examples), once
// every other name is final: claimed in the package's namespace like the
// rest, so that no definition can make two of them, or one of them and a
// support function (a union named JSON against decodeJSON), collide.
func (b *builder) deriveNames() {
	for _, t := range b.api.Types { // sorted by name
		t.Rule = b.ns.claim("rule"+t.Name, "")
		if t.Kind == DeclUnion {
			t.Encoder = b.ns.claim("encode"+t.Name, "")
			t.Decoder = b.ns.claim("decode"+t.Name, "")
		}
	}
	if em := b.api.ErrorModel; em != nil {
		em.New = b.ns.claim("New"+em.Type, "")
	}
	for _, g := range b.api.AllGroups() {
		// The group's name with its first letter lowered: it ends with
		// no model type's name.
		r, n := utf8.DecodeRuneInString(g.Name)
		g.ExampleServer = b.ns.claim(string(unicode.ToLower(r))+g.Name[n:]+"ExampleServer", "")
		for _, op := range g.Operations {
			op.ExamplesVar = b.ns.claim(op.HandlerName+"Examples", "")
			op.WireVar = b.ns.claim(op.HandlerName+"Wire", "")
		}
	}
}

// claimed lists, sorted, the names taken in ns other than reserved.
func (ns *namespace) claimed(reserved []string) []string {
	skip := make(map[string]bool, len(reserved))
	for _, r := range reserved {
		skip[r] = true
	}
	var out []string
	for n := range ns.used {
		if !skip[n] {
			out = append(out, n)
		}
	}
	slices.Sort(out)
	return out
}
