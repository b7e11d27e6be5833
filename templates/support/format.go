package support

import (
	"encoding"
	"errors"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Wire formats shared by client and server: how each parameter type is
// written into a path, query or header, and read back.

func formatString[T ~string](v T) string { return string(v) }

// The formatters are called rather than inlined (go:noinline): they are
// used once per parameter of every operation, and inlined copies made the
// generated package markedly slower and hungrier to compile.

//go:noinline
func formatInt[T ~int32 | ~int64](v T) string { return strconv.FormatInt(int64(v), 10) }

// formatFloat writes the shortest form that reads back as the same value of
// T: a float32 0.1 is "0.1", not its float64 widening "0.10000000149011612".
func formatFloat[T ~float32 | ~float64](v T) string {
	bits := 64
	if float64(T(0.1)) != 0.1 { // T is float32-based
		bits = 32
	}
	return strconv.FormatFloat(float64(v), 'g', -1, bits)
}

//go:noinline
func formatBool(v bool) string { return strconv.FormatBool(v) }

//go:noinline
func formatUUID(v UUID) string { return v.String() }

// formatRFC1123 writes a `date-time-rfc1123` value: always GMT, as HTTP wants.
func formatRFC1123(t time.Time) string { return t.UTC().Format(http.TimeFormat) }

// formatDateTime writes a `date-time` value as RFC 3339.
func formatDateTime(t time.Time) string { return t.Format(time.RFC3339Nano) }

// formatCSV joins array values the OpenAPI "form, explode=false" way.
func formatCSV[T any](vs []T, f func(T) string) string { return formatDelimited(vs, f, ",") }

// formatDelimited joins array values with sep: "," for form, " " for
// spaceDelimited and "|" for pipeDelimited query parameters.
func formatDelimited[T any](vs []T, f func(T) string, sep string) string {
	var b strings.Builder
	for i, v := range vs {
		if i > 0 {
			b.WriteString(sep)
		}
		b.WriteString(f(v))
	}
	return b.String()
}

// formatEach writes each array value as text, for formatPathStyle.
func formatEach[T any](vs []T, f func(T) string) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = f(v)
	}
	return out
}

// The OpenAPI 3 styles of a path parameter (RFC 6570 {p}, {.p} and {;p}).
const (
	styleSimple = "simple"
	styleLabel  = "label"
	styleMatrix = "matrix"
)

// styleReserved is RFC 6570's reserved expansion {+p} in a path: simple
// style, with '/' sent as it is (escapeReserved).
const styleReserved = "reserved"

// formatPathStyle writes a path parameter in an OpenAPI 3 path style:
// simple "3,4,5", label ".3,4,5" (exploded ".3.4.5"), matrix ";id=3,4,5"
// (exploded ";id=3;id=4;id=5"); a primitive is one item. Each item and
// the name are percent-encoded like escapePathValue and, in label style,
// '.' too, so that a value never contains a separator and
// parsePathStyle reads back exactly the items written.
func formatPathStyle(style, name string, explode bool, items ...string) string {
	sep, prefix := ",", ""
	switch style {
	case styleLabel:
		prefix = "."
		if explode {
			sep = "."
		}
	case styleMatrix:
		prefix = ";" + escapePathValue(name)
		if len(items) == 0 {
			return prefix
		}
		prefix += "="
		if explode {
			sep = prefix
		}
	}
	var b strings.Builder
	b.WriteString(prefix)
	for i, v := range items {
		if i > 0 {
			b.WriteString(sep)
		}
		switch style {
		case styleLabel:
			v = strings.ReplaceAll(escapePathValue(v), ".", "%2E")
		case styleReserved:
			v = escapeReserved(v)
		default:
			v = escapePathValue(v)
		}
		b.WriteString(v)
	}
	return b.String()
}

