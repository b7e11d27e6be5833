package azbatchtest

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/oasgen/oasgen/generated/batch2025"
)

// fake is a Batch service in memory, written on the generated server the
// way a user of oasgen would write one: one type implementing every
// operation group, state behind a mutex, the definition's error model
// for the service's own errors.
type fake struct {
	batch2025.UnimplementedCertificatesServer // none left unimplemented; kept for new operations

	mu      sync.Mutex
	clock   time.Time // advanced by every change, so Last-Modified moves
	version int       // ETag counter

	certs map[string]*certRec // by thumbprintAlgorithm + "/" + thumbprint
	pools []*poolRec          // in id order
	jobs  map[string]*jobRec
	users map[string]batch2025.BatchNodeUserCreateOptions // by node id + "/" + name
	files map[string]*fileRec                             // by pool/node/path and job/task/path
}

type certRec struct {
	cert      batch2025.BatchCertificate
	etag      string
	modified  time.Time
	password  string // kept to check that the secret arrived
	dataBytes int
}

type poolRec struct {
	pool batch2025.BatchPool
}

type jobRec struct {
	job   batch2025.BatchJob
	tasks map[string]*taskRec
	order []string
}

type taskRec struct {
	task batch2025.BatchTask
}

type fileRec struct {
	content  []byte // nil for a file whose size alone matters (size)
	size     int64
	created  time.Time
	modified time.Time
	etag     string
	mode     string
	ctype    string
}

// t0 is the fake's first Last-Modified: a Monday, so that a date written
// with time.RFC1123 reads "Mon, 02 Jun 2025 10:11:12 UTC".
var t0 = time.Date(2025, 6, 2, 10, 11, 12, 0, time.UTC)

func newFake() *fake {
	f := &fake{
		clock: t0,
		certs: map[string]*certRec{},
		jobs:  map[string]*jobRec{},
		users: map[string]batch2025.BatchNodeUserCreateOptions{},
		files: map[string]*fileRec{},
	}
	for i := range 5 {
		etag, lm := f.touch()
		state := batch2025.BatchPoolStateActive
		p := batch2025.BatchPool{
			ID:                    ptr(fmt.Sprintf("pool-%d", i)),
			DisplayName:           ptr(fmt.Sprintf("Render pool %d", i)),
			ETag:                  &etag,
			LastModified:          &lm,
			CreationTime:          ptr(t0.Add(-time.Hour)),
			State:                 &state,
			VMSize:                ptr("standard_d2s_v3"),
			ResizeTimeout:         ptr("PT15M"),
			CurrentDedicatedNodes: ptr(int32(i)),
			TargetDedicatedNodes:  ptr(int32(i)),
			EnableAutoScale:       ptr(false),
			ResourceTags:          map[string]string{"team": "render", "index": strconv.Itoa(i)},
			Metadata:              []batch2025.BatchMetadataItem{{Name: "owner", Value: "oasgen"}},
			PoolStatistics: &batch2025.BatchPoolStatistics{
				StartTime:      t0.Add(-time.Hour),
				LastUpdateTime: t0,
				ResourceStats: &batch2025.BatchPoolResourceStatistics{
					StartTime: t0.Add(-time.Hour), LastUpdateTime: t0,
					AvgCPUPercentage: 12.5, PeakDiskGiB: 3.25,
					DiskReadIOPS: 1 << 40, DiskWriteIOPS: 9007199254740993, // beyond float64's exact integers
					NetworkReadGiB: 0.5,
				},
			},
		}
		f.pools = append(f.pools, &poolRec{pool: p})
	}
	// Files: a 3 MiB log with distinct bytes, and a 5 GB file whose
	// properties alone are asked for.
	log := make([]byte, 3<<20)
	for i := range log {
		log[i] = byte(i*31 + i/251)
	}
	etag, lm := f.touch()
	for _, k := range []string{"pool-1/tvm-1/startup/stdout.txt", "job-0/task-0/stdout.txt"} {
		f.files[k] = &fileRec{content: log, size: int64(len(log)), created: t0.Add(-time.Minute), modified: lm, etag: etag, mode: "0644", ctype: "text/plain"}
	}
	f.files["pool-1/tvm-1/big.bin"] = &fileRec{size: 5_000_000_000, created: t0.Add(-time.Minute), modified: lm, etag: etag, mode: "0600", ctype: "application/octet-stream"}
	return f
}

