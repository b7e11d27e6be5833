package apichange_test

import (
	"bytes"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/oasgen/oasgen/generator"
	"github.com/oasgen/oasgen/generator/apichange"
	"github.com/oasgen/oasgen/generator/emit"
	"github.com/oasgen/oasgen/internal/testkit"
)

// The cases of issue 20's "What was measured", one fixture pair each
// under specs/fixtures/apichange, and the verdict each must get.

func compareFixture(t *testing.T, name, ext string) *apichange.Report {
	t.Helper()
	dir := filepath.Join(fixtureDir, name)
	return compare(t, filepath.Join(dir, "old."+ext), filepath.Join(dir, "new."+ext))
}

// entry is the one change of subject whose What holds want.
func entry(t *testing.T, rep *apichange.Report, subject, want string) apichange.Change {
	t.Helper()
	var found []apichange.Change
	for _, c := range rep.Changes {
		if c.Subject == subject && strings.Contains(c.What, want) {
			found = append(found, c)
		}
	}
	if len(found) != 1 {
		var b bytes.Buffer
		rep.WriteText(&b)
		t.Fatalf("%d changes of %s say %q, want 1; report:\n%s", len(found), subject, want, b.String())
	}
	return found[0]
}

func noEntry(t *testing.T, rep *apichange.Report, want string) {
	t.Helper()
	for _, c := range rep.Changes {
		if strings.Contains(c.What, want) {
			t.Errorf("unexpected change: %s: %s", c.Subject, c.What)
		}
	}
}

func wantEffect(t *testing.T, c apichange.Change, v apichange.Verdict, req, resp apichange.Wire) {
	t.Helper()
	if c.Verdict != v || c.Request != req || c.Response != resp {
		t.Errorf("%s: %s: verdict %q, requests %q, responses %q; want %q, %q, %q", c.Subject, c.What, c.Verdict, c.Request, c.Response, v, req, resp)
	}
}

// wantChange is a change a report must hold, with its verdict and wire
// effects.
type wantChange struct {
	subject, what string
	v             apichange.Verdict
	req, resp     apichange.Wire
}

func wantChanges(t *testing.T, rep *apichange.Report, want []wantChange) {
	t.Helper()
	for _, c := range want {
		wantEffect(t, entry(t, rep, c.subject, c.what), c.v, c.req, c.resp)
	}
}

// Item 1: an int64 property carried as a JSON string in the new version
// keeps its Go type (the field gets ,string): no Go change, a wire
// break both ways.
func TestMeasuredInt64AsString(t *testing.T) {
	rep := compareFixture(t, "int64string", "yaml")
	c := entry(t, rep, "FileProperties", "field contentLength: on the wire integer (int64) → integer (int64) as a JSON string")
	wantEffect(t, c, apichange.BreaksWire, "", apichange.WireEncoding)
	if rep.GoAPI != (apichange.GoCounts{}) {
		t.Errorf("Go API changes %+v, want none: the Go type is int64 in both", rep.GoAPI)
	}
	if got := rep.WireChanges("Files.GetProperties", apichange.Response, apichange.OldClientNewServer); len(got) != 1 {
		t.Errorf("WireChanges(Files.GetProperties, responses) = %d changes, want the contentLength one", len(got))
	}
}

// Item 2: a Swagger body parameter renamed body → certificate is the same
// body: matched by position, nothing changes on the wire, and only the
// optional body's Options field (named after the parameter) changes in
// Go.
func TestMeasuredBodyRename(t *testing.T) {
	rep := compareFixture(t, "bodyrename", "json")
	noEntry(t, rep, "request body removed")
	noEntry(t, rep, "request body added")
	for _, c := range rep.Changes {
		if c.Request != "" || c.Response != "" {
			t.Errorf("wire change: %s: %s", c.Subject, c.What)
		}
		if c.Subject == "Certificate.Add" {
			t.Errorf("the required body's rename reaches neither the wire nor the Go API: %s", c.What)
		}
	}
	c := entry(t, rep, "Certificate.Update", "request body: field CertificateUpdateOptions.Body renamed CertificateUpdateOptions.Certificate")
	wantEffect(t, c, apichange.BreaksCompilation, "", "")
}

