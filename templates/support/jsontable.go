package support

import (
	"encoding"
	"encoding/json"
	"errors"
	"reflect"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode"
	"unsafe"
)

// Table-driven JSON for the plain struct types of json: std. The client
// and server read and write every plain type with it (decodeTable,
// encodeTable), and so do DecodeJSON and EncodeJSON, the package's
// json.Unmarshal and json.Marshal. The types get no methods for it: the
// methods cost build time (on Batch, ~5 MiB of the compiler's peak for
// the 52 body types), and json.Marshal and json.Unmarshal still give
// the same result, at encoding/json's speed. What to do with each field
// is worked out once per Go type from reflection (a jtCodec, cached like
// encoding/json's field lists) and then applied by one shared loop over
// jsonReader and jsonWriter, the scanner and writer of the generated
// codecs (json.go).
//
// The result is encoding/json's, faster: the same bytes written, the same
// members matched (exact name, then encoding/json's case folding; the
// last duplicate wins; unknown members skipped), null leaving values
// alone but for pointers, slices and maps, ",string" integers, the
// methods of time.Time, UUID and json.RawMessage, and the generated
// codecs of unions called directly. Anything else (interfaces, types with
// JSON or text methods of their own, maps with other keys, embedded
// structs) goes to encoding/json, value by value.
//
// Errors are encoding/json's too: the table decoder does not explain
// failures, it stops, and the value is decoded again by encoding/json,
// whose error is returned.
// Decoding again is harmless: encoding/json applies a document to a
// value, and applying the same document twice gives the same value. Only
// a syntax error differs: encoding/json checks the whole document before
// it changes anything, the table decoder may have set members before the
// error.

// jtKind is what the table codec does with a value of some Go type.
type jtKind uint8

const (
	jtFallback jtKind = iota // encoding/json
	jtString
	jtBool
	jtInt
	jtUint
	jtFloat
	jtPointer
	jtStruct
	jtSlice
	jtBytes // []byte: base64
	jtMap   // map[string]T
	jtTime  // time.Time
	jtUUID
	jtRaw       // json.RawMessage
	jtGenerated // a type with a generated codec (jsonDecoder, jsonEncoder)
	jtIface     // an interface: encoded as its dynamic value
)

// jtCodec is the plan for one Go type, in each direction.
type jtCodec struct {
	typ      reflect.Type
	dec, enc jtKind
	elem     *jtCodec   // jtPointer, jtSlice, jtMap
	slab     jtSlabKind // jtPointer: where its targets come from
	bits     int        // jtInt, jtUint, jtFloat
	fields   []jtField
	exact    map[string]*jtField
	fold     map[string]*jtField
}

// jtField is a member of a struct.
type jtField struct {
	name   string  // the member name
	pos    int     // the field's place in jtCodec.fields
	index  int     // the struct field's
	offset uintptr // and its offset
	key    string  // `"name":` as encoding/json writes it
	omit   bool    // omitempty
	quoted bool    // ",string" on an integer
	codec  *jtCodec
}

// jsonEncoder is what the generated codecs write with (json.go).
type jsonEncoder interface {
	encodeJSON(w *jsonWriter)
}

var (
	jtCodecs typeCache  // reflect.Type → *jtCodec
	jtMu     sync.Mutex // one build at a time, so that a plan is published whole

	jtJSONMarshaler   = reflect.TypeFor[json.Marshaler]()
	jtTextMarshaler   = reflect.TypeFor[encoding.TextMarshaler]()
	jtDecoderType     = reflect.TypeFor[jsonDecoder]()
	jtEncoderType     = reflect.TypeFor[jsonEncoder]()
	jtTimeType        = reflect.TypeFor[time.Time]()
	jtUUIDType        = reflect.TypeFor[UUID]()
	jtRawType         = reflect.TypeFor[json.RawMessage]()
	jtStringType      = reflect.TypeFor[string]()
	jtByteSliceType   = reflect.TypeFor[[]byte]()
	jtJSONUnmarshaler = jsonUnmarshalerType
	jtTextUnmarshaler = textUnmarshalerType
)

// jtCodecOf returns the plan for t.
func jtCodecOf(t reflect.Type) *jtCodec {
	if c, ok := jtCodecs.load(t); ok {
		return c.(*jtCodec)
	}
	jtMu.Lock()
	defer jtMu.Unlock()
	building := map[reflect.Type]*jtCodec{}
	c := jtBuild(t, building)
	for bt, bc := range building {
		jtCodecs.loadOrStore(bt, bc)
	}
	return c
}