// touch advances the fake's clock and returns a new ETag and Last-Modified.
func (f *fake) touch() (string, time.Time) {
	f.version++
	f.clock = f.clock.Add(time.Minute)
	return fmt.Sprintf("0x8DD%012X", f.version), f.clock
}

func ptr[T any](v T) *T { return &v }

// batchError is the definition's error model, with the status to answer.
func batchError(status int, code, message string) error {
	return batch2025.NewErrorResponse(status, batch2025.NewBatchError(code, message))
}

// The generated package gives a server method its request and the
// service's base URL as the caller addressed it.
var (
	request = batch2025.RequestFromContext
	baseURL = batch2025.BaseURL
)

// page cuts items into a page of at most max, starting at the request's
// $skiptoken, and returns the next link (nil on the last page): the
// request's own URL with the new $skiptoken, so that $filter, $select
// and maxresults carry over as Batch's next links do.
func page[T any](ctx context.Context, items []T, max *int32) ([]T, *string, error) {
	r := request(ctx)
	q := r.URL.Query()
	start := 0
	if tok := q.Get("$skiptoken"); tok != "" {
		n, err := strconv.Atoi(tok)
		if err != nil || n < 0 || n > len(items) {
			return nil, nil, batchError(http.StatusBadRequest, "InvalidQueryParameterValue", "The value for $skiptoken is not valid.")
		}
		start = n
	}
	size := 1000
	if max != nil {
		size = int(*max)
	}
	end := min(start+size, len(items))
	if end == len(items) {
		return items[start:end], nil, nil
	}
	q.Set("$skiptoken", strconv.Itoa(end))
	link := baseURL(ctx) + r.URL.Path + "?" + q.Encode()
	return items[start:end], &link, nil
}

// selected reports whether member is in a $select list (all when none).
func selected(sel []string, member string) bool {
	return len(sel) == 0 || slices.Contains(sel, member)
}

// ---- Certificates

func certKey(alg, tp string) string { return strings.ToLower(alg) + "/" + strings.ToLower(tp) }

func (f *fake) CreateCertificate(ctx context.Context, c batch2025.BatchCertificate, opts *batch2025.CertificatesCreateCertificateOptions) (*batch2025.CertificatesCreateCertificateResponse, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	k := certKey(c.ThumbprintAlgorithm, c.Thumbprint)
	if _, ok := f.certs[k]; ok {
		return nil, batchError(http.StatusConflict, "CertificateExists", "The specified certificate already exists.")
	}
	etag, lm := f.touch()
	rec := &certRec{etag: etag, modified: lm, dataBytes: len(c.Data)}
	if c.Password != nil {
		rec.password = string(*c.Password)
	}
	state := batch2025.BatchCertificateStateActive
	rec.cert = batch2025.BatchCertificate{
		Thumbprint: c.Thumbprint, ThumbprintAlgorithm: c.ThumbprintAlgorithm,
		URL:                 ptr(baseURL(ctx) + "/certificates(thumbprintAlgorithm=" + c.ThumbprintAlgorithm + ",thumbprint=" + c.Thumbprint + ")"),
		State:               &state,
		StateTransitionTime: &lm,
		PublicData:          c.Data[:min(8, len(c.Data))],
		CertificateFormat:   c.CertificateFormat,
	}
	f.certs[k] = rec
	return &batch2025.CertificatesCreateCertificateResponse{ETag: &etag, LastModified: &lm, DataServiceID: rec.cert.URL}, nil
}

func (f *fake) cert(alg, tp string) (*certRec, error) {
	rec, ok := f.certs[certKey(alg, tp)]
	if !ok {
		return nil, batchError(http.StatusNotFound, "CertificateNotFound", "The specified certificate does not exist.")
	}
	return rec, nil
}

