package support

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"
)

// The table codec against encoding/json: tbDoc and the types it holds are
// written as generator/emit writes table types (three one-line methods);
// tbRef* are the same declarations without methods, which encoding/json
// decodes and encodes by reflection. sameValue compares the two field by
// field.

type tbState string

type tbPair struct {
	Name  *string `json:"name,omitempty"`
	Value *string `json:"value,omitempty"`
}

type tbError struct {
	Code    *string  `json:"code,omitempty"`
	Message *string  `json:"message,omitempty"`
	Values  []tbPair `json:"values,omitempty"`
}

type tbDoc struct {
	Any    any               `json:"any,omitempty"`
	Bool   *bool             `json:"bool,omitempty"`
	Bytes  []byte            `json:"bytes,omitempty"`
	Child  *tbDoc            `json:"child,omitempty"`
	Codec  *jtDoc            `json:"codec,omitempty"`
	Error  *tbError          `json:"error,omitempty"`
	F32    *float32          `json:"f32,omitempty"`
	F64    float64           `json:"f64"`
	I32    *int32            `json:"i32,omitempty"`
	I64    *int64            `json:"i64,omitempty,string"`
	IDs    []UUID            `json:"ids,omitempty"`
	K      string            `json:"k,omitempty"`
	Labels map[string]string `json:"labels,omitempty"`
	N64    int64             `json:"n64,string"`
	Nested [][]int32         `json:"nested,omitempty"`
	Pairs  map[string]tbPair `json:"pairs,omitempty"`
	Ptrs   []*tbPair         `json:"ptrs,omitempty"`
	Raw    json.RawMessage   `json:"raw,omitempty"`
	State  *tbState          `json:"state,omitempty"`
	States []tbState         `json:"states"`
	Str    string            `json:"str"`
	Time   *time.Time        `json:"time,omitempty"`
	U8     uint8             `json:"u8,omitempty"`
	UUID   *UUID             `json:"uuid,omitempty"`
	When   time.Time         `json:"when"`
	Weird  string            `json:"wéird,omitempty"`
	hidden string
}

type tbRefPair struct {
	Name  *string `json:"name,omitempty"`
	Value *string `json:"value,omitempty"`
}

type tbRefError struct {
	Code    *string     `json:"code,omitempty"`
	Message *string     `json:"message,omitempty"`
	Values  []tbRefPair `json:"values,omitempty"`
}

type tbRefDoc struct {
	Any    any                  `json:"any,omitempty"`
	Bool   *bool                `json:"bool,omitempty"`
	Bytes  []byte               `json:"bytes,omitempty"`
	Child  *tbRefDoc            `json:"child,omitempty"`
	Codec  *jtPlain             `json:"codec,omitempty"`
	Error  *tbRefError          `json:"error,omitempty"`
	F32    *float32             `json:"f32,omitempty"`
	F64    float64              `json:"f64"`
	I32    *int32               `json:"i32,omitempty"`
	I64    *int64               `json:"i64,omitempty,string"`
	IDs    []UUID               `json:"ids,omitempty"`
	K      string               `json:"k,omitempty"`
	Labels map[string]string    `json:"labels,omitempty"`
	N64    int64                `json:"n64,string"`
	Nested [][]int32            `json:"nested,omitempty"`
	Pairs  map[string]tbRefPair `json:"pairs,omitempty"`
	Ptrs   []*tbRefPair         `json:"ptrs,omitempty"`
	Raw    json.RawMessage      `json:"raw,omitempty"`
	State  *tbState             `json:"state,omitempty"`
	States []tbState            `json:"states"`
	Str    string               `json:"str"`
	Time   *time.Time           `json:"time,omitempty"`
	U8     uint8                `json:"u8,omitempty"`
	UUID   *UUID                `json:"uuid,omitempty"`
	When   time.Time            `json:"when"`
	Weird  string               `json:"wéird,omitempty"`
	hidden string
}

