package support

import (
	"io"
	"log/slog"
	"net/http"
	"strings"
	"time"
)

// WithAccessLog writes one record per request to l: operation id, method,
// path (never the query), status, duration and the request-id the handler
// sent; a panic in a server method is an error-level record of its own.
// Headers and bodies are never logged.
func WithAccessLog(l *slog.Logger) HandlerOption {
	return func(s *serverCore) { s.accessLog = l }
}

// WithServerTracer reports every request that reaches an operation to t
// (StartOperation, ended with the status written and the error the server
// method returned, if any). StartAttempt is not called on the server.
func WithServerTracer(t Tracer) HandlerOption {
	return func(s *serverCore) { s.tracer = t }
}

// WithOperationMiddleware wraps each operation's handler, after routing:
// unlike middleware around NewHandler, it sees OperationID(r.Context()).
// With several, the first is the outermost.
func WithOperationMiddleware(mw func(http.Handler) http.Handler) HandlerOption {
	return func(s *serverCore) {
		if mw != nil {
			s.middleware = append(s.middleware, mw)
		}
	}
}

// WithRequestDecoder lets the handler accept request bodies sent with
// Content-Encoding: coding (such as "gzip", with gzip.NewReader wrapped to
// return an io.ReadCloser). Without a decoder, a body with a content
// coding is answered 415 Unsupported Media Type. WithMaxBodyBytes bounds
// the decoded size.
func WithRequestDecoder(coding string, decode func(io.Reader) (io.ReadCloser, error)) HandlerOption {
	return func(s *serverCore) {
		if s.decoders == nil {
			s.decoders = map[string]func(io.Reader) (io.ReadCloser, error){}
		}
		s.decoders[strings.ToLower(coding)] = decode
	}
}

// statusRecorder remembers what the handler answered, for the access log
// and the tracer.
type statusRecorder struct {
	http.ResponseWriter
	start     time.Time
	operation string
	status    int
	err       error
	end       func(int, error)
}

func (w *statusRecorder) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusRecorder) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (w *statusRecorder) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// findRecorder finds the recorder under any middleware's writer.
func findRecorder(w http.ResponseWriter) *statusRecorder {
	for {
		switch x := w.(type) {
		case *statusRecorder:
			return x
		case interface{ Unwrap() http.ResponseWriter }:
			w = x.Unwrap()
		default:
			return nil
		}
	}
}

// finish ends the request's trace and writes its access record.
func (s *serverCore) finish(rec *statusRecorder, r *http.Request) {
	if rec.end != nil {
		rec.end(rec.status, rec.err)
	}
	if s.accessLog == nil {
		return
	}
	level := slog.LevelInfo
	if rec.status >= 500 {
		level = slog.LevelWarn
	}
	attrs := []slog.Attr{
		slog.String("operation", rec.operation),
		slog.String("method", r.Method),
		slog.String("path", r.URL.Path),
		slog.Int("status", rec.status),
		slog.Duration("duration", time.Since(rec.start)),
	}
	if s.requestIDHeader != "" {
		if vs := rec.Header()[s.requestIDHeader]; len(vs) > 0 {
			attrs = append(attrs, slog.String("request_id", vs[0]))
		}
	}
	s.accessLog.LogAttrs(r.Context(), level, "http request", attrs...)
}