// projectCert keeps the $select members of c; required members stay in
// the struct whatever the stub does (issue 22 item 3).
func projectCert(c batch2025.BatchCertificate, sel []string) batch2025.BatchCertificate {
	if len(sel) == 0 {
		return c
	}
	var out batch2025.BatchCertificate
	if selected(sel, "thumbprint") {
		out.Thumbprint = c.Thumbprint
	}
	if selected(sel, "thumbprintAlgorithm") {
		out.ThumbprintAlgorithm = c.ThumbprintAlgorithm
	}
	if selected(sel, "state") {
		out.State = c.State
	}
	if selected(sel, "url") {
		out.URL = c.URL
	}
	return out
}

func (f *fake) GetCertificate(ctx context.Context, alg, tp string, opts *batch2025.CertificatesGetCertificateOptions) (*batch2025.CertificatesGetCertificateResponse, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	rec, err := f.cert(alg, tp)
	if err != nil {
		return nil, err
	}
	return &batch2025.CertificatesGetCertificateResponse{BatchCertificate: projectCert(rec.cert, opts.Select), ETag: &rec.etag, LastModified: &rec.modified}, nil
}

func (f *fake) ListCertificates(ctx context.Context, opts *batch2025.CertificatesListCertificatesOptions) (*batch2025.CertificatesListCertificatesResponse, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var all []batch2025.BatchCertificate
	for _, k := range slices.Sorted(maps.Keys(f.certs)) {
		c := f.certs[k].cert
		if opts.Filter != nil && *opts.Filter == "state eq 'active'" && *c.State != batch2025.BatchCertificateStateActive {
			continue
		}
		all = append(all, projectCert(c, opts.Select))
	}
	items, next, err := page(ctx, all, opts.MaxResults)
	if err != nil {
		return nil, err
	}
	return &batch2025.CertificatesListCertificatesResponse{BatchCertificateListResult: batch2025.BatchCertificateListResult{Value: items, ODataNextLink: next}}, nil
}

func (f *fake) DeleteCertificate(ctx context.Context, alg, tp string, opts *batch2025.CertificatesDeleteCertificateOptions) (*batch2025.CertificatesDeleteCertificateResponse, error) {
	return nil, f.setCertState(alg, tp, batch2025.BatchCertificateStateDeleting,
		"CertificateBeingDeleted", "The specified certificate has been marked for deletion and is being deleted.")
}

func (f *fake) CancelCertificateDeletion(ctx context.Context, alg, tp string, opts *batch2025.CertificatesCancelCertificateDeletionOptions) (*batch2025.CertificatesCancelCertificateDeletionResponse, error) {
	return nil, f.setCertState(alg, tp, batch2025.BatchCertificateStateActive,
		"CertificateStateActive", "The specified certificate is in active state.")
}

// setCertState moves a certificate to state, keeping the one it leaves
// as its previous state; one already there is a 409 with code.
func (f *fake) setCertState(alg, tp string, state batch2025.BatchCertificateState, code, message string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	rec, err := f.cert(alg, tp)
	if err != nil {
		return err
	}
	if *rec.cert.State == state {
		return batchError(http.StatusConflict, code, message)
	}
	prev := *rec.cert.State
	rec.etag, rec.modified = f.touch()
	rec.cert.PreviousState, rec.cert.PreviousStateTransitionTime = &prev, rec.cert.StateTransitionTime
	rec.cert.State, rec.cert.StateTransitionTime = &state, ptr(rec.modified)
	return nil
}

// ---- Pools

func (f *fake) pool(id string) (*poolRec, error) {
	for _, p := range f.pools {
		if *p.pool.ID == id {
			return p, nil
		}
	}
	return nil, batchError(http.StatusNotFound, "PoolNotFound", "The specified pool does not exist.")
}

func (f *fake) withPoolURL(ctx context.Context, p batch2025.BatchPool) batch2025.BatchPool {
	p.URL = ptr(baseURL(ctx) + "/pools/" + url.PathEscape(*p.ID))
	return p
}

func (f *fake) GetPool(ctx context.Context, poolID string, opts *batch2025.PoolsGetPoolOptions) (*batch2025.PoolsGetPoolResponse, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	p, err := f.pool(poolID)
	if err != nil {
		return nil, err
	}
	if err := batch2025.CheckConditions(ctx, *p.pool.ETag, *p.pool.LastModified); err != nil {
		return nil, err
	}
	lastTimeout = opts.Timeout
	return &batch2025.PoolsGetPoolResponse{BatchPool: f.withPoolURL(ctx, p.pool), ETag: p.pool.ETag, LastModified: p.pool.LastModified}, nil
}

