package api

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/prima-health/prima/internal/config"
	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/testutil"
	svix "github.com/svix/svix-webhooks/go"
)

// eventReceiver is an integration's endpoint: it verifies every delivery
// with Svix's Standard Webhooks verifier and keeps what it got.
type eventReceiver struct {
	t      *testing.T
	srv    *httptest.Server
	mu     sync.Mutex
	secret string
	ids    []string
	bodies []string
}

func newEventReceiver(t *testing.T) *eventReceiver {
	r := &eventReceiver{t: t}
	r.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		raw, _ := io.ReadAll(req.Body)
		r.mu.Lock()
		defer r.mu.Unlock()
		wh, err := svix.NewWebhook(r.secret)
		if err != nil || wh.Verify(raw, req.Header) != nil {
			r.t.Errorf("delivery does not verify: %v", err)
		}
		r.ids = append(r.ids, req.Header.Get("webhook-id"))
		r.bodies = append(r.bodies, string(raw))
	}))
	t.Cleanup(r.srv.Close)
	return r
}

func (r *eventReceiver) got() ([]string, []string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.ids...), append([]string(nil), r.bodies...)
}

func (a *testApp) createSubscription(url string, types ...string) EventSubscription {
	a.t.Helper()
	var sub EventSubscription
	r := a.do("POST", "/api/v1/event-subscriptions", map[string]any{"url": url, "events": types}, a.admin)
	a.ok(r, 201)
	r.decode(&sub)
	return sub
}

func TestEventSubscriptionLifecycle(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		a := newTestApp(t, d)
		rcv := newEventReceiver(t)
		sub := a.createSubscription(rcv.srv.URL+"/prima", "message.sent", "occurrence.missed")
		if !strings.HasPrefix(sub.Secret, "whsec_") || !sub.IsActive || sub.Version != 1 || len(sub.Events) != 2 || sub.DisabledReason != nil {
			t.Fatalf("created: %+v", sub)
		}
		rcv.secret = sub.Secret
		path := "/api/v1/event-subscriptions/" + sub.ID

		var got EventSubscription
		a.do("GET", path, nil, a.developer).decode(&got)
		if got.Secret != "" || got.URL != sub.URL {
			t.Fatalf("read: %+v", got)
		}
		var list EventSubscriptionList
		a.do("GET", "/api/v1/event-subscriptions", nil, a.admin).decode(&list)
		if list.Total != 1 || list.Data[0].Secret != "" {
			t.Fatalf("list: %+v", list)
		}

		// PATCH with optimistic concurrency.
		r := a.do("PATCH", path, map[string]any{"description": "EMR sync"}, a.admin, "If-Match", `"1"`)
		a.ok(r, 200)
		a.ok(a.do("PATCH", path, map[string]any{"description": "stale"}, a.admin, "If-Match", `"1"`), 409)
		a.ok(a.do("PATCH", path, map[string]any{"description": "stale", "version": 1}, a.admin), 409)

		// A test event, delivered and listed.
		var dl EventDelivery
		r = a.do("POST", path+"/test", nil, a.developer)
		a.ok(r, 202)
		r.decode(&dl)
		if dl.EventType != "test.event" || dl.Status != "pending" || !strings.HasPrefix(dl.WebhookID, "msg_") {
			t.Fatalf("test delivery: %+v", dl)
		}
		if n := a.deliverEvents(); n != 1 {
			t.Fatalf("delivered %d", n)
		}
		var dls EventDeliveryList
		a.do("GET", path+"/deliveries?status=succeeded", nil, a.admin).decode(&dls)
		if dls.Total != 1 || dls.Data[0].Attempts != 1 || dls.Data[0].LastStatusCode == nil || *dls.Data[0].LastStatusCode != 200 {
			t.Fatalf("deliveries: %+v", dls)
		}
		a.expectProblem(a.do("GET", path+"/deliveries?status=done", nil, a.admin), 400, "status")

		// Redelivery keeps the webhook-id.
		var again EventDelivery
		r = a.do("POST", path+"/deliveries/"+dl.ID+"/redeliver", nil, a.admin)
		a.ok(r, 202)
		r.decode(&again)
		if again.WebhookID != dl.WebhookID || again.ID == dl.ID {
			t.Fatalf("redelivery: %+v of %+v", again, dl)
		}
		a.deliverEvents()
		ids, bodies := rcv.got()
		if len(ids) != 2 || ids[0] != ids[1] || bodies[0] != bodies[1] {
			t.Fatalf("received %v", ids)
		}

		// Rotation: the new secret is shown once and signs from now on.
		var rot EventSubscription
		r = a.do("POST", path+"/rotate-secret", map[string]any{"overlap_seconds": 0}, a.admin)
		a.ok(r, 200)
		r.decode(&rot)
		if rot.Secret == "" || rot.Secret == sub.Secret || rot.RotatedAt == nil {
			t.Fatalf("rotated: %+v", rot)
		}
		rcv.mu.Lock()
		rcv.secret = rot.Secret
		rcv.mu.Unlock()
		a.ok(a.do("POST", path+"/test", nil, a.admin), 202)
		a.deliverEvents()
		if ids, _ := rcv.got(); len(ids) != 3 {
			t.Fatalf("after rotation: %d deliveries", len(ids))
		}

		// Delete: gone for everyone.
		a.ok(a.do("DELETE", path, nil, a.admin), 204)
		a.ok(a.do("GET", path, nil, a.admin), 404)
		a.ok(a.do("POST", path+"/test", nil, a.admin), 404)
	})
}

