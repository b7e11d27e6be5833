package main

import (
	"encoding/base64"
	"fmt"
	"strings"
)

// The benchmark sources written into the temporary module. Every generated
// package gets the same common file (constants, the prebuilt request, the
// canned client transport, the checks) and one file written against its
// generator's API. Each benchmark first runs its operation once and checks
// the result (status, typed headers, a JSON-equivalent body), so a stub that
// silently answers 400 cannot produce a flattering number.

// The fixed request of every benchmark.
const (
	benchThumbprint = "0123456789abcdef0123456789abcdef01234567"
	benchAPIVersion = "2019-08-01.10.0"
	benchCancelPath = "/certificates(thumbprintAlgorithm=sha1,thumbprint=" + benchThumbprint + ")/canceldelete?api-version=" + benchAPIVersion + "&timeout=30"
)

// certificateJSON is the full Certificate every Get benchmark returns or
// decodes: every property set, publicData the size of a real base-64 .cer
// (1,200 characters), and a deletion error with three details.
func certificateJSON() string {
	der := make([]byte, 900)
	for i := range der {
		der[i] = byte(i*7 + 3)
	}
	return `{"deleteCertificateError":{"code":"CertificateBeingUsed","message":"The specified certificate is being used by the below mentioned pool(s)",` +
		`"values":[{"name":"Pools","value":"pool-a"},{"name":"Pools","value":"pool-b"},{"name":"Nodes","value":"tvm-1234567890_1-20190801t123456z"}]},` +
		`"previousState":"deleting","previousStateTransitionTime":"2019-08-01T12:30:00Z",` +
		`"publicData":"` + base64.StdEncoding.EncodeToString(der) + `",` +
		`"state":"deletefailed","stateTransitionTime":"2019-08-01T12:34:56Z",` +
		`"thumbprint":"` + benchThumbprint + `","thumbprintAlgorithm":"sha1",` +
		`"url":"https://account.region.batch.azure.com/certificates(thumbprintAlgorithm=sha1,thumbprint=` + benchThumbprint + `)"}`
}

// commonSource is shared by every benchmarked package (package pkg_test).
func commonSource(pkg string) string {
	return fmt.Sprintf(commonTemplate, pkg, benchThumbprint, benchAPIVersion, benchCancelPath, certificateJSON())
}

