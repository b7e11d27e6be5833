package support

import (
	"math"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"testing/quick"
	"time"
	"unicode/utf8"
)

type testEnumS string
type testEnumI32 int32
type testEnumI64 int64

func TestFormatScalars(t *testing.T) {
	type myStr string
	type myInt int32
	type myFloat float64
	tests := []struct {
		name string
		got  string
		want string
	}{
		{"string", formatString("a b,c"), "a b,c"},
		{"named string", formatString(myStr("x")), "x"},
		{"empty string", formatString(""), ""},
		{"int32 max", formatInt(int32(math.MaxInt32)), "2147483647"},
		{"int32 min", formatInt(int32(math.MinInt32)), "-2147483648"},
		{"int64 max", formatInt(int64(math.MaxInt64)), "9223372036854775807"},
		{"int64 min", formatInt(int64(math.MinInt64)), "-9223372036854775808"},
		{"named int", formatInt(myInt(-7)), "-7"},
		{"zero", formatInt(int64(0)), "0"},
		{"float64", formatFloat(1.5), "1.5"},
		{"float64 tenth", formatFloat(0.1), "0.1"},
		{"float64 int-valued", formatFloat(3.0), "3"},
		{"float64 large", formatFloat(1e21), "1e+21"},
		{"float64 negative", formatFloat(-2.25), "-2.25"},
		{"float32 tenth", formatFloat(float32(0.1)), "0.1"},
		{"float32 1.1", formatFloat(float32(1.1)), "1.1"},
		{"float32 max", formatFloat(float32(math.MaxFloat32)), "3.4028235e+38"},
		{"named float", formatFloat(myFloat(2)), "2"},
		{"bool true", formatBool(true), "true"},
		{"bool false", formatBool(false), "false"},
		{"uuid", formatUUID(UUID{15: 1}), "00000000-0000-0000-0000-000000000001"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, tt.got, tt.want)
		}
	}
}

func TestFormatFloatRoundTrip(t *testing.T) {
	f32 := func(v float32) bool {
		if v != v {
			return true
		}
		got, err := parseFloat32(formatFloat(v))
		return err == nil && got == v
	}
	f64 := func(v float64) bool {
		if v != v || math.IsInf(v, 0) {
			return true
		}
		got, err := parseFloat64(formatFloat(v))
		return err == nil && got == v
	}
	if err := quick.Check(f32, nil); err != nil {
		t.Error(err)
	}
	if err := quick.Check(f64, nil); err != nil {
		t.Error(err)
	}
}

func TestFormatTimes(t *testing.T) {
	est := time.FixedZone("EST", -5*3600)
	ist := time.FixedZone("IST", 5*3600+1800)
	tests := []struct {
		name string
		got  string
		want string
	}{
		{"rfc1123 utc", formatRFC1123(time.Date(2017, 2, 17, 0, 0, 0, 0, time.UTC)), "Fri, 17 Feb 2017 00:00:00 GMT"},
		{"rfc1123 west", formatRFC1123(time.Date(2017, 2, 16, 19, 0, 0, 0, est)), "Fri, 17 Feb 2017 00:00:00 GMT"},
		{"rfc1123 east", formatRFC1123(time.Date(2017, 2, 17, 5, 30, 0, 0, ist)), "Fri, 17 Feb 2017 00:00:00 GMT"},
		{"rfc1123 drops fraction", formatRFC1123(time.Date(2017, 2, 17, 0, 0, 0, 999, time.UTC)), "Fri, 17 Feb 2017 00:00:00 GMT"},
		{"datetime utc", formatDateTime(time.Date(2017, 2, 17, 0, 0, 0, 0, time.UTC)), "2017-02-17T00:00:00Z"},
		{"datetime nanos", formatDateTime(time.Date(2017, 2, 17, 1, 2, 3, 450000000, time.UTC)), "2017-02-17T01:02:03.45Z"},
		{"datetime zone kept", formatDateTime(time.Date(2017, 2, 16, 19, 0, 0, 0, est)), "2017-02-16T19:00:00-05:00"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, tt.got, tt.want)
		}
	}
}

