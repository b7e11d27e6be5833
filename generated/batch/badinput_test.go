package batch_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/oasgen/oasgen/generated/batch"
)

// neverCalled fails the test if any server method runs.
type neverCalled struct{ t *testing.T }

func (s neverCalled) fail(op string) {
	s.t.Helper()
	s.t.Errorf("server method %s was called for a malformed request", op)
}

func (s neverCalled) Add(context.Context, batch.CertificateAddParameter, *batch.CertificateAddOptions) (*batch.CertificateAddResponse, error) {
	s.fail("Add")
	return nil, nil
}

func (s neverCalled) CancelDeletion(context.Context, string, string, *batch.CertificateCancelDeletionOptions) (*batch.CertificateCancelDeletionResponse, error) {
	s.fail("CancelDeletion")
	return nil, nil
}

func (s neverCalled) Delete(context.Context, string, string, *batch.CertificateDeleteOptions) (*batch.CertificateDeleteResponse, error) {
	s.fail("Delete")
	return nil, nil
}

func (s neverCalled) Get(context.Context, string, string, *batch.CertificateGetOptions) (*batch.CertificateGetResponse, error) {
	s.fail("Get")
	return nil, nil
}

func (s neverCalled) List(context.Context, *batch.CertificateListOptions) (*batch.CertificateListResponse, error) {
	s.fail("List")
	return nil, nil
}

const (
	av         = "api-version=" + batch.APIVersion
	pCert      = "/certificates(thumbprintAlgorithm=sha1,thumbprint=0123456789abcdef0123456789abcdef01234567)"
	pCancel    = pCert + "/canceldelete"
	pList      = "/certificates"
	goodBody   = `{"thumbprint":"0123456789abcdef0123456789abcdef01234567","thumbprintAlgorithm":"sha1","data":"MIIJ","certificateFormat":"pfx","password":"p"}`
	jsonCT     = "application/json; odata=minimalmetadata"
	goodUUID   = "9c4d50ee-2d56-4cd3-8152-34347dc9f2b0"
	goodOCPDay = "Fri, 17 Feb 2017 00:00:00 GMT"
)

type badCase struct {
	name   string
	method string
	target string
	header [][2]string // added in order, so a name may repeat
	body   string
	noCT   bool // do not add the JSON Content-Type to a body
	status int  // 0: any 4xx
	param  string
	bug    string // BUG: the generated code mishandles this case
}

