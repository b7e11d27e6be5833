package support

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// fastRetry keeps the tests quick.
var fastRetry = RetryPolicy{MaxAttempts: 4, BaseDelay: time.Millisecond, MaxDelay: 5 * time.Millisecond}

// attemptServer answers attempt n (1-based) with handle(n, w, r) and
// records each request's body and headers.
type attemptServer struct {
	*httptest.Server
	n       atomic.Int32
	mu      sync.Mutex
	bodies  []string
	headers []http.Header
}

func newAttemptServer(t *testing.T, handle func(n int, w http.ResponseWriter, r *http.Request)) *attemptServer {
	t.Helper()
	s := &attemptServer{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		s.mu.Lock()
		s.bodies = append(s.bodies, string(b))
		s.headers = append(s.headers, r.Header.Clone())
		s.mu.Unlock()
		handle(int(s.n.Add(1)), w, r)
	}))
	t.Cleanup(s.Close)
	return s
}

// failFirst fails the first k attempts with status, then answers 200 "ok".
func failFirst(k, status int) func(int, http.ResponseWriter, *http.Request) {
	return func(n int, w http.ResponseWriter, r *http.Request) {
		if n <= k {
			w.WriteHeader(status)
			io.WriteString(w, "try again")
			return
		}
		io.WriteString(w, "ok")
	}
}

func retryCore(t *testing.T, endpoint string, p RetryPolicy, opts ...ClientOption) *clientCore {
	t.Helper()
	c, err := newClientCore(endpoint, "request-id", append([]ClientOption{WithRetry(p)}, opts...))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func idempotentPut(body string) *clientRequest {
	r := newClientRequest("PUT", "/jobs/j1")
	r.idempotent = true
	if err := r.setBytes(strings.NewReader(body), "application/json"); err != nil {
		panic(err)
	}
	return r
}

func TestRetryOnStatus(t *testing.T) {
	for _, status := range []int{408, 429, 500, 502, 503, 504} {
		t.Run(fmt.Sprint(status), func(t *testing.T) {
			s := newAttemptServer(t, failFirst(3, status))
			c := retryCore(t, s.URL, fastRetry)
			resp, err := c.do(context.Background(), idempotentPut(`{"a":1}`))
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 200 || string(b) != "ok" || s.n.Load() != 4 {
				t.Errorf("got %d %q after %d attempts, want 200 ok after 4", resp.StatusCode, b, s.n.Load())
			}
			// The body is replayed in full on every attempt.
			for i, body := range s.bodies {
				if body != `{"a":1}` {
					t.Errorf("attempt %d body %q", i+1, body)
				}
			}
		})
	}
}

func TestNoRetry(t *testing.T) {
	tests := []struct {
		name   string
		status int
		req    func() *clientRequest
		policy RetryPolicy
	}{
		{"not idempotent", 503, func() *clientRequest { return newClientRequest("POST", "/jobs") }, fastRetry},
		{"400", 400, func() *clientRequest { return idempotentPut("x") }, fastRetry},
		{"401", 401, func() *clientRequest { return idempotentPut("x") }, fastRetry},
		{"404", 404, func() *clientRequest { return idempotentPut("x") }, fastRetry},
		{"409", 409, func() *clientRequest { return idempotentPut("x") }, fastRetry},
		{"501", 501, func() *clientRequest { return idempotentPut("x") }, fastRetry},
		{"MaxAttempts 1", 503, func() *clientRequest { return idempotentPut("x") }, RetryPolicy{MaxAttempts: 1, BaseDelay: time.Millisecond}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newAttemptServer(t, failFirst(100, tt.status))
			c := retryCore(t, s.URL, tt.policy)
			resp, err := c.do(context.Background(), tt.req())
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != tt.status || string(b) != "try again" || s.n.Load() != 1 {
				t.Errorf("got %d %q after %d attempts, want %d after 1", resp.StatusCode, b, s.n.Load(), tt.status)
			}
		})
	}
}

