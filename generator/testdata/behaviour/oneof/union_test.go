package oneof

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

type shapes struct {
	UnimplementedShapesServer
	got  Shape
	list []Shape
}

func (s *shapes) AddShape(ctx context.Context, shape Shape) (*ShapesAddShapeResponse, error) {
	s.got = shape
	return &ShapesAddShapeResponse{Body: shape}, nil
}

func (s *shapes) ListShapes(ctx context.Context) (*ShapesListShapesResponse, error) {
	return &ShapesListShapesResponse{Body: s.list}, nil
}

type drawings struct {
	UnimplementedDrawingsServer
	d *Drawing
}

func (d drawings) GetDrawing(ctx context.Context, id int64) (*DrawingsGetDrawingResponse, error) {
	return &DrawingsGetDrawingResponse{Drawing: *d.d}, nil
}

func setup(t *testing.T, s *shapes, d *Drawing) (*Client, string) {
	t.Helper()
	srv := httptest.NewServer(NewHandler(Servers{Shapes: s, Drawings: drawings{d: d}}))
	t.Cleanup(srv.Close)
	c, err := NewClient(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	return c, srv.URL
}

// Each alternative is sent under its mapped (or implicit) value and comes
// back as itself.
func TestMappedValues(t *testing.T) {
	s := &shapes{}
	c, _ := setup(t, s, nil)
	for _, tc := range []struct {
		shape Shape
		kind  string
	}{
		{&Circle{Radius: 2}, "circle"},                     // mapping: bare name
		{&Square{Side: 3}, "square"},                       // mapping: reference
		{&Triangle{Sides: []float64{3, 4, 5}}, "Triangle"}, // implicit: the component name
		{&Circle{Kind: "circle", Radius: 1}, "circle"},     // set by the caller
	} {
		// Circle and Square are kinds of two unions under different
		// values (Shape maps them, Drawing.background does not), so they
		// are named by the union they are written as, not on their own.
		raw, _ := json.Marshal(&Drawing{Shapes: []Shape{tc.shape}})
		if !strings.Contains(string(raw), `"kind":"`+tc.kind+`"`) {
			t.Errorf("%T written as %s, want kind %q", tc.shape, raw, tc.kind)
		}
		resp, err := c.Shapes.AddShape(context.Background(), tc.shape)
		if err != nil {
			t.Fatal(err)
		}
		back, _ := json.Marshal(&Drawing{Shapes: []Shape{resp.Body}})
		if string(back) != string(raw) || kindOf(s.got) != kindOf(tc.shape) {
			t.Errorf("%s came back as %s (%T on the server)", raw, back, s.got)
		}
	}
}

func kindOf(s Shape) string {
	switch s.(type) {
	case *Circle:
		return "circle"
	case *Square:
		return "square"
	case *Triangle:
		return "triangle"
	}
	return "?"
}

// A oneOf has no base: an unknown or missing kind is an error on both
// sides.
func TestUnknownKindIsAnError(t *testing.T) {
	s := &shapes{}
	_, url := setup(t, s, nil)
	for _, body := range []string{`{"kind":"hexagon","side":1}`, `{"side":1}`, `{"kind":"Circle","radius":1}`} {
		resp, err := http.Post(url+"/shapes", "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		msg, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 400 || !strings.Contains(string(msg), "unknown kind") {
			t.Errorf("%s: %d %s", body, resp.StatusCode, msg)
		}
	}
	var d Drawing
	if err := json.Unmarshal([]byte(`{"shapes":[{"kind":"circle","radius":1},{"kind":"blob"}]}`), &d); err == nil || !strings.Contains(err.Error(), `unknown kind "blob"`) {
		t.Errorf("err = %v", err)
	}
}

// Lists of a union and an inline union inside a struct.
func TestListsAndInlineUnion(t *testing.T) {
	s := &shapes{list: []Shape{&Square{Side: 1}, &Circle{Radius: 2}, nil}}
	d := &Drawing{Shapes: s.list[:2], Background: &Square{Side: 9}}
	c, _ := setup(t, s, d)
	list, err := c.Shapes.ListShapes(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(list.Body) != 3 || kindOf(list.Body[0]) != "square" || kindOf(list.Body[1]) != "circle" || list.Body[2] != nil {
		t.Fatalf("list = %#v", list.Body)
	}
	got, err := c.Drawings.GetDrawing(context.Background(), 1)
	if err != nil {
		t.Fatal(err)
	}
	// The inline union has no mapping: values are component names.
	raw, _ := json.Marshal(&got.Drawing)
	want := `{"background":{"kind":"Square","side":9},"shapes":[{"kind":"square","side":1},{"kind":"circle","radius":2}]}`
	if string(raw) != want {
		t.Errorf("drawing:\n got %s\nwant %s", raw, want)
	}
	if bg, ok := got.Drawing.Background.(*Square); !ok || bg.Side != 9 {
		t.Errorf("background = %#v", got.Drawing.Background)
	}
}
