package support

import (
	"reflect"
	"strings"
	"testing"
	"testing/quick"
)

// TestFormatPathStyle writes the rows of OpenAPI 3.1's style table
// (https://spec.openapis.org/oas/v3.1.0#style-examples) for path styles:
// color = "blue", ["blue","black","brown"] and the empty array.
func TestFormatPathStyle(t *testing.T) {
	arr := []string{"blue", "black", "brown"}
	tests := []struct {
		style   string
		explode bool
		items   []string
		want    string
	}{
		{styleSimple, false, []string{"blue"}, "blue"},
		{styleSimple, true, []string{"blue"}, "blue"},
		{styleSimple, false, arr, "blue,black,brown"},
		{styleSimple, true, arr, "blue,black,brown"},
		{styleLabel, false, []string{"blue"}, ".blue"},
		{styleLabel, true, []string{"blue"}, ".blue"},
		{styleLabel, false, arr, ".blue,black,brown"},
		{styleLabel, true, arr, ".blue.black.brown"},
		{styleLabel, false, nil, "."},
		{styleMatrix, false, []string{"blue"}, ";color=blue"},
		{styleMatrix, true, []string{"blue"}, ";color=blue"},
		{styleMatrix, false, arr, ";color=blue,black,brown"},
		{styleMatrix, true, arr, ";color=blue;color=black;color=brown"},
		{styleMatrix, false, nil, ";color"},
		{styleMatrix, true, nil, ";color"},
		// Separators inside a value are escaped, '.' too in label style.
		{styleSimple, false, []string{"a,b", "c d"}, "a%2Cb,c%20d"},
		{styleLabel, true, []string{"a.b", "c"}, ".a%2Eb.c"},
		{styleMatrix, true, []string{"a;b=c", "d"}, ";color=a%3Bb%3Dc;color=d"},
	}
	for _, tt := range tests {
		got := formatPathStyle(tt.style, "color", tt.explode, tt.items...)
		if got != tt.want {
			t.Errorf("%s explode=%v %q: got %q, want %q", tt.style, tt.explode, tt.items, got, tt.want)
		}
	}
	if got := formatPathStyle(styleMatrix, "a b", false, "1"); got != ";a%20b=1" {
		t.Errorf("matrix name not escaped: %q", got)
	}
}

func TestParsePathStyle(t *testing.T) {
	tests := []struct {
		raw, style    string
		explode, list bool
		want          []string
		err           string
	}{
		{"blue", styleSimple, false, false, []string{"blue"}, ""},
		{"a%2Cb", styleSimple, false, false, []string{"a,b"}, ""},
		{"blue,black", styleSimple, false, true, []string{"blue", "black"}, ""},
		{"a%2Cb,c", styleSimple, true, true, []string{"a,b", "c"}, ""},
		{".blue", styleLabel, false, false, []string{"blue"}, ""},
		{".a.b", styleLabel, false, false, []string{"a.b"}, ""},
		{".blue,black", styleLabel, false, true, []string{"blue", "black"}, ""},
		{".blue.black", styleLabel, true, true, []string{"blue", "black"}, ""},
		{".", styleLabel, true, true, []string{}, ""},
		{"blue", styleLabel, false, false, nil, "label style"},
		{";color=blue", styleMatrix, false, false, []string{"blue"}, ""},
		{";color=a%3Db", styleMatrix, false, false, []string{"a=b"}, ""},
		{";color", styleMatrix, false, false, []string{""}, ""},
		{";color=blue,black", styleMatrix, false, true, []string{"blue", "black"}, ""},
		{";color=blue;color=black", styleMatrix, true, true, []string{"blue", "black"}, ""},
		{";color", styleMatrix, true, true, []string{}, ""},
		{";color=blue;other=black", styleMatrix, true, true, nil, "matrix style"},
		{";other=blue", styleMatrix, false, false, nil, "matrix style"},
		{"color=blue", styleMatrix, false, false, nil, "matrix style"},
		{".a%zz", styleLabel, false, false, nil, "percent-encoding"},
		{".a,%zz", styleLabel, false, true, nil, "item 1: malformed"},
	}
	for _, tt := range tests {
		got, err := parsePathStyle(tt.raw, tt.style, "color", tt.explode, tt.list)
		switch {
		case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)):
			t.Errorf("%q %s: error %v, want one containing %q", tt.raw, tt.style, err, tt.err)
		case tt.err == "" && (err != nil || !reflect.DeepEqual(got, tt.want)):
			t.Errorf("%q %s explode=%v list=%v: got %q, %v; want %q", tt.raw, tt.style, tt.explode, tt.list, got, err, tt.want)
		}
	}
}

// TestPathStyleRoundTrip: whatever the items, parsePathStyle reads back
// what formatPathStyle wrote, in every style.
func TestPathStyleRoundTrip(t *testing.T) {
	for _, style := range []string{styleSimple, styleLabel, styleMatrix} {
		for _, explode := range []bool{false, true} {
			f := func(items []string, name string) bool {
				if len(items) == 0 || len(items) == 1 && items[0] == "" {
					// Empty arrays have their own rows above; one empty
					// item is written as the empty array is ("", "." or
					// ";name") and cannot come back as anything else.
					return true
				}
				raw := formatPathStyle(style, name, explode, items...)
				got, err := parsePathStyle(raw, style, name, explode, true)
				if err != nil || !reflect.DeepEqual(got, items) {
					t.Logf("%s explode=%v %q → %q → %q, %v", style, explode, items, raw, got, err)
					return false
				}
				one, err := parsePathStyle(formatPathStyle(style, name, explode, items[0]), style, name, explode, false)
				return err == nil && one[0] == items[0]
			}
			if err := quick.Check(f, nil); err != nil {
				t.Errorf("%s explode=%v: %v", style, explode, err)
			}
		}
	}
}