// When attempts run out, the last response is returned for the caller to
// turn into a ResponseError.
func TestRetryBounded(t *testing.T) {
	for _, max := range []int{2, 3, 5} {
		s := newAttemptServer(t, func(n int, w http.ResponseWriter, r *http.Request) {
			w.Header().Set("request-id", fmt.Sprint("rid-", n))
			w.WriteHeader(503)
			fmt.Fprintf(w, `{"code":"ServerBusy","message":{"value":"attempt %d"}}`, n)
		})
		c := retryCore(t, s.URL, RetryPolicy{MaxAttempts: max, BaseDelay: time.Millisecond})
		resp, err := c.do(context.Background(), idempotentPut("x"))
		if err != nil {
			t.Fatal(err)
		}
		err = c.responseError(resp, decodeError[apiError]())
		resp.Body.Close()
		var re *ResponseError
		var ae *apiError
		if !errors.As(err, &re) || !errors.As(err, &ae) {
			t.Fatalf("error %T %v", err, err)
		}
		wantID := fmt.Sprint("rid-", max)
		if int(s.n.Load()) != max || re.StatusCode != 503 || re.RequestID != wantID || ae.Message.Value != fmt.Sprint("attempt ", max) {
			t.Errorf("MaxAttempts %d: %d attempts, %+v", max, s.n.Load(), re)
		}
	}
}

