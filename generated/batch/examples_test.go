package batch_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/oasgen/oasgen/generated/batch"
)

const specDir = "../../specs/batch/2020-09-01.12.0"

// ---------------------------------------------------------------------------
// The spec, as far as the examples need it

type specParam struct {
	Name       string `json:"name"`
	In         string `json:"in"`
	Type       string `json:"type"`
	Format     string `json:"format"`
	Required   bool   `json:"required"`
	Default    any    `json:"default"`
	ClientName string `json:"x-ms-client-name"`
	Ref        string `json:"$ref"`
}

type specHeader struct {
	Type   string `json:"type"`
	Format string `json:"format"`
}

type specResponse struct {
	Headers map[string]specHeader `json:"headers"`
	Schema  json.RawMessage       `json:"schema"`
}

type specOp struct {
	OperationID string                  `json:"operationId"`
	Parameters  []specParam             `json:"parameters"`
	Responses   map[string]specResponse `json:"responses"`
	Examples    map[string]struct {
		Ref string `json:"$ref"`
	} `json:"x-ms-examples"`
}

type spec struct {
	Paths             map[string]map[string]json.RawMessage `json:"paths"`
	Parameters        map[string]specParam                  `json:"parameters"`
	ParameterizedHost struct {
		Parameters []specParam `json:"parameters"`
	} `json:"x-ms-parameterized-host"`
}

// loadSpecOps returns the operations of the spec by operationId, with
// parameter $refs resolved.
func loadSpecOps(t *testing.T) (map[string]*specOp, map[string]bool) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(specDir, "BatchService.json"))
	if err != nil {
		t.Fatal(err)
	}
	var s spec
	if err := json.Unmarshal(b, &s); err != nil {
		t.Fatal(err)
	}
	resolve := func(p specParam) specParam {
		if p.Ref != "" {
			name := strings.TrimPrefix(p.Ref, "#/parameters/")
			r, ok := s.Parameters[name]
			if !ok {
				t.Fatalf("unresolved parameter %s", p.Ref)
			}
			return r
		}
		return p
	}
	hostParams := map[string]bool{}
	for _, p := range s.ParameterizedHost.Parameters {
		hostParams[resolve(p).Name] = true
	}
	ops := map[string]*specOp{}
	for _, methods := range s.Paths {
		for method, raw := range methods {
			if method == "parameters" || strings.HasPrefix(method, "x-") {
				continue
			}
			op := &specOp{}
			if err := json.Unmarshal(raw, op); err != nil {
				t.Fatal(err)
			}
			for i, p := range op.Parameters {
				op.Parameters[i] = resolve(p)
			}
			ops[op.OperationID] = op
		}
	}
	return ops, hostParams
}

type exampleFile struct {
	Parameters map[string]json.RawMessage `json:"parameters"`
	Responses  map[string]struct {
		Headers map[string]any  `json:"headers"`
		Body    json.RawMessage `json:"body"`
	} `json:"responses"`
}

// ---------------------------------------------------------------------------
// What the test knows about each generated operation

type exampleOp struct {
	newOpts func() any // *…Options
	newResp func() any // *…Response
	newBody func() any // *body type, or nil
	call    func(ctx context.Context, c *batch.Client, path map[string]string, body, opts any) (any, error)
}

