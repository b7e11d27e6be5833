package crosscheck_test

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/oasdiff/oasdiff/checker"
	"github.com/oasdiff/oasdiff/diff"
	"github.com/oasdiff/oasdiff/load"

	"github.com/oasgen/oasgen/generator/apichange"
	"github.com/oasgen/oasgen/generator/apichange/internal/wiretruth"
	"github.com/oasgen/oasgen/generator/apichange/internal/wiretruth/drive"
	"github.com/oasgen/oasgen/internal/testkit"
)

var dump = flag.Bool("dump", false, "print every oasdiff pair's verdicts")

// oasdiffPair is a definition pair with what oasdiff's checker says of it.
type oasdiffPair struct {
	wiretruth.Pair
	ids    []string // oasdiff's change ids, "LEVEL id"
	err    bool     // some change is an ERR
	onlyIn string   // "response" when every change is a response-* one
}

// oasdiffPairs are the definition pairs of oasdiff's own checker tests
// (its module's data/checker, read from the module cache), then our
// OpenAPI 3 fixture pairs. oasdiff's are X_base.yaml
// with X_revision.yaml, X_base_S.yaml with X_revision_S.yaml, and else
// X_base.yaml with each X_*.yaml that is not a base (X_revision2.yaml,
// X_name_modified.yaml). Files of no base are not paired.
func oasdiffPairs(t *testing.T) []oasdiffPair {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/oasdiff/oasdiff").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	dir := filepath.Join(strings.TrimSpace(string(out)), "data", "checker")
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".yaml") {
			names = append(names, strings.TrimSuffix(e.Name(), ".yaml"))
		}
	}
	has := func(n string) bool { _, ok := slices.BinarySearch(names, n); return ok }
	var pairs []oasdiffPair
	add := func(name, base, rev string) {
		pairs = append(pairs, oasdiffPair{Pair: wiretruth.Pair{Name: name, Old: filepath.Join(dir, base+".yaml"), New: filepath.Join(dir, rev+".yaml")}})
	}
	for _, n := range names {
		i := strings.LastIndex(n, "_base")
		if i < 0 || strings.Contains(n[i+5:], "_base") {
			continue
		}
		prefix, suffix := n[:i], n[i+5:]
		if rev := prefix + "_revision" + suffix; has(rev) {
			add(prefix+suffix, n, rev)
			continue
		}
		for _, m := range names {
			if m != n && strings.HasPrefix(m, prefix+"_") && !strings.Contains(m[len(prefix):], "_base") {
				add(m, n, m)
			}
		}
	}
	// and ours: oasdiff reads OpenAPI 3 only, so the Swagger 2.0 pairs
	// (bodyrename, typerename, unions) are left out
	for _, fp := range testkit.FixturePairs(t, filepath.Join("..", "..", "..", "specs", "fixtures", "apichange")) {
		if strings.HasSuffix(fp.Old, ".yaml") {
			pairs = append(pairs, oasdiffPair{Pair: wiretruth.Pair{Name: "oasgen/" + fp.Name, Old: fp.Old, New: fp.New}})
		}
	}
	seen := map[string]bool{}
	pairs = slices.DeleteFunc(pairs, func(p oasdiffPair) bool {
		dup := seen[p.Name]
		seen[p.Name] = true
		return dup
	})
	for i := range pairs {
		p := &pairs[i]
		p.ids, p.err, p.onlyIn = runOasdiff(t, p.Old, p.New)
	}
	return pairs
}

// runOasdiff runs oasdiff's checker with all its checks on a pair.
func runOasdiff(t *testing.T, old, new string) (ids []string, isErr bool, onlyIn string) {
	open := func(f string) *load.SpecInfo {
		loader := openapi3.NewLoader()
		loader.IsExternalRefsAllowed = true
		s, err := load.NewSpecInfo(loader, load.NewSource(f))
		if err != nil {
			t.Fatalf("oasdiff cannot load %s: %v", f, err)
		}
		return s
	}
	d, osm, err := diff.GetWithOperationsSourcesMap(diff.NewConfig(), open(old), open(new))
	if err != nil {
		t.Fatalf("oasdiff: %v", err)
	}
	onlyIn = "response"
	for _, c := range checker.CheckBackwardCompatibilityUntilLevel(checker.NewConfig(checker.GetAllChecks()), d, osm, checker.INFO) {
		ids = append(ids, c.GetLevel().String()+" "+c.GetId())
		if c.GetLevel() == checker.ERR {
			isErr = true
		}
		if !strings.HasPrefix(c.GetId(), "response-") {
			onlyIn = ""
		}
	}
	if len(ids) == 0 {
		onlyIn = ""
	}
	sort.Strings(ids)
	return slices.Compact(ids), isErr, onlyIn
}

