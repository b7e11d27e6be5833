package support

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"
)

// testRules: a pet (object, matched as struct fields are) with checks of
// every kind, its toys (an array of objects), and a union of two kinds by
// "kind"; then one rule per keyword of the others.
var testRules = schemaRules{
	1: {types: jsonNotNull, fold: true, props: []propRule{
		{name: "age", rule: 4},
		{name: "colour", rule: 5},
		{name: "friend", rule: 3},
		{name: "id", rule: 6},
		{name: "name", rule: 7, required: true},
		{name: "note", required: true},
		{name: "toys", rule: 8},
	}},
	2: {types: jsonNotNull, fold: true, props: []propRule{{name: "size", required: true, rule: 9}}},
	3: {discriminator: "kind", kinds: []kindRule{{"cat", 1}, {"plain", 0}}, other: 2},
	4: {min: "0", max: "30", exclusiveMax: true},
	5: {enum: []string{`"red"`, `"blue"`}},
	6: {min: "1", numberString: true},
	7: {types: jsonNotNull, length: &sizes{1, 3}, pattern: regexp.MustCompile("^[a-z]+$")},
	8: {items: 2, itemCount: &sizes{0, 2}},
	9: {max: "0.1"},

	10: {itemCount: &sizes{1, 2}, unique: true},
	11: {multipleOf: "0.01"},
	12: {propCount: &sizes{1, 2}},
	13: {additional: 14, props: []propRule{{name: "a"}}, patternProps: []patternRule{{regexp.MustCompile("^x-"), 15}}},
	14: {types: jsonInteger},
	15: {types: jsonString},
	16: {propertyNames: 17},
	17: {length: &sizes{0, 2}},
	18: {dependentRequired: []dependency{{"card", []string{"billing"}}}, dependentSchemas: []propRule{{name: "card", rule: 12}}},
	19: {contains: 14, containsCount: &sizes{2, 3}},
	20: {contains: 14},
	21: {ifRule: 22, then: 23, els: 24},
	22: {props: []propRule{{name: "kind", rule: 25, required: true}}},
	23: {props: []propRule{{name: "a", required: true}}},
	24: {props: []propRule{{name: "b", required: true}}},
	25: {enum: []string{`"a"`}, isConst: true},
	26: {not: 15},
	27: {anyOf: []int{14, 15}},
	28: {oneOf: []int{14, 29}},
	29: {types: jsonNumber, max: "10"},
	30: {props: []propRule{{name: "a"}}, allOf: []int{31}, unevalProps: 32},
	31: {props: []propRule{{name: "b"}}},
	32: {never: true},
	33: {prefixItems: []int{15}, unevalItems: 32},
	34: {enum: []string{`{"a":[1,2]}`, `1`, `null`}},
	35: {types: jsonInteger | jsonNull},
	36: {format: fmtEmail},
	37: {discriminator: "kind", kinds: []kindRule{{"cat", 2}}, closed: true},
	38: {props: []propRule{{name: "a", rule: 32}, {name: "b"}}, additional: 32},
	39: {format: fmtInt32},
}