func TestEventSubscriptionInputIsChecked(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		a := newTestApp(t, d)
		post := func(body any) *response { return a.do("POST", "/api/v1/event-subscriptions", body, a.admin) }
		a.expectProblem(post(map[string]any{"events": []string{"message.sent"}}), 400, "url")
		a.expectProblem(post(map[string]any{"url": "https://example.org/x"}), 400, "events")
		a.expectProblem(post(map[string]any{"url": "https://example.org/x", "events": []string{}}), 400, "events")
		a.expectProblem(post(map[string]any{"url": "https://example.org/x", "events": []string{"message.sent", "message.read"}}), 400, "events[1]")
		a.expectProblem(post(map[string]any{"url": "https://example.org/x", "events": []string{"message.sent", "message.sent"}}), 400, "events[1]")
		a.expectProblem(post(map[string]any{"url": "https://example.org/x", "events": []string{"test.event"}}), 400, "events[0]")
		a.expectProblem(post(`{"url":"https://example.org/x","events":"message.sent"}`), 400, "events")
		a.expectProblem(post(`{"url":42,"events":["message.sent"]}`), 400, "url")
		a.expectProblem(post(`{"url":"https://example.org/x","events":["message.sent"],"secret":"mine"}`), 400, "secret")
		a.expectProblem(post(map[string]any{"url": "ftp://example.org/x", "events": []string{"message.sent"}}), 400, "url")
		a.expectProblem(post(map[string]any{"url": "https://user:pw@example.org/x", "events": []string{"message.sent"}}), 400, "url")
		a.expectProblem(post(map[string]any{"url": "/relative", "events": []string{"message.sent"}}), 400, "url")
		a.expectProblem(post(map[string]any{"url": "https://example.org/x", "events": []string{"message.sent"},
			"description": strings.Repeat("d", 501)}), 400, "description")
		a.ok(post("{\"url\":\"https://example.org/\u0000\",\"events\":[\"message.sent\"]}"), 400)
		a.ok(post([]byte("{\"url\":\"https://example.org/\xff\",\"events\":[\"message.sent\"]}")), 400)
		a.ok(post(`{"url":`), 400)
		a.ok(post(`{"url":"https://example.org/x","events":["message.sent"],"description":"`+strings.Repeat("x", 2<<20)+`"}`), 413)
		r := a.do("POST", "/api/v1/event-subscriptions", `{"url":"https://example.org/x","events":["message.sent"]}`, a.admin, "Content-Type", "text/plain")
		a.ok(r, 415)
		var n int64
		d.Gorm.Table("event_subscriptions").Count(&n)
		if n != 0 {
			t.Fatalf("%d subscriptions written by rejected requests", n)
		}

		// Idempotency-Key: the same key and body answer the first response.
		body := map[string]any{"url": "https://example.org/x", "events": []string{"message.sent"}}
		var first, second EventSubscription
		a.do("POST", "/api/v1/event-subscriptions", body, a.admin, "Idempotency-Key", "k-1").decode(&first)
		a.do("POST", "/api/v1/event-subscriptions", body, a.admin, "Idempotency-Key", "k-1").decode(&second)
		if first.ID == "" || first.ID != second.ID {
			t.Fatalf("idempotent create made %s and %s", first.ID, second.ID)
		}
		a.ok(a.do("POST", "/api/v1/event-subscriptions", map[string]any{"url": "https://example.org/y", "events": []string{"message.sent"}},
			a.admin, "Idempotency-Key", "k-1"), 422)

		// PATCH: null is refused, unknown fields too; a bad id is 404.
		path := "/api/v1/event-subscriptions/" + first.ID
		a.expectProblem(a.do("PATCH", path, `{"url":null}`, a.admin), 400, "url")
		a.expectProblem(a.do("PATCH", path, `{"events":["nope"]}`, a.admin), 400, "events[0]")
		a.expectProblem(a.do("PATCH", path, `{"colour":"red"}`, a.admin), 400, "colour")
		a.ok(a.do("GET", "/api/v1/event-subscriptions/not-a-uuid", nil, a.admin), 404)
		a.ok(a.do("POST", path+"/deliveries/not-a-uuid/redeliver", nil, a.admin), 404)
		a.expectProblem(a.do("POST", path+"/rotate-secret", `{"overlap_seconds":-1}`, a.admin), 400, "overlap_seconds")

		// Roles and tenants: volunteers are refused; another tenant sees nothing.
		a.ok(a.do("GET", "/api/v1/event-subscriptions", nil, a.volunteer), 403)
		a.ok(a.do("POST", "/api/v1/event-subscriptions", body, a.volunteer), 403)
		a.ok(a.do("GET", path, nil, a.otherAdmin), 404)
		a.ok(a.do("PATCH", path, map[string]any{"description": "x"}, a.otherAdmin), 404)
		a.ok(a.do("POST", path+"/test", nil, a.otherAdmin), 404)
		a.ok(a.do("GET", path+"/deliveries", nil, a.otherAdmin), 404)
		a.ok(a.do("DELETE", path, nil, a.otherAdmin), 404)
		var other EventSubscriptionList
		a.do("GET", "/api/v1/event-subscriptions", nil, a.otherAdmin).decode(&other)
		if other.Total != 0 {
			t.Fatalf("the other tenant lists %d subscriptions", other.Total)
		}
	})
}

func TestEventSubscriptionsNeedHTTPSWithoutAllowPrivate(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		a := newTestApp(t, d, func(c *config.Config) { c.WebhookAllowPrivate = false })
		post := func(url string) *response {
			return a.do("POST", "/api/v1/event-subscriptions", map[string]any{"url": url, "events": []string{"message.sent"}}, a.admin)
		}
		a.expectProblem(post("http://example.org/x"), 400, "url")
		a.expectProblem(post("https://127.0.0.1:8443/x"), 400, "url")
		a.expectProblem(post("https://localhost/x"), 400, "url")
		a.ok(post("https://hooks.example.org/prima"), 201)
	})
}
