package support

import (
	"errors"
	"fmt"
	"io"
	"net/http/httptest"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestPickExample(t *testing.T) {
	exs := []example{
		{name: "a", path: []string{"id", "1"}, params: []string{"x", "p"}, status: 200, resp: `{"n":1}`},
		{name: "b", path: []string{"id", "2"}, params: []string{"x", "p"}, body: `{"k":[1,2]}`, status: 201, resp: `{"n":2}`},
		{name: "c", path: []string{"id", "2"}, params: []string{"x", "q", "tags", "t1,t2"}, status: 200, resp: `{"n":3}`},
		{name: "gone", path: []string{"id", "404"}, status: 404, resp: `{"code":"NotFound"}`},
	}
	cases := []struct {
		path, params []string
		body         any
		want         string
	}{
		{[]string{"id", "1"}, []string{"x", "p"}, nil, "a"},
		{[]string{"id", "2"}, []string{"x", "p"}, map[string]any{"k": []int{1, 2}}, "b"},
		{[]string{"id", "2"}, []string{"x", "q", "tags", "t1,t2"}, nil, "c"},
		// No exact match: the same path, the most matching parameters,
		// the first of a tie.
		{[]string{"id", "2"}, []string{"x", "p"}, nil, "b"},
		{[]string{"id", "2"}, []string{"x", "q", "tags", "t2"}, nil, "c"},
		{[]string{"id", "1"}, []string{}, nil, "a"},
	}
	for _, c := range cases {
		got, err := pickExample("op", exs, exampleCall{c.path, c.params}, c.body)
		if err != nil || got == nil || got.name != c.want {
			t.Errorf("pickExample(%v, %v, %v) = %v, %v; want %s", c.path, c.params, c.body, got, err, c.want)
		}
	}

	// An error example answers only the call that equals it, as an error.
	got, err := pickExample("op", exs, exampleCall{path: []string{"id", "404"}}, nil)
	var ans *exampleAnswer
	if !errors.As(err, &ans) || ans.ex.name != "gone" || got == nil || got.name != "gone" {
		t.Errorf("404 example: %v, %v", got, err)
	}
	// A path no example names: 404, naming the closest example.
	_, err = pickExample("getThing", exs, exampleCall{path: []string{"id", "9"}, params: []string{"x", "q"}}, nil)
	var none *errNoExample
	if !errors.As(err, &none) || none.closest != "c" || err.Error() != `no example of operation getThing matches the request; the closest is "c"` {
		t.Errorf("no match: %v", err)
	}
	// …unless an example answers any call.
	withAny := append(slices.Clone(exs), example{name: "any", anyCall: true, status: 200})
	if got, err := pickExample("op", withAny, exampleCall{path: []string{"id", "9"}}, nil); err != nil || got.name != "any" {
		t.Errorf("any-call example: %v, %v", got, err)
	}
	// …and a call that has nothing in common with the candidates of its
	// path (none here has a path parameter).
	noPath := []example{{name: "p", params: []string{"q", "1"}, status: 200}, {name: "any", anyCall: true, status: 200}}
	if got, _ := pickExample("op", noPath, exampleCall{}, nil); got.name != "any" {
		t.Errorf("nothing in common: %v", got)
	}
	if got, _ := pickExample("op", noPath[:1], exampleCall{}, nil); got.name != "p" {
		t.Errorf("nothing in common, no any-call example: %v", got)
	}
	// An exact match beats the any-call example, which is last.
	if got, _ := pickExample("op", withAny, exampleCall{path: []string{"id", "1"}, params: []string{"x", "p"}}, nil); got.name != "a" {
		t.Errorf("exact before any-call: %v", got)
	}
	if _, err := pickExample("op", nil, exampleCall{}, nil); !errors.As(err, &none) || none.closest != "" {
		t.Errorf("no examples: %v", err)
	}
}

func TestExampleAnswers(t *testing.T) {
	s := &serverCore{errorBody: plainErrorBody}
	w := httptest.NewRecorder()
	s.writeError(w, httptest.NewRequest("GET", "/", nil), fmt.Errorf("wrapped: %w", &exampleAnswer{&example{name: "gone", status: 404, headers: []string{"x-ms-request-id", "r1", "content-length", "99"}, resp: `{"code":"NotFound"}`}}))
	if w.Code != 404 || w.Body.String() != `{"code":"NotFound"}` || w.Header().Get("X-Ms-Request-Id") != "r1" || w.Header().Get("Content-Type") != "application/json" || w.Header().Get("Content-Length") != "19" {
		t.Errorf("error example: %d %q %v", w.Code, w.Body, w.Header())
	}
	w = httptest.NewRecorder()
	s.writeError(w, httptest.NewRequest("GET", "/", nil), &errNoExample{op: "getThing", closest: "c"})
	want := `{"code":"NotFound","message":"no example of operation getThing matches the request; the closest is \"c\"","details":[{"key":"operation","value":"getThing"},{"key":"closestExample","value":"c"}]}` + "\n"
	if w.Code != 404 || w.Body.String() != want {
		t.Errorf("no example: %d %s", w.Code, w.Body)
	}
}

func TestExampleBodyAndStream(t *testing.T) {
	ex := &example{resp: `{"n":7}`}
	var dst struct{ N int }
	if err := exampleBody(ex, &dst); err != nil || dst.N != 7 {
		t.Fatalf("exampleBody: %v %+v", err, dst)
	}
	if err := exampleBody(&example{}, &dst); err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(exampleStream(ex))
	if string(b) != `{"n":7}` {
		t.Errorf("stream = %s", b)
	}
}

// exStruct has a field of each kind of parameter and header: it serves as
// a generated operation's Options struct and as its response struct.
type (
	exEnum    string
	exEnumInt int32
	exText    struct{ s string }
	exStruct  struct {
		StatusCode int
		Thing      struct{ N int }
		ID         *UUID
		Date       *time.Time
		When       *time.Time
		Flag       *bool
		N          *int32
		Big        *int64
		F32        *float32
		F64        *float64
		S          *string
		E          *exEnum
		EI         *exEnumInt
		T          *exText
		Tags       []string // an array parameter
		Ns         []int32
		Times      []time.Time
		TagsH      *[]string // an array header
		NsH        *[]int32
		Key        *string // an optional path parameter
		Body       *exBody
		unexported *string
	}
	exBody struct{ K []int }
)

func (x exText) MarshalText() ([]byte, error) { return []byte("<" + x.s + ">"), nil }

func (x *exText) UnmarshalText(b []byte) error {
	s, ok := strings.CutPrefix(string(b), "<")
	if s, ok2 := strings.CutSuffix(s, ">"); ok && ok2 {
		x.s = s
		return nil
	}
	return errors.New("not <text>")
}

// exFields are the rows of exStruct's fields of one value, as the
// generator writes them; exParams and exHeaders add the arrays.
var (
	exFields = []wireField{
		{wire: "id", field: "ID", kind: wUUID},
		{wire: "date", field: "Date", kind: wRFC1123},
		{wire: "when", field: "When", kind: wDateTime},
		{wire: "flag", field: "Flag", kind: wBool},
		{wire: "n", field: "N", kind: wInt},
		{wire: "big", field: "Big", kind: wInt},
		{wire: "f32", field: "F32", kind: wFloat},
		{wire: "f64", field: "F64", kind: wFloat},
		{wire: "s", field: "S", kind: wString},
		{wire: "e", field: "E", kind: wString},
		{wire: "ei", field: "EI", kind: wInt},
		{wire: "t", field: "T", kind: wMarshaler},
	}
	exParams = append(slices.Clone(exFields),
		wireField{wire: "tags", field: "Tags", kind: wString, list: true},
		wireField{wire: "ns", field: "Ns", kind: wInt, list: true},
		wireField{wire: "times", field: "Times", kind: wRFC1123, list: true},
		wireField{wire: "key", field: "Key", kind: wString, path: true})
	exHeaders = append(slices.Clone(exFields),
		wireField{wire: "tags", field: "TagsH", kind: wString, list: true},
		wireField{wire: "ns", field: "NsH", kind: wInt, list: true})
)

// exampleText writes each kind of value with the very format function the
// client uses (examples are matched by text).
func TestExampleText(t *testing.T) {
	id := NewUUID()
	date := time.Date(2017, 2, 17, 1, 2, 3, 0, time.FixedZone("X", 3600))
	o := exStruct{
		ID: &id, Date: &date, When: &date, Flag: ptrTo(true), N: ptrTo[int32](-7), Big: ptrTo[int64](1 << 40),
		F32: ptrTo[float32](0.1), F64: ptrTo(0.1), S: ptrTo("a,b"), E: ptrTo[exEnum]("on"), EI: ptrTo[exEnumInt](3),
		T: &exText{"x"}, Tags: []string{"t1", "t2"}, Ns: []int32{}, Times: []time.Time{date, date},
	}
	want := map[string]string{
		"ID": formatUUID(id), "Date": formatRFC1123(date), "When": formatDateTime(date), "Flag": formatBool(true),
		"N": formatInt[int32](-7), "Big": formatInt[int64](1 << 40), "F32": formatFloat[float32](0.1), "F64": formatFloat(0.1),
		"S": "a,b", "E": formatString[exEnum]("on"), "EI": formatInt[exEnumInt](3), "T": formatText(exText{"x"}),
		"Tags": formatCSV([]string{"t1", "t2"}, formatString[string]), "Ns": formatCSV([]int32{}, formatInt[int32]),
		"Times": formatCSV([]time.Time{date, date}, formatRFC1123),
	}
	v := reflect.ValueOf(o)
	for _, f := range exParams[:len(exParams)-1] {
		got, ok := exampleText(v.FieldByName(f.field), f)
		if !ok || got != want[f.field] {
			t.Errorf("%s: %q, %v; want %q", f.field, got, ok, want[f.field])
		}
	}
	if _, ok := exampleText(reflect.ValueOf(exStruct{}).FieldByName("N"), exFields[4]); ok {
		t.Error("nil field written")
	}
	if _, ok := exampleText(reflect.ValueOf(exStruct{}).FieldByName("Tags"), exParams[12]); ok {
		t.Error("nil array written")
	}
}

// exampleHeader reads each kind of header as the parse function the
// client uses: nil when absent or malformed.
func TestExampleHeader(t *testing.T) {
	rt := reflect.TypeFor[exStruct]()
	read := func(headers []string, f wireField) any {
		sf, _ := rt.FieldByName(f.field)
		elem := sf.Type.Elem()
		if v := exampleHeader(&example{headers: headers}, f, elem); v.IsValid() {
			return v.Elem().Interface()
		}
		return nil
	}
	field := func(name string) wireField {
		i := slices.IndexFunc(exHeaders, func(f wireField) bool { return f.field == name })
		return exHeaders[i]
	}
	date, _ := parseRFC1123("Fri, 17 Feb 2017 00:00:00 GMT")
	when, _ := parseDateTime("2017-02-17T01:02:03.5+01:00")
	id, _ := ParseUUID("00000000-0000-0000-0000-000000000001")
	cases := []struct {
		field, text string
		want        any // nil: absent
	}{
		{"ID", "00000000-0000-0000-0000-000000000001", id},
		{"ID", "x", nil},
		{"Date", "Fri, 17 Feb 2017 00:00:00 GMT", date},
		{"Date", "2017-02-17", nil},
		{"When", "2017-02-17T01:02:03.5+01:00", when},
		{"Flag", "false", false},
		{"Flag", "1", nil},
		{"N", "5", int32(5)},
		{"N", "3000000000", nil},
		{"Big", "3000000000", int64(3000000000)},
		{"F32", "0.1", float32(0.1)},
		{"F32", "1e40", nil},
		{"F64", "NaN", nil},
		{"S", "", ""},
		{"E", "on", exEnum("on")},
		{"EI", "3", exEnumInt(3)},
		{"EI", "3000000000", nil},
		{"T", "<x>", exText{"x"}},
		{"T", "x", nil},
		{"TagsH", "t1,t2", []string{"t1", "t2"}},
		{"TagsH", "", []string{}},
		{"NsH", "1,x", nil},
	}
	for _, c := range cases {
		// The header's name is matched whatever its case; the first of
		// those that parses is the value.
		got := read([]string{"other", "1", strings.ToUpper(field(c.field).wire), c.text}, field(c.field))
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s %q = %#v, want %#v", c.field, c.text, got, c.want)
		}
	}
	if got := read([]string{"n", "x", "N", "2"}, field("N")); got != int32(2) {
		t.Errorf("first that parses: %v", got)
	}
	if got := read(nil, field("N")); got != nil {
		t.Errorf("absent: %v", got)
	}
}

