package support

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// The test account's key: printable, so that a leak is easy to spot.
var (
	testKeyRaw = []byte("decoded-SECRET-key-material")
	testKeyB64 = base64.StdEncoding.EncodeToString(testKeyRaw)
)

const testDate = "Fri, 17 Feb 2017 00:00:00 GMT"

var testNow = time.Date(2017, 2, 17, 0, 0, 0, 0, time.UTC)

// expectedAuth signs stringToSign independently of the code under test.
func expectedAuth(account string, key []byte, stringToSign string) string {
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(stringToSign))
	return "SharedKey " + account + ":" + base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

func sharedKeyCore(t *testing.T, endpoint string, opts ...ClientOption) *clientCore {
	t.Helper()
	c, err := newClientCore(endpoint, "request-id", append([]ClientOption{WithSharedKey("myaccount", testKeyB64)}, opts...))
	if err != nil {
		t.Fatal(err)
	}
	c.now = func() time.Time { return testNow }
	return c
}

func TestSharedKeySignature(t *testing.T) {
	tests := []struct {
		name         string
		base         string // endpoint path
		build        func() *clientRequest
		stringToSign string
		ocpDate      string // the ocp-date the server must receive
	}{
		{
			name: "POST with body and content type",
			build: func() *clientRequest {
				r := newClientRequest("POST", "/certificates")
				r.setQuery("api-version", "2020-09-01.12.0")
				r.setQuery("timeout", "30")
				r.setHeader("client-request-id", "9a2b1c1e-0000-4000-8000-000000000001")
				r.setHeader("return-client-request-id", "true")
				r.setHeader("Ocp-Custom", "  spaced value  ")
				if err := r.setBytes(strings.NewReader(`{"thumbprint":"abc"}`), "application/json; odata=minimalmetadata"); err != nil {
					panic(err)
				}
				return r
			},
			stringToSign: "POST\n" +
				"\n" + // Content-Encoding
				"\n" + // Content-Language
				"20\n" + // Content-Length
				"\n" + // Content-MD5
				"application/json; odata=minimalmetadata\n" +
				"\n" + // Date
				"\n" + // If-Modified-Since
				"\n" + // If-Match
				"\n" + // If-None-Match
				"\n" + // If-Unmodified-Since
				"\n" + // Range
				"ocp-custom:spaced value\n" +
				"ocp-date:" + testDate + "\n" +
				"/myaccount/certificates\n" +
				"api-version:2020-09-01.12.0\n" +
				"timeout:30",
			ocpDate: testDate,
		},
		{
			name: "GET with repeated and mixed-case query parameters and conditional headers",
			build: func() *clientRequest {
				r := newClientRequest("GET", "/pools")
				r.setQuery("api-version", "1")
				r.setQuery("$filter", "state eq 'active'")
				r.addQuery("ids", "b,2")
				r.addQuery("ids", "a")
				r.setQuery("Timeout", "30")
				r.setQuery("empty", "")
				r.setHeader("If-Match", `"0x8D"`)
				r.setHeader("if-none-match", "*")
				r.setHeader("If-Modified-Since", "Thu, 16 Feb 2017 00:00:00 GMT")
				r.setHeader("Range", "bytes=0-9")
				r.setHeader("ocp-date", "Mon, 02 Jan 2006 15:04:05 GMT") // the caller's own date is kept
				return r
			},
			stringToSign: "GET\n\n\n\n\n\n\n" +
				"Thu, 16 Feb 2017 00:00:00 GMT\n" +
				"\"0x8D\"\n" +
				"*\n" +
				"\n" +
				"bytes=0-9\n" +
				"ocp-date:Mon, 02 Jan 2006 15:04:05 GMT\n" +
				"/myaccount/pools\n" +
				"$filter:state eq 'active'\n" +
				"api-version:1\n" +
				"empty:\n" +
				"ids:a,b,2\n" +
				"timeout:30",
			ocpDate: "Mon, 02 Jan 2006 15:04:05 GMT",
		},
		{
			name: "OData key path with escaped values under a base path, POST without body",
			base: "/base",
			build: func() *clientRequest {
				r := newClientRequest("POST", "/certificates(thumbprintAlgorithm="+escapePathValue("sha1")+",thumbprint="+escapePathValue("ab,c)d e")+")/canceldelete")
				r.setQuery("api-version", "2020-09-01.12.0")
				return r
			},
			stringToSign: "POST\n\n\n\n\n\n\n\n\n\n\n\n" +
				"ocp-date:" + testDate + "\n" +
				"/myaccount/base/certificates(thumbprintAlgorithm=sha1,thumbprint=ab%2Cc%29d%20e)/canceldelete\n" +
				"api-version:2020-09-01.12.0",
			ocpDate: testDate,
		},
		{
			name: "no query, root path",
			build: func() *clientRequest {
				return newClientRequest("DELETE", "")
			},
			stringToSign: "DELETE\n\n\n\n\n\n\n\n\n\n\n\n" +
				"ocp-date:" + testDate + "\n" +
				"/myaccount/",
			ocpDate: testDate,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, ch := recordingServer(t, 200, nil, "")
			c := sharedKeyCore(t, srv.URL+tt.base)
			resp, err := c.do(context.Background(), tt.build())
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			got := <-ch
			if want := expectedAuth("myaccount", testKeyRaw, tt.stringToSign); got.header.Get("Authorization") != want {
				t.Errorf("Authorization = %q, want %q (StringToSign %q)", got.header.Get("Authorization"), want, tt.stringToSign)
			}
			if vs := got.header.Values("ocp-date"); len(vs) != 1 || vs[0] != tt.ocpDate {
				t.Errorf("ocp-date = %q, want %q", vs, tt.ocpDate)
			}
			if d := got.header.Get("Date"); d != "" {
				t.Errorf("Date = %q, want none", d)
			}
		})
	}
}

