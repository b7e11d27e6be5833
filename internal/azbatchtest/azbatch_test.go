package azbatchtest

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/runtime"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/tracing"
	"github.com/Azure/azure-sdk-for-go/sdk/batch/azbatch"

	"github.com/oasgen/oasgen/generated/batch2025"
)

// knownFailures are checks that fail for a reason the issue names, each
// with its symptom. A known failure is skipped with that text; one that
// passes fails the test, so that the list cannot go stale.
var knownFailures = map[string]string{}

// harness runs named checks in order against one fake and one client.
type harness struct {
	t      *testing.T
	fake   *fake
	srv    *httptest.Server
	client *azbatch.Client
	ctx    context.Context

	mu      sync.Mutex
	methods map[string]bool // azbatch methods called, from azcore's spans

	checks, passed, known int
}

func (h *harness) check(name string, fn func() error) {
	h.t.Helper()
	h.checks++
	h.t.Run(name, func(t *testing.T) {
		err := fn()
		if err != nil { // azcore's errors span many lines
			msg := strings.Join(strings.Fields(err.Error()), " ")
			if len(msg) > 400 {
				msg = msg[:400] + "…"
			}
			err = errors.New(msg)
		}
		reason, known := knownFailures[name]
		switch {
		case err == nil && known:
			t.Errorf("passes now: remove it from knownFailures (%s)", reason)
		case err == nil:
			h.passed++
		case known:
			h.known++
			t.Skipf("known failure, %s: %v", reason, err)
		default:
			t.Error(err)
		}
	})
}

type token struct{}

func (token) GetToken(context.Context, policy.TokenRequestOptions) (azcore.AccessToken, error) {
	return azcore.AccessToken{Token: "fake-token", ExpiresOn: time.Now().Add(time.Hour)}, nil
}

// newHarness starts the fake over TLS on loopback and an azbatch client
// that trusts it, speaking our definition's api-version.
func newHarness(t *testing.T, servers func(*fake) batch2025.Servers) *harness {
	h := &harness{t: t, fake: newFake(), ctx: context.Background(), methods: map[string]bool{}}
	h.srv = httptest.NewTLSServer(batch2025.NewHandler(servers(h.fake)))
	t.Cleanup(h.srv.Close)
	tracer := tracing.NewTracer(func(ctx context.Context, name string, _ *tracing.SpanOptions) (context.Context, tracing.Span) {
		if m := methodName(name); m != "" {
			h.mu.Lock()
			h.methods[m] = true
			h.mu.Unlock()
		}
		return ctx, tracing.Span{}
	}, nil)
	opts := &azbatch.ClientOptions{ClientOptions: azcore.ClientOptions{
		APIVersion:      batch2025.APIVersion,
		Transport:       h.srv.Client(),
		Retry:           policy.RetryOptions{MaxRetries: -1},
		TracingProvider: tracing.NewProvider(func(string, string) tracing.Tracer { return tracer }, nil),
	}}
	c, err := azbatch.NewClient(h.srv.URL, token{}, opts)
	if err != nil {
		t.Fatal(err)
	}
	h.client = c
	return h
}

func allServers(f *fake) batch2025.Servers {
	return batch2025.Servers{Certificates: f, Jobs: f, Nodes: f, Pools: f, Tasks: f}
}

// wantError checks that err is an *azcore.ResponseError with status and
// (when not empty) the error model's code.
func wantError(err error, status int, code string) error {
	var re *azcore.ResponseError
	if !errors.As(err, &re) {
		return fmt.Errorf("got %v, want *azcore.ResponseError %d %s", err, status, code)
	}
	if re.StatusCode != status || re.ErrorCode != code {
		return fmt.Errorf("got %d %q, want %d %q (%v)", re.StatusCode, re.ErrorCode, status, code, err)
	}
	return nil
}

// wantErrorDetail is wantError for an error model whose values hold
// key: value, as Batch names the property or header at fault.
func wantErrorDetail(err error, status int, code, key, value string) error {
	if err := wantError(err, status, code); err != nil {
		return err
	}
	var re *azcore.ResponseError
	errors.As(err, &re)
	var body azbatch.Error
	if b, rerr := io.ReadAll(re.RawResponse.Body); rerr != nil || body.UnmarshalJSON(b) != nil {
		return errorf("error body does not decode as azbatch.Error")
	}
	for _, d := range body.Values {
		if d.Key != nil && *d.Key == key && d.Value != nil && *d.Value == value {
			return nil
		}
	}
	return errorf("error values %s, want %s: %s", detailText(body.Values), key, value)
}

func detailText(ds []azbatch.ErrorDetail) string {
	var parts []string
	for _, d := range ds {
		parts = append(parts, fmt.Sprintf("%v=%v", deref(d.Key), deref(d.Value)))
	}
	return strings.Join(parts, ", ")
}

