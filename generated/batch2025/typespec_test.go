package batch2025_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/oasgen/oasgen/generated/batch2025"
)

// What a definition in TypeSpec's style brings (issue 14): HTTP-dates
// as time.Time, integers carried as JSON strings, secrets, read-only
// properties and deprecations, checked on the generated package.

func ptr[T any](v T) *T { return &v }

// recorder is an http.Handler middleware that keeps the last request's
// URL, headers and body, then passes it on.
type recorder struct {
	mu     sync.Mutex
	url    string
	header http.Header
	body   []byte
	next   http.Handler
}

func (rec *recorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b, _ := io.ReadAll(r.Body)
	rec.mu.Lock()
	rec.url, rec.header, rec.body = r.URL.String(), r.Header.Clone(), b
	rec.mu.Unlock()
	r.Body = io.NopCloser(bytes.NewReader(b))
	rec.next.ServeHTTP(w, r)
}

// serve starts the generated handler for s behind a recorder and returns
// a client for it.
func serve(t *testing.T, s batch2025.Servers) (*batch2025.Client, *recorder) {
	t.Helper()
	rec := &recorder{next: batch2025.NewHandler(s)}
	srv := httptest.NewServer(rec)
	t.Cleanup(srv.Close)
	c, err := batch2025.NewClient(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	return c, rec
}

type certs struct {
	batch2025.UnimplementedCertificatesServer
	mu     sync.Mutex
	cancel *batch2025.CertificatesCancelCertificateDeletionOptions
	create *batch2025.BatchCertificate
}

var lastModified = time.Date(2025, 6, 1, 10, 0, 0, 0, time.UTC)

func (s *certs) CancelCertificateDeletion(_ context.Context, alg, thumb string, opts *batch2025.CertificatesCancelCertificateDeletionOptions) (*batch2025.CertificatesCancelCertificateDeletionResponse, error) {
	s.mu.Lock()
	s.cancel = opts
	s.mu.Unlock()
	return &batch2025.CertificatesCancelCertificateDeletionResponse{LastModified: &lastModified, RequestID: ptr("r1")}, nil
}

func (s *certs) CreateCertificate(_ context.Context, c batch2025.BatchCertificate, _ *batch2025.CertificatesCreateCertificateOptions) (*batch2025.CertificatesCreateCertificateResponse, error) {
	s.mu.Lock()
	s.create = &c
	s.mu.Unlock()
	return &batch2025.CertificatesCreateCertificateResponse{}, nil
}

// The done-when of issue 14: OCPDate *time.Time and Timeout *int32
// options, a LastModified *time.Time header, written as HTTP-dates (GMT)
// and the api-version sent although the definition gives no default.
func TestCancelCertificateDeletionDates(t *testing.T) {
	fake := &certs{}
	c, rec := serve(t, batch2025.Servers{Certificates: fake})
	ocp := time.Date(2025, 6, 1, 12, 30, 0, 0, time.FixedZone("CEST", 2*3600))
	opts := &batch2025.CertificatesCancelCertificateDeletionOptions{OCPDate: &ocp, Timeout: ptr[int32](20)}
	resp, err := c.Certificates.CancelCertificateDeletion(context.Background(), "sha1", "abc", opts)
	if err != nil {
		t.Fatal(err)
	}
	var lm *time.Time = resp.LastModified
	if lm == nil || !lm.Equal(lastModified) {
		t.Errorf("LastModified = %v, want %v", lm, lastModified)
	}
	if got, want := rec.header.Get("ocp-date"), "Sun, 01 Jun 2025 10:30:00 GMT"; got != want {
		t.Errorf("ocp-date header %q, want %q", got, want)
	}
	for _, q := range []string{"timeOut=20", "api-version=2025-06-01.21.0"} {
		if !strings.Contains(rec.url, q) {
			t.Errorf("request %s lacks %s", rec.url, q)
		}
	}
	if fake.cancel == nil || fake.cancel.OCPDate == nil || !fake.cancel.OCPDate.Equal(ocp) || *fake.cancel.Timeout != 20 {
		t.Errorf("server received %+v", fake.cancel)
	}
}

// Read-only properties: the client never sends them (a value read back
// from a GET can be sent as it is) and the server does not require them
// (BatchJob's id is required and read-only).
func TestReadOnlyNotSent(t *testing.T) {
	var got *batch2025.BatchJob
	jobs := &jobServer{replace: func(j batch2025.BatchJob) { got = &j }}
	c, rec := serve(t, batch2025.Servers{Jobs: jobs})
	var job batch2025.BatchJob
	read := `{"id":"job1","url":"https://a/jobs/job1","eTag":"0x1","lastModified":"2025-06-01T10:00:00Z",
		"creationTime":"2025-06-01T09:00:00Z","state":"active","priority":5,"usesTaskDependencies":true,
		"poolInfo":{"poolId":"pool1"},"metadata":[{"name":"a","value":"b"}],
		"stats":{"url":"https://a/s","startTime":"2025-06-01T09:00:00Z","lastUpdateTime":"2025-06-01T10:00:00Z",
		"userCPUTime":"PT1S","readIOps":"1","writeIOps":"2","numTaskRetries":"0"}}`
	if err := json.Unmarshal([]byte(read), &job); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Jobs.ReplaceJob(context.Background(), "job1", job, nil); err != nil {
		t.Fatal(err)
	}
	var sent map[string]any
	if err := json.Unmarshal(rec.body, &sent); err != nil {
		t.Fatalf("%v: %s", err, rec.body)
	}
	for _, k := range []string{"id", "url", "eTag", "lastModified", "creationTime", "state", "stats", "usesTaskDependencies"} {
		if _, ok := sent[k]; ok {
			t.Errorf("read-only %q sent: %s", k, rec.body)
		}
	}
	for _, k := range []string{"priority", "poolInfo", "metadata"} {
		if _, ok := sent[k]; !ok {
			t.Errorf("%q not sent: %s", k, rec.body)
		}
	}
	if job.ID == nil || job.JobStatistics == nil || job.State == nil {
		t.Error("the caller's value was changed")
	}
	if got == nil || got.PoolInfo.PoolID == nil || *got.PoolInfo.PoolID != "pool1" {
		t.Errorf("server received %+v", got)
	}
}

type jobServer struct {
	batch2025.UnimplementedJobsServer
	replace func(batch2025.BatchJob)
}

func (s *jobServer) ReplaceJob(_ context.Context, _ string, job batch2025.BatchJob, _ *batch2025.JobsReplaceJobOptions) (*batch2025.JobsReplaceJobResponse, error) {
	s.replace(job)
	return &batch2025.JobsReplaceJobResponse{}, nil
}

const password = "hunter2-secret"

// Secrets (x-ms-secret, format password) travel on the wire as they are
// but never show in fmt, slog (text and JSON handlers) or errors.
func TestSecretsNeverShown(t *testing.T) {
	fake := &certs{}
	c, rec := serve(t, batch2025.Servers{Certificates: fake})
	cert := batch2025.BatchCertificate{
		Thumbprint: "abc", ThumbprintAlgorithm: "sha1", Data: []byte("cert"),
		Password: ptr(batch2025.Secret(password)),
		State:    ptr(batch2025.BatchCertificateStateActive), URL: ptr("https://a/c"),
	}
	if _, err := c.Certificates.CreateCertificate(context.Background(), cert, nil); err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(rec.body, []byte(`"password":"`+password+`"`)) {
		t.Errorf("the password is not sent as is: %s", rec.body)
	}
	if bytes.Contains(rec.body, []byte(`"state"`)) || bytes.Contains(rec.body, []byte(`"url"`)) {
		t.Errorf("read-only fields sent: %s", rec.body)
	}
	if fake.create == nil || fake.create.Password == nil || string(*fake.create.Password) != password {
		t.Errorf("server received %+v", fake.create)
	}

	user := batch2025.BatchNodeUserCreateOptions{Name: "u", Password: ptr(batch2025.Secret(password))}
	list := batch2025.BatchCertificateListResult{Value: []batch2025.BatchCertificate{cert}}
	plain := batch2025.Secret(password)
	var shown []string
	for _, v := range []any{cert, &cert, user, &user, list, &list, plain, &plain, *user.Password, []batch2025.Secret{plain}, map[string]any{"p": plain}} {
		for _, f := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%T %v"} {
			shown = append(shown, fmt.Sprintf(f, v, v))
		}
		shown = append(shown, fmt.Sprint(v), fmt.Sprintln(v))
	}
	var logs bytes.Buffer
	for _, h := range []slog.Handler{slog.NewTextHandler(&logs, nil), slog.NewJSONHandler(&logs, nil)} {
		l := slog.New(h)
		l.Info("create", "cert", cert, "user", user, "list", list, "secret", plain, "ptr", &cert)
		l.Info("group", slog.Group("g", "cert", cert), slog.Any("user", &user))
	}
	shown = append(shown, logs.String())
	for _, s := range shown {
		if strings.Contains(s, password) || strings.Contains(s, fmt.Sprintf("%x", password)) || strings.Contains(s, fmt.Sprintf("%X", password)) {
			t.Fatalf("the secret shows in %q", s)
		}
	}
	if !strings.Contains(logs.String(), "[REDACTED]") {
		t.Errorf("logs do not say [REDACTED]: %s", logs.String())
	}

	// An error about the body (here a missing required name) never
	// quotes the password.
	nodes := &batch2025.UnimplementedNodesServer{}
	c2, _ := serve(t, batch2025.Servers{Nodes: nodes})
	_, err := c2.Nodes.CreateNodeUser(context.Background(), "p", "n", batch2025.BatchNodeUserCreateOptions{Password: ptr(batch2025.Secret(password))}, nil)
	if err == nil || strings.Contains(err.Error(), password) || strings.Contains(fmt.Sprintf("%+v", err), password) {
		t.Errorf("error %v", err)
	}
}