// lastTimeout is the timeOut GetPool last received (one test at a time).
var lastTimeout *int32

func (f *fake) PoolExists(ctx context.Context, poolID string, opts *batch2025.PoolsPoolExistsOptions) (*batch2025.PoolsPoolExistsResponse, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	p, err := f.pool(poolID)
	if err != nil {
		return nil, &batch2025.ResponseError{StatusCode: http.StatusNotFound}
	}
	if err := batch2025.CheckConditions(ctx, *p.pool.ETag, *p.pool.LastModified); err != nil {
		return nil, err
	}
	return &batch2025.PoolsPoolExistsResponse{ETag: p.pool.ETag, LastModified: p.pool.LastModified}, nil
}

func (f *fake) ListPools(ctx context.Context, opts *batch2025.PoolsListPoolsOptions) (*batch2025.PoolsListPoolsResponse, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var all []batch2025.BatchPool
	for _, p := range f.pools {
		if opts.Filter != nil && strings.HasPrefix(*opts.Filter, "startswith(id,'") {
			prefix := strings.TrimSuffix(strings.TrimPrefix(*opts.Filter, "startswith(id,'"), "')")
			if !strings.HasPrefix(*p.pool.ID, prefix) {
				continue
			}
		}
		all = append(all, f.withPoolURL(ctx, p.pool))
	}
	items, next, err := page(ctx, all, opts.MaxResults)
	if err != nil {
		return nil, err
	}
	return &batch2025.PoolsListPoolsResponse{BatchPoolListResult: batch2025.BatchPoolListResult{Value: items, ODataNextLink: next}}, nil
}

func (f *fake) GetPoolLifetimeStatistics(ctx context.Context, opts *batch2025.PoolsGetPoolLifetimeStatisticsOptions) (*batch2025.PoolsGetPoolLifetimeStatisticsResponse, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return &batch2025.PoolsGetPoolLifetimeStatisticsResponse{BatchPoolStatistics: *f.pools[0].pool.PoolStatistics}, nil
}

// ---- Jobs

func (f *fake) job(id string) (*jobRec, error) {
	j, ok := f.jobs[strings.ToLower(id)]
	if !ok {
		return nil, batchError(http.StatusNotFound, "JobNotFound", "The specified job does not exist.")
	}
	return j, nil
}

func (f *fake) CreateJob(ctx context.Context, in batch2025.BatchJobCreateOptions, opts *batch2025.JobsCreateJobOptions) (*batch2025.JobsCreateJobResponse, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if _, ok := f.jobs[strings.ToLower(in.ID)]; ok {
		return nil, batchError(http.StatusConflict, "JobExists", "The specified job already exists.")
	}
	if _, err := f.pool(*in.PoolInfo.PoolID); err != nil {
		return nil, err
	}
	etag, lm := f.touch()
	state := batch2025.BatchJobStateActive
	j := batch2025.BatchJob{
		ID: &in.ID, DisplayName: in.DisplayName, UsesTaskDependencies: in.UsesTaskDependencies,
		URL:  ptr(baseURL(ctx) + "/jobs/" + url.PathEscape(in.ID)),
		ETag: &etag, LastModified: &lm, CreationTime: &lm, State: &state,
		Priority: in.Priority, AllowTaskPreemption: in.AllowTaskPreemption, MaxParallelTasks: in.MaxParallelTasks,
		PoolInfo: in.PoolInfo, Metadata: in.Metadata,
	}
	if j.MaxParallelTasks == nil {
		j.MaxParallelTasks = ptr(int32(-1))
	}
	f.jobs[strings.ToLower(in.ID)] = &jobRec{job: j, tasks: map[string]*taskRec{}}
	return &batch2025.JobsCreateJobResponse{ETag: &etag, LastModified: &lm, DataServiceID: j.URL}, nil
}

