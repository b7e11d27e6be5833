package support

import (
	"errors"
	"strings"
	"testing"
)

// A two-kind union written by hand the way the generator writes one.
type testKind interface{ isTestKind() }

type testCat struct{ Kind, Name string }

type testDog struct {
	Kind string
	Legs int64
}

func (*testCat) isTestKind() {}
func (*testDog) isTestKind() {}

func (m *testCat) decodeJSON(r *jsonReader) error {
	return r.readObject(func(key []byte) error {
		switch string(key) {
		case "kind":
			return jrString(r, &m.Kind)
		case "name":
			return jrString(r, &m.Name)
		}
		return r.unknown(key)
	})
}

func (m *testDog) decodeJSON(r *jsonReader) error {
	return r.readObject(func(key []byte) error {
		switch string(key) {
		case "kind":
			return jrString(r, &m.Kind)
		case "legs":
			return jrInt(r, &m.Legs)
		}
		return r.unknown(key)
	})
}

func decodeTestKind(r *jsonReader, p *testKind) error {
	return jrUnion(r, p, "kind", func(kind string) (testKind, jsonDecoder) {
		switch kind {
		case "cat":
			v := new(testCat)
			return v, v
		case "dog":
			v := new(testDog)
			return v, v
		}
		return nil, nil
	})
}

func TestJRUnion(t *testing.T) {
	for _, tc := range []struct {
		in, want, err string
		strict        bool
	}{
		{in: `{"kind":"cat","name":"Tom"}`, want: "cat Tom"},
		{in: ` {"name":"Tom","kind":"cat"}`, want: "cat Tom"},                                   // the kind need not come first
		{in: `{"legs":4,"kind":"dog","kind":"cat"}`, err: `unknown field "legs"`, strict: true}, // the last kind wins
		{in: `{"legs":4,"kind":"dog"}`, want: "dog 4"},
		{in: `{"kind":"dog","legs":4,"tail":{"a":[1]}}`, want: "dog 4"},
		{in: `{"kind":"dog","tail":1}`, err: `unknown field "tail"`, strict: true},
		{in: `null`, want: "nil"},
		{in: `{"kind":"cow"}`, err: `unknown kind "cow" at offset 0`},
		{in: `{"name":"x"}`, err: `unknown kind ""`},
		{in: `{"kind":7}`, err: "kind"},
		{in: `[]`, err: "object"},
		{in: `"cat"`, err: "object"},
		{in: `{"kind":"cat"`, err: "offset"},
		{in: `{"kind":"dog","legs":"four"}`, err: "legs"},
	} {
		r := jsonReader{data: []byte(tc.in), strict: tc.strict}
		var v testKind = &testCat{} // null must clear it
		err := decodeTestKind(&r, &v)
		if err == nil {
			err = r.end()
		}
		switch {
		case tc.err != "":
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%s: err = %v, want %q", tc.in, err, tc.err)
			}
		case err != nil:
			t.Errorf("%s: %v", tc.in, err)
		default:
			got := "nil"
			switch v := v.(type) {
			case *testCat:
				got = v.Kind + " " + v.Name
			case *testDog:
				got = v.Kind + " " + string(rune('0'+v.Legs))
			}
			if got != tc.want {
				t.Errorf("%s: got %q, want %q", tc.in, got, tc.want)
			}
		}
	}
}

// An error inside a kind reports its offset in the whole document.
func TestJRUnionErrorOffset(t *testing.T) {
	doc := `[{"kind":"cat"}, {"kind":"dog","legs":"four"}]`
	r := jsonReader{data: []byte(doc)}
	var list []testKind
	err := jrSlice(&r, &list, func(r *jsonReader, v *testKind) error { return decodeTestKind(r, v) })
	var je *jsonError
	if !errors.As(err, &je) {
		t.Fatalf("err = %v", err)
	}
	if want := strings.Index(doc, `"four"`); je.off < want {
		t.Errorf("offset %d, want at least %d (%v)", je.off, want, err)
	}
}

func TestJSONFuncAdapters(t *testing.T) {
	var v testKind
	if err := unmarshalJSON([]byte(`{"kind":"dog","legs":3}`), jsonDecodeFunc(func(r *jsonReader) error { return decodeTestKind(r, &v) }), nil); err != nil {
		t.Fatal(err)
	}
	if d, ok := v.(*testDog); !ok || d.Legs != 3 {
		t.Fatalf("decoded %#v", v)
	}
	if err := unmarshalJSON([]byte(`{"kind":"dog"} x`), jsonDecodeFunc(func(r *jsonReader) error { return decodeTestKind(r, &v) }), nil); err == nil {
		t.Error("trailing data accepted")
	}
	b, err := marshalJSON(jsonEncodeFunc(func(w *jsonWriter) { w.str("dog") }))
	if err != nil || string(b) != `"dog"` {
		t.Errorf("marshalJSON = %s, %v", b, err)
	}
}
