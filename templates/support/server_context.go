package support

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strings"
)

// What a server method can learn and set about the exchange it serves,
// through its context: the request (for a next link's query, say), the
// service's external base URL (for a next link or a url field), and the
// response's header map (for entity headers the definition does not
// declare, such as the Content-Type of a file it streams).

// exchangeKey keys, in a server method's context, the exchange the
// handler is serving.
type exchangeKey struct{}

type exchange struct {
	r    *http.Request
	w    http.ResponseWriter
	base string // WithBaseURL's, or "" to derive it from the request
}

func withExchange(ctx context.Context, r *http.Request, w http.ResponseWriter, base string) context.Context {
	return context.WithValue(ctx, exchangeKey{}, &exchange{r: r, w: w, base: base})
}

// withRequest is withExchange without a response, for CheckConditions
// outside a handler (tests).
func withRequest(ctx context.Context, r *http.Request) context.Context {
	return withExchange(ctx, r, nil, "")
}

func exchangeFrom(ctx context.Context) *exchange {
	x, _ := ctx.Value(exchangeKey{}).(*exchange)
	return x
}

// RequestFromContext returns the request a server method's context
// belongs to (its parameters already read and checked), or nil outside a
// handler. The body has been read: use the method's arguments for it.
func RequestFromContext(ctx context.Context) *http.Request {
	if x := exchangeFrom(ctx); x != nil {
		return x.r
	}
	return nil
}

// ResponseHeader returns the header map of the response a server method
// is answering, or nil outside a handler: the method may set entity
// headers the definition does not declare (Content-Type and
// Content-Disposition of a streamed file, Cache-Control). Headers the
// definition declares are written from the response struct, over these.
func ResponseHeader(ctx context.Context) http.Header {
	if x := exchangeFrom(ctx); x != nil && x.w != nil {
		return x.w.Header()
	}
	return nil
}

// WithBaseURL sets the service's external base URL (scheme, host and any
// path prefix, no trailing slash), which BaseURL returns to server
// methods, for a server behind a proxy or gateway that changes them.
// Forwarded headers (X-Forwarded-Host, Forwarded) are never trusted: a
// client could write them.
func WithBaseURL(u string) HandlerOption {
	return func(s *serverCore) { s.baseURL = strings.TrimSuffix(u, "/") }
}

// BaseURL returns the base URL under which the client addressed the
// service, for the links a server method writes (odata.nextLink, url
// fields): WithBaseURL's when set, else https or http (as the connection
// is TLS or not) and the request's Host. "" outside a handler.
func BaseURL(ctx context.Context) string {
	x := exchangeFrom(ctx)
	switch {
	case x == nil:
		return ""
	case x.base != "":
		return x.base
	case x.r.TLS != nil:
		return "https://" + x.r.Host
	}
	return "http://" + x.r.Host
}

// NewErrorResponse is the error a server method returns to answer with
// status and the error model value err, which the response body holds:
// NewErrorResponse(404, NewBatchError("PoolNotFound", "…")). (An error
// model returned bare answers 400.)
func NewErrorResponse(status int, err error) *ResponseError {
	return &ResponseError{StatusCode: status, Err: err}
}

// echoRequestID repeats the request's id header (name) in the response
// when the caller asked for it (return-client-request-id: true), before
// the server method runs, so that an error answer carries it too; a
// header the response struct sets is written over it.
//
//go:noinline
func echoRequestID(w http.ResponseWriter, r *http.Request, name string, ret *bool) {
	if ret != nil && *ret {
		if v := r.Header.Get(name); v != "" {
			w.Header()[name] = []string{v} // spelt as the response struct's header will be, which wins
		}
	}
}

// writeSelected is writeJSON for an operation with an OData $select
// parameter: when the caller selected members, the body holds only those
// (and the odata.* annotations), in each element of the list member items
// of a list result, else in the entity itself. A server method may fill
// everything; required members it was not asked for are left out too.
func writeSelected(w http.ResponseWriter, status int, v any, sel []string, items string) {
	keep := map[string]bool{}
	for _, s := range sel {
		if s, _, _ = strings.Cut(strings.TrimSpace(s), "/"); s != "" { // a path selects its first member
			keep[s] = true
		}
	}
	if len(keep) == 0 {
		writeJSON(w, status, v)
		return
	}
	b, err := marshalJSON(v)
	if err == nil {
		if items == "" {
			b, err = projectObject(b, func(k string) bool { return keep[k] || strings.HasPrefix(k, "odata.") }, nil)
		} else {
			b, err = projectObject(b, func(string) bool { return true }, func(k string, raw []byte) ([]byte, error) {
				if k != items {
					return raw, nil
				}
				return projectArray(raw, func(k string) bool { return keep[k] || strings.HasPrefix(k, "odata.") })
			})
		}
	}
	if err != nil {
		writeJSON(w, http.StatusInternalServerError, json.RawMessage(`{"code":"InternalServerError","message":"The response could not be encoded."}`))
		return
	}
	writeJSON(w, status, json.RawMessage(b))
}

// selectList is a $select given as one string: its comma-separated names.
//
//go:noinline
func selectList(sel *string) []string {
	if sel == nil {
		return nil
	}
	return strings.Split(*sel, ",")
}

// projectObject keeps the members of the JSON object b that keep accepts,
// in order, each through each when given; a value that is not an object
// is left as it is.
func projectObject(b []byte, keep func(string) bool, each func(string, []byte) ([]byte, error)) ([]byte, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return b, err
	}
	out := []byte{'{'}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return nil, err
		}
		k, _ := t.(string)
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, err
		}
		if !keep(k) {
			continue
		}
		if each != nil {
			if raw, err = each(k, raw); err != nil {
				return nil, err
			}
		}
		if len(out) > 1 {
			out = append(out, ',')
		}
		kb, _ := json.Marshal(k)
		out = append(append(append(out, kb...), ':'), raw...)
	}
	return append(out, '}'), nil
}

// projectArray applies projectObject to each element of the JSON array b.
func projectArray(b []byte, keep func(string) bool) ([]byte, error) {
	var elems []json.RawMessage
	if err := json.Unmarshal(b, &elems); err != nil {
		return b, nil // not an array: as it is
	}
	for i, e := range elems {
		p, err := projectObject(e, keep, nil)
		if err != nil {
			return nil, err
		}
		elems[i] = p
	}
	return json.Marshal(elems)
}