// Item 3: the same tightening breaks old clients in a schema that travels
// in requests and nothing in one that travels only in responses (the
// generated client does not validate responses: the wire-truth harness
// sees no call fail); the same loosening may break old readers in
// responses only.
func TestMeasuredDirection(t *testing.T) {
	rep := compareFixture(t, "direction", "yaml")
	wantChanges(t, rep, []wantChange{
		{"JobSpec", "field owner now required", apichange.BreaksWire, apichange.WireBreaks, ""},
		{"Job", "field owner now required", apichange.Compatible, "", apichange.WireNeedsNewServer},
		{"JobSpec", "field name: validation tightened (pattern", apichange.BreaksWire, apichange.WireBreaks, ""},
		{"Job", "field name: validation tightened (pattern", apichange.Compatible, "", ""},
		{"JobSpec", "field priority: validation tightened (maximum 100 → 10)", apichange.BreaksWire, apichange.WireBreaks, ""},
		{"Job", "field priority: validation tightened (maximum 100 → 10)", apichange.Compatible, "", ""},
		{"JobSpec", "field id now optional", apichange.Compatible, apichange.WireNeedsNewServer, ""},
		{"Job", "field id now optional", apichange.MayBreak, "", apichange.WireMayBreakReaders},
		{"SpecState", `enum values "failed" added`, apichange.Compatible, apichange.WireNeedsNewServer, ""},
		{"JobState", `enum values "failed" added`, apichange.MayBreak, "", apichange.WireMayBreakReaders},
		{"Note", "field text: validation tightened (maxLength 100 → 50)", apichange.BreaksWire, apichange.WireBreaks, ""},
	})
	if got := rep.WireChanges("Jobs.Get", apichange.Request, apichange.OldClientNewServer); len(got) != 0 {
		t.Errorf("Jobs.Get's requests carry no changed type, yet: %v", got)
	}
	if got := rep.TypeWireChanges("JobSpec", apichange.Request, apichange.OldClientNewServer); len(got) != 3 {
		t.Errorf("JobSpec: %d request breaks, want 3 (owner, name, priority)", len(got))
	}
}

// Item 4: the report's Go types are the generated code's (Nullable[T]),
// a query array's style is compared, and -check's count (CompareFiles
// over the whole generated packages) is the report's (over emit.GoAPI's
// files).
func TestMeasuredGoView(t *testing.T) {
	rep := compareFixture(t, "goview", "yaml")
	wantEffect(t, entry(t, rep, "Thing", "field label retyped string → Nullable[string]"), apichange.BreaksCompilation, "", "")
	wantEffect(t, entry(t, rep, "Thing", "field note retyped *string → Nullable[string]"), apichange.BreaksCompilation, "", "")
	wantEffect(t, entry(t, rep, "Things.List", "parameter tags (query): encoding changed: style form → pipeDelimited, explode true → false"),
		apichange.BreaksWire, apichange.WireEncoding, "")
}

// -check and diff give the same Go verdicts and counts on every fixture
// pair.
func TestGoViewAgrees(t *testing.T) {
	for _, p := range testkit.FixturePairs(t, fixtureDir) {
		t.Run(p.Name, func(t *testing.T) { sameGoCounts(t, p.Old, p.New) })
	}
}

// sameGoCounts checks that the report built as diff builds it (models
// and emit.GoAPI) counts the Go changes CompareFiles finds in the whole
// generated packages, as -check does.
func sameGoCounts(t *testing.T, oldSpec, newSpec string) {
	t.Helper()
	o, n := generate(t, oldSpec), generate(t, newSpec)
	files, err := apichange.CompareFiles(o.Files, n.Files)
	if err != nil {
		t.Fatal(err)
	}
	api := func(out *generator.Output) apichange.Input {
		fs, err := emit.GoAPI(out.API, emit.Parts{Models: true, Client: true, Server: true})
		if err != nil {
			t.Fatal(err)
		}
		return apichange.Input{API: out.API, Files: fs}
	}
	rep, err := apichange.Compare(api(o), api(n), apichange.AllParts)
	if err != nil {
		t.Fatal(err)
	}
	if got := (apichange.GoCounts{Breaking: len(files.Breaking), Compatible: len(files.Compatible)}); got != rep.GoAPI {
		t.Errorf("%s: -check counts %+v, diff %+v", oldSpec, got, rep.GoAPI)
	}
	var inEntries []string
	for _, c := range rep.Changes {
		for _, g := range c.GoAPI {
			inEntries = append(inEntries, g.Message())
		}
	}
	slices.Sort(inEntries)
	if all := slices.Sorted(slices.Values(slices.Concat(files.Breaking, files.Compatible))); !slices.Equal(all, inEntries) {
		t.Errorf("%s: the report's entries hold the Go changes\n%s\n-check finds\n%s", oldSpec, strings.Join(inEntries, "\n"), strings.Join(all, "\n"))
	}
}

