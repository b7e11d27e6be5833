package mockpets

import (
	"context"
	"errors"
	"io"
	"net/http"
	"reflect"
	"strings"
	"testing"
)

func exampleClient(t *testing.T) *Client {
	t.Helper()
	h := &http.Client{Transport: HandlerTransport(NewHandler(ExampleServers()))}
	c, err := NewClient("http://mock", WithHTTPClient(h))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func ptr[T any](v T) *T { return &v }

// TestExampleServers calls every OpenAPI 3 example of the definition
// through the client against NewHandler(ExampleServers()), and checks the
// status, headers and body each one answers.
func TestExampleServers(t *testing.T) {
	c := exampleClient(t)
	ctx := context.Background()
	tom := Pet{ID: 1, Name: "Tom", Tag: ptr("cat")}
	rex := Pet{ID: 2, Name: "Rex", Tag: ptr("dog")}
	called := map[string]bool{}
	check := func(example string, got, want any, err error) {
		t.Helper()
		called[example] = true
		if err != nil {
			t.Errorf("%s: %v", example, err)
			return
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s:\n got %+v\nwant %+v", example, got, want)
		}
	}

	// Named examples of a path parameter pair with the response examples
	// of the same name; one of them is $ref'd from components/examples.
	r1, err := c.Default.GetPet(ctx, 1)
	check("getPet/tom", r1, &DefaultGetPetResponse{Pet: tom}, err)
	r1, err = c.Default.GetPet(ctx, 2)
	check("getPet/rex", r1, &DefaultGetPetResponse{Pet: rex}, err)

	// The 404 example answers the call that names it, in the error model.
	_, err = c.Default.GetPet(ctx, 404)
	called["getPet/missing"] = true
	var re *ResponseError
	var em *Error
	if !errors.As(err, &re) || re.StatusCode != 404 || !errors.As(err, &em) ||
		!reflect.DeepEqual(*em, Error{Code: "PetNotFound", Message: "No pet has the id 404.", Details: []ErrorDetail{{Key: ptr("petId"), Value: ptr("404")}}}) {
		t.Errorf("getPet/missing: %v", err)
	}

	// A request body example and a 201 response example with a header.
	r2, err := c.Default.CreatePet(ctx, NewPet{Name: "Tom", Tag: ptr("cat")})
	check("createPet/tom", r2, &DefaultCreatePetResponse{Location: ptr("/v1/pets/1"), Pet: tom}, err)

	// A query array and a header parameter; the
	// header example of the same name wins over the lone one.
	r3, err := c.Default.ListPets(ctx, &DefaultListPetsOptions{Tag: []string{"cat", "tabby"}, XTenant: ptr("acme")})
	check("listPets/cats", r3, &DefaultListPetsResponse{XTotalCount: ptr[int32](1), Body: []Pet{tom}}, err)
	// A response example without a request part answers any other call,
	// with the lone header example.
	r3, err = c.Default.ListPets(ctx, nil)
	check("listPets/everyone", r3, &DefaultListPetsResponse{XTotalCount: ptr[int32](3), Body: []Pet{tom, rex, {ID: 3, Name: "Felix"}}}, err)

	// Three success statuses: each example answers the one it is declared
	// under; the body-less 204 answers the request example no response
	// example names.
	r4, err := c.Default.PutPet(ctx, 1, NewPet{Name: "Thomas", Tag: ptr("cat")})
	check("putPet/replaced", r4, &DefaultPutPetResponse{StatusCode: 200, Pet: Pet{ID: 1, Name: "Thomas", Tag: ptr("cat")}}, err)
	r4, err = c.Default.PutPet(ctx, 7, NewPet{Name: "Kit"})
	check("putPet/created", r4, &DefaultPutPetResponse{StatusCode: 201, Pet: Pet{ID: 7, Name: "Kit"}}, err)
	r4, err = c.Default.PutPet(ctx, 2, NewPet{Name: "Rex", Tag: ptr("dog")})
	check("putPet/unchanged", r4, &DefaultPutPetResponse{StatusCode: 204}, err)

	// Request examples with no response example: the body-less 204; the
	// one with a 404 example gets it.
	for _, ex := range []struct {
		name string
		id   int64
	}{{"tom", 1}, {"rex", 2}} {
		_, err := c.Default.DeletePet(ctx, ex.id)
		check("deletePet/"+ex.name, nil, nil, err)
	}
	_, err = c.Default.DeletePet(ctx, 404)
	called["deletePet/missing"] = true
	if !errors.As(err, &re) || re.StatusCode != 404 || !errors.As(err, &em) || em.Code != "PetNotFound" {
		t.Errorf("deletePet/missing: %v", err)
	}

	// Every example was called.
	all := map[string]*exampleOp{
		"deletePet": &defaultDeletePetExamples,
		"createPet": &defaultCreatePetExamples, "getPet": &defaultGetPetExamples,
		"listPets": &defaultListPetsExamples, "putPet": &defaultPutPetExamples,
	}
	n := 0
	for op, exs := range all {
		for _, ex := range exs.examples {
			n++
			if !called[op+"/"+ex.name] {
				t.Errorf("example %s/%s was not called", op, ex.name)
			}
		}
	}
	if n != len(called) {
		t.Errorf("%d examples, %d called", n, len(called))
	}
}

// A call no example answers gets 404 in the error model, naming the
// operation and the closest example.
func TestExampleServerNoMatch(t *testing.T) {
	c := exampleClient(t)
	_, err := c.Default.GetPet(context.Background(), 5)
	var re *ResponseError
	var em *Error
	if !errors.As(err, &re) || re.StatusCode != 404 || !errors.As(err, &em) {
		t.Fatalf("GetPet(5): %v", err)
	}
	want := Error{Code: "NotFound", Message: `no example of operation getPet matches the request; the closest is "missing"`,
		Details: []ErrorDetail{{Key: ptr("operation"), Value: ptr("getPet")}, {Key: ptr("closestExample"), Value: ptr("missing")}}}
	if !reflect.DeepEqual(*em, want) {
		t.Errorf("GetPet(5):\n got %+v\nwant %+v", *em, want)
	}
	// The same path with another body: the success example of that path.
	r, err := c.Default.PutPet(context.Background(), 7, NewPet{Name: "Other"})
	if err != nil || r.StatusCode != 201 {
		t.Errorf("PutPet(7, other): %+v, %v", r, err)
	}
	// A path no PUT example names, and no example answers any call.
	if _, err := c.Default.PutPet(context.Background(), 9, NewPet{Name: "Kit"}); !errors.As(err, &em) || em.Code != "NotFound" ||
		!strings.Contains(em.Message, `the closest is "created"`) {
		t.Errorf("PutPet(9): %v", err)
	}
}

// Array query parameters match element-wise (the key repeated, in any order with others), and header
// names whatever their case.
func TestExampleServerWireForms(t *testing.T) {
	h := NewHandler(ExampleServers())
	for _, q := range []string{"tag=cat&tag=tabby", "tag=cat&x=1&tag=tabby"} {
		req, _ := http.NewRequest("GET", "http://mock/pets?"+q, nil)
		req.Header["x-tenant"] = []string{"acme"} // not canonical
		resp, err := HandlerTransport(h).RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != 200 || resp.Header.Get("X-Total-Count") != "1" || strings.TrimSpace(string(b)) != `[{"id":1,"name":"Tom","tag":"cat"}]` {
			t.Errorf("%s: %d %v %s", q, resp.StatusCode, resp.Header, b)
		}
	}
}
