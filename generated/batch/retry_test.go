package batch_test

import (
	"context"
	"errors"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/oasgen/oasgen/generated/batch"
)

// flaky answers 503 to the first failures calls of each operation and
// records the client-request-id of every attempt.
type flaky struct {
	batch.UnimplementedCertificateServer
	mu       sync.Mutex
	failures int
	ids      map[string][]batch.UUID
}

func (f *flaky) attempt(op string, id *batch.UUID) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if id != nil {
		f.ids[op] = append(f.ids[op], *id)
	} else {
		f.ids[op] = append(f.ids[op], batch.UUID{})
	}
	if len(f.ids[op]) <= f.failures {
		return &batch.ResponseError{StatusCode: 503}
	}
	return nil
}

func (f *flaky) CancelDeletion(_ context.Context, _, _ string, o *batch.CertificateCancelDeletionOptions) (*batch.CertificateCancelDeletionResponse, error) {
	return nil, f.attempt("CancelDeletion", o.ClientRequestID)
}

func (f *flaky) Add(_ context.Context, _ batch.CertificateAddParameter, o *batch.CertificateAddOptions) (*batch.CertificateAddResponse, error) {
	return nil, f.attempt("Add", o.ClientRequestID)
}

func (f *flaky) Get(_ context.Context, _, _ string, o *batch.CertificateGetOptions) (*batch.CertificateGetResponse, error) {
	return nil, f.attempt("Get", o.ClientRequestID)
}

// TestRetryWiring checks what the generator decides per operation: GET and
// the cancel-delete POST (marked x-oasgen-idempotent in the definition)
// are retried with one client-request-id for all attempts; Add, a plain
// POST, is sent once.
func TestRetryWiring(t *testing.T) {
	f := &flaky{failures: 2, ids: map[string][]batch.UUID{}}
	srv := httptest.NewServer(batch.NewHandler(batch.Servers{Certificate: f}))
	defer srv.Close()
	c, err := batch.NewClient(srv.URL, batch.WithRetry(batch.RetryPolicy{MaxAttempts: 3, BaseDelay: time.Millisecond, MaxDelay: 5 * time.Millisecond}))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, err := c.Certificate.CancelDeletion(ctx, "sha1", "abc", nil); err != nil {
		t.Errorf("CancelDeletion after two 503s: %v", err)
	}
	if _, err := c.Certificate.Get(ctx, "sha1", "abc", nil); err != nil {
		t.Errorf("Get after two 503s: %v", err)
	}
	_, err = c.Certificate.Add(ctx, batch.CertificateAddParameter{Thumbprint: "t", ThumbprintAlgorithm: "sha1", Data: "d"}, nil)
	var re *batch.ResponseError
	if !errors.As(err, &re) || re.StatusCode != 503 {
		t.Errorf("Add: err = %v, want the 503 without a retry", err)
	}
	for op, want := range map[string]int{"CancelDeletion": 3, "Get": 3, "Add": 1} {
		ids := f.ids[op]
		if len(ids) != want {
			t.Errorf("%s: %d attempts, want %d", op, len(ids), want)
			continue
		}
		for _, id := range ids {
			if id.IsZero() || id != ids[0] {
				t.Errorf("%s: client-request-ids %v, want one generated id on every attempt", op, ids)
				break
			}
		}
	}
}
