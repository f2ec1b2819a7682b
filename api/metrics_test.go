package api

import (
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/prima-health/prima/internal/config"
	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/testutil"
)

const loopbackPeer = "127.0.0.1:40000"

// from sends a request as if from the socket peer addr ("host:port").
func (a *testApp) from(addr, method, path, token string, headers ...string) *response {
	a.t.Helper()
	req := httptest.NewRequest(method, path, nil)
	req.RemoteAddr = addr
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		if headers[i] == "Host" {
			req.Host = headers[i+1]
			continue
		}
		req.Header.Set(headers[i], headers[i+1])
	}
	return a.send(req)
}

var seriesLine = regexp.MustCompile(`(?m)^prima_http_[a-z_]+\{[^}]*\}`)

func TestMetricsLabelRoutesNeverHostsOrRawPaths(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		a := newTestApp(t, d)
		a.ok(a.from(loopbackPeer, "GET", "/api/v1/me", a.admin, "Host", "one.example"), 200)
		before := a.from(loopbackPeer, "GET", "/metrics", "")
		a.ok(before, 200)
		// New hosts, raw paths and unmatched routes must not add series.
		for i, host := range []string{"two.example", "three.example", "evil-" + strings.Repeat("x", 40) + ".example"} {
			a.from(loopbackPeer, "GET", "/api/v1/me", a.admin, "Host", host)
			a.from(loopbackPeer, "GET", "/api/v1/patients/0193a5b2-7c1e-7d3a-9f10-2b3c4d5e6f7"+string(rune('0'+i)), a.admin, "Host", host)
			a.from(loopbackPeer, "PROPFIND", "/no/such/route-"+host, "", "Host", host)
		}
		r := a.from(loopbackPeer, "GET", "/metrics", "")
		a.ok(r, 200)
		body := string(r.body)
		for _, leak := range []string{"one.example", "two.example", "route-", "2b3c4d5e6f70", `host=`} {
			if strings.Contains(body, leak) {
				t.Fatalf("metrics carry %q:\n%s", leak, strings.Join(regexp.MustCompile(`(?m)^prima_[a-z_]+\{[^}]*`+regexp.QuoteMeta(leak)+`[^}]*\}`).FindAllString(body, 12), "\n"))
			}
		}
		if !strings.Contains(body, `route="/api/v1/me"`) || !strings.Contains(body, `route="/api/v1/patients/:id"`) {
			t.Fatalf("HTTP metrics lack route templates:\n%s", strings.Join(seriesLine.FindAllString(body, -1), "\n"))
		}
		// Only the unmatched label and the patient route are new; hosts added nothing.
		routes := map[string]bool{}
		for _, m := range regexp.MustCompile(`route="([^"]*)"`).FindAllStringSubmatch(body, -1) {
			routes[m[1]] = true
		}
		for route := range routes {
			if !strings.HasPrefix(route, "/") && route != "unmatched" {
				t.Fatalf("unexpected route label %q", route)
			}
		}
	})
}

func TestMetricsAnswerOnlyLoopbackWithoutAToken(t *testing.T) {
	a := newTestApp(t, testutil.NewDB(t, db.SQLite))
	a.ok(a.from(loopbackPeer, "GET", "/metrics", ""), 200)
	a.ok(a.from("[::1]:40000", "GET", "/metrics", ""), 200)
	r := a.from("192.0.2.10:40000", "GET", "/metrics", "")
	a.ok(r, 403)
	if p := r.problem(); p.Code != CodeForbidden {
		t.Fatalf("problem: %+v", p)
	}
	// A proxy on the same host forwarding a remote caller is not loopback.
	a.ok(a.from(loopbackPeer, "GET", "/metrics", "", "X-Forwarded-For", "198.51.100.7"), 403)
}

func TestMetricsNeedTheBearerTokenWhenConfigured(t *testing.T) {
	const token = "metrics-token-0123456789abcdef"
	a := newTestApp(t, testutil.NewDB(t, db.SQLite), func(c *config.Config) { c.MetricsToken = token })
	for name, tok := range map[string]string{"none": "", "wrong": "metrics-token-0123456789abcdeX", "prefix": "metrics"} {
		r := a.from(loopbackPeer, "GET", "/metrics", tok)
		if r.code != 401 || r.problem().Code != CodeUnauthenticated {
			t.Fatalf("%s token: %d %s", name, r.code, r.body)
		}
	}
	r := a.from("192.0.2.10:40000", "GET", "/metrics", token)
	a.ok(r, 200)
	if !strings.Contains(string(r.body), "go_goroutines") {
		t.Fatalf("metrics body: %.300s", r.body)
	}
}
