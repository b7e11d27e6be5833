package batch_test

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/oasgen/oasgen/generated/batch"
)

// ---------------------------------------------------------------------------
// Fake server

// fakeCall is one call the fake server received, with typed arguments.
type fakeCall struct {
	Op         string
	Alg, Thumb string
	Body       *batch.CertificateAddParameter
	Opts       any
	SkipToken  string // from the request's $skiptoken, via skipTokenMiddleware
}

// fakeCerts is an in-memory CertificateServer: it records what it receives
// and answers with what it was configured to.
type fakeCerts struct {
	mu    sync.Mutex
	calls []fakeCall

	err        error
	panicWith  any
	addResp    *batch.CertificateAddResponse
	cancelResp *batch.CertificateCancelDeletionResponse
	deleteResp *batch.CertificateDeleteResponse
	getResp    *batch.CertificateGetResponse
	listResp   *batch.CertificateListResponse
	listFn     func(ctx context.Context, opts *batch.CertificateListOptions) (*batch.CertificateListResponse, error)
}

var _ batch.CertificateServer = (*fakeCerts)(nil)

func (f *fakeCerts) record(ctx context.Context, c fakeCall) error {
	c.SkipToken, _ = ctx.Value(skipTokenKey{}).(string)
	f.mu.Lock()
	f.calls = append(f.calls, c)
	f.mu.Unlock()
	if f.panicWith != nil {
		panic(f.panicWith)
	}
	return f.err
}

func (f *fakeCerts) Calls() []fakeCall {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]fakeCall(nil), f.calls...)
}

func (f *fakeCerts) last(t *testing.T) fakeCall {
	t.Helper()
	cs := f.Calls()
	if len(cs) == 0 {
		t.Fatalf("the server method was not called")
	}
	return cs[len(cs)-1]
}

func (f *fakeCerts) Add(ctx context.Context, certificate batch.CertificateAddParameter, opts *batch.CertificateAddOptions) (*batch.CertificateAddResponse, error) {
	if err := f.record(ctx, fakeCall{Op: "Add", Body: &certificate, Opts: opts}); err != nil {
		return nil, err
	}
	return f.addResp, nil
}

func (f *fakeCerts) CancelDeletion(ctx context.Context, alg, thumb string, opts *batch.CertificateCancelDeletionOptions) (*batch.CertificateCancelDeletionResponse, error) {
	if err := f.record(ctx, fakeCall{Op: "CancelDeletion", Alg: alg, Thumb: thumb, Opts: opts}); err != nil {
		return nil, err
	}
	return f.cancelResp, nil
}

func (f *fakeCerts) Delete(ctx context.Context, alg, thumb string, opts *batch.CertificateDeleteOptions) (*batch.CertificateDeleteResponse, error) {
	if err := f.record(ctx, fakeCall{Op: "Delete", Alg: alg, Thumb: thumb, Opts: opts}); err != nil {
		return nil, err
	}
	return f.deleteResp, nil
}

func (f *fakeCerts) Get(ctx context.Context, alg, thumb string, opts *batch.CertificateGetOptions) (*batch.CertificateGetResponse, error) {
	if err := f.record(ctx, fakeCall{Op: "Get", Alg: alg, Thumb: thumb, Opts: opts}); err != nil {
		return nil, err
	}
	return f.getResp, nil
}

func (f *fakeCerts) List(ctx context.Context, opts *batch.CertificateListOptions) (*batch.CertificateListResponse, error) {
	if err := f.record(ctx, fakeCall{Op: "List", Opts: opts}); err != nil {
		return nil, err
	}
	if f.listFn != nil {
		return f.listFn(ctx, opts)
	}
	return f.listResp, nil
}

type skipTokenKey struct{}

// skipTokenMiddleware hands the $skiptoken of a next-page link to the fake,
// which cannot otherwise see query parameters the definition does not list.
func skipTokenMiddleware(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if tok := r.URL.Query().Get("$skiptoken"); tok != "" {
			r = r.WithContext(context.WithValue(r.Context(), skipTokenKey{}, tok))
		}
		h.ServeHTTP(w, r)
	})
}

// recordingTransport remembers the last response's status and headers as
// the client saw them (canonicalised by net/http).
type recordingTransport struct {
	mu     sync.Mutex
	status int
	header http.Header
	reqs   []*http.Request
}

func (tr *recordingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := http.DefaultTransport.RoundTrip(r)
	tr.mu.Lock()
	defer tr.mu.Unlock()
	tr.reqs = append(tr.reqs, r)
	if err == nil {
		tr.status, tr.header = resp.StatusCode, resp.Header.Clone()
	}
	return resp, err
}

func (tr *recordingTransport) last() (int, http.Header) {
	tr.mu.Lock()
	defer tr.mu.Unlock()
	return tr.status, tr.header
}

type env struct {
	fake *fakeCerts
	srv  *httptest.Server
	c    *batch.Client
	tr   *recordingTransport
	logs *errLog
}

type errLog struct {
	mu   sync.Mutex
	errs []error
}

func (l *errLog) log(_ *http.Request, err error) {
	l.mu.Lock()
	l.errs = append(l.errs, err)
	l.mu.Unlock()
}

func (l *errLog) all() []error {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]error(nil), l.errs...)
}

