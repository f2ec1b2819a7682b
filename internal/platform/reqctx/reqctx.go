// Package reqctx carries request-scoped values (request id) through contexts
// without tying services to HTTP.
package reqctx

import "context"

type requestIDKey struct{}

// WithRequestID stores the request id.
func WithRequestID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, requestIDKey{}, id)
}

// RequestID returns the request id, or "".
func RequestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey{}).(string)
	return id
}
