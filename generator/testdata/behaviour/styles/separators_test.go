package styles

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

type sepServer struct {
	UnimplementedStylesServer
	got []string
}

func (s *sepServer) TenantUser(_ context.Context, tenant, user, host string) (*StylesTenantUserResponse, error) {
	s.got = []string{tenant, user, host}
	return nil, nil
}

func (s *sepServer) NameExt(_ context.Context, name, ext string) (*StylesNameExtResponse, error) {
	s.got = []string{name, ext}
	return nil, nil
}

// Two values in one segment with a literal between them arrive as sent,
// whatever they hold: the client escapes the literal's first character in
// the values ("acme-corp" as acme%2Dcorp), and the server answers 400,
// never a guess, when another client leaves it ambiguous. A header
// parameter named Host travels as the request's host. A NUL in a path
// value is refused.
func TestPathSeparators(t *testing.T) {
	s := &sepServer{}
	srv := httptest.NewServer(NewHandler(Servers{Styles: s}))
	t.Cleanup(srv.Close)
	c, err := NewClient(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for _, tc := range [][2]string{{"acme-corp", "bob"}, {"acme", "corp-bob"}, {"-", "-"}, {"a--b", "c-"}} {
		if _, err := c.Styles.TenantUser(ctx, tc[0], tc[1], "tenant.example"); err != nil {
			var re *ResponseError
			if errors.As(err, &re) {
				t.Fatalf("%q: %v: %s", tc, err, re.Body)
			}
			t.Fatalf("%q: %v", tc, err)
		}
		if want := []string{tc[0], tc[1], "tenant.example"}; strings.Join(s.got, "|") != strings.Join(want, "|") {
			t.Errorf("sent %q, server read %q", want, s.got)
		}
	}
	for _, tc := range [][2]string{{"annual.report", "pdf"}, {"archive", "tar.gz"}, {"a.b.c", "d.e"}} {
		if _, err := c.Styles.NameExt(ctx, tc[0], tc[1]); err != nil {
			t.Fatalf("%q: %v", tc, err)
		}
		if strings.Join(s.got, "|") != tc[0]+"|"+tc[1] {
			t.Errorf("sent %q, server read %q", tc, s.got)
		}
	}
	for _, path := range []string{"/tenants/acme-corp-bob", "/names/annual.report.pdf", "/names/a%00b.pdf"} {
		s.got = nil
		req, _ := http.NewRequest("GET", srv.URL+path, nil)
		req.Header.Set("Host", "x")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusBadRequest || s.got != nil {
			t.Errorf("%s: %d %s, server method read %q; want 400 before it", path, resp.StatusCode, body, s.got)
		}
	}
}