// Integers carried as JSON strings (type string, format int64) are Go
// integers, exact beyond 2^53, written back as strings; encoding/json
// reads and writes the same through the ",string" tag option.
func TestInt64AsString(t *testing.T) {
	in := `{"startTime":"2025-06-01T00:00:00Z","lastUpdateTime":"2025-06-01T10:00:00Z","avgCPUPercentage":1.5,"peakDiskGiB":2,"diskReadIOps":"9007199254740993","diskWriteIOps":"-42","networkReadGiB":0}`
	var s batch2025.BatchPoolResourceStatistics
	if err := json.Unmarshal([]byte(in), &s); err != nil {
		t.Fatal(err)
	}
	var readIOPS int64 = s.DiskReadIOPS
	if readIOPS != 9007199254740993 || s.DiskWriteIOPS != -42 {
		t.Errorf("decoded %d, %d", s.DiskReadIOPS, s.DiskWriteIOPS)
	}
	out, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(out, []byte(`"diskReadIOps":"9007199254740993"`)) || !bytes.Contains(out, []byte(`"diskWriteIOps":"-42"`)) {
		t.Errorf("encoded %s", out)
	}
	// encoding/json, through a copy of the type without its methods.
	type reflected batch2025.BatchPoolResourceStatistics
	var r reflected
	if err := json.Unmarshal([]byte(in), &r); err != nil || r.DiskReadIOPS != s.DiskReadIOPS {
		t.Errorf("encoding/json: %v, %d", err, r.DiskReadIOPS)
	}
	if rout, _ := json.Marshal(r); !bytes.Contains(rout, []byte(`"diskReadIOps":"9007199254740993"`)) {
		t.Errorf("encoding/json wrote %s", rout)
	}
	for _, bad := range []string{`{"diskReadIOps":12}`, `{"diskReadIOps":"1x"}`, `{"diskReadIOps":"99999999999999999999"}`} {
		var v batch2025.BatchPoolResourceStatistics
		if err := json.Unmarshal([]byte(bad), &v); err == nil {
			t.Errorf("%s: no error", bad)
		}
	}
}

