package wiretruth

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/oasgen/oasgen/generator/apichange"
	"github.com/oasgen/oasgen/generator/apichange/internal/wiretruth/drive"
)

// Unprovable are the kinds of wire claims that no failed call can show,
// and why; a claim of the report that the harness did not see fail must
// be one of them.
var Unprovable = []struct{ Class, Why string }{
	{"may break old readers", "the claim itself says the generated client decodes the values: the call succeeds, and what old code does with a value it never had to handle is beyond the wire"},
	{"behaviour", "the call succeeds and means something else (a default the server applies, a property it ignores); the harness shows these as values read differently when it meets them, but nothing fails"},
	{"security", "the generated server does not authenticate (credentials and scopes are checked by the service's own middleware) and the generated client sends what the caller's credential gives it"},
	{"not driven", "no operation present in both versions carries the change (only added or removed operations do, or none): there is no call to make"},
	{"stream", "only operations with a typed stream (Server-Sent Events, JSON Lines, JSON text sequences) in either version carry the change: the driver makes and reads values by reflection and cannot make or read an EventStream, so it leaves them out (PairPlan.Streamed); the stream fixtures' behaviour tests run generated clients against generated servers"},
}

// Coverage holds the report to the calls.
type Coverage struct {
	Observations int
	// Covered maps each level (pointer, type, operation) to how many
	// observations were covered at it.
	Covered     map[string]int
	Unexplained []drive.Observation
	Claims      []Claim
}

// Claim is one wire effect the report claims: change, direction and
// the pairing that may fail.
type Claim struct {
	Change  *apichange.Change
	Dir     apichange.Direction
	Pairing apichange.Pairing
	Wire    apichange.Wire
	// Proof is an observation the change covers; nil when none.
	Proof *drive.Observation
	// Class is the Unprovable class of a claim without proof; "" when
	// it should have had one.
	Class string
}

func (c Claim) String() string {
	return fmt.Sprintf("%s: %s [%s %s, %s]", c.Change.Subject, c.Change.What, c.Dir, c.Wire, pairingName(c.Pairing))
}

func pairingName(p apichange.Pairing) string {
	if p == apichange.OldClientNewServer {
		return "old client → new server"
	}
	return "new client → old server"
}

// Proven counts the claims shown by a call, and those without, by class
// ("" for those that should have been).
func (c *Coverage) Proven() (proven int, unproven map[string]int) {
	unproven = map[string]int{}
	for _, cl := range c.Claims {
		if cl.Proof != nil {
			proven++
		} else {
			unproven[cl.Class]++
		}
	}
	return proven, unproven
}

// hard are the observations where a call failed outright.
var hard = map[string]bool{"rejected": true, "failed": true, "not found": true, "refused by the client": true, "not served": true}

func cover(rep *apichange.Report, plan *drive.PairPlan, res *drive.PairResult) *Coverage {
	cv := &Coverage{Covered: map[string]int{}}
	if res == nil {
		return cv
	}
	driven := map[string]bool{}
	for _, op := range plan.Ops {
		driven[op.Old], driven[op.New] = true, true
	}
	for _, op := range plan.Removed {
		driven[op] = true
	}
	streamed := map[string]bool{}
	for _, op := range plan.Streamed {
		streamed[op] = true
	}
	type key struct {
		change  int
		dir     apichange.Direction
		pairing apichange.Pairing
	}
	proofs := map[key]*drive.Observation{}
	for i := range res.Observations {
		o := &res.Observations[i]
		cv.Observations++
		level, by := match(rep, plan, o)
		if by == nil {
			cv.Unexplained = append(cv.Unexplained, *o)
			continue
		}
		cv.Covered[level]++
		dir, p := dirOf(o), pairingOf(o)
		for _, ci := range by {
			k := key{ci, dir, p}
			if proofs[k] == nil {
				proofs[k] = o
			}
		}
	}
	for i := range rep.Changes {
		c := &rep.Changes[i]
		for _, dir := range []apichange.Direction{apichange.Request, apichange.Response} {
			w := effect(c, dir)
			for _, p := range []apichange.Pairing{apichange.OldClientNewServer, apichange.NewClientOldServer} {
				if w.Fails()&p == 0 {
					continue
				}
				cl := Claim{Change: c, Dir: dir, Pairing: p, Wire: w, Proof: proofs[key{i, dir, p}]}
				if cl.Proof == nil {
					cl.Class = classOf(c, w, dir, driven, streamed)
				}
				cv.Claims = append(cv.Claims, cl)
			}
		}
	}
	return cv
}

