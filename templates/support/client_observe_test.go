package support

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// lockedBuffer collects log output from concurrent goroutines.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func (l *lockedBuffer) lines() []string {
	return strings.Split(strings.TrimSpace(l.String()), "\n")
}

func handlerCore(t *testing.T, h http.Handler, opts ...ClientOption) *clientCore {
	t.Helper()
	c, err := newClientCore("https://acct.example", "request-id",
		append([]ClientOption{WithHTTPClient(&http.Client{Transport: HandlerTransport(h)}), WithRetry(RetryPolicy{MaxAttempts: 3, BaseDelay: time.Microsecond})}, opts...))
	if err != nil {
		t.Fatal(err)
	}
	c.jitter = func(time.Duration) time.Duration { return 0 }
	return c
}

// The secrets a client holds or sends; none may appear in any record.
const (
	secretKey   = "c2VjcmV0LWtleS1ieXRlcy0wMTIzNDU2Nzg5"
	secretToken = "tok-SECRET-bearer-0123"
	secretSAS   = "SASSIGNATURESECRET"
)

func TestLoggerNeverLogsSecrets(t *testing.T) {
	for _, auth := range []string{"sharedkey", "token"} {
		t.Run(auth, func(t *testing.T) {
			var sigs []string
			var mu sync.Mutex
			n := 0
			h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				mu.Lock()
				n++
				k := n
				sigs = append(sigs, r.Header.Get("Authorization"))
				mu.Unlock()
				w.Header().Set("request-id", "rid-1")
				w.Header().Set("Set-Cookie", "session=COOKIESECRET")
				w.Header().Set("x-ms-token-echo", secretToken)
				switch k {
				case 1:
					w.WriteHeader(503) // retried
				case 2:
					w.WriteHeader(401) // a token is refreshed and the call sent again
				default:
					w.WriteHeader(500)
				}
			})
			var logs lockedBuffer
			opts := []ClientOption{
				WithLogger(slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))),
				// Allowing credentials changes nothing.
				WithLogOptions(LogOptions{AllowedHeaders: []string{"Authorization", "Set-Cookie", "x-ms-token-echo", "x-custom"}, AllowedQueryParams: []string{"sig", "token", "keep"}}),
			}
			if auth == "sharedkey" {
				opts = append(opts, WithSharedKey("acct", secretKey))
			} else {
				opts = append(opts, WithTokenSource(func(context.Context) (string, time.Time, error) {
					return secretToken, time.Now().Add(time.Hour), nil
				}))
			}
			c := handlerCore(t, h, opts...)
			r := newClientRequest("GET", "/jobs")
			r.operation = "Job_List"
			r.idempotent = true
			r.clientRequestID = "client-request-id"
			r.setQuery("sig", secretSAS)
			r.setQuery("token", secretToken)
			r.setQuery("keep", "visible")
			r.setQuery("other", "hidden-value")
			r.setHeader("x-custom", "shown")
			r.setHeader("x-hidden", "hidden-header")
			resp, err := c.do(context.Background(), r)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			// A transport error is logged too.
			c2 := handlerCore(t, h, opts...)
			c2.hc = &http.Client{Transport: roundTripFunc(func(*http.Request) (*http.Response, error) {
				return nil, fmt.Errorf("dial failed for https://acct.example/jobs?sig=%s", secretSAS)
			})}
			r2 := newClientRequest("POST", "/jobs")
			r2.operation = "Job_Add"
			r2.setQuery("sig", secretSAS)
			if err := r2.setJSON(map[string]string{"password": "BODYSECRET"}, "application/json"); err != nil {
				t.Fatal(err)
			}
			if _, err := c2.do(context.Background(), r2); err == nil {
				t.Fatal("no transport error")
			}

			out := logs.String()
			secrets := append([]string{secretKey, secretToken, secretSAS, "COOKIESECRET", "BODYSECRET", "hidden-value", "hidden-header"}, sigs...)
			for _, s := range secrets {
				if s != "" && strings.Contains(out, s) {
					t.Errorf("log holds secret %q:\n%s", s, out)
				}
			}
			// The decoded key's bytes, in case anything logs them.
			if raw, _ := base64.StdEncoding.DecodeString(secretKey); strings.Contains(out, string(raw)) {
				t.Error("log holds the decoded key")
			}
			lines := logs.lines()
			if want := map[string]int{"sharedkey": 3, "token": 5}[auth]; len(lines) != want {
				t.Errorf("%d records, want %d:\n%s", len(lines), want, out)
			}
			for _, want := range []string{`"operation":"Job_List"`, `"attempt":1`, `"attempt":2`, `"status":503`, `"request_id":"rid-1"`,
				`"keep=visible"`, `other=REDACTED`, `"x-custom":"shown"`, `"client_request_id":"`, `"level":"ERROR"`, `"operation":"Job_Add"`, `"level":"WARN"`} {
				if want == `"keep=visible"` {
					want = "keep=visible"
				}
				if !strings.Contains(out, want) {
					t.Errorf("log lacks %s:\n%s", want, out)
				}
			}
		})
	}
}

