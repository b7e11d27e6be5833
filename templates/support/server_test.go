package support

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"reflect"
	"regexp"
	"strings"
	"sync"
	"testing"
)

// ---- path patterns ----

func TestCompilePath(t *testing.T) {
	tests := []struct {
		tmpl     string
		literals []string
		names    []string
	}{
		{"/", []string{"/"}, nil},
		{"/jobs", []string{"/jobs"}, nil},
		{"/jobs/{jobId}", []string{"/jobs/", ""}, []string{"jobId"}},
		{"/jobs/{jobId}/tasks/{taskId}", []string{"/jobs/", "/tasks/", ""}, []string{"jobId", "taskId"}},
		{"/certificates(thumbprintAlgorithm={thumbprintAlgorithm},thumbprint={thumbprint})/canceldelete",
			[]string{"/certificates(thumbprintAlgorithm=", ",thumbprint=", ")/canceldelete"},
			[]string{"thumbprintAlgorithm", "thumbprint"}},
	}
	for _, tt := range tests {
		p := compilePath(tt.tmpl)
		if !reflect.DeepEqual(p.literals, tt.literals) || !reflect.DeepEqual(p.names, tt.names) {
			t.Errorf("compilePath(%q) = %q %q, want %q %q", tt.tmpl, p.literals, p.names, tt.literals, tt.names)
		}
		if len(p.literals) != len(p.names)+1 {
			t.Errorf("compilePath(%q): %d literals for %d names", tt.tmpl, len(p.literals), len(p.names))
		}
	}
}

func TestPathPatternMatch(t *testing.T) {
	const certDel = "/certificates(thumbprintAlgorithm={thumbprintAlgorithm},thumbprint={thumbprint})/canceldelete"
	const cert = "/certificates(thumbprintAlgorithm={thumbprintAlgorithm},thumbprint={thumbprint})"
	tests := []struct {
		name string
		tmpl string
		path string
		want []string // nil with ok
		ok   bool
	}{
		{"plain", "/jobs", "/jobs", nil, true},
		{"plain root", "/", "/", nil, true},
		{"plain other", "/jobs", "/pools", nil, false},
		{"plain trailing slash in path", "/jobs", "/jobs/", nil, false},
		{"plain trailing slash in template", "/jobs/", "/jobs", nil, false},
		{"plain extra segment", "/jobs", "/jobs/x", nil, false},
		{"plain prefix only", "/jobs", "/job", nil, false},
		{"plain case sensitive", "/jobs", "/Jobs", nil, false},
		{"param", "/jobs/{jobId}", "/jobs/j1", []string{"j1"}, true},
		{"param escaped kept escaped", "/jobs/{jobId}", "/jobs/a%20b%2Fc", []string{"a%20b%2Fc"}, true},
		{"param empty", "/jobs/{jobId}", "/jobs/", []string{""}, true},
		{"param missing segment", "/jobs/{jobId}", "/jobs", nil, false},
		{"param extra segment", "/jobs/{jobId}", "/jobs/j1/tasks", nil, false},
		{"param trailing slash", "/jobs/{jobId}", "/jobs/j1/", nil, false},
		{"param raw slash", "/jobs/{jobId}", "/jobs/a/b", nil, false},
		{"two params", "/jobs/{jobId}/tasks/{taskId}", "/jobs/j1/tasks/t2", []string{"j1", "t2"}, true},
		{"two params missing", "/jobs/{jobId}/tasks/{taskId}", "/jobs/j1/tasks", nil, false},
		{"two params raw slash", "/jobs/{jobId}/tasks/{taskId}", "/jobs/j/1/tasks/t2", nil, false},
		{"two params extra", "/jobs/{jobId}/tasks/{taskId}", "/jobs/j1/tasks/t2/x", nil, false},
		{"param then literal", "/jobs/{jobId}/disable", "/jobs/j1/disable", []string{"j1"}, true},
		{"param then literal wrong", "/jobs/{jobId}/disable", "/jobs/j1/enable", nil, false},
		{"odata", certDel, "/certificates(thumbprintAlgorithm=sha1,thumbprint=abc123)/canceldelete", []string{"sha1", "abc123"}, true},
		{"odata escaped values", certDel,
			"/certificates(thumbprintAlgorithm=sh%2Ca1,thumbprint=a%29b%27c%2Fd%20e%28)/canceldelete",
			[]string{"sh%2Ca1", "a%29b%27c%2Fd%20e%28"}, true},
		{"odata escaped equals and comma", certDel,
			"/certificates(thumbprintAlgorithm=a%3D1%2Cthumbprint%3D2,thumbprint=x)/canceldelete",
			[]string{"a%3D1%2Cthumbprint%3D2", "x"}, true},
		{"odata empty values", certDel, "/certificates(thumbprintAlgorithm=,thumbprint=)/canceldelete", []string{"", ""}, true},
		{"odata raw slash in value", certDel, "/certificates(thumbprintAlgorithm=sha1,thumbprint=a/b)/canceldelete", nil, false},
		{"odata missing suffix", certDel, "/certificates(thumbprintAlgorithm=sha1,thumbprint=abc)", nil, false},
		{"odata extra segment", certDel, "/certificates(thumbprintAlgorithm=sha1,thumbprint=abc)/canceldelete/x", nil, false},
		{"odata trailing slash", certDel, "/certificates(thumbprintAlgorithm=sha1,thumbprint=abc)/canceldelete/", nil, false},
		{"odata missing key", certDel, "/certificates(thumbprintAlgorithm=sha1)/canceldelete", nil, false},
		{"odata keys swapped", certDel, "/certificates(thumbprint=abc,thumbprintAlgorithm=sha1)/canceldelete", nil, false},
		{"odata escaped parens", certDel, "/certificates%28thumbprintAlgorithm=sha1,thumbprint=abc%29/canceldelete", nil, false},
		{"odata without suffix", cert, "/certificates(thumbprintAlgorithm=sha1,thumbprint=abc)", []string{"sha1", "abc"}, true},
		{"odata without suffix vs canceldelete", cert, "/certificates(thumbprintAlgorithm=sha1,thumbprint=abc)/canceldelete", nil, false},
		{"odata without suffix trailing slash", cert, "/certificates(thumbprintAlgorithm=sha1,thumbprint=abc)/", nil, false},
		{"reserved spans segments", "/files/{+path}", "/files/a/b%20c/d", []string{"a/b%20c/d"}, true},
		{"the template's last literal is matched at the end", "/files/{+path}/meta", "/files/a/meta/b/meta", []string{"a/meta/b"}, true},
		{"a last literal a value holds", "/files/{name}.json", "/files/a.json.json", []string{"a.json"}, true},
		{"a literal between values", "/t/{tenant}-{user}", "/t/acme%2Dcorp-bob", []string{"acme%2Dcorp", "bob"}, true},
		{"reserved then literal once", "/files/{+path}/meta", "/files/a/b/meta", []string{"a/b"}, true},
		{"reserved beside plain", "/d/{a}/{+b}", "/d/x/y/z", []string{"x", "y/z"}, true},
		{"plain beside reserved", "/d/{+a}/{b}", "/d/x/y/z", nil, false},
		{"odata without suffix escaped", cert, "/certificates(thumbprintAlgorithm=sha1,thumbprint=a%29%2C%27%2F%20)", []string{"sha1", "a%29%2C%27%2F%20"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := compilePath(tt.tmpl).match(tt.path)
			if !ok {
				got = nil // values are meaningless without a match
			}
			if ok != tt.ok || !reflect.DeepEqual(got, tt.want) {
				t.Errorf("match(%q, %q) = %q, %v; want %q, %v", tt.tmpl, tt.path, got, ok, tt.want, tt.ok)
			}
		})
	}
}

// TestPathPatternEscapeRoundTrip checks that any value escaped by the client
// comes back intact from the OData template.
func TestPathPatternEscapeRoundTrip(t *testing.T) {
	p := compilePath("/certificates(thumbprintAlgorithm={a},thumbprint={b})/canceldelete")
	for _, v := range [][2]string{
		{"sha1", "abc"},
		{",thumbprint=", ")/canceldelete"},
		{"a,b", "c)d"},
		{"'quoted'", "with space/and slash"},
		{"100%", "é"},
		{"", ""},
	} {
		path := "/certificates(thumbprintAlgorithm=" + escapePathValue(v[0]) + ",thumbprint=" + escapePathValue(v[1]) + ")/canceldelete"
		got, ok := p.match(path)
		if !ok {
			t.Errorf("no match for %q", path)
			continue
		}
		r := httptest.NewRequest("GET", "http://h"+path, nil)
		pr := newParamReader(r, p.names, got)
		a, _ := readParam(pr, inPath, "a", false, parseString)
		b, _ := readParam(pr, inPath, "b", false, parseString)
		if pr.err != nil || a != v[0] || b != v[1] {
			t.Errorf("values for %q = %q, %q (%+v); want %q", path, a, b, pr.err, v)
		}
	}
}