// Each attempt of a retried request carries a fresh ocp-date and a
// signature over it.
func TestSharedKeySignsEveryAttempt(t *testing.T) {
	var mu sync.Mutex
	var dates, auths []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		dates = append(dates, r.Header.Get("ocp-date"))
		auths = append(auths, r.Header.Get("Authorization"))
		if len(dates) < 3 {
			w.WriteHeader(503)
		}
	}))
	defer srv.Close()
	c := sharedKeyCore(t, srv.URL, WithRetry(RetryPolicy{MaxAttempts: 3, BaseDelay: time.Millisecond}))
	var tick atomic.Int64
	c.now = func() time.Time { return testNow.Add(time.Duration(tick.Add(1)) * time.Second) }
	r := newClientRequest("GET", "/jobs")
	r.idempotent = true
	resp, err := c.do(context.Background(), r)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	wantDates := []string{"Fri, 17 Feb 2017 00:00:01 GMT", "Fri, 17 Feb 2017 00:00:02 GMT", "Fri, 17 Feb 2017 00:00:03 GMT"}
	if strings.Join(dates, "|") != strings.Join(wantDates, "|") {
		t.Fatalf("ocp-dates = %q, want %q", dates, wantDates)
	}
	for i, d := range wantDates {
		if want := expectedAuth("myaccount", testKeyRaw, "GET\n\n\n\n\n\n\n\n\n\n\n\nocp-date:"+d+"\n/myaccount/jobs"); auths[i] != want {
			t.Errorf("attempt %d: Authorization = %q, want %q", i+1, auths[i], want)
		}
	}
}