func TestFormatCSV(t *testing.T) {
	if got := formatCSV([]int32{1, -2, 3}, formatInt[int32]); got != "1,-2,3" {
		t.Errorf("got %q", got)
	}
	if got := formatCSV([]string{"a"}, formatString[string]); got != "a" {
		t.Errorf("got %q", got)
	}
	if got := formatCSV(nil, formatString[string]); got != "" {
		t.Errorf("got %q", got)
	}
	if got := formatCSV([]bool{true, false}, formatBool); got != "true,false" {
		t.Errorf("got %q", got)
	}
	if got := formatCSV([]UUID{{}, {15: 1}}, formatUUID); got != "00000000-0000-0000-0000-000000000000,00000000-0000-0000-0000-000000000001" {
		t.Errorf("got %q", got)
	}
}

func TestParseString(t *testing.T) {
	for _, s := range []string{"", "a", "a,b", "é"} {
		if got, err := parseString(s); err != nil || got != s {
			t.Errorf("parseString(%q) = %q, %v", s, got, err)
		}
	}
}

func TestParseInts(t *testing.T) {
	tests := []struct {
		in   string
		want int64
		ok32 bool
		ok64 bool
	}{
		{"0", 0, true, true},
		{"42", 42, true, true},
		{"-42", -42, true, true},
		{"+7", 7, true, true},
		{"2147483647", math.MaxInt32, true, true},
		{"-2147483648", math.MinInt32, true, true},
		{"2147483648", 2147483648, false, true},
		{"-2147483649", -2147483649, false, true},
		{"9223372036854775807", math.MaxInt64, false, true},
		{"-9223372036854775808", math.MinInt64, false, true},
		{"9223372036854775808", 0, false, false},
		{"1.0", 0, false, false},
		{"1e3", 0, false, false},
		{"0x10", 0, false, false},
		{"1_000", 0, false, false},
		{" 1", 0, false, false},
		{"1 ", 0, false, false},
		{"", 0, false, false},
		{"abc", 0, false, false},
	}
	for _, tt := range tests {
		v32, err := parseInt32(tt.in)
		if (err == nil) != tt.ok32 {
			t.Errorf("parseInt32(%q) = %d, %v; want ok=%v", tt.in, v32, err, tt.ok32)
		} else if tt.ok32 && int64(v32) != tt.want {
			t.Errorf("parseInt32(%q) = %d, want %d", tt.in, v32, tt.want)
		} else if !tt.ok32 && (v32 != 0 || err.Error() != "not a 32-bit integer") {
			t.Errorf("parseInt32(%q) = %d, %v", tt.in, v32, err)
		}
		v64, err := parseInt64(tt.in)
		if (err == nil) != tt.ok64 {
			t.Errorf("parseInt64(%q) = %d, %v; want ok=%v", tt.in, v64, err, tt.ok64)
		} else if tt.ok64 && v64 != tt.want {
			t.Errorf("parseInt64(%q) = %d, want %d", tt.in, v64, tt.want)
		} else if !tt.ok64 && (v64 != 0 || err.Error() != "not a 64-bit integer") {
			t.Errorf("parseInt64(%q) = %d, %v", tt.in, v64, err)
		}
	}
}

func TestParseFloats(t *testing.T) {
	tests := []struct {
		in   string
		want float64
		ok32 bool
		ok64 bool
	}{
		{"0", 0, true, true},
		{"1.5", 1.5, true, true},
		{"-2.25", -2.25, true, true},
		{"1e3", 1000, true, true},
		{"1E-3", 0.001, true, true},
		{"42", 42, true, true},
		{"1e39", 1e39, false, true},
		{"1e309", 0, false, false},
		{"NaN", 0, false, false},
		{"nan", 0, false, false},
		{"Inf", 0, false, false},
		{"+Inf", 0, false, false},
		{"-Infinity", 0, false, false},
		{"", 0, false, false},
		{"1,5", 0, false, false},
		{"abc", 0, false, false},
		{" 1", 0, false, false},
	}
	for _, tt := range tests {
		v64, err := parseFloat64(tt.in)
		if (err == nil) != tt.ok64 {
			t.Errorf("parseFloat64(%q) = %v, %v; want ok=%v", tt.in, v64, err, tt.ok64)
		} else if tt.ok64 && v64 != tt.want {
			t.Errorf("parseFloat64(%q) = %v, want %v", tt.in, v64, tt.want)
		} else if !tt.ok64 && err.Error() != "not a number" {
			t.Errorf("parseFloat64(%q): error %v", tt.in, err)
		}
		v32, err := parseFloat32(tt.in)
		if (err == nil) != tt.ok32 {
			t.Errorf("parseFloat32(%q) = %v, %v; want ok=%v", tt.in, v32, err, tt.ok32)
		} else if tt.ok32 && v32 != float32(tt.want) {
			t.Errorf("parseFloat32(%q) = %v, want %v", tt.in, v32, float32(tt.want))
		}
	}
}