// sameValue reports whether a and b, of types of the same shape, hold the
// same values: nil-ness of pointers, slices and maps included.
func sameValue(a, b reflect.Value) bool {
	if a.Kind() != b.Kind() {
		return false
	}
	switch a.Kind() {
	case reflect.Pointer:
		if a.IsNil() || b.IsNil() {
			return a.IsNil() == b.IsNil()
		}
		return sameValue(a.Elem(), b.Elem())
	case reflect.Interface:
		if a.IsNil() || b.IsNil() {
			return a.IsNil() == b.IsNil()
		}
		return reflect.DeepEqual(a.Interface(), b.Interface())
	case reflect.Slice:
		if a.IsNil() != b.IsNil() || a.Len() != b.Len() {
			return false
		}
		fallthrough
	case reflect.Array:
		for i := range a.Len() {
			if !sameValue(a.Index(i), b.Index(i)) {
				return false
			}
		}
		return true
	case reflect.Map:
		if a.IsNil() != b.IsNil() || a.Len() != b.Len() {
			return false
		}
		for it := a.MapRange(); it.Next(); {
			bv := b.MapIndex(it.Key())
			if !bv.IsValid() || !sameValue(it.Value(), bv) {
				return false
			}
		}
		return true
	case reflect.Struct:
		if a.Type() == reflect.TypeFor[time.Time]() {
			return a.Interface().(time.Time).Equal(b.Interface().(time.Time)) &&
				a.Interface().(time.Time).Location().String() == b.Interface().(time.Time).Location().String()
		}
		for i := range a.NumField() {
			if a.Type().Field(i).IsExported() && !sameValue(a.Field(i), b.Field(i)) {
				return false
			}
		}
		return true
	case reflect.String:
		return a.String() == b.String()
	case reflect.Float32, reflect.Float64:
		return a.Float() == b.Float()
	}
	return a.CanInterface() && b.CanInterface() && a.Interface() == b.Interface()
}

// tbBase is decoded before each document, so that what a document adds to
// and overwrites in an existing value is compared too.
const tbBase = `{"str":"base","states":["a","b","c"],"labels":{"x":"1"},"pairs":{"p":{"name":"n"}},` +
	`"error":{"code":"c","values":[{"name":"a"},{"name":"b","value":"v"}]},"ptrs":[{"name":"q"}],` +
	`"nested":[[1,2],[3]],"i32":7,"bytes":"AAEC","raw":{"a":1}}`

// checkTable decodes data into a tbDoc by every route the generated code
// takes and into a tbRefDoc with encoding/json, and compares: the same
// success, the same value, and the same encoding of it; fast: a valid
// document must not need encoding/json.
func checkTable(t *testing.T, data []byte, fast bool) {
	t.Helper()
	var ref tbRefDoc
	if err := json.Unmarshal([]byte(tbBase), &ref); err != nil {
		t.Fatal(err)
	}
	refErr := json.Unmarshal(data, &ref)
	if fast && refErr == nil && !tbSlow[string(data)] {
		if handled, err := decodeTable(data, new(tbDoc), false, nil); !handled || err != nil {
			t.Errorf("decodeTable(%q) left a valid document to encoding/json", data)
		}
	}
	routes := map[string]func(*tbDoc) error{
		"DecodeJSON":     func(d *tbDoc) error { return DecodeJSON(data, d) },
		"json.Unmarshal": func(d *tbDoc) error { return json.Unmarshal(data, d) },
		"unmarshalJSON": func(d *tbDoc) error {
			b := newDecodeBudget(len(data), 1<<20, "WithMaxResponseBytes")
			return unmarshalJSON(data, d, &b)
		},
	}
	for name, decode := range routes {
		var got tbDoc
		if err := DecodeJSON([]byte(tbBase), &got); err != nil {
			t.Fatal(err)
		}
		err := decode(&got)
		if (err != nil) != (refErr != nil) {
			t.Fatalf("%s(%q): error %v, encoding/json: %v", name, data, err, refErr)
		}
		if err != nil {
			if _, budget := err.(*decodeBudgetError); !budget && name != "json.Unmarshal" && err.Error() != strings.ReplaceAll(refErr.Error(), "tbRefDoc", "tbDoc") {
				// The same message but for the name of the Go type, or,
				// inside a member with its own UnmarshalJSON (Codec), the
				// message encoding/json gives for tbDoc itself: that
				// member's own error.
				if !strings.Contains(refErr.Error(), "tbRef") && err.Error() != selfErr(data) {
					t.Errorf("%s(%q): error %q, encoding/json: %q", name, data, err, refErr)
				}
			}
			continue
		}
		if !sameValue(reflect.ValueOf(got), reflect.ValueOf(ref)) {
			t.Fatalf("%s(%q):\ngot  %+v\nwant %+v", name, data, got, ref)
		}
		checkTableEncode(t, &got, &ref)
	}
}

