package support

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"runtime"
	"strings"
	"sync"
	"testing"
)

// allocated returns the bytes the process allocates while f runs.
func allocated(f func()) int64 {
	runtime.GC()
	var m0, m1 runtime.MemStats
	runtime.ReadMemStats(&m0)
	f()
	runtime.ReadMemStats(&m1)
	return int64(m1.TotalAlloc - m0.TotalAlloc)
}

// retained returns the heap that decoding data into v leaves in use.
func retained(t *testing.T, data []byte, v any) int64 {
	t.Helper()
	runtime.GC()
	var m0, m1 runtime.MemStats
	runtime.ReadMemStats(&m0)
	if err := json.Unmarshal(data, v); err != nil {
		t.Fatal(err)
	}
	runtime.GC()
	runtime.ReadMemStats(&m1)
	runtime.KeepAlive(v)
	return int64(m1.HeapAlloc) - int64(m0.HeapAlloc)
}

// jsonList is "[item,item,…]" with n items.
func jsonList(item string, n int) string {
	return "[" + strings.Repeat(item+",", n-1) + item + "]"
}

// freeForm is a named empty interface, which encoding/json fills as any.
type freeForm interface{}

// budgetItem is 128 bytes of pointers that {} fills in a slice.
type budgetItem struct {
	A, B, C, D, E, F, G, H, I, J, K, L *string
	M                                  *int64
	N                                  *budgetItem
	O                                  map[string]string
}

type budgetList struct {
	Value []budgetItem `json:"value"`
	Any   any          `json:"any"`
}

// The estimate of what encoding/json allocates follows what the decoded
// value really holds (between once and twice, for slices growing), for
// each kind of value a body can make large.
func TestDecodeEstimateFollowsMemory(t *testing.T) {
	tests := []struct {
		name string
		data string
		v    func() any
	}{
		{"empty structs", jsonList(`{}`, 50000), func() any { return new([]budgetItem) }},
		{"null structs", jsonList(`null`, 50000), func() any { return new([]budgetItem) }},
		{"sparse structs", jsonList(`{"a":"pool-000001"}`, 30000), func() any { return new([]budgetItem) }},
		{"full structs", jsonList(`{"a":"pool-000001","b":"standard_d2s_v3","m":4,"n":{"a":"x"},"o":{"k":"v"}}`, 10000), func() any { return new([]budgetItem) }},
		{"pointers", jsonList(`{}`, 50000), func() any { return new([]*budgetItem) }},
		{"any objects", jsonList(`{}`, 50000), func() any { return new(any) }},
		{"any arrays", jsonList(`[]`, 50000), func() any { return new(any) }},
		{"any mixed", jsonList(`{"a":[1,"x",{"b":null}],"c":true}`, 10000), func() any { return new(any) }},
		{"named empty interfaces", jsonList(`{"a":[1,"x"]}`, 10000), func() any { return new([]freeForm) }},
		{"strings", jsonList(`"abcdefgh"`, 50000), func() any { return new([]string) }},
	}
	for _, tt := range tests {
		v := tt.v()
		b := &decodeBudget{left: 1 << 62, total: 1 << 62}
		w := jsonWalk{data: []byte(tt.data), b: b}
		if err := w.value(reflect.TypeOf(v).Elem()); err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		est, got := b.total-b.left, retained(t, []byte(tt.data), v)
		if est < got*9/10 || est > got*3 {
			t.Errorf("%s: estimated %d bytes, the decoded value holds %d", tt.name, est, got)
		}
	}
}

// bombs are bodies of about 512 KiB that decode into far more: tens of
// megabytes, a hundred with the garbage of growing slices. Each reaches
// the items in a way the estimate must follow.
func bombs() map[string]string {
	const n = 512 << 10 / 3
	return map[string]string{
		"empty items":      `{"value":` + jsonList(`{}`, n) + `}`,
		"null items":       `{"value":` + jsonList(`null`, n*3/5) + `}`,
		"escaped key":      `{"\u0076alue":` + jsonList(`{}`, n) + `}`,
		"folded key":       `{"VALUE":` + jsonList(`{}`, n) + `}`,
		"pointer members":  `{"value":` + jsonList(`{"n":{}}`, n/3) + `}`,
		"any objects":      `{"any":` + jsonList(`{}`, n) + `}`,
		"after deep nests": `{"any":` + strings.Repeat("[", 9998) + strings.Repeat("]", 9998) + `,"value":` + jsonList(`{}`, n) + `}`,
	}
}

