// Package apichange compares two built model.APIs — the old and the new
// version of one definition, generated with the same config — and reports
// what changed for the code that calls or implements the generated
// package: operations, parameters, bodies, headers, statuses, models,
// fields, enum values and discriminator kinds, each with a verdict, the
// JSON pointers of its source in both definitions and the Go identifiers
// involved.
//
// The comparison works on the model, not on generated text: the model
// knows which operation a Go name comes from and what travels on the
// wire. The Go-level verdicts are cross-checked in tests against
// golang.org/x/exp/apidiff run over the two generated packages.
package apichange

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/oasgen/oasgen/generator/model"
)

// Verdict says how a change affects the users of the generated package.
type Verdict string

const (
	// BreaksCompilation: code that calls the package, or a server
	// implementation of its interfaces, may no longer compile.
	BreaksCompilation Verdict = "breaks compilation"
	// BreaksWire: the Go code still compiles, but a client or server
	// generated from the old definition and one from the new may no longer
	// understand each other (a removed enum value an old client still
	// sends, a field that became required, a new success status).
	BreaksWire Verdict = "breaks on the wire"
	// Compatible: nothing that worked stops working.
	Compatible Verdict = "compatible"
)

func (v Verdict) rank() int {
	switch v {
	case BreaksCompilation:
		return 0
	case BreaksWire:
		return 1
	}
	return 2
}

// Breaking reports whether v is one of the breaking verdicts.
func (v Verdict) Breaking() bool { return v != Compatible }

// Change is one entry of the report.
type Change struct {
	// Section is "package", "operations <Group>" or "models".
	Section string `json:"section"`
	// Subject is the operation (Group.Method) or type the change is about.
	Subject string `json:"subject"`
	// What says what changed, e.g. "parameter timeout (query) removed".
	What    string  `json:"what"`
	Verdict Verdict `json:"verdict"`
	// Who is broken: "callers", "implementers", "callers and implementers"
	// or "old clients and servers"; empty when compatible.
	Who string `json:"who,omitempty"`
	// Old and New are JSON pointers into each definition; empty on the
	// side where the subject does not exist.
	Old string `json:"old,omitempty"`
	New string `json:"new,omitempty"`
	// Go lists the Go identifiers involved, written as apidiff writes
	// them: T, T.Field, (*T).Method, Interface.Method.
	Go []string `json:"go,omitempty"`
}

// Report is the comparison of two definitions.
type Report struct {
	OldVersion string   `json:"oldVersion"`
	NewVersion string   `json:"newVersion"`
	Changes    []Change `json:"changes"` // sorted: section, verdict (breaking first), subject, what
}

// Counts returns how many changes break compilation, break the wire and
// are compatible.
func (r *Report) Counts() (compile, wire, compatible int) {
	for _, c := range r.Changes {
		switch c.Verdict {
		case BreaksCompilation:
			compile++
		case BreaksWire:
			wire++
		default:
			compatible++
		}
	}
	return
}

// Breaking reports whether any change breaks compilation or the wire.
func (r *Report) Breaking() bool {
	c, w, _ := r.Counts()
	return c+w > 0
}

// Parts says which parts were generated; identifiers of parts not
// generated are not reported (without a server there is no interface
// to break).
type Parts struct {
	Client, Server bool
}

// AllParts is the default generation: models, client and server.
var AllParts = Parts{Client: true, Server: true}

// Compare reports what changed from old to new. Both must have been built
// with the same config, so that the same schema gets the same Go name.
func Compare(old, new *model.API, parts Parts) *Report {
	c := &comparer{parts: parts, old: index(old), new: index(new)}
	r := &Report{OldVersion: version(old), NewVersion: version(new)}
	c.pkg(old, new)
	c.operations(old, new)
	c.models(old, new)
	slices.SortStableFunc(c.out, func(a, b Change) int {
		return cmp.Or(cmp.Compare(sectionRank(a.Section), sectionRank(b.Section)), cmp.Compare(a.Section, b.Section),
			cmp.Compare(a.Verdict.rank(), b.Verdict.rank()), cmp.Compare(a.Subject, b.Subject), cmp.Compare(a.What, b.What))
	})
	r.Changes = c.out
	if r.Changes == nil {
		r.Changes = []Change{}
	}
	return r
}

func sectionRank(s string) int {
	switch {
	case s == "package":
		return 0
	case strings.HasPrefix(s, "operations"):
		return 1
	}
	return 2
}

func version(api *model.API) string {
	if api.APIVersion != nil {
		return api.APIVersion.Value
	}
	return api.Version
}