// Item 5: renamed types and operation groups are paired, and what a
// renamed type lost is listed under it.
func TestMeasuredTypeRenames(t *testing.T) {
	rep := compareFixture(t, "typerename", "json")
	for _, r := range [][2]string{{"CloudPool", "BatchPool"}, {"PoolState", "BatchPoolState"}, {"PoolStatistics", "BatchPoolStatistics"},
		{"CloudPoolListResult", "BatchPoolListResult"}, {"PoolAddParameter", "BatchPoolCreateOptions"}} {
		c := entry(t, rep, r[1], "type renamed "+r[0]+" → "+r[1])
		if c.From != r[0] || c.Verdict != apichange.BreaksCompilation {
			t.Errorf("%s: from %q, verdict %q", c.What, c.From, c.Verdict)
		}
	}
	noEntry(t, rep, "struct removed")
	noEntry(t, rep, "struct added")
	wantEffect(t, entry(t, rep, "BatchPool", "field maxTasksPerNode (MaxTasksPerNode) removed"), apichange.MayBreak, "", apichange.WireMayBreakReaders)
	wantEffect(t, entry(t, rep, "BatchPool", "field applicationLicenses (ApplicationLicenses) removed"), apichange.MayBreak, "", apichange.WireMayBreakReaders)
	wantEffect(t, entry(t, rep, "BatchPoolCreateOptions", "field maxTasksPerNode (MaxTasksPerNode) removed"), apichange.MayBreak, apichange.WireBehaviour, "")
	entry(t, rep, "Pools", "operation group renamed Pool → Pools")
	noEntry(t, rep, "operation group removed")
	if got := rep.TypeWireChanges("CloudPool", apichange.Response, apichange.OldClientNewServer); len(got) != 2 {
		t.Errorf("TypeWireChanges by the old name: %d changes, want the 2 fields removed", len(got))
	}
	// In the text report the rename comes first, the fields under it.
	var b bytes.Buffer
	if err := rep.WriteText(&b); err != nil {
		t.Fatal(err)
	}
	text := b.String()
	r, f := strings.Index(text, "type renamed CloudPool → BatchPool"), strings.Index(text, "BatchPool: field maxTasksPerNode")
	if r < 0 || f < r || strings.Contains(text[r:f], "BatchPoolCreateOptions:") {
		t.Errorf("the removed field is not listed under the rename:\n%s", text)
	}
}

// Item 6: generated API that comes from no schema is compared.
func TestMeasuredExampleServers(t *testing.T) {
	rep := compareFixture(t, "examples", "yaml")
	c := entry(t, rep, "ExampleServers", "ExampleServers removed")
	wantEffect(t, c, apichange.BreaksCompilation, "", "")
	if len(c.GoAPI) != 1 || c.GoAPI[0].Message() != "ExampleServers: removed" {
		t.Errorf("Go changes %+v, want ExampleServers: removed", c.GoAPI)
	}
}

// Item 7: the same change in many operations is one line; the Markdown
// report keeps within its budget, breaking changes first, the rest
// counted, and no line is longer than 300 bytes.
func TestMeasuredPRSize(t *testing.T) {
	rep := compareFixture(t, "prsize", "yaml")
	var b bytes.Buffer
	if err := rep.WriteMarkdown(&b); err != nil {
		t.Fatal(err)
	}
	md := b.String()
	if n := strings.Count(md, "parameter client-request-id (header) retyped \\*UUID → \\*string"); n != 1 {
		t.Errorf("the header change is on %d lines, want 1:\n%s", n, md)
	}
	if !strings.Contains(md, "**12 operations**") {
		t.Errorf("no line counts the 12 operations:\n%s", md)
	}
	for _, budget := range []int{2000, 5000, -1} {
		b.Reset()
		if err := rep.WriteMarkdownOptions(&b, apichange.MarkdownOptions{Budget: budget, Full: "the job's artifact"}); err != nil {
			t.Fatal(err)
		}
		md := b.String()
		if budget > 0 && len(md) > budget {
			t.Errorf("budget %d: %d bytes", budget, len(md))
		}
		for _, l := range strings.Split(md, "\n") {
			if len(l) > 300 {
				t.Errorf("budget %d: a line of %d bytes: %s", budget, len(l), l)
			}
		}
		cut := strings.Contains(md, "Not shown, to fit")
		if cut != (budget == 2000) {
			t.Errorf("budget %d: cut %v:\n%s", budget, cut, md)
		}
		if cut && (!strings.Contains(md, "the job's artifact") || !strings.Contains(md, "Cars.Get")) {
			t.Errorf("budget %d: the breaking changes or the pointer to the full report are missing:\n%s", budget, md)
		}
	}
}

