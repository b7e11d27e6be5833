package batch2025_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/oasgen/oasgen/generated/batch2025"
)

// The x-ms-examples of our 2025-06-01.21.0 definition replayed both
// ways: the client against a server that answers the example as written
// (it must send the example's request and read its response), then the
// generated server with the typed response the client read (it must write
// the example's response).

const specDir2025 = "../../specs/batch/2025-06-01.21.0"

type example struct {
	OperationID string                     `json:"operationId"`
	Parameters  map[string]json.RawMessage `json:"parameters"`
	Responses   map[string]struct {
		Headers map[string]string `json:"headers"`
		Body    json.RawMessage   `json:"body"`
	} `json:"responses"`
}

// param returns the example's string parameter name.
func (ex *example) param(t *testing.T, name string) string {
	t.Helper()
	var s string
	if err := json.Unmarshal(ex.Parameters[name], &s); err != nil {
		t.Fatalf("parameter %s: %v", name, err)
	}
	return s
}

// common are the header parameters every operation takes.
type common struct {
	OCPDate         *time.Time
	ClientRequestID *string
}

func (ex *example) common(t *testing.T) common {
	d, err := http.ParseTime(ex.param(t, "ocp-date"))
	if err != nil {
		t.Fatal(err)
	}
	return common{OCPDate: &d, ClientRequestID: ptr(ex.param(t, "client-request-id"))}
}

// replays call the client for each operation with examples.
var replays = map[string]func(t *testing.T, c *batch2025.Client, ex *example) (any, error){
	"Certificates_CancelCertificateDeletion": func(t *testing.T, c *batch2025.Client, ex *example) (any, error) {
		o := ex.common(t)
		return c.Certificates.CancelCertificateDeletion(context.Background(), ex.param(t, "thumbprintAlgorithm"), ex.param(t, "thumbprint"),
			&batch2025.CertificatesCancelCertificateDeletionOptions{OCPDate: o.OCPDate, ClientRequestID: o.ClientRequestID})
	},
	"Certificates_CreateCertificate": func(t *testing.T, c *batch2025.Client, ex *example) (any, error) {
		o := ex.common(t)
		var cert batch2025.BatchCertificate
		if err := json.Unmarshal(ex.Parameters["body"], &cert); err != nil {
			t.Fatal(err)
		}
		return c.Certificates.CreateCertificate(context.Background(), cert,
			&batch2025.CertificatesCreateCertificateOptions{OCPDate: o.OCPDate, ClientRequestID: o.ClientRequestID})
	},
	"Certificates_GetCertificate": func(t *testing.T, c *batch2025.Client, ex *example) (any, error) {
		o := ex.common(t)
		return c.Certificates.GetCertificate(context.Background(), ex.param(t, "thumbprintAlgorithm"), ex.param(t, "thumbprint"),
			&batch2025.CertificatesGetCertificateOptions{OCPDate: o.OCPDate, ClientRequestID: o.ClientRequestID})
	},
	"Certificates_ListCertificates": func(t *testing.T, c *batch2025.Client, ex *example) (any, error) {
		o := ex.common(t)
		return c.Certificates.ListCertificates(context.Background(),
			&batch2025.CertificatesListCertificatesOptions{OCPDate: o.OCPDate, ClientRequestID: o.ClientRequestID})
	},
	"Pools_ListPools": func(t *testing.T, c *batch2025.Client, ex *example) (any, error) {
		o := ex.common(t)
		return c.Pools.ListPools(context.Background(), &batch2025.PoolsListPoolsOptions{OCPDate: o.OCPDate, ClientRequestID: o.ClientRequestID})
	},
	"Pools_GetPoolLifetimeStatistics": func(t *testing.T, c *batch2025.Client, ex *example) (any, error) {
		o := ex.common(t)
		return c.Pools.GetPoolLifetimeStatistics(context.Background(),
			&batch2025.PoolsGetPoolLifetimeStatisticsOptions{OCPDate: o.OCPDate, ClientRequestID: o.ClientRequestID})
	},
}