// selfErr is encoding/json's error for data decoded into tbDoc itself,
// where members with their own UnmarshalJSON report their own errors.
func selfErr(data []byte) string {
	var d tbDoc
	if err := json.Unmarshal([]byte(tbBase), &d); err != nil {
		return err.Error()
	}
	if err := json.Unmarshal(data, &d); err != nil {
		return err.Error()
	}
	return ""
}

// checkTableEncode compares the table encoder's output, through a
// pointer and from a value (as the server writes a body), with
// encoding/json's.
func checkTableEncode(t *testing.T, got *tbDoc, ref *tbRefDoc) {
	t.Helper()
	want, wantErr := json.Marshal(ref)
	for name, b := range map[string]func() ([]byte, error){
		"EncodeJSON":         func() ([]byte, error) { return EncodeJSON(got) },
		"marshalJSON(value)": func() ([]byte, error) { return marshalJSON(*got) },
		"json.Marshal":       func() ([]byte, error) { return json.Marshal(got) },
	} {
		out, err := b()
		if (err != nil) != (wantErr != nil) {
			t.Fatalf("%s: error %v, encoding/json: %v", name, err, wantErr)
		}
		if err == nil && !bytes.Equal(out, want) {
			t.Fatalf("%s:\ngot  %s\nwant %s", name, out, want)
		}
	}
}

// tbSlow are valid documents the table decoder leaves to encoding/json:
// ",string" integers written in ways only encoding/json's quirks accept.
var tbSlow = map[string]bool{`{"n64":"042"}`: true, `{"n64":"4\u0032"}`: true, `{"n64":"null"}`: true}