// ---- parameter reader ----

func newTestReader(t *testing.T, target string, header http.Header, names, vals []string) *paramReader {
	t.Helper()
	r := httptest.NewRequest("GET", "http://example.com/", nil)
	if i := strings.IndexByte(target, '?'); i >= 0 {
		r.URL.RawQuery = target[i+1:]
	}
	for k, v := range header {
		r.Header[k] = v
	}
	return newParamReader(r, names, vals)
}

func TestReadParam(t *testing.T) {
	type want struct {
		v      string
		ok     bool
		status int
		code   string
		in     string
		name   string
		value  string
		reason string
	}
	tests := []struct {
		name     string
		target   string
		header   http.Header
		pnames   []string
		pvals    []string
		in       string
		param    string
		required bool
		want     want
	}{
		{"path", "", nil, []string{"jobId"}, []string{"j1"}, inPath, "jobId", true, want{v: "j1", ok: true}},
		{"path unescaped", "", nil, []string{"jobId"}, []string{"a%20b%2Fc%2C%29%27"}, inPath, "jobId", true, want{v: "a b/c,)'", ok: true}},
		{"path plus kept", "", nil, []string{"jobId"}, []string{"a+b"}, inPath, "jobId", true, want{v: "a+b", ok: true}},
		{"path second", "", nil, []string{"a", "b"}, []string{"1", "2"}, inPath, "b", true, want{v: "2", ok: true}},
		{"path empty required", "", nil, []string{"jobId"}, []string{""}, inPath, "jobId", true,
			want{status: 400, code: "InvalidUri", in: inPath, name: "jobId", reason: "required"}},
		{"path empty optional", "", nil, []string{"jobId"}, []string{""}, inPath, "jobId", false, want{}},
		{"path unknown name required", "", nil, []string{"jobId"}, []string{"x"}, inPath, "other", true,
			want{status: 400, code: "InvalidUri", in: inPath, name: "other", reason: "required"}},
		{"path malformed escape", "", nil, []string{"jobId"}, []string{"a%zz"}, inPath, "jobId", true,
			want{status: 400, code: "InvalidUri", in: inPath, name: "jobId", value: "a%zz", reason: "malformed percent-encoding"}},
		{"path truncated escape", "", nil, []string{"jobId"}, []string{"a%2"}, inPath, "jobId", false,
			want{status: 400, code: "InvalidUri", in: inPath, name: "jobId", value: "a%2", reason: "malformed percent-encoding"}},
		{"query", "?api-version=2024-01-01&x=1", nil, nil, nil, inQuery, "api-version", true, want{v: "2024-01-01", ok: true}},
		{"query escaped", "?q=a%20b%2Cc+d", nil, nil, nil, inQuery, "q", true, want{v: "a b,c d", ok: true}},
		{"query empty value", "?q=", nil, nil, nil, inQuery, "q", true, want{v: "", ok: true}},
		{"query case sensitive", "?Q=1", nil, nil, nil, inQuery, "q", false, want{}},
		{"query missing required", "?x=1", nil, nil, nil, inQuery, "api-version", true,
			want{status: 400, code: "MissingRequiredQueryParameter", in: inQuery, name: "api-version", reason: "required"}},
		{"query missing optional", "", nil, nil, nil, inQuery, "q", false, want{}},
		{"query duplicated", "?q=1&q=2", nil, nil, nil, inQuery, "q", false,
			want{status: 400, code: "InvalidQueryParameterValue", in: inQuery, name: "q", value: "1,2", reason: "given more than once"}},
		{"query malformed", "?q=%zz", nil, nil, nil, inQuery, "x", false,
			want{status: 400, code: "InvalidQueryParameterValue", in: inQuery, name: "", value: "q=%zz", reason: "malformed query string"}},
		{"query semicolon", "?a=1;b=2", nil, nil, nil, inQuery, "a", false,
			want{status: 400, code: "InvalidQueryParameterValue", in: inQuery, name: "", value: "a=1;b=2", reason: "malformed query string"}},
		{"header", "", http.Header{"Client-Request-Id": {"abc"}}, nil, nil, inHeader, "client-request-id", true, want{v: "abc", ok: true}},
		{"header non-canonical lookup", "", http.Header{"Ocp-Date": {"x"}}, nil, nil, inHeader, "ocp-date", true, want{v: "x", ok: true}},
		{"header comma list is one value", "", http.Header{"X-List": {"a,b"}}, nil, nil, inHeader, "X-List", true, want{v: "a,b", ok: true}},
		{"header missing required", "", nil, nil, nil, inHeader, "If-Match", true,
			want{status: 400, code: "MissingRequiredHeader", in: inHeader, name: "If-Match", reason: "required"}},
		{"header missing optional", "", nil, nil, nil, inHeader, "If-Match", false, want{}},
		{"header duplicated", "", http.Header{"If-Match": {"a", "b"}}, nil, nil, inHeader, "If-Match", false,
			want{status: 400, code: "InvalidHeaderValue", in: inHeader, name: "If-Match", value: "a,b", reason: "given more than once"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := newTestReader(t, tt.target, tt.header, tt.pnames, tt.pvals)
			v, ok := readParam(p, tt.in, tt.param, tt.required, parseString)
			if v != tt.want.v || ok != tt.want.ok {
				t.Errorf("readParam = %q, %v; want %q, %v", v, ok, tt.want.v, tt.want.ok)
			}
			var got want
			got.v, got.ok = v, ok
			if p.err != nil {
				e := p.err
				got.status, got.code, got.in, got.name, got.value, got.reason = e.status, e.code, e.in, e.name, e.value, e.reason
			}
			if got != tt.want {
				t.Errorf("got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestReadParamParseFailure(t *testing.T) {
	p := newTestReader(t, "?n=abc&m=xyz&b=True&ok=5", nil, nil, nil)
	if v, ok := readParam(p, inQuery, "ok", true, parseInt32); !ok || v != 5 {
		t.Fatalf("ok = %v, %v", v, ok)
	}
	if p.err != nil {
		t.Fatalf("unexpected error %+v", p.err)
	}
	if v, ok := readParam(p, inQuery, "n", true, parseInt32); ok || v != 0 {
		t.Errorf("n = %v, %v", v, ok)
	}
	first := *p.err
	want := paramError{status: 400, code: "InvalidQueryParameterValue", in: inQuery, name: "n", value: "abc", reason: "not a 32-bit integer"}
	if first != want {
		t.Errorf("err = %+v, want %+v", first, want)
	}
	// Later failures of every kind leave the first error alone.
	readParam(p, inQuery, "m", true, parseInt32)
	readParam(p, inQuery, "b", true, parseBool)
	readParam(p, inQuery, "missing", true, parseString)
	readParam(p, inHeader, "X-Missing", true, parseString)
	checkMin(p, inQuery, "ok", int32(5), 10, false)
	checkEnum(p, inQuery, "b", "True", []string{"true"})
	if *p.err != want {
		t.Errorf("err after more failures = %+v, want %+v", *p.err, want)
	}
	// A valid parameter still reads after an error.
	if v, ok := readParam(p, inQuery, "ok", true, parseInt64); !ok || v != 5 {
		t.Errorf("ok after error = %v, %v", v, ok)
	}

	// The malformed query error comes first, before any parameter.
	p = newTestReader(t, "?a=%zz&b=1", nil, nil, nil)
	readParam(p, inQuery, "c", true, parseString)
	if p.err == nil || p.err.reason != "malformed query string" {
		t.Errorf("err = %+v, want malformed query string", p.err)
	}
	// Nothing is read from a query string that does not parse.
	if v, ok := readParam(p, inQuery, "b", true, parseString); ok {
		t.Errorf("b = %q, %v; want nothing read", v, ok)
	}

	// Path values are parsed after unescaping.
	p = newTestReader(t, "", nil, []string{"id"}, []string{"123e4567-E89B-12d3-a456-426614174000"})
	if v, ok := readParam(p, inPath, "id", true, ParseUUID); !ok || v.String() != "123e4567-e89b-12d3-a456-426614174000" {
		t.Errorf("id = %v, %v (%+v)", v, ok, p.err)
	}
	p = newTestReader(t, "", nil, []string{"id"}, []string{"%7B123e4567-e89b-12d3-a456-426614174000%7D"})
	if _, ok := readParam(p, inPath, "id", true, ParseUUID); ok || p.err == nil || p.err.value != "{123e4567-e89b-12d3-a456-426614174000}" || p.err.code != "InvalidUri" {
		t.Errorf("braced id accepted or wrong error: %+v", p.err)
	}
	p = newTestReader(t, "?ids=1,2,x", nil, nil, nil)
	if _, ok := readParam(p, inQuery, "ids", true, parseCSV(parseInt64)); ok || p.err == nil || p.err.reason != "item 2: not a 64-bit integer" {
		t.Errorf("csv error = %+v", p.err)
	}
}

func TestCheckMinMax(t *testing.T) {
	tests := []struct {
		name      string
		run       func(p *paramReader)
		wantErr   bool
		wantValue string
		reason    string
	}{
		{"min int ok", func(p *paramReader) { checkMin(p, inQuery, "n", int32(5), 1, false) }, false, "", ""},
		{"min int equal inclusive", func(p *paramReader) { checkMin(p, inQuery, "n", int32(1), 1, false) }, false, "", ""},
		{"min int equal exclusive", func(p *paramReader) { checkMin(p, inQuery, "n", int32(1), 1, true) }, true, "1", "must be > 1"},
		{"min int below", func(p *paramReader) { checkMin(p, inQuery, "n", int64(0), 1, false) }, true, "0", "must be >= 1"},
		{"min int below exclusive", func(p *paramReader) { checkMin(p, inQuery, "n", int64(-3), 1, true) }, true, "-3", "must be > 1"},
		{"min float ok", func(p *paramReader) { checkMin(p, inQuery, "f", 0.5, 0, true) }, false, "", ""},
		{"min float equal exclusive", func(p *paramReader) { checkMin(p, inQuery, "f", 0.0, 0, true) }, true, "0", "must be > 0"},
		{"min float32 below", func(p *paramReader) { checkMin(p, inQuery, "f", float32(-0.5), 0, false) }, true, "-0.5", "must be >= 0"},
		{"max int ok", func(p *paramReader) { checkMax(p, inQuery, "n", int32(5), 10, false) }, false, "", ""},
		{"max int equal inclusive", func(p *paramReader) { checkMax(p, inQuery, "n", int32(10), 10, false) }, false, "", ""},
		{"max int equal exclusive", func(p *paramReader) { checkMax(p, inQuery, "n", int32(10), 10, true) }, true, "10", "must be < 10"},
		{"max int above", func(p *paramReader) { checkMax(p, inQuery, "n", int64(11), 10, false) }, true, "11", "must be <= 10"},
		{"max int64 extreme", func(p *paramReader) { checkMax(p, inQuery, "n", int64(math.MaxInt64), math.MaxInt64, false) }, false, "", ""},
		{"max float above exclusive", func(p *paramReader) { checkMax(p, inQuery, "f", 1.5, 1, true) }, true, "1.5", "must be < 1"},
		{"max float32 equal", func(p *paramReader) { checkMax(p, inQuery, "f", float32(2.5), 2.5, false) }, false, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := newTestReader(t, "", nil, nil, nil)
			tt.run(p)
			if (p.err != nil) != tt.wantErr {
				t.Fatalf("err = %+v, want error %v", p.err, tt.wantErr)
			}
			if tt.wantErr {
				want := paramError{status: 400, code: "InvalidQueryParameterValue", in: inQuery, name: p.err.name, value: tt.wantValue, reason: tt.reason}
				if *p.err != want {
					t.Errorf("err = %+v, want %+v", *p.err, want)
				}
			}
		})
	}
}

func TestCheckLength(t *testing.T) {
	tests := []struct {
		v        string
		min, max int
		reason   string
	}{
		{"abc", 1, 5, ""},
		{"a", 1, 5, ""},
		{"abcde", 1, 5, ""},
		{"", 0, 5, ""},
		{"", 1, 5, "length must be at least 1 and at most 5"},
		{"abcdef", 1, 5, "length must be at least 1 and at most 5"},
		{"ééééé", 1, 5, ""}, // 5 runes, 10 bytes
		{"日本語", 3, 3, ""},
		{"日本語x", 3, 3, "length must be at least 3 and at most 3"},
		{"x", 2, -1, "length must be at least 2"},
		{strings.Repeat("x", 10000), 2, -1, ""},
		{"", 0, -1, ""},
		{"ab", 0, 0, "length must be at least 0 and at most 0"},
	}
	for _, tt := range tests {
		p := newTestReader(t, "", nil, nil, nil)
		checkLength(p, inHeader, "h", tt.v, tt.min, tt.max)
		switch {
		case tt.reason == "" && p.err != nil:
			t.Errorf("checkLength(%q, %d, %d) = %+v, want ok", tt.v, tt.min, tt.max, p.err)
		case tt.reason != "" && (p.err == nil || p.err.reason != tt.reason || p.err.value != tt.v || p.err.code != "InvalidHeaderValue" || p.err.name != "h"):
			t.Errorf("checkLength(%q, %d, %d) = %+v, want reason %q", tt.v, tt.min, tt.max, p.err, tt.reason)
		}
	}
}

func TestCheckPattern(t *testing.T) {
	re := regexp.MustCompile(`^[a-z][a-z0-9-]*$`)
	tests := []struct {
		v  string
		ok bool
	}{
		{"job-1", true},
		{"j", true},
		{"Job", false},
		{"1job", false},
		{"", false},
		{"job 1", false},
	}
	for _, tt := range tests {
		p := newTestReader(t, "", nil, nil, nil)
		checkPattern(p, inPath, "jobId", tt.v, re)
		if (p.err == nil) != tt.ok {
			t.Errorf("checkPattern(%q) = %+v, want ok=%v", tt.v, p.err, tt.ok)
		}
		if !tt.ok && p.err != nil && (p.err.reason != "must match "+re.String() || p.err.value != tt.v || p.err.code != "InvalidUri") {
			t.Errorf("checkPattern(%q) = %+v", tt.v, p.err)
		}
	}
	// An unanchored pattern matches anywhere, as in JSON Schema.
	p := newTestReader(t, "", nil, nil, nil)
	checkPattern(p, inQuery, "q", "xxabcxx", regexp.MustCompile(`abc`))
	if p.err != nil {
		t.Errorf("unanchored pattern: %+v", p.err)
	}
}

// testEnumL is an enum with the Values method generated enums have.
type testEnumL string

func (testEnumL) Values() []testEnumL { return []testEnumL{"x", "y"} }

func TestCheckEnum(t *testing.T) {
	tests := []struct {
		name   string
		run    func(p *paramReader)
		value  string
		reason string
	}{
		{"string ok", func(p *paramReader) { checkEnum(p, inQuery, "e", "b", []string{"a", "b"}) }, "", ""},
		{"string case", func(p *paramReader) { checkEnum(p, inQuery, "e", "B", []string{"a", "b"}) }, "B", "not one of [a b]"},
		{"string empty", func(p *paramReader) { checkEnum(p, inQuery, "e", "", []string{"a"}) }, "", "not one of [a]"},
		{"named ok", func(p *paramReader) { checkEnum(p, inQuery, "e", testEnumS("x"), []testEnumS{"x"}) }, "", ""},
		{"int ok", func(p *paramReader) { checkEnum(p, inQuery, "e", testEnumI32(2), []testEnumI32{1, 2}) }, "", ""},
		{"int bad", func(p *paramReader) { checkEnum(p, inQuery, "e", testEnumI32(3), []testEnumI32{1, 2}) }, "3", "not one of [1 2]"},
		{"no allowed", func(p *paramReader) { checkEnum(p, inQuery, "e", "a", nil) }, "a", "not one of []"},
		{"list ok", func(p *paramReader) { checkEnumList(p, inQuery, "e", []testEnumL{"x", "y", "x"}) }, "", ""},
		{"list empty", func(p *paramReader) { checkEnumList(p, inQuery, "e", []testEnumL(nil)) }, "", ""},
		{"list bad", func(p *paramReader) { checkEnumList(p, inQuery, "e", []testEnumL{"x", "z", "w"}) }, "z", "not one of [x y]"},
	}
	for _, tt := range tests {
		p := newTestReader(t, "", nil, nil, nil)
		tt.run(p)
		if tt.reason == "" {
			if p.err != nil {
				t.Errorf("%s: %+v", tt.name, p.err)
			}
			continue
		}
		want := paramError{status: 400, code: "InvalidQueryParameterValue", in: inQuery, name: "e", value: tt.value, reason: tt.reason}
		if p.err == nil || *p.err != want {
			t.Errorf("%s: err = %+v, want %+v", tt.name, p.err, want)
		}
	}
	// Enum of a parsed int32 that would wrap around must not pass.
	p := newTestReader(t, "?e=4294967297", nil, nil, nil)
	if v, ok := readParam(p, inQuery, "e", true, parseEnumInt[testEnumI32]); ok {
		checkEnum(p, inQuery, "e", v, []testEnumI32{1})
		t.Errorf("out-of-range enum read as %v, err %+v", v, p.err)
	}
}

// ---- request bodies ----

type bodyT struct {
	Name  string `json:"name"`
	Count int    `json:"count"`
}

func TestReadBody(t *testing.T) {
	tests := []struct {
		name     string
		body     *string
		ctype    string
		max      int64
		required bool
		strict   bool
		ok       bool
		want     bodyT
		status   int
		code     string
		reason   string // prefix
	}{
		{name: "valid", body: ptr(`{"name":"a","count":2}`), ctype: "application/json", required: true, strict: true, ok: true, want: bodyT{"a", 2}},
		{name: "valid charset", body: ptr(`{"name":"a"}`), ctype: "application/json; charset=utf-8", ok: true, want: bodyT{Name: "a"}},
		{name: "valid +json", body: ptr(`{"name":"a"}`), ctype: "application/merge-patch+json", ok: true, want: bodyT{Name: "a"}},
		{name: "valid upper-case type", body: ptr(`{"name":"a"}`), ctype: "Application/JSON", ok: true, want: bodyT{Name: "a"}},
		{name: "valid no content type", body: ptr(`{"name":"a"}`), ok: true, want: bodyT{Name: "a"}},
		{name: "valid trailing whitespace", body: ptr("{\"name\":\"a\"}\n\t \n"), ctype: "application/json", ok: true, want: bodyT{Name: "a"}},
		{name: "valid exactly max", body: ptr(`{"name":"abc"}`), ctype: "application/json", max: 14, ok: true, want: bodyT{Name: "abc"}},
		{name: "wrong content type", body: ptr(`{}`), ctype: "text/plain", status: 415, code: "UnsupportedMediaType", reason: "want application/json"},
		{name: "xml content type", body: ptr(`{}`), ctype: "application/xml", status: 415, code: "UnsupportedMediaType", reason: "want application/json"},
		{name: "malformed content type", body: ptr(`{}`), ctype: "application/json; =", status: 415, code: "UnsupportedMediaType", reason: "want application/json"},
		{name: "charset utf-16", body: ptr(`{}`), ctype: "application/json; charset=utf-16", status: 415, code: "UnsupportedMediaType", reason: "want application/json in UTF-8"},
		{name: "charset latin-1", body: ptr(`{}`), ctype: "application/json; charset=ISO-8859-1", status: 415, code: "UnsupportedMediaType", reason: "want application/json in UTF-8"},
		{name: "valid charset upper case", body: ptr(`{"name":"a"}`), ctype: "application/json; charset=UTF-8", ok: true, want: bodyT{Name: "a"}},
		{name: "invalid UTF-8", body: ptr("{\"name\":\"a\xffb\"}"), ctype: "application/json", status: 400, code: "InvalidRequestBody", reason: "not valid UTF-8"},
		{name: "invalid UTF-8 without content type", body: ptr("{\"name\":\"\xc3\"}"), status: 400, code: "InvalidRequestBody", reason: "not valid UTF-8"},
		{name: "oversize", body: ptr(`{"name":"` + strings.Repeat("x", 100) + `"}`), ctype: "application/json", max: 20, status: 413, code: "RequestBodyTooLarge", reason: "larger than 20 bytes"},
		{name: "oversize by one", body: ptr(`{"name":"abcd"}`), ctype: "application/json", max: 14, status: 413, code: "RequestBodyTooLarge", reason: "larger than 14 bytes"},
		{name: "oversize trailing whitespace", body: ptr(`{"name":"a"}` + strings.Repeat(" ", 100)), ctype: "application/json", max: 20, status: 413, code: "RequestBodyTooLarge", reason: "larger than 20 bytes"},
		{name: "trailing garbage", body: ptr(`{"name":"a"} x`), ctype: "application/json", status: 400, code: "InvalidRequestBody", reason: "unexpected data after the JSON value"},
		{name: "trailing second value", body: ptr(`{"name":"a"}{"name":"b"}`), ctype: "application/json", status: 400, code: "InvalidRequestBody", reason: "unexpected data after the JSON value"},
		{name: "trailing brace", body: ptr(`{"name":"a"}}`), ctype: "application/json", status: 400, code: "InvalidRequestBody", reason: "unexpected data after the JSON value"},
		{name: "trailing bracket", body: ptr(`{"name":"a"}]`), ctype: "application/json", status: 400, code: "InvalidRequestBody", reason: "unexpected data after the JSON value"},
		{name: "syntax error", body: ptr(`{"name":`), ctype: "application/json", status: 400, code: "InvalidRequestBody"},
		{name: "type error", body: ptr(`{"count":"x"}`), ctype: "application/json", status: 400, code: "InvalidRequestBody"},
		{name: "unknown field strict", body: ptr(`{"name":"a","extra":1}`), ctype: "application/json", strict: true, status: 400, code: "InvalidRequestBody", reason: `json: unknown field "extra"`},
		{name: "unknown field lax", body: ptr(`{"name":"a","extra":1}`), ctype: "application/json", ok: true, want: bodyT{Name: "a"}},
		{name: "empty required", body: ptr(""), ctype: "application/json", required: true, status: 400, code: "MissingRequiredBody", reason: "required"},
		{name: "empty optional", body: ptr(""), ctype: "application/json"},
		{name: "nil body required", body: nil, required: true, status: 400, code: "MissingRequiredBody", reason: "required"},
		{name: "nil body optional", body: nil},
		{name: "whitespace only", body: ptr("  "), ctype: "application/json", required: true, status: 400, code: "InvalidRequestBody"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var r *http.Request
			if tt.body == nil {
				r = httptest.NewRequest("PUT", "/x", nil)
			} else {
				r = httptest.NewRequest("PUT", "/x", strings.NewReader(*tt.body))
			}
			if tt.ctype != "" {
				r.Header.Set("Content-Type", tt.ctype)
			}
			max := tt.max
			if max == 0 {
				max = defaultMaxBodyBytes
			}
			p := newParamReader(r, nil, nil)
			var v bodyT
			ok := p.readBody(httptest.NewRecorder(), max, tt.required, tt.strict, &v)
			if ok != tt.ok {
				t.Fatalf("readBody = %v, want %v (err %+v)", ok, tt.ok, p.err)
			}
			if ok {
				if p.err != nil || v != tt.want {
					t.Errorf("v = %+v, err %+v; want %+v", v, p.err, tt.want)
				}
				return
			}
			if tt.status == 0 {
				if p.err != nil {
					t.Errorf("err = %+v, want none", p.err)
				}
				return
			}
			if p.err == nil {
				t.Fatal("no error")
			}
			if p.err.status != tt.status || p.err.code != tt.code || !strings.HasPrefix(p.err.reason, tt.reason) {
				t.Errorf("err = %+v, want status %d code %s reason %q", p.err, tt.status, tt.code, tt.reason)
			}
		})
	}
}

func TestReadBodyChunked(t *testing.T) {
	// A body of unknown length (ContentLength -1) is still read.
	r := httptest.NewRequest("POST", "/x", io.MultiReader(strings.NewReader(`{"name":`), strings.NewReader(`"z"}`)))
	r.ContentLength = -1
	p := newParamReader(r, nil, nil)
	var v bodyT
	if !p.readBody(httptest.NewRecorder(), 100, true, true, &v) || v.Name != "z" {
		t.Errorf("readBody = %+v, %+v", v, p.err)
	}
}

func TestReadBodyAfterParamError(t *testing.T) {
	r := httptest.NewRequest("POST", "/x?q=1&q=2", strings.NewReader(`{"name":"a"}`))
	p := newParamReader(r, nil, nil)
	readParam(p, inQuery, "q", false, parseString)
	var v bodyT
	if p.readBody(httptest.NewRecorder(), 100, true, true, &v) || v.Name != "" || p.err.in != inQuery {
		t.Errorf("readBody after error = %+v, %+v", v, p.err)
	}
}

func ptr[T any](v T) *T { return &v }

// ---- server ----

type testErrorModel struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

func (e *testErrorModel) Error() string { return e.Code + ": " + e.Message }

func isTestErrorModel(err error) bool {
	_, ok := err.(*testErrorModel)
	return ok
}

type logEntry struct {
	path string
	err  error
}

type testServer struct {
	*serverCore
	mu  sync.Mutex
	log []logEntry
}

func (ts *testServer) logged() []logEntry {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	return append([]logEntry(nil), ts.log...)
}

func newTestServer(routes []route, requestIDHeader string, opts ...HandlerOption) *testServer {
	ts := &testServer{serverCore: &serverCore{routes: routes, isErrorModel: isTestErrorModel, requestIDHeader: requestIDHeader}}
	opts = append([]HandlerOption{WithErrorLog(func(r *http.Request, err error) {
		ts.mu.Lock()
		defer ts.mu.Unlock()
		ts.log = append(ts.log, logEntry{r.URL.Path, err})
	})}, opts...)
	ts.init(opts)
	return ts
}

type plainBody struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Details []struct {
		Key   string `json:"key"`
		Value string `json:"value"`
	} `json:"details"`
}

func (b plainBody) details() [][2]string {
	var out [][2]string
	for _, d := range b.Details {
		out = append(out, [2]string{d.Key, d.Value})
	}
	return out
}

func decodePlain(t *testing.T, w *httptest.ResponseRecorder) plainBody {
	t.Helper()
	if ct := w.Header().Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type = %q", ct)
	}
	if cl := w.Header().Get("Content-Length"); cl != fmt.Sprint(w.Body.Len()) {
		t.Errorf("Content-Length = %s, body is %d bytes", cl, w.Body.Len())
	}
	var b plainBody
	dec := json.NewDecoder(w.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&b); err != nil {
		t.Fatalf("decoding %q: %v", w.Body.String(), err)
	}
	return b
}

func echoRoute(method, tmpl, tag string) route {
	return route{method: method, pattern: compilePath(tmpl), handle: func(w http.ResponseWriter, r *http.Request, p *paramReader) {
		writeJSON(w, 200, map[string]any{"route": tag, "path": p.vals})
	}}
}

func TestServeHTTPRouting(t *testing.T) {
	const cert = "/certificates(thumbprintAlgorithm={thumbprintAlgorithm},thumbprint={thumbprint})"
	s := newTestServer([]route{
		echoRoute("GET", "/jobs", "listJobs"),
		echoRoute("POST", "/jobs", "addJob"),
		echoRoute("GET", "/jobs/{jobId}", "getJob"),
		echoRoute("DELETE", "/jobs/{jobId}", "deleteJob"),
		echoRoute("GET", "/jobs/{jobId}/tasks/{taskId}", "getTask"),
		echoRoute("GET", cert, "getCert"),
		echoRoute("DELETE", cert, "deleteCert"),
		echoRoute("POST", cert+"/canceldelete", "cancelDeleteCert"),
	}, "")
	tests := []struct {
		method, target string
		status         int
		route          string
		path           []string
		allow          string
	}{
		{"GET", "/jobs", 200, "listJobs", nil, ""},
		{"POST", "/jobs", 200, "addJob", nil, ""},
		{"GET", "/jobs?x=1", 200, "listJobs", nil, ""},
		{"GET", "/jobs/j1", 200, "getJob", []string{"j1"}, ""},
		{"DELETE", "/jobs/j%201", 200, "deleteJob", []string{"j%201"}, ""},
		{"GET", "/jobs/a%2Fb", 200, "getJob", []string{"a%2Fb"}, ""},
		{"GET", "/jobs/j1/tasks/t1", 200, "getTask", []string{"j1", "t1"}, ""},
		{"GET", "/certificates(thumbprintAlgorithm=sha1,thumbprint=ab%2Ccd%29%27%2F%20)", 200, "getCert", []string{"sha1", "ab%2Ccd%29%27%2F%20"}, ""},
		{"POST", "/certificates(thumbprintAlgorithm=sha1,thumbprint=ab%2Ccd)/canceldelete", 200, "cancelDeleteCert", []string{"sha1", "ab%2Ccd"}, ""},
		{"PUT", "/jobs", 405, "", nil, "GET, POST"},
		{"PATCH", "/jobs/j1", 405, "", nil, "GET, DELETE"},
		{"GET", "/certificates(thumbprintAlgorithm=sha1,thumbprint=x)/canceldelete", 405, "", nil, "POST"},
		{"POST", "/certificates(thumbprintAlgorithm=sha1,thumbprint=x)", 405, "", nil, "GET, DELETE"},
		{"GET", "/pools", 404, "", nil, ""},
		{"GET", "/jobs/", 200, "getJob", []string{""}, ""},
		{"GET", "/jobs/j1/", 404, "", nil, ""},
		{"GET", "/jobs/j1/tasks", 404, "", nil, ""},
		{"GET", "/certificates(thumbprintAlgorithm=sha1,thumbprint=x)/other", 404, "", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.target, func(t *testing.T) {
			w := httptest.NewRecorder()
			s.ServeHTTP(w, httptest.NewRequest(tt.method, "http://h"+tt.target, nil))
			if w.Code != tt.status {
				t.Fatalf("status = %d, want %d; body %s", w.Code, tt.status, w.Body)
			}
			switch tt.status {
			case 200:
				var got struct {
					Route string   `json:"route"`
					Path  []string `json:"path"`
				}
				if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil {
					t.Fatal(err)
				}
				if got.Route != tt.route || !reflect.DeepEqual(got.Path, tt.path) {
					t.Errorf("got %+v, want %s %q", got, tt.route, tt.path)
				}
			case 405:
				if a := w.Header().Get("Allow"); a != tt.allow {
					t.Errorf("Allow = %q, want %q", a, tt.allow)
				}
				b := decodePlain(t, w)
				if b.Code != "UnsupportedHttpVerb" || b.Message != "The resource does not support "+tt.method+"." || len(b.Details) != 0 {
					t.Errorf("body = %+v", b)
				}
			case 404:
				if a := w.Header().Get("Allow"); a != "" {
					t.Errorf("Allow = %q on 404", a)
				}
				b := decodePlain(t, w)
				path, _, _ := strings.Cut(tt.target, "?")
				if b.Code != "InvalidUri" || b.Message != "The requested URI does not represent any resource on the server." ||
					!reflect.DeepEqual(b.details(), [][2]string{{"UriPath", path}}) {
					t.Errorf("body = %+v", b)
				}
			}
		})
	}
	if l := s.logged(); len(l) != 0 {
		t.Errorf("errors logged: %v", l)
	}
}

func TestServeHTTPEscapedPathFromWire(t *testing.T) {
	// Through a real server, the router sees the path as the client escaped it.
	var got []string
	s := newTestServer([]route{{method: "GET", pattern: compilePath("/certificates(thumbprintAlgorithm={a},thumbprint={b})/canceldelete"),
		handle: func(w http.ResponseWriter, r *http.Request, p *paramReader) { got = p.vals; w.WriteHeader(204) }}}, "")
	srv := httptest.NewServer(s)
	defer srv.Close()
	path := "/certificates(thumbprintAlgorithm=" + escapePathValue("sha,1") + ",thumbprint=" + escapePathValue("a)b'c/d e") + ")/canceldelete"
	resp, err := http.Get(srv.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 204 || !reflect.DeepEqual(got, []string{"sha%2C1", "a%29b%27c%2Fd%20e"}) {
		t.Errorf("status %d, path values %q", resp.StatusCode, got)
	}
}

func TestServeHTTPPanic(t *testing.T) {
	s := newTestServer([]route{
		{method: "GET", pattern: compilePath("/boom"), handle: func(w http.ResponseWriter, r *http.Request, p *paramReader) {
			panic("kaboom secret")
		}},
		{method: "GET", pattern: compilePath("/boomerr"), handle: func(w http.ResponseWriter, r *http.Request, p *paramReader) {
			panic(errors.New("error value"))
		}},
		{method: "GET", pattern: compilePath("/abort"), handle: func(w http.ResponseWriter, r *http.Request, p *paramReader) {
			panic(http.ErrAbortHandler)
		}},
		echoRoute("GET", "/ok", "ok"),
	}, "X-Ms-Request-Id")

	for _, target := range []string{"/boom", "/boomerr"} {
		w := httptest.NewRecorder()
		s.ServeHTTP(w, httptest.NewRequest("GET", target, nil))
		if w.Code != 500 {
			t.Fatalf("%s: status = %d", target, w.Code)
		}
		if strings.Contains(w.Body.String(), "kaboom") || strings.Contains(w.Body.String(), "error value") {
			t.Errorf("%s: body leaks the panic: %s", target, w.Body)
		}
		b := decodePlain(t, w)
		if b.Code != "InternalServerError" || b.Message != "The server encountered an internal error." || len(b.Details) != 0 {
			t.Errorf("%s: body = %+v", target, b)
		}
		if _, err := ParseUUID(w.Header().Get("X-Ms-Request-Id")); err != nil {
			t.Errorf("%s: request id on a panic: %v", target, err)
		}
	}
	l := s.logged()
	if len(l) != 2 || l[0].path != "/boom" || l[0].err.Error() != "panic in handler: kaboom secret" || l[1].err.Error() != "panic in handler: error value" {
		t.Errorf("logged = %v", l)
	}

	// The next request is served normally.
	w := httptest.NewRecorder()
	s.ServeHTTP(w, httptest.NewRequest("GET", "/ok", nil))
	if w.Code != 200 || !strings.Contains(w.Body.String(), `"ok"`) {
		t.Errorf("after panic: %d %s", w.Code, w.Body)
	}

	// http.ErrAbortHandler goes on up to net/http.
	func() {
		defer func() {
			if v := recover(); v != http.ErrAbortHandler {
				t.Errorf("recovered %v, want http.ErrAbortHandler", v)
			}
		}()
		s.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/abort", nil))
		t.Error("ServeHTTP returned normally")
	}()
	if len(s.logged()) != 2 {
		t.Errorf("ErrAbortHandler was logged: %v", s.logged())
	}
}

func TestServeHTTPPanicOverRealServer(t *testing.T) {
	s := newTestServer([]route{
		{method: "GET", pattern: compilePath("/boom"), handle: func(w http.ResponseWriter, r *http.Request, p *paramReader) { panic("x") }},
		echoRoute("GET", "/ok", "ok"),
	}, "")
	srv := httptest.NewServer(s)
	defer srv.Close()
	for i, want := range []int{500, 200, 500, 200} {
		target := "/ok"
		if want == 500 {
			target = "/boom"
		}
		resp, err := http.Get(srv.URL + target)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("request %d: status %d, want %d", i, resp.StatusCode, want)
		}
	}
}

func TestServeHTTPRequestID(t *testing.T) {
	routes := []route{echoRoute("GET", "/ok", "ok")}
	t.Run("set", func(t *testing.T) {
		s := newTestServer(routes, "x-ms-request-id")
		seen := map[string]bool{}
		for _, target := range []string{"/ok", "/missing", "/ok"} {
			w := httptest.NewRecorder()
			s.ServeHTTP(w, httptest.NewRequest("GET", target, nil))
			vs, ok := w.Header()["x-ms-request-id"] // spelled as the definition spells it
			if !ok || len(vs) != 1 {
				t.Fatalf("%s: header map %v", target, w.Header())
			}
			u, err := ParseUUID(vs[0])
			if err != nil || u.String() != vs[0] || u[6]>>4 != 4 {
				t.Errorf("%s: request id %q: %v", target, vs[0], err)
			}
			if seen[vs[0]] {
				t.Errorf("request id %q repeated", vs[0])
			}
			seen[vs[0]] = true
		}
	})
	t.Run("unset", func(t *testing.T) {
		s := newTestServer(routes, "")
		w := httptest.NewRecorder()
		s.ServeHTTP(w, httptest.NewRequest("GET", "/ok", nil))
		for k := range w.Header() {
			if k != "Content-Type" && k != "Content-Length" {
				t.Errorf("unexpected header %q", k)
			}
		}
	})
}

func TestServerInit(t *testing.T) {
	s := &serverCore{}
	s.init(nil)
	if s.maxBodyBytes != defaultMaxBodyBytes || s.errorBody == nil || s.errorLog != nil {
		t.Errorf("defaults: %+v", s)
	}
	s = &serverCore{}
	s.init([]HandlerOption{WithMaxBodyBytes(10)})
	if s.maxBodyBytes != 10 {
		t.Errorf("maxBodyBytes = %d", s.maxBodyBytes)
	}
	custom := func(code, message string, details [][2]string) any { return map[string]string{"c": code} }
	s = &serverCore{errorBody: custom}
	s.init(nil)
	w := httptest.NewRecorder()
	s.writeFramework(w, 418, "Teapot", "m", nil)
	if w.Code != 418 || strings.TrimSpace(w.Body.String()) != `{"c":"Teapot"}` {
		t.Errorf("custom error body: %d %s", w.Code, w.Body)
	}
	// No error log: logError is a no-op.
	s.logError(httptest.NewRequest("GET", "/", nil), errors.New("x"))
}

func TestWriteError(t *testing.T) {
	model := &testErrorModel{Code: "JobNotFound", Message: "The specified job does not exist."}
	tests := []struct {
		name   string
		err    error
		status int
		body   string // exact JSON, or "" for the plain 500 body
		logged bool
		noLeak string
	}{
		{"model", model, 400, `{"code":"JobNotFound","message":"The specified job does not exist."}`, false, ""},
		{"response error with model", &ResponseError{StatusCode: 404, Err: model}, 404, `{"code":"JobNotFound","message":"The specified job does not exist."}`, false, ""},
		{"wrapped response error with model", fmt.Errorf("ctx: %w", &ResponseError{StatusCode: 409, Err: model}), 409, `{"code":"JobNotFound","message":"The specified job does not exist."}`, false, ""},
		{"wrapped model", fmt.Errorf("wrap: %w", model), 400, `{"code":"JobNotFound","message":"The specified job does not exist."}`, false, ""},
		{"response error without model", &ResponseError{StatusCode: 503, Err: errors.New("db down")}, 503, "", true, "db down"},
		{"response error bad status", &ResponseError{StatusCode: 200, Err: model}, 500, `{"code":"JobNotFound","message":"The specified job does not exist."}`, false, ""},
		{"response error status 600", &ResponseError{StatusCode: 600}, 500, "", true, ""},
		{"response error status 399", &ResponseError{StatusCode: 399}, 500, "", true, ""},
		{"plain error", errors.New("password=hunter2"), 500, "", true, "hunter2"},
		{"wrapped plain error", fmt.Errorf("a: %w", errors.New("secret")), 500, "", true, "secret"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newTestServer(nil, "")
			w := httptest.NewRecorder()
			r := httptest.NewRequest("GET", "/jobs/x", nil)
			s.writeError(w, r, tt.err)
			if w.Code != tt.status {
				t.Errorf("status = %d, want %d", w.Code, tt.status)
			}
			if tt.body != "" {
				if got := strings.TrimSpace(w.Body.String()); got != tt.body {
					t.Errorf("body = %s, want %s", got, tt.body)
				}
			} else {
				b := decodePlain(t, w)
				wantCode, wantMsg := "InternalServerError", "The server encountered an internal error."
				if tt.status != http.StatusInternalServerError {
					// A bare *ResponseError: its status speaks for it.
					wantCode = strings.ReplaceAll(http.StatusText(tt.status), " ", "")
					wantMsg = http.StatusText(tt.status) + "."
				}
				if b.Code != wantCode || b.Message != wantMsg || len(b.Details) != 0 {
					t.Errorf("body = %+v, want code %q message %q", b, wantCode, wantMsg)
				}
			}
			if tt.noLeak != "" && strings.Contains(w.Body.String(), tt.noLeak) {
				t.Errorf("body leaks %q: %s", tt.noLeak, w.Body)
			}
			l := s.logged()
			if tt.logged && (len(l) != 1 || !errors.Is(l[0].err, tt.err) || l[0].path != "/jobs/x") {
				t.Errorf("logged = %v, want %v", l, tt.err)
			}
			if !tt.logged && len(l) != 0 {
				t.Errorf("logged = %v, want nothing", l)
			}
		})
	}
	// Without isErrorModel nothing counts as a model.
	s := &serverCore{}
	s.init(nil)
	w := httptest.NewRecorder()
	s.writeError(w, httptest.NewRequest("GET", "/", nil), &ResponseError{StatusCode: 404, Err: model})
	if w.Code != 404 || strings.Contains(w.Body.String(), "JobNotFound") {
		t.Errorf("no isErrorModel: %d %s", w.Code, w.Body)
	}
}

