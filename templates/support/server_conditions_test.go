package support

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestCheckConditions(t *testing.T) {
	lm := time.Date(2025, 6, 2, 10, 11, 12, 500, time.UTC) // a fraction, as a store keeps it
	const (
		before = "Mon, 02 Jun 2025 10:11:11 GMT"
		same   = "Mon, 02 Jun 2025 10:11:12 GMT"
		after  = "Mon, 02 Jun 2025 10:11:13 UTC" // as time.RFC1123 writes UTC
	)
	tests := []struct {
		name    string
		method  string
		etag    string // the resource's
		headers map[string]string
		want    int // 0: go on
	}{
		{"none", "GET", "0x8D1", nil, 0},
		// If-Match (strong comparison), then If-Unmodified-Since.
		{"if-match same bare", "PUT", "0x8D1", map[string]string{"If-Match": "0x8D1"}, 0},
		{"if-match quoted vs bare", "PUT", "0x8D1", map[string]string{"If-Match": `"0x8D1"`}, 0},
		{"if-match list", "PUT", `"b"`, map[string]string{"If-Match": `"a", "b"`}, 0},
		{"if-match comma in tag", "PUT", `"a,b"`, map[string]string{"If-Match": `"x", "a,b"`}, 0},
		{"if-match star", "DELETE", "0x8D1", map[string]string{"If-Match": "*"}, 0},
		{"if-match other", "PUT", "0x8D1", map[string]string{"If-Match": "0x8D2"}, 412},
		{"if-match other on GET", "GET", "0x8D1", map[string]string{"If-Match": "0x8D2"}, 412},
		{"if-match weak never strong", "PUT", `"a"`, map[string]string{"If-Match": `W/"a"`}, 412},
		{"if-match without etag", "PUT", "", map[string]string{"If-Match": "0x8D1"}, 412},
		{"if-match wins over if-unmodified-since", "PUT", "0x8D1", map[string]string{"If-Match": "0x8D1", "If-Unmodified-Since": before}, 0},
		{"if-unmodified-since before", "PUT", "0x8D1", map[string]string{"If-Unmodified-Since": before}, 412},
		{"if-unmodified-since same second", "PUT", "0x8D1", map[string]string{"If-Unmodified-Since": same}, 0},
		{"if-unmodified-since after", "DELETE", "0x8D1", map[string]string{"If-Unmodified-Since": after}, 0},
		{"if-unmodified-since malformed ignored", "PUT", "0x8D1", map[string]string{"If-Unmodified-Since": "yesterday"}, 0},
		// If-None-Match (weak comparison), then If-Modified-Since.
		{"if-none-match same", "GET", "0x8D1", map[string]string{"If-None-Match": "0x8D1"}, 304},
		{"if-none-match same HEAD", "HEAD", "0x8D1", map[string]string{"If-None-Match": "0x8D1"}, 304},
		{"if-none-match weak", "GET", `"a"`, map[string]string{"If-None-Match": `W/"a"`}, 304},
		{"if-none-match star", "GET", "0x8D1", map[string]string{"If-None-Match": "*"}, 304},
		{"if-none-match other", "GET", "0x8D1", map[string]string{"If-None-Match": "0x8D2"}, 0},
		{"if-none-match same on PUT", "PUT", "0x8D1", map[string]string{"If-None-Match": "0x8D1"}, 412},
		{"if-none-match star on PUT", "PUT", "0x8D1", map[string]string{"If-None-Match": "*"}, 412},
		{"if-none-match wins over if-modified-since", "GET", "0x8D1", map[string]string{"If-None-Match": "0x8D2", "If-Modified-Since": after}, 0},
		{"if-modified-since after", "GET", "0x8D1", map[string]string{"If-Modified-Since": after}, 304},
		{"if-modified-since same second", "GET", "0x8D1", map[string]string{"If-Modified-Since": same}, 304},
		{"if-modified-since before", "GET", "0x8D1", map[string]string{"If-Modified-Since": before}, 0},
		{"if-modified-since on POST ignored", "POST", "0x8D1", map[string]string{"If-Modified-Since": after}, 0},
		{"if-modified-since RFC 850", "GET", "0x8D1", map[string]string{"If-Modified-Since": "Monday, 02-Jun-25 10:11:13 GMT"}, 304},
		{"if-modified-since unknown zone ignored", "GET", "0x8D1", map[string]string{"If-Modified-Since": "Mon, 02 Jun 2025 12:11:13 CEST"}, 0},
		// §13.2.2 order: If-Match fails first, even when If-None-Match would 304.
		{"if-match before if-none-match", "GET", "0x8D1", map[string]string{"If-Match": "0x8D2", "If-None-Match": "0x8D1"}, 412},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest(tt.method, "/pools/p", nil)
			for k, v := range tt.headers {
				r.Header.Set(k, v)
			}
			err := CheckConditions(withRequest(context.Background(), r), tt.etag, lm)
			if tt.want == 0 {
				if err != nil {
					t.Errorf("got %v, want nil", err)
				}
				return
			}
			var ce *ConditionError
			if !errors.As(err, &ce) || ce.StatusCode != tt.want || ce.ETag != tt.etag || !ce.LastModified.Equal(lm) {
				t.Fatalf("got %#v, want a *ConditionError of status %d", err, tt.want)
			}
			want := map[int]error{304: ErrNotModified, 412: ErrPreconditionFailed}[tt.want]
			if !errors.Is(err, want) || err.Error() != want.Error() {
				t.Errorf("errors.Is(%v, %v) is false", err, want)
			}
		})
	}
	// A zero Last-Modified skips the date conditions.
	r := httptest.NewRequest("GET", "/", nil)
	r.Header.Set("If-Modified-Since", after)
	if err := CheckConditions(withRequest(context.Background(), r), "", time.Time{}); err != nil {
		t.Errorf("zero Last-Modified: %v", err)
	}
	// Outside a handler there are no conditions.
	if err := CheckConditions(context.Background(), "x", lm); err != nil {
		t.Errorf("no request: %v", err)
	}
}