func TestSchemaRules(t *testing.T) {
	for _, c := range []struct {
		rule       int
		body, want string
	}{
		{1, `{"name":"rex","note":null}`, ""},
		{1, `null`, "must not be null (type)"},
		{1, `{"note":1}`, "name: missing required property"},
		{1, `{"name":null,"note":1}`, "name: must not be null (type)"},
		{1, `{"name":"rex"}`, "note: missing required property"},
		{1, `{"NAME":"rex","note":1}`, ""}, // keys match in any case, as encoding/json's
		{1, `{"name":"rex","Name":"","note":1}`, "name: length must be at least 1 and at most 3"},
		{1, `{"name":"Rex","note":1}`, "name: must match ^[a-z]+$"},
		{1, `{"name":"rexy","note":1}`, "name: length must be at least 1 and at most 3"},
		{1, `{"name":"rex","note":1,"age":-1}`, "age: must be >= 0"},
		{1, `{"name":"rex","note":1,"age":30}`, "age: must be < 30"},
		{1, `{"name":"rex","note":1,"age":29.99999999999999999999}`, ""},
		{1, `{"name":"rex","note":1,"id":"0"}`, "id: must be >= 1"}, // the ",string" option
		{1, `{"name":"rex","note":1,"colour":"green"}`, "colour: not one of [red blue]"},
		{1, `{"name":"rex","note":1,"toys":[{"size":0.1},{}]}`, "toys[1].size: missing required property"},
		{1, `{"name":"rex","note":1,"toys":[{"size":0.1},null]}`, "toys[1]: must not be null (type)"},
		{1, `{"name":"rex","note":1,"toys":[{"size":0.2}]}`, "toys[0].size: must be <= 0.1"},
		{1, `{"name":"rex","note":1,"toys":[{"size":0},{"size":0},{"size":0}]}`, "toys: must have at most 2 items (maxItems)"},
		{1, `{"name":"rex","note":1,"friend":{"kind":"cat","name":"x"}}`, "friend.note: missing required property"},
		{1, `{"name":"rex","note":1,"friend":{"kind":"plain"}}`, ""},
		{1, `{"name":"rex","note":1,"friend":{"kind":"dog"}}`, "friend.size: missing required property"},
		{1, `{"name":"rex","note":1,"friend":{"Kind":"cat"}}`, "friend.size: missing required property"}, // the discriminator's name is exact
		{1, `{"name":"rex","note":1,"friend":null}`, ""},

		{10, `[1, 2]`, ""},
		{10, `[]`, "must have at least 1 items (minItems)"},
		{10, `[1, 1.0]`, "items [0] and [1] are equal (uniqueItems)"},
		{10, `[{"a":1,"b":[2]}, {"b":[2.0],"a":1e0}]`, "items [0] and [1] are equal (uniqueItems)"},
		{10, `[{"a":1}, {"a":"1"}]`, ""},
		{11, `0.3`, ""},
		{11, `19.99`, ""},
		{11, `1e300`, ""},
		{11, `0.001`, "must be a multiple of 0.01 (multipleOf)"},
		{11, `1.005`, "must be a multiple of 0.01 (multipleOf)"},
		{11, `"0.001"`, ""}, // not a number: multipleOf does not apply
		{12, `{}`, "must have at least 1 properties (minProperties)"},
		{12, `{"a":1,"a":2}`, ""}, // one name
		{12, `{"a":1,"b":2,"c":3}`, "must have at most 2 properties (maxProperties)"},
		{13, `{"a":"x","b":1,"x-c":"d"}`, ""},
		{13, `{"b":"x"}`, "b: must be integer (type)"},
		{13, `{"x-c":1}`, "x-c: must be string (type)"},
		{13, `{"A":"x"}`, "A: must be integer (type)"}, // no fold: another name
		{16, `{"ab":1,"abc":2}`, "abc: property name length must be at least 0 and at most 2 (propertyNames)"},
		{18, `{"card":1,"billing":2}`, ""},
		{18, `{"card":1}`, "billing: missing property required with \"card\" (dependentRequired)"},
		{18, `{"billing":1}`, ""},
		{19, `[1, "a", 2]`, ""},
		{19, `[1, "a"]`, "must contain at least 2 items that match contains (minContains)"},
		{19, `[1, 2, 3, 4]`, "must contain at most 3 items that match contains (maxContains)"},
		{20, `["a"]`, "must contain an item that matches contains (contains)"},
		{20, `{}`, ""},
		{21, `{"kind":"a","a":1}`, ""},
		{21, `{"kind":"a"}`, "a: missing required property"},
		{21, `{"kind":"b","b":1}`, ""},
		{21, `{"kind":"b","a":1}`, "b: missing required property"},
		{26, `1`, ""},
		{26, `"x"`, "must not match the schema of not (not)"},
		{27, `1`, ""},
		{27, `true`, "must match a schema of anyOf (anyOf)"},
		{28, `11`, ""},
		{28, `1`, "must match exactly one schema of oneOf, matches 2 (oneOf)"},
		{28, `9.5`, ""},
		{28, `"x"`, "must match exactly one schema of oneOf, matches 0 (oneOf)"},
		{30, `{"a":1,"b":2}`, ""},
		{30, `{"a":1,"c":2}`, "c: not allowed (unevaluatedProperties)"},
		{33, `["a"]`, ""},
		{33, `["a","b"]`, "[1]: not allowed (unevaluatedItems)"},
		{34, `{"a":[1.0,2]}`, ""},
		{34, `1.00`, ""},
		{34, `null`, ""},
		{34, `{"a":[2,1]}`, `not one of [{"a":[1,2]} 1 null]`},
		{25, `"b"`, `must be "a" (const)`},
		{35, `1.0`, ""},
		{35, `1.5`, "must be null or integer (type)"},
		{35, `null`, ""},
		{36, `"a@example.com"`, ""},
		{36, `"a@@example.com"`, "must be a valid email (format)"},
		{37, `{"kind":"dog"}`, `kind: unknown kind "dog" (discriminator)`},
		{37, `{"kind":"cat","size":0}`, ""},
		{38, `{"b":1}`, ""},
		{38, `{"a":1}`, "a: no value is allowed (false)"},
		{38, `{"c":1}`, "c: not allowed (additionalProperties)"},
		{39, `2147483647`, ""},
		{39, `"-2147483648"`, ""},
		{39, `2147483648`, "must be a valid int32 (format)"},
		{39, `1.5`, "must be a valid int32 (format)"},
		{39, `"1e3"`, "must be a valid int32 (format)"},
		{39, `"12x"`, "must be a valid int32 (format)"},
		{39, `true`, ""},
	} {
		err := testRules.check([]byte(c.body), c.rule)
		got := ""
		if err != nil {
			got = err.Error()
		}
		if got != c.want {
			t.Errorf("rule %d, %s: got %q, want %q", c.rule, c.body, got, c.want)
		}
	}
}