func TestWriteJSON(t *testing.T) {
	w := httptest.NewRecorder()
	writeJSON(w, 201, map[string]int{"a": 1})
	if w.Code != 201 || w.Body.String() != "{\"a\":1}\n" || w.Header().Get("Content-Length") != "8" || w.Header().Get("Content-Type") != "application/json" {
		t.Errorf("writeJSON: %d %q %v", w.Code, w.Body, w.Header())
	}
	w = httptest.NewRecorder()
	writeJSON(w, 200, map[string]any{"f": func() {}})
	if w.Code != 500 || w.Body.String() != "{\"code\":\"InternalServerError\",\"message\":\"The response could not be encoded.\"}\n" ||
		w.Header().Get("Content-Length") != fmt.Sprint(w.Body.Len()) {
		t.Errorf("writeJSON unencodable: %d %q %v", w.Code, w.Body, w.Header())
	}
}

func TestPlainErrorBody(t *testing.T) {
	tests := []struct {
		code, message string
		details       [][2]string
		want          string
	}{
		{"C", "M", nil, `{"code":"C","message":"M"}`},
		{"C", "M", [][2]string{}, `{"code":"C","message":"M"}`},
		{"InvalidUri", "x", [][2]string{{"UriPath", "/a"}}, `{"code":"InvalidUri","message":"x","details":[{"key":"UriPath","value":"/a"}]}`},
		{"C", "M", [][2]string{{"a", "1"}, {"b", ""}}, `{"code":"C","message":"M","details":[{"key":"a","value":"1"},{"key":"b","value":""}]}`},
		{"", "", nil, `{"code":"","message":""}`},
	}
	for _, tt := range tests {
		b, err := json.Marshal(plainErrorBody(tt.code, tt.message, tt.details))
		if err != nil || string(b) != tt.want {
			t.Errorf("plainErrorBody = %s, %v; want %s", b, err, tt.want)
		}
	}
}