func (f *fake) GetJob(ctx context.Context, jobID string, opts *batch2025.JobsGetJobOptions) (*batch2025.JobsGetJobResponse, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	j, err := f.job(jobID)
	if err != nil {
		return nil, err
	}
	if err := batch2025.CheckConditions(ctx, *j.job.ETag, *j.job.LastModified); err != nil {
		return nil, err
	}
	out := j.job
	if len(opts.Select) > 0 {
		out = batch2025.BatchJob{}
		if selected(opts.Select, "id") {
			out.ID = j.job.ID
		}
		if selected(opts.Select, "state") {
			out.State = j.job.State
		}
		if selected(opts.Select, "poolInfo") {
			out.PoolInfo = j.job.PoolInfo
		}
	}
	return &batch2025.JobsGetJobResponse{BatchJob: out, ETag: j.job.ETag, LastModified: j.job.LastModified}, nil
}

func (f *fake) ListJobs(ctx context.Context, opts *batch2025.JobsListJobsOptions) (*batch2025.JobsListJobsResponse, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var all []batch2025.BatchJob
	for _, k := range slices.Sorted(maps.Keys(f.jobs)) {
		j := f.jobs[k].job
		if opts.Filter != nil && *opts.Filter == "state eq 'active'" && *j.State != batch2025.BatchJobStateActive {
			continue
		}
		all = append(all, j)
	}
	items, next, err := page(ctx, all, opts.MaxResults)
	if err != nil {
		return nil, err
	}
	return &batch2025.JobsListJobsResponse{BatchJobListResult: batch2025.BatchJobListResult{Value: items, ODataNextLink: next}}, nil
}

func (f *fake) ReplaceJob(ctx context.Context, jobID string, in batch2025.BatchJob, opts *batch2025.JobsReplaceJobOptions) (*batch2025.JobsReplaceJobResponse, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	j, err := f.job(jobID)
	if err != nil {
		return nil, err
	}
	if err := batch2025.CheckConditions(ctx, *j.job.ETag, *j.job.LastModified); err != nil {
		return nil, err
	}
	etag, lm := f.touch()
	j.job.Priority, j.job.AllowTaskPreemption, j.job.MaxParallelTasks = in.Priority, in.AllowTaskPreemption, in.MaxParallelTasks
	j.job.PoolInfo, j.job.Metadata = in.PoolInfo, in.Metadata
	j.job.ETag, j.job.LastModified = &etag, &lm
	return &batch2025.JobsReplaceJobResponse{ETag: &etag, LastModified: &lm, DataServiceID: j.job.URL}, nil
}

func (f *fake) DeleteJob(ctx context.Context, jobID string, opts *batch2025.JobsDeleteJobOptions) (*batch2025.JobsDeleteJobResponse, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	j, err := f.job(jobID)
	if err != nil {
		return nil, err
	}
	if err := batch2025.CheckConditions(ctx, *j.job.ETag, *j.job.LastModified); err != nil {
		return nil, err
	}
	delete(f.jobs, strings.ToLower(jobID))
	return &batch2025.JobsDeleteJobResponse{}, nil
}

// ---- Tasks

func (f *fake) task(jobID, taskID string) (*jobRec, *taskRec, error) {
	j, err := f.job(jobID)
	if err != nil {
		return nil, nil, err
	}
	t, ok := j.tasks[strings.ToLower(taskID)]
	if !ok {
		return nil, nil, batchError(http.StatusNotFound, "TaskNotFound", "The specified task does not exist.")
	}
	return j, t, nil
}

func (f *fake) CreateTask(ctx context.Context, jobID string, in batch2025.BatchTaskCreateOptions, opts *batch2025.TasksCreateTaskOptions) (*batch2025.TasksCreateTaskResponse, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	j, err := f.job(jobID)
	if err != nil {
		return nil, err
	}
	if _, ok := j.tasks[strings.ToLower(in.ID)]; ok {
		return nil, batchError(http.StatusConflict, "TaskExists", "The specified task already exists.")
	}
	etag, lm := f.touch()
	state := batch2025.BatchTaskStateActive
	u := baseURL(ctx) + "/jobs/" + url.PathEscape(jobID) + "/tasks/" + url.PathEscape(in.ID)
	t := batch2025.BatchTask{
		ID: &in.ID, DisplayName: in.DisplayName, URL: &u, ETag: &etag, LastModified: &lm, CreationTime: &lm,
		State: &state, StateTransitionTime: &lm, CommandLine: &in.CommandLine, EnvironmentSettings: in.EnvironmentSettings,
		Constraints: in.Constraints, RequiredSlots: in.RequiredSlots,
		ExecutionInfo: &batch2025.BatchTaskExecutionInfo{RetryCount: 0, RequeueCount: 0},
		NodeInfo:      &batch2025.BatchNodeInfo{PoolID: j.job.PoolInfo.PoolID, NodeID: ptr("tvm-1"), AffinityID: ptr("TVM:tvm-1")},
	}
	if t.RequiredSlots == nil {
		t.RequiredSlots = ptr(int32(1))
	}
	j.tasks[strings.ToLower(in.ID)] = &taskRec{task: t}
	j.order = append(j.order, strings.ToLower(in.ID))
	return &batch2025.TasksCreateTaskResponse{ETag: &etag, LastModified: &lm, DataServiceID: &u}, nil
}

