package support

import (
	"net/http"
	"strconv"
)

// ResponseError is returned by the client for every response whose status
// the definition does not list as a success. Err holds the decoded error
// model (for example *BatchError) when the body could be decoded as one;
// errors.As reaches it through Unwrap.
//
// A server implementation may also return a *ResponseError: the handler
// then answers with its StatusCode and, when Err is an error model, that
// model as the body.
type ResponseError struct {
	StatusCode int
	Method     string
	URL        string
	RequestID  string // the service's request-id header, if any
	Body       []byte // the raw body, at most maxErrorBody bytes
	Err        error
}

// maxErrorBody bounds how much of an error response is kept in memory.
const maxErrorBody = 64 << 10

func (e *ResponseError) Error() string {
	msg := e.Method + " " + e.URL + ": " + strconv.Itoa(e.StatusCode) + " " + http.StatusText(e.StatusCode)
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