func TestLoggerBodies(t *testing.T) {
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(201) })
	var logs lockedBuffer
	c := handlerCore(t, h, WithLogger(slog.New(slog.NewTextHandler(&logs, nil))), WithLogOptions(LogOptions{BodyBytes: 8}))
	r := newClientRequest("POST", "/jobs")
	if err := r.setJSON(map[string]string{"id": "job-0123456789"}, "application/json"); err != nil {
		t.Fatal(err)
	}
	resp, err := c.do(context.Background(), r)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if out := logs.String(); !strings.Contains(out, `request_body="{\"id\":\"j"`) || strings.Contains(out, "0123") {
		t.Errorf("body not logged, or not bounded:\n%s", out)
	}
}

type traceEvent struct {
	kind, op string
	attempt  int
	status   int
	err      bool
}

type recordingTracer struct {
	mu      sync.Mutex
	events  []traceEvent
	sawAuth bool // an attempt was already signed when StartAttempt saw it
}

func (tr *recordingTracer) add(e traceEvent) {
	tr.mu.Lock()
	defer tr.mu.Unlock()
	tr.events = append(tr.events, e)
}

func (tr *recordingTracer) StartOperation(ctx context.Context, op string) (context.Context, func(int, error)) {
	tr.add(traceEvent{kind: "start", op: op})
	return ctx, func(status int, err error) { tr.add(traceEvent{kind: "end", op: op, status: status, err: err != nil}) }
}

func (tr *recordingTracer) StartAttempt(ctx context.Context, op string, n int, req *http.Request) func(int, error) {
	req.Header.Set("traceparent", fmt.Sprintf("00-attempt-%d", n))
	if req.Header.Get("Authorization") != "" {
		tr.sawAuth = true
	}
	tr.add(traceEvent{kind: "attempt", op: op, attempt: n})
	return func(status int, err error) {
		tr.add(traceEvent{kind: "attempt-end", op: op, attempt: n, status: status, err: err != nil})
	}
}

func TestTracerAndOperationID(t *testing.T) {
	var seen []string
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") == "" {
			t.Error("attempt not signed")
		}
		seen = append(seen, r.Header.Get("traceparent"))
		if len(seen) == 1 {
			w.WriteHeader(503)
		}
	})
	var mwOp string
	tr := &recordingTracer{}
	c := handlerCore(t, h, WithTracer(tr), WithSharedKey("acct", secretKey), WithMiddleware(func(next http.RoundTripper) http.RoundTripper {
		return roundTripFunc(func(r *http.Request) (*http.Response, error) {
			mwOp = OperationID(r.Context())
			return next.RoundTrip(r)
		})
	}))
	r := newClientRequest("GET", "/pools")
	r.operation = "Pool_List"
	r.idempotent = true
	resp, err := c.do(context.Background(), r)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	want := []traceEvent{
		{kind: "start", op: "Pool_List"},
		{kind: "attempt", op: "Pool_List", attempt: 1},
		{kind: "attempt-end", op: "Pool_List", attempt: 1, status: 503},
		{kind: "attempt", op: "Pool_List", attempt: 2},
		{kind: "attempt-end", op: "Pool_List", attempt: 2, status: 200},
		{kind: "end", op: "Pool_List", status: 200},
	}
	if fmt.Sprint(tr.events) != fmt.Sprint(want) {
		t.Errorf("events = %v\nwant %v", tr.events, want)
	}
	if tr.sawAuth {
		t.Error("StartAttempt ran after signing: its headers would not be signed")
	}
	if mwOp != "Pool_List" {
		t.Errorf("OperationID in middleware = %q", mwOp)
	}
	if fmt.Sprint(seen) != "[00-attempt-1 00-attempt-2]" {
		t.Errorf("traceparent sent = %v", seen)
	}
	if OperationID(context.Background()) != "" {
		t.Error("OperationID of a bare context")
	}

	// A transport error ends the attempt and the operation with it.
	tr = &recordingTracer{}
	c = handlerCore(t, h, WithTracer(tr), WithSharedKey("acct", secretKey), WithRetry(RetryPolicy{MaxAttempts: 1}))
	c.hc = &http.Client{Transport: roundTripFunc(func(*http.Request) (*http.Response, error) { return nil, errors.New("refused") })}
	if _, err := c.do(context.Background(), r); err == nil {
		t.Fatal("no error")
	}
	if e := tr.events[len(tr.events)-1]; e.kind != "end" || !e.err || e.status != 0 {
		t.Errorf("last event = %+v", e)
	}
}

