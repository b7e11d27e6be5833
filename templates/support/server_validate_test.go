package support

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"
)

type testColour string

func (testColour) Values() []testColour { return []testColour{"red", "blue"} }

// testRules: a pet (object) with checks of every kind, its toys (an
// array of objects), and a union of two kinds by "kind".
var testRules = bodyRules{
	1: {fields: []fieldRule{
		{name: "age", checks: []valueCheck{bodyBound[int32]{limit: 0}, bodyBound[int32]{limit: 30, max: true, exclusive: true}}},
		{name: "colour", checks: []valueCheck{bodyEnum[testColour]{}}},
		{name: "id", checks: []valueCheck{bodyBound[int64]{limit: 1}}},
		{name: "name", required: true, checks: []valueCheck{bodyLength{1, 3}, bodyPattern{regexp.MustCompile("^[a-z]+$")}}},
		{name: "note", required: true, nullable: true},
		{name: "toys", rule: 2, items: true},
		{name: "friend", rule: 3},
	}},
	2: {fields: []fieldRule{{name: "size", required: true, checks: []valueCheck{bodyBound[float32]{limit: 0.1, max: true}}}}},
	3: {property: "kind", kinds: []kindRule{{"cat", 1}, {"plain", 0}}, base: 2},
}

func TestBodyRules(t *testing.T) {
	for _, c := range []struct{ body, want string }{
		{`{"name":"rex","note":null}`, ""},
		{`{"note":1}`, "name: missing required property"},
		{`{"name":null,"note":1}`, "name: missing required property"},
		{`{"name":"rex"}`, "note: missing required property"},
		{`{"NAME":"rex","note":1}`, ""}, // keys match in any case, as encoding/json's
		{`{"name":"rex","Name":"","note":1}`, "name: length must be at least 1 and at most 3"},
		{`{"name":"Rex","note":1}`, "name: must match ^[a-z]+$"},
		{`{"name":"rexy","note":1}`, "name: length must be at least 1 and at most 3"},
		{`{"name":"rex","note":1,"age":-1}`, "age: must be >= 0"},
		{`{"name":"rex","note":1,"age":30}`, "age: must be < 30"},
		{`{"name":"rex","note":1,"age":null}`, ""},
		{`{"name":"rex","note":1,"id":"0"}`, "id: must be >= 1"}, // the ",string" option
		{`{"name":"rex","note":1,"colour":"green"}`, "colour: not one of [red blue]"},
		{`{"name":"rex","note":1,"toys":[{"size":0.1},{}]}`, "toys[1].size: missing required property"},
		{`{"name":"rex","note":1,"toys":[{"size":0.1},null]}`, "toys[1].size: missing required property"},
		{`{"name":"rex","note":1,"toys":[{"size":0.2}]}`, "toys[0].size: must be <= 0.1"},
		{`{"name":"rex","note":1,"friend":{"kind":"cat","name":"x"}}`, "friend.note: missing required property"},
		{`{"name":"rex","note":1,"friend":{"kind":"plain"}}`, ""},
		{`{"name":"rex","note":1,"friend":{"kind":"dog"}}`, "friend.size: missing required property"},
		{`{"name":"rex","note":1,"friend":{"Kind":"cat"}}`, "friend.size: missing required property"}, // the discriminator's name is exact
		{`{"name":"rex","note":1,"friend":null}`, ""},
	} {
		err := testRules.check(json.RawMessage(c.body), 1)
		got := ""
		if err != nil {
			got = err.Error()
		}
		if got != c.want {
			t.Errorf("%s: got %q, want %q", c.body, got, c.want)
		}
	}
}

func TestBodyRulesItems(t *testing.T) {
	err := testRules.checkItems(json.RawMessage(`[{"size":0},{"size":1}]`), 2)
	if err == nil || err.Error() != "[1].size: must be <= 0.1" {
		t.Errorf("got %v", err)
	}
	if err := testRules.check(json.RawMessage(`{"kind":"cat","name":"x","note":1}`), 3); err != nil {
		t.Errorf("union body: %v", err)
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
