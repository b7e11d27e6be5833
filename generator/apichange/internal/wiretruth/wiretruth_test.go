package wiretruth

import (
	"flag"
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/oasgen/oasgen/internal/testkit"
)

var (
	only    = flag.String("pairs", "", "drive only the pairs whose name matches this regular expression")
	verbose = flag.Bool("show", false, "log every observation")
)

var root = filepath.Join("..", "..", "..", "..")

// TestWireTruth drives every fixture pair under specs/fixtures/apichange,
// our own Batch 2020-09-01.12.0 → 2025-06-01.21.0 and, with the corpus,
// the upstream Batch 2018-08-01.7.0 → 2019-08-01.10.0, and holds each
// report to what the calls did: no control fails (a version against
// itself: the values are valid), every failure is covered by a wire
// change the report names, and every wire break it claims is shown by a
// failure or is of a class no call can show (Unprovable).
func TestWireTruth(t *testing.T) {
	if testing.Short() {
		t.Skip("builds every pair's packages with the go command")
	}
	var pairs []Pair
	for _, p := range testkit.FixturePairs(t, filepath.Join(root, "specs", "fixtures", "apichange")) {
		pairs = append(pairs, Pair{p.Name, p.Old, p.New})
	}
	batch := filepath.Join(root, "specs", "batch")
	pairs = append(pairs, Pair{"batch-2020-2025", filepath.Join(batch, "2020-09-01.12.0", "BatchService.json"), filepath.Join(batch, "2025-06-01.21.0", "BatchService.json")})
	if p, ok := corpusPair(t); ok {
		pairs = append(pairs, p)
	}
	if *only != "" {
		re := regexp.MustCompile(*only)
		pairs = slices.DeleteFunc(pairs, func(p Pair) bool { return !re.MatchString(p.Name) })
	}
	total := map[string]int{}
	for _, r := range Run(t, pairs) {
		t.Run(r.Pair.Name, func(t *testing.T) {
			if r.Err != nil {
				t.Fatal(r.Err)
			}
			check(t, r, total)
		})
	}
	t.Logf("all pairs: %d operations driven, %d calls, %d observations, %d claims proven, %d unprovable, %d unproven",
		total["ops"], total["calls"], total["observations"], total["proven"], total["unprovable"], total["unproven"])
}

func corpusPair(t *testing.T) (Pair, bool) {
	var p Pair
	ok := t.Run("corpus", func(t *testing.T) {
		p = Pair{"batch-2018-2019", testkit.CorpusFile(t, "api/windows.net/batch-BatchService.json"), testkit.CorpusFile(t, "api/azure.com/batch-BatchService.json")}
	})
	return p, ok && p.Old != ""
}

// check asserts a driven pair's coverage and logs its figures.
func check(t *testing.T, r *Result, total map[string]int) {
	d, cv := r.Driven, r.Cover
	if d == nil {
		t.Fatal("the driver returned nothing for the pair")
	}
	for _, o := range d.Controls {
		t.Errorf("control failed (the harness made a value its own version refuses): %s", obsText(o))
	}
	for _, o := range cv.Unexplained {
		t.Errorf("not covered by the report: %s", obsText(o))
	}
	proven, unproven := cv.Proven()
	for _, c := range cv.Claims {
		if c.Proof == nil && c.Class == "" {
			t.Errorf("wire claim not shown by any call: %s", c)
		}
	}
	if *verbose {
		for _, o := range d.Observations {
			t.Logf("observed: %s", obsText(o))
		}
		for _, c := range cv.Claims {
			switch {
			case c.Proof != nil:
				t.Logf("proven: %s by %s", c, obsText(*c.Proof))
			default:
				t.Logf("unproven (%s): %s", c.Class, c)
			}
		}
	}
	var classes []string
	n := 0
	for k, v := range unproven {
		if k != "" {
			classes = append(classes, fmt.Sprintf("%s %d", k, v))
			n += v
		}
	}
	slices.Sort(classes)
	t.Logf("%d operations × %d rounds, %d calls; %d observations (covered by pointer %d, value type %d, type %d, parameter %d, operation %d); claims: %d proven, %d unprovable (%s), %d unproven",
		d.Ops, d.Rounds, d.Calls, cv.Observations, cv.Covered["pointer"], cv.Covered["value type"], cv.Covered["type"], cv.Covered["parameter"], cv.Covered["operation"], proven, n, strings.Join(classes, ", "), unproven[""])
	total["ops"] += d.Ops
	total["calls"] += d.Calls
	total["observations"] += cv.Observations
	total["proven"] += proven
	total["unprovable"] += n
	total["unproven"] += unproven[""]
}

func obsText(o interface{ String() string }) string { return o.String() }
