package oas31

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync"
	"testing"
)

// receiver records the webhooks it receives.
type receiver struct {
	UnimplementedWebhooksServer
	mu       sync.Mutex
	pet      Pet
	delivery string
	attempt  *int64
	gone     []int64
	deleted  int
	query    string
}

func (r *receiver) NewPet(ctx context.Context, delivery string, p Pet, opts *WebhooksNewPetOptions) (*WebhooksNewPetResponse, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.pet, r.delivery, r.attempt = p, delivery, opts.Attempt
	return nil, nil
}

func (r *receiver) PetGone(ctx context.Context, b WebhooksPetGoneBody) (*WebhooksPetGoneResponse, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if OperationID(ctx) != "petGone" {
		return nil, errors.New("operation id " + OperationID(ctx))
	}
	r.gone = append(r.gone, b.ID)
	return nil, nil
}

func (r *receiver) DeletePetRemoved(ctx context.Context) (*WebhooksDeletePetRemovedResponse, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.deleted++
	return nil, nil
}

// hooks mounts the webhook handlers where a receiver would: at URLs of
// its choosing, one per webhook.
func hooks(t *testing.T, r *receiver) string {
	t.Helper()
	h := NewWebhookHandlers(r)
	mux := http.NewServeMux()
	mux.Handle("/in/pets/new", h.NewPet)
	mux.Handle("/in/pets/gone/", h.PetRemoved)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		r.mu.Lock()
		r.query = req.URL.RawQuery
		r.mu.Unlock()
		mux.ServeHTTP(w, req)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

func sender(t *testing.T, url string) *WebhookSender {
	t.Helper()
	s, err := NewWebhookSender(url)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// The sender's typed payload, header and query reach the receiver's
// interface method whole, through the URL the receiver chose.
func TestWebhookRoundTrip(t *testing.T) {
	r := &receiver{}
	base := hooks(t, r)
	ctx := context.Background()
	w := 3.5
	pet := Pet{Kind: PetKindDog, Version: PetVersionValue2, Name: "Rex", Weight: &w, Tags: NewNullable([]string{"a"})}
	attempt := int64(2)
	if _, err := sender(t, base+"/in/pets/new?token=abc").NewPet(ctx, "delivery-1", pet, &WebhooksNewPetOptions{Attempt: &attempt}); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(r.pet, pet) || r.delivery != "delivery-1" || r.attempt == nil || *r.attempt != 2 || r.query != "token=abc&attempt=2" {
		t.Errorf("received %+v, %q, %v, query %q", r.pet, r.delivery, r.attempt, r.query)
	}
	// Two methods of one webhook share its handler; the URL keeps its
	// trailing slash and its own query.
	gone := sender(t, base+"/in/pets/gone/?token=abc")
	if _, err := gone.PetGone(ctx, WebhooksPetGoneBody{ID: 7}); err != nil {
		t.Fatal(err)
	}
	if _, err := gone.DeletePetRemoved(ctx); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(r.gone, []int64{7}) || r.deleted != 1 || r.query != "token=abc" {
		t.Errorf("gone %v, deleted %d, query %q", r.gone, r.deleted, r.query)
	}
}

// Bad webhooks are answered 400 before the interface is called, and the
// sender returns them as a *ResponseError.
func TestWebhookValidation(t *testing.T) {
	r := &receiver{}
	base := hooks(t, r)
	ctx := context.Background()
	s := sender(t, base+"/in/pets/new")
	ok := Pet{Kind: PetKindDog, Version: PetVersionValue2, Name: "Rex"}
	zero := int64(0)
	for name, call := range map[string]func() error{
		"short header": func() error { _, err := s.NewPet(ctx, "short", ok, nil); return err },
		"minimum": func() error {
			_, err := s.NewPet(ctx, "delivery-1", ok, &WebhooksNewPetOptions{Attempt: &zero})
			return err
		},
		"const": func() error {
			_, err := s.NewPet(ctx, "delivery-1", Pet{Kind: "cat", Version: 2, Name: "Tom"}, nil)
			return err
		},
		"exclusive": func() error {
			_, err := sender(t, base+"/in/pets/gone/").PetGone(ctx, WebhooksPetGoneBody{ID: 0})
			return err
		},
	} {
		var re *ResponseError
		if err := call(); !errors.As(err, &re) || re.StatusCode != http.StatusBadRequest {
			t.Errorf("%s: %v, want a 400", name, err)
		}
	}
	if r.delivery != "" || len(r.gone) != 0 {
		t.Errorf("the receiver was called: %q %v", r.delivery, r.gone)
	}
	// A method the webhook does not declare.
	resp, err := http.Get(base + "/in/pets/new")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed || resp.Header.Get("Allow") != "POST" {
		t.Errorf("GET: %d, Allow %q", resp.StatusCode, resp.Header.Get("Allow"))
	}
}

// A receiver that leaves a webhook out answers it 501, naming it.
func TestWebhookUnimplemented(t *testing.T) {
	srv := httptest.NewServer(NewWebhookHandlers(nil).PetRemoved)
	defer srv.Close()
	_, err := sender(t, srv.URL).DeletePetRemoved(context.Background())
	var re *ResponseError
	if !errors.As(err, &re) || re.StatusCode != http.StatusNotImplemented || !strings.Contains(string(re.Body), "pet.removed") {
		t.Errorf("%v", err)
	}
	if _, err := NewWebhookSender("/relative"); err == nil {
		t.Error("a relative URL was accepted")
	}
}