func certIDs(p azbatch.ListCertificatesResponse) (ids []string) {
	for _, v := range p.Value {
		ids = append(ids, *v.Thumbprint)
	}
	return ids
}

// collect reads every page of pager, keeping the id of each item.
func collect[R any](ctx context.Context, pager *runtime.Pager[R], ids func(R) []string) (pages int, all []string, err error) {
	for pager.More() {
		p, err := pager.NextPage(ctx)
		if err != nil {
			return pages, all, err
		}
		pages++
		all = append(all, ids(p)...)
	}
	return pages, all, nil
}

func errorf(format string, args ...any) error { return fmt.Errorf(format, args...) }

func to[T any](v T) *T { return &v }

// The checks, in order: each may rely on the state the ones before it
// left (a certificate created, a job replaced).
func TestAzbatchAgainstGeneratedServer(t *testing.T) {
	h := newHarness(t, allServers)
	ctx := h.ctx
	c := h.client
	utc := func(d time.Duration) *time.Time { return to(t0.Add(d)) } // time.RFC1123 writes these with "UTC"

	// ---- Certificates
	certData := bytes.Repeat([]byte{0x30, 0x82, 0x01, 0x0a}, 64)
	newCert := func(tp string) azbatch.Certificate {
		return azbatch.Certificate{
			Thumbprint: to(tp), ThumbprintAlgorithm: to("sha1"),
			Data: to(base64.StdEncoding.EncodeToString(certData)), Format: to(azbatch.CertificateFormatPFX), Password: to("s3cret"),
		}
	}
	for i := range 5 {
		tp := fmt.Sprintf("%040x", i+1)
		h.check("CreateCertificate/"+tp[36:], func() error {
			_, err := c.CreateCertificate(ctx, newCert(tp), nil)
			if err != nil {
				return err
			}
			rec := h.fake.certs[certKey("sha1", tp)]
			if rec.password != "s3cret" || rec.dataBytes != len(certData) {
				return errorf("the server got password %q and %d data bytes", rec.password, rec.dataBytes)
			}
			return nil
		})
	}
	tp1 := fmt.Sprintf("%040x", 1)
	h.check("CreateCertificate/exists-409", func() error {
		_, err := c.CreateCertificate(ctx, newCert(tp1), nil)
		return wantError(err, 409, "CertificateExists")
	})
	h.check("CreateCertificate/missing-thumbprint-400", func() error {
		bad := newCert("")
		bad.Thumbprint = nil
		_, err := c.CreateCertificate(ctx, bad, nil)
		return wantErrorDetail(err, 400, "InvalidRequestBody", "PropertyName", "thumbprint")
	})
	h.check("GetCertificate", func() error {
		resp, err := c.GetCertificate(ctx, "sha1", tp1, &azbatch.GetCertificateOptions{ClientRequestID: to("11111111-2222-3333-4444-555555555555"), ReturnClientRequestID: to(true)})
		switch {
		case err != nil:
			return err
		case *resp.Thumbprint != tp1 || *resp.State != azbatch.CertificateStateActive || resp.URL == nil || !strings.HasPrefix(*resp.URL, h.srv.URL):
			return errorf("got %+v", resp.Certificate)
		case *resp.PublicData != base64.StdEncoding.EncodeToString(certData[:8]):
			return errorf("publicData %q", *resp.PublicData)
		case resp.ClientRequestID == nil || *resp.ClientRequestID != "11111111-2222-3333-4444-555555555555":
			return errorf("client-request-id not echoed: %v", resp.ClientRequestID)
		case resp.RequestID == nil || len(*resp.RequestID) != 36:
			return errorf("request-id %v", resp.RequestID)
		case resp.ETag == nil || resp.LastModified == nil:
			return errorf("no ETag or Last-Modified")
		}
		return nil
	})
	h.check("GetCertificate/not-found-404", func() error {
		_, err := c.GetCertificate(ctx, "sha1", "ffff", nil)
		return wantError(err, 404, "CertificateNotFound")
	})
	h.check("GetCertificate/$select", func() error {
		var raw *http.Response
		resp, err := c.GetCertificate(runtime.WithCaptureResponse(ctx, &raw), "sha1", tp1, &azbatch.GetCertificateOptions{SelectParam: []string{"thumbprint", "state"}})
		if err != nil {
			return err
		}
		if resp.Thumbprint == nil || resp.State == nil || resp.ThumbprintAlgorithm != nil || resp.Data != nil {
			return errorf("want only thumbprint and state, got thumbprintAlgorithm %v, data %v", deref(resp.ThumbprintAlgorithm), deref(resp.Data))
		}
		return nil
	})
	h.check("ListCertificates/paged", func() error {
		pages, got, err := collect(ctx, c.NewListCertificatesPager(&azbatch.ListCertificatesOptions{MaxResults: to(int32(2)), Filter: to("state eq 'active'")}), certIDs)
		if err != nil {
			return err
		}
		if pages != 3 || len(got) != 5 {
			return errorf("%d pages, %d certificates", pages, len(got))
		}
		return nil
	})
	h.check("DeleteCertificate", func() error {
		if _, err := c.DeleteCertificate(ctx, "sha1", tp1, nil); err != nil {
			return err
		}
		resp, err := c.GetCertificate(ctx, "sha1", tp1, nil)
		if err != nil {
			return err
		}
		if *resp.State != azbatch.CertificateStateDeleting || *resp.PreviousState != azbatch.CertificateStateActive || resp.PreviousStateTransitionTime == nil {
			return errorf("state %v, previous %v", *resp.State, deref(resp.PreviousState))
		}
		return nil
	})
	h.check("DeleteCertificate/again-409", func() error {
		_, err := c.DeleteCertificate(ctx, "sha1", tp1, nil)
		return wantError(err, 409, "CertificateBeingDeleted")
	})
	h.check("ListCertificates/filter-in-next-link", func() error {
		_, got, err := collect(ctx, c.NewListCertificatesPager(&azbatch.ListCertificatesOptions{MaxResults: to(int32(2)), Filter: to("state eq 'active'")}), certIDs)
		if err != nil {
			return err
		}
		if len(got) != 4 {
			return errorf("%d active certificates, want 4", len(got))
		}
		return nil
	})
	h.check("CancelCertificateDeletion", func() error {
		if _, err := c.CancelCertificateDeletion(ctx, "sha1", tp1, nil); err != nil {
			return err
		}
		resp, err := c.GetCertificate(ctx, "sha1", tp1, nil)
		if err != nil {
			return err
		}
		if *resp.State != azbatch.CertificateStateActive {
			return errorf("state %v", *resp.State)
		}
		return nil
	})
	h.check("CancelCertificateDeletion/active-409", func() error {
		_, err := c.CancelCertificateDeletion(ctx, "sha1", tp1, nil)
		return wantError(err, 409, "CertificateStateActive")
	})

	// ---- Pools
	pool1 := h.fake.pools[1].pool
	etag1 := azcore.ETag(*pool1.ETag)
	h.check("GetPool", func() error {
		resp, err := c.GetPool(ctx, "pool-1", &azbatch.GetPoolOptions{Timeout: to(int32(10))})
		switch {
		case err != nil:
			return err
		case *resp.ID != "pool-1" || *resp.VMSize != "standard_d2s_v3" || *resp.ResizeTimeout != "PT15M" || *resp.ResourceTags["index"] != "1":
			return errorf("got %+v", resp.Pool)
		case *resp.ETag != etag1 || !resp.LastModified.Equal(*pool1.LastModified):
			return errorf("ETag %v, Last-Modified %v", *resp.ETag, resp.LastModified)
		case *resp.Stats.ResourceStats.DiskWriteIOPS != 9007199254740993 || *resp.Stats.ResourceStats.DiskReadIOPS != 1<<40:
			return errorf("int64 statistics %d %d", *resp.Stats.ResourceStats.DiskReadIOPS, *resp.Stats.ResourceStats.DiskWriteIOPS)
		case lastTimeout == nil || *lastTimeout != 10:
			return errorf("the server got timeOut %v", lastTimeout)
		}
		return nil
	})
	h.check("GetPool/not-found-404", func() error {
		_, err := c.GetPool(ctx, "nope", nil)
		return wantError(err, 404, "PoolNotFound")
	})
	h.check("GetPool/ocp-date-UTC", func() error {
		_, err := c.GetPool(ctx, "pool-1", &azbatch.GetPoolOptions{OCPDate: utc(0)})
		return err
	})
	h.check("GetPool/ocp-date-numeric-offset", func() error {
		_, err := c.GetPool(ctx, "pool-1", &azbatch.GetPoolOptions{OCPDate: to(t0.In(time.FixedZone("", 2*3600)))})
		return err
	})
	h.check("GetPool/ocp-date-unknown-zone-400", func() error {
		_, err := c.GetPool(ctx, "pool-1", &azbatch.GetPoolOptions{OCPDate: to(t0.In(time.FixedZone("CEST", 2*3600)))})
		if err := wantError(err, 400, "InvalidHeaderValue"); err != nil {
			return err
		}
		var re *azcore.ResponseError
		errors.As(err, &re)
		body, _ := io.ReadAll(re.RawResponse.Body)
		if !bytes.Contains(body, []byte("CEST")) {
			return errorf("the message does not name the zone: %s", body)
		}
		return nil
	})
	h.check("GetPool/If-None-Match-304", func() error {
		_, err := c.GetPool(ctx, "pool-1", &azbatch.GetPoolOptions{IfNoneMatch: &etag1})
		return wantError(err, 304, "")
	})
	h.check("GetPool/If-None-Match-stale-200", func() error {
		_, err := c.GetPool(ctx, "pool-1", &azbatch.GetPoolOptions{IfNoneMatch: to(azcore.ETag("0x8DD000000000000"))})
		return err
	})
	h.check("GetPool/If-Modified-Since-304", func() error {
		_, err := c.GetPool(ctx, "pool-1", &azbatch.GetPoolOptions{IfModifiedSince: to(pool1.LastModified.Add(time.Hour))})
		return wantError(err, 304, "")
	})
	h.check("GetPool/If-Modified-Since-200", func() error {
		_, err := c.GetPool(ctx, "pool-1", &azbatch.GetPoolOptions{IfModifiedSince: to(pool1.LastModified.Add(-time.Hour))})
		return err
	})
	h.check("GetPool/If-Match-412", func() error {
		_, err := c.GetPool(ctx, "pool-1", &azbatch.GetPoolOptions{IfMatch: to(azcore.ETag("0x8DD000000000000"))})
		return wantError(err, 412, "ConditionNotMet")
	})
	h.check("GetPool/If-Match-200", func() error {
		_, err := c.GetPool(ctx, "pool-1", &azbatch.GetPoolOptions{IfMatch: &etag1})
		return err
	})
	h.check("GetPool/If-Unmodified-Since-412", func() error {
		_, err := c.GetPool(ctx, "pool-1", &azbatch.GetPoolOptions{IfUnmodifiedSince: to(pool1.LastModified.Add(-time.Hour))})
		return wantError(err, 412, "ConditionNotMet")
	})
	h.check("PoolExists", func() error {
		var raw *http.Response
		if _, err := c.PoolExists(runtime.WithCaptureResponse(ctx, &raw), "pool-1", nil); err != nil {
			return err
		}
		if raw.StatusCode != 200 {
			return errorf("status %d", raw.StatusCode)
		}
		if _, err := c.PoolExists(runtime.WithCaptureResponse(ctx, &raw), "nope", nil); err != nil {
			return err
		}
		if raw.StatusCode != 404 {
			return errorf("missing pool: status %d", raw.StatusCode)
		}
		return nil
	})
	h.check("PoolExists/If-None-Match-304", func() error {
		_, err := c.PoolExists(ctx, "pool-1", &azbatch.PoolExistsOptions{IfNoneMatch: &etag1})
		return wantError(err, 304, "")
	})
	h.check("ListPools/three-pages-filter", func() error {
		pages, ids, err := collect(ctx, c.NewListPoolsPager(&azbatch.ListPoolsOptions{MaxResults: to(int32(2)), Filter: to("startswith(id,'pool-')")}),
			func(p azbatch.ListPoolsResponse) (ids []string) {
				for _, v := range p.Value {
					ids = append(ids, *v.ID)
				}
				return ids
			})
		if err != nil {
			return err
		}
		if pages != 3 || strings.Join(ids, ",") != "pool-0,pool-1,pool-2,pool-3,pool-4" {
			return errorf("%d pages: %v", pages, ids)
		}
		return nil
	})
	h.check("ListPools/maxresults-0-400", func() error {
		_, err := c.NewListPoolsPager(&azbatch.ListPoolsOptions{MaxResults: to(int32(0))}).NextPage(ctx)
		return wantError(err, 400, "InvalidQueryParameterValue")
	})

	// ---- Jobs
	for i := range 3 {
		id := fmt.Sprintf("job-%d", i)
		h.check("CreateJob/"+id, func() error {
			_, err := c.CreateJob(ctx, azbatch.CreateJobContent{
				ID: &id, PoolInfo: &azbatch.PoolInfo{PoolID: to("pool-1")}, Priority: to(int32(100 * i)), DisplayName: to("Job " + id),
				Metadata: []azbatch.MetadataItem{{Name: to("k"), Value: to("v")}}, UsesTaskDependencies: to(true),
			}, nil)
			return err
		})
	}
	h.check("CreateJob/exists-409", func() error {
		_, err := c.CreateJob(ctx, azbatch.CreateJobContent{ID: to("JOB-0"), PoolInfo: &azbatch.PoolInfo{PoolID: to("pool-1")}}, nil)
		return wantError(err, 409, "JobExists")
	})
	h.check("CreateJob/no-poolInfo-400", func() error {
		_, err := c.CreateJob(ctx, azbatch.CreateJobContent{ID: to("job-x")}, nil)
		return wantErrorDetail(err, 400, "InvalidRequestBody", "PropertyName", "poolInfo")
	})
	var jobETag azcore.ETag
	h.check("GetJob", func() error {
		resp, err := c.GetJob(ctx, "job-1", nil)
		switch {
		case err != nil:
			return err
		case *resp.ID != "job-1" || *resp.Priority != 100 || *resp.PoolInfo.PoolID != "pool-1" || *resp.MaxParallelTasks != -1 ||
			*resp.State != azbatch.JobStateActive || !*resp.UsesTaskDependencies || len(resp.Metadata) != 1 || *resp.Metadata[0].Value != "v":
			return errorf("got %+v", resp.Job)
		case resp.ETag == nil || *resp.ETag != *resp.Job.ETag:
			return errorf("ETag header %v, body %v", resp.ETag, resp.Job.ETag)
		}
		jobETag = *resp.ETag
		return nil
	})
	h.check("GetJob/ocp-date-UTC", func() error {
		_, err := c.GetJob(ctx, "job-1", &azbatch.GetJobOptions{OCPDate: utc(0)})
		return err
	})
	h.check("GetJob/not-found-404", func() error {
		_, err := c.GetJob(ctx, "nope", nil)
		return wantError(err, 404, "JobNotFound")
	})
	h.check("GetJob/If-None-Match-304", func() error {
		_, err := c.GetJob(ctx, "job-1", &azbatch.GetJobOptions{IfNoneMatch: &jobETag})
		return wantError(err, 304, "")
	})
	h.check("GetJob/$select", func() error {
		resp, err := c.GetJob(ctx, "job-1", &azbatch.GetJobOptions{SelectParam: []string{"id", "state"}})
		if err != nil {
			return err
		}
		if resp.ID == nil || resp.State == nil || resp.PoolInfo != nil {
			return errorf("want only id and state, got poolInfo %+v", deref(resp.PoolInfo))
		}
		return nil
	})
	h.check("ListJobs/three-pages", func() error {
		_, ids, err := collect(ctx, c.NewListJobsPager(&azbatch.ListJobsOptions{MaxResults: to(int32(1)), Filter: to("state eq 'active'")}),
			func(p azbatch.ListJobsResponse) (ids []string) {
				for _, v := range p.Value {
					ids = append(ids, *v.ID)
				}
				return ids
			})
		if err != nil {
			return err
		}
		if strings.Join(ids, ",") != "job-0,job-1,job-2" {
			return errorf("got %v", ids)
		}
		return nil
	})
	h.check("ReplaceJob/If-Match-stale-412", func() error {
		_, err := c.ReplaceJob(ctx, "job-1", azbatch.Job{PoolInfo: &azbatch.PoolInfo{PoolID: to("pool-2")}}, &azbatch.ReplaceJobOptions{IfMatch: to(azcore.ETag("0x8DD000000000000"))})
		return wantError(err, 412, "ConditionNotMet")
	})
	h.check("ReplaceJob/If-Unmodified-Since-412", func() error {
		_, err := c.ReplaceJob(ctx, "job-1", azbatch.Job{PoolInfo: &azbatch.PoolInfo{PoolID: to("pool-2")}}, &azbatch.ReplaceJobOptions{IfUnmodifiedSince: utc(-time.Hour)})
		return wantError(err, 412, "ConditionNotMet")
	})
	h.check("ReplaceJob/If-Match", func() error {
		resp, err := c.ReplaceJob(ctx, "job-1", azbatch.Job{PoolInfo: &azbatch.PoolInfo{PoolID: to("pool-2")}, Priority: to(int32(-500)), MaxParallelTasks: to(int32(4))},
			&azbatch.ReplaceJobOptions{IfMatch: &jobETag})
		if err != nil {
			return err
		}
		if resp.ETag == nil || *resp.ETag == jobETag {
			return errorf("ETag did not change: %v", resp.ETag)
		}
		got, err := c.GetJob(ctx, "job-1", nil)
		if err != nil {
			return err
		}
		if *got.Priority != -500 || *got.PoolInfo.PoolID != "pool-2" || *got.MaxParallelTasks != 4 {
			return errorf("after replace: %+v", got.Job)
		}
		return nil
	})
	h.check("DeleteJob/If-Match-stale-412", func() error {
		_, err := c.DeleteJob(ctx, "job-2", &azbatch.DeleteJobOptions{IfMatch: &jobETag})
		return wantError(err, 412, "ConditionNotMet")
	})
	h.check("DeleteJob", func() error {
		if _, err := c.DeleteJob(ctx, "job-2", &azbatch.DeleteJobOptions{Force: to(true), IfUnmodifiedSince: utc(24 * time.Hour)}); err != nil {
			return err
		}
		_, err := c.GetJob(ctx, "job-2", nil)
		return wantError(err, 404, "JobNotFound")
	})
	h.check("DeleteJob/not-found-404", func() error {
		_, err := c.DeleteJob(ctx, "job-404", nil)
		return wantError(err, 404, "JobNotFound")
	})

	// ---- Tasks
	for i := range 3 {
		id := fmt.Sprintf("task-%d", i)
		h.check("CreateTask/"+id, func() error {
			_, err := c.CreateTask(ctx, "job-0", azbatch.CreateTaskContent{
				ID: &id, CommandLine: to("/bin/sh -c 'echo " + id + "'"),
				EnvironmentSettings: []azbatch.EnvironmentSetting{{Name: to("MODE"), Value: to("fast")}},
				Constraints:         &azbatch.TaskConstraints{MaxWallClockTime: to("PT1H"), MaxTaskRetryCount: to(int32(3))},
			}, nil)
			return err
		})
	}
	h.check("CreateTask/exists-409", func() error {
		_, err := c.CreateTask(ctx, "job-0", azbatch.CreateTaskContent{ID: to("task-0"), CommandLine: to("true")}, nil)
		return wantError(err, 409, "TaskExists")
	})
	h.check("CreateTask/no-job-404", func() error {
		_, err := c.CreateTask(ctx, "nope", azbatch.CreateTaskContent{ID: to("t"), CommandLine: to("true")}, nil)
		return wantError(err, 404, "JobNotFound")
	})
	var taskETag azcore.ETag
	h.check("GetTask", func() error {
		resp, err := c.GetTask(ctx, "job-0", "task-1", nil)
		switch {
		case err != nil:
			return err
		case *resp.ID != "task-1" || *resp.CommandLine != "/bin/sh -c 'echo task-1'" || *resp.State != azbatch.TaskStateActive ||
			*resp.Constraints.MaxWallClockTime != "PT1H" || *resp.Constraints.MaxTaskRetryCount != 3 || *resp.RequiredSlots != 1:
			return errorf("got %+v", resp.Task)
		case *resp.EnvironmentSettings[0].Value != "fast" || *resp.ExecutionInfo.RetryCount != 0 || *resp.NodeInfo.NodeID != "tvm-1":
			return errorf("env %+v, execution %+v", resp.EnvironmentSettings, resp.ExecutionInfo)
		}
		taskETag = *resp.ETag
		return nil
	})
	h.check("GetTask/If-None-Match-304", func() error {
		_, err := c.GetTask(ctx, "job-0", "task-1", &azbatch.GetTaskOptions{IfNoneMatch: &taskETag})
		return wantError(err, 304, "")
	})
	h.check("GetTask/not-found-404", func() error {
		_, err := c.GetTask(ctx, "job-0", "nope", nil)
		return wantError(err, 404, "TaskNotFound")
	})
	h.check("ListTasks/two-pages", func() error {
		pages, ids, err := collect(ctx, c.NewListTasksPager("job-0", &azbatch.ListTasksOptions{MaxResults: to(int32(2))}),
			func(p azbatch.ListTasksResponse) (ids []string) {
				for _, v := range p.Value {
					ids = append(ids, *v.ID)
				}
				return ids
			})
		if err != nil {
			return err
		}
		if pages != 2 || strings.Join(ids, ",") != "task-0,task-1,task-2" {
			return errorf("%d pages: %v", pages, ids)
		}
		return nil
	})

	// ---- Files
	log := h.fake.files["job-0/task-0/stdout.txt"]
	h.check("GetTaskFile/whole", func() error {
		resp, err := c.GetTaskFile(ctx, "job-0", "task-0", "stdout.txt", nil)
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		switch {
		case err != nil:
			return err
		case !bytes.Equal(b, log.content):
			return errorf("%d bytes, want %d", len(b), len(log.content))
		case *resp.ContentLength != int64(len(log.content)) || *resp.ContentType != "text/plain" || *resp.OCPBatchFileIsDirectory || *resp.OCPBatchFileMode != "0644":
			return errorf("headers %d %s %v %s", *resp.ContentLength, *resp.ContentType, *resp.OCPBatchFileIsDirectory, *resp.OCPBatchFileMode)
		case !resp.LastModified.Equal(log.modified) || !resp.OCPCreationTime.Equal(log.created) || !strings.HasSuffix(*resp.OCPBatchFileURL, "/files/stdout.txt"):
			return errorf("Last-Modified %v, ocp-creation-time %v, url %s", resp.LastModified, resp.OCPCreationTime, *resp.OCPBatchFileURL)
		}
		return nil
	})
	h.check("GetTaskFile/ocp-range", func() error {
		resp, err := c.GetTaskFile(ctx, "job-0", "task-0", "stdout.txt", &azbatch.GetTaskFileOptions{OCPRange: to("bytes=1000-1999")})
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if !bytes.Equal(b, log.content[1000:2000]) {
			return errorf("range: %d bytes", len(b))
		}
		return nil
	})
	h.check("GetTaskFile/If-Modified-Since-304", func() error {
		_, err := c.GetTaskFile(ctx, "job-0", "task-0", "stdout.txt", &azbatch.GetTaskFileOptions{IfModifiedSince: to(log.modified)})
		return wantError(err, 304, "")
	})
	h.check("GetTaskFile/not-found-404", func() error {
		_, err := c.GetTaskFile(ctx, "job-0", "task-0", "nope.txt", nil)
		return wantError(err, 404, "FileNotFound")
	})
	h.check("GetTaskFileProperties", func() error {
		resp, err := c.GetTaskFileProperties(ctx, "job-0", "task-0", "stdout.txt", nil)
		if err != nil {
			return err
		}
		if *resp.ContentLength != int64(len(log.content)) || *resp.OCPBatchFileMode != "0644" || !resp.LastModified.Equal(log.modified) {
			return errorf("got %d %s %v", *resp.ContentLength, *resp.OCPBatchFileMode, resp.LastModified)
		}
		return nil
	})
	h.check("GetTaskFileProperties/If-Unmodified-Since-412", func() error {
		_, err := c.GetTaskFileProperties(ctx, "job-0", "task-0", "stdout.txt", &azbatch.GetTaskFilePropertiesOptions{IfUnmodifiedSince: to(log.created)})
		return wantError(err, 412, "") // a HEAD answer has no body to carry the code
	})
	h.check("GetNodeFile/chunked-download", func() error {
		var got []byte
		const chunk = 1 << 20
		for off := 0; ; off += chunk {
			resp, err := c.GetNodeFile(ctx, "pool-1", "tvm-1", "startup/stdout.txt", &azbatch.GetNodeFileOptions{OCPRange: to(fmt.Sprintf("bytes=%d-%d", off, off+chunk-1))})
			if err != nil {
				return err
			}
			b, err := io.ReadAll(resp.Body)
			resp.Body.Close()
			if err != nil {
				return err
			}
			got = append(got, b...)
			if len(b) < chunk || len(got) == len(log.content) {
				break
			}
		}
		if !bytes.Equal(got, log.content) {
			return errorf("%d bytes, want %d", len(got), len(log.content))
		}
		return nil
	})
	h.check("GetNodeFile/If-Modified-Since-UTC-304", func() error {
		_, err := c.GetNodeFile(ctx, "pool-1", "tvm-1", "startup/stdout.txt", &azbatch.GetNodeFileOptions{IfModifiedSince: to(log.modified.Add(time.Second))})
		return wantError(err, 304, "")
	})
	h.check("GetNodeFileProperties/5GB", func() error {
		resp, err := c.GetNodeFileProperties(ctx, "pool-1", "tvm-1", "big.bin", nil)
		if err != nil {
			return err
		}
		if *resp.ContentLength != 5_000_000_000 || *resp.OCPBatchFileMode != "0600" {
			return errorf("got %d %s", *resp.ContentLength, *resp.OCPBatchFileMode)
		}
		return nil
	})
	h.check("GetNodeFileProperties/If-Modified-Since-304", func() error {
		_, err := c.GetNodeFileProperties(ctx, "pool-1", "tvm-1", "big.bin", &azbatch.GetNodeFilePropertiesOptions{IfModifiedSince: to(log.modified)})
		return wantError(err, 304, "")
	})

	// ---- Nodes
	h.check("GetNode", func() error {
		resp, err := c.GetNode(ctx, "pool-1", "tvm-1", nil)
		if err != nil {
			return err
		}
		if *resp.ID != "tvm-1" || *resp.State != azbatch.NodeStateIdle || *resp.IPAddress != "10.0.0.4" || resp.VirtualMachineInfo == nil {
			return errorf("got %+v", resp.Node)
		}
		eps := resp.EndpointConfiguration.InboundEndpoints
		if len(eps) != 2 || *eps[1].Protocol != azbatch.InboundEndpointProtocol("HTTP") || *eps[0].BackendPort != 22 {
			return errorf("endpoints %+v", eps)
		}
		return nil
	})
	h.check("GetNode/not-found-404", func() error {
		_, err := c.GetNode(ctx, "pool-1", "tvm-9", nil)
		return wantError(err, 404, "NodeNotFound")
	})
	h.check("CreateNodeUser", func() error {
		exp := t0.Add(48 * time.Hour)
		_, err := c.CreateNodeUser(ctx, "pool-1", "tvm-1", azbatch.CreateNodeUserContent{Name: to("alice"), IsAdmin: to(true), Password: to("hunter2"), ExpiryTime: &exp}, nil)
		if err != nil {
			return err
		}
		u := h.fake.users["tvm-1/alice"]
		if u.Password == nil || string(*u.Password) != "hunter2" || !*u.IsAdmin || !u.ExpiryTime.Equal(exp) {
			return errorf("the server got %+v", u)
		}
		return nil
	})
	h.check("CreateNodeUser/ocp-date-UTC", func() error {
		_, err := c.CreateNodeUser(ctx, "pool-1", "tvm-1", azbatch.CreateNodeUserContent{Name: to("bob"), SSHPublicKey: to("ssh-ed25519 AAAA")}, &azbatch.CreateNodeUserOptions{OCPDate: utc(0)})
		return err
	})
	h.check("CreateNodeUser/exists-409", func() error {
		_, err := c.CreateNodeUser(ctx, "pool-1", "tvm-1", azbatch.CreateNodeUserContent{Name: to("alice")}, nil)
		return wantError(err, 409, "NodeUserExists")
	})

	// ---- The framework's own answers
	h.check("DeletePool/not-in-definition-405", func() error {
		_, err := c.DeletePool(ctx, "pool-1", nil)
		return wantError(err, 405, "UnsupportedHttpVerb")
	})
	h.check("GetApplication/not-in-definition-404", func() error {
		_, err := c.GetApplication(ctx, "app", nil)
		return wantError(err, 404, "InvalidUri")
	})

	t.Cleanup(func() { h.report(t) })
}

