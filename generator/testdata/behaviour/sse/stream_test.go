package sse

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// events implements the three groups of the fixture.
type events struct {
	UnimplementedTicksServer
	// left receives the error send returned when the producer stopped
	// because the client went away.
	left chan error
}

func (e *events) Watch(ctx context.Context, opts *TicksWatchOptions) (*TicksWatchResponse, error) {
	n := int32(0)
	if opts != nil && opts.Count != nil {
		n = *opts.Count
	}
	return &TicksWatchResponse{Stream: NewEventStream(func(ctx context.Context, send func(StreamEvent[Tick]) error) error {
		for i := int64(1); n == 0 || i <= int64(n); i++ {
			if err := send(StreamEvent[Tick]{Data: Tick{Seq: i}, ID: fmt.Sprint(i), Event: "tick"}); err != nil {
				if e.left != nil {
					e.left <- err
				}
				return err
			}
		}
		return nil
	})}, nil
}

type chat struct{ UnimplementedChatServer }

func (chat) Complete(ctx context.Context, req ChatRequest) (*ChatCompleteResponse, error) {
	words := strings.Fields(req.Prompt)
	if req.Stream == nil || !*req.Stream {
		return &ChatCompleteResponse{ChatResponse: ChatResponse{Text: ptr(strings.Join(words, " "))}}, nil
	}
	return &ChatCompleteResponse{Stream: NewEventStream(func(ctx context.Context, send func(StreamEvent[ChatChunk]) error) error {
		for i, w := range words {
			if err := send(StreamEvent[ChatChunk]{Data: ChatChunk{Delta: ptr(w), Index: ptr(int32(i))}}); err != nil {
				return err
			}
		}
		return nil
	})}, nil
}

type logs struct{ UnimplementedLogsServer }

func (logs) Tail(ctx context.Context) (*LogsTailResponse, error) {
	return &LogsTailResponse{Stream: EventStreamOf("first", "two\nlines", "")}, nil
}

func ptr[T any](v T) *T { return &v }

