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

type apiKeyIDKey struct{}

// WithAPIKeyID stores the id of the API key the request was made with.
func WithAPIKeyID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, apiKeyIDKey{}, id)
}

// APIKeyID returns the id of the API key the request was made with, or "".
func APIKeyID(ctx context.Context) string {
	id, _ := ctx.Value(apiKeyIDKey{}).(string)
	return id
}
