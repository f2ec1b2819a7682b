package outbox

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/prima-health/prima/internal/events"
	"github.com/prima-health/prima/internal/identity"
	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/testutil"
)

// subscribeReceipts subscribes the fixture's tenant to the receipts' events
// and returns receipts (and a dispatcher) that record them.
func (f *fixture) subscribeReceipts() *Receipts {
	f.t.Helper()
	rec := events.NewRecorder(f.db, f.clock)
	svc := events.NewService(events.Deps{DB: f.db, Recorder: rec, Clock: f.clock})
	_, err := svc.Create(context.Background(), identity.Actor{TenantID: f.tenantID, Role: identity.RoleAdmin},
		events.Input{URL: "https://hooks.example.org/prima", Events: []string{events.TypeMessageDelivered, events.TypeMessageFailed}})
	must(f.t, err)
	f.disp.SetEvents(rec)
	r := NewReceipts(f.db, f.clock)
	r.SetEvents(rec)
	return r
}

// eventsOf are the recorded events of typ, oldest first.
func (f *fixture) eventsOf(typ string) []events.Data {
	f.t.Helper()
	var rows []events.Record
	must(f.t, f.db.Gorm.Where("type = ?", typ).Order("created_at, id").Find(&rows).Error)
	out := make([]events.Data, len(rows))
	for i, r := range rows {
		out[i] = r.Payload.V
	}
	return out
}

// A delivered or read receipt that moves a message reports message.delivered
// once; receipts that change nothing report nothing.
func TestReceiptsRecordMessageDeliveredOnce(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		rec := f.subscribeReceipts()
		ctx := context.Background()
		p := f.patient("granted")
		// Different channels: the fake providers' ids of messages queued together may coincide.
		a, b := f.enqueue(p, "Halo", "whatsapp"), f.enqueue(p, "Minum obat", "sms")
		f.drain()
		ma, _ := f.load(a.ID)
		mb, _ := f.load(b.ID)
		for _, r := range []struct{ ch, pid, state string }{
			{"whatsapp", *ma.ProviderMessageID, ReceiptDelivered}, {"whatsapp", *ma.ProviderMessageID, ReceiptDelivered},
			{"whatsapp", *ma.ProviderMessageID, ReceiptRead}, {"sms", *mb.ProviderMessageID, ReceiptRead}, {"sms", *mb.ProviderMessageID, ReceiptDelivered},
		} {
			if _, err := rec.Apply(ctx, r.ch, r.pid, r.state, time.Time{}); err != nil {
				t.Fatal(err)
			}
		}
		got := f.eventsOf(events.TypeMessageDelivered)
		if len(got) != 2 {
			t.Fatalf("message.delivered: %v", got)
		}
		want := map[string][2]string{a.ID: {"delivered", "whatsapp"}, b.ID: {"read", "sms"}}
		for _, g := range got {
			w := want[g["message_id"].(string)]
			if w[0] != g["status"] || g["patient_id"] != p || g["channel"] != w[1] {
				t.Fatalf("message.delivered data %v", g)
			}
		}
		if ma, _ = f.load(a.ID); ma.Status != StatusRead || ma.DeliveredAt == nil {
			t.Fatalf("message: %+v", ma)
		}
	})
}

// A failure receipt with a channel left moves the message on without
// message.failed; on the last channel it reports message.failed.
func TestFailureReceiptRecordsMessageFailedOnlyOutOfChannels(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		rec := f.subscribeReceipts()
		ctx := context.Background()
		m := f.enqueue(f.patient("granted"), "Kontrol besok", "whatsapp", "sms")
		f.drain()
		got, _ := f.load(m.ID)
		if ok, err := rec.Apply(ctx, "whatsapp", *got.ProviderMessageID, ReceiptFailed, time.Time{}); err != nil || !ok {
			t.Fatalf("failed receipt: %v %v", ok, err)
		}
		if evs := f.eventsOf(events.TypeMessageFailed); len(evs) != 0 {
			t.Fatalf("message.failed before the last channel: %v", evs)
		}
		f.drain()
		got, _ = f.load(m.ID)
		if got.Status != StatusSent || got.Channel != "sms" {
			t.Fatalf("after failing over: %+v", got)
		}
		if ok, err := rec.Apply(ctx, "sms", *got.ProviderMessageID, ReceiptFailed, time.Time{}); err != nil || !ok {
			t.Fatalf("failed receipt: %v %v", ok, err)
		}
		evs := f.eventsOf(events.TypeMessageFailed)
		if len(evs) != 1 || evs[0]["message_id"] != m.ID || evs[0]["channel"] != "sms" || evs[0]["error_code"] != "undelivered" {
			t.Fatalf("message.failed: %v", evs)
		}
	})
}

// A receipt that arrives before its send is recorded reports
// message.delivered once, when the send is recorded and it is applied.
func TestEarlyReceiptRecordsMessageDeliveredWhenApplied(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		rec := f.subscribeReceipts()
		m := f.enqueue(f.patient("granted"), "Halo", "whatsapp")
		f.ch.onSend = func(_ context.Context, ch string, o Outgoing) *SendError {
			pid := fmt.Sprintf("%s-%s-%d", ch, o.MessageID[:8], o.Attempt)
			if ok, err := rec.Apply(context.Background(), ch, pid, ReceiptDelivered, f.clock.Now()); err != nil || ok {
				t.Errorf("early receipt: %v %v", ok, err)
			}
			return nil
		}
		f.drain()
		got := f.eventsOf(events.TypeMessageDelivered)
		if len(got) != 1 || got[0]["message_id"] != m.ID || got[0]["status"] != "delivered" {
			t.Fatalf("message.delivered: %v", got)
		}
		if msg, _ := f.load(m.ID); msg.Status != StatusDelivered {
			t.Fatalf("message: %+v", msg)
		}
	})
}
