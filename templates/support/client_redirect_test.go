package support

import (
	"context"
	"errors"
	"io"
	"maps"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// redirectNet is a little internet on loopback: every host name resolves
// to one of two servers running the same handler, a TLS one (whose
// certificate names example.com and *.example.com) for port 443 and a
// plain one for any other port. The handler answers /redirect?code=C&to=U
// with status C and Location U, /loop with a redirect to itself,
// /unauthorized with 401, anything else with 200, and records every
// request it receives.
type redirectNet struct {
	hc *http.Client // trusts the TLS server; never follows redirects itself

	mu   sync.Mutex
	hops []hop
}

// hop is one request as a server received it.
type hop struct {
	url    string // scheme://host/path?query as requested
	method string
	header http.Header
	body   string
}

func newRedirectNet(t *testing.T) *redirectNet {
	t.Helper()
	n := &redirectNet{}
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		scheme := "http"
		if r.TLS != nil {
			scheme = "https"
		}
		n.mu.Lock()
		n.hops = append(n.hops, hop{scheme + "://" + r.Host + r.URL.RequestURI(), r.Method, r.Header.Clone(), string(b)})
		n.mu.Unlock()
		if r.URL.Path == "/redirect" {
			code, _ := strconv.Atoi(r.URL.Query().Get("code"))
			w.Header().Set("Location", r.URL.Query().Get("to"))
			w.WriteHeader(code)
			return
		}
		if r.URL.Path == "/loop" {
			w.Header().Set("Location", "/loop")
			w.WriteHeader(http.StatusFound)
			return
		}
		if r.URL.Path == "/unauthorized" {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		io.WriteString(w, "{}")
	})
	tlsSrv := httptest.NewTLSServer(h)
	plain := httptest.NewServer(h)
	t.Cleanup(tlsSrv.Close)
	t.Cleanup(plain.Close)
	tr := tlsSrv.Client().Transport.(*http.Transport).Clone()
	tr.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
		to := plain.Listener.Addr().String()
		if strings.HasSuffix(addr, ":443") {
			to = tlsSrv.Listener.Addr().String()
		}
		var d net.Dialer
		return d.DialContext(ctx, network, to)
	}
	n.hc = &http.Client{Transport: tr}
	return n
}

// redirectTo is a request whose response redirects to location with code.
func redirectTo(method string, code int, location string) *clientRequest {
	r := newClientRequest(method, "/redirect")
	r.setQuery("code", strconv.Itoa(code))
	r.setQuery("to", location)
	return r
}

// via is a URL on origin that redirects to location with code.
func via(origin string, code int, location string) string {
	return origin + "/redirect?" + url.Values{"code": {strconv.Itoa(code)}, "to": {location}}.Encode()
}

// taken returns the hops received so far and forgets them.
func (n *redirectNet) taken() []hop {
	n.mu.Lock()
	defer n.mu.Unlock()
	h := n.hops
	n.hops = nil
	return h
}

// credentials is a way of signing, with the Authorization value a hop
// must carry.
type credentials struct {
	name string
	opt  ClientOption
	// want returns the Authorization h must carry to be valid.
	want func(h hop) string
}

const testToken = "SECRET-bearer-token"

var redirectCredentials = []credentials{
	{
		name: "shared key",
		opt:  WithSharedKey("myaccount", testKeyB64),
		want: func(h hop) string {
			u, _ := url.Parse(h.url)
			var b strings.Builder
			b.WriteString(h.method + "\n\n\n")
			if h.body != "" {
				b.WriteString(strconv.Itoa(len(h.body)))
			}
			b.WriteString("\n\n" + h.header.Get("Content-Type") + "\n\n\n\n\n\n\n")
			b.WriteString("ocp-date:" + testDate + "\n")
			if v := h.header.Get("ocp-hook"); v != "" {
				b.WriteString("ocp-hook:" + v + "\n")
			}
			b.WriteString("/myaccount" + u.EscapedPath())
			q := u.Query() // one value each, lower-case names in these tests
			for _, k := range slices.Sorted(maps.Keys(q)) {
				b.WriteString("\n" + k + ":" + q.Get(k))
			}
			return expectedAuth("myaccount", testKeyRaw, b.String())
		},
	},
	{
		name: "token",
		opt: WithTokenSource(func(context.Context) (string, time.Time, error) {
			return testToken, testNow.Add(time.Hour), nil
		}),
		want: func(hop) string { return "Bearer " + testToken },
	},
}

