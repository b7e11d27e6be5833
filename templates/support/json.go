package support

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"errors"
	"math"
	"math/bits"
	"reflect"
	"sort"
	"strconv"
	"time"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// Reflection-free JSON for generated types. Every generated type has
//
//	encodeJSON(w *jsonWriter)        // appends the value
//	decodeJSON(r *jsonReader) error  // reads one value
//
// and MarshalJSON / UnmarshalJSON built on them. The output is byte for
// byte what encoding/json writes for the same struct tags (HTML-safe
// escaping, float format, sorted map keys, omitempty), and the input
// accepted is what encoding/json accepts (case-insensitive field names,
// null leaves non-nillable values alone, invalid UTF-8 replaced by U+FFFD,
// nesting limited to 10000). Values of type any and user-mapped types go
// through encoding/json.

// jsonMaxDepth is encoding/json's nesting limit.
const jsonMaxDepth = 10000

// jwSafeASCII marks the ASCII bytes written as is inside a string:
// everything but control characters, '"', '\\' and the HTML-sensitive
// '<', '>' and '&'.
const jwSafeASCII = "00000000000000000000000000000000" +
	"11011101111111111111111111110101" +
	"11111111111111111111111111110111" +
	"11111111111111111111111111111111"

// jsonWriter accumulates JSON output; the first error sticks.
type jsonWriter struct {
	buf []byte
	err error
}

func (w *jsonWriter) fail(err error) {
	if w.err == nil {
		w.err = err
	}
}

// result is what MarshalJSON returns.
func (w *jsonWriter) result() ([]byte, error) {
	if w.err != nil {
		return nil, w.err
	}
	return w.buf, nil
}

// lit appends s verbatim.
func (w *jsonWriter) lit(s string) { w.buf = append(w.buf, s...) }

// char appends c.
func (w *jsonWriter) char(c byte) { w.buf = append(w.buf, c) }

// field starts an object member: name is the quoted, escaped key with its
// colon, and obj the offset of the object's '{'.
func (w *jsonWriter) field(obj int, name string) {
	if len(w.buf) > obj+1 {
		w.buf = append(w.buf, ',')
	}
	w.buf = append(w.buf, name...)
}

// object writes '{' and returns its offset, for field.
func (w *jsonWriter) object() int {
	w.buf = append(w.buf, '{')
	return len(w.buf) - 1
}

func (w *jsonWriter) null()         { w.buf = append(w.buf, "null"...) }
func (w *jsonWriter) str(s string)  { w.buf = jwAppendString(w.buf, s) }
func (w *jsonWriter) int(v int64)   { w.buf = strconv.AppendInt(w.buf, v, 10) }
func (w *jsonWriter) uint(v uint64) { w.buf = strconv.AppendUint(w.buf, v, 10) }

// quotedInt writes an integer as a JSON string, as the ",string" option.
func (w *jsonWriter) quotedInt(v int64) {
	w.buf = append(strconv.AppendInt(append(w.buf, '"'), v, 10), '"')
}
func (w *jsonWriter) f64(v float64) { w.float(v, 64) }
func (w *jsonWriter) f32(v float32) { w.float(float64(v), 32) }
func (w *jsonWriter) uuid(u UUID)   { w.buf = append(u.appendTo(append(w.buf, '"')), '"') }
func (w *jsonWriter) rfc1123(t time.Time) {
	w.buf = append(t.UTC().AppendFormat(append(w.buf, '"'), "Mon, 02 Jan 2006 15:04:05 GMT"), '"')
}

func (w *jsonWriter) boolean(v bool) {
	if v {
		w.buf = append(w.buf, "true"...)
	} else {
		w.buf = append(w.buf, "false"...)
	}
}

func (w *jsonWriter) float(v float64, bits int) {
	b, ok := jwAppendFloat(w.buf, v, bits)
	if !ok {
		w.fail(&json.UnsupportedValueError{Str: strconv.FormatFloat(v, 'g', -1, bits)})
		w.null()
		return
	}
	w.buf = b
}

// time writes t as time.Time.MarshalJSON does: RFC 3339 with nanoseconds,
// refusing years and zone offsets RFC 3339 cannot express.
func (w *jsonWriter) time(t time.Time) {
	n := len(w.buf) + 1
	w.buf = t.AppendFormat(append(w.buf, '"'), time.RFC3339Nano)
	b := w.buf[n:]
	switch {
	case len(b) < 5 || b[4] != '-':
		w.fail(errors.New("json: error calling MarshalJSON for type time.Time: Time.MarshalJSON: year outside of range [0,9999]"))
	case b[len(b)-1] != 'Z':
		c := b[len(b)-6]
		if '0' <= c && c <= '9' || 10*(b[len(b)-5]-'0')+(b[len(b)-4]-'0') >= 24 {
			w.fail(errors.New("json: error calling MarshalJSON for type time.Time: Time.MarshalJSON: timezone hour outside of range [0,23]"))
		}
	}
	w.buf = append(w.buf, '"')
}

// bytes writes b in standard base64, or null for nil.
func (w *jsonWriter) bytes(b []byte) {
	if b == nil {
		w.null()
		return
	}
	w.buf = append(base64.StdEncoding.AppendEncode(append(w.buf, '"'), b), '"')
}

// raw writes a json.RawMessage as encoding/json does: validated, compacted
// and HTML-escaped; null for nil.
func (w *jsonWriter) raw(m json.RawMessage) {
	if m == nil {
		w.null()
		return
	}
	r := jsonReader{data: m}
	if err := r.skip(); err != nil {
		w.fail(errors.New("json: error calling MarshalJSON for type json.RawMessage: " + err.Error()))
		return
	}
	if r.ws(); r.pos < len(m) {
		w.fail(errors.New("json: error calling MarshalJSON for type json.RawMessage: " + r.syntaxErr("after top-level value").Error()))
		return
	}
	w.buf = jwAppendCompact(w.buf, m)
}