var tbDocs = []string{
	`{}`,
	`null`,
	`{"str":"x","states":[],"labels":null,"pairs":null,"error":null,"ptrs":null,"nested":null,"i32":null,"bytes":null,"raw":null}`,
	`{"any":{"a":[1,"b",null,true]},"bool":true,"bytes":"aGVsbG8=","child":{"str":"c","child":{"f64":1.5}},"f32":3.25,"f64":-1e300}`,
	`{"i64":"-9223372036854775808","n64":"42","i32":-2147483648,"u8":255,"k":"kay"}`,
	`{"ids":["01234567-89ab-cdef-0123-456789abcdef"],"uuid":"01234567-89AB-CDEF-0123-456789ABCDEF"}`,
	`{"time":"2026-12-06T07:21:36.123456789Z","when":"2026-12-06T07:21:36+01:00"}`,
	`{"when":null,"time":null,"uuid":null,"state":null,"states":null}`,
	`{"STR":"upper","Str":"mixed","str":"exact"}`,
	`{"str":"first","str":"last"}`,
	`{"\u0073tr":"escaped key","w\u00c9ird":"fold","\u212a":"kelvin"}`,
	`{"unknown":{"deep":[1,2,{"x":null}]},"str":"after"}`,
	`{"str":"\ud800 lone surrogate \u00e9 \"quote\" \\ \/ \b\f\n\r\t"}`,
	"{\"str\":\"bad utf-8: \xff\xfe\"}",
	`{"labels":{"a":"1","b":"2"},"pairs":{"p":{"value":"v"},"q":{}}}`,
	`{"error":{"values":[{"name":"only"}]}}`,
	`{"ptrs":[null,{"name":"x"}]}`,
	`{"nested":[[],[1],[2,3]]}`,
	`{"raw":[1, 2 ,{"a" : "<&>"}]}`,
	`{"codec":{"name":"codec","tags":["a"],"extra":{"k":[1]}}}`,
	`{"state":"active","states":["a","deleting"]}`,
	` { "str" : "spaces" } `,
	// Members in the fields' order are matched by their key's bytes:
	// duplicates, a longer name sharing the prefix, space before the
	// colon and an escaped spelling still go the slow way.
	`{"any":1,"bool":true,"bool":false,"bytes":"","str":"s","str":"t"}`,
	`{"f64":1,"i32x":5,"i32":2,"i64":"3","i64":"4"}`,
	`{"any" :1,"bool" : true,"bytes": null}`,
	`{"wéird":"exact","w\u00e9ird":"escaped"}`,
	`{"when":"2026-12-06T07:21:36Z","wéird":"x","wé":"y"}`,
	// Errors, each of which encoding/json reports.
	`{"str":1}`,
	`{"i32":2147483648}`,
	`{"u8":256}`,
	`{"i32":1.5}`,
	`{"f32":1e39}`,
	`{"n64":42}`,
	`{"n64":" 42"}`,
	`{"n64":"042"}`,
	`{"n64":"4\u0032"}`,
	`{"n64":"null"}`,
	`{"i64":null,"n64":null}`,
	`{"bool":"true"}`,
	`{"uuid":"nope"}`,
	`{"time":"yesterday"}`,
	`{"bytes":"!!"}`,
	`{"states":{}}`,
	`{"labels":[]}`,
	`{"str":"x",}`,
	`{"str":"x"} extra`,
	`{"str":"x"`,
	`{"str" "x"}`,
	`[1]`,
	`"string"`,
	`{"child":{"str":5},"str":"after the error"}`,
	`{"error":{"values":[{"name":1}]},"str":"after"}`,
	`{"CodeC":{"name":{}}}`,
	strings.Repeat(`{"child":`, 10001) + `{}` + strings.Repeat(`}`, 10001),
}

func TestTableDifferential(t *testing.T) {
	for _, d := range tbDocs {
		checkTable(t, []byte(d), true)
	}
}

func TestTableAllocations(t *testing.T) {
	data := []byte(`{"str":"x","error":{"code":"c","message":"m","values":[{"name":"a","value":"b"},{"name":"c","value":"d"}]},"i32":1,"state":"s"}`)
	var d tbDoc
	n := testing.AllocsPerRun(100, func() {
		d = tbDoc{}
		if err := DecodeJSON(data, &d); err != nil {
			t.Fatal(err)
		}
	})
	// The *tbError, the values' growth (1, 2), a chunk of strings and one
	// array of pointer targets per pointer type (string, int32, tbState).
	if n > 8 {
		t.Errorf("%v allocations, want at most 8", n)
	}
}

func FuzzTableDifferential(f *testing.F) {
	for _, d := range tbDocs[:len(tbDocs)-1] {
		f.Add([]byte(d))
	}
	f.Add([]byte(tbBase))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<12 {
			return
		}
		checkTable(t, data, false)
	})
}

// TestTableFallbacks covers the types the table codec hands to
// encoding/json whole: embedded structs, options it does not know.
func TestTableFallbacks(t *testing.T) {
	type inner struct {
		A string `json:"a"`
	}
	type embeds struct {
		inner
		B string `json:"b"`
	}
	type omitzero struct {
		T time.Time `json:"t,omitzero"`
	}
	dup := reflect.New(reflect.StructOf([]reflect.StructField{ // vet refuses the literal
		{Name: "A", Type: reflect.TypeFor[string](), Tag: `json:"x"`},
		{Name: "B", Type: reflect.TypeFor[string](), Tag: `json:"x"`},
	})).Interface()
	type quotedBool struct {
		B bool `json:"b,string"`
	}
	for _, v := range []any{&embeds{}, &omitzero{}, dup, &quotedBool{}} {
		if c := jtCodecOf(reflect.TypeOf(v).Elem()); c.dec != jtFallback || c.enc != jtFallback {
			t.Errorf("%T: kinds %d/%d, want encoding/json", v, c.dec, c.enc)
		}
	}
	for _, v := range []any{&tbDoc{}, &tbRefDoc{}, &[]tbPair{}, &map[string]*tbError{}} {
		if c := jtCodecOf(reflect.TypeOf(v).Elem()); c.dec == jtFallback || c.enc == jtFallback {
			t.Errorf("%T: left to encoding/json", v)
		}
	}
}

