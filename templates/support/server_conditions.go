package support

import (
	"context"
	"net/http"
	"strings"
	"time"
)

// Conditional requests (RFC 9110 §13): a server method evaluates the
// request's If-Match, If-None-Match, If-Modified-Since and
// If-Unmodified-Since against its resource with CheckConditions, which
// needs nothing from the operation's Options, so that one call serves
// every operation that declares the headers.

// ConditionError is the answer to a conditional request whose condition
// failed: 304 Not Modified (with the ETag and Last-Modified that a 200
// would have carried, and no body) or 412 Precondition Failed (with the
// error model, code "ConditionNotMet"). CheckConditions returns one; a
// server method returns it as its error. errors.Is matches it with
// ErrNotModified or ErrPreconditionFailed.
type ConditionError struct {
	StatusCode   int // http.StatusNotModified or http.StatusPreconditionFailed
	ETag         string
	LastModified time.Time // the zero Time: no Last-Modified
}

func (e *ConditionError) Error() string {
	if e.StatusCode == http.StatusNotModified {
		return ErrNotModified.Error()
	}
	return ErrPreconditionFailed.Error()
}

func (e *ConditionError) Is(target error) bool { return statusIs(e.StatusCode, target) }

func (e *ConditionError) answer(s *serverCore, w http.ResponseWriter) {
	if e.StatusCode != http.StatusNotModified {
		s.writeFramework(w, http.StatusPreconditionFailed, "ConditionNotMet", "The condition specified using HTTP conditional header(s) is not met.", nil)
		return
	}
	h := w.Header()
	if e.ETag != "" {
		h.Set("ETag", e.ETag)
	}
	if !e.LastModified.IsZero() {
		h.Set("Last-Modified", formatRFC1123(e.LastModified))
	}
	w.WriteHeader(http.StatusNotModified)
}

// CheckConditions evaluates the conditional headers of the request being
// served, in the order of RFC 9110 §13.2.2 (as net/http.ServeContent
// does for files), against the current ETag and Last-Modified of the
// resource the server method is about to read or change. It returns nil
// when the method should go on, else the *ConditionError to return:
//
//   - If-Match that lists neither "*" nor etag (strong comparison), or,
//     without If-Match, If-Unmodified-Since before lastModified: 412;
//   - If-None-Match that lists "*" or etag (weak comparison): 304 for GET
//     and HEAD, 412 for other methods; without If-None-Match, for GET and
//     HEAD, If-Modified-Since not before lastModified: 304.
//
// Entity tags are compared with or without their quotes, so that services
// whose ETags are bare tokens (Batch's 0x8D4…) work as they are. An empty
// etag matches only "*", and a zero lastModified skips the date
// conditions. A date header that does not parse is ignored, as RFC 9110
// asks (the handler has already refused one the definition declares).
// The resource must exist: for a missing one, answer 404 (or 412 for
// If-Match) without calling it. Outside a handler (ctx without a
// request), it returns nil.
func CheckConditions(ctx context.Context, etag string, lastModified time.Time) error {
	r := RequestFromContext(ctx)
	if r == nil {
		return nil
	}
	read := r.Method == http.MethodGet || r.Method == http.MethodHead
	lm := lastModified.Truncate(time.Second) // HTTP dates have whole seconds
	fail := func(status int) error {
		return &ConditionError{StatusCode: status, ETag: etag, LastModified: lastModified}
	}
	if im, ok := conditionHeader(r, "If-Match"); ok {
		if !etagListMatches(im, etag, true) {
			return fail(http.StatusPreconditionFailed)
		}
	} else if t, ok := conditionDate(r, "If-Unmodified-Since"); ok && !lastModified.IsZero() && lm.After(t) {
		return fail(http.StatusPreconditionFailed)
	}
	if inm, ok := conditionHeader(r, "If-None-Match"); ok {
		if etagListMatches(inm, etag, false) {
			if read {
				return fail(http.StatusNotModified)
			}
			return fail(http.StatusPreconditionFailed)
		}
	} else if t, ok := conditionDate(r, "If-Modified-Since"); ok && read && !lastModified.IsZero() && !lm.After(t) {
		return fail(http.StatusNotModified)
	}
	return nil
}

// conditionHeader is a conditional header's value, its field lines
// joined as a list.
func conditionHeader(r *http.Request, name string) (string, bool) {
	vs := headerValues(r.Header, name)
	if len(vs) == 0 {
		return "", false
	}
	return strings.Join(vs, ","), true
}

func conditionDate(r *http.Request, name string) (time.Time, bool) {
	v, ok := conditionHeader(r, name)
	if !ok {
		return time.Time{}, false
	}
	t, err := parseRFC1123(strings.TrimSpace(v))
	return t, err == nil
}

// etagListMatches reports whether the If-Match or If-None-Match list
// holds "*" or an entity tag that matches etag: strongly (neither weak)
// or weakly (opaque tags equal).
func etagListMatches(list, etag string, strong bool) bool {
	weak, opaque := splitETag(etag)
	for list != "" {
		list = strings.TrimLeft(list, " \t,")
		if list == "" {
			break
		}
		var item string
		item, list = nextETag(list)
		if item == "*" {
			return true
		}
		w, o := splitETag(item)
		if etag != "" && o == opaque && (!strong || !w && !weak) {
			return true
		}
	}
	return false
}

// nextETag cuts the first entity tag off a list: W/"…" or "…" up to its
// closing quote (which may enclose commas), or a bare token up to the
// next comma.
func nextETag(list string) (item, rest string) {
	body := strings.TrimPrefix(list, "W/")
	if strings.HasPrefix(body, `"`) {
		if end := strings.IndexByte(body[1:], '"'); end >= 0 {
			n := len(list) - len(body) + end + 2
			return list[:n], list[n:]
		}
	}
	if i := strings.IndexByte(list, ','); i >= 0 {
		return strings.TrimSpace(list[:i]), list[i:]
	}
	return strings.TrimSpace(list), ""
}

// splitETag reads W/"x", "x" or a bare x as (weak, opaque tag).
func splitETag(s string) (weak bool, opaque string) {
	s = strings.TrimSpace(s)
	if rest, ok := strings.CutPrefix(s, "W/"); ok {
		weak, s = true, rest
	}
	if len(s) >= 2 && s[0] == '"' && s[len(s)-1] == '"' {
		s = s[1 : len(s)-1]
	}
	return weak, s
}