func TestSharedKeyConfigErrors(t *testing.T) {
	tok := func(context.Context) (string, time.Time, error) { return "t", time.Time{}, nil }
	tests := []struct {
		name    string
		opts    []ClientOption
		errPart string
		secret  string
	}{
		{"not base64", []ClientOption{WithSharedKey("acct", "not*base64*SECRETKEY")}, `invalid shared key for account "acct"`, "SECRETKEY"},
		{"truncated base64", []ClientOption{WithSharedKey("acct", testKeyB64[:len(testKeyB64)-3])}, "want the base64 account key", testKeyB64[:len(testKeyB64)-3]},
		{"raw key instead of base64", []ClientOption{WithSharedKey("acct", string(testKeyRaw))}, "invalid shared key", string(testKeyRaw)},
		{"empty key", []ClientOption{WithSharedKey("acct", "")}, "invalid shared key", "\x00"},
		{"empty account", []ClientOption{WithSharedKey("", testKeyB64)}, "account name is empty", testKeyB64},
		{"both credentials", []ClientOption{WithSharedKey("acct", testKeyB64), WithTokenSource(tok)}, "cannot be used together", testKeyB64},
	}
	for _, tt := range tests {
		c, err := newClientCore("https://acct.batch.azure.com", "", tt.opts)
		if err == nil {
			t.Errorf("%s: no error (%p)", tt.name, c)
			continue
		}
		if !strings.Contains(err.Error(), tt.errPart) || strings.Contains(err.Error(), tt.secret) {
			t.Errorf("%s: error %q, want it to contain %q and not the key", tt.name, err, tt.errPart)
		}
	}
	// The last WithSharedKey wins, and a good key is accepted.
	c, err := newClientCore("https://acct.batch.azure.com", "", []ClientOption{WithSharedKey("x", "!!"), WithSharedKey("acct", testKeyB64)})
	if err != nil || c.authorize == nil {
		t.Errorf("good key: %v", err)
	}
	// Without credentials nothing is added.
	c, err = newClientCore("https://acct.batch.azure.com", "", nil)
	if err != nil || c.authorize != nil {
		t.Errorf("no credentials: authorize set (%v)", err)
	}
}

// tokenCore returns a core whose token source counts its calls and hands
// out tok-1, tok-2, … valid for ttl (zero: no expiry given).
func tokenCore(t *testing.T, endpoint string, ttl time.Duration, clock *atomic.Int64) (*clientCore, *atomic.Int32) {
	t.Helper()
	var calls atomic.Int32
	now := func() time.Time { return testNow.Add(time.Duration(clock.Load())) }
	src := func(ctx context.Context) (string, time.Time, error) {
		n := calls.Add(1)
		var exp time.Time
		if ttl != 0 {
			exp = now().Add(ttl)
		}
		return "tok-" + string(rune('0'+n)), exp, nil
	}
	c, err := newClientCore(endpoint, "", []ClientOption{WithTokenSource(src)})
	if err != nil {
		t.Fatal(err)
	}
	c.now = now
	return c, &calls
}

