package support

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"sync"
)

// HandlerTransport returns an http.RoundTripper that serves every request
// with h, in process and without a socket. It is the way to fake the
// service in tests of code that calls the client:
//
//	h := NewHandler(Servers{Certificate: myFake})
//	c, err := NewClient("https://fake.example", WithHTTPClient(&http.Client{Transport: HandlerTransport(h)}))
//
// The whole client (retries, signing, logging) and the whole handler
// (routing, validation, error model) run as they would over the network.
// The handler runs in its own goroutine and its response streams: the
// body is read as the handler writes it. A panic in h becomes an error of
// RoundTrip (http.ErrAbortHandler included), as a dropped connection
// would.
func HandlerTransport(h http.Handler) http.RoundTripper {
	return handlerTransport{h}
}

type handlerTransport struct{ h http.Handler }

func (t handlerTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	if err := ctx.Err(); err != nil {
		closeBody(req)
		return nil, err
	}
	sreq, err := serverRequest(req)
	if err != nil {
		return nil, err
	}
	pr, pw := io.Pipe()
	w := &pipeWriter{header: http.Header{}, body: pw, head: make(chan struct{})}
	go func() {
		defer func() {
			if v := recover(); v != nil {
				w.fail(fmt.Errorf("handler panicked: %v", v))
				return
			}
			w.finish()
		}()
		t.h.ServeHTTP(w, sreq)
	}()
	select {
	case <-w.head:
	case <-ctx.Done():
		pr.CloseWithError(ctx.Err())
		return nil, ctx.Err()
	}
	if w.err != nil {
		return nil, w.err
	}
	resp := &http.Response{
		Status:        strconv.Itoa(w.status) + " " + http.StatusText(w.status),
		StatusCode:    w.status,
		Proto:         "HTTP/1.1",
		ProtoMajor:    1,
		ProtoMinor:    1,
		Header:        w.sent,
		Body:          newCtxBody(ctx, pr, pw),
		ContentLength: -1,
		Request:       req,
	}
	if n, err := strconv.ParseInt(w.sent.Get("Content-Length"), 10, 64); err == nil {
		resp.ContentLength = n
	}
	if req.Method == http.MethodHead {
		resp.Body.Close()
		resp.Body = http.NoBody
	}
	return resp, nil
}

func closeBody(req *http.Request) {
	if req.Body != nil {
		req.Body.Close()
	}
}

// serverRequest is req as a server would receive it.
func serverRequest(req *http.Request) (*http.Request, error) {
	body := []byte{}
	if req.Body != nil {
		var err error
		body, err = io.ReadAll(req.Body)
		req.Body.Close()
		if err != nil {
			return nil, err
		}
	}
	sreq := req.Clone(req.Context())
	sreq.Body = io.NopCloser(bytes.NewReader(body))
	if len(body) == 0 {
		sreq.Body = http.NoBody
	}
	sreq.ContentLength = int64(len(body))
	sreq.RequestURI = req.URL.RequestURI()
	sreq.RemoteAddr = "192.0.2.1:1234" // TEST-NET-1: no real peer
	sreq.Host = req.URL.Host
	if req.Host != "" {
		sreq.Host = req.Host
	}
	sreq.Proto, sreq.ProtoMajor, sreq.ProtoMinor = "HTTP/1.1", 1, 1
	sreq.Header = canonicalHeader(req.Header)
	return sreq, nil
}

// canonicalHeader is a copy of h with canonical keys, as headers arrive
// from the network.
func canonicalHeader(h http.Header) http.Header {
	out := make(http.Header, len(h))
	for k, vs := range h {
		for _, v := range vs {
			out.Add(k, v)
		}
	}
	return out
}

// pipeWriter is the handler's http.ResponseWriter: the head is handed over
// once, then the body flows through a pipe.
type pipeWriter struct {
	header http.Header
	sent   http.Header // the header as of WriteHeader
	body   *io.PipeWriter
	once   sync.Once
	head   chan struct{} // closed when status and sent (or err) are set
	status int
	err    error
}

func (w *pipeWriter) Header() http.Header { return w.header }

func (w *pipeWriter) WriteHeader(code int) {
	w.once.Do(func() {
		w.status, w.sent = code, canonicalHeader(w.header)
		close(w.head)
	})
}

func (w *pipeWriter) Write(b []byte) (int, error) {
	w.WriteHeader(http.StatusOK)
	return w.body.Write(b)
}

// Flush sends the head; the body is never buffered.
func (w *pipeWriter) Flush() { w.WriteHeader(http.StatusOK) }

func (w *pipeWriter) finish() {
	w.WriteHeader(http.StatusOK)
	w.body.Close()
}

func (w *pipeWriter) fail(err error) {
	w.once.Do(func() {
		w.err = err
		close(w.head)
	})
	w.body.CloseWithError(err)
}

// ctxBody is the response body: reading it stops when the request's
// context is done, as a network body would.
type ctxBody struct {
	pr   *io.PipeReader
	stop func() bool
}

// newCtxBody ends the body with ctx's error when ctx is done: closing the
// writing side makes reads return that error and the handler's writes fail.
func newCtxBody(ctx context.Context, pr *io.PipeReader, pw *io.PipeWriter) *ctxBody {
	return &ctxBody{pr: pr, stop: context.AfterFunc(ctx, func() { pw.CloseWithError(ctx.Err()) })}
}

func (b *ctxBody) Read(p []byte) (int, error) { return b.pr.Read(p) }

func (b *ctxBody) Close() error {
	b.stop()
	return b.pr.Close()
}