// TestAzbatchUnimplemented: operations a server leaves out answer 501
// with the error model, which azbatch reads as an *azcore.ResponseError.
func TestAzbatchUnimplemented(t *testing.T) {
	h := newHarness(t, func(*fake) batch2025.Servers { return batch2025.Servers{} })
	h.check("GetPool/unimplemented-501", func() error {
		_, err := h.client.GetPool(h.ctx, "pool-1", nil)
		return wantError(err, 501, "NotImplemented")
	})
	h.check("CreateTask/unimplemented-501", func() error {
		_, err := h.client.CreateTask(h.ctx, "job", azbatch.CreateTaskContent{ID: to("t"), CommandLine: to("true")}, nil)
		return wantError(err, 501, "NotImplemented")
	})
	t.Cleanup(func() { h.report(t) })
}

// report logs what was exercised: the azbatch methods called (from
// azcore's spans) and the checks' outcome.
func (h *harness) report(t *testing.T) {
	names := slices.Collect(func(yield func(string) bool) {
		for m := range h.methods {
			if !yield(m) {
				return
			}
		}
	})
	sort.Strings(names)
	t.Logf("%d azbatch methods: %s", len(names), strings.Join(names, ", "))
	t.Logf("%d checks: %d passed, %d known failures, %d failed", h.checks, h.passed, h.known, h.checks-h.passed-h.known)
}