// What the handler answers for each way a server method can say 304 or
// 412; none of them is logged.
func TestWriteErrorConditional(t *testing.T) {
	model := &testErrorModel{Code: "ConditionNotMet", Message: "custom"}
	lm := time.Date(2025, 6, 2, 10, 11, 12, 0, time.UTC)
	tests := []struct {
		name   string
		err    error
		status int
		body   string // "" for none
		header map[string]string
	}{
		{"response error 304", &ResponseError{StatusCode: 304}, 304, "", nil},
		{"ErrNotModified", ErrNotModified, 304, "", nil},
		{"wrapped ErrNotModified", fmt.Errorf("pool p: %w", ErrNotModified), 304, "", nil},
		{"condition error 304", &ConditionError{StatusCode: 304, ETag: "0x8D1", LastModified: lm}, 304, "",
			map[string]string{"ETag": "0x8D1", "Last-Modified": "Mon, 02 Jun 2025 10:11:12 GMT"}},
		{"ErrPreconditionFailed", ErrPreconditionFailed, 412, `{"code":"ConditionNotMet","message":"The condition specified using HTTP conditional header(s) is not met."}`, nil},
		{"condition error 412", &ConditionError{StatusCode: 412, ETag: "0x8D1"}, 412, `{"code":"ConditionNotMet","message":"The condition specified using HTTP conditional header(s) is not met."}`, nil},
		{"response error 412 keeps its model", &ResponseError{StatusCode: 412, Err: model}, 412, `{"code":"ConditionNotMet","message":"custom"}`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newTestServer(nil, "")
			w := httptest.NewRecorder()
			s.writeError(w, httptest.NewRequest("GET", "/pools/p", nil), tt.err)
			if w.Code != tt.status || strings.TrimSpace(w.Body.String()) != tt.body {
				t.Errorf("got %d %q, want %d %q", w.Code, w.Body, tt.status, tt.body)
			}
			for k, v := range tt.header {
				if got := w.Header().Get(k); got != v {
					t.Errorf("%s = %q, want %q", k, got, v)
				}
			}
			if l := s.logged(); len(l) != 0 {
				t.Errorf("logged %v", l)
			}
		})
	}
	// A status the handler cannot send is a 500, logged with what went wrong.
	s := newTestServer(nil, "")
	s.writeError(httptest.NewRecorder(), httptest.NewRequest("GET", "/pools/p", nil), &ResponseError{StatusCode: 302})
	if l := s.logged(); len(l) != 1 || !strings.Contains(l[0].err.Error(), "status 302, which is not answered (only 304 and 400-599 are): 302 Found") {
		t.Errorf("logged %v", l)
	}
}

