package api

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/testutil"
)

// postClerkSigned delivers body with the given (already signed) Svix headers.
func (a *testApp) postClerkSigned(body []byte, h http.Header) *response {
	req := httptest.NewRequest("POST", "/api/v1/hooks/clerk", strings.NewReader(string(body)))
	for k, v := range h {
		req.Header[k] = v
	}
	return a.send(req)
}

func TestReplayedClerkWebhookIsAcknowledgedAndNotProcessedAgain(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		a := newTestApp(t, d)
		now := time.Now()
		created := testutil.UserEvent("user.created", "user_replayed", "Siti", "Rahma", "siti@example.org")
		first := a.clerk.SignWebhook(t, created, now)
		a.ok(a.postClerkSigned(created, first), 200)
		a.ok(a.postClerk(testutil.UserEvent("user.updated", "user_replayed", "Siti", "Aminah", "siti.a@example.org"), now, nil), 200)
		// The first delivery again (a Svix retry, or someone replaying it within the signature's 5 minutes).
		r := a.postClerkSigned(created, first)
		a.ok(r, 200)
		var me Me
		a.do("GET", "/api/v1/me", nil, a.tokenFor("user_replayed", "", "")).decode(&me)
		if me.User.Name != "Siti Aminah" || me.User.Email != "siti.a@example.org" {
			t.Fatalf("the replayed user.created ran again: %+v", me.User)
		}
		var n int64
		a.db.Gorm.Raw("SELECT count(*) FROM webhook_receipts WHERE source = 'clerk' AND delivery_id = ?", first.Get("svix-id")).Scan(&n)
		if n != 1 {
			t.Fatalf("the delivery id is recorded %d times", n)
		}
	})
}