// answerExample with a table: the call's text from positional arguments
// and Options, the picked example's status, headers and body in the
// response.
func TestAnswerExample(t *testing.T) {
	op := &exampleOp{
		name:     "Thing_Put",
		args:     []wireField{{wire: "key", path: true}, {wire: "q"}},
		opts:     exParams,
		optBody:  "Body",
		headers:  exHeaders,
		statuses: []int{200, 201},
		examples: []example{
			{name: "created", path: []string{"key", "k2"}, params: []string{"n", "5", "q", "x", "tags", "a,b"}, body: `{"K":[1]}`, status: 201,
				headers: []string{"N", "9", "TAGS", "u,v", "Flag", "no"}, resp: `{"N":3}`},
			{name: "plain", path: []string{"key", "k1"}, status: 200},
			{name: "gone", path: []string{"key", "k404"}, status: 404, resp: `{}`},
		},
	}
	call := func(key, q string, opts *exStruct) (*exStruct, error) {
		resp := &exStruct{}
		return resp, answerExample(op, []string{key, q}, opts, nil, resp, &resp.Thing)
	}
	// The key in Options replaces the positional one, as a later
	// parameter of the same name does.
	resp, err := call("k1", "x", &exStruct{N: ptrTo[int32](5), Tags: []string{"a", "b"}, Key: ptrTo("k2"), Body: &exBody{K: []int{1}}})
	if err != nil || resp.StatusCode != 201 || *resp.N != 9 || !slices.Equal(*resp.TagsH, []string{"u", "v"}) || resp.Flag != nil || resp.Thing.N != 3 {
		t.Errorf("created: %+v, %v", resp, err)
	}
	if resp, err := call("k1", "x", nil); err != nil || resp.StatusCode != 200 || resp.N != nil {
		t.Errorf("plain: %+v, %v", resp, err)
	}
	var ans *exampleAnswer
	if _, err := call("k404", "", nil); !errors.As(err, &ans) || ans.ex.name != "gone" {
		t.Errorf("gone: %v", err)
	}
	var none *errNoExample
	if _, err := call("k9", "", nil); !errors.As(err, &none) {
		t.Errorf("k9: %v", err)
	}

	// A stream.
	sop := &exampleOp{name: "s", examples: []example{{name: "s", status: 200, resp: "line\n"}}}
	var rc io.ReadCloser
	if err := answerExample(sop, nil, nil, nil, &exStruct{}, &rc); err != nil || rc == nil {
		t.Fatalf("stream: %v", err)
	}
	if b, _ := io.ReadAll(rc); string(b) != "line\n" {
		t.Errorf("stream = %q", b)
	}
}

