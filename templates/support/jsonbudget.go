package support

import (
	"encoding"
	"encoding/json"
	"errors"
	"reflect"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
	"unicode"
	"unicode/utf8"
)

// The memory a JSON body may take to decode. The Go values a body decodes
// into can be far larger than its text: `{}` is two bytes, the struct it
// fills in a slice may be hundreds, so 63 MB of {"value":[{},{},…]} once
// made 22 million structs and 11 GB. A body is decoded only while what it
// allocates stays within a budget of decodeRatio bytes per byte of the
// body plus the body's limit (WithMaxResponseBytes, WithMaxBodyBytes):
// past it, decoding stops with a *decodeBudgetError.
//
// What counts is an estimate of the memory the decoded values hold: a
// slice element twice (a growing slice holds its old array and the new
// one), every pointer's target, map entries twice, strings, and the maps,
// slices and boxes a value of type any becomes. Garbage is not counted,
// nor is the destination value itself.
//
// Types encoding/json decodes are estimated before decoding, by walking
// the body alongside the Go type (estimateJSON); the walk is skipped when
// the type's worst case for a body of that size fits the budget, so an
// ordinary body costs a cached look-up. Types with generated codecs are
// charged as they decode (jsonReader.budget, jrSlice and the others).
const decodeRatio = 8

// decodeBudget is what decoding one body may still allocate; nil is no
// bound.
type decodeBudget struct {
	left, total int64
	option      string // the option that sets the limit, for the error
}

// newDecodeBudget is the budget of a body of n bytes whose limit is limit.
// It is a value, and the decoders copy it rather than keep a pointer to
// it, so that an ordinary call allocates nothing for it.
func newDecodeBudget(n int, limit int64, option string) decodeBudget {
	t := decodeRatio*int64(n) + limit
	return decodeBudget{left: t, total: t, option: option}
}

// charge takes n bytes from b, failing once b is spent.
func (b *decodeBudget) charge(n int64) error {
	if b == nil {
		return nil
	}
	b.left -= n
	if b.left < 0 {
		return &decodeBudgetError{total: b.total, option: b.option}
	}
	return nil
}

// decodeBudgetError is a body that would take more memory to decode than
// its budget.
type decodeBudgetError struct {
	total  int64
	option string
}

func (e *decodeBudgetError) Error() string {
	return "decoding would allocate more than " + strconv.FormatInt(e.total, 10) + " bytes (" +
		strconv.Itoa(decodeRatio) + " per byte of the body plus the body limit; see " + e.option + ")"
}

// What maps and the values of type any cost beyond their own size.
const (
	jsonMapHeader = 48                                                      // an empty map
	jsonEntryCost = 8                                                       // a map entry's share of control bytes and free slots
	jsonAnyCost   = 2*(16+16+jsonEntryCost) + jsonMapHeader + 8*(16+16) + 8 // a member of a map[string]any that is itself a map, with a member
)

// jsonMapGroup is what a map with keys of size k and values of size v
// takes on top of its header once it holds a first entry: a group of
// eight slots.
func jsonMapGroup(k, v uintptr) int64 { return 8*int64(k+v) + 8 }

// jsonKind sorts the types encoding/json hands to an unmarshaler.
type jsonKind int

const (
	jsonPlain   jsonKind = iota // decoded by kind
	jsonNoAlloc                 // time.Time, UUID: parse in place
	jsonCopy                    // json.RawMessage: a copy of the text
	jsonCustom                  // any other unmarshaler: assumed to allocate twice its text
)

var (
	jsonUnmarshalerType = reflect.TypeFor[json.Unmarshaler]()
	textUnmarshalerType = reflect.TypeFor[encoding.TextUnmarshaler]()
	anyType             = reflect.TypeFor[any]()
)

func jsonKindOf(t reflect.Type) jsonKind {
	switch t {
	case reflect.TypeFor[time.Time](), reflect.TypeFor[UUID]():
		return jsonNoAlloc
	case reflect.TypeFor[json.RawMessage]():
		return jsonCopy
	}
	if p := reflect.PointerTo(t); p.Implements(jsonUnmarshalerType) || p.Implements(textUnmarshalerType) {
		return jsonCustom
	}
	return jsonPlain
}

