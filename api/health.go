package api

import (
	"context"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"
)

// Health is the answer of /healthz and /readyz.
type Health struct {
	Status string            `json:"status" example:"ok"`
	Checks map[string]string `json:"checks,omitempty"`
}

// healthz godoc
//
//	@Summary	Liveness: the process is up
//	@Tags		operations
//	@Produce	json
//	@Success	200	{object}	Health
//	@Router		/healthz [get]
func (s *Server) healthz(c echo.Context) error {
	return c.JSON(http.StatusOK, Health{Status: "ok"})
}

// readyz godoc
//
//	@Summary		Readiness: the database and (if configured) Redis answer
//	@Description	503 when a dependency is down, with the failing check named.
//	@Tags			operations
//	@Produce		json
//	@Success		200	{object}	Health
//	@Failure		503	{object}	Health
//	@Router			/readyz [get]
func (s *Server) readyz(c echo.Context) error {
	ctx, cancel := context.WithTimeout(c.Request().Context(), 2*time.Second)
	defer cancel()
	h := Health{Status: "ok", Checks: map[string]string{}}
	check := func(name string, p Pinger) {
		if p == nil {
			return
		}
		if err := p.Ping(ctx); err != nil {
			h.Status, h.Checks[name] = "unavailable", "unreachable"
			return
		}
		h.Checks[name] = "ok"
	}
	check("database", s.Database)
	check("redis", s.Redis)
	if h.Status != "ok" {
		return c.JSON(http.StatusServiceUnavailable, h)
	}
	return c.JSON(http.StatusOK, h)
}