// A table that does not fit its structs fails every call with
// exampleTableError: never a panic, never a half-filled answer.
func TestExampleTableMismatch(t *testing.T) {
	exs := []example{{name: "any", anyCall: true, status: 200}}
	bad := []exampleOp{
		{opts: []wireField{{wire: "x", field: "Missing"}}},
		{opts: []wireField{{wire: "n", field: "N", kind: wString}}},
		{opts: []wireField{{wire: "n", field: "N", kind: wInt, list: true}}},
		{opts: []wireField{{wire: "t", field: "Tags", kind: wString}}},
		{opts: []wireField{{wire: "t", field: "Tags", kind: wInt, list: true}}},
		{optBody: "Nobody"},
		{headers: []wireField{{wire: "n", field: "N", kind: wUUID}}},
		{headers: []wireField{{wire: "n", field: "StatusCode", kind: wInt}}},
		{headers: []wireField{{wire: "t", field: "Thing", kind: wString}}},
		{headers: []wireField{{wire: "t", field: "Tags", kind: wString}}},
		{headers: []wireField{{wire: "x", field: "unexported", kind: wString}}},
	}
	for i := range bad {
		op := &bad[i]
		op.name, op.examples = "op"+strconv.Itoa(i), exs
		resp := &exStruct{}
		opts := &exStruct{N: ptrTo[int32](1)}
		var tableErr *exampleTableError
		for range 2 { // resolved once, failing every call
			if err := answerExample(op, nil, opts, nil, resp, nil); !errors.As(err, &tableErr) {
				t.Errorf("table %d: %v", i, err)
			}
		}
	}
	// A table that fits, but for the struct: one without StatusCode.
	var tableErr *exampleTableError
	op := &exampleOp{name: "op", statuses: []int{200}, examples: exs}
	if err := answerExample(op, nil, nil, nil, &exBody{}, nil); !errors.As(err, &tableErr) || tableErr.field != "StatusCode" {
		t.Errorf("no StatusCode: %v", err)
	}
	// Options fields, but no Options struct; a response that is no *struct.
	op = &exampleOp{name: "op", opts: exFields[:1], examples: exs}
	if err := answerExample(op, nil, nil, nil, &exStruct{}, nil); !errors.As(err, &tableErr) {
		t.Errorf("no Options: %v", err)
	}
	op = &exampleOp{name: "op", examples: exs}
	if err := answerExample(op, nil, nil, nil, exStruct{}, nil); !errors.As(err, &tableErr) {
		t.Errorf("response no pointer: %v", err)
	}
	op = &exampleOp{name: "op", examples: exs}
	if err := answerExample(op, nil, nil, nil, (*exStruct)(nil), nil); !errors.As(err, &tableErr) {
		t.Errorf("nil response: %v", err)
	}
}
