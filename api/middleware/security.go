package middleware

import (
	"strings"

	"github.com/labstack/echo/v4"
)

// SecurityHeaders sets no-sniff, frame deny, referrer policy, a CSP for the
// dashboard and Swagger UI, and HSTS in production.
func SecurityHeaders(production bool, clerkFrontend string) echo.MiddlewareFunc {
	connect := "'self'"
	script := "'self'"
	if clerkFrontend != "" {
		connect += " https://*.clerk.accounts.dev https://*.clerk.com " + clerkFrontend
		script += " https://*.clerk.accounts.dev https://*.clerk.com " + clerkFrontend
	}
	policy := func(script string) string {
		return strings.Join([]string{
			"default-src 'self'",
			"script-src " + script,
			"style-src 'self' 'unsafe-inline'",
			"img-src 'self' data: https:",
			"connect-src " + connect,
			"font-src 'self' data:",
			"frame-ancestors 'none'",
			"base-uri 'self'",
			"form-action 'self'",
			"object-src 'none'",
		}, "; ")
	}
	csp := policy(script)
	// Swagger UI's page bootstraps itself with an inline script.
	docsCSP := policy("'self' 'unsafe-inline'")
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			h := c.Response().Header()
			h.Set("X-Content-Type-Options", "nosniff")
			h.Set("X-Frame-Options", "DENY")
			h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
			h.Set("Cross-Origin-Opener-Policy", "same-origin")
			if strings.HasPrefix(c.Request().URL.Path, "/docs") {
				h.Set("Content-Security-Policy", docsCSP)
			} else {
				h.Set("Content-Security-Policy", csp)
			}
			if production {
				h.Set("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
			}
			return next(c)
		}
	}
}