func jtBuild(t reflect.Type, building map[reflect.Type]*jtCodec) *jtCodec {
	if c, ok := jtCodecs.load(t); ok {
		return c.(*jtCodec)
	}
	if c := building[t]; c != nil {
		return c // a recursive type: filled in further up
	}
	c := &jtCodec{typ: t}
	building[t] = c
	c.dec, c.enc = jtKinds(t)
	switch {
	case c.dec == jtPointer || c.dec == jtSlice || c.dec == jtMap ||
		c.enc == jtPointer || c.enc == jtSlice || c.enc == jtMap:
		c.elem = jtBuild(t.Elem(), building)
		if c.dec == jtPointer {
			c.slab = jtSlabOf(t.Elem())
		}
	case c.dec == jtStruct || c.enc == jtStruct:
		if !jtFields(c, building) {
			c.dec, c.enc = jtFallback, jtFallback
		}
	}
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64:
		c.bits = t.Bits()
	}
	return c
}

// jtKinds decides what the table codec does with a value of type t when
// decoding and when encoding.
func jtKinds(t reflect.Type) (dec, enc jtKind) {
	switch t {
	case jtTimeType:
		return jtTime, jtTime
	case jtUUIDType:
		return jtUUID, jtUUID
	case jtRawType:
		return jtRaw, jtRaw
	case jtByteSliceType:
		return jtBytes, jtBytes
	}
	p := reflect.PointerTo(t)
	dec, enc = jtPlainKind(t), jtPlainKind(t)
	switch {
	case p.Implements(jtDecoderType):
		dec = jtGenerated
	case p.Implements(jtJSONUnmarshaler) || p.Implements(jtTextUnmarshaler) || dec == jtIface:
		dec = jtFallback
	}
	switch {
	case p.Implements(jtEncoderType):
		enc = jtGenerated
	case p.Implements(jtJSONMarshaler) || p.Implements(jtTextMarshaler):
		enc = jtFallback
	}
	return dec, enc
}

// jtPlainKind is the kind of a type without JSON or text methods.
func jtPlainKind(t reflect.Type) jtKind {
	switch t.Kind() {
	case reflect.String:
		return jtString
	case reflect.Bool:
		return jtBool
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return jtInt
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return jtUint
	case reflect.Float32, reflect.Float64:
		return jtFloat
	case reflect.Pointer:
		return jtPointer
	case reflect.Struct:
		return jtStruct
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Uint8 {
			return jtFallback // a named []byte: base64 or not, by its methods
		}
		return jtSlice
	case reflect.Map:
		if t.Key() == jtStringType {
			return jtMap
		}
	case reflect.Interface:
		return jtIface
	}
	return jtFallback
}

// jtFields fills in the members of struct c; false for a struct the
// table codec leaves to encoding/json: an embedded field, two members of
// one name, or an option other than omitempty and ",string" on an
// integer.
func jtFields(c *jtCodec, building map[reflect.Type]*jtCodec) bool {
	t := c.typ
	c.exact, c.fold = map[string]*jtField{}, map[string]*jtField{}
	var names []string
	for i := range t.NumField() {
		sf := t.Field(i)
		if sf.Anonymous {
			return false
		}
		tag := sf.Tag.Get("json")
		if tag == "-" || !sf.IsExported() {
			continue
		}
		name, opts, _ := cutComma(tag)
		if !jtValidTag(name) {
			name = sf.Name
		}
		f := jtField{name: name, pos: len(c.fields), index: i, offset: sf.Offset}
		for opts != "" {
			var o string
			o, opts, _ = cutComma(opts)
			switch o {
			case "omitempty":
				f.omit = true
			case "string":
				f.quoted = true
			default:
				return false // omitzero, and options to come
			}
		}
		for _, n := range names {
			if n == name {
				return false // encoding/json drops both
			}
		}
		key, err := json.Marshal(name)
		if err != nil {
			return false
		}
		f.key = string(key) + ":"
		f.codec = jtBuild(sf.Type, building)
		if f.quoted && !jtQuotable(sf.Type, f.codec) {
			return false
		}
		c.fields = append(c.fields, f)
		names = append(names, name)
	}
	for i := range c.fields {
		f := &c.fields[i]
		c.exact[names[i]] = f
		if k := string(foldJSONName(nil, []byte(names[i]))); c.fold[k] == nil {
			c.fold[k] = f
		}
	}
	return true
}