func TestWriteParamError(t *testing.T) {
	tests := []struct {
		name    string
		err     paramError
		status  int
		code    string
		message string
		details [][2]string
	}{
		{"query invalid", paramError{400, "InvalidQueryParameterValue", inQuery, "maxresults", "abc", "not a 32-bit integer"}, 400, "InvalidQueryParameterValue",
			"A query parameter is not valid: maxresults not a 32-bit integer.",
			[][2]string{{"QueryParameterName", "maxresults"}, {"QueryParameterValue", "abc"}, {"Reason", "not a 32-bit integer"}}},
		{"query missing", paramError{400, "MissingRequiredQueryParameter", inQuery, "api-version", "", "required"}, 400, "MissingRequiredQueryParameter",
			"A query parameter that is required is missing: api-version.",
			[][2]string{{"QueryParameterName", "api-version"}}},
		{"query malformed", paramError{400, "InvalidQueryParameterValue", inQuery, "", "a=%zz", "malformed query string"}, 400, "InvalidQueryParameterValue",
			"A query parameter is not valid: malformed query string.",
			[][2]string{{"QueryParameterName", ""}, {"QueryParameterValue", "a=%zz"}, {"Reason", "malformed query string"}}},
		{"header invalid", paramError{400, "InvalidHeaderValue", inHeader, "ocp-date", "x", "not an RFC 1123 date"}, 400, "InvalidHeaderValue",
			"An HTTP header is not valid: ocp-date not an RFC 1123 date.",
			[][2]string{{"HeaderName", "ocp-date"}, {"HeaderValue", "x"}, {"Reason", "not an RFC 1123 date"}}},
		{"header missing", paramError{400, "MissingRequiredHeader", inHeader, "If-Match", "", "required"}, 400, "MissingRequiredHeader",
			"An HTTP header that is required is missing: If-Match.",
			[][2]string{{"HeaderName", "If-Match"}}},
		{"unsupported media type", paramError{415, "UnsupportedMediaType", inHeader, "Content-Type", "text/plain", "want application/json"}, 415, "UnsupportedMediaType",
			"An HTTP header is not valid: Content-Type want application/json.",
			[][2]string{{"HeaderName", "Content-Type"}, {"HeaderValue", "text/plain"}, {"Reason", "want application/json"}}},
		{"path invalid", paramError{400, "InvalidUri", inPath, "jobId", "a%zz", "malformed percent-encoding"}, 400, "InvalidUri",
			"A path parameter is not valid: jobId malformed percent-encoding.",
			[][2]string{{"PathParameterName", "jobId"}, {"PathParameterValue", "a%zz"}, {"Reason", "malformed percent-encoding"}}},
		{"path missing", paramError{400, "InvalidUri", inPath, "jobId", "", "required"}, 400, "InvalidUri",
			"A path parameter that is required is missing: jobId.",
			[][2]string{{"PathParameterName", "jobId"}}},
		{"body invalid", paramError{400, "InvalidRequestBody", inBody, "body", "", "unexpected EOF"}, 400, "InvalidRequestBody",
			"The request body is not valid: body unexpected EOF.",
			[][2]string{{"Reason", "unexpected EOF"}}},
		{"body too large", paramError{413, "RequestBodyTooLarge", inBody, "body", "", "larger than 10 bytes"}, 413, "RequestBodyTooLarge",
			"The request body is not valid: body larger than 10 bytes.",
			[][2]string{{"Reason", "larger than 10 bytes"}}},
		{"body missing", paramError{400, "MissingRequiredBody", inBody, "body", "", "required"}, 400, "MissingRequiredBody",
			"The request body that is required is missing: body.",
			nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newTestServer(nil, "")
			w := httptest.NewRecorder()
			s.writeParamError(w, &tt.err)
			if w.Code != tt.status {
				t.Errorf("status = %d, want %d", w.Code, tt.status)
			}
			b := decodePlain(t, w)
			if b.Code != tt.code || b.Message != tt.message || !reflect.DeepEqual(b.details(), tt.details) {
				t.Errorf("body = %q %q %q\nwant   %q %q %q", b.Code, b.Message, b.details(), tt.code, tt.message, tt.details)
			}
		})
	}
}