// jsonTypeInfo is what the budget knows of a Go type, worked out once.
type jsonTypeInfo struct {
	kind jsonKind
	// fields are a struct's members, as encoding/json matches them.
	fields *jsonFields
	// ptrs are the index paths of the pointer fields a value holds in
	// itself (through nested structs), for measure.
	ptrs [][]int

	// charge is the most any one JSON value anywhere in the type makes
	// encoding/json allocate (text aside): with at least two bytes per
	// value, a body of n bytes costs at most (n/2+1)·charge + 2n. It is
	// worked out when first needed.
	charge     int64
	chargeOnce sync.Once
}

// jsonTypeInfos caches jsonTypeInfo by reflect.Type, as encoding/json
// caches its field lists.
var jsonTypeInfos typeCache

func jsonInfo(t reflect.Type) *jsonTypeInfo {
	if v, ok := jsonTypeInfos.load(t); ok {
		return v.(*jsonTypeInfo)
	}
	info := &jsonTypeInfo{kind: jsonKindOf(t)}
	if t.Kind() == reflect.Struct {
		info.fields = newJSONFields(t)
		info.ptrs = pointerPaths(t, nil, nil)
	}
	return jsonTypeInfos.loadOrStore(t, info).(*jsonTypeInfo)
}

// typeCache maps a reflect.Type to a value worked out once, for lookups
// from any goroutine without a lock: readers load a map that is never
// modified once published; a writer (once per type) publishes a copy.
// Not sync.Map: its generic internals are compiled into every package
// that uses it, and this file is copied into every generated package
// (about 10 MiB of the compiler's peak memory on Batch).
type typeCache struct {
	m  atomic.Value // map[reflect.Type]any
	mu sync.Mutex
}

func (c *typeCache) load(t reflect.Type) (any, bool) {
	m, _ := c.m.Load().(map[reflect.Type]any)
	v, ok := m[t]
	return v, ok
}

// loadOrStore returns the value cached for t, storing v first when there
// is none.
func (c *typeCache) loadOrStore(t reflect.Type, v any) any {
	c.mu.Lock()
	defer c.mu.Unlock()
	old, _ := c.m.Load().(map[reflect.Type]any)
	if w, ok := old[t]; ok {
		return w
	}
	m := make(map[reflect.Type]any, len(old)+1)
	for k, w := range old {
		m[k] = w
	}
	m[t] = v
	c.m.Store(m)
	return v
}

// worst is the most encoding/json may allocate decoding n bytes into t.
func (info *jsonTypeInfo) worst(t reflect.Type, n int64) int64 {
	info.chargeOnce.Do(func() { info.charge = jsonCharge(t) })
	return (n/2+1)*info.charge + 2*n
}

// jsonCharge is jsonTypeInfo.charge: the largest single charge over every
// type reachable from t.
func jsonCharge(t reflect.Type) int64 {
	var most int64
	seen := map[reflect.Type]bool{}
	var visit func(t reflect.Type)
	visit = func(t reflect.Type) {
		if seen[t] {
			return
		}
		seen[t] = true
		if jsonInfo(t).kind != jsonPlain {
			most = max(most, int64(t.Size())) // and its text, twice: the 2n
			return
		}
		switch t.Kind() {
		case reflect.Pointer:
			most = max(most, int64(t.Elem().Size()))
			visit(t.Elem())
		case reflect.Slice:
			most = max(most, 2*int64(t.Elem().Size()))
			visit(t.Elem())
		case reflect.Array:
			visit(t.Elem())
		case reflect.Map:
			most = max(most, jsonMapHeader+jsonMapGroup(t.Key().Size(), t.Elem().Size())+2*(int64(t.Key().Size()+t.Elem().Size())+jsonEntryCost)+int64(t.Key().Size()))
			visit(t.Elem())
		case reflect.Interface:
			if t.NumMethod() == 0 {
				most = max(most, jsonAnyCost)
			}
		case reflect.Struct:
			for _, f := range jsonInfo(t).fields.list {
				most = max(most, f.ptrs)
				visit(f.typ)
			}
		}
	}
	visit(t)
	return most
}

// jsonField is a struct member as encoding/json sees it.
type jsonField struct {
	name string
	typ  reflect.Type
	ptrs int64 // the embedded structs behind pointers on the way, allocated when the member is set
}

// jsonFields are a struct's members: exact names first, then names equal
// under encoding/json's case folding.
type jsonFields struct {
	list        []*jsonField
	exact, fold map[string]*jsonField
}

