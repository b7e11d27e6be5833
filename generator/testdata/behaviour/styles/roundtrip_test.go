package styles

import (
	"context"
	"net/http"
	"net/http/httptest"
	"reflect"
	"testing"
	"time"
)

// server records the values each operation received.
type server struct {
	UnimplementedStylesServer
	got []any
}

func (s *server) Simple(_ context.Context, color string, n int64, colors []string) (*StylesSimpleResponse, error) {
	s.got = []any{color, n, colors}
	return nil, nil
}

func (s *server) SimpleExplode(_ context.Context, color string, n int64, colors []string) (*StylesSimpleExplodeResponse, error) {
	s.got = []any{color, n, colors}
	return nil, nil
}

func (s *server) Label(_ context.Context, color string, n int64, colors []string) (*StylesLabelResponse, error) {
	s.got = []any{color, n, colors}
	return nil, nil
}

func (s *server) LabelExplode(_ context.Context, color string, n int64, colors []string) (*StylesLabelExplodeResponse, error) {
	s.got = []any{color, n, colors}
	return nil, nil
}

func (s *server) Matrix(_ context.Context, color string, n int64, colors []string) (*StylesMatrixResponse, error) {
	s.got = []any{color, n, colors}
	return nil, nil
}

func (s *server) MatrixExplode(_ context.Context, color string, n int64, colors []string) (*StylesMatrixExplodeResponse, error) {
	s.got = []any{color, n, colors}
	return nil, nil
}

func (s *server) Template(_ context.Context, color string, n int64, colors []string, ids []int32, tags, list []string) (*StylesTemplateResponse, error) {
	s.got = []any{color, n, colors, ids, tags, list}
	return nil, nil
}

func (s *server) Query(_ context.Context, need []string, o *StylesQueryOptions) (*StylesQueryResponse, error) {
	s.got = []any{need, o.Form, o.Csv, o.Space, o.Pipe, o.Pipes}
	return nil, nil
}

