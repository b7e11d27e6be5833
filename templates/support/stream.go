package support

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"iter"
	"strconv"
	"strings"
	"time"
)

// Streams: Server-Sent Events (text/event-stream), JSON Lines
// (application/jsonl, application/x-ndjson) and JSON text sequences
// (application/json-seq, RFC 7464), typed by the definition's item schema,
// read and written the same way by the client and the server.

// streamFormat is how the items of a stream are framed on the wire.
type streamFormat int

const (
	streamSSE       streamFormat = iota // text/event-stream
	streamJSONLines                     // one JSON value a line
	streamJSONSeq                       // RS, a JSON value, LF (RFC 7464)
)

// streamSpec is what the definition says about one stream: its framing,
// its media type, and the data that ends it (an SSE "[DONE]").
type streamSpec struct {
	format      streamFormat
	contentType string
	sentinel    string
}

// defaultMaxStreamLine bounds one line (and one event's data) a stream
// reader holds in memory: a server that never ends a line cannot exhaust
// the reader's memory.
const defaultMaxStreamLine = 1 << 20

// StreamEvent is one item of an EventStream: Data is the item; Event, ID
// and Retry are a Server-Sent Event's other fields (empty for JSON Lines).
type StreamEvent[T any] struct {
	Data  T
	Event string        // the event's type; "" is the default, "message"
	ID    string        // the event's id; the client sends the last one as Last-Event-ID when it reconnects
	Retry time.Duration // the server's reconnection delay hint; 0 when not sent
}

// EventStream is a typed stream of items: a response the client reads, or
// one the server sends (NewEventStream, EventStreamOf); a request body
// likewise. Read it with Events or Items (range loops; breaking out closes
// it), or with Next, Event and Err, then Close. Cancelling the call's
// context ends it too.
type EventStream[T any] struct {
	produce func(ctx context.Context, send func(StreamEvent[T]) error) error
	r       *streamReader
	decode  func([]byte, *T) error

	cur  StreamEvent[T]
	err  error
	pull func() (StreamEvent[T], error, bool)
	stop func()
}

// NewEventStream returns a stream whose events produce sends, for a
// server method to return or a client to send as a request body. send
// fails once the receiver has gone (the context is then done): produce
// should return its error.
func NewEventStream[T any](produce func(ctx context.Context, send func(StreamEvent[T]) error) error) *EventStream[T] {
	return &EventStream[T]{produce: produce}
}

// EventStreamOf returns a stream of the given items, each an event with
// only its data.
func EventStreamOf[T any](items ...T) *EventStream[T] {
	return NewEventStream(func(_ context.Context, send func(StreamEvent[T]) error) error {
		for _, v := range items {
			if err := send(StreamEvent[T]{Data: v}); err != nil {
				return err
			}
		}
		return nil
	})
}

// StreamItemError is an item that did not decode. The stream goes on: a
// range loop over Events or Items may continue past it.
type StreamItemError struct {
	Data []byte // the item as received (at most 256 bytes of it)
	Err  error
}

func (e *StreamItemError) Error() string {
	return fmt.Sprintf("stream item %q does not decode: %v", e.Data, e.Err)
}

func (e *StreamItemError) Unwrap() error { return e.Err }

// errStreamStopped ends a producer whose consumer stopped reading.
var errStreamStopped = errors.New("stream consumer stopped")

// Events iterates the stream's events. An item that does not decode is
// yielded with a *StreamItemError, and the stream goes on if the loop
// does; any other error ends it. The stream is closed when the loop ends.
func (s *EventStream[T]) Events() iter.Seq2[StreamEvent[T], error] {
	return func(yield func(StreamEvent[T], error) bool) {
		var zero StreamEvent[T]
		if s == nil {
			return
		}
		if s.produce != nil {
			stopped := false
			err := s.produce(context.Background(), func(ev StreamEvent[T]) error {
				if stopped || !yield(ev, nil) {
					stopped = true
					return errStreamStopped
				}
				return nil
			})
			if err != nil && !stopped {
				yield(zero, err)
			}
			return
		}
		defer s.r.close()
		for {
			f, err := s.r.next()
			if err == io.EOF {
				return
			}
			if err != nil {
				yield(zero, err)
				return
			}
			ev := StreamEvent[T]{Event: f.event, ID: f.id, Retry: f.retry}
			if err := s.decode(f.data, &ev.Data); err != nil {
				if !yield(ev, &StreamItemError{Data: f.data[:min(len(f.data), 256)], Err: err}) {
					return
				}
				continue
			}
			if !yield(ev, nil) {
				return
			}
		}
	}
}

// Items iterates the data of the stream's events, as Events does.
func (s *EventStream[T]) Items() iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		for ev, err := range s.Events() {
			if !yield(ev.Data, err) {
				return
			}
		}
	}
}