func TestParseBool(t *testing.T) {
	tests := []struct {
		in   string
		want bool
		ok   bool
	}{
		{"true", true, true},
		{"false", false, true},
		{"True", false, false},
		{"FALSE", false, false},
		{"1", false, false},
		{"0", false, false},
		{"t", false, false},
		{"yes", false, false},
		{"", false, false},
		{" true", false, false},
	}
	for _, tt := range tests {
		got, err := parseBool(tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("parseBool(%q) = %v, %v; want %v, ok=%v", tt.in, got, err, tt.want, tt.ok)
		}
	}
}

func TestParseRFC1123(t *testing.T) {
	want := time.Date(2017, 2, 17, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		in  string
		err string // a part of the error; "" for a date that reads as want
	}{
		// RFC 9110 §5.6.7: IMF-fixdate, and the two obsolete forms.
		{"Fri, 17 Feb 2017 00:00:00 GMT", ""},
		{"Friday, 17-Feb-17 00:00:00 GMT", ""},
		{"Fri Feb 17 00:00:00 2017", ""},
		{"Fri Feb  7 00:00:00 2017", "weekday"}, // asctime pads the day with a space: a Tuesday
		// As clients write them: Go's time.RFC1123 in UTC, RFC 5322 zones.
		{"Fri, 17 Feb 2017 00:00:00 UTC", ""},
		{"Fri, 17 Feb 2017 00:00:00 UT", ""},
		{"Fri, 17 Feb 2017 00:00:00 Z", ""},
		{"fri, 17 feb 2017 00:00:00 gmt", ""},
		{"Fri, 17 Feb 2017 01:00:00 +0100", ""},
		{"Fri, 17 Feb 2017 01:30:00 +01:30", ""},
		{"Thu, 16 Feb 2017 19:00:00 -0500", ""},
		{"Fri, 17 Feb 2017 00:00:00 +0000", ""},
		{"Fri, 17 Feb 17 00:00:00 GMT", ""}, // RFC 822's two-digit year
		{"Fri,  17 Feb 2017  00:00:00 GMT", ""},
		// A zone that names no known offset is refused, by name.
		{"Fri, 17 Feb 2017 02:00:00 CEST", `unknown time zone "CEST"`},
		{"Fri, 17 Feb 2017 00:00:00 XYZ", `unknown time zone "XYZ"`},
		{"Thu, 16 Feb 2017 16:00:00 PST", `unknown time zone "PST"`}, // RFC 5322's, but often meant as PDT
		{"Thu, 16 Feb 2017 19:00:00 EST", `unknown time zone "EST"`},
		{"Fri, 17 Feb 2017 00:00:00 +1", "malformed zone offset"},
		{"Fri, 17 Feb 2017 00:00:00 +2400", "malformed zone offset"},
		// Not dates, or not this one.
		{"Sat, 17 Feb 2017 00:00:00 GMT", "weekday"},
		{"Tue, 31 Feb 2017 00:00:00 GMT", "not a date"},
		{"Fri, 17 Feb 2017 24:00:00 GMT", "not an HTTP date"},
		{"Fri, 17 Foo 2017 00:00:00 GMT", "not an HTTP date"},
		{"Fri, 17 Feb 2017 00:00 GMT", "not an HTTP date"},
		{"Fri, 17 Feb 017 00:00:00 GMT", "not an HTTP date"},
		{"Fri, 17 Feb 2017 00:00:00", "not an HTTP date"},
		{"17 Feb 2017 00:00:00 GMT", "not an HTTP date"},
		{"2017-02-17T00:00:00Z", "not an HTTP date"},
		{"2017-02-17T00:00:00+01:00", "not an HTTP date"},
		{"not a date", "not an HTTP date"},
		{"", "not an HTTP date"},
	}
	for _, tt := range tests {
		got, err := parseRFC1123(tt.in)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) || !got.IsZero() {
				t.Errorf("parseRFC1123(%q) = %v, %v; want an error about %q", tt.in, got, err, tt.err)
			}
			continue
		}
		if err != nil || !got.Equal(want) || got.Location() != time.UTC {
			t.Errorf("parseRFC1123(%q) = %v, %v; want %v in UTC", tt.in, got, err, want)
		}
	}
	// A leap second reads as the next minute's first second.
	if got, err := parseRFC1123("Sat, 31 Dec 2016 23:59:60 GMT"); err != nil || !got.Equal(time.Date(2017, 1, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("leap second: %v, %v", got, err)
	}
}