func newEnv(t *testing.T, fake *fakeCerts) *env {
	t.Helper()
	e := &env{fake: fake, tr: &recordingTransport{}, logs: &errLog{}}
	var s batch.Servers
	if fake != nil {
		s.Certificate = fake
	}
	e.srv = httptest.NewServer(skipTokenMiddleware(batch.NewHandler(s, batch.WithErrorLog(e.logs.log))))
	t.Cleanup(e.srv.Close)
	// Retries are off here so that each call is one request; retry_test.go
	// covers them.
	c, err := batch.NewClient(e.srv.URL, batch.WithHTTPClient(&http.Client{Transport: e.tr}),
		batch.WithRetry(batch.RetryPolicy{MaxAttempts: 1}))
	if err != nil {
		t.Fatal(err)
	}
	e.c = c
	return e
}

// ---------------------------------------------------------------------------
// Comparison helpers

// diff compares typed values; time.Time values are compared with Equal.
func diff(want, got any) string { return cmp.Diff(want, got) }

// generatedID checks that the client filled in a client-request-id the
// caller left empty (x-ms-client-request-id), then clears it so that the
// rest of opts can be compared.
func generatedID(t *testing.T, opts any) any {
	t.Helper()
	f := reflect.ValueOf(opts).Elem().FieldByName("ClientRequestID")
	id, _ := f.Interface().(*batch.UUID)
	if id == nil || id.IsZero() {
		t.Errorf("client-request-id was not generated: %v", id)
		return opts
	}
	f.Set(reflect.Zero(f.Type()))
	return opts
}