// TestHandlerEndToEnd wires the pieces together the way generated code does.
func TestHandlerEndToEnd(t *testing.T) {
	type job struct {
		ID       string `json:"id"`
		Priority int32  `json:"priority"`
	}
	var s *testServer
	handle := func(w http.ResponseWriter, r *http.Request, p *paramReader) {
		if !reflect.DeepEqual(p.names, []string{"jobId"}) || p.r != r {
			t.Errorf("reader names %q", p.names)
		}
		id, _ := readParam(p, inPath, "jobId", true, parseString)
		ver, _ := readParam(p, inQuery, "api-version", true, parseString)
		timeout, ok := readParam(p, inQuery, "timeout", false, parseInt32)
		if ok {
			checkMin(p, inQuery, "timeout", timeout, 1, false)
		}
		var body job
		p.readBody(w, s.maxBodyBytes, true, true, &body)
		if p.err != nil {
			s.writeParamError(w, p.err)
			return
		}
		if id == "missing" {
			s.writeError(w, r, &ResponseError{StatusCode: 404, Err: &testErrorModel{"JobNotFound", "no " + id}})
			return
		}
		body.ID = id
		_ = ver
		writeJSON(w, 200, body)
	}
	s = newTestServer([]route{{method: "PUT", pattern: compilePath("/jobs/{jobId}"), handle: handle}}, "request-id", WithMaxBodyBytes(64))
	srv := httptest.NewServer(s)
	defer srv.Close()

	tests := []struct {
		target, ctype, body string
		status              int
		contains            string
	}{
		{"/jobs/a%20b?api-version=1", "application/json", `{"priority":3}`, 200, `{"id":"a b","priority":3}`},
		{"/jobs/a?api-version=1&timeout=0", "application/json", `{"priority":3}`, 400, `"must be \u003e= 1"`},
		{"/jobs/a", "application/json", `{"priority":3}`, 400, `"MissingRequiredQueryParameter"`},
		{"/jobs/a?api-version=1", "text/plain", `{"priority":3}`, 415, `"UnsupportedMediaType"`},
		{"/jobs/a?api-version=1", "application/json", `{"priority":3,"x":1}`, 400, `unknown field`},
		{"/jobs/a?api-version=1", "application/json", `{"id":"` + strings.Repeat("x", 100) + `"}`, 413, `"RequestBodyTooLarge"`},
		{"/jobs/a?api-version=1", "application/json", ``, 400, `"MissingRequiredBody"`},
		{"/jobs/missing?api-version=1", "application/json", `{}`, 404, `{"code":"JobNotFound","message":"no missing"}`},
		{"/jobs/a%2Fb?api-version=1", "application/json", `{}`, 200, `{"id":"a/b","priority":0}`},
		{"/jobs/?api-version=1", "application/json", `{}`, 400, `"A path parameter that is required is missing: jobId."`},
	}
	for _, tt := range tests {
		req, err := http.NewRequest("PUT", srv.URL+tt.target, strings.NewReader(tt.body))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", tt.ctype)
		resp, err := srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != tt.status || !strings.Contains(string(b), tt.contains) {
			t.Errorf("PUT %s %q: %d %s; want %d containing %s", tt.target, tt.body, resp.StatusCode, b, tt.status, tt.contains)
		}
		if _, err := ParseUUID(resp.Header.Get("Request-Id")); err != nil {
			t.Errorf("PUT %s: request id %q", tt.target, resp.Header.Get("Request-Id"))
		}
	}
}