// jtQuotable reports whether ",string" on a field of type t is one the
// table codec handles: an integer without methods, or an unnamed pointer
// to one.
func jtQuotable(t reflect.Type, c *jtCodec) bool {
	if t.Kind() == reflect.Pointer && t.Name() == "" {
		c = c.elem
	}
	return c.dec == jtInt && c.enc == jtInt
}

// jtValidTag is encoding/json's isValidTag.
func jtValidTag(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		switch {
		case strings.ContainsRune("!#$%&()*+-./:;<=>?@[]^_{|}~ ", c):
		case !unicode.IsLetter(c) && !unicode.IsDigit(c):
			return false
		}
	}
	return true
}

// DecodeJSON decodes data into v, a non-nil pointer, as json.Unmarshal
// does (the same values, the same errors), several times faster for the
// types of this package, with the table codec the client and server use.
func DecodeJSON(data []byte, v any) error {
	if handled, err := decodeTable(data, v, false, nil); handled && err == nil {
		return nil
	}
	return json.Unmarshal(data, v)
}

// decodeTable decodes data into v (a pointer) with the table codec,
// strict: unknown members fail, within b (nil: no bound), charging what
// it allocates as the generated decoders do. handled is false when the
// caller is to decode with encoding/json: for a type the table codec
// leaves to it, and for a document the table decoder stopped at, whose
// error encoding/json explains (estimateBody then charges b again, for
// encoding/json). A spent budget is handled: err is the
// *decodeBudgetError.
func decodeTable(data []byte, v any, strict bool, b *decodeBudget) (handled bool, err error) {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		return false, nil
	}
	c := jtCodecOf(rv.Type().Elem())
	if c.dec == jtFallback {
		return false, nil
	}
	// The budget is a copy, so that b can stay on the caller's stack; not
	// in r.own: a pointer from r into itself would move r to the heap.
	r := jtDecoder{jsonReader: jsonReader{data: data, strict: strict}}
	if b != nil {
		own := *b
		r.budget = &own
	}
	err = jtDecode(&r, rv.UnsafePointer(), c)
	if err == nil {
		err = r.end()
	}
	if b != nil {
		b.left = r.budget.left
		if err == nil && b.left < 0 { // a string past the budget, the last allocation
			err = &decodeBudgetError{total: b.total, option: b.option}
		}
	}
	if err == nil {
		return true, nil
	}
	var spent *decodeBudgetError
	if errors.As(err, &spent) {
		return true, err
	}
	return false, nil
}

// The decoder works on the addresses of values, p always pointing to a
// value of c.typ: the caller's, a struct field at the offset reflect
// reports, a slice element, or memory reflect allocated for that type.
// Scalars are stored through pointers of their own kind (a named string
// has string's layout), pointers as unsafe.Pointer (the compiler adds
// the write barrier), everything else through reflect.NewAt.

// jtDecoder is a jsonReader with the table decoder's allocators: the
// strings of a document are cut from shared chunks (strings.Builder keeps
// what it wrote unchanged), the targets of pointers to small values from
// arrays of jtSlab of them, so that a document of many short optional
// members costs a few allocations rather than two per member. What a
// kept string or pointer holds on to is bounded: one chunk (jtChunk
// bytes), one array.
type jtDecoder struct {
	jsonReader
	doc   string // a copy of a short document, which strings are cut from
	chunk strings.Builder
	slabs [4]struct {
		kind jtSlabKind
		size uintptr // of an element
		arr  unsafe.Pointer
		next int // the first free slot
		n    int // slots
	}
}

const (
	jtChunk = 4096 // bytes of strings per chunk, at most
	jtSlab  = 8    // pointer targets per array
)

// jtSlabKind is the array the targets of a pointer type come from: one
// of strings (a named string type has string's layout), of time.Time, or
// of words for a value without pointers (integers, floats, UUID).
type jtSlabKind uint8

const (
	jtNoSlab jtSlabKind = iota
	jtSlabStrings
	jtSlabTimes
	jtSlabWords
)

// jtSlabOf is the slab kind of the targets of pointers to t.
func jtSlabOf(t reflect.Type) jtSlabKind {
	switch {
	case t.Kind() == reflect.String:
		return jtSlabStrings
	case t == jtTimeType:
		return jtSlabTimes
	case t.Size() == 0 || t.Size() > 32:
		return jtNoSlab
	}
	switch t.Kind() {
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64:
		return jtSlabWords
	case reflect.Array:
		if k := t.Elem().Kind(); k == reflect.Uint8 {
			return jtSlabWords // UUID
		}
	}
	return jtNoSlab
}

