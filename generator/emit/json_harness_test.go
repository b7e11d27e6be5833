package emit_test

// This file is the harness of json_e2e_test.go: it is copied, as package
// harness, into the temporary module that compares generated JSON methods
// with encoding/json. It refers to no generated package.

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// Case is one generated type: Real has the methods, Plain is the same
// declaration without them.
type Case struct {
	Name        string
	Real, Plain func() any
}

var (
	timeType = reflect.TypeFor[time.Time]()
	rawType  = reflect.TypeFor[json.RawMessage]()
)

func Run(t *testing.T, cases []Case, iters int) {
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			encodes, decodes, okDocs := 0, 0, 0
			for i := 0; i < iters; i++ {
				seed := uint64(i)*7919 + uint64(len(c.Name))
				a, b := c.Real(), c.Plain()
				fill(reflect.ValueOf(a).Elem(), rand.New(rand.NewPCG(seed, 1)), 0)
				fill(reflect.ValueOf(b).Elem(), rand.New(rand.NewPCG(seed, 1)), 0)
				want, werr := json.Marshal(b)
				got, gerr := reflect.ValueOf(a).Elem().Interface().(json.Marshaler).MarshalJSON()
				got2, gerr2 := json.Marshal(a)
				if (werr == nil) != (gerr == nil) || (werr == nil) != (gerr2 == nil) {
					t.Fatalf("seed %d: encode errors differ: encoding/json %v, MarshalJSON %v, json.Marshal %v\nwant %s", seed, werr, gerr, gerr2, want)
				}
				if werr == nil && (!bytes.Equal(got, want) || !bytes.Equal(got2, want)) {
					t.Fatalf("seed %d: encode differs:\nencoding/json %s\nMarshalJSON   %s\njson.Marshal  %s", seed, want, got, got2)
				}
				encodes++
				rnd := rand.New(rand.NewPCG(seed, 2))
				var docs [][]byte
				if werr == nil {
					docs = append(docs, want, mutate(want, rnd), mutate(want, rnd))
				}
				typ := reflect.TypeOf(b).Elem()
				for k := 0; k < 3; k++ {
					d := genValue(nil, typ, rnd, 0)
					docs = append(docs, d, mutate(d, rnd))
				}
				for _, d := range docs {
					prefill := rnd.IntN(4) == 0
					if decodeOne(t, c, d, prefill, seed) {
						okDocs++
					}
					decodes++
				}
			}
			for _, d := range deepDocs() {
				decodeOne(t, c, d, false, 0)
			}
			t.Logf("%d encodes, %d decodes (%d accepted) agree with encoding/json", encodes, decodes, okDocs)
		})
	}
}

func deepDocs() [][]byte {
	var out [][]byte
	for _, n := range []int{9999, 10000, 10001, 10002} {
		out = append(out, []byte(`{"zzUnknown":`+strings.Repeat("[", n)+strings.Repeat("]", n)+`}`))
		out = append(out, []byte(`{"zzUnknown":`+strings.Repeat(`{"a":`, n)+`1`+strings.Repeat("}", n)+`}`))
	}
	return out
}

func decodeOne(t *testing.T, c Case, doc []byte, prefill bool, seed uint64) bool {
	t.Helper()
	a1, a2, b := c.Real(), c.Real(), c.Plain()
	if prefill {
		nanOK = false
		defer func() { nanOK = true }()
		fill(reflect.ValueOf(a1).Elem(), rand.New(rand.NewPCG(seed, 3)), 0)
		fill(reflect.ValueOf(a2).Elem(), rand.New(rand.NewPCG(seed, 3)), 0)
		fill(reflect.ValueOf(b).Elem(), rand.New(rand.NewPCG(seed, 3)), 0)
	}
	werr := json.Unmarshal(doc, b)
	gerr := json.Unmarshal(doc, a1)
	derr := a2.(json.Unmarshaler).UnmarshalJSON(doc)
	if (werr == nil) != (gerr == nil) || (werr == nil) != (derr == nil) {
		t.Fatalf("decode outcome differs for %q (prefill %v):\nencoding/json: %v\njson.Unmarshal: %v\nUnmarshalJSON: %v", short(doc), prefill, werr, gerr, derr)
	}
	if werr != nil {
		return false
	}
	if p := diff(reflect.ValueOf(a1).Elem(), reflect.ValueOf(b).Elem(), ""); p != "" {
		t.Fatalf("decoded values differ at %s for %q (prefill %v)", p, short(doc), prefill)
	}
	if p := diff(reflect.ValueOf(a2).Elem(), reflect.ValueOf(b).Elem(), ""); p != "" {
		t.Fatalf("UnmarshalJSON values differ at %s for %q (prefill %v)", p, short(doc), prefill)
	}
	return true
}