func TestParseJSONValue(t *testing.T) {
	for _, bad := range []string{``, `{`, `[1,]`, `{"a"}`, `{"a":1,}`, `01`, `1.`, `-`, `1e`, `"\u00`, "\"\x01\"", `tru`, `nul`, `1 2`, `{"a":1}x`, `"abc`} {
		if _, err := parseJSONValue([]byte(bad)); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
	deep := strings.Repeat("[", maxJSONDepth+2) + strings.Repeat("]", maxJSONDepth+2)
	if _, err := parseJSONValue([]byte(deep)); err == nil {
		t.Error("deep nesting: no error")
	}
	v, err := parseJSONValue([]byte(` {"a" : ["x\u00e9\ud83d\ude00", -1.5e3, true, null, {}], "b\"": "` + "\xff" + `"} `))
	if err != nil {
		t.Fatal(err)
	}
	if got := v.canonical(); got != `{"a":["xé😀",-15e2,true,null,{}],"b\"":"`+"\uFFFD"+`"}` {
		t.Errorf("canonical: %s", got)
	}
}

func TestDecimal(t *testing.T) {
	less := [][2]string{
		{"-1e400", "-1"}, {"-1", "-0.5"}, {"-0.5", "0"}, {"0", "1e-400"}, {"0.1", "0.10000000000000001"},
		{"9007199254740992", "9007199254740993"}, {"1e2", "101"}, {"99.9", "1e2"}, {"1", "1e999999999999"},
	}
	for _, c := range less {
		a, ok1 := parseDecimal(c[0])
		b, ok2 := parseDecimal(c[1])
		if !ok1 || !ok2 || a.cmp(b) != -1 || b.cmp(a) != 1 || a.cmp(a) != 0 {
			t.Errorf("%s < %s: cmp %d, %d", c[0], c[1], a.cmp(b), b.cmp(a))
		}
	}
	for _, c := range [][2]string{{"-0", "0"}, {"1", "1.000"}, {"100", "1e2"}, {"0.01", "1E-2"}} {
		a, _ := parseDecimal(c[0])
		b, _ := parseDecimal(c[1])
		if a.cmp(b) != 0 {
			t.Errorf("%s = %s: cmp %d", c[0], c[1], a.cmp(b))
		}
	}
	for _, c := range []struct {
		v, m string
		want bool
	}{
		{"0.3", "0.1", true}, {"0.35", "0.1", false}, {"4.5", "1.5", true}, {"5", "1.5", false},
		{"1", "0.01", true}, {"0.001", "0.01", false}, {"10", "20", false}, {"40", "20", true},
		{"0", "7", true}, {"-21", "7", true}, {"1e400", "3", false}, {"3e400", "3", true},
		{"1e400", "2", true}, {"12345678901234567890123456789", "3", true},
		{"1", "1e-400", true}, {"123456789012345678901234567890", "123456789012345678901", false},
		{"246913578024691357802", "123456789012345678901", true},
	} {
		v, _ := parseDecimal(c.v)
		m, _ := parseDecimal(c.m)
		if got := v.multipleOf(m); got != c.want {
			t.Errorf("%s multiple of %s: %v, want %v", c.v, c.m, got, c.want)
		}
	}
	for _, bad := range []string{"", "-", "+1", "01", "1.", ".5", "1e", "1e+", "0x1", "1 "} {
		if _, ok := parseDecimal(bad); ok {
			t.Errorf("%q parsed", bad)
		}
	}
}

var formats = map[string]*valueFormat{}

func init() {
	for _, f := range []*valueFormat{fmtByte, fmtDate, fmtDateTime, fmtDuration, fmtEmail, fmtHostname,
		fmtIPv4, fmtIPv6, fmtIRI, fmtIRIReference, fmtJSONPointer, fmtRelativeJSONPointer,
		fmtTime, fmtURI, fmtURIReference, fmtURITemplate, fmtUUID} {
		formats[f.name] = f
	}
}

func TestFormats(t *testing.T) {
	for format, cases := range map[string]struct{ valid, invalid []string }{
		"date":                  {[]string{"2020-02-29", "1999-12-31"}, []string{"2019-02-29", "2020-13-01", "2020-1-01", "20200101", "2020-04-31"}},
		"time":                  {[]string{"08:30:06Z", "08:30:06.283185z", "23:59:60Z", "15:59:60-08:00", "08:30:06+01:00"}, []string{"08:30:06", "24:00:00Z", "08:60:00Z", "22:59:60Z", "08:30:06+1:00", "8:30:06Z"}},
		"date-time":             {[]string{"1963-06-19T08:30:06.283185Z", "1963-06-19t08:30:06z"}, []string{"1963-06-19 08:30:06Z", "1963-06-19T08:30:06", "06/19/1963 08:30:06 PST"}},
		"duration":              {[]string{"P4DT12H30M5S", "P1Y", "PT1M", "P2W", "P1Y2M", "PT36H", "P0D"}, []string{"P", "PT", "P1D2H", "P2S", "P1W2D", "PT1D", "P1.5D", "1D", "P1M1Y"}},
		"email":                 {[]string{"joe.bloggs@example.com", `"joe bloggs"@example.com`, "te~st@example.com", "joe@[127.0.0.1]", "joe@[IPv6:::1]"}, []string{"2962", ".test@example.com", "te..st@example.com", "test.@example.com", "joe@", "@example.com", "a@b@c"}},
		"hostname":              {[]string{"www.example.com", "xn--4gbwdl.xn--wgbh1c", "a", strings.Repeat("a", 63) + ".com"}, []string{"-a.com", "a-.com", "a..com", strings.Repeat("a", 64) + ".com", "_a.com", "", "a.com..", "."}},
		"ipv4":                  {[]string{"192.168.0.1", "0.0.0.0", "255.255.255.255"}, []string{"256.0.0.1", "1.2.3", "01.2.3.4", "1.2.3.4.5", "1.2.3.-4", "١٢٣.1.1.1"}},
		"ipv6":                  {[]string{"::1", "2001:db8::7", "::ffff:1.2.3.4"}, []string{"12345::", "1.2.3.4", "::1%eth0", ":::"}},
		"uri":                   {[]string{"http://foo.bar/?baz=qux#quux", "urn:isbn:0451450523", "mailto:a@b.c", "http://[2001:db8::7]:80/x", "tel:+1-816-555-1212"}, []string{"//foo.bar/?baz", "/abc", "abc", "http://exa mple.com", "http:// shouldfail.com", "http://[::1", "1http://x", "http://x/%zz"}},
		"uri-reference":         {[]string{"/abc", "abc", "#frag", "", "?q=1", "http://x/y"}, []string{`\\WINDOWS\fileshare`, "#frag#", "a b", ":x", "a:b:c d"}},
		"iri":                   {[]string{"http://ƒøø.ßår/?∂éœ=πîx#πîüx", "http://x/y"}, []string{"/abc", "http://x/\x01"}},
		"uri-template":          {[]string{"http://example.com/dictionary/{term:1}/{term}", "{+x,hello,y}", "{/list*}", "plain"}, []string{"{", "}", "{a b}", "{x:0}", "{x:10000}", "{.}"}},
		"uuid":                  {[]string{"2eb8aa08-aa98-11ea-b4aa-73b441d16380", "2EB8AA08-AA98-11EA-B4AA-73B441D16380"}, []string{"2eb8aa08aa9811eab4aa73b441d16380", "2eb8aa08-aa98-11ea-b4aa-73b441d1638", "2eb8aa08-aa98-11ea-b4aa-73b441d1638g"}},
		"json-pointer":          {[]string{"", "/foo/bar~0/baz~1/%a", "/"}, []string{"foo", "/foo~", "/~2"}},
		"relative-json-pointer": {[]string{"1", "0/foo", "2#", "10/x"}, []string{"-1", "01", "/foo", "1##", ""}},
		"byte":                  {[]string{"", "aGVsbG8=", "aGk="}, []string{"aGVsbG8", "a", "aGk=\n", "****"}},
	} {
		f := formats[format]
		if f == nil || f.name != format {
			t.Fatalf("%s: no format", format)
		}
		for _, s := range cases.valid {
			if !f.valid(s) {
				t.Errorf("%s: %q refused", format, s)
			}
		}
		for _, s := range cases.invalid {
			if f.valid(s) {
				t.Errorf("%s: %q accepted", format, s)
			}
		}
	}
}

// Checking a body reads each level's members where they stand in it:
// json.Decoder's copies of every level took 4 GB for a 1 MB body of a
// recursive schema nested 400 deep.
func TestBodyRulesDeepBodyNotCopied(t *testing.T) {
	body := `{"kind":"cat","name":"rex","note":1,"pad":"` + strings.Repeat("x", 256<<10) + `"}`
	for range 200 {
		body = `{"kind":"cat","name":"rex","note":1,"friend":` + body + `}`
	}
	var err error
	n := allocated(func() { err = testRules.check(json.RawMessage(body), 1) })
	if err != nil {
		t.Fatal(err)
	}
	if n > 4<<20 {
		t.Errorf("%d bytes allocated to check a body of %d", n, len(body))
	}
}
