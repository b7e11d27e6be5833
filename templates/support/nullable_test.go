package support

import (
	"bytes"
	"encoding/json"
	"math"
	"reflect"
	"testing"
	"time"
)

// ntText marshals only through a pointer, as many user types do.
type ntText struct{ s string }

func (t *ntText) MarshalText() ([]byte, error) { return []byte("<" + t.s + ">"), nil }

func (t *ntText) UnmarshalText(b []byte) error { t.s = string(bytes.Trim(b, "<>")); return nil }

type ntObject struct {
	Note *string `json:"note,omitempty"`
	N    int     `json:"n"`
}

// sameAsEncodingJSON checks that a Nullable holding v writes exactly what
// encoding/json writes for v, and reads it back as a value.
func sameAsEncodingJSON[T any](t *testing.T, v T) {
	t.Helper()
	want, werr := json.Marshal(&v)
	got, gerr := NewNullable(v).MarshalJSON()
	if (werr != nil) != (gerr != nil) || !bytes.Equal(got, want) {
		t.Fatalf("NewNullable(%#v): %s, %v; encoding/json: %s, %v", v, got, gerr, want, werr)
	}
	if werr != nil || string(want) == "null" {
		return
	}
	var back Nullable[T]
	if err := json.Unmarshal(got, &back); err != nil {
		t.Fatalf("%s: %v", got, err)
	}
	var direct T
	if err := json.Unmarshal(want, &direct); err != nil {
		t.Fatal(err)
	}
	if gv, ok := back.Get(); !ok || !back.IsSet() || back.IsNull() || !reflect.DeepEqual(gv, direct) {
		t.Errorf("%s read back as %#v, want the value %#v", got, back, direct)
	}
}

func TestNullableValueJSON(t *testing.T) {
	note := "x"
	sameAsEncodingJSON(t, "")
	sameAsEncodingJSON(t, "a \"quoted\" <html> & \u2028 line")
	sameAsEncodingJSON(t, "\xff invalid UTF-8")
	sameAsEncodingJSON(t, int32(0))
	sameAsEncodingJSON(t, int64(math.MinInt64))
	sameAsEncodingJSON(t, 1e21)
	sameAsEncodingJSON(t, float32(0.1))
	sameAsEncodingJSON(t, math.NaN()) // an error both ways
	sameAsEncodingJSON(t, true)
	sameAsEncodingJSON(t, []string{})
	sameAsEncodingJSON(t, []string(nil)) // null, as encoding/json writes it
	sameAsEncodingJSON(t, []int64{1, 2})
	sameAsEncodingJSON(t, map[string]int32{"b": 2, "a": 1})
	sameAsEncodingJSON(t, ntObject{Note: &note, N: 3})
	sameAsEncodingJSON(t, ntObject{})
	sameAsEncodingJSON(t, time.Date(2026, 11, 30, 18, 0, 0, 5, time.UTC))
	sameAsEncodingJSON(t, []byte("bytes"))
	sameAsEncodingJSON(t, json.RawMessage(`{"a":1}`))
	sameAsEncodingJSON(t, ntText{"t"})
	sameAsEncodingJSON[any](t, map[string]any{"x": []any{1.5, "y", nil}})
}

// FuzzNullableJSON: for any value, a Nullable writes what encoding/json
// writes and reads it back as that value.
func FuzzNullableJSON(f *testing.F) {
	f.Add("", int64(0), 0.0, false)
	f.Add("héllo\n\"", int64(-7), 1.5e-300, true)
	f.Add("\x00<>&", int64(math.MaxInt64), -0.0, false)
	f.Fuzz(func(t *testing.T, s string, i int64, x float64, b bool) {
		sameAsEncodingJSON(t, s)
		sameAsEncodingJSON(t, i)
		sameAsEncodingJSON(t, x)
		sameAsEncodingJSON(t, b)
		sameAsEncodingJSON(t, []string{s, s})
		sameAsEncodingJSON(t, map[string]int64{s: i})
		sameAsEncodingJSON(t, ntObject{Note: &s, N: int(i)})
	})
}

