package support

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// The one-call helpers for optional parameters and headers give what the
// if-blocks they replace gave: nil when absent, the default when absent or
// malformed (the reader then holds the error), a pointer to the value read.
func TestOptionalParams(t *testing.T) {
	p := newTestReader(t, "/?timeout=7&bad=x", http.Header{"Return-Client-Request-Id": {"true"}}, nil, nil)
	if got := optional(readParam(p, inQuery, "absent", false, parseInt32)); got != nil {
		t.Errorf("optional(absent) = %v, want nil", *got)
	}
	if got := optional(readParam(p, inQuery, "timeout", false, parseInt32)); got == nil || *got != 7 {
		t.Errorf("optional(timeout) = %v, want 7", got)
	}
	if got := defParam(p, inQuery, "absent", parseInt32, int32(30)); *got != 30 {
		t.Errorf("defParam(absent) = %d, want 30", *got)
	}
	if got := defParam(p, inQuery, "timeout", parseInt32, int32(30)); *got != 7 {
		t.Errorf("defParam(timeout) = %d, want 7", *got)
	}
	if got := defHeaderParam(p, "return-client-request-id", "Return-Client-Request-Id", parseBool, false); !*got {
		t.Error("defHeaderParam(present) = false, want true")
	}
	if got := defHeaderParam(p, "ocp-date", "Ocp-Date", parseBool, false); *got {
		t.Error("defHeaderParam(absent) = true, want the default false")
	}
	if p.err != nil {
		t.Fatalf("unexpected error %v", p.err)
	}
	if got := defParam(p, inQuery, "bad", parseInt32, int32(30)); *got != 30 || p.err == nil {
		t.Errorf("defParam(bad) = %d, err %v; want the default and an error", *got, p.err)
	}
}

func TestOptionalHeaders(t *testing.T) {
	rec := httptest.NewRecorder()
	hw := newHeaderWriter(rec)
	n := int32(5)
	setOptHeader(hw, "Count", &n, formatInt[int32])
	setOptHeader[string](hw, "ETag", nil, formatString[string])
	if got := rec.Header(); len(got) != 1 || got.Get("Count") != "5" {
		t.Errorf("response headers = %v, want only Count: 5", got)
	}
	req := newClientRequest("GET", "/")
	b := true
	optHeader(req, "x-flag", &b, formatBool)
	optHeader[string](req, "x-none", nil, formatString[string])
	optQuery(req, "timeout", &n, formatInt[int32])
	optQuery[int32](req, "none", nil, formatInt[int32])
	if len(req.header) != 1 || req.header["x-flag"][0] != "true" {
		t.Errorf("request headers = %v", req.header)
	}
	if len(req.query) != 1 || req.query.Get("timeout") != "5" {
		t.Errorf("query = %v", req.query)
	}
}