// What Go's time.RFC1123 writes in UTC or in a zone without a name (a
// numeric offset) reads back as the same instant; formatRFC1123 always
// writes GMT.
func TestRFC1123RoundTrip(t *testing.T) {
	at := time.Date(2025, 6, 2, 10, 11, 12, 0, time.UTC)
	for _, loc := range []*time.Location{time.UTC, time.FixedZone("", 2*3600), time.FixedZone("", -(9*3600 + 30*60))} {
		s := at.In(loc).Format(time.RFC1123)
		got, err := parseRFC1123(s)
		if err != nil || !got.Equal(at) {
			t.Errorf("%q: %v, %v", s, got, err)
		}
		if f := formatRFC1123(at.In(loc)); f != "Mon, 02 Jun 2025 10:11:12 GMT" {
			t.Errorf("formatRFC1123 in %v = %q", loc, f)
		}
	}
}

func TestTwoDigitYear(t *testing.T) {
	now := time.Date(2025, 6, 2, 0, 0, 0, 0, time.UTC)
	for yy, want := range map[int]int{94: 1994, 0: 2000, 25: 2025, 75: 2075, 76: 1976, 99: 1999} {
		if got := twoDigitYear(yy, now); got != want {
			t.Errorf("twoDigitYear(%d) = %d, want %d", yy, got, want)
		}
	}
}

func TestParseDateTime(t *testing.T) {
	tests := []struct {
		in   string
		want time.Time
		ok   bool
	}{
		{"2017-02-17T00:00:00Z", time.Date(2017, 2, 17, 0, 0, 0, 0, time.UTC), true},
		{"2017-02-17T01:02:03.45Z", time.Date(2017, 2, 17, 1, 2, 3, 450000000, time.UTC), true},
		{"2017-02-17T01:00:00+01:00", time.Date(2017, 2, 17, 0, 0, 0, 0, time.UTC), true},
		{"2017-02-17", time.Time{}, false},
		{"2017-02-17T00:00:00", time.Time{}, false},
		{"Fri, 17 Feb 2017 00:00:00 GMT", time.Time{}, false},
		{"", time.Time{}, false},
	}
	for _, tt := range tests {
		got, err := parseDateTime(tt.in)
		if (err == nil) != tt.ok || !got.Equal(tt.want) {
			t.Errorf("parseDateTime(%q) = %v, %v; want %v ok=%v", tt.in, got, err, tt.want, tt.ok)
		}
		if tt.ok {
			back, err := parseDateTime(formatDateTime(got))
			if err != nil || !back.Equal(got) {
				t.Errorf("round trip %q = %v, %v", tt.in, back, err)
			}
		}
	}
}

