package support

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

func TestParseHTTPDate(t *testing.T) {
	for in, want := range map[string]time.Time{
		"Fri, 17 Feb 2017 00:00:00 GMT": time.Date(2017, 2, 17, 0, 0, 0, 0, time.UTC),
		"Thu, 26 Nov 2026 23:59:59 GMT": time.Date(2026, 11, 26, 23, 59, 59, 0, time.UTC),
	} {
		got, ok := parseHTTPDate(in)
		if !ok || !got.Equal(want) || got.Location() != time.UTC {
			t.Errorf("parseHTTPDate(%q) = %v, %v", in, got, ok)
		}
		if std, err := time.Parse(time.RFC1123, in); err != nil || !std.Equal(got) {
			t.Errorf("disagrees with time.Parse on %q", in)
		}
	}
	for _, bad := range []string{
		"Sat, 17 Feb 2017 00:00:00 GMT", // wrong weekday
		"Tue, 31 Feb 2017 00:00:00 GMT", // no such day
		"Fri, 17 Feb 2017 24:00:00 GMT",
		"Fri, 17 Xyz 2017 00:00:00 GMT",
		"Fri, 17 Feb 2017 00:00:00 UTC",
		"Fri, 1a Feb 2017 00:00:00 GMT",
		"2017-02-17T00:00:00Z",
		"",
	} {
		if _, ok := parseHTTPDate(bad); ok {
			t.Errorf("parseHTTPDate(%q) accepted", bad)
		}
	}
	// The slow path still takes numeric zones.
	if _, err := parseRFC1123("Fri, 17 Feb 2017 01:00:00 +0100"); err != nil {
		t.Error(err)
	}
}

func TestQueryRaw(t *testing.T) {
	raw := "api-version=1&%24filter=state%20eq%20%27x%27&timeout=30&timeout=31&$select=a"
	if v, n := queryRaw(raw, "$filter"); n != 1 || v != "state%20eq%20%27x%27" {
		t.Errorf("escaped key: %q %d", v, n)
	}
	if v, n := queryRaw(raw, "$select"); n != 1 || v != "a" {
		t.Errorf("raw key: %q %d", v, n)
	}
	if _, n := queryRaw(raw, "timeout"); n != 2 {
		t.Errorf("duplicates: %d", n)
	}
	if got := queryAll(raw, "timeout"); len(got) != 2 || got[0] != "30" || got[1] != "31" {
		t.Errorf("queryAll = %q", got)
	}
	if _, n := queryRaw(raw, "missing"); n != 0 {
		t.Error("found a missing key")
	}
	for q, ok := range map[string]bool{"a=1&b=%20": true, "a=%2": false, "a=1;b=2": false, "a=%zz": false, "": true} {
		if validQuery(q) != ok {
			t.Errorf("validQuery(%q) = %v", q, !ok)
		}
	}
}

func TestReadHeaderParamAndHeaderWriter(t *testing.T) {
	r := httptest.NewRequest("GET", "/", nil)
	r.Header.Set("Client-Request-Id", "9c4d50ee-2d56-4cd3-8152-34347dc9f2b0")
	r.Header["ocp-date"] = []string{"Fri, 17 Feb 2017 00:00:00 GMT"} // in-process, definition spelling
	r.Header.Add("Dup", "1")
	r.Header.Add("Dup", "2")
	p := newParamReader(r, nil, nil)
	if id, ok := readHeaderParam(p, "client-request-id", "Client-Request-Id", true, ParseUUID); !ok || id.String() != "9c4d50ee-2d56-4cd3-8152-34347dc9f2b0" {
		t.Errorf("canonical key: %v %v", id, ok)
	}
	if d, ok := readHeaderParam(p, "ocp-date", "Ocp-Date", false, parseRFC1123); !ok || d.Year() != 2017 {
		t.Errorf("exact spelling: %v %v", d, ok)
	}
	if _, ok := readHeaderParam(p, "absent", "Absent", false, parseString); ok || p.err != nil {
		t.Errorf("optional absent header: %v %+v", ok, p.err)
	}
	readHeaderParam(p, "dup", "Dup", false, parseString)
	if p.err == nil || p.err.reason != "given more than once" {
		t.Errorf("duplicate: %+v", p.err)
	}
	p = newParamReader(r, nil, nil)
	readHeaderParam(p, "x-required", "X-Required", true, parseString)
	if p.err == nil || p.err.code != "MissingRequiredHeader" {
		t.Errorf("missing required: %+v", p.err)
	}

	w := httptest.NewRecorder()
	hw := newHeaderWriter(w)
	for i, name := range []string{"ETag", "request-id", "DataServiceId", "a", "b", "c", "d", "e", "f", "g"} {
		hw.set(name, string(rune('0'+i)))
	}
	h := w.Header()
	if got := h["ETag"]; len(got) != 1 || got[0] != "0" || cap(got) != 1 {
		t.Errorf("ETag = %q (cap %d)", got, cap(got))
	}
	if got := h["g"]; len(got) != 1 || got[0] != "9" {
		t.Errorf("g = %q", got)
	}
	// Appending to one header's slice must not clobber the next.
	h["ETag"] = append(h["ETag"], "x")
	if h["request-id"][0] != "1" {
		t.Error("headers share storage")
	}
	_ = http.Header{}
}
