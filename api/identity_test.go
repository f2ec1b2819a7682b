package api

import (
	"crypto/rand"
	"crypto/rsa"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/prima-health/prima/internal/config"
	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/testutil"
)

func TestAuthenticationRefusesBadTokensWith401Problem(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		a := newTestApp(t, d)
		stranger, _ := rsa.GenerateKey(rand.Reader, 2048)
		cases := map[string]string{
			"missing":       "",
			"garbage":       "not-a-jwt",
			"no exp":        a.clerk.Token(t, testutil.TokenOptions{UserID: "user_x", NoExp: true}),
			"expired":       a.clerk.Token(t, testutil.TokenOptions{UserID: "user_x", Expired: true}),
			"not yet valid": a.clerk.Token(t, testutil.TokenOptions{UserID: "user_x", NotYet: true}),
			"foreign key":   a.clerk.Token(t, testutil.TokenOptions{UserID: "user_x", Key: stranger}),
			"unknown kid":   a.clerk.Token(t, testutil.TokenOptions{UserID: "user_x", KID: "ins_other"}),
			"bad issuer":    a.clerk.Token(t, testutil.TokenOptions{UserID: "user_x", Issuer: "https://evil.example.com"}),
		}
		for name, tok := range cases {
			t.Run(name, func(t *testing.T) {
				a := a.as(t)
				r := a.do("GET", "/api/v1/me", nil, tok)
				a.ok(r, 401)
				if p := r.problem(); p.Code != CodeUnauthenticated || p.RequestID == "" {
					t.Fatalf("problem: %+v", p)
				}
			})
		}
	})
}

func TestSessionCookieAndBothClaimVersionsAreAccepted(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		a := newTestApp(t, d)
		v1 := a.clerk.Token(t, testutil.TokenOptions{UserID: "user_admin_a", OrgID: "org_a", OrgRole: "admin", V1: true})
		r := a.do("GET", "/api/v1/me", nil, v1)
		a.ok(r, 200)
		var me Me
		r.decode(&me)
		if me.User.ID != a.adminID || me.User.Role != "admin" {
			t.Fatalf("v1 token resolved to %+v", me.User)
		}
		req := httptest.NewRequest("GET", "/api/v1/me", nil)
		req.Header.Set("Cookie", "__session="+a.admin)
		a.ok(a.send(req), 200)
	})
}

func TestNetworklessVerificationNeedsNoJWKSCall(t *testing.T) {
	d := testutil.NewDB(t, db.SQLite)
	fc := testutil.NewFakeClerk(t)
	a := newTestAppWithClerk(t, d, fc, func(c *config.Config) { c.Clerk.SecretKey = ""; c.Clerk.JWTKey = fc.PublicKeyPEM() })
	before := fc.JWKSHits.Load()
	tok := fc.Token(t, testutil.TokenOptions{UserID: "user_pem", OrgID: "org_pem", OrgRole: "admin"})
	a.ok(a.do("GET", "/api/v1/me", nil, tok), 200)
	if fc.JWKSHits.Load() != before {
		t.Fatal("networkless verification fetched the JWKS")
	}
}

func TestJWKSIsFetchedOnceAndCached(t *testing.T) {
	d := testutil.NewDB(t, db.SQLite)
	a := newTestApp(t, d)
	hits := a.clerk.JWKSHits.Load()
	for i := 0; i < 5; i++ {
		a.ok(a.do("GET", "/api/v1/me", nil, a.admin), 200)
	}
	if got := a.clerk.JWKSHits.Load(); got != hits {
		t.Fatalf("JWKS fetched %d more times; keys must be cached", got-hits)
	}
}

func TestAuthorizedPartyIsCheckedWhenConfigured(t *testing.T) {
	d := testutil.NewDB(t, db.SQLite)
	a := newTestApp(t, d, func(c *config.Config) { c.Clerk.AuthorizedParties = []string{"https://dash.prima.test"} })
	good := a.clerk.Token(t, testutil.TokenOptions{UserID: "user_admin_a", OrgID: "org_a", OrgRole: "admin", Azp: "https://dash.prima.test"})
	bad := a.clerk.Token(t, testutil.TokenOptions{UserID: "user_admin_a", OrgID: "org_a", OrgRole: "admin", Azp: "https://evil.test"})
	a.ok(a.do("GET", "/api/v1/me", nil, good), 200)
	a.ok(a.do("GET", "/api/v1/me", nil, bad), 401)
}

