package jsonlines

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

type records struct{ UnimplementedRecordsServer }

// Ingest answers each record as it reads it: the request and the
// response stream at once.
func (records) Ingest(ctx context.Context, in *EventStream[Record]) (*RecordsIngestResponse, error) {
	return &RecordsIngestResponse{Stream: NewEventStream(func(ctx context.Context, send func(StreamEvent[Result]) error) error {
		for rec, err := range in.Items() {
			res := Result{ID: &rec.ID, Ok: ptr(true)}
			if err != nil {
				msg := err.Error()
				res = Result{Ok: ptr(false), Error: &msg}
			}
			if err := send(StreamEvent[Result]{Data: res}); err != nil {
				return err
			}
		}
		return nil
	})}, nil
}

func (records) Export(ctx context.Context, opts *RecordsExportOptions) (*RecordsExportResponse, error) {
	return &RecordsExportResponse{Stream: NewEventStream(func(ctx context.Context, send func(StreamEvent[Record]) error) error {
		for i := range 2000 {
			r := Record{ID: fmt.Sprint(i), Tags: []string{"a", "b\nc"}}
			if i%2 == 0 {
				r.Value = NewNullable(float64(i) / 2)
			}
			if err := send(StreamEvent[Record]{Data: r}); err != nil {
				return err
			}
		}
		return nil
	})}, nil
}

func ptr[T any](v T) *T { return &v }

func serve(t *testing.T) (*Client, string) {
	t.Helper()
	srv := httptest.NewServer(NewHandler(Servers{Records: records{}}))
	t.Cleanup(srv.Close)
	c, err := NewClient(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	return c, srv.URL
}

// A JSON Lines request body of many records, answered record by record
// with a JSON Lines stream.
func TestIngestBothWays(t *testing.T) {
	c, _ := serve(t)
	const n = 3000
	body := NewEventStream(func(ctx context.Context, send func(StreamEvent[Record]) error) error {
		for i := range n {
			if err := send(StreamEvent[Record]{Data: Record{ID: fmt.Sprint(i)}}); err != nil {
				return err
			}
		}
		return nil
	})
	resp, err := c.Records.Ingest(context.Background(), body)
	if err != nil {
		t.Fatal(err)
	}
	i := 0
	for res, err := range resp.Stream.Items() {
		if err != nil {
			t.Fatal(err)
		}
		if res.ID == nil || *res.ID != fmt.Sprint(i) || !*res.Ok {
			t.Fatalf("result %d: %+v", i, res)
		}
		i++
	}
	if i != n {
		t.Errorf("%d results, want %d", i, n)
	}
}

// A malformed line in a request body reaches the server method as an
// item error; the lines after it still arrive.
func TestIngestMalformedLine(t *testing.T) {
	_, url := serve(t)
	resp, err := http.Post(url+"/records", "application/jsonl", strings.NewReader("{\"id\":\"a\"}\n{\"id\":\n\n{\"id\":\"b\"}\n"))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if len(lines) != 3 || !strings.Contains(lines[1], `"ok":false`) || !strings.Contains(lines[2], `"id":"b"`) {
		t.Errorf("got %q", b)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "application/x-ndjson" {
		t.Errorf("Content-Type %q", ct)
	}
}

// A JSON text sequence: RS before each record; values with escaped line
// breaks and nulls round-trip.
func TestExportJSONSeq(t *testing.T) {
	c, url := serve(t)
	resp, err := c.Records.Export(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	i := 0
	for s := resp.Stream; s.Next(); i++ {
		r := s.Item()
		if r.ID != fmt.Sprint(i) || r.Tags[1] != "b\nc" || (i%2 == 0) != r.Value.IsSet() {
			t.Fatalf("record %d: %+v", i, r)
		}
	}
	if err := resp.Stream.Err(); err != nil || i != 2000 {
		t.Fatalf("%d records, err %v", i, err)
	}
	resp.Stream.Close()
	raw, err := http.Get(url + "/records")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Body.Close()
	b := make([]byte, 1)
	if _, err := io.ReadFull(raw.Body, b); err != nil || b[0] != 0x1E {
		t.Errorf("first byte %q, %v", b, err)
	}
}