const commonTemplate = `// Code written by oasgen-rtbench. DO NOT EDIT.

package %s_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
	"time"
)

const (
	thumbprintAlgorithm = "sha1"
	thumbprint          = %q
	apiVersion          = %q
	cancelPath          = %q
	getPath             = "/certificates(thumbprintAlgorithm=sha1,thumbprint=" + thumbprint + ")?api-version=" + apiVersion + "&timeout=30"
	clientRequestIDStr  = "9c4d50ee-2d56-4cd3-8152-34347dc9f2b0"
	requestIDStr        = "3f1e5d8a-7b2c-4e9f-a0d1-6c5b4a392817"
	ocpDateStr          = "Fri, 17 Feb 2017 00:00:00 GMT"
	endpoint            = "https://account.region.batch.azure.com"
	token               = "benchmark-token"
)

var (
	certificateJSON = []byte(%q)

	// Package variables, so that pointing at them costs no allocation in
	// any stub.
	etag          = "0x8D4EDFEBFADF4AB"
	dataServiceID = endpoint + "/certificates(thumbprintAlgorithm=sha1,thumbprint=" + thumbprint + ")"
	lastModified  = time.Date(2017, 2, 17, 0, 0, 0, 0, time.UTC)
	ocpDate       = time.Date(2017, 2, 17, 0, 0, 0, 0, time.UTC)
	timeout30     = int32(30)
	trueValue     = true
	farFuture     = time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC)

	errBadParams = errors.New("stub: unexpected parameters")
)

// newRequest is the prebuilt request, reused by every iteration. Header
// names are canonical, as net/http's server delivers them.
func newRequest(method, target string) *http.Request {
	r := httptest.NewRequest(method, target, nil)
	r.Header.Set("client-request-id", clientRequestIDStr)
	r.Header.Set("return-client-request-id", "true")
	r.Header.Set("ocp-date", ocpDateStr)
	r.Header.Set("Authorization", "Bearer "+token)
	return r
}

// header reads a response header whatever the case of its stored name
// (a handler may store a non-canonical name directly in the map).
func header(h http.Header, name string) string {
	for k, v := range h {
		if strings.EqualFold(k, name) && len(v) > 0 {
			return v[0]
		}
	}
	return ""
}

func checkHeaders(h http.Header, names ...string) error {
	want := map[string]string{
		"client-request-id": clientRequestIDStr,
		"request-id":        requestIDStr,
		"ETag":              etag,
		"Last-Modified":     lastModified.Format(http.TimeFormat),
		"DataServiceId":     dataServiceID,
	}
	for _, n := range names {
		if got := header(h, n); !strings.EqualFold(got, want[n]) {
			return fmt.Errorf("header %%s = %%q, want %%q", n, got, want[n])
		}
	}
	return nil
}

func checkCancel(rec *httptest.ResponseRecorder) error {
	if rec.Code != 204 {
		return fmt.Errorf("status %%d, want 204; body %%s", rec.Code, rec.Body.Bytes())
	}
	return checkHeaders(rec.Header(), "client-request-id", "request-id", "ETag", "Last-Modified", "DataServiceId")
}

func checkGet(rec *httptest.ResponseRecorder) error {
	if rec.Code != 200 {
		return fmt.Errorf("status %%d, want 200; body %%s", rec.Code, rec.Body.Bytes())
	}
	if err := checkHeaders(rec.Header(), "client-request-id", "request-id", "ETag", "Last-Modified"); err != nil {
		return err
	}
	return jsonEqual(rec.Body.Bytes(), certificateJSON)
}

// jsonEqual reports whether two JSON documents hold the same value.
func jsonEqual(got, want []byte) error {
	var g, w any
	if err := json.Unmarshal(got, &g); err != nil {
		return fmt.Errorf("invalid JSON %%q: %%v", got, err)
	}
	if err := json.Unmarshal(want, &w); err != nil {
		return err
	}
	if !reflect.DeepEqual(g, w) {
		return fmt.Errorf("JSON differs:\n got %%s\nwant %%s", got, want)
	}
	return nil
}

// benchServer times handler.ServeHTTP with a fresh httptest.ResponseRecorder
// per iteration and the same prebuilt request.
func benchServer(b *testing.B, h http.Handler, req *http.Request, check func(*httptest.ResponseRecorder) error) {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if err := check(rec); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		h.ServeHTTP(httptest.NewRecorder(), req)
	}
}

// cannedTransport answers every request with the same Certificate_Get
// response, as net/http's client would deliver it (canonical header names).
type cannedTransport struct {
	header http.Header
	check  bool
	err    error
}

func newCannedTransport() *cannedTransport {
	h := http.Header{}
	h.Set("Content-Type", "application/json; odata=minimalmetadata")
	h.Set("ETag", etag)
	h.Set("Last-Modified", lastModified.Format(http.TimeFormat))
	h.Set("client-request-id", clientRequestIDStr)
	h.Set("request-id", requestIDStr)
	return &cannedTransport{header: h}
}

func (t *cannedTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if t.check {
		t.err = checkClientRequest(req)
	}
	if req.Body != nil {
		req.Body.Close()
	}
	return &http.Response{
		Status:        "200 OK",
		StatusCode:    200,
		Proto:         "HTTP/1.1",
		ProtoMajor:    1,
		ProtoMinor:    1,
		Header:        t.header.Clone(),
		Body:          io.NopCloser(bytes.NewReader(certificateJSON)),
		ContentLength: int64(len(certificateJSON)),
		Request:       req,
	}, nil
}

func checkClientRequest(req *http.Request) error {
	switch {
	case req.Method != "GET":
		return fmt.Errorf("method %%s", req.Method)
	case !strings.Contains(req.URL.Path, "thumbprint="+thumbprint):
		return fmt.Errorf("path %%s", req.URL.Path)
	case req.URL.Query().Get("api-version") != apiVersion || req.URL.Query().Get("timeout") != "30":
		return fmt.Errorf("query %%s", req.URL.RawQuery)
	case !strings.EqualFold(header(req.Header, "client-request-id"), clientRequestIDStr):
		return fmt.Errorf("client-request-id %%q", header(req.Header, "client-request-id"))
	case header(req.Header, "return-client-request-id") != "true":
		return fmt.Errorf("return-client-request-id %%q", header(req.Header, "return-client-request-id"))
	case header(req.Header, "ocp-date") != ocpDateStr:
		return fmt.Errorf("ocp-date %%q", header(req.Header, "ocp-date"))
	case header(req.Header, "Authorization") != "Bearer "+token:
		return fmt.Errorf("Authorization %%q", header(req.Header, "Authorization"))
	}
	return nil
}

// benchClient checks one call (the request on the wire and, through
// decoded, the Certificate the client returned), then times get.
func benchClient(b *testing.B, t *cannedTransport, get func() (any, error)) {
	t.check = true
	v, err := get()
	t.check = false
	if err == nil {
		err = t.err
	}
	if err == nil {
		var out []byte
		out, err = marshal(v)
		if err == nil {
			err = jsonEqual(out, certificateJSON)
		}
	}
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := get(); err != nil {
			b.Fatal(err)
		}
	}
}

// encodeWith and decodeWith are the generated package's own JSON entry
// points, set by a benchmark file whose package has them (oasgen's
// EncodeJSON and DecodeJSON); nil elsewhere.
var (
	encodeWith func(any) ([]byte, error)
	decodeWith func([]byte, any) error
)

// marshal and unmarshal use the package's JSON entry points, else a
// type's own JSON methods when the generator wrote them (as ogen does),
// else encoding/json's reflection.
func marshal(v any) ([]byte, error) {
	if encodeWith != nil {
		return encodeWith(v)
	}
	if m, ok := v.(json.Marshaler); ok {
		return m.MarshalJSON()
	}
	return json.Marshal(v)
}

func unmarshal(data []byte, v any) error {
	if decodeWith != nil {
		return decodeWith(data, v)
	}
	if u, ok := v.(json.Unmarshaler); ok {
		return u.UnmarshalJSON(data)
	}
	return json.Unmarshal(data, v)
}

// benchEncode times encoding the full Certificate at v (a pointer).
func benchEncode(b *testing.B, v any) {
	out, err := marshal(v)
	if err == nil {
		err = jsonEqual(out, certificateJSON)
	}
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := marshal(v); err != nil {
			b.Fatal(err)
		}
	}
}

// benchDecode times decoding the full Certificate into a fresh value made by
// fresh (a pointer), as a client does for every response.
func benchDecode(b *testing.B, fresh func() any) {
	v := fresh()
	err := unmarshal(certificateJSON, v)
	if err == nil {
		var out []byte
		if out, err = marshal(v); err == nil {
			err = jsonEqual(out, certificateJSON)
		}
	}
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := unmarshal(certificateJSON, fresh()); err != nil {
			b.Fatal(err)
		}
	}
}
`

