package middleware

import (
	"strings"

	"github.com/labstack/echo/v4"
)

// Hosts Clerk's sign-in needs besides its Frontend API (clerk.com/docs/security/clerk-csp):
// Cloudflare's bot protection (script and frame) and Clerk's image host.
const (
	clerkChallenges = "https://challenges.cloudflare.com"
	clerkImages     = "https://img.clerk.com"
)

// SecurityHeaders sets no-sniff, frame deny, referrer policy, a CSP for the
// dashboard and Swagger UI, and HSTS in production. clerkFrontend is the
// Clerk Frontend API host of the publishable key ("clerk.example.org"), empty
// without Clerk: the policy then names no third party.
func SecurityHeaders(production bool, clerkFrontend string) echo.MiddlewareFunc {
	script, connect, img := "'self'", "'self'", "'self' data: https:"
	var extra []string
	if clerkFrontend != "" {
		fapi := "https://" + clerkFrontend
		script += " " + fapi + " " + clerkChallenges
		connect += " " + fapi
		img += " " + clerkImages
		extra = []string{"worker-src 'self' blob:", "frame-src 'self' " + clerkChallenges}
	}
	policy := func(script string) string {
		return strings.Join(append([]string{
			"default-src 'self'",
			"script-src " + script,
			"style-src 'self' 'unsafe-inline'",
			"img-src " + img,
			"connect-src " + connect,
			"font-src 'self' data:",
			"frame-ancestors 'none'",
			"base-uri 'self'",
			"form-action 'self'",
			"object-src 'none'",
		}, extra...), "; ")
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