// A server method reaches the request's conditions through its context:
// the handler puts the request there before the operation middleware.
func TestCheckConditionsThroughHandler(t *testing.T) {
	lm := time.Date(2025, 6, 2, 10, 11, 12, 0, time.UTC)
	var s *testServer
	s = newTestServer([]route{{"Pools_GetPool", "GET", compilePath("/pools/{poolId}"), func(w http.ResponseWriter, r *http.Request, p *paramReader) {
		if err := CheckConditions(r.Context(), "0x8D1", lm); err != nil {
			s.writeError(w, r, err)
			return
		}
		w.WriteHeader(200)
	}}}, "request-id", WithOperationMiddleware(func(next http.Handler) http.Handler { return next }))
	for ims, want := range map[string]int{"Mon, 02 Jun 2025 10:11:12 UTC": 304, "Mon, 02 Jun 2025 10:11:11 UTC": 200} {
		r := httptest.NewRequest("GET", "/pools/p", nil)
		r.Header.Set("If-Modified-Since", ims)
		w := httptest.NewRecorder()
		s.ServeHTTP(w, r)
		if w.Code != want || w.Body.Len() != 0 {
			t.Errorf("If-Modified-Since %s: %d %q, want %d", ims, w.Code, w.Body, want)
		}
		if want == 304 && (w.Header().Get("ETag") != "0x8D1" || len(w.Header()["request-id"]) == 0) {
			t.Errorf("304 headers: %v", w.Header())
		}
	}
}

// On the client, a 304 or 412 the definition does not declare is still
// recognisable, and a 304 keeps its validators.
func TestResponseErrorIs(t *testing.T) {
	h := http.Header{"Etag": {"0x8D1"}}
	e304 := fmt.Errorf("get pool: %w", &ResponseError{StatusCode: 304, Method: "GET", URL: "https://h/pools/p", Header: h})
	if !errors.Is(e304, ErrNotModified) || errors.Is(e304, ErrPreconditionFailed) {
		t.Errorf("304: Is(ErrNotModified) %v, Is(ErrPreconditionFailed) %v", errors.Is(e304, ErrNotModified), errors.Is(e304, ErrPreconditionFailed))
	}
	var re *ResponseError
	if !errors.As(e304, &re) || re.Header.Get("ETag") != "0x8D1" {
		t.Errorf("the 304's ETag is lost: %v", re)
	}
	e412 := &ResponseError{StatusCode: 412, Err: &testErrorModel{Code: "ConditionNotMet"}}
	if !errors.Is(e412, ErrPreconditionFailed) || errors.Is(e412, ErrNotModified) {
		t.Error("412 is not ErrPreconditionFailed")
	}
	if errors.Is(&ResponseError{StatusCode: 404}, ErrNotModified) {
		t.Error("404 is ErrNotModified")
	}
	// A server method's ResponseError has no method or URL: its text is
	// the status alone, not " : 304 Not Modified".
	if got := (&ResponseError{StatusCode: 304}).Error(); got != "304 Not Modified" {
		t.Errorf("Error() = %q", got)
	}
}
