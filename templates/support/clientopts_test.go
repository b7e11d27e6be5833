package support

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestClientRequestIDGenerated(t *testing.T) {
	s := newAttemptServer(t, failFirst(2, 503))
	var raw []string // the header key as the client spelled it, per attempt
	var mu sync.Mutex
	spy := WithMiddleware(func(next http.RoundTripper) http.RoundTripper {
		return roundTripFunc(func(r *http.Request) (*http.Response, error) {
			mu.Lock()
			raw = append(raw, strings.Join(r.Header["client-request-id"], ","))
			mu.Unlock()
			return next.RoundTrip(r)
		})
	})
	c := retryCore(t, s.URL, fastRetry, spy)
	call := func(set string) {
		t.Helper()
		r := idempotentPut("x")
		r.clientRequestID = "client-request-id"
		if set != "" {
			r.setHeader("Client-Request-Id", set)
		}
		resp, err := c.do(context.Background(), r)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if len(r.header) != 1 && set != "" || len(r.header) != 0 && set == "" {
			t.Errorf("do changed the request's headers: %v", r.header)
		}
	}

	call("")
	if len(s.headers) != 3 {
		t.Fatalf("%d attempts", len(s.headers))
	}
	id := s.headers[0].Values("client-request-id")
	if len(id) != 1 {
		t.Fatalf("client-request-id = %q", id)
	}
	u, err := ParseUUID(id[0])
	if err != nil || u.String() != id[0] || u[6]>>4 != 4 {
		t.Errorf("client-request-id %q is not a canonical v4 UUID (%v)", id[0], err)
	}
	for i, h := range s.headers {
		if vs := h.Values("client-request-id"); len(vs) != 1 || vs[0] != id[0] {
			t.Errorf("attempt %d: client-request-id %q, want %q on every attempt", i+1, vs, id[0])
		}
		if raw[i] != id[0] {
			t.Errorf("attempt %d: header key not spelled client-request-id: %q", i+1, raw[i])
		}
	}

	// The next call gets a new id.
	s.n.Store(2)
	call("")
	if next := s.headers[3].Get("client-request-id"); next == id[0] || next == "" {
		t.Errorf("second call reused or lacked the id: %q", next)
	}

	// A caller's id, whatever the case of its name, is kept and not doubled.
	s.n.Store(2)
	call("caller-id")
	if vs := s.headers[4].Values("client-request-id"); len(vs) != 1 || vs[0] != "caller-id" {
		t.Errorf("caller's id: %q", vs)
	}

	// No header when the operation has none.
	s.n.Store(2)
	resp, err := c.do(context.Background(), idempotentPut("x"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if v := s.headers[5].Values("client-request-id"); len(v) != 0 {
		t.Errorf("operation without the header got %q", v)
	}
}

func TestWithMiddleware(t *testing.T) {
	s := newAttemptServer(t, failFirst(1, 500))
	var mu sync.Mutex
	var log []string
	mw := func(name string) ClientOption {
		return WithMiddleware(func(next http.RoundTripper) http.RoundTripper {
			return roundTripFunc(func(r *http.Request) (*http.Response, error) {
				mu.Lock()
				log = append(log, name+" in "+r.Header.Get("Authorization")[:9])
				mu.Unlock()
				resp, err := next.RoundTrip(r)
				mu.Lock()
				log = append(log, fmt.Sprint(name, " out ", resp.StatusCode))
				mu.Unlock()
				return resp, err
			})
		})
	}
	// The caller's own transport is innermost.
	base := roundTripFunc(func(r *http.Request) (*http.Response, error) {
		mu.Lock()
		log = append(log, "base")
		mu.Unlock()
		return http.DefaultTransport.RoundTrip(r)
	})
	hc := &http.Client{Transport: base, Timeout: time.Hour} // copied, never reached
	c := sharedKeyCore(t, s.URL, WithHTTPClient(hc), mw("A"), WithMiddleware(nil), mw("B"), WithRetry(fastRetry))
	resp, err := c.do(context.Background(), idempotentPut("x"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	want := "A in SharedKey|B in SharedKey|base|B out 500|A out 500|A in SharedKey|B in SharedKey|base|B out 200|A out 200"
	if got := strings.Join(log, "|"); got != want {
		t.Errorf("log:\n%s\nwant:\n%s", got, want)
	}
	// The caller's client is untouched; the core uses a copy.
	if _, ok := hc.Transport.(roundTripFunc); !ok || c.cfg.httpClient != hc || c.hc == hc || c.hc.Timeout != time.Hour {
		t.Errorf("caller's client changed or not copied: %+v / %+v", hc, c.hc)
	}

	// Without a transport, the middleware wraps http.DefaultTransport, and
	// http.DefaultClient is left alone.
	var n atomic.Int32
	c2 := retryCore(t, s.URL, fastRetry, countingMiddleware(&n))
	resp, err = c2.do(context.Background(), newClientRequest("GET", "/x"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if n.Load() != 1 || http.DefaultClient.Transport != nil || c2.cfg.httpClient != http.DefaultClient {
		t.Errorf("n=%d, DefaultClient.Transport=%v", n.Load(), http.DefaultClient.Transport)
	}
	// Without middleware the copy keeps the caller's transport (it only
	// has its own redirect policy: client_redirect_test.go).
	c3 := retryCore(t, s.URL, fastRetry, WithHTTPClient(hc))
	if c3.hc == hc || reflect.ValueOf(c3.hc.Transport).Pointer() != reflect.ValueOf(hc.Transport).Pointer() || c3.hc.Timeout != hc.Timeout || hc.CheckRedirect != nil {
		t.Errorf("caller's client changed or its transport not used: %+v / %+v", hc, c3.hc)
	}
}

// Neither the Shared Key (as given or decoded) nor a bearer token ever
// appears in an error, or in a ResponseError field the server did not send.
func TestSecretsNeverInErrors(t *testing.T) {
	const token = "eyJSECRET.TOKEN.value"
	secrets := []string{testKeyB64, string(testKeyRaw), token}
	check := func(what string, err error) {
		t.Helper()
		if err == nil {
			t.Errorf("%s: no error", what)
			return
		}
		texts := []string{err.Error(), fmt.Sprintf("%+v", err), fmt.Sprintf("%#v", err)}
		var re *ResponseError
		if errors.As(err, &re) {
			texts = append(texts, re.Method, re.URL, re.RequestID)
		}
		for _, s := range secrets {
			for _, txt := range texts {
				if strings.Contains(txt, s) {
					t.Errorf("%s: error shows a secret: %s", what, txt)
				}
			}
		}
	}
	tokenSource := func(context.Context) (string, time.Time, error) { return token, time.Now().Add(time.Hour), nil }
	creds := map[string]ClientOption{"shared key": WithSharedKey("myaccount", testKeyB64), "token": WithTokenSource(tokenSource)}

	// A 401 whose body echoes the request's Authorization: only Body, which
	// the server sent, may hold it.
	echo := newAttemptServer(t, func(n int, w http.ResponseWriter, r *http.Request) {
		w.Header().Set("request-id", "rid")
		w.WriteHeader(401)
		fmt.Fprintf(w, `{"code":"AuthenticationFailed","message":{"value":"bad %s"}}`, r.Header.Get("Authorization"))
	})
	dead := "http://" + deadAddr(t)

	for name, cred := range creds {
		t.Run(name, func(t *testing.T) {
			_, err := newClientCore("ftp://bad", "", []ClientOption{cred})
			check("bad endpoint", err)

			c := retryCore(t, dead, fastRetry, cred)
			_, err = c.do(context.Background(), idempotentPut("x"))
			check("connection refused", err)

			c = retryCore(t, echo.URL, fastRetry, cred)
			resp, err := c.do(context.Background(), idempotentPut("x"))
			if err != nil {
				t.Fatal(err)
			}
			err = c.responseError(resp, nil) // no decoder: Err stays nil, Body holds what the server said
			resp.Body.Close()
			check("401", err)

			// A printed core shows no secret either (say in a test failure).
			for _, s := range secrets {
				if txt := fmt.Sprintf("%+v %#v", *c, c.cfg); strings.Contains(txt, s) {
					t.Errorf("printed core shows a secret: %s", txt)
				}
			}
		})
	}

	// A token source that fails after handing out a token.
	var calls atomic.Int32
	c := retryCore(t, echo.URL, fastRetry, WithTokenSource(func(context.Context) (string, time.Time, error) {
		if calls.Add(1) == 1 {
			return token, time.Now().Add(time.Second), nil // stale at once: inside the margin
		}
		return "", time.Time{}, errors.New("identity service unavailable")
	}))
	// The echo server's 401 makes the client drop the token and ask the
	// source again, which fails: that error must not show the token.
	_, err := c.do(context.Background(), newClientRequest("GET", "/x"))
	if err == nil || !strings.Contains(err.Error(), "identity service unavailable") {
		t.Fatalf("err = %v, want the source's failure", err)
	}
	check("token source error", err)
	_, err = c.do(context.Background(), newClientRequest("GET", "/x"))
	check("token source error again", err)

	// The shared key config errors.
	for _, key := range []string{testKeyB64 + "!", string(testKeyRaw)} {
		_, err := newClientCore("https://h", "", []ClientOption{WithSharedKey("myaccount", key)})
		secrets = append(secrets, key)
		check("bad key", err)
	}
}
