package validation_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/oasgen/oasgen/generated/validation"
)

// TestClientSendsWithoutReadOnly: the client drops the read-only fields
// the service sets (Order.Created) from the body it sends, and leaves
// the caller's value alone.
func TestClientSendsWithoutReadOnly(t *testing.T) {
	bodies := make(chan string, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		bodies <- string(b)
		w.WriteHeader(http.StatusNotImplemented)
	}))
	defer srv.Close()
	c, err := validation.NewClient(srv.URL, validation.WithHTTPClient(srv.Client()))
	if err != nil {
		t.Fatal(err)
	}
	created := time.Date(2026, 12, 6, 0, 0, 0, 0, time.UTC)
	o := validation.Order{ID: "ord-1", Created: &created, Lines: []validation.Line{}}
	_, _ = c.Orders.Create(context.Background(), o, nil)
	got := <-bodies
	if strings.Contains(got, "created") || !strings.Contains(got, `"id":"ord-1"`) {
		t.Errorf("sent %s; want the order without its read-only created", got)
	}
	if o.Created == nil {
		t.Error("the caller's Order lost its Created")
	}
}