// Next advances to the next event, reporting whether there is one; at the
// end, or at an error (an item that does not decode included), Err says
// which.
func (s *EventStream[T]) Next() bool {
	if s == nil || s.err != nil {
		return false
	}
	if s.pull == nil {
		s.pull, s.stop = iter.Pull2(s.Events())
	}
	ev, err, ok := s.pull()
	switch {
	case !ok:
		return false
	case err != nil:
		s.err = err
		s.stop()
		return false
	}
	s.cur = ev
	return true
}

// Event is the event Next advanced to.
func (s *EventStream[T]) Event() StreamEvent[T] { return s.cur }

// Item is the data of the event Next advanced to.
func (s *EventStream[T]) Item() T { return s.cur.Data }

// Err is the error that ended Next, nil at the end of the stream.
func (s *EventStream[T]) Err() error {
	if s == nil {
		return nil
	}
	return s.err
}

// Close ends the stream and releases its connection.
func (s *EventStream[T]) Close() error {
	if s == nil {
		return nil
	}
	if s.stop != nil {
		s.stop()
	}
	if s.r != nil {
		return s.r.close()
	}
	return nil
}

// sendTo sends the stream's events to send: the producer's, or those read
// from the stream's source.
func (s *EventStream[T]) sendTo(ctx context.Context, send func(StreamEvent[T]) error) error {
	if s == nil {
		return nil
	}
	if s.produce != nil {
		return s.produce(ctx, send)
	}
	for ev, err := range s.Events() {
		if err == nil {
			err = send(ev)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// readEventStream is a stream read from body.
func readEventStream[T any](body io.ReadCloser, spec streamSpec, maxLine int, decode func([]byte, *T) error) *EventStream[T] {
	return &EventStream[T]{r: newStreamReader(body, spec, maxLine), decode: decode}
}

// jsonItem decodes one JSON item.
func jsonItem(data []byte, v any) error {
	budget := newDecodeBudget(len(data), int64(len(data)), "the stream's line limit")
	return unmarshalJSON(data, v, &budget)
}

// textItem is an SSE event's data as text (a string schema).
func textItem(data []byte, v *string) error {
	*v = string(data)
	return nil
}

// frame is one item as read or written: its data and SSE fields.
type frame struct {
	data      []byte
	event, id string
	retry     time.Duration
}

// errLineTooLong ends a stream whose line (or event) is over the
// reader's bound.
var errLineTooLong = errors.New("stream line or event over the reader's limit")

// streamReader reads frames from a body, reconnecting (SSE only) when
// reopen is set.
type streamReader struct {
	body    io.ReadCloser
	br      *bufio.Reader
	spec    streamSpec
	max     int
	started bool // past a byte order mark

	lastID string
	retry  time.Duration
	// reopen opens the stream again after it ended or broke, sending
	// lastID; io.EOF from it ends the stream. nil: no reconnection.
	reopen     func(lastID string, retry time.Duration) (io.ReadCloser, error)
	reconnects int // left, in a row
	tries      int // reconnects allowed in a row
}

func newStreamReader(body io.ReadCloser, spec streamSpec, maxLine int) *streamReader {
	if maxLine <= 0 {
		maxLine = defaultMaxStreamLine
	}
	return &streamReader{body: body, br: bufio.NewReaderSize(body, 32<<10), spec: spec, max: maxLine}
}

func (r *streamReader) close() error {
	if r.body == nil {
		return nil
	}
	err := r.body.Close()
	r.body = nil
	return err
}

// next reads the next frame; io.EOF at the end of the stream.
func (r *streamReader) next() (frame, error) {
	for {
		if r.body == nil {
			return frame{}, io.EOF
		}
		f, err := r.read()
		switch {
		case err == nil:
			r.reconnects = r.tries
			return f, nil
		case errors.Is(err, errSentinel):
			return frame{}, io.EOF
		case r.reopen == nil || r.reconnects <= 0 || errors.Is(err, errLineTooLong) ||
			errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded):
			return frame{}, err
		}
		r.close()
		r.reconnects--
		body, err := r.reopen(r.lastID, r.retry)
		if err != nil {
			return frame{}, err
		}
		r.body, r.br, r.started = body, bufio.NewReaderSize(body, 32<<10), false
	}
}

// errSentinel is the definition's end-of-stream data.
var errSentinel = errors.New("end of stream")

func (r *streamReader) read() (frame, error) {
	switch r.spec.format {
	case streamSSE:
		return r.readEvent()
	case streamJSONSeq:
		for {
			rec, err := r.readUntil(0x1E)
			rec = bytes.TrimSpace(bytes.TrimSuffix(rec, []byte{0x1E}))
			if len(rec) > 0 {
				return frame{data: rec}, nil
			}
			if err != nil {
				return frame{}, err
			}
		}
	default:
		for {
			line, err := r.readUntil('\n')
			line = bytes.TrimSpace(line)
			if len(line) > 0 {
				return frame{data: line}, nil
			}
			if err != nil {
				return frame{}, err
			}
		}
	}
}

// readUntil reads through the next delim (or to the end of the body), at
// most r.max bytes; the result is a copy.
func (r *streamReader) readUntil(delim byte) ([]byte, error) {
	var out []byte
	for {
		chunk, err := r.br.ReadSlice(delim)
		if len(out)+len(chunk) > r.max {
			return nil, errLineTooLong
		}
		out = append(out, chunk...)
		if !r.started {
			r.started = true
			out = bytes.TrimPrefix(out, []byte("\xef\xbb\xbf"))
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		return out, err // at the end, the last line without its delimiter and io.EOF
	}
}

// readEvent reads one Server-Sent Event as the WHATWG specification
// parses them: lines end in LF or CRLF (a lone CR ends a line within
// those), a line starting with ':' is a comment, unknown fields are
// ignored, an event without data is not dispatched, and an event the
// body ends within is dropped.
func (r *streamReader) readEvent() (frame, error) {
	var f frame
	var data []byte
	hasData := false
	for {
		chunk, err := r.readUntil('\n')
		switch {
		case err == io.EOF && len(chunk) > 0:
			return frame{}, io.ErrUnexpectedEOF // an event cut off by the end of the body
		case err != nil:
			return frame{}, err
		}
		chunk = bytes.TrimSuffix(bytes.TrimSuffix(chunk, []byte("\n")), []byte("\r"))
		for _, line := range bytes.Split(chunk, []byte("\r")) {
			if len(line) == 0 {
				if !hasData {
					f = frame{}
					continue
				}
				f.data = bytes.TrimSuffix(data, []byte("\n"))
				if r.spec.sentinel != "" && string(f.data) == r.spec.sentinel {
					return frame{}, errSentinel
				}
				return f, nil
			}
			if line[0] == ':' {
				continue // a comment: keep-alive
			}
			name, value, _ := bytes.Cut(line, []byte(":"))
			value = bytes.TrimPrefix(value, []byte(" "))
			switch string(name) {
			case "data":
				if len(data)+len(value) > r.max {
					return frame{}, errLineTooLong
				}
				data = append(append(data, value...), '\n')
				hasData = true
			case "event":
				f.event = string(value)
			case "id":
				if !bytes.ContainsRune(value, 0) {
					f.id = string(value)
					r.lastID = f.id
				}
			case "retry":
				if ms, err := strconv.ParseUint(string(value), 10, 31); err == nil {
					f.retry = time.Duration(ms) * time.Millisecond
					r.retry = f.retry
				}
			}
		}
	}
}

// writeFrame writes one item in the stream's framing. An SSE event's
// data with line breaks becomes several data lines; a name or id with
// one is refused, as it would end the event early.
func writeFrame(w io.Writer, format streamFormat, f frame) error {
	var b bytes.Buffer
	switch format {
	case streamSSE:
		if strings.ContainsAny(f.event, "\r\n") || strings.ContainsAny(f.id, "\r\n\x00") {
			return fmt.Errorf("event name or id %q holds a line break", f.event+f.id)
		}
		if f.event != "" {
			b.WriteString("event: " + f.event + "\n")
		}
		if f.id != "" {
			b.WriteString("id: " + f.id + "\n")
		}
		if f.retry > 0 {
			b.WriteString("retry: " + strconv.FormatInt(f.retry.Milliseconds(), 10) + "\n")
		}
		data := strings.ReplaceAll(string(f.data), "\r\n", "\n")
		for _, line := range strings.FieldsFunc(data+"\x00", func(r rune) bool { return r == '\n' || r == '\r' }) {
			b.WriteString("data: " + strings.TrimSuffix(line, "\x00") + "\n")
		}
		b.WriteString("\n")
	case streamJSONSeq:
		b.WriteByte(0x1E)
		b.Write(f.data)
		b.WriteByte('\n')
	default:
		if bytes.ContainsAny(f.data, "\r\n") {
			return errors.New("a JSON Lines item holds a line break")
		}
		b.Write(f.data)
		b.WriteByte('\n')
	}
	_, err := w.Write(b.Bytes())
	return err
}

// writeSentinel ends an SSE stream with the definition's end data.
func writeSentinel(w io.Writer, spec streamSpec) error {
	if spec.sentinel == "" || spec.format != streamSSE {
		return nil
	}
	return writeFrame(w, spec.format, frame{data: []byte(spec.sentinel)})
}

// encodeFrame encodes an event's data for writeFrame.
func encodeFrame[T any](ev StreamEvent[T], encode func(T) ([]byte, error)) (frame, error) {
	data, err := encode(ev.Data)
	if err != nil {
		return frame{}, err
	}
	return frame{data: data, event: ev.Event, id: ev.ID, retry: ev.Retry}, nil
}

// jsonItemBytes encodes one JSON item.
func jsonItemBytes(v any) ([]byte, error) { return marshalJSON(v) }

// textItemBytes is an SSE event's text data.
func textItemBytes(v string) ([]byte, error) { return []byte(v), nil }