// spend charges n bytes to the budget; a spent budget stops decoding at
// the next allocation of a value (strings cannot fail).
func (r *jtDecoder) spend(n int64) {
	if r.budget != nil {
		r.budget.left -= n
	}
}

// str returns b as a string. In a document of at most jtChunk bytes, a
// string read as it stands in the input is cut from one copy of the whole
// document, made at the first string: one allocation and one copy rather
// than one per string. Otherwise it is cut from the current chunk when it
// fits; a new chunk is no larger than what is left of the document (the
// strings still to come are shorter) and jtChunk. Either way a string
// keeps at most jtChunk bytes alive.
func (r *jtDecoder) str(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	if len(r.data) <= jtChunk && len(b) <= len(r.data) {
		// b is in r.data when read as it stands (plainString); an
		// unescaped string is in r.buf instead.
		if off := uintptr(unsafe.Pointer(unsafe.SliceData(b))) - uintptr(unsafe.Pointer(unsafe.SliceData(r.data))); off <= uintptr(len(r.data)-len(b)) {
			if r.doc == "" {
				r.spend(int64(len(r.data)))
				r.doc = string(r.data)
			}
			return r.doc[off : off+uintptr(len(b))]
		}
	}
	if r.chunk.Cap()-r.chunk.Len() < len(b) {
		if len(b) > jtChunk/4 {
			r.spend(int64(len(b)))
			return string(b)
		}
		n := min(jtChunk, len(b)+len(r.data)-r.pos)
		r.spend(int64(n))
		r.chunk = strings.Builder{}
		r.chunk.Grow(n)
	}
	n := r.chunk.Len()
	r.chunk.Write(b)
	return r.chunk.String()[n:]
}

// alloc returns a new zero target for pointer type c: a slot of an array
// for a small value (c.slab), else its own allocation. An array has room
// for at most one target per 16 bytes of the document still to read.
func (r *jtDecoder) alloc(c *jtCodec) (unsafe.Pointer, error) {
	size := c.elem.typ.Size()
	if c.slab == jtNoSlab {
		return reflect.New(c.elem.typ).UnsafePointer(), r.budget.charge(int64(size))
	}
	for i := range r.slabs {
		s := &r.slabs[i]
		if s.kind != jtNoSlab && (s.kind != c.slab || s.size != size) {
			continue
		}
		if s.kind == jtNoSlab || s.next == s.n {
			s.kind, s.size, s.next, s.n = c.slab, size, 0, min(jtSlab, 1+(len(r.data)-r.pos)/16)
			if err := r.budget.charge(int64(s.n) * int64(size)); err != nil {
				return nil, err
			}
			switch c.slab {
			case jtSlabStrings:
				s.arr = unsafe.Pointer(&make([]string, s.n)[0])
			case jtSlabTimes:
				s.arr = unsafe.Pointer(&make([]time.Time, s.n)[0])
			default:
				s.arr = unsafe.Pointer(&make([]uint64, (uintptr(s.n)*size+7)/8)[0])
			}
		}
		s.next++
		return unsafe.Add(s.arr, uintptr(s.next-1)*size), nil
	}
	return reflect.New(c.elem.typ).UnsafePointer(), r.budget.charge(int64(size))
}

// jtStop ends table decoding: the caller decodes again with encoding/json,
// which explains what is wrong.
type jtStop struct{}

func (jtStop) Error() string { return "json: table decoder stopped" }

// jtDecode reads the next value into *p.
func jtDecode(r *jtDecoder, p unsafe.Pointer, c *jtCodec) error {
	switch c.dec {
	case jtString:
		return jtDecodeString(r, p)
	case jtBool:
		return jtDecodeBool(r, p)
	case jtInt:
		return jtDecodeInt(r, p, c, false)
	case jtUint:
		return jtDecodeUint(r, p, c)
	case jtFloat:
		return jtDecodeFloat(r, p, c)
	case jtPointer:
		return jtDecodePointer(r, p, c, false)
	case jtStruct:
		return jtDecodeStruct(r, p, c)
	case jtSlice:
		return jtDecodeSlice(r, p, c)
	case jtMap:
		return jtDecodeMap(r, reflect.NewAt(c.typ, p).Elem(), c)
	case jtBytes:
		if r.ws() != '[' {
			return jrBase64(&r.jsonReader, (*[]byte)(p))
		}
		h := jtHeapReader(r)
		err := jrBytes(h, (*[]byte)(p))
		jtTakeBack(r, h)
		return err
	case jtTime:
		return jrTime(&r.jsonReader, (*time.Time)(p))
	case jtUUID:
		return jrUUID(&r.jsonReader, (*UUID)(p))
	case jtRaw:
		return jrRaw(&r.jsonReader, (*json.RawMessage)(p))
	case jtGenerated:
		h := jtHeapReader(r)
		err := reflect.NewAt(c.typ, p).Interface().(jsonDecoder).decodeJSON(h)
		jtTakeBack(r, h)
		return err
	}
	return jtDecodeFallback(r, p, c)
}