// replayServer answers every operation with resp, whatever its type.
type replayServer struct {
	batch2025.UnimplementedCertificatesServer
	batch2025.UnimplementedPoolsServer
	resp any
}

func (s *replayServer) CancelCertificateDeletion(context.Context, string, string, *batch2025.CertificatesCancelCertificateDeletionOptions) (*batch2025.CertificatesCancelCertificateDeletionResponse, error) {
	return s.resp.(*batch2025.CertificatesCancelCertificateDeletionResponse), nil
}

func (s *replayServer) CreateCertificate(context.Context, batch2025.BatchCertificate, *batch2025.CertificatesCreateCertificateOptions) (*batch2025.CertificatesCreateCertificateResponse, error) {
	return s.resp.(*batch2025.CertificatesCreateCertificateResponse), nil
}

func (s *replayServer) GetCertificate(context.Context, string, string, *batch2025.CertificatesGetCertificateOptions) (*batch2025.CertificatesGetCertificateResponse, error) {
	return s.resp.(*batch2025.CertificatesGetCertificateResponse), nil
}

func (s *replayServer) ListCertificates(context.Context, *batch2025.CertificatesListCertificatesOptions) (*batch2025.CertificatesListCertificatesResponse, error) {
	return s.resp.(*batch2025.CertificatesListCertificatesResponse), nil
}

func (s *replayServer) ListPools(context.Context, *batch2025.PoolsListPoolsOptions) (*batch2025.PoolsListPoolsResponse, error) {
	return s.resp.(*batch2025.PoolsListPoolsResponse), nil
}

func (s *replayServer) GetPoolLifetimeStatistics(context.Context, *batch2025.PoolsGetPoolLifetimeStatisticsOptions) (*batch2025.PoolsGetPoolLifetimeStatisticsResponse, error) {
	return s.resp.(*batch2025.PoolsGetPoolLifetimeStatisticsResponse), nil
}

func TestExamples(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(specDir2025, "examples", "*.json"))
	if len(files) != len(replays) {
		t.Errorf("%d example files, %d replays", len(files), len(replays))
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			b, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			var ex example
			if err := json.Unmarshal(b, &ex); err != nil {
				t.Fatal(err)
			}
			replay := replays[ex.OperationID]
			if replay == nil {
				t.Fatalf("no replay for %s", ex.OperationID)
			}
			if len(ex.Responses) != 1 {
				t.Fatalf("want one response, have %d", len(ex.Responses))
			}
			for code, want := range ex.Responses {
				status, _ := strconv.Atoi(code)
				// The client against the example's own answer.
				var got *http.Request
				var gotBody []byte
				raw := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					got, gotBody = r, readAll(r.Body)
					for k, v := range want.Headers {
						w.Header().Set(k, v)
					}
					if want.Body != nil {
						w.Header().Set("Content-Type", "application/json")
					}
					w.WriteHeader(status)
					w.Write(want.Body)
				}))
				defer raw.Close()
				resp := replayClient(t, raw.URL, replay, &ex)
				checkRequest(t, &ex, got, gotBody)
				checkTyped(t, resp, want.Headers, want.Body)

				// The generated server writing what the client read.
				rec := httptest.NewRecorder()
				serverSide := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					h := batch2025.NewHandler(batch2025.Servers{Certificates: &replayServer{resp: resp}, Pools: &replayServer{resp: resp}})
					h.ServeHTTP(rec, r)
					for k, v := range rec.Header() {
						w.Header()[k] = v
					}
					w.WriteHeader(rec.Code)
					w.Write(rec.Body.Bytes())
				}))
				defer serverSide.Close()
				replayClient(t, serverSide.URL, replay, &ex)
				if rec.Code != status {
					t.Errorf("server wrote %d, want %d: %s", rec.Code, status, rec.Body)
				}
				for k, v := range want.Headers {
					if g := headerValue(rec.Header(), k); g != v {
						t.Errorf("server header %s = %q, want %q", k, g, v)
					}
				}
				if want.Body != nil {
					if d := cmp.Diff(tree(t, want.Body), tree(t, rec.Body.Bytes())); d != "" {
						t.Errorf("server body (-example +written):\n%s", d)
					}
				}
			}
		})
	}
}