// The default policy retries too: four attempts in all.
func TestRetryDefaultPolicy(t *testing.T) {
	s := newAttemptServer(t, failFirst(100, 500))
	c, err := newClientCore(s.URL, "", nil)
	if err != nil {
		t.Fatal(err)
	}
	if c.retry != (RetryPolicy{4, 200 * time.Millisecond, 10 * time.Second}) {
		t.Errorf("default policy %+v", c.retry)
	}
	c.jitter = func(time.Duration) time.Duration { return 0 } // deterministic, and fast
	resp, err := c.do(context.Background(), idempotentPut("x"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if s.n.Load() != 4 {
		t.Errorf("%d attempts, want 4", s.n.Load())
	}
}

func TestRetryPolicyNormalized(t *testing.T) {
	tests := []struct{ in, want RetryPolicy }{
		{RetryPolicy{}, RetryPolicy{4, 200 * time.Millisecond, 10 * time.Second}},
		{RetryPolicy{-1, -1, -1}, RetryPolicy{4, 200 * time.Millisecond, 10 * time.Second}},
		{RetryPolicy{1, 0, 0}, RetryPolicy{1, 200 * time.Millisecond, 10 * time.Second}},
		{RetryPolicy{7, time.Millisecond, time.Second}, RetryPolicy{7, time.Millisecond, time.Second}},
		{RetryPolicy{2, time.Minute, time.Second}, RetryPolicy{2, time.Minute, time.Minute}}, // MaxDelay below BaseDelay
		{RetryPolicy{2, time.Minute, 0}, RetryPolicy{2, time.Minute, time.Minute}},
	}
	for _, tt := range tests {
		if got := tt.in.normalized(); got != tt.want {
			t.Errorf("%+v.normalized() = %+v, want %+v", tt.in, got, tt.want)
		}
	}
}

func TestRetryBackoffCeilings(t *testing.T) {
	c := retryCore(t, "https://h", RetryPolicy{MaxAttempts: 10, BaseDelay: time.Millisecond, MaxDelay: 5 * time.Millisecond})
	var ceilings []time.Duration
	c.jitter = func(d time.Duration) time.Duration { ceilings = append(ceilings, d); return d / 2 }
	var delays []time.Duration
	for attempt := 1; attempt <= 5; attempt++ {
		delays = append(delays, c.retryDelay(attempt, nil))
	}
	want := []time.Duration{1, 2, 4, 5, 5}
	for i := range want {
		if ceilings[i] != want[i]*time.Millisecond || delays[i] != want[i]*time.Millisecond/2 {
			t.Errorf("attempt %d: ceiling %v delay %v, want %v and half", i+1, ceilings[i], delays[i], want[i]*time.Millisecond)
		}
	}
	// Huge attempt numbers neither overflow nor pass MaxDelay.
	for _, attempt := range []int{40, 63, 64, 100, 1 << 30} {
		ceilings = nil
		c.retryDelay(attempt, nil)
		if ceilings[0] != 5*time.Millisecond {
			t.Errorf("attempt %d: ceiling %v", attempt, ceilings[0])
		}
	}
	// A huge BaseDelay does not overflow either.
	c.retry = RetryPolicy{MaxAttempts: 10, BaseDelay: 1 << 62, MaxDelay: 1<<63 - 1}
	for attempt := 1; attempt <= 4; attempt++ {
		ceilings = nil
		c.retryDelay(attempt, nil)
		if ceilings[0] <= 0 {
			t.Errorf("attempt %d: ceiling %v", attempt, ceilings[0])
		}
	}
}

func TestRetryAfter(t *testing.T) {
	c := retryCore(t, "https://h", RetryPolicy{MaxAttempts: 4, BaseDelay: time.Millisecond, MaxDelay: 10 * time.Second})
	c.now = func() time.Time { return testNow }
	c.jitter = func(time.Duration) time.Duration { return 42 } // marks "backoff was used"
	tests := []struct {
		header string
		want   time.Duration
	}{
		{"3", 3 * time.Second},
		{" 2 ", 2 * time.Second},
		{"0", 0},
		{"60", 10 * time.Second},                            // capped at MaxDelay
		{"99999999999999999", 10 * time.Second},             // no overflow
		{"Fri, 17 Feb 2017 00:00:05 GMT", 5 * time.Second},  // an HTTP date
		{"Friday, 17-Feb-17 00:00:07 GMT", 7 * time.Second}, // RFC 850 date
		{"Fri, 17 Feb 2017 01:00:00 GMT", 10 * time.Second}, // capped
		{"Thu, 16 Feb 2017 00:00:00 GMT", 0},                // in the past
		{"-5", 42},
		{"1.5", 42},
		{"soon", 42},
		{"", 42},
	}
	for _, tt := range tests {
		resp := &http.Response{StatusCode: 503, Header: http.Header{}}
		if tt.header != "" {
			resp.Header.Set("Retry-After", tt.header)
		}
		if got := c.retryDelay(1, resp); got != tt.want {
			t.Errorf("Retry-After %q: delay %v, want %v", tt.header, got, tt.want)
		}
	}
}

// Azure's retry-after-ms and x-ms-retry-after-ms come before Retry-After.
func TestRetryAfterMS(t *testing.T) {
	c := retryCore(t, "https://h", RetryPolicy{MaxAttempts: 4, BaseDelay: time.Millisecond, MaxDelay: 10 * time.Second})
	c.jitter = func(time.Duration) time.Duration { return 42 }
	for _, tt := range []struct {
		h    http.Header
		want time.Duration
	}{
		{http.Header{"Retry-After-Ms": {"1500"}, "Retry-After": {"3"}}, 1500 * time.Millisecond},
		{http.Header{"X-Ms-Retry-After-Ms": {" 250 "}}, 250 * time.Millisecond},
		{http.Header{"Retry-After-Ms": {"99999999999999999"}}, 10 * time.Second}, // capped, no overflow
		{http.Header{"Retry-After-Ms": {"-1"}, "Retry-After": {"2"}}, 2 * time.Second},
		{http.Header{"Retry-After-Ms": {"soon"}}, 42},
	} {
		if got := c.retryDelay(1, &http.Response{StatusCode: 429, Header: tt.h}); got != tt.want {
			t.Errorf("%v: delay %v, want %v", tt.h, got, tt.want)
		}
	}
}

// End to end: a Retry-After of a second is capped at a 5ms MaxDelay (the
// wait the client asks for is recorded, not timed).
func TestRetryAfterHonoured(t *testing.T) {
	s := newAttemptServer(t, func(n int, w http.ResponseWriter, r *http.Request) {
		if n == 1 {
			w.Header().Set("Retry-After", "1")
			w.WriteHeader(429)
		}
	})
	c := retryCore(t, s.URL, fastRetry)
	var waits []time.Duration
	c.sleep = func(_ context.Context, d time.Duration) error { waits = append(waits, d); return nil }
	resp, err := c.do(context.Background(), idempotentPut("x"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || s.n.Load() != 2 || len(waits) != 1 || waits[0] > fastRetry.MaxDelay {
		t.Errorf("%d after %d attempts, waits %v (MaxDelay %v)", resp.StatusCode, s.n.Load(), waits, fastRetry.MaxDelay)
	}
}

func TestDefaultJitter(t *testing.T) {
	j := newJitter()
	if j(0) != 0 || j(-time.Second) != 0 {
		t.Error("jitter of a non-positive ceiling is not zero")
	}
	seen := map[time.Duration]bool{}
	for range 1000 {
		d := j(10)
		if d < 0 || d > 10 {
			t.Fatalf("jitter(10) = %v", d)
		}
		seen[d] = true
	}
	if len(seen) < 8 {
		t.Errorf("jitter(10) took only %d values in 1000 draws", len(seen))
	}
	// Safe for concurrent use (run with -race).
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 100 {
				j(time.Second)
			}
		})
	}
	wg.Wait()
}

// deadAddr returns an address nothing listens on.
func deadAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}

