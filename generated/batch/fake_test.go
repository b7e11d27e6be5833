package batch_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/oasgen/oasgen/generated/batch"
)

// fakeCertificates is a fake of the service, as a user writes one to test
// the code that calls the client: implement the operations the code
// uses, embed Unimplemented…Server for the rest.
type fakeCertificates struct {
	batch.UnimplementedCertificateServer
}

func (fakeCertificates) Get(ctx context.Context, alg, thumb string, opts *batch.CertificateGetOptions) (*batch.CertificateGetResponse, error) {
	if thumb != "0123" {
		return nil, &batch.ResponseError{StatusCode: http.StatusNotFound,
			Err: &batch.BatchError{Code: new("CertificateNotFound"), Message: &batch.ErrorMessage{Value: new("no such certificate")}}}
	}
	return &batch.CertificateGetResponse{Certificate: batch.Certificate{Thumbprint: &thumb, ThumbprintAlgorithm: &alg}}, nil
}

// ExampleHandlerTransport fakes the service in a test: the client talks to
// the generated handler in process, without a socket, so the whole stack
// (parameters, validation, headers, error model) runs as in production.
func ExampleHandlerTransport() {
	h := batch.NewHandler(batch.Servers{Certificate: fakeCertificates{}})
	c, err := batch.NewClient("https://account.region.batch.azure.com",
		batch.WithHTTPClient(&http.Client{Transport: batch.HandlerTransport(h)}))
	if err != nil {
		panic(err)
	}
	ctx := context.Background()
	resp, err := c.Certificate.Get(ctx, "sha1", "0123", nil)
	fmt.Println(*resp.Thumbprint, err)
	_, err = c.Certificate.Get(ctx, "sha1", "9999", nil)
	var re *batch.ResponseError
	var be *batch.BatchError
	fmt.Println(errors.As(err, &re), re.StatusCode, errors.As(err, &be), *be.Code)
	// Output:
	// 0123 <nil>
	// true 404 true CertificateNotFound
}

func TestPerCallControl(t *testing.T) {
	var seen atomic.Value
	h := batch.NewHandler(batch.Servers{Certificate: fakeCertificates{}})
	spy := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen.Store(r.Header.Get("X-Feature") + " " + r.URL.Query().Get("api-version"))
		h.ServeHTTP(w, r)
	})
	c, err := batch.NewClient("https://acct.example", batch.WithHTTPClient(&http.Client{Transport: batch.HandlerTransport(spy)}))
	if err != nil {
		t.Fatal(err)
	}
	var raw *http.Response
	ctx := batch.WithCaptureResponse(batch.WithHTTPHeader(context.Background(), http.Header{"X-Feature": {"on"}}), &raw)
	resp, err := c.Certificate.Get(ctx, "sha1", "0123", nil)
	if err != nil || *resp.Thumbprint != "0123" {
		t.Fatal(resp, err)
	}
	if seen.Load() != "on "+batch.APIVersion || raw == nil || raw.StatusCode != 200 || raw.Header.Get("request-id") == "" {
		t.Errorf("sent %v, captured %+v", seen.Load(), raw)
	}
	// Without the context: no extra header.
	if _, err := c.Certificate.Get(context.Background(), "sha1", "0123", nil); err != nil || seen.Load() != " "+batch.APIVersion {
		t.Errorf("sent %v, %v", seen.Load(), err)
	}
}

// The generated client with Shared Key, retries and errors: no record
// holds the key, its signature or a SAS query.
func TestClientLogsNoSecrets(t *testing.T) {
	key := base64.StdEncoding.EncodeToString([]byte("batch-account-key-SECRET"))
	var n atomic.Int32
	var sigs []string
	h := batch.NewHandler(batch.Servers{Certificate: fakeCertificates{}})
	flaky := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sigs = append(sigs, r.Header.Get("Authorization"))
		if n.Add(1) == 1 {
			w.WriteHeader(503)
			return
		}
		h.ServeHTTP(w, r)
	})
	var logs bytes.Buffer
	c, err := batch.NewClient("https://acct.example",
		batch.WithHTTPClient(&http.Client{Transport: batch.HandlerTransport(flaky)}),
		batch.WithSharedKey("acct", key),
		batch.WithRetry(batch.RetryPolicy{MaxAttempts: 3, BaseDelay: 1}),
		batch.WithLogger(slog.New(slog.NewTextHandler(&logs, nil))),
		batch.WithLogOptions(batch.LogOptions{AllowedHeaders: []string{"Authorization"}}))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Certificate.Get(context.Background(), "sha1", "0123", nil); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Certificate.Get(context.Background(), "sha1", "9999", nil); err == nil {
		t.Fatal("no error")
	}
	out := logs.String()
	for _, s := range append(sigs, key, "SECRET") {
		if s != "" && strings.Contains(out, s) {
			t.Errorf("log holds %q:\n%s", s, out)
		}
	}
	if got := strings.Count(out, "operation=Certificate_Get"); got != 3 {
		t.Errorf("%d records, want 3:\n%s", got, out)
	}
	if !strings.Contains(out, "status=503") || !strings.Contains(out, "status=404") || !strings.Contains(out, "attempt=2") || strings.Contains(out, `request_id=""`) {
		t.Errorf("records lack status or attempt:\n%s", out)
	}
}