// goBreak says whether a driven pair breaks a Go user of the generated
// client or server, and why: its Go API breaks (the Go view, which
// TestFixturePairs holds to apidiff), or an old client against the new
// server failed or was read differently (the wire-truth harness). A new
// client against an old server is not counted: servers are upgraded
// first.
func goBreak(r *wiretruth.Result) (bool, string) {
	if r.Report.GoAPI.Breaking > 0 {
		return true, "Go API"
	}
	for _, o := range r.Driven.Observations {
		if o.Pairing == drive.OldNew && !o.Unknown && !controlFailed(r, o) {
			return true, "wire: " + o.String()
		}
	}
	return false, ""
}

// controlFailed reports whether a call of o's operation and round failed
// between a client and a server of one version: the harness made a value
// that version refuses, so a failure across versions there shows nothing.
func controlFailed(r *wiretruth.Result, o drive.Observation) bool {
	for _, c := range r.Driven.Controls {
		if c.Op == o.Op && c.Round == o.Round {
			return true
		}
	}
	return false
}

// judged are the pairs whose effect on a Go user no call between the
// generated client and server can show, judged by hand: the service (not
// the generated server) checks the credential, or the generated code
// hands the value to the implementation's code unchecked.
var judged = map[string]struct {
	breaks bool
	why    string
}{
	"api_security_added":                      {true, "security added to an operation that had none: the service answers 401 to old callers without the credential (the generated server leaves authentication to the implementation's middleware)"},
	"api_security_global_added":               {true, "security added to every operation, as above"},
	"content_schema":                          {true, "contentEncoding/contentMediaType of a property changed: the generated code carries the string as it is, and the caller's code must now encode it another way"},
	"content_schema_prop":                     {true, "as content_schema, on a nested property"},
	"content_schema_body":                     {true, "as content_schema, on a request body that is a string"},
	"request_body_max_length_set":             {true, "a text/plain body's maxLength set: the generated server hands the stream to the implementation, which holds its definition's constraint"},
	"request_body_max_set":                    {true, "a text/plain body's maximum set, as above"},
	"request_property_extensible_enum":        {true, "an x-extensible-enum value removed: the generated server accepts any value, and the implementation no longer handles that one"},
	"request_property_extensible_enum_number": {true, "as request_property_extensible_enum"},
	"request_property_discriminator_added":    {true, "a discriminator added to a request schema: the Go type becomes a union interface, so callers no longer compile (the harness cannot fill this fixture's kinds, whose discriminator property only the mapping names: its controls fail)"},
	"response_property_discriminator_added":   {true, "as request_property_discriminator_added, on a response schema"},
	// The harness fills a value from its Go type; where the schema holds
	// more than the type (a raw JSON property under oneOf/anyOf, contains,
	// if/then, prefixItems, a schema that is false) its values can be
	// refused by their own version (the controls fail), and these pairs
	// are judged from the definitions instead.
	"contains_added":                          {true, "contains added to a request array: old clients' arrays without a matching item are refused"},
	"contains_min_max":                        {true, "minContains raised: old clients' arrays with one matching item are refused"},
	"if_added_prop":                           {true, "if/then/else added to a request property: old clients' values that match if but not then are refused"},
	"items_became_false":                      {true, "the items of a request array became false: old clients' non-empty arrays are refused"},
	"prefix_items_reordered":                  {true, "prefixItems swapped (string, integer → integer, string): old clients' tuples are refused"},
	"request_property_any_of_ref_inline_enum": {false, "an inline enum moved to a component with the same values: the same requests are valid"},
	"request_property_one_of_added":           {true, "a oneOf alternative added that accepts what another one does: values that matched exactly one now match two and are refused"},
	"request_property_one_of_removed":         {true, "a oneOf alternative removed: old clients' values of that kind are refused"},
	"sub_schema_added_property":               {true, "a required property added inside an untyped subschema: old clients' values without it are refused"},
	"sub_schema_traversal":                    {true, "const, minimum and minLength tightened inside untyped subschemas: old clients' values are refused"},
	// The server checks these keywords, and the harness's values happen to
	// satisfy them (one to three items, a property it never sends); a Go
	// caller's value that does not is refused.
	"contains_property":                   {true, "contains with minContains 1, maxContains 3 set on a request array: an empty array or one of four strings is refused"},
	"contains_property_min_max":           {true, "minContains raised on a request array: arrays with fewer matching items are refused"},
	"dependent_required":                  {true, "dependentRequired name → email added: a body with name and no email (both are struct fields) is refused"},
	"dependent_required_property":         {true, "as dependent_required, on a nested struct"},
	"dependent_required_property_changed": {true, "dependentRequired street → city, zip: an address with street and city but no zip is refused"},
	"dependent_schemas_prop":              {true, "dependentSchemas added on a property the Go code holds as map[string]any: a member email that is not a string, sent with name, is refused"},
	"not":                                 {true, "the not schema of a body held as map[string]any changed: a body with added_prop and modified_prop, valid before, is refused"},
	"pattern_properties_prop":             {true, "patternProperties ^x- added on a property held as map[string]any: a member x-… that is not a string is refused"},
	"property_names_prop":                 {true, "propertyNames ^[a-z] added on a property held as map[string]any: a member named with a capital is refused"},
	"request_parameter_array_max_items":   {true, "maxItems decreased on a query array: old clients' longer lists are refused"},
}

