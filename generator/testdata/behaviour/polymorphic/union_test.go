package polymorphic

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// aquarium serves the generated handler with stubs that store and return
// fish of any kind.
type aquarium struct {
	UnimplementedFishServer
	UnimplementedTankServer
	UnimplementedSharkServer
	fish   map[string]FishClassification
	tank   *Tank
	sharks []SharkClassification
}

func (a *aquarium) Get(ctx context.Context, name string) (*FishGetResponse, error) {
	f, ok := a.fish[name]
	if !ok {
		return nil, &ResponseError{StatusCode: 404}
	}
	return &FishGetResponse{Body: f}, nil
}

func (a *aquarium) Put(ctx context.Context, name string, fish FishClassification) (*FishPutResponse, error) {
	a.fish[name] = fish
	return &FishPutResponse{Body: fish}, nil
}

type tanks struct {
	UnimplementedTankServer
	tank *Tank
}

func (t tanks) Get(ctx context.Context, name string) (*TankGetResponse, error) {
	return &TankGetResponse{Tank: *t.tank}, nil
}

type sharks struct {
	UnimplementedSharkServer
	got *[]SharkClassification
}

func (s sharks) Add(ctx context.Context, list []SharkClassification) (*SharkAddResponse, error) {
	*s.got = list
	return &SharkAddResponse{}, nil
}