func TestNullableStates(t *testing.T) {
	var absent Nullable[int32]
	null := Null[int32]()
	value := NewNullable[int32](0)
	for _, tc := range []struct {
		name            string
		n               Nullable[int32]
		set, isNull, ok bool
		json            string
	}{
		{"absent", absent, false, false, false, "null"},
		{"null", null, true, true, false, "null"},
		{"value", value, true, false, true, "0"},
	} {
		if tc.n.IsSet() != tc.set || tc.n.IsNull() != tc.isNull {
			t.Errorf("%s: IsSet %v IsNull %v", tc.name, tc.n.IsSet(), tc.n.IsNull())
		}
		if _, ok := tc.n.Get(); ok != tc.ok || (tc.n.Ptr() != nil) != tc.ok {
			t.Errorf("%s: Get ok %v, Ptr %v", tc.name, ok, tc.n.Ptr())
		}
		if b, err := tc.n.MarshalJSON(); err != nil || string(b) != tc.json {
			t.Errorf("%s: MarshalJSON %s, %v", tc.name, b, err)
		}
	}
	// Comparable values compare by state and value.
	if absent == null || null == value || value != NewNullable[int32](0) || null != Null[int32]() {
		t.Error("== does not tell the states apart")
	}
	var n Nullable[string]
	n.Set("a")
	if v, ok := n.Get(); !ok || v != "a" {
		t.Errorf("Set: %v %v", v, ok)
	}
	n.SetNull()
	if _, ok := n.Get(); ok || !n.IsNull() || !n.IsSet() {
		t.Errorf("SetNull: %#v", n)
	}
	n.Unset()
	if n != (Nullable[string]{}) {
		t.Errorf("Unset: %#v", n)
	}
	if p := NewNullable("v").Ptr(); p == nil || *p != "v" {
		t.Errorf("Ptr: %v", p)
	}
}

// ntPatch is a struct holding Nullables, written the way
// generator/emit/json.go generates its codec: absent members are left
// out, null and values written; decoding tells the three apart.
type ntPatch struct {
	Name  Nullable[string]   `json:"name,omitempty"`
	Count Nullable[int64]    `json:"count,omitempty"`
	Tags  Nullable[[]string] `json:"tags,omitempty"`
}

func (m ntPatch) MarshalJSON() ([]byte, error) {
	w := jsonWriter{buf: make([]byte, 0, jsonInitialBuf)}
	m.encodeJSON(&w)
	return w.result()
}

func (m *ntPatch) encodeJSON(w *jsonWriter) {
	o := w.object()
	if m.Count.set {
		w.field(o, `"count":`)
		if m.Count.null {
			w.null()
		} else {
			w.int(int64(m.Count.value))
		}
	}
	if m.Name.set {
		w.field(o, `"name":`)
		if m.Name.null {
			w.null()
		} else {
			w.str(m.Name.value)
		}
	}
	if m.Tags.set {
		w.field(o, `"tags":`)
		if m.Tags.null {
			w.null()
		} else {
			w.value(&m.Tags.value)
		}
	}
	w.char('}')
}

func (m *ntPatch) UnmarshalJSON(data []byte) error {
	r := jsonReader{data: data}
	if err := r.readObject(func(key []byte) error {
		switch jsonFieldName(key, "count", "name", "tags") {
		case "count":
			if r.null() {
				m.Count.SetNull()
				return nil
			}
			return jrInt(&r, m.Count.fill())
		case "name":
			if r.null() {
				m.Name.SetNull()
				return nil
			}
			return jrString(&r, m.Name.fill())
		case "tags":
			if r.null() {
				m.Tags.SetNull()
				return nil
			}
			return jrAny(&r, m.Tags.fill())
		}
		return r.unknown(key)
	}); err != nil {
		return err
	}
	return r.end()
}

func TestNullableInStruct(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want ntPatch
	}{
		{`{}`, ntPatch{}},
		{`{"count":null,"name":null,"tags":null}`, ntPatch{Count: Null[int64](), Name: Null[string](), Tags: Null[[]string]()}},
		{`{"count":0,"name":"","tags":[]}`, ntPatch{Count: NewNullable[int64](0), Name: NewNullable(""), Tags: NewNullable([]string{})}},
		{`{"name":"a"}`, ntPatch{Name: NewNullable("a")}},
	} {
		var got ntPatch
		if err := json.Unmarshal([]byte(tc.in), &got); err != nil {
			t.Fatalf("%s: %v", tc.in, err)
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: decoded %#v, want %#v", tc.in, got, tc.want)
		}
		out, err := json.Marshal(tc.want)
		if err != nil || string(out) != tc.in {
			t.Errorf("encoded %s, %v; want %s", out, err, tc.in)
		}
	}
}