func serve(t *testing.T, h http.Handler, opts ...ClientOption) *Client {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	c, err := NewClient(srv.URL, append([]ClientOption{WithRetry(RetryPolicy{MaxAttempts: 1})}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// Many events travel from the generated server to the generated client
// in order, with their ids and names; the stream ends at [DONE].
func TestManyEvents(t *testing.T) {
	c := serve(t, NewHandler(Servers{Ticks: &events{}}))
	resp, err := c.Ticks.Watch(context.Background(), &TicksWatchOptions{Count: ptr(int32(5000))})
	if err != nil {
		t.Fatal(err)
	}
	want := int64(1)
	for ev, err := range resp.Stream.Events() {
		if err != nil {
			t.Fatal(err)
		}
		if ev.Data.Seq != want || ev.ID != fmt.Sprint(want) || ev.Event != "tick" {
			t.Fatalf("event %+v, want seq %d", ev, want)
		}
		want++
	}
	if want != 5001 {
		t.Errorf("%d events, want 5000", want-1)
	}
}

// Cancelling the call's context mid-stream ends the loop with the
// context's error, and the server's producer learns the client left.
func TestCancelMidStream(t *testing.T) {
	srv := &events{left: make(chan error, 1)}
	c := serve(t, NewHandler(Servers{Ticks: srv}))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	resp, err := c.Ticks.Watch(ctx, nil) // no end
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	var end error
	for _, err := range resp.Stream.Items() {
		if err != nil {
			end = err
			break
		}
		if n++; n == 10 {
			cancel()
		}
	}
	if !errors.Is(end, context.Canceled) {
		t.Errorf("the loop ended with %v, want context.Canceled", end)
	}
	if err := <-srv.left; err == nil {
		t.Error("the producer was not told")
	}
}

// Breaking out of the loop closes the body: the server's producer stops.
func TestBreakClosesBody(t *testing.T) {
	srv := &events{left: make(chan error, 1)}
	c := serve(t, NewHandler(Servers{Ticks: srv}))
	resp, err := c.Ticks.Watch(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	for ev := range resp.Stream.Events() {
		if ev.Data.Seq == 3 {
			break
		}
	}
	if err := <-srv.left; err == nil {
		t.Error("the producer went on after the client broke out")
	}
}

// One operation, two outcomes: JSON without stream, events with it.
func TestJSONOrStream(t *testing.T) {
	c := serve(t, NewHandler(Servers{Chat: chat{}}))
	resp, err := c.Chat.Complete(context.Background(), ChatRequest{Prompt: "hello streaming world"})
	if err != nil {
		t.Fatal(err)
	}
	if resp.Stream != nil || resp.Text == nil || *resp.Text != "hello streaming world" {
		t.Fatalf("JSON answer: %+v", resp)
	}
	resp, err = c.Chat.Complete(context.Background(), ChatRequest{Prompt: "hello streaming world", Stream: ptr(true)})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for resp.Stream.Next() {
		got = append(got, *resp.Stream.Item().Delta)
	}
	if err := resp.Stream.Err(); err != nil {
		t.Fatal(err)
	}
	resp.Stream.Close()
	if strings.Join(got, " ") != "hello streaming world" || resp.Text != nil {
		t.Errorf("streamed %q, body %+v", got, resp.ChatResponse)
	}
}

// Text events keep their line breaks, and an empty one is an event.
func TestTextEvents(t *testing.T) {
	c := serve(t, NewHandler(Servers{Logs: logs{}}))
	resp, err := c.Logs.Tail(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for line, err := range resp.Stream.Items() {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, line)
	}
	if len(got) != 3 || got[1] != "two\nlines" || got[2] != "" {
		t.Errorf("got %q", got)
	}
}

// hostile answers the stream operation with the raw body write makes.
func hostile(write func(w http.ResponseWriter, r *http.Request)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/event-stream")
		w.WriteHeader(200)
		write(w, r)
	})
}

// A line that never ends fails the stream once it is over the client's
// bound, without reading the rest into memory.
func TestEndlessLine(t *testing.T) {
	c := serve(t, hostile(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("data: "))
		chunk := []byte(strings.Repeat("a", 4096))
		for r.Context().Err() == nil {
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	}), WithMaxStreamLine(64<<10))
	resp, err := c.Ticks.Watch(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, err := range resp.Stream.Events() {
		if err == nil || !strings.Contains(err.Error(), "limit") {
			t.Fatalf("err %v, want the line bound", err)
		}
	}
}

// A stream that never ends, sending only comments, ends when the caller
// cancels.
func TestNeverEnding(t *testing.T) {
	c := serve(t, hostile(func(w http.ResponseWriter, r *http.Request) {
		rc := http.NewResponseController(w)
		w.Write([]byte("data: {\"seq\":1}\n\n"))
		for r.Context().Err() == nil {
			if _, err := w.Write([]byte(": still here\n\n")); err != nil {
				return
			}
			rc.Flush()
		}
	}))
	ctx, cancel := context.WithCancel(context.Background())
	resp, err := c.Ticks.Watch(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	var end error
	for ev, err := range resp.Stream.Events() {
		if err != nil {
			end = err
			break
		}
		if ev.Data.Seq == 1 {
			cancel()
		}
	}
	if !errors.Is(end, context.Canceled) {
		t.Errorf("ended with %v", end)
	}
}

// A malformed event is reported and the stream goes on; unknown fields
// and comments are ignored.
func TestMalformedEvent(t *testing.T) {
	c := serve(t, hostile(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, ": hi\nfoo: bar\ndata: {\"seq\":1}\n\ndata: {\"seq\":\n\ndata: {\"seq\":\"three\"}\n\nevent: x\ndata: {\"seq\":4}\n\ndata: [DONE]\n\n")
	}))
	resp, err := c.Ticks.Watch(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	var seqs []int64
	bad := 0
	for tick, err := range resp.Stream.Items() {
		var ie *StreamItemError
		switch {
		case errors.As(err, &ie):
			bad++
		case err != nil:
			t.Fatal(err)
		default:
			seqs = append(seqs, tick.Seq)
		}
	}
	if bad != 2 || fmt.Sprint(seqs) != "[1 4]" {
		t.Errorf("bad %d, seqs %v", bad, seqs)
	}
}

// With WithStreamReconnect, a stream that breaks reconnects after the
// server's retry hint and sends the last id as Last-Event-ID; the server
// answers 204 when it has nothing more.
func TestReconnect(t *testing.T) {
	var mu sync.Mutex
	var lastIDs []string
	c := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		lastIDs = append(lastIDs, r.Header.Get("Last-Event-ID"))
		n := len(lastIDs)
		mu.Unlock()
		switch n {
		case 1:
			hostile(func(w http.ResponseWriter, r *http.Request) {
				io.WriteString(w, "retry: 1\nid: 1\ndata: {\"seq\":1}\n\nid: 2\ndata: {\"seq\":2}\n\n")
			}).ServeHTTP(w, r) // ends without [DONE]: the connection broke
		case 2:
			hostile(func(w http.ResponseWriter, r *http.Request) {
				io.WriteString(w, "id: 3\ndata: {\"seq\":3}\n\n")
			}).ServeHTTP(w, r)
		default:
			w.WriteHeader(http.StatusNoContent)
		}
	}), WithStreamReconnect(3))
	resp, err := c.Ticks.Watch(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	var seqs []int64
	for tick, err := range resp.Stream.Items() {
		if err != nil {
			t.Fatal(err)
		}
		seqs = append(seqs, tick.Seq)
	}
	if fmt.Sprint(seqs) != "[1 2 3]" || fmt.Sprint(lastIDs) != "[ 2 3]" {
		t.Errorf("seqs %v, Last-Event-IDs %q", seqs, lastIDs)
	}
	// Off by default: the same break ends the stream.
	lastIDs = nil
	c = serve(t, hostile(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		lastIDs = append(lastIDs, "x")
		mu.Unlock()
		io.WriteString(w, "data: {\"seq\":1}\n\n")
	}))
	resp, _ = c.Ticks.Watch(context.Background(), nil)
	for range resp.Stream.Items() {
	}
	if len(lastIDs) != 1 {
		t.Errorf("%d requests without WithStreamReconnect", len(lastIDs))
	}
}