func short(b []byte) string {
	if len(b) > 600 {
		return string(b[:300]) + "…" + string(b[len(b)-300:])
	}
	return string(b)
}

// diff compares a value of a real type with one of its plain twin.
func diff(a, b reflect.Value, path string) string {
	if a.Kind() != b.Kind() {
		return path + " (kind)"
	}
	if a.Type() == timeType {
		ta, tb := a.Interface().(time.Time), b.Interface().(time.Time)
		if !ta.Equal(tb) || ta.Location().String() != tb.Location().String() || ta.Format(time.RFC3339Nano) != tb.Format(time.RFC3339Nano) {
			return path + fmt.Sprintf(" (%v vs %v)", ta, tb)
		}
		return ""
	}
	if k := a.Kind(); k == reflect.Float32 || k == reflect.Float64 {
		x, y := a.Float(), b.Float()
		if x != y || math.Signbit(x) != math.Signbit(y) {
			return path + fmt.Sprintf(" (%v vs %v)", x, y)
		}
		return ""
	}
	if a.Type() == b.Type() {
		if !reflect.DeepEqual(a.Interface(), b.Interface()) {
			return path + fmt.Sprintf(" (%#v vs %#v)", a.Interface(), b.Interface())
		}
		return ""
	}
	switch a.Kind() {
	case reflect.Pointer:
		if a.IsNil() || b.IsNil() {
			if a.IsNil() != b.IsNil() {
				return path + " (nil pointer)"
			}
			return ""
		}
		return diff(a.Elem(), b.Elem(), path)
	case reflect.Struct:
		for i := 0; i < a.NumField(); i++ {
			if !a.Type().Field(i).IsExported() {
				continue
			}
			if p := diff(a.Field(i), b.Field(i), path+"."+a.Type().Field(i).Name); p != "" {
				return p
			}
		}
	case reflect.Slice, reflect.Map:
		if a.IsNil() != b.IsNil() {
			return path + fmt.Sprintf(" (nil: %v vs %v)", a.IsNil(), b.IsNil())
		}
		if a.Len() != b.Len() {
			return path + " (len)"
		}
		if a.Kind() == reflect.Slice {
			for i := 0; i < a.Len(); i++ {
				if p := diff(a.Index(i), b.Index(i), path+"["+strconv.Itoa(i)+"]"); p != "" {
					return p
				}
			}
			return ""
		}
		for _, k := range a.MapKeys() {
			bv := b.MapIndex(k)
			if !bv.IsValid() {
				return path + "[" + k.String() + "] (missing)"
			}
			if p := diff(a.MapIndex(k), bv, path+"["+k.String()+"]"); p != "" {
				return p
			}
		}
	case reflect.Array:
		for i := 0; i < a.Len(); i++ {
			if p := diff(a.Index(i), b.Index(i), path); p != "" {
				return p
			}
		}
	default:
		if fmt.Sprint(a) != fmt.Sprint(b) {
			return path + fmt.Sprintf(" (%v vs %v)", a, b)
		}
	}
	return ""
}

// nanOK is false while filling values that decoding will overwrite, as
// NaN would never compare equal.
var nanOK = true

