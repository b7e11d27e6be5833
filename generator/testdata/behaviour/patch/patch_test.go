package patch

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"
)

// widgets records the patch the server method received and answers a
// Widget holding the same states, so that the client's decoding is
// checked too.
type widgets struct {
	UnimplementedWidgetsServer
	got   WidgetPatch
	calls int
}

func (s *widgets) Update(ctx context.Context, id string, p WidgetPatch) (*WidgetsUpdateResponse, error) {
	s.got, s.calls = p, s.calls+1
	return &WidgetsUpdateResponse{Widget: widget(id, p)}, nil
}

// widget is the Widget a patch gives.
func widget(id string, p WidgetPatch) Widget {
	return Widget{ID: id, Name: p.Name, Count: p.Count, Settings: p.Settings, Tags: p.Tags, Description: p.Description, Color: p.Color, Due: p.Due}
}

// newClient serves the handler through the in-process transport and
// records each request body as it travelled.
func newClient(t *testing.T, s *widgets) (*Client, *[]string) {
	t.Helper()
	var bodies []string
	h := NewHandler(Servers{Widgets: s})
	rec := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		bodies = append(bodies, r.Header.Get("Content-Type")+" "+string(b))
		r.Body = io.NopCloser(bytes.NewReader(b))
		h.ServeHTTP(w, r)
	})
	c, err := NewClient("https://widgets.example", WithHTTPClient(&http.Client{Transport: HandlerTransport(rec)}))
	if err != nil {
		t.Fatal(err)
	}
	return c, &bodies
}