func redirectCore(t *testing.T, endpoint string, cr credentials, opts ...ClientOption) *clientCore {
	t.Helper()
	c, err := newClientCore(endpoint, "", append([]ClientOption{cr.opt}, opts...))
	if err != nil {
		t.Fatal(err)
	}
	c.now = func() time.Time { return testNow }
	return c
}

// A redirect takes credentials along only while every hop stays on the
// endpoint's origin (scheme, host and port), and a hop that stays is
// signed afresh. Go's own policy would have sent Authorization to another
// port, to a subdomain and from https to http.
func TestRedirectCredentials(t *testing.T) {
	const body = `{"secret":"no, just a body"}`
	tests := []struct {
		name     string
		endpoint string
		req      *clientRequest
		landing  string // the URL the last hop requests
		method   string // its method
		signed   bool   // whether it carries (valid) credentials
	}{
		{"same origin, 307 keeps method and body", "https://example.com",
			redirectTo("POST", 307, "https://example.com/landed"), "https://example.com/landed", "POST", true},
		{"same origin, default port spelled out, 303 to GET", "https://example.com",
			redirectTo("POST", 303, "https://example.com:443/landed?x=1"), "https://example.com:443/landed?x=1", "GET", true},
		{"same origin, relative location, 308", "http://example.com:8080",
			redirectTo("PUT", 308, "/landed"), "http://example.com:8080/landed", "PUT", true},
		{"another port on the same host", "http://example.com:8080",
			redirectTo("POST", 307, "http://example.com:8081/landed"), "http://example.com:8081/landed", "POST", false},
		{"another host", "http://example.com:8080",
			redirectTo("POST", 307, "http://other.example.net:8080/landed"), "http://other.example.net:8080/landed", "POST", false},
		{"a subdomain", "https://example.com",
			redirectTo("GET", 302, "https://sub.example.com/landed"), "https://sub.example.com/landed", "GET", false},
		{"https to http on the same host", "https://example.com",
			redirectTo("POST", 307, "http://example.com/landed"), "http://example.com/landed", "POST", false},
		{"http to https on the same host", "http://example.com",
			redirectTo("GET", 301, "https://example.com/landed"), "https://example.com/landed", "GET", false},
		{"away and back again", "https://example.com",
			redirectTo("POST", 307, via("http://other.example.net", 307, "https://example.com/landed")), "https://example.com/landed", "POST", false},
	}
	for _, cr := range redirectCredentials {
		for _, tt := range tests {
			t.Run(cr.name+"/"+tt.name, func(t *testing.T) {
				n := newRedirectNet(t)
				c := redirectCore(t, tt.endpoint, cr, WithHTTPClient(n.hc))
				if tt.req.method != "GET" {
					if err := tt.req.setBytes(strings.NewReader(body), "application/json"); err != nil {
						t.Fatal(err)
					}
				}
				resp, err := c.do(context.Background(), tt.req)
				if err != nil {
					t.Fatal(err)
				}
				resp.Body.Close()
				hops := n.taken()
				if resp.StatusCode != 200 || len(hops) < 2 {
					t.Fatalf("status %d after %d hops", resp.StatusCode, len(hops))
				}
				first, last := hops[0], hops[len(hops)-1]
				if got, want := first.header.Get("Authorization"), cr.want(first); got != want {
					t.Errorf("first hop: Authorization = %q, want %q", got, want)
				}
				if last.url != tt.landing || last.method != tt.method {
					t.Fatalf("landed with %s %s, want %s %s", last.method, last.url, tt.method, tt.landing)
				}
				if tt.method != "GET" && last.body != body {
					t.Errorf("landing body = %q, want %q", last.body, body)
				}
				got := last.header.Get("Authorization")
				switch want := cr.want(last); {
				case tt.signed && got != want:
					t.Errorf("landing: Authorization = %q, want %q", got, want)
				case !tt.signed && len(last.header.Values("Authorization")) > 0:
					t.Errorf("credentials left the origin: Authorization = %q", got)
				}
				for _, h := range hops[1 : len(hops)-1] {
					if h.header.Get("Authorization") != "" {
						t.Errorf("hop %s carried Authorization", h.url)
					}
				}
			})
		}
	}
}

