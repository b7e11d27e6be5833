package batch_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/oasgen/oasgen/generated/batch"
)

// usageImpl is the myImpl of the usage snippet: it answers CancelDeletion
// with every response header set and leaves the rest unimplemented.
type usageImpl struct {
	batch.UnimplementedCertificateServer
}

func (usageImpl) CancelDeletion(ctx context.Context, alg, thumb string, opts *batch.CertificateCancelDeletionOptions) (*batch.CertificateCancelDeletionResponse, error) {
	rid := batch.NewUUID()
	return &batch.CertificateCancelDeletionResponse{
		ClientRequestID: opts.ClientRequestID,
		RequestID:       &rid,
		ETag:            new("0x8D45765A6A2DC04"),
		LastModified:    new(time.Date(2017, 2, 17, 0, 0, 0, 0, time.UTC)),
		DataServiceID:   new("https://account.region.batch.azure.com/certificates(thumbprintAlgorithm=" + alg + ",thumbprint=" + thumb + ")"),
	}, nil
}

// usageSnippet holds the snippet from the package's usage brief, verbatim.
func usageSnippet(t *testing.T, ctx context.Context, myImpl batch.CertificateServer) {
	c, err := batch.NewClient("https://account.region.batch.azure.com", batch.WithHTTPClient(http.DefaultClient))
	id, _ := batch.ParseUUID("9C4D50EE-2D56-4CD3-8152-34347DC9F2B0")
	resp, err := c.Certificate.CancelDeletion(ctx, "sha1", "0123456789abcdef0123456789abcdef01234567",
		&batch.CertificateCancelDeletionOptions{Timeout: new(int32(30)), ClientRequestID: &id, ReturnClientRequestID: new(true), OCPDate: new(time.Now())})
	_ = []any{resp.ClientRequestID /* *batch.UUID */, resp.RequestID /* *batch.UUID */, resp.ETag /* *string */, resp.LastModified /* *time.Time */, resp.DataServiceID /* *string */}
	var be *batch.BatchError // the model type; also an error
	if errors.As(err, &be) {
		_ = []any{be.Code, be.Message.Value, be.Values}
	}
	var re *batch.ResponseError // status code, request-id header, raw body; Unwrap() gives the *BatchError
	if errors.As(err, &re) {
		_ = []any{re.StatusCode, re.RequestID}
	}
	var _ batch.CertificateServer = struct {
		batch.UnimplementedCertificateServer
	}{}
	var _ http.Handler = batch.NewHandler(batch.Servers{Certificate: myImpl})

	// Compile-time checks of the static types the snippet's comments promise.
	var _ *batch.UUID = resp.ClientRequestID
	var _ *batch.UUID = resp.RequestID
	var _ *string = resp.ETag
	var _ *time.Time = resp.LastModified
	var _ *string = resp.DataServiceID
	if be != nil {
		var _ *string = be.Code
		var _ *batch.ErrorMessage = be.Message
		var _ *string = be.Message.Value
		var _ []batch.BatchErrorDetail = be.Values
	}
	if re != nil {
		var _ int = re.StatusCode
		var _ string = re.RequestID
		var _ []byte = re.Body
		var _ error = re.Unwrap()
	}

	// Runtime checks of what the snippet got back.
	if err != nil {
		t.Fatalf("CancelDeletion: %v", err)
	}
	if resp.ClientRequestID == nil || *resp.ClientRequestID != id {
		t.Errorf("ClientRequestID = %v, want %v", resp.ClientRequestID, id)
	}
	if resp.RequestID == nil || resp.RequestID.IsZero() {
		t.Errorf("RequestID = %v, want a UUID", resp.RequestID)
	}
	if resp.ETag == nil || *resp.ETag != "0x8D45765A6A2DC04" {
		t.Errorf("ETag = %v", resp.ETag)
	}
	if resp.LastModified == nil || !resp.LastModified.Equal(time.Date(2017, 2, 17, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("LastModified = %v", resp.LastModified)
	}
	if resp.DataServiceID == nil || !strings.Contains(*resp.DataServiceID, "thumbprint=0123456789abcdef0123456789abcdef01234567") {
		t.Errorf("DataServiceID = %v", resp.DataServiceID)
	}
}

// Compile-time interface checks.
var (
	_ error                            = (*batch.BatchError)(nil)
	_ error                            = (*batch.ResponseError)(nil)
	_ interface{ Unwrap() error }      = (*batch.ResponseError)(nil)
	_ batch.CertificateServer          = batch.UnimplementedCertificateServer{}
	_ batch.CertificateServer          = usageImpl{}
	_ func(string) (batch.UUID, error) = batch.ParseUUID
)

type handlerTransport struct {
	h    http.Handler
	mu   sync.Mutex
	urls []string
}

func (tr *handlerTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	tr.mu.Lock()
	tr.urls = append(tr.urls, r.URL.String())
	tr.mu.Unlock()
	rec := httptest.NewRecorder()
	// As on the network, the server sees canonical header keys.
	in := r.Clone(r.Context())
	in.Header = canonical(r.Header)
	tr.h.ServeHTTP(rec, in)
	resp := rec.Result()
	resp.Request = r
	// The recorder keeps the handler's header keys as written; a real
	// network round trip canonicalises them, so do the same here.
	resp.Header = canonical(resp.Header)
	return resp, nil
}

// TestUsageSnippet runs the usage snippet. The snippet talks to the real
// endpoint through http.DefaultClient, so its transport is pointed at an
// in-process handler for the duration of the test (not parallel).
func TestUsageSnippet(t *testing.T) {
	var myImpl batch.CertificateServer = usageImpl{}
	tr := &handlerTransport{h: batch.NewHandler(batch.Servers{Certificate: myImpl})}
	old := http.DefaultClient.Transport
	http.DefaultClient.Transport = tr
	t.Cleanup(func() { http.DefaultClient.Transport = old })

	usageSnippet(t, t.Context(), myImpl)

	if len(tr.urls) != 1 {
		t.Fatalf("requests = %v, want exactly one", tr.urls)
	}
	want := "https://account.region.batch.azure.com/certificates(thumbprintAlgorithm=sha1,thumbprint=0123456789abcdef0123456789abcdef01234567)/canceldelete?api-version=2020-09-01.12.0&timeout=30"
	if tr.urls[0] != want {
		t.Errorf("request URL = %s\nwant          %s", tr.urls[0], want)
	}
}

func canonical(in http.Header) http.Header {
	h := http.Header{}
	for k, vs := range in {
		for _, v := range vs {
			h.Add(k, v)
		}
	}
	return h
}
