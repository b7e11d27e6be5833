package support

import (
	"context"
	"net/http"
	"sync"
	"time"
)

// WithKeepAlive sets how long an event stream (text/event-stream) the
// server sends may stay silent before it sends a comment line, which
// keeps proxies from closing an idle connection (default 15 s; 0 or
// less: never).
func WithKeepAlive(d time.Duration) HandlerOption {
	return func(s *serverCore) { s.keepAlive = &d }
}

const defaultKeepAlive = 15 * time.Second

// sendStream writes a stream as the response: each event framed and
// flushed as it is sent, comment lines while it is idle (SSE), and the
// definition's end data (an SSE "[DONE]") after the last. The producer's
// context ends when the client goes away, and send then fails. An error
// after the status was written cannot change it: it is logged
// (WithErrorLog) and the response ends.
func sendStream[T any](s *serverCore, w http.ResponseWriter, r *http.Request, status int, spec streamSpec, st *EventStream[T], encode func(T) ([]byte, error)) {
	h := w.Header()
	if h.Get("Content-Type") == "" {
		h.Set("Content-Type", spec.contentType)
	}
	h.Set("Cache-Control", "no-cache")
	rc := http.NewResponseController(w)
	// A stream may answer a streamed request body while it is still
	// being read (JSON Lines both ways): HTTP/1.1 then needs full duplex.
	_ = rc.EnableFullDuplex()
	w.WriteHeader(status)
	_ = rc.Flush()
	ctx, cancel := context.WithCancel(r.Context())
	defer cancel()
	var mu sync.Mutex
	every := defaultKeepAlive
	if s.keepAlive != nil {
		every = *s.keepAlive
	}
	if spec.format == streamSSE && every > 0 {
		var wg sync.WaitGroup
		wg.Add(1)
		defer func() {
			cancel()
			wg.Wait() // nothing writes once the handler returns
		}()
		go func() {
			defer wg.Done()
			t := time.NewTicker(every)
			defer t.Stop()
			for {
				select {
				case <-ctx.Done():
					return
				case <-t.C:
					mu.Lock()
					_, err := w.Write([]byte(":\n\n"))
					if err == nil {
						err = rc.Flush()
					}
					mu.Unlock()
					if err != nil {
						cancel()
						return
					}
				}
			}
		}()
	}
	err := st.sendTo(ctx, func(ev StreamEvent[T]) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		f, err := encodeFrame(ev, encode)
		if err != nil {
			return err
		}
		mu.Lock()
		defer mu.Unlock()
		if err := writeFrame(w, spec.format, f); err != nil {
			cancel()
			return err
		}
		return rc.Flush()
	})
	mu.Lock()
	defer mu.Unlock()
	if err == nil {
		if err = writeSentinel(w, spec); err == nil {
			_ = rc.Flush()
		}
	}
	if err != nil && ctx.Err() == nil {
		s.logError(r, err)
	}
}

// readStreamBody is a request body read as a stream, each item bounded
// by WithMaxBodyBytes.
func readStreamBody[T any](s *serverCore, r *http.Request, spec streamSpec, decode func([]byte, *T) error) *EventStream[T] {
	return readEventStream(r.Body, spec, int(min(s.maxBodyBytes, 1<<30)), decode)
}