// parsePathStyle reads what formatPathStyle wrote, from the escaped path
// segment raw: the unescaped items of an array (list), or the one value
// of a primitive.
func parsePathStyle(raw, style, name string, explode, list bool) ([]string, error) {
	sep := ","
	switch style {
	case styleLabel:
		rest, ok := strings.CutPrefix(raw, ".")
		if !ok {
			return nil, errors.New(`not in label style: want a leading "."`)
		}
		raw = rest
		if explode {
			sep = "."
		}
	case styleMatrix:
		var err error
		if raw, err = cutMatrix(raw, name); err != nil {
			return nil, err
		}
		if explode && list {
			return splitMatrix(raw, name)
		}
	}
	if !list {
		v, err := url.PathUnescape(raw)
		if err != nil {
			return nil, errors.New("malformed percent-encoding")
		}
		return []string{v}, nil
	}
	if raw == "" {
		return []string{}, nil
	}
	return unescapeAll(strings.Split(raw, sep))
}

// cutMatrix removes the ";name=" of a matrix parameter; ";name" alone is
// an empty value.
func cutMatrix(raw, name string) (string, error) {
	rest, ok := strings.CutPrefix(raw, ";")
	if !ok {
		return "", errors.New(`not in matrix style: want ";` + name + `=…"`)
	}
	k, v, _ := strings.Cut(rest, "=")
	if uk, err := url.PathUnescape(k); err != nil || uk != name {
		return "", errors.New(`not in matrix style: want ";` + name + `=…"`)
	}
	return v, nil
}

// splitMatrix reads the rest of an exploded matrix array, "3;id=4;id=5".
func splitMatrix(raw, name string) ([]string, error) {
	if raw == "" {
		return []string{}, nil
	}
	parts := strings.Split(raw, ";")
	for i := 1; i < len(parts); i++ {
		var err error
		if parts[i], err = cutMatrix(";"+parts[i], name); err != nil {
			return nil, err
		}
	}
	return unescapeAll(parts)
}

func unescapeAll(parts []string) ([]string, error) {
	for i, p := range parts {
		v, err := url.PathUnescape(p)
		if err != nil {
			return nil, errors.New("item " + strconv.Itoa(i) + ": malformed percent-encoding")
		}
		parts[i] = v
	}
	return parts, nil
}

func parseString(s string) (string, error) { return s, nil }

// ptrTo returns a pointer to a copy of v.
func ptrTo[T any](v T) *T { return &v }

// formatText and parseText serve types mapped by the user's config.
func formatText[T encoding.TextMarshaler](v T) string {
	b, _ := v.MarshalText()
	return string(b)
}

func parseText[T any, PT interface {
	*T
	encoding.TextUnmarshaler
}](s string) (T, error) {
	var v T
	err := PT(&v).UnmarshalText([]byte(s))
	return v, err
}

func parseInt32(s string) (int32, error) {
	v, err := strconv.ParseInt(s, 10, 32)
	if err != nil {
		return 0, errors.New("not a 32-bit integer")
	}
	return int32(v), nil
}

func parseInt64(s string) (int64, error) {
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, errors.New("not a 64-bit integer")
	}
	return v, nil
}

func parseFloat64(s string) (float64, error) {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, errors.New("not a number")
	}
	return v, nil
}

func parseFloat32(s string) (float32, error) {
	v, err := strconv.ParseFloat(s, 32)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, errors.New("not a number")
	}
	return float32(v), nil
}

// parseBool accepts exactly "true" and "false": the spelling the wire
// format documents, so that "1" or "yes" are reported rather than guessed.
func parseBool(s string) (bool, error) {
	switch s {
	case "true":
		return true, nil
	case "false":
		return false, nil
	}
	return false, errors.New(`not a boolean: want "true" or "false"`)
}