var exampleOps = map[string]exampleOp{
	"Certificate_Add": {
		newOpts: func() any { return &batch.CertificateAddOptions{} },
		newResp: func() any { return &batch.CertificateAddResponse{} },
		newBody: func() any { return &batch.CertificateAddParameter{} },
		call: func(ctx context.Context, c *batch.Client, _ map[string]string, body, opts any) (any, error) {
			return c.Certificate.Add(ctx, *body.(*batch.CertificateAddParameter), opts.(*batch.CertificateAddOptions))
		},
	},
	"Certificate_List": {
		newOpts: func() any { return &batch.CertificateListOptions{} },
		newResp: func() any { return &batch.CertificateListResponse{} },
		call: func(ctx context.Context, c *batch.Client, _ map[string]string, _, opts any) (any, error) {
			return c.Certificate.List(ctx, opts.(*batch.CertificateListOptions))
		},
	},
	"Certificate_CancelDeletion": {
		newOpts: func() any { return &batch.CertificateCancelDeletionOptions{} },
		newResp: func() any { return &batch.CertificateCancelDeletionResponse{} },
		call: func(ctx context.Context, c *batch.Client, p map[string]string, _, opts any) (any, error) {
			return c.Certificate.CancelDeletion(ctx, p["thumbprintAlgorithm"], p["thumbprint"], opts.(*batch.CertificateCancelDeletionOptions))
		},
	},
	"Certificate_Delete": {
		newOpts: func() any { return &batch.CertificateDeleteOptions{} },
		newResp: func() any { return &batch.CertificateDeleteResponse{} },
		call: func(ctx context.Context, c *batch.Client, p map[string]string, _, opts any) (any, error) {
			return c.Certificate.Delete(ctx, p["thumbprintAlgorithm"], p["thumbprint"], opts.(*batch.CertificateDeleteOptions))
		},
	},
	"Certificate_Get": {
		newOpts: func() any { return &batch.CertificateGetOptions{} },
		newResp: func() any { return &batch.CertificateGetResponse{} },
		call: func(ctx context.Context, c *batch.Client, p map[string]string, _, opts any) (any, error) {
			return c.Certificate.Get(ctx, p["thumbprintAlgorithm"], p["thumbprint"], opts.(*batch.CertificateGetOptions))
		},
	},
	"Pool_GetAllLifetimeStatistics": {
		newOpts: func() any { return &batch.PoolGetAllLifetimeStatisticsOptions{} },
		newResp: func() any { return &batch.PoolGetAllLifetimeStatisticsResponse{} },
		call: func(ctx context.Context, c *batch.Client, _ map[string]string, _, opts any) (any, error) {
			return c.Pool.GetAllLifetimeStatistics(ctx, opts.(*batch.PoolGetAllLifetimeStatisticsOptions))
		},
	},
}

// exampleFake records the typed arguments by the spec's parameter names
// and answers with resp.
type exampleFake struct {
	mu   sync.Mutex
	op   string
	args map[string]any
	resp any
}

func (f *exampleFake) record(op string, args map[string]any) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.op, f.args = op, args
}

func (f *exampleFake) Add(ctx context.Context, certificate batch.CertificateAddParameter, opts *batch.CertificateAddOptions) (*batch.CertificateAddResponse, error) {
	f.record("Certificate_Add", map[string]any{"certificate": &certificate, "opts": opts})
	return f.resp.(*batch.CertificateAddResponse), nil
}

func (f *exampleFake) CancelDeletion(ctx context.Context, alg, thumb string, opts *batch.CertificateCancelDeletionOptions) (*batch.CertificateCancelDeletionResponse, error) {
	f.record("Certificate_CancelDeletion", map[string]any{"thumbprintAlgorithm": alg, "thumbprint": thumb, "opts": opts})
	return f.resp.(*batch.CertificateCancelDeletionResponse), nil
}

func (f *exampleFake) Delete(ctx context.Context, alg, thumb string, opts *batch.CertificateDeleteOptions) (*batch.CertificateDeleteResponse, error) {
	f.record("Certificate_Delete", map[string]any{"thumbprintAlgorithm": alg, "thumbprint": thumb, "opts": opts})
	return f.resp.(*batch.CertificateDeleteResponse), nil
}

func (f *exampleFake) Get(ctx context.Context, alg, thumb string, opts *batch.CertificateGetOptions) (*batch.CertificateGetResponse, error) {
	f.record("Certificate_Get", map[string]any{"thumbprintAlgorithm": alg, "thumbprint": thumb, "opts": opts})
	return f.resp.(*batch.CertificateGetResponse), nil
}