func TestPerCallHeaderAndCapture(t *testing.T) {
	var got http.Header
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = r.Header.Clone()
		w.Header().Set("x-answer", "42")
		w.WriteHeader(404)
	})
	c := handlerCore(t, h)
	r := newClientRequest("GET", "/x")
	r.clientRequestID = "client-request-id"
	r.setHeader("x-ms-flag", "generated")
	var raw *http.Response
	ctx := WithHTTPHeader(context.Background(), http.Header{"X-Ms-Flag": {"mine"}, "client-request-id": {"my-id"}, "X-Extra": {"1"}})
	ctx = WithCaptureResponse(ctx, &raw)
	resp, err := c.do(ctx, r)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if got.Get("X-Ms-Flag") != "mine" || len(got.Values("X-Ms-Flag")) != 1 || got.Get("X-Extra") != "1" || got.Get("Client-Request-Id") != "my-id" {
		t.Errorf("headers sent = %v", got)
	}
	if raw == nil || raw.StatusCode != 404 || raw.Header.Get("x-answer") != "42" || raw.Request == nil {
		t.Errorf("captured %+v", raw)
	}
	// Without the context, nothing is added and nothing captured.
	raw = nil
	resp, err = c.do(context.Background(), r)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if got.Get("X-Extra") != "" || got.Get("X-Ms-Flag") != "generated" || raw != nil {
		t.Errorf("per-call state leaked: %v, %v", got, raw)
	}
}

func TestAPIVersionOverride(t *testing.T) {
	c := handlerCore(t, http.NotFoundHandler())
	if v := c.apiVersion("2020-09-01.12.0"); v != "2020-09-01.12.0" {
		t.Errorf("default = %q", v)
	}
	c = handlerCore(t, http.NotFoundHandler(), WithAPIVersion("2025-06-01.21.0"))
	if v := c.apiVersion("2020-09-01.12.0"); v != "2025-06-01.21.0" {
		t.Errorf("override = %q", v)
	}
}

func TestMaxResponseBytes(t *testing.T) {
	body := `{"a":"` + strings.Repeat("x", 100) + `"}`
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, body) })
	for _, tc := range []struct {
		max  int64
		fail bool
	}{{0, false}, {int64(len(body)), false}, {int64(len(body)) - 1, true}} {
		var opts []ClientOption
		if tc.max > 0 {
			opts = append(opts, WithMaxResponseBytes(tc.max))
		}
		c := handlerCore(t, h, opts...)
		resp, err := c.do(context.Background(), newClientRequest("GET", "/big?sig=SECRET"))
		if err != nil {
			t.Fatal(err)
		}
		var v struct{ A string }
		err = c.decodeBody(resp, &v)
		resp.Body.Close()
		if tc.fail != (err != nil) || tc.fail && (!strings.Contains(err.Error(), "larger than") || strings.Contains(err.Error(), "SECRET")) {
			t.Errorf("max %d: err = %v", tc.max, err)
		}
	}
	// A declared length over the limit is refused before reading.
	c := handlerCore(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", "1000")
		w.WriteHeader(200)
	}), WithMaxResponseBytes(10))
	resp, err := c.do(context.Background(), newClientRequest("GET", "/big"))
	if err != nil {
		t.Fatal(err)
	}
	if err := c.decodeBody(resp, new(any)); err == nil || !strings.Contains(err.Error(), "larger than 10 bytes") {
		t.Errorf("declared length: %v", err)
	}
	resp.Body.Close()
	if c := handlerCore(t, h); c.cfg.maxResponseBytes != 64<<20 {
		t.Errorf("default limit = %d", c.cfg.maxResponseBytes)
	}
}

func TestPageGuard(t *testing.T) {
	c := handlerCore(t, http.NotFoundHandler(), WithMaxPages(5))
	g := c.newPageGuard("Job_List")
	if err := g.next("https://acct.example/jobs?page=2", 3); err != nil {
		t.Fatal(err)
	}
	if err := g.next("https://acct.example/jobs?page=3&sig=SECRET", 3); err != nil {
		t.Fatal(err)
	}
	err := g.next("https://acct.example/jobs?page=3&sig=SECRET", 3)
	if err == nil || err.Error() != "Job_List: next-page link https://acct.example/jobs repeats after 3 pages" {
		t.Errorf("repeat: %v", err)
	}
	g = c.newPageGuard("Job_List")
	for i := range 5 {
		err = g.next(fmt.Sprint("/p", i), 1)
	}
	if err == nil || !strings.Contains(err.Error(), "more than 5 pages") {
		t.Errorf("cap: %v", err)
	}
	g = handlerCore(t, http.NotFoundHandler()).newPageGuard("Job_List")
	for i := range maxEmptyPages {
		err = g.next(fmt.Sprint("/p", i), 0)
	}
	if err == nil || !strings.Contains(err.Error(), "empty pages in a row") {
		t.Errorf("empty: %v", err)
	}
}