// versionPointer is where the api-version comes from when it is
// info.version (else it is a parameter's enum or default, repeated in
// every operation).
func versionPointer(api *model.API) string {
	if api.APIVersion != nil && api.APIVersion.Value == api.Version {
		return "#/info/version"
	}
	return ""
}

type comparer struct {
	parts    Parts
	old, new *apiIndex
	out      []Change
}

func (c *comparer) add(ch Change) {
	if ch.Verdict == "" {
		ch.Verdict = Compatible
	}
	if !ch.Verdict.Breaking() {
		ch.Who = ""
	}
	ch.Go = slices.Compact(slices.Sorted(slices.Values(ch.Go)))
	c.out = append(c.out, ch)
}

// apiIndex holds what the comparison looks up by name.
type apiIndex struct {
	api *model.API
	// embedders lists, per struct type name, the response structs that
	// embed it: their promoted fields change with the type's.
	embedders map[string][]string
}

func index(api *model.API) *apiIndex {
	ix := &apiIndex{api: api, embedders: map[string][]string{}}
	for _, g := range api.AllGroups() {
		for _, op := range g.Operations {
			if r := op.Response; r != nil && r.Embed && r.Body != nil {
				ix.embedders[r.Body.Name] = append(ix.embedders[r.Body.Name], r.Name)
			}
		}
	}
	return ix
}

// pkg compares the package-level declarations.
func (c *comparer) pkg(old, new *model.API) {
	ov, nv := old.APIVersion, new.APIVersion
	switch {
	case ov != nil && nv != nil && (ov.Value != nv.Value || ov.GoName != nv.GoName):
		c.add(Change{Section: "package", Subject: nv.GoName, What: fmt.Sprintf("api-version %q → %q (the server accepts only its own)", ov.Value, nv.Value),
			Verdict: BreaksCompilation, Who: "callers (a constant's value changed)", Old: versionPointer(old), New: versionPointer(new), Go: []string{ov.GoName, nv.GoName}})
	case ov != nil && nv == nil:
		c.add(Change{Section: "package", Subject: ov.GoName, What: "api-version constant removed", Verdict: BreaksCompilation, Who: "callers", Go: []string{ov.GoName}})
	case ov == nil && nv != nil:
		c.add(Change{Section: "package", Subject: nv.GoName, What: fmt.Sprintf("api-version %q added", nv.Value), Go: []string{nv.GoName}})
	}
	switch {
	case old.Endpoint != "" && new.Endpoint == "":
		c.add(Change{Section: "package", Subject: "DefaultEndpoint", What: fmt.Sprintf("default endpoint %s removed", old.Endpoint), Verdict: BreaksCompilation, Who: "callers", Go: []string{"DefaultEndpoint"}})
	case old.Endpoint == "" && new.Endpoint != "":
		c.add(Change{Section: "package", Subject: "DefaultEndpoint", What: fmt.Sprintf("default endpoint %s added", new.Endpoint), Go: []string{"DefaultEndpoint"}})
	case old.Endpoint != new.Endpoint:
		c.add(Change{Section: "package", Subject: "DefaultEndpoint", What: fmt.Sprintf("default endpoint %s → %s", old.Endpoint, new.Endpoint), Verdict: BreaksCompilation, Who: "callers (a constant's value changed)", Go: []string{"DefaultEndpoint"}})
	}
	if c.parts.Client {
		switch {
		case len(old.Scopes) > 0 && len(new.Scopes) == 0:
			c.add(Change{Section: "package", Subject: "OAuth2Scopes", What: "OAuth2 scopes removed", Verdict: BreaksCompilation, Who: "callers", Go: []string{"OAuth2Scopes"}})
		case len(old.Scopes) == 0 && len(new.Scopes) > 0:
			c.add(Change{Section: "package", Subject: "OAuth2Scopes", What: "OAuth2 scopes: " + strings.Join(new.Scopes, ", "), Go: []string{"OAuth2Scopes"}})
		case !slices.Equal(old.Scopes, new.Scopes):
			c.add(Change{Section: "package", Subject: "OAuth2Scopes", What: fmt.Sprintf("OAuth2 scopes %s → %s", strings.Join(old.Scopes, ", "), strings.Join(new.Scopes, ", ")), Verdict: BreaksWire, Who: "callers asking for the old scopes"})
		}
	}
	if old.RequestID != new.RequestID {
		c.add(Change{Section: "package", Subject: "request id", What: fmt.Sprintf("request id header %q → %q", old.RequestID, new.RequestID)})
	}
}
