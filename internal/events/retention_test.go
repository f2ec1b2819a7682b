package events

import (
	"context"
	"testing"
	"time"

	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/testutil"
)

// The purge removes settled deliveries, their attempts and their events once
// they are older than Retention, and keeps everything newer or still pending.
func TestPurgeDropsSettledDeliveriesAfterTheRetention(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ok := newReceiver(t, 200)
		down := newReceiver(t, 500)
		good := e.subscribe(t, ok.url(), TypeMessageSent)
		bad := e.subscribe(t, down.url(), TypeMessageSent)
		ok.setSecrets(good.PlainSecret)
		down.setSecrets(bad.PlainSecret)
		ev := MessageSent(e.tenantA, "0193a5b2-7c1e-7d3a-9f10-2b3c4d5e6f80", "0193a5b2-7c1e-7d3a-9f10-2b3c4d5e6f81", "whatsapp", nil, nil)
		e.record(t, ev)
		e.dispatch(t) // one succeeded, one pending a retry
		count := func(table string) int64 {
			var n int64
			if err := d.Gorm.Table(table).Count(&n).Error; err != nil {
				t.Fatal(err)
			}
			return n
		}
		if count("events") != 1 || count("event_deliveries") != 2 || count("event_delivery_attempts") != 2 {
			t.Fatal("fixture not as expected")
		}
		// Within the retention nothing goes.
		if n, err := e.svc.Purge(context.Background(), e.clock.Now().Add(Retention-time.Hour)); err != nil || n != 0 {
			t.Fatalf("purged %d (%v) within the retention", n, err)
		}
		// After it, the succeeded delivery and its attempt go; the pending one and so its event stay.
		n, err := e.svc.Purge(context.Background(), e.clock.Now().Add(Retention+time.Hour))
		if err != nil || n != 1 {
			t.Fatalf("purged %d (%v), want 1", n, err)
		}
		if len(e.deliveries(t, good.ID)) != 0 || len(e.deliveries(t, bad.ID)) != 1 || count("events") != 1 || count("event_delivery_attempts") != 1 {
			t.Fatalf("after the purge: %d events, %d attempts", count("events"), count("event_delivery_attempts"))
		}
		// Once that one is settled too, it and the event go.
		if err := d.Gorm.Exec("UPDATE event_deliveries SET status = ?", StatusFailed).Error; err != nil {
			t.Fatal(err)
		}
		if n, err := e.svc.Purge(context.Background(), e.clock.Now().Add(Retention+time.Hour)); err != nil || n != 2 {
			t.Fatalf("purged %d (%v), want the delivery and the event", n, err)
		}
		if count("events")+count("event_deliveries")+count("event_delivery_attempts") != 0 {
			t.Fatal("rows left after the purge")
		}
	})
}
