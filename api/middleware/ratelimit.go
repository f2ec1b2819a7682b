package middleware

import (
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/prima-health/prima/internal/platform/logging"
	"github.com/prima-health/prima/internal/platform/ratelimit"
)

// RateLimit allows perMinute requests per authenticated user or API key (or per client IP
// before authentication) and answers 429 with RateLimit-* and Retry-After
// headers past that. A limiter failure lets the request through and is logged.
func RateLimit(l ratelimit.Limiter, perMinute int) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			key := "ip:" + c.RealIP()
			if p := PrincipalFrom(c); p != nil {
				key = "user:" + p.CallerID()
			}
			res, err := l.Allow(c.Request().Context(), key, perMinute, time.Minute)
			if err != nil {
				logging.From(c.Request().Context()).Warn("rate limiter unavailable", slog.String("error", err.Error()))
				return next(c)
			}
			h := c.Response().Header()
			reset := int(res.Reset.Seconds() + 0.999)
			h.Set("RateLimit-Limit", strconv.Itoa(res.Limit))
			h.Set("RateLimit-Remaining", strconv.Itoa(res.Remaining))
			h.Set("RateLimit-Reset", strconv.Itoa(reset))
			if !res.Allowed {
				h.Set("Retry-After", strconv.Itoa(reset))
				return echo.NewHTTPError(http.StatusTooManyRequests)
			}
			return next(c)
		}
	}
}
