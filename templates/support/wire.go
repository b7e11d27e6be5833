package support

import (
	"encoding"
	"errors"
	"net/textproto"
	"reflect"
	"strconv"
	"sync"
	"time"
)

// An operation's plain parameters and response headers as data: the
// generator writes one opWire table per operation (in GROUP_ops.go) that
// names the Options fields sent as single query or header values and the
// response struct's header fields, with the kind of each value. The
// client sends and reads them, and the server reads and writes them, by
// walking the table, so that a package holds rows of data rather than a
// call per parameter in every client method and handler. Parameters with
// checks, lists, objects and styles stay calls of their own.

// wireField is a parameter or response header: of an opWire table, or of
// an exampleOp.
type wireField struct {
	wire   string // its name on the wire
	field  string // its Go field; "" for a positional parameter
	kind   wireKind
	list   bool   // an array of kind, comma-joined
	path   bool   // a path parameter
	header bool   // an Options field sent as a header rather than in the query
	def    string // an Options field's default as text; "" when none (hasDef)
	hasDef bool
}

// wireKind is how a value is written as text, and read: the format and
// parse functions (format.go) of its type.
type wireKind uint8

const (
	wString    wireKind = iota // a string type: as it is
	wInt                       // formatInt, parseInt32 or parseInt64
	wFloat                     // formatFloat, parseFloat32 or parseFloat64
	wBool                      // formatBool, parseBool
	wUUID                      // formatUUID, ParseUUID
	wRFC1123                   // formatRFC1123, parseRFC1123
	wDateTime                  // formatDateTime, parseDateTime
	wMarshaler                 // formatText, parseText
)

// opWire is the table of one operation. The generator writes it from the
// model that also gives the Options and response structs, so every field
// it names is there, a pointer to a type its kind fits; that is checked
// once, on first use, and a table that does not fit fails the call with
// an error (never a panic).
type opWire struct {
	name    string      // the operation, for errors
	opts    []wireField // Options fields
	headers []wireField // response header fields
	// For the client: the request (newRequest), then exchange's success
	// statuses (none: any 2xx) and whether a 204 answer's body is left
	// unread.
	method     string
	idempotent bool        // the request may be retried
	requestID  string      // the header of a caller-chosen request id; "" when none
	consts     []wireConst // constant query parameters (api-version)
	statuses   []int
	skip204    bool

	optOnce, headerOnce sync.Once
	optErr, headerErr   error
	optIdx, headerIdx   []int
	codeIdx, unparsed   int             // StatusCode and UnparsedHeaders of the response struct; -1: none
	optKeys             []string        // the canonical keys of header options
	defs                []reflect.Value // parsed defaults; invalid when none
}

// wireConst is a constant query parameter: its name and value.
type wireConst struct{ wire, value string }

// wireTableError: a table does not fit its structs (a bug in the
// generator).
type wireTableError struct{ op, field string }

func (e *wireTableError) Error() string {
	return "oasgen table of " + e.op + " does not fit the field " + strconv.Quote(e.field)
}

// optFields is the Options struct opts (a non-nil pointer) as the table
// reads it.
func (w *opWire) optFields(opts any) (reflect.Value, error) {
	w.optOnce.Do(func() { w.optErr = w.resolveOpts(reflect.TypeOf(opts)) })
	v := reflect.ValueOf(opts)
	if w.optErr != nil || v.Kind() != reflect.Pointer || v.IsNil() {
		return reflect.Value{}, w.tableErr(w.optErr, "Options")
	}
	return v.Elem(), nil
}

// headerFields is the response struct resp (a non-nil pointer) as the
// table fills it.
func (w *opWire) headerFields(resp any) (reflect.Value, error) {
	w.headerOnce.Do(func() { w.headerErr = w.resolveHeaders(reflect.TypeOf(resp)) })
	v := reflect.ValueOf(resp)
	if w.headerErr != nil || v.Kind() != reflect.Pointer || v.IsNil() {
		return reflect.Value{}, w.tableErr(w.headerErr, "response")
	}
	return v.Elem(), nil
}

