package oas31

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

type pets struct {
	UnimplementedPetsServer
	got Pet
}

func (s *pets) PutPet(ctx context.Context, id int64, p Pet, _ *PetsPutPetOptions) (*PetsPutPetResponse, error) {
	s.got = p
	return &PetsPutPetResponse{}, nil
}

func (s *pets) GetPet(ctx context.Context, id int64) (*PetsGetPetResponse, error) {
	return &PetsGetPetResponse{Pet: s.got}, nil
}

func setup(t *testing.T, s *pets) (*Client, string) {
	t.Helper()
	srv := httptest.NewServer(NewHandler(Servers{Pets: s}))
	t.Cleanup(srv.Close)
	c, err := NewClient(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	return c, srv.URL
}

// A Pet travels whole: const values as typed constants, a required
// property that may be null (type [string, "null"]) as a pointer sent as
// null, a multi-type property as any, a prefixItems tuple as raw values.
func TestRoundTrip(t *testing.T) {
	s := &pets{}
	c, _ := setup(t, s)
	w := 12.5
	want := Pet{Kind: PetKindDog, Version: PetVersionValue2, Name: "Rex", Weight: &w, Code: "A1",
		Position: []json.RawMessage{json.RawMessage("1.5"), json.RawMessage("2")}}
	if _, err := c.Pets.PutPet(context.Background(), 7, want, nil); err != nil {
		t.Fatal(err)
	}
	got, err := c.Pets.GetPet(context.Background(), 7)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got.Pet, want) {
		t.Errorf("got %+v\nwant %+v", got.Pet, want)
	}
	b, _ := json.Marshal(want)
	if !strings.Contains(string(b), `"born":null`) || !strings.Contains(string(b), `"kind":"dog"`) || !strings.Contains(string(b), `"version":2`) {
		t.Errorf("encoded %s", b)
	}
}

// const, numeric exclusiveMinimum/exclusiveMaximum (OpenAPI 3.1: the
// bound itself) are checked by the server, in bodies and parameters.
func TestChecks(t *testing.T) {
	_, url := setup(t, &pets{})
	const ok = `{"name":"Rex","kind":"dog","version":2,"born":null`
	for _, tc := range []struct {
		path, body string
		want       int
	}{
		{"/pets/1", ok + `}`, http.StatusNoContent},
		{"/pets/1", ok + `,"weight":99.9}`, http.StatusNoContent},
		{"/pets/0", ok + `}`, http.StatusBadRequest},                            // id exclusiveMinimum 0
		{"/pets/1", `{"name":"Rex","kind":"cat","version":2,"born":null}`, 400}, // const dog
		{"/pets/1", `{"name":"Rex","kind":"dog","version":3,"born":null}`, 400}, // const 2
		{"/pets/1", ok + `,"weight":0}`, http.StatusBadRequest},                 // exclusiveMinimum 0
		{"/pets/1", ok + `,"weight":100}`, http.StatusBadRequest},               // exclusiveMaximum 100
		{"/pets/1", `{"name":"Rex","kind":"dog","version":2}`, 400},             // born is required
	} {
		req, _ := http.NewRequest(http.MethodPut, url+tc.path, strings.NewReader(tc.body))
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		msg, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != tc.want {
			t.Errorf("PUT %s %s: status %d, want %d: %s", tc.path, tc.body, resp.StatusCode, tc.want, msg)
		}
	}
}
