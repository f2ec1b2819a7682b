package outbox

import (
	"context"
	"strings"
	"testing"

	"github.com/prima-health/prima/internal/events"
	"github.com/prima-health/prima/internal/identity"
	"github.com/prima-health/prima/internal/platform/db"
	"github.com/prima-health/prima/internal/testutil"
)

// The outcomes the dispatcher writes report message.sent and message.failed
// to a subscribed tenant, with ids and states only.
func TestOutcomesRecordMessageEventsWithoutPatientData(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		rec := events.NewRecorder(d, f.clock)
		svc := events.NewService(events.Deps{DB: d, Recorder: rec, Clock: f.clock})
		f.disp.SetEvents(rec)
		p := f.patient("granted")
		// Before any subscription: nothing is recorded.
		f.enqueue(p, "Waktunya minum obat Tamoxifen", "whatsapp")
		f.drain()
		if n := f.count("events"); n != 0 {
			t.Fatalf("%d events without a subscription", n)
		}
		_, err := svc.Create(context.Background(), identity.Actor{TenantID: f.tenantID, Role: identity.RoleAdmin},
			events.Input{URL: "https://hooks.example.org/prima", Events: []string{events.TypeMessageSent, events.TypeMessageFailed}})
		must(t, err)
		sent := f.enqueue(p, "Waktunya minum obat Tamoxifen malam", "whatsapp")
		f.ch.script["sms"] = []*SendError{{Outcome: OutcomePermanent, Code: "INVALID_NUMBER", Message: "number +6281234567890 is invalid"}}
		failed := f.enqueue(p, "Kontrol besok jam 9", "sms")
		f.drain()
		var rows []events.Record
		must(t, d.Gorm.Order("type").Find(&rows).Error)
		if len(rows) != 2 || rows[0].Type != events.TypeMessageFailed || rows[1].Type != events.TypeMessageSent {
			t.Fatalf("events: %+v", rows)
		}
		if rows[1].Payload.V["message_id"] != sent.ID || rows[1].Payload.V["patient_id"] != p || rows[1].Payload.V["channel"] != "whatsapp" {
			t.Fatalf("message.sent data: %v", rows[1].Payload.V)
		}
		if rows[0].Payload.V["message_id"] != failed.ID || rows[0].Payload.V["error_code"] != "INVALID_NUMBER" {
			t.Fatalf("message.failed data: %v", rows[0].Payload.V)
		}
		var raw []string
		must(t, d.Gorm.Raw("SELECT CAST(payload AS text) FROM events").Scan(&raw).Error)
		for _, js := range raw {
			for _, phi := range []string{"Siti", "6281234567890", "Tamoxifen", "minum", "Kontrol"} {
				if strings.Contains(js, phi) {
					t.Fatalf("event payload %s holds %q", js, phi)
				}
			}
		}
		if n := f.count("event_deliveries"); n != 2 {
			t.Fatalf("%d deliveries, want 2", n)
		}
	})
}

func (f *fixture) count(table string) int64 {
	var n int64
	must(f.t, f.db.Gorm.Table(table).Count(&n).Error)
	return n
}