// newJSONFields lists t's members as encoding/json does: tags name them,
// "-" drops them, unexported fields are left out, and untagged embedded
// structs lend their members (the shallowest of a name wins).
func newJSONFields(t reflect.Type) *jsonFields {
	fs := &jsonFields{exact: map[string]*jsonField{}, fold: map[string]*jsonField{}}
	type level struct {
		t    reflect.Type
		ptrs int64
	}
	seen := map[reflect.Type]bool{}
	for next := []level{{t, 0}}; len(next) > 0; {
		cur := next
		next = nil
		names := map[string]bool{} // this depth's names, which hide deeper ones
		for _, l := range cur {
			if seen[l.t] {
				continue
			}
			seen[l.t] = true
			for i := range l.t.NumField() {
				sf := l.t.Field(i)
				tag := sf.Tag.Get("json")
				if tag == "-" {
					continue
				}
				name, _, _ := cutComma(tag)
				ft := sf.Type
				if sf.Anonymous && name == "" {
					et := ft
					if et.Kind() == reflect.Pointer {
						et = et.Elem()
					}
					if et.Kind() == reflect.Struct {
						ptrs := l.ptrs
						if ft.Kind() == reflect.Pointer {
							ptrs += int64(et.Size())
						}
						next = append(next, level{et, ptrs})
						continue
					}
				}
				if !sf.IsExported() {
					continue
				}
				if name == "" {
					name = sf.Name
				}
				if _, dup := fs.exact[name]; dup {
					continue
				}
				names[name] = true
				f := &jsonField{name: name, typ: ft, ptrs: l.ptrs}
				fs.list = append(fs.list, f)
				fs.exact[name] = f
				if k := string(foldJSONName(nil, []byte(name))); fs.fold[k] == nil {
					fs.fold[k] = f
				}
			}
		}
	}
	return fs
}

func cutComma(s string) (before, after string, found bool) {
	for i := 0; i < len(s); i++ {
		if s[i] == ',' {
			return s[:i], s[i+1:], true
		}
	}
	return s, "", false
}

// lookup finds the member key names, as encoding/json does.
func (fs *jsonFields) lookup(key []byte) *jsonField {
	if f := fs.exact[string(key)]; f != nil {
		return f
	}
	var arr [32]byte
	return fs.fold[string(foldJSONName(arr[:0], key))]
}

// foldJSONName is encoding/json's foldName: ASCII letters upper-cased,
// other runes replaced by the smallest rune of their folding orbit.
func foldJSONName(out, in []byte) []byte {
	for i := 0; i < len(in); {
		if c := in[i]; c < utf8.RuneSelf {
			if 'a' <= c && c <= 'z' {
				c -= 'a' - 'A'
			}
			out = append(out, c)
			i++
			continue
		}
		r, n := utf8.DecodeRune(in[i:])
		for {
			r2 := unicode.SimpleFold(r)
			if r2 <= r {
				r = r2
				break
			}
			r = r2
		}
		out = utf8.AppendRune(out, r)
		i += n
	}
	return out
}

// pointerPaths lists the index paths of the pointer fields of struct t,
// looking into its struct (and array-free) fields.
func pointerPaths(t reflect.Type, prefix []int, out [][]int) [][]int {
	for i := range t.NumField() {
		f := t.Field(i)
		path := append(append([]int(nil), prefix...), i)
		switch f.Type.Kind() {
		case reflect.Pointer:
			out = append(out, path)
		case reflect.Struct:
			out = pointerPaths(f.Type, path, out)
		}
	}
	return out
}

// measure is what v holds behind its pointers, not counting slices, maps
// and interfaces (their decoding charged them already).
func measure(v reflect.Value) int64 {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return 0
		}
		return int64(v.Type().Elem().Size()) + measure(v.Elem())
	case reflect.Struct:
		var n int64
		for _, p := range jsonInfo(v.Type()).ptrs {
			n += measure(v.FieldByIndex(p))
		}
		return n
	}
	return 0
}