// tbItem and tbList are budgetItem and budgetList as table types.
type tbItem struct {
	A, B, C, D, E, F, G, H, I, J, K, L *string
	M                                  *int64
	N                                  *tbItem
	O                                  map[string]string
}

type tbList struct {
	Value []tbItem `json:"value"`
	Any   any      `json:"any"`
}

// The budget holds for table types: the walk refuses a bomb before the
// table decoder allocates anything, and an ordinary body of the same size
// decodes, the table decoder allocating (garbage included) within the
// budget it is held to.
func TestTableBudget(t *testing.T) {
	const limit = 1 << 20
	for name, body := range bombs() {
		var v tbList
		var err error
		n := allocated(func() { err = decodeJSON(bombResponse(body), &v, limit) })
		var be *decodeBudgetError
		if !errors.As(err, &be) {
			t.Errorf("%s: err = %v, want the budget's", name, err)
		}
		if n > 4<<20 {
			t.Errorf("%s: %d bytes allocated for a body of %d", name, n, len(body))
		}
	}
	body := []byte(`{"value":` + jsonList(`{"a":"pool-000001","b":"standard_d2s_v3","m":4,"n":{"a":"x"}}`, 6000) + `}`)
	b := newDecodeBudget(len(body), limit, "WithMaxResponseBytes")
	var v tbList
	runtime.GC()
	var m0, m1 runtime.MemStats
	runtime.ReadMemStats(&m0)
	handled, err := decodeTable(body, &v, false, &b)
	runtime.GC()
	runtime.ReadMemStats(&m1)
	if !handled || err != nil || len(v.Value) != 6000 || *v.Value[5999].N.A != "x" {
		t.Fatalf("ordinary body: handled %v, %v, %d items", handled, err, len(v.Value))
	}
	// What the values hold, garbage aside (as the budget counts).
	if held, used := int64(m1.HeapAlloc)-int64(m0.HeapAlloc), b.total-b.left; held > used || used > 3*held {
		t.Errorf("ordinary body: the values hold %d bytes, %d charged", held, used)
	}
	// A budget too small for the decoded values stops the table decoder.
	small := newDecodeBudget(len(body), 0, "WithMaxResponseBytes")
	small.left /= 4
	if handled, err := decodeTable(body, new(tbList), false, &small); !handled || !errors.As(err, new(*decodeBudgetError)) {
		t.Errorf("small budget: handled %v, %v", handled, err)
	}
}

// TestTableStringsOwnMemory: decoded strings never share the caller's
// bytes, whether cut from the copy of a short document or from a chunk
// of a long one, and an escaped string beside plain ones reads right.
func TestTableStringsOwnMemory(t *testing.T) {
	for _, pad := range []int{0, jtChunk} {
		data := []byte(`{"k":"` + strings.Repeat(" ", pad) + `kay","str":"x\u00e9y","wéird":"w"}`)
		var d tbDoc
		if err := DecodeJSON(data, &d); err != nil {
			t.Fatal(err)
		}
		for i := range data {
			data[i] = '#'
		}
		if d.K != strings.Repeat(" ", pad)+"kay" || d.Str != "xéy" || d.Weird != "w" {
			t.Errorf("pad %d: strings changed with the input: %q %q %q", pad, d.K, d.Str, d.Weird)
		}
	}
}