// oasdiffWrong are oasdiff's ERR rules whose verdict is not right for a
// Go user of the generated client or server, and why. A pair that oasdiff
// calls ERR and that breaks no Go user must have each of its ERR rules
// here.
var oasdiffWrong = func() map[string]string {
	m := map[string]string{}
	set := func(why string, ids ...string) {
		for _, id := range ids {
			m[id] = why
		}
	}
	set("the fixture's parameter is a path parameter that its path template does not hold: oasgen leaves it out (with a warning), so no Go user has it",
		"request-parameter-x-extensible-enum-value-removed", "request-parameter-min-increased", "request-parameter-became-enum", "request-parameter-type-changed")
	set("the keyword constrains only members the generated Go struct never sends (its properties are fixed and match): no Go user breaks; the report still names the server's tightening, which breaks clients that send other members",
		"request-body-pattern-property-added", "request-body-property-names-added", "request-body-dependent-schema-added",
		"request-body-unevaluated-items-added", "request-body-unevaluated-properties-added", "request-property-unevaluated-items-added", "request-property-unevaluated-properties-added")
	set("if/then/else added whose branches the Go struct's typed name always satisfies (then requires name when it is \"special\", else it must be a string): no Go user breaks",
		"request-body-if-added", "request-body-then-added", "request-body-else-added")
	set("the alternative removed (Cat) and the one added (Rabbit) are the same schema as each other and as Dog: the same values are valid",
		"request-body-any-of-removed")
	set("the allOf part added holds optional properties only: every value valid before still is, and the generated types keep every old field",
		"request-body-all-of-added", "request-property-all-of-added")
	set("responses may now carry values the old definition ruled out: the generated client decodes them (no call fails); our report calls it may break old readers, or, for a body that became nullable or a new oneOf/anyOf alternative of an untyped property, says nothing (an open item)",
		"response-body-min-decreased", "response-body-exclusive-min-decreased", "response-property-min-decreased", "response-property-exclusive-min-decreased",
		"response-body-became-nullable", "response-body-any-of-added", "response-property-any-of-added", "response-body-one-of-added", "response-property-one-of-added")
	return m
}()

