package api

import (
	"encoding/base64"
	"strings"
	"testing"

	"github.com/prima-health/prima/internal/config"
	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/testutil"
)

// cspDirectives splits a Content-Security-Policy into directive → sources.
func cspDirectives(policy string) map[string][]string {
	out := map[string][]string{}
	for _, d := range strings.Split(policy, ";") {
		f := strings.Fields(d)
		if len(f) > 0 {
			out[f[0]] = f[1:]
		}
	}
	return out
}

func hasAll(have []string, want ...string) bool {
	for _, w := range want {
		found := false
		for _, h := range have {
			found = found || h == w
		}
		if !found {
			return false
		}
	}
	return true
}

func TestCSPLetsTheDashboardLoadClerk(t *testing.T) {
	d := testutil.NewDB(t, db.SQLite)
	key := "pk_live_" + base64.StdEncoding.EncodeToString([]byte("clerk.prima.test$"))
	a := newTestApp(t, d, func(c *config.Config) { c.Clerk.PublishableKey = key })
	for _, path := range []string{"/", "/patients"} {
		csp := cspDirectives(a.do("GET", path, nil, "").hdr.Get("Content-Security-Policy"))
		const fapi = "https://clerk.prima.test" // the fake Clerk's instance
		checks := map[string][]string{
			"script-src":  {"'self'", fapi, "https://challenges.cloudflare.com"},
			"connect-src": {"'self'", fapi},
			"img-src":     {"'self'", "https://img.clerk.com"},
			"worker-src":  {"'self'", "blob:"},
			"frame-src":   {"'self'", "https://challenges.cloudflare.com"},
			"style-src":   {"'self'", "'unsafe-inline'"},
		}
		for dir, want := range checks {
			if !hasAll(csp[dir], want...) {
				t.Errorf("%s: %s is %v, want %v", path, dir, csp[dir], want)
			}
		}
		if !hasAll(csp["frame-ancestors"], "'none'") || !hasAll(csp["object-src"], "'none'") {
			t.Errorf("%s: the rest of the policy must stay strict: %v", path, csp)
		}
	}
	// Without Clerk the dashboard's policy names no third party.
	b := newTestApp(t, d)
	csp := cspDirectives(b.do("GET", "/", nil, "").hdr.Get("Content-Security-Policy"))
	if strings.Join(csp["script-src"], " ") != "'self'" || strings.Join(csp["connect-src"], " ") != "'self'" {
		t.Fatalf("without Clerk: %v", csp)
	}
}