// value writes v with encoding/json: for any and user-mapped types.
func (w *jsonWriter) value(v any) {
	b, err := json.Marshal(v)
	if err != nil {
		w.fail(err)
		w.null()
		return
	}
	w.buf = append(w.buf, b...)
}

// jwSortedKeys returns the keys of m in the order encoding/json writes
// them.
func jwSortedKeys[T any](m map[string]T) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys) // sort.Strings, compiled in the standard library, not a generic sort compiled into every package
	return keys
}

// jsonEmpty is omitempty for user-mapped types, whose kind the generator
// cannot know: encoding/json's rule, applied to *p.
func jsonEmpty(p any) bool {
	v := reflect.ValueOf(p).Elem()
	switch v.Kind() {
	case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
		return v.Len() == 0
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64, reflect.Interface, reflect.Pointer:
		return v.IsZero()
	}
	return false
}

// jwAppendString appends s quoted as encoding/json does: HTML-safe, with
// U+2028 and U+2029 escaped and invalid UTF-8 replaced by U+FFFD.
func jwAppendString(dst []byte, s string) []byte {
	const hex = "0123456789abcdef"
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		if i+8 <= len(s) && !jwSpecial8(jwLoad8(s, i)) {
			i += 8
			continue
		}
		c := s[i]
		if c < utf8.RuneSelf {
			if jwSafeASCII[c] == '1' {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch c {
			case '\\', '"':
				dst = append(dst, '\\', c)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			dst = append(append(dst, s[start:i]...), `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			dst = append(append(dst, s[start:i]...), '\\', 'u', '2', '0', '2', hex[r&0xf])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	return append(append(dst, s[start:]...), '"')
}

// jwLoad8 reads s[i:i+8] as a little-endian word.
func jwLoad8[S string | []byte](s S, i int) uint64 {
	_ = s[i+7]
	return uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
		uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
}

const (
	jwOnes  = 0x0101010101010101
	jwHighs = 0x8080808080808080
)

// jwHas reports (perhaps falsely after a true byte) whether a byte of x
// is c.
func jwHas(x uint64, c byte) uint64 {
	y := x ^ (jwOnes * uint64(c))
	return (y - jwOnes) &^ y
}

// jwSpecial8 reports whether any of the 8 bytes in x may need more than
// copying inside a JSON string: control characters, '"', '\\', '<', '>',
// '&' and non-ASCII bytes. False positives only cost speed.
func jwSpecial8(x uint64) bool {
	t := (x-jwOnes*0x20)&^x | x | jwHas(x, '"') | jwHas(x, '\\') | jwHas(x, '<') | jwHas(x, '>') | jwHas(x, '&')
	return t&jwHighs != 0
}

// jrSpecial8 is jwSpecial8 for reading: control characters, '"', '\\'
// and bytes of multi-byte runes. The result's lowest set bit is the high
// bit of the first such byte (bits above it may be false).
func jrSpecial8(x uint64) uint64 {
	t := (x-jwOnes*0x20)&^x | x | jwHas(x, '"') | jwHas(x, '\\')
	return t & jwHighs
}

// jwAppendFloat appends f as encoding/json does (ES6 number formatting);
// false for NaN and infinities, which JSON cannot express.
func jwAppendFloat(dst []byte, f float64, bits int) ([]byte, bool) {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return dst, false
	}
	abs := math.Abs(f)
	format := byte('f')
	if abs != 0 {
		if bits == 64 && (abs < 1e-6 || abs >= 1e21) || bits == 32 && (float32(abs) < 1e-6 || float32(abs) >= 1e21) {
			format = 'e'
		}
	}
	dst = strconv.AppendFloat(dst, f, format, -1, bits)
	if format == 'e' {
		// e-09 → e-9
		if n := len(dst); n >= 4 && dst[n-4] == 'e' && dst[n-3] == '-' && dst[n-2] == '0' {
			dst[n-2] = dst[n-1]
			dst = dst[:n-1]
		}
	}
	return dst, true
}

// jwAppendCompact appends valid JSON src without insignificant
// whitespace, escaping <, >, &, U+2028 and U+2029 in strings.
func jwAppendCompact(dst, src []byte) []byte {
	const hex = "0123456789abcdef"
	in, esc := false, false
	for i := 0; i < len(src); i++ {
		c := src[i]
		if !in {
			switch c {
			case ' ', '\t', '\n', '\r':
				continue
			case '"':
				in = true
			}
			dst = append(dst, c)
			continue
		}
		switch {
		case esc:
			esc = false
		case c == '\\':
			esc = true
		case c == '"':
			in = false
		case c == '<' || c == '>' || c == '&':
			dst = append(dst, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			continue
		case c == 0xE2 && i+2 < len(src) && src[i+1] == 0x80 && src[i+2]&^1 == 0xA8:
			dst = append(dst, '\\', 'u', '2', '0', '2', hex[src[i+2]&0xf])
			i += 2
			continue
		}
		dst = append(dst, c)
	}
	return dst
}

// jsonError is a decoding error: what went wrong, where in the input, and
// in which member.
type jsonError struct {
	msg  string
	off  int
	path string // e.g. values[2].name
}

func (e *jsonError) Error() string {
	s := "json: " + e.msg + " at offset " + strconv.Itoa(e.off)
	if e.path != "" {
		s += " (in " + e.path + ")"
	}
	return s
}

// jsonInMember adds an object key or array index to err's path.
func jsonInMember(err error, key []byte, index int) error {
	e, ok := err.(*jsonError)
	if !ok {
		return err
	}
	var p string
	if key != nil {
		p = string(key)
		if e.path != "" && e.path[0] != '[' {
			p += "."
		}
	} else {
		p = "[" + strconv.Itoa(index) + "]"
	}
	e.path = p + e.path
	return e
}

func (r *jsonReader) errorf(msg string) error { return &jsonError{msg: msg, off: r.pos} }

// syntaxErr reports the byte at the current position as unexpected.
func (r *jsonReader) syntaxErr(context string) error {
	if r.pos >= len(r.data) {
		return r.errorf("unexpected end of JSON input")
	}
	c := r.data[r.pos]
	q := "'" + string(rune(c)) + "'"
	switch {
	case c == '\'':
		q = `'\''`
	case c == '"':
		q = `'"'`
	case c < 0x20 || c >= utf8.RuneSelf:
		q = strconv.QuoteRune(rune(c))
		if c >= utf8.RuneSelf {
			q = "byte 0x" + strconv.FormatUint(uint64(c), 16)
		}
	}
	return r.errorf("invalid character " + q + " " + context)
}

// mismatch reports a value of the wrong JSON type (or a malformed one).
func (r *jsonReader) mismatch(want string) error {
	var got string
	switch r.ws() {
	case '"':
		got = "string"
	case '{':
		got = "object"
	case '[':
		got = "array"
	case 't', 'f', 'n':
		got = "bool"
		word := "true"
		switch r.data[r.pos] {
		case 'f':
			word = "false"
		case 'n':
			got, word = "null", "null"
		}
		pos := r.pos
		if err := r.literal(word); err != nil {
			return err
		}
		r.pos = pos
	case '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
		got = "number"
	default:
		return r.syntaxErr("looking for beginning of value")
	}
	return r.errorf("cannot unmarshal " + got + " into " + want)
}

// ws skips whitespace and returns the next byte, 0 at the end.
func (r *jsonReader) ws() byte {
	for r.pos < len(r.data) {
		switch c := r.data[r.pos]; c {
		case ' ', '\t', '\n', '\r':
			r.pos++
		default:
			return c
		}
	}
	return 0
}

// end checks that only whitespace follows the value.
func (r *jsonReader) end() error {
	if r.ws(); r.pos < len(r.data) {
		return r.syntaxErr("after top-level value")
	}
	return nil
}

// null consumes a null literal if one is next.
func (r *jsonReader) null() bool {
	if r.ws() == 'n' && len(r.data)-r.pos >= 4 && string(r.data[r.pos:r.pos+4]) == "null" {
		r.pos += 4
		return true
	}
	return false
}

// literal consumes the literal word (true, false or null).
func (r *jsonReader) literal(word string) error {
	for i := 0; i < len(word); i++ {
		if r.pos >= len(r.data) || r.data[r.pos] != word[i] {
			if i == 0 {
				return r.syntaxErr("looking for beginning of value")
			}
			return r.syntaxErr("in literal " + word + " (expecting '" + word[i:i+1] + "')")
		}
		r.pos++
	}
	return nil
}

func (r *jsonReader) readNull() error {
	r.ws()
	return r.literal("null")
}

func (r *jsonReader) readBool() (bool, error) {
	switch r.ws() {
	case 't':
		return true, r.literal("true")
	case 'f':
		return false, r.literal("false")
	}
	return false, r.mismatch("bool")
}

func (r *jsonReader) enter() error {
	r.depth++
	if r.depth > jsonMaxDepth {
		return r.errorf("exceeded max depth")
	}
	r.pos++
	return nil
}

// readFields is readObject for a generated struct decoder, whose
// decodeField method (a method value here) reads one member.
func (r *jsonReader) readFields(fn func(r *jsonReader, key []byte) error) error {
	return r.readObject(func(key []byte) error { return fn(r, key) })
}

// readObject calls fn for each member with the unescaped key; fn must
// read the value. null is no object and no error.
func (r *jsonReader) readObject(fn func(key []byte) error) error {
	switch r.ws() {
	case '{':
	case 'n':
		return r.readNull()
	default:
		return r.mismatch("object")
	}
	if err := r.enter(); err != nil {
		return err
	}
	c := r.ws()
	if c == '}' {
		r.pos++
		r.depth--
		return nil
	}
	for {
		if c != '"' {
			return r.syntaxErr("looking for beginning of object key string")
		}
		key, err := r.readKey()
		if err != nil {
			return err
		}
		if r.ws() != ':' {
			return r.syntaxErr("after object key")
		}
		r.pos++
		if err := fn(key); err != nil {
			return jsonInMember(err, key, 0)
		}
		switch r.ws() {
		case ',':
			r.pos++
			c = r.ws()
		case '}':
			r.pos++
			r.depth--
			return nil
		default:
			return r.syntaxErr("after object key:value pair")
		}
	}
}

// readArray calls fn for each element; fn must read it. null is no array
// and no error.
func (r *jsonReader) readArray(fn func() error) error {
	switch r.ws() {
	case '[':
	case 'n':
		return r.readNull()
	default:
		return r.mismatch("array")
	}
	if err := r.enter(); err != nil {
		return err
	}
	if r.ws() == ']' {
		r.pos++
		r.depth--
		return nil
	}
	for i := 0; ; i++ {
		if err := fn(); err != nil {
			return jsonInMember(err, nil, i)
		}
		switch r.ws() {
		case ',':
			r.pos++
		case ']':
			r.pos++
			r.depth--
			return nil
		default:
			return r.syntaxErr("after array element")
		}
	}
}

// readKey reads an object key. Unlike readString, the result stays valid
// while the value is read: it points into the input, or is a fresh copy.
func (r *jsonReader) readKey() ([]byte, error) {
	if s, ok := r.plainString(); ok {
		return s, nil
	}
	return r.unquote(nil)
}

// plainString is the fast path of readKey and readString: the string
// opening at r.pos as it stands in the input, when it holds no escape,
// control character or non-ASCII byte (then r.pos moves past it). A short
// string is checked a word at a time; past 16 bytes the closing quote is
// found with bytes.IndexByte, and the text before it checked 16 bytes at
// a time.
func (r *jsonReader) plainString() ([]byte, bool) {
	start := r.pos + 1
	data := r.data
	i := start
	for ; i+8 <= len(data) && i < start+16; i += 8 {
		if m := jrSpecial8(binary.LittleEndian.Uint64(data[i:])); m != 0 {
			// A short string: ends at its first special byte, or is
			// not plain.
			end := i + bits.TrailingZeros64(m)/8
			if data[end] != '"' {
				return nil, false
			}
			r.pos = end + 1
			return data[start:end], true
		}
	}
	if i >= start+16 {
		end := bytes.IndexByte(data[i:], '"')
		if end < 0 {
			return nil, false
		}
		end += i
		if bytes.IndexByte(data[i:end], '\\') >= 0 || !jrPlainSpan(data[i:end]) {
			return nil, false
		}
		r.pos = end + 1
		return data[start:end], true
	}
	for ; i < len(data); i++ {
		c := data[i]
		if c == '"' {
			r.pos = i + 1
			return data[start:i], true
		}
		if c == '\\' || c < 0x20 || c >= utf8.RuneSelf {
			break
		}
	}
	return nil, false
}

// jrPlainSpan reports whether b holds only printable ASCII and spaces:
// no control character, no byte of a multi-byte rune. It reads 32 bytes
// a step (a long string, such as a certificate's base64, is most of a
// document's bytes), then 8, then one.
func jrPlainSpan(b []byte) bool {
	const low = jwOnes * 0x20 // a byte below 0x20 borrows into its high bit
	i := 0
	for ; i+32 <= len(b); i += 32 {
		w := b[i : i+32 : i+32] // one bounds check for the four words
		x0 := binary.LittleEndian.Uint64(w)
		x1 := binary.LittleEndian.Uint64(w[8:])
		x2 := binary.LittleEndian.Uint64(w[16:])
		x3 := binary.LittleEndian.Uint64(w[24:])
		if ((x0-low)|x0|(x1-low)|x1|(x2-low)|x2|(x3-low)|x3)&jwHighs != 0 {
			return false
		}
	}
	for ; i+8 <= len(b); i += 8 {
		if x := binary.LittleEndian.Uint64(b[i:]); ((x-low)|x)&jwHighs != 0 {
			return false
		}
	}
	for ; i < len(b); i++ {
		if c := b[i]; c < 0x20 || c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// readString reads a string, unescaped, with invalid UTF-8 replaced by
// U+FFFD. The result is only valid until the next read.
func (r *jsonReader) readString() ([]byte, error) {
	if r.ws() != '"' {
		return nil, r.mismatch("string")
	}
	if s, ok := r.plainString(); ok {
		return s, nil
	}
	b, err := r.unquote(r.buf[:0])
	r.buf = b
	return b, err
}

// unquote appends the string at r.pos, unescaped, to dst: the slow path
// for escapes and non-ASCII text, replacing what is not UTF-8 as
// encoding/json does.
func (r *jsonReader) unquote(dst []byte) ([]byte, error) {
	data := r.data
	i := r.pos + 1
	for i < len(data) {
		c := data[i]
		switch {
		case c == '"':
			r.pos = i + 1
			return dst, nil
		case c == '\\':
			if i+1 >= len(data) {
				r.pos = len(data)
				return nil, r.syntaxErr("")
			}
			switch e := data[i+1]; e {
			case '"', '\\', '/':
				dst = append(dst, e)
			case 'b':
				dst = append(dst, '\b')
			case 'f':
				dst = append(dst, '\f')
			case 'n':
				dst = append(dst, '\n')
			case 'r':
				dst = append(dst, '\r')
			case 't':
				dst = append(dst, '\t')
			case 'u':
				rr, bad := jrHex4(data, i+2)
				if bad >= 0 {
					r.pos = bad
					return nil, r.syntaxErr("in \\u hexadecimal character escape")
				}
				i += 6
				if utf16.IsSurrogate(rr) {
					if i+1 < len(data) && data[i] == '\\' && data[i+1] == 'u' {
						if rr1, bad := jrHex4(data, i+2); bad < 0 {
							if dec := utf16.DecodeRune(rr, rr1); dec != unicode.ReplacementChar {
								dst = utf8.AppendRune(dst, dec)
								i += 6
								continue
							}
						}
					}
					rr = unicode.ReplacementChar
				}
				dst = utf8.AppendRune(dst, rr)
				continue
			default:
				r.pos = i + 1
				return nil, r.syntaxErr("in string escape code")
			}
			i += 2
		case c < 0x20:
			r.pos = i
			return nil, r.syntaxErr("in string literal")
		case c < utf8.RuneSelf:
			dst = append(dst, c)
			i++
		default:
			rr, size := utf8.DecodeRune(data[i:])
			if rr == utf8.RuneError && size == 1 {
				dst = append(dst, "\ufffd"...)
			} else {
				dst = append(dst, data[i:i+size]...)
			}
			i += size
		}
	}
	r.pos = len(data)
	return nil, r.syntaxErr("")
}

// jrHex4 reads four hex digits at data[i:]; bad is the offset of the first
// bad byte, or -1.
func jrHex4(data []byte, i int) (rune, int) {
	var v rune
	for j := i; j < i+4; j++ {
		if j >= len(data) {
			return 0, len(data)
		}
		c := data[j]
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c = c - 'a' + 10
		case 'A' <= c && c <= 'F':
			c = c - 'A' + 10
		default:
			return 0, j
		}
		v = v<<4 | rune(c)
	}
	return v, -1
}

// skipString moves past the string at r.pos, checking its escapes.
func (r *jsonReader) skipString() error {
	data := r.data
	for i := r.pos + 1; i < len(data); i++ {
		switch c := data[i]; {
		case c == '"':
			r.pos = i + 1
			return nil
		case c == '\\':
			if i+1 >= len(data) {
				r.pos = len(data)
				return r.syntaxErr("")
			}
			switch data[i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i++
			case 'u':
				if _, bad := jrHex4(data, i+2); bad >= 0 {
					r.pos = bad
					return r.syntaxErr("in \\u hexadecimal character escape")
				}
				i += 5
			default:
				r.pos = i + 1
				return r.syntaxErr("in string escape code")
			}
		case c < 0x20:
			r.pos = i
			return r.syntaxErr("in string literal")
		}
	}
	r.pos = len(data)
	return r.syntaxErr("")
}

// readNumber reads a number literal, checking its grammar.
func (r *jsonReader) readNumber() ([]byte, error) {
	data := r.data
	start := r.pos
	i := start
	digits := func() bool {
		j := i
		for i < len(data) && '0' <= data[i] && data[i] <= '9' {
			i++
		}
		return i > j
	}
	if i < len(data) && data[i] == '-' {
		i++
	}
	switch {
	case i < len(data) && data[i] == '0':
		i++
	case !digits():
		r.pos = i
		return nil, r.syntaxErr("in numeric literal")
	}
	if i < len(data) && data[i] == '.' {
		i++
		if !digits() {
			r.pos = i
			return nil, r.syntaxErr("after decimal point in numeric literal")
		}
	}
	if i < len(data) && (data[i] == 'e' || data[i] == 'E') {
		i++
		if i < len(data) && (data[i] == '+' || data[i] == '-') {
			i++
		}
		if !digits() {
			r.pos = i
			return nil, r.syntaxErr("in exponent of numeric literal")
		}
	}
	r.pos = i
	return data[start:i], nil
}

// skip moves past one value, checking it.
func (r *jsonReader) skip() error {
	switch c := r.ws(); c {
	case '"':
		return r.skipString()
	case '{':
		return r.readObject(func([]byte) error { return r.skip() })
	case '[':
		return r.readArray(r.skip)
	case 't':
		return r.literal("true")
	case 'f':
		return r.literal("false")
	case 'n':
		return r.literal("null")
	case '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
		_, err := r.readNumber()
		return err
	}
	return r.syntaxErr("looking for beginning of value")
}

// readRaw returns the next value's bytes, checked.
func (r *jsonReader) readRaw() ([]byte, error) {
	r.ws()
	start := r.pos
	if err := r.skip(); err != nil {
		return nil, err
	}
	return r.data[start:r.pos], nil
}

// unknown handles a member no field takes: skipped, or an error in strict
// mode (with encoding/json's DisallowUnknownFields message).
func (r *jsonReader) unknown(key []byte) error {
	if r.strict {
		return &jsonError{msg: "unknown field " + strconv.Quote(string(key)), off: r.pos}
	}
	return r.skip()
}

// readInt64 reads an integer of the given bit size.
func (r *jsonReader) readInt64(bits int) (int64, error) {
	c := r.ws()
	if c != '-' && (c < '0' || c > '9') {
		return 0, r.mismatch("integer")
	}
	start := r.pos
	b, err := r.readNumber()
	if err != nil {
		return 0, err
	}
	neg := b[0] == '-'
	if neg {
		b = b[1:]
	}
	var n uint64
	for _, c := range b {
		if c < '0' || c > '9' || n > (math.MaxUint64-9)/10 {
			return 0, &jsonError{msg: "cannot unmarshal number " + string(r.data[start:r.pos]) + " into int" + strconv.Itoa(bits), off: start}
		}
		n = n*10 + uint64(c-'0')
	}
	limit := uint64(1) << (bits - 1)
	if neg && n <= limit {
		return -int64(n-1) - 1, nil
	}
	if !neg && n < limit {
		return int64(n), nil
	}
	return 0, &jsonError{msg: "cannot unmarshal number " + string(r.data[start:r.pos]) + " into int" + strconv.Itoa(bits), off: start}
}

// readUint64 reads an unsigned integer of the given bit size.
func (r *jsonReader) readUint64(bits int) (uint64, error) {
	c := r.ws()
	if c != '-' && (c < '0' || c > '9') {
		return 0, r.mismatch("unsigned integer")
	}
	start := r.pos
	b, err := r.readNumber()
	if err != nil {
		return 0, err
	}
	var n uint64
	ok := true
	for _, c := range b {
		if c < '0' || c > '9' || n > math.MaxUint64/10 || n*10 > math.MaxUint64-uint64(c-'0') {
			ok = false
			break
		}
		n = n*10 + uint64(c-'0')
	}
	if !ok || bits < 64 && n >= 1<<bits {
		return 0, &jsonError{msg: "cannot unmarshal number " + string(b) + " into uint" + strconv.Itoa(bits), off: start}
	}
	return n, nil
}

// readFloat reads a number as a float of the given bit size.
func (r *jsonReader) readFloat(bits int) (float64, error) {
	c := r.ws()
	if c != '-' && (c < '0' || c > '9') {
		return 0, r.mismatch("number")
	}
	start := r.pos
	b, err := r.readNumber()
	if err != nil {
		return 0, err
	}
	if len(b) <= 15 && !(len(b) == 2 && b[0] == '-' && b[1] == '0') {
		// Small integers convert exactly, and rounding them to float32 is
		// what ParseFloat would do.
		var n int64
		neg, ok := b[0] == '-', true
		for _, c := range b[btoi(neg):] {
			if c < '0' || c > '9' {
				ok = false
				break
			}
			n = n*10 + int64(c-'0')
		}
		if ok {
			if neg {
				n = -n
			}
			if bits == 32 {
				return float64(float32(n)), nil
			}
			return float64(n), nil
		}
	}
	f, err := strconv.ParseFloat(string(b), bits)
	if err != nil {
		return 0, &jsonError{msg: "cannot unmarshal number " + string(b) + " into float" + strconv.Itoa(bits), off: start}
	}
	return f, nil
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// Typed readers, one per kind of Go value: null leaves the value alone
// (slices, maps and raw messages aside), as with encoding/json.

func jrString[T ~string](r *jsonReader, p *T) error {
	switch r.ws() {
	case '"':
		s, err := r.readString()
		if err != nil {
			return err
		}
		*p = T(s)
		return nil
	case 'n':
		return r.readNull()
	}
	return r.mismatch("string")
}

// jrQuotedInt reads an integer written as a JSON string ("42"), as
// encoding/json's ",string" option does: an unquoted number is an error.
func jrQuotedInt[T ~int32 | ~int64](r *jsonReader, p *T) error {
	switch r.ws() {
	case '"':
	case 'n':
		return r.readNull()
	default:
		return r.mismatch("integer in a string")
	}
	off := r.pos
	s, err := r.readString()
	if err != nil {
		return err
	}
	v, err := strconv.ParseInt(string(s), 10, 64)
	if err != nil || int64(T(v)) != v {
		return &jsonError{msg: "invalid integer in a string: " + strconv.Quote(string(s)), off: off}
	}
	*p = T(v)
	return nil
}

func jrBool[T ~bool](r *jsonReader, p *T) error {
	if r.null() {
		return nil
	}
	v, err := r.readBool()
	if err == nil {
		*p = T(v)
	}
	return err
}

func jrInt[T ~int | ~int8 | ~int16 | ~int32 | ~int64](r *jsonReader, p *T) error {
	if r.null() {
		return nil
	}
	r.ws()
	off := r.pos
	v, err := r.readInt64(64)
	if err == nil && int64(T(v)) != v {
		err = &jsonError{msg: "cannot unmarshal number " + string(r.data[off:r.pos]) + " into a smaller integer", off: off}
	}
	if err == nil {
		*p = T(v)
	}
	return err
}

func jrUint[T ~uint | ~uint8 | ~uint16 | ~uint32 | ~uint64 | ~uintptr](r *jsonReader, p *T) error {
	if r.null() {
		return nil
	}
	r.ws()
	off := r.pos
	v, err := r.readUint64(64)
	if err == nil && uint64(T(v)) != v {
		err = &jsonError{msg: "cannot unmarshal number " + string(r.data[off:r.pos]) + " into a smaller unsigned integer", off: off}
	}
	if err == nil {
		*p = T(v)
	}
	return err
}

func jrFloat[T ~float32 | ~float64](r *jsonReader, p *T) error {
	if r.null() {
		return nil
	}
	bits := 64
	if float64(T(0.1)) != 0.1 {
		bits = 32
	}
	v, err := r.readFloat(bits)
	if err == nil {
		*p = T(v)
	}
	return err
}

// jrTime reads a date-time as time.Time.UnmarshalJSON does: the string's
// bytes as they are (escapes are not decoded) in RFC 3339.
func jrTime(r *jsonReader, p *time.Time) error {
	switch r.ws() {
	case 'n':
		return r.readNull()
	case '"':
	default:
		return r.mismatch("date-time string")
	}
	start := r.pos
	if err := r.skipString(); err != nil {
		return err
	}
	b := r.data[start+1 : r.pos-1]
	if t, ok := jrParseRFC3339UTC(b); ok {
		*p = t
		return nil
	}
	t, err := time.Parse(time.RFC3339, string(b))
	if err != nil {
		return &jsonError{msg: "invalid date-time: " + err.Error(), off: start}
	}
	*p = t
	return nil
}

// jrParseRFC3339UTC parses the common "2006-01-02T15:04:05[.999999999]Z"
// form without allocating; false sends anything else to time.Parse, so
// what is accepted and the result are time.Parse's.
func jrParseRFC3339UTC(b []byte) (time.Time, bool) {
	if len(b) < 20 || len(b) > 30 || b[4] != '-' || b[7] != '-' || b[10] != 'T' || b[13] != ':' || b[16] != ':' || b[len(b)-1] != 'Z' {
		return time.Time{}, false
	}
	num := func(s []byte) int {
		n := 0
		for _, c := range s {
			if c < '0' || c > '9' {
				return -1
			}
			n = n*10 + int(c-'0')
		}
		return n
	}
	year, month, day := num(b[0:4]), num(b[5:7]), num(b[8:10])
	hh, mm, ss := num(b[11:13]), num(b[14:16]), num(b[17:19])
	if year < 0 || month < 1 || month > 12 || day < 1 || hh < 0 || hh > 23 || mm < 0 || mm > 59 || ss < 0 || ss > 59 {
		return time.Time{}, false
	}
	nsec := 0
	switch frac := b[19 : len(b)-1]; {
	case len(frac) == 0:
	case len(frac) >= 2 && frac[0] == '.':
		n := num(frac[1:])
		if n < 0 {
			return time.Time{}, false
		}
		for i := len(frac) - 1; i < 9; i++ {
			n *= 10
		}
		nsec = n
	default:
		return time.Time{}, false
	}
	t := time.Date(year, time.Month(month), day, hh, mm, ss, nsec, time.UTC)
	if t.Day() != day { // 31 February
		return time.Time{}, false
	}
	return t, true
}

// jrRFC1123 reads a date-time-rfc1123 string.
func jrRFC1123(r *jsonReader, p *time.Time) error {
	if r.null() {
		return nil
	}
	r.ws()
	off := r.pos
	s, err := r.readString()
	if err != nil {
		return err
	}
	t, err := parseRFC1123(string(s))
	if err != nil {
		return &jsonError{msg: "invalid date-time-rfc1123: " + err.Error(), off: off}
	}
	*p = t
	return nil
}

// jrUUID reads a UUID as its UnmarshalText would.
func jrUUID(r *jsonReader, p *UUID) error {
	if r.null() {
		return nil
	}
	r.ws()
	start := r.pos
	s, err := r.readString()
	if err != nil {
		return err
	}
	var u UUID
	ok := len(s) == 36 && s[8] == '-' && s[13] == '-' && s[18] == '-' && s[23] == '-'
	for i, j := 0, 0; ok && i < 36; {
		if i == 8 || i == 13 || i == 18 || i == 23 {
			i++
			continue
		}
		hi, ok1 := fromHex(s[i])
		lo, ok2 := fromHex(s[i+1])
		ok = ok1 && ok2
		u[j] = hi<<4 | lo
		j++
		i += 2
	}
	if !ok {
		return &jsonError{msg: errUUIDSyntax.Error(), off: start}
	}
	*p = u
	return nil
}

// jrBytes reads base64 (standard, padded), or an array of bytes.
func jrBytes(r *jsonReader, p *[]byte) error {
	switch r.ws() {
	case 'n':
		*p = nil
		return r.readNull()
	case '[':
		return jrSlice(r, p, jrUint[byte])
	}
	return jrBase64(r, p)
}

// jrBase64 reads base64 (standard, padded) or null into *p.
func jrBase64(r *jsonReader, p *[]byte) error {
	if r.ws() == 'n' {
		*p = nil
		return r.readNull()
	}
	start := r.pos
	s, err := r.readString()
	if err != nil {
		return err
	}
	b := make([]byte, base64.StdEncoding.DecodedLen(len(s)))
	n, err := base64.StdEncoding.Decode(b, s)
	if err != nil {
		return &jsonError{msg: err.Error(), off: start}
	}
	*p = b[:n]
	return nil
}

// jrRaw copies the next value, null included, as json.RawMessage does.
func jrRaw(r *jsonReader, p *json.RawMessage) error {
	b, err := r.readRaw()
	if err == nil {
		*p = append((*p)[:0], b...)
	}
	return err
}

// jrAny reads a value of type any, or of a user-mapped type, with
// encoding/json.
func jrAny[T any](r *jsonReader, p *T) error {
	r.ws()
	off := r.pos
	b, err := r.readRaw()
	if err != nil {
		return err
	}
	if r.budget != nil {
		if err := estimateJSON(b, reflect.TypeFor[T](), r.budget, true); err != nil {
			return err
		}
	}
	if r.strict {
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.DisallowUnknownFields()
		err = dec.Decode(p)
	} else {
		err = json.Unmarshal(b, p)
	}
	if err != nil {
		return &jsonError{msg: err.Error(), off: off}
	}
	return nil
}

// jrSlice reads an array into *p, reusing its elements as encoding/json
// does; null sets nil.
func jrSlice[T any](r *jsonReader, p *[]T, elem func(*jsonReader, *T) error) error {
	switch r.ws() {
	case 'n':
		*p = nil
		return r.readNull()
	case '[':
	default:
		return r.mismatch("array")
	}
	s := (*p)[:0]
	var each int64 // twice an element, with a budget: the growing array and the one before
	var ptrs bool  // whether an element may hold pointers, to be measured
	if r.budget != nil {
		t := reflect.TypeFor[T]()
		each, ptrs = 2*int64(t.Size()), t.Kind() == reflect.Pointer || len(jsonInfo(t).ptrs) > 0
	}
	err := r.readArray(func() error {
		if err := r.budget.charge(each); err != nil {
			return err
		}
		if len(s) < cap(s) {
			s = s[:len(s)+1]
		} else {
			var zero T
			s = append(s, zero)
		}
		if err := elem(r, &s[len(s)-1]); err != nil || !ptrs {
			return err
		}
		return r.budget.charge(measure(reflect.ValueOf(&s[len(s)-1]).Elem()))
	})
	if len(s) == 0 {
		s = []T{}
	}
	*p = s
	return err
}

// jrMap reads an object into *p, adding to an existing map as
// encoding/json does; null sets nil.
func jrMap[T any](r *jsonReader, p *map[string]T, elem func(*jsonReader, *T) error) error {
	switch r.ws() {
	case 'n':
		*p = nil
		return r.readNull()
	case '{':
	default:
		return r.mismatch("object")
	}
	var each, group int64 // an entry, twice (the map grows), and the first group of slots, with a budget
	var ptrs bool
	if r.budget != nil {
		t := reflect.TypeFor[T]()
		each, ptrs = 2*(16+int64(t.Size())+jsonEntryCost), t.Kind() == reflect.Pointer || len(jsonInfo(t).ptrs) > 0
		if *p == nil {
			group = jsonMapGroup(16, t.Size())
			if err := r.budget.charge(jsonMapHeader); err != nil {
				return err
			}
		}
	}
	if *p == nil {
		*p = map[string]T{}
	}
	m := *p
	return r.readObject(func(key []byte) error {
		cost := each + int64(len(key)) + group
		group = 0
		if err := r.budget.charge(cost); err != nil {
			return err
		}
		k := string(key)
		var v T
		if err := elem(r, &v); err != nil {
			return err
		}
		if ptrs {
			if err := r.budget.charge(measure(reflect.ValueOf(&v).Elem())); err != nil {
				return err
			}
		}
		m[k] = v
		return nil
	})
}

// jsonFoldIndex finds key among a struct's JSON names ignoring case, as
// encoding/json does after an exact match failed: the 1-based index of
// the first match, or 0.
func jsonFoldIndex(key []byte, names ...string) int {
	for i, n := range names {
		if jsonEqualFold(key, n) {
			return i + 1
		}
	}
	return 0
}

// jsonFieldName returns the JSON name key stands for: an exact match
// first, then the first name equal ignoring case (encoding/json's rule);
// "" for an unknown key.
func jsonFieldName(key []byte, names ...string) string {
	for _, n := range names {
		if string(key) == n {
			return n
		}
	}
	if i := jsonFoldIndex(key, names...); i > 0 {
		return names[i-1]
	}
	return ""
}

// jsonEqualFold is bytes.EqualFold for a key and a name.
func jsonEqualFold(s []byte, t string) bool {
	i, j := 0, 0
	for i < len(s) && j < len(t) {
		a, b := s[i], t[j]
		if a|b < utf8.RuneSelf {
			if a != b {
				if 'A' <= a && a <= 'Z' {
					a += 'a' - 'A'
				}
				if 'A' <= b && b <= 'Z' {
					b += 'a' - 'A'
				}
				if a != b {
					return false
				}
			}
			i++
			j++
			continue
		}
		ra, na := utf8.DecodeRune(s[i:])
		rb, nb := utf8.DecodeRuneInString(t[j:])
		i += na
		j += nb
		if ra != rb && jsonFoldRune(ra) != jsonFoldRune(rb) {
			return false
		}
	}
	return i == len(s) && j == len(t)
}

// jsonFoldRune is the smallest rune of r's case-folding orbit.
func jsonFoldRune(r rune) rune {
	for {
		r2 := unicode.SimpleFold(r)
		if r2 <= r {
			return r2
		}
		r = r2
	}
}

// jsonDecodeFunc makes a function a jsonDecoder: generated code decodes a
// value that has no decodeJSON method of its own (a union, a slice of
// one) through it.
type jsonDecodeFunc func(r *jsonReader) error

func (f jsonDecodeFunc) decodeJSON(r *jsonReader) error { return f(r) }

// jsonEncodeFunc makes a function a json.Marshaler: generated code writes
// a value holding a union through it, so that the union's encoder names
// each kind.
type jsonEncodeFunc func(w *jsonWriter)

func (f jsonEncodeFunc) MarshalJSON() ([]byte, error) {
	w := jsonWriter{buf: make([]byte, 0, jsonInitialBuf)}
	f(&w)
	return w.result()
}

// jrUnion reads a value of a union: pick gets the string value of the
// object's discriminator property (empty when absent) and returns a new
// value of that kind, as the union and as its decoder; a nil decoder
// means the kind is unknown. null sets *p to nil.
func jrUnion[T any](r *jsonReader, p *T, property string, pick func(kind string) (T, jsonDecoder)) error {
	if r.null() {
		var zero T
		*p = zero
		return nil
	}
	if r.ws() != '{' {
		return r.mismatch("object")
	}
	start := r.pos
	raw, err := r.readRaw()
	if err != nil {
		return err
	}
	kind, err := jsonMemberString(raw, property)
	if err != nil {
		return jsonAt(err, start)
	}
	v, d := pick(kind)
	if d == nil {
		return &jsonError{msg: "unknown " + property + " " + strconv.Quote(kind), off: start}
	}
	sub := jsonReader{data: raw, depth: r.depth, strict: r.strict, budget: r.budget}
	if err := d.decodeJSON(&sub); err != nil {
		return jsonAt(err, start)
	}
	if r.budget != nil { // the kind and what its pointers hold
		if err := r.budget.charge(measure(reflect.ValueOf(d))); err != nil {
			return err
		}
	}
	*p = v
	return nil
}

// jsonMemberString returns the string value of the member key of the
// object in data (the last one, as encoding/json would), "" when absent.
func jsonMemberString(data []byte, key string) (string, error) {
	r := jsonReader{data: data}
	var kind string
	err := r.readObject(func(k []byte) error {
		if string(k) != key {
			return r.skip()
		}
		return jrString(&r, &kind)
	})
	return kind, err
}

// jsonAt moves the offset of an error found in a value that starts at off
// of the enclosing document.
func jsonAt(err error, off int) error {
	var je *jsonError
	if errors.As(err, &je) {
		je.off += off
	}
	return err
}

// jsonInitialBuf is the capacity MarshalJSON starts with; append grows it.
const jsonInitialBuf = 512
