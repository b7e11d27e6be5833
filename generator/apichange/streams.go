package apichange

import (
	"fmt"

	"github.com/oasgen/oasgen/generator/model"
)

// Streams (model.Stream): a body of Server-Sent Events, JSON Lines or
// JSON text sequences, compared by framing and item type. A body that
// becomes a stream, or a stream that becomes a plain body, is an
// encoding change: the old reader parses one JSON value (or one framing)
// and the new writer sends another, both ways.

// framing names how a body travels: a stream's media type, or a plain
// body's.
func framing(s *model.Stream, contentType string) string {
	if s != nil {
		return s.ContentType
	}
	if contentType == "" {
		return "a plain body"
	}
	return contentType
}

// streamSwitch describes a body that became a stream or stopped being
// one; "" when neither.
func streamSwitch(label string, o, n *model.Stream, oct, nct string) string {
	switch {
	case o == nil && n != nil:
		return fmt.Sprintf("%s became a stream: %s → %s (an encoding change: old readers expect one value, new ones items)", label, framing(o, oct), framing(n, nct))
	case o != nil && n == nil:
		return fmt.Sprintf("%s is no longer a stream: %s → %s (an encoding change: old readers expect items, new ones one value)", label, framing(o, oct), framing(n, nct))
	}
	return ""
}

// stream compares two typed streams that travel d: their framing and
// their items on the wire. dual: the response also offers a JSON body,
// and the generated client tells the two apart by the exact media type.
func (c *comparer) stream(label string, o, n *model.Stream, d Direction, dual bool, base Change, at atFunc) {
	enc := func(what string) {
		req, resp := onSides(d, WireEncoding, WireEncoding)
		at(what, req, resp)
	}
	switch {
	case o.Format != n.Format:
		enc(fmt.Sprintf("%s framing %s → %s (an encoding change: neither side splits the other's items)", label, o.ContentType, n.ContentType))
	case o.Text != n.Text:
		enc(fmt.Sprintf("%s: event data %s → %s (an encoding change)", label, dataOf(o), dataOf(n)))
	case o.ContentType != n.ContentType && d == Response && dual:
		enc(fmt.Sprintf("%s media type %s → %s (the generated client tells the stream from the JSON body by its media type)", label, o.ContentType, n.ContentType))
	case o.ContentType != n.ContentType && d == Response:
		// A stream-only response is read by its framing, whatever its
		// Content-Type says. (A request body's media type is compared
		// with the body's: the server reads it.)
		at(fmt.Sprintf("%s media type %s → %s (same framing: the generated client reads either)", label, o.ContentType, n.ContentType), "", "")
	}
	if o.Text != n.Text {
		return // the items and the end marker change with the data
	}
	if o.Sentinel != n.Sentinel && o.Format == n.Format {
		// The old reader takes the new end marker for an item that does
		// not decode (and the other way): the reader's code sees an
		// item error where the stream ended.
		req, resp := onSides(d, WireBehaviour, WireMayBreakReaders)
		at(fmt.Sprintf("%s: end sentinel %q → %q (old readers see the new one as an item that does not decode, a *StreamItemError, then the end)", label, o.Sentinel, n.Sentinel), req, resp)
	}
	if what, req, resp := valueChange(o.Item, n.Item, false, d); what != "" {
		at(label+" items: "+what, req, resp)
	}
	if o.Item.IsStruct() && n.Item.IsStruct() && !c.corresponds(o.Item, n.Item) {
		c.structWire(fmt.Sprintf("%s items %s → %s: ", label, o.Item.Name, n.Item.Name), o.Item.Decl, n.Item.Decl, d, base)
	}
}

func dataOf(s *model.Stream) string {
	if s.Text {
		return "as text"
	}
	return "as JSON"
}

// responseStream compares the typed streams operations answer with; a
// response body that became a stream or stopped being one is reported
// here, not as a body removed and added (switchedBody).
func (c *comparer) responseStream(o, n groupOp, at atFunc) {
	or, nr := o.op.Response, n.op.Response
	os, ns := or.Items, nr.Items
	field := func(r *model.Response) string { return r.Name + "." + r.ItemsName }
	switch {
	case os == nil && ns == nil:
	case switchedBody(or, nr):
		ids := []string{nr.Name}
		if os != nil {
			ids = append(ids, field(or))
		} else {
			_, oid := bodyShape(c.old.view, or)
			ids = c.bodyIdents(or, nr, oid)
		}
		if ns != nil {
			ids = append(ids, field(nr))
		} else {
			_, nid := bodyShape(c.new.view, nr)
			ids = append(ids, nid)
		}
		at(streamSwitch("response body", os, ns, contentOfBody(or), contentOfBody(nr)), "", WireEncoding, ids...)
	case os == nil:
		// Old clients never ask for it: a body beside it, or none, is what
		// they read.
		at("response stream added: "+ns.ContentType, "", "", field(nr))
	case ns == nil:
		// Old clients that asked for the stream get the JSON body (they
		// tell them apart by media type), or no body.
		at("response stream removed: "+os.ContentType+" (old clients that asked for it get the plain body)", "", WireMayBreakReaders, field(or))
	default:
		if ot, nt := c.old.view.text(field(or)), c.new.view.text(field(nr)); ot != nt {
			at(fmt.Sprintf("response stream retyped %s → %s", ot, nt), "", "", field(or), field(nr))
		}
		c.stream("response stream", os, ns, Response, or.Body != nil || nr.Body != nil, c.opBase(o, n), at)
	}
}

// switchedBody reports whether a response's only body became a stream
// or a stream its only body.
func switchedBody(or, nr *model.Response) bool {
	return or.Items == nil && or.Body != nil && nr.Items != nil && nr.Body == nil ||
		or.Items != nil && or.Body == nil && nr.Items == nil && nr.Body != nil
}

// contentOfBody is how a plain response body travels, in words.
func contentOfBody(r *model.Response) string {
	switch {
	case r.Body == nil:
		return ""
	case r.Stream:
		return "a raw body"
	}
	return "one JSON value"
}