func TestDelimited(t *testing.T) {
	if got := formatDelimited([]int64{3, 4, 5}, formatInt[int64], "|"); got != "3|4|5" {
		t.Errorf("formatDelimited = %q", got)
	}
	got, err := parseDelimited(" ", parseInt64)("3 4 5")
	if err != nil || !reflect.DeepEqual(got, []int64{3, 4, 5}) {
		t.Errorf("parseDelimited = %v, %v", got, err)
	}
	if _, err := parseDelimited("|", parseInt64)("3|x"); err == nil || err.Error() != "item 1: not a 64-bit integer" {
		t.Errorf("parseDelimited error = %v", err)
	}
	if got := formatEach([]int32{1, -2}, formatInt[int32]); !reflect.DeepEqual(got, []string{"1", "-2"}) {
		t.Errorf("formatEach = %q", got)
	}
}

func TestReadPathStyle(t *testing.T) {
	p := newTestReader(t, "", nil, []string{"a", "b", "c", "d"}, []string{".5", ";b=3;b=4", "", "x"})
	if v, ok := readPathStyle(p, "a", styleLabel, parseInt64); !ok || v != 5 {
		t.Errorf("label = %v, %v", v, ok)
	}
	if v, ok := readPathList(p, "b", styleMatrix, true, parseInt64); !ok || !reflect.DeepEqual(v, []int64{3, 4}) {
		t.Errorf("matrix = %v, %v", v, ok)
	}
	if p.err != nil {
		t.Fatalf("unexpected error %+v", p.err)
	}
	if _, ok := readPathList(p, "c", styleSimple, false, parseInt64); ok || p.err == nil || p.err.reason != "required" {
		t.Errorf("empty simple array: ok %v, err %+v", ok, p.err)
	}
	p.err = nil
	if _, ok := readPathStyle(p, "d", styleMatrix, parseInt64); ok || p.err == nil || p.err.value != "x" || !strings.Contains(p.err.reason, "matrix") {
		t.Errorf("bad matrix: ok %v, err %+v", ok, p.err)
	}
	p.err = nil
	if _, ok := readPathList(p, "a", styleLabel, false, parseInt32); !ok {
		t.Errorf("label array of one: %+v", p.err)
	}
	p = newTestReader(t, "", nil, []string{"a"}, []string{".x"})
	if _, ok := readPathList(p, "a", styleLabel, false, parseInt32); ok || p.err == nil || p.err.reason != "item 0: not a 32-bit integer" {
		t.Errorf("bad item: ok %v, err %+v", ok, p.err)
	}
	p = newTestReader(t, "", nil, []string{"a"}, []string{".x"})
	if _, ok := readPathStyle(p, "a", styleLabel, parseInt32); ok || p.err == nil || p.err.value != "x" {
		t.Errorf("bad label value: ok %v, err %+v", ok, p.err)
	}
}

func TestReadQueryList(t *testing.T) {
	p := newTestReader(t, "?id=3&x=1&id=4&id=5", nil, nil, nil)
	if v, ok := readQueryList(p, "id", true, parseInt64); !ok || !reflect.DeepEqual(v, []int64{3, 4, 5}) {
		t.Errorf("readQueryList = %v, %v", v, ok)
	}
	if v, ok := readQueryList(p, "missing", false, parseInt64); ok || v != nil || p.err != nil {
		t.Errorf("optional missing = %v, %v, %+v", v, ok, p.err)
	}
	if _, ok := readQueryList(p, "missing", true, parseInt64); ok || p.err == nil || p.err.code != "MissingRequiredQueryParameter" {
		t.Errorf("required missing: %v, %+v", ok, p.err)
	}
	p = newTestReader(t, "?id=3&id=a%20b", nil, nil, nil)
	if _, ok := readQueryList(p, "id", true, parseInt64); ok || p.err == nil || p.err.value != "3,a b" {
		t.Errorf("bad item: %v, %+v", ok, p.err)
	}
	p = newTestReader(t, "?id=%zz", nil, nil, nil)
	if _, ok := readQueryList(p, "id", true, parseInt64); ok || p.err.reason != "malformed query string" {
		t.Errorf("malformed query: %v, %+v", ok, p.err)
	}
}

// {+path}: '/' is sent as it is, everything else escaped as usual.
func TestReserved(t *testing.T) {
	if got := escapeReserved("a/b c/ü?#,"); got != "a/b%20c/%C3%BC%3F%23%2C" {
		t.Errorf("escapeReserved = %q", got)
	}
	if got := formatPathStyle(styleReserved, "p", false, "a/b", "c,d"); got != "a/b,c%2Cd" {
		t.Errorf("formatPathStyle reserved = %q", got)
	}
	got, err := parsePathStyle("a/b,c%2Cd", styleReserved, "p", false, true)
	if err != nil || !reflect.DeepEqual(got, []string{"a/b", "c,d"}) {
		t.Errorf("parsePathStyle reserved = %q, %v", got, err)
	}
	if p := compilePath("/x/{a}/{+b}"); !reflect.DeepEqual(p.names, []string{"a", "b"}) || !reflect.DeepEqual(p.spans, []bool{false, true}) {
		t.Errorf("compilePath: names %q spans %v", p.names, p.spans)
	}
}
