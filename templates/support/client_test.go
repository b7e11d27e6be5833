package support

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestNewClientCore(t *testing.T) {
	tests := []struct {
		endpoint string
		base     string // "" means an error is expected
		errPart  string
	}{
		{"https://account.region.batch.azure.com", "https://account.region.batch.azure.com", ""},
		{"https://account.region.batch.azure.com/", "https://account.region.batch.azure.com", ""},
		{"http://localhost:8080/base/", "http://localhost:8080/base", ""},
		{"http://localhost:8080/base", "http://localhost:8080/base", ""},
		{"HTTPS://example.com", "HTTPS://example.com", ""},
		{"http://[::1]:80", "http://[::1]:80", ""},
		{"/relative", "", "want an absolute http or https URL"},
		{"relative/path", "", "want an absolute http or https URL"},
		{"example.com", "", "want an absolute http or https URL"},
		{"//example.com", "", "want an absolute http or https URL"},
		{"", "", "want an absolute http or https URL"},
		{"ftp://example.com", "", "want an absolute http or https URL"},
		{"file:///etc/passwd", "", "want an absolute http or https URL"},
		{"ws://example.com", "", "want an absolute http or https URL"},
		{"http://", "", "want an absolute http or https URL"},
		{"http:///path", "", "want an absolute http or https URL"},
		{"https://example.com?api-version=1", "", "a query or fragment is not allowed"},
		{"https://example.com/?sig=secret", "", "a query or fragment is not allowed"},
		{"https://example.com/#frag", "", "a query or fragment is not allowed"},
		{"https://example.com/?", "", "a query or fragment is not allowed"},
		{"https://example.com/#", "", "a query or fragment is not allowed"},
		{"http://exa mple.com", "", "invalid endpoint"},
		{"http://%zz", "", "invalid endpoint"},
		{":foo", "", "invalid endpoint"},
	}
	for _, tt := range tests {
		c, err := newClientCore(tt.endpoint, "x-ms-request-id", nil)
		if tt.base == "" {
			if err == nil {
				t.Errorf("newClientCore(%q) = %+v, want error", tt.endpoint, c)
			} else if !strings.Contains(err.Error(), tt.errPart) || !strings.Contains(err.Error(), "invalid endpoint") {
				t.Errorf("newClientCore(%q) error %q, want it to contain %q", tt.endpoint, err, tt.errPart)
			}
			continue
		}
		if err != nil {
			t.Errorf("newClientCore(%q): %v", tt.endpoint, err)
			continue
		}
		if c.base != tt.base || c.requestIDHeader != "x-ms-request-id" || c.cfg.httpClient != http.DefaultClient || c.cfg.userAgent != "" {
			t.Errorf("newClientCore(%q) = %+v", tt.endpoint, c)
		}
	}
}

func TestClientOptions(t *testing.T) {
	hc := &http.Client{Timeout: time.Second}
	c, err := newClientCore("https://example.com", "", []ClientOption{WithHTTPClient(hc), WithUserAgent("oasgen-test/1.0")})
	if err != nil {
		t.Fatal(err)
	}
	if c.cfg.httpClient != hc || c.cfg.userAgent != "oasgen-test/1.0" {
		t.Errorf("cfg = %+v", c.cfg)
	}
	// WithHTTPClient(nil) falls back to the default.
	c, err = newClientCore("https://example.com", "", []ClientOption{WithHTTPClient(nil)})
	if err != nil || c.cfg.httpClient != http.DefaultClient {
		t.Errorf("nil client: %+v, %v", c, err)
	}
}

type received struct {
	method      string
	escapedPath string
	rawQuery    string
	query       url.Values
	header      http.Header
	body        []byte
}