// setup serves the generated handler and records the request target of
// each request as it arrived on the wire.
func setup(t *testing.T) (*Client, *server, *string, string) {
	t.Helper()
	s := &server{}
	h := NewHandler(Servers{Styles: s})
	var target string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		target = r.RequestURI
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	c, err := NewClient(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	return c, s, &target, srv.URL
}

func call[R any](f func(context.Context, string, int64, []string) (R, error)) func(string, int64, []string) error {
	return func(color string, n int64, colors []string) error {
		_, err := f(context.Background(), color, n, colors)
		return err
	}
}

// TestPathStyles sends the values of OpenAPI 3.1's style table
// (https://spec.openapis.org/oas/v3.1.0#style-examples: color = "blue",
// ["blue","black","brown"]) in every path style and explode, checks the
// path on the wire against the table's strings and the values the server
// read; then values holding every separator, and empty arrays.
func TestPathStyles(t *testing.T) {
	c, s, target, _ := setup(t)
	ops := map[string]func(string, int64, []string) error{
		"simple":         call(c.Styles.Simple),
		"simple-explode": call(c.Styles.SimpleExplode),
		"label":          call(c.Styles.Label),
		"label-explode":  call(c.Styles.LabelExplode),
		"matrix":         call(c.Styles.Matrix),
		"matrix-explode": call(c.Styles.MatrixExplode),
	}
	arr := []string{"blue", "black", "brown"}
	odd := []string{"a,b", "c.d", "e;f=g", "h i/j", "ü"}
	for _, tc := range []struct {
		op     string
		color  string
		colors []string
		want   string
	}{
		{"simple", "blue", arr, "/simple/blue/5/blue,black,brown"},
		{"simple-explode", "blue", arr, "/simple-explode/blue/5/blue,black,brown"},
		{"label", "blue", arr, "/label/.blue/.5/.blue,black,brown"},
		{"label-explode", "blue", arr, "/label-explode/.blue/.5/.blue.black.brown"},
		{"matrix", "blue", arr, "/matrix/;color=blue/;n=5/;colors=blue,black,brown"},
		{"matrix-explode", "blue", arr, "/matrix-explode/;color=blue/;n=5/;colors=blue;colors=black;colors=brown"},
		{"simple", "x.y", odd, "/simple/x.y/5/a%2Cb,c.d,e%3Bf%3Dg,h%20i%2Fj,%C3%BC"},
		{"simple-explode", "x,y", odd, "/simple-explode/x%2Cy/5/a%2Cb,c.d,e%3Bf%3Dg,h%20i%2Fj,%C3%BC"},
		{"label", "x.y", odd, "/label/.x%2Ey/.5/.a%2Cb,c%2Ed,e%3Bf%3Dg,h%20i%2Fj,%C3%BC"},
		{"label-explode", "", odd, "/label-explode/./.5/.a%2Cb.c%2Ed.e%3Bf%3Dg.h%20i%2Fj.%C3%BC"},
		{"matrix", "a=b", odd, "/matrix/;color=a%3Db/;n=5/;colors=a%2Cb,c.d,e%3Bf%3Dg,h%20i%2Fj,%C3%BC"},
		{"matrix-explode", "", odd, "/matrix-explode/;color=/;n=5/;colors=a%2Cb;colors=c.d;colors=e%3Bf%3Dg;colors=h%20i%2Fj;colors=%C3%BC"},
		{"label", "blue", []string{}, "/label/.blue/.5/."},
		{"label-explode", "blue", []string{}, "/label-explode/.blue/.5/."},
		{"matrix", "blue", []string{}, "/matrix/;color=blue/;n=5/;colors"},
		{"matrix-explode", "blue", []string{}, "/matrix-explode/;color=blue/;n=5/;colors"},
		{"label-explode", "blue", []string{"", "a", ""}, "/label-explode/.blue/.5/..a."},
	} {
		s.got = nil
		if err := ops[tc.op](tc.color, 5, tc.colors); err != nil {
			t.Errorf("%s %q: %v", tc.op, tc.colors, err)
			continue
		}
		if *target != tc.want {
			t.Errorf("%s %q: sent %s, want %s", tc.op, tc.colors, *target, tc.want)
		}
		if want := []any{tc.color, int64(5), tc.colors}; !reflect.DeepEqual(s.got, want) {
			t.Errorf("%s: server read %#v, want %#v", tc.op, s.got, want)
		}
	}
}

// TestTemplateStyles: the same styles written as RFC 6570 operators in
// the path template ({.color}, {;n}, {.colors*}, {;ids*}, {;tags},
// {list*}).
func TestTemplateStyles(t *testing.T) {
	c, s, target, _ := setup(t)
	_, err := c.Styles.Template(context.Background(), "blue", 5, []string{"blue", "black", "brown"}, []int32{3, 4, 5}, []string{"a", "b"}, []string{"x", "y"})
	if err != nil {
		t.Fatal(err)
	}
	if want := "/template/.blue/;n=5/.blue.black.brown/;ids=3;ids=4;ids=5/;tags=a,b/x,y"; *target != want {
		t.Errorf("sent %s, want %s", *target, want)
	}
	want := []any{"blue", int64(5), []string{"blue", "black", "brown"}, []int32{3, 4, 5}, []string{"a", "b"}, []string{"x", "y"}}
	if !reflect.DeepEqual(s.got, want) {
		t.Errorf("server read %#v, want %#v", s.got, want)
	}
}

// TestQueryStyles: arrays in query as form (exploded: repeated keys, the
// OpenAPI 3 default; or comma-separated), spaceDelimited and
// pipeDelimited (exploded too). The table writes "blue black brown" and
// "blue|black|brown"; on the wire the space is "+" and "|" "%7C", the
// query encoding of the same characters.
func TestQueryStyles(t *testing.T) {
	c, s, target, _ := setup(t)
	o := &StylesQueryOptions{Form: []int64{3, 4, 5}, Csv: []string{"blue", "black", "brown"}, Space: []string{"blue", "black", "brown"}, Pipe: []int64{3, 4, 5}, Pipes: []string{"a|b", "c"}}
	if _, err := c.Styles.Query(context.Background(), []string{"x", "y z"}, o); err != nil {
		t.Fatal(err)
	}
	if want := "/query?csv=blue%2Cblack%2Cbrown&form=3&form=4&form=5&need=x&need=y+z&pipe=3%7C4%7C5&pipes=a%7Cb&pipes=c&space=blue+black+brown"; *target != want {
		t.Errorf("sent %s\nwant %s", *target, want)
	}
	want := []any{[]string{"x", "y z"}, o.Form, o.Csv, o.Space, o.Pipe, o.Pipes}
	if !reflect.DeepEqual(s.got, want) {
		t.Errorf("server read %#v, want %#v", s.got, want)
	}
	// Options left out stay nil; a required exploded array may not be.
	if _, err := c.Styles.Query(context.Background(), []string{"x"}, nil); err != nil {
		t.Fatal(err)
	}
	if want := []any{[]string{"x"}, []int64(nil), []string(nil), []string(nil), []int64(nil), []string(nil)}; !reflect.DeepEqual(s.got, want) {
		t.Errorf("server read %#v, want %#v", s.got, want)
	}
	if _, err := c.Styles.Query(context.Background(), nil, nil); err == nil {
		t.Error("a request without the required array succeeded")
	}
}

// TestStyleMismatch: a value not written in the parameter's style is a
// 400 naming the parameter, never a value read some other way.
func TestStyleMismatch(t *testing.T) {
	_, s, _, url := setup(t)
	want400(t, s, url, []string{
		"/label/blue/.5/.a",                   // color without its "."
		"/label/.blue/.x/.a",                  // not an integer
		"/matrix/;colour=blue/;n=5/;colors=a", // another name
		"/matrix/color=blue/;n=5/;colors=a",   // no ";"
		"/matrix-explode/;color=a/;n=5/;colors=a;color=b",
		"/query?need=x&form=3&form=y",
		"/query?need=x&pipe=3%7Cy",
		"/simple/a/5/",
	})
}

func (s *server) File(_ context.Context, path string) (*StylesFileResponse, error) {
	s.got = []any{"file", path}
	return nil, nil
}

func (s *server) FileMeta(_ context.Context, name string) (*StylesFileMetaResponse, error) {
	s.got = []any{"meta", name}
	return nil, nil
}

// TestReservedExpansion: {+path} sends '/' as it is, so a value spans
// segments; routes without such a value are tried first.
func TestReservedExpansion(t *testing.T) {
	c, s, target, url := setup(t)
	if _, err := c.Styles.File(context.Background(), "a/b c/d.txt?#"); err != nil {
		t.Fatal(err)
	}
	if want := "/files/a/b%20c/d.txt%3F%23"; *target != want {
		t.Errorf("sent %s, want %s", *target, want)
	}
	if want := []any{"file", "a/b c/d.txt?#"}; !reflect.DeepEqual(s.got, want) {
		t.Errorf("server read %#v, want %#v", s.got, want)
	}
	for path, want := range map[string][]any{
		"/files/x/meta":   {"meta", "x"},
		"/files/x/y/meta": {"file", "x/y/meta"},
		"/files/x":        {"file", "x"},
	} {
		s.got = nil
		resp, err := http.Get(url + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusNoContent || !reflect.DeepEqual(s.got, want) {
			t.Errorf("%s: status %d, server read %v; want %v", path, resp.StatusCode, s.got, want)
		}
	}
}

func (s *server) Objects(_ context.Context, color RGB, o *StylesObjectsOptions) (*StylesObjectsResponse, error) {
	s.got = []any{color, o.Flat, o.Filter, o.Labels, o.Meta, o.Counts}
	return nil, nil
}

// TestObjectStyles: object query parameters in the rows of OpenAPI's
// style table for {"R":100,"G":200,"B":150}: form exploded
// (R=100&G=200&B=150, the default), form not exploded
// (color=R,100,G,200,B,150) and deepObject (color[R]=100…), read back
// member by member; members left out are not sent.
func TestObjectStyles(t *testing.T) {
	c, s, target, url := setup(t)
	since := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
	state := FilterStateDeleted
	o := &StylesObjectsOptions{Flat: &RGB{R: 100, G: 200, B: 150}, Filter: &Filter{Name: "a b", State: &state, Since: &since},
		Labels: map[string]string{"team": "x y", "a[b]": "&="}, Meta: map[string]string{"k": "v"}, Counts: map[string]int64{"b": 2, "a": 1}}
	if _, err := c.Styles.Objects(context.Background(), RGB{R: 100, G: 200, B: 150}, o); err != nil {
		t.Fatal(err)
	}
	if want := "/objects?B=150&G=200&R=100&counts=a%2C1%2Cb%2C2&filter%5Bname%5D=a+b&filter%5Bsince%5D=2026-11-30T12%3A00%3A00Z&filter%5Bstate%5D=deleted&flat=B%2C150%2CG%2C200%2CR%2C100" +
		"&labels%5Ba%5Bb%5D%5D=%26%3D&labels%5Bteam%5D=x+y&meta%5Bk%5D=v"; *target != want {
		t.Errorf("sent %s\nwant %s", *target, want)
	}
	if want := []any{RGB{R: 100, G: 200, B: 150}, o.Flat, o.Filter, o.Labels, o.Meta, o.Counts}; !reflect.DeepEqual(s.got, want) {
		t.Errorf("server read %#v, want %#v", s.got, want)
	}
	// Optional objects left out stay nil.
	if _, err := c.Styles.Objects(context.Background(), RGB{R: 1}, nil); err != nil {
		t.Fatal(err)
	}
	if want := []any{RGB{R: 1}, (*RGB)(nil), (*Filter)(nil), map[string]string(nil), map[string]string(nil), map[string]int64(nil)}; !reflect.DeepEqual(s.got, want) {
		t.Errorf("server read %#v, want %#v", s.got, want)
	}
	// Wrong values are a 400 naming the member, never a value read some
	// other way.
	want400(t, s, url, []string{
		"/objects",                                               // the required object is missing
		"/objects?R=1&G=2",                                       // a required member is missing
		"/objects?R=1&G=2&B=x",                                   // not an integer
		"/objects?R=1&G=2&B=3&flat=R,1,G",                        // not pairs
		"/objects?R=1&G=2&B=3&flat=R,1,G,2",                      // a member of flat is missing
		"/objects?R=1&G=2&B=3&filter[limit]=5",                   // filter without its required name
		"/objects?R=1&G=2&B=3&filter[name]=a&filter[state]=gone", // not in the enum
		"/objects?R=1&G=2&B=3&filter[name]=a&filter[name]=b",     // given twice
		"/objects?R=1&G=2&B=3&counts=a,x",                        // not an integer
		"/objects?R=1&G=2&B=3&counts=a,1,b",                      // not pairs
		"/objects?R=1&G=2&B=3&labels[a]=1&labels[a]=2",           // given twice
	})
}

// want400 gets each path and wants a 400 that reached no operation.
func want400(t *testing.T, s *server, url string, paths []string) {
	t.Helper()
	for _, path := range paths {
		s.got = nil
		resp, err := http.Get(url + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusBadRequest || s.got != nil {
			t.Errorf("%s: status %d, server read %v; want 400", path, resp.StatusCode, s.got)
		}
	}
}