func (f *fake) GetTask(ctx context.Context, jobID, taskID string, opts *batch2025.TasksGetTaskOptions) (*batch2025.TasksGetTaskResponse, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	_, t, err := f.task(jobID, taskID)
	if err != nil {
		return nil, err
	}
	if err := batch2025.CheckConditions(ctx, *t.task.ETag, *t.task.LastModified); err != nil {
		return nil, err
	}
	return &batch2025.TasksGetTaskResponse{BatchTask: t.task, ETag: t.task.ETag, LastModified: t.task.LastModified}, nil
}

func (f *fake) ListTasks(ctx context.Context, jobID string, opts *batch2025.TasksListTasksOptions) (*batch2025.TasksListTasksResponse, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	j, err := f.job(jobID)
	if err != nil {
		return nil, err
	}
	var all []batch2025.BatchTask
	for _, k := range j.order {
		all = append(all, j.tasks[k].task)
	}
	items, next, err := page(ctx, all, opts.MaxResults)
	if err != nil {
		return nil, err
	}
	return &batch2025.TasksListTasksResponse{BatchTaskListResult: batch2025.BatchTaskListResult{Value: items, ODataNextLink: next}}, nil
}

// ---- Files (node files and task files share the store and the rules)

// openFile looks a file up, applies the request's conditions and the
// ocp-range, and returns the answer with the bytes to send (a nil Body
// for a file whose size alone matters). The four file operations have
// four response types with the same fields: the task ones are
// conversions of the node ones.
func (f *fake) openFile(ctx context.Context, key string, rng *string) (*batch2025.NodesGetNodeFileResponse, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	fr, ok := f.files[key]
	if !ok {
		return nil, batchError(http.StatusNotFound, "FileNotFound", "The specified file does not exist.")
	}
	if err := batch2025.CheckConditions(ctx, fr.etag, fr.modified); err != nil {
		return nil, err
	}
	resp := &batch2025.NodesGetNodeFileResponse{ContentLength: ptr(fr.size), ContentType: &fr.ctype, ETag: &fr.etag,
		LastModified: &fr.modified, OCPCreationTime: &fr.created, OCPBatchFileIsdirectory: ptr(false), OCPBatchFileMode: &fr.mode,
		OCPBatchFileURL: ptr(baseURL(ctx) + request(ctx).URL.EscapedPath())}
	if fr.content == nil {
		return resp, nil
	}
	body := fr.content
	if rng != nil {
		var a, b int
		if _, err := fmt.Sscanf(*rng, "bytes=%d-%d", &a, &b); err != nil || a < 0 || b < a || a >= len(body) {
			return nil, batchError(http.StatusRequestedRangeNotSatisfiable, "InvalidRange", "The range specified is invalid for the current size of the resource.")
		}
		body = body[a:min(b+1, len(body))]
	}
	resp.ContentLength, resp.Body = ptr(int64(len(body))), io.NopCloser(bytes.NewReader(body))
	return resp, nil
}

// properties is a file's answer to HEAD: its headers, without the body.
func properties(resp *batch2025.NodesGetNodeFileResponse) *batch2025.NodesGetNodeFilePropertiesResponse {
	return &batch2025.NodesGetNodeFilePropertiesResponse{ContentLength: resp.ContentLength, ContentType: resp.ContentType, ETag: resp.ETag,
		LastModified: resp.LastModified, OCPCreationTime: resp.OCPCreationTime, OCPBatchFileIsdirectory: resp.OCPBatchFileIsdirectory,
		OCPBatchFileMode: resp.OCPBatchFileMode, OCPBatchFileURL: resp.OCPBatchFileURL}
}

