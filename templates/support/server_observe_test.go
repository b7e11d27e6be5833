package support

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func observedRoutes(t *testing.T, opSeen *string) []route {
	return []route{
		{operation: "Job_Get", method: "GET", pattern: compilePath("/jobs/{id}"), handle: func(w http.ResponseWriter, r *http.Request, p *paramReader) {
			*opSeen = OperationID(r.Context())
			writeJSON(w, 200, map[string]string{"ok": "yes"})
		}},
		{operation: "Job_Fail", method: "GET", pattern: compilePath("/fail"), handle: func(w http.ResponseWriter, r *http.Request, p *paramReader) {
			(&serverCore{errorBody: plainErrorBody}).writeError(w, r, errors.New("SECRET internal detail"))
		}},
		{operation: "Job_Panic", method: "GET", pattern: compilePath("/panic"), handle: func(w http.ResponseWriter, r *http.Request, p *paramReader) {
			panic("kaboom")
		}},
		{operation: "Job_Add", method: "POST", pattern: compilePath("/jobs"), handle: func(w http.ResponseWriter, r *http.Request, p *paramReader) {
			var v map[string]string
			if !p.readBody(w, 1<<20, true, false, &v) {
				(&serverCore{errorBody: plainErrorBody}).writeParamError(w, p.err)
				return
			}
			writeJSON(w, 201, v)
		}},
	}
}

func TestAccessLogAndTracer(t *testing.T) {
	var op string
	var logs lockedBuffer
	tr := &recordingTracer{}
	var mwOps []string
	s := newTestServer(observedRoutes(t, &op), "request-id",
		WithAccessLog(slog.New(slog.NewJSONHandler(&logs, nil))),
		WithServerTracer(tr),
		WithOperationMiddleware(func(next http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				mwOps = append(mwOps, OperationID(r.Context()))
				next.ServeHTTP(w, r)
			})
		}))
	for _, path := range []string{"/jobs/j1?token=QUERYSECRET", "/fail", "/panic", "/nowhere"} {
		r := httptest.NewRequest("GET", path, nil)
		r.Header.Set("Authorization", "SharedKey acct:SIGSECRET")
		s.ServeHTTP(httptest.NewRecorder(), r)
	}
	if op != "Job_Get" {
		t.Errorf("OperationID in the server method = %q", op)
	}
	if fmt.Sprint(mwOps) != "[Job_Get Job_Fail Job_Panic]" {
		t.Errorf("operation middleware saw %v", mwOps)
	}
	out := logs.String()
	for _, secret := range []string{"QUERYSECRET", "SIGSECRET", "SECRET internal"} {
		if strings.Contains(out, secret) {
			t.Errorf("access log holds %q:\n%s", secret, out)
		}
	}
	lines := logs.lines()
	if len(lines) != 5 { // four requests and the panic
		t.Fatalf("%d records:\n%s", len(lines), out)
	}
	for i, want := range [][]string{
		{`"level":"INFO"`, `"operation":"Job_Get"`, `"path":"/jobs/j1"`, `"status":200`, `"request_id":"`},
		{`"level":"WARN"`, `"operation":"Job_Fail"`, `"status":500`},
		{`"level":"ERROR"`, `"msg":"panic in handler"`, `"operation":"Job_Panic"`, `"panic":"kaboom"`},
		{`"operation":"Job_Panic"`, `"status":500`},
		{`"operation":""`, `"status":404`},
	} {
		for _, w := range want {
			if !strings.Contains(lines[i], w) {
				t.Errorf("record %d lacks %s: %s", i, w, lines[i])
			}
		}
	}
	want := []traceEvent{
		{kind: "start", op: "Job_Get"}, {kind: "end", op: "Job_Get", status: 200},
		{kind: "start", op: "Job_Fail"}, {kind: "end", op: "Job_Fail", status: 500, err: true},
		{kind: "start", op: "Job_Panic"}, {kind: "end", op: "Job_Panic", status: 500, err: true},
	}
	if fmt.Sprint(tr.events) != fmt.Sprint(want) {
		t.Errorf("trace = %v\nwant %v", tr.events, want)
	}
}

func TestContentEncoding(t *testing.T) {
	var op string
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	io.WriteString(zw, `{"id":"j1"}`)
	zw.Close()
	send := func(s http.Handler, coding string, body []byte) *httptest.ResponseRecorder {
		r := httptest.NewRequest("POST", "/jobs", bytes.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
		if coding != "" {
			r.Header.Set("Content-Encoding", coding)
		}
		w := httptest.NewRecorder()
		s.ServeHTTP(w, r)
		return w
	}
	plain := newTestServer(observedRoutes(t, &op), "")
	for _, coding := range []string{"gzip", "br", "gzip, identity"} {
		w := send(plain, coding, gz.Bytes())
		if b := decodePlain(t, w); w.Code != 415 || b.Code != "UnsupportedMediaType" || !strings.Contains(b.Message, "Content-Encoding") {
			t.Errorf("%s: %d %+v", coding, w.Code, b)
		}
	}
	if w := send(plain, "identity", []byte(`{"id":"j1"}`)); w.Code != 201 {
		t.Errorf("identity: %d %s", w.Code, w.Body)
	}
	if w := send(plain, "", []byte(`{"id":"j1"}`)); w.Code != 201 {
		t.Errorf("none: %d %s", w.Code, w.Body)
	}

	gunzip := WithRequestDecoder("GZIP", func(r io.Reader) (io.ReadCloser, error) { return gzip.NewReader(r) })
	dec := newTestServer(observedRoutes(t, &op), "", gunzip)
	if w := send(dec, "gzip", gz.Bytes()); w.Code != 201 || !strings.Contains(w.Body.String(), `"id":"j1"`) {
		t.Errorf("decoded: %d %s", w.Code, w.Body)
	}
	if w := send(dec, "gzip", []byte("not gzip")); w.Code != 400 {
		t.Errorf("bad gzip: %d %s", w.Code, w.Body)
	}
	if w := send(dec, "br", gz.Bytes()); w.Code != 415 {
		t.Errorf("other coding: %d", w.Code)
	}
	// The decoded size is bounded like any body.
	var bomb bytes.Buffer
	zw = gzip.NewWriter(&bomb)
	io.WriteString(zw, `{"id":"`+strings.Repeat("a", 2<<20)+`"}`)
	zw.Close()
	if w := send(dec, "gzip", bomb.Bytes()); w.Code != 413 {
		t.Errorf("bomb: %d", w.Code)
	}
}