func TestCheckConst(t *testing.T) {
	tests := []struct {
		target string
		err    *paramError
	}{
		{"?api-version=2024-07-01", nil},
		{"?api-version=2023-01-01", &paramError{400, "InvalidQueryParameterValue", inQuery, "api-version", "2023-01-01", "unsupported value: want 2024-07-01"}},
		{"", &paramError{400, "MissingRequiredQueryParameter", inQuery, "api-version", "", "required"}},
		{"?api-version=", &paramError{400, "InvalidQueryParameterValue", inQuery, "api-version", "", "unsupported value: want 2024-07-01"}},
		{"?api-version=a&api-version=b", &paramError{400, "InvalidQueryParameterValue", inQuery, "api-version", "a,b", "given more than once"}},
	}
	for _, tt := range tests {
		p := newTestReader(t, tt.target, nil, nil, nil)
		checkConst(p, inQuery, "api-version", "2024-07-01")
		if tt.err == nil && p.err != nil || tt.err != nil && (p.err == nil || *p.err != *tt.err) {
			t.Errorf("checkConst(%q) = %+v, want %+v", tt.target, p.err, tt.err)
		}
	}
}

func TestWriteErrorNotImplemented(t *testing.T) {
	for _, err := range []error{errNotImplemented("GetJob"), fmt.Errorf("wrapped: %w", errNotImplemented("GetJob"))} {
		s := newTestServer(nil, "")
		w := httptest.NewRecorder()
		s.writeError(w, httptest.NewRequest("GET", "/", nil), err)
		if w.Code != 501 {
			t.Errorf("status = %d", w.Code)
		}
		b := decodePlain(t, w)
		if b.Code != "NotImplemented" || b.Message != "operation GetJob is not implemented" {
			t.Errorf("body = %+v", b)
		}
		if len(s.logged()) != 0 {
			t.Errorf("logged %v", s.logged())
		}
	}
}

