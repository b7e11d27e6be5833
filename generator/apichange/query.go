package apichange

import "slices"

// Questions a test harness asks of a report: having driven an old client
// against a new server (or the other way) through an operation, is a
// failure it saw covered by a reported wire change?

// WireChanges returns the changes whose wire effect may make pairing p
// fail on operation op (Group.Method, as either definition names it) in
// direction d (Request: the server rejects or misreads the request;
// Response: the client cannot read the response): the operation's own
// changes, the changes of the types it carries that way, and the
// package's (the api-version, the OAuth2 scopes).
func (r *Report) WireChanges(op string, d Direction, p Pairing) []Change {
	var out []Change
	for _, c := range r.Changes {
		if c.fails(d, p) && c.concerns(op, d) {
			out = append(out, c)
		}
	}
	return out
}

// TypeWireChanges returns the changes of type name (as either definition
// names it) whose wire effect may make pairing p fail in direction d.
func (r *Report) TypeWireChanges(name string, d Direction, p Pairing) []Change {
	var out []Change
	for _, c := range r.Changes {
		if c.Section == models && (c.Subject == name || c.From == name) && c.fails(d, p) {
			out = append(out, c)
		}
	}
	return out
}

// fails reports whether the change's effect in direction d may make
// pairing p fail.
func (c *Change) fails(d Direction, p Pairing) bool {
	return d&Request != 0 && c.Request.Fails()&p != 0 || d&Response != 0 && c.Response.Fails()&p != 0
}

// concerns reports whether the change is about operation op, or about a
// type op carries in direction d.
func (c *Change) concerns(op string, d Direction) bool {
	switch c.Section {
	case "package":
		return true // the api-version, the scopes: every operation's
	case models:
		return slices.ContainsFunc(c.Uses, func(u Use) bool { return u.Op == op && u.Dir&d != 0 })
	}
	return c.Subject == op || c.From == op
}
