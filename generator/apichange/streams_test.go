package apichange_test

import (
	"testing"

	"github.com/oasgen/oasgen/generator/apichange"
)

// Issue 24 item 6: streams and the OpenAPI 3.2 constructs, one fixture
// pair under specs/fixtures/apichange per kind of change. Before, a
// retyped item showed only as Go changes and framing changes of
// responses not at all; a body that became a stream read as a body
// removed (may break) or added (compatible).

const (
	encoding = apichange.WireEncoding
	breaks   = apichange.WireBreaks
)

// An item type retyped: SSE data, a JSON Lines response, a JSON Lines
// request body; each on its side of the wire, and in Go.
func TestStreamItems(t *testing.T) {
	wantChanges(t, compareFixture(t, "streamitems", "yaml"), []wantChange{
		{"Ticks.Watch", "response stream retyped *EventStream[Tick] → *EventStream[Pulse]", apichange.BreaksCompilation, "", ""},
		{"Ticks.Watch", "response stream items Tick → Pulse: field seq (Seq) removed", apichange.MayBreak, "", apichange.WireMayBreakReaders},
		{"Records.Export", "response stream retyped *EventStream[string] → *EventStream[int64]", apichange.BreaksCompilation, "", ""},
		{"Records.Export", "response stream items: on the wire string → integer (int64)", apichange.BreaksWire, "", encoding},
		{"Records.Ingest", "request body retyped *EventStream[int64] → *EventStream[int32]", apichange.BreaksCompilation, "", ""},
		{"Records.Ingest", "request stream items: on the wire integer (int64) → integer (int32)", apichange.BreaksWire, breaks, ""},
	})
}

// A plain body becoming a stream and a stream becoming a plain body, in
// responses and requests: an encoding change both ways, not a body
// removed or added.
func TestStreamBody(t *testing.T) {
	rep := compareFixture(t, "streambody", "yaml")
	wantChanges(t, rep, []wantChange{
		{"Jobs.Watch", "response body became a stream: one JSON value → text/event-stream", apichange.BreaksCompilation, "", encoding},
		{"Jobs.Export", "response body is no longer a stream: application/jsonl → one JSON value", apichange.BreaksCompilation, "", encoding},
		{"Jobs.Import", "request body became a stream: application/json → application/jsonl", apichange.BreaksWire, encoding, ""},
		{"Jobs.Load", "request body is no longer a stream: application/jsonl → application/json", apichange.BreaksWire, encoding, ""},
		// Beside a JSON body (stream: true), the client picks by media
		// type: old clients that asked for a stream get the body.
		{"Jobs.Offer", "response stream added: text/event-stream", apichange.Compatible, "", ""},
		{"Jobs.Withdraw", "response stream removed: text/event-stream", apichange.BreaksCompilation, "", apichange.WireMayBreakReaders},
	})
	for _, s := range []string{"response body removed", "response body added", "on the wire any", "→ any", "request content type"} {
		noEntry(t, rep, s)
	}
}

// A stream's framing changed, or SSE data from text to JSON: an encoding
// change both ways; two names of one framing (x-ndjson, jsonl) in a
// stream-only response are not. A new end sentinel reads as an item
// that does not decode.
func TestStreamFraming(t *testing.T) {
	rep := compareFixture(t, "streamframing", "yaml")
	wantChanges(t, rep, []wantChange{
		{"Feed.Events", "response stream framing text/event-stream → application/jsonl", apichange.BreaksWire, "", encoding},
		{"Feed.Lines", "response stream framing application/jsonl → application/json-seq", apichange.BreaksWire, "", encoding},
		{"Feed.Upload", "request stream framing application/jsonl → application/json-seq", apichange.BreaksWire, encoding, ""},
		{"Feed.Ndjson", "response stream media type application/x-ndjson → application/jsonl (same framing", apichange.Compatible, "", ""},
		{"Feed.Log", "response stream: event data as text → as JSON", apichange.BreaksWire, "", encoding},
		{"Feed.Ticker", `response stream: end sentinel "[DONE]" → "[END]"`, apichange.MayBreak, "", apichange.WireMayBreakReaders},
	})
	noEntry(t, rep, `sentinel "" → "[DONE]"`)
	noEntry(t, rep, "response stream items: on the wire string → object")
}

// Kinds of a union the streams carry (SSE data in responses, JSON Lines
// in requests): the union's changes know which way it travels, through
// the streams.
func TestStreamEventKinds(t *testing.T) {
	rep := compareFixture(t, "sseevents", "yaml")
	wantChanges(t, rep, []wantChange{
		{"Change", `discriminator kind "moved" (Moved) added: old clients fail to decode it`, apichange.BreaksWire, apichange.WireNeedsNewServer, breaks},
		{"Change", `discriminator kind "removed" (Removed) removed`, apichange.BreaksWire, breaks, ""},
	})
	c := entry(t, rep, "Change", `kind "moved"`)
	want := []apichange.Use{{Op: "Items.Apply", Dir: apichange.Request}, {Op: "Items.Changes", Dir: apichange.Response}}
	if len(c.Uses) != len(want) || c.Uses[0] != want[0] || c.Uses[1] != want[1] {
		t.Errorf("uses %+v, want %+v", c.Uses, want)
	}
}

// OpenAPI 3.2: QUERY and additionalOperations are operations like the
// others; a querystring parameter is compared by its members, its name
// (which never reaches the wire) is not, and moving it to another
// encoding is an encoding change.
func TestOAS32Operations(t *testing.T) {
	rep := compareFixture(t, "oas32ops", "yaml")
	wantChanges(t, rep, []wantChange{
		{"Search", "field text now required", apichange.BreaksWire, breaks, ""},
		{"Items.Purge", "required parameter X-Reason (header) added", apichange.BreaksCompilation, breaks, ""},
		{"Items.Lock", "operation removed (Items_Lock, LOCK /items)", apichange.BreaksCompilation, breaks, ""},
		{"Items.Unlock", "operation added (Items_Unlock, UNLOCK /items)", apichange.Compatible, "", ""},
		{"Items.List", "parameter filter (querystring): encoding changed: querystring → query, style form → deepObject", apichange.BreaksWire, encoding, ""},
		{"Things.List", "parameter filter (querystring): member size: on the wire integer (int32) → string", apichange.Compatible, apichange.WireNeedsNewServer, ""},
		{"Others.List", "parameter filter (querystring) renamed where (the whole query string: its name never reaches the wire)", apichange.Compatible, "", ""},
	})
	noEntry(t, rep, "parameter filter (querystring) removed")
	noEntry(t, rep, "optional parameter where")
}