func TestParseCSV(t *testing.T) {
	ints := parseCSV(parseInt32)
	tests := []struct {
		in      string
		want    []int32
		wantErr string
	}{
		{"", []int32{}, ""},
		{"1", []int32{1}, ""},
		{"1,2,-3", []int32{1, 2, -3}, ""},
		{"1,,3", nil, "item 1: not a 32-bit integer"},
		{"1,x", nil, "item 1: not a 32-bit integer"},
		{"x,y", nil, "item 0: not a 32-bit integer"},
		{"1, 2", nil, "item 1: not a 32-bit integer"},
		{"1,", nil, "item 1: not a 32-bit integer"},
	}
	for _, tt := range tests {
		got, err := ints(tt.in)
		if tt.wantErr != "" {
			if err == nil || err.Error() != tt.wantErr || got != nil {
				t.Errorf("parseCSV(%q) = %v, %v; want error %q", tt.in, got, err, tt.wantErr)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("parseCSV(%q) = %#v, %v; want %#v", tt.in, got, err, tt.want)
		}
	}
	strs, err := parseCSV(parseString)("a,,b")
	if err != nil || !reflect.DeepEqual(strs, []string{"a", "", "b"}) {
		t.Errorf("parseCSV strings = %q, %v", strs, err)
	}
	bools, err := parseCSV(parseBool)("true,false")
	if err != nil || !reflect.DeepEqual(bools, []bool{true, false}) {
		t.Errorf("parseCSV bools = %v, %v", bools, err)
	}
	if _, err := parseCSV(parseBool)("true,1"); err == nil || !strings.HasPrefix(err.Error(), "item 1: not a boolean") {
		t.Errorf("parseCSV bools error = %v", err)
	}
	// Round trip through formatCSV.
	in := []int32{5, -1, 0, math.MaxInt32}
	if back, err := ints(formatCSV(in, formatInt[int32])); err != nil || !reflect.DeepEqual(back, in) {
		t.Errorf("round trip = %v, %v", back, err)
	}
}

func TestParseEnum(t *testing.T) {
	if v, err := parseEnum[testEnumS]("red"); err != nil || v != testEnumS("red") {
		t.Errorf("parseEnum = %v, %v", v, err)
	}
	if v, err := parseEnum[testEnumS](""); err != nil || v != "" {
		t.Errorf("parseEnum empty = %v, %v", v, err)
	}
	tests := []struct {
		in   string
		want int64
		ok32 bool
		ok64 bool
	}{
		{"1", 1, true, true},
		{"-5", -5, true, true},
		{"2147483647", math.MaxInt32, true, true},
		{"2147483648", 2147483648, false, true},
		{"4294967297", 4294967297, false, true}, // would wrap to 1 as an int32
		{"-2147483649", -2147483649, false, true},
		{"x", 0, false, false},
		{"1.0", 0, false, false},
	}
	for _, tt := range tests {
		v32, err := parseEnumInt[testEnumI32](tt.in)
		if (err == nil) != tt.ok32 || tt.ok32 && int64(v32) != tt.want {
			t.Errorf("parseEnumInt[int32](%q) = %v, %v; want %v ok=%v", tt.in, v32, err, tt.want, tt.ok32)
		}
		v64, err := parseEnumInt[testEnumI64](tt.in)
		if (err == nil) != tt.ok64 || tt.ok64 && int64(v64) != tt.want {
			t.Errorf("parseEnumInt[int64](%q) = %v, %v; want %v ok=%v", tt.in, v64, err, tt.want, tt.ok64)
		}
	}
}

func TestEscapePathValue(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"", ""},
		{"abcXYZ019", "abcXYZ019"},
		{"-._~", "-._~"},
		{",", "%2C"},
		{")", "%29"},
		{"(", "%28"},
		{"'", "%27"},
		{"/", "%2F"},
		{" ", "%20"},
		{"%", "%25"},
		{"=", "%3D"},
		{"+", "%2B"},
		{"?", "%3F"},
		{"#", "%23"},
		{"&", "%26"},
		{":", "%3A"},
		{"@", "%40"},
		{"*", "%2A"},
		{"!", "%21"},
		{"$", "%24"},
		{";", "%3B"},
		{"\x00", "%00"},
		{"\x7f", "%7F"},
		{"\xff", "%FF"},
		{"é", "%C3%A9"},
		{"日本", "%E6%97%A5%E6%9C%AC"},
		{"😀", "%F0%9F%98%80"},
		{"a b/c", "a%20b%2Fc"},
		{"ab,cd", "ab%2Ccd"},
		{"O'Brien (x)", "O%27Brien%20%28x%29"},
		{"k=v,w", "k%3Dv%2Cw"},
		{"100%", "100%25"},
		{"%2F", "%252F"},
	}
	for _, tt := range tests {
		got := escapePathValue(tt.in)
		if got != tt.want {
			t.Errorf("escapePathValue(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if back, err := url.PathUnescape(got); err != nil || back != tt.in {
			t.Errorf("PathUnescape(%q) = %q, %v; want %q", got, back, err, tt.in)
		}
	}
	// Every byte: unreserved stays, everything else becomes %XX.
	for c := 0; c < 256; c++ {
		s := string([]byte{byte(c)})
		got := escapePathValue(s)
		unreserved := 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("-._~", byte(c)) >= 0
		if unreserved && got != s || !unreserved && len(got) != 3 {
			t.Errorf("escapePathValue(%q) = %q", s, got)
		}
	}
}