func (f *fake) GetNodeFile(ctx context.Context, poolID, nodeID, filePath string, opts *batch2025.NodesGetNodeFileOptions) (*batch2025.NodesGetNodeFileResponse, error) {
	return f.openFile(ctx, poolID+"/"+nodeID+"/"+filePath, opts.OCPRange)
}

func (f *fake) GetNodeFileProperties(ctx context.Context, poolID, nodeID, filePath string, opts *batch2025.NodesGetNodeFilePropertiesOptions) (*batch2025.NodesGetNodeFilePropertiesResponse, error) {
	resp, err := f.openFile(ctx, poolID+"/"+nodeID+"/"+filePath, nil)
	if err != nil {
		return nil, err
	}
	return properties(resp), nil
}

func (f *fake) GetTaskFile(ctx context.Context, jobID, taskID, filePath string, opts *batch2025.TasksGetTaskFileOptions) (*batch2025.TasksGetTaskFileResponse, error) {
	resp, err := f.openFile(ctx, jobID+"/"+taskID+"/"+filePath, opts.OCPRange)
	if err != nil {
		return nil, err
	}
	return (*batch2025.TasksGetTaskFileResponse)(resp), nil
}

func (f *fake) GetTaskFileProperties(ctx context.Context, jobID, taskID, filePath string, opts *batch2025.TasksGetTaskFilePropertiesOptions) (*batch2025.TasksGetTaskFilePropertiesResponse, error) {
	resp, err := f.openFile(ctx, jobID+"/"+taskID+"/"+filePath, nil)
	if err != nil {
		return nil, err
	}
	return (*batch2025.TasksGetTaskFilePropertiesResponse)(properties(resp)), nil
}

// ---- Nodes

func (f *fake) GetNode(ctx context.Context, poolID, nodeID string, opts *batch2025.NodesGetNodeOptions) (*batch2025.NodesGetNodeResponse, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if _, err := f.pool(poolID); err != nil {
		return nil, err
	}
	if nodeID != "tvm-1" {
		return nil, batchError(http.StatusNotFound, "NodeNotFound", "The specified node does not exist.")
	}
	state := batch2025.BatchNodeStateIdle
	return &batch2025.NodesGetNodeResponse{BatchNode: batch2025.BatchNode{
		ID: &nodeID, URL: ptr(baseURL(ctx) + "/pools/" + poolID + "/nodes/" + nodeID), State: &state,
		IPAddress: ptr("10.0.0.4"),
		EndpointConfiguration: &batch2025.BatchNodeEndpointConfiguration{InboundEndpoints: []batch2025.InboundEndpoint{
			{Name: "ssh", Protocol: batch2025.InboundEndpointProtocolTCP, PublicIPAddress: "20.1.2.3", PublicFQDN: "node.example", FrontendPort: 50000, BackendPort: 22},
			{Name: "web", Protocol: batch2025.InboundEndpointProtocolHTTP, PublicIPAddress: "20.1.2.3", PublicFQDN: "node.example", FrontendPort: 50001, BackendPort: 80},
		}},
		VirtualMachineInfo: &batch2025.VirtualMachineInfo{OSDisk: &batch2025.VirtualMachineInfoOSDisk{DiskSizeGB: ptr(int32(128))}},
	}}, nil
}

func (f *fake) CreateNodeUser(ctx context.Context, poolID, nodeID string, u batch2025.BatchNodeUserCreateOptions, opts *batch2025.NodesCreateNodeUserOptions) (*batch2025.NodesCreateNodeUserResponse, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if _, err := f.pool(poolID); err != nil {
		return nil, err
	}
	k := nodeID + "/" + u.Name
	if _, ok := f.users[k]; ok {
		return nil, batchError(http.StatusConflict, "NodeUserExists", "The specified node user already exists.")
	}
	f.users[k] = u
	return &batch2025.NodesCreateNodeUserResponse{}, nil
}