// oasgenSource benchmarks the package oasgen generated; codecFuncs: it
// has EncodeJSON and DecodeJSON, which the Cert benchmarks then call.
func oasgenSource(pkg string, codecFuncs bool) string {
	src := strings.ReplaceAll(oasgenTemplate, "PKG", pkg)
	if codecFuncs {
		src += "\nfunc init() { encodeWith, decodeWith = gen.EncodeJSON, gen.DecodeJSON }\n"
	}
	return src
}

const oasgenTemplate = `// Code written by oasgen-rtbench. DO NOT EDIT.

package PKG_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	gen "rtbench/PKG"
)

var (
	clientRequestID = mustUUID(clientRequestIDStr)
	requestID       = mustUUID(requestIDStr)
	cert            gen.Certificate
)

func mustUUID(s string) gen.UUID {
	u, err := gen.ParseUUID(s)
	if err != nil {
		panic(err)
	}
	return u
}

func init() {
	if err := unmarshal(certificateJSON, &cert); err != nil {
		panic(err)
	}
}

type server struct {
	gen.UnimplementedCertificateServer
}

func (server) CancelDeletion(ctx context.Context, alg, tp string, opts *gen.CertificateCancelDeletionOptions) (*gen.CertificateCancelDeletionResponse, error) {
	if alg != thumbprintAlgorithm || tp != thumbprint || opts == nil || opts.Timeout == nil || *opts.Timeout != 30 || opts.OCPDate == nil {
		return nil, errBadParams
	}
	resp := &gen.CertificateCancelDeletionResponse{DataServiceID: &dataServiceID, ETag: &etag, LastModified: &lastModified, RequestID: &requestID}
	if opts.ReturnClientRequestID != nil && *opts.ReturnClientRequestID {
		resp.ClientRequestID = opts.ClientRequestID
	}
	return resp, nil
}

func (server) Get(ctx context.Context, alg, tp string, opts *gen.CertificateGetOptions) (*gen.CertificateGetResponse, error) {
	if alg != thumbprintAlgorithm || tp != thumbprint || opts == nil || opts.Timeout == nil || *opts.Timeout != 30 || opts.OCPDate == nil {
		return nil, errBadParams
	}
	resp := &gen.CertificateGetResponse{Certificate: cert, ETag: &etag, LastModified: &lastModified, RequestID: &requestID}
	if opts.ReturnClientRequestID != nil && *opts.ReturnClientRequestID {
		resp.ClientRequestID = opts.ClientRequestID
	}
	return resp, nil
}

func newHandler() http.Handler { return gen.NewHandler(gen.Servers{Certificate: server{}}) }

func BenchmarkCancelDeleteServer(b *testing.B) {
	benchServer(b, newHandler(), newRequest("POST", cancelPath), checkCancel)
}

func BenchmarkGetServer(b *testing.B) {
	benchServer(b, newHandler(), newRequest("GET", getPath), checkGet)
}

func BenchmarkGetClient(b *testing.B) {
	t := newCannedTransport()
	c, err := gen.NewClient(endpoint,
		gen.WithHTTPClient(&http.Client{Transport: t}),
		gen.WithTokenSource(func(context.Context) (string, time.Time, error) { return token, farFuture, nil }))
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	opts := &gen.CertificateGetOptions{ClientRequestID: &clientRequestID, ReturnClientRequestID: &trueValue, OCPDate: &ocpDate, Timeout: &timeout30}
	benchClient(b, t, func() (any, error) {
		resp, err := c.Certificate.Get(ctx, thumbprintAlgorithm, thumbprint, opts)
		if err != nil {
			return nil, err
		}
		if resp.ETag == nil || *resp.ETag != etag || resp.RequestID == nil || *resp.RequestID != requestID {
			return nil, errBadParams
		}
		return &resp.Certificate, nil
	})
}

func BenchmarkCertEncode(b *testing.B) {
	v := cert
	benchEncode(b, &v)
}

func BenchmarkCertDecode(b *testing.B) {
	benchDecode(b, func() any { return new(gen.Certificate) })
}
`

