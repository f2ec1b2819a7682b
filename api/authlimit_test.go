package api

import (
	"encoding/base64"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/prima-health/prima/internal/config"
	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/testutil"
)

// testPeer is a fresh address per run: the Redis limiter is shared by test runs.
func testPeer() string {
	return fmt.Sprintf("198.18.%d.%d:4000", rand.IntN(250)+1, rand.IntN(250)+1)
}

func TestFailedSignInsFromOneAddressAreLimitedBeforeVerification(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		a := newTestApp(t, d, func(c *config.Config) { c.AuthFailuresPerMin = 5 })
		peer := testPeer()
		var last *response
		for i := 0; i < 14; i++ {
			forged := a.clerk.Token(t, testutil.TokenOptions{UserID: "user_x", KID: fmt.Sprintf("ins_forged_%d", i)})
			if last = a.from(peer, "GET", "/api/v1/me", forged); last.code == 429 {
				break
			}
			a.ok(last, 401)
		}
		if last.code != 429 {
			t.Fatal("failed sign-ins from one address were never limited")
		}
		if p := last.problem(); p.Code != CodeRateLimited || last.hdr.Get("Retry-After") == "" {
			t.Fatalf("429 without problem code or Retry-After: %+v %v", p, last.hdr)
		}
		// Refused before the token is looked at: even a valid one waits.
		a.ok(a.from(peer, "GET", "/api/v1/me", a.admin), 429)
		// Other addresses are not affected; a request with no token costs nothing to refuse.
		a.ok(a.from(testPeer(), "GET", "/api/v1/me", a.admin), 200)
		a.ok(a.from(peer, "GET", "/api/v1/me", ""), 401)
	})
}

func TestTokensOfAnotherClerkInstanceAreRefused(t *testing.T) {
	a := newTestApp(t, testutil.NewDB(t, db.SQLite), func(c *config.Config) {
		c.Clerk.PublishableKey = "pk_test_" + base64.StdEncoding.EncodeToString([]byte("clerk.prima.test$"))
	})
	// newTestApp signed its users in with the fake instance's own tokens; another instance's are refused.
	other := a.clerk.Token(t, testutil.TokenOptions{UserID: "user_admin_a", OrgID: "org_a", OrgRole: "admin", Issuer: "https://clerk.other-app.test"})
	a.ok(a.do("GET", "/api/v1/me", nil, other), 401)
	pending := a.clerk.Token(t, testutil.TokenOptions{UserID: "user_admin_a", OrgID: "org_a", OrgRole: "admin", Status: "pending"})
	a.ok(a.do("GET", "/api/v1/me", nil, pending), 401)
	a.ok(a.do("GET", "/api/v1/me", nil, a.admin), 200)
}
