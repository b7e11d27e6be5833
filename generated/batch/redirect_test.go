package batch_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/oasgen/oasgen/generated/batch"
)

// The generated client follows a redirect with credentials only on the
// endpoint's origin: a service that moves a certificate within its origin
// gets a fresh, valid signature on the new path; one that sends the client
// to another port over plain http gets neither the Shared Key signature
// nor the bearer token (Go's own redirect policy would send both).
func TestRedirectKeepsCredentialsOnOrigin(t *testing.T) {
	key := []byte("redirect-SECRET-key")
	const token = "redirect-SECRET-token"
	opts := map[string]batch.ClientOption{
		"shared key": batch.WithSharedKey("acct", base64.StdEncoding.EncodeToString(key)),
		"token": batch.WithTokenSource(func(context.Context) (string, time.Time, error) {
			return token, time.Now().Add(time.Hour), nil
		}),
	}
	// valid is the Authorization r must carry: the Shared Key signature
	// of a GET without body whose only ocp-* header is ocp-date and
	// whose only query parameter is api-version, or the token.
	valid := func(name string, r *http.Request) string {
		if name == "token" {
			return "Bearer " + token
		}
		mac := hmac.New(sha256.New, key)
		mac.Write([]byte("GET\n\n\n\n\n\n\n\n\n\n\n\nocp-date:" + r.Header.Get("ocp-date") + "\n/acct" + r.URL.EscapedPath() +
			"\napi-version:" + r.URL.Query().Get("api-version")))
		return "SharedKey acct:" + base64.StdEncoding.EncodeToString(mac.Sum(nil))
	}
	h := batch.NewHandler(batch.Servers{Certificate: fakeCertificates{}})

	var mu sync.Mutex
	var landed []string // what each landing request carried: "ok", "none" or the bad value
	var credName string
	record := func(r *http.Request) {
		got := r.Header.Get("Authorization")
		mu.Lock()
		defer mu.Unlock()
		switch got {
		case "":
			landed = append(landed, "none")
		case valid(credName, r):
			landed = append(landed, "ok")
		default:
			landed = append(landed, got)
		}
	}
	// The other origin: plain http on another port of the same host.
	plain := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		record(r)
		h.ServeHTTP(w, r)
	}))
	defer plain.Close()
	// The endpoint: certificates "moved" live under /moved on the same
	// origin, "gone" ones on the plain server.
	tlsSrv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case strings.HasPrefix(r.URL.Path, "/moved/"):
			record(r)
			http.StripPrefix("/moved", h).ServeHTTP(w, r)
		case strings.Contains(r.URL.Path, "moved"):
			http.Redirect(w, r, "/moved"+r.URL.RequestURI(), http.StatusTemporaryRedirect)
		case strings.Contains(r.URL.Path, "gone"):
			http.Redirect(w, r, plain.URL+r.URL.RequestURI(), http.StatusTemporaryRedirect)
		default:
			h.ServeHTTP(w, r)
		}
	}))
	defer tlsSrv.Close()

	for _, name := range []string{"shared key", "token"} {
		t.Run(name, func(t *testing.T) {
			credName = name
			c, err := batch.NewClient(tlsSrv.URL, batch.WithHTTPClient(tlsSrv.Client()), opts[name])
			if err != nil {
				t.Fatal(err)
			}
			// The fake knows thumbprint 0123 only: the algorithm carries
			// where the certificate went.
			for _, alg := range []string{"moved", "gone"} {
				resp, err := c.Certificate.Get(context.Background(), alg, "0123", nil)
				if err != nil || *resp.ThumbprintAlgorithm != alg {
					t.Fatalf("Get(%s): %v", alg, err)
				}
			}
			mu.Lock()
			defer mu.Unlock()
			if got := strings.Join(landed, ","); got != "ok,none" {
				t.Errorf("credentials on landing (same origin, other origin): %s, want ok,none", got)
			}
			landed = nil
		})
	}
}