// estimateJSON charges b with what encoding/json would allocate decoding
// data into a value of type t: the worst case when that is small (tight:
// at most decodeRatio per byte plus 4 KiB; else anything within what b
// has left), or else the walk's estimate. A body the walk cannot read
// (not JSON, or nested past encoding/json's limit) is not charged:
// encoding/json refuses it before decoding anything.
func estimateJSON(data []byte, t reflect.Type, b *decodeBudget, tight bool) error {
	if b == nil {
		return nil
	}
	n := int64(len(data))
	worst := jsonInfo(t).worst(t, n)
	if worst <= b.left && (!tight || worst <= decodeRatio*n+4096) {
		return b.charge(worst)
	}
	w := jsonWalk{data: data, own: *b}
	w.b = &w.own
	err := w.value(t)
	b.left = w.own.left
	if err != nil && err != errJSONWalk {
		return err
	}
	return nil
}

// errJSONWalk stops a walk over text that is not JSON: the decoder will
// say what is wrong with it.
var errJSONWalk = errors.New("not JSON")

// jsonWalk reads JSON alongside a Go type, charging its budget with what
// encoding/json would allocate. It is lenient: it may read text that is
// not JSON, never refuse JSON that encoding/json reads.
type jsonWalk struct {
	data  []byte
	pos   int
	depth int
	b     *decodeBudget // nil: no bound; else &own
	own   decodeBudget
}

func (w *jsonWalk) ws() byte {
	for ; w.pos < len(w.data); w.pos++ {
		switch c := w.data[w.pos]; c {
		case ' ', '\t', '\n', '\r':
		default:
			return c
		}
	}
	return 0
}

// value walks one value decoded into t (nil: skipped).
func (w *jsonWalk) value(t reflect.Type) error {
	c := w.ws()
	if c == 'n' {
		return w.literal("null") // null allocates nothing
	}
	for t != nil && t.Kind() == reflect.Pointer { // encoding/json allocates the target
		if err := w.b.charge(int64(t.Elem().Size())); err != nil {
			return err
		}
		t = t.Elem()
	}
	if t != nil && t.Kind() == reflect.Interface && t.NumMethod() == 0 {
		t = anyType // a named empty interface is filled as any is
	}
	if t != nil && t != anyType {
		if k := jsonInfo(t).kind; k != jsonPlain {
			start := w.pos
			if err := w.value(nil); err != nil {
				return err
			}
			switch k {
			case jsonCopy:
				return w.b.charge(int64(w.pos - start))
			case jsonCustom:
				return w.b.charge(int64(t.Size()) + 2*int64(w.pos-start))
			}
			return nil
		}
	}
	switch c {
	case '{':
		return w.object(t)
	case '[':
		return w.array(t)
	case '"':
		start := w.pos
		if err := w.str(); err != nil {
			return err
		}
		switch {
		case t == anyType:
			return w.b.charge(16 + int64(w.pos-start))
		case t != nil && (t.Kind() == reflect.String || t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Uint8):
			return w.b.charge(int64(w.pos - start))
		}
		return nil
	case 't':
		return w.literal("true")
	case 'f':
		return w.literal("false")
	}
	start := w.pos
	for w.pos < len(w.data) && (w.data[w.pos] >= '0' && w.data[w.pos] <= '9' || w.data[w.pos] == '-' || w.data[w.pos] == '+' || w.data[w.pos] == '.' || w.data[w.pos]|0x20 == 'e') {
		w.pos++
	}
	if w.pos == start {
		return errJSONWalk
	}
	if t == anyType {
		return w.b.charge(8) // a boxed float64
	}
	return nil
}

func (w *jsonWalk) literal(word string) error {
	if len(w.data)-w.pos < len(word) || string(w.data[w.pos:w.pos+len(word)]) != word {
		return errJSONWalk
	}
	w.pos += len(word)
	return nil
}

// str moves past a string, escapes included.
func (w *jsonWalk) str() error {
	for i := w.pos + 1; i < len(w.data); i++ {
		switch w.data[i] {
		case '\\':
			i++
		case '"':
			w.pos = i + 1
			return nil
		}
	}
	return errJSONWalk
}

// key reads an object key as encoding/json unquotes it.
func (w *jsonWalk) key() ([]byte, error) {
	start := w.pos
	if err := w.str(); err != nil {
		return nil, err
	}
	raw := w.data[start+1 : w.pos-1]
	for _, c := range raw {
		if c == '\\' || c >= utf8.RuneSelf {
			var s string
			if json.Unmarshal(w.data[start:w.pos], &s) != nil {
				return nil, errJSONWalk
			}
			return []byte(s), nil
		}
	}
	return raw, nil
}

func (w *jsonWalk) enter() error {
	w.depth++
	w.pos++
	if w.depth > jsonWalkMaxDepth {
		return errJSONWalk
	}
	return nil
}

