package support

import (
	"encoding/base64"
	"net/netip"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The formats the server checks strings against (the schema's format
// keyword), each as its RFC defines it; a package gets this file when one
// of its schemas names one. Formats not listed here pass, as JSON Schema
// says of formats a validator does not know.

// The formats of strings, each as its RFC defines it.
var (
	fmtByte                = &valueFormat{"byte", validBase64}
	fmtDate                = &valueFormat{"date", validDate}
	fmtDateTime            = &valueFormat{"date-time", validDateTime}
	fmtDuration            = &valueFormat{"duration", validDuration}
	fmtEmail               = &valueFormat{"email", validEmail}
	fmtHostname            = &valueFormat{"hostname", validHostname}
	fmtIPv4                = &valueFormat{"ipv4", validIPv4}
	fmtIPv6                = &valueFormat{"ipv6", validIPv6}
	fmtIRI                 = &valueFormat{"iri", func(s string) bool { return validURI(s, false, true) }}
	fmtIRIReference        = &valueFormat{"iri-reference", func(s string) bool { return validURI(s, true, true) }}
	fmtJSONPointer         = &valueFormat{"json-pointer", validJSONPointer}
	fmtRelativeJSONPointer = &valueFormat{"relative-json-pointer", validRelativeJSONPointer}
	fmtTime                = &valueFormat{"time", validTime}
	fmtURI                 = &valueFormat{"uri", func(s string) bool { return validURI(s, false, false) }}
	fmtURIReference        = &valueFormat{"uri-reference", func(s string) bool { return validURI(s, true, false) }}
	fmtURITemplate         = &valueFormat{"uri-template", validURITemplate}
	fmtUUID                = &valueFormat{"uuid", validUUID}
)

// validBase64: RFC 4648 base64 with padding, nothing else (the decoder
// would skip line breaks).
func validBase64(s string) bool {
	_, err := base64.StdEncoding.Strict().DecodeString(s)
	return err == nil && !strings.ContainsAny(s, "\r\n")
}

// validDateTime: RFC 3339 date-time.
func validDateTime(s string) bool {
	i := strings.IndexAny(s, "Tt")
	return i >= 0 && validDate(s[:i]) && validTime(s[i+1:])
}

// validIPv6: RFC 4291 text, without a zone.
func validIPv6(s string) bool {
	a, err := netip.ParseAddr(s)
	return err == nil && a.Is6() && a.Zone() == ""
}

// digits reports whether s is n ASCII digits, and their value.
func digits(s string, n int) (int, bool) {
	if len(s) != n {
		return 0, false
	}
	v := 0
	for i := 0; i < n; i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		v = v*10 + int(s[i]-'0')
	}
	return v, true
}

// validDate: RFC 3339 full-date, a day that exists.
func validDate(s string) bool {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return false
	}
	y, ok1 := digits(s[:4], 4)
	m, ok2 := digits(s[5:7], 2)
	d, ok3 := digits(s[8:], 2)
	if !ok1 || !ok2 || !ok3 || m < 1 || m > 12 || d < 1 {
		return false
	}
	days := [...]int{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}[m-1]
	if m == 2 && y%4 == 0 && (y%100 != 0 || y%400 == 0) {
		days = 29
	}
	return d <= days
}

// validTime: RFC 3339 full-time, with an offset; a leap second only at
// 23:59:60 UTC.
func validTime(s string) bool {
	if len(s) < 9 || s[2] != ':' || s[5] != ':' {
		return false
	}
	h, ok1 := digits(s[:2], 2)
	m, ok2 := digits(s[3:5], 2)
	sec, ok3 := digits(s[6:8], 2)
	if !ok1 || !ok2 || !ok3 || h > 23 || m > 59 || sec > 60 {
		return false
	}
	rest := s[8:]
	if strings.HasPrefix(rest, ".") {
		i := 1
		for i < len(rest) && rest[i] >= '0' && rest[i] <= '9' {
			i++
		}
		if i == 1 {
			return false
		}
		rest = rest[i:]
	}
	offset := 0 // minutes east of UTC
	switch {
	case rest == "Z" || rest == "z":
	case len(rest) == 6 && (rest[0] == '+' || rest[0] == '-') && rest[3] == ':':
		oh, ok1 := digits(rest[1:3], 2)
		om, ok2 := digits(rest[4:], 2)
		if !ok1 || !ok2 || oh > 23 || om > 59 {
			return false
		}
		offset = oh*60 + om
		if rest[0] == '-' {
			offset = -offset
		}
	default:
		return false
	}
	if sec == 60 {
		utc := ((h*60+m-offset)%1440 + 1440) % 1440
		return utc == 23*60+59
	}
	return true
}

