package api

import (
	"fmt"
	"math/rand/v2"
	"net/http/httptest"
	"net/netip"
	"testing"

	"github.com/prima-health/prima/internal/config"
	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/testutil"
)

// clientIP is the address the server attributes a request from peer to.
func (a *testApp) clientIP(peer, xff string) string {
	req := httptest.NewRequest("GET", "/api/v1/me", nil)
	req.RemoteAddr = peer
	if xff != "" {
		req.Header.Set("X-Forwarded-For", xff)
	}
	return a.e.IPExtractor(req)
}

func TestForwardedForIsBelievedOnlyFromTrustedProxies(t *testing.T) {
	d := testutil.NewDB(t, db.SQLite)
	none := newTestApp(t, d)
	for _, peer := range []string{"10.0.0.5:4000", "127.0.0.1:4000", "192.168.1.20:4000", "[fd00::1]:4000"} {
		host, _, _ := netSplit(peer)
		if got := none.clientIP(peer, "203.0.113.9"); got != host {
			t.Fatalf("no trusted proxies: a request from %s claiming 203.0.113.9 was attributed to %s", peer, got)
		}
	}
	trusted := newTestApp(t, d, func(c *config.Config) {
		c.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("192.0.2.7/32")}
	})
	cases := []struct{ peer, xff, want string }{
		{"10.0.0.5:4000", "203.0.113.9", "203.0.113.9"},
		{"192.0.2.7:4000", "203.0.113.9", "203.0.113.9"},
		{"10.0.0.5:4000", "198.51.100.1, 203.0.113.9", "203.0.113.9"}, // the client's own claim is not believed
		{"10.0.0.5:4000", "203.0.113.9, 10.1.2.3", "203.0.113.9"},     // a chain of trusted proxies
		{"10.0.0.5:4000", "", "10.0.0.5"},
		{"192.168.1.20:4000", "203.0.113.9", "192.168.1.20"}, // private, but not a trusted proxy
		{"127.0.0.1:4000", "203.0.113.9", "127.0.0.1"},
	}
	for _, c := range cases {
		if got := trusted.clientIP(c.peer, c.xff); got != c.want {
			t.Errorf("peer %s, X-Forwarded-For %q: attributed to %s, want %s", c.peer, c.xff, got, c.want)
		}
	}
}

func TestForgedForwardedForDoesNotEscapeTheRateLimit(t *testing.T) {
	a := newTestApp(t, testutil.NewDB(t, db.SQLite), func(c *config.Config) { c.RateLimitPerMin = 3 })
	// A fresh private address per run: the Redis limiter is shared by test runs.
	peer := fmt.Sprintf("10.%d.%d.%d:4000", rand.IntN(250)+1, rand.IntN(250)+1, rand.IntN(250)+1)
	limited := false
	for i := 0; i < 12 && !limited; i++ {
		r := a.from(peer, "GET", "/api/v1/cron/trigger", "wrong-secret", "X-Forwarded-For", fmt.Sprintf("203.0.113.%d", i+1))
		limited = r.code == 429
	}
	if !limited {
		t.Fatal("a private peer escaped the per-address rate limit by naming other addresses in X-Forwarded-For")
	}
}

func netSplit(hostport string) (string, string, error) {
	ap, err := netip.ParseAddrPort(hostport)
	if err != nil {
		return "", "", err
	}
	return ap.Addr().String(), fmt.Sprint(ap.Port()), nil
}