// jtHeapReader copies r's reader to the heap for a function escape
// analysis cannot follow (a generated decoder, called through an
// interface; a generic one given a function): handing it &r.jsonReader
// would move every table decode's jtDecoder to the heap, an allocation of
// ~300 bytes per document. jtTakeBack takes the position back. The copy
// has its own budget: a pointer to r's would move r to the heap too.
func jtHeapReader(r *jtDecoder) *jsonReader {
	h := &jsonReader{data: r.data, pos: r.pos, depth: r.depth, strict: r.strict, buf: r.buf}
	if r.budget != nil {
		h.own = *r.budget
		h.budget = &h.own
	}
	return h
}

func jtTakeBack(r *jtDecoder, h *jsonReader) {
	r.pos, r.depth, r.buf = h.pos, h.depth, h.buf
	if r.budget != nil {
		*r.budget = h.own
	}
}

// jtDecodeFallback hands one value to encoding/json.
func jtDecodeFallback(r *jtDecoder, p unsafe.Pointer, c *jtCodec) error {
	raw, err := r.readRaw()
	if err != nil {
		return err
	}
	if r.strict {
		return jtStop{} // DisallowUnknownFields has no per-value form
	}
	if r.budget != nil {
		if err := estimateJSON(raw, c.typ, r.budget, true); err != nil {
			return err
		}
	}
	return json.Unmarshal(raw, reflect.NewAt(c.typ, p).Interface())
}

func jtDecodeString(r *jtDecoder, p unsafe.Pointer) error {
	switch r.ws() {
	case '"':
		s, err := r.readString()
		if err != nil {
			return err
		}
		*(*string)(p) = r.str(s)
		return nil
	case 'n':
		return r.readNull()
	}
	return jtStop{}
}

func jtDecodeBool(r *jtDecoder, p unsafe.Pointer) error {
	if r.null() {
		return nil
	}
	b, err := r.readBool()
	if err == nil {
		*(*bool)(p) = b
	}
	return err
}

// jtDecodeInt reads an integer; quoted, one written as a string, as
// ",string" asks: its text exactly a JSON integer, without escapes.
func jtDecodeInt(r *jtDecoder, p unsafe.Pointer, c *jtCodec, quoted bool) error {
	if r.null() {
		return nil
	}
	var n int64
	if quoted {
		if r.ws() != '"' {
			return jtStop{}
		}
		s, ok := r.plainString()
		if !ok || len(s) == 0 || s[0] != '-' && (s[0] < '0' || s[0] > '9') {
			return jtStop{}
		}
		sub := jsonReader{data: s}
		v, err := sub.readInt64(64)
		if err != nil || sub.pos != len(s) {
			return jtStop{}
		}
		n = v
	} else {
		v, err := r.readInt64(64)
		if err != nil {
			return err
		}
		n = v
	}
	if c.bits < 64 && (n < -1<<(c.bits-1) || n >= 1<<(c.bits-1)) {
		return jtStop{} // encoding/json reports it and leaves the value alone
	}
	switch c.typ.Kind() {
	case reflect.Int8:
		*(*int8)(p) = int8(n)
	case reflect.Int16:
		*(*int16)(p) = int16(n)
	case reflect.Int32:
		*(*int32)(p) = int32(n)
	case reflect.Int64:
		*(*int64)(p) = n
	default:
		*(*int)(p) = int(n)
	}
	return nil
}

func jtDecodeUint(r *jtDecoder, p unsafe.Pointer, c *jtCodec) error {
	if r.null() {
		return nil
	}
	n, err := r.readUint64(64)
	if err != nil {
		return err
	}
	if c.bits < 64 && n >= 1<<c.bits {
		return jtStop{}
	}
	switch c.typ.Kind() {
	case reflect.Uint8:
		*(*uint8)(p) = uint8(n)
	case reflect.Uint16:
		*(*uint16)(p) = uint16(n)
	case reflect.Uint32:
		*(*uint32)(p) = uint32(n)
	case reflect.Uint64:
		*(*uint64)(p) = n
	case reflect.Uintptr:
		*(*uintptr)(p) = uintptr(n)
	default:
		*(*uint)(p) = uint(n)
	}
	return nil
}

