package support

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

type point struct {
	X int `json:"x"`
}

func decodePoint(b []byte, v *point) error { return jsonItem(b, v) }

func sse(body string, sentinel string) *EventStream[point] {
	return readEventStream(io.NopCloser(strings.NewReader(body)), streamSpec{format: streamSSE, sentinel: sentinel}, 0, decodePoint)
}

// The parser follows the WHATWG rules: comments and unknown fields are
// ignored, data lines join, CRLF and a BOM are fine, an event without
// data is not dispatched, id and retry persist.
func TestSSEParse(t *testing.T) {
	body := "\xef\xbb\xbf: hello\r\nevent: move\r\nid: 7\r\nretry: 1500\r\nfoo: bar\r\ndata: {\"x\":\r\ndata: 1}\r\n\r\n" +
		"id: 8\n\n" + // no data: not an event
		"data:{\"x\":2}\n\n" +
		"data: [DONE]\n\n" +
		"data: {\"x\":3}\n\n"
	var got []StreamEvent[point]
	for ev, err := range sse(body, "[DONE]").Events() {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, ev)
	}
	want := []StreamEvent[point]{{Data: point{1}, Event: "move", ID: "7", Retry: 1500 * time.Millisecond}, {Data: point{2}}}
	if len(got) != len(want) {
		t.Fatalf("got %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("event %d: got %+v, want %+v", i, got[i], want[i])
		}
	}
}

// An item that does not decode is an error the loop may go past; Next
// stops at it.
func TestSSEMalformedItem(t *testing.T) {
	body := "data: not json\n\ndata: {\"x\":5}\n\n"
	var items []int
	var bad int
	for v, err := range sse(body, "").Items() {
		var ie *StreamItemError
		if errors.As(err, &ie) {
			bad++
			if string(ie.Data) != "not json" {
				t.Errorf("item error data %q", ie.Data)
			}
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		items = append(items, v.X)
	}
	if bad != 1 || len(items) != 1 || items[0] != 5 {
		t.Errorf("bad %d, items %v", bad, items)
	}
	s := sse(body, "")
	if s.Next() || s.Err() == nil {
		t.Errorf("Next went past a malformed item: err %v", s.Err())
	}
}

// A line over the bound ends the stream with an error, not an unbounded
// buffer; so does an event made of many bounded lines.
func TestStreamLineBound(t *testing.T) {
	long := strings.Repeat("a", 5000)
	for name, body := range map[string]string{
		"line":  "data: " + long + "\n\n",
		"event": strings.Repeat("data: "+long[:900]+"\n", 10) + "\n",
	} {
		s := readEventStream(io.NopCloser(strings.NewReader(body)), streamSpec{format: streamSSE}, 4096, decodePoint)
		for _, err := range s.Events() {
			if !errors.Is(err, errLineTooLong) {
				t.Errorf("%s: err %v, want errLineTooLong", name, err)
			}
		}
	}
	s := readEventStream(io.NopCloser(strings.NewReader(long+"\n")), streamSpec{format: streamJSONLines}, 4096, decodePoint)
	if s.Next() || !errors.Is(s.Err(), errLineTooLong) {
		t.Errorf("JSON Lines: err %v", s.Err())
	}
}

// An event the body ends within is dropped, and reported.
func TestSSECutOff(t *testing.T) {
	s := sse("data: {\"x\":1}\n\ndata: {\"x\":2}", "")
	if !s.Next() || s.Item().X != 1 {
		t.Fatal("first event lost")
	}
	if s.Next() || !errors.Is(s.Err(), io.ErrUnexpectedEOF) {
		t.Errorf("cut-off event: %v", s.Err())
	}
}

// What writeFrame writes, the reader reads back, in each framing.
func TestStreamFramesRoundTrip(t *testing.T) {
	for _, spec := range []streamSpec{{format: streamSSE, sentinel: "[DONE]"}, {format: streamJSONLines}, {format: streamJSONSeq}} {
		var b strings.Builder
		for i := range 3 {
			f, err := encodeFrame(StreamEvent[point]{Data: point{i}}, func(p point) ([]byte, error) { return jsonItemBytes(p) })
			if err != nil {
				t.Fatal(err)
			}
			if err := writeFrame(&b, spec.format, f); err != nil {
				t.Fatal(err)
			}
		}
		writeSentinel(&b, spec)
		var got []int
		for v, err := range readEventStream(io.NopCloser(strings.NewReader(b.String())), spec, 0, decodePoint).Items() {
			if err != nil {
				t.Fatalf("%d: %v in %q", spec.format, err, b.String())
			}
			got = append(got, v.X)
		}
		if len(got) != 3 || got[2] != 2 {
			t.Errorf("%d: got %v from %q", spec.format, got, b.String())
		}
	}
	// Text data with line breaks travels as several data lines.
	var b strings.Builder
	writeFrame(&b, streamSSE, frame{data: []byte("a\nb\r\nc"), event: "e", id: "1"})
	s := readEventStream(io.NopCloser(strings.NewReader(b.String())), streamSpec{format: streamSSE}, 0, textItem)
	if !s.Next() || s.Item() != "a\nb\nc" || s.Event().Event != "e" {
		t.Errorf("text event: %q %+v", b.String(), s.Event())
	}
	if err := writeFrame(&b, streamSSE, frame{id: "a\nb"}); err == nil {
		t.Error("an id with a line break was written")
	}
}

// The server flushes each event, sends comments while idle, and stops
// the producer when the client goes away.
func TestSendStream(t *testing.T) {
	s := &serverCore{}
	s.init([]HandlerOption{WithKeepAlive(time.Millisecond)})
	release := make(chan struct{})
	stopped := make(chan error, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		st := NewEventStream(func(ctx context.Context, send func(StreamEvent[point]) error) error {
			if err := send(StreamEvent[point]{Data: point{1}, ID: "1"}); err != nil {
				return err
			}
			<-release // idle until the client has seen a keep-alive comment
			for i := 2; ; i++ {
				if err := send(StreamEvent[point]{Data: point{i}}); err != nil {
					stopped <- err
					return err
				}
			}
		})
		sendStream(s, w, r, 200, streamSpec{format: streamSSE, contentType: "text/event-stream"}, st, func(p point) ([]byte, error) { return jsonItemBytes(p) })
	}))
	defer srv.Close()
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, "GET", srv.URL, nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Errorf("Content-Type %q", ct)
	}
	br := bufio.NewReader(resp.Body)
	var seen strings.Builder
	for !strings.Contains(seen.String(), "\n:\n") {
		line, err := br.ReadString('\n')
		if err != nil {
			t.Fatalf("%v after %q", err, seen.String())
		}
		seen.WriteString(line)
	}
	if !strings.HasPrefix(seen.String(), "id: 1\ndata: {\"x\":1}\n\n") {
		t.Errorf("stream starts %q", seen.String())
	}
	close(release)
	line, _ := br.ReadString('\n')
	for strings.HasPrefix(line, ":") || line == "\n" {
		line, _ = br.ReadString('\n')
	}
	if line != "data: {\"x\":2}\n" {
		t.Errorf("after the comment: %q", line)
	}
	cancel()
	resp.Body.Close()
	if err := <-stopped; err == nil {
		t.Error("the producer went on after the client left")
	}
}

