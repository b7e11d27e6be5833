package batch_test

import (
	"context"
	"net/http/httptest"
	"testing"

	"github.com/oasgen/oasgen/generated/batch"
)

type silentCerts struct {
	batch.UnimplementedCertificateServer
}

func (silentCerts) CancelDeletion(context.Context, string, string, *batch.CertificateCancelDeletionOptions) (*batch.CertificateCancelDeletionResponse, error) {
	return nil, nil // sets no headers: the handler echoes and stamps them
}

// TestClientRequestIDEcho: the handler returns the caller's
// client-request-id only when asked with return-client-request-id: true,
// and stamps a fresh request-id on every response.
func TestClientRequestIDEcho(t *testing.T) {
	srv := httptest.NewServer(batch.NewHandler(batch.Servers{Certificate: silentCerts{}}))
	defer srv.Close()
	c, err := batch.NewClient(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	id := batch.NewUUID()
	var seen []batch.UUID
	for _, ret := range []bool{true, false} {
		resp, err := c.Certificate.CancelDeletion(context.Background(), "sha1", "abc",
			&batch.CertificateCancelDeletionOptions{ClientRequestID: &id, ReturnClientRequestID: &ret})
		if err != nil {
			t.Fatal(err)
		}
		switch {
		case ret && (resp.ClientRequestID == nil || *resp.ClientRequestID != id):
			t.Errorf("return-client-request-id: true: got %v, want %v", resp.ClientRequestID, id)
		case !ret && resp.ClientRequestID != nil:
			t.Errorf("return-client-request-id: false: got %v, want none", resp.ClientRequestID)
		}
		if resp.RequestID == nil || resp.RequestID.IsZero() {
			t.Fatalf("no request-id on the response")
		}
		seen = append(seen, *resp.RequestID)
	}
	if seen[0] == seen[1] {
		t.Errorf("request-id repeated across requests: %v", seen[0])
	}
}