// ogenSource benchmarks a package ogen generated. The same source serves
// the package from the upstream definition (Certificate is jx.Raw there)
// and the one from the patched definition (Certificate is a struct).
func ogenSource(pkg string) string {
	return strings.ReplaceAll(ogenTemplate, "PKG", pkg)
}

const ogenTemplate = `// Code written by oasgen-rtbench. DO NOT EDIT.

package PKG_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/google/uuid"
	"github.com/ogen-go/ogen/ogenerrors"

	gen "rtbench/PKG"
)

var (
	clientRequestID = uuid.MustParse(clientRequestIDStr)
	requestID       = uuid.MustParse(requestIDStr)
	cert            gen.Certificate
)

func init() {
	if err := unmarshal(certificateJSON, &cert); err != nil {
		panic(err)
	}
}

type handler struct{ gen.UnimplementedHandler }

func (handler) CertificateCancelDeletion(ctx context.Context, p gen.CertificateCancelDeletionParams) (gen.CertificateCancelDeletionRes, error) {
	if p.ThumbprintAlgorithm != thumbprintAlgorithm || p.Thumbprint != thumbprint || p.Timeout.Or(0) != 30 || !p.OcpDate.IsSet() || p.APIVersion != apiVersion {
		return nil, errBadParams
	}
	// ogen types Last-Modified as a string: the stub formats it, as the
	// generated code of oasgen does for its time.Time.
	res := &gen.CertificateCancelDeletionNoContent{
		DataServiceId: gen.NewOptString(dataServiceID),
		ETag:          gen.NewOptString(etag),
		LastModified:  gen.NewOptString(lastModified.Format(http.TimeFormat)),
		RequestID:     gen.NewOptUUID(requestID),
	}
	if p.ReturnClientRequestID.Or(false) {
		res.ClientRequestID = p.ClientRequestID
	}
	return res, nil
}

func (handler) CertificateGet(ctx context.Context, p gen.CertificateGetParams) (gen.CertificateGetRes, error) {
	if p.ThumbprintAlgorithm != thumbprintAlgorithm || p.Thumbprint != thumbprint || p.Timeout.Or(0) != 30 || !p.OcpDate.IsSet() || p.APIVersion != apiVersion {
		return nil, errBadParams
	}
	res := &gen.CertificateHeaders{
		Response:     cert,
		ETag:         gen.NewOptString(etag),
		LastModified: gen.NewOptString(lastModified.Format(http.TimeFormat)),
		RequestID:    gen.NewOptUUID(requestID),
	}
	if p.ReturnClientRequestID.Or(false) {
		res.ClientRequestID = p.ClientRequestID
	}
	return res, nil
}

// security accepts the bearer token (the definition requires azure_auth or
// api_key on every operation, and ogen's server enforces it).
type security struct{}

func (security) HandleAPIKey(ctx context.Context, _ gen.OperationName, _ gen.APIKey) (context.Context, error) {
	return ctx, nil
}

func (security) HandleAzureAuth(ctx context.Context, _ gen.OperationName, _ gen.AzureAuth) (context.Context, error) {
	return ctx, nil
}

type source struct{}

func (source) APIKey(context.Context, gen.OperationName) (gen.APIKey, error) {
	return gen.APIKey{}, ogenerrors.ErrSkipClientSecurity
}

func (source) AzureAuth(context.Context, gen.OperationName) (gen.AzureAuth, error) {
	return gen.AzureAuth{Token: token}, nil
}

func newHandler(b *testing.B) http.Handler {
	s, err := gen.NewServer(handler{}, security{})
	if err != nil {
		b.Fatal(err)
	}
	return s
}

func BenchmarkCancelDeleteServer(b *testing.B) {
	benchServer(b, newHandler(b), newRequest("POST", cancelPath), checkCancel)
}

func BenchmarkGetServer(b *testing.B) {
	benchServer(b, newHandler(b), newRequest("GET", getPath), checkGet)
}

func BenchmarkGetClient(b *testing.B) {
	t := newCannedTransport()
	c, err := gen.NewClient(endpoint, source{}, gen.WithClient(&http.Client{Transport: t}))
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	benchClient(b, t, func() (any, error) {
		res, err := c.CertificateGet(ctx, gen.CertificateGetParams{
			ThumbprintAlgorithm:   thumbprintAlgorithm,
			Thumbprint:            thumbprint,
			Timeout:               gen.NewOptInt32(30),
			ClientRequestID:       gen.NewOptUUID(clientRequestID),
			ReturnClientRequestID: gen.NewOptBool(true),
			OcpDate:               gen.NewOptString(ocpDate.Format(http.TimeFormat)),
			APIVersion:            apiVersion,
		})
		if err != nil {
			return nil, err
		}
		h, ok := res.(*gen.CertificateHeaders)
		if !ok || h.ETag.Or("") != etag || h.RequestID.Or(uuid.UUID{}) != requestID {
			return nil, errBadParams
		}
		return &h.Response, nil
	})
}

func BenchmarkCertEncode(b *testing.B) {
	v := cert
	benchEncode(b, &v)
}

func BenchmarkCertDecode(b *testing.B) {
	benchDecode(b, func() any { return new(gen.Certificate) })
}
`

