package oas32

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

type items struct {
	UnimplementedItemsServer
	mu      sync.Mutex
	methods []string
	filter  *Filter
}

func (s *items) seen(m string) {
	s.mu.Lock()
	s.methods = append(s.methods, m)
	s.mu.Unlock()
}

func (s *items) Search(ctx context.Context, q Search) (*ItemsSearchResponse, error) {
	s.seen("QUERY")
	var out []Item
	for i := range *q.Limit {
		out = append(out, Item{ID: *q.Text + string(rune('a'+i))})
	}
	return &ItemsSearchResponse{Body: out}, nil
}

func (s *items) Purge(ctx context.Context) (*ItemsPurgeResponse, error) {
	s.seen("PURGE")
	return nil, nil
}

func (s *items) List(ctx context.Context, opts *ItemsListOptions) (*ItemsListResponse, error) {
	s.seen("GET")
	s.filter = opts.Filter
	return &ItemsListResponse{Stream: EventStreamOf(Item{ID: "1", Color: opts.Filter.Color}, Item{ID: "2"})}, nil
}

func (s *items) Changes(ctx context.Context) (*ItemsChangesResponse, error) {
	return &ItemsChangesResponse{Stream: NewEventStream(func(ctx context.Context, send func(StreamEvent[Change]) error) error {
		if err := send(StreamEvent[Change]{Data: &Added{Op: ptr("Added"), Item: &Item{ID: "n"}}, ID: "1"}); err != nil {
			return err
		}
		return send(StreamEvent[Change]{Data: &Removed{Op: ptr("Removed"), ID: ptr("o")}, ID: "2"})
	})}, nil
}

func ptr[T any](v T) *T { return &v }

func serve(t *testing.T, s *items) *Client {
	t.Helper()
	var mu sync.Mutex
	var methods []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		methods = append(methods, r.Method)
		mu.Unlock()
		NewHandler(Servers{Items: s}).ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	c, err := NewClient(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// The QUERY method and an additional operation (PURGE) are routed by the
// server and called by the client with their own methods.
func TestQueryAndAdditionalMethods(t *testing.T) {
	s := &items{}
	c := serve(t, s)
	resp, err := c.Items.Search(context.Background(), Search{Text: ptr("x"), Limit: ptr(int32(3))})
	if err != nil {
		t.Fatal(err)
	}
	if len(resp.Body) != 3 || resp.Body[2].ID != "xc" {
		t.Errorf("search: %+v", resp.Body)
	}
	if _, err := c.Items.Purge(context.Background()); err != nil {
		t.Fatal(err)
	}
	if strings.Join(s.methods, ",") != "QUERY,PURGE" {
		t.Errorf("server methods %v", s.methods)
	}
}

// A querystring parameter is the whole query string, one schema; the
// response is JSON Lines typed by itemSchema.
func TestQuerystringAndItemSchema(t *testing.T) {
	s := &items{}
	c := serve(t, s)
	resp, err := c.Items.List(context.Background(), &ItemsListOptions{Filter: &Filter{Color: ptr("red"), Size: ptr(int32(4))}})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for it, err := range resp.Stream.Items() {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, it.ID)
		if it.ID == "1" && (it.Color == nil || *it.Color != "red") {
			t.Errorf("item %+v", it)
		}
	}
	if strings.Join(got, ",") != "1,2" || s.filter == nil || *s.filter.Size != 4 {
		t.Errorf("items %v, filter %+v", got, s.filter)
	}
}

// An SSE itemSchema whose data has a contentSchema: each event's data is
// the union, decoded by its discriminator.
func TestSSEItemSchema(t *testing.T) {
	c := serve(t, &items{})
	resp, err := c.Items.Changes(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for ev, err := range resp.Stream.Events() {
		if err != nil {
			t.Fatal(err)
		}
		switch d := ev.Data.(type) {
		case *Added:
			kinds = append(kinds, ev.ID+":added "+d.Item.ID)
		case *Removed:
			kinds = append(kinds, ev.ID+":removed "+*d.ID)
		}
	}
	if strings.Join(kinds, ",") != "1:added n,2:removed o" {
		t.Errorf("changes %v", kinds)
	}
}
