package api

import (
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/testutil"
)

func (a *testApp) postClerk(body []byte, at time.Time, tamper func(h map[string][]string)) *response {
	req := httptest.NewRequest("POST", "/api/v1/hooks/clerk", strings.NewReader(string(body)))
	for k, v := range a.clerk.SignWebhook(a.t, body, at) {
		req.Header[k] = v
	}
	if tamper != nil {
		tamper(req.Header)
	}
	return a.send(req)
}

func TestClerkWebhooksProvisionUpdateAndDeactivateUsers(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		a := newTestApp(t, d)
		now := time.Now()
		a.ok(a.postClerk(testutil.UserEvent("user.created", "user_new", "Siti", "Rahma", "siti@example.org"), now, nil), 200)
		tok := a.tokenFor("user_new", "", "")
		var me Me
		a.do("GET", "/api/v1/me", nil, tok).decode(&me)
		if me.User.Name != "Siti Rahma" || me.User.Email != "siti@example.org" || me.User.Role != "admin" {
			t.Fatalf("provisioned: %+v", me.User)
		}
		a.ok(a.postClerk(testutil.UserEvent("user.updated", "user_new", "Siti", "Aminah", "siti.a@example.org"), now, nil), 200)
		a.do("GET", "/api/v1/me", nil, tok).decode(&me)
		if me.User.Name != "Siti Aminah" || me.User.Email != "siti.a@example.org" {
			t.Fatalf("updated: %+v", me.User)
		}
		a.ok(a.postClerk(testutil.UserEvent("user.deleted", "user_new", "", "", ""), now, nil), 200)
		r := a.do("GET", "/api/v1/audit-events", nil, tok)
		a.ok(r, 403)
		// Events of other types are acknowledged and ignored.
		a.ok(a.postClerk([]byte(`{"type":"session.created","data":{"id":"sess_1"}}`), now, nil), 200)
	})
}

func TestClerkWebhooksRefuseBadOrStaleSignatures(t *testing.T) {
	a := newTestApp(t, testutil.NewDB(t, db.SQLite))
	body := testutil.UserEvent("user.created", "user_evil", "Eve", "", "eve@example.org")
	cases := map[string]*response{
		"stale":       a.postClerk(body, time.Now().Add(-10*time.Minute), nil),
		"future":      a.postClerk(body, time.Now().Add(10*time.Minute), nil),
		"bad sig":     a.postClerk(body, time.Now(), func(h map[string][]string) { h["Svix-Signature"] = []string{"v1,AAAA"} }),
		"no headers":  a.postClerk(body, time.Now(), func(h map[string][]string) { delete(h, "Svix-Signature"); delete(h, "Svix-Id") }),
		"body change": a.postClerk(body, time.Now(), func(h map[string][]string) { h["Svix-Id"] = []string{"msg_other"} }),
	}
	for name, r := range cases {
		if r.code != 401 || r.problem().Code != CodeInvalidSig {
			t.Fatalf("%s: %d %s", name, r.code, r.body)
		}
	}
	var n int64
	a.db.Gorm.Raw("SELECT count(*) FROM users WHERE clerk_user_id = 'user_evil'").Scan(&n)
	if n != 0 {
		t.Fatal("a refused webhook wrote a user")
	}
}