// validDuration: RFC 3339 Appendix A's ISO 8601 duration.
func validDuration(s string) bool {
	rest, ok := strings.CutPrefix(s, "P")
	if !ok || rest == "" {
		return false
	}
	// units reads number-unit pairs whose units come in order from
	// allowed, at least one.
	units := func(part, allowed string) bool {
		if part == "" {
			return false
		}
		for part != "" {
			i := 0
			for i < len(part) && part[i] >= '0' && part[i] <= '9' {
				i++
			}
			if i == 0 || i == len(part) {
				return false
			}
			j := strings.IndexByte(allowed, part[i])
			if j < 0 {
				return false
			}
			allowed, part = allowed[j+1:], part[i+1:]
		}
		return true
	}
	date, tm, hasTime := strings.Cut(rest, "T")
	switch {
	case strings.HasSuffix(date, "W"):
		return !hasTime && units(date, "W")
	case hasTime && !units(tm, "HMS"):
		return false
	case date == "":
		return hasTime
	}
	return units(date, "YMD")
}

// validIPv4: four decimal octets without leading zeros.
func validIPv4(s string) bool {
	parts := strings.Split(s, ".")
	if len(parts) != 4 {
		return false
	}
	for _, p := range parts {
		if p == "" || len(p) > 3 || len(p) > 1 && p[0] == '0' {
			return false
		}
		n, err := strconv.Atoi(p)
		if err != nil || n > 255 || p[0] == '+' || p[0] == '-' {
			return false
		}
	}
	return true
}

// validHostname: RFC 1123 labels of letters, digits and hyphens, at most
// 63 characters each and 253 in all, and the trailing dot of an absolute
// name (RFC 1034).
func validHostname(s string) bool {
	s = strings.TrimSuffix(s, ".")
	if s == "" || len(s) > 253 {
		return false
	}
	for _, label := range strings.Split(s, ".") {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for i := 0; i < len(label); i++ {
			c := label[i]
			if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-') {
				return false
			}
		}
	}
	return true
}

// validEmail: RFC 5321's Mailbox: a dot-atom or quoted local part, and a
// hostname or an address literal.
func validEmail(s string) bool {
	at := strings.LastIndexByte(s, '@')
	if at <= 0 || at == len(s)-1 {
		return false
	}
	local, domain := s[:at], s[at+1:]
	if len(local) > 64 || len(s) > 254 {
		return false
	}
	if strings.HasPrefix(local, `"`) {
		if len(local) < 2 || !strings.HasSuffix(local, `"`) {
			return false
		}
		q := local[1 : len(local)-1]
		for i := 0; i < len(q); i++ {
			c := q[i]
			switch {
			case c == '\\':
				if i++; i == len(q) || q[i] < 32 || q[i] > 126 {
					return false
				}
			case c == '"' || c < 32 || c > 126:
				return false
			}
		}
	} else {
		for _, atom := range strings.Split(local, ".") {
			if atom == "" {
				return false
			}
			for i := 0; i < len(atom); i++ {
				c := atom[i]
				if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("!#$%&'*+-/=?^_`{|}~", c) >= 0) {
					return false
				}
			}
		}
	}
	if lit, ok := strings.CutPrefix(domain, "["); ok {
		lit, ok = strings.CutSuffix(lit, "]")
		if !ok {
			return false
		}
		if v6, ok := strings.CutPrefix(lit, "IPv6:"); ok {
			return validIPv6(v6)
		}
		return validIPv4(lit)
	}
	return validHostname(domain)
}

// validUUID: RFC 4122's 8-4-4-4-12 hexadecimal digits.
func validUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < 36; i++ {
		c := s[i]
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
		default:
			if !isHex(c) {
				return false
			}
		}
	}
	return true
}

// validJSONPointer: RFC 6901, "" or /-separated tokens where ~ is
// followed by 0 or 1.
func validJSONPointer(s string) bool {
	if s == "" {
		return true
	}
	if s[0] != '/' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] == '~' && (i+1 == len(s) || s[i+1] != '0' && s[i+1] != '1') {
			return false
		}
	}
	return true
}

// validRelativeJSONPointer: a non-negative integer, then # or a JSON
// pointer.
func validRelativeJSONPointer(s string) bool {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i == 0 || i > 1 && s[0] == '0' {
		return false
	}
	return s[i:] == "#" || validJSONPointer(s[i:])
}

// validURI checks RFC 3986's URI (a scheme, then the rest), or with
// reference its URI-reference (a relative reference too); iri allows the
// characters beyond ASCII that RFC 3987 does.
func validURI(s string, reference, iri bool) bool {
	rest, scheme := s, false
	if i := strings.IndexAny(s, ":/?#"); i > 0 && s[i] == ':' && validScheme(s[:i]) {
		rest, scheme = s[i+1:], true
	} else if !reference {
		return false
	}
	rest, fragment, _ := strings.Cut(rest, "#")
	rest, query, _ := strings.Cut(rest, "?")
	if !uriChars(fragment, "/?:@", iri) || !uriChars(query, "/?:@", iri) {
		return false
	}
	path := rest
	if auth, ok := strings.CutPrefix(rest, "//"); ok {
		path = ""
		if i := strings.IndexByte(auth, '/'); i >= 0 {
			auth, path = auth[:i], auth[i:]
		}
		if !validAuthority(auth, iri) {
			return false
		}
	} else if seg, _, _ := strings.Cut(path, "/"); !scheme && strings.Contains(seg, ":") {
		return false // a relative reference's first segment holds no colon
	}
	return uriChars(path, "/:@", iri)
}