// parseRFC1123 reads a `date-time-rfc1123` (or `date-time-rfc7231`)
// value liberally, as RFC 9110 §5.6.7 asks of recipients: the
// IMF-fixdate "Sun, 06 Nov 1994 08:49:37 GMT", the obsolete RFC 850
// "Sunday, 06-Nov-94 08:49:37 GMT" and asctime "Sun Nov  6 08:49:37 1994"
// forms, and, for clients that write time.RFC1123 or RFC 5322 dates, the
// zones UTC, UT and Z and numeric offsets (+0100, +01:00). Any other zone
// abbreviation is an error that names it: time.Parse would read an
// unknown one as UTC, and even RFC 5322's US zones are refused, since
// writers mix up PST and PDT. The result is in UTC; formatRFC1123 always
// sends the IMF-fixdate.
func parseRFC1123(s string) (time.Time, error) {
	if t, ok := parseHTTPDate(s); ok {
		return t, nil
	}
	return parseHTTPDateSlow(s, time.Now())
}

// errHTTPDate is parseRFC1123's error for text that is no HTTP date.
var errHTTPDate = errors.New(`not an HTTP date (RFC 9110), e.g. "Fri, 17 Feb 2017 00:00:00 GMT"`)

// isUTCZone reports a zone name that means UTC: RFC 9110's GMT, and UTC
// and its abbreviations as clients write them.
func isUTCZone(z string) bool {
	switch strings.ToUpper(z) {
	case "GMT", "UTC", "UT", "Z":
		return true
	}
	return false
}

// parseHTTPDateSlow reads the forms parseHTTPDate does not; now decides
// the century of an RFC 850 two-digit year.
func parseHTTPDateSlow(s string, now time.Time) (time.Time, error) {
	f := strings.Fields(s)
	var wday, day, mon, year, clock, zone string
	switch {
	case len(f) == 5 && !strings.HasSuffix(f[0], ","): // asctime: Sun Nov  6 08:49:37 1994
		wday, mon, day, clock, year, zone = f[0], f[1], f[2], f[3], f[4], "GMT"
	case len(f) == 6 && strings.HasSuffix(f[0], ","): // Sun, 06 Nov 1994 08:49:37 GMT
		wday, day, mon, year, clock, zone = strings.TrimSuffix(f[0], ","), f[1], f[2], f[3], f[4], f[5]
	case len(f) == 4 && strings.HasSuffix(f[0], ",") && strings.Count(f[1], "-") == 2: // Sunday, 06-Nov-94 08:49:37 GMT
		parts := strings.Split(f[1], "-")
		wday, day, mon, year, clock, zone = strings.TrimSuffix(f[0], ","), parts[0], parts[1], parts[2], f[2], f[3]
	default:
		return time.Time{}, errHTTPDate
	}
	d, okD := atoiN(day, 1, 2)
	y, okY := atoiN(year, 2, 4)
	m := monthIndex(mon)
	hh, mm, ss, okC := parseClock(clock)
	if !okD || !okY || len(year) == 3 || m == 0 || !okC {
		return time.Time{}, errHTTPDate
	}
	if len(year) == 2 {
		y = twoDigitYear(y, now)
	}
	off, err := zoneOffset(zone)
	if err != nil {
		return time.Time{}, err
	}
	leap := 0
	if ss == 60 { // a leap second reads as the next minute's first
		ss, leap = 59, 1
	}
	t := time.Date(y, time.Month(m), d, hh, mm, ss, 0, time.UTC)
	if t.Day() != d { // 31 Feb
		return time.Time{}, errors.New("not a date: " + strconv.Quote(s))
	}
	if !weekdayIs(t.Weekday(), wday) {
		return time.Time{}, errors.New("the weekday does not match the date: " + strconv.Quote(s))
	}
	return t.Add(time.Duration(leap-off) * time.Second), nil
}

// atoiN reads an unsigned decimal of minLen to maxLen digits.
func atoiN(s string, minLen, maxLen int) (int, bool) {
	if len(s) < minLen || len(s) > maxLen {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n, true
}

// monthIndex is 1 for "Jan" … 12 for "Dec" (any case), else 0.
func monthIndex(s string) int {
	for i, m := range [...]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"} {
		if strings.EqualFold(s, m) {
			return i + 1
		}
	}
	return 0
}