// The caller's CheckRedirect still decides, sees no credentials on a hop
// that leaves the origin, and may add headers that the fresh signature
// then covers; the caller's client is not changed. Without one, Go's limit
// of 10 redirects applies.
func TestRedirectCallerPolicy(t *testing.T) {
	for _, cr := range redirectCredentials {
		t.Run(cr.name, func(t *testing.T) {
			n := newRedirectNet(t)
			var seen []string
			hook := func(req *http.Request, via []*http.Request) error {
				seen = append(seen, req.URL.String()+" "+strconv.Itoa(len(via))+" "+strconv.FormatBool(req.Header.Get("Authorization") != ""))
				req.Header.Set("ocp-hook", "yes")
				if strings.Contains(req.URL.Host, "other") {
					return http.ErrUseLastResponse
				}
				return nil
			}
			n.hc.CheckRedirect = hook
			callers := *n.hc
			c := redirectCore(t, "https://example.com", cr, WithHTTPClient(n.hc))
			if reflect.ValueOf(n.hc.CheckRedirect).Pointer() != reflect.ValueOf(hook).Pointer() || n.hc.Transport != callers.Transport || n.hc.Jar != nil {
				t.Error("the caller's client was changed")
			}

			// Same origin: the hook runs, then the hop is signed with
			// the hook's header.
			resp, err := c.do(context.Background(), redirectTo("GET", 302, "/landed"))
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			hops := n.taken()
			last := hops[len(hops)-1]
			if got, want := last.header.Get("Authorization"), cr.want(last); got != want || last.header.Get("ocp-hook") != "yes" {
				t.Errorf("landing: Authorization = %q, want %q (ocp-hook %q)", got, want, last.header.Get("ocp-hook"))
			}

			// Leaving: the hook sees the hop without credentials and
			// stops it; the client returns the redirect.
			resp, err = c.do(context.Background(), redirectTo("GET", 302, "https://other.example.com/landed"))
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != 302 || len(n.taken()) != 1 {
				t.Errorf("status %d: the hook's ErrUseLastResponse was not honoured", resp.StatusCode)
			}
			want := []string{"https://example.com/landed 1 true", "https://other.example.com/landed 1 false"}
			if strings.Join(seen, "|") != strings.Join(want, "|") {
				t.Errorf("the hook saw %q, want %q", seen, want)
			}

			// A hook's error fails the call.
			n.hc.CheckRedirect = func(*http.Request, []*http.Request) error { return errors.New("no redirects, please") }
			c = redirectCore(t, "https://example.com", cr, WithHTTPClient(n.hc))
			if _, err := c.do(context.Background(), redirectTo("GET", 302, "/landed")); err == nil || !strings.Contains(err.Error(), "no redirects, please") {
				t.Errorf("err = %v, want the hook's", err)
			}
			n.taken()

			// No hook: Go's default, at most 10 redirects, each signed.
			n.hc.CheckRedirect = nil
			c = redirectCore(t, "https://example.com", cr, WithHTTPClient(n.hc))
			_, err = c.do(context.Background(), newClientRequest("GET", "/loop"))
			if err == nil || !strings.Contains(err.Error(), "stopped after 10 redirects") {
				t.Errorf("err = %v, want Go's limit", err)
			}
			for _, h := range n.taken() {
				if got, want := h.header.Get("Authorization"), cr.want(h); got != want {
					t.Errorf("%s: Authorization = %q, want %q", h.url, got, want)
				}
			}
		})
	}
}

// A 401 from a hop that went without the token does not make the client
// drop its token and send the call again: the token was never refused.
func TestRedirect401ElsewhereKeepsToken(t *testing.T) {
	n := newRedirectNet(t)
	var calls int
	src := func(context.Context) (string, time.Time, error) {
		calls++
		return testToken, testNow.Add(time.Hour), nil
	}
	c := redirectCore(t, "https://example.com", credentials{opt: WithTokenSource(src)}, WithHTTPClient(n.hc))
	resp, err := c.do(context.Background(), redirectTo("GET", 302, "https://other.example.com/unauthorized"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if hops := n.taken(); resp.StatusCode != 401 || len(hops) != 2 || calls != 1 {
		t.Errorf("status %d after %d hops and %d token calls; want 401, 2, 1", resp.StatusCode, len(hops), calls)
	}
}

func TestSameOrigin(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"https://example.com", "https://example.com/x?y", true},
		{"https://example.com", "https://EXAMPLE.com:443/", true},
		{"HTTP://example.com:80", "http://example.com", true},
		{"https://example.com", "http://example.com", false},
		{"https://example.com", "https://example.com:80", false},
		{"http://example.com", "http://example.com:8080", false},
		{"https://example.com", "https://sub.example.com", false},
		{"https://example.com", "https://example.com.", false},
		{"https://[::1]:443", "https://[::1]", true},
		{"https://[::1]", "https://127.0.0.1", false},
	}
	for _, tt := range tests {
		a, _ := url.Parse(tt.a)
		b, _ := url.Parse(tt.b)
		if got := sameOrigin(a, b); got != tt.want || sameOrigin(b, a) != tt.want {
			t.Errorf("sameOrigin(%s, %s) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}