func mustUUID(t testing.TB, s string) batch.UUID {
	t.Helper()
	u, err := batch.ParseUUID(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func ptr[T any](v T) *T { return &v }

var ctxBG = context.Background()

// ---------------------------------------------------------------------------
// CancelDeletion

var trickyPathValues = []string{
	"sha1",
	"a,b",
	"a)b",
	"a(b",
	"O'Brien",
	"a/b",
	"/leading",
	"trailing/",
	"a=b",
	"with space",
	" ",
	"100%",
	"%41",
	"%2F",
	"a+b",
	"a?b#c",
	"a;b&c",
	"..",
	"ünïcødé ✓ 证书",
	"thumbprint=x",
	",thumbprint=",
	")/canceldelete",
	"thumbprintAlgorithm=sha1,thumbprint=abc",
	"\"quoted\"",
	"tab\there",
}

func TestCancelDeletionPathValues(t *testing.T) {
	for _, v := range trickyPathValues {
		t.Run(fmt.Sprintf("%q", v), func(t *testing.T) {
			e := newEnv(t, &fakeCerts{})
			if _, err := e.c.Certificate.CancelDeletion(ctxBG, v, "thumb"+v, nil); err != nil {
				t.Fatalf("CancelDeletion: %v", err)
			}
			if _, err := e.c.Certificate.Get(ctxBG, v, "thumb"+v, nil); err != nil {
				t.Fatalf("Get: %v", err)
			}
			if _, err := e.c.Certificate.Delete(ctxBG, "sha1", v, nil); err != nil {
				t.Fatalf("Delete: %v", err)
			}
			calls := e.fake.Calls()
			want := []fakeCall{{Op: "CancelDeletion", Alg: v, Thumb: "thumb" + v}, {Op: "Get", Alg: v, Thumb: "thumb" + v}, {Op: "Delete", Alg: "sha1", Thumb: v}}
			if len(calls) != len(want) {
				t.Fatalf("got %d calls, want %d", len(calls), len(want))
			}
			for i := range want {
				if calls[i].Op != want[i].Op || calls[i].Alg != want[i].Alg || calls[i].Thumb != want[i].Thumb {
					t.Errorf("call %d: got %s(%q, %q), want %s(%q, %q)", i, calls[i].Op, calls[i].Alg, calls[i].Thumb, want[i].Op, want[i].Alg, want[i].Thumb)
				}
			}
		})
	}
}

func TestCancelDeletionOptions(t *testing.T) {
	e := newEnv(t, &fakeCerts{})
	id := mustUUID(t, "9C4D50EE-2D56-4CD3-8152-34347DC9F2B0")
	date := time.Date(2017, 2, 17, 1, 2, 3, 456789, time.FixedZone("CET", 3600))
	for _, rcid := range []bool{true, false} {
		opts := &batch.CertificateCancelDeletionOptions{Timeout: ptr(int32(-7)), ClientRequestID: &id, ReturnClientRequestID: ptr(rcid), OCPDate: &date}
		if _, err := e.c.Certificate.CancelDeletion(ctxBG, "sha1", "abc", opts); err != nil {
			t.Fatal(err)
		}
		got, ok := e.fake.last(t).Opts.(*batch.CertificateCancelDeletionOptions)
		if !ok || got == nil {
			t.Fatalf("server got opts %#v", e.fake.last(t).Opts)
		}
		if got.Timeout == nil || *got.Timeout != -7 {
			t.Errorf("Timeout = %v, want -7", got.Timeout)
		}
		if got.ClientRequestID == nil || *got.ClientRequestID != id {
			t.Errorf("ClientRequestID = %v, want %v", got.ClientRequestID, id)
		}
		if got.ReturnClientRequestID == nil || *got.ReturnClientRequestID != rcid {
			t.Errorf("ReturnClientRequestID = %v, want %v", got.ReturnClientRequestID, rcid)
		}
		if got.OCPDate == nil || !got.OCPDate.Equal(date.Truncate(time.Second)) {
			t.Errorf("OCPDate = %v, want %v", got.OCPDate, date.Truncate(time.Second))
		} else if got.OCPDate.Location() != time.UTC {
			t.Errorf("OCPDate location = %v, want UTC (the wire form is GMT)", got.OCPDate.Location())
		}
	}
	// The extreme int32 values survive.
	for _, to := range []int32{2147483647, -2147483648, 0} {
		if _, err := e.c.Certificate.CancelDeletion(ctxBG, "sha1", "abc", &batch.CertificateCancelDeletionOptions{Timeout: ptr(to)}); err != nil {
			t.Fatal(err)
		}
		if got := e.fake.last(t).Opts.(*batch.CertificateCancelDeletionOptions).Timeout; got == nil || *got != to {
			t.Errorf("Timeout = %v, want %d", got, to)
		}
	}
}

// TestDefaults: with nil (or empty) opts the server method sees the
// definition's defaults, applied by the handler.
func TestDefaults(t *testing.T) {
	e := newEnv(t, &fakeCerts{})
	c := e.c.Certificate
	add := batch.CertificateAddParameter{Thumbprint: "t", ThumbprintAlgorithm: "sha1", Data: "d"}
	for _, empty := range []bool{false, true} {
		t.Run(fmt.Sprintf("emptyOpts=%v", empty), func(t *testing.T) {
			var err error
			if empty {
				_, err = c.CancelDeletion(ctxBG, "sha1", "t", &batch.CertificateCancelDeletionOptions{})
			} else {
				_, err = c.CancelDeletion(ctxBG, "sha1", "t", nil)
			}
			if err != nil {
				t.Fatal(err)
			}
			if d := diff(&batch.CertificateCancelDeletionOptions{Timeout: ptr(int32(30)), ReturnClientRequestID: ptr(false)}, generatedID(t, e.fake.last(t).Opts)); d != "" {
				t.Errorf("CancelDeletion opts (-want +got):\n%s", d)
			}
			if empty {
				_, err = c.Add(ctxBG, add, &batch.CertificateAddOptions{})
			} else {
				_, err = c.Add(ctxBG, add, nil)
			}
			if err != nil {
				t.Fatal(err)
			}
			if d := diff(&batch.CertificateAddOptions{Timeout: ptr(int32(30)), ReturnClientRequestID: ptr(false)}, generatedID(t, e.fake.last(t).Opts)); d != "" {
				t.Errorf("Add opts (-want +got):\n%s", d)
			}
			if empty {
				_, err = c.Delete(ctxBG, "sha1", "t", &batch.CertificateDeleteOptions{})
			} else {
				_, err = c.Delete(ctxBG, "sha1", "t", nil)
			}
			if err != nil {
				t.Fatal(err)
			}
			if d := diff(&batch.CertificateDeleteOptions{Timeout: ptr(int32(30)), ReturnClientRequestID: ptr(false)}, generatedID(t, e.fake.last(t).Opts)); d != "" {
				t.Errorf("Delete opts (-want +got):\n%s", d)
			}
			e.fake.getResp = &batch.CertificateGetResponse{}
			if empty {
				_, err = c.Get(ctxBG, "sha1", "t", &batch.CertificateGetOptions{})
			} else {
				_, err = c.Get(ctxBG, "sha1", "t", nil)
			}
			if err != nil {
				t.Fatal(err)
			}
			if d := diff(&batch.CertificateGetOptions{Timeout: ptr(int32(30)), ReturnClientRequestID: ptr(false)}, generatedID(t, e.fake.last(t).Opts)); d != "" {
				t.Errorf("Get opts (-want +got):\n%s", d)
			}
			if empty {
				_, err = c.List(ctxBG, &batch.CertificateListOptions{})
			} else {
				_, err = c.List(ctxBG, nil)
			}
			if err != nil {
				t.Fatal(err)
			}
			if d := diff(&batch.CertificateListOptions{Timeout: ptr(int32(30)), ReturnClientRequestID: ptr(false), MaxResults: ptr(int32(1000))}, generatedID(t, e.fake.last(t).Opts)); d != "" {
				t.Errorf("List opts (-want +got):\n%s", d)
			}
		})
	}
}

func fullCancelResp(t *testing.T) *batch.CertificateCancelDeletionResponse {
	return &batch.CertificateCancelDeletionResponse{
		ClientRequestID: ptr(mustUUID(t, "9c4d50ee-2d56-4cd3-8152-34347dc9f2b0")),
		RequestID:       ptr(mustUUID(t, "33333333-3333-3333-3333-333333333333")),
		ETag:            ptr(`W/"0x8D45765A6A2DC04"`),
		LastModified:    ptr(time.Date(2017, 2, 17, 10, 11, 12, 999999999, time.FixedZone("PST", -8*3600))),
		DataServiceID:   ptr("https://account.region.batch.azure.com/certificates(thumbprintAlgorithm=sha1,thumbprint=abc)"),
	}
}

func TestCancelDeletionResponseHeaders(t *testing.T) {
	want := fullCancelResp(t)
	e := newEnv(t, &fakeCerts{cancelResp: want})
	got, err := e.c.Certificate.CancelDeletion(ctxBG, "sha1", "abc", nil)
	if err != nil {
		t.Fatal(err)
	}
	w := *want
	w.LastModified = ptr(want.LastModified.Truncate(time.Second))
	if d := diff(&w, got); d != "" {
		t.Errorf("response (-want +got):\n%s", d)
	}
	if status, _ := e.tr.last(); status != http.StatusNoContent {
		t.Errorf("status = %d, want 204", status)
	}

	// Absent headers stay nil; request-id is then the handler's own.
	e.fake.cancelResp = nil
	got, err = e.c.Certificate.CancelDeletion(ctxBG, "sha1", "abc", nil)
	if err != nil {
		t.Fatal(err)
	}
	if got.ClientRequestID != nil || got.ETag != nil || got.LastModified != nil || got.DataServiceID != nil {
		t.Errorf("absent headers came back non-nil: %+v", got)
	}
	if got.RequestID == nil || got.RequestID.IsZero() {
		t.Errorf("RequestID = %v, want the handler's generated request-id", got.RequestID)
	}
}

// rawExchange sends a raw HTTP/1.1 request over TCP and returns the status
// line and header lines exactly as they appeared on the wire.
func rawExchange(t *testing.T, addr, request string) (string, []string) {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(10 * time.Second))
	if _, err := io.WriteString(conn, request); err != nil {
		t.Fatal(err)
	}
	br := bufio.NewReader(conn)
	status, err := br.ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for {
		l, err := br.ReadString('\n')
		if err != nil {
			t.Fatal(err)
		}
		l = strings.TrimRight(l, "\r\n")
		if l == "" {
			break
		}
		lines = append(lines, l)
	}
	return strings.TrimRight(status, "\r\n"), lines
}

func headerNames(lines []string) map[string]string {
	m := map[string]string{}
	for _, l := range lines {
		if k, v, ok := strings.Cut(l, ":"); ok {
			m[k] = strings.TrimSpace(v)
		}
	}
	return m
}

func TestWireHeaderSpelling(t *testing.T) {
	e := newEnv(t, &fakeCerts{cancelResp: fullCancelResp(t)})
	status, lines := rawExchange(t, e.srv.Listener.Addr().String(),
		"POST /certificates(thumbprintAlgorithm=sha1,thumbprint=abc)/canceldelete?api-version="+batch.APIVersion+" HTTP/1.1\r\n"+
			"Host: example\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
	if !strings.HasPrefix(status, "HTTP/1.1 204") {
		t.Fatalf("status line %q", status)
	}
	got := headerNames(lines)
	want := map[string]string{
		"ETag":              `W/"0x8D45765A6A2DC04"`,
		"DataServiceId":     "https://account.region.batch.azure.com/certificates(thumbprintAlgorithm=sha1,thumbprint=abc)",
		"Last-Modified":     "Fri, 17 Feb 2017 18:11:12 GMT",
		"client-request-id": "9c4d50ee-2d56-4cd3-8152-34347dc9f2b0",
		"request-id":        "33333333-3333-3333-3333-333333333333",
	}
	for k, v := range want {
		if gv, ok := got[k]; !ok {
			t.Errorf("header %q not on the wire with that exact spelling; header lines: %q", k, lines)
		} else if gv != v {
			t.Errorf("header %s = %q, want %q", k, gv, v)
		}
	}
}

// TestWireRequestSpelling: the client writes header names as the
// definition spells them and escapes path values.
func TestWireRequestSpelling(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	got := make(chan []string, 1)
	go func() {
		conn, err := ln.Accept()
		if err != nil {
			got <- nil
			return
		}
		defer conn.Close()
		br := bufio.NewReader(conn)
		var lines []string
		for {
			l, err := br.ReadString('\n')
			l = strings.TrimRight(l, "\r\n")
			if err != nil || l == "" {
				break
			}
			lines = append(lines, l)
		}
		_, _ = io.WriteString(conn, "HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n")
		got <- lines
	}()
	c, err := batch.NewClient("http://"+ln.Addr().String(), batch.WithHTTPClient(&http.Client{}))
	if err != nil {
		t.Fatal(err)
	}
	id := mustUUID(t, "9C4D50EE-2D56-4CD3-8152-34347DC9F2B0")
	_, err = c.Certificate.CancelDeletion(ctxBG, "sha1", "a,b)", &batch.CertificateCancelDeletionOptions{
		Timeout: ptr(int32(30)), ClientRequestID: &id, ReturnClientRequestID: ptr(true),
		OCPDate: ptr(time.Date(2017, 2, 17, 0, 0, 0, 0, time.UTC)),
	})
	if err != nil {
		t.Fatal(err)
	}
	lines := <-got
	if len(lines) == 0 {
		t.Fatal("no request read")
	}
	wantLine := "POST /certificates(thumbprintAlgorithm=sha1,thumbprint=a%2Cb%29)/canceldelete?api-version=2020-09-01.12.0&timeout=30 HTTP/1.1"
	if lines[0] != wantLine {
		t.Errorf("request line %q\nwant         %q", lines[0], wantLine)
	}
	h := headerNames(lines[1:])
	for k, v := range map[string]string{
		"client-request-id":        "9c4d50ee-2d56-4cd3-8152-34347dc9f2b0",
		"return-client-request-id": "true",
		"ocp-date":                 "Fri, 17 Feb 2017 00:00:00 GMT",
	} {
		if h[k] != v {
			t.Errorf("request header %q = %q, want %q (lines %q)", k, h[k], v, lines)
		}
	}
}

// ---------------------------------------------------------------------------
// Errors

func TestErrorModel409(t *testing.T) {
	model := &batch.BatchError{
		Code:    ptr("CertificateNotDeleteFailed"),
		Message: &batch.ErrorMessage{Lang: ptr("en-US"), Value: ptr("The certificate is not in the deletefailed state.")},
		Values:  []batch.BatchErrorDetail{{Key: ptr("State"), Value: ptr("active")}, {Key: ptr("Reason"), Value: ptr("ünïcødé")}},
	}
	e := newEnv(t, &fakeCerts{err: &batch.ResponseError{StatusCode: 409, Err: model}})
	_, err := e.c.Certificate.CancelDeletion(ctxBG, "sha1", "abc", nil)
	if err == nil {
		t.Fatal("no error")
	}
	var be *batch.BatchError
	if !errors.As(err, &be) {
		t.Fatalf("errors.As(*BatchError) false for %T %v", err, err)
	}
	if d := diff(model, be); d != "" {
		t.Errorf("BatchError (-want +got):\n%s", d)
	}
	var re *batch.ResponseError
	if !errors.As(err, &re) {
		t.Fatalf("errors.As(*ResponseError) false for %T %v", err, err)
	}
	status, hdr := e.tr.last()
	if re.StatusCode != 409 || status != 409 {
		t.Errorf("StatusCode = %d (wire %d), want 409", re.StatusCode, status)
	}
	if wire := hdr.Get("request-id"); wire == "" || re.RequestID != wire {
		t.Errorf("RequestID = %q, want the request-id header %q", re.RequestID, wire)
	} else if _, err := batch.ParseUUID(wire); err != nil {
		t.Errorf("request-id %q is not a UUID: %v", wire, err)
	}
	var body map[string]any
	if len(re.Body) == 0 || json.Unmarshal(re.Body, &body) != nil {
		t.Errorf("Body = %q, want a JSON object", re.Body)
	}
	if re.Unwrap() != error(be) {
		t.Errorf("Unwrap() = %v, want the *BatchError", re.Unwrap())
	}
	if re.Method != "POST" || strings.Contains(re.URL, "api-version") {
		t.Errorf("Method/URL = %s %s (the query must be redacted)", re.Method, re.URL)
	}
	if len(e.logs.all()) != 0 {
		t.Errorf("an error model was logged as internal: %v", e.logs.all())
	}

	// Other operations and statuses map the same way.
	for _, st := range []int{400, 403, 404, 412, 500, 503} {
		e.fake.err = &batch.ResponseError{StatusCode: st, Err: model}
		_, err := e.c.Certificate.Get(ctxBG, "sha1", "abc", nil)
		if !errors.As(err, &re) || re.StatusCode != st || !errors.As(err, &be) || *be.Code != *model.Code {
			t.Errorf("status %d: got %v", st, err)
		}
	}
	// A bare error model (no ResponseError) is still written as the body.
	e.fake.err = model
	_, err = e.c.Certificate.Delete(ctxBG, "sha1", "abc", nil)
	if !errors.As(err, &be) || diff(model, be) != "" {
		t.Errorf("bare model: got %v", err)
	}
	// A wrapped model too.
	e.fake.err = fmt.Errorf("context: %w", &batch.ResponseError{StatusCode: 409, Err: model})
	_, err = e.c.Certificate.List(ctxBG, nil)
	if !errors.As(err, &re) || re.StatusCode != 409 || !errors.As(err, &be) || diff(model, be) != "" {
		t.Errorf("wrapped model: got %v", err)
	}
}

func TestInternalErrorNotLeaked(t *testing.T) {
	for _, tc := range []struct {
		name string
		fake *fakeCerts
	}{
		{"plain", &fakeCerts{err: errors.New("secret db password")}},
		{"wrapped", &fakeCerts{err: fmt.Errorf("op: %w", errors.New("secret db password"))}},
		{"ResponseErrorWithPlainErr", &fakeCerts{err: &batch.ResponseError{StatusCode: 500, Err: errors.New("secret db password")}}},
		{"panic", &fakeCerts{panicWith: "secret db password"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, tc.fake)
			_, err := e.c.Certificate.CancelDeletion(ctxBG, "sha1", "abc", nil)
			var re *batch.ResponseError
			if !errors.As(err, &re) {
				t.Fatalf("err = %v, want *ResponseError", err)
			}
			if re.StatusCode != 500 {
				t.Errorf("StatusCode = %d, want 500", re.StatusCode)
			}
			if strings.Contains(strings.ToLower(string(re.Body)), "secret") || strings.Contains(err.Error(), "secret") {
				t.Errorf("the internal error leaked: body %q, err %v", re.Body, err)
			}
			var be *batch.BatchError
			if !errors.As(err, &be) || be.Code == nil || *be.Code == "" {
				t.Errorf("500 body is not a BatchError with a code: %q", re.Body)
			}
			if logs := e.logs.all(); len(logs) != 1 || !strings.Contains(logs[0].Error(), "secret db password") {
				t.Errorf("error log = %v, want the internal error once", logs)
			}
		})
	}
}

func TestUnimplemented(t *testing.T) {
	for _, tc := range []struct {
		name string
		s    batch.CertificateServer
	}{
		{"nil", nil},
		{"embedded", struct {
			batch.UnimplementedCertificateServer
		}{}},
		{"value", batch.UnimplementedCertificateServer{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := httptest.NewServer(batch.NewHandler(batch.Servers{Certificate: tc.s}))
			defer srv.Close()
			c, err := batch.NewClient(srv.URL)
			if err != nil {
				t.Fatal(err)
			}
			cc := c.Certificate
			errs := map[string]error{}
			_, errs["Add"] = cc.Add(ctxBG, batch.CertificateAddParameter{Thumbprint: "t", ThumbprintAlgorithm: "sha1", Data: "d"}, nil)
			_, errs["CancelDeletion"] = cc.CancelDeletion(ctxBG, "sha1", "t", nil)
			_, errs["Delete"] = cc.Delete(ctxBG, "sha1", "t", nil)
			_, errs["Get"] = cc.Get(ctxBG, "sha1", "t", nil)
			_, errs["List"] = cc.List(ctxBG, nil)
			n := 0
			for _, err := range cc.ListAll(ctxBG, nil) {
				n++
				errs["ListAll"] = err
			}
			if n != 1 {
				t.Errorf("ListAll yielded %d times, want 1 (the error)", n)
			}
			for op, err := range errs {
				var re *batch.ResponseError
				if !errors.As(err, &re) || re.StatusCode != http.StatusNotImplemented {
					t.Errorf("%s: err = %v, want a 501 *ResponseError", op, err)
					continue
				}
				var be *batch.BatchError
				if !errors.As(err, &be) || be.Code == nil || *be.Code == "" {
					t.Errorf("%s: body %q is not a BatchError", op, re.Body)
				}
			}
		})
	}
}

// ---------------------------------------------------------------------------
// Add, Get, Delete, List

func TestAdd(t *testing.T) {
	for _, format := range (batch.CertificateFormat("")).Values() {
		t.Run(string(format), func(t *testing.T) {
			want201 := &batch.CertificateAddResponse{
				ClientRequestID: ptr(mustUUID(t, "00000000-0000-0000-0000-000000000001")),
				RequestID:       ptr(mustUUID(t, "11111111-1111-1111-1111-111111111111")),
				ETag:            ptr("0x1"),
				LastModified:    ptr(time.Date(2020, 1, 2, 3, 4, 5, 0, time.UTC)),
				DataServiceID:   ptr("https://x/certificates(thumbprintAlgorithm=sha1,thumbprint=t)"),
			}
			e := newEnv(t, &fakeCerts{addResp: want201})
			body := batch.CertificateAddParameter{
				Thumbprint:          "0123456789abcdef0123456789abcdef01234567",
				ThumbprintAlgorithm: "sha1",
				Data:                "MIIJsgIBAzCCCW4GCSqGSIb3DQE+/=",
				CertificateFormat:   ptr(format),
				Password:            ptr(`p@ss "wörd" <&>`),
			}
			id := batch.NewUUID()
			opts := &batch.CertificateAddOptions{Timeout: ptr(int32(90)), ClientRequestID: &id, ReturnClientRequestID: ptr(true), OCPDate: ptr(time.Date(2021, 3, 4, 5, 6, 7, 0, time.UTC))}
			got, err := e.c.Certificate.Add(ctxBG, body, opts)
			if err != nil {
				t.Fatal(err)
			}
			if d := diff(want201, got); d != "" {
				t.Errorf("response (-want +got):\n%s", d)
			}
			if st, _ := e.tr.last(); st != 201 {
				t.Errorf("status = %d, want 201", st)
			}
			call := e.fake.last(t)
			if d := diff(&body, call.Body); d != "" {
				t.Errorf("body (-want +got):\n%s", d)
			}
			if d := diff(opts, call.Opts); d != "" {
				t.Errorf("opts (-want +got):\n%s", d)
			}
			// On the wire the request has the definition's content type.
			e.tr.mu.Lock()
			ct := e.tr.reqs[len(e.tr.reqs)-1].Header.Get("Content-Type")
			e.tr.mu.Unlock()
			if ct != "application/json; odata=minimalmetadata" {
				t.Errorf("Content-Type = %q", ct)
			}
		})
	}
	t.Run("minimal", func(t *testing.T) {
		e := newEnv(t, &fakeCerts{})
		body := batch.CertificateAddParameter{Thumbprint: "", ThumbprintAlgorithm: "", Data: ""}
		if _, err := e.c.Certificate.Add(ctxBG, body, nil); err != nil {
			t.Fatal(err)
		}
		if d := diff(&body, e.fake.last(t).Body); d != "" {
			t.Errorf("body (-want +got):\n%s", d)
		}
	})
}

func fullCertificate(thumb string, i int) batch.Certificate {
	return batch.Certificate{
		Thumbprint:                  ptr(thumb),
		ThumbprintAlgorithm:         ptr("sha1"),
		URL:                         ptr("https://account.region.batch.azure.com/certificates(thumbprintAlgorithm=sha1,thumbprint=" + thumb + ")"),
		State:                       ptr(batch.CertificateStateDeleteFailed),
		StateTransitionTime:         ptr(time.Date(2017, 2, 16, 21, 12, 58, 236000000+i, time.UTC)),
		PreviousState:               ptr(batch.CertificateStateDeleting),
		PreviousStateTransitionTime: ptr(time.Date(2017, 2, 16, 21, 11, 58, 0, time.FixedZone("", 5*3600+1800))),
		PublicData:                  ptr("MIIC9jCCAd6gAwIBAgIQ..."),
		DeleteCertificateError: &batch.DeleteCertificateError{
			Code:    ptr("PoolsReferencingCertificate"),
			Message: ptr("The certificate is still referenced by one or more pools."),
			Values:  []batch.NameValuePair{{Name: ptr("Pools"), Value: ptr("mypool1")}, {Name: ptr("Nodes"), Value: ptr("")}},
		},
	}
}

func TestGet(t *testing.T) {
	want := &batch.CertificateGetResponse{
		Certificate:     fullCertificate("abc", 0),
		ClientRequestID: ptr(batch.NewUUID()),
		RequestID:       ptr(batch.NewUUID()),
		ETag:            ptr("0x8D45765A6A2DC04"),
		LastModified:    ptr(time.Date(2017, 2, 17, 0, 0, 0, 0, time.UTC)),
	}
	e := newEnv(t, &fakeCerts{getResp: want})
	opts := &batch.CertificateGetOptions{Select: ptr("thumbprint,state"), Timeout: ptr(int32(5)), ReturnClientRequestID: ptr(false)}
	got, err := e.c.Certificate.Get(ctxBG, "sha1", "abc", opts)
	if err != nil {
		t.Fatal(err)
	}
	// The server method filled every member; $select=thumbprint,state
	// leaves those two.
	selected := *want
	selected.Certificate = batch.Certificate{Thumbprint: want.Thumbprint, State: want.State}
	if d := diff(&selected, got); d != "" {
		t.Errorf("response (-want +got):\n%s", d)
	}
	call := e.fake.last(t)
	if call.Alg != "sha1" || call.Thumb != "abc" {
		t.Errorf("path args %q %q", call.Alg, call.Thumb)
	}
	if d := diff(opts, generatedID(t, call.Opts)); d != "" {
		t.Errorf("opts (-want +got):\n%s", d)
	}
	// Each state round-trips.
	for _, st := range (batch.CertificateState("")).Values() {
		e.fake.getResp = &batch.CertificateGetResponse{Certificate: batch.Certificate{State: ptr(st)}}
		got, err := e.c.Certificate.Get(ctxBG, "sha1", "abc", nil)
		if err != nil || got.State == nil || *got.State != st {
			t.Errorf("state %s: got %v, %v", st, got, err)
		}
	}
}

func TestDelete(t *testing.T) {
	want := &batch.CertificateDeleteResponse{
		ClientRequestID: ptr(batch.NewUUID()),
		RequestID:       ptr(batch.NewUUID()),
		ETag:            ptr("0x2"),
		LastModified:    ptr(time.Date(2019, 12, 31, 23, 59, 59, 0, time.UTC)),
	}
	e := newEnv(t, &fakeCerts{deleteResp: want})
	opts := &batch.CertificateDeleteOptions{Timeout: ptr(int32(1)), ClientRequestID: ptr(batch.NewUUID()), ReturnClientRequestID: ptr(true), OCPDate: ptr(time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC))}
	got, err := e.c.Certificate.Delete(ctxBG, "sha1", "abc", opts)
	if err != nil {
		t.Fatal(err)
	}
	if d := diff(want, got); d != "" {
		t.Errorf("response (-want +got):\n%s", d)
	}
	if st, _ := e.tr.last(); st != 202 {
		t.Errorf("status = %d, want 202", st)
	}
	call := e.fake.last(t)
	if call.Op != "Delete" || call.Alg != "sha1" || call.Thumb != "abc" {
		t.Errorf("call %+v", call)
	}
	if d := diff(opts, call.Opts); d != "" {
		t.Errorf("opts (-want +got):\n%s", d)
	}
}

