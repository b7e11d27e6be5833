package diag

import "testing"

func TestErrorOneLine(t *testing.T) {
	e := Errorf("a.json", Pointer("paths", "/pets/{id}", "get"), "Pets_Get", "bad\n  thing %d", 1)
	want := "a.json: #/paths/~1pets~1{id}/get (Pets_Get): bad thing 1"
	if got := e.Error(); got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
	w := Warning(*Errorf("a.json", "", "", "x"))
	if got := w.String(); got != "warning: a.json: x" {
		t.Fatalf("got %q", got)
	}
	if got := Pointer("a~b"); got != "#/a~0b" {
		t.Fatalf("got %q", got)
	}
}

func TestErrorIsOnePrintableLine(t *testing.T) {
	e := Errorf("a\nb.json", "#/paths/~1x\n//go:generate\u202e", "op\x1b[2J", "bad\x00 %s", "value\r\nnext")
	got := e.Error()
	want := `a\nb.json: #/paths/~1x\n//go:generate\u202e (op\x1b[2J): bad\x00 value next`
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}