// bearerOf sends one GET and returns the Authorization header received.
func bearerOf(t *testing.T, c *clientCore, srv *httptest.Server, ch chan received) string {
	t.Helper()
	resp, err := c.do(context.Background(), newClientRequest("GET", "/x"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return (<-ch).header.Get("Authorization")
}

func TestTokenCachingAndRefresh(t *testing.T) {
	srv, ch := recordingServer(t, 200, nil, "")
	var clock atomic.Int64
	c, calls := tokenCore(t, srv.URL, 10*time.Minute, &clock)

	for i := range 3 {
		if got := bearerOf(t, c, srv, ch); got != "Bearer tok-1" {
			t.Errorf("call %d: Authorization = %q", i, got)
		}
	}
	if n := calls.Load(); n != 1 {
		t.Errorf("source called %d times for a cached token", n)
	}
	// 7m59s in, the token still has more than the 2-minute margin.
	clock.Store(int64(7*time.Minute + 59*time.Second))
	if got := bearerOf(t, c, srv, ch); got != "Bearer tok-1" || calls.Load() != 1 {
		t.Errorf("before the margin: %q, %d calls", got, calls.Load())
	}
	// 8m01s in, within the margin but before expiry: refreshed early.
	clock.Store(int64(8*time.Minute + time.Second))
	if got := bearerOf(t, c, srv, ch); got != "Bearer tok-2" || calls.Load() != 2 {
		t.Errorf("within the margin: %q, %d calls", got, calls.Load())
	}
	if got := bearerOf(t, c, srv, ch); got != "Bearer tok-2" || calls.Load() != 2 {
		t.Errorf("after refresh: %q, %d calls", got, calls.Load())
	}
	// Long past expiry.
	clock.Store(int64(time.Hour))
	if got := bearerOf(t, c, srv, ch); got != "Bearer tok-3" || calls.Load() != 3 {
		t.Errorf("expired: %q, %d calls", got, calls.Load())
	}
}

func TestTokenWithoutExpiryIsNotCached(t *testing.T) {
	srv, ch := recordingServer(t, 200, nil, "")
	var clock atomic.Int64
	c, calls := tokenCore(t, srv.URL, 0, &clock)
	for i := 1; i <= 3; i++ {
		if got, want := bearerOf(t, c, srv, ch), "Bearer tok-"+string(rune('0'+i)); got != want {
			t.Errorf("call %d: %q, want %q", i, got, want)
		}
	}
	if calls.Load() != 3 {
		t.Errorf("source called %d times, want 3", calls.Load())
	}
	// A token that arrives already inside the margin is still used once.
	c2, calls2 := tokenCore(t, srv.URL, time.Minute, &clock)
	if got := bearerOf(t, c2, srv, ch); got != "Bearer tok-1" || calls2.Load() != 1 {
		t.Errorf("short-lived token: %q", got)
	}
	if got := bearerOf(t, c2, srv, ch); got != "Bearer tok-2" || calls2.Load() != 2 {
		t.Errorf("short-lived token is cached: %q", got)
	}
}

func TestTokenConcurrentRefreshIsShared(t *testing.T) {
	var served atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer shared" {
			w.WriteHeader(401)
		}
		served.Add(1)
	}))
	defer srv.Close()
	var calls atomic.Int32
	release := make(chan struct{})
	src := func(ctx context.Context) (string, time.Time, error) {
		calls.Add(1)
		<-release // hold every other caller behind this refresh
		return "shared", time.Now().Add(time.Hour), nil
	}
	c, err := newClientCore(srv.URL, "", []ClientOption{WithTokenSource(src)})
	if err != nil {
		t.Fatal(err)
	}
	const n = 20
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for range n {
		wg.Go(func() {
			resp, err := c.do(context.Background(), newClientRequest("GET", "/x"))
			if err != nil {
				errs <- err
				return
			}
			resp.Body.Close()
			if resp.StatusCode != 200 {
				errs <- errors.New(resp.Status)
			}
		})
	}
	// Give the callers time to pile up behind the leader. The verdict does
	// not depend on it: a caller that comes after the refresh finds the
	// token cached, and the source is still called once.
	time.Sleep(20 * time.Millisecond)
	close(release)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if calls.Load() != 1 || served.Load() != n {
		t.Errorf("source called %d times, %d requests served; want 1 and %d", calls.Load(), served.Load(), n)
	}
}

func TestTokenCacheWaitersAndFailures(t *testing.T) {
	started := make(chan struct{})
	release := make(chan struct{})
	var calls atomic.Int32
	tc := &tokenCache{now: time.Now, source: func(ctx context.Context) (string, time.Time, error) {
		if calls.Add(1) == 1 {
			close(started)
			<-release
			return "", time.Time{}, errors.New("identity service down")
		}
		return "second", time.Now().Add(time.Hour), nil
	}}
	leaderErr := make(chan error, 1)
	go func() {
		_, err := tc.token(context.Background())
		leaderErr <- err
	}()
	<-started

	// A waiter whose context ends stops waiting at once.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()
	if _, err := tc.token(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("waiter with expired context: %v", err)
	}

	// A waiter behind a failing leader refreshes itself.
	waiter := make(chan string, 1)
	go func() {
		tok, err := tc.token(context.Background())
		if err != nil {
			tok = err.Error()
		}
		waiter <- tok
	}()
	// Likely (not needed: a waiter that comes after the failure leads the
	// next refresh itself, with the same outcome) waiting by now.
	time.Sleep(5 * time.Millisecond)
	close(release)
	if err := <-leaderErr; err == nil || err.Error() != "getting an access token: identity service down" {
		t.Errorf("leader error = %v", err)
	}
	if tok := <-waiter; tok != "second" {
		t.Errorf("waiter got %q", tok)
	}
	if calls.Load() != 2 {
		t.Errorf("source called %d times", calls.Load())
	}
}