func (w *opWire) tableErr(err error, what string) error {
	if err != nil {
		return err
	}
	return &wireTableError{w.name, what}
}

func (w *opWire) resolveOpts(t reflect.Type) error {
	w.optIdx = make([]int, len(w.opts))
	w.optKeys = make([]string, len(w.opts))
	w.defs = make([]reflect.Value, len(w.opts))
	for i, f := range w.opts {
		idx, ok := wirePtrField(t, f)
		if !ok {
			return &wireTableError{w.name, f.field}
		}
		w.optIdx[i] = idx
		if f.header {
			w.optKeys[i] = textproto.CanonicalMIMEHeaderKey(f.wire)
		}
		if f.hasDef {
			d, err := wireNew(f.def, f.kind, t.Elem().Field(idx).Type)
			if err != nil {
				return &wireTableError{w.name, f.field}
			}
			w.defs[i] = d.Elem()
		}
	}
	return nil
}

func (w *opWire) resolveHeaders(t reflect.Type) error {
	w.codeIdx, w.unparsed = -1, -1
	if len(w.statuses) > 1 {
		sf, ok := wireStructField(t, "StatusCode")
		if !ok || sf.Type.Kind() != reflect.Int {
			return &wireTableError{w.name, "StatusCode"}
		}
		w.codeIdx = sf.Index[0]
	}
	if len(w.headers) > 0 {
		sf, ok := wireStructField(t, "UnparsedHeaders")
		if !ok || sf.Type != reflect.TypeFor[[]*HeaderError]() {
			return &wireTableError{w.name, "UnparsedHeaders"}
		}
		w.unparsed = sf.Index[0]
	}
	w.headerIdx = make([]int, len(w.headers))
	for i, h := range w.headers {
		idx, ok := wirePtrField(t, h)
		if !ok {
			return &wireTableError{w.name, h.field}
		}
		w.headerIdx[i] = idx
	}
	return nil
}

// wirePtrField is the index of f's field in the struct *t when a table
// can carry it: a pointer to one value of f's kind (no list, no
// TextMarshaler, which the tables leave to calls).
func wirePtrField(t reflect.Type, f wireField) (int, bool) {
	sf, ok := wireStructField(t, f.field)
	if !ok || f.list || f.kind == wMarshaler || sf.Type.Kind() != reflect.Pointer || !wireFits(sf.Type.Elem(), f.kind, true) {
		return 0, false
	}
	return sf.Index[0], true
}

// wireNew is a new pointer of type ptr to s as read by the parse
// function of kind.
func wireNew(s string, kind wireKind, ptr reflect.Type) (reflect.Value, error) {
	p := reflect.New(ptr.Elem())
	return p, wireParseErr(s, kind, p.Elem())
}

// wirePtrText is the text of the value *p (p a non-nil pointer field).
func wirePtrText(p reflect.Value, kind wireKind) string {
	switch kind {
	case wUUID:
		return formatUUID(*p.Interface().(*UUID))
	case wRFC1123:
		return formatRFC1123(*p.Interface().(*time.Time))
	case wDateTime:
		return formatDateTime(*p.Interface().(*time.Time))
	}
	return wireFormat(p.Elem(), kind)
}

// wireStructField is the exported field name of the struct *t, not
// promoted from an embedded struct.
func wireStructField(t reflect.Type, name string) (reflect.StructField, bool) {
	if t == nil || t.Kind() != reflect.Pointer || t.Elem().Kind() != reflect.Struct {
		return reflect.StructField{}, false
	}
	sf, ok := t.Elem().FieldByName(name)
	return sf, ok && len(sf.Index) == 1 && sf.IsExported()
}

