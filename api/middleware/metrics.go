package middleware

import (
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/prometheus/client_golang/prometheus"
)

// UnmatchedRoute labels requests no route matched, so that unknown paths
// cannot add series.
const UnmatchedRoute = "unmatched"

// HTTPMetrics counts requests and observes their latency by method, route
// template (`/api/v1/patients/:id`) and status. It never labels by host or raw
// path: series stay bounded whatever callers send. Errors are rendered here
// (c.Error), so the recorded status is the one the caller got.
func HTTPMetrics(reg prometheus.Registerer, skip func(echo.Context) bool) echo.MiddlewareFunc {
	requests := prometheus.NewCounterVec(prometheus.CounterOpts{
		Namespace: "prima", Name: "http_requests_total", Help: "HTTP requests by method, route template and status code.",
	}, []string{"method", "route", "code"})
	latency := prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Namespace: "prima", Name: "http_request_duration_seconds", Help: "HTTP request latency by method and route template.",
		Buckets: prometheus.DefBuckets,
	}, []string{"method", "route"})
	reg.MustRegister(requests, latency)
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			if skip != nil && skip(c) {
				return next(c)
			}
			start := time.Now()
			if err := next(c); err != nil {
				c.Error(err)
			}
			route := c.Path()
			if route == "" {
				route = UnmatchedRoute
			}
			method := metricMethod(c.Request().Method)
			requests.WithLabelValues(method, route, strconv.Itoa(c.Response().Status)).Inc()
			latency.WithLabelValues(method, route).Observe(time.Since(start).Seconds())
			return nil
		}
	}
}

// metricMethod keeps the method label to the standard methods.
func metricMethod(m string) string {
	switch m {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch,
		http.MethodDelete, http.MethodOptions:
		return m
	}
	return "OTHER"
}