// countingMiddleware counts the attempts that reach the transport.
func countingMiddleware(n *atomic.Int32) ClientOption {
	return WithMiddleware(func(next http.RoundTripper) http.RoundTripper {
		return roundTripFunc(func(r *http.Request) (*http.Response, error) {
			n.Add(1)
			return next.RoundTrip(r)
		})
	})
}

func TestRetryConnectionErrors(t *testing.T) {
	// A server that accepts and hangs up at once: the client sees EOF.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	var accepted atomic.Int32
	go func() {
		for {
			conn, err := l.Accept()
			if err != nil {
				return
			}
			accepted.Add(1)
			conn.Close()
		}
	}()
	for _, tt := range []struct {
		name string
		addr string
	}{{"refused", deadAddr(t)}, {"hang-up", l.Addr().String()}} {
		t.Run(tt.name, func(t *testing.T) {
			var n atomic.Int32
			// A transport of its own, so that no kept-alive connection
			// from another test is reused.
			c := retryCore(t, "http://"+tt.addr, fastRetry, countingMiddleware(&n), WithHTTPClient(&http.Client{Transport: &http.Transport{}}))
			r := idempotentPut("x")
			r.setQuery("sig", "SECRET")
			_, err := c.do(context.Background(), r)
			if err == nil || n.Load() != 4 {
				t.Errorf("idempotent: %d attempts, err %v; want 4 and an error", n.Load(), err)
			}
			if err != nil && strings.Contains(err.Error(), "SECRET") {
				t.Errorf("error shows the query: %v", err)
			}
			var ue *url.Error
			if !errors.As(err, &ue) || ue.URL != "http://"+tt.addr+"/jobs/j1" {
				t.Errorf("error %#v", err)
			}
			n.Store(0)
			if _, err := c.do(context.Background(), newClientRequest("POST", "/jobs")); err == nil || n.Load() != 1 {
				t.Errorf("not idempotent: %d attempts, err %v", n.Load(), err)
			}
		})
	}
}

func TestIsConnError(t *testing.T) {
	op := &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connection refused")}
	tests := []struct {
		err  error
		want bool
	}{
		{&url.Error{Op: "Get", URL: "u", Err: op}, true},
		{&url.Error{Op: "Get", URL: "u", Err: io.EOF}, true},
		{&url.Error{Op: "Get", URL: "u", Err: io.ErrUnexpectedEOF}, true},
		{&url.Error{Op: "Get", URL: "u", Err: context.Canceled}, false},
		{&url.Error{Op: "Get", URL: "u", Err: context.DeadlineExceeded}, false},
		{&url.Error{Op: "Get", URL: "u", Err: &net.OpError{Op: "dial", Err: &net.DNSError{Err: "no such host", Name: "x", IsNotFound: true}}}, false},
		{&url.Error{Op: "Get", URL: "u", Err: &net.OpError{Op: "dial", Err: &net.DNSError{Err: "timeout", Name: "x", IsTimeout: true}}}, true},
		{&url.Error{Op: "Get", URL: "u", Err: &tls.CertificateVerificationError{Err: x509.UnknownAuthorityError{}}}, false},
		{&url.Error{Op: "Get", URL: "u", Err: errors.New("stopped after 10 redirects")}, false},
		{&url.Error{Op: "Put", URL: "u", Err: errors.New("http: server closed idle connection")}, true},
		{errors.New("something else"), false},
	}
	for _, tt := range tests {
		if got := isConnError(tt.err); got != tt.want {
			t.Errorf("isConnError(%v) = %v, want %v", tt.err, got, tt.want)
		}
	}
}

