package emit

import (
	"maps"
	"slices"
	"testing"

	"github.com/oasgen/oasgen/templates"
)

// Every support file has a row in supportFiles, and every row a file: a
// new support file is copied only where someone decided it belongs.
func TestSupportTable(t *testing.T) {
	src, err := templates.Support()
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range src {
		names = append(names, f.Name)
	}
	if rows := slices.Sorted(maps.Keys(supportFiles)); !slices.Equal(rows, names) {
		t.Errorf("supportFiles rows %v\ntemplates/support files %v", rows, names)
	}
}