// wireFits reports whether values of t are written (read, when parse)
// as kind. (The types are jsontable.go's.)
func wireFits(t reflect.Type, kind wireKind, parse bool) bool {
	switch kind {
	case wString:
		return t.Kind() == reflect.String
	case wInt:
		return t.Kind() == reflect.Int32 || t.Kind() == reflect.Int64
	case wFloat:
		return t.Kind() == reflect.Float32 || t.Kind() == reflect.Float64
	case wBool:
		return t.Kind() == reflect.Bool
	case wUUID:
		return t == jtUUIDType
	case wRFC1123, wDateTime:
		return t == jtTimeType
	case wMarshaler:
		if parse {
			return reflect.PointerTo(t).Implements(textUnmarshalerType)
		}
		return t.Implements(jtTextMarshaler)
	}
	return false
}

// wireFormat writes v with the format function of its kind.
func wireFormat(v reflect.Value, kind wireKind) string {
	switch kind {
	case wInt:
		return formatInt(v.Int())
	case wFloat:
		if v.Kind() == reflect.Float32 {
			return formatFloat(float32(v.Float()))
		}
		return formatFloat(v.Float())
	case wBool:
		return formatBool(v.Bool())
	case wUUID:
		u, _ := v.Interface().(UUID)
		return formatUUID(u)
	case wRFC1123:
		t, _ := v.Interface().(time.Time)
		return formatRFC1123(t)
	case wDateTime:
		t, _ := v.Interface().(time.Time)
		return formatDateTime(t)
	case wMarshaler:
		if m, ok := v.Interface().(encoding.TextMarshaler); ok {
			return formatText(m)
		}
		return ""
	}
	return v.String()
}

// wireParse reads s into v (a zero value) with the parse function of
// kind.
func wireParse(s string, kind wireKind, v reflect.Value) bool {
	return wireParseErr(s, kind, v) == nil
}

var (
	wireInt32 = reflect.TypeFor[int32]()
	wireInt64 = reflect.TypeFor[int64]()
	errWire   = errors.New("does not fit its field")
)

// wireParseErr reads s into v (an addressable zero value) with the parse
// function the generator would call for v's type, returning its error:
// parseInt32 and parseInt64 for the built-in integers, parseEnumInt's
// range check for named ones.
func wireParseErr(s string, kind wireKind, v reflect.Value) error {
	switch kind {
	case wString:
		v.SetString(s)
		return nil
	case wInt:
		var n int64
		var err error
		switch v.Type() {
		case wireInt32:
			var n32 int32
			n32, err = parseInt32(s)
			n = int64(n32)
		default:
			n, err = parseInt64(s)
			if err == nil && v.OverflowInt(n) {
				err = errors.New("not a 32-bit integer")
			}
		}
		if err == nil {
			v.SetInt(n)
		}
		return err
	case wFloat:
		var f float64
		var err error
		if v.Kind() == reflect.Float32 {
			var f32 float32
			f32, err = parseFloat32(s)
			f = float64(f32)
		} else {
			f, err = parseFloat64(s)
		}
		if err == nil {
			v.SetFloat(f)
		}
		return err
	case wBool:
		b, err := parseBool(s)
		if err == nil {
			v.SetBool(b)
		}
		return err
	case wMarshaler:
		if u, ok := v.Addr().Interface().(encoding.TextUnmarshaler); ok {
			return u.UnmarshalText([]byte(s))
		}
		return errWire
	}
	var err error
	switch p := v.Addr().Interface().(type) {
	case *UUID:
		if kind != wUUID {
			return errWire
		}
		*p, err = ParseUUID(s)
	case *time.Time:
		switch kind {
		case wRFC1123:
			*p, err = parseRFC1123(s)
		case wDateTime:
			*p, err = parseDateTime(s)
		default:
			return errWire
		}
	default:
		return errWire
	}
	return err
}

// success reports whether status is one of the operation's success
// statuses (any 2xx when the table lists none).
func (w *opWire) success(status int) bool {
	if len(w.statuses) == 0 {
		return status >= 200 && status <= 299
	}
	for _, s := range w.statuses {
		if s == status {
			return true
		}
	}
	return false
}