// TestOasdiffPairs holds the report to oasdiff's checker on the
// definition pairs of oasdiff's own tests. For each pair that generates,
// whether it breaks a Go user comes from the Go view (cross-checked with
// apidiff) and the wire-truth harness (an old client against the new
// server failed or read differently), or from judged where no call can
// show it. Then: at least 95% of the pairs that break a Go user are
// reported breaking; no pair of response-only changes gets a request
// break; and where oasdiff's ERR verdict is right for Go users the report
// agrees (oasdiffWrong lists where it is not).
func TestOasdiffPairs(t *testing.T) {
	if testing.Short() {
		t.Skip("builds every pair's packages with the go command")
	}
	pairs := oasdiffPairs(t)
	var wps []wiretruth.Pair
	for _, p := range pairs {
		wps = append(wps, p.Pair)
	}
	results := wiretruth.Run(t, wps)
	var breaking, reported, nogen, judgedN, calls, unexplained, unproven int
	var misses []string
	for i, r := range results {
		p := pairs[i]
		if r.Err != nil {
			nogen++
			continue
		}
		calls += r.Driven.Calls
		unexplained += len(r.Cover.Unexplained)
		_, up := r.Cover.Proven()
		unproven += up[""]
		brk, why := goBreak(r)
		if j, ok := judged[p.Name]; ok {
			brk, why = j.breaks, "judged: "+j.why
			judgedN++
		} else if len(r.Driven.Controls) > 0 && r.Report.GoAPI.Breaking == 0 {
			// The Go view decides a pair whose callers stop compiling;
			// otherwise the calls must, and they could not.
			t.Errorf("%s: the harness's controls failed (%s): judge the pair by hand", p.Name, r.Driven.Controls[0])
		}
		n := r.Report.Counts()
		repBreaking := r.Report.Breaking()
		if *dump {
			fmt.Printf("%-55s oasdiff-err=%-5v gobreak=%-5v report=%d/%d/%d/%d | %s | %s\n", p.Name, p.err, brk, n.Compile, n.Wire, n.MayBreak, n.Compatible, strings.Join(p.ids, ", "), firstLine(why))
		}
		if brk {
			breaking++
			if repBreaking {
				reported++
			} else {
				misses = append(misses, p.Name+" ("+firstLine(why)+")")
			}
		}
		if p.onlyIn == "response" {
			for _, c := range r.Report.Changes {
				if c.Request == apichange.WireBreaks || c.Request == apichange.WireEncoding {
					t.Errorf("%s: only response changes, yet the report calls a request break: %s: %s", p.Name, c.Subject, c.What)
				}
			}
		}
		switch {
		case p.err && !brk:
			for _, id := range p.ids {
				if rule, ok := strings.CutPrefix(id, "error "); ok && oasdiffWrong[rule] == "" {
					t.Errorf("%s: oasdiff's ERR %s breaks no Go user here: say why in oasdiffWrong, or fix the harness or the report", p.Name, rule)
				}
			}
		case p.err && brk && !repBreaking:
			t.Errorf("%s: oasdiff's ERR is right (%s), the report says nothing breaking", p.Name, firstLine(why))
		case !p.err && !brk && (n.Compile > 0 || n.Wire > 0):
			t.Errorf("%s: neither oasdiff nor the calls find a break, the report calls %d compilation and %d wire breaks", p.Name, n.Compile, n.Wire)
		}
	}
	if breaking == 0 {
		t.Fatal("no pair breaks a Go user: the pairs were not found")
	}
	pct := 100 * float64(reported) / float64(breaking)
	ours := 0
	for _, p := range pairs {
		if strings.HasPrefix(p.Name, "oasgen/") {
			ours++
		}
	}
	t.Logf("pairs: %d of oasdiff v1.37.0's checker tests, %d of ours; %d do not generate, %d judged by hand; %d break a Go user, %d of them reported breaking (%.1f%%)",
		len(pairs)-ours, ours, nogen, judgedN, breaking, reported, pct)
	// Not asserted here (TestWireTruth asserts them on our pairs): what
	// the harness could not tie to the report on oasdiff's pairs.
	t.Logf("harness: %d calls; %d failures not covered by the report, %d wire claims not shown", calls, unexplained, unproven)
	for _, m := range misses {
		t.Logf("breaks a Go user, not reported: %s", m)
	}
	if pct < 95 {
		t.Errorf("%.1f%% of the pairs that break a Go user are reported breaking, want at least 95%%", pct)
	}
}

func hasRule(ids []string, rules map[string]bool) bool {
	for _, id := range ids {
		if rule, ok := strings.CutPrefix(id, "error "); ok && rules[rule] {
			return true
		}
	}
	return false
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	if len(s) > 200 {
		s = s[:200]
	}
	return s
}