func validScheme(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		letter := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
		if !letter && (i == 0 || !(c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.')) {
			return false
		}
	}
	return s != ""
}

// validAuthority: [userinfo@]host[:port], the host a name, an IPv4
// address or an IP literal in brackets.
func validAuthority(auth string, iri bool) bool {
	if i := strings.LastIndexByte(auth, '@'); i >= 0 {
		if !uriChars(auth[:i], ":", iri) {
			return false
		}
		auth = auth[i+1:]
	}
	host := auth
	if strings.HasPrefix(auth, "[") {
		end := strings.IndexByte(auth, ']')
		if end < 0 {
			return false
		}
		if lit := auth[1:end]; !validIPv6(lit) && !validIPvFuture(lit) {
			return false
		}
		host, auth = "", auth[end+1:]
		if auth != "" && auth[0] != ':' {
			return false
		}
	} else if i := strings.LastIndexByte(auth, ':'); i >= 0 {
		host, auth = auth[:i], auth[i:]
	} else {
		auth = ""
	}
	if port, ok := strings.CutPrefix(auth, ":"); ok {
		for i := 0; i < len(port); i++ {
			if port[i] < '0' || port[i] > '9' {
				return false
			}
		}
	}
	return uriChars(host, "", iri)
}

// validIPvFuture: "v" HEXDIG+ "." (unreserved / sub-delims / ":")+.
func validIPvFuture(s string) bool {
	if len(s) < 4 || s[0] != 'v' && s[0] != 'V' {
		return false
	}
	dot := strings.IndexByte(s, '.')
	if dot < 2 || dot == len(s)-1 {
		return false
	}
	for i := 1; i < dot; i++ {
		if !isHex(s[i]) {
			return false
		}
	}
	return uriChars(s[dot+1:], ":", false) && !strings.Contains(s[dot+1:], "%")
}

// uriChars reports whether s holds only unreserved characters,
// sub-delims, percent-encodings and the characters in extra (and, for an
// IRI, the characters beyond ASCII RFC 3987 allows).
func uriChars(s, extra string, iri bool) bool {
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '%':
			if i+2 >= len(s) || !isHex(s[i+1]) || !isHex(s[i+2]) {
				return false
			}
			i += 3
			continue
		case c >= utf8.RuneSelf:
			r, n := utf8.DecodeRuneInString(s[i:])
			if !iri || !ucschar(r) {
				return false
			}
			i += n
			continue
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9',
			strings.IndexByte("-._~!$&'()*+,;=", c) >= 0, strings.IndexByte(extra, c) >= 0:
		default:
			return false
		}
		i++
	}
	return true
}

// ucschar: RFC 3987's ucschar and iprivate.
func ucschar(r rune) bool {
	switch {
	case r == utf8.RuneError:
		return false
	case r >= 0xA0 && r <= 0xD7FF, r >= 0xF900 && r <= 0xFDCF, r >= 0xFDF0 && r <= 0xFFEF:
		return true
	case r >= 0xE000 && r <= 0xF8FF:
		return true
	case r >= 0x10000 && r <= 0x10FFFD:
		return r&0xFFFF <= 0xFFFD
	}
	return false
}

// validURITemplate: RFC 6570, literals and expressions of variable lists.
func validURITemplate(s string) bool {
	for s != "" {
		i := strings.IndexAny(s, "{}")
		if i < 0 {
			return uriTemplateLiterals(s)
		}
		if s[i] == '}' || !uriTemplateLiterals(s[:i]) {
			return false
		}
		end := strings.IndexByte(s[i:], '}')
		if end < 0 {
			return false
		}
		expr := s[i+1 : i+end]
		if expr != "" && strings.IndexByte("+#./;?&=,!@|", expr[0]) >= 0 {
			expr = expr[1:]
		}
		for _, spec := range strings.Split(expr, ",") {
			name, mod, _ := strings.Cut(spec, ":")
			if mod != "" || strings.Contains(spec, ":") {
				if n, err := strconv.Atoi(mod); err != nil || n < 1 || n > 9999 || mod[0] == '0' {
					return false
				}
			} else {
				name = strings.TrimSuffix(name, "*")
			}
			if !validVarname(name) {
				return false
			}
		}
		s = s[i+end+1:]
	}
	return true
}

func uriTemplateLiterals(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= ' ' || strings.IndexByte(`"'<>\^`+"`{|}", c) >= 0 {
			return false
		}
		if c == '%' && (i+2 >= len(s) || !isHex(s[i+1]) || !isHex(s[i+2])) {
			return false
		}
	}
	return true
}

func validVarname(s string) bool {
	if s == "" || s[0] == '.' || s[len(s)-1] == '.' || strings.Contains(s, "..") {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '_', c == '.':
		case c == '%':
			if i+2 >= len(s) || !isHex(s[i+1]) || !isHex(s[i+2]) {
				return false
			}
			i += 2
		default:
			return false
		}
	}
	return true
}