func TestList(t *testing.T) {
	want := &batch.CertificateListResponse{
		CertificateListResult: batch.CertificateListResult{
			Value:         []batch.Certificate{fullCertificate("a", 1), fullCertificate("b", 2)},
			ODataNextLink: ptr("https://account.region.batch.azure.com/certificates?api-version=2020-09-01.12.0&$skiptoken=x"),
		},
		ClientRequestID: ptr(batch.NewUUID()),
		RequestID:       ptr(batch.NewUUID()),
		ETag:            ptr("0x3"),
		LastModified:    ptr(time.Date(2018, 6, 1, 0, 0, 0, 0, time.UTC)),
	}
	e := newEnv(t, &fakeCerts{listResp: want})
	opts := &batch.CertificateListOptions{Filter: ptr("state eq 'active' and thumbprint eq 'a&b=c'"), Select: ptr("thumbprint"), MaxResults: ptr(int32(1)), Timeout: ptr(int32(2)), ReturnClientRequestID: ptr(true), ClientRequestID: ptr(batch.NewUUID())}
	got, err := e.c.Certificate.List(ctxBG, opts)
	if err != nil {
		t.Fatal(err)
	}
	// $select=thumbprint applies to each item; the next link stays.
	selected := *want
	selected.Value = []batch.Certificate{{Thumbprint: want.Value[0].Thumbprint}, {Thumbprint: want.Value[1].Thumbprint}}
	if d := diff(&selected, got); d != "" {
		t.Errorf("response (-want +got):\n%s", d)
	}
	if d := diff(opts, e.fake.last(t).Opts); d != "" {
		t.Errorf("opts (-want +got):\n%s", d)
	}
	// An empty page.
	e.fake.listResp = &batch.CertificateListResponse{}
	got, err = e.c.Certificate.List(ctxBG, nil)
	if err != nil || len(got.Value) != 0 || got.ODataNextLink != nil {
		t.Errorf("empty page: %+v, %v", got, err)
	}
}