// A context that ends is never retried, and ends a wait at once.
func TestRetryContext(t *testing.T) {
	// Ended during an attempt (once the server has it, whatever the
	// machine's speed): one attempt only.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	s := newAttemptServer(t, func(n int, w http.ResponseWriter, r *http.Request) {
		cancel()
		<-r.Context().Done()
	})
	c := retryCore(t, s.URL, fastRetry)
	if _, err := c.do(ctx, idempotentPut("x")); !errors.Is(err, context.Canceled) {
		t.Errorf("ended during an attempt: %v", err)
	}
	if s.n.Load() != 1 {
		t.Errorf("ended during an attempt: %d attempts", s.n.Load())
	}

	// Cancellation during a backoff of an hour: do returns (the test
	// would otherwise wait the hour and time out).
	s2 := newAttemptServer(t, func(n int, w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "3600")
		w.WriteHeader(503)
	})
	c2 := retryCore(t, s2.URL, RetryPolicy{MaxAttempts: 3, BaseDelay: time.Millisecond, MaxDelay: time.Hour})
	ctx2, cancel2 := context.WithCancel(context.Background())
	c2.sleep = func(ctx context.Context, d time.Duration) error {
		if d < time.Minute {
			t.Errorf("backoff of %v, want Retry-After's hour", d)
		}
		cancel2() // the client is waiting now
		return sleepCtx(ctx, d)
	}
	_, err := c2.do(ctx2, idempotentPut("x"))
	if !errors.Is(err, context.Canceled) || s2.n.Load() != 1 {
		t.Errorf("cancel during wait: %v, %d attempts", err, s2.n.Load())
	}

	// Already cancelled: nothing is sent.
	ctx3, cancel3 := context.WithCancel(context.Background())
	cancel3()
	if _, err := c2.do(ctx3, idempotentPut("x")); !errors.Is(err, context.Canceled) || s2.n.Load() != 1 {
		t.Errorf("cancelled: %v, %d attempts", err, s2.n.Load())
	}
	if err := sleepCtx(context.Background(), 0); err != nil {
		t.Error(err)
	}
	if err := sleepCtx(ctx3, 0); !errors.Is(err, context.Canceled) {
		t.Error(err)
	}
}

// trackedBody records how much of a response body was read and whether it
// was closed.
type trackedBody struct {
	r      io.Reader
	read   atomic.Int64
	closed atomic.Bool
}

func (b *trackedBody) Read(p []byte) (int, error) {
	n, err := b.r.Read(p)
	b.read.Add(int64(n))
	return n, err
}

func (b *trackedBody) Close() error { b.closed.Store(true); return nil }

// Responses that are retried are drained (at most maxDrain bytes) and
// closed; the last one is handed to the caller open.
func TestRetryDrainsAndClosesBodies(t *testing.T) {
	var bodies []*trackedBody
	var mu sync.Mutex
	rt := roundTripFunc(func(r *http.Request) (*http.Response, error) {
		mu.Lock()
		defer mu.Unlock()
		status, size := 503, 10
		if len(bodies) == 1 {
			size = 10 * maxDrain // a huge error page
		}
		if len(bodies) == 2 {
			status = 200
		}
		b := &trackedBody{r: strings.NewReader(strings.Repeat("x", size))}
		bodies = append(bodies, b)
		return &http.Response{StatusCode: status, Header: http.Header{}, Body: b, Request: r}, nil
	})
	c := retryCore(t, "https://h", fastRetry, WithHTTPClient(&http.Client{Transport: rt}))
	resp, err := c.do(context.Background(), idempotentPut("x"))
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 200 || len(bodies) != 3 {
		t.Fatalf("%d after %d attempts", resp.StatusCode, len(bodies))
	}
	if !bodies[0].closed.Load() || bodies[0].read.Load() != 10 {
		t.Errorf("first body: closed %v, read %d", bodies[0].closed.Load(), bodies[0].read.Load())
	}
	if !bodies[1].closed.Load() || bodies[1].read.Load() != maxDrain {
		t.Errorf("huge body: closed %v, read %d, want %d", bodies[1].closed.Load(), bodies[1].read.Load(), maxDrain)
	}
	if bodies[2].closed.Load() || bodies[2].read.Load() != 0 {
		t.Error("the returned body was touched")
	}
}