func TestServeHTTPReaderGetsQueryError(t *testing.T) {
	var got *paramError
	s := newTestServer([]route{{method: "GET", pattern: compilePath("/x/{id}"), handle: func(w http.ResponseWriter, r *http.Request, p *paramReader) {
		got = p.err
		if !reflect.DeepEqual(p.names, []string{"id"}) || !reflect.DeepEqual(p.vals, []string{"a%20b"}) {
			t.Errorf("reader = %q %q", p.names, p.vals)
		}
		w.WriteHeader(204)
	}}}, "")
	w := httptest.NewRecorder()
	r := httptest.NewRequest("GET", "/x/a%20b", nil)
	r.URL.RawQuery = "a=%zz"
	s.ServeHTTP(w, r)
	if w.Code != 204 || got == nil || got.reason != "malformed query string" {
		t.Errorf("status %d, reader error %+v", w.Code, got)
	}
}

type closeRecorder struct {
	io.Reader
	closed bool
}

func (c *closeRecorder) Close() error { c.closed = true; return nil }

func TestWriteStream(t *testing.T) {
	w := httptest.NewRecorder()
	writeStream(w, 204, nil)
	if w.Code != 204 || w.Body.Len() != 0 || w.Header().Get("Content-Type") != "" {
		t.Errorf("nil body: %d %q %v", w.Code, w.Body, w.Header())
	}

	body := &closeRecorder{Reader: strings.NewReader("bin\x00ary")}
	w = httptest.NewRecorder()
	writeStream(w, 200, body)
	if w.Code != 200 || w.Body.String() != "bin\x00ary" || w.Header().Get("Content-Type") != "application/octet-stream" || !body.closed {
		t.Errorf("stream: %d %q %v closed=%v", w.Code, w.Body, w.Header(), body.closed)
	}

	body = &closeRecorder{Reader: strings.NewReader("x")}
	w = httptest.NewRecorder()
	w.Header().Set("Content-Type", "image/png")
	writeStream(w, 206, body)
	if w.Code != 206 || w.Header().Get("Content-Type") != "image/png" || !body.closed {
		t.Errorf("preset type: %d %v closed=%v", w.Code, w.Header(), body.closed)
	}
}