// methodName is the azbatch method behind one of azcore's span names:
// "Client.GetPool" for a call, "Pager[ListPoolsResponse].NextPage" for a
// page of NewListPoolsPager; "" for the HTTP spans beneath them.
func methodName(span string) string {
	if m, ok := strings.CutPrefix(span, "Client."); ok {
		return m
	}
	if rest, ok := strings.CutPrefix(span, "Pager["); ok {
		resp, _, _ := strings.Cut(rest, "]")
		return "New" + strings.TrimSuffix(resp, "Response") + "Pager"
	}
	return ""
}

func deref[T any](p *T) any {
	if p == nil {
		return nil
	}
	return *p
}

// TestGeneratedClientConditional: oasgen's own client, against the same
// fake, recognises the 304 and 412 that the definition does not declare.
func TestGeneratedClientConditional(t *testing.T) {
	h := newHarness(t, allServers)
	c, err := batch2025.NewClient(h.srv.URL, batch2025.WithHTTPClient(h.srv.Client()))
	if err != nil {
		t.Fatal(err)
	}
	pool := h.fake.pools[1].pool
	_, err = c.Pools.GetPool(h.ctx, "pool-1", &batch2025.PoolsGetPoolOptions{IfNoneMatch: pool.ETag})
	var re *batch2025.ResponseError
	if !errors.Is(err, batch2025.ErrNotModified) || !errors.As(err, &re) || re.Header.Get("ETag") != *pool.ETag {
		t.Errorf("If-None-Match: %v", err)
	}
	_, err = c.Pools.GetPool(h.ctx, "pool-1", &batch2025.PoolsGetPoolOptions{IfModifiedSince: to(pool.LastModified.In(time.FixedZone("", 3600)))})
	if !errors.Is(err, batch2025.ErrNotModified) {
		t.Errorf("If-Modified-Since: %v", err)
	}
	_, err = c.Pools.GetPool(h.ctx, "pool-1", &batch2025.PoolsGetPoolOptions{IfMatch: to("0x8DD000000000000")})
	var be *batch2025.BatchError
	if !errors.Is(err, batch2025.ErrPreconditionFailed) || !errors.As(err, &be) || be.Code != "ConditionNotMet" {
		t.Errorf("If-Match: %v", err)
	}
}