func setup(t *testing.T, tank *Tank, got *[]SharkClassification) (*Client, *aquarium, *httptest.Server) {
	t.Helper()
	a := &aquarium{fish: map[string]FishClassification{}}
	srv := httptest.NewServer(NewHandler(Servers{Fish: a, Tank: tanks{tank: tank}, Shark: sharks{got: got}}))
	t.Cleanup(srv.Close)
	c, err := NewClient(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	return c, a, srv
}

func ptr[T any](v T) *T { return &v }

// Every kind goes out and comes back as itself, naming its kind on the
// wire although the caller left fishtype empty.
func TestKindsRoundTrip(t *testing.T) {
	c, a, _ := setup(t, nil, nil)
	birthday := time.Date(2020, 5, 1, 0, 0, 0, 0, time.UTC)
	kinds := []struct {
		value string
		fish  FishClassification
	}{
		{"salmon", &Salmon{Length: 1, Location: ptr("Alaska"), Iswild: ptr(true)}},
		{"smart_salmon", &SmartSalmon{Length: 2, CollegeDegree: ptr("MSc")}},
		{"shark", &Shark{Length: 3, Birthday: birthday, Age: ptr(int32(7))}},
		{"Sawshark", &Sawshark{Length: 4, Birthday: birthday, Picture: []byte{0xff, 0xfe}}},
		{"goblin", &Goblinshark{Length: 5, Birthday: birthday, Jawsize: ptr(int32(9)), Color: ptr(GoblinSharkColorPink)}},
	}
	for _, k := range kinds {
		t.Run(k.value, func(t *testing.T) {
			raw, err := json.Marshal(k.fish)
			if err != nil {
				t.Fatal(err)
			}
			var probe struct{ Fishtype string }
			if err := json.Unmarshal(raw, &probe); err != nil || probe.Fishtype != k.value {
				t.Fatalf("encoded %s: fishtype %q, want %q (%v)", raw, probe.Fishtype, k.value, err)
			}
			put, err := c.Fish.Put(context.Background(), k.value, k.fish)
			if err != nil {
				t.Fatal(err)
			}
			stored := a.fish[k.value]
			for _, got := range []FishClassification{stored, put.Body} {
				if typeName(got) != typeName(k.fish) {
					t.Fatalf("got %T, want %T", got, k.fish)
				}
				again, _ := json.Marshal(got)
				if !bytes.Equal(again, raw) {
					t.Errorf("round trip:\n got %s\nwant %s", again, raw)
				}
			}
			got, err := c.Fish.Get(context.Background(), k.value)
			if err != nil {
				t.Fatal(err)
			}
			if typeName(got.Body) != typeName(k.fish) {
				t.Fatalf("Get: %T, want %T", got.Body, k.fish)
			}
		})
	}
}

func typeName(v any) string {
	switch v.(type) {
	case *Fish:
		return "Fish"
	case *Salmon:
		return "Salmon"
	case *SmartSalmon:
		return "SmartSalmon"
	case *Shark:
		return "Shark"
	case *Sawshark:
		return "Sawshark"
	case *Goblinshark:
		return "Goblinshark"
	case nil:
		return "nil"
	}
	return "unexpected"
}

// A kind the definition does not know decodes into the base and keeps its
// value when written again; so does a fish without a kind.
func TestUnknownKindKeepsValue(t *testing.T) {
	for _, in := range []string{
		`{"fishtype":"tuna","length":1.5,"species":"thunnus"}`,
		`{"length":1.5}`,
	} {
		var tank Tank
		if err := json.Unmarshal([]byte(`{"star":`+in+`}`), &tank); err != nil {
			t.Fatal(err)
		}
		f, ok := tank.Star.(*Fish)
		if !ok {
			t.Fatalf("%s: decoded %T, want *Fish", in, tank.Star)
		}
		out, _ := json.Marshal(f)
		var a, b map[string]any
		json.Unmarshal([]byte(in), &a)
		json.Unmarshal(out, &b)
		if a["fishtype"] == nil {
			a["fishtype"] = "" // a base writes its (required) property as it holds it
		}
		if !equalJSON(a, b) {
			t.Errorf("%s: written again as %s", in, out)
		}
	}
}

func equalJSON(a, b map[string]any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return bytes.Equal(x, y)
}

// A value already holding a kind keeps it: a decoded value is written as read.
func TestExplicitKindWins(t *testing.T) {
	raw, _ := json.Marshal(&Salmon{Fishtype: "salmon-v2", Length: 1})
	if !strings.Contains(string(raw), `"fishtype":"salmon-v2"`) {
		t.Errorf("encoded %s", raw)
	}
}

// Unions nest: in slices, maps, a kind's own fields, and a second-level base.
func TestNestedUnions(t *testing.T) {
	birthday := time.Date(2021, 1, 2, 3, 4, 5, 0, time.UTC)
	tank := &Tank{
		Star: &Salmon{Length: 1, Siblings: []FishClassification{&SmartSalmon{Length: 0.5}, nil, &Fish{Fishtype: "tuna", Length: 3}}},
		Fishes: []FishClassification{
			&Goblinshark{Length: 2, Birthday: birthday},
			&Sawshark{Length: 3, Birthday: birthday},
		},
		ByName:       map[string]FishClassification{"b": &Shark{Length: 4, Birthday: birthday}, "a": &Salmon{Length: 5}},
		BiggestShark: &Sawshark{Length: 6, Birthday: birthday},
		// Salmon has no discriminator of its own but kinds: it inherits
		// Fish's, so a Salmon field holds a SmartSalmon too.
		BestSalmon: &SmartSalmon{Length: 7, CollegeDegree: ptr("PhD")},
	}
	c, _, _ := setup(t, tank, nil)
	got, err := c.Tank.Get(context.Background(), "main")
	if err != nil {
		t.Fatal(err)
	}
	want, _ := json.Marshal(tank)
	have, _ := json.Marshal(&got.Tank)
	if !bytes.Equal(want, have) {
		t.Errorf("tank changed on the way:\n got %s\nwant %s", have, want)
	}
	star, ok := got.Tank.Star.(*Salmon)
	if !ok || len(star.Siblings) != 3 {
		t.Fatalf("star = %#v", got.Tank.Star)
	}
	if _, ok := star.Siblings[0].(*SmartSalmon); !ok || star.Siblings[1] != nil {
		t.Errorf("siblings = %#v", star.Siblings)
	}
	if f, ok := star.Siblings[2].(*Fish); !ok || f.Fishtype != "tuna" {
		t.Errorf("unknown sibling = %#v", star.Siblings[2])
	}
	if _, ok := got.Tank.ByName["b"].(*Shark); !ok {
		t.Errorf("byName[b] = %T", got.Tank.ByName["b"])
	}
	if s, ok := got.Tank.BestSalmon.(*SmartSalmon); !ok || *s.CollegeDegree != "PhD" {
		t.Errorf("bestSalmon = %#v", got.Tank.BestSalmon)
	}
	if _, ok := got.Tank.BiggestShark.(*Sawshark); !ok {
		t.Errorf("biggestShark = %T", got.Tank.BiggestShark)
	}
	// encoding/json, through the kinds' MarshalJSON, agrees with the
	// generated encoder.
	type plain Tank
	viaReflect, err := json.Marshal((*plain)(&got.Tank))
	if err != nil || !bytes.Equal(viaReflect, have) {
		t.Errorf("encoding/json wrote %s (%v), generated %s", viaReflect, err, have)
	}
}

// A typed nil pointer in a union is written as null, as encoding/json does.
func TestTypedNil(t *testing.T) {
	var s *Salmon
	raw, err := json.Marshal(&Tank{Fishes: []FishClassification{s, nil}})
	if err != nil || string(raw) != `{"fishes":[null,null]}` {
		t.Errorf("got %s, %v", raw, err)
	}
}

// A slice body of a second-level union: kinds of sharks arrive as
// themselves; a non-shark kind falls back to Shark.
func TestSliceBody(t *testing.T) {
	var got []SharkClassification
	c, _, srv := setup(t, nil, &got)
	birthday := time.Date(2022, 2, 2, 0, 0, 0, 0, time.UTC)
	if _, err := c.Shark.Add(context.Background(), []SharkClassification{
		&Goblinshark{Length: 1, Birthday: birthday},
		&Shark{Length: 2, Birthday: birthday},
	}); err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || typeName(got[0]) != "Goblinshark" || typeName(got[1]) != "Shark" {
		t.Fatalf("server got %#v", got)
	}
	resp, err := http.Post(srv.URL+"/sharks", "application/json", strings.NewReader(`[{"fishtype":"salmon","length":1,"birthday":"2020-01-01T00:00:00Z"}]`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 204 || typeName(got[0]) != "Shark" {
		t.Errorf("status %d, got %T", resp.StatusCode, got[0])
	}
}

// Malformed kinds are 400s that name the problem, never 500s or panics.
func TestBadKinds(t *testing.T) {
	_, _, srv := setup(t, nil, nil)
	for body, want := range map[string]string{
		`{"fishtype":7,"length":1}`:            "string",
		`[1]`:                                  "object",
		`"salmon"`:                             "object",
		`{"fishtype":"salmon","length":"x"}`:   "length",
		`{"fishtype":"salmon","length":1`:      "",
		`{"fishtype":"salmon","siblings":[1]}`: "object",
	} {
		if status, msg := send(t, "PUT", srv.URL+"/fish/x", body); status != 400 || !strings.Contains(msg, want) {
			t.Errorf("%s: %d %s (want 400 mentioning %q)", body, status, msg, want)
		}
	}
}

// Decoding errors inside a union report offsets in the whole document.
func TestErrorOffset(t *testing.T) {
	var tank Tank
	err := json.Unmarshal([]byte(`{"fishes":[{"fishtype":"salmon","length":"x"}]}`), &tank)
	if err == nil || !strings.Contains(err.Error(), "offset") {
		t.Fatalf("err = %v", err)
	}
	var je *jsonError
	if !errors.As(err, &je) || je.off < len(`{"fishes":[{"fishtype":"salmon","length":`) {
		t.Errorf("offset in %v is relative to the kind, not the document", err)
	}
}

// The server checks a body with the checks of the kind it decoded into,
// at any depth.
func TestKindsAreValidated(t *testing.T) {
	var got []SharkClassification
	_, _, srv := setup(t, nil, &got)
	for _, tc := range []struct{ method, path, body, want string }{
		{"PUT", "/fish/x", `{"fishtype":"salmon"}`, "length"},
		{"PUT", "/fish/x", `{"fishtype":"tuna"}`, "length"},
		{"PUT", "/fish/x", `{"fishtype":"shark","length":1}`, "birthday"},
		{"PUT", "/fish/x", `{"fishtype":"salmon","length":1,"siblings":[{"fishtype":"goblin","length":1}]}`, "siblings[0].birthday"},
		{"POST", "/sharks", `[{"fishtype":"Sawshark","length":1,"birthday":"2020-01-01T00:00:00Z"},{"fishtype":"goblin","length":2}]`, "[1].birthday"},
	} {
		if status, msg := send(t, tc.method, srv.URL+tc.path, tc.body); status != 400 || !strings.Contains(msg, tc.want) {
			t.Errorf("%s %s: %d %s (want 400 naming %q)", tc.path, tc.body, status, msg, tc.want)
		}
	}
}

// send makes a raw JSON request and returns the status and body.
func send(t *testing.T, method, url, body string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(method, url, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	msg, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(msg)
}

// GetFish reads the common properties of any kind without a type switch.
func TestGetFish(t *testing.T) {
	fishes := []FishClassification{
		&Salmon{Length: 1, Species: ptr("salar")},
		&SmartSalmon{Length: 2},
		&Shark{Length: 3},
		&Sawshark{Length: 4},
		&Goblinshark{Length: 5},
		&Fish{Fishtype: "tuna", Length: 6},
	}
	for i, f := range fishes {
		if got := f.GetFish().Length; got != float32(i+1) {
			t.Errorf("%T: GetFish().Length = %v, want %d", f, got, i+1)
		}
	}
	if s := fishes[0].GetFish().Species; s == nil || *s != "salar" {
		t.Errorf("Species = %v", s)
	}
	var none *Salmon
	if none.GetFish() != nil {
		t.Error("a nil kind has base properties")
	}
	var shark SharkClassification = &Goblinshark{Length: 7}
	if shark.GetShark().Length != 7 {
		t.Error("GetShark")
	}
}