// oapiSource benchmarks the package oapi-codegen generated (chi server
// wrapped by the strict server, ClientWithResponses).
func oapiSource(pkg string) string {
	return strings.ReplaceAll(oapiTemplate, "PKG", pkg)
}

const oapiTemplate = `// Code written by oasgen-rtbench. DO NOT EDIT.

package PKG_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/google/uuid"

	gen "rtbench/PKG"
)

var (
	clientRequestID = uuid.MustParse(clientRequestIDStr)
	requestID       = uuid.MustParse(requestIDStr)
	cert            gen.Certificate
)

func init() {
	if err := unmarshal(certificateJSON, &cert); err != nil {
		panic(err)
	}
}

// server implements the two operations; the embedded nil interface stands
// for the others, which the benchmarks never call.
type server struct{ gen.StrictServerInterface }

func (server) CertificateCancelDeletion(ctx context.Context, req gen.CertificateCancelDeletionRequestObject) (gen.CertificateCancelDeletionResponseObject, error) {
	p := req.Params
	if req.ThumbprintAlgorithm != thumbprintAlgorithm || req.Thumbprint != thumbprint || p.Timeout == nil || *p.Timeout != 30 || p.OcpDate == nil || p.ApiVersion != apiVersion {
		return nil, errBadParams
	}
	// oapi-codegen types Last-Modified as a string: the stub formats it, as
	// the generated code of oasgen does for its time.Time.
	lm := lastModified.Format(http.TimeFormat)
	h := gen.CertificateCancelDeletion204ResponseHeaders{DataServiceId: &dataServiceID, ETag: &etag, LastModified: &lm, RequestId: &requestID}
	if p.ReturnClientRequestId != nil && *p.ReturnClientRequestId {
		h.ClientRequestId = p.ClientRequestId
	}
	return gen.CertificateCancelDeletion204Response{Headers: h}, nil
}

func (server) CertificateGet(ctx context.Context, req gen.CertificateGetRequestObject) (gen.CertificateGetResponseObject, error) {
	p := req.Params
	if req.ThumbprintAlgorithm != thumbprintAlgorithm || req.Thumbprint != thumbprint || p.Timeout == nil || *p.Timeout != 30 || p.OcpDate == nil || p.ApiVersion != apiVersion {
		return nil, errBadParams
	}
	lm := lastModified.Format(http.TimeFormat)
	h := gen.CertificateGet200ResponseHeaders{ETag: &etag, LastModified: &lm, RequestId: &requestID}
	if p.ReturnClientRequestId != nil && *p.ReturnClientRequestId {
		h.ClientRequestId = p.ClientRequestId
	}
	return gen.CertificateGet200JSONResponse{Body: cert, Headers: h}, nil
}

func newHandler() http.Handler { return gen.Handler(gen.NewStrictHandler(server{}, nil)) }

func BenchmarkCancelDeleteServer(b *testing.B) {
	benchServer(b, newHandler(), newRequest("POST", cancelPath), checkCancel)
}

func BenchmarkGetServer(b *testing.B) {
	benchServer(b, newHandler(), newRequest("GET", getPath), checkGet)
}

func BenchmarkGetClient(b *testing.B) {
	t := newCannedTransport()
	c, err := gen.NewClientWithResponses(endpoint,
		gen.WithHTTPClient(&http.Client{Transport: t}),
		gen.WithRequestEditorFn(func(ctx context.Context, req *http.Request) error {
			req.Header.Set("Authorization", "Bearer "+token)
			return nil
		}))
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	benchClient(b, t, func() (any, error) {
		date := ocpDate.Format(http.TimeFormat)
		resp, err := c.CertificateGetWithResponse(ctx, thumbprintAlgorithm, thumbprint, &gen.CertificateGetParams{
			Timeout:               &timeout30,
			ApiVersion:            apiVersion,
			ClientRequestId:       &clientRequestID,
			ReturnClientRequestId: &trueValue,
			OcpDate:               &date,
		})
		if err != nil {
			return nil, err
		}
		if resp.JSON200 == nil || resp.HTTPResponse.Header.Get("ETag") != etag {
			return nil, errBadParams
		}
		return resp.JSON200, nil
	})
}

func BenchmarkCertEncode(b *testing.B) {
	v := cert
	benchEncode(b, &v)
}

func BenchmarkCertDecode(b *testing.B) {
	benchDecode(b, func() any { return new(gen.Certificate) })
}
`

// baselineSource measures what every server benchmark pays for its
// recorder, so that readers can subtract it.
const baselineSource = `// Code written by oasgen-rtbench. DO NOT EDIT.

package baseline_test

import (
	"net/http/httptest"
	"testing"
)

func BenchmarkRecorderOnly(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		rec := httptest.NewRecorder()
		rec.WriteHeader(204)
	}
}
`

const baselineDoc = "// Package baseline holds the recorder-only benchmark.\npackage baseline\n"