var stringPool = []string{"", "a", "abc", "<script>&amp;</script>", "line\u2028sep\u2029", "bad\xffutf8\xc3", "ctl\x00\x01\x1f\x7f", "quote\"back\\slash/", "tab\tnl\nr\rb\bf\f", "héllo wörld ☃ 🎉", "\xed\xa0\x80", "pfx", "cer", "active", "deleting", "Color", "AbC", "ünïcode"}

func randString(rnd *rand.Rand) string {
	if rnd.IntN(3) == 0 {
		var b []byte
		for n := rnd.IntN(12); n > 0; n-- {
			switch rnd.IntN(4) {
			case 0:
				b = append(b, byte(rnd.IntN(256)))
			case 1:
				b = utf8.AppendRune(b, rune(rnd.IntN(0x30000)))
			default:
				b = append(b, byte(' '+rnd.IntN(95)))
			}
		}
		return string(b)
	}
	return stringPool[rnd.IntN(len(stringPool))]
}

func randTime(rnd *rand.Rand) time.Time {
	locs := []*time.Location{time.UTC, time.FixedZone("", 5*3600+1800), time.FixedZone("PST", -8*3600), time.Local, time.FixedZone("", -(23*3600 + 59*60))}
	year := 1 + rnd.IntN(9998)
	switch rnd.IntN(40) {
	case 0:
		year = 10000
	case 1:
		year = -1
	case 2:
		locs = []*time.Location{time.FixedZone("", 24*3600)}
	case 3:
		return time.Time{}
	}
	nsec := 0
	if rnd.IntN(2) == 0 {
		nsec = rnd.IntN(1e9)
		if rnd.IntN(2) == 0 {
			nsec = nsec / 1e6 * 1e6
		}
	}
	return time.Date(year, time.Month(1+rnd.IntN(12)), 1+rnd.IntN(28), rnd.IntN(24), rnd.IntN(60), rnd.IntN(60), nsec, locs[rnd.IntN(len(locs))])
}

var rawPool = []string{`null`, `1`, ` { "a" : [1, 2.5e3, true, null, "x<y>&z\u2028"] } `, `"s\u00e9 \u2028 < > &"`, "\"raw\xe2\x80\xa8sep\"", `[]`, `{}`, `-0.0e+1`, `"\ud83d\ude00"`}