func (f *exampleFake) List(ctx context.Context, opts *batch.CertificateListOptions) (*batch.CertificateListResponse, error) {
	f.record("Certificate_List", map[string]any{"opts": opts})
	return f.resp.(*batch.CertificateListResponse), nil
}

func (f *exampleFake) GetAllLifetimeStatistics(ctx context.Context, opts *batch.PoolGetAllLifetimeStatisticsOptions) (*batch.PoolGetAllLifetimeStatisticsResponse, error) {
	f.record("Pool_GetAllLifetimeStatistics", map[string]any{"opts": opts})
	return f.resp.(*batch.PoolGetAllLifetimeStatisticsResponse), nil
}

// ---------------------------------------------------------------------------
// Typed values from example JSON

func normName(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if 'a' <= r && r <= 'z' || '0' <= r && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// fieldFor finds the struct field (of the struct v points to) for a wire name.
func fieldFor(t *testing.T, v any, names ...string) reflect.Value {
	t.Helper()
	rv := reflect.ValueOf(v).Elem()
	for i := 0; i < rv.NumField(); i++ {
		f := rv.Type().Field(i)
		if f.Anonymous {
			continue
		}
		for _, n := range names {
			if n != "" && normName(f.Name) == normName(n) {
				return rv.Field(i)
			}
		}
	}
	t.Fatalf("%T has no field for %q", v, names)
	return reflect.Value{}
}

var (
	uuidType = reflect.TypeFor[batch.UUID]()
	timeType = reflect.TypeFor[time.Time]()
)

// setTyped stores the JSON value raw, read as the spec's type/format, in
// the pointer field f.
func setTyped(t *testing.T, f reflect.Value, typ, format string, raw any) {
	t.Helper()
	elem := f.Type().Elem()
	v := reflect.New(elem)
	switch {
	case elem == uuidType:
		if format != "uuid" {
			t.Errorf("field of type UUID for format %q", format)
		}
		u, err := batch.ParseUUID(raw.(string))
		if err != nil {
			t.Fatalf("example value %v: %v", raw, err)
		}
		v.Elem().Set(reflect.ValueOf(u))
	case elem == timeType:
		layout := time.RFC3339Nano
		if format == "date-time-rfc1123" {
			layout = time.RFC1123
		}
		tm, err := time.Parse(layout, raw.(string))
		if err != nil {
			t.Fatalf("example value %v: %v", raw, err)
		}
		v.Elem().Set(reflect.ValueOf(tm))
	case elem.Kind() == reflect.Int32 || elem.Kind() == reflect.Int64:
		if typ != "integer" {
			t.Errorf("integer field for type %q", typ)
		}
		var n int64
		switch x := raw.(type) {
		case float64:
			n = int64(x)
		case string:
			var err error
			if n, err = strconv.ParseInt(x, 10, 64); err != nil {
				t.Fatal(err)
			}
		}
		v.Elem().SetInt(n)
	case elem.Kind() == reflect.Bool:
		switch x := raw.(type) {
		case bool:
			v.Elem().SetBool(x)
		case string:
			v.Elem().SetBool(x == "true")
		}
	case elem.Kind() == reflect.String:
		v.Elem().SetString(fmt.Sprint(raw))
	default:
		t.Fatalf("unhandled field type %v", elem)
	}
	f.Set(v)
}

// normJSON normalises a decoded JSON tree so that equal values compare
// equal: RFC 3339 strings become one canonical UTC form.
func normJSON(v any) any {
	switch x := v.(type) {
	case map[string]any:
		m := map[string]any{}
		for k, e := range x {
			m[k] = normJSON(e)
		}
		return m
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = normJSON(e)
		}
		return out
	case string:
		if tm, err := time.Parse(time.RFC3339Nano, x); err == nil {
			return "time:" + tm.UTC().Format(time.RFC3339Nano)
		}
		return x
	}
	return v
}

func jsonTree(t *testing.T, b []byte) any {
	t.Helper()
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatalf("%v in %s", err, b)
	}
	return normJSON(v)
}

