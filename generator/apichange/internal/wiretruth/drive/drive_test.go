package drive

import (
	"math/big"
	"math/rand/v2"
	"reflect"
	"regexp"
	"testing"
	"time"
)

func TestFromPattern(t *testing.T) {
	rnd := rand.New(rand.NewPCG(1, 2))
	for _, c := range []struct {
		pattern        string
		minLen, maxLen int
	}{
		{`^[a-z]+$`, 0, -1},
		{`^\d{3}-[A-F]{2,4}$`, 0, -1},
		{`^(ab|cd)*x?$`, 4, 9},
		{`^[^\s]{5,}$`, 5, 8},
	} {
		for _, long := range []bool{false, true} {
			s, ok := fromPattern(c.pattern, rnd, c.minLen, c.maxLen, long)
			if !ok || !regexp.MustCompile(c.pattern).MatchString(s) || len(s) < c.minLen || c.maxLen >= 0 && len(s) > c.maxLen {
				t.Errorf("%s (length %d–%d, long %v): %q, %v", c.pattern, c.minLen, c.maxLen, long, s, ok)
			}
		}
	}
	if _, ok := fromPattern(`(?<=x)y`, rnd, 0, -1, false); ok {
		t.Error("a pattern RE2 does not read gave a string")
	}
}

// Values that mean the same compare equal whatever the shape each side
// holds them in; the rest are misread, dropped or appeared.
func TestCompare(t *testing.T) {
	n := func(s string) *big.Rat { r, _ := new(big.Rat).SetString(s); return r }
	when := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	same := []struct{ a, b any }{
		{n("5"), "5"},
		{when, "Tue, 02 Jan 2024 03:04:05 GMT"},
		{[]byte("hi"), "aGk="},
		{"x", []any{"x"}},
		{n("0.1"), n("1/10")},
	}
	for _, c := range same {
		var ds []Diff
		compare("v", c.a, c.b, &ds)
		if len(ds) != 0 {
			t.Errorf("%v and %v: %+v", c.a, c.b, ds)
		}
	}
	sent := &object{typ: "T", keys: map[string]any{"a": n("1"), "b": "x", "n": nil}, ptrs: map[string]string{"a": "#/a", "b": "#/b"}}
	got := &object{typ: "U", keys: map[string]any{"a": n("2"), "c": true}, ptrs: map[string]string{"a": "#/A", "c": "#/c"}}
	var ds []Diff
	compare("body", sent, got, &ds)
	want := []Diff{
		{Path: "body.a", Kind: "misread", Sent: "1", Got: "2", SentPointer: "#/a", GotPointer: "#/A", SentType: "T", GotType: "U"},
		{Path: "body.b", Kind: "dropped", Sent: `"x"`, SentPointer: "#/b", SentType: "T", GotType: "U"},
		{Path: "body.c", Kind: "appeared", Got: "true", GotPointer: "#/c", SentType: "T", GotType: "U"},
	}
	if !reflect.DeepEqual(ds, want) {
		t.Errorf("got %+v\nwant %+v", ds, want)
	}
}

func TestRejection(t *testing.T) {
	for body, want := range map[string][2]string{
		`{"code":"x","message":"A query parameter is not valid: api-version unsupported value: want 1."}`:        {"query api-version", ""},
		`{"message":"An HTTP header that is required is missing: X-Tenant."}`:                                    {"header x-tenant", ""},
		`{"message":{"lang":"en","value":"The request body is not valid: a.b[2].c missing required property."}}`: {"", "a.b[2].c"},
		`not json`: {"", ""},
	} {
		_, param, prop := rejection([]byte(body))
		if param != want[0] || prop != want[1] {
			t.Errorf("%s: %q %q, want %q %q", body, param, prop, want[0], want[1])
		}
	}
}

// The filler keeps to a value's checks in every mode, and reaches the
// bounds in the modes that ask for them.
func TestFillBounds(t *testing.T) {
	lo, hi := 3.0, 10.0
	val := &Value{Min: &lo, Max: &hi, MinLength: 2, MaxLength: 6}
	side := &Side{Types: map[string]*Type{}}
	for round := range 5 {
		f := newFiller(side, Package{}, 1, round, toServer)
		var i int32
		var s string
		f.fill(reflect.ValueOf(&i).Elem(), val, 0)
		f.fill(reflect.ValueOf(&s).Elem(), val, 0)
		if i < 3 || i > 10 || len(s) < 2 || len(s) > 6 {
			t.Errorf("round %d: %d %q", round, i, s)
		}
		switch modeOf(round) {
		case upper:
			if i != 10 || len(s) != 6 {
				t.Errorf("upper: %d %q", i, s)
			}
		case lower:
			if i != 3 || len(s) != 2 {
				t.Errorf("lower: %d %q", i, s)
			}
		}
	}
}