type files struct {
	batch2025.UnimplementedNodesServer
}

var created = time.Date(2024, 2, 29, 23, 59, 58, 0, time.UTC)

func (files) GetNodeFileProperties(context.Context, string, string, string, *batch2025.NodesGetNodeFilePropertiesOptions) (*batch2025.NodesGetNodeFilePropertiesResponse, error) {
	return &batch2025.NodesGetNodeFilePropertiesResponse{ContentLength: ptr[int64](1 << 40), OCPCreationTime: &created}, nil
}

// A 64-bit Content-Length and an HTTP-date ocp-creation-time header.
func TestFilePropertiesHeaders(t *testing.T) {
	c, _ := serve(t, batch2025.Servers{Nodes: files{}})
	resp, err := c.Nodes.GetNodeFileProperties(context.Background(), "p", "n", "dir/f.txt", nil)
	if err != nil {
		t.Fatal(err)
	}
	var n *int64 = resp.ContentLength
	if n == nil || *n != 1<<40 || resp.OCPCreationTime == nil || !resp.OCPCreationTime.Equal(created) {
		t.Errorf("got %v, %v", resp.ContentLength, resp.OCPCreationTime)
	}
}

type pools struct {
	batch2025.UnimplementedPoolsServer
}

func (pools) PoolExists(_ context.Context, id string, _ *batch2025.PoolsPoolExistsOptions) (*batch2025.PoolsPoolExistsResponse, error) {
	if id != "pool1" {
		return nil, &batch2025.ResponseError{StatusCode: http.StatusNotFound}
	}
	return &batch2025.PoolsPoolExistsResponse{ETag: ptr("0x1")}, nil
}