func jtDecodeFloat(r *jtDecoder, p unsafe.Pointer, c *jtCodec) error {
	if r.null() {
		return nil
	}
	f, err := r.readFloat(c.bits)
	if err != nil {
		return err
	}
	if c.bits == 32 {
		*(*float32)(p) = float32(f)
	} else {
		*(*float64)(p) = f
	}
	return nil
}

// jtDecodePointer sets nil for null, else decodes into the value *p
// points to, allocating it when *p is nil.
func jtDecodePointer(r *jtDecoder, p unsafe.Pointer, c *jtCodec, quoted bool) error {
	pp := (*unsafe.Pointer)(p)
	if r.null() {
		*pp = nil
		return nil
	}
	if *pp == nil {
		q, err := r.alloc(c)
		if err != nil {
			return err
		}
		*pp = q
	}
	if quoted {
		return jtDecodeInt(r, *pp, c.elem, true)
	}
	return jtDecode(r, *pp, c.elem)
}

// jtOpen moves past the '{' or '[' (open) of an object or array: false
// with a nil error for null.
func jtOpen(r *jtDecoder, open byte) (bool, error) {
	switch r.ws() {
	case open:
		if err := r.enter(); err != nil {
			return false, err
		}
		return true, nil
	case 'n':
		return false, r.readNull()
	}
	return false, jtStop{}
}

// jtEnd moves past the close of an object or array that has no
// members, if it is next.
func jtEnd(r *jtDecoder, close byte) bool {
	if r.ws() != close {
		return false
	}
	r.pos++
	r.depth--
	return true
}

// jtMore moves past the ',' after a member or element (true), or the
// close of the object or array (false).
func jtMore(r *jtDecoder, close byte) (bool, error) {
	switch r.ws() {
	case ',':
		r.pos++
		if r.ws() == close {
			return false, jtStop{} // a trailing comma
		}
		return true, nil
	case close:
		r.pos++
		r.depth--
		return false, nil
	}
	return false, jtStop{}
}

// jtKey reads an object key and its colon.
func jtKey(r *jtDecoder) ([]byte, error) {
	if r.ws() != '"' {
		return nil, jtStop{}
	}
	key, err := r.readKey()
	if err != nil {
		return nil, err
	}
	if r.ws() != ':' {
		return nil, jtStop{}
	}
	r.pos++
	return key, nil
}

// jtDecodeStruct reads an object's members into the fields of *p.
func jtDecodeStruct(r *jtDecoder, p unsafe.Pointer, c *jtCodec) error {
	if ok, err := jtOpen(r, '{'); !ok || jtEnd(r, '}') {
		return err
	}
	next := 0 // the field after the last one set
	for more := true; more; {
		var f *jtField
		var err error
		// Members usually come in the fields' order, written as
		// encoding/json writes them: then the next field's key (`"name":`)
		// is the input's next bytes, and no string need be scanned. Any
		// text equal to it is a member of that exact name.
		if next < len(c.fields) && r.ws() == '"' {
			if k := c.fields[next].key; len(r.data)-r.pos >= len(k) && string(r.data[r.pos:r.pos+len(k)]) == k {
				f, r.pos = &c.fields[next], r.pos+len(k)
			}
		}
		if f == nil {
			key, err := jtKey(r)
			if err != nil {
				return err
			}
			if next < len(c.fields) && c.fields[next].name == string(key) {
				f = &c.fields[next]
			} else if f = c.exact[string(key)]; f == nil {
				var arr [32]byte
				f = c.fold[string(foldJSONName(arr[:0], key))]
			}
		}
		switch {
		case f == nil && r.strict:
			return jtStop{}
		case f == nil:
			err = r.skip()
		case f.quoted && f.codec.dec == jtPointer:
			next = f.pos + 1
			err = jtDecodePointer(r, unsafe.Add(p, f.offset), f.codec, true)
		case f.quoted:
			next = f.pos + 1
			err = jtDecodeInt(r, unsafe.Add(p, f.offset), f.codec, true)
		default:
			next = f.pos + 1
			err = jtDecode(r, unsafe.Add(p, f.offset), f.codec)
		}
		if err != nil {
			return err
		}
		if more, err = jtMore(r, '}'); err != nil {
			return err
		}
	}
	return nil
}