// The keywords no Go type carries: security, defaults, read-only and
// write-only, x-extensible-enum, contentEncoding, a text body's
// constraints. The generated code checks none of the last three (an
// x-extensible-enum is open, a contentEncoding string and a text body
// travel as they are): calls succeed and mean something else, which the
// wire-truth harness confirms.
func TestCoverage(t *testing.T) {
	rep := compareFixture(t, "coverage", "yaml")
	wantChanges(t, rep, []wantChange{
		{"Notes.List", "security none → oauth [notes.read]", apichange.BreaksWire, apichange.WireBreaks, ""},
		{"Notes.Delete", "security oauth [notes.write] → oauth [notes.read notes.write]", apichange.BreaksWire, apichange.WireBreaks, ""},
		{"Notes.List", "parameter top (query): default 30 → 50", apichange.MayBreak, apichange.WireBehaviour, ""},
		{"Notes.PutText", "request body: validation tightened (maxLength 1000 → 500)", apichange.MayBreak, apichange.WireBehaviour, ""},
		{"Note", `field color: default "yellow" → "white"`, apichange.MayBreak, apichange.WireBehaviour, apichange.WireBehaviour},
		{"Note", `field kind: x-extensible-enum values "idea" removed`, apichange.MayBreak, apichange.WireBehaviour, ""},
		{"Note", "field attachment: content encoding base64", apichange.MayBreak, apichange.WireBehaviour, apichange.WireBehaviour},
		{"Note", "field revision now read-only", apichange.MayBreak, apichange.WireBehaviour, ""},
		{"Note", "field secret now write-only", apichange.MayBreak, "", apichange.WireMayBreakReaders},
	})
}

// The real bumps: -check and diff agree on Batch 2018 → 2019 and 2019 →
// 2025 (corpus cache; skipped without it unless OASGEN_REQUIRE_CORPUS=1)
// and on our own 2020 → 2025; each Markdown report fits a pull-request
// comment with lines under 300 bytes.
func TestBumps(t *testing.T) {
	ours := func(v string) string { return filepath.Join("..", "..", "specs", "batch", v, "BatchService.json") }
	for _, p := range []struct {
		name     string
		old, new func(t *testing.T) string
	}{
		{"2020-2025", func(*testing.T) string { return ours("2020-09-01.12.0") }, func(*testing.T) string { return ours("2025-06-01.21.0") }},
		{"2018-2019", func(t *testing.T) string { return testkit.CorpusFile(t, "api/windows.net/batch-BatchService.json") },
			func(t *testing.T) string { return testkit.CorpusFile(t, "api/azure.com/batch-BatchService.json") }},
		{"2019-2025", func(t *testing.T) string { return testkit.CorpusFile(t, "api/azure.com/batch-BatchService.json") },
			func(*testing.T) string { return ours("2025-06-01.21.0") }},
	} {
		t.Run(p.name, func(t *testing.T) {
			old, new := p.old(t), p.new(t)
			sameGoCounts(t, old, new)
			var b bytes.Buffer
			if err := compare(t, old, new).WriteMarkdown(&b); err != nil {
				t.Fatal(err)
			}
			if b.Len() > apichange.DefaultBudget {
				t.Errorf("Markdown report of %d bytes", b.Len())
			}
			for _, l := range strings.Split(b.String(), "\n") {
				if len(l) > 300 {
					t.Errorf("a line of %d bytes: %s", len(l), l)
				}
			}
		})
	}
}