// only serves a webhook's routes at any path, by method alone, with the
// configuration of the handler it came from.
func TestOnlyAnyPath(t *testing.T) {
	s := newTestServer(nil, "", WithMaxBodyBytes(10))
	hook := func(tag string) route {
		r := echoRoute("POST", "", tag)
		r.pattern = nil
		return r
	}
	h := s.only(hook("a"), route{method: "DELETE", handle: echoRoute("DELETE", "", "b").handle})
	for _, tt := range []struct {
		method, target string
		status         int
		route          string
	}{
		{"POST", "/", 200, "a"},
		{"POST", "/any/where?token=x", 200, "a"},
		{"DELETE", "/x", 200, "b"},
		{"GET", "/", 405, ""},
	} {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest(tt.method, "http://h"+tt.target, nil))
		if w.Code != tt.status || tt.route != "" && !strings.Contains(w.Body.String(), `"route":"`+tt.route+`"`) {
			t.Errorf("%s %s: %d %s", tt.method, tt.target, w.Code, w.Body)
		}
		if tt.status == 405 && w.Header().Get("Allow") != "POST, DELETE" {
			t.Errorf("Allow %q", w.Header().Get("Allow"))
		}
	}
	if c := h.(*serverCore); c.maxBodyBytes != 10 || len(s.routes) != 0 {
		t.Errorf("configuration not shared, or the original's routes changed: %d %d", c.maxBodyBytes, len(s.routes))
	}
}

// readQueryMap reads every name[key] of the query (deepObject) or
// name=key,value pairs (form); other keys are not its business.
func TestReadQueryMap(t *testing.T) {
	for _, tt := range []struct {
		target   string
		deep     bool
		required bool
		want     map[string]int64
		ok       bool
		errName  string
	}{
		{"?m[a]=1&m[b%20c]=2&other[a]=3&m=4&mm[a]=5", true, false, map[string]int64{"a": 1, "b c": 2}, true, ""},
		{"?m=a,1,b,2", false, false, map[string]int64{"a": 1, "b": 2}, true, ""},
		{"?m=", false, false, map[string]int64{}, true, ""},
		{"?x=1", true, false, nil, false, ""},
		{"?x=1", true, true, nil, false, "m"},
		{"?x=1", false, true, nil, false, "m"},
		{"?m[a]=1&m[a]=2", true, false, nil, false, "m[a]"},
		{"?m[a]=1&m[b]=x", true, false, nil, false, "m[b]"},
		{"?m=a,1,b", false, false, nil, false, "m"},
		{"?m=a,x", false, false, nil, false, "m[a]"},
	} {
		p := newTestReader(t, tt.target, nil, nil, nil)
		got, ok := readQueryMap(p, "m", tt.deep, tt.required, parseInt64)
		errName := ""
		if p.err != nil {
			errName = p.err.name
		}
		if ok != tt.ok || !reflect.DeepEqual(got, tt.want) && (len(got) > 0 || len(tt.want) > 0) || errName != tt.errName {
			t.Errorf("%s deep=%v: %v %v (error on %q), want %v %v (error on %q)", tt.target, tt.deep, got, ok, errName, tt.want, tt.ok, tt.errName)
		}
	}
}

// A value that could end at more than one occurrence of the literal after
// it is ambiguous: the server says so (the generated client escapes the
// literal's first character, escapePathBefore, and never is).
func TestPathPatternAmbiguous(t *testing.T) {
	for _, c := range []struct {
		tmpl, path string
		want       int
	}{
		{"/t/{tenant}-{user}", "/t/acme-corp-bob", 0},
		{"/t/{tenant}-{user}", "/t/acme%2Dcorp-bob", -1},
		{"/f/{name}.{ext}", "/f/annual.report.pdf", 0},
		{"/f/{name}.{ext}", "/f/annual%2Ereport.pdf", -1},
		{"/a/{x}-{y}-{z}", "/a/1-2-3", -1},
		{"/a/{x}-{y}/{z}", "/a/1-2-3/4", 0},
	} {
		vals, ok := compilePath(c.tmpl).match(c.path)
		if !ok {
			t.Errorf("%s %s: no match", c.tmpl, c.path)
			continue
		}
		if got := compilePath(c.tmpl).ambiguous(vals); got != c.want {
			t.Errorf("%s %s: ambiguous = %d, want %d (values %q)", c.tmpl, c.path, got, c.want, vals)
		}
	}
	if got := escapePathSeps("acme-corp", "-"); got != "acme%2Dcorp" {
		t.Errorf("escapePathSeps = %q", got)
	}
	if got := escapePathSeps("annual.report x-y", ".-"); got != "annual%2Ereport%20x%2Dy" {
		t.Errorf("escapePathSeps = %q", got)
	}
}