// classOf is the Unprovable class of a claim no call showed.
func classOf(c *apichange.Change, w apichange.Wire, dir apichange.Direction, driven, streamed map[string]bool) string {
	switch {
	case w == apichange.WireMayBreakReaders:
		return "may break old readers"
	case w == apichange.WireBehaviour:
		return "behaviour"
	case c.Subject == "OAuth2Scopes" || strings.HasPrefix(c.What, "security "):
		return "security"
	}
	if c.Section == "models" {
		stream := false
		for _, u := range c.Uses {
			if driven[u.Op] && u.Dir&dir != 0 {
				return ""
			}
			stream = stream || streamed[u.Op] && u.Dir&dir != 0
		}
		if stream {
			return "stream"
		}
		return "not driven"
	}
	switch {
	case c.Section == "package" || driven[c.Subject] || driven[c.From]:
		return ""
	case streamed[c.Subject] || streamed[c.From]:
		return "stream"
	}
	return "not driven"
}

func effect(c *apichange.Change, d apichange.Direction) apichange.Wire {
	if d == apichange.Request {
		return c.Request
	}
	return c.Response
}

func dirOf(o *drive.Observation) apichange.Direction {
	if o.Dir == "request" {
		return apichange.Request
	}
	return apichange.Response
}

func pairingOf(o *drive.Observation) apichange.Pairing {
	if o.Pairing == drive.NewOld {
		return apichange.NewClientOldServer
	}
	return apichange.OldClientNewServer
}

// names are an observation's operation and types as the old and the new
// version name them, and the JSON pointers of the property involved.
type names struct {
	oldOp, newOp       string
	oldPtr, newPtr     string
	oldType, newType   string // the types holding the property
	oldValue, newValue string // the types it holds
	apiVersion, paramv bool
}

func namesOf(plan *drive.PairPlan, o *drive.Observation) names {
	var n names
	client, server := o.Op, o.Other
	oldSide := o.Pairing == drive.OldNew
	if oldSide {
		n.oldOp, n.newOp = client, server
	} else {
		n.oldOp, n.newOp = server, client
	}
	if d := o.Diff; d != nil {
		sent := [3]string{d.SentPointer, d.SentType, d.SentValue}
		got := [3]string{d.GotPointer, d.GotType, d.GotValue}
		// requests go from the client to the server, responses back
		client, server := sent, got
		if o.Dir == "response" {
			client, server = got, sent
		}
		old, new := client, server
		if !oldSide {
			old, new = server, client
		}
		n.oldPtr, n.oldType, n.oldValue = old[0], old[1], old[2]
		n.newPtr, n.newType, n.newValue = new[0], new[1], new[2]
	}
	if o.Kind == "rejected" && o.Property != "" {
		// the server names the property on its side
		side, op := plan.New, n.newOp
		if !oldSide {
			side, op = plan.Old, n.oldOp
		}
		ptr, typ, val := resolve(side, side.Ops[op], o.Property)
		if oldSide {
			n.newPtr, n.newType, n.newValue = ptr, typ, val
		} else {
			n.oldPtr, n.oldType, n.oldValue = ptr, typ, val
		}
	}
	n.apiVersion = o.Versioned
	return n
}

var index = regexp.MustCompile(`\[[0-9]+\]`)

