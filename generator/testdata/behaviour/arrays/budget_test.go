package arrays

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// Decoding is bounded by the body limits, in both directions and with
// or without generated codecs (this test runs in the package generated
// with json: std and again in one with codecs on every type, AllCodecs in
// generator/golden_test.go): a body whose values would take more than 8
// bytes per byte of JSON plus the limit is refused, with encoding/json
// before decoding, with generated codecs as soon as they reach the
// budget. 900 KB of {"matrix":[[],[],…]} would be 300,000 slices. (How
// little memory a refusal takes is tested in templates/support.)

func matrixBomb() string {
	const n = 300_000
	return `{"matrix":[` + strings.Repeat("[],", n-1) + `[]]}`
}

type neverEchoes struct{ t *testing.T }

func (s neverEchoes) Echo(context.Context, ArrayHolder, *ArraysEchoOptions) (*ArraysEchoResponse, error) {
	s.t.Error("the server method was called")
	return nil, nil
}

func TestServerBoundsDecoding(t *testing.T) {
	h := NewHandler(Servers{Arrays: neverEchoes{t}}, WithMaxBodyBytes(1<<20))
	body := matrixBomb()
	rec := httptest.NewRecorder()
	req := httptest.NewRequest("POST", "/arrays", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	h.ServeHTTP(rec, req)
	if rec.Code != 413 || !strings.Contains(rec.Body.String(), "would allocate more than") || !strings.Contains(rec.Body.String(), "WithMaxBodyBytes") {
		t.Errorf("status %d: %s", rec.Code, rec.Body)
	}
}

func TestClientBoundsDecoding(t *testing.T) {
	body := matrixBomb()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(body))
	}))
	defer srv.Close()
	c, err := NewClient(srv.URL, WithMaxResponseBytes(1<<20))
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Arrays.Echo(context.Background(), ArrayHolder{}, nil)
	if err == nil || !strings.Contains(err.Error(), "would allocate more than") || !strings.Contains(err.Error(), "WithMaxResponseBytes") {
		t.Errorf("err = %v", err)
	}
	// An ordinary body of the same size decodes.
	ok := `{"matrix":[` + strings.Repeat("[1,2,3,4,5],", 74_999) + `[1,2,3,4,5]]}`
	srv.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(ok))
	})
	resp, err := c.Arrays.Echo(context.Background(), ArrayHolder{}, nil)
	if err != nil || len(resp.Matrix) != 75_000 {
		t.Errorf("ordinary body: %v", err)
	}
}