// recordingServer answers every request with status and body after
// recording what it received.
func recordingServer(t *testing.T, status int, respHeader http.Header, respBody string) (*httptest.Server, chan received) {
	t.Helper()
	ch := make(chan received, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		ch <- received{r.Method, r.URL.EscapedPath(), r.URL.RawQuery, r.URL.Query(), r.Header.Clone(), b}
		for k, v := range respHeader {
			w.Header()[k] = v
		}
		w.WriteHeader(status)
		io.WriteString(w, respBody)
	}))
	t.Cleanup(srv.Close)
	return srv, ch
}

func TestClientDo(t *testing.T) {
	srv, ch := recordingServer(t, 200, nil, `{}`)
	// A transport wrapper that captures the request as the client built it.
	var sent *http.Request
	hc := &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
		sent = r
		return http.DefaultTransport.RoundTrip(r)
	})}
	c, err := newClientCore(srv.URL+"/base/", "", []ClientOption{WithHTTPClient(hc), WithUserAgent("oasgen-test/1.0")})
	if err != nil {
		t.Fatal(err)
	}
	path := "/certificates(thumbprintAlgorithm=" + escapePathValue("sha1") + ",thumbprint=" + escapePathValue("ab,c)d'e/f g") + ")/canceldelete"
	req := newClientRequest("POST", path)
	req.setQuery("api-version", "2024-07-01.20.0")
	req.setQuery("$filter", "state eq 'active' & x=1")
	req.setQuery("timeout", "30")
	req.setQuery("timeout", "60") // set replaces
	req.setHeader("client-request-id", "abc")
	req.setHeader("ocp-date", "Fri, 17 Feb 2017 00:00:00 GMT")
	req.setHeader("If-Match", "\"etag\"")
	type payload struct {
		Name string `json:"name"`
		N    int    `json:"n"`
	}
	if err := req.setJSON(payload{"x<y>&", 3}, "application/json; odata=minimalmetadata"); err != nil {
		t.Fatal(err)
	}
	resp, err := c.do(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	got := <-ch

	if got.method != "POST" {
		t.Errorf("method = %q", got.method)
	}
	wantPath := "/base/certificates(thumbprintAlgorithm=sha1,thumbprint=ab%2Cc%29d%27e%2Ff%20g)/canceldelete"
	if got.escapedPath != wantPath {
		t.Errorf("escaped path = %q, want %q", got.escapedPath, wantPath)
	}
	wantQuery := url.Values{"api-version": {"2024-07-01.20.0"}, "$filter": {"state eq 'active' & x=1"}, "timeout": {"60"}}
	if !reflect.DeepEqual(got.query, wantQuery) {
		t.Errorf("query = %v, want %v", got.query, wantQuery)
	}
	if want := "%24filter=state+eq+%27active%27+%26+x%3D1&api-version=2024-07-01.20.0&timeout=60"; got.rawQuery != want {
		t.Errorf("raw query = %q, want %q", got.rawQuery, want)
	}
	for k, want := range map[string]string{
		"client-request-id": "abc",
		"ocp-date":          "Fri, 17 Feb 2017 00:00:00 GMT",
		"If-Match":          "\"etag\"",
		"Content-Type":      "application/json; odata=minimalmetadata",
		"User-Agent":        "oasgen-test/1.0",
	} {
		if v := got.header.Get(k); v != want {
			t.Errorf("received header %s = %q, want %q", k, v, want)
		}
		if vs := got.header.Values(k); len(vs) != 1 {
			t.Errorf("received header %s = %q, want one value", k, vs)
		}
	}
	if want := `{"name":"x\u003cy\u003e\u0026","n":3}`; string(got.body) != want {
		t.Errorf("body = %s, want %s", got.body, want)
	}
	var back payload
	if err := json.Unmarshal(got.body, &back); err != nil || back != (payload{"x<y>&", 3}) {
		t.Errorf("body decodes to %+v, %v", back, err)
	}

	// Client side: header names keep the definition's spelling.
	if sent == nil {
		t.Fatal("transport not used")
	}
	for _, k := range []string{"client-request-id", "ocp-date", "If-Match"} {
		if _, ok := sent.Header[k]; !ok {
			t.Errorf("client request header map lacks %q: %v", k, sent.Header)
		}
	}
	if _, ok := sent.Header["Client-Request-Id"]; ok {
		t.Error("client canonicalised client-request-id")
	}
	if sent.Method != "POST" || sent.URL.EscapedPath() != wantPath || sent.ContentLength != int64(len(got.body)) {
		t.Errorf("sent %s %s (%d bytes)", sent.Method, sent.URL.EscapedPath(), sent.ContentLength)
	}
	if sent.Context() == nil {
		t.Error("no context")
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func TestClientDoNoBodyNoQuery(t *testing.T) {
	srv, ch := recordingServer(t, 204, nil, "")
	c, err := newClientCore(srv.URL, "", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := c.do(context.Background(), newClientRequest("GET", "/jobs/a%2Fb"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	got := <-ch
	if got.method != "GET" || got.escapedPath != "/jobs/a%2Fb" || got.rawQuery != "" || len(got.body) != 0 {
		t.Errorf("received %+v", got)
	}
	if ct := got.header.Get("Content-Type"); ct != "" {
		t.Errorf("Content-Type = %q on a request without body", ct)
	}
	if ua := got.header.Get("User-Agent"); ua != "Go-http-client/1.1" {
		t.Errorf("User-Agent = %q, want Go's default", ua)
	}
}

func TestClientDoErrors(t *testing.T) {
	c, err := newClientCore("http://127.0.0.1:1", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.do(context.Background(), newClientRequest("BAD METHOD", "/x")); err == nil {
		t.Error("invalid method accepted")
	}
	if _, err := c.do(context.Background(), newClientRequest("GET", "/x%zz")); err == nil {
		t.Error("invalid path escape accepted")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := c.do(ctx, newClientRequest("GET", "/x")); !errors.Is(err, context.Canceled) {
		t.Errorf("canceled context: %v", err)
	}
	r := newClientRequest("PUT", "/x")
	if err := r.setJSON(func() {}, "application/json"); err == nil || !strings.HasPrefix(err.Error(), "encoding request body: ") {
		t.Errorf("setJSON(func) = %v", err)
	}
	if r.body != nil || r.ctype != "" {
		t.Errorf("failed setJSON left body %q ctype %q", r.body, r.ctype)
	}
}

type apiError struct {
	Code    string `json:"code"`
	Message struct {
		Value string `json:"value"`
	} `json:"message"`
}

func (e *apiError) Error() string { return e.Code + ": " + e.Message.Value }

func TestClientResponseError(t *testing.T) {
	big := `{"code":"Big","message":{"value":"` + strings.Repeat("x", maxErrorBody) + `"}}`
	tests := []struct {
		name      string
		status    int
		reqID     string
		body      string
		decode    func([]byte) error
		wantBody  string
		wantErr   *apiError // nil: Err must be nil
		wantInMsg []string
	}{
		{"json model", 404, "rid-1", `{"code":"JobNotFound","message":{"value":"no job"}}`, decodeError[apiError](),
			`{"code":"JobNotFound","message":{"value":"no job"}}`, &apiError{Code: "JobNotFound", Message: struct {
				Value string `json:"value"`
			}{"no job"}}, []string{"404 Not Found", "(request-id rid-1)", "JobNotFound: no job"}},
		{"non-json body", 500, "", "<html>oops</html>", decodeError[apiError](), "<html>oops</html>", nil, []string{"500 Internal Server Error"}},
		{"empty body", 503, "rid-3", "", decodeError[apiError](), "", nil, []string{"503 Service Unavailable", "(request-id rid-3)"}},
		{"whitespace body", 400, "", " \n", decodeError[apiError](), " \n", nil, []string{"400 Bad Request"}},
		{"no decoder", 409, "", `{"code":"Conflict"}`, nil, `{"code":"Conflict"}`, nil, []string{"409 Conflict"}},
		{"oversize body truncated", 500, "", big, decodeError[apiError](), big[:maxErrorBody], nil, []string{"500"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := http.Header{}
			if tt.reqID != "" {
				h.Set("Request-Id", tt.reqID)
			}
			srv, _ := recordingServer(t, tt.status, h, tt.body)
			c, err := newClientCore(srv.URL, "request-id", nil)
			if err != nil {
				t.Fatal(err)
			}
			req := newClientRequest("DELETE", "/jobs/j1")
			req.setQuery("sig", "SECRET")
			resp, err := c.do(context.Background(), req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			err = c.responseError(resp, tt.decode)
			var re *ResponseError
			if !errors.As(err, &re) {
				t.Fatalf("error %T %v", err, err)
			}
			if re.StatusCode != tt.status || re.Method != "DELETE" || re.URL != srv.URL+"/jobs/j1" || re.RequestID != tt.reqID {
				t.Errorf("ResponseError = %+v", re)
			}
			if string(re.Body) != tt.wantBody || len(re.Body) > maxErrorBody {
				t.Errorf("Body = %d bytes %.60q, want %d bytes", len(re.Body), re.Body, len(tt.wantBody))
			}
			if tt.wantErr == nil {
				if re.Err != nil {
					t.Errorf("Err = %#v, want nil", re.Err)
				}
			} else {
				var ae *apiError
				if !errors.As(err, &ae) || *ae != *tt.wantErr {
					t.Errorf("Err = %#v, want %#v", re.Err, tt.wantErr)
				}
			}
			msg := err.Error()
			if !strings.HasPrefix(msg, "DELETE "+srv.URL+"/jobs/j1: ") || strings.Contains(msg, "SECRET") {
				t.Errorf("Error() = %q", msg)
			}
			for _, part := range tt.wantInMsg {
				if !strings.Contains(msg, part) {
					t.Errorf("Error() = %q, want it to contain %q", msg, part)
				}
			}
		})
	}
}

func TestResponseErrorError(t *testing.T) {
	tests := []struct {
		e    *ResponseError
		want string
	}{
		{&ResponseError{StatusCode: 404, Method: "GET", URL: "https://h/jobs/x"}, "GET https://h/jobs/x: 404 Not Found"},
		{&ResponseError{StatusCode: 500, Method: "POST", URL: "https://h/", RequestID: "r1"}, "POST https://h/: 500 Internal Server Error (request-id r1)"},
		{&ResponseError{StatusCode: 409, Method: "PUT", URL: "u", Err: errors.New("conflict")}, "PUT u: 409 Conflict: conflict"},
		{&ResponseError{StatusCode: 599, Method: "GET", URL: "u"}, "GET u: 599 "},
	}
	for _, tt := range tests {
		if got := tt.e.Error(); got != tt.want {
			t.Errorf("Error() = %q, want %q", got, tt.want)
		}
	}
	inner := errors.New("inner")
	e := &ResponseError{Err: inner}
	if !errors.Is(e, inner) || e.Unwrap() != inner {
		t.Error("Unwrap does not reach Err")
	}
	if (&ResponseError{}).Unwrap() != nil {
		t.Error("Unwrap of empty error is not nil")
	}
}

func TestDecodeError(t *testing.T) {
	dec := decodeError[apiError]()
	tests := []struct {
		body string
		code string // "" means nil
	}{
		{`{"code":"A","message":{"value":"m"}}`, "A"},
		{`{"code":"B","extra":true}`, "B"},
		{`{}`, "-"},
		{`not json`, ""},
		{`{"code":1}`, ""},
		{`"string"`, ""},
		{`{"code":"A"`, ""},
	}
	for _, tt := range tests {
		err := dec([]byte(tt.body))
		if tt.code == "" {
			if err != nil {
				t.Errorf("decode(%s) = %#v, want nil", tt.body, err)
			}
			continue
		}
		ae, ok := err.(*apiError)
		if !ok {
			t.Errorf("decode(%s) = %T, want *apiError", tt.body, err)
			continue
		}
		if want := strings.TrimPrefix(tt.code, "-"); ae.Code != want {
			t.Errorf("decode(%s).Code = %q, want %q", tt.body, ae.Code, want)
		}
	}
	// Each call returns a fresh value.
	a, b := dec([]byte(`{"code":"A"}`)), dec([]byte(`{"code":"B"}`))
	if a.(*apiError).Code != "A" || b.(*apiError).Code != "B" {
		t.Error("decoder reuses its value")
	}
}

func TestDecodeJSON(t *testing.T) {
	u, _ := url.Parse("https://h/jobs?sig=SECRET")
	mk := func(body string) *http.Response {
		return &http.Response{Body: io.NopCloser(strings.NewReader(body)), Request: &http.Request{Method: "GET", URL: u}}
	}
	var v struct {
		A int `json:"a"`
	}
	if err := decodeJSON(mk(`{"a":7}`), &v, 1<<20); err != nil || v.A != 7 {
		t.Errorf("decodeJSON = %+v, %v", v, err)
	}
	err := decodeJSON(mk(`{"a":"x"}`), &v, 1<<20)
	if err == nil || !strings.HasPrefix(err.Error(), "decoding GET https://h/jobs response body: ") || strings.Contains(err.Error(), "SECRET") {
		t.Errorf("decodeJSON error = %v", err)
	}
	var se *json.UnmarshalTypeError
	if !errors.As(err, &se) {
		t.Errorf("error does not wrap the json error: %v", err)
	}
	if err := decodeJSON(mk(``), &v, 1<<20); err == nil || !errors.Is(err, io.EOF) {
		t.Errorf("empty body: %v", err)
	}
}

func TestRedactURL(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"https://h/jobs", "https://h/jobs"},
		{"https://h/jobs?sig=SECRET&se=2020", "https://h/jobs"},
		{"https://user:pass@h/jobs?sig=x", "https://h/jobs"},
		{"https://h/certificates(thumbprintAlgorithm=sha1,thumbprint=a%2Cb)?x=1", "https://h/certificates(thumbprintAlgorithm=sha1,thumbprint=a%2Cb)"},
		{"https://h:8443/a%2Fb", "https://h:8443/a%2Fb"},
	}
	for _, tt := range tests {
		u, err := url.Parse(tt.in)
		if err != nil {
			t.Fatal(err)
		}
		orig := *u
		if got := redactURL(u); got != tt.want {
			t.Errorf("redactURL(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if *u != orig {
			t.Errorf("redactURL modified its argument: %v", u)
		}
	}
}

func TestResponseHeader(t *testing.T) {
	h := http.Header{}
	h.Set("Last-Modified", "Fri, 17 Feb 2017 00:00:00 GMT")
	h.Set("Ocp-Count", "12")
	h.Set("Bad-Count", "twelve")
	h.Set("ETag", `"0x8D"`)
	h["request-id"] = []string{"raw-key"} // a non-canonical key is not found by Values

	if v, err := responseHeader(h, "x-missing", parseInt32); v != nil || err != nil {
		t.Errorf("absent = %v, %v", v, err)
	}
	if v, err := responseHeader(h, "ocp-count", parseInt32); err != nil || v == nil || *v != 12 {
		t.Errorf("present = %v, %v", v, err)
	}
	if v, err := responseHeader(h, "Last-Modified", parseRFC1123); err != nil || v == nil || !v.Equal(time.Date(2017, 2, 17, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("date = %v, %v", v, err)
	}
	if v, err := responseHeader(h, "etag", parseString); err != nil || v == nil || *v != `"0x8D"` {
		t.Errorf("etag = %v, %v", v, err)
	}
	v, err := responseHeader(h, "bad-count", parseInt32)
	if v != nil || err == nil || err.Error() != "response header bad-count: not a 32-bit integer" {
		t.Errorf("malformed = %v, %v", v, err)
	}
	// The first of several values is used.
	h.Add("Ocp-Count", "13")
	if v, err := responseHeader(h, "Ocp-Count", parseInt32); err != nil || *v != 12 {
		t.Errorf("first value = %v, %v", v, err)
	}

	// readHeader collects the errors and goes on reading.
	h.Set("Good", "7")
	h["exact-spelling"] = []string{"9"}
	hr := &headerReader{h: h}
	bad := readHeader(hr, "bad-count", parseInt32)
	good := readHeader(hr, "Good", parseInt32)
	exact := readHeader(hr, "exact-spelling", parseInt32)
	readHeader(hr, "Ocp-Count", parseBool)
	if bad != nil || good == nil || *good != 7 || exact == nil || *exact != 9 {
		t.Errorf("readHeader = %v, %v, %v", bad, good, exact)
	}
	if len(hr.errs) != 2 || hr.errs[0].Error() != "response header bad-count: not a 32-bit integer" ||
		hr.errs[0].Name != "bad-count" || hr.errs[0].Value == "" || hr.errs[1].Name != "Ocp-Count" {
		t.Errorf("headerReader.errs = %v", hr.errs)
	}
}

func TestClientRequestBuilders(t *testing.T) {
	r := newClientRequest("GET", "/x")
	if r.method != "GET" || r.path != "/x" || r.query == nil || r.header == nil || r.body != nil {
		t.Errorf("newClientRequest = %+v", r)
	}
	r.setHeader("x-ms-foo", "1")
	r.setHeader("x-ms-foo", "2")
	if !reflect.DeepEqual(r.header, http.Header{"x-ms-foo": {"2"}}) {
		t.Errorf("header = %v", r.header)
	}
	if err := r.setJSON([]int{1, 2}, "application/json"); err != nil || !bytes.Equal(r.body, []byte("[1,2]")) || r.ctype != "application/json" {
		t.Errorf("setJSON = %q %q %v", r.body, r.ctype, err)
	}
}

func TestErrorText(t *testing.T) {
	s := func(v string) *string { return &v }
	tests := []struct {
		code, message *string
		want          string
	}{
		{nil, nil, "BatchError"},
		{s("JobNotFound"), nil, "BatchError: JobNotFound"},
		{nil, s("no job"), "BatchError: no job"},
		{s("JobNotFound"), s("no job"), "BatchError: JobNotFound: no job"},
		{s(""), s(""), "BatchError"},
	}
	for _, tt := range tests {
		if got := errorText("BatchError", tt.code, tt.message); got != tt.want {
			t.Errorf("errorText = %q, want %q", got, tt.want)
		}
	}
	if got := errNotImplemented("Job_Get").Error(); got != "operation Job_Get is not implemented" {
		t.Errorf("errNotImplemented = %q", got)
	}
}

func TestClientRequestAddQueryAndBytes(t *testing.T) {
	srv, ch := recordingServer(t, 200, nil, "")
	c, err := newClientCore(srv.URL, "", nil)
	if err != nil {
		t.Fatal(err)
	}
	r := newClientRequest("PUT", "/files/a%20b")
	r.addQuery("ids", "1")
	r.addQuery("ids", "2")
	if err := r.setBytes(strings.NewReader("raw\x00bytes"), "application/octet-stream"); err != nil {
		t.Fatal(err)
	}
	resp, err := c.do(context.Background(), r)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	got := <-ch
	if got.rawQuery != "ids=1&ids=2" || string(got.body) != "raw\x00bytes" || got.header.Get("Content-Type") != "application/octet-stream" || got.escapedPath != "/files/a%20b" {
		t.Errorf("received %+v", got)
	}

	r = newClientRequest("PUT", "/x")
	if err := r.setBytes(nil, "text/plain"); err != nil || r.body != nil || r.ctype != "" {
		t.Errorf("setBytes(nil) = %q %q %v", r.body, r.ctype, err)
	}
	bad := errors.New("read failed")
	if err := r.setBytes(io.MultiReader(strings.NewReader("x"), errReader{bad}), "text/plain"); !errors.Is(err, bad) || r.body != nil {
		t.Errorf("setBytes(failing) = %v, body %q", err, r.body)
	}
}

type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }

func TestSetLink(t *testing.T) {
	c, err := newClientCore("https://acct.batch.azure.com/base", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		link, want, errPart string
	}{
		{"https://acct.batch.azure.com/jobs?api-version=1&$skiptoken=abc", "https://acct.batch.azure.com/jobs?api-version=1&$skiptoken=abc", ""},
		{"/jobs?$skiptoken=abc", "https://acct.batch.azure.com/jobs?$skiptoken=abc", ""},
		{"https://evil.example.com/jobs?sig=SECRET", "", "leaves the endpoint"},
		{"http://acct.batch.azure.com/jobs", "", "leaves the endpoint"},
		{"//evil.example.com/jobs", "", "leaves the endpoint"},
		{"https://acct.batch.azure.com:8443/jobs", "", "leaves the endpoint"},
		{"https://ACCT.batch.azure.com:443/jobs", "https://ACCT.batch.azure.com:443/jobs", ""}, // the same origin
		{"https://sub.acct.batch.azure.com/jobs", "", "leaves the endpoint"},
		{"https://acct.batch.azure.com%zz/", "", "invalid next-page link"},
	}
	for _, tt := range tests {
		r := newClientRequest("GET", "/jobs")
		err := c.setLink(r, tt.link)
		if tt.errPart != "" {
			if err == nil || !strings.Contains(err.Error(), tt.errPart) || strings.Contains(err.Error(), "SECRET") {
				t.Errorf("setLink(%q) = %v, want error containing %q", tt.link, err, tt.errPart)
			}
			if r.link != "" {
				t.Errorf("setLink(%q) set link %q on error", tt.link, r.link)
			}
			continue
		}
		if err != nil || r.link != tt.want {
			t.Errorf("setLink(%q) = %q, %v; want %q", tt.link, r.link, err, tt.want)
		}
	}

	// do follows the link instead of path and query.
	srv, ch := recordingServer(t, 200, nil, "")
	c, err = newClientCore(srv.URL+"/base", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	r := newClientRequest("GET", "/jobs")
	r.setQuery("api-version", "1")
	if err := c.setLink(r, srv.URL+"/jobs/page2?$skiptoken=x%2Fy"); err != nil {
		t.Fatal(err)
	}
	resp, err := c.do(context.Background(), r)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if got := <-ch; got.escapedPath != "/jobs/page2" || got.rawQuery != "$skiptoken=x%2Fy" {
		t.Errorf("received %+v", got)
	}
}

type withReadOnly struct{ ID, Name string }

func (m withReadOnly) withoutReadOnly() withReadOnly { m.ID = ""; return m }

func (m *withReadOnly) sendBody() any { return m.withoutReadOnly() }

func TestSendable(t *testing.T) {
	v := withReadOnly{ID: "server's", Name: "mine"}
	if got := sendable(&v); got != (withReadOnly{Name: "mine"}) || v.ID != "server's" {
		t.Errorf("sendable(%+v) = %+v; the caller's value must stay", v, got)
	}
	type plain struct{ ID string }
	if got, ok := sendable(&plain{ID: "x"}).(*plain); !ok || got.ID != "x" {
		t.Errorf("a type without read-only fields changed: %+v", got)
	}
	r := newClientRequest("POST", "/")
	if err := r.setJSON(&v, "application/json"); err != nil || string(r.body) != `{"ID":"","Name":"mine"}` {
		t.Errorf("setJSON sent %s, %v; want the body without its read-only ID", r.body, err)
	}
}

// A webhook sender's URL is the receiver's, used exactly as given; the
// webhook's own query parameters follow the URL's.
func TestNewSenderCore(t *testing.T) {
	var got []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = append(got, r.URL.RequestURI())
	}))
	defer srv.Close()
	for _, tt := range []struct{ url, want string }{
		{srv.URL + "/hooks/", "/hooks/?attempt=1"},
		{srv.URL + "/hooks?token=a%2Fb", "/hooks?token=a%2Fb&attempt=1"},
	} {
		c, err := newSenderCore(tt.url, nil)
		if err != nil {
			t.Fatal(err)
		}
		req := newClientRequest("POST", "")
		req.setQuery("attempt", "1")
		resp, err := c.do(context.Background(), req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if got[len(got)-1] != tt.want {
			t.Errorf("%s: sent to %s, want %s", tt.url, got[len(got)-1], tt.want)
		}
	}
	for _, bad := range []string{"/relative", "ftp://h/x", "https://h/x#frag", "http://%zz"} {
		if _, err := newSenderCore(bad, nil); err == nil || !strings.Contains(err.Error(), "invalid webhook URL") {
			t.Errorf("%s: %v", bad, err)
		}
	}
}

// errorCases picks the first case a status matches, in the order the
// generated code lists them: exact statuses, classes, then the default.
func TestErrorCases(t *testing.T) {
	pick := func(name string) func([]byte) error {
		return func([]byte) error { return errors.New(name) }
	}
	cases := []errorCase{{status: 404, decode: pick("404")}, {status: 409, decode: pick("409")}, {class: 4, decode: pick("4XX")}, {class: 5, decode: pick("5XX")}}
	for status, want := range map[int]string{404: "404", 409: "409", 400: "4XX", 499: "4XX", 500: "5XX", 503: "5XX", 302: "", 100: ""} {
		got := ""
		if d := errorCases(status, cases...); d != nil {
			got = d(nil).Error()
		}
		if got != want {
			t.Errorf("%d: %q, want %q", status, got, want)
		}
	}
	withDefault := append(cases[:1:1], errorCase{decode: pick("default")})
	for status, want := range map[int]string{404: "404", 302: "default", 500: "default"} {
		if got := errorCases(status, withDefault...)(nil).Error(); got != want {
			t.Errorf("with a default, %d: %q, want %q", status, got, want)
		}
	}
	if errorCases(500) != nil {
		t.Error("no cases: want no decoder")
	}
}

// setQueryObject writes the object rows of OpenAPI's style table; an
// optional member left nil is not sent.
func TestSetQueryObject(t *testing.T) {
	g := int32(200)
	members := func() []objectMember {
		return []objectMember{
			member("R", int32(100), formatInt[int32]),
			optMember("G", &g, formatInt[int32]),
			optMember[int32]("A", nil, formatInt[int32]),
			member("B", "x y", formatString[string]),
		}
	}
	for _, tt := range []struct {
		deep, explode bool
		want          string
	}{
		{false, true, "B=x+y&G=200&R=100"},
		{false, false, "color=R%2C100%2CG%2C200%2CB%2Cx+y"},
		{true, true, "color%5BB%5D=x+y&color%5BG%5D=200&color%5BR%5D=100"},
	} {
		r := newClientRequest("GET", "/")
		r.setQueryObject("color", tt.deep, tt.explode, members()...)
		if got := r.query.Encode(); got != tt.want {
			t.Errorf("deep %v explode %v: %s, want %s", tt.deep, tt.explode, got, tt.want)
		}
	}
}

// setQueryMap sends free keys in key order, each escaped.
func TestSetQueryMap(t *testing.T) {
	m := map[string]int64{"b": 2, "a c": 1}
	r := newClientRequest("GET", "/")
	setQueryMap(r, "m", true, m, formatInt[int64])
	if got, want := r.query.Encode(), "m%5Ba+c%5D=1&m%5Bb%5D=2"; got != want {
		t.Errorf("deepObject: %s, want %s", got, want)
	}
	r = newClientRequest("GET", "/")
	setQueryMap(r, "m", false, m, formatInt[int64])
	if got, want := r.query.Encode(), "m=a+c%2C1%2Cb%2C2"; got != want {
		t.Errorf("form: %s, want %s", got, want)
	}
}
