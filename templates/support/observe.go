package support

import (
	"context"
	"net/http"
)

// operationKey keys the operation id in a context.
type operationKey struct{}

// OperationID returns the operation id (such as "Certificate_Add") of the
// call or request that ctx belongs to, or "". The client sets it for the
// transport middleware (WithMiddleware) and the Tracer; the handler sets it
// in the request's context before its operation middleware
// (WithOperationMiddleware) and the server method run.
func OperationID(ctx context.Context) string {
	s, _ := ctx.Value(operationKey{}).(string)
	return s
}

func withOperationID(ctx context.Context, op string) context.Context {
	if op == "" {
		return ctx
	}
	return context.WithValue(ctx, operationKey{}, op)
}

// Tracer observes operations and attempts, for tracing without a
// dependency: an OpenTelemetry adapter is a few lines in the caller's code
// (see the README). The client calls StartOperation once per call and
// StartAttempt for every attempt on the wire (retries and re-authorization
// included); the handler calls StartOperation once per request. Each
// returns the function that ends it, called with the HTTP status (0 when
// none was received) and the error, if any.
type Tracer interface {
	StartOperation(ctx context.Context, operationID string) (context.Context, func(status int, err error))
	// StartAttempt may add headers to req (trace propagation); it runs
	// before the request is signed.
	StartAttempt(ctx context.Context, operationID string, attempt int, req *http.Request) func(status int, err error)
}
