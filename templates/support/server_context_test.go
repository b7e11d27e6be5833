package support

import (
	"context"
	"crypto/tls"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestServerContext(t *testing.T) {
	if RequestFromContext(context.Background()) != nil || ResponseHeader(context.Background()) != nil || BaseURL(context.Background()) != "" {
		t.Error("outside a handler: want nil, nil, \"\"")
	}
	r := httptest.NewRequest("GET", "http://svc.example:8080/pools?$skiptoken=2", nil)
	w := httptest.NewRecorder()
	ctx := withExchange(context.Background(), r, w, "")
	if RequestFromContext(ctx) != r {
		t.Error("RequestFromContext: not the request")
	}
	ResponseHeader(ctx).Set("Content-Type", "text/csv")
	if w.Header().Get("Content-Type") != "text/csv" {
		t.Error("ResponseHeader: not the response's")
	}
	if got := BaseURL(ctx); got != "http://svc.example:8080" {
		t.Errorf("BaseURL plain = %q", got)
	}
	r.TLS = &tls.ConnectionState{}
	if got := BaseURL(ctx); got != "https://svc.example:8080" {
		t.Errorf("BaseURL TLS = %q", got)
	}
	// Behind a proxy: WithBaseURL's, whatever the request says.
	var s serverCore
	WithBaseURL("https://gateway.example/batch/")(&s)
	r.Header.Set("X-Forwarded-Host", "evil.example")
	if got := BaseURL(withExchange(context.Background(), r, w, s.baseURL)); got != "https://gateway.example/batch" {
		t.Errorf("BaseURL with WithBaseURL = %q", got)
	}
	if e := NewErrorResponse(404, errTest); e.StatusCode != 404 || e.Err != errTest {
		t.Errorf("NewErrorResponse = %+v", e)
	}
}

var errTest = &ResponseError{StatusCode: 1}

func TestWriteSelected(t *testing.T) {
	type item struct {
		ID    string `json:"id"`
		State string `json:"state"`
		Pool  struct {
			Name string `json:"name"`
		} `json:"poolInfo"`
	}
	type page struct {
		Meta  string `json:"odata.metadata"`
		Value []item `json:"value"`
		Next  string `json:"odata.nextLink"`
	}
	one := item{ID: "a", State: "active"}
	for _, tc := range []struct {
		name  string
		v     any
		sel   *string
		items string
		want  string
	}{
		{"no $select", one, nil, "", `{"id":"a","state":"active","poolInfo":{"name":""}}`},
		{"empty $select", one, ptrTo(" "), "", `{"id":"a","state":"active","poolInfo":{"name":""}}`},
		{"entity", one, ptrTo("id, poolInfo/name"), "", `{"id":"a","poolInfo":{"name":""}}`},
		{"list", page{Meta: "m", Value: []item{one, {ID: "b"}}, Next: "n"}, ptrTo("id"), "value", `{"odata.metadata":"m","value":[{"id":"a"},{"id":"b"}],"odata.nextLink":"n"}`},
	} {
		w := httptest.NewRecorder()
		writeSelected(w, 200, tc.v, selectList(tc.sel), tc.items)
		if got := strings.TrimSpace(w.Body.String()); got != tc.want || w.Code != 200 {
			t.Errorf("%s: %d %s, want %s", tc.name, w.Code, got, tc.want)
		}
	}
}