// parseClock reads "HH:MM:SS"; SS may be 60, a leap second.
func parseClock(s string) (hh, mm, ss int, ok bool) {
	if len(s) != 8 || s[2] != ':' || s[5] != ':' {
		return 0, 0, 0, false
	}
	hh, ok1 := atoiN(s[:2], 2, 2)
	mm, ok2 := atoiN(s[3:5], 2, 2)
	ss, ok3 := atoiN(s[6:], 2, 2)
	return hh, mm, ss, ok1 && ok2 && ok3 && hh <= 23 && mm <= 59 && ss <= 60
}

// weekdayIs reports whether name is wd's name, abbreviated ("Sun") as
// IMF-fixdate and asctime write it or whole ("Sunday") as RFC 850 does.
func weekdayIs(wd time.Weekday, name string) bool {
	full := wd.String()
	return strings.EqualFold(name, full) || strings.EqualFold(name, full[:3])
}

// twoDigitYear reads an RFC 850 year as RFC 9110 says: a year that
// appears to be more than 50 years in the future is the most recent
// past year with the same last two digits.
func twoDigitYear(yy int, now time.Time) int {
	century := now.Year() / 100 * 100
	y := century + yy
	if y > now.Year()+50 {
		y -= 100
	}
	return y
}

// zoneOffset is a zone's offset east of UTC in seconds: 0 for a name of
// UTC (isUTCZone), or a numeric +hhmm, -hhmm, +hh:mm or -hh:mm.
func zoneOffset(z string) (int, error) {
	if isUTCZone(z) {
		return 0, nil
	}
	if len(z) > 0 && (z[0] == '+' || z[0] == '-') {
		num := z[1:]
		if len(num) == 5 && num[2] == ':' {
			num = num[:2] + num[3:]
		}
		if hh, ok := atoiN(num[:min(2, len(num))], 2, 2); ok && len(num) == 4 {
			if mm, ok := atoiN(num[2:], 2, 2); ok && hh <= 23 && mm <= 59 {
				off := hh*3600 + mm*60
				if z[0] == '-' {
					off = -off
				}
				return off, nil
			}
		}
		return 0, errors.New("malformed zone offset " + strconv.Quote(z) + ": want +hhmm or -hhmm")
	}
	return 0, errors.New("unknown time zone " + strconv.Quote(z) + ": want GMT, UTC or a numeric offset such as +0100")
}

func parseDateTime(s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, errors.New(`not an RFC 3339 date-time, e.g. "2017-02-17T00:00:00Z"`)
	}
	return t, nil
}

// parseCSV splits a "form, explode=false" array and parses each item.
func parseCSV[T any](parse func(string) (T, error)) func(string) ([]T, error) {
	return parseDelimited(",", parse)
}

// parseDelimited splits an array joined with sep and parses each item.
func parseDelimited[T any](sep string, parse func(string) (T, error)) func(string) ([]T, error) {
	return func(s string) ([]T, error) {
		if s == "" {
			return []T{}, nil
		}
		return parseEach(strings.Split(s, sep), parse)
	}
}

// parseEach parses the items of an array.
func parseEach[T any](parts []string, parse func(string) (T, error)) ([]T, error) {
	out := make([]T, len(parts))
	for i, p := range parts {
		v, err := parse(p)
		if err != nil {
			return nil, errors.New("item " + strconv.Itoa(i) + ": " + err.Error())
		}
		out[i] = v
	}
	return out, nil
}

// parseEnum turns a parser for the base type into one for a named type.
func parseEnum[T ~string](s string) (T, error) { return T(s), nil }

func parseEnumInt[T ~int32 | ~int64](s string) (T, error) {
	v, err := parseInt64(s)
	if err != nil {
		return 0, err
	}
	if int64(T(v)) != v { // out of range for an int32-based T
		return 0, errors.New("not a 32-bit integer")
	}
	return T(v), nil
}

// headerValues looks a header up by its canonical key, as net/http
// stores received headers, and then by its exact spelling, as generated
// code sets them, so that handlers and clients also work in-process.
func headerValues(h http.Header, name string) []string {
	if vs := h.Values(name); len(vs) > 0 {
		return vs
	}
	return h[name]
}