// jtDecodeSlice reads an array into the slice at p as encoding/json
// does: reusing the elements it has (and, as encoding/json's SetLen does,
// the memory between its length and capacity), an empty array making an
// empty, non-nil slice; null sets nil. Elements are addressed through the
// slice's own header; reflect only grows the array, to at least 4
// elements, then doubling (encoding/json grows by one, which the runtime
// rounds up: 1, 2, 4, …; only the capacity differs).
func jtDecodeSlice(r *jtDecoder, p unsafe.Pointer, c *jtCodec) error {
	h := (*jtSliceHeader)(p)
	ok, err := jtOpen(r, '[')
	if !ok {
		if err == nil {
			*h = jtSliceHeader{}
		}
		return err
	}
	size := c.elem.typ.Size()
	i, each := 0, 2*int64(size) // charged per element, as jrSlice does
	for more := !jtEnd(r, ']'); more; i++ {
		if err := r.budget.charge(each); err != nil {
			return err
		}
		if i >= h.cap {
			jtGrowSlice(p, c, i)
		}
		if i >= h.len {
			h.len = i + 1
		}
		if err := jtDecode(r, unsafe.Add(h.data, uintptr(i)*size), c.elem); err != nil {
			return err
		}
		if more, err = jtMore(r, ']'); err != nil {
			return err
		}
	}
	if i < h.len {
		h.len = i
	}
	if i == 0 {
		reflect.NewAt(c.typ, p).Elem().Set(reflect.MakeSlice(c.typ, 0, 0))
	}
	return nil
}

// jtSliceHeader is the layout of every slice.
type jtSliceHeader struct {
	data     unsafe.Pointer
	len, cap int
}

// jtGrowSlice gives the full slice at p (of type c.typ, n elements) room
// for at least max(4, 2n), in place: one allocation, the new array.
func jtGrowSlice(p unsafe.Pointer, c *jtCodec, n int) {
	reflect.NewAt(c.typ, p).Elem().Grow(max(4-n, n))
}

// jtDecodeMap reads an object into map v, adding to the map v holds;
// each value is decoded into a zero value first, as encoding/json does;
// null sets nil.
func jtDecodeMap(r *jtDecoder, v reflect.Value, c *jtCodec) error {
	ok, err := jtOpen(r, '{')
	if !ok {
		if err == nil {
			v.SetZero()
		}
		return err
	}
	size := int64(c.elem.typ.Size())
	if v.IsNil() { // charged as jrMap does
		if err := r.budget.charge(jsonMapHeader + jsonMapGroup(16, uintptr(size))); err != nil {
			return err
		}
		v.Set(reflect.MakeMap(v.Type()))
	}
	elem := reflect.New(c.elem.typ)
	kv := reflect.New(jtStringType).Elem()
	for more := !jtEnd(r, '}'); more; {
		key, err := jtKey(r)
		if err != nil {
			return err
		}
		if err := r.budget.charge(2*(16+size+jsonEntryCost) + int64(len(key))); err != nil {
			return err
		}
		kv.SetString(r.str(key))
		elem.Elem().SetZero()
		if err := jtDecode(r, elem.UnsafePointer(), c.elem); err != nil {
			return err
		}
		v.SetMapIndex(kv, elem.Elem())
		if more, err = jtMore(r, '}'); err != nil {
			return err
		}
	}
	return nil
}

// EncodeJSON encodes v as json.Marshal does (the same bytes, the same
// errors), several times faster for the types of this package, with the
// table codec the client and server use.
func EncodeJSON(v any) ([]byte, error) {
	if b, err, ok := encodeTable(v); ok {
		return b, err
	}
	return json.Marshal(v)
}

// jtBufs are the table encoder's buffers: the result is a copy of the
// size it needs, as with encoding/json, so that a large value is not
// written through a chain of ever larger buffers.
var jtBufs = sync.Pool{New: func() any { return new([]byte) }}

// jtWrite encodes v with c into a buffer of the pool and returns a copy.
func jtWrite(v reflect.Value, c *jtCodec) ([]byte, error) {
	p := jtBufs.Get().(*[]byte)
	w := jsonWriter{buf: (*p)[:0]}
	jtEncode(&w, v, c)
	b, err := w.result()
	if err == nil {
		b = append([]byte(nil), b...) // rounded up to a size class, as encoding/json's: room for writeJSON's newline
	}
	if cap(w.buf) <= 1<<16 { // a rare huge value does not stay in the pool
		*p = w.buf
		jtBufs.Put(p)
	}
	return b, err
}

