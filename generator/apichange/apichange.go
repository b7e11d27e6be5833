// Package apichange compares two versions of one definition, generated
// with the same config, and reports what changed for the code that calls
// or implements the generated package and for what travels between old
// and new clients and servers: operations, parameters, bodies, headers,
// statuses, security, models, fields, enum values and union kinds, each
// with its JSON pointers in both definitions.
//
// Two views make the report, each the authority on its own question:
//
//   - The Go view reads the declarations the emitter writes (goview.go):
//     every Go identifier and type the report shows, and every
//     "breaks compilation" verdict, comes from the generated code, so the
//     report cannot describe a type differently from it. -check computes
//     the same view from the files on disk, so both give the same Go
//     verdicts and counts. The verdicts are cross-checked in tests
//     against golang.org/x/exp/apidiff (./crosscheck).
//   - The model knows what travels: which operation a Go name comes
//     from, which way each schema travels (request, response or both,
//     per operation), how values are encoded. Wire verdicts are
//     direction-aware: a constraint tightened in requests breaks old
//     clients, loosened in responses it may break old readers, and an
//     encoding change breaks both ways.
package apichange

import (
	"cmp"
	"slices"
	"strings"
	"sync"

	"github.com/oasgen/oasgen/generator/model"
	"github.com/oasgen/oasgen/generator/write"
)

// Verdict says how a change affects the users of the generated package,
// the worst of its Go and wire effects.
type Verdict string

const (
	// BreaksCompilation: code that calls the package, or a server
	// implementation of its interfaces, may no longer compile (the Go
	// view says so).
	BreaksCompilation Verdict = "breaks compilation"
	// BreaksWire: the Go code still compiles, but an old client and the
	// new server no longer understand each other: its requests are
	// rejected, its responses cannot be decoded, or values are encoded
	// differently.
	BreaksWire Verdict = "breaks on the wire"
	// MayBreak: calls still go through, but old readers may get values
	// they never had to handle, or a call means something else (a default
	// the server applies).
	MayBreak Verdict = "may break"
	// Compatible: nothing that worked stops working when servers are
	// upgraded first.
	Compatible Verdict = "compatible"
)

func (v Verdict) rank() int {
	switch v {
	case BreaksCompilation:
		return 0
	case BreaksWire:
		return 1
	case MayBreak:
		return 2
	}
	return 3
}

// Breaking reports whether v is one of the breaking verdicts.
func (v Verdict) Breaking() bool { return v != Compatible && v != "" }

// Wire is what a change does on the wire, in one direction.
type Wire string

const (
	// WireBreaks: in requests, the new server rejects what old clients
	// may send (a required property added, a bound tightened, security
	// added); in responses, the old generated client cannot decode what
	// the new server may send (a new success status, a union kind
	// without a base).
	WireBreaks Wire = "breaks"
	// WireEncoding: the value is written differently (a number as a
	// string, a date format, a parameter style, a content type, a
	// discriminator, a property's name): old and new fail against each
	// other, both ways.
	WireEncoding Wire = "encoding"
	// WireMayBreakReaders: responses may carry what old readers never
	// had to handle (a new enum value, a property no longer sent or no
	// longer required, a wider range); the change says whether the
	// generated client still decodes it.
	WireMayBreakReaders Wire = "may break old readers"
	// WireBehaviour: calls succeed and mean something else: a default
	// the server applies, a property the server now ignores.
	WireBehaviour Wire = "behaviour"
	// WireNeedsNewServer: only new clients against old servers may fail
	// (a request constraint loosened, a response constraint tightened):
	// compatible when servers are upgraded first.
	WireNeedsNewServer Wire = "needs the new server"
)

func (w Wire) rank() int {
	switch w {
	case WireBreaks, WireEncoding:
		return 0
	case WireMayBreakReaders, WireBehaviour:
		return 1
	case WireNeedsNewServer:
		return 2
	}
	return 3
}

func (w Wire) verdict() Verdict {
	switch w.rank() {
	case 0:
		return BreaksWire
	case 1:
		return MayBreak
	}
	return Compatible
}

// Pairing is a client of one version talking to a server of another.
type Pairing uint8

const (
	OldClientNewServer Pairing = 1 << iota
	NewClientOldServer
)

// Fails says which pairings a wire effect may make fail.
func (w Wire) Fails() Pairing {
	switch w {
	case WireBreaks, WireMayBreakReaders:
		return OldClientNewServer
	case WireEncoding:
		return OldClientNewServer | NewClientOldServer
	case WireNeedsNewServer:
		return NewClientOldServer
	}
	return 0 // behaviour: the calls succeed
}

// Direction is which way a value travels.
type Direction uint8