func fill(v reflect.Value, rnd *rand.Rand, depth int) {
	if !v.CanSet() {
		return
	}
	if v.Type() == timeType {
		v.Set(reflect.ValueOf(randTime(rnd)))
		return
	}
	if v.Type() == rawType {
		switch rnd.IntN(8) {
		case 0:
			v.SetZero()
		case 1:
			v.SetBytes([]byte("{bad"))
		default:
			v.SetBytes([]byte(rawPool[rnd.IntN(len(rawPool))]))
		}
		return
	}
	switch v.Kind() {
	case reflect.Pointer:
		if depth > 4 || rnd.IntN(3) == 0 {
			v.SetZero()
			return
		}
		p := reflect.New(v.Type().Elem())
		fill(p.Elem(), rnd, depth+1)
		v.Set(p)
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			fill(v.Field(i), rnd, depth+1)
		}
	case reflect.Slice:
		switch n := rnd.IntN(6); {
		case n == 0 || depth > 5:
			v.SetZero()
		case n == 1:
			v.Set(reflect.MakeSlice(v.Type(), 0, 0))
		default:
			k := rnd.IntN(4)
			s := reflect.MakeSlice(v.Type(), k, k)
			for i := 0; i < k; i++ {
				fill(s.Index(i), rnd, depth+1)
			}
			v.Set(s)
		}
	case reflect.Map:
		switch n := rnd.IntN(6); {
		case n == 0 || depth > 5:
			v.SetZero()
		case n == 1:
			v.Set(reflect.MakeMap(v.Type()))
		default:
			m := reflect.MakeMap(v.Type())
			for k := rnd.IntN(4); k > 0; k-- {
				e := reflect.New(v.Type().Elem()).Elem()
				fill(e, rnd, depth+1)
				key := reflect.New(v.Type().Key()).Elem()
				key.SetString(randString(rnd))
				m.SetMapIndex(key, e)
			}
			v.Set(m)
		}
	case reflect.String:
		v.SetString(randString(rnd))
	case reflect.Bool:
		v.SetBool(rnd.IntN(2) == 0)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		bits := v.Type().Bits()
		choices := []int64{0, 1, -1, 42, int64(1)<<(bits-1) - 1, -int64(1) << (bits - 1), rnd.Int64() >> (64 - bits)}
		v.SetInt(choices[rnd.IntN(len(choices))])
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		bits := v.Type().Bits()
		choices := []uint64{0, 1, 42, math.MaxUint64 >> (64 - bits), rnd.Uint64() >> (64 - bits)}
		v.SetUint(choices[rnd.IntN(len(choices))])
	case reflect.Float32, reflect.Float64:
		choices := []float64{0, math.Copysign(0, -1), 1, -1.5, 0.1, 1e21, 1e20, 1e-6, 9.99e-7, 1e-7, 123456789.125, math.MaxFloat32, math.SmallestNonzeroFloat64, math.MaxFloat64, 3.4e38, 1.0000001, rnd.NormFloat64() * math.Pow(10, float64(rnd.IntN(60)-30))}
		f := choices[rnd.IntN(len(choices))]
		if rnd.IntN(60) == 0 && nanOK {
			f = math.NaN()
		}
		if v.Kind() == reflect.Float32 && math.Abs(f) > math.MaxFloat32 {
			f = math.Inf(1)
		}
		v.SetFloat(f)
	case reflect.Interface:
		if x := randAny(rnd, depth); v.NumMethod() == 0 && x != nil {
			v.Set(reflect.ValueOf(x))
		} else {
			v.SetZero()
		}
	case reflect.Array:
		for i := 0; i < v.Len(); i++ {
			fill(v.Index(i), rnd, depth+1)
		}
	}
}

func randAny(rnd *rand.Rand, depth int) any {
	switch rnd.IntN(7) {
	case 0:
		return randString(rnd)
	case 1:
		return rnd.NormFloat64() * 1e6
	case 2:
		return rnd.IntN(2) == 0
	case 3:
		if depth < 4 {
			return map[string]any{randString(rnd): randAny(rnd, depth+1), "k": nil}
		}
	case 4:
		if depth < 4 {
			return []any{randAny(rnd, depth+1), 1.5}
		}
	}
	return nil
}

func ws(b []byte, rnd *rand.Rand) []byte {
	if rnd.IntN(6) == 0 {
		return append(b, " \t\n\r"[:1+rnd.IntN(4)]...)
	}
	return b
}

func genAny(b []byte, rnd *rand.Rand, depth int) []byte {
	b = ws(b, rnd)
	switch rnd.IntN(8) {
	case 0:
		b = append(b, "null"...)
	case 1:
		b = append(b, []string{"true", "false"}[rnd.IntN(2)]...)
	case 2:
		b = genNumber(b, rnd)
	case 3, 4:
		b = genString(b, rnd)
	case 5:
		if depth > 3 {
			return append(b, "[]"...)
		}
		b = append(b, '[')
		for i := rnd.IntN(3); i > 0; i-- {
			b = genAny(b, rnd, depth+1)
			if i > 1 {
				b = append(b, ',')
			}
		}
		b = append(b, ']')
	default:
		if depth > 3 {
			return append(b, "{}"...)
		}
		b = append(b, '{')
		for i := rnd.IntN(3); i > 0; i-- {
			b = genString(b, rnd)
			b = append(ws(b, rnd), ':')
			b = genAny(b, rnd, depth+1)
			if i > 1 {
				b = append(b, ',')
			}
		}
		b = append(b, '}')
	}
	return ws(b, rnd)
}

