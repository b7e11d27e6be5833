package support

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestHandlerTransport(t *testing.T) {
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		w.Header().Set("X-Seen", r.Method+" "+r.RequestURI+" "+r.Host+" "+r.Header.Get("Client-Request-Id")+" "+string(b))
		w.Header().Set("Content-Length", "2")
		w.WriteHeader(201)
		io.WriteString(w, "ok")
		w.Header().Set("X-Late", "ignored") // after WriteHeader, as on the wire
	})
	hc := &http.Client{Transport: HandlerTransport(h)}
	req, _ := http.NewRequest("PUT", "https://acct.example/jobs/a%2Fb?x=1", strings.NewReader("body"))
	req.Header["client-request-id"] = []string{"id-1"} // the client's spelling
	resp, err := hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 201 || string(b) != "ok" || resp.ContentLength != 2 || resp.Request == nil ||
		resp.Header.Get("X-Seen") != "PUT /jobs/a%2Fb?x=1 acct.example id-1 body" || resp.Header.Get("X-Late") != "" {
		t.Errorf("got %d %q %v", resp.StatusCode, b, resp.Header)
	}

	// HEAD has no body; a handler that writes nothing answers 200.
	resp, err = hc.Head("https://acct.example/x")
	if err != nil || resp.StatusCode != 201 || resp.Body != http.NoBody {
		t.Errorf("HEAD: %v %v", resp, err)
	}
	empty := &http.Client{Transport: HandlerTransport(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))}
	if resp, err := empty.Get("https://acct.example/"); err != nil || resp.StatusCode != 200 {
		t.Errorf("empty handler: %v %v", resp, err)
	}
}

func TestHandlerTransportStreamsAndStops(t *testing.T) {
	release := make(chan struct{})
	done := make(chan error, 1)
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "first")
		<-release
		// The client closed the body: the handler's writes fail and it returns.
		for {
			if _, err := io.WriteString(w, strings.Repeat("x", 1024)); err != nil {
				done <- err
				return
			}
		}
	})
	hc := &http.Client{Transport: HandlerTransport(h)}
	resp, err := hc.Get("https://acct.example/file")
	if err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 5)
	if _, err := io.ReadFull(resp.Body, buf); err != nil || string(buf) != "first" {
		t.Fatalf("streamed %q, %v", buf, err)
	}
	resp.Body.Close()
	close(release)
	if err := <-done; err == nil {
		t.Error("handler kept writing")
	}
}

func TestHandlerTransportContextAndPanic(t *testing.T) {
	block := make(chan struct{})
	defer close(block)
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/panic":
			panic("boom")
		case "/abort":
			io.WriteString(w, "partial")
			panic(http.ErrAbortHandler)
		case "/slow":
			<-block
		case "/slowbody":
			w.WriteHeader(200)
			<-block
		}
	})
	hc := &http.Client{Transport: HandlerTransport(h)}
	if _, err := hc.Get("https://acct.example/panic"); err == nil || !strings.Contains(err.Error(), "handler panicked: boom") {
		t.Errorf("panic: %v", err)
	}
	resp, err := hc.Get("https://acct.example/abort")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.ReadAll(resp.Body); err == nil {
		t.Error("an aborted body read to the end without error")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", "https://acct.example/slow", nil)
	if _, err := hc.Do(req); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("slow head: %v", err)
	}
	ctx2, cancel2 := context.WithCancel(context.Background())
	req, _ = http.NewRequestWithContext(ctx2, "GET", "https://acct.example/slowbody", nil)
	resp, err = hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	cancel2()
	if _, err := io.ReadAll(resp.Body); !errors.Is(err, context.Canceled) {
		t.Errorf("slow body: %v", err)
	}
	cancelled, cancel3 := context.WithCancel(context.Background())
	cancel3()
	req, _ = http.NewRequestWithContext(cancelled, "GET", "https://acct.example/", nil)
	if _, err := hc.Do(req); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled before: %v", err)
	}
}