func bombResponse(body string) *http.Response {
	u, _ := url.Parse("https://h/pools")
	return &http.Response{Body: io.NopCloser(strings.NewReader(body)), ContentLength: -1, Request: &http.Request{Method: "GET", URL: u}}
}

// The client refuses a response whose decoding would take more than its
// budget, before taking the memory: all it allocates is the body.
func TestClientRefusesDecodingBombs(t *testing.T) {
	const limit = 1 << 20
	for name, body := range bombs() {
		var v budgetList
		var err error
		resp := bombResponse(body)
		n := allocated(func() { err = decodeJSON(resp, &v, limit) })
		var be *decodeBudgetError
		if !errors.As(err, &be) || !strings.Contains(err.Error(), "would allocate more than ") || !strings.Contains(err.Error(), "see WithMaxResponseBytes") {
			t.Errorf("%s: err = %v, want the budget's", name, err)
		}
		if n > 4<<20 {
			t.Errorf("%s: %d bytes allocated for a body of %d", name, n, len(body))
		}
	}
	// An ordinary body of the same size decodes.
	var v budgetList
	body := `{"value":` + jsonList(`{"a":"pool-000001","b":"standard_d2s_v3","m":4,"n":{"a":"x"}}`, 8000) + `}`
	if err := decodeJSON(bombResponse(body), &v, limit); err != nil || len(v.Value) != 8000 {
		t.Errorf("ordinary body: %d items, %v", len(v.Value), err)
	}
	// Past encoding/json's nesting limit, its own error.
	deep := `{"any":` + strings.Repeat("[", 10000) + strings.Repeat("]", 10000) + `}`
	if err := decodeJSON(bombResponse(deep), &v, limit); err == nil || !strings.Contains(err.Error(), "exceeded max depth") {
		t.Errorf("deep body: %v", err)
	}
}

// The server answers such a body 413 without calling the method.
func TestServerRefusesDecodingBombs(t *testing.T) {
	for name, body := range bombs() {
		r := httptest.NewRequest("POST", "/pools", strings.NewReader(body))
		p := newParamReader(r, nil, nil)
		var v budgetList
		var ok bool
		n := allocated(func() { ok = p.readBody(httptest.NewRecorder(), 1<<20, true, false, &v) })
		if ok || p.err == nil || p.err.status != 413 || p.err.code != "RequestBodyTooLarge" || !strings.Contains(p.err.reason, "see WithMaxBodyBytes") {
			t.Errorf("%s: readBody = %v, %+v", name, ok, p.err)
		}
		if n > 4<<20 {
			t.Errorf("%s: %d bytes allocated for a body of %d", name, n, len(body))
		}
	}
}

// The same with generated codecs, which charge the budget as they
// decode: hand-written here as the generator writes them.

// codecBig is 256 bytes; codecSmall points to one.
type codecBig struct{ P [32]*string }

type codecSmall struct{ Big *codecBig }

func (*codecBig) isCodecKind()   {}
func (*codecSmall) isCodecKind() {}

type codecKind interface{ isCodecKind() }

func (m *codecBig) decodeJSON(r *jsonReader) error {
	return r.readFields(func(r *jsonReader, key []byte) error {
		if string(key) == "p" {
			if m.P[0] == nil {
				m.P[0] = new(string)
			}
			return jrString(r, m.P[0])
		}
		return r.skip()
	})
}

func (m *codecSmall) decodeJSON(r *jsonReader) error {
	return r.readFields(func(r *jsonReader, key []byte) error {
		if string(key) == "big" {
			if r.null() {
				m.Big = nil
				return nil
			}
			if m.Big == nil {
				m.Big = new(codecBig)
			}
			return m.Big.decodeJSON(r)
		}
		return r.skip()
	})
}

type codecList struct {
	Bigs   []codecBig
	Smalls []codecSmall
	Kinds  []codecKind
	Map    map[string]codecBig
	Any    any
	Plain  []budgetItem
}

