package events

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/testutil"
)

func TestDeliveriesAreSignedPerStandardWebhooks(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		r := newReceiver(t, 200)
		r.strict = true
		sub := e.subscribe(t, r.url(), TypeMessageSent, TypeMessageFailed)
		r.setSecrets(sub.PlainSecret)
		src := "reminder"
		e.record(t, MessageSent(e.tenantA, "m1", "p1", "whatsapp", &src, nil),
			MessageFailed(e.tenantA, "m2", "p1", "sms", nil),
			MessageDelivered(e.tenantA, "m3", "p1", "sms", "delivered"), // not subscribed
			MessageSent(e.tenantB, "m4", "p2", "sms", nil, nil))         // another tenant
		if n := e.dispatch(t); n != 2 {
			t.Fatalf("dispatched %d, want 2", n)
		}
		hits := r.got()
		if len(hits) != 2 {
			t.Fatalf("receiver got %d deliveries, want 2", len(hits))
		}
		types := map[string]Body{}
		for _, h := range hits {
			types[h.parsed.Type] = h.parsed
			if !strings.HasPrefix(h.header.Get("webhook-id"), "msg_") || h.header.Get("Content-Type") != "application/json" {
				t.Fatalf("headers: %v", h.header)
			}
		}
		sent := types[TypeMessageSent]
		if sent.Data["message_id"] != "m1" || sent.Data["channel"] != "whatsapp" || sent.Data["source"] != "reminder" || sent.Timestamp.IsZero() {
			t.Fatalf("message.sent body: %+v", sent)
		}
		for _, dl := range e.deliveries(t, sub.ID) {
			if dl.Status != StatusSucceeded || dl.Attempts != 1 || dl.LastStatusCode == nil || *dl.LastStatusCode != 200 || dl.ClaimToken != nil {
				t.Fatalf("delivery: %+v", dl)
			}
		}
		if n := e.dispatch(t); n != 0 {
			t.Fatalf("a second dispatch sent %d", n)
		}
	})
}

func TestRotationSignsWithBothSecretsDuringTheOverlap(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		r := newReceiver(t, 200)
		sub := e.subscribe(t, r.url(), TypeOccurrenceMissed)
		hour := time.Hour
		rot, err := e.svc.RotateSecret(context.Background(), e.dev, sub.ID, Rotation{Overlap: &hour})
		if err != nil {
			t.Fatal(err)
		}
		r.setSecrets(sub.PlainSecret, rot.PlainSecret) // each must verify on its own
		e.record(t, OccurrenceMissed(e.tenantA, "o1", "r1", "p1"))
		e.dispatch(t)
		hits := r.got()
		if len(hits) != 1 || len(strings.Fields(hits[0].header.Get("webhook-signature"))) != 2 {
			t.Fatalf("hits %d, signature %q", len(hits), hits[0].header.Get("webhook-signature"))
		}
		e.clock.Advance(2 * time.Hour) // the overlap ended: only the new secret signs
		r.setSecrets(rot.PlainSecret)
		e.record(t, OccurrenceMissed(e.tenantA, "o2", "r1", "p1"))
		e.dispatch(t)
		if hits = r.got(); len(hits) != 2 || len(strings.Fields(hits[1].header.Get("webhook-signature"))) != 1 {
			t.Fatalf("after the overlap: %q", hits[len(hits)-1].header.Get("webhook-signature"))
		}
	})
}

func TestFailingEndpointIsRetriedWithGrowingDelaysForADay(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		r := newReceiver(t, 500)
		sub := e.subscribe(t, r.url(), TypeMessageSent)
		r.setSecrets(sub.PlainSecret)
		e.record(t, MessageSent(e.tenantA, "m1", "p1", "sms", nil, nil))
		start := e.clock.Now()
		var delays []time.Duration
		for i := 0; i < 40; i++ {
			e.dispatch(t)
			dl := e.deliveries(t, sub.ID)[0]
			if dl.Status != StatusPending {
				break
			}
			wait := dl.NextAttemptAt.Sub(e.clock.Now())
			delays = append(delays, wait)
			e.clock.Advance(wait)
		}
		dl := e.deliveries(t, sub.ID)[0]
		if dl.Status != StatusFailed || dl.LastError == nil || !strings.Contains(*dl.LastError, "500") {
			t.Fatalf("delivery after a day of 500s: %+v", dl)
		}
		if dl.Attempts != len(r.got()) || dl.Attempts != len(delays)+1 || dl.Attempts < 8 {
			t.Fatalf("%d attempts, %d requests, %d delays", dl.Attempts, len(r.got()), len(delays))
		}
		if delays[0] < 4*time.Second || delays[0] > 6*time.Second {
			t.Fatalf("first retry after %s, want about 5 s", delays[0])
		}
		for i := 1; i < len(delays) && i < len(Schedule); i++ {
			if delays[i] <= delays[i-1] {
				t.Fatalf("delays do not grow: %v", delays)
			}
		}
		if elapsed := e.clock.Now().Sub(start); elapsed > MaxRetryAge || elapsed < 12*time.Hour {
			t.Fatalf("gave up after %s", elapsed)
		}
		var attempts int64
		d.Gorm.Model(&Attempt{}).Where("delivery_id = ?", dl.ID).Count(&attempts)
		if int(attempts) != dl.Attempts {
			t.Fatalf("%d attempts logged, want %d", attempts, dl.Attempts)
		}
		// Every retry carried the same webhook-id.
		for _, h := range r.got() {
			if h.header.Get("webhook-id") != dl.WebhookID {
				t.Fatalf("webhook-id %s, want %s", h.header.Get("webhook-id"), dl.WebhookID)
			}
		}
	})
}