// escapePathValue percent-encodes everything but RFC 3986 unreserved
// characters, so that a value can never be confused with the delimiters of
// a path template, including OData key segments such as
// "(thumbprintAlgorithm=…,thumbprint=…)". Not inlined: it is called for
// every path parameter of every operation.
//
//go:noinline
func escapePathValue(s string) string { return escapeExcept(s, false) }

// escapePathSeps is escapePathValue for a value beside a literal that
// separates it from another value in one segment ("{tenant}-{user}"): the
// literal's first character (each byte of seps), though unreserved, is
// escaped too, so that the server, which ends a value at the first
// occurrence of the literal and refuses a path where another occurrence
// could have been meant, reads both values back whole ("acme-corp" as
// acme%2Dcorp).
//
//go:noinline
func escapePathSeps(s, seps string) string {
	s = escapePathValue(s)
	const hex = "0123456789ABCDEF"
	for i := 0; i < len(seps); i++ {
		if c := seps[i]; strings.IndexByte(s, c) >= 0 {
			s = strings.ReplaceAll(s, string(c), string([]byte{'%', hex[c>>4], hex[c&0x0f]}))
		}
	}
	return s
}

// escapeReserved is escapePathValue keeping '/': a {+path} value may span
// path segments (RFC 6570 reserved expansion). The other reserved
// characters are still escaped, so that the value reads back exactly.
func escapeReserved(s string) string { return escapeExcept(s, true) }

// escapeExcept percent-encodes everything but unreserved characters and,
// with slash, '/'.
func escapeExcept(s string, slash bool) string {
	n := 0
	for i := 0; i < len(s); i++ {
		if !isUnreserved(s[i]) && !(slash && s[i] == '/') {
			n++
		}
	}
	if n == 0 {
		return s
	}
	const hex = "0123456789ABCDEF"
	b := make([]byte, 0, len(s)+2*n)
	for i := 0; i < len(s); i++ {
		c := s[i]
		if isUnreserved(c) || slash && c == '/' {
			b = append(b, c)
			continue
		}
		b = append(b, '%', hex[c>>4], hex[c&0x0f])
	}
	return string(b)
}

func isUnreserved(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
		c == '-' || c == '.' || c == '_' || c == '~'
}

// parseHTTPDate reads the common "Mon, 02 Jan 2006 15:04:05 GMT" form
// without allocating (time.Parse allocates a zone for "GMT").
func parseHTTPDate(s string) (time.Time, bool) {
	if len(s) != 29 || s[3] != ',' || s[4] != ' ' || s[7] != ' ' || s[11] != ' ' || s[16] != ' ' ||
		s[19] != ':' || s[22] != ':' || s[25] != ' ' || s[26:] != "GMT" {
		return time.Time{}, false
	}
	num := func(a, b int) (int, bool) {
		n := 0
		for i := a; i < b; i++ {
			c := s[i]
			if c < '0' || c > '9' {
				return 0, false
			}
			n = n*10 + int(c-'0')
		}
		return n, true
	}
	day, ok1 := num(5, 7)
	year, ok2 := num(12, 16)
	hh, ok3 := num(17, 19)
	mm, ok4 := num(20, 22)
	ss, ok5 := num(23, 25)
	if !ok1 || !ok2 || !ok3 || !ok4 || !ok5 || hh > 23 || mm > 59 || ss > 59 {
		return time.Time{}, false
	}
	const months = "JanFebMarAprMayJunJulAugSepOctNovDec"
	m := strings.Index(months, s[8:11])
	if m < 0 || m%3 != 0 {
		return time.Time{}, false
	}
	t := time.Date(year, time.Month(m/3+1), day, hh, mm, ss, 0, time.UTC)
	// Reject dates that do not exist (31 Feb) and a wrong weekday name.
	if t.Day() != day || t.Weekday().String()[:3] != s[:3] {
		return time.Time{}, false
	}
	return t, true
}