func badCases() []badCase {
	bigBody := `{"thumbprint":"` + strings.Repeat("a", 4<<20+10) + `","thumbprintAlgorithm":"sha1","data":"d"}`
	return []badCase{
		// client-request-id: not a bare UUID
		{name: "cancel/client-request-id not a uuid", method: "POST", target: pCancel + "?" + av, header: [][2]string{{"client-request-id", "not-a-uuid"}}, status: 400, param: "client-request-id"},
		{name: "get/client-request-id in braces", method: "GET", target: pCert + "?" + av, header: [][2]string{{"client-request-id", "{" + goodUUID + "}"}}, status: 400, param: "client-request-id"},
		{name: "list/client-request-id undashed", method: "GET", target: pList + "?" + av, header: [][2]string{{"client-request-id", strings.ReplaceAll(goodUUID, "-", "")}}, status: 400, param: "client-request-id"},
		{name: "delete/client-request-id empty", method: "DELETE", target: pCert + "?" + av, header: [][2]string{{"client-request-id", ""}}, status: 400, param: "client-request-id"},
		{name: "add/client-request-id non-hex", method: "POST", target: pList + "?" + av, header: [][2]string{{"client-request-id", "zc4d50ee-2d56-4cd3-8152-34347dc9f2b0"}}, body: goodBody, status: 400, param: "client-request-id"},
		{name: "add/client-request-id urn form", method: "POST", target: pList + "?" + av, header: [][2]string{{"client-request-id", "urn:uuid:" + goodUUID}}, body: goodBody, status: 400, param: "client-request-id"},

		// ocp-date: not RFC 1123
		{name: "cancel/ocp-date not a date", method: "POST", target: pCancel + "?" + av, header: [][2]string{{"ocp-date", "not a date"}}, status: 400, param: "ocp-date"},
		{name: "get/ocp-date RFC 3339", method: "GET", target: pCert + "?" + av, header: [][2]string{{"ocp-date", "2017-02-17T00:00:00Z"}}, status: 400, param: "ocp-date"},
		{name: "list/ocp-date RFC 3339 with offset", method: "GET", target: pList + "?" + av, header: [][2]string{{"ocp-date", "2017-02-17T00:00:00+01:00"}}, status: 400, param: "ocp-date"},
		{name: "delete/ocp-date without zone", method: "DELETE", target: pCert + "?" + av, header: [][2]string{{"ocp-date", "Fri, 17 Feb 2017 00:00:00"}}, status: 400, param: "ocp-date"},
		{name: "add/ocp-date named non-GMT zone", method: "POST", target: pList + "?" + av, header: [][2]string{{"ocp-date", "Fri, 17 Feb 2017 00:00:00 PST"}}, body: goodBody, status: 400, param: "ocp-date"},
		{name: "cancel/ocp-date unix seconds", method: "POST", target: pCancel + "?" + av, header: [][2]string{{"ocp-date", "1487289600"}}, status: 400, param: "ocp-date"},

		// timeout: not an int32
		{name: "cancel/timeout not an int", method: "POST", target: pCancel + "?" + av + "&timeout=abc", status: 400, param: "timeout"},
		{name: "get/timeout fractional", method: "GET", target: pCert + "?" + av + "&timeout=1.5", status: 400, param: "timeout"},
		{name: "list/timeout above int32", method: "GET", target: pList + "?" + av + "&timeout=2147483648", status: 400, param: "timeout"},
		{name: "delete/timeout below int32", method: "DELETE", target: pCert + "?" + av + "&timeout=-2147483649", status: 400, param: "timeout"},
		{name: "add/timeout with unit", method: "POST", target: pList + "?" + av + "&timeout=30s", body: goodBody, status: 400, param: "timeout"},
		{name: "cancel/timeout empty", method: "POST", target: pCancel + "?" + av + "&timeout=", status: 400, param: "timeout"},
		{name: "get/timeout with space", method: "GET", target: pCert + "?" + av + "&timeout=%2030", status: 400, param: "timeout"},

		// maxresults: 1..1000
		{name: "list/maxresults 0", method: "GET", target: pList + "?" + av + "&maxresults=0", status: 400, param: "maxresults"},
		{name: "list/maxresults 1001", method: "GET", target: pList + "?" + av + "&maxresults=1001", status: 400, param: "maxresults"},
		{name: "list/maxresults negative", method: "GET", target: pList + "?" + av + "&maxresults=-1", status: 400, param: "maxresults"},
		{name: "list/maxresults not an int", method: "GET", target: pList + "?" + av + "&maxresults=ten", status: 400, param: "maxresults"},
		{name: "list/maxresults above int32", method: "GET", target: pList + "?" + av + "&maxresults=99999999999", status: 400, param: "maxresults"},

		// return-client-request-id: exactly true/false
		{name: "cancel/return-client-request-id yes", method: "POST", target: pCancel + "?" + av, header: [][2]string{{"return-client-request-id", "yes"}}, status: 400, param: "return-client-request-id"},
		{name: "get/return-client-request-id 1", method: "GET", target: pCert + "?" + av, header: [][2]string{{"return-client-request-id", "1"}}, status: 400, param: "return-client-request-id"},
		{name: "list/return-client-request-id empty", method: "GET", target: pList + "?" + av, header: [][2]string{{"return-client-request-id", ""}}, status: 400, param: "return-client-request-id"},
		{name: "add/return-client-request-id yes", method: "POST", target: pList + "?" + av, header: [][2]string{{"return-client-request-id", "yes"}}, body: goodBody, status: 400, param: "return-client-request-id"},

		// api-version
		{name: "cancel/missing api-version", method: "POST", target: pCancel, status: 400, param: "api-version"},
		{name: "get/missing api-version", method: "GET", target: pCert + "?timeout=30", status: 400, param: "api-version"},
		{name: "list/missing api-version", method: "GET", target: pList, status: 400, param: "api-version"},
		{name: "add/missing api-version", method: "POST", target: pList, body: goodBody, status: 400, param: "api-version"},
		{name: "delete/wrong api-version", method: "DELETE", target: pCert + "?api-version=2019-08-01.10.0", status: 400, param: "api-version"},
		{name: "list/wrong api-version", method: "GET", target: pList + "?api-version=2020-09-01", status: 400, param: "api-version"},
		{name: "get/empty api-version", method: "GET", target: pCert + "?api-version=", status: 400, param: "api-version"},

		// duplicated query keys and headers
		{name: "cancel/timeout twice", method: "POST", target: pCancel + "?" + av + "&timeout=30&timeout=30", status: 400, param: "timeout"},
		{name: "list/api-version twice", method: "GET", target: pList + "?" + av + "&" + av, status: 400, param: "api-version"},
		{name: "list/maxresults twice", method: "GET", target: pList + "?" + av + "&maxresults=1&maxresults=2", status: 400, param: "maxresults"},
		{name: "list/$filter twice", method: "GET", target: pList + "?" + av + "&$filter=a&$filter=b", status: 400, param: "$filter"},
		{name: "get/client-request-id twice", method: "GET", target: pCert + "?" + av, header: [][2]string{{"client-request-id", goodUUID}, {"client-request-id", goodUUID}}, status: 400, param: "client-request-id"},
		{name: "delete/ocp-date twice", method: "DELETE", target: pCert + "?" + av, header: [][2]string{{"ocp-date", goodOCPDay}, {"ocp-date", goodOCPDay}}, status: 400, param: "ocp-date"},
		{name: "cancel/malformed query escape", method: "POST", target: pCancel + "?" + av + "&timeout=%zz", status: 400},

		// request body
		{name: "add/malformed JSON", method: "POST", target: pList + "?" + av, body: `{"thumbprint":`, status: 400},
		{name: "add/wrong type thumbprint", method: "POST", target: pList + "?" + av, body: `{"thumbprint":1,"thumbprintAlgorithm":"sha1","data":"d"}`, status: 400},
		{name: "add/wrong type password", method: "POST", target: pList + "?" + av, body: `{"thumbprint":"t","thumbprintAlgorithm":"sha1","data":"d","password":true}`, status: 400},
		{name: "add/body is an array", method: "POST", target: pList + "?" + av, body: `[]`, status: 400},
		{name: "add/body is a string", method: "POST", target: pList + "?" + av, body: `"x"`, status: 400},
		{name: "add/trailing data", method: "POST", target: pList + "?" + av, body: goodBody + goodBody, status: 400},
		{name: "add/text/plain", method: "POST", target: pList + "?" + av, body: goodBody, noCT: true, header: [][2]string{{"Content-Type", "text/plain"}}, status: 415, param: "Content-Type"},
		{name: "add/application/xml", method: "POST", target: pList + "?" + av, body: goodBody, noCT: true, header: [][2]string{{"Content-Type", "application/xml"}}, status: 415, param: "Content-Type"},
		{name: "add/malformed content type", method: "POST", target: pList + "?" + av, body: goodBody, noCT: true, header: [][2]string{{"Content-Type", ";;"}}, status: 415, param: "Content-Type"},
		{name: "add/oversized body", method: "POST", target: pList + "?" + av, body: bigBody, status: 413},
		{name: "add/missing body", method: "POST", target: pList + "?" + av, status: 400},
		// BUG: readBody decodes `null` into the struct without error, so the required body is treated as present.
		{name: "add/body null", method: "POST", target: pList + "?" + av, body: `null`, status: 400,
			bug: "a JSON null body for the required body parameter is accepted and Add is called with a zero CertificateAddParameter"},
		// BUG: the schema's required properties are not checked by the handler.
		{name: "add/body missing required data", method: "POST", target: pList + "?" + av, body: `{"thumbprint":"t","thumbprintAlgorithm":"sha1"}`, status: 400,
			bug: "required properties of CertificateAddParameter (thumbprint, thumbprintAlgorithm, data) are not validated: Add is called with Data \"\""},
		// BUG: the schema's required properties are not checked by the handler.
		{name: "add/body empty object", method: "POST", target: pList + "?" + av, body: `{}`, status: 400,
			bug: "required properties of CertificateAddParameter are not validated: {} reaches Add"},
		// BUG: closed enums (modelAsString: false) in bodies are not checked (no checkEnum on body fields).
		{name: "add/body enum not in list", method: "POST", target: pList + "?" + av, body: `{"thumbprint":"t","thumbprintAlgorithm":"sha1","data":"d","certificateFormat":"pem"}`, status: 400,
			bug: "certificateFormat is a closed enum (modelAsString: false) but \"pem\" is accepted and passed to Add"},

		// routing
		{name: "unknown path", method: "GET", target: "/certificatez?" + av, status: 404},
		{name: "unknown sub-path", method: "GET", target: "/certificates/abc?" + av, status: 404},
		{name: "unknown suffix after key", method: "POST", target: pCert + "/delete?" + av, status: 404},
		{name: "root path", method: "GET", target: "/?" + av, status: 404},
		{name: "wrong method on /certificates", method: "PUT", target: pList + "?" + av, status: 405},
		{name: "wrong method on canceldelete", method: "GET", target: pCancel + "?" + av, status: 405},
		{name: "wrong method on a certificate", method: "PATCH", target: pCert + "?" + av, status: 405},
		{name: "get/empty thumbprint", method: "GET", target: "/certificates(thumbprintAlgorithm=sha1,thumbprint=)?" + av, status: 400, param: "thumbprint"},
		{name: "delete/empty thumbprintAlgorithm", method: "DELETE", target: "/certificates(thumbprintAlgorithm=,thumbprint=abc)?" + av, status: 400, param: "thumbprintAlgorithm"},
		{name: "cancel/empty thumbprint", method: "POST", target: "/certificates(thumbprintAlgorithm=sha1,thumbprint=)/canceldelete?" + av, status: 400, param: "thumbprint"},
	}
}