// jtEncode writes v (addressable).
func jtEncode(w *jsonWriter, v reflect.Value, c *jtCodec) {
	switch c.enc {
	case jtString:
		w.str(v.String())
	case jtBool:
		w.boolean(v.Bool())
	case jtInt:
		w.int(v.Int())
	case jtUint:
		w.uint(v.Uint())
	case jtFloat:
		w.float(v.Float(), c.bits)
	case jtPointer:
		if v.IsNil() {
			w.null()
		} else {
			jtEncode(w, v.Elem(), c.elem)
		}
	case jtStruct:
		jtEncodeStruct(w, v, c)
	case jtSlice:
		jtEncodeSlice(w, v, c)
	case jtMap:
		jtEncodeMap(w, v, c)
	case jtBytes:
		w.bytes(v.Bytes())
	case jtTime:
		w.time(*jtAddr(v).Interface().(*time.Time))
	case jtUUID:
		w.uuid(*jtAddr(v).Interface().(*UUID))
	case jtRaw:
		w.raw(v.Bytes())
	case jtGenerated:
		jtAddr(v).Interface().(jsonEncoder).encodeJSON(w)
	case jtIface:
		w.value(v.Interface())
	default:
		jtEncodeFallback(w, v)
	}
}

// jtAddr returns a pointer to v: its address, or a copy's for a value
// reached without a pointer (the argument of marshalJSON).
func jtAddr(v reflect.Value) reflect.Value {
	if v.CanAddr() {
		return v.Addr()
	}
	p := reflect.New(v.Type())
	p.Elem().Set(v)
	return p
}

// jtEncodeFallback writes v with encoding/json, through a pointer when v
// is addressable so that pointer methods apply as they do for
// encoding/json.
func jtEncodeFallback(w *jsonWriter, v reflect.Value) {
	if !v.CanAddr() {
		w.value(v.Interface())
		return
	}
	w.value(v.Addr().Interface())
}

// encodeTable encodes v with the table codec; false when its type is
// left to encoding/json.
func encodeTable(v any) ([]byte, error, bool) {
	rv := reflect.ValueOf(v)
	if !rv.IsValid() {
		return nil, nil, false
	}
	c := jtCodecOf(rv.Type())
	if c.enc == jtFallback || c.enc == jtIface {
		return nil, nil, false
	}
	b, err := jtWrite(rv, c)
	return b, err, true
}

func jtEncodeStruct(w *jsonWriter, v reflect.Value, c *jtCodec) {
	o := w.object()
	for i := range c.fields {
		f := &c.fields[i]
		fv := v.Field(f.index)
		if f.omit && jtEmpty(fv) {
			continue
		}
		w.field(o, f.key)
		switch {
		case !f.quoted:
			jtEncode(w, fv, f.codec)
		case fv.Kind() == reflect.Pointer && fv.IsNil():
			w.null()
		case fv.Kind() == reflect.Pointer:
			w.quotedInt(fv.Elem().Int())
		default:
			w.quotedInt(fv.Int())
		}
	}
	w.char('}')
}

func jtEncodeSlice(w *jsonWriter, v reflect.Value, c *jtCodec) {
	if v.IsNil() {
		w.null()
		return
	}
	w.char('[')
	for i := range v.Len() {
		if i > 0 {
			w.char(',')
		}
		jtEncode(w, v.Index(i), c.elem)
	}
	w.char(']')
}

// jtEncodeMap writes a map[string]T with its keys sorted, as
// encoding/json does.
func jtEncodeMap(w *jsonWriter, v reflect.Value, c *jtCodec) {
	if v.IsNil() {
		w.null()
		return
	}
	keys := make([]string, 0, v.Len())
	for it := v.MapRange(); it.Next(); {
		keys = append(keys, it.Key().String())
	}
	sort.Strings(keys)
	elem := reflect.New(c.elem.typ).Elem()
	w.char('{')
	for i, k := range keys {
		if i > 0 {
			w.char(',')
		}
		w.str(k)
		w.char(':')
		elem.Set(v.MapIndex(reflect.ValueOf(k)))
		jtEncode(w, elem, c.elem)
	}
	w.char('}')
}

// jtEmpty is encoding/json's isEmptyValue, omitempty's test.
func jtEmpty(v reflect.Value) bool {
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
