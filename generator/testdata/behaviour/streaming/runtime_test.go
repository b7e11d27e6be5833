package streaming

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
)

// trackedBody records whether the client closed a response body.
type trackedBody struct {
	io.Reader
	closed atomic.Bool
}

func (b *trackedBody) Close() error { b.closed.Store(true); return nil }

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// fixedTransport answers every request with status, header and body.
func fixedTransport(status int, header http.Header, body *trackedBody) http.RoundTripper {
	return roundTripFunc(func(r *http.Request) (*http.Response, error) {
		return &http.Response{StatusCode: status, Header: header, Body: body, Request: r}, nil
	})
}

func client(t *testing.T, rt http.RoundTripper, opts ...ClientOption) *Client {
	t.Helper()
	c, err := NewClient("https://svc.example", append([]ClientOption{WithHTTPClient(&http.Client{Transport: rt}), WithRetry(RetryPolicy{MaxAttempts: 1})}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// A malformed header on a streamed success neither fails the call nor
// leaks the body: the caller gets the body, the header is reported.
func TestStreamMalformedHeader(t *testing.T) {
	body := &trackedBody{Reader: strings.NewReader("file content")}
	h := http.Header{"Last-Modified": {"yesterday"}, "Ocp-Content-Length": {"12"}}
	c := client(t, fixedTransport(200, h, body))
	resp, err := c.File.Get(context.Background(), "a.txt")
	if err != nil {
		t.Fatalf("a malformed header failed the call: %v", err)
	}
	if resp.LastModified != nil || resp.OCPContentLength == nil || *resp.OCPContentLength != 12 {
		t.Errorf("headers = %v, %v", resp.LastModified, resp.OCPContentLength)
	}
	if len(resp.UnparsedHeaders) != 1 || resp.UnparsedHeaders[0].Name != "Last-Modified" || resp.UnparsedHeaders[0].Value != "yesterday" {
		t.Errorf("UnparsedHeaders = %v", resp.UnparsedHeaders)
	}
	b, _ := io.ReadAll(resp.Body)
	if string(b) != "file content" || body.closed.Load() {
		t.Errorf("body %q, closed before the caller: %v", b, body.closed.Load())
	}
	resp.Body.Close()
	if !body.closed.Load() {
		t.Error("closing the response does not close the body")
	}

	// An error status on a stream: the client reads the error and closes.
	body = &trackedBody{Reader: strings.NewReader(`{"code":"Gone","message":"no"}`)}
	c = client(t, fixedTransport(404, http.Header{"Last-Modified": {"bad"}}, body))
	if _, err := c.File.Get(context.Background(), "a.txt"); err == nil || !body.closed.Load() {
		t.Errorf("error status: err %v, closed %v", err, body.closed.Load())
	}
}

// JSON success with a malformed header: the decoded body and the report.
func TestJSONMalformedHeader(t *testing.T) {
	body := &trackedBody{Reader: strings.NewReader(`{"id":"i1"}`)}
	c := client(t, fixedTransport(200, http.Header{"Last-Modified": {"not a date"}}, body))
	resp, err := c.Item.Get(context.Background(), "i1")
	if err != nil || resp.Item.ID != "i1" || resp.LastModified != nil || len(resp.UnparsedHeaders) != 1 || !body.closed.Load() {
		t.Fatalf("resp %+v, err %v, closed %v", resp, err, body.closed.Load())
	}
	var he *HeaderError
	if !errors.As(resp.UnparsedHeaders[0], &he) || !strings.Contains(he.Error(), "Last-Modified") {
		t.Errorf("HeaderError = %v", resp.UnparsedHeaders[0])
	}
}

func TestResponseBounded(t *testing.T) {
	big := `{"id":"i1","data":"` + strings.Repeat("x", 4096) + `"}`
	c := client(t, fixedTransport(200, http.Header{}, &trackedBody{Reader: strings.NewReader(big)}), WithMaxResponseBytes(1024))
	if _, err := c.Item.Get(context.Background(), "i1"); err == nil || !strings.Contains(err.Error(), "larger than 1024 bytes") {
		t.Errorf("big JSON body: %v", err)
	}
	// Streams are the caller's to read: not bounded.
	c = client(t, fixedTransport(200, http.Header{}, &trackedBody{Reader: strings.NewReader(big)}), WithMaxResponseBytes(1024))
	resp, err := c.File.Get(context.Background(), "f")
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := io.ReadAll(resp.Body); len(b) != len(big) {
		t.Errorf("stream cut to %d bytes", len(b))
	}
}

// pagesServer answers page n with items(n) items and next(n) as the link.
func pagesServer(n *atomic.Int32, items func(int) int, next func(int) string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		k := int(n.Add(1))
		var vals []string
		for i := range items(k) {
			vals = append(vals, fmt.Sprintf(`{"id":"p%d-%d"}`, k, i))
		}
		link := ""
		if l := next(k); l != "" {
			link = fmt.Sprintf(`,"nextLink":%q`, l)
		}
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"value":[%s]%s}`, strings.Join(vals, ","), link)
	})
}

func collect(seq func(func(Item, error) bool)) (int, error) {
	n := 0
	for _, err := range seq {
		if err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

func TestPagerStops(t *testing.T) {
	for _, tc := range []struct {
		name        string
		items       func(int) int
		next        func(int) string
		opts        []ClientOption
		wantItems   int
		wantErr     string
		maxRequests int32
	}{
		{"ends", func(int) int { return 2 }, func(k int) string {
			if k < 3 {
				return fmt.Sprintf("/items?page=%d", k+1)
			}
			return ""
		}, nil, 6, "", 3},
		{"repeated link", func(int) int { return 1 }, func(int) string { return "/items?page=2" }, nil, 2, "repeats after 2 pages", 2},
		{"cycle", func(int) int { return 1 }, func(k int) string { return fmt.Sprintf("/items?page=%d", k%3) }, nil, 4, "repeats", 4},
		{"empty pages forever", func(int) int { return 0 }, func(k int) string { return fmt.Sprintf("/items?page=%d", k+1) }, nil, 0, "100 empty pages in a row", 100},
		{"page cap", func(int) int { return 1 }, func(k int) string { return fmt.Sprintf("/items?page=%d", k+1) }, []ClientOption{WithMaxPages(10)}, 10, "more than 10 pages", 10},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var n atomic.Int32
			c := client(t, HandlerTransport(pagesServer(&n, tc.items, tc.next)), tc.opts...)
			got, err := collect(c.Item.ListAll(context.Background()))
			if got != tc.wantItems || (err == nil) != (tc.wantErr == "") || err != nil && !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("%d items, err %v; want %d, %q", got, err, tc.wantItems, tc.wantErr)
			}
			if err != nil && !strings.HasPrefix(err.Error(), "Item_List: ") {
				t.Errorf("error does not name the operation: %v", err)
			}
			if n.Load() != tc.maxRequests {
				t.Errorf("%d requests, want %d", n.Load(), tc.maxRequests)
			}
		})
	}
}

// fakeFiles is what a user's test writes: a fake of the service's File
// operations, served in process through the real handler.
type fakeFiles struct{ UnimplementedFileServer }

func (fakeFiles) Get(ctx context.Context, name string) (*FileGetResponse, error) {
	if OperationID(ctx) != "File_Get" {
		return nil, fmt.Errorf("OperationID = %q", OperationID(ctx))
	}
	return &FileGetResponse{Body: io.NopCloser(strings.NewReader("content of " + name))}, nil
}

func TestHandlerTransportWithGeneratedHandler(t *testing.T) {
	var raw *http.Response
	c := client(t, HandlerTransport(NewHandler(Servers{File: fakeFiles{}})), WithAPIVersion(APIVersion))
	resp, err := c.File.Get(WithCaptureResponse(context.Background(), &raw), "a b")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if string(b) != "content of a b" || raw == nil || raw.StatusCode != 200 || raw.Header.Get("Content-Type") != "application/octet-stream" {
		t.Errorf("got %q, raw %+v", b, raw)
	}
	// Another api-version reaches the handler, which accepts only its own.
	c = client(t, HandlerTransport(NewHandler(Servers{File: fakeFiles{}})), WithAPIVersion("2099-01-01"))
	var re *ResponseError
	if _, err := c.File.Get(context.Background(), "x"); !errors.As(err, &re) || re.StatusCode != 400 || !strings.Contains(string(re.Body), "api-version") {
		t.Errorf("api-version override: %v", err)
	}
}