// resolve finds the property a dotted JSON path names in an operation's
// request body: its pointer, the type holding it and the type it holds.
func resolve(side *drive.Side, op *drive.Op, path string) (ptr, typ, val string) {
	if op == nil {
		return "", "", ""
	}
	var t string
	for _, a := range op.Args {
		if a.Body {
			t = a.Type
		}
	}
	for _, p := range op.Options {
		if p.Body {
			t = p.Type
		}
	}
	for _, seg := range strings.Split(index.ReplaceAllString(path, ""), ".") {
		mt := side.Types[t]
		if mt == nil || mt.Kind != "struct" {
			return "", "", ""
		}
		i := slices.IndexFunc(mt.Fields, func(f *drive.Field) bool { return f.JSON == seg })
		if i < 0 {
			return "", "", ""
		}
		ptr, typ, t = mt.Fields[i].Pointer, t, mt.Fields[i].Type
	}
	return ptr, typ, t
}

// isType reports whether c is a change of type old (as the old version
// names it) or new.
func isType(c *apichange.Change, old, new string) bool {
	return c.Section == "models" && (old != "" && (c.Subject == old || c.From == old) || new != "" && (c.Subject == new || c.From == new))
}

// concerns reports whether change c is about operation op (either
// version's name) or a type op carries in direction d.
func concerns(c *apichange.Change, n names, d apichange.Direction) bool {
	switch c.Section {
	case "package":
		return true
	case "models":
		return slices.ContainsFunc(c.Uses, func(u apichange.Use) bool { return (u.Op == n.newOp || u.Op == n.oldOp) && u.Dir&d != 0 })
	}
	return c.Subject == n.newOp || c.Subject == n.oldOp || c.From == n.oldOp
}

// match finds the changes that cover an observation, most precise first:
// those of the property involved (by JSON pointer), of the type holding
// it, then any of the operation. It returns the level and the changes.
func match(rep *apichange.Report, plan *drive.PairPlan, o *drive.Observation) (string, []int) {
	n := namesOf(plan, o)
	dir, p := dirOf(o), pairingOf(o)
	versionParam := o.Param == "query api-version" || o.Param == "header api-version"
	unknown := o.Unknown
	ok := func(c *apichange.Change, anyVerdict bool) bool {
		w := effect(c, dir)
		if anyVerdict {
			return true
		}
		if hard[o.Kind] {
			return (w == apichange.WireBreaks || w == apichange.WireEncoding || w == apichange.WireNeedsNewServer) && w.Fails()&p != 0
		}
		return w.Fails()&p != 0 || w == apichange.WireBehaviour || w == apichange.WireMayBreakReaders
	}
	levels := []struct {
		name string
		in   func(c *apichange.Change) bool
		any  bool
	}{
		{"pointer", func(c *apichange.Change) bool {
			return n.oldPtr != "" && c.Old == n.oldPtr || n.newPtr != "" && c.New == n.newPtr
		}, unknown},
		{"value type", func(c *apichange.Change) bool { return isType(c, n.oldValue, n.newValue) }, unknown},
		{"type", func(c *apichange.Change) bool { return isType(c, n.oldType, n.newType) }, unknown},
		{"parameter", func(c *apichange.Change) bool {
			_, name, _ := strings.Cut(o.Param, " ")
			return o.Param != "" && c.Section != "package" && strings.Contains(strings.ToLower(c.What), "parameter "+strings.ToLower(name)+" (")
		}, unknown},
		{"operation", func(c *apichange.Change) bool {
			if c.Section == "package" {
				// A call with the client's own api-version differs from the
				// round's other calls by that alone (a HEAD answer has no
				// body to name it).
				return n.apiVersion && (versionParam || o.Param == "" && o.Property == "") && strings.HasPrefix(c.What, "api-version")
			}
			return true
		}, false},
	}
	for _, l := range levels {
		var by []int
		for i := range rep.Changes {
			c := &rep.Changes[i]
			if l.in(c) && concerns(c, n, dir) && ok(c, l.any) {
				by = append(by, i)
			}
		}
		if len(by) > 0 {
			return l.name, by
		}
	}
	return "", nil
}