func TestTokenSourceErrors(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { hits.Add(1) }))
	defer srv.Close()
	var calls atomic.Int32
	sentinel := errors.New("identity service unavailable")
	src := func(context.Context) (string, time.Time, error) {
		switch calls.Add(1) {
		case 1:
			return "SECRET-TOKEN-1", time.Now().Add(time.Second), nil // inside the margin: not reused
		case 2:
			return "", time.Time{}, sentinel
		default:
			return "", time.Now().Add(time.Hour), nil
		}
	}
	c, err := newClientCore(srv.URL, "", []ClientOption{WithTokenSource(src)})
	if err != nil {
		t.Fatal(err)
	}
	resp, err := c.do(context.Background(), newClientRequest("GET", "/x"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()

	r := newClientRequest("GET", "/x")
	r.idempotent = true // token errors are not retried either
	_, err = c.do(context.Background(), r)
	if !errors.Is(err, sentinel) || strings.Contains(err.Error(), "SECRET-TOKEN") || !strings.HasPrefix(err.Error(), "getting an access token: ") {
		t.Errorf("source error: %v", err)
	}
	_, err = c.do(context.Background(), newClientRequest("GET", "/x"))
	if err == nil || !strings.Contains(err.Error(), "empty token") {
		t.Errorf("empty token: %v", err)
	}
	if hits.Load() != 1 || calls.Load() != 3 {
		t.Errorf("server hit %d times, source called %d times; want 1 and 3", hits.Load(), calls.Load())
	}
}

// A 401 drops the refused token and sends once more with a fresh one, for
// any method (the body replayed); a second 401 is the caller's.
func TestTokenRefusedIsReplaced(t *testing.T) {
	var refuse atomic.Value // the token the server refuses
	refuse.Store("Bearer tok-1")
	var seen []string
	var bodies []string
	var mu sync.Mutex
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		seen = append(seen, r.Header.Get("Authorization"))
		bodies = append(bodies, string(b))
		mu.Unlock()
		if r.Header.Get("Authorization") == refuse.Load().(string) || refuse.Load().(string) == "all" {
			w.WriteHeader(401)
			return
		}
		w.WriteHeader(200)
	}))
	t.Cleanup(srv.Close)
	var clock atomic.Int64
	c, calls := tokenCore(t, srv.URL, time.Hour, &clock)

	req := newClientRequest("POST", "/x") // not idempotent: still safe after a 401
	req.setBytes(strings.NewReader("payload"), "text/plain")
	resp, err := c.do(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || calls.Load() != 2 || strings.Join(seen, ",") != "Bearer tok-1,Bearer tok-2" || bodies[1] != "payload" {
		t.Fatalf("status %d, %d source calls, sent %v with bodies %q", resp.StatusCode, calls.Load(), seen, bodies)
	}
	// The fresh token is cached: the next call uses it without a refusal.
	seen = nil
	if got := bearerOfServer(t, c); got != 200 || strings.Join(seen, ",") != "Bearer tok-2" {
		t.Errorf("next call: %d, sent %v", got, seen)
	}
	// A service that refuses every token: two attempts, then the 401.
	refuse.Store("all")
	seen = nil
	if got := bearerOfServer(t, c); got != 401 || len(seen) != 2 {
		t.Errorf("refusing service: status %d after %d attempts (%v)", got, len(seen), seen)
	}
}

func bearerOfServer(t *testing.T, c *clientCore) int {
	t.Helper()
	resp, err := c.do(context.Background(), newClientRequest("GET", "/x"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// Shared Key has no token to replace: a 401 is returned as it is.
func TestSharedKey401NotRetried(t *testing.T) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		w.WriteHeader(401)
	}))
	t.Cleanup(srv.Close)
	c, err := newClientCore(srv.URL, "", []ClientOption{WithSharedKey("acct", "a2V5")})
	if err != nil {
		t.Fatal(err)
	}
	if got := bearerOfServer(t, c); got != 401 || n.Load() != 1 {
		t.Errorf("status %d after %d requests", got, n.Load())
	}
}