func (m *codecList) decodeJSON(r *jsonReader) error {
	return r.readFields(func(r *jsonReader, key []byte) error {
		switch string(key) {
		case "bigs":
			return jrSlice(r, &m.Bigs, func(r *jsonReader, v *codecBig) error { return v.decodeJSON(r) })
		case "smalls":
			return jrSlice(r, &m.Smalls, func(r *jsonReader, v *codecSmall) error { return v.decodeJSON(r) })
		case "kinds":
			return jrSlice(r, &m.Kinds, func(r *jsonReader, v *codecKind) error {
				return jrUnion(r, v, "kind", func(kind string) (codecKind, jsonDecoder) {
					if kind == "big" {
						v := new(codecBig)
						return v, v
					}
					v := new(codecSmall)
					return v, v
				})
			})
		case "map":
			return jrMap(r, &m.Map, func(r *jsonReader, v *codecBig) error { return v.decodeJSON(r) })
		case "any":
			return jrAny(r, &m.Any)
		case "plain": // a type without codecs, held by one
			return jrAny(r, &m.Plain)
		}
		return r.skip()
	})
}

func TestCodecsRefuseDecodingBombs(t *testing.T) {
	const n = 512 << 10 / 3
	keys := make([]string, n/8)
	for i := range keys {
		keys[i] = `"` + string(rune('a'+i%26)) + string(rune('a'+i/26%26)) + string(rune('a'+i/676%26)) + `":{}`
	}
	for name, body := range map[string]string{
		"slice":    `{"bigs":` + jsonList(`{}`, n) + `}`,
		"pointers": `{"smalls":` + jsonList(`{"big":{}}`, n/4) + `}`,
		"union":    `{"kinds":` + jsonList(`{"kind":"big"}`, n/5) + `}`,
		"map":      `{"map":{` + strings.Join(keys, ",") + `}}`,
		"any":      `{"any":` + jsonList(`{}`, n) + `}`,
		"plain":    `{"plain":` + jsonList(`{}`, n) + `}`,
	} {
		var v codecList
		var err error
		resp := bombResponse(body)
		got := allocated(func() { err = decodeJSON(resp, jsonDecodeFunc(v.decodeJSON), 1<<20) })
		if !errors.As(err, new(*decodeBudgetError)) || !strings.Contains(err.Error(), "see WithMaxResponseBytes") {
			t.Errorf("%s: err = %v, want the budget's", name, err)
		}
		if got > 16<<20 { // the budget, 5 MiB, and the garbage of growing slices

			t.Errorf("%s: %d bytes allocated for a body of %d", name, got, len(body))
		}
	}
	// What the codecs charge follows what the value holds.
	for name, body := range map[string]string{
		"slice":    `{"bigs":` + jsonList(`{"p":"x"}`, 4000) + `}`,
		"pointers": `{"smalls":` + jsonList(`{"big":{"p":"x"}}`, 4000) + `}`,
		"union":    `{"kinds":` + jsonList(`{"kind":"big","p":"x"}`, 4000) + `}`,
	} {
		runtime.GC()
		var m0, m1 runtime.MemStats
		runtime.ReadMemStats(&m0)
		v := new(codecList)
		b := &decodeBudget{left: 1 << 62, total: 1 << 62}
		if handled, err := jsonDecodeBody([]byte(body), jsonDecodeFunc(v.decodeJSON), false, b); !handled || err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		runtime.GC()
		runtime.ReadMemStats(&m1)
		runtime.KeepAlive(v)
		est, got := b.total-b.left, int64(m1.HeapAlloc)-int64(m0.HeapAlloc)
		if est < got*9/10 || est > got*3 {
			t.Errorf("%s: charged %d bytes, the decoded value holds %d", name, est, got)
		}
	}
}

// Without a budget (a generated UnmarshalJSON, the definition's own
// examples) nothing is charged or refused.
func TestNoBudget(t *testing.T) {
	var v codecList
	if err := unmarshalJSON([]byte(`{"bigs":`+jsonList(`{}`, 20000)+`}`), jsonDecodeFunc(v.decodeJSON), nil); err != nil || len(v.Bigs) != 20000 {
		t.Errorf("%d items, %v", len(v.Bigs), err)
	}
	var w budgetList
	if err := unmarshalJSON([]byte(`{"value":`+jsonList(`{}`, 20000)+`}`), &w, nil); err != nil || len(w.Value) != 20000 {
		t.Errorf("%d items, %v", len(w.Value), err)
	}
}