func embedded(v any) (reflect.Value, bool) {
	rv := reflect.ValueOf(v).Elem()
	for i := 0; i < rv.NumField(); i++ {
		if rv.Type().Field(i).Anonymous {
			return rv.Field(i), true
		}
	}
	return reflect.Value{}, false
}

// ---------------------------------------------------------------------------

func TestExamples(t *testing.T) {
	ops, hostParams := loadSpecOps(t)

	// Every operation has an example, and a runner in this test; every
	// examples file is referenced by an operation.
	referenced := map[string]bool{}
	var ids []string
	for id, op := range ops {
		ids = append(ids, id)
		if len(op.Examples) == 0 {
			t.Errorf("operation %s has no x-ms-examples", id)
		}
		if _, ok := exampleOps[id]; !ok {
			t.Errorf("operation %s has no runner in this test", id)
		}
		for _, ex := range op.Examples {
			referenced[filepath.Clean(filepath.Join(specDir, ex.Ref))] = true
		}
	}
	files, _ := filepath.Glob(filepath.Join(specDir, "examples", "*.json"))
	if len(files) == 0 {
		t.Fatal("no example files")
	}
	for _, f := range files {
		if !referenced[filepath.Clean(f)] {
			t.Errorf("example file %s is not referenced by any operation", f)
		}
	}
	sort.Strings(ids)

	for _, id := range ids {
		op := ops[id]
		run, ok := exampleOps[id]
		if !ok {
			continue
		}
		names := make([]string, 0, len(op.Examples))
		for n := range op.Examples {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, name := range names {
			file := filepath.Join(specDir, op.Examples[name].Ref)
			t.Run(id+"/"+name, func(t *testing.T) {
				replayExample(t, op, run, file, hostParams, false)
			})
		}
	}
}

// replayExample calls the example's operation through the client with the
// example's parameters and checks the typed response. With fromExamples the
// server is batch.ExampleServers(), which must answer from the examples
// alone; otherwise a fake answers the example's response and the test also
// checks the arguments the server received.
func replayExample(t *testing.T, op *specOp, run exampleOp, file string, hostParams map[string]bool, fromExamples bool) {
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var ex exampleFile
	if err := json.Unmarshal(b, &ex); err != nil {
		t.Fatal(err)
	}

	// Request: arguments for the client, and what the server must receive.
	path := map[string]string{}
	clientOpts := run.newOpts()
	wantOpts := run.newOpts()
	var body any
	var bodyName string
	var bodyRaw json.RawMessage
	wantArgs := map[string]any{}
	for name := range ex.Parameters {
		if hostParams[name] {
			continue
		}
		if !slices.ContainsFunc(op.Parameters, func(p specParam) bool { return p.Name == name }) {
			t.Errorf("example parameter %q is not a parameter of %s", name, op.OperationID)
		}
	}
	for _, p := range op.Parameters {
		raw, given := ex.Parameters[p.Name]
		var val any
		if given {
			if err := json.Unmarshal(raw, &val); err != nil {
				t.Fatal(err)
			}
		}
		switch {
		case p.In == "body":
			bodyName, bodyRaw = p.Name, raw
			if run.newBody == nil {
				t.Fatalf("body parameter %s but no body type", p.Name)
			}
			body = run.newBody()
			if given {
				if err := json.Unmarshal(raw, body); err != nil {
					t.Fatalf("example body: %v", err)
				}
			} else if p.Required {
				t.Fatalf("example lacks the required body %s", p.Name)
			}
			wantArgs[p.Name] = body
		case p.In == "path":
			if !given {
				t.Fatalf("example lacks path parameter %s", p.Name)
			}
			path[p.Name] = val.(string)
			wantArgs[p.Name] = val.(string)
		case p.Name == "api-version":
			if !given || val != batch.APIVersion {
				t.Errorf("example api-version %v, want %s", val, batch.APIVersion)
			}
		default: // an optional query or header parameter: a field of the options
			if given {
				setTyped(t, fieldFor(t, clientOpts, p.ClientName, p.Name), p.Type, p.Format, val)
				setTyped(t, fieldFor(t, wantOpts, p.ClientName, p.Name), p.Type, p.Format, val)
			} else if p.Default != nil {
				setTyped(t, fieldFor(t, wantOpts, p.ClientName, p.Name), p.Type, p.Format, p.Default)
			} else if p.Required {
				t.Fatalf("example lacks required %s", p.Name)
			}
		}
	}
	wantArgs["opts"] = wantOpts

	// Response: the example's, typed.
	if len(ex.Responses) != 1 {
		t.Fatalf("example has %d responses, want 1", len(ex.Responses))
	}
	var status string
	for s := range ex.Responses {
		status = s
	}
	exResp := ex.Responses[status]
	specResp, ok := op.Responses[status]
	if !ok {
		t.Fatalf("status %s is not a response of %s", status, op.OperationID)
	}
	resp := run.newResp()
	for h, v := range exResp.Headers {
		sh, ok := specResp.Headers[h]
		if !ok {
			t.Errorf("example header %s is not declared for %s", h, status)
			continue
		}
		setTyped(t, fieldFor(t, resp, h), sh.Type, sh.Format, v)
	}
	if len(exResp.Body) > 0 {
		emb, ok := embedded(resp)
		if !ok {
			t.Fatalf("example has a body but %T has no body", resp)
		}
		if err := json.Unmarshal(exResp.Body, emb.Addr().Interface()); err != nil {
			t.Fatalf("example body: %v", err)
		}
	}

	// Replay.
	fake := &exampleFake{resp: resp}
	tr := &recordingTransport{}
	var srv string
	if fromExamples {
		hs := httptest.NewServer(batch.NewHandler(batch.ExampleServers()))
		t.Cleanup(hs.Close)
		srv = hs.URL
	} else {
		srv = newExampleServer(t, fake)
	}
	c, err := batch.NewClient(srv, batch.WithHTTPClient(&http.Client{Transport: tr}))
	if err != nil {
		t.Fatal(err)
	}
	got, err := run.call(context.Background(), c, path, body, clientOpts)
	if err != nil {
		t.Fatalf("client call: %v", err)
	}

	// The server received the example's parameters, typed.
	if !fromExamples {
		fake.mu.Lock()
		gotOp, gotArgs := fake.op, fake.args
		fake.mu.Unlock()
		if gotOp != op.OperationID {
			t.Fatalf("server method for %s was called, want %s", gotOp, op.OperationID)
		}
		if d := cmp.Diff(wantArgs, gotArgs); d != "" {
			t.Errorf("server arguments (-want +got):\n%s", d)
		}
		if bodyName != "" && len(bodyRaw) > 0 {
			rb, err := json.Marshal(gotArgs[bodyName])
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(jsonTree(t, bodyRaw), jsonTree(t, rb)); d != "" {
				t.Errorf("request body JSON round trip (-example +received):\n%s", d)
			}
		}
	}

	// The client got the example's response, typed.
	gotStatus, _ := tr.last()
	if strconv.Itoa(gotStatus) != status {
		t.Errorf("status %d, want %s", gotStatus, status)
	}
	if d := cmp.Diff(resp, got); d != "" {
		t.Errorf("response (-want +got):\n%s", d)
	}
	if len(exResp.Body) > 0 {
		emb, _ := embedded(got)
		gb, err := json.Marshal(emb.Interface())
		if err != nil {
			t.Fatal(err)
		}
		if d := cmp.Diff(jsonTree(t, exResp.Body), jsonTree(t, gb)); d != "" {
			t.Errorf("response body JSON round trip (-example +got):\n%s", d)
		}
	}
}

func newExampleServer(t *testing.T, fake *exampleFake) string {
	t.Helper()
	srv := httptest.NewServer(batch.NewHandler(batch.Servers{Certificate: fake, Pool: fake}))
	t.Cleanup(srv.Close)
	return srv.URL
}
