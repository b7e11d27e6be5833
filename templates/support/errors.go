package support

import (
	"errors"
	"net/http"
	"strconv"
)

// ResponseError is returned by the client for every response whose status
// the definition does not list as a success. Err holds the decoded error
// model (for example *BatchError) when the body could be decoded as one;
// errors.As reaches it through Unwrap.
//
// A server implementation may also return a *ResponseError: the handler
// then answers with its StatusCode (304, or 400 to 599) and, when Err is
// an error model, that model as the body.
//
// errors.Is(err, ErrNotModified) and errors.Is(err, ErrPreconditionFailed)
// recognise a 304 or a 412 that the definition does not declare, as
// answers to conditional requests (If-None-Match, If-Match, …) are.
type ResponseError struct {
	StatusCode int
	Method     string
	URL        string
	RequestID  string      // the service's request-id header, if any
	Header     http.Header // the client's: the response's headers (a 304's ETag)
	Body       []byte      // the raw body, at most maxErrorBody bytes
	Err        error
}

// ErrNotModified and ErrPreconditionFailed are the answers to a
// conditional request whose condition was not met: 304 Not Modified for
// a GET or HEAD with If-None-Match or If-Modified-Since, 412
// Precondition Failed otherwise (RFC 9110 §13.2.2). On the client,
// errors.Is(err, ErrNotModified) recognises a *ResponseError of status
// 304. A server method may return either as it is, or the
// *ConditionError of CheckConditions, which also carries the ETag and
// Last-Modified that a 304 repeats.
var (
	ErrNotModified        = errors.New("304 Not Modified")
	ErrPreconditionFailed = errors.New("412 Precondition Failed")
)

// Is reports whether e is the status that target stands for
// (ErrNotModified or ErrPreconditionFailed).
func (e *ResponseError) Is(target error) bool { return statusIs(e.StatusCode, target) }

// statusIs reports whether status is what ErrNotModified or
// ErrPreconditionFailed (target) stands for.
func statusIs(status int, target error) bool {
	return target == ErrNotModified && status == http.StatusNotModified ||
		target == ErrPreconditionFailed && status == http.StatusPreconditionFailed
}

// maxErrorBody bounds how much of an error response is kept in memory.
const maxErrorBody = 64 << 10

func (e *ResponseError) Error() string {
	msg := strconv.Itoa(e.StatusCode) + " " + http.StatusText(e.StatusCode)
	if e.Method != "" || e.URL != "" { // a server method's ResponseError has neither
		msg = e.Method + " " + e.URL + ": " + msg
	}
	if e.RequestID != "" {
		msg += " (request-id " + e.RequestID + ")"
	}
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

func (e *ResponseError) Unwrap() error { return e.Err }

// errorText is the Error() text of an error model.
func errorText(model string, code, message *string) string {
	msg := model
	if code != nil && *code != "" {
		msg += ": " + *code
	}
	if message != nil && *message != "" {
		msg += ": " + *message
	}
	return msg
}

// errNotImplemented is returned by the Unimplemented…Server types.
type errNotImplemented string

func (e errNotImplemented) Error() string { return "operation " + string(e) + " is not implemented" }

// HeaderError is a response header of a successful call that did not
// parse as the definition says. The call still succeeds: the header's
// field is left nil and the response's UnparsedHeaders lists it.
type HeaderError struct {
	Name  string // as the definition spells it
	Value string // the raw value
	Err   error
}

func (e *HeaderError) Error() string {
	return "response header " + e.Name + ": " + e.Err.Error()
}

func (e *HeaderError) Unwrap() error { return e.Err }