// A stream reconnects after it breaks, sending the last id, and honours
// the server's retry hint; a 204 (io.EOF from reopen) ends it.
func TestStreamReconnect(t *testing.T) {
	bodies := []string{"retry: 1\nid: a\ndata: {\"x\":1}\n\n", "id: b\ndata: {\"x\":2}\n\n"}
	var ids []string
	s := sse(bodies[0], "")
	s.r.tries, s.r.reconnects = 2, 2
	n := 0
	s.r.reopen = func(lastID string, retry time.Duration) (io.ReadCloser, error) {
		ids = append(ids, lastID)
		if retry != time.Millisecond {
			t.Errorf("retry %v, want the hint", retry)
		}
		n++
		if n >= len(bodies) {
			return nil, io.EOF
		}
		return io.NopCloser(strings.NewReader(bodies[n])), nil
	}
	var got []int
	for v, err := range s.Items() {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, v.X)
	}
	if len(got) != 2 || strings.Join(ids, ",") != "a,b" {
		t.Errorf("items %v, Last-Event-IDs %v", got, ids)
	}
}

// A producer stream read locally stops when the loop does.
func TestProducerStopsWithLoop(t *testing.T) {
	n := 0
	s := NewEventStream(func(_ context.Context, send func(StreamEvent[int]) error) error {
		for i := 0; ; i++ {
			if err := send(StreamEvent[int]{Data: i}); err != nil {
				return err
			}
			n++
		}
	})
	for v := range s.Items() {
		if v == 2 {
			break
		}
	}
	if n != 2 {
		t.Errorf("producer sent %d after the loop ended", n)
	}
	s2 := EventStreamOf(1, 2)
	for s2.Next() {
	}
	if s2.Err() != nil || s2.Item() != 2 {
		t.Errorf("Next: %v %v", s2.Err(), s2.Item())
	}
	s2.Close()
}

// A stream that ends (without a sentinel) ends the response, keep-alive
// comments or not: the handler does not wait on its comment writer.
func TestSendStreamEnds(t *testing.T) {
	s := &serverCore{}
	s.init([]HandlerOption{WithKeepAlive(time.Hour)})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sendStream(s, w, r, 200, streamSpec{format: streamSSE, contentType: "text/event-stream"}, EventStreamOf("a", "b"), textItemBytes)
	}))
	defer srv.Close()
	resp, err := http.Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil || string(b) != "data: a\n\ndata: b\n\n" {
		t.Errorf("body %q, %v", b, err)
	}
}