func TestGoneEndpointIsDisabled(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		r := newReceiver(t, http.StatusGone)
		sub := e.subscribe(t, r.url(), TypeMessageSent)
		r.setSecrets(sub.PlainSecret)
		e.record(t, MessageSent(e.tenantA, "m1", "p1", "sms", nil, nil), MessageSent(e.tenantA, "m2", "p1", "sms", nil, nil))
		e.dispatch(t)
		got := e.subscription(t, sub.ID)
		if got.IsActive || got.DisabledReason == nil || !strings.Contains(*got.DisabledReason, "410 Gone") || got.Version != sub.Version+1 {
			t.Fatalf("subscription after 410: %+v", got)
		}
		for _, dl := range e.deliveries(t, sub.ID) {
			if dl.Status != StatusFailed {
				t.Fatalf("delivery after 410: %+v", dl)
			}
		}
		// Nothing more is recorded for it.
		e.record(t, MessageSent(e.tenantA, "m3", "p1", "sms", nil, nil))
		if n := len(e.deliveries(t, sub.ID)); n != 2 {
			t.Fatalf("%d deliveries after the subscription was disabled", n)
		}
		// Enabling it again clears the reason.
		active := true
		up, err := e.svc.Update(context.Background(), e.admin, sub.ID, Patch{IsActive: &active})
		if err != nil || up.DisabledReason != nil || !up.IsActive {
			t.Fatalf("re-enable: %+v %v", up, err)
		}
	})
}

func TestRedeliverKeepsTheWebhookID(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		r := newReceiver(t, 200)
		sub := e.subscribe(t, r.url(), TypePatientOptedOut)
		r.setSecrets(sub.PlainSecret)
		e.record(t, PatientOptedOut(e.tenantA, "p1", "revoked", "inbound"))
		e.dispatch(t)
		first := e.deliveries(t, sub.ID)[0]
		again, err := e.svc.Redeliver(context.Background(), e.dev, sub.ID, first.ID)
		if err != nil {
			t.Fatal(err)
		}
		if again.ID == first.ID || again.WebhookID != first.WebhookID || again.Status != StatusPending || again.EventID != first.EventID {
			t.Fatalf("redelivery %+v of %+v", again, first)
		}
		e.dispatch(t)
		hits := r.got()
		if len(hits) != 2 || hits[0].header.Get("webhook-id") != hits[1].header.Get("webhook-id") || string(hits[0].body) != string(hits[1].body) {
			t.Fatalf("redelivered: %d hits", len(hits))
		}
		// Another tenant's admin cannot redeliver it.
		if _, err := e.svc.Redeliver(context.Background(), e.adminB, sub.ID, first.ID); err == nil {
			t.Fatal("another tenant redelivered")
		}
	})
}

func TestTestEventGoesToOneSubscriptionOnly(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		r1, r2 := newReceiver(t, 200), newReceiver(t, 200)
		s1, s2 := e.subscribe(t, r1.url(), TypeMessageSent), e.subscribe(t, r2.url(), TypeMessageSent)
		r1.setSecrets(s1.PlainSecret)
		r2.setSecrets(s2.PlainSecret)
		dl, err := e.svc.SendTest(context.Background(), e.admin, s1.ID)
		if err != nil || dl.EventType != TypeTest || dl.Status != StatusPending {
			t.Fatalf("test event: %+v %v", dl, err)
		}
		e.dispatch(t)
		if len(r1.got()) != 1 || len(r2.got()) != 0 || r1.got()[0].parsed.Type != TypeTest {
			t.Fatalf("test event reached %d and %d", len(r1.got()), len(r2.got()))
		}
	})
}
