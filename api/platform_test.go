package api

import (
	"context"
	"errors"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/prima-health/prima/internal/config"
	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/testutil"
)

func TestRateLimitAnswers429WithHeaders(t *testing.T) {
	a := newTestApp(t, testutil.NewDB(t, db.SQLite), func(c *config.Config) { c.RateLimitPerMin = 12 })
	var last *response
	for i := 0; i < 30; i++ {
		last = a.do("GET", "/api/v1/me", nil, a.volunteer)
		if last.code == 429 {
			break
		}
	}
	if last.code != 429 {
		t.Fatalf("never rate limited: %d", last.code)
	}
	if last.problem().Code != CodeRateLimited || last.hdr.Get("Retry-After") == "" || last.hdr.Get("RateLimit-Remaining") != "0" {
		t.Fatalf("429 without headers: %v", last.hdr)
	}
	// Another user has their own budget.
	a.ok(a.do("GET", "/api/v1/me", nil, a.developer), 200)
}

type downPinger struct{}

func (downPinger) Ping(context.Context) error { return errors.New("connection refused") }

func TestReadyzIs503WhenADependencyIsDown(t *testing.T) {
	a := newTestApp(t, testutil.NewDB(t, db.SQLite))
	// The same server, with Redis configured but unreachable.
	a.e = New(Deps{Config: a.cfg, Logger: testLogger(), Database: a.db, Redis: downPinger{}, Users: a.users,
		OpenAPISpec: []byte("openapi: 3.0.3\n")})
	r := a.do("GET", "/readyz", nil, "")
	a.ok(r, 503)
	if !strings.Contains(string(r.body), `"redis":"unreachable"`) || !strings.Contains(string(r.body), `"database":"ok"`) {
		t.Fatalf("readyz: %s", r.body)
	}
	a.ok(a.do("GET", "/healthz", nil, ""), 200)
}

func TestMetricsExposeHTTPRequestsByRoute(t *testing.T) {
	a := newTestApp(t, testutil.NewDB(t, db.SQLite))
	a.ok(a.do("GET", "/api/v1/me", nil, a.admin), 200)
	r := a.from(loopbackPeer, "GET", "/metrics", "")
	a.ok(r, 200)
	if !strings.Contains(string(r.body), `prima_http_requests_total{code="200",method="GET",route="/api/v1/me"}`) {
		t.Fatalf("metrics lack the route: %.2000s", r.body)
	}
}

func TestDashboardIsServedWithSPAFallback(t *testing.T) {
	a := newTestApp(t, testutil.NewDB(t, db.SQLite))
	fsys := fstest.MapFS{
		"index.html":       {Data: []byte("<!doctype html><div id=root></div>")},
		"assets/app-1.js":  {Data: []byte("console.log(1)")},
		"assets/app-1.css": {Data: []byte("body{}")},
	}
	a.e = New(Deps{Config: a.cfg, Logger: testLogger(), Database: a.db, Users: a.users, Frontend: fsys, OpenAPISpec: []byte("x")})
	for _, p := range []string{"/", "/patients", "/patients/0193a5b2-7c1e-7d3a-9f10-2b3c4d5e6f70/edit"} {
		r := a.do("GET", p, nil, "")
		a.ok(r, 200)
		if !strings.Contains(string(r.body), "id=root") || r.hdr.Get("Content-Security-Policy") == "" {
			t.Fatalf("%s: %s %v", p, r.body, r.hdr)
		}
	}
	r := a.do("GET", "/assets/app-1.js", nil, "")
	a.ok(r, 200)
	if !strings.Contains(r.hdr.Get("Content-Type"), "javascript") || !strings.Contains(r.hdr.Get("Cache-Control"), "immutable") {
		t.Fatalf("asset headers: %v", r.hdr)
	}
	a.ok(a.do("GET", "/assets/missing.js", nil, ""), 404)
	// API paths never fall back to the dashboard.
	r = a.do("GET", "/api/v1/unknown", nil, "")
	a.ok(r, 404)
	if r.problem().Code != CodeNotFound {
		t.Fatal("unknown API path must be a problem")
	}
}