const (
	Request Direction = 1 << iota
	Response
	Both = Request | Response
)

func (d Direction) String() string {
	switch d {
	case Request:
		return "requests"
	case Response:
		return "responses"
	case Both:
		return "requests and responses"
	}
	return "nowhere"
}

// MarshalText writes a direction as its name.
func (d Direction) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// Use is an operation that carries a changed type, and which way.
type Use struct {
	Op  string    `json:"op"` // Group.Method, as the new definition names it (the old one for a removed operation)
	Dir Direction `json:"dir"`
}

// Change is one entry of the report.
type Change struct {
	// Section is "package", "operations <Group>", "webhooks" or "models".
	Section string `json:"section"`
	// Subject is the operation (Group.Method) or type the change is
	// about, as the new definition names it.
	Subject string `json:"subject"`
	// From is the subject's name in the old definition, when it was
	// renamed (an operation, operation group or type).
	From string `json:"from,omitempty"`
	// What says what changed, e.g. "parameter timeout (query) removed".
	What    string  `json:"what"`
	Verdict Verdict `json:"verdict"`
	// Who is broken, in words; empty when compatible.
	Who string `json:"who,omitempty"`
	// Request and Response are the change's wire effect on requests and
	// on responses that carry what changed; empty: none.
	Request  Wire `json:"request,omitempty"`
	Response Wire `json:"response,omitempty"`
	// Uses are the operations carrying a changed type, with the way
	// each carries it (models only).
	Uses []Use `json:"uses,omitempty"`
	// Old and New are JSON pointers into each definition; empty on the
	// side where the subject does not exist.
	Old string `json:"old,omitempty"`
	New string `json:"new,omitempty"`
	// Go lists the Go identifiers involved, written as apidiff writes
	// them: T, T.Field, (*T).Method, Interface.Method.
	Go []string `json:"go,omitempty"`
	// GoAPI are the Go view's changes this entry accounts for; they set
	// its compilation verdict.
	GoAPI []GoChange `json:"goApi,omitempty"`

	// goMeaning: Go code that calls the package still compiles and
	// means something else (arguments of one type reordered).
	goMeaning bool
	claims    bool // Go lists identifiers whose Go changes this entry takes
	// shared: a breaking Go change of an identifier in Go went to an
	// earlier entry (a signature both a parameter and the body changed):
	// this one breaks compilation too, and is not counted twice.
	shared bool
}

// GoBreaking reports whether the entry breaks compilation: one of its Go
// changes does, or one of an identifier it names that an earlier entry
// holds.
func (c *Change) GoBreaking() bool {
	return c.shared || slices.ContainsFunc(c.GoAPI, func(g GoChange) bool { return g.Breaking })
}

// Report is the comparison of two definitions.
type Report struct {
	OldVersion string   `json:"oldVersion"`
	NewVersion string   `json:"newVersion"`
	Changes    []Change `json:"changes"` // sorted: section, subject, verdict (breaking first), what
	// GoAPI counts the Go view's changes: what -check counts for the
	// same pair of generated packages.
	GoAPI GoCounts `json:"goApi"`
}

// GoCounts counts changes of the exported Go API.
type GoCounts struct {
	Breaking   int `json:"breaking"`
	Compatible int `json:"compatible"`
}

// Counts counts the report's entries by verdict.
type Counts struct {
	Compile, Wire, MayBreak, Compatible int
}

// Counts returns how many entries have each verdict.
func (r *Report) Counts() Counts {
	var n Counts
	for _, c := range r.Changes {
		switch c.Verdict {
		case BreaksCompilation:
			n.Compile++
		case BreaksWire:
			n.Wire++
		case MayBreak:
			n.MayBreak++
		default:
			n.Compatible++
		}
	}
	return n
}

// Breaking reports whether any change breaks compilation, breaks the
// wire or may break.
func (r *Report) Breaking() bool {
	n := r.Counts()
	return n.Compile+n.Wire+n.MayBreak > 0 || r.GoAPI.Breaking > 0
}

// Parts says which parts were generated; identifiers of parts not
// generated are not reported (without a server there is no interface
// to break).
type Parts struct {
	Client, Server bool
}

// AllParts is the default generation: models, client and server.
var AllParts = Parts{Client: true, Server: true}

// Input is one version: its model and the Go files generated from it.
// The files need only be those that declare exported API (emit.GoAPI);
// a whole generation will do too.
type Input struct {
	API   *model.API
	Files []write.File
}