// headerValue finds a header whatever the case of its key: the server
// writes the definition's spelling ("request-id", "ETag") as it is.
func headerValue(h http.Header, name string) string {
	for k, v := range h {
		if strings.EqualFold(k, name) && len(v) > 0 {
			return v[0]
		}
	}
	return ""
}

func readAll(r io.Reader) []byte {
	b, _ := io.ReadAll(r)
	return b
}

func replayClient(t *testing.T, url string, replay func(*testing.T, *batch2025.Client, *example) (any, error), ex *example) any {
	t.Helper()
	c, err := batch2025.NewClient(url)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := replay(t, c, ex)
	if err != nil {
		t.Fatal(err)
	}
	return resp
}

// checkRequest: the client sent the example's parameters.
func checkRequest(t *testing.T, ex *example, r *http.Request, body []byte) {
	t.Helper()
	for name, raw := range ex.Parameters {
		var v any
		json.Unmarshal(raw, &v)
		switch s, _ := v.(string); {
		case name == "endpoint":
		case name == "api-version":
			if g := r.URL.Query().Get(name); g != s {
				t.Errorf("api-version %q, want %q", g, s)
			}
		case name == "ocp-date" || name == "client-request-id":
			if g := r.Header.Get(name); g != s {
				t.Errorf("header %s = %q, want %q", name, g, s)
			}
		case v != nil && reflect.TypeOf(v).Kind() == reflect.Map:
			if d := cmp.Diff(tree(t, raw), tree(t, body)); d != "" {
				t.Errorf("request body (-example +sent):\n%s", d)
			}
		default:
			if !strings.Contains(r.URL.Path, s) {
				t.Errorf("path %s lacks %s=%q", r.URL.Path, name, s)
			}
		}
	}
}

// checkTyped: the typed response holds the example's headers and body.
func checkTyped(t *testing.T, resp any, headers map[string]string, body json.RawMessage) {
	t.Helper()
	rv := reflect.ValueOf(resp).Elem()
	for k, v := range headers {
		f := rv.FieldByNameFunc(func(n string) bool { return strings.EqualFold(n, strings.ReplaceAll(k, "-", "")) })
		if !f.IsValid() || f.IsNil() {
			t.Errorf("header %s not read", k)
			continue
		}
		got := f.Elem().Interface()
		if tm, ok := got.(time.Time); ok {
			got = tm.UTC().Format(http.TimeFormat)
		}
		if got != v {
			t.Errorf("header %s read as %v, want %v", k, got, v)
		}
	}
	if body == nil {
		return
	}
	b, err := json.Marshal(rv.Field(0).Interface()) // the embedded body
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(tree(t, body), tree(t, b)); d != "" {
		t.Errorf("body read (-example +typed):\n%s", d)
	}
}

// tree decodes JSON with times in one form, so that equal values compare
// equal ("…00.0000000Z" and "…00Z").
func tree(t *testing.T, b []byte) any {
	t.Helper()
	var v any
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	if err := d.Decode(&v); err != nil {
		t.Fatalf("%v: %s", err, b)
	}
	return normalize(v)
}

func normalize(v any) any {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			x[k] = normalize(e)
		}
	case []any:
		for i, e := range x {
			x[i] = normalize(e)
		}
	case json.Number:
		f, _ := x.Float64()
		return f
	case string:
		if tm, err := time.Parse(time.RFC3339Nano, x); err == nil {
			return tm.UTC()
		}
	}
	return v
}
