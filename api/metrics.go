package api

import (
	"crypto/subtle"
	"net/http"
	"net/netip"
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/prima-health/prima/internal/identity"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// metrics godoc
//
//	@Summary		Prometheus metrics
//	@Description	With PRIMA_METRICS_TOKEN set, send `Authorization: Bearer <PRIMA_METRICS_TOKEN>` (401 otherwise). Without it, /metrics answers only to callers on the same machine (loopback; 403 for anyone else, including callers forwarded by a proxy).
//	@Tags			operations
//	@Produce		plain
//	@Success		200	{string}	string	"Prometheus text exposition"
//	@Failure		401	{object}	Problem
//	@Failure		403	{object}	Problem
//	@Router			/metrics [get]
func (s *Server) metrics(c echo.Context) error {
	if err := s.metricsAccess(c); err != nil {
		return err
	}
	promhttp.HandlerFor(s.Registry, promhttp.HandlerOpts{}).ServeHTTP(c.Response(), c.Request())
	return nil
}

// metricsAccess lets a caller with PRIMA_METRICS_TOKEN through (compared in
// constant time) or, when no token is configured, only loopback callers.
func (s *Server) metricsAccess(c echo.Context) error {
	if want := s.Config.MetricsToken; want != "" {
		got := identity.BearerToken(c.Request().Header.Get(echo.HeaderAuthorization))
		if subtle.ConstantTimeCompare([]byte(got), []byte(want)) != 1 {
			c.Response().Header().Set("WWW-Authenticate", `Bearer realm="metrics"`)
			return newError(http.StatusUnauthorized, CodeUnauthenticated, "Send PRIMA_METRICS_TOKEN as a bearer token.")
		}
		return nil
	}
	if !fromLoopback(c) {
		return newError(http.StatusForbidden, CodeForbidden, "Without PRIMA_METRICS_TOKEN, /metrics answers only on this machine (loopback).")
	}
	return nil
}

// fromLoopback reports whether the caller (the socket peer, or the client a
// trusted proxy names) and every address a proxy forwarded for are loopback.
func fromLoopback(c echo.Context) bool {
	if !isLoopback(c.RealIP()) {
		return false
	}
	for _, h := range c.Request().Header.Values(echo.HeaderXForwardedFor) {
		for _, ip := range strings.Split(h, ",") {
			if !isLoopback(ip) {
				return false
			}
		}
	}
	return true
}

func isLoopback(ip string) bool {
	a, err := netip.ParseAddr(strings.TrimSpace(ip))
	return err == nil && a.Unmap().IsLoopback()
}
