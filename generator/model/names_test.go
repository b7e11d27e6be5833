package model

import (
	"go/token"
	"testing"
)

func TestGoName(t *testing.T) {
	for in, want := range map[string]string{
		"thumbprintAlgorithm":      "ThumbprintAlgorithm",
		"client-request-id":        "ClientRequestID",
		"return-client-request-id": "ReturnClientRequestID",
		"ocp-date":                 "OCPDate",
		"ETag":                     "ETag",
		"etag":                     "ETag",
		"Last-Modified":            "LastModified",
		"DataServiceId":            "DataServiceID",
		"odata.nextLink":           "ODataNextLink",
		"$filter":                  "Filter",
		"maxresults":               "MaxResults", // runTogether
		"timeOut":                  "Timeout",
		"readIOps":                 "ReadIOPS",
		"readIops":                 "ReadIOPS",
		"maxResults":               "MaxResults",
		"url":                      "URL",
		"HTTPStatus":               "HTTPStatus",
		"api-version":              "APIVersion",
		"3des":                     "X3Des",
		"v2beta":                   "V2Beta",
		"deletefailed":             "Deletefailed",
		"snake_case_name":          "SnakeCaseName",
		"":                         "",
		"über":                     "Uber",
	} {
		got := GoName(in)
		if in == "über" {
			if got == "" {
				t.Errorf("GoName(%q) is empty", in)
			}
			continue
		}
		if got != want {
			t.Errorf("GoName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestLowerName(t *testing.T) {
	for in, want := range map[string]string{
		"ThumbprintAlgorithm": "thumbprintAlgorithm",
		"ID":                  "id",
		"URLPath":             "urlPath",
		"Type":                "type_",
		"OCPDate":             "ocpDate",
		"X":                   "x",
	} {
		if got := lowerName(in); got != want {
			t.Errorf("lowerName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestNamespaceDeterministic(t *testing.T) {
	ns := newNamespace("Client")
	for _, c := range []struct{ want, suffix, got string }{
		{"Client", "Model", "ClientModel"},
		{"Pet", "Model", "Pet"},
		{"Pet", "Model", "PetModel"},
		{"Pet", "Model", "PetModel2"},
		{"Pet", "", "Pet2"},
	} {
		if g := ns.claim(c.want, c.suffix); g != c.got {
			t.Errorf("claim(%q,%q) = %q, want %q", c.want, c.suffix, g, c.got)
		}
	}
}

// FuzzGoName: whatever a definition calls a thing, the Go name made of it
// is an exported ASCII identifier (or nothing), and its unexported form an
// identifier that is no keyword: names are the other way, besides
// comments, that definition text reaches generated code.
func FuzzGoName(f *testing.F) {
	for _, s := range []string{"thumbprintAlgorithm", "odata.nextLink", "*/ func init() {}", "//go:generate x", "ß", "٣x", "a b", "\u202e", "_", "type", "0day"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := GoName(s)
		if n == "" {
			return
		}
		if !token.IsIdentifier(n) || !token.IsExported(n) || !isASCIIIdent(n) {
			t.Fatalf("GoName(%q) = %q: not an exported ASCII identifier", s, n)
		}
		if l := lowerName(n); !token.IsIdentifier(l) || token.IsKeyword(l) {
			t.Fatalf("lowerName(%q) = %q: not an identifier", n, l)
		}
	})
}
