// Package middleware holds PRIMA's Echo middleware: request ids and logging,
// security headers, authentication, rate limits and idempotency.
package middleware

import (
	"log/slog"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/prima-health/prima/internal/platform/ids"
	"github.com/prima-health/prima/internal/platform/logging"
	"github.com/prima-health/prima/internal/platform/reqctx"
)

// RequestLog gives every request an id (kept when the caller sends a sane one),
// a request-scoped logger, and one access-log line. Query strings are scrubbed
// of secrets and phone numbers.
func RequestLog(base *slog.Logger) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			start := time.Now()
			req := c.Request()
			id := req.Header.Get(echo.HeaderXRequestID)
			if !validRequestID(id) {
				id = ids.New()
			}
			c.Response().Header().Set(echo.HeaderXRequestID, id)
			l := base.With(slog.String("request_id", id))
			ctx := reqctx.WithRequestID(logging.With(req.Context(), l), id)
			c.SetRequest(req.WithContext(ctx))

			err := next(c)
			if err != nil {
				c.Error(err)
			}
			res := c.Response()
			attrs := []any{
				slog.String("method", req.Method), slog.String("route", c.Path()),
				slog.String("uri", logging.ScrubURI(req.URL.RequestURI())), slog.Int("status", res.Status),
				slog.Int64("bytes", res.Size), slog.Duration("duration", time.Since(start)),
			}
			if p := PrincipalFrom(c); p != nil {
				attrs = append(attrs, slog.String("tenant_id", p.Tenant.ID), slog.String("user_id", p.User.ID))
				if p.Key != nil {
					attrs = append(attrs, slog.String("api_key_id", p.Key.ID))
				}
			}
			level := slog.LevelInfo
			if res.Status >= 500 {
				level = slog.LevelError
			}
			logging.From(c.Request().Context()).Log(ctx, level, "request", attrs...)
			return nil
		}
	}
}

func validRequestID(id string) bool {
	if id == "" || len(id) > 128 {
		return false
	}
	for _, r := range id {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.') {
			return false
		}
	}
	return true
}