func checkEscapePathValue(t *testing.T, s string) {
	t.Helper()
	e := escapePathValue(s)
	for i := 0; i < len(e); i++ {
		if c := e[i]; !isUnreserved(c) && c != '%' {
			t.Fatalf("escapePathValue(%q) = %q contains %q", s, e, c)
		}
	}
	back, err := url.PathUnescape(e)
	if err != nil || back != s {
		t.Fatalf("PathUnescape(escapePathValue(%q)) = %q, %v", s, back, err)
	}
}

func TestEscapePathValueQuick(t *testing.T) {
	f := func(s string, b []byte) bool {
		for _, in := range []string{s, string(b)} {
			back, err := url.PathUnescape(escapePathValue(in))
			if err != nil || back != in {
				return false
			}
		}
		return true
	}
	if err := quick.Check(f, &quick.Config{MaxCount: 2000}); err != nil {
		t.Error(err)
	}
}

func FuzzEscapePathValue(f *testing.F) {
	for _, s := range []string{"", "abc", "a b", ",)('/%=", "é", "%2F", "\xff\x00", "thumbprint=ab,cd", strings.Repeat("x", 100)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkEscapePathValue(t, s)
		if utf8.ValidString(s) {
			// A valid-UTF-8 value also survives the unescaping a server does on a path.
			u, err := url.Parse("http://h/x/" + escapePathValue(s))
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.TrimPrefix(u.Path, "/x/"); got != s {
				t.Fatalf("url.Parse path = %q, want %q", got, s)
			}
		}
	})
}

func TestPtrTo(t *testing.T) {
	x := 5
	p := ptrTo(x)
	if *p != 5 || p == &x {
		t.Errorf("ptrTo = %p %d", p, *p)
	}
	*p = 6
	if x != 5 {
		t.Error("ptrTo aliases its argument")
	}
	if s := ptrTo("a"); *s != "a" {
		t.Errorf("ptrTo string = %q", *s)
	}
}

func TestFormatParseText(t *testing.T) {
	u, _ := ParseUUID("123e4567-e89b-12d3-a456-426614174000")
	if got := formatText(u); got != "123e4567-e89b-12d3-a456-426614174000" {
		t.Errorf("formatText(UUID) = %q", got)
	}
	if got, err := parseText[UUID]("123E4567-E89B-12D3-A456-426614174000"); err != nil || got != u {
		t.Errorf("parseText[UUID] = %v, %v", got, err)
	}
	if got, err := parseText[UUID]("nope"); err == nil || !got.IsZero() {
		t.Errorf("parseText[UUID](nope) = %v, %v", got, err)
	}
	tm := time.Date(2017, 2, 17, 1, 2, 3, 0, time.UTC)
	if got := formatText(tm); got != "2017-02-17T01:02:03Z" {
		t.Errorf("formatText(time) = %q", got)
	}
	if got, err := parseText[time.Time]("2017-02-17T01:02:03Z"); err != nil || !got.Equal(tm) {
		t.Errorf("parseText[time.Time] = %v, %v", got, err)
	}
	// As a parser for readParam.
	p := newTestReader(t, "?id=bad", nil, nil, nil)
	if _, ok := readParam(p, inQuery, "id", true, parseText[UUID]); ok || p.err == nil || p.err.reason != errUUIDSyntax.Error() {
		t.Errorf("readParam(parseText) err = %+v", p.err)
	}
}