// The walk matches members as encoding/json does.
func TestJSONFieldsLookup(t *testing.T) {
	type inner struct{ Deep *budgetItem }
	type outer struct {
		Name   string `json:"name"`
		Hidden string `json:"-"`
		Plain  int
		*inner
		Kind    string `json:"kind"`
		skipped int    // unexported: not a member
	}
	fs := newJSONFields(reflect.TypeFor[outer]())
	for key, want := range map[string]string{"name": "name", "NAME": "name", "Plain": "Plain", "plain": "Plain", "Deep": "Deep", "Hidden": "", "-": "", "skipped": "", "\u212aIND": "kind"} {
		got := ""
		if f := fs.lookup([]byte(key)); f != nil {
			got = f.name
		}
		if got != want {
			t.Errorf("lookup(%q) = %q, want %q", key, got, want)
		}
	}
	if f := fs.lookup([]byte("Deep")); f == nil || f.ptrs != int64(reflect.TypeFor[inner]().Size()) {
		t.Errorf("Deep: the embedded pointer's target is not charged: %+v", f)
	}
}

// FuzzJSONWalk: the walk never panics, and it reads to the end every
// document encoding/json reads (stopping early would leave the rest of a
// body uncounted), into each kind of type.
func FuzzJSONWalk(f *testing.F) {
	for _, s := range []string{
		`{"value":[{},{"a":"x","n":{"o":{"k":"v"}}},null],"any":[1,"x",{"y":[true,false,null]}]}`,
		`{"\u0076alue":[{"A":"\ud800x"}],"VALUE":[],"ſ":1}`, `[]`, `null`, `"x"`, `-1.5e+3`,
		`{"o":{"a":"b","a":"c"}}`, "{\"\xff\":1}", `[[[[[]]]]]`, ` {"value" : [ { } ] } `,
		`{"value":[{}`, `{"value":[}`, `{"a":tru}`, `{"a":"\"}`,
	} {
		f.Add([]byte(s))
	}
	types := []reflect.Type{anyType, reflect.TypeFor[budgetList](), reflect.TypeFor[[]budgetItem](),
		reflect.TypeFor[map[string]budgetItem](), reflect.TypeFor[[2]string](), reflect.TypeFor[json.RawMessage]()}
	f.Fuzz(func(t *testing.T, data []byte) {
		valid := json.Valid(data)
		for _, typ := range types {
			w := jsonWalk{data: data, b: &decodeBudget{left: 1 << 62, total: 1 << 62}}
			if err := w.value(typ); valid && err != nil {
				t.Fatalf("%q into %v: %v", data, typ, err)
			}
		}
	})
}

// TestTypeCacheConcurrent: goroutines asking for the same types at once
// all get the one value stored first, and none sees a half-built map
// (run with -race).
func TestTypeCacheConcurrent(t *testing.T) {
	var c typeCache
	types := []reflect.Type{reflect.TypeFor[int](), reflect.TypeFor[string](), reflect.TypeFor[[]byte](), reflect.TypeFor[map[string]int]()}
	got := make([][]any, 8)
	var wg sync.WaitGroup
	for g := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i, typ := range types {
				v := c.loadOrStore(typ, g*10+i)
				if w, ok := c.load(typ); !ok || w != v {
					t.Errorf("load(%v) = %v, %v after loadOrStore gave %v", typ, w, ok, v)
				}
				got[g] = append(got[g], v)
			}
		}()
	}
	wg.Wait()
	for g := range got {
		for i := range types {
			if got[g][i] != got[0][i] {
				t.Fatalf("goroutine %d got %v for %v, goroutine 0 got %v", g, got[g][i], types[i], got[0][i])
			}
		}
	}
	if _, ok := c.load(reflect.TypeFor[bool]()); ok {
		t.Error("load of a type never stored reports a value")
	}
}