var numberPool = []string{"0", "-0", "1", "-1", "42", "1.5", "-2.25", "1e3", "1E-2", "-1e+2", "0.1", "127", "128", "-129", "255", "256", "32767", "32768", "2147483647", "2147483648", "-2147483648", "-2147483649", "4294967295", "4294967296", "9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809", "18446744073709551615", "18446744073709551616", "1e400", "-1e400", "1e-400", "3.4028235e38", "3.4028236e38", "3.5e38", "123456789012345678901234567890", "0.000001", "1.00000001", "100000000000000000000000", "9007199254740993", "1.0", "01", "1.", ".5", "-", "1e", "+1", "0x10", "1e+", "-01"}

func genNumber(b []byte, rnd *rand.Rand) []byte {
	if rnd.IntN(3) == 0 {
		return strconv.AppendFloat(b, rnd.NormFloat64()*math.Pow(10, float64(rnd.IntN(40)-20)), 'g', -1, 64)
	}
	return append(b, numberPool[rnd.IntN(len(numberPool))]...)
}

var stringTokens = []string{"a", "Z", "<", "&", "\\u0041", "\\u00e9", "\\ud83d\\ude00", "\\ud800", "\\udc00x", "\\ud800\\u0041", "\\/", "\\\"", "\\\\", "\\n", "\\t", "\\b", "\\f", "\\r", "\xff", "\xc3", "é", "\u2028", "\\x", "\x01", "\\u12", "\\uZZZZ", " "}

func genString(b []byte, rnd *rand.Rand) []byte {
	b = append(b, '"')
	for n := rnd.IntN(6); n > 0; n-- {
		tok := stringTokens[rnd.IntN(len(stringTokens))]
		if rnd.IntN(8) != 0 && (tok == "\\x" || tok == "\x01" || tok == "\\u12" || tok == "\\uZZZZ") {
			tok = "q"
		}
		b = append(b, tok...)
	}
	return append(b, '"')
}

func jsonName(f reflect.StructField) (string, bool) {
	tag := f.Tag.Get("json")
	if tag == "-" {
		return "", false
	}
	name, _, _ := strings.Cut(tag, ",")
	if name == "" {
		name = f.Name
	}
	return name, true
}

func quoteKey(b []byte, name string, rnd *rand.Rand) []byte {
	switch rnd.IntN(10) {
	case 0:
		name = strings.ToUpper(name)
	case 1:
		name = strings.ToLower(name)
	case 2:
		name = strings.ReplaceAll(strings.ReplaceAll(name, "k", "\u212a"), "s", "\u017f")
	}
	if rnd.IntN(10) == 0 && len(name) > 0 && name[0] < 0x80 {
		b = append(b, '"', '\\', 'u', '0', '0', "0123456789abcdef"[name[0]>>4], "0123456789abcdef"[name[0]&15])
		return append(append(b, name[1:]...), '"')
	}
	k, _ := json.Marshal(name)
	if rnd.IntN(2) == 0 {
		k = []byte(strconv.Quote(name))
	}
	return append(b, k...)
}

