package support

import (
	"context"
	"io"
	"mime"
	"net/http"
	"time"
)

// WithStreamReconnect lets an event stream (text/event-stream) that ends
// or breaks before its end reconnect up to n times in a row, after the
// server's retry hint (else 3 s), sending the last event id seen as
// Last-Event-ID; a 204 answer or any other status than 200 ends it. Off
// by default: a stream that ends is over.
func WithStreamReconnect(n int) ClientOption {
	return func(c *clientConfig) { c.streamReconnects = n }
}

// WithMaxStreamLine bounds one line, and one event's data, of a stream
// response the client reads (default 1 MiB): a longer one ends the
// stream with an error.
func WithMaxStreamLine(n int) ClientOption {
	return func(c *clientConfig) { c.maxStreamLine = n }
}

const defaultStreamRetry = 3 * time.Second

// openStream reads resp's body as a stream; reconnecting, when allowed,
// sends r again.
func openStream[T any](c *clientCore, ctx context.Context, r *clientRequest, resp *http.Response, spec streamSpec, decode func([]byte, *T) error) *EventStream[T] {
	s := readEventStream(resp.Body, spec, c.cfg.maxStreamLine, decode)
	if n := c.cfg.streamReconnects; n > 0 && spec.format == streamSSE && r.stream == nil {
		s.r.tries, s.r.reconnects = n, n
		s.r.reopen = func(lastID string, retry time.Duration) (io.ReadCloser, error) {
			if retry <= 0 {
				retry = defaultStreamRetry
			}
			if err := sleepCtx(ctx, retry); err != nil {
				return nil, err
			}
			if lastID != "" {
				r.setHeader("Last-Event-ID", lastID)
			}
			resp, err := c.do(ctx, r)
			if err != nil {
				return nil, err
			}
			if resp.StatusCode != http.StatusOK {
				discardResponse(resp)
				return nil, io.EOF
			}
			return resp.Body, nil
		}
	}
	return s
}

// isStream reports whether a response that may be JSON or a stream is
// the stream.
func isStream(resp *http.Response, spec streamSpec) bool {
	got, _, err := mime.ParseMediaType(resp.Header.Get("Content-Type"))
	want, _, _ := mime.ParseMediaType(spec.contentType)
	return err == nil && got == want
}

// setStream sends a stream as the request body, framed as it is
// produced. It cannot be sent twice: the request is not retried.
func setStream[T any](ctx context.Context, r *clientRequest, s *EventStream[T], spec streamSpec, encode func(T) ([]byte, error)) {
	pr, pw := io.Pipe()
	go func() {
		err := s.sendTo(ctx, func(ev StreamEvent[T]) error {
			f, err := encodeFrame(ev, encode)
			if err == nil {
				err = writeFrame(pw, spec.format, f)
			}
			return err
		})
		if err == nil {
			err = writeSentinel(pw, spec)
		}
		pw.CloseWithError(err)
	}()
	r.stream, r.ctype, r.idempotent = pr, spec.contentType, false
}
