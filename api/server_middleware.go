package api

import (
	"fmt"
	"log/slog"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"
	emw "github.com/labstack/echo/v4/middleware"
	"github.com/prima-health/prima/api/middleware"
	"github.com/prima-health/prima/internal/platform/logging"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

// Body limits.
const (
	maxJSONBody   = 1 << 20  // 1 MiB
	maxUploadBody = 10 << 20 // CSV imports
)

func (s *Server) middleware(e *echo.Echo) {
	s.Registry.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	e.Use(middleware.RequestLog(s.Logger))
	e.Use(middleware.HTTPMetrics(s.Registry, func(c echo.Context) bool { return c.Path() == "/metrics" }))
	e.Use(emw.RecoverWithConfig(emw.RecoverConfig{
		DisableStackAll: true,
		LogErrorFunc: func(c echo.Context, err error, stack []byte) error {
			logging.From(c.Request().Context()).Error("panic recovered", slog.String("error", err.Error()),
				slog.String("stack", string(stack)))
			return fmt.Errorf("panic: %w", err)
		},
	}))
	e.Use(middleware.SecurityHeaders(s.Config.IsProduction(), s.Config.Clerk.FrontendAPI()))
	if len(s.Config.CORSOrigins) > 0 {
		e.Use(emw.CORSWithConfig(emw.CORSConfig{
			AllowOrigins:     s.Config.CORSOrigins,
			AllowMethods:     []string{http.MethodGet, http.MethodPost, http.MethodPatch, http.MethodPut, http.MethodDelete},
			AllowHeaders:     []string{echo.HeaderAuthorization, echo.HeaderContentType, "Idempotency-Key", "If-Match", echo.HeaderXRequestID},
			ExposeHeaders:    []string{echo.HeaderXRequestID, "RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset", "Retry-After"},
			AllowCredentials: true,
			MaxAge:           600,
		}))
	}
	e.Use(emw.BodyLimitWithConfig(emw.BodyLimitConfig{
		Limit: fmt.Sprintf("%dKiB", maxJSONBody>>10), // KiB: Echo reads "K" as 1,000 bytes
		Skipper: func(c echo.Context) bool {
			p := c.Request().URL.Path
			// Inbound webhook calls are read (to 256 KiB) by their handler, which records oversize ones.
			return strings.HasSuffix(p, "/patients/import") || p == "/api/v1/uploads" || strings.HasPrefix(p, "/api/v1/hooks/in/")
		},
	}))
}