// jsonWalkMaxDepth is encoding/json's nesting limit.
const jsonWalkMaxDepth = 10000

// object walks an object decoded into t: a struct, a map, any, or
// nothing.
func (w *jsonWalk) object(t reflect.Type) error {
	var member func(key []byte) error
	switch {
	case t == nil:
		member = func([]byte) error { return w.value(nil) }
	case t == anyType:
		if err := w.b.charge(jsonMapHeader); err != nil {
			return err
		}
		group := jsonMapGroup(16, 16)
		member = func(key []byte) error {
			cost := 2*(16+16+jsonEntryCost) + int64(len(key)) + group
			group = 0
			if err := w.b.charge(cost); err != nil {
				return err
			}
			return w.value(anyType)
		}
	case t.Kind() == reflect.Struct:
		fs := jsonInfo(t).fields
		member = func(key []byte) error {
			f := fs.lookup(key)
			if f == nil {
				return w.value(nil)
			}
			if err := w.b.charge(f.ptrs); err != nil {
				return err
			}
			return w.value(f.typ)
		}
	case t.Kind() == reflect.Map:
		kt, vt := t.Key(), t.Elem()
		if err := w.b.charge(jsonMapHeader); err != nil {
			return err
		}
		entry, group := 2*(int64(kt.Size()+vt.Size())+jsonEntryCost), jsonMapGroup(kt.Size(), vt.Size())
		member = func(key []byte) error {
			cost := entry + int64(kt.Size()) + group
			group = 0
			if kt.Kind() == reflect.String {
				cost += int64(len(key))
			}
			if err := w.b.charge(cost); err != nil {
				return err
			}
			return w.value(vt)
		}
	default: // a type encoding/json cannot fill from an object: skipped
		member = func([]byte) error { return w.value(nil) }
	}
	return w.members(member)
}

// members walks the object at w.pos, calling member for each member with
// its unquoted key and w.pos at its value; member must walk the value.
func (w *jsonWalk) members(member func(key []byte) error) error {
	if w.ws() != '{' {
		return errJSONWalk
	}
	if err := w.enter(); err != nil {
		return err
	}
	if w.ws() == '}' {
		w.pos++
		w.depth--
		return nil
	}
	for {
		if w.ws() != '"' {
			return errJSONWalk
		}
		key, err := w.key()
		if err != nil {
			return err
		}
		if w.ws() != ':' {
			return errJSONWalk
		}
		w.pos++
		if err := member(key); err != nil {
			return err
		}
		switch w.ws() {
		case ',':
			w.pos++
		case '}':
			w.pos++
			w.depth--
			return nil
		default:
			return errJSONWalk
		}
	}
}

// array walks an array decoded into t: a slice, an array, any, or
// nothing.
func (w *jsonWalk) array(t reflect.Type) error {
	elem := func(int) (reflect.Type, int64) { return nil, 0 }
	switch {
	case t == nil:
	case t == anyType: // a []any, boxed
		if err := w.b.charge(24); err != nil {
			return err
		}
		elem = func(int) (reflect.Type, int64) { return anyType, 2 * 16 }
	case t.Kind() == reflect.Slice:
		et, cost := t.Elem(), 2*int64(t.Elem().Size())
		elem = func(int) (reflect.Type, int64) { return et, cost }
	case t.Kind() == reflect.Array:
		et, n := t.Elem(), t.Len()
		elem = func(i int) (reflect.Type, int64) {
			if i < n {
				return et, 0
			}
			return nil, 0
		}
	}
	return w.elements(func(i int) error {
		et, cost := elem(i)
		if err := w.b.charge(cost); err != nil {
			return err
		}
		return w.value(et)
	})
}

// elements walks the array at w.pos, calling elem for each element with
// w.pos at it; elem must walk the element.
func (w *jsonWalk) elements(elem func(i int) error) error {
	if w.ws() != '[' {
		return errJSONWalk
	}
	if err := w.enter(); err != nil {
		return err
	}
	if w.ws() == ']' {
		w.pos++
		w.depth--
		return nil
	}
	for i := 0; ; i++ {
		if err := elem(i); err != nil {
			return err
		}
		switch w.ws() {
		case ',':
			w.pos++
		case ']':
			w.pos++
			w.depth--
			return nil
		default:
			return errJSONWalk
		}
	}
}
