package outbox

import (
	"context"
	"testing"
	"time"

	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/testutil"
)

func TestReceiptsMoveMessagesForwardOnly(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		m := f.enqueue(f.patient("granted"), "Halo", "whatsapp")
		f.drain()
		got, _ := f.load(m.ID)
		rec := NewReceipts(d, f.clock)
		ctx := context.Background()
		if ok, err := rec.Apply(ctx, "whatsapp", *got.ProviderMessageID, ReceiptRead, time.Time{}); err != nil || !ok {
			t.Fatalf("read: %v %v", ok, err)
		}
		if ok, _ := rec.Apply(ctx, "whatsapp", *got.ProviderMessageID, ReceiptDelivered, time.Time{}); ok {
			t.Fatal("a late delivered receipt must not move a read message back")
		}
		if ok, _ := rec.Apply(ctx, "sms", *got.ProviderMessageID, ReceiptRead, time.Time{}); ok {
			t.Fatal("a receipt from another channel must not match")
		}
		got, _ = f.load(m.ID)
		if got.Status != StatusRead || got.ReadAt == nil || got.DeliveredAt == nil {
			t.Fatalf("read message: %+v", got)
		}
	})
}

func TestMissingReceiptFailsOverToTheNextChannel(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		f.disp.cfg.ReceiptWait = 30 * time.Minute
		m := f.enqueue(f.patient("granted"), "Kontrol besok", "whatsapp", "sms")
		f.drain()
		rec := NewReceipts(d, f.clock)
		if n, _ := rec.ExpireReceiptWaits(context.Background(), f.clock.Now()); n != 0 {
			t.Fatal("the wait is not over yet")
		}
		f.clock.Advance(31 * time.Minute)
		if n, err := rec.ExpireReceiptWaits(context.Background(), f.clock.Now()); err != nil || n != 1 {
			t.Fatalf("expire: %d %v", n, err)
		}
		f.drain()
		got, atts := f.load(m.ID)
		if got.Status != StatusSent || got.Channel != "sms" || len(atts) != 2 || got.ReceiptDeadline != nil {
			t.Fatalf("after the wait: %+v %+v", got, atts)
		}
	})
}
