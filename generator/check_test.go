package generator_test

import (
	"errors"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/oasgen/oasgen/generator"
	"github.com/oasgen/oasgen/generator/write"
)

// The summary lists at most maxFiles files, then counts the rest, and
// shows the API summary slot when it is filled.
func TestCheckReportSummary(t *testing.T) {
	r := &generator.CheckReport{
		Dir: "gen/x",
		Changes: []write.Change{
			{Name: "a.go", New: []byte("1\n2\n")},
			{Name: "b.go", Old: []byte("1\n"), New: []byte("2\n")},
			{Name: "c.go", Old: []byte("1\n")},
		},
		APISummary: []string{"removed: Pool.Resize"},
	}
	want := `gen/x: 1 added, 1 changed, 1 removed (+3 -2 lines)
  added    a.go  +2
  changed  b.go  +1 -1
  … and 1 more file
API changes:
  removed: Pool.Resize
`
	if got := r.Summary(2); got != want {
		t.Errorf("summary (-want +got):\n%s", cmp.Diff(want, got))
	}
}

// RunOptions.APISummary fills the report's slot, and only when stale.
func TestCheckAPISummarySlot(t *testing.T) {
	cfg := generator.Config{Spec: filepath.Join(root, "specs/fixtures/enums/swagger.json"), Output: t.TempDir(), Package: "enums"}
	calls := 0
	opts := generator.RunOptions{Check: true, APISummary: func(old, new []write.File) ([]string, error) {
		calls++
		if len(old) != 0 || len(new) == 0 {
			t.Errorf("APISummary of an empty folder: %d old files, %d new", len(old), len(new))
		}
		return []string{"added: everything"}, nil
	}}
	_, err := generator.Run(cfg, opts)
	var stale *generator.StaleError
	if !errors.As(err, &stale) || !reflect.DeepEqual(stale.Report.APISummary, []string{"added: everything"}) {
		t.Fatalf("check of an empty folder: %v", err)
	}
	if _, err := generator.Run(cfg, generator.RunOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := generator.Run(cfg, opts); err != nil || calls != 1 {
		t.Errorf("fresh check: %v, APISummary called %d times", err, calls)
	}
}