// Each optional nullable property, a string, an integer, an object and an
// array, goes from the generated client to the generated server absent,
// null and as a value, and the server method sees the three apart; so
// does the client reading the answer.
func TestAbsentNullValue(t *testing.T) {
	fast := Settings{Mode: SettingsModeFast, Level: NewNullable[int32](2)}
	desc := "plain"
	for _, tc := range []struct {
		name  string
		patch WidgetPatch
		wire  string
	}{
		{"all absent", WidgetPatch{}, `{}`},
		{"name null", WidgetPatch{Name: Null[string]()}, `{"name":null}`},
		{"name value", WidgetPatch{Name: NewNullable("new name")}, `{"name":"new name"}`},
		{"name empty", WidgetPatch{Name: NewNullable("")}, `{"name":""}`},
		{"count null", WidgetPatch{Count: Null[int32]()}, `{"count":null}`},
		{"count zero", WidgetPatch{Count: NewNullable[int32](0)}, `{"count":0}`},
		{"settings null", WidgetPatch{Settings: Null[Settings]()}, `{"settings":null}`},
		{"settings value", WidgetPatch{Settings: NewNullable(fast)}, `{"settings":{"level":2,"mode":"fast"}}`},
		{"settings level null", WidgetPatch{Settings: NewNullable(Settings{Mode: SettingsModeSlow, Level: Null[int32]()})}, `{"settings":{"level":null,"mode":"slow"}}`},
		{"tags null", WidgetPatch{Tags: Null[[]string]()}, `{"tags":null}`},
		{"tags empty", WidgetPatch{Tags: NewNullable([]string{})}, `{"tags":[]}`},
		{"tags value", WidgetPatch{Tags: NewNullable([]string{"a", "b"})}, `{"tags":["a","b"]}`},
		{"color null", WidgetPatch{Color: Null[Color]()}, `{"color":null}`},
		{"color value", WidgetPatch{Color: NewNullable(ColorBlue)}, `{"color":"blue"}`},
		{"due null", WidgetPatch{Due: Null[time.Time]()}, `{"due":null}`},
		{"due value", WidgetPatch{Due: NewNullable(time.Date(2026, 12, 1, 9, 30, 0, 0, time.UTC))}, `{"due":"2026-12-01T09:30:00Z"}`},
		{"mixed", WidgetPatch{Name: Null[string](), Count: NewNullable[int32](7), Description: &desc}, `{"count":7,"description":"plain","name":null}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := &widgets{}
			c, bodies := newClient(t, s)
			resp, err := c.Widgets.Update(context.Background(), "w1", tc.patch)
			if err != nil {
				t.Fatal(err)
			}
			if want := "application/merge-patch+json " + tc.wire; len(*bodies) != 1 || (*bodies)[0] != want {
				t.Errorf("sent %q, want %q", *bodies, want)
			}
			if !reflect.DeepEqual(s.got, tc.patch) {
				t.Errorf("server got %#v\nwant %#v", s.got, tc.patch)
			}
			want := widget("w1", tc.patch)
			if !reflect.DeepEqual(resp.Widget, want) {
				t.Errorf("client read %#v\nwant %#v", resp.Widget, want)
			}
			// encoding/json, through the generated methods, writes the same.
			if b, err := json.Marshal(tc.patch); err != nil || string(b) != tc.wire {
				t.Errorf("json.Marshal: %s, %v", b, err)
			}
			var back WidgetPatch
			if err := json.Unmarshal([]byte(tc.wire), &back); err != nil || !reflect.DeepEqual(back, tc.patch) {
				t.Errorf("json.Unmarshal: %#v, %v", back, err)
			}
		})
	}
}

// A value is checked against the schema; null and absent pass, since
// the property is optional and nullable.
func TestValueChecks(t *testing.T) {
	for _, tc := range []struct {
		body string
		ok   bool
		want string
	}{
		{`{"name":null,"count":null,"settings":null,"tags":null}`, true, ""},
		{`{"name":"` + strings.Repeat("x", 21) + `"}`, false, "name"},
		{`{"count":-1}`, false, "count"},
		{`{"settings":{}}`, false, "settings.mode"},
		{`{"settings":{"mode":"medium"}}`, false, "settings.mode"},
		{`{"settings":{"mode":"slow","level":null}}`, true, ""},
		{`{"count":"1"}`, false, "count"},
		{`{"color":"green"}`, false, "color"},
		{`{"color":null,"due":null}`, true, ""},
	} {
		s := &widgets{}
		h := NewHandler(Servers{Widgets: s})
		hc := &http.Client{Transport: HandlerTransport(h)}
		req, _ := http.NewRequest("PATCH", "https://widgets.example/widgets/w1", strings.NewReader(tc.body))
		req.Header.Set("Content-Type", "application/merge-patch+json")
		resp, err := hc.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if got := resp.StatusCode == http.StatusOK; got != tc.ok || !tc.ok && (resp.StatusCode != http.StatusBadRequest || !strings.Contains(string(b), tc.want)) {
			t.Errorf("%s: %d %s", tc.body, resp.StatusCode, b)
		}
		if tc.ok != (s.calls == 1) {
			t.Errorf("%s: server method called %d times", tc.body, s.calls)
		}
	}
}

// A server method's answer tells the three apart too: null, absent and a
// value reach the client as they were.
func TestGetNull(t *testing.T) {
	s := &getter{w: Widget{ID: "w2", Name: Null[string](), Tags: NewNullable([]string{"x"})}}
	c, err := NewClient("https://widgets.example", WithHTTPClient(&http.Client{Transport: HandlerTransport(NewHandler(Servers{Widgets: s}))}))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := c.Widgets.Get(context.Background(), "w2")
	if err != nil {
		t.Fatal(err)
	}
	if !resp.Name.IsNull() || resp.Count.IsSet() || resp.Settings.IsSet() {
		t.Errorf("read %#v", resp.Widget)
	}
	if tags, ok := resp.Tags.Get(); !ok || len(tags) != 1 {
		t.Errorf("tags %#v", resp.Tags)
	}
}

type getter struct {
	UnimplementedWidgetsServer
	w Widget
}

func (g *getter) Get(ctx context.Context, id string) (*WidgetsGetResponse, error) {
	return &WidgetsGetResponse{Widget: g.w}, nil
}