func TestBadInput(t *testing.T) {
	cases := badCases()
	if len(cases) < 40 {
		t.Fatalf("only %d cases", len(cases))
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if tc.bug != "" {
				// BUG: see the bug field of the case; the assertions below are
				// deliberately not weakened.
				t.Logf("BUG: %s", tc.bug)
			}
			h := batch.NewHandler(batch.Servers{Certificate: neverCalled{t}})
			var body io.Reader
			if tc.body != "" {
				body = strings.NewReader(tc.body)
			}
			r := httptest.NewRequest(tc.method, tc.target, body)
			if tc.body != "" && !tc.noCT {
				r.Header.Set("Content-Type", jsonCT)
			}
			for _, kv := range tc.header {
				r.Header.Add(kv[0], kv[1])
			}
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			res := w.Result()

			if res.StatusCode < 400 || res.StatusCode > 499 {
				t.Errorf("status %d, want 4xx", res.StatusCode)
			}
			if tc.status != 0 && res.StatusCode != tc.status {
				t.Errorf("status %d, want %d", res.StatusCode, tc.status)
			}
			if tc.status == 405 && res.Header.Get("Allow") == "" {
				t.Errorf("405 without an Allow header")
			}
			if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
				t.Errorf("Content-Type %q", ct)
			}
			b, _ := io.ReadAll(res.Body)
			var be batch.BatchError
			dec := json.NewDecoder(strings.NewReader(string(b)))
			dec.DisallowUnknownFields()
			if err := dec.Decode(&be); err != nil {
				t.Fatalf("body %q does not decode as BatchError: %v", b, err)
			}
			if be.Code == nil || *be.Code == "" {
				t.Errorf("no error code in %s", b)
			}
			if be.Message == nil || be.Message.Value == nil || *be.Message.Value == "" {
				t.Errorf("no message in %s", b)
			}
			if tc.param != "" {
				named := false
				for _, d := range be.Values {
					if d.Value != nil && *d.Value == tc.param {
						named = true
					}
				}
				if !named {
					t.Errorf("Values do not name the parameter %q: %s", tc.param, b)
				}
			}
			if rid := canonical(res.Header).Get("request-id"); rid == "" {
				t.Errorf("no request-id header on the error response")
			}
		})
	}
}
