package hostilenames

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
)

type things struct {
	UnimplementedThingsServer
	got  Thing
	item ItemResource
}

func (s *things) PutThing(ctx context.Context, t Thing) (*ThingsPutThingResponse, error) {
	s.got = t
	return &ThingsPutThingResponse{Thing: t}, nil
}

func (s *things) GetPair(ctx context.Context) (*ThingsGetPairResponse, error) {
	name := "inner"
	return &ThingsGetPairResponse{Left: Left{Name: "outer", Right: Right{Left: &Left{Name: name}}}}, nil
}

func (s *things) GetItem(ctx context.Context) (*ThingsGetItemResponse, error) {
	return &ThingsGetItemResponse{Body: s.item}, nil
}

func setup(t *testing.T, s *things) (*Client, string) {
	t.Helper()
	srv := httptest.NewServer(NewHandler(Servers{Things: s}))
	t.Cleanup(srv.Close)
	c, err := NewClient(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	return c, srv.URL
}

func ptr(s string) *string { return &s }

// exactNames is a Thing with every property set, and the member names the
// definition spells: each must travel under exactly that name.
func exactNames() (Thing, []string) {
	n := int64(3)
	return Thing{
			X: ptr("empty"), X_: "dash", Error: ptr("e"), MarshalJSONValue: "m",
			StringValue: ptr("s"), UnmarshalJSONValue: ptr("u"), ValidateValue: &n, Values: ptr("v"),
			AB: ptr("space"), AB_: ptr("quote"), AB_2: ptr("apostrophe"), AB_3: "comma",
			AB_4: ptr("colon"), AB_5: ptr("backslash"), AB_6: "backtick",
		}, []string{"", "-", "Error", "MarshalJSON", "String", "UnmarshalJSON", "Validate", "Values",
			"a b", `a"b`, "a'b", "a,b", "a:b", `a\b`, "a`b"}
}

// Property names that are Go method names or that no struct tag can
// express keep their exact JSON name, through MarshalJSON and through a
// client and server round trip; the required "-" is not lost (it used
// to make every request a 400).
func TestExactMemberNames(t *testing.T) {
	v, names := exactNames()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var members map[string]any
	if err := json.Unmarshal(b, &members); err != nil {
		t.Fatal(err)
	}
	for _, n := range names {
		if _, ok := members[n]; !ok {
			t.Errorf("member %q missing from %s", n, b)
		}
	}
	if len(members) != len(names) {
		t.Errorf("%d members, want %d: %s", len(members), len(names), b)
	}
	var back Thing
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, v) {
		t.Errorf("round trip through JSON:\n got %+v\nwant %+v", back, v)
	}

	s := &things{}
	c, _ := setup(t, s)
	resp, err := c.Things.PutThing(context.Background(), v)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(s.got, v) {
		t.Errorf("server got %+v\nwant %+v", s.got, v)
	}
	if !reflect.DeepEqual(resp.Thing, v) {
		t.Errorf("client got %+v\nwant %+v", resp.Thing, v)
	}
}

// The required members "-", MarshalJSON, "a,b" and "a`b" are checked
// under their exact names (a struct tag cannot hold the last two: read
// through a tag, "a,b" would be "a" and every request a 400).
func TestRequiredOddNames(t *testing.T) {
	_, url := setup(t, &things{})
	for body, want := range map[string]int{
		`{"-":"x","MarshalJSON":"y","a,b":"z","a` + "`" + `b":"w"}`: http.StatusOK,
		`{"MarshalJSON":"y","a,b":"z","a` + "`" + `b":"w"}`:         http.StatusBadRequest,
		`{"-":"x","a,b":"z","a` + "`" + `b":"w"}`:                   http.StatusBadRequest,
		`{"-":"x","MarshalJSON":"y","a":"z","a` + "`" + `b":"w"}`:   http.StatusBadRequest,
		`{"-":"x","MarshalJSON":"y","a,b":"z","a":"w"}`:             http.StatusBadRequest,
	} {
		resp, err := http.Post(url+"/things", "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		msg, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("%s: status %d, want %d: %s", body, resp.StatusCode, want, msg)
		}
	}
}

// Left and Right require each other: the field closing the cycle is a
// pointer, and the value travels whole.
func TestMutualRequired(t *testing.T) {
	c, _ := setup(t, &things{})
	resp, err := c.Things.GetPair(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if resp.Name != "outer" || resp.Right.Left == nil || resp.Right.Left.Name != "inner" {
		t.Errorf("got %+v", resp.Left)
	}
}

// ItemResource, a component that is a $ref to the union Item, is a union
// of the same kinds (a defined type over an interface could not have
// the JSON methods).
func TestUnionAlias(t *testing.T) {
	c, _ := setup(t, &things{item: &Call{Name: ptr("f")}})
	resp, err := c.Things.GetItem(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	call, ok := resp.Body.(*Call)
	if !ok || call.Name == nil || *call.Name != "f" || call.Type != "Call" {
		t.Errorf("got %#v", resp.Body)
	}
	var i Item = call // the same kinds implement both
	_ = i
}