// The *Exists HEADs declare 200 and 404: a 404 is an error carrying the
// status, with no body to read.
func TestPoolExists(t *testing.T) {
	c, _ := serve(t, batch2025.Servers{Pools: pools{}})
	if resp, err := c.Pools.PoolExists(context.Background(), "pool1", nil); err != nil || *resp.ETag != "0x1" {
		t.Fatalf("%v, %v", resp, err)
	}
	_, err := c.Pools.PoolExists(context.Background(), "nope", nil)
	var re *batch2025.ResponseError
	if !errors.As(err, &re) || re.StatusCode != http.StatusNotFound {
		t.Errorf("missing pool: %v", err)
	}
}

// Deprecated operations and properties carry Go's "Deprecated:"
// paragraph where a caller meets them.
func TestDeprecatedParagraphs(t *testing.T) {
	fset := token.NewFileSet()
	docs := map[string]string{} // Go name (Type.Method for methods) → doc
	for _, name := range []string{"certificates_client.go", "certificates_ops.go", "certificates_server.go", "models.go"} {
		f, err := parser.ParseFile(fset, name, nil, parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch d := n.(type) {
			case *ast.FuncDecl:
				if d.Recv != nil && d.Doc != nil {
					recv := d.Recv.List[0].Type
					if star, ok := recv.(*ast.StarExpr); ok {
						recv = star.X
					}
					docs[fmt.Sprint(recv)+"."+d.Name.Name] = d.Doc.Text()
				}
			case *ast.GenDecl:
				if d.Tok == token.TYPE && d.Doc != nil {
					docs[d.Specs[0].(*ast.TypeSpec).Name.Name] = d.Doc.Text()
				}
			case *ast.InterfaceType:
				for _, m := range d.Methods.List {
					docs["server."+m.Names[0].Name] = m.Doc.Text()
				}
			case *ast.StructType:
				for _, fl := range d.Fields.List {
					if len(fl.Names) > 0 && fl.Doc != nil {
						docs["field."+fl.Names[0].Name] = fl.Doc.Text()
					}
				}
			}
			return true
		})
	}
	for _, key := range []string{
		"CertificatesClient.CancelCertificateDeletion",
		"server.CancelCertificateDeletion",
		"CertificatesCancelCertificateDeletionOptions",
		"CertificatesCancelCertificateDeletionResponse",
		"field.IPv6Address",
	} {
		if !strings.Contains(docs[key], "\nDeprecated: ") {
			t.Errorf("%s: no Deprecated paragraph in %q", key, docs[key])
		}
	}
	if strings.Contains(docs["PoolsGetPoolOptions"], "Deprecated") {
		t.Error("a current operation is marked deprecated")
	}
}