// pagedFake serves 5 certificates over 3 pages; the page is chosen by the
// $skiptoken of the next-page link the previous page returned.
func pagedFake(t *testing.T, e **env, relative bool) *fakeCerts {
	return &fakeCerts{listFn: func(ctx context.Context, opts *batch.CertificateListOptions) (*batch.CertificateListResponse, error) {
		tok, _ := ctx.Value(skipTokenKey{}).(string)
		link := func(next string) *string {
			q := url.Values{"api-version": {batch.APIVersion}, "$skiptoken": {next}}
			if opts.Filter != nil {
				q.Set("$filter", *opts.Filter)
			}
			if opts.MaxResults != nil {
				q.Set("maxresults", fmt.Sprint(*opts.MaxResults))
			}
			if relative {
				return ptr("/certificates?" + q.Encode())
			}
			return ptr((*e).srv.URL + "/certificates?" + q.Encode())
		}
		mk := func(names ...string) []batch.Certificate {
			var cs []batch.Certificate
			for _, n := range names {
				cs = append(cs, batch.Certificate{Thumbprint: ptr(n)})
			}
			return cs
		}
		r := &batch.CertificateListResponse{RequestID: ptr(batch.NewUUID())}
		switch tok {
		case "":
			r.Value, r.ODataNextLink = mk("c1", "c2"), link("page2")
		case "page2":
			r.Value, r.ODataNextLink = mk("c3", "c4"), link("page3")
		case "page3":
			r.Value = mk("c5")
		default:
			t.Errorf("unexpected $skiptoken %q", tok)
			return nil, &batch.ResponseError{StatusCode: 400, Err: &batch.BatchError{Code: ptr("BadToken")}}
		}
		return r, nil
	}}
}

