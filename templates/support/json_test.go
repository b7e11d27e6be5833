package support

import (
	"bytes"
	"encoding/json"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

// jtDoc is written the way generator/emit/json.go generates code; jtPlain
// is the same declaration without methods, for encoding/json.
type jtDoc struct {
	Count *int64           `json:"count,omitempty"`
	Child *jtDoc           `json:"child,omitempty"`
	Extra map[string]any   `json:"extra,omitempty"`
	F     float32          `json:"f"`
	Name  string           `json:"name"`
	Tags  []string         `json:"tags"`
	When  *time.Time       `json:"when,omitempty"`
	Raw   json.RawMessage  `json:"raw,omitempty"`
	Data  []byte           `json:"data,omitempty"`
	Nums  map[string]int32 `json:"nums,omitempty"`
}

type jtPlain struct {
	Count *int64           `json:"count,omitempty"`
	Child *jtPlain         `json:"child,omitempty"`
	Extra map[string]any   `json:"extra,omitempty"`
	F     float32          `json:"f"`
	Name  string           `json:"name"`
	Tags  []string         `json:"tags"`
	When  *time.Time       `json:"when,omitempty"`
	Raw   json.RawMessage  `json:"raw,omitempty"`
	Data  []byte           `json:"data,omitempty"`
	Nums  map[string]int32 `json:"nums,omitempty"`
}

func (m jtDoc) MarshalJSON() ([]byte, error) {
	w := jsonWriter{buf: make([]byte, 0, 128)}
	m.encodeJSON(&w)
	return w.result()
}

func (m *jtDoc) encodeJSON(w *jsonWriter) {
	o := w.object()
	if m.Count != nil {
		w.field(o, `"count":`)
		w.int(*m.Count)
	}
	if m.Child != nil {
		w.field(o, `"child":`)
		m.Child.encodeJSON(w)
	}
	if len(m.Extra) != 0 {
		w.field(o, `"extra":`)
		w.char('{')
		for i0, k0 := range jwSortedKeys(m.Extra) {
			if i0 > 0 {
				w.char(',')
			}
			w.str(k0)
			w.char(':')
			w.value(m.Extra[k0])
		}
		w.char('}')
	}
	w.field(o, `"f":`)
	w.f32(m.F)
	w.field(o, `"name":`)
	w.str(m.Name)
	w.field(o, `"tags":`)
	if m.Tags == nil {
		w.null()
	} else {
		w.char('[')
		for i0 := range m.Tags {
			if i0 > 0 {
				w.char(',')
			}
			w.str(m.Tags[i0])
		}
		w.char(']')
	}
	if m.When != nil {
		w.field(o, `"when":`)
		w.time(*m.When)
	}
	if len(m.Raw) != 0 {
		w.field(o, `"raw":`)
		w.raw(m.Raw)
	}
	if len(m.Data) != 0 {
		w.field(o, `"data":`)
		w.bytes(m.Data)
	}
	if len(m.Nums) != 0 {
		w.field(o, `"nums":`)
		w.char('{')
		for i0, k0 := range jwSortedKeys(m.Nums) {
			if i0 > 0 {
				w.char(',')
			}
			w.str(k0)
			w.char(':')
			w.int(int64(m.Nums[k0]))
		}
		w.char('}')
	}
	w.char('}')
}

func (m *jtDoc) UnmarshalJSON(data []byte) error {
	r := jsonReader{data: data}
	if err := m.decodeJSON(&r); err != nil {
		return err
	}
	return r.end()
}

func (m *jtDoc) decodeJSON(r *jsonReader) error {
	return r.readObject(func(key []byte) error {
		var i int
		switch string(key) {
		case "count":
			i = 1
		case "child":
			i = 2
		case "extra":
			i = 3
		case "f":
			i = 4
		case "name":
			i = 5
		case "tags":
			i = 6
		case "when":
			i = 7
		case "raw":
			i = 8
		case "data":
			i = 9
		case "nums":
			i = 10
		default:
			i = jsonFoldIndex(key, "count", "child", "extra", "f", "name", "tags", "when", "raw", "data", "nums")
		}
		switch i {
		case 1:
			if r.null() {
				m.Count = nil
				return nil
			}
			if m.Count == nil {
				m.Count = new(int64)
			}
			return jrInt(r, m.Count)
		case 2:
			if r.null() {
				m.Child = nil
				return nil
			}
			if m.Child == nil {
				m.Child = new(jtDoc)
			}
			return m.Child.decodeJSON(r)
		case 3:
			return jrMap(r, &m.Extra, func(r *jsonReader, v *any) error { return jrAny(r, v) })
		case 4:
			return jrFloat(r, &m.F)
		case 5:
			return jrString(r, &m.Name)
		case 6:
			return jrSlice(r, &m.Tags, func(r *jsonReader, v *string) error { return jrString(r, v) })
		case 7:
			if r.null() {
				m.When = nil
				return nil
			}
			if m.When == nil {
				m.When = new(time.Time)
			}
			return jrTime(r, m.When)
		case 8:
			return jrRaw(r, &m.Raw)
		case 9:
			return jrBytes(r, &m.Data)
		case 10:
			return jrMap(r, &m.Nums, func(r *jsonReader, v *int32) error { return jrInt(r, v) })
		}
		return r.unknown(key)
	})
}

var jtStrings = []string{"", "plain", "<a href=\"x\">&amp;</a>", "\u2028\u2029", "\xff\xfe", "ctl\x00\x1f\x7f", "\\\"/", "é☃🎉", "\xed\xa0\x80", "0123456789abcdef<", "0123456789abcdefg\n", strings.Repeat("x", 100) + "&"}

func TestJWAppendString(t *testing.T) {
	rnd := rand.New(rand.NewPCG(1, 2))
	strs := append([]string{}, jtStrings...)
	for range 2000 {
		b := make([]byte, rnd.IntN(40))
		for i := range b {
			b[i] = byte(rnd.IntN(256))
			if rnd.IntN(2) == 0 {
				b[i] = ' ' + byte(rnd.IntN(95))
			}
		}
		strs = append(strs, string(b))
	}
	for _, s := range strs {
		want, _ := json.Marshal(s)
		if got := jwAppendString(nil, s); !bytes.Equal(got, want) {
			t.Errorf("%q: got %s, want %s", s, got, want)
		}
	}
}

func TestJWAppendFloat(t *testing.T) {
	rnd := rand.New(rand.NewPCG(3, 4))
	fs := []float64{0, math.Copysign(0, -1), 1, -1, 0.1, 1e20, 1e21, 1e-6, 1e-7, 123456789e-15, math.MaxFloat64, math.SmallestNonzeroFloat64, math.MaxFloat32, 1e-45}
	for range 5000 {
		fs = append(fs, rnd.NormFloat64()*math.Pow(10, float64(rnd.IntN(80)-40)))
	}
	for _, f := range fs {
		want, _ := json.Marshal(f)
		if got, _ := jwAppendFloat(nil, f, 64); !bytes.Equal(got, want) {
			t.Errorf("%v: got %s, want %s", f, got, want)
		}
		f32 := float32(f)
		if math.IsInf(float64(f32), 0) {
			continue
		}
		want, _ = json.Marshal(f32)
		if got, _ := jwAppendFloat(nil, float64(f32), 32); !bytes.Equal(got, want) {
			t.Errorf("float32 %v: got %s, want %s", f32, got, want)
		}
	}
	var w jsonWriter
	w.f64(math.NaN())
	if _, err := w.result(); err == nil || err.Error() != "json: unsupported value: NaN" {
		t.Errorf("NaN: %v", err)
	}
}

func TestJSONTime(t *testing.T) {
	for _, tm := range []time.Time{
		time.Date(2020, 1, 2, 3, 4, 5, 600, time.UTC),
		time.Date(2020, 1, 2, 3, 4, 5, 0, time.FixedZone("", -(5*3600+30*60))),
		time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(-1, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(2020, 1, 1, 0, 0, 0, 0, time.FixedZone("", 24*3600)),
	} {
		want, werr := json.Marshal(tm)
		var w jsonWriter
		w.time(tm)
		got, gerr := w.result()
		if (werr == nil) != (gerr == nil) || werr == nil && !bytes.Equal(got, want) {
			t.Errorf("%v: got %s %v, want %s %v", tm, got, gerr, want, werr)
		}
	}
	for _, s := range []string{`"2020-01-02T03:04:05Z"`, `"2020-01-02T03:04:05.123Z"`, `"2020-02-30T03:04:05Z"`, `"2020-01-02T03:04:05+01:00"`, `"2020-01-02t03:04:05z"`, `"2020-01-02T03:04:05.Z"`, `"2020-01-02T03:04:60Z"`, `"0000-01-01T00:00:00Z"`, `"2020-01-02T03:04:05.1234567890Z"`} {
		var want, got time.Time
		werr := json.Unmarshal([]byte(s), &want)
		gerr := jrTime(&jsonReader{data: []byte(s)}, &got)
		if (werr == nil) != (gerr == nil) || !want.Equal(got) || want.Location().String() != got.Location().String() {
			t.Errorf("%s: got %v %v, want %v %v", s, got, gerr, want, werr)
		}
	}
}

func TestJSONDecodeBody(t *testing.T) {
	tests := []struct {
		body   string
		strict bool
		err    string
	}{
		{body: `{"name":"a","child":{"name":"b"}}`, strict: true},
		{body: `{"name":"a","zzz":1}`},
		{body: `{"name":"a","zzz":1}`, strict: true, err: `json: unknown field "zzz"`},
		{body: `{"child":{"zzz":1}}`, strict: true, err: `json: unknown field "zzz"`},
		{body: `{"NAME":"a"}`, strict: true},
		{body: `{"name":"a"} x`, err: "unexpected data after the JSON value"},
		{body: `{"name":"a"}{}`, err: "unexpected data after the JSON value"},
		{body: `{"name":1}`, err: "json: cannot unmarshal number into string"},
		{body: `{"name":`, err: "json: unexpected end of JSON input"},
	}
	for _, tt := range tests {
		var v jtDoc
		handled, err := jsonDecodeBody([]byte(tt.body), jsonDecodeFunc(v.decodeJSON), tt.strict, nil)
		if !handled {
			t.Fatal("not handled")
		}
		if (err == nil) != (tt.err == "") || err != nil && !strings.HasPrefix(err.Error(), tt.err) {
			t.Errorf("%s strict=%v: got %v, want %q", tt.body, tt.strict, err, tt.err)
		}
	}
	if handled, _ := jsonDecodeBody([]byte(`{}`), &struct{}{}, true, nil); handled {
		t.Error("a plain struct was handled")
	}
}

func TestJSONErrorPath(t *testing.T) {
	var v jtDoc
	err := v.UnmarshalJSON([]byte(`{"child":{"child":{"tags":["a",2]}}}`))
	if err == nil || !strings.Contains(err.Error(), "(in child.child.tags[1])") || !strings.Contains(err.Error(), "offset 31") {
		t.Errorf("got %v", err)
	}
}

func TestJSONDepth(t *testing.T) {
	for _, n := range []int{10000, 10001} {
		doc := `{"extra":{"x":` + strings.Repeat("[", n-2) + strings.Repeat("]", n-2) + `}}`
		var v jtDoc
		var p jtPlain
		gerr, werr := v.UnmarshalJSON([]byte(doc)), json.Unmarshal([]byte(doc), &p)
		if (gerr == nil) != (werr == nil) {
			t.Errorf("depth %d: got %v, encoding/json %v", n, gerr, werr)
		}
	}
}

// FuzzJSON checks the reader and writer against encoding/json on
// arbitrary input: the same documents are accepted, decode to the same
// value and encode to the same bytes; strings are escaped alike.
func FuzzJSON(f *testing.F) {
	for _, s := range []string{
		`{"name":"a","count":1,"tags":["x","y"],"child":{"name":"<b>"},"f":1.5}`,
		`{"NAME":"x","Count":-0,"extra":{"a":[1,{"b":null}]},"when":"2020-01-02T03:04:05.5+01:00"}`,
		`{"raw":  [1, "\u2028"] ,"data":"aGVsbG8=","nums":{"a":1,"b":-2147483648}}`,
		`{"tags":null,"child":null,"name":null,"f":3.4028235e38}`,
		`{"name":"\ud800\udc00\ud800x\u00e9\/"}`, `[]`, `null`, `{"f":1e39}`, `{"data":[1,2,256]}`,
		`{"name":"a","name":"b","tags":[],"tags":["c"]}`, "{\"name\":\"\xff\"}", `{"ſ":1,"K":2}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		want, _ := json.Marshal(string(data))
		if got := jwAppendString(nil, string(data)); !bytes.Equal(got, want) {
			t.Fatalf("string %q: got %s, want %s", data, got, want)
		}
		r := jsonReader{data: data}
		valid := r.skip() == nil && r.end() == nil
		if valid != json.Valid(data) {
			t.Fatalf("%q: valid %v, encoding/json says %v", data, valid, !valid)
		}
		var g jtDoc
		var p jtPlain
		gerr := g.UnmarshalJSON(data)
		perr := json.Unmarshal(data, &p)
		if (gerr == nil) != (perr == nil) {
			t.Fatalf("%q: error %v, encoding/json %v", data, gerr, perr)
		}
		if gerr != nil {
			return
		}
		genc, gerr := g.MarshalJSON()
		penc, perr := json.Marshal(&p)
		if (gerr == nil) != (perr == nil) || !bytes.Equal(genc, penc) {
			t.Fatalf("%q: decoded and encoded as %s (%v), encoding/json %s (%v)", data, genc, gerr, penc, perr)
		}
	})
}

// TestPlainSpan checks jrPlainSpan's word steps against a byte loop: one
// bad byte (a control character, DEL's neighbours, a byte of a multi-byte
// rune) at each place of spans of every length up to past two 32-byte
// steps.
func TestPlainSpan(t *testing.T) {
	plain := func(b []byte) bool {
		for _, c := range b {
			if c < 0x20 || c >= 0x80 {
				return false
			}
		}
		return true
	}
	for n := 0; n <= 80; n++ {
		b := bytes.Repeat([]byte{'~'}, n)
		if !jrPlainSpan(b) {
			t.Fatalf("len %d: plain span refused", n)
		}
		for i := range n {
			for _, c := range []byte{0x00, 0x1f, 0x20, 0x7f, 0x80, 0xc3, 0xff} {
				b[i] = c
				if got, want := jrPlainSpan(b), plain(b); got != want {
					t.Fatalf("len %d, byte %#x at %d: %v, want %v", n, c, i, got, want)
				}
			}
			b[i] = '~'
		}
	}
}
