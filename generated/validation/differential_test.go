package validation_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/oasgen/oasgen/generated/validation"
	"github.com/oasgen/oasgen/generator/load"
	"github.com/oasgen/oasgen/internal/valdiff"
)

// checker compares this package's server (every method unimplemented, so
// a body the server accepts gets 501) with the independent validator,
// on the definition it was generated from.
var checker = sync.OnceValues(func() (*valdiff.Checker, error) {
	doc, _, err := load.Load("../../specs/fixtures/validation/openapi.yaml")
	if err != nil {
		return nil, err
	}
	b, err := json.Marshal(doc.T)
	if err != nil {
		return nil, err
	}
	return valdiff.New(b, validation.NewHandler(validation.Servers{}), 1)
})

// TestDifferential: the server accepts exactly the bodies the
// independent validator accepts, but for the documented deviations.
func TestDifferential(t *testing.T) {
	c, err := checker()
	if err != nil {
		t.Fatal(err)
	}
	rep := c.Run(1, 4, 300)
	t.Logf("%s\nmutations by keyword: %s", rep, rep.Keywords())
	for _, s := range rep.Skipped {
		t.Logf("skipped: %s", s)
	}
	if rep.Operations != 3 || rep.Valid == 0 {
		t.Errorf("compared %d operations (%d valid bodies), want the 3 with JSON bodies", rep.Operations, rep.Valid)
	}
	for i, d := range rep.Disagreements {
		if i == 20 {
			t.Errorf("… and %d more", len(rep.Disagreements)-20)
			break
		}
		t.Errorf("disagreement: %s", d)
	}
}

// FuzzDifferential sends fuzzed bodies (seeded with valid bodies and
// their keyword mutations) to one of the operations.
func FuzzDifferential(f *testing.F) {
	c, err := checker()
	if err != nil {
		f.Fatal(err)
	}
	ops := c.Operations()
	for i, op := range ops {
		for _, b := range c.Bodies(op, uint64(i), 2) {
			f.Add(uint8(i), b)
		}
	}
	f.Fuzz(func(t *testing.T, n uint8, body []byte) {
		op := ops[int(n)%len(ops)]
		if strings.TrimSpace(string(body)) == "" {
			return // no body at all: not a body to compare
		}
		v, ok := c.Judge(op, body)
		if ok && !v.Agree() {
			t.Fatalf("%s: %s", op.ID, v)
		}
	})
}

// TestDifferentialCatches: a server that lets every body through (as
// oasgen's did for minItems before issue 23) disagrees with the oracle,
// and the comparison says so.
func TestDifferentialCatches(t *testing.T) {
	doc, _, err := load.Load("../../specs/fixtures/validation/openapi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(doc.T)
	if err != nil {
		t.Fatal(err)
	}
	lax := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNotImplemented) })
	c, err := valdiff.New(b, lax, 1)
	if err != nil {
		t.Fatal(err)
	}
	if rep := c.Run(1, 2, 0); rep.Bodies-rep.Valid < 100 || len(rep.Disagreements) < (rep.Bodies-rep.Valid)*3/4 {
		t.Errorf("a server that accepts everything: %s", rep)
	}
}