func TestListAllPager(t *testing.T) {
	for _, relative := range []bool{false, true} {
		t.Run(fmt.Sprintf("relative=%v", relative), func(t *testing.T) {
			var e *env
			e = newEnv(t, pagedFake(t, &e, relative))
			id := batch.NewUUID()
			opts := &batch.CertificateListOptions{Filter: ptr("state eq 'active'"), MaxResults: ptr(int32(2)), ClientRequestID: &id}
			var got []string
			for c, err := range e.c.Certificate.ListAll(ctxBG, opts) {
				if err != nil {
					t.Fatalf("after %v: %v", got, err)
				}
				got = append(got, *c.Thumbprint)
			}
			if want := []string{"c1", "c2", "c3", "c4", "c5"}; !cmp.Equal(want, got) {
				t.Errorf("items %v, want %v", got, want)
			}
			calls := e.fake.Calls()
			if len(calls) != 3 {
				t.Fatalf("List called %d times, want 3", len(calls))
			}
			for i, c := range calls {
				o := c.Opts.(*batch.CertificateListOptions)
				if wantTok := []string{"", "page2", "page3"}[i]; c.SkipToken != wantTok {
					t.Errorf("page %d: $skiptoken %q, want %q", i+1, c.SkipToken, wantTok)
				}
				if o.Filter == nil || *o.Filter != "state eq 'active'" || o.MaxResults == nil || *o.MaxResults != 2 {
					t.Errorf("page %d: opts lost the filter/maxresults: %+v", i+1, o)
				}
				if o.ClientRequestID == nil || *o.ClientRequestID != id {
					t.Errorf("page %d: client-request-id header not re-sent: %v", i+1, o.ClientRequestID)
				}
			}
		})
	}
	t.Run("breakEarly", func(t *testing.T) {
		var e *env
		e = newEnv(t, pagedFake(t, &e, false))
		var got []string
		for c, err := range e.c.Certificate.ListAll(ctxBG, nil) {
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, *c.Thumbprint)
			if len(got) == 3 {
				break
			}
		}
		if want := []string{"c1", "c2", "c3"}; !cmp.Equal(want, got) {
			t.Errorf("items %v, want %v", got, want)
		}
		if n := len(e.fake.Calls()); n != 2 {
			t.Errorf("List called %d times, want 2 (no page fetched after the break)", n)
		}
	})
	t.Run("errorOnPage2", func(t *testing.T) {
		var e *env
		f := pagedFake(t, &e, false)
		inner := f.listFn
		f.listFn = func(ctx context.Context, o *batch.CertificateListOptions) (*batch.CertificateListResponse, error) {
			if tok, _ := ctx.Value(skipTokenKey{}).(string); tok == "page2" {
				return nil, &batch.ResponseError{StatusCode: 503, Err: &batch.BatchError{Code: ptr("ServerBusy")}}
			}
			return inner(ctx, o)
		}
		e = newEnv(t, f)
		var got []string
		var errs []error
		for c, err := range e.c.Certificate.ListAll(ctxBG, nil) {
			if err != nil {
				errs = append(errs, err)
				continue
			}
			got = append(got, *c.Thumbprint)
		}
		var re *batch.ResponseError
		if !cmp.Equal([]string{"c1", "c2"}, got) || len(errs) != 1 || !errors.As(errs[0], &re) || re.StatusCode != 503 {
			t.Errorf("items %v errs %v", got, errs)
		}
	})
	t.Run("foreignLinkRefused", func(t *testing.T) {
		e := newEnv(t, &fakeCerts{listResp: &batch.CertificateListResponse{CertificateListResult: batch.CertificateListResult{
			Value: []batch.Certificate{{Thumbprint: ptr("c1")}}, ODataNextLink: ptr("https://evil.example/certificates?api-version=" + batch.APIVersion),
		}}})
		var n, nerr int
		for _, err := range e.c.Certificate.ListAll(ctxBG, nil) {
			n++
			if err != nil {
				nerr++
			}
		}
		if n != 2 || nerr != 1 {
			t.Errorf("yielded %d values with %d errors, want 1 item then 1 error", n, nerr)
		}
		if calls := len(e.fake.Calls()); calls != 1 {
			t.Errorf("List called %d times, want 1", calls)
		}
	})
}

// TestResponseErrorWithoutModel: a server method that returns a bare
// *ResponseError (no error model) keeps its status; the generated body
// should not describe a 4xx as an internal server error.
func TestResponseErrorWithoutModel(t *testing.T) {
	for _, st := range []int{404, 409, 503} {
		t.Run(fmt.Sprint(st), func(t *testing.T) {
			e := newEnv(t, &fakeCerts{err: &batch.ResponseError{StatusCode: st}})
			_, err := e.c.Certificate.Get(ctxBG, "sha1", "abc", nil)
			var re *batch.ResponseError
			if !errors.As(err, &re) || re.StatusCode != st {
				t.Fatalf("err = %v, want status %d", err, st)
			}
			var be *batch.BatchError
			if !errors.As(err, &be) || be.Code == nil || *be.Code == "" {
				t.Fatalf("body %q is not a BatchError", re.Body)
			}
			if st < 500 && *be.Code == "InternalServerError" {
				// BUG: writeError falls back to writeFramework(status,
				// "InternalServerError", "The server encountered an internal
				// error.") for any non-model error, whatever the status.
				t.Errorf("status %d answered with code %q, message %q", st, *be.Code, *be.Message.Value)
			}
		})
	}
}