// Compare reports what changed from old to new. Both must have been
// generated with the same config, so that the same schema gets the same
// Go name; an error is a file that does not parse.
func Compare(old, new Input, parts Parts) (*Report, error) {
	var ov *goView
	var oerr error
	var wg sync.WaitGroup
	wg.Go(func() { ov, oerr = viewOf(old.Files) })
	nv, err := viewOf(new.Files)
	wg.Wait()
	if err = cmp.Or(oerr, err); err != nil {
		return nil, err
	}
	c := &comparer{parts: parts, old: index(old.API, ov), new: index(new.API, nv)}
	r := &Report{OldVersion: version(old.API), NewVersion: version(new.API)}
	c.pairTypes()
	c.pkg(old.API, new.API)
	c.operations(old.API, new.API)
	c.models(old.API, new.API)
	goChanges := compareViews(ov, nv)
	for _, g := range goChanges {
		if g.Breaking {
			r.GoAPI.Breaking++
		} else {
			r.GoAPI.Compatible++
		}
	}
	c.attach(goChanges)
	for i := range c.out {
		finish(&c.out[i])
	}
	slices.SortStableFunc(c.out, func(a, b Change) int {
		return cmp.Or(cmp.Compare(sectionRank(a.Section), sectionRank(b.Section)), cmp.Compare(a.Section, b.Section),
			cmp.Compare(a.Subject, b.Subject), cmp.Compare(a.Verdict.rank(), b.Verdict.rank()), cmp.Compare(a.What, b.What))
	})
	r.Changes = c.out
	if r.Changes == nil {
		r.Changes = []Change{}
	}
	return r, nil
}

func sectionRank(s string) int {
	switch {
	case s == "package":
		return 0
	case strings.HasPrefix(s, "operations"):
		return 1
	case s == "webhooks":
		return 2
	}
	return 3
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
	// renamed pairs old types with the new types they became (same
	// name, or a rename found by pairTypes); newOf and oldOf look it up.
	renamed map[*model.Type]*model.Type
	oldOf   map[*model.Type]*model.Type
	why     map[*model.Type]string // how a renamed pair was matched
	// uses are, while pairTypes runs, where each old (0) and new (1)
	// type is a property of types already paired.
	uses [2]map[*model.Type][]string
	out  []Change
}

// add records a change. A change that names Go identifiers takes their
// Go view changes (attach); its compilation verdict comes from them.
func (c *comparer) add(ch Change) {
	ch.claims = len(ch.Go) > 0
	ch.Go = slices.Compact(slices.Sorted(slices.Values(ch.Go)))
	c.out = append(c.out, ch)
}

// finish sets a change's verdict and who it breaks, from its Go changes
// and wire effects.
func finish(ch *Change) {
	v := Compatible
	for _, w := range []Wire{ch.Request, ch.Response} {
		if wv := w.verdict(); wv.rank() < v.rank() {
			v = wv
		}
	}
	if ch.goMeaning && v.rank() > MayBreak.rank() {
		v = MayBreak
	}
	if ch.GoBreaking() {
		v = BreaksCompilation
	}
	ch.Verdict = v
	var who []string
	if ch.GoBreaking() {
		who = append(who, goWho(ch.GoAPI))
	}
	if ch.goMeaning && !ch.GoBreaking() {
		who = append(who, "Go callers (their code compiles and means something else)")
	}
	if w := wireWho(ch.Request, ch.Response); w != "" {
		who = append(who, w)
	}
	if len(who) == 0 && (ch.Request == WireNeedsNewServer || ch.Response == WireNeedsNewServer) {
		who = append(who, "new clients against old servers")
	}
	ch.Who = strings.Join(who, "; ")
}

// goWho says whose code stops compiling: callers, and implementers when
// an interface gained or changed a method or the Unimplemented type
// lost one.
func goWho(gs []GoChange) string {
	impl := false
	for _, g := range gs {
		if g.Breaking && (strings.HasSuffix(owner(g.Ident), "Server") || strings.HasPrefix(g.Ident, "Unimplemented")) {
			impl = true
		}
	}
	if impl {
		return "Go callers and implementers"
	}
	return "Go callers"
}

func wireWho(req, resp Wire) string {
	var parts []string
	switch req {
	case WireBreaks:
		parts = append(parts, "old clients (the new server rejects their requests)")
	case WireEncoding:
		parts = append(parts, "old clients and old servers (requests encoded differently)")
	case WireBehaviour:
		parts = append(parts, "old clients (their calls mean something else)")
	}
	switch resp {
	case WireBreaks:
		parts = append(parts, "old clients (they cannot read the new server's responses)")
	case WireEncoding:
		parts = append(parts, "old clients and old servers (responses encoded differently)")
	case WireMayBreakReaders:
		parts = append(parts, "old readers of responses")
	case WireBehaviour:
		parts = append(parts, "old readers of responses (values mean something else)")
	}
	return strings.Join(parts, ", ")
}