var times = []string{"2020-01-02T03:04:05Z", "2020-01-02T03:04:05.123456789Z", "2020-01-02T03:04:05.1Z", "2020-01-02T03:04:05+05:30", "2020-01-02T03:04:05-00:00", "2020-01-02t03:04:05z", "2020-02-30T00:00:00Z", "2020-01-02T24:00:00Z", "2020-01-02T03:04:60Z", "2020-01-02T03:04:05+24:00", "2020-01-02 03:04:05Z", "2020-01-02T03:04:05.Z", "2020-01-02T03:04:05.1234567891Z", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z", "2020-01-02T03:04:05\\u005a", "2020-01-02T03:04:05,5Z", "2020-01-02T03:04:05Z ", "2020-1-2T03:04:05Z", "2016-02-29T00:00:00Z", "2015-02-29T00:00:00Z"}

var uuids = []string{"123e4567-e89b-12d3-a456-426614174000", "123E4567-E89B-12D3-A456-426614174000", "123e4567e89b12d3a456426614174000", "{123e4567-e89b-12d3-a456-426614174000}", "123e4567-e89b-12d3-a456-42661417400g", "", "123e4567-e89b-12d3-a456-4266141740\\u0030\\u0030"}

// genValue writes a random document shaped like t, with noise.
func genValue(b []byte, t reflect.Type, rnd *rand.Rand, depth int) []byte {
	if depth > 6 || rnd.IntN(14) == 0 {
		return genAny(b, rnd, 3)
	}
	b = ws(b, rnd)
	if rnd.IntN(12) == 0 {
		return append(b, "null"...)
	}
	if t == timeType {
		return append(append(append(b, '"'), times[rnd.IntN(len(times))]...), '"')
	}
	if t == rawType {
		return genAny(b, rnd, 0)
	}
	switch t.Kind() {
	case reflect.Pointer:
		return genValue(b, t.Elem(), rnd, depth)
	case reflect.Struct:
		b = append(b, '{')
		n := 0
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			name, ok := jsonName(f)
			if !ok || !f.IsExported() || rnd.IntN(3) == 0 {
				continue
			}
			for rep := 1 + btoi(rnd.IntN(10) == 0); rep > 0; rep-- {
				if n > 0 {
					b = append(b, ',')
				}
				n++
				b = quoteKey(ws(b, rnd), name, rnd)
				b = append(ws(b, rnd), ':')
				b = genValue(b, f.Type, rnd, depth+1)
			}
		}
		if rnd.IntN(4) == 0 {
			if n > 0 {
				b = append(b, ',')
			}
			b = append(genString(b, rnd), ':')
			b = genAny(b, rnd, 1)
		}
		return append(b, '}')
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Uint8 && rnd.IntN(4) != 0 {
			data := make([]byte, rnd.IntN(10))
			for i := range data {
				data[i] = byte(rnd.IntN(256))
			}
			s := base64.StdEncoding.EncodeToString(data)
			switch rnd.IntN(6) {
			case 0:
				s = strings.TrimRight(s, "=")
			case 1:
				s = base64.URLEncoding.EncodeToString(data)
			case 2:
				s = "\\n" + s + "\\r"
			}
			return append(append(append(b, '"'), s...), '"')
		}
		b = append(b, '[')
		for i := rnd.IntN(4); i > 0; i-- {
			b = genValue(b, t.Elem(), rnd, depth+1)
			if i > 1 {
				b = append(b, ',')
			}
		}
		return append(ws(b, rnd), ']')
	case reflect.Map:
		b = append(b, '{')
		for i := rnd.IntN(4); i > 0; i-- {
			b = append(genString(b, rnd), ':')
			b = genValue(b, t.Elem(), rnd, depth+1)
			if i > 1 {
				b = append(b, ',')
			}
		}
		return append(b, '}')
	case reflect.String:
		return genString(b, rnd)
	case reflect.Bool:
		return append(b, []string{"true", "false"}[rnd.IntN(2)]...)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64,
		reflect.Float32, reflect.Float64:
		return genNumber(b, rnd)
	case reflect.Array:
		return append(append(append(b, '"'), uuids[rnd.IntN(len(uuids))]...), '"')
	}
	return genAny(b, rnd, 0)
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// mutate damages a document a little.
func mutate(d []byte, rnd *rand.Rand) []byte {
	b := append([]byte(nil), d...)
	const alphabet = "{}[],:\"\\ 0123456789-+.eEtrufalsn\x00\xff"
	for n := 1 + rnd.IntN(2); n > 0 && len(b) > 0; n-- {
		i := rnd.IntN(len(b))
		switch rnd.IntN(4) {
		case 0:
			b = append(b[:i], b[i+1:]...)
		case 1:
			b = append(b[:i], append([]byte{alphabet[rnd.IntN(len(alphabet))]}, b[i:]...)...)
		case 2:
			b[i] = alphabet[rnd.IntN(len(alphabet))]
		case 3:
			b = b[:i]
		}
	}
	return b
}
