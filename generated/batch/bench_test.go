package batch_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/oasgen/oasgen/generated/batch"
)

type benchCerts struct {
	batch.UnimplementedCertificateServer
}

var benchID = batch.NewUUID()

func (benchCerts) CancelDeletion(_ context.Context, _, _ string, o *batch.CertificateCancelDeletionOptions) (*batch.CertificateCancelDeletionResponse, error) {
	lm := time.Date(2017, 2, 17, 0, 0, 0, 0, time.UTC)
	return &batch.CertificateCancelDeletionResponse{RequestID: &benchID, ETag: ptr("0x8D45765A6A2DC04"), LastModified: &lm, DataServiceID: ptr("https://account.region.batch.azure.com/certificates(ThumbprintAlgorithm=sha1,Thumbprint=0123)")}, nil
}

// BenchmarkServerCancelDeletion measures one cancel-delete request routed,
// parsed, validated and answered by the generated handler.
func BenchmarkServerCancelDeletion(b *testing.B) {
	h := batch.NewHandler(batch.Servers{Certificate: benchCerts{}})
	req := httptest.NewRequest("POST", "/certificates(thumbprintAlgorithm=sha1,thumbprint=0123456789abcdef0123456789abcdef01234567)/canceldelete?api-version=2020-09-01.12.0&timeout=30", nil)
	req.Header.Set("client-request-id", "9c4d50ee-2d56-4cd3-8152-34347dc9f2b0")
	req.Header.Set("return-client-request-id", "true")
	req.Header.Set("ocp-date", "Fri, 17 Feb 2017 00:00:00 GMT")
	b.ReportAllocs()
	for b.Loop() {
		w := &nullWriter{h: http.Header{}}
		h.ServeHTTP(w, req)
		if w.status != 204 {
			b.Fatalf("status %d", w.status)
		}
	}
}

func (benchCerts) Add(_ context.Context, _ batch.CertificateAddParameter, _ *batch.CertificateAddOptions) (*batch.CertificateAddResponse, error) {
	return &batch.CertificateAddResponse{}, nil
}

// BenchmarkServerAdd measures one add request whose JSON body is read,
// decoded and checked against its schema (required properties, an enum)
// before the server method runs.
func BenchmarkServerAdd(b *testing.B) {
	h := batch.NewHandler(batch.Servers{Certificate: benchCerts{}})
	body := `{"thumbprint":"0123456789abcdef0123456789abcdef01234567","thumbprintAlgorithm":"sha1","data":"MIIC+zCCAeOgAwIBAgIQb3Vb8h8n3Z1Y1s0d0uJj8jANBgkqhkiG9w0BAQsFADA=","certificateFormat":"cer"}`
	b.ReportAllocs()
	for b.Loop() {
		req := httptest.NewRequest("POST", "/certificates?api-version=2020-09-01.12.0", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		w := &nullWriter{h: http.Header{}}
		h.ServeHTTP(w, req)
		if w.status != 201 {
			b.Fatalf("status %d", w.status)
		}
	}
}

// nullWriter is a ResponseWriter that keeps only the status, so that the
// benchmark measures the handler rather than a recorder.
type nullWriter struct {
	h      http.Header
	status int
}

func (w *nullWriter) Header() http.Header         { return w.h }
func (w *nullWriter) Write(b []byte) (int, error) { return len(b), nil }
func (w *nullWriter) WriteHeader(s int)           { w.status = s }

func benchCertificate() *batch.Certificate {
	c := fullCertificateForBench()
	return &c
}

func fullCertificateForBench() batch.Certificate {
	t := time.Date(2017, 2, 17, 0, 0, 0, 0, time.UTC)
	state, prev := batch.CertificateStateDeleteFailed, batch.CertificateStateActive
	return batch.Certificate{
		Thumbprint: ptr("0123456789abcdef0123456789abcdef01234567"), ThumbprintAlgorithm: ptr("sha1"),
		URL:   ptr("https://account.region.batch.azure.com/certificates(thumbprintAlgorithm=sha1,thumbprint=0123456789abcdef0123456789abcdef01234567)"),
		State: &state, StateTransitionTime: &t, PreviousState: &prev, PreviousStateTransitionTime: &t,
		PublicData: ptr("MIIC+zCCAeOgAwIBAgIQb3Vb8h8n3Z1Y1s0d0uJj8jANBgkqhkiG9w0BAQsFADA="),
		DeleteCertificateError: &batch.DeleteCertificateError{Code: ptr("CertificateInUse"), Message: ptr("The certificate is in use."),
			Values: []batch.NameValuePair{{Name: ptr("PoolId"), Value: ptr("pool1")}, {Name: ptr("PoolId"), Value: ptr("pool2")}, {Name: ptr("NodeId"), Value: ptr("tvm-1")}}},
	}
}

// Certificate is a plain struct: EncodeJSON and DecodeJSON, the package's
// json.Marshal and json.Unmarshal, run the support code's table codec, as
// the client and server do. (json.Marshal and json.Unmarshal give the same
// result through encoding/json's reflection, several times slower.)
func BenchmarkCertificateEncode(b *testing.B) {
	c := benchCertificate()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := batch.EncodeJSON(c); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCertificateDecode(b *testing.B) {
	data, _ := json.Marshal(benchCertificate())
	b.ReportAllocs()
	for b.Loop() {
		var c batch.Certificate
		if err := batch.DecodeJSON(data, &c); err != nil {
			b.Fatal(err)
		}
	}
}
