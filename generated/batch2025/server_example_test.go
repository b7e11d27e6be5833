package batch2025_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/oasgen/oasgen/generated/batch2025"
)

// README: writing a server (begin)

// jobs is a store of Batch jobs behind the generated JobsServer: a
// paging list with next links, a conditional GET that answers 304, an
// answer in the error model, and $select (which the generated handler
// applies: the method fills every member).
type jobs struct {
	batch2025.UnimplementedJobsServer // the operations not written here answer 501

	mu       sync.Mutex
	byID     map[string]batch2025.BatchJob
	order    []string
	modified map[string]time.Time
}

func (s *jobs) GetJob(ctx context.Context, jobID string, opts *batch2025.JobsGetJobOptions) (*batch2025.JobsGetJobResponse, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	job, ok := s.byID[jobID]
	if !ok {
		return nil, batch2025.NewErrorResponse(http.StatusNotFound,
			batch2025.NewBatchError("JobNotFound", "The specified job does not exist."))
	}
	// If-None-Match, If-Modified-Since and the rest, in RFC 9110's order:
	// 304 (or 412) comes back as the error to return.
	if err := batch2025.CheckConditions(ctx, *job.ETag, s.modified[jobID]); err != nil {
		return nil, err
	}
	lm := s.modified[jobID]
	return &batch2025.JobsGetJobResponse{BatchJob: job, ETag: job.ETag, LastModified: &lm}, nil
}

func (s *jobs) ListJobs(ctx context.Context, opts *batch2025.JobsListJobsOptions) (*batch2025.JobsListJobsResponse, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	size := 1000
	if opts != nil && opts.MaxResults != nil {
		size = int(*opts.MaxResults)
	}
	// The request's own query carries $filter and $select into the next
	// link; $skiptoken says where this page starts.
	q := batch2025.RequestFromContext(ctx).URL.Query()
	start, _ := strconv.Atoi(q.Get("$skiptoken"))
	end := min(start+size, len(s.order))
	resp := &batch2025.JobsListJobsResponse{}
	for _, id := range s.order[start:end] {
		resp.Value = append(resp.Value, s.byID[id])
	}
	if end < len(s.order) {
		q.Set("$skiptoken", strconv.Itoa(end))
		next := batch2025.BaseURL(ctx) + "/jobs?" + q.Encode() // behind a proxy: WithBaseURL
		resp.ODataNextLink = &next
	}
	return resp, nil
}

// README: writing a server (end)

// Example_writingAServer serves the store above and calls it with the
// generated client: a listing over two pages, a conditional GET, a
// missing job and a $select.
func Example_writingAServer() {
	etag, poolID := "0x8DD1", "pool-1"
	store := &jobs{byID: map[string]batch2025.BatchJob{}, modified: map[string]time.Time{}}
	for _, id := range []string{"job-1", "job-2", "job-3"} {
		store.byID[id] = batch2025.BatchJob{ID: &id, ETag: &etag, PoolInfo: batch2025.BatchPoolInfo{PoolID: &poolID}}
		store.order = append(store.order, id)
		store.modified[id] = time.Date(2025, 6, 1, 10, 0, 0, 0, time.UTC)
	}
	srv := httptest.NewServer(batch2025.NewHandler(batch2025.Servers{Jobs: store}))
	defer srv.Close()
	c, _ := batch2025.NewClient(srv.URL)
	ctx := context.Background()

	n := 0
	for job, err := range c.Jobs.ListJobsAll(ctx, &batch2025.JobsListJobsOptions{MaxResults: new(int32(2))}) {
		if err != nil {
			fmt.Println(err)
			return
		}
		n++
		_ = job
	}
	fmt.Println("jobs listed:", n)

	_, err := c.Jobs.GetJob(ctx, "job-1", &batch2025.JobsGetJobOptions{IfNoneMatch: &etag})
	fmt.Println("not modified:", errors.Is(err, batch2025.ErrNotModified))

	_, err = c.Jobs.GetJob(ctx, "job-9", nil)
	var be *batch2025.BatchError
	fmt.Println("missing:", errors.As(err, &be) && be.Code == "JobNotFound")

	resp, _ := c.Jobs.GetJob(ctx, "job-2", &batch2025.JobsGetJobOptions{Select: []string{"id"}})
	fmt.Println("selected:", *resp.ID, resp.PoolInfo.PoolID == nil)
	// Output:
	// jobs listed: 3
	// not modified: true
	// missing: true
	// selected: job-2 true
}

// TestREADMEWritingAServer keeps the README's "Writing a server" code
// equal to the example above, which compiles and runs.
func TestREADMEWritingAServer(t *testing.T) {
	src, err := os.ReadFile("server_example_test.go")
	if err != nil {
		t.Fatal(err)
	}
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, code, _ := strings.Cut(string(src), "// README: writing a server (begin)\n")
	code, _, _ = strings.Cut(code, "// README: writing a server (end)")
	_, section, ok := strings.Cut(string(readme), "### Writing a server")
	_, block, _ := strings.Cut(section, "```go\n")
	block, _, _ = strings.Cut(block, "```")
	if !ok || strings.TrimSpace(block) != strings.TrimSpace(code) {
		t.Errorf("README.md's \"Writing a server\" code differs from server_example_test.go's; copy it over")
	}
}
