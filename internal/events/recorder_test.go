package events

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/testutil"
	"gorm.io/gorm"
)

func TestRecorderRunsNoStatementWithoutASubscription(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		log := testutil.NewSQLLog()
		logged := log.Logged(d)
		record := func(evs ...Event) []string {
			log.Take()
			if err := logged.Gorm.Transaction(func(tx *gorm.DB) error { return e.rec.Record(tx, evs...) }); err != nil {
				t.Fatal(err)
			}
			var stmts []string
			for _, s := range log.Take() {
				if up := strings.ToUpper(strings.TrimSpace(s)); !strings.HasPrefix(up, "BEGIN") && !strings.HasPrefix(up, "COMMIT") {
					stmts = append(stmts, s)
				}
			}
			return stmts
		}
		// The first call reads the subscriptions once; later ones run nothing.
		if got := record(MessageSent(e.tenantA, "m1", "p1", "sms", nil, nil)); len(got) != 1 {
			t.Fatalf("first record: %q", got)
		}
		for range 3 {
			if got := record(MessageSent(e.tenantA, "m1", "p1", "sms", nil, nil)); len(got) != 0 {
				t.Fatalf("record with no subscription ran %q", got)
			}
		}
		// A subscription to another type changes nothing for message.sent.
		r := newReceiver(t, 200)
		e.subscribe(t, r.url(), TypeCampaignCompleted)
		record(MessageSent(e.tenantA, "m1", "p1", "sms", nil, nil)) // re-reads after the change
		if got := record(MessageSent(e.tenantA, "m1", "p1", "sms", nil, nil)); len(got) != 0 {
			t.Fatalf("record of an unsubscribed type ran %q", got)
		}
		// Many subscribed events: one insert per table.
		e.subscribe(t, r.url(), TypeMessageSent)
		record() // nothing
		evs := make([]Event, 50)
		for i := range evs {
			evs[i] = MessageSent(e.tenantA, "m", "p", "sms", nil, nil)
		}
		got := record(evs...)
		if len(got) != 3 { // the re-read after the change, events, deliveries
			t.Fatalf("batch of 50 ran %d statements: %q", len(got), got)
		}
		var n int64
		d.Gorm.Model(&Delivery{}).Count(&n)
		if n != 50 {
			t.Fatalf("%d deliveries, want 50", n)
		}
	})
}

func TestEventsRollBackWithTheirChange(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		r := newReceiver(t, 200)
		e.subscribe(t, r.url(), TypeMessageSent)
		boom := errors.New("the change failed")
		err := d.Gorm.Transaction(func(tx *gorm.DB) error {
			if err := e.rec.Record(tx, MessageSent(e.tenantA, "m1", "p1", "sms", nil, nil)); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatal(err)
		}
		var evs, dls int64
		d.Gorm.Model(&Record{}).Count(&evs)
		d.Gorm.Model(&Delivery{}).Count(&dls)
		if evs != 0 || dls != 0 {
			t.Fatalf("a rolled-back change left %d events and %d deliveries", evs, dls)
		}
	})
}

// Wants lets callers skip a transaction only when a fresh copy of the
// subscriptions says no tenant takes the types.
func TestWantsIsFalseOnlyWhenAFreshCopySaysNobodySubscribes(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		if !e.rec.Wants(TypeMessageDelivered) {
			t.Fatal("no copy loaded yet: must answer true")
		}
		if err := e.rec.Refresh(context.Background()); err != nil {
			t.Fatal(err)
		}
		if e.rec.Wants(TypeMessageDelivered, TypeMessageFailed) {
			t.Fatal("no subscription: want false")
		}
		e.subscribe(t, "https://hooks.example.org/prima", TypeMessageFailed)
		if !e.rec.Wants(TypeMessageDelivered, TypeMessageFailed) {
			t.Fatal("after a subscription: want true")
		}
		if err := e.rec.Refresh(context.Background()); err != nil {
			t.Fatal(err)
		}
		if e.rec.Wants(TypeMessageDelivered) || !e.rec.Wants(TypeMessageFailed) {
			t.Fatal("Wants does not follow the subscribed types")
		}
	})
}