func TestFirstUserAndOrgAdminAreApprovedAdminsOthersWait(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		a := newTestApp(t, d)
		var me Me
		a.do("GET", "/api/v1/me", nil, a.pending).decode(&me)
		if me.User.Status != "pending" || me.User.Role != "volunteer" {
			t.Fatalf("later member: %+v", me.User)
		}
		r := a.do("GET", "/api/v1/users", nil, a.pending)
		a.ok(r, 403)
		if p := r.problem(); p.Code != CodeApprovalPending {
			t.Fatalf("want approval_pending, got %+v", p)
		}
		// A personal session (no organization): its first user owns the personal tenant.
		solo := a.clerk.Token(t, testutil.TokenOptions{UserID: "user_solo"})
		a.do("GET", "/api/v1/me", nil, solo).decode(&me)
		if me.User.Role != "admin" || me.User.Status != "approved" || me.Tenant.ID == "" {
			t.Fatalf("personal tenant owner: %+v", me)
		}
		// An org admin joining later is an approved admin at once.
		lateAdmin := a.tokenFor("user_late_admin", "org_a", "admin")
		a.do("GET", "/api/v1/me", nil, lateAdmin).decode(&me)
		if me.User.Role != "admin" || me.User.Status != "approved" {
			t.Fatalf("org admin: %+v", me.User)
		}
	})
}

func TestDevSignInMintsTokensThatWorkAndIsOffWhenDisabled(t *testing.T) {
	d := testutil.NewDB(t, db.SQLite)
	a := newTestApp(t, d)
	var cfg PublicConfig
	a.do("GET", "/api/v1/config", nil, "").decode(&cfg)
	if !cfg.DevAuth {
		t.Fatal("development config must announce dev_auth")
	}
	r := a.do("POST", "/api/v1/dev/sign-in", map[string]string{"role": "admin"}, "")
	a.ok(r, 200)
	var tok DevSignInResponse
	r.decode(&tok)
	if time.Until(tok.ExpiresAt) > time.Hour+time.Minute {
		t.Fatalf("dev tokens must be short-lived: %v", tok.ExpiresAt)
	}
	var me Me
	a.do("GET", "/api/v1/me", nil, tok.Token).decode(&me)
	if me.User.Name != "Demo Admin" || me.User.Role != "admin" {
		t.Fatalf("dev admin: %+v", me.User)
	}
	bad := a.do("POST", "/api/v1/dev/sign-in", map[string]string{"role": "root"}, "")
	a.ok(bad, 400)
	if f := bad.fieldErrors(); len(f) != 1 || f[0] != "role" {
		t.Fatalf("fields %v", f)
	}

	off := newTestApp(t, testutil.NewDB(t, db.SQLite), func(c *config.Config) { c.DevAuth = false })
	off.ok(off.do("POST", "/api/v1/dev/sign-in", map[string]string{"role": "admin"}, ""), 404)
	// A dev token minted by another server's key is worthless here.
	off.ok(off.do("GET", "/api/v1/me", nil, tok.Token), 401)
}

func TestProblemsForUnknownRoutesAndMethods(t *testing.T) {
	a := newTestApp(t, testutil.NewDB(t, db.SQLite))
	r := a.do("GET", "/api/v1/nothing-here", nil, a.admin)
	a.ok(r, 404)
	if r.problem().Code != CodeNotFound {
		t.Fatal("want not_found")
	}
	r = a.do("GET", "/healthz", nil, "")
	a.ok(r, 200)
	if r.hdr.Get("X-Request-Id") == "" || r.hdr.Get("X-Content-Type-Options") != "nosniff" || r.hdr.Get("X-Frame-Options") != "DENY" {
		t.Fatalf("headers: %v", r.hdr)
	}
	r = a.do("GET", "/healthz", nil, "", "X-Request-Id", "caller-chosen-id")
	if r.hdr.Get("X-Request-Id") != "caller-chosen-id" {
		t.Fatal("a caller's request id must be kept")
	}
	r = a.do("GET", "/readyz", nil, "")
	a.ok(r, 200)
	if !strings.Contains(string(r.body), `"database":"ok"`) {
		t.Fatalf("readyz: %s", r.body)
	}
}
